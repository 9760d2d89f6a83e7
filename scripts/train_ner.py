#!/usr/bin/env python3
"""Train the PERSON / ORG / LOCATION NER model: see ``baogao.redact.recognizers.ner_train``.

python scripts/train_ner.py            # train on CLUENER train, write models/, score dev
python scripts/train_ner.py --help     # every option (held-out runs, ablations, --bench)
"""

import sys

from baogao.redact.recognizers.ner_train import main

if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Fit the NER span model: see ``baogao.redact.recognizers.ner_spans_train``.

python scripts/train_ner_spans.py              # cross-fit the CRF (5 folds, kept in .cache/), fit, score dev
python scripts/train_ner_spans.py --no-write   # figures only
"""

import sys

from baogao.redact.recognizers.ner_spans_train import main

if __name__ == "__main__":
    sys.exit(main())

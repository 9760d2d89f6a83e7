#!/usr/bin/env python3
"""Train the report-trained sensitive-span tagger: see ``baogao.redact.recognizers.sensitive_train``.

python scripts/train_sensitive.py          # train on the training sets, score the test sets (26, 27, 30, 31), write models/
python scripts/train_sensitive.py --cv     # grouped cross-validation over the training sets first
"""

import sys

from baogao.redact.recognizers.sensitive_train import main

if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Train the theme model: see ``baogao.classify.themes_train``.

python scripts/train_themes.py             # cross-validate, train, write models/themes.skops (about two minutes)
python scripts/train_themes.py --no-write  # figures only
"""

import sys

from baogao.classify.themes_train import main

if __name__ == "__main__":
    sys.exit(main())

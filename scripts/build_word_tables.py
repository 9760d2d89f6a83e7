#!/usr/bin/env python3
"""Rebuild models/jieba_word_tables.npz from the installed jieba dictionary.

    python scripts/build_word_tables.py

The redaction recognizers ask jieba's dictionary whether a word is common, a proper
noun or rare, and how frequent a two-character word is. Parsing the 350,000-line
dictionary takes about 1.7 s, which the very first ``baogao check`` on a new machine
would otherwise pay. The shipped file records the dictionary's sha256 and is used
only when the installed dictionary matches; otherwise baogao parses it once and
keeps the result in its per-user cache.
"""

import sys

from baogao.redact.recognizers import _text
from baogao.resources import model_path


def main() -> int:
    path = _text._jieba_dictionary()
    if not path:
        print("jieba's dictionary was not found", file=sys.stderr)
        return 2
    out = model_path(_text.SHIPPED_TABLES)
    _text.write_shipped_tables(path, out)
    print(f"{out} ({out.stat().st_size:,} bytes) from {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Build sections_corp_real.jsonl: 8 reports in the form of real unit-level work reports.

Written and labelled by two helpers (twenty-first session) as an evaluation set only, one
``LABEL<TAB>paragraph`` file per report in ``sections_real_src/`` (the format of
``corpora/sections/src``); this script turns them into gold records with exact paragraph
offsets, the layout varied per file as ``scripts/build_sections_corpus.py`` does. Rerun it with
``python corpora/eval/build_sections_corp_real.py``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent / "scripts"))

from build_sections_corpus import build

SOURCE = "hand-written corporate report, real unit-level form (baogao sections evaluation set)"


def main() -> None:
    records = [build(p, "corp-real", SOURCE) for p in sorted((HERE / "sections_real_src").glob("*.txt"))]
    out = HERE / "sections_corp_real.jsonl"
    with open(out, "w", encoding="utf-8") as f:
        f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    print(f"{len(records)} reports → {out}")


if __name__ == "__main__":
    main()

"""Build the hand-written section evaluation sets of the twenty-first session.

``sections_corp_real.jsonl`` (from ``sections_real_src/``): 8 reports in the form of real
unit-level work reports. ``sections_corp_forms.jsonl`` (from ``sections_forms_src/``): 8
documents of other forms (述职述廉, 党建述职, 经验交流材料, 巡察整改报告, a leader's speech at a work
conference, 调研报告, 安全生产月总结, a quarterly analysis with table rows). Helpers wrote and
labelled them as evaluation sets only, one ``LABEL<TAB>paragraph`` file per document (the format
of ``corpora/sections/src``); this script turns them into gold records with exact paragraph
offsets, the layout varied per file as ``scripts/build_sections_corpus.py`` does. Rerun it with
``python corpora/eval/build_sections_eval_sets.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent / "scripts"))

from build_sections_corpus import build_folder

#: output file → (source folder, id prefix, source description)
SETS = {
    "sections_corp_real.jsonl": (
        "sections_real_src",
        "corp-real",
        "hand-written corporate report, real unit-level form (baogao sections evaluation set)",
    ),
    "sections_corp_forms.jsonl": (
        "sections_forms_src",
        "corp-forms",
        "hand-written corporate document of another form (baogao sections evaluation set)",
    ),
}


def main() -> None:
    for name, (folder, prefix, source) in SETS.items():
        n = build_folder(HERE / folder, HERE / name, prefix, source)
        print(f"{n} documents → {HERE / name}")


if __name__ == "__main__":
    main()

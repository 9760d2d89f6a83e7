#!/usr/bin/env python3
"""Build the extra training reports of the section classifier from their hand-written sources.

corpora/sections/src/ (corporate reports) → corpora/sections/corp_extra.jsonl;
corpora/sections/gov_src/ (government work reports) → corpora/sections/gov_extra.jsonl.

Each source file is one report, one paragraph per line as ``LABEL<TAB>text``
(LABEL: o=other, pre, rev, pro, out, pla, clo). The build varies the layout the
way real files vary — blank lines between paragraphs, full-width indentation,
full-width digits — deterministically per file, and writes gold-format records
(shared/eval/FORMAT.md) with exact paragraph offsets.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "corpora" / "sections"
CODES = {"o": "other", "pre": "preamble", "rev": "review", "pro": "problems", "out": "outlook",
         "pla": "plan", "clo": "closing"}
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


#: source folder → (output file, id prefix, source description)
SETS = {
    "src": ("corp_extra.jsonl", "corp-extra", "hand-written corporate report (baogao sections corpus)"),
    "gov_src": ("gov_extra.jsonl", "gov-extra", "hand-written government work report (baogao sections corpus)"),
}


def build(path: Path, id_prefix: str, source: str) -> dict:
    h = int(hashlib.sha256(path.name.encode()).hexdigest(), 16)
    blank, indent, wide = h % 3 == 0, (h >> 2) % 3 == 0, (h >> 4) % 4 == 0
    text, paras = "", []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        code, body = line.split("\t", 1)
        if wide:
            body = body.translate(FULLWIDTH)
        prefix = "\u3000\u3000" if indent and code != "o" else ""
        if text:
            text += "\n\n" if blank else "\n"
        start = len(text) + len(prefix)
        text += prefix + body
        paras.append({"start": start, "end": start + len(body), "label": CODES[code]})
    return {"id": f"{id_prefix}-{path.stem}", "source": source, "text": text, "paragraphs": paras}


def build_folder(folder: Path, out: Path, id_prefix: str, source: str) -> int:
    """Build every ``*.txt`` report of ``folder`` into the gold records of ``out``; how many."""
    records = [build(p, id_prefix, source) for p in sorted(folder.glob("*.txt"))]
    if not records:
        return 0
    with open(out, "w", encoding="utf-8") as f:
        for r in records:
            assert all(r["text"][p["start"]:p["end"]].strip() == r["text"][p["start"]:p["end"]]
                       for p in r["paragraphs"])
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return len(records)


def main() -> None:
    for folder, (name, id_prefix, source) in SETS.items():
        if n := build_folder(ROOT / folder, ROOT / name, id_prefix, source):
            print(f"{n} reports → {ROOT / name}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Section labels of the raw (as published) government reports against the gold labels of the same paragraphs.

    python scripts/raw_section_agreement.py [--raw DIR] [--gold GOV_PARAGRAPHS.jsonl]

The raw files repeat their pages, carry HTML leftovers and literal <U+00A0>
escapes, so their offsets do not match the gold texts; paragraphs are matched by
their first 40 characters with blanks and escapes removed, first copies only.
Prints how many paragraphs matched, the share whose label agrees with gold (per
gold label too) and the time spent labelling. The shipped model was trained on
these gold reports, so the levels are optimistic: the script is for comparing
versions of the labelling of raw, repeated pages, not for scoring the model.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections import Counter
from pathlib import Path

from baogao.classify import sections
from baogao.io import iter_documents
from baogao.normalize import normalize
from baogao.structure import parse

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
_BLANKS = re.compile(r"\s|<U\+00A0>")


def key(text: str) -> str:
    return _BLANKS.sub("", text)[:40]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--raw", type=Path, default=SHARED / "data" / "gov_reports_raw")
    ap.add_argument("--gold", type=Path, default=SHARED / "eval" / "gov_paragraphs_dev.jsonl")
    args = ap.parse_args()
    gold = {}
    with open(args.gold, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            gold[d["id"].removeprefix("gov-")] = d
    matched = agree = 0
    per: Counter[tuple[str, bool]] = Counter()
    spent = 0.0
    for doc in iter_documents([args.raw]):
        if isinstance(doc, Exception):
            continue
        g = gold.get(Path(doc.source).stem)
        if g is None:
            continue
        labels = {}
        for p in g["paragraphs"]:
            if p["label"] != "other":
                labels.setdefault(key(g["text"][p["start"] : p["end"]]), p["label"])
        structure = parse(normalize(doc.text).text)
        start = time.perf_counter()
        predicted = sections.label_paragraphs(structure)
        spent += time.perf_counter() - start
        for p, (label, _) in zip(structure.paragraphs, predicted, strict=True):
            want = labels.get(key(p.text)) if p.duplicate_of is None else None
            if want is not None:
                matched += 1
                agree += label == want
                per[want, label == want] += 1
    if not matched:
        raise SystemExit("no paragraph matched: are --raw and --gold the same reports?")
    print(f"paragraphs matched {matched}, label agrees with gold {agree / matched:.4f}, labelling {spent:.1f} s")
    for lab in sorted({lab for lab, _ in per}):
        ok, n = per[lab, True], per[lab, True] + per[lab, False]
        print(f"  {lab:9s} {ok / n:.3f} of {n}")


if __name__ == "__main__":
    main()

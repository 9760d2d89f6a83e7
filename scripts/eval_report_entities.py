#!/usr/bin/env python3
"""How many of a report's sensitive names its entity list holds, exactly (a proxy for `entities` on reports).

The corporate gold sets annotate what must be masked, not every mention (a newspaper or a ministry
is public and not in the gold), so `entities` cannot be scored on them for precision. What can be
measured is recall: the share of gold PERSON / ORG / LOCATION spans that `entities` lists with
the same edges and label, next to the number of entities listed.

usage: python scripts/eval_report_entities.py [GOLD.jsonl ...]   (default: corp_dev and sets 11-16)
       BAOGAO_NER_SPANS=0 python scripts/eval_report_entities.py  # the NER model's Viterbi spans instead
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT = [REPO.parent / "shared" / "eval" / "corp_dev.jsonl"] + [
    REPO / "corpora" / "eval" / f"heldout_corp_{n}.jsonl" for n in range(11, 17)
]
LABELS = ("PERSON", "ORG", "LOCATION")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold", nargs="*", type=Path, default=[p for p in DEFAULT if p.is_file()])
    args = ap.parse_args(argv)
    from baogao.redact.recognizers import find_entities

    gold_n = listed = found = reports = 0
    for path in args.gold:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                r = json.loads(line)
                gold = {(s["start"], s["end"], s["label"]) for s in r.get("sensitive", []) if s["label"] in LABELS}
                pred = {(e.start, e.end, e.label) for e in find_entities(r["text"])}
                gold_n += len(gold)
                found += len(gold & pred)
                listed += len(pred)
                reports += 1
    if not gold_n:
        print("no gold PERSON / ORG / LOCATION spans in the files given", file=sys.stderr)
        return 2
    names = "Viterbi spans" if os.environ.get("BAOGAO_NER_SPANS") == "0" else "span model (if shipped)"
    print(f"{reports} reports, {gold_n} gold names: {found} ({found / gold_n:.3f}) listed exactly in "
          f"`entities`; {listed} entities listed [NER names: {names}]")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())

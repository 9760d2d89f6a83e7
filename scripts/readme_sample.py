#!/usr/bin/env python3
"""Print an abridged record of the main job for the README (run after `baogao extract corpora/samples`)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

path = Path(sys.argv[1] if len(sys.argv) > 1 else "results.jsonl")
name = sys.argv[2] if len(sys.argv) > 2 else "2023_publicity_report_masked.txt"
for line in path.read_text(encoding="utf-8").splitlines():
    rec = json.loads(line)
    if not rec["id"].endswith(name):
        continue
    short = {
        "id": rec["id"], "encoding": rec["encoding"], "year": rec.get("year"),
        # the opening, then each top-level heading with its label, and the last paragraph
        "paragraphs": rec["paragraphs"][:3] + ["…"]
        + [p for p in rec["paragraphs"][3:-1] if p.get("heading_level") == 1] + ["…", rec["paragraphs"][-1]],
        "metrics": [m for m in rec["metrics"] if m["masked"]][:3] + ["…"],
        "slogans": rec["slogans"][:3] + ["…"],
        "themes": rec["themes"], "keywords": rec["keywords"][:5],
        "sensitive": rec["sensitive"][:4] + ["…"],
        "markup": rec["markup"],
    }
    # compact for the README: one finding per line
    lines = ["{"]
    for key, value in short.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            lines.append(f' "{key}": [')
            lines += [f"   {json.dumps(v, ensure_ascii=False)}," for v in value]
            lines.append("  ],")
        else:
            lines.append(f' "{key}": {json.dumps(value, ensure_ascii=False)},')
    lines.append("}")
    print("\n".join(lines))

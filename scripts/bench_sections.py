#!/usr/bin/env python3
"""Time of the section labels alone, for two models in one run (the machines are noisy).

    python scripts/bench_sections.py OLD.skops [NEW.skops] [--files GLOB]

Labels every report of the held-out corporate sets (``corpora/eval/heldout_corp_*.jsonl`` by
default), best of three passes per model, and prints seconds per 1 M characters and the ratio
of the second model to the first (the second defaults to the shipped model). An older shipped
model can be taken from git: ``git show REV:models/sections.skops > /tmp/old.skops`` and
``git show REV:models/sections.crfsuite > /tmp/sections.crfsuite`` (the skops file names its CRF
file, looked up beside it).
"""

from __future__ import annotations

import argparse
import glob
import json
import time
from pathlib import Path

from baogao.classify import sections
from baogao.resources import model_path

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("models", nargs="+", type=Path, help="one or two .skops files (second: the shipped model)")
    ap.add_argument("--files", default=str(REPO / "corpora" / "eval" / "heldout_corp_*.jsonl"))
    args = ap.parse_args()
    paths = list(args.models)
    if len(paths) == 1:
        paths.append(model_path(sections.MODEL_NAME))
    texts = []
    for f in sorted(glob.glob(args.files)):
        with open(f, encoding="utf-8") as fh:
            texts += [json.loads(line)["text"] for line in fh if line.strip()]
    structures = [sections.prepare_text(t)[0] for t in texts]
    chars = sum(map(len, texts))
    print(f"{len(texts)} documents, {chars:,} characters")
    seconds = []
    for path in paths:
        model = sections.load_model(path)
        best = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            for s in structures:
                sections.label_paragraphs(s, model=model)
            best = min(best, time.perf_counter() - t0)
        seconds.append(best)
        print(f"{path}: {best:.3f} s, {best / chars * 1e6:.3f} s per 1 M characters")
    print(f"ratio second / first: {seconds[1] / seconds[0]:.2f}")


if __name__ == "__main__":
    main()

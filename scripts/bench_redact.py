#!/usr/bin/env python3
"""Time of ``check`` and ``mask`` per 1,000 characters, rules only and with the NER model.

    python scripts/bench_redact.py [--gold CORP.jsonl] [--repeat 3]

Texts: the unmasked corporate reports of shared/eval/corp_dev.jsonl when present,
plus the repository's own reports (corpora/redact/*.jsonl, corpora/samples). Each mode runs in a fresh
process: the models are loaded and warmed first (``recognizers.warm_up``: every table and
model, the domain segmenter included; the cold start is measured by scripts/bench.py), then
every text is checked once and
masked once, so the per-name caches start empty as in a real run. The best of
``--repeat`` processes is printed, next to the figures quoted in the redaction
issue for other tools on this machine (Presidio 5.7 ms, helan 0.25 ms per 1,000
characters; not re-measured here: neither is installed).

The NER's inner loops run compiled when a C compiler is at hand
(``ner_native``); the NER is also timed with them switched off, as on a machine
without a compiler.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GOLD = REPO.parent / "shared" / "eval" / "corp_dev.jsonl"
QUOTED = {"Presidio (quoted)": 5.7, "helan (quoted)": 0.25}

_CHILD = r"""
import json, sys, time
from baogao.redact.check import check_text
from baogao.redact.mask import mask_text
from baogao.redact.recognizers import find_all, warm_up
from baogao.redact.recognizers import ner as ner_model

mode = sys.argv[1]
texts = json.load(sys.stdin)
use_ner = mode != "rules"
warm_up(ner=use_ner)  # every table and model, the domain segmenter included
chars = sum(map(len, texts))
out = {"chars": chars}
if mode == "ner-only":
    t = time.perf_counter()
    for x in texts:
        ner_model.find(x)
    out["ner"] = time.perf_counter() - t
else:
    t = time.perf_counter()
    for x in texts:
        check_text(x, ner=use_ner)
    out["check"] = time.perf_counter() - t
    # mask runs second in the same process, so it starts with the name caches check filled
    t = time.perf_counter()
    for x in texts:
        mask_text(x, find_all(x, ner=use_ner))
    out["mask"] = time.perf_counter() - t
print(json.dumps(out))
"""


def load_texts(gold: Path) -> list[str]:
    texts = []
    if gold.is_file():
        with open(gold, encoding="utf-8") as f:
            texts += [json.loads(line)["text"] for line in f if line.strip()]
    for own in sorted((REPO / "corpora" / "redact").glob("*.jsonl")):  # our own corporate reports
        with open(own, encoding="utf-8") as f:
            texts += [json.loads(line)["text"] for line in f if line.strip()]
    texts += [p.read_text(encoding="utf-8") for p in sorted((REPO / "corpora" / "samples").glob("*.txt"))]
    return texts


def run(mode: str, texts: list[str], *, native: bool = True) -> dict:
    env = {**os.environ, "BAOGAO_NATIVE": "1" if native else "0"}
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, mode],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-2000:])
        raise SystemExit(f"benchmark child failed ({mode})")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    texts = load_texts(args.gold)
    chars = sum(map(len, texts))
    print(f"texts: {len(texts)} documents, {chars:,} characters")
    rows = []
    for mode, label in (("rules", "rules only (--no-ner)"), ("ner", "rules + NER (default)")):
        best = {"check": float("inf"), "mask": float("inf")}
        for _ in range(args.repeat):
            r = run(mode, texts)
            best = {k: min(v, r[k] / r["chars"] * 1e6) for k, v in best.items()}
        rows.append((f"baogao check, {label}", best["check"]))
        rows.append((f"baogao mask,  {label}", best["mask"]))
    for native, label in ((True, "NER model alone"), (False, "NER model alone, numpy (BAOGAO_NATIVE=0)")):
        ner_only = min(run("ner-only", texts, native=native)["ner"] / chars * 1e6 for _ in range(args.repeat))
        rows.append((label, ner_only))
    rows += list(QUOTED.items())
    print(f"{'':42s} ms per 1,000 chars (best of {args.repeat} processes)")
    for name, ms in rows:
        print(f"{name:42s} {ms:8.2f}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Throughput of baogao's batch commands against plain jieba, measured in one run.

Machines here are shared and noisy, so every figure is printed as a ratio to a
baseline measured in the same run: plain jieba precise mode (an own
``jieba.Tokenizer``, HMM on, its default) over the same decoded texts.

    python scripts/bench.py [CORPUS_DIR] [--jobs N] [--limit CHARS]

CORPUS_DIR defaults to ../shared/data/gov_reports_raw (falls back to
corpora/). Each command runs as a real CLI process (``python -m baogao``), so
start-up and model loading are included, as a user would see them.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT = REPO.parent / "shared" / "data" / "gov_reports_raw"


def load_texts(corpus: Path, limit: int) -> list[tuple[Path, str]]:
    from baogao.io import iter_documents

    out, total = [], 0
    for doc in iter_documents([corpus]):
        if isinstance(doc, Exception):
            continue
        out.append((Path(doc.source), doc.text))
        total += len(doc.text)
        if total >= limit:
            break
    return out


def plain_jieba(texts: list[str]) -> float:
    import jieba

    tok = jieba.Tokenizer()
    tok.initialize()
    start = time.perf_counter()
    for t in texts:
        for _ in tok.cut(t):
            pass
    return time.perf_counter() - start


def run_cli(args: list[str]) -> tuple[float, int]:
    """Wall seconds and the peak RSS (KiB) of the largest process it started."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "baogao", *args], capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.stderr.write(proc.stderr[-2000:])
        raise SystemExit(f"command failed: baogao {' '.join(args)}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(peak, before)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT if DEFAULT.is_dir() else REPO / "corpora")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--limit", type=int, default=3_000_000, help="characters of corpus to use")
    ap.add_argument("--commands", default="tag,extract,check")
    args = ap.parse_args()

    docs = load_texts(args.corpus, args.limit)
    chars = sum(len(t) for _, t in docs)
    work = Path(tempfile.mkdtemp(prefix="baogao-bench-"))
    inputs = work / "in"
    inputs.mkdir()
    for i, (src, text) in enumerate(docs):
        (inputs / f"{i:05d}_{src.stem}.txt").write_text(text, encoding="utf-8")
    print(f"corpus: {len(docs)} documents, {chars:,} characters from {args.corpus}")

    base = plain_jieba([t for _, t in docs])
    base_cps = chars / base
    print(f"{'plain jieba (precise, 1 process)':40s} {base_cps:12,.0f} chars/s   ratio 1.00")
    for cmd in args.commands.split(","):
        walls = {}
        for jobs in sorted({1, args.jobs}):
            out = work / f"{cmd}-{jobs}.jsonl"
            extra = ["-o", str(out)] if cmd != "check" else []
            wall, peak = run_cli([cmd, str(inputs), *extra, "--jobs", str(jobs), "--quiet"])
            walls[jobs] = wall
            cps = chars / wall
            print(f"{'baogao ' + cmd + f' --jobs {jobs}':40s} {cps:12,.0f} chars/s   ratio {cps / base_cps:5.2f}"
                  f"   peak RSS {peak / 1024:6.0f} MB")
        if args.jobs > 1:
            print(f"{'':40s} speed-up {args.jobs} jobs / 1 job: {walls[1] / walls[args.jobs]:.2f}x")
    page = work / "one_page.txt"
    page.write_text((REPO / "corpora" / "samples" / "2023_publicity_report_masked.txt")
                    .read_text(encoding="utf-8")[:1500], encoding="utf-8")
    colds = [run_cli(["check", str(page), "--quiet"])[0] for _ in range(3)]
    print(f"{'cold baogao check, one page':40s} {min(colds):6.2f} s wall (best of 3; target <= 1.5 s)")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

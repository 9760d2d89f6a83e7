"""Measure the batch engine's speed-up: N jobs against 1 job on a CPU-bound task.

The task segments each document with its own ``jieba.Tokenizer`` (never the
global one) and returns two counts, so the work is real CPU time and the
records stay compact. Documents are copies of the user's sample report.

Usage:
    python scripts/bench_batch_engine.py [--docs 200] [--repeat 2] [--jobs 2] [--engine local]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import jieba

from baogao.batch import BatchOptions, BatchSummary, WorkItem, plan, run
from baogao.outputs import open_sink

SAMPLE = Path(__file__).resolve().parent.parent / "corpora" / "samples" / "2023_publicity_report_masked.txt"
_TOKENIZERS: dict[str, jieba.Tokenizer] = {}


@dataclass(frozen=True)
class SegmentTask:
    """Counts jieba tokens per document; the tokenizer is built once per process in ``setup``."""

    name: str = "segment"

    def setup(self) -> None:
        if "t" not in _TOKENIZERS:
            tokenizer = jieba.Tokenizer()
            tokenizer.initialize()
            _TOKENIZERS["t"] = tokenizer

    def run(self, item: WorkItem) -> list[dict]:
        text = Path(item.path).read_text(encoding="utf-8")
        words = _TOKENIZERS["t"].lcut(text, HMM=True)
        return [
            {
                "id": item.id,
                "source": item.path,
                "tokens": len(words),
                "words2": sum(len(w) > 1 for w in words),
            }
        ]


def _make_corpus(root: Path, *, docs: int, repeat: int) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    for i in range(docs):
        (root / f"report{i:04d}.txt").write_text(f"第{i}号\n" + text * repeat, encoding="utf-8")


def _cpu_seconds() -> float:
    """User+system CPU of this process and its reaped children (pool workers are reaped at shutdown)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _time(
    task: SegmentTask, items: list[WorkItem], out: Path, *, jobs: int, engine: str
) -> tuple[BatchSummary, float]:
    """Run once; return the summary and the CPU seconds spent (a load-independent cost)."""
    cpu = _cpu_seconds()
    with open_sink(out) as sink:
        summary = run(items, task, sink, options=BatchOptions(jobs=jobs, engine=engine, progress=False))
    return summary, _cpu_seconds() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=2, help="copies of the sample per document")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--engine", default="local", choices=["local", "dask"])
    args = parser.parse_args()
    # Dask pickles classes of __main__ by value (with their globals); import this file as a
    # module instead, and let the spawned Dask workers find it through PYTHONPATH.
    here = str(Path(__file__).resolve().parent)
    sys.path.insert(0, here)
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [here, os.environ.get("PYTHONPATH")]))
    from bench_batch_engine import SegmentTask as task_class

    task_class().setup()  # warm the jieba cache so neither run pays for building it
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "docs").mkdir()
        _make_corpus(root / "docs", docs=args.docs, repeat=args.repeat)
        items = list(plan([root / "docs"]))
        one, one_cpu = _time(task_class(), items, root / "one.jsonl", jobs=1, engine="local")
        started = time.perf_counter()
        many, many_cpu = _time(task_class(), items, root / "many.jsonl", jobs=args.jobs, engine=args.engine)
        wall = time.perf_counter() - started
        same = sorted((root / "one.jsonl").read_text().splitlines()) == sorted(
            (root / "many.jsonl").read_text().splitlines()
        )
    print(f"1 job:            {one.line()} [cpu {one_cpu:.1f} s]")
    print(f"{args.jobs} jobs ({args.engine}): {many.line()} [wall {wall:.1f} s, cpu {many_cpu:.1f} s]")
    print(f"speed-up {args.jobs} jobs / 1 job: {one.seconds / many.seconds:.2f}x; identical records: {same}")
    print(f"cpu overhead of {args.jobs} jobs: {many_cpu / one_cpu:.2f}x (1.00 = perfect; load-independent)")
    print(f"load average now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()

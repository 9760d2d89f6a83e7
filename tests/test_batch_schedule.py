"""Batch scheduling and the calling process's share of the work: chunk order and sizes, keys
computed by the workers, and no rich import for a quiet batch command."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from baogao.batch import UNREADABLE_KEY, BatchOptions, WorkItem, _chunks, _failure_record, _keyed, plan, run
from baogao.outputs import open_sink

sys.path.insert(0, str(Path(__file__).parent))
import _tasks
from _tasks import CountCharsTask


def _entries(sizes: list[int]) -> list[tuple[int, WorkItem]]:
    return [(i, WorkItem(id=f"d{i}", path=f"d{i}", key="", size=s)) for i, s in enumerate(sizes)]


def _records(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return sorted((json.loads(line) for line in f), key=lambda r: r["id"])


def _corpus(root: Path, sizes: list[int]) -> list[Path]:
    root.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, n in enumerate(sizes):
        p = root / f"doc{i:03d}.txt"
        p.write_text("报告" * n + f"第{i}份。", encoding="utf-8")
        paths.append(p)
    return paths


# --------------------------------------------------------------------------- chunks


def test_chunks_send_every_item_once_largest_first() -> None:
    sizes = [5, 900, 40, 40, 7000, 1, 0, 300, 12, 12, 2500, 60]
    entries = _entries(sizes)
    chunks = list(_chunks(entries, 8, 2))
    sent = [e for c in chunks for e in c.entries]
    assert sorted(sent, key=lambda e: e[0]) == entries
    assert [item.size for _, item in sent] == sorted(sizes, reverse=True)


def test_chunks_shrink_to_single_items_at_the_end() -> None:
    entries = _entries([1000] * 200)
    lengths = [len(c.entries) for c in _chunks(entries, 8, 2)]
    assert max(lengths) == 8  # the limit holds
    assert lengths == sorted(lengths, reverse=True)  # never growing
    assert lengths[-5:] == [1] * 5  # the tail is one item per chunk


def test_a_chunk_holds_a_bounded_share_of_what_remains() -> None:
    # one big report and many small ones: the big one travels alone, and no chunk takes more
    # than a quarter of a worker's share of the bytes still to send (unless it is one item)
    sizes = [1_000_000, *([50_000] * 40)]
    entries = _entries(sizes)
    remaining = sum(sizes)
    chunks = list(_chunks(entries, 8, 2))
    assert [it.size for _, it in chunks[0].entries] == [1_000_000]
    for c in chunks:
        used = sum(it.size for _, it in c.entries)
        assert len(c.entries) == 1 or used <= remaining / 8
        remaining -= used


def test_chunks_of_one_worker_or_a_limit_of_one() -> None:
    entries = _entries([3, 1, 2])
    assert [len(c.entries) for c in _chunks(entries, 1, 4)] == [1, 1, 1]
    assert sum(len(c.entries) for c in _chunks(entries, 8, 1)) == 3
    assert list(_chunks([], 8, 2)) == []


# --------------------------------------------------------------------------- keys made by the workers


def test_plan_without_keys_reads_nothing_and_keyed_restores_the_hash(tmp_path: Path) -> None:
    paths = _corpus(tmp_path / "docs", [3, 5])
    lazy = list(plan([tmp_path / "docs"], keys=False))
    eager = list(plan([tmp_path / "docs"]))
    assert [it.key for it in lazy] == [None, None]
    assert [it.size for it in lazy] == [it.size for it in eager]
    assert [_keyed(it) for it in lazy] == eager
    assert eager[1].key == hashlib.sha256(paths[1].read_bytes()).hexdigest()


def test_a_vanished_file_gets_the_unreadable_key_as_when_planned_with_keys(tmp_path: Path) -> None:
    (path,) = _corpus(tmp_path / "docs", [3])
    (item,) = plan([path], keys=False)
    path.unlink()
    assert _keyed(item).key == UNREADABLE_KEY == next(iter(plan([path]))).key
    rec = _failure_record(item, RuntimeError("gone"), crashed=True)
    assert rec["key"] == UNREADABLE_KEY and rec["errors"][0]["kind"] == "WorkerCrashed"


@pytest.mark.parametrize("jobs", [1, 2])
def test_records_are_the_same_whoever_hashes_the_files(tmp_path: Path, jobs: int) -> None:
    _corpus(tmp_path / "docs", [i * 37 % 200 for i in range(16)])
    opts = BatchOptions(jobs=jobs, progress=False, chunk_size=3)
    _tasks._SETUP_PIDS.clear()  # records count the setups of their process (jobs=1: this one)
    with open_sink(tmp_path / "eager.jsonl") as sink:
        run(plan([tmp_path / "docs"]), CountCharsTask(fail_on="doc004.txt"), sink, options=opts)
    _tasks._SETUP_PIDS.clear()
    with open_sink(tmp_path / "lazy.jsonl") as sink:
        run(plan([tmp_path / "docs"], keys=False), CountCharsTask(fail_on="doc004.txt"), sink, options=opts)
    eager, lazy = _records(tmp_path / "eager.jsonl"), _records(tmp_path / "lazy.jsonl")
    assert lazy == eager and len(eager) == 16
    assert all(len(r["key"]) == 64 for r in lazy)


def test_resume_with_items_planned_without_keys_still_skips_the_done_ones(tmp_path: Path) -> None:
    paths = _corpus(tmp_path / "docs", [10, 20, 30, 40])
    out = tmp_path / "out.jsonl"
    opts = BatchOptions(jobs=1, progress=False, resume=True)
    with open_sink(out, resume=True) as sink:
        run(plan([tmp_path / "docs"], keys=False), CountCharsTask(), sink, options=opts)
    paths[2].write_text("内容已修改。", encoding="utf-8")
    with open_sink(out, resume=True) as sink:
        summary = run(plan([tmp_path / "docs"], keys=False), CountCharsTask(), sink, options=opts)
    assert (summary.ok, summary.skipped) == (1, 3)
    recs = {r["id"]: r for r in _records(out)}
    assert recs[str(paths[2])]["key"] == hashlib.sha256(paths[2].read_bytes()).hexdigest()


# --------------------------------------------------------------------------- start-up of the command


def test_the_cli_module_does_not_import_rich_until_it_prints() -> None:
    code = "import sys, baogao.cli as c; a = 'rich.console' in sys.modules; c.err.width; " \
           "print(a, 'rich.console' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "True"]

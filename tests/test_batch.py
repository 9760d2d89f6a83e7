"""The batch engine: same records whatever the engine, order, failure isolation, resume, kill -9."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from baogao.batch import BatchOptions, BatchSummary, WorkItem, plan, run
from baogao.outputs import open_sink

sys.path.insert(0, str(Path(__file__).parent))
import _tasks
from _tasks import CountCharsTask

TESTS = Path(__file__).resolve().parent
LINES = [
    "2023年，公司新闻宣传工作坚持以习近平新时代中国特色社会主义思想为指导。",
    "一、强化组织领导、统筹谋划部署",
    "今年以来，组织××××名专兼职通讯员参加宣传思想文化培训。",
    "全年共发布稿件356篇，同比增长7.1%。",
]


def _corpus(root: Path, n: int) -> list[Path]:
    root.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        p = root / f"doc{i:03d}.txt"
        p.write_text("\n".join(LINES[: 1 + i % len(LINES)]) + f"\n第{i}份。\n", encoding="utf-8")
        paths.append(p)
    return paths


def _records(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def _batch(items: list[WorkItem], out: Path, task: CountCharsTask, **options: object) -> BatchSummary:
    _tasks._SETUP_PIDS.clear()  # count setups of this run only (jobs=1 runs in the test process)
    with open_sink(out, resume=bool(options.get("resume"))) as sink:
        return run(items, task, sink, options=BatchOptions(progress=False, **options))  # type: ignore[arg-type]


def _by_id(records: list[dict]) -> dict[str, dict]:
    return {r["id"]: r for r in records}


def test_plan_walks_sorted_and_keys_are_content_hashes(tmp_path: Path) -> None:
    paths = _corpus(tmp_path / "a", 3)
    (tmp_path / "a" / "notes.bin").write_bytes(b"\x00")
    items = list(plan([tmp_path / "a", paths[0]]))  # the repeated file is planned once
    assert [it.id for it in items] == [str(p) for p in paths]
    assert items[1].key == hashlib.sha256(paths[1].read_bytes()).hexdigest()
    assert items[1].size == paths[1].stat().st_size


def test_plan_expands_jsonl_and_turns_bad_lines_into_error_records(tmp_path: Path) -> None:
    src = tmp_path / "recs.jsonl"
    lines = ['{"id": "r1", "text": "降本增效"}', "{broken", '["not", "an", "object"]', '{"text": "无编号"}']
    src.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    items = list(plan([src]))
    assert [it.id for it in items] == ["r1", f"{src}#2", f"{src}#3", f"{src}#4"]
    assert items[0].key == hashlib.sha256("降本增效".encode()).hexdigest()
    assert items[0].size == 4
    summary = _batch(items, tmp_path / "out.jsonl", CountCharsTask(), jobs=1)
    recs = _by_id(_records(tmp_path / "out.jsonl"))
    assert recs["r1"]["han"] == 4 and recs[f"{src}#4"]["chars"] == 3
    assert recs[f"{src}#2"]["errors"][0]["kind"] == "ReadError"
    assert "line 3" in recs[f"{src}#3"]["errors"][0]["message"]
    assert (summary.ok, summary.failed, summary.skipped) == (2, 2, 0)


def test_one_and_two_jobs_give_the_same_records(tmp_path: Path) -> None:
    _corpus(tmp_path / "docs", 40)
    items = list(plan([tmp_path / "docs"]))
    one = _batch(items, tmp_path / "one.jsonl", CountCharsTask(), jobs=1, chunk_size=3)
    two = _batch(items, tmp_path / "two.jsonl", CountCharsTask(), jobs=2, chunk_size=3)
    a, b = _records(tmp_path / "one.jsonl"), _records(tmp_path / "two.jsonl")
    assert sorted(a, key=lambda r: r["id"]) == sorted(b, key=lambda r: r["id"])
    assert len(a) == 40 and all(r["setups"] == 1 for r in b)  # setup once per worker, not per chunk
    assert (one.ok, one.records, one.chars) == (two.ok, two.records, two.chars) == (40, 40, one.chars)


def test_ordered_output_follows_input_order_even_when_early_items_are_slow(tmp_path: Path) -> None:
    _corpus(tmp_path / "docs", 24)
    items = list(plan([tmp_path / "docs"]))
    task = CountCharsTask(delay=0.005, slow_first=2)  # the first chunk finishes last
    _batch(items, tmp_path / "ordered.jsonl", task, jobs=2, chunk_size=2, ordered=True)
    _batch(items, tmp_path / "free.jsonl", task, jobs=2, chunk_size=2)
    assert [r["id"] for r in _records(tmp_path / "ordered.jsonl")] == [it.id for it in items]
    assert [r["id"] for r in _records(tmp_path / "free.jsonl")] != [it.id for it in items]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_raising_task_yields_an_error_record_for_that_item_only(tmp_path: Path, jobs: int) -> None:
    items = list(plan(_corpus(tmp_path / "docs", 12)))
    summary = _batch(items, tmp_path / "out.jsonl", CountCharsTask(fail_on="doc005.txt"), jobs=jobs)
    recs = _by_id(_records(tmp_path / "out.jsonl"))
    bad = recs[items[5].id]
    assert bad["errors"] == [{"kind": "ValueError", "message": f"boom on {items[5].id}"}]
    assert bad["key"] == items[5].key
    assert all("chars" in r for i, r in recs.items() if i != items[5].id)
    assert (summary.ok, summary.failed, summary.records) == (11, 1, 12)


def test_a_crashing_worker_is_isolated_and_the_pool_restarted(tmp_path: Path) -> None:
    items = list(plan(_corpus(tmp_path / "docs", 20)))
    summary = _batch(
        items, tmp_path / "out.jsonl", CountCharsTask(crash_on="doc007.txt"), jobs=2, chunk_size=4
    )
    recs = _records(tmp_path / "out.jsonl")
    assert sorted(r["id"] for r in recs) == sorted(it.id for it in items)
    crashed = [r for r in recs if r.get("errors")]
    assert [(r["id"], r["errors"][0]["kind"]) for r in crashed] == [(items[7].id, "WorkerCrashed")]
    assert summary.ok + summary.failed + summary.skipped == 20 and summary.failed == 1


def test_resume_skips_done_items_and_reprocesses_changed_and_new_ones(tmp_path: Path) -> None:
    paths = _corpus(tmp_path / "docs", 10)
    out = tmp_path / "out.jsonl"
    _batch(list(plan([tmp_path / "docs"])), out, CountCharsTask(), jobs=1)
    paths[3].write_text("内容已修改。", encoding="utf-8")
    _corpus(tmp_path / "docs", 11)  # rewrites the same 10 texts and adds doc010
    paths[3].write_text("内容已修改。", encoding="utf-8")
    summary = _batch(list(plan([tmp_path / "docs"])), out, CountCharsTask(), jobs=1, resume=True)
    assert (summary.ok, summary.skipped) == (2, 9)
    recs = _records(out)
    assert sorted(r["id"] for r in recs) == sorted(str(p) for p in [*paths, tmp_path / "docs" / "doc010.txt"])
    assert _by_id(recs)[str(paths[3])]["chars"] == len("内容已修改。")  # the stale record was replaced


def test_resume_repairs_a_torn_last_line(tmp_path: Path) -> None:
    items = list(plan(_corpus(tmp_path / "docs", 6)))
    out = tmp_path / "out.jsonl"
    _batch(items[:4], out, CountCharsTask(), jobs=1)
    whole = out.read_bytes()
    out.write_bytes(
        whole[: whole.rindex(b"\n", 0, len(whole) - 1) + 1] + b'{"id": "' + str(items[3].id).encode()
    )
    summary = _batch(items, out, CountCharsTask(), jobs=1, resume=True)
    assert (summary.skipped, summary.ok) == (2, 4)  # the torn item and the one before it are redone
    assert sorted(r["id"] for r in _records(out)) == sorted(it.id for it in items)


KILLED_RUN = """
import sys
sys.path.insert(0, {tests!r})
from _tasks import CountCharsTask
from baogao.batch import BatchOptions, plan, run
from baogao.outputs import open_sink
with open_sink({out!r}, resume=True) as sink:
    run(list(plan([{docs!r}])), CountCharsTask(delay=0.01), sink,
        options=BatchOptions(jobs=2, chunk_size=3, resume=True, progress=False))
"""


def _run_until(tmp_path: Path, lines: int) -> tuple[subprocess.Popen, Path, Path, list[Path]]:
    """A 200-document run in its own session, returned once ``lines`` records are written."""
    docs, out = tmp_path / "docs", tmp_path / "out.jsonl"
    paths = _corpus(docs, 200)
    script = textwrap.dedent(KILLED_RUN).format(tests=str(TESTS), out=str(out), docs=str(docs))
    proc = subprocess.Popen([sys.executable, "-c", script], start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and (not out.exists() or out.read_bytes().count(b"\n") < lines):
            time.sleep(0.02)
    except BaseException:
        os.killpg(proc.pid, signal.SIGKILL)
        raise
    return proc, docs, out, paths


def test_kill_9_mid_run_then_resume_gives_every_id_exactly_once(tmp_path: Path) -> None:
    proc, docs, out, paths = _run_until(tmp_path, 30)
    os.killpg(proc.pid, signal.SIGKILL)  # the run and its workers, mid-write if we are lucky
    proc.wait()
    done_before = out.read_bytes().count(b"\n")
    assert 30 <= done_before < 200, "the run must be killed mid-way"
    with open(out, "ab") as f:
        f.write(b'{"id": "' + str(docs).encode())  # and certainly a torn last line
    summary = _batch(list(plan([docs])), out, CountCharsTask(), jobs=2, resume=True)
    ids = [r["id"] for r in _records(out)]
    assert len(ids) == len(set(ids)) == 200
    assert set(ids) == {str(p) for p in paths}
    assert summary.skipped >= done_before - 1 and summary.ok + summary.skipped == 200


def _children(pid: int) -> set[int]:
    kids = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            kids.add(int(stat.parent.name))
    return kids


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to list a process's children")
def test_workers_leave_when_the_run_is_killed(tmp_path: Path) -> None:
    proc, _docs, _out, _paths = _run_until(tmp_path, 10)
    try:
        workers = _children(proc.pid)
        assert len(workers) >= 2, "the run must be killed while its pool works"
        os.kill(proc.pid, signal.SIGKILL)  # only the parent, as `kill -9 PID` does
        proc.wait()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_alive(w) for w in workers):
            time.sleep(0.1)
        assert not any(_alive(w) for w in workers), "orphaned workers must not wait for work forever"
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def test_summary_line_reads_like_a_report() -> None:
    s = BatchSummary(ok=11, failed=1, skipped=0, records=12, chars=2_080_000, seconds=3.2)
    assert s.line() == "12 documents: 11 ok, 1 failed, 0 skipped in 3.2 s (650,000 chars/s)"
    assert BatchSummary(ok=0, failed=0, skipped=0, records=0, chars=0, seconds=0.0).chars_per_second == 0.0
    one = BatchSummary(ok=1, failed=0, skipped=0, records=1, chars=2400, seconds=0.5)
    assert one.line().startswith("1 document: 1 ok,")
    assert BatchSummary(ok=1200, failed=0, skipped=0, records=1200, chars=1, seconds=1).line().startswith("1,200 documents:")


def test_progress_bar_goes_to_stderr_and_not_into_the_output(
    tmp_path: Path, capfd: pytest.CaptureFixture
) -> None:
    items = list(plan(_corpus(tmp_path / "docs", 5)))
    with open_sink(tmp_path / "out.jsonl") as sink:
        run(items, CountCharsTask(name="tag"), sink, options=BatchOptions(jobs=1, progress=True))
    captured = capfd.readouterr()
    assert "tag" in captured.err and "5/5" in captured.err and captured.out == ""
    assert len(_records(tmp_path / "out.jsonl")) == 5


@pytest.mark.slow
def test_dask_local_cluster_gives_the_same_records_as_the_local_engine(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    items = list(plan(_corpus(tmp_path / "docs", 30)))
    _batch(items, tmp_path / "local.jsonl", CountCharsTask(fail_on="doc004.txt"), jobs=1)
    summary = _batch(
        items,
        tmp_path / "dask.jsonl",
        CountCharsTask(fail_on="doc004.txt"),
        jobs=2,
        engine="dask",
        chunk_size=4,
    )
    key = lambda r: r["id"]
    local, dask = _records(tmp_path / "local.jsonl"), _records(tmp_path / "dask.jsonl")
    assert sorted(dask, key=key) == sorted(local, key=key)
    assert (summary.ok, summary.failed) == (29, 1)


def test_submitting_to_a_pool_that_just_died_fails_the_chunk_instead_of_the_batch(tmp_path: Path) -> None:
    from concurrent.futures.process import BrokenProcessPool

    from baogao.batch import _LocalPool

    items = list(plan(_corpus(tmp_path / "docs", 2)))
    pool = _LocalPool(CountCharsTask(crash_on="doc000.txt"), 2)
    try:
        first = pool.submit(items[:1])
        assert isinstance(first.exception(timeout=30), BrokenProcessPool)
        late = pool.submit(items[1:])  # the race: the pool broke between two waits
        assert isinstance(late.exception(timeout=0), BrokenProcessPool)
        pool.restart()
        assert pool.result(pool.submit(items[1:]))[0][0]["id"] == items[1].id
    finally:
        pool.close()


def test_run_closes_the_sink_so_a_parquet_output_is_complete(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    items = list(plan(_corpus(tmp_path / "docs", 6)))
    sink = open_sink(tmp_path / "tags.parquet")  # no with-block, as a CLI might do
    run(items, CountCharsTask(), sink, options=BatchOptions(jobs=1, progress=False))
    assert sorted(pq.read_table(tmp_path / "tags.parquet").column("id").to_pylist()) == [
        it.id for it in items
    ]
    assert not (tmp_path / "tags.parquet.partial.jsonl").exists()


def test_no_more_local_workers_than_items(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A one-file run (the cold ``check`` of one page) must not pay for forking a pool."""
    from baogao import batch

    widths: list[int] = []
    real = batch._LocalPool

    def spy(task: object, jobs: int) -> object:
        widths.append(jobs)
        return real(task, jobs)  # type: ignore[arg-type]

    monkeypatch.setattr(batch, "_LocalPool", spy)
    _corpus(tmp_path / "docs", 3)
    items = list(plan([tmp_path / "docs"]))
    one = _batch(items[:1], tmp_path / "one.jsonl", CountCharsTask(), jobs=4)
    assert one.ok == 1 and widths == []  # ran in this process
    three = _batch(items, tmp_path / "three.jsonl", CountCharsTask(), jobs=4)
    assert three.ok == 3 and widths == [3]

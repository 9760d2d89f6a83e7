"""The batch engine: many inputs → one resumable output, on a process pool or a Dask cluster.

The engine knows nothing about reports. It receives a picklable *task* (see
:class:`Task`; the real ones live in :mod:`baogao.pipeline`) and a list of
:class:`WorkItem` from :func:`plan`, sends items to workers in chunks, and
writes the compact records each item yields to a sink (:mod:`baogao.outputs`).

Guarantees, because a run over thousands of files must be trustworthy:

* every item yields at least one record — a result or an error record — even
  when the task raises or a worker process dies (the pool is restarted and the
  culprit isolated by rerunning the affected items one at a time);
  ``ok + failed + skipped`` always equals the number of items;
* every record carries ``id`` and ``key`` (the content hash), and is written
  and flushed chunk by chunk, so ``resume`` skips exactly the items already
  done with unchanged content;
* ``jobs=1`` runs in-process and gives the same records as a pool or Dask.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor
from concurrent.futures import wait as wait_futures
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from baogao.errors import BaogaoError, UsageError
from baogao.io import iter_inputs
from baogao.io.detect import decode_text
from baogao.io.document import SPECIAL_FILE, is_special_file
from baogao.io.jsonl import record_lines
from baogao.outputs import Sink

__all__ = [
    "BatchOptions",
    "BatchSummary",
    "Task",
    "WorkItem",
    "error_record",
    "plan",
    "run",
]

PLAN_ERROR = "_baogao_plan_error"
"""Key in ``WorkItem.record`` marking an input that failed before any task could see it (bad JSONL line)."""


class Task(Protocol):
    """Per-document work; a frozen dataclass in :mod:`baogao.pipeline`, picklable."""

    name: str

    def setup(self) -> None:
        """Load models once per worker process; idempotent."""
        ...

    def run(self, item: WorkItem) -> list[dict]:
        """Compact JSON-able records for one item; an error record instead of raising on bad input."""
        ...


@dataclass(frozen=True)
class WorkItem:
    """One input unit: a file, or one record of a JSONL file.

    Attributes:
        id: document id (the path as given, or the JSONL record's id).
        path: the file it comes from.
        key: sha256 hex of the file bytes or of the record's text; ``resume`` compares it.
            None for a file planned with ``keys=False``: the worker that reads the file hashes it,
            and every record still carries the key.
        size: bytes (files) or characters (records), for throughput and scheduling.
        record: the JSONL record itself, None for files.
    """

    id: str
    path: str
    key: str | None
    size: int
    record: dict | None = None


@dataclass(frozen=True)
class BatchOptions:
    """How to run a batch (not what to compute: that is the task)."""

    jobs: int | None = None
    ordered: bool = False
    resume: bool = False
    engine: str = "local"
    scheduler: str | None = None
    progress: bool | None = None
    chunk_size: int = 8
    #: called with every error record as it is written (the CLI prints one line per failed input)
    on_failure: Callable[[dict], None] | None = None


@dataclass(frozen=True)
class BatchSummary:
    """Counts for the closing line; ``ok + failed + skipped`` is the number of items planned."""

    ok: int
    failed: int
    skipped: int
    records: int
    chars: int
    seconds: float

    @property
    def chars_per_second(self) -> float:
        return self.chars / self.seconds if self.seconds > 0 else 0.0

    @property
    def documents(self) -> int:
        return self.ok + self.failed + self.skipped

    def line(self) -> str:
        """One human line, e.g. ``12 documents: 11 ok, 1 failed, 0 skipped in 3.2 s (650,000 chars/s)``."""
        return (
            f"{counted(self.documents, 'document')}: {self.ok} ok, {self.failed} failed, {self.skipped} skipped "
            f"in {self.seconds:.1f} s ({self.chars_per_second:,.0f} chars/s)"
        )


def counted(n: int, noun: str) -> str:
    """``1 document``, ``2 documents``: a count with its noun in the right number (English nouns
    that take a plain -s)."""
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


# --------------------------------------------------------------------------- planning


def plan(
    paths: Sequence[str | Path], *, keys: bool = True, exclude: Iterable[str] = (), exclude_under: Iterable[str] = (),
    max_bytes: int | None = None,
) -> Iterator[WorkItem]:
    """Walk ``paths`` into work items, one per file or per JSONL record, with content keys.

    Directories are walked recursively (sorted, known extensions only); a file
    named explicitly is taken whatever its suffix, so the task can report an
    unsupported format instead of the file vanishing. A JSONL line that is not a
    JSON object becomes an item whose processing yields an error record.

    ``keys=False`` leaves the hashing of whole files to the worker that reads
    them anyway (``key`` None here): the calling process then never reads the
    inputs, which a run without ``resume`` does not need. The records carry the
    same keys either way. JSONL records are always keyed here (the file is
    parsed here anyway).

    ``exclude``: real paths of the files the run writes (``-o``, a vault), so that
    ``baogao extract . -o results.jsonl`` never reads its own output back;
    ``exclude_under``: real paths of directories it writes into (``mask --output-dir``
    inside a walked folder: the copies of one run are not the inputs of the next).
    ``max_bytes``: a JSONL file larger than this is one error item, as any other input file
    larger than the limit is (its records are read here, not by the workers that check sizes).
    """
    seen: set[str] = set()
    skip = frozenset(exclude)
    dirs = tuple(os.path.join(d, "") for d in exclude_under)
    for path in iter_inputs(paths):
        ident = os.path.abspath(path)
        if ident in seen:
            continue
        if skip or dirs:
            real = os.path.realpath(path)
            if real in skip or real.startswith(dirs):
                continue
        seen.add(ident)
        if is_special_file(path):  # reading could block forever
            yield _failed_item(str(path), str(path), SPECIAL_FILE)
        elif path.suffix.lower() == ".jsonl":
            yield from _plan_jsonl(path, max_bytes)
        else:
            yield _plan_file(path) if keys else _plan_file_unkeyed(path)


#: The key of a file that could not be opened (missing, no permission). Its records are
#: error records, so ``resume`` retries it; being a real key, the retry's record replaces
#: the old one instead of joining it (an empty key is never matched, so each resumed run
#: added one more error record for a missing file).
UNREADABLE_KEY = "unreadable"


def _plan_file(path: Path) -> WorkItem:
    """An item for a whole file; a file that cannot be opened gets :data:`UNREADABLE_KEY`."""
    try:
        key = _file_key(path)
        size = path.stat().st_size
    except OSError:
        key, size = UNREADABLE_KEY, 0
    return WorkItem(id=str(path), path=str(path), key=key, size=size)


def _plan_file_unkeyed(path: Path) -> WorkItem:
    """An item whose key the worker computes (:func:`_keyed`); the size is enough to schedule it."""
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    return WorkItem(id=str(path), path=str(path), key=None, size=size)


def _file_key(path: str | Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def _keyed(item: WorkItem) -> WorkItem:
    """``item`` with its content key: as :func:`_plan_file` would have computed it."""
    if item.key is not None:
        return item
    try:
        key = _file_key(item.path)
    except OSError:
        key = UNREADABLE_KEY
    return WorkItem(id=item.id, path=item.path, key=key, size=item.size, record=item.record)


def _plan_jsonl(path: Path, max_bytes: int | None = None) -> Iterator[WorkItem]:
    """One item per record line, decoded as the JSONL reader decodes (any encoding it detects, lines split
    on LF only); a file that cannot be read, is over ``max_bytes`` or holds no record is one error item."""
    try:
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            yield _failed_item(str(path), str(path), f"{size:,} bytes is over the limit of {max_bytes:,} (max_bytes)",
                               kind="InputTooLargeError")
            return
        with open(path, "rb") as f:
            data = f.read()
    except OSError as exc:
        yield _failed_item(str(path), str(path), f"cannot open: {exc.strerror or exc}")
        return
    if not data.strip():
        yield _failed_item(str(path), str(path), "empty file" if not data else "no records")
        return
    try:
        content, _encoding = decode_text(data, path=path)
    except Exception as exc:  # noqa: BLE001 - ReadError (binary, unknown encoding): one error item
        yield _failed_item(str(path), str(path), getattr(exc, "cause", str(exc)))
        return
    for lineno, line in record_lines(content):
        yield _plan_record(path, lineno, line.encode("utf-8", "surrogatepass"))


def _plan_record(path: Path, lineno: int, raw: bytes) -> WorkItem:
    fallback_id = f"{path}#{lineno}"
    try:
        record = json.loads(raw)
    except ValueError as exc:
        return _failed_item(fallback_id, str(path), f"line {lineno}: invalid JSON ({exc})", raw)
    if not isinstance(record, dict):
        return _failed_item(fallback_id, str(path), f"line {lineno}: a JSON object is expected", raw)
    rid = record.get("id")
    ident = str(rid) if rid not in (None, "") else fallback_id
    text = record.get("text")
    content = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else raw.strip()
    size = len(text) if isinstance(text, str) else len(raw)
    return WorkItem(
        id=ident, path=str(path), key=hashlib.sha256(content).hexdigest(), size=size, record=record
    )


def _failed_item(ident: str, path: str, message: str, raw: bytes = b"", *, kind: str = "ReadError") -> WorkItem:
    error = {"kind": kind, "message": message}
    key = hashlib.sha256(raw.strip()).hexdigest() if raw else UNREADABLE_KEY
    return WorkItem(id=ident, path=path, key=key, size=len(raw), record={"id": ident, PLAN_ERROR: error})


# --------------------------------------------------------------------------- per-item work (runs in workers)


def error_record(item: WorkItem, *, kind: str, message: str) -> dict:
    """The record an item yields when it could not be processed (same shape everywhere)."""
    return {
        "id": item.id,
        "key": item.key,
        "source": item.path,
        "errors": [{"kind": kind, "message": message}],
    }


def _stamp(records: list[dict], item: WorkItem) -> list[dict]:
    """Put ``id`` and ``key`` first in every record: resume identifies items by them."""
    out = []
    for r in records:
        rest = {k: v for k, v in r.items() if k not in ("id", "key")}
        out.append({"id": r.get("id", item.id), "key": item.key} | rest)
    return out


def _run_item(task: Task, item: WorkItem) -> list[dict]:
    """Run one item, turning every failure into an error record (a batch never stops for one input)."""
    item = _keyed(item)
    if item.record is not None and PLAN_ERROR in item.record:
        return [error_record(item, **item.record[PLAN_ERROR])]
    try:
        records = list(task.run(item)) or [{"id": item.id, "source": item.path, "errors": []}]
        json.dumps(records, ensure_ascii=False)  # fail here, per item, rather than in the writer
    except Exception as exc:  # noqa: BLE001 - any task bug must become an error record
        kind = exc.kind if isinstance(exc, BaogaoError) else type(exc).__name__
        return [error_record(item, kind=kind, message=str(exc) or kind)]
    return _stamp(records, item)


def _run_chunk(task: Task, items: list[WorkItem]) -> list[list[dict]]:
    return [_run_item(task, item) for item in items]


_WORKER: dict[str, Any] = {}
"""The task of this worker process, set up once (pool initializer, or first Dask chunk)."""


def _init_worker(task: Task) -> None:
    _watch_parent()
    task.setup()
    _WORKER["task"] = task


#: How often a pool worker looks whether the process that started it is still there (seconds).
PARENT_POLL = 0.5


def _watch_parent() -> None:
    """End this worker soon after its parent is gone (``kill -9`` of the baogao command).

    A forked worker holds both ends of the pool's pipes itself, so it never sees
    them close and would wait for work forever, re-parented to init, holding its
    memory. A daemon thread notices the new parent and leaves at once.
    """
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(PARENT_POLL)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="baogao-parent-watch", daemon=True).start()


def _run_chunk_in_worker(items: list[WorkItem]) -> list[list[dict]]:
    return _run_chunk(_WORKER["task"], items)


def _run_chunk_dask(task: Task, items: list[WorkItem]) -> list[list[dict]]:
    """Dask entry point: set the task up once per worker process.

    The scattered task usually arrives as the same object, but Dask may hand a
    worker a fresh copy (data moved between workers); an equal task (frozen
    dataclasses compare by value) reuses the one already set up.
    """
    ready = _WORKER.get("task")
    if ready is None or (ready is not task and ready != task):
        task.setup()
        _WORKER["task"] = ready = task
    return _run_chunk(ready, items)


# --------------------------------------------------------------------------- backends


class _Backend(Protocol):
    def submit(self, items: list[WorkItem]) -> Any: ...

    def wait(self, futures: Iterable[Any]) -> set[Any]: ...

    def result(self, future: Any) -> list[list[dict]]: ...

    def wait_all(self, futures: Iterable[Any]) -> set[Any]: ...

    def breaks_all(self, exc: BaseException) -> bool: ...

    def restart(self) -> None: ...

    def close(self) -> None: ...

    @property
    def width(self) -> int: ...


class _InProcess:
    """jobs=1: no pool, no pickling; the same per-item code path as the workers."""

    width = 1

    def __init__(self, task: Task) -> None:
        task.setup()
        self._task = task

    def submit(self, items: list[WorkItem]) -> Future:
        future: Future = Future()
        try:
            future.set_result(_run_chunk(self._task, items))
        except Exception as exc:  # noqa: BLE001 - reported like a worker failure
            future.set_exception(exc)
        return future

    def wait(self, futures: Iterable[Future]) -> set[Future]:
        return set(futures)

    def wait_all(self, futures: Iterable[Future]) -> set[Future]:
        return set(futures)

    def result(self, future: Future) -> list[list[dict]]:
        return future.result()

    def breaks_all(self, exc: BaseException) -> bool:
        return False

    def restart(self) -> None:
        pass

    def close(self) -> None:
        pass


class _LocalPool:
    """A process pool whose initializer sets the task up once per worker; restarted when a worker dies."""

    def __init__(self, task: Task, jobs: int) -> None:
        task.setup()  # fail fast in the parent; with fork the workers inherit the loaded models
        self._task = task
        self.width = jobs
        self._pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.width, initializer=_init_worker, initargs=(self._task,))

    def submit(self, items: list[WorkItem]) -> Future:
        try:
            return self._pool.submit(_run_chunk_in_worker, items)
        except BrokenProcessPool as exc:  # the pool died since the last wait: fail like its futures
            future: Future = Future()
            future.set_exception(exc)
            return future

    def wait(self, futures: Iterable[Future]) -> set[Future]:
        done, _ = wait_futures(list(futures), return_when=FIRST_COMPLETED)
        return done

    def wait_all(self, futures: Iterable[Future]) -> set[Future]:
        return wait_futures(list(futures)).done

    def result(self, future: Future) -> list[list[dict]]:
        return future.result()

    def breaks_all(self, exc: BaseException) -> bool:
        return isinstance(exc, BrokenProcessPool)

    def restart(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._pool = self._start()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class _DaskPool:
    """dask.distributed: a given scheduler, or a LocalCluster of single-threaded worker processes."""

    def __init__(self, task: Task, jobs: int, scheduler: str | None) -> None:
        try:
            import logging

            from distributed import Client, LocalCluster
            from distributed import wait as dask_wait
        except ImportError as exc:
            raise BaogaoError(
                None, "engine 'dask' needs dask.distributed: pip install 'baogao[dask]'"
            ) from exc
        self._dask_wait = dask_wait
        self._cluster = None
        if scheduler is None:
            self._cluster = LocalCluster(
                n_workers=jobs,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            self._client = Client(self._cluster)
        else:
            try:
                self._client = Client(scheduler)
            except (OSError, ValueError, TypeError) as exc:  # unreachable, or not an address at all
                raise UsageError(scheduler, f"cannot reach the Dask scheduler ({exc})") from None
        try:
            self.width = max(1, len(self._client.scheduler_info().get("workers", {})) or jobs)
            self._task = self._client.scatter(task, broadcast=True, hash=False)
        except Exception as exc:
            self.close()
            raise BaogaoError(None, f"cannot send the task to the Dask workers: {exc}") from exc

    def submit(self, items: list[WorkItem]) -> Any:
        return self._client.submit(_run_chunk_dask, self._task, items, pure=False)

    def wait(self, futures: Iterable[Any]) -> set[Any]:
        return set(self._dask_wait(list(futures), return_when="FIRST_COMPLETED").done)

    def wait_all(self, futures: Iterable[Any]) -> set[Any]:
        return set(self._dask_wait(list(futures)).done)

    def result(self, future: Any) -> list[list[dict]]:
        try:
            return future.result()
        finally:
            future.release()

    def breaks_all(self, exc: BaseException) -> bool:
        return False  # the scheduler reschedules work of a dead worker; only that task fails

    def restart(self) -> None:
        pass

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


def _open_backend(task: Task, options: BatchOptions, items: int | None = None) -> _Backend:
    """The engine for a run of ``items`` work items.

    The local engine never starts more workers than there are items: a one-file
    ``check`` runs in the calling process, without forking a pool.
    """
    jobs = max(1, options.jobs or os.cpu_count() or 1)
    if options.engine == "dask":
        return _DaskPool(task, jobs, options.scheduler)
    if options.engine != "local":
        raise BaogaoError(None, f"unknown engine {options.engine!r} (use 'local' or 'dask')")
    if items is not None:
        jobs = min(jobs, max(1, items))
    return _InProcess(task) if jobs == 1 else _LocalPool(task, jobs)


# --------------------------------------------------------------------------- the driver


@dataclass
class _Chunk:
    entries: list[tuple[int, WorkItem]]
    retry: bool = False

    @property
    def items(self) -> list[WorkItem]:
        return [item for _, item in self.entries]


@dataclass
class _Emitter:
    """Writes results in input order (buffering) or as they come, and keeps the counts."""

    sink: Sink
    ordered: bool
    on_item: Callable[[WorkItem], None]
    on_failure: Callable[[dict], None] | None = None
    ok: int = 0
    failed: int = 0
    records: int = 0
    chars: int = 0
    _next: int = 0
    _buffer: dict[int, tuple[WorkItem, list[dict]]] = field(default_factory=dict)

    def add(self, results: list[tuple[int, WorkItem, list[dict]]]) -> None:
        if not self.ordered:
            self._write([(item, recs) for _, item, recs in results])
            return
        for seq, item, recs in results:
            self._buffer[seq] = (item, recs)
        ready = []
        while self._next in self._buffer:
            ready.append(self._buffer.pop(self._next))
            self._next += 1
        self._write(ready)

    def _write(self, done: list[tuple[WorkItem, list[dict]]]) -> None:
        if not done:
            return
        self.sink.write([r for _, recs in done for r in recs])
        for item, recs in done:
            failed = any(r.get("errors") for r in recs)
            if failed and self.on_failure is not None:
                for r in recs:
                    if r.get("errors"):
                        self.on_failure(r)
            self.failed += failed
            self.ok += not failed
            self.records += len(recs)
            self.chars += item.size
            self.on_item(item)


#: A chunk holds at most 1/(SHARES·workers) of the input still to be sent (by size), so
#: chunks shrink as the run goes on and the last ones are single small items.
_SHARES_PER_WORKER = 4


def _chunks(entries: list[tuple[int, WorkItem]], limit: int, width: int) -> Iterator[_Chunk]:
    """Largest inputs first, in chunks that shrink towards the end (guided self-scheduling).

    Input sizes differ a lot (a 1 MB report next to 50 kB ones): sent in input
    order or in equal-count chunks, a big report or a chunk of them at the end of
    the queue keeps one worker busy while the others idle. Sorted largest
    first, every chunk holds at most ``limit`` items and at most a
    ``1/(4·width)`` share of the bytes not yet sent (a single item may exceed
    it): few round trips while much remains, one small item per chunk at the end.
    """
    order = sorted(entries, key=lambda e: -e[1].size)
    weights = [max(1, item.size) for _, item in order]
    remaining = sum(weights)
    start = 0
    while start < len(order):
        budget = remaining / (_SHARES_PER_WORKER * width)
        end, used = start + 1, weights[start]
        while end < len(order) and end - start < limit and used + weights[end] <= budget:
            used += weights[end]
            end += 1
        remaining -= used
        yield _Chunk(order[start:end])
        start = end


def _drive(
    backend: _Backend, entries: list[tuple[int, WorkItem]], emitter: _Emitter, chunk_size: int
) -> None:
    """Keep the workers fed; on a chunk failure, rerun its items one by one to find the culprit.

    While suspects wait, no new chunks are submitted: in-flight work drains,
    then each suspect runs alone, so a crash can be pinned on that item.
    """
    pending = _chunks(entries, max(1, chunk_size), backend.width)
    suspects: deque[tuple[int, WorkItem]] = deque()
    inflight: dict[Any, _Chunk] = {}
    window = 2 * backend.width
    while True:
        if suspects:
            if not inflight:
                chunk = _Chunk([suspects.popleft()], retry=True)
                inflight[backend.submit(chunk.items)] = chunk
        else:
            while len(inflight) < window and (chunk := next(pending, None)) is not None:
                inflight[backend.submit(chunk.items)] = chunk
        if not inflight:
            return
        done = backend.wait(inflight)
        broken = _collect(backend, done, inflight, suspects, emitter)
        if broken:
            # the pool is dead: every other in-flight chunk ends too (most with the same error)
            _collect(backend, backend.wait_all(set(inflight)), inflight, suspects, emitter)
            backend.restart()


def _collect(
    backend: _Backend,
    done: Iterable[Any],
    inflight: dict[Any, _Chunk],
    suspects: deque[tuple[int, WorkItem]],
    emitter: _Emitter,
) -> bool:
    """Hand finished chunks to the emitter; failed chunks become suspects. True when the pool broke."""
    broken = False
    for future in done:
        chunk = inflight.pop(future)
        try:
            results = backend.result(future)
        except Exception as exc:  # noqa: BLE001 - worker death or transport failure
            broken = broken or backend.breaks_all(exc)
            if chunk.retry:
                (seq, item) = chunk.entries[0]
                emitter.add([(seq, item, [_failure_record(item, exc, crashed=backend.breaks_all(exc))])])
            else:
                suspects.extend(chunk.entries)
            continue
        emitter.add([(seq, item, recs) for (seq, item), recs in zip(chunk.entries, results, strict=True)])
    return broken


def _failure_record(item: WorkItem, exc: BaseException, *, crashed: bool) -> dict:
    item = _keyed(item)  # the worker that would have hashed it is gone
    if crashed:
        message = "the worker process died while processing this input (crash or out of memory)"
        return error_record(item, kind="WorkerCrashed", message=message)
    kind = type(exc).__name__
    return error_record(item, kind=kind, message=str(exc) or kind)


def _freeze_loaded_objects() -> bool:
    """Move everything loaded so far (modules, models set up by the task) out of the collector's reach.

    The garbage collector's full passes would otherwise walk the models'
    containers again and again during the run, in this process and in every
    forked worker, where walking them also copies the shared pages (the use
    ``gc.freeze`` is documented for). Only when nobody froze anything before:
    ``run`` unfreezes what it froze when it ends. True when it froze.
    """
    if gc.get_freeze_count():
        return False
    gc.freeze()
    return True


def run(items: Iterable[WorkItem], task: Task, sink: Sink, *, options: BatchOptions) -> BatchSummary:
    """Process ``items`` with ``task`` and write every record to ``sink``.

    The sink is closed when the run ends, also on error: that is when Parquet
    is converted and JSONL synced to disk. ``close`` is idempotent, so a
    caller's ``with open_sink(...)`` block around the run is harmless.

    Raises:
        BaogaoError: the task's ``setup`` failed (e.g. a model is missing), or the engine is unavailable.
    """
    started = time.perf_counter()
    try:
        todo = list(items)
        if options.resume:  # skipping compares content keys: items planned without them get them now
            todo = [_keyed(it) for it in todo]
        done_keys = sink.done_keys() if options.resume else set()
        entries = [(i, item) for i, item in enumerate(it for it in todo if (it.id, it.key) not in done_keys)]
        skipped = len(todo) - len(entries)
        with _progress(options.progress, total=len(entries), name=getattr(task, "name", "batch")) as advance:
            emitter = _Emitter(sink=sink, ordered=options.ordered, on_item=advance, on_failure=options.on_failure)
            if entries:
                backend = _open_backend(task, options, len(entries))
                frozen = _freeze_loaded_objects()
                try:
                    _drive(backend, entries, emitter, options.chunk_size)
                finally:
                    backend.close()
                    if frozen:
                        gc.unfreeze()
    finally:
        sink.close()
    return BatchSummary(
        ok=emitter.ok,
        failed=emitter.failed,
        skipped=skipped,
        records=emitter.records,
        chars=emitter.chars,
        seconds=time.perf_counter() - started,
    )


# --------------------------------------------------------------------------- progress


class _progress:
    """Context manager yielding ``advance(item)``: a rich bar on stderr, or nothing in quiet mode."""

    def __init__(self, enabled: bool | None, *, total: int, name: str) -> None:
        self._enabled = sys.stderr.isatty() if enabled is None else enabled
        self._total, self._name = total, name
        self._bar: Any = None

    def __enter__(self) -> Callable[[WorkItem], None]:
        if not self._enabled:
            return lambda item: None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self._bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("docs"),
            TextColumn("{task.fields[rate]}"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
        )
        self._bar.start()
        task_id = self._bar.add_task(self._name, total=self._total, chars=0, rate="")
        started = time.perf_counter()

        def advance(item: WorkItem) -> None:
            chars = self._bar.tasks[0].fields["chars"] + item.size
            rate = chars / max(time.perf_counter() - started, 1e-9)
            self._bar.update(task_id, advance=1, chars=chars, rate=f"{rate:,.0f} chars/s")

        return advance

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()

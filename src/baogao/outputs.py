"""Output sinks for batch runs: JSONL, CSV and Parquet, resumable and loss-free.

A batch over thousands of files may be killed at any moment (Ctrl-C, OOM
killer, ``kill -9``). The sinks are therefore append-only and flushed after
every ``write`` call, and every record carries ``id`` and ``key`` (the content
hash of its input), so that a rerun with ``resume=True`` can

1. repair the file: a torn last line (a record half-written when the process
   died) is truncated away, and
2. report the ``(id, key)`` pairs already present (:meth:`Sink.done_keys`), so
   the engine skips exactly the inputs that are done and unchanged.

Without ``resume`` an existing output is overwritten: JSONL and CSV are
truncated when opened (the final path is written directly, which is safe
because the file is append-only), Parquet is deleted when opened and rewritten
atomically at :meth:`Sink.close`.

Parquet cannot be appended to, so records are journalled into
``OUT.parquet.partial.jsonl`` and converted when the sink is closed; a resumed
run reads the journal (and a finished ``OUT.parquet``, if any) back.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Protocol, Self

from baogao.errors import OutputClosed, UsageError

__all__ = [
    "Columns",
    "CsvSink",
    "JsonlSink",
    "MemorySink",
    "ParquetSink",
    "Sink",
    "StdoutSink",
    "flatten_record",
    "open_sink",
    "repair_jsonl",
]

Columns = Callable[[dict], dict] | Sequence[str] | None
"""How to flatten records for CSV/Parquet: a function ``dict -> dict``, a list of column names, or None."""

FORMATS: dict[str, str] = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet"}
JOURNAL_SUFFIX = ".partial.jsonl"
EXTRA_COLUMN = "extra"


class Sink(Protocol):
    """Where batch records go. ``write`` must be durable against a killed process once it returns."""

    def write(self, records: list[dict]) -> None: ...

    def close(self) -> None: ...

    def done_keys(self) -> set[tuple[str, str]]: ...


def open_sink(
    path: Path | str | None,
    *,
    fmt: str | None = None,
    resume: bool = False,
    columns: Columns = None,
) -> Sink:
    """Open the sink for ``path``; the format comes from ``fmt`` or the suffix.

    Args:
        path: output file, or None for JSONL on standard output.
        fmt: "jsonl", "csv" or "parquet"; overrides the suffix.
        resume: keep (and repair) an existing output and report its done keys.
        columns: flattening for CSV/Parquet (ignored for JSONL, which keeps records whole).

    Raises:
        UsageError: unknown format, or ``resume`` without an output file.
    """
    if path is None:
        if resume:
            raise UsageError(None, "--resume needs an output file (-o OUT.jsonl)")
        if fmt not in (None, "jsonl"):
            raise UsageError(None, f"format {fmt!r} needs an output file")
        return StdoutSink()
    path = Path(path)
    from baogao.io.document import is_special_file

    if is_special_file(path):  # /dev/null, /dev/stdout, a named pipe
        if resume:
            raise UsageError(str(path), "--resume needs a regular output file")
        if (fmt or FORMATS.get(path.suffix.lower(), "jsonl")) != "jsonl":
            raise UsageError(str(path), "CSV and Parquet need a regular output file; a stream gets JSON Lines")
        return StdoutSink(open(path, "w", encoding="utf-8"), owned=True)
    kind = fmt or FORMATS.get(path.suffix.lower())
    if kind == "jsonl":
        return JsonlSink(path, resume=resume)
    if kind == "csv":
        return CsvSink(path, resume=resume, columns=columns)
    if kind == "parquet":
        return ParquetSink(path, resume=resume, columns=columns)
    raise UsageError(
        str(path), f"unknown output format {kind or path.suffix!r}; use .jsonl, .csv or .parquet"
    )


class _SinkBase:
    """Context-manager plumbing shared by the sinks: ``with open_sink(...) as sink``."""

    _f: IO
    _supersede: _Supersede

    def _close_file(
        self, path: Path, line_key: Callable[[bytes], tuple[str, str] | None] | None, skip: int = 0
    ) -> None:
        """Flush, fsync and close the appended file, then drop superseded lines (idempotent)."""
        if self._f.closed:
            return
        self._f.flush()
        os.fsync(self._f.fileno())
        self._f.close()
        if line_key is not None:
            self._supersede.compact(path, line_key, skip=skip)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- JSONL


def repair_jsonl(path: Path, *, drop_torn_item: bool = True) -> int:
    """Truncate a torn last line (no trailing newline) and return how many bytes were cut.

    Lines are written in order, so only the tail can be torn, and a line is
    complete exactly when its newline reached the file. An input may yield
    several records (one per paragraph); with ``drop_torn_item`` the complete
    lines just before a torn one that share the last complete line's
    ``(id, key)`` are cut too, so a half-written item is redone rather than
    taken as done. At worst one finished item is redone.
    """
    return _repair_tail(path, _line_key if drop_torn_item else None)


def _repair_tail(
    path: Path, line_key: Callable[[bytes], tuple[str, str] | None] | None, floor: int = 0
) -> int:
    """Cut a torn last line, and with ``line_key`` the rest of its item (never before ``floor``)."""
    with open(path, "r+b") as f:
        size = f.seek(0, os.SEEK_END)
        if size == 0:
            return 0
        f.seek(size - 1)
        if f.read(1) == b"\n":
            return 0
        keep = _last_newline_end(f, size)
        if line_key is not None and keep > floor:
            keep = _start_of_last_item(f, keep, line_key, floor)
        f.truncate(keep)
        return size - keep


def _start_of_last_item(
    f: IO[bytes], end: int, line_key: Callable[[bytes], tuple[str, str] | None], floor: int
) -> int:
    """Offset where the trailing run of lines with the same ``(id, key)`` as the line ending at ``end`` starts."""
    last: tuple[str, str] | None = None
    start = end
    while start > floor:
        line_start = _last_newline_end(f, start - 1)
        f.seek(line_start)
        ident = line_key(f.read(start - line_start))
        if ident is None or (last is not None and ident != last):
            break
        last, start = ident, line_start
    return start


def _last_newline_end(f: IO[bytes], size: int, *, block: int = 1 << 16) -> int:
    """Offset just after the last ``\\n`` in ``f`` (0 when there is none), scanning backwards."""
    pos = size
    while pos > 0:
        start = max(0, pos - block)
        f.seek(start)
        chunk = f.read(pos - start)
        i = chunk.rfind(b"\n")
        if i >= 0:
            return start + i + 1
        pos = start
    return 0


def _iter_jsonl(path: Path) -> Iterator[dict]:
    """Records of a JSONL file, skipping blank and unparseable lines (they are simply not 'done')."""
    with open(path, "rb") as f:
        for line in f:
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if isinstance(record, dict):
                yield record


def _record_key(record: dict) -> tuple[str, str] | None:
    """The resume identity of a record; ids are compared as strings (JSONL ids may be ints)."""
    if record.get("id") is None or record.get("key") in (None, ""):
        return None
    return str(record["id"]), str(record["key"])


def _keys_of(records: Iterator[dict]) -> set[tuple[str, str]]:
    return {k for r in records if (k := _record_key(r)) is not None}


def _is_error(record: dict) -> bool:
    """An error record (the input could not be processed); CSV cells hold the list as JSON text."""
    errors = record.get("errors")
    if isinstance(errors, str):
        return errors.strip() not in ("", "[]")
    return bool(errors)


def _done_and_failed(records: Iterator[dict]) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """``(done, failed)``: pairs with a result, and pairs that have only error records.

    A resumed run skips the first and retries the second: a failure may have
    been passing (a worker killed for memory, a file still being copied).
    """
    done: set[tuple[str, str]] = set()
    failed: set[tuple[str, str]] = set()
    for r in records:
        if (k := _record_key(r)) is not None:
            (failed if _is_error(r) else done).add(k)
    return done, failed - done


def _dumps(records: list[dict]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")


class JsonlSink(_SinkBase):
    """One JSON object per line, appended and flushed per ``write`` (one ``write`` syscall per chunk)."""

    def __init__(self, path: Path, *, resume: bool = False) -> None:
        self.path = Path(path)
        self.repaired_bytes = 0
        self._done: set[tuple[str, str]] = set()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        failed: set[tuple[str, str]] = set()
        if resume and self.path.exists():
            self.repaired_bytes = repair_jsonl(self.path)
            self._done, failed = _done_and_failed(_iter_jsonl(self.path))
            self._f = open(self.path, "ab")  # noqa: SIM115 - the sink owns the handle until close()
        else:
            self._f = open(self.path, "wb")  # noqa: SIM115
        self._supersede = _Supersede(self._done, failed, floor=self._f.tell())

    def write(self, records: list[dict]) -> None:
        if records:
            self._f.write(_dumps(records))
            self._f.flush()
            self._supersede.note(records)

    @property
    def superseded(self) -> int:
        """How many (id, key) pairs of a resumed file were replaced by new content."""
        return len(self._supersede.stale)

    def done_keys(self) -> set[tuple[str, str]]:
        return set(self._done)

    def close(self) -> None:
        """Flush and fsync; after a resume, rewrite once without superseded records (see ``_Supersede``)."""
        self._close_file(self.path, _line_key)


class _Supersede:
    """Tracks records of a resumed output whose input changed, and removes them once at close.

    Why: each id must appear once in the result. Appending keeps a killed run
    loss-free; the old record of a changed input is only dropped after its
    replacement is safely on disk (rewrite to a temporary file, then atomic replace).
    """

    def __init__(
        self, done: set[tuple[str, str]], failed: set[tuple[str, str]] | None = None, *, floor: int = 0
    ) -> None:
        self._done = done
        self._failed = failed or set()
        self._floor = floor  # bytes of the file at open: older error lines of a retried pair go
        self._old: dict[str, set[str]] | None = None  # id -> keys present at open, built on demand
        self.stale: set[tuple[str, str]] = set()
        self.retried: set[tuple[str, str]] = set()

    def note(self, records: list[dict]) -> None:
        if not self._done and not self._failed:
            return
        if self._old is None:
            self._old = {}
            for ident, key in self._done | self._failed:
                self._old.setdefault(ident, set()).add(key)
        for r in records:
            if (pair := _record_key(r)) is not None:
                ident, key = pair
                self.stale |= {(ident, old) for old in self._old.get(ident, ()) if old != key}
                if pair in self._failed:
                    self.retried.add(pair)

    def compact(
        self, path: Path, line_key: Callable[[bytes], tuple[str, str] | None], *, skip: int = 0
    ) -> None:
        """Rewrite ``path`` without stale lines; the first ``skip`` lines (a header) are kept as they are.

        Stale: every line of a pair whose input changed, and the error lines
        (written before this run) of a pair this run retried.
        """
        if not self.stale and not self.retried:
            return
        path = Path(os.path.realpath(path))  # through a symlink: rewrite the file it points to, keep the link
        tmp = path.with_name(path.name + ".tmp")
        with open(path, "rb") as src, open(tmp, "wb") as dst:
            offset = 0
            for n, line in enumerate(src):
                old = offset < self._floor
                offset += len(line)
                pair = line_key(line) if n >= skip else None
                if pair is not None and (pair in self.stale or (old and pair in self.retried)):
                    continue
                dst.write(line)
            dst.flush()
            os.fsync(dst.fileno())
        os.replace(tmp, path)


def _line_key(line: bytes) -> tuple[str, str] | None:
    try:
        record = json.loads(line)
    except ValueError:
        return None
    return _record_key(record) if isinstance(record, dict) else None


def to_devnull(stream: IO[str]) -> None:
    """Point a stream whose reader went away (``| head``) at the null device, so no later write or
    flush (ours, or the interpreter's at exit) raises BrokenPipeError again."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
    except (OSError, ValueError):
        pass


class StdoutSink(_SinkBase):
    """JSONL on standard output, for pipes (``baogao extract dir/ | jq``), or on a stream the
    user named (``-o /dev/null``, a named pipe); never resumable."""

    def __init__(self, stream: IO[str] | None = None, *, owned: bool = False) -> None:
        self._stream = stream or sys.stdout
        self._owned = owned

    def write(self, records: list[dict]) -> None:
        try:
            for r in records:
                self._stream.write(json.dumps(r, ensure_ascii=False) + "\n")
            self._stream.flush()
        except BrokenPipeError:  # `baogao extract dir | head`: the reader has gone
            self._discard()
            raise OutputClosed from None

    def _discard(self) -> None:
        to_devnull(self._stream)

    def done_keys(self) -> set[tuple[str, str]]:
        return set()

    def close(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            self._discard()
        if self._owned:
            self._stream.close()


class MemorySink(_SinkBase):
    """Records kept in a list (``sink.records``), for commands that render a report at the end."""

    def __init__(self) -> None:
        self.records: list[dict] = []

    def write(self, records: list[dict]) -> None:
        self.records.extend(records)

    def done_keys(self) -> set[tuple[str, str]]:
        return set()

    def close(self) -> None:
        pass


# --------------------------------------------------------------------------- flattening


def _cell(value: Any) -> str:
    """One list element as text: scalars as themselves, nested values as compact JSON."""
    if isinstance(value, str):
        return value
    if value is None or isinstance(value, bool | int | float):
        return json.dumps(value)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def flatten_record(record: dict) -> dict[str, str | int | float | bool | None]:
    """Make a record tabular: scalars stay, lists are joined with ';', dicts become JSON.

    Why: spreadsheets and pandas read flat columns; the full nested record is
    what JSONL is for.
    """
    flat: dict[str, str | int | float | bool | None] = {}
    for name, value in record.items():
        if isinstance(value, list | tuple):
            flat[name] = ";".join(_cell(v) for v in value)
        elif isinstance(value, dict):
            flat[name] = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        else:
            flat[name] = value
    return flat


def _apply_columns(record: dict, columns: Columns) -> dict:
    """The caller's flattening, always keeping ``id`` and ``key`` so resume works."""
    if callable(columns):
        row = dict(columns(record))
    elif columns is not None:
        row = {c: record.get(c) for c in columns}
    else:
        row = dict(record)
    ident = {"id": record.get("id"), "key": record.get("key")}
    return ident | {k: v for k, v in row.items() if k not in ident}


# --------------------------------------------------------------------------- CSV


def _csv_value(value: Any) -> Any:
    """CSV cell; line breaks become spaces so that one row is one physical line (torn rows are then detectable)."""
    if isinstance(value, str):
        return value.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    return "" if value is None else value


def _same_columns(path: Path, found: Sequence[str] | None, columns: Columns) -> None:
    """A resumed table must get the rows it already holds (``tag --by document`` vs ``--by paragraph``)."""
    if found is None or columns is None or callable(columns):
        return
    wanted = ["id", "key", *(c for c in columns if c not in ("id", "key"))]
    if list(found) != wanted:
        raise UsageError(str(path), "--resume into a table with other columns (written with another --by or "
                                    "--themes?); give a new output file")


class CsvSink(_SinkBase):
    """CSV with one header; a resumed run reuses the existing header and appends.

    Without an explicit column list the header is taken from the first record;
    keys that appear only later are kept as JSON in a trailing ``extra`` column
    instead of being dropped.
    """

    def __init__(self, path: Path, *, resume: bool = False, columns: Columns = None) -> None:
        self.path = Path(path)
        self._columns = columns
        self._header: list[str] | None = None
        self._done: set[tuple[str, str]] = set()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        failed: set[tuple[str, str]] = set()
        if resume and self.path.exists():
            self._repair()
            try:
                self._header, self._done, failed = self._read_back()
            except (UnicodeDecodeError, csv.Error) as exc:
                raise UsageError(str(self.path), f"--resume: not a table this command wrote ({type(exc).__name__}); "
                                                 "give a new output file") from None
            _same_columns(self.path, self._header, columns)
            self._f = open(self.path, "a", encoding="utf-8", newline="")  # noqa: SIM115 - owned until close()
        else:
            self._f = open(self.path, "w", encoding="utf-8", newline="")  # noqa: SIM115
        self._writer = csv.writer(self._f, lineterminator="\n")
        self._supersede = _Supersede(self._done, failed, floor=self._f.tell())

    def _repair(self) -> None:
        """Cut a torn row and the rest of its item; rows are one physical line each (see ``_csv_value``)."""
        with open(self.path, "rb") as f:
            first = f.readline()
        if not first.endswith(b"\n"):
            self.path.write_bytes(b"")  # not even a whole header
            return
        _repair_tail(self.path, _csv_line_key(_csv_fields(first)), floor=len(first))

    def _read_back(self) -> tuple[list[str] | None, set[tuple[str, str]], set[tuple[str, str]]]:
        with open(self.path, encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            done, failed = _done_and_failed(row for row in reader if row.get("id") and row.get("key"))
            return (list(reader.fieldnames) if reader.fieldnames else None), done, failed

    def _make_header(self, row: dict) -> list[str]:
        names = list(row)
        if self._columns is None or callable(self._columns):
            names.append(EXTRA_COLUMN)
        return names

    def write(self, records: list[dict]) -> None:
        if not records:
            return
        rows = [flatten_record(_apply_columns(r, self._columns)) for r in records]
        if self._header is None:
            self._header = self._make_header(rows[0])
            self._writer.writerow(self._header)
        known = set(self._header)
        for row in rows:
            extra = {k: v for k, v in row.items() if k not in known}
            if extra and EXTRA_COLUMN in known:
                row[EXTRA_COLUMN] = json.dumps(extra, ensure_ascii=False, separators=(",", ":"))
            self._writer.writerow([_csv_value(row.get(name)) for name in self._header])
        self._f.flush()
        self._supersede.note(records)

    def done_keys(self) -> set[tuple[str, str]]:
        return set(self._done)

    def close(self) -> None:
        self._close_file(self.path, _csv_line_key(self._header) if self._header is not None else None, skip=1)


def _csv_fields(line: bytes) -> list[str]:
    return next(csv.reader([line.decode("utf-8", errors="replace")]), [])


def _csv_line_key(header: list[str]) -> Callable[[bytes], tuple[str, str] | None]:
    """``(id, key)`` of one CSV line, given the file's header."""
    try:
        i, k = header.index("id"), header.index("key")
    except ValueError:
        return lambda line: None

    def key_of(line: bytes) -> tuple[str, str] | None:
        fields = _csv_fields(line)
        if len(fields) != len(header) or not fields[i] or not fields[k]:
            return None
        return fields[i], fields[k]

    return key_of


# --------------------------------------------------------------------------- Parquet


def _import_pyarrow() -> Any:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise UsageError(None, "Parquet output needs pyarrow: pip install 'baogao[parquet]'") from exc
    return pa, pq


def _has_empty_struct(arrow_type: Any, pa: Any) -> bool:
    """Parquet cannot store a struct without fields (what ``{}`` infers to)."""
    if pa.types.is_struct(arrow_type):
        return arrow_type.num_fields == 0 or any(
            _has_empty_struct(arrow_type.field(i).type, pa) for i in range(arrow_type.num_fields)
        )
    if pa.types.is_list(arrow_type) or pa.types.is_large_list(arrow_type):
        return _has_empty_struct(arrow_type.value_type, pa)
    return False


def _arrow_column(values: list[Any], pa: Any) -> Any:
    """Native Arrow type when the values agree on one; JSON text otherwise (mixed or empty structs)."""
    try:
        array = pa.array(values)
        if not _has_empty_struct(array.type, pa):
            return array
    except (pa.lib.ArrowInvalid, pa.lib.ArrowTypeError, pa.lib.ArrowNotImplementedError):
        pass
    return pa.array([v if v is None or isinstance(v, str) else _cell(v) for v in values], type=pa.string())


def _table_from_rows(rows: list[dict], pa: Any) -> Any:
    names: dict[str, None] = {"id": None, "key": None}  # present even in an empty table
    for row in rows:
        names.update(dict.fromkeys(row))
    return pa.table({n: _arrow_column([row.get(n) for row in rows], pa) for n in names})


def _without_superseded(old: list[dict], new: list[dict]) -> list[dict]:
    """Old rows minus those whose id reappears in ``new`` with another content key, and old error rows redone."""
    fresh = {(str(r.get("id")), str(r.get("key"))) for r in new}
    fresh_ids = {i for i, _ in fresh}
    out = []
    for r in old:
        pair = (str(r.get("id")), str(r.get("key")))
        if pair[0] in fresh_ids and (pair not in fresh or _is_error(r)):
            continue
        out.append(r)
    return out


class ParquetSink(_SinkBase):
    """Parquet written at close from a JSONL journal, so a killed run loses nothing and can resume."""

    def __init__(self, path: Path, *, resume: bool = False, columns: Columns = None) -> None:
        self._pa, self._pq = _import_pyarrow()
        self.path = Path(os.path.realpath(path))  # written by rename: through a symlink, onto its target
        self.journal_path = self.path.with_name(self.path.name + JOURNAL_SUFFIX)
        self._columns = columns
        self._closed = False
        self._base_done: set[tuple[str, str]] = set()
        self._has_base = resume and self.path.exists() and self.path.stat().st_size > 0  # empty: nothing to keep
        if self._has_base:
            try:
                schema = self._pq.read_schema(self.path)
            except (self._pa.ArrowException, OSError) as exc:
                raise UsageError(str(self.path), f"--resume: not a Parquet table this command wrote "
                                                 f"({str(exc).splitlines()[0] if str(exc) else type(exc).__name__}); "
                                                 "give a new output file") from None
            names = set(schema.names)
            _same_columns(self.path, schema.names, columns)
            table = self._pq.read_table(self.path, columns=[c for c in ("id", "key", "errors") if c in names])
            self._base_done, _ = _done_and_failed(iter(table.to_pylist()))
        elif self.path.exists():
            self.path.unlink()  # overwrite: a stale file must not be merged by a later --resume
        self._journal = JsonlSink(self.journal_path, resume=resume)

    def write(self, records: list[dict]) -> None:
        self._journal.write(records)

    def done_keys(self) -> set[tuple[str, str]]:
        return self._base_done | self._journal.done_keys()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._journal.close()
        rows = [_apply_columns(r, self._columns) for r in _iter_jsonl(self.journal_path)]
        if self._has_base:
            if not rows:
                self.journal_path.unlink()
                return
            rows = _without_superseded(self._pq.read_table(self.path).to_pylist(), rows) + rows
        tmp = self.path.with_name(self.path.name + ".tmp")
        self._pq.write_table(_table_from_rows(rows, self._pa), tmp)
        os.replace(tmp, self.path)
        self.journal_path.unlink()

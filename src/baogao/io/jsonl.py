"""JSON Lines: one document per record ``{"id": ..., "text": ..., ...}``.

Archives of scraped reports are often JSONL; one bad line must not cost the
other records, so records and per-line errors are yielded in file order.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from baogao.errors import ReadError, UsageError
from baogao.io.detect import decode_text
from baogao.io.document import RawDocument

__all__ = ["iter_jsonl", "json_objects", "record_lines", "record_text"]


def record_text(record: dict, *, where: str | None) -> str:
    """The record's ``text``; a ReadError when it is missing, not a string, or blank."""
    text = record.get("text")
    if not isinstance(text, str):
        raise ReadError(where, 'no "text" string in the record')
    if not text.strip():
        raise ReadError(where, 'empty "text"')
    return text


def _record(line: str, *, where: str, path: Path, encoding: str) -> RawDocument:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ReadError(where, f"invalid JSON: {exc.msg} (column {exc.colno})") from None
    if not isinstance(record, dict):
        raise ReadError(where, f"a record must be a JSON object, not {type(record).__name__}")
    text = record_text(record, where=where)
    doc_id = record.get("id")
    meta = {k: v for k, v in record.items() if k not in ("id", "text")}
    return RawDocument(
        id=str(doc_id) if doc_id is not None else where,
        text=text,
        source=str(path),
        encoding=encoding,
        format="jsonl",
        meta=meta,
    )


def record_lines(content: str) -> Iterator[tuple[int, str]]:
    """``(line number, line)`` of the non-blank lines of decoded JSONL, blanks and a stray BOM
    stripped. Lines are split on LF only: JSON strings may legally hold raw U+2028, which
    ``str.splitlines`` would treat as a line break."""
    for number, line in enumerate(content.split("\n"), start=1):
        line = line.strip("\r\t \ufeff")
        if line:
            yield number, line


def iter_jsonl(path: Path, data: bytes) -> Iterator[RawDocument | ReadError]:
    """Records and per-line errors (named "path:line N") of one ``.jsonl`` file, in order
    (lines as :func:`record_lines` gives them)."""
    content, encoding = decode_text(data, path=path)
    for number, line in record_lines(content):
        where = f"{path}:line {number}"
        try:
            yield _record(line, where=where, path=path, encoding=encoding)
        except ReadError as err:
            yield err


def json_objects(path: Path | str) -> Iterator[tuple[int, dict]]:
    """``(line number, object)`` of a JSONL file the user gave as data (gold, predictions, training).

    Unlike :func:`iter_jsonl`, which reads inputs and lets a batch go on past a bad
    record, a data file is all or nothing: a line that is not a JSON object, or a
    file that cannot be read, is a one-line UsageError naming ``path:line``.
    """
    try:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise UsageError(f"{path}:{n}", f"not JSON ({exc.msg})") from None
                if not isinstance(rec, dict):
                    raise UsageError(f"{path}:{n}", "not a JSON object")
                yield n, rec
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(str(path), f"cannot read: {getattr(exc, 'strerror', None) or exc}") from None

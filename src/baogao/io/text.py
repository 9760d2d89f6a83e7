"""Plain text and Markdown: decode, nothing else (normalisation comes later, with its offset map)."""

from __future__ import annotations

from pathlib import Path

from baogao.io.detect import decode_text
from baogao.io.document import RawDocument


def read_text(path: Path, data: bytes) -> list[RawDocument]:
    """One document per ``.txt`` / ``.md`` file, decoded as described in :mod:`baogao.io.detect`."""
    text, encoding = decode_text(data, path=path)
    return [RawDocument(id=str(path), text=text, source=str(path), encoding=encoding, format="txt")]

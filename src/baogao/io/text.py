"""Plain text and Markdown: decode, nothing else (normalisation comes later, with its offset map)."""

from __future__ import annotations

from pathlib import Path

from baogao.io.detect import BYTE_ORDER_MARKS, byte_order_mark, decode_text
from baogao.io.document import RawDocument


def read_text(path: Path, data: bytes) -> list[RawDocument]:
    """One document per ``.txt`` / ``.md`` file, decoded as described in :mod:`baogao.io.detect`."""
    text, encoding = decode_text(data, path=path)
    return [RawDocument(id=str(path), text=text, source=str(path), encoding=encoding, format="txt",
                        bom=byte_order_mark(data))]


def encode_like(text: str, encoding: str, bom: bytes = b"") -> tuple[bytes, str]:
    """Encode ``text`` as the file it came from was: same encoding, same byte-order mark.

    Args:
        text: the (masked) text.
        encoding: what :func:`~baogao.io.detect.decode_text` reported for the original.
        bom: the original's byte-order mark (:func:`~baogao.io.detect.byte_order_mark`),
            which also says the byte order of a UTF-16/32 file.

    Returns:
        ``(data, written)``: ``written`` names the encoding used. A text the original
        encoding cannot hold (a legacy code page without ``×``) falls back to UTF-8,
        and ``written`` says so; a lossy decode ("gb18030+replace") is written cleanly.
    """
    codec = next((c for b, c, _name in BYTE_ORDER_MARKS if bom and b == bom), None)
    if codec is not None:
        try:
            return bom + text.encode(codec), encoding
        except UnicodeEncodeError:
            pass
    codec = encoding.split("+", 1)[0]  # "utf-16" without a known BOM: Python writes one
    try:
        return text.encode(codec), codec
    except (LookupError, UnicodeEncodeError):
        return text.encode("utf-8"), "utf-8"

"""Bytes → text for plain-text inputs, and the checks that tell text from binary.

Chinese reports come as UTF-8, as GB18030/GBK (older government sites and
Windows tools), and now and then as UTF-16 saved by Word or Notepad. The order
below is chosen so that each test is decisive before the next, looser one runs:
a BOM is proof; strict UTF-8 almost never succeeds by accident on other
encodings; the NUL pattern is what tells UTF-16 apart; strict GB18030 accepts
most byte soups, so it comes late; charset-normalizer guesses, so it is last.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from baogao.errors import ReadError

__all__ = ["check_text", "decode_text", "sniff_binary"]

BYTE_ORDER_MARKS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),  # before UTF-16 LE: FF FE 00 00 starts with FF FE
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)

#: Signatures of common binary formats, so that a renamed archive or image gets a clear message.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a zip archive (.docx/.xlsx?)"),
    (b"%PDF-", "a PDF"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x7fELF", "an executable"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office file (.doc/.xls)"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7z archive"),
)

#: Above this share of NUL bytes (and more than a handful), text is "NUL-riddled":
#: a few stray NULs are tolerated (normalize strips them), a NUL after every
#: character means a broken conversion that would yield garbage.
_NUL_SHARE = 0.02
_NUL_FEW = 8
#: Above this share of control characters / U+FFFD, decoded "text" is binary.
_CTRL_SHARE = 0.05
#: At most this share of U+FFFD is accepted from a lossy UTF-8/GB18030 decode.
_LOSSY_SHARE = 0.005
_CTRL_RE = re.compile("[\x01-\x08\x0e-\x1f\x7f\ufffd]")
# Characters a Chinese or English report is made of; used to judge a BOM-less UTF-16 guess.
_PLAUSIBLE_RE = re.compile(
    "[\t\n\r\x20-\x7e\u00a0-\u00ff\u2000-\u206f\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"
)


def sniff_binary(data: bytes) -> str | None:
    """Name of the binary format ``data`` starts with, if any."""
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    return None


def check_text(text: str, *, path: str | Path) -> None:
    """Raise ReadError if decoded text is mostly control characters (i.e. binary)."""
    if not text:
        return
    sample = text[:200_000]
    bad = len(_CTRL_RE.findall(sample))
    if bad > _NUL_FEW and bad / len(sample) > _CTRL_SHARE:
        raise ReadError(path, f"binary content ({bad / len(sample):.0%} control characters)")


def _nul_riddled(nul: int, size: int) -> bool:
    return nul > _NUL_FEW and nul / size > _NUL_SHARE


def _try_utf16(data: bytes) -> tuple[str, str] | None:
    """Decode BOM-less UTF-16 when the NUL bytes sit on one parity and the result reads as text.

    ASCII characters (line breaks, digits) have a zero high byte, so UTF-16 LE
    text has its NULs at odd offsets, BE at even ones. The decoded text must
    also be made of plausible characters: the wrong byte order yields code
    points from unrelated scripts.
    """
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    order = ("utf-16-le", "utf-16-be") if odd >= even else ("utf-16-be", "utf-16-le")
    for codec in order:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        sample = text[:100_000]
        if sample and len(_PLAUSIBLE_RE.findall(sample)) / len(sample) >= 0.9:
            return text, codec
    return None


def byte_order_mark(data: bytes) -> bytes:
    """The byte-order mark ``data`` starts with, or b""."""
    return next((bom for bom, _codec, _name in BYTE_ORDER_MARKS if data.startswith(bom)), b"")


def decode_text(data: bytes, *, path: str | Path) -> tuple[str, str]:
    """Decode the bytes of a plain-text file.

    Args:
        data: the file's bytes (non-empty).
        path: for error messages.

    Returns:
        ``(text, encoding)`` where encoding names what was used: "utf-8",
        "utf-8-sig", "utf-16", "utf-32", "utf-16-le", "gb18030",
        "gb18030+replace" (a few corrupt bytes became U+FFFD), or
        charset-normalizer's name.

    Raises:
        ReadError: binary content, NUL-riddled text, or no encoding fits.
    """
    for bom, codec, name in BYTE_ORDER_MARKS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                raise ReadError(path, f"invalid {name} after its byte-order mark: {exc.reason}") from None
            check_text(text, path=path)
            return text, name

    kind = sniff_binary(data)
    if kind:
        raise ReadError(path, f"binary content (looks like {kind})")

    nul = data.count(0)
    utf8: str | None
    try:
        utf8 = data.decode("utf-8")
    except UnicodeDecodeError:
        utf8 = None
    if utf8 is not None and not _nul_riddled(nul, len(data)):
        check_text(utf8, path=path)
        return utf8, "utf-8"
    if nul:
        utf16 = _try_utf16(data)
        if utf16:
            check_text(utf16[0], path=path)
            return utf16
    if _nul_riddled(nul, len(data)):
        stripped = data.replace(b"\x00", b"")
        for codec in ("utf-8", "gb18030"):
            try:
                stripped.decode(codec)
            except UnicodeDecodeError:
                continue
            raise ReadError(path, f"NUL-riddled text ({nul / len(data):.0%} NUL bytes; a broken conversion?)")
        raise ReadError(path, f"binary content ({nul / len(data):.0%} NUL bytes)")

    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    else:
        big5 = _big5_instead(data, text)
        if big5 is not None:
            check_text(big5, path=path)
            return big5, "cp950"
        check_text(text, path=path)
        return text, "gb18030"
    lossy = _lossy(data)
    if lossy:
        return lossy
    return _guess(data, path=path)


_HAN_OR_PRIVATE_RE = re.compile(r"[\u3400-\u9fff\ue000-\uf8ff]")
_PRIVATE_RE = re.compile(r"[\ue000-\uf8ff]")


def _big5_instead(data: bytes, gb_text: str) -> str | None:
    """The Big5 (cp950) reading of bytes that also decode as GB18030, when that is what they are.

    GB18030 accepts almost any byte pairs, so Traditional Chinese in Big5 decodes
    "cleanly" into nonsense. Simplified Chinese written in GB keeps nearly all its
    Han characters inside GB2312 (at most 0.01 % outside it in the 50 government
    reports); Big5 read as GB18030 puts most of them outside it, or into the
    private-use area. Such a text is read as Big5 when that decodes strictly.
    """
    han = _HAN_OR_PRIVATE_RE.findall(gb_text[:4000])
    if len(han) < 4:
        return None
    outside = 0
    for ch in han:
        try:
            ch.encode("gb2312")
        except UnicodeEncodeError:
            outside += 1
    if outside < 0.3 * len(han):
        return None
    try:
        text = data.decode("cp950")
    except UnicodeDecodeError:
        return None
    return None if _PRIVATE_RE.search(text) else text


def _lossy(data: bytes) -> tuple[str, str] | None:
    """UTF-8 or GB18030 with a few bad bytes replaced by U+FFFD ("utf-8+replace", "gb18030+replace").

    Scraped archives often hold one corrupted byte in an otherwise clean file;
    losing a character is better than losing the report. More than
    _LOSSY_SHARE replacements means the guess is wrong.
    """
    best: tuple[int, str, str] | None = None
    for codec in ("utf-8", "gb18030"):
        text = data.decode(codec, errors="replace")
        bad = text.count("\ufffd")
        if bad <= _LOSSY_SHARE * len(text) and (best is None or bad < best[0]):
            best = (bad, text, f"{codec}+replace")
    if best is None or len(_CTRL_RE.findall(best[1][:200_000])) > _CTRL_SHARE * min(len(best[1]), 200_000):
        return None
    return best[1], best[2]


def _guess(data: bytes, *, path: str | Path) -> tuple[str, str]:
    """Last resort: charset-normalizer's best guess, still checked for binary content."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise ReadError(path, "binary content or unknown encoding (not UTF-8, UTF-16 or GB18030)")
    text = str(best)
    check_text(text, path=path)
    return text, best.encoding

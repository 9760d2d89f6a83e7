"""PDF: pdfminer.six's layout text, one line per text line, blank runs collapsed."""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path

from baogao.errors import ReadError
from baogao.io.document import RawDocument

__all__ = ["read_pdf"]

_BLANK_RUN_RE = re.compile(r"\n{3,}")


def _tidy(text: str) -> str:
    """Page breaks become line breaks, trailing blanks go, at most one empty line in a row."""
    lines = [line.rstrip() for line in text.replace("\x0c", "\n").split("\n")]
    return _BLANK_RUN_RE.sub("\n\n", "\n".join(lines)).strip("\n")


def read_pdf(path: Path, data: bytes) -> list[RawDocument]:
    """One document per ``.pdf`` file; not a PDF, encrypted or damaged → ReadError."""
    if b"%PDF-" not in data[:1024]:
        raise ReadError(path, "not a PDF (no %PDF- header in the first 1024 bytes)")
    from pdfminer.high_level import extract_text
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # it warns per damaged object
    try:
        text = extract_text(io.BytesIO(data))
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise ReadError(path, f"encrypted PDF: {type(exc).__name__}") from None
    except Exception as exc:  # noqa: BLE001 - PDFSyntaxError, PSEOF, struct/zlib errors …: a damaged file
        cause = str(exc).splitlines()[0] if str(exc) else ""
        raise ReadError(path, f"not a valid .pdf: {type(exc).__name__}: {cause}".rstrip(": ")) from None
    return [RawDocument(id=str(path), text=_tidy(text), source=str(path), encoding="pdf", format="pdf")]

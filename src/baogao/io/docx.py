"""Word documents: body paragraphs and table cells, in document order, one paragraph per line.

python-docx's ``Document.paragraphs`` skips tables, and work reports put their
figures in tables, so the body XML is walked directly: ``w:p`` is a line,
``w:tbl`` is walked cell by cell (nested tables too), ``w:sdt`` content
controls are entered.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from baogao.errors import ReadError
from baogao.io.document import RawDocument

__all__ = ["read_docx"]


def _block_texts(element: Any, qn: Any, paragraph_cls: Any) -> Iterator[str]:
    for child in element.iterchildren():
        if child.tag == qn("w:p"):
            text = paragraph_cls(child, None).text
            if text.strip():
                yield text
        elif child.tag == qn("w:tbl"):
            for row in child.iterchildren(qn("w:tr")):
                for cell in row.iterchildren(qn("w:tc")):
                    yield from _block_texts(cell, qn, paragraph_cls)
        elif child.tag in (qn("w:sdt"), qn("w:customXml")):
            content = child.find(qn("w:sdtContent"))
            yield from _block_texts(content if content is not None else child, qn, paragraph_cls)


def read_docx(path: Path, data: bytes) -> list[RawDocument]:
    """One document per ``.docx`` file; a damaged file raises ReadError "not a valid .docx: …"."""
    import docx
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
        lines = list(_block_texts(document.element.body, qn, Paragraph))
    except Exception as exc:  # noqa: BLE001 - zipfile.BadZipFile, KeyError, lxml errors, ValueError …: all mean "damaged"
        cause = str(exc).splitlines()[0] if str(exc) else ""
        raise ReadError(path, f"not a valid .docx: {type(exc).__name__}: {cause}".rstrip(": ")) from None
    return [
        RawDocument(id=str(path), text="\n".join(lines), source=str(path), encoding="docx", format="docx")
    ]

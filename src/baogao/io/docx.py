"""Word documents: headers and footers, then body paragraphs and table rows in document order.

python-docx's ``Document.paragraphs`` skips tables, and work reports put their
figures in tables, so the body XML is walked directly: ``w:p`` is a line, a
table row is a line of its cells joined by tabs (as the HTML reader does; a
cell's own paragraphs and nested tables are joined by spaces), ``w:sdt``
content controls are entered. The text of page headers and footers (often the
company's name, a hotline) comes first, each distinct line once, so that
``check`` sees everything a reader of the file sees; placed before the title it
reads as front matter (``other``) and leaves the body's section labels as they
were (placed after the body, the section model took it for part of the closing).
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
                cells = [" ".join(t.strip() for t in _block_texts(cell, qn, paragraph_cls))
                         for cell in row.iterchildren(qn("w:tc"))]
                if any(cells):
                    yield "\t".join(cells)
        elif child.tag in (qn("w:sdt"), qn("w:customXml")):
            content = child.find(qn("w:sdtContent"))
            yield from _block_texts(content if content is not None else child, qn, paragraph_cls)


def _margin_lines(document: Any, seen: set[str], qn: Any, paragraph_cls: Any) -> list[str]:
    """Lines of every header and footer (first-page and even-page ones too), each distinct one once."""
    out: list[str] = []
    for section in document.sections:
        for part in (section.first_page_header, section.header, section.even_page_header,
                     section.first_page_footer, section.footer, section.even_page_footer):
            if part.is_linked_to_previous:  # no definition of its own: the previous section's, or none
                continue
            for line in _block_texts(part._element, qn, paragraph_cls):
                if line not in seen:
                    seen.add(line)
                    out.append(line)
    return out


def read_docx(path: Path, data: bytes) -> list[RawDocument]:
    """One document per ``.docx`` file; a damaged file raises ReadError "not a valid .docx: …"."""
    import docx
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
        lines = list(_block_texts(document.element.body, qn, Paragraph))
        lines = _margin_lines(document, set(lines), qn, Paragraph) + lines
    except Exception as exc:  # noqa: BLE001 - zipfile.BadZipFile, KeyError, lxml errors, ValueError …: all mean "damaged"
        cause = str(exc).splitlines()[0] if str(exc) else ""
        raise ReadError(path, f"not a valid .docx: {type(exc).__name__}: {cause}".rstrip(": ")) from None
    return [
        RawDocument(id=str(path), text="\n".join(lines), source=str(path), encoding="docx", format="docx")
    ]

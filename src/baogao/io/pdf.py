"""PDF: pdfminer.six's layout, printed lines joined back into paragraphs, page furniture once.

A PDF has no paragraphs, only printed lines: a sentence, or a figure such as
``5.2%``, is cut wherever the line or the page ends. The reader puts them back:

* **Lines** come from pdfminer's text boxes in its reading order (text drawn
  inside figures too, as one line per figure).
* **Page furniture**: a one-line box among the first or last two of a page whose
  text, digits aside, is on two or more pages (a running header, a footer with
  the company's name) is read once, before the body, as the Word reader does
  with headers and footers; a bare page number (第1页 共3页, - 2 -, 3/12) is left out.
* **Wrapped lines**: a line that reaches the right edge of its box (within 2.5
  line heights; justified Chinese text ends exactly there) and does not end a
  sentence (。！？；：… or a closing quote or bracket) continues on the next body
  line, also across a page break, unless that line opens a numbered heading
  (一、 （一） 1. 第一部分). The two are joined without a break (a blank between two
  Latin letters).

With ``hidden_text`` (what ``check`` and ``mask`` read), the document information
(title, author, subject, keywords), the annotations' notes with their authors and
the links' targets come first, as the Word reader does with a file's properties and comments.

Every offset indexes the text built here, which is the document's text.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from baogao.errors import ReadError
from baogao.io.document import RawDocument, front_regions, unseen_lines
from baogao.structure import heading_marker

__all__ = ["read_pdf"]

_PAGE_NUMBER = re.compile(
    r"^\s*(?:第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|[-—－–]?\s*\d+\s*[-—－–]?|\d+\s*/\s*\d+"
    r"|(?:page|p\.)\s*\d+(?:\s*(?:of|/)\s*\d+)?)\s*$",
    re.IGNORECASE,
)
_ENDS_SENTENCE = tuple("。！？；：…”’」』）)】!?;:")
_OPENS_WITH_PUNCTUATION = re.compile(r"^[，。、；：！？）」』”%％,.;:!?)]")
_EDGE_TOLERANCE = 2.5  # line heights between a line's end and its box's right edge for a "full" line


@dataclass(frozen=True)
class _Line:
    text: str
    x1: float
    height: float


def _lines_of(element: Any) -> list[_Line]:
    """The printed lines of one layout element (a text box, or a figure's characters as one line)."""
    from pdfminer.layout import LTChar, LTFigure, LTTextBox, LTTextLine

    if isinstance(element, LTTextBox):
        out = []
        for line in element:
            if isinstance(line, LTTextLine):
                text = line.get_text().rstrip()
                if text.strip():
                    out.append(_Line(text, line.x1, line.height))
        return out
    if isinstance(element, LTFigure):
        chars = []

        def walk(node: Any) -> None:
            for child in node:
                if isinstance(child, LTChar):
                    chars.append(child.get_text())
                elif hasattr(child, "__iter__"):
                    walk(child)

        walk(element)
        text = "".join(chars).strip()
        return [_Line(text, element.x1, element.height)] if text else []
    return []


@dataclass
class _Read:
    """One pass over a PDF: its pages' boxes of lines, the pictures drawn on them and, when asked
    for, what it publishes besides them: the document information and the annotations' notes,
    authors and link targets."""

    pages: list[list[list[_Line]]]
    images: int
    hidden: list[str]


def _read(data: bytes, *, hidden_text: bool) -> _Read:
    """Pages → boxes → lines in pdfminer's reading order (its ``extract_pages`` with its defaults),
    reading the document information and each page's annotations in the same pass."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    document = PDFDocument(PDFParser(io.BytesIO(data)))
    resources = PDFResourceManager(caching=True)
    device = PDFPageAggregator(resources, laparams=LAParams())
    interpreter = PDFPageInterpreter(resources, device)
    out = _Read([], 0, _quietly(_info_lines, document) if hidden_text else [])
    for page in PDFPage.create_pages(document):
        interpreter.process_page(page)
        layout = device.get_result()
        out.pages.append([lines for lines in (_lines_of(el) for el in layout) if lines])
        out.images += _image_count(layout)
        if hidden_text:
            out.hidden += _quietly(_annotation_lines, page)
    out.hidden = [line for line in dict.fromkeys(out.hidden) if line]
    return out


def _quietly(read: Any, source: Any) -> list[str]:
    """``read(source)``, or nothing when that entry is damaged: the pages are read all the same."""
    try:
        return read(source)
    except Exception:  # noqa: BLE001 - a damaged info or annotation entry reads as none
        return []


def _image_count(node: Any) -> int:
    """Pictures drawn on a page (``LTImage``, also inside figures): text in them is no text layer."""
    from pdfminer.layout import LTImage

    if isinstance(node, LTImage):
        return 1
    return sum(_image_count(child) for child in node) if hasattr(node, "__iter__") else 0


def _furniture_key(text: str) -> str:
    """A one-line box's text with its numbers out: 第3期 on page 3 and 第4期 on page 4 are one header."""
    return re.sub(r"\d+", "#", text.strip())


def _furniture(pages: list[list[list[_Line]]]) -> set[str]:
    """Texts of the one-line boxes at the top or bottom of pages that recur on two or more pages."""
    if len(pages) < 2:
        return set()
    seen: dict[str, set[int]] = {}
    for n, boxes in enumerate(pages):
        for box in boxes[:2] + boxes[-2:]:
            if len(box) == 1:
                seen.setdefault(_furniture_key(box[0].text), set()).add(n)
    return {key for key, on in seen.items() if len(on) >= 2}


def _joiner(left: str, right: str) -> str:
    return " " if left[-1:].isascii() and left[-1:].isalpha() and right[:1].isascii() and right[:1].isalpha() else ""


def assemble(pages: list[list[list[_Line]]]) -> str:
    """The document text of a PDF's pages (see the module docstring)."""
    furniture = _furniture(pages)
    front: list[str] = []
    body: list[tuple[str, bool]] = []  # (line, continues on the next body line)
    for boxes in pages:
        page_right = max((line.x1 for box in boxes for line in box), default=0.0)
        for box in boxes:
            if len(box) == 1:
                text = box[0].text.strip()
                if _PAGE_NUMBER.match(text):
                    continue
                if _furniture_key(text) in furniture:
                    if text not in front:
                        front.append(text)
                    continue
            # a box of one line (pdfminer makes one per line when lines are spaced out) is
            # measured against the page's right edge, a longer box against its own
            right = max(line.x1 for line in box) if len(box) > 1 else page_right
            for line in box:
                full = line.x1 >= right - _EDGE_TOLERANCE * line.height
                body.append((line.text, full and not line.text.rstrip().endswith(_ENDS_SENTENCE)))
    out: list[str] = list(front)
    joining = False
    for text, continues in body:
        # a line never starts with a comma or a full stop in Chinese typesetting: it continues
        if out and (_OPENS_WITH_PUNCTUATION.match(text) or joining and heading_marker(text.strip()) is None):
            out[-1] += _joiner(out[-1], text.lstrip()) + text.lstrip()
        else:
            out.append(text)
        joining = continues
    return "\n".join(out)


#: Document information entries that hold text a person wrote (not the producing software).
_INFO_KEYS = ("Title", "Author", "Subject", "Keywords")


def _text_of(value: Any) -> str:
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    value = resolve1(value)
    if isinstance(value, bytes):
        value = decode_text(value)
    return " ".join(value.split()) if isinstance(value, str) else ""


def _info_lines(document: Any) -> list[str]:
    """The document information that holds text a person wrote (title, author, subject, keywords)."""
    return [_text_of(info.get(key)) for info in document.info for key in _INFO_KEYS]


def _annotation_lines(page: Any) -> list[str]:
    """A page's annotations: notes and their authors (sticky notes, comments), links' targets."""
    from pdfminer.pdftypes import resolve1

    lines: list[str] = []
    annotations = resolve1(page.annots) or []
    for annotation in annotations if isinstance(annotations, list) else []:
        annotation = resolve1(annotation)
        if isinstance(annotation, dict):
            lines += [_text_of(annotation.get("T")), _text_of(annotation.get("Contents"))]
            action = resolve1(annotation.get("A"))
            if isinstance(action, dict):  # a link's target: an intranet address behind its words
                lines.append(_text_of(action.get("URI")))
    return lines


def read_pdf(path: Path, data: bytes, *, hidden_text: bool = False) -> list[RawDocument]:
    """One document per ``.pdf`` file; not a PDF, encrypted or damaged → ReadError.

    ``hidden_text`` puts the document information and the annotations' notes, authors and link
    targets before the body, each distinct line once and none the body has.
    """
    if b"%PDF-" not in data[:1024]:
        raise ReadError(path, "not a PDF (no %PDF- header in the first 1024 bytes)")
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # it warns per damaged object
    try:
        read = _read(data, hidden_text=hidden_text)
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise ReadError(path, f"encrypted PDF: {type(exc).__name__}") from None
    except Exception as exc:  # noqa: BLE001 - PDFSyntaxError, PSEOF, struct/zlib errors …: a damaged file
        cause = str(exc).splitlines()[0] if str(exc) else ""
        raise ReadError(path, f"not a valid .pdf: {type(exc).__name__}: {cause}".rstrip(": ")) from None
    text = assemble(read.pages)
    if not text.strip():
        raise ReadError(path, "no text layer (scanned pages? baogao has no OCR)")
    front = unseen_lines(read.hidden, set(text.split("\n")))
    if front:
        text = "\n".join(front) + "\n" + text
    meta: dict[str, Any] = {"images": read.images}
    if front:
        meta["regions"] = front_regions([(front, "PDF information or annotation")])
    return [RawDocument(id=str(path), text=text, source=str(path), encoding="pdf", format="pdf", meta=meta)]

"""Word documents: headers and footers, then body paragraphs and table rows in document order.

python-docx's ``Document.paragraphs`` skips tables, and work reports put their
figures in tables, so the body XML is walked directly: ``w:p`` is a line, a
table row is a line of its cells joined by tabs (as the HTML reader does; a
cell's own paragraphs and nested tables are joined by spaces), ``w:sdt``
content controls are entered. Text boxes (``w:txbxContent``, which no
python-docx paragraph shows) are read after the paragraph that anchors them;
Word often writes a box twice, as a DrawingML ``mc:Choice`` and a VML
``mc:Fallback``, and only one of the two is read. The text of page headers and
footers (often the company's name, a hotline) comes first, each distinct line
once, so that ``check`` sees everything a reader of the file sees; placed
before the title it reads as front matter (``other``) and leaves the body's
section labels as they were (placed after the body, the section model took it
for part of the closing).

With ``hidden_text``, footnotes, endnotes and comments (their authors' names
too) are published with the file but are not body text: they follow the
headers and footers, before the body, for the same reason and in the same way
(each distinct line once, none that the body already has). So do the file's
properties (author, last editor, title, subject, keywords, description,
category; the company and the manager; custom properties), the text of
tracked deletions and their reviewers' names, images' alt texts, the targets
of external links and the text of SmartArt graphics and charts (an organisation
chart names its people): Word keeps them in the file, and anyone who opens it with
another program, hovers over a picture or turns on "show changes", reads them.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from baogao.errors import ReadError
from baogao.io import office
from baogao.io.document import RawDocument, front_regions, unseen_lines
from baogao.io.office import one_line

__all__ = ["read_docx"]

_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"  # not in python-docx's namespace map


def _text_boxes(element: Any, qn: Any) -> Iterator[Any]:
    """The ``w:txbxContent`` elements under ``element``, not those inside another one (they are its own).

    Of an ``mc:AlternateContent`` only the first branch that has a text box is
    entered: Choice (DrawingML) and Fallback (VML) are the same box twice.
    """
    for child in element.iterchildren():
        if child.tag == qn("w:txbxContent"):
            yield child
        elif child.tag == f"{_MC}AlternateContent":
            for branch in child.iterchildren(f"{_MC}Choice", f"{_MC}Fallback"):
                boxes = list(_text_boxes(branch, qn))
                if boxes:
                    yield from boxes
                    break
        else:
            yield from _text_boxes(child, qn)


def _with_insertions(p: Any, qn: Any) -> str:
    """A paragraph's text with its tracked insertions (Word shows them in the text until they are
    accepted or rejected; python-docx's ``Paragraph.text`` leaves them out), without its deletions."""
    from docx.text.run import Run

    skip = {qn("w:del"), qn("w:moveFrom"), qn("w:txbxContent"), qn("w:pPr")}
    parts: list[str] = []

    def walk(node: Any) -> None:
        for child in node.iterchildren():
            if child.tag == qn("w:r"):
                parts.append(Run(child, None).text)
            elif child.tag not in skip:
                walk(child)

    walk(p)
    return "".join(parts)


def _block_texts(element: Any, qn: Any, paragraph_cls: Any) -> Iterator[str]:
    for text, _level in _block_items(element, qn, paragraph_cls):
        yield text


def _block_items(
    element: Any, qn: Any, paragraph_cls: Any, outline: Any = None
) -> Iterator[tuple[str, int | None]]:
    """Lines with the outline level ``outline(w:p)`` gives a paragraph of ``element`` itself
    (table cells and text boxes are never headings)."""
    for child in element.iterchildren():
        if child.tag == qn("w:p"):
            text = _with_insertions(child, qn) if child.find(qn("w:ins")) is not None else paragraph_cls(child, None).text
            if text.strip():
                yield text, (outline(child) if outline is not None else None)
            if child.find(f".//{qn('w:txbxContent')}") is not None:  # the walk below is Python's, this is lxml's
                for box in _text_boxes(child, qn):
                    for line in _block_texts(box, qn, paragraph_cls):
                        yield line, None
        elif child.tag == qn("w:tbl"):
            for row in child.iterchildren(qn("w:tr")):
                cells = [" ".join(t.strip() for t in _block_texts(cell, qn, paragraph_cls))
                         for cell in row.iterchildren(qn("w:tc"))]
                if any(cells):
                    yield "\t".join(cells), None
        elif child.tag in (qn("w:sdt"), qn("w:customXml")):
            content = child.find(qn("w:sdtContent"))
            yield from _block_items(content if content is not None else child, qn, paragraph_cls, outline)


_HEADING_STYLE = re.compile(r"(?:heading|标题)\s*([1-9])")


def _outline(document: Any, qn: Any) -> Any:
    """``w:p`` → its outline level (1 = Heading 1 / 标题 1), or None for body text.

    Word marks headings by style (Heading 1, Chinese Word's 标题 1 with style id "1")
    or by an explicit outline level on the paragraph or its style; numbering such as
    一、 is often left to the style, so the text alone does not say the level.
    """
    by_style: dict[str, int] = {}
    for style in document.styles.element.iterchildren(qn("w:style")):
        level = _level_of(style, qn)
        if level is None:
            name = style.find(qn("w:name"))
            m = _HEADING_STYLE.fullmatch((name.get(qn("w:val")) or "").strip().lower()) if name is not None else None
            level = int(m.group(1)) if m else None
        if level is not None:
            by_style[style.get(qn("w:styleId")) or ""] = level

    def outline(p: Any) -> int | None:
        level = _level_of(p, qn)
        if level is not None:
            return level
        style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        return by_style.get(style.get(qn("w:val")) or "") if style is not None else None

    return outline


def _level_of(element: Any, qn: Any) -> int | None:
    """The 1-based outline level set in ``element``'s ``w:pPr`` (9 = body text → None)."""
    node = element.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
    if node is None:
        return None
    try:
        value = int(node.get(qn("w:val")) or "9")
    except ValueError:
        return None
    return value + 1 if 0 <= value < 9 else None


def _margin_lines(document: Any, seen: set[str], qn: Any, paragraph_cls: Any) -> list[str]:
    """Lines of every header and footer (first-page and even-page ones too), each distinct one once."""
    out: list[str] = []
    for section in document.sections:
        for part in (section.first_page_header, section.header, section.even_page_header,
                     section.first_page_footer, section.footer, section.even_page_footer):
            if part.is_linked_to_previous:  # no definition of its own: the previous section's, or none
                continue
            out += unseen_lines(_block_texts(part._element, qn, paragraph_cls), seen)
    return out


def _note_lines(document: Any, seen: set[str], qn: Any, paragraph_cls: Any) -> list[str]:
    """Lines of footnotes, endnotes and comments (each comment's author first), each distinct one once."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import parse_xml

    out: list[str] = []
    rels = [rel for rel in document.part.rels.values() if not rel.is_external]
    for reltype in (RT.FOOTNOTES, RT.ENDNOTES, RT.COMMENTS):
        for rel in rels:
            if rel.reltype != reltype:
                continue
            part = rel.target_part
            root = getattr(part, "element", None)  # python-docx parses comments (an XmlPart); notes stay bytes
            for note in (root if root is not None else parse_xml(part.blob)).iterchildren(
                qn("w:footnote"), qn("w:endnote"), qn("w:comment")
            ):
                author = (note.get(qn("w:author")) or "").strip()
                out += unseen_lines([author] if author else [], seen)
                out += unseen_lines(_block_texts(note, qn, paragraph_cls), seen)
    return out


#: DrawingML's picture properties: the alt text (descr) and title Word asks for on every image.
_DOC_PR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
_LINK_SCHEMES = ("http://", "https://", "ftp://", "mailto:", "tel:", "file:")


def _picture_and_link_lines(document: Any, seen: set[str]) -> list[str]:
    """Images' alt texts and titles, and the targets of the file's external links (an intranet
    address, a mail address behind a name): shown on hover or read out, not printed."""
    from urllib.parse import unquote

    lines: list[str] = []
    for pr in document.part.element.iter(_DOC_PR):
        lines += [pr.get("descr") or "", pr.get("title") or ""]
    for rel in document.part.rels.values():
        target = getattr(rel, "target_ref", "") or ""
        if rel.is_external and target.lower().startswith(_LINK_SCHEMES):
            lines.append(unquote(target))
    return _new_lines(lines, seen)


def _deleted_lines(document: Any, seen: set[str], qn: Any) -> list[str]:
    """Tracked changes kept in the file: each deleted passage (one line per paragraph) and the
    names of the reviewers who inserted or deleted text."""
    body = document.element.body
    out: list[str] = []
    for p in body.iter(qn("w:p")):
        deleted = "".join(t.text or "" for t in p.iter(qn("w:delText")))
        if deleted.strip():
            out.append(one_line(deleted))
    authors = [(change.get(qn("w:author")) or "").strip() for tag in ("w:del", "w:ins")
               for change in body.iter(qn(tag))]
    return unseen_lines([a for a in dict.fromkeys(authors) if a] + out, seen)


def _new_lines(values: list[str], seen: set[str]) -> list[str]:
    """``values`` as one-line texts, each distinct one once and none in ``seen``."""
    return unseen_lines([line for line in map(one_line, values) if line], seen)


def read_docx(path: Path, data: bytes, *, hidden_text: bool = False) -> list[RawDocument]:
    """One document per ``.docx`` file; a damaged file raises ReadError "not a valid .docx: …".

    ``hidden_text`` adds footnotes, endnotes and comments, the file's properties, its
    tracked deletions, alt texts, link targets and the text of its SmartArt graphics and
    charts after the headers and footers, before the body. ``meta["images"]`` counts its
    pictures (which no reader of text can check).
    """
    import docx
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
        package = zipfile.ZipFile(io.BytesIO(data))  # the parts python-docx does not read
        items = list(_block_items(document.element.body, qn, Paragraph, _outline(document, qn)))
        lines = [text for text, _ in items]
        seen = set(lines)
        groups = [(_margin_lines(document, seen, qn, Paragraph), "header or footer")]
        if hidden_text:
            groups += [
                (_note_lines(document, seen, qn, Paragraph), "note or comment"),
                (_new_lines(office.property_values(package), seen), "document properties"),
                (_deleted_lines(document, seen, qn), "tracked change"),
                (_picture_and_link_lines(document, seen), "alt text or link target"),
                (_new_lines(office.graphic_values(package), seen), "chart or SmartArt"),
            ]
        front = [line for lines, _ in groups for line in lines]
        images = office.image_count(package, "word/media/")
    except Exception as exc:  # noqa: BLE001 - zipfile.BadZipFile, KeyError, lxml errors, ValueError …: all mean "damaged"
        cause = str(exc).splitlines()[0] if str(exc) else ""
        raise ReadError(path, f"not a valid .docx: {type(exc).__name__}: {cause}".rstrip(": ")) from None
    headings, at = [], sum(len(line) + 1 for line in front)
    for text, level in items:
        if level is not None:
            headings.append((at, level))
        at += len(text) + 1
    return [
        RawDocument(id=str(path), text="\n".join(front + lines), source=str(path), encoding="docx", format="docx",
                    headings=tuple(headings),
                    meta={"images": images, "regions": front_regions(groups)})
    ]

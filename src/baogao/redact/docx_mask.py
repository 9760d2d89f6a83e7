"""A masked copy of a Word file or a PowerPoint deck: the same document, formatting and all, with
its sensitive text replaced.

Publicity offices publish Word files, not text files. :func:`mask_docx` takes the
strings ``baogao mask`` replaced in the text of a ``.docx`` (the reader's text: body,
headers and footers, notes, comments, properties, tracked deletions, alt texts, link
targets, SmartArt and charts) and replaces every occurrence of each of them inside the
file's XML:

* the text of every paragraph (``w:t``, and ``w:delText`` of tracked deletions; ``a:t``
  of SmartArt graphics, charts and shapes), an occurrence split over several runs
  included: the replacement goes into the run where the occurrence starts and the rest
  of it is taken out of the following runs, so the formatting around it is kept;
* the attributes that name people or hold text: the authors of comments and tracked
  changes, images' alt texts and titles;
* a chart's cached labels (``c:v``), the file's properties (``docProps/core.xml``,
  ``app.xml``, ``custom.xml``) and the targets of its external links.

A deck (.pptx) is the same DrawingML: its slides', notes' and charts' paragraphs, its
comments and their authors are replaced alike. Every other part (styles, images,
settings) is copied byte for byte. The caller reads
the result back and checks it (:func:`baogao.tasks.MaskTask`): a copy that still holds
a finding is masked again with it, and one that cannot be made clean is not written.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from urllib.parse import quote, unquote

from baogao.redact.mask import StringReplacer

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_TEXT_TAGS = (f"{_W}t", f"{_W}delText")
#: Attributes (by local name, in any namespace) whose values are text a reader sees: authors of
#: comments and changes (w:author, and w15:author and userId in word/people.xml), alt texts.
_TEXT_ATTRIBUTES = frozenset({"author", "initials", "userId", "descr", "title"})
_PROPERTY_PARTS = ("docProps/core.xml", "docProps/app.xml", "docProps/custom.xml")


def _own_texts(paragraph: object, text_tags: tuple[str, ...]) -> list[object]:
    """The text elements of a paragraph that belong to it, not to a paragraph inside it (a text box)."""
    out = []
    own = paragraph.tag  # type: ignore[attr-defined]
    for element in paragraph.iter(*text_tags):  # type: ignore[attr-defined]
        parent = element.getparent()
        while parent is not None and parent.tag != own:
            parent = parent.getparent()
        if parent is paragraph:
            out.append(element)
    return out


def _mask_paragraph(paragraph: object, replacer: StringReplacer, text_tags: tuple[str, ...] = _TEXT_TAGS) -> bool:
    elements = _own_texts(paragraph, text_tags)
    texts = [e.text or "" for e in elements]  # type: ignore[attr-defined]
    joined = "".join(texts)
    spans = replacer.spans(joined)
    if not spans:
        return False
    slots: list[str] = list(joined)  # one slot per char; an occurrence's first slot gets the replacement
    for s, e, new in spans:
        slots[s] = new
        for k in range(s + 1, e):
            slots[k] = ""
    at = 0
    for element, text in zip(elements, texts, strict=True):
        new_text = "".join(slots[at : at + len(text)])
        at += len(text)
        if new_text != text:
            element.text = new_text  # type: ignore[attr-defined]
            if element.tag in _TEXT_TAGS:  # type: ignore[attr-defined]
                element.set(_XML_SPACE, "preserve")  # type: ignore[attr-defined]
    return True


def _mask_xml(data: bytes, replacer: StringReplacer, *, properties: bool) -> bytes | None:
    """The part with its text masked, or None when nothing in it changed."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)
    root = etree.fromstring(data, parser=parser)
    changed = False
    for paragraph in root.iter(f"{_W}p"):
        changed |= _mask_paragraph(paragraph, replacer)
    for paragraph in root.iter(f"{_A}p"):  # DrawingML: SmartArt, chart titles, shapes
        changed |= _mask_paragraph(paragraph, replacer, (f"{_A}t",))
    for value in root.iter(f"{_C}v", f"{_P}text"):  # a chart's cached labels; a slide comment's text
        if value.text:
            new = replacer.replace(value.text)
            if new != value.text:
                value.text = new
                changed = True
    for author in root.iter(f"{_P}cmAuthor"):  # a deck's comment authors are named by a name attribute
        name = author.get("name")
        if name and (new := replacer.replace(name)) != name:
            author.set("name", new)
            changed = True
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            if value and name.rpartition("}")[2] in _TEXT_ATTRIBUTES:
                new = replacer.replace(value)
                if new != value:
                    element.set(name, new)
                    changed = True
        if properties and element.text and len(element) == 0:
            new = replacer.replace(element.text)
            if new != element.text:
                element.text = new
                changed = True
    if not changed:
        return None
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _mask_rels(data: bytes, replacer: StringReplacer) -> bytes | None:
    """External link targets with their sensitive parts masked (the link stops working: that is the point)."""
    from lxml import etree

    root = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    changed = False
    for rel in root:
        if not isinstance(rel.tag, str) or rel.get("TargetMode") != "External":
            continue
        target = rel.get("Target") or ""
        plain = unquote(target)
        new = replacer.replace(plain)
        if new != plain:
            rel.set("Target", quote(new, safe=":/?#[]@!$&'()*+,;=%-._~"))
            changed = True
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True) if changed else None


def mask_docx(data: bytes, replacements: Mapping[str, str]) -> bytes:
    """``data`` (a .docx) with every occurrence of each original in ``replacements`` replaced."""
    replacer = StringReplacer(replacements)
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            raw = source.read(info.filename)
            name = info.filename
            new: bytes | None = None
            if name.startswith(("word/", "ppt/")) and name.endswith(".xml"):
                new = _mask_xml(raw, replacer, properties=False)
            elif name in _PROPERTY_PARTS:
                new = _mask_xml(raw, replacer, properties=True)
            elif name.endswith(".rels"):
                new = _mask_rels(raw, replacer)
            target.writestr(info, raw if new is None else new)
    return out.getvalue()

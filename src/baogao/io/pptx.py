"""PowerPoint decks (.pptx): the slides' text in slide order, one paragraph a line.

A 工作汇报 is as often a deck as a document. A slide holds its text in DrawingML
paragraphs (``a:p`` with runs ``a:t``) inside shapes, tables and groups; the reader
takes them in the order the slide lists its shapes, a table row as one line of cells
joined by tabs (as the Word reader does). Slides come in their presentation order
(``ppt/presentation.xml``), each slide's title first as it is its first shape.

With ``hidden_text`` (what ``check`` and ``mask`` read), the speaker notes, the
comments and their authors, the file's properties and the text of charts and SmartArt
come first, as the Word reader puts comments and properties: the notes are published
with the file, and a deck handed out as a file shows them to anyone.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

from baogao.errors import ReadError
from baogao.io import office
from baogao.io.document import RawDocument, front_regions, unseen_lines
from baogao.io.office import A as _A
from baogao.io.office import one_line
from baogao.io.office import parse_xml as _xml

__all__ = ["read_pptx"]

_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_SLIDE = re.compile(r"ppt/slides/slide([0-9]+)\.xml")


def _paragraph(p: Any) -> str:
    return "".join(t.text or "" for t in p.iter(f"{_A}t"))


def _shape_lines(root: Any) -> list[str]:
    """A slide's (or a note's) lines: each paragraph of each shape, a table row as cells joined by tabs."""
    lines: list[str] = []
    for element in root.iter(f"{_A}tbl", f"{_A}p"):
        if element.tag == f"{_A}tbl":
            for row in element.iter(f"{_A}tr"):
                cells = [" ".join(_paragraph(p) for p in cell.iter(f"{_A}p")).strip() for cell in row.iter(f"{_A}tc")]
                if any(cells):
                    lines.append("\t".join(cells))
        elif not any(a.tag == f"{_A}tbl" for a in element.iterancestors()):  # a cell's were read with its row
            lines.append(_paragraph(element))
    return [line for line in (one_line(x) if "\t" not in x else x for x in lines) if line.strip()]


def _slide_order(z: zipfile.ZipFile, names: set[str]) -> list[str]:
    """The slide parts in presentation order (the slide list's relationships), else by number."""
    numbered = sorted((n for n in names if _SLIDE.fullmatch(n)), key=lambda n: int(_SLIDE.fullmatch(n).group(1)))
    try:
        pres = _xml(z.read("ppt/presentation.xml"))
        rels = _xml(z.read("ppt/_rels/presentation.xml.rels"))
    except (KeyError, ValueError, SyntaxError):
        return numbered
    targets = {r.get("Id"): "ppt/" + (r.get("Target") or "").lstrip("/").removeprefix("ppt/") for r in rels}
    ordered = [targets.get(s.get(f"{_R}id")) for s in pres.iter(f"{_P}sldId")]
    ordered = [n for n in ordered if n in names]
    return ordered + [n for n in numbered if n not in ordered]


def _hidden_groups(z: zipfile.ZipFile, names: set[str], seen: set[str]) -> list[tuple[list[str], str]]:
    notes = [n for n in sorted(names) if n.startswith("ppt/notesSlides/") and n.endswith(".xml")]
    note_lines = [line for n in notes for line in _shape_lines(_xml(z.read(n)))]
    comments: list[str] = []
    authors = {}
    if "ppt/commentAuthors.xml" in names:
        for a in _xml(z.read("ppt/commentAuthors.xml")).iter(f"{_P}cmAuthor"):
            authors[a.get("id")] = a.get("name") or ""
    for n in sorted(names):
        if n.startswith("ppt/comments/") and n.endswith(".xml"):
            for cm in _xml(z.read(n)).iter(f"{_P}cm"):
                comments.append(authors.get(cm.get("authorId"), ""))
                comments += ["".join(t.itertext()) for t in cm.iter(f"{_P}text")]
    groups = [
        (note_lines, "speaker notes"),
        (comments, "comment"),
        (office.property_values(z), "document properties"),
        (office.graphic_values(z), "chart or SmartArt"),
    ]
    return [(unseen_lines([one_line(x) for x in lines if x and x.strip()], seen), where) for lines, where in groups]


def read_pptx(path: Path, data: bytes, *, hidden_text: bool = False) -> list[RawDocument]:
    """One document per ``.pptx`` file; a damaged file raises ReadError "not a valid .pptx: …"."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
            if "ppt/presentation.xml" not in names:
                raise ReadError(path, "not a valid .pptx: no ppt/presentation.xml")
            lines = [line for n in _slide_order(z, names) for line in _shape_lines(_xml(z.read(n)))]
            seen = set(lines)
            groups = _hidden_groups(z, names, seen) if hidden_text else []
            images = office.image_count(z, "ppt/media/")
    except ReadError:
        raise
    except Exception as exc:  # noqa: BLE001 - BadZipFile, lxml errors, KeyError …: all mean "damaged"
        cause = str(exc).splitlines()[0] if str(exc) else ""
        raise ReadError(path, f"not a valid .pptx: {type(exc).__name__}: {cause}".rstrip(": ")) from None
    front = [line for group, _ in groups for line in group]
    meta: dict[str, Any] = {"images": images}
    if front:
        meta["regions"] = front_regions(groups)
    return [RawDocument(id=str(path), text="\n".join(front + lines), source=str(path), encoding="pptx",
                        format="pptx", meta=meta)]

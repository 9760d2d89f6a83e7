"""What Word files and PowerPoint decks share: a zip of XML parts, read without python-docx.

The readers of both formats (:mod:`baogao.io.docx`, :mod:`baogao.io.pptx`) open the
package once and ask this module for what the two formats keep alike: the file's
properties (``docProps/``), the text of its charts and SmartArt graphics, and how many
pictures it holds. XML is parsed without entities or network access.
"""

from __future__ import annotations

import re
import zipfile
from typing import Any

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"

#: Core properties (``docProps/core.xml``) that hold text a person wrote: title, author, last
#: editor, subject, keywords, description, category, status, identifier (not the dates).
_CORE = frozenset({"title", "subject", "creator", "lastModifiedBy", "keywords", "description", "category",
                   "contentStatus", "identifier"})
#: Extended properties (``docProps/app.xml``) that name people and organisations.
_APP = frozenset({"Company", "Manager", "HyperlinkBase"})
#: The text values of custom properties (``docProps/custom.xml``).
_CUSTOM = frozenset({"lpwstr", "lpstr", "bstr"})
#: SmartArt (an organisation chart names its people) and charts (their titles, series and categories).
_GRAPHIC_PARTS = re.compile(r"(?:word|ppt)/(?:charts/chart|diagrams/(?:data|drawing))[0-9]*\.xml")
_NUMBER = re.compile(r"[-+0-9.,%Ee ]*")
_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".emf", ".wmf", ".webp")


def one_line(value: str) -> str:
    """A text value on one line, its runs of blanks and breaks made one space."""
    return " ".join(value.split())


def parse_xml(data: bytes) -> Any:
    """An lxml element of a package part (entities unresolved, no network)."""
    from lxml import etree

    return etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, no_network=True))


def _local(tag: Any) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _parts(z: zipfile.ZipFile, wanted: Any) -> list[Any]:
    """The parsed parts whose names ``wanted(name)`` accepts, in name order; damaged ones left out."""
    from lxml import etree

    out = []
    for name in sorted(n for n in z.namelist() if wanted(n)):
        try:
            out.append(parse_xml(z.read(name)))
        except (etree.XMLSyntaxError, KeyError, OSError, zipfile.BadZipFile):
            continue  # an optional part; the body was read already
    return out


def property_values(z: zipfile.ZipFile) -> list[str]:
    """The file's properties that hold text: core ones, the company and manager, custom ones."""
    wanted = {"docProps/core.xml": _CORE, "docProps/app.xml": _APP, "docProps/custom.xml": _CUSTOM}
    values: list[str] = []
    for name, local_names in wanted.items():
        for root in _parts(z, lambda n, name=name: n == name):
            values += [e.text for e in root.iter() if _local(e.tag) in local_names and e.text and e.text.strip()]
    return values


def graphic_values(z: zipfile.ZipFile) -> list[str]:
    """The text of charts and SmartArt graphics: each DrawingML paragraph, each cached chart label
    (numbers left out)."""
    values: list[str] = []
    for root in _parts(z, _GRAPHIC_PARTS.fullmatch):
        values += ["".join(t.text or "" for t in p.iter(f"{A}t")) for p in root.iter(f"{A}p")]
        values += [v.text for v in root.iter(f"{C}v") if v.text and not _NUMBER.fullmatch(v.text)]
    return values


def image_count(z: zipfile.ZipFile, media: str) -> int:
    """How many pictures the package holds under ``media`` (``word/media/``, ``ppt/media/``): text in
    them is read by no one but a person."""
    return sum(1 for n in z.namelist() if n.startswith(media) and n.lower().endswith(_IMAGE_SUFFIXES))

"""HTML pages: the visible text, one block element per line.

Many report archives are saved web pages. A declared charset is honoured (older
government sites declare gb2312 or gbk and mean GB18030), scripts, styles and
the head are skipped, and every block element (p, div, li, h1-h6, tr, br …)
ends a line so that one paragraph stays one line for the structure parser.
"""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser
from pathlib import Path

from baogao.errors import ReadError
from baogao.io.detect import check_text, decode_text
from baogao.io.document import RawDocument

__all__ = ["declared_charset", "html_to_text", "read_html"]

_CHARSET_RE = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)|<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""",
    re.IGNORECASE,
)
#: Declared Chinese charsets are decoded with their superset: pages labelled
#: gb2312 routinely contain GBK/GB18030 characters.
_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "hz": "gb18030"}
_SKIP = frozenset({"script", "style", "head", "noscript", "template", "title", "svg", "iframe", "object"})
_BLOCK = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "br",
        "caption",
        "center",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "tfoot",
        "thead",
        "tr",
        "ul",
    }
)
_CELL = frozenset({"td", "th"})
_WS_RE = re.compile(r"[ \t\r\n\f]+")


def declared_charset(data: bytes) -> str | None:
    """The charset named by ``<meta charset>``, http-equiv or an XML declaration (canonical codec name)."""
    m = _CHARSET_RE.search(data[:8192])
    if not m:
        return None
    label = (m.group(1) or m.group(2)).decode("ascii").lower()
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


class _TextExtractor(HTMLParser):
    """Collects visible text; block boundaries become line breaks, table cells tabs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip: list[str] = []
        self.pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body" and "head" in self.skip:  # an unclosed <head>
            self.skip = [t for t in self.skip if t != "head"]
        if tag in _SKIP:
            self.skip.append(tag)
        elif tag in _BLOCK:
            self.parts.append("\n")
            self.pre += tag == "pre"
        elif tag in _CELL:
            self.parts.append("\t")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            if tag in self.skip:
                while self.skip and self.skip.pop() != tag:
                    pass
        elif tag in _BLOCK:
            self.parts.append("\n")
            if tag == "pre" and self.pre:
                self.pre -= 1

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        self.parts.append(data if self.pre else _WS_RE.sub(" ", data))


def html_to_text(markup: str) -> str:
    """Visible text of an HTML document, one block per line, no empty lines."""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    lines = (line.strip(" \t") for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _decode(data: bytes, path: Path) -> tuple[str, str]:
    declared = declared_charset(data)
    if declared and not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode(_SUPERSET.get(declared, declared))
        except (UnicodeDecodeError, LookupError):
            pass  # the declaration lies: detect as for plain text
        else:
            check_text(text, path=path)
            return text, declared
    return decode_text(data, path=path)


def read_html(path: Path, data: bytes) -> list[RawDocument]:
    """One document per ``.html`` / ``.htm`` file; ``encoding`` is "html:<charset>"."""
    markup, encoding = _decode(data, path)
    try:
        text = html_to_text(markup)
    except (AssertionError, ValueError) as exc:  # html.parser is lenient, but not on everything
        raise ReadError(path, f"unparsable HTML: {exc}") from None
    return [
        RawDocument(id=str(path), text=text, source=str(path), encoding=f"html:{encoding}", format="html")
    ]

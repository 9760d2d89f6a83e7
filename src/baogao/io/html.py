"""HTML pages: the visible text, one block element per line.

Many report archives are saved web pages. A declared charset is honoured (older
government sites declare gb2312 or gbk and mean GB18030), scripts, styles and
the head are skipped, and every block element (p, div, li, h1-h6, tr, br …)
ends a line so that one paragraph stays one line for the structure parser.

With ``hidden_text`` the text a visitor does not see on the page but anyone
gets with it (view-source, the tab, a tooltip, a screen reader) comes first,
each distinct line once and none that the body already has: ``<title>``,
``<meta>`` contents (description, keywords, author …), comments (commented-out
markup is read as markup), the text of ``<noscript>``, ``<template>`` and inline
``<svg>``, the string literals and comments of inline scripts (JSON-LD's author and
publisher, a page's embedded data), ``title``/``alt``/``aria-label`` attribute values,
and ``mailto:``/``tel:``/``sms:`` and absolute http(s)/ftp links. It goes
before the body for the reason the Word reader puts headers and footers there:
read as front matter, it leaves the body's section labels as they were.
"""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from baogao.errors import ReadError
from baogao.io.detect import check_text, decode_text
from baogao.io.document import RawDocument, front_regions

__all__ = ["declared_charset", "decode_html", "html_to_text", "read_html"]

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
#: Skipped elements whose text still reaches readers: ``<noscript>`` is shown when scripts are off (and to
#: crawlers), ``<template>`` is in the page source for a script to show, an inline ``<svg>`` draws its
#: ``<text>``. With ``hidden_text`` their text is read, one element a line.
_FALLBACK = frozenset({"noscript", "template", "svg"})
_CELL = frozenset({"td", "th"})
_WS_RE = re.compile(r"[ \t\r\n\f]+")
#: Attributes shown as tooltips or read out instead of an image or a control.
_TEXT_ATTRS = ("title", "alt", "aria-label")
_LINK_ATTRS = ("href", "src")
#: Link values that are published data themselves: an address, a number, a (possibly internal) host.
_LINK_SCHEMES = ("mailto:", "tel:", "sms:", "http://", "https://", "ftp://")
#: ``<meta name>`` values whose content is browser settings, not text.
_META_SETTINGS = frozenset(
    {"viewport", "robots", "googlebot", "renderer", "referrer", "format-detection", "theme-color", "color-scheme"}
)
#: A string literal or a comment of an inline script, whichever starts first (so that ``//`` in
#: "http://…" is read as part of its string). Each alternative is a run of one char class.
_SCRIPT_TOKEN = re.compile(
    r'"((?:[^"\\\n]|\\.)*)"'
    r"|'((?:[^'\\\n]|\\.)*)'"
    r"|`((?:[^`\\]|\\.){0,20000})`"
    r"|//([^\n]*)"
    r"|/\*((?:[^*]|\*(?!/)){0,20000})\*/"
)
_SCRIPT_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|x([0-9A-Fa-f]{2})|(.))", re.DOTALL)
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "", "b": "", "f": "", "v": "", "0": ""}
#: Script text worth reading: Chinese, a run of digits (a phone, an ID), an address or a link.
_SCRIPT_WORTH = re.compile(r"[\u3400-\u9fff]|[0-9]{5}|[A-Za-z0-9._-]@[A-Za-z0-9-]|://")
#: JSON-LD's vocabulary (``"@context": "https://schema.org"``): an identifier, not a link of the page.
_VOCABULARY = re.compile(r"https?://schema\.org/?")


def _unescaped(value: str) -> str:
    def one(m: re.Match[str]) -> str:
        code = m.group(1) or m.group(2)
        if code:
            return chr(int(code, 16))
        return _SIMPLE_ESCAPES.get(m.group(3), m.group(3))

    return _SCRIPT_ESCAPE.sub(one, value) if "\\" in value else value


def script_text(code: str) -> list[str]:
    """The string literals and comments of a script that hold text, digits, an address or a link.

    A page's inline scripts are published with it: JSON-LD names the author and the
    publisher, a config object carries a contact's phone. Escapes (``\\u5f20``) are decoded.
    """
    out = []
    for m in _SCRIPT_TOKEN.finditer(code):
        value = next((g for g in m.groups() if g is not None), "")
        value = _unescaped(value)
        if _SCRIPT_WORTH.search(value) and not _VOCABULARY.fullmatch(value):
            out += [line for line in map(_one_line, value.splitlines()) if line]
    return out


#: Internet Explorer's conditional comments hold markup for old browsers, not text.
_CONDITIONAL_RE = re.compile(r"^\s*\[if[^\]]*\]>|<!\[endif\]\s*$", re.IGNORECASE)


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


def _one_line(value: str) -> str:
    return _WS_RE.sub(" ", value).strip()


class _TextExtractor(HTMLParser):
    """Collects visible text; block boundaries become line breaks, table cells tabs.

    With ``hidden_text`` it also collects, in source order, the text published
    with the page but not shown in it (``hidden``, one value a line).
    """

    def __init__(self, *, hidden_text: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip: list[str] = []
        self.pre = 0
        self.hidden_text = hidden_text
        self.hidden: list[str] = []
        self.kinds: list[str] = []  # where each hidden line comes from (a check says so)
        self.title: list[str] = []
        self.fallback: list[str] = []
        self.script: list[str] = []

    def _hide(self, lines: list[str], kind: str) -> None:
        self.hidden += lines
        self.kinds += [kind] * len(lines)

    def _hidden_attrs(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta":
            name = values.get("name") or values.get("property") or values.get("itemprop")
            if name and name.lower() not in _META_SETTINGS and values.get("content"):
                self._hide([_one_line(values["content"] or "")], "meta tag")
        for name in _TEXT_ATTRS:
            if values.get(name):
                self._hide([_one_line(values[name] or "")], "attribute")
        for name in _LINK_ATTRS:
            link = (values.get(name) or "").strip()
            if link.lower().startswith(_LINK_SCHEMES):
                self._hide([_one_line(unquote(link))], "link target")

    def handle_comment(self, data: str) -> None:
        if not self.hidden_text or _CONDITIONAL_RE.search(data):
            return
        if "<" in data:  # commented-out markup: its text and its own hidden values
            try:
                hidden, visible, _ = _lines(data, hidden_text=True)
            except (AssertionError, ValueError):
                self._hide(data.splitlines(), "HTML comment")
            else:
                self._hide(hidden + visible, "HTML comment")
        else:
            self._hide(data.splitlines(), "HTML comment")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.hidden_text:
            self._hidden_attrs(tag, attrs)
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
        if self.hidden_text:
            self._hidden_attrs(tag, attrs)
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self.title:
            self._hide([_one_line("".join(self.title))], "page title")
            self.title = []
        if tag == "script" and self.script:
            self._hide(script_text("".join(self.script)), "script")
            self.script = []
        if tag in _FALLBACK and self.fallback and not any(t in _FALLBACK for t in self.skip[:-1]):
            self._hide([_one_line("".join(self.fallback))], "noscript or template")
            self.fallback = []
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
            if self.hidden_text and self.skip[-1] == "title":
                self.title.append(data)
            elif self.hidden_text and self.skip[-1] in _FALLBACK:
                self.fallback.append(data)
            elif self.hidden_text and self.skip[-1] == "script":
                self.script.append(data)
            return
        self.parts.append(data if self.pre else _WS_RE.sub(" ", data))


def _lines(markup: str, *, hidden_text: bool) -> tuple[list[str], list[str], list[str]]:
    """The hidden lines (none unless asked for), the visible ones, neither with empty lines, and
    where each hidden line comes from."""
    parser = _TextExtractor(hidden_text=hidden_text)
    parser.feed(markup)
    parser.close()
    if parser.title:  # an unclosed <title>
        parser._hide(["".join(parser.title)], "page title")
    if parser.fallback:  # an unclosed <noscript>, <template> or <svg>
        parser._hide(["".join(parser.fallback)], "noscript or template")
    if parser.script:  # an unclosed <script>
        parser._hide(script_text("".join(parser.script)), "script")
    visible = (line.strip(" \t") for line in "".join(parser.parts).split("\n"))
    kept = [(h, k) for h, k in zip(map(_one_line, parser.hidden), parser.kinds, strict=True) if h]
    return [h for h, _ in kept], [line for line in visible if line], [k for _, k in kept]


def html_to_text(markup: str, *, hidden_text: bool = False) -> str:
    """Visible text of an HTML document, one block per line, no empty lines.

    With ``hidden_text``, the text published with the page but not shown in it
    (see the module's docstring) comes first, each distinct line once and none
    that is also a line of the visible text.
    """
    return html_document(markup, hidden_text=hidden_text)[0]


def html_document(markup: str, *, hidden_text: bool = False) -> tuple[str, list[list[Any]]]:
    """:func:`html_to_text` and the regions of its front (``[start, end, where]``: meta tag,
    HTML comment, script …) for a check to say where a finding sits."""
    hidden, visible, kinds = _lines(markup, hidden_text=hidden_text)
    seen = set(visible)
    groups: list[tuple[list[str], str]] = []
    for line, kind in zip(hidden, kinds, strict=True):
        if line in seen:
            continue
        seen.add(line)
        if groups and groups[-1][1] == kind:
            groups[-1][0].append(line)
        else:
            groups.append(([line], kind))
    front = [line for lines, _ in groups for line in lines]
    return "\n".join(front + visible), front_regions(groups)


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


def decode_html(data: bytes, path: Path) -> tuple[str, str]:
    """A page's markup and the codec that decoded it, which writes a masked copy back alike
    (a page declared gb2312 is decoded, and so written, as GB18030)."""
    markup, encoding = _decode(data, path)
    return markup, _SUPERSET.get(encoding, encoding)


def read_html(path: Path, data: bytes, *, hidden_text: bool = False) -> list[RawDocument]:
    """One document per ``.html`` / ``.htm`` file; ``encoding`` is "html:<charset>".

    ``hidden_text`` adds, before the body, what the page publishes without
    showing it (comments, meta contents, tooltips, mail and phone links …).
    """
    markup, encoding = _decode(data, path)
    try:
        text, regions = html_document(markup, hidden_text=hidden_text)
    except (AssertionError, ValueError) as exc:  # html.parser is lenient, but not on everything
        raise ReadError(path, f"unparsable HTML: {exc}") from None
    return [
        RawDocument(id=str(path), text=text, source=str(path), encoding=f"html:{encoding}", format="html",
                    meta={"regions": regions} if regions else {})
    ]

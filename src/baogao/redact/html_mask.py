"""A masked copy of a web page: the same markup, its sensitive strings replaced wherever it holds them.

The strings ``baogao mask`` replaced in a page's text are replaced in its markup:
first wherever the markup holds them whole (text, attribute values, comments,
scripts; also written as character references or script escapes), then where inline
markup splits them (``<b>张</b>建国``): the text between tags is read as one run, and
an occurrence across tags is replaced in its first piece and taken out of the others,
as the Word copy does across runs. The caller reads the copy back and checks it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from baogao.redact.mask import StringReplacer

#: A tag, a comment or a declaration: what the text between tags is read around.
_TAG = re.compile(r"<!--.*?-->|<[^>]*>", re.DOTALL)
#: The forms a page may write a non-ASCII char in besides itself.
_FORMS = (
    lambda c: f"\\u{ord(c):04x}",
    lambda c: f"\\u{ord(c):04X}",
    lambda c: f"&#{ord(c)};",
    lambda c: f"&#x{ord(c):x};",
    lambda c: f"&#x{ord(c):X};",
)


def escaped_forms(replacements: Mapping[str, str]) -> dict[str, str]:
    """The replacements plus the forms a page may write their non-ASCII chars in: script escapes
    (\\u5f20, \\u5F20) and character references (&#24352;, &#x5f20;)."""
    out = dict(replacements)
    for original, replacement in replacements.items():
        if original.isascii() or any(ord(c) > 0xFFFF for c in original):
            continue
        for form in _FORMS:
            out.setdefault("".join(c if c.isascii() else form(c) for c in original), replacement)
    return out


def across_tags(markup: str, replacer: StringReplacer) -> str:
    """``markup`` with the occurrences that inline tags split replaced (``<b>张</b>建国``)."""
    pieces: list[tuple[int, int]] = []  # the text between tags, as spans of the markup
    at = 0
    for m in _TAG.finditer(markup):
        if m.start() > at:
            pieces.append((at, m.start()))
        at = m.end()
    if at < len(markup):
        pieces.append((at, len(markup)))
    joined = "".join(markup[a:b] for a, b in pieces)
    spans = replacer.spans(joined)
    if not spans:
        return markup
    origin = [i for a, b in pieces for i in range(a, b)]  # markup offset of each char of ``joined``
    slots = {origin[k]: "" for s, e, _ in spans for k in range(s + 1, e)}
    slots.update({origin[s]: new for s, _, new in spans})
    return "".join(slots.get(i, ch) for i, ch in enumerate(markup))


def mask_html(markup: str, replacements: Mapping[str, str]) -> str:
    """``markup`` with every occurrence of each original in ``replacements`` replaced."""
    whole = StringReplacer(escaped_forms(replacements)).replace(markup)
    return across_tags(whole, StringReplacer(replacements))

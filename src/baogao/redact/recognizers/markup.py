"""Leftover markup that must not reach a published report.

Paywall markers (##paidbegin## / ##paidend##, even spliced into a number),
HTML tags and comments, entity escapes and literal ``<U+00A0>`` escapes are what
scraped reports carry; ``check`` flags them so the source can be cleaned.
"""

from __future__ import annotations

import re

from baogao.findings import Finding

SOURCE = "markup"
MARKUP = re.compile(
    r"##[A-Za-z_]{2,20}##"
    r"|<!--.{0,2000}?-->"
    r"|</?[A-Za-z][A-Za-z0-9]{0,10}(?:\s[^<>\n]{0,300})?/?>"
    r"|<U\+[0-9A-Fa-f]{4,6}>"
    r"|&(?:nbsp|amp|lt|gt|quot|apos|ensp|emsp|#[0-9]{2,6}|#x[0-9A-Fa-f]{2,5});",
    re.DOTALL,
)


def find(text: str) -> list[Finding]:
    """Markup leftovers (label MARKUP, attrs kind paywall/html/escape)."""
    out: list[Finding] = []
    for m in MARKUP.finditer(text):
        s = m.group()
        kind = "paywall" if s.startswith("##") else "escape" if s.startswith(("<U+", "&")) else "html"
        out.append(Finding(m.start(), m.end(), "MARKUP", s, SOURCE, 1.0, {"kind": kind}))
    return out

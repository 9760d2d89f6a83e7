"""E-mail addresses (ASCII local part and domain).

The left lookbehind repeats the local-part class so the pattern only starts at
the beginning of a run: a megabyte of letters is scanned once, not n² times.
"""

from __future__ import annotations

import re

from baogao.findings import Finding
from baogao.redact.recognizers._text import finditer_in, fold, windows

SOURCE = "email"
ANCHOR = re.compile(r"@")
EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]*+@[A-Za-z0-9](?:[A-Za-z0-9\-]*+\.)++[A-Za-z]{2,24}(?![A-Za-z\-])"
)


def find(text: str) -> list[Finding]:
    """E-mail addresses (label EMAIL)."""
    folded = fold(text)
    return [
        Finding(m.start(), m.end(), "EMAIL", text[m.start() : m.end()], SOURCE, 1.0)
        for m in finditer_in(EMAIL, folded, windows(folded, ANCHOR, pad=128))
    ]

"""Text that native libraries accept.

JSON allows escapes such as "\\ud800", and ``surrogateescape`` decoding leaves
lone surrogates in a ``str``; UTF-8 cannot encode them, so the Rust libraries
(ahocorasick_rs, rjieba) raise on them. Replacing each with U+FFFD keeps every
offset where it was.
"""

from __future__ import annotations

import re

_SURROGATE = re.compile("[\ud800-\udfff]")


def scrub_surrogates(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD (same length)."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text

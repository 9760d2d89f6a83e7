"""The publication gate: what sensitive content is still in a text.

``check`` is run on text that is about to be published (usually after
``mask``). It reports every finding of the policy's labels that is not already
masked, partially masked names (××××公××司), and leftover markup
(##paidbegin##, HTML tags) when the policy flags markup. A pure mask run is not
a finding: that is what masking produces.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from baogao.findings import Finding
from baogao.redact.policy import DEFAULT_POLICY, Policy
from baogao.redact.recognizers import find_all, markup
from baogao.redact.recognizers._text import MASK_CHARS
from baogao.redact.report import LINE_BREAK, shown_text


def _unmasked(f: Finding) -> bool:
    return any(ch not in MASK_CHARS and not ch.isspace() for ch in f.text)


def check_text(text: str, *, policy: Policy = DEFAULT_POLICY, ner: bool = True) -> list[Finding]:
    """Findings still present in ``text`` under ``policy``, sorted by offset."""
    found = [f for f in find_all(text, policy=policy, ner=ner) if _unmasked(f)]
    if policy.flag_markup:
        found += markup.find(text)
    return sorted(found, key=lambda f: (f.start, f.end, f.label))


def check_document(text: str, *, policy: Policy = DEFAULT_POLICY) -> list[Finding]:
    """Alias of :func:`check_text` (the name used in docs/ARCHITECTURE.md)."""
    return check_text(text, policy=policy)


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text`` (lines end at CR LF, CR or LF)."""
    return line_cols(text, [offset])[0]


def line_cols(text: str, offsets: Sequence[int]) -> list[tuple[int, int]]:
    """:func:`line_col` of many offsets, the text's line starts located once (not once per offset).

    Why all three breaks: old Mac and some exported files end lines with a lone
    CR; counting only LF put every finding of such a file on line 1.
    """
    starts = [m.end() for m in LINE_BREAK.finditer(text)] if offsets else []
    out = []
    for offset in offsets:
        k = bisect.bisect_right(starts, offset)  # line starts at or before the offset
        out.append((k + 1, offset - (starts[k - 1] if k else 0) + 1))
    return out


def format_finding(path: str, text: str, f: Finding) -> str:
    """One line per finding, like a compiler: ``path:line:col: LABEL «text» (source)``."""
    line, col = line_col(text, f.start)
    shown = shown_text(f.text or text[f.start : f.end])
    return f"{path}:{line}:{col}: {f.label} «{shown}» ({f.source})"

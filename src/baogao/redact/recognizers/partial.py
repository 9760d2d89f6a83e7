"""Partially masked names: a mask run with name characters still around it.

``××××××公××司``, ``×××××公司`` and ``西北××`` are names someone started to
mask and did not finish; the visible characters (an org suffix, a region word)
still narrow the name down, so the whole span is reported as PARTIAL_MASK and
masking it completes the job. A pure mask run (``××××``) is not a finding.
"""

from __future__ import annotations

import re
from functools import lru_cache

from baogao.findings import Finding
from baogao.redact.recognizers._text import HARD_MASK, finditer_in, lexicon, longest_first

SOURCE = "partial"
_M = f"[{HARD_MASK}]"
# Characters of organisation kind words that survive a sloppy mask: ××××公××司.
_SUFFIX_CHARS = "公司集团有限责任股份分总厂矿院局行站所段"


def merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping union of ``spans``."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], ...]:
    org = lexicon()["org"]
    loc = lexicon()["location"]
    # kind words that close a name; industry words (劳务, 能源 …) are left out: after a mask they
    # are as often the next ordinary word (××××劳务分包) as the end of a name
    suffixes = longest_first(
        (set(org["legal_suffixes"]) | set(org["unit_suffixes"]) | set(loc["site_suffixes"]))
        - set(org["weak_suffixes"])
        - {"站", "矿", "小区", "家园"}
        | {"有限", "有限责任", "股份", "司", "团"}
    )
    suffix = "|".join(map(re.escape, suffixes))
    regions = "|".join(map(re.escape, org["region_words"]))
    return (
        # mask run, then (1–2 name chars, mask run)+, then an optional single char closing the word
        # (each starts only where a mask run starts: restarting inside a long run is quadratic)
        re.compile(rf"(?<!{_M}){_M}++(?:[{_SUFFIX_CHARS}]{{1,2}}{_M}++)++(?:{suffix}|[{_SUFFIX_CHARS}])?"),
        # mask run directly followed by an organisation or site suffix
        re.compile(rf"(?<!{_M}){_M}{{2,}}+(?:{suffix})[司团]*+"),
        # a region word directly followed by a mask run
        re.compile(rf"(?:{regions}){_M}{{2,}}+"),
    )


_ANY_MASK = re.compile(_M)


def _run_start(text: str, i: int) -> int:
    while i > 0 and text[i - 1] in HARD_MASK:
        i -= 1
    return i


def find(text: str, *, spans: list[tuple[int, int]] | None = None) -> list[Finding]:
    """Partially masked names (label PARTIAL_MASK), optionally only inside ``spans``."""
    out: list[Finding] = []
    if spans is None:
        if _ANY_MASK.search(text) is None:
            return out
        spans = [(0, len(text))]
    # a pattern starts only where a mask run starts: widen each window back to its run's start
    spans = merge([(_run_start(text, s), e) for s, e in spans])
    for pattern in _patterns():
        for m in finditer_in(pattern, text, spans):
            out.append(Finding(m.start(), m.end(), "PARTIAL_MASK", m.group(), SOURCE, 0.8))
    return out

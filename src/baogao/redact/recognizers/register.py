"""Exact matching of an organisation's register: names, aliases, staff, sites.

When a policy carries the organisation's own names, recognition is no longer
guesswork: one Aho–Corasick automaton (leftmost-longest) finds every occurrence
of every name and of the aliases derived from the long organisation names.
Built once per register and cached — the register is a frozen value.
"""

from __future__ import annotations

from functools import lru_cache

import ahocorasick_rs

from baogao.findings import Finding
from baogao.redact.policy import Register
from baogao.redact.recognizers import org

SOURCE = "register"


@lru_cache(maxsize=32)
def _automaton(register: Register) -> tuple[ahocorasick_rs.AhoCorasick, tuple[str, ...]] | None:
    labels: dict[str, str] = {}
    for name in register.sites:
        labels[name] = "LOCATION"
    for name in register.persons:
        labels[name] = "PERSON"
    for name in register.orgs:
        for alias in org.derive_aliases(name):
            labels.setdefault(alias, "ORG")
    for name in register.orgs | register.aliases:
        labels[name] = "ORG"
    patterns = [p for p in labels if p.strip()]
    if not patterns:
        return None
    ac = ahocorasick_rs.AhoCorasick(patterns, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
    return ac, tuple(labels[p] for p in patterns)


def find(text: str, *, register: Register) -> list[Finding]:
    """Every occurrence of a register name or derived alias (longest match wins)."""
    built = _automaton(register)
    if built is None:
        return []
    ac, labels = built
    out = [
        Finding(start, end, labels[i], text[start:end], SOURCE, 1.0)
        for i, start, end in ac.find_matches_as_indexes(text)
    ]
    if register.orgs:
        out += org.find_aliases(text, register.orgs, source=SOURCE)
    return out

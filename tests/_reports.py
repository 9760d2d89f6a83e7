"""Hypothesis strategy for report-like text, shared by the redaction property tests."""

from __future__ import annotations

from hypothesis import strategies as st


def report_text(fragments: list[str], alphabet: str, *, max_pieces: int = 30) -> st.SearchStrategy[str]:
    """Strings glued from report fragments and short random runs of ``alphabet``."""
    return st.lists(
        st.one_of(st.sampled_from(fragments), st.text(alphabet=alphabet, max_size=3)),
        max_size=max_pieces,
    ).map("".join)

"""The value every detector returns: a labelled character span.

Extractors and recognizers return findings with offsets into the text they were
given (the normalised text). ``pipeline`` maps them back to the decoded original
with :meth:`baogao.normalize.NormalizedText.span_to_original`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Finding:
    """A span ``text[start:end]`` with a label.

    Attributes:
        start: first character (code point index).
        end: one past the last character.
        label: e.g. ``METRIC``, ``SLOGAN``, ``PERSON``, ``MARKUP``.
        text: the covered text, as it stands in the text the offsets index.
        source: the extractor or recognizer that produced it (shown by ``check``).
        score: confidence in [0, 1].
        attrs: label-specific values (``value``, ``unit``, ``approx`` ...), JSON-serialisable.
    """

    start: int
    end: int
    label: str
    text: str = ""
    source: str = ""
    score: float = 1.0
    attrs: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if not (0 <= self.start <= self.end):
            raise ValueError(f"bad span {self.start}:{self.end}")

    def shifted(self, start: int, end: int, text: str) -> Finding:
        """A copy at other offsets (used to map back to the original text)."""
        # the constructor, not dataclasses.replace: half the cost, and a mapped archive makes
        # one copy per finding and per repeated page (the validation in __post_init__ still runs)
        return Finding(start, end, self.label, text, self.source, self.score, self.attrs)

    def overlaps(self, other: Finding) -> bool:
        return self.start < other.end and other.start < self.end

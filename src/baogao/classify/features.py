"""Paragraph features for section classification.

A report's sections are told apart less by what a paragraph says than by where
it stands: under which heading, how far into the document, what its
neighbours are. This module turns a :class:`baogao.structure.Structure` into
one :class:`ParagraphContext` per paragraph (text, enclosing headings,
position) and those into the inputs of the two model stages:

* stage 1 sees one paragraph at a time (its text, its heading path, its
  position and cue-word counts);
* stage 2 sees the stage-1 probabilities of the paragraph, its neighbours, its
  enclosing heading and its section, so the document's order
  (preamble → review → problems → outlook → plan → closing) is learned.

All texts are canonicalised here (NFKC fold, blanks and markup escapes
removed), so the features are the same whether or not the caller normalised.
"""

from __future__ import annotations

import math
import re
import tomllib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

import numpy as np

from baogao.resources import model_path

LABELS: tuple[str, ...] = ("preamble", "review", "problems", "outlook", "plan", "closing", "other")
SCORED_LABELS: tuple[str, ...] = LABELS[:6]

_ESCAPE = re.compile(r"<U\+[0-9A-Fa-f]{4,6}>|##paid(?:begin|end)##")
_BLANK = re.compile(r"\s+")
_CN_NUM = "零一二三四五六七八九十"


class _ParagraphLike(Protocol):
    index: int
    text: str
    kind: str
    heading_level: int | None
    heading_marker: str | None
    heading_path: tuple[int, ...]


class _StructureLike(Protocol):
    @property
    def paragraphs(self) -> Sequence[_ParagraphLike]: ...


@dataclass(frozen=True)
class ParagraphContext:
    """What the classifier knows about one paragraph.

    Attributes:
        text: Canonical paragraph text.
        kind: Structure kind (title, byline, heading, body).
        level: Heading level for headings, else None.
        heading_text: Canonical texts of the enclosing headings, outermost first,
            plus the paragraph itself when it is a heading ("headings carry the
            label of the section they open").
        index: Position in the document.
        count: Number of paragraphs in the document.
        top_rank: Ordinal of the enclosing top-level section among the
            document's top-level sections, scaled to 0..1 (-1 outside sections).
        body_after: Number of substantial (≥ 40 chars) paragraphs after this one.
        body_before: Number of substantial paragraphs before this one.
        heading_index: Index of the nearest enclosing heading (itself for a
            heading), or -1.
    """

    text: str
    kind: str
    level: int | None
    heading_text: str
    index: int
    count: int
    top_rank: float
    body_after: int
    body_before: int
    heading_index: int


def canonical(text: str) -> str:
    """Fold width and drop blanks/escapes so gold and normalised text featurise alike."""
    text = _ESCAPE.sub("", unicodedata.normalize("NFKC", text))
    return _BLANK.sub("", text)


@lru_cache(maxsize=1)
def cue_groups() -> dict[str, tuple[str, ...]]:
    """Cue-word groups from ``models/sections_cues.toml`` (loaded once)."""
    with open(model_path("sections_cues.toml"), "rb") as f:
        data = tomllib.load(f)
    return {name: tuple(canonical(w) for w in words) for name, words in data["groups"].items()}


def contexts(structure: _StructureLike) -> list[ParagraphContext]:
    """Build one :class:`ParagraphContext` per paragraph of ``structure``."""
    paras = list(structure.paragraphs)
    texts = [canonical(p.text) for p in paras]
    n = len(paras)
    substantial = [len(t) >= 40 for t in texts]
    after = np.cumsum(substantial[::-1])[::-1] - np.array(substantial, dtype=int) if n else []
    before = np.cumsum(substantial) - np.array(substantial, dtype=int) if n else []
    tops = _top_sections(paras)
    out: list[ParagraphContext] = []
    for i, p in enumerate(paras):
        path = [j for j in p.heading_path if 0 <= j < n]
        if p.kind == "heading":
            path = [*path, i]
        top = next((j for j in path if j in tops), None)
        out.append(
            ParagraphContext(
                text=texts[i],
                kind=p.kind,
                level=p.heading_level,
                heading_text=" / ".join(texts[j] for j in path),
                index=i,
                count=n,
                top_rank=(tops[top] if top is not None else -1.0),
                body_after=int(after[i]),
                body_before=int(before[i]),
                heading_index=path[-1] if path else -1,
            )
        )
    return out


def _top_sections(paras: Sequence[_ParagraphLike]) -> dict[int, float]:
    """Map each outermost-level heading to its rank 0..1 among its peers."""
    heads = [p for p in paras if p.kind == "heading" and p.heading_level is not None]
    if not heads:
        return {}
    top_level = min(p.heading_level for p in heads if p.heading_level is not None)
    top = [p.index for p in heads if p.heading_level == top_level]
    if len(top) == 1:
        return {top[0]: 0.0}
    return {idx: r / (len(top) - 1) for r, idx in enumerate(top)}


def _bin(value: float, edges: Sequence[float]) -> int:
    return sum(value >= e for e in edges)


def dense_features(ctx: ParagraphContext) -> dict[str, Any]:
    """Hand-made features: position, shape and cue-word counts (for a DictVectorizer)."""
    rel = ctx.index / max(ctx.count - 1, 1)
    t = ctx.text
    f: dict[str, Any] = {
        f"kind={ctx.kind}": 1,
        f"level={ctx.level}": 1,
        "rel": rel,
        f"rel10={min(int(rel * 10), 9)}": 1,
        f"idx={min(ctx.index, 5)}": 1,
        f"from_end={min(ctx.count - 1 - ctx.index, 5)}": 1,
        f"body_after={min(ctx.body_after, 4)}": 1,
        f"body_before={min(ctx.body_before, 4)}": 1,
        f"len={_bin(len(t), (10, 20, 40, 80, 160, 320, 640))}": 1,
        f"end={t[-1:] or '∅'}": 1,
        f"start2={t[:2]}": 1,
        "has_heading": int(ctx.heading_index >= 0),
        "top_rank": max(ctx.top_rank, 0.0),
        f"top_rank5={_bin(ctx.top_rank, (0.0, 0.25, 0.5, 0.75, 1.0)) if ctx.top_rank >= 0 else 'none'}": 1,
        f"short_doc={_bin(ctx.count, (3, 8, 20, 60))}": 1,
    }
    lead = t[:30]
    head = ctx.heading_text
    for name, words in cue_groups().items():
        c = sum(t.count(w) for w in words)
        if c:
            f[f"cue:{name}"] = math.log1p(c)
            f[f"cue_density:{name}"] = c / max(len(t), 20) * 10
        if any(w in lead for w in words):
            f[f"lead:{name}"] = 1
        if head and any(w in head for w in words):
            f[f"hcue:{name}"] = 1
    return f


def body_text(ctx: ParagraphContext) -> str:
    """Head and tail of the paragraph: enough for tense and topic, cheap to vectorise."""
    t = ctx.text
    return t if len(t) <= 260 else t[:200] + t[-60:]


def lead_text(ctx: ParagraphContext) -> str:
    """The first characters carry most of the cue (一是要…, 过去一年…, 让我们…)."""
    return "^" + ctx.text[:24]


def context_matrix(probs: np.ndarray, ctxs: Sequence[ParagraphContext]) -> np.ndarray:
    """Stage-2 inputs from stage-1 probabilities ``probs`` (n × K) of one document.

    Why these: a paragraph under a heading usually shares the heading's label;
    sections are contiguous, so the neighbours and the section mean are strong
    evidence; the running means before/after encode the document order (a
    "problems" paragraph follows review, precedes plan).
    """
    n, k = probs.shape
    if n == 0:
        return np.zeros((0, context_width(k)))
    pad = np.vstack([np.zeros((2, k)), probs, np.zeros((2, k))])
    cum = np.vstack([np.zeros((1, k)), np.cumsum(probs, axis=0)])
    rows = []
    sections: dict[int, list[int]] = {}
    for c in ctxs:
        sections.setdefault(c.heading_index, []).append(c.index)
    for i, c in enumerate(ctxs):
        before = cum[i] / i if i else np.zeros(k)
        after = (cum[n] - cum[i + 1]) / (n - i - 1) if i < n - 1 else np.zeros(k)
        lo, hi = max(0, i - 4), min(n, i + 5)
        window = (cum[hi] - cum[lo]) / (hi - lo)
        head = probs[c.heading_index] if c.heading_index >= 0 else np.zeros(k)
        members = sections[c.heading_index] if c.heading_index >= 0 else [i]
        sec = probs[members].mean(axis=0)
        rel = i / max(n - 1, 1)
        rows.append(
            np.concatenate(
                [
                    probs[i],
                    pad[i + 1],
                    pad[i],
                    pad[i + 3],
                    pad[i + 4],
                    head,
                    sec,
                    window,
                    before,
                    after,
                    [
                        rel,
                        rel * rel,
                        float(i == 0),
                        float(i == n - 1),
                        float(c.heading_index >= 0),
                        float(c.kind == "heading"),
                        min(c.body_after, 3) / 3,
                        min(c.body_before, 3) / 3,
                    ],
                ]
            )
        )
    return np.asarray(rows)


def context_width(k: int) -> int:
    """Number of stage-2 columns for ``k`` labels."""
    return 10 * k + 8


# --- private fallback parser -------------------------------------------------
# Used only while baogao.structure is not importable (it is written in
# parallel). It follows the Structure contract closely enough for features.

_MARKERS: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"^第[一二三四五六七八九十]+部分"), 0),
    (re.compile(r"^[一二三四五六七八九十]+[、.．]"), 1),
    (re.compile(r"^[（(][一二三四五六七八九十]+[）)]"), 2),
    (re.compile(r"^\d{1,2}(?:[、．]|\.(?!\d))"), 3),
    (re.compile(r"^[（(]\d{1,2}[）)]"), 4),
)


@dataclass(frozen=True)
class FallbackParagraph:
    """Minimal stand-in for ``baogao.structure.Paragraph``."""

    index: int
    start: int
    end: int
    text: str
    kind: str
    heading_level: int | None
    heading_marker: str | None
    heading_path: tuple[int, ...]


@dataclass(frozen=True)
class FallbackStructure:
    """Minimal stand-in for ``baogao.structure.Structure``."""

    paragraphs: tuple[FallbackParagraph, ...]


def fallback_parse(text: str) -> FallbackStructure:
    """Split lines and find numbered headings (used only without baogao.structure)."""
    paras: list[FallbackParagraph] = []
    stack: list[tuple[int, int]] = []  # (level, index)
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        stripped = line.strip()
        if not stripped:
            continue
        start += len(line) - len(line.lstrip())
        end = start + len(stripped)
        i = len(paras)
        level, marker = _heading_marker(stripped)
        if level is not None:
            kind = "heading"
        elif i == 0 and len(stripped) < 60 and "。" not in stripped:
            kind = "title"
        elif stripped.startswith(("——", "--")) or re.match(r"^(汇报人|报告人|述职人)", stripped):
            kind = "byline"
        else:
            kind = "body"
        if level is not None:
            while stack and stack[-1][0] >= level:
                stack.pop()
        path = tuple(j for _, j in stack)
        paras.append(FallbackParagraph(i, start, end, stripped, kind, level, marker, path))
        if level is not None:
            stack.append((level, i))
    return FallbackStructure(tuple(paras))


def _heading_marker(line: str) -> tuple[int | None, str | None]:
    folded = unicodedata.normalize("NFKC", line)
    if len(folded) > 60 or "。" in folded[:-1]:
        return None, None
    for pattern, level in _MARKERS:
        m = pattern.match(folded)
        if m:
            return level, m.group(0)
    return None, None

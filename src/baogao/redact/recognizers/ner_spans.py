"""Span decoding of the NER CRF: exact span probabilities, rescored by a span model.

Viterbi gives the single best labelling of a sentence, and scores each of its
names only through the characters' labels. Here every span the CRF gives a
probability of at least ``min_p`` of being one whole name of a kind (``B I… E``
or ``S`` of that kind, summed over every labelling of the rest of the
sentence: exact, from the forward and backward scores) is a candidate. A
logistic regression then reads each candidate as a whole: that probability and
those of the spans it competes with, its length, its first, last and
neighbouring characters, whether its edges are the segmenter's word edges and
their parts of speech, whether it is a name of the training data. The best
candidates that do not overlap, scored ``threshold`` or more, are the model's
names.

The span model is fitted on the CRF's output on sentences it was not trained
on (five CRFs, each trained without one fifth of CLUENER's training data:
:mod:`.ner_spans_train`), so it learns how far the CRF is to be trusted on new
text. It belongs to one CRF: ``models/ner_spans.npz`` records the sha256 of the
weights table it was fitted for, and is not used with any other (Viterbi then
decodes, as without the file).
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import accumulate
from pathlib import Path
from typing import Any

import numpy as np

from baogao.redact.recognizers.ner_features import LEXICON_FILE, _segment, fold_width, read_lexicon_file
from baogao.resources import model_path, read_checked_npz

__all__ = [
    "NUMERIC", "SPANS_FILE", "Chunk", "SpanModel", "as_dicts", "candidate_features", "decode", "kind_table",
    "kinds_of", "load", "native_candidates", "read_names", "rescore", "span_probabilities",
]  # fmt: skip

SPANS_FILE = "ner_spans.npz"

#: Longest span considered (characters); CLUENER's longest names are addresses of ~30.
MAX_LEN = 40

_P_BINS = (0.01, 0.03, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95)


@dataclass(frozen=True)
class Chunk:
    """One sentence's candidates: spans (start, end, kind, probability) and the (n, L) label marginals."""

    spans: list[tuple[int, int, str, float]]
    marginals: np.ndarray


def span_probabilities(
    labels: Sequence[str], trans: np.ndarray, emit: np.ndarray, lens: np.ndarray, *, min_p: float,
    max_len: int = MAX_LEN,
) -> list[Chunk]:  # fmt: skip
    """Every span of every sequence of a padded batch whose probability of being one name is ``min_p`` or more.

    Args:
        labels: the CRF's labels (``O``, ``B-ORG`` … in the BIOES scheme).
        trans: (L, L) transition weights, previous label × label.
        emit: (T, B, L) state scores, time-major, sequences longest first, padded at the end.
        lens: (B,) lengths, non-increasing, all ≥ 1.
    """
    steps, n_seq, n_lab = emit.shape
    active = np.searchsorted(-lens, -np.arange(steps + 1), side="left")  # sequences longer than t
    inside = np.arange(steps)[:, None] < lens[None, :]  # (T, B)
    # scaled forward-backward, as the compiled kernel does it (see bg_span_candidates)
    pe = np.exp(emit - emit.max(axis=2, keepdims=True))
    pt = np.exp(trans - trans.max())
    alpha = np.zeros((steps, n_seq, n_lab))
    norm = np.ones((steps, n_seq))
    norm[0] = pe[0].sum(axis=1)
    alpha[0] = pe[0] / norm[0][:, None]
    for t in range(1, steps):
        b = active[t]
        a = (alpha[t - 1, :b] @ pt) * pe[t, :b]
        norm[t, :b] = a.sum(axis=1)
        alpha[t, :b] = a / norm[t, :b, None]
    beta = np.zeros((steps, n_seq, n_lab))
    beta[steps - 1] = 1.0 / n_lab
    pt_t = np.ascontiguousarray(pt.T)
    for t in range(steps - 2, -1, -1):
        b1, b0 = active[t + 1], active[t]
        nb = (pe[t + 1, :b1] * beta[t + 1, :b1]) @ pt_t
        beta[t, :b1] = nb / nb.sum(axis=1, keepdims=True)
        beta[t, b1:b0] = 1.0 / n_lab  # the sequences that end at t
    z = np.where(inside, (alpha * beta).sum(axis=2), 1.0)  # (T, B)
    post = alpha * beta / z[:, :, None]
    found: list[list[tuple[int, int, str, float]]] = [[] for _ in range(n_seq)]
    kinds, _ = kinds_of(tuple(labels))
    for kind, (first, mid, last, single) in zip(kinds, kind_table(tuple(labels)).tolist(), strict=True):
        if single >= 0:
            one = post[:, :, single]
            for t, j in zip(*np.nonzero((one >= min_p) & inside), strict=True):
                found[j].append((int(t), int(t) + 1, kind, float(one[t, j])))
        run = alpha[:, :, first]  # B I* from each start up to t, scaled as alpha^
        prev = first
        for m in range(2, min(max_len, steps) + 1):
            n = steps - m + 1  # spans of length m start at 0 … n - 1 and end at m - 1 … steps - 1
            run = run[:n]
            ends = run * pt[prev, last] * pe[m - 1 :, :, last] / norm[m - 1 :] * beta[m - 1 :, :, last] / z[m - 1 :]
            ok = (ends >= min_p) & inside[m - 1 :]
            for a, j in zip(*np.nonzero(ok), strict=True):
                found[j].append((int(a), int(a) + m, kind, float(ends[a, j])))
            run = run * pt[prev, mid] * pe[m - 1 :, :, mid] / norm[m - 1 :]
            prev = mid
            # no longer span can reach min_p once every open prefix (with all it may continue as) is below it
            if not ((run * beta[m - 1 :, :, mid] / z[m - 1 :] >= min_p) & inside[m - 1 :]).any():
                break
    return [Chunk(sorted(found[j]), post[: lens[j], j]) for j in range(n_seq)]


@lru_cache(maxsize=8)
def kinds_of(labels: tuple[str, ...]) -> tuple[list[str], np.ndarray]:
    """The name kinds of a label set (PERSON, ORG …) and the label × kind membership matrix."""
    kind_of = [lab.partition("-")[2].partition(".")[0] for lab in labels]  # "" for O
    kinds = sorted(set(kind_of) - {""})
    return kinds, np.array([[float(k == kind) for kind in kinds] for k in kind_of])


@lru_cache(maxsize=8)
def kind_table(labels: tuple[str, ...]) -> np.ndarray:
    """Per kind of :func:`kinds_of` (BIOES labels), its (B, I, E, S) label ids; S is -1 if absent."""
    index = {lab: i for i, lab in enumerate(labels)}
    table = [[index[f"B-{k}"], index[f"I-{k}"], index[f"E-{k}"], index.get(f"S-{k}", -1)] for k in kinds_of(labels)[0]]
    return np.array(table, dtype=np.int64).reshape(-1, 4)


def native_candidates(
    native: Any, labels: Sequence[str], trans: np.ndarray, emit_all: np.ndarray, starts: np.ndarray,
    ids: np.ndarray, *, min_p: float, max_len: int = MAX_LEN,
) -> list[Chunk]:  # fmt: skip
    """:func:`span_probabilities` of the chunks ``ids`` (rows ``starts[c]:starts[c + 1]`` of
    ``emit_all``) with the compiled kernel; one :class:`Chunk` per id, in order."""
    if not len(ids):
        return []
    kinds, _ = kinds_of(tuple(labels))
    table = kind_table(tuple(labels))
    n_lab = len(labels)
    lens = np.diff(starts)
    longest = int(lens[ids].max())
    pt = np.exp(trans - trans.max()).astype(np.float64)
    starts = np.ascontiguousarray(starts, dtype=np.int64)
    ids = np.ascontiguousarray(ids, dtype=np.int64)
    post = np.zeros((len(emit_all), n_lab))
    work = np.empty(3 * longest * n_lab + 2 * longest)
    cap = max(64, 4 * int(lens[ids].sum()))
    while True:
        out = [np.empty(cap, dtype=np.int64) for _ in range(4)] + [np.empty(cap)]
        n = native.span_candidates(
            pt, n_lab, emit_all, starts, ids, len(ids), table, len(table), float(min_p), max_len, post, *out,
            cap, work,
        )  # fmt: skip
        if n <= cap:
            break
        cap = int(n)
    chunk, first, stop, kind, prob = (a[:n].tolist() for a in out)
    found: dict[int, list[tuple[int, int, str, float]]] = {}
    for c, a, b, q, p in zip(chunk, first, stop, kind, prob, strict=True):
        found.setdefault(c, []).append((a, b, kinds[q], p))
    return [
        Chunk(sorted(found.get(c, [])), post[starts[c] : starts[c + 1]]) for c in ids.tolist()
    ]


@lru_cache(maxsize=1)
def _names() -> dict[str, frozenset[str]]:
    """The shipped lexicon's names by label (the names of the CRF's training data)."""
    return read_names(model_path(LEXICON_FILE))


def read_names(path: Path) -> dict[str, frozenset[str]]:
    """The names by label of a lexicon file (:func:`.ner_features.read_lexicon_file`)."""
    return {label: frozenset(v) for label, v in read_lexicon_file(path)[0].items()}


#: The span model's numeric features, in the order :func:`candidate_features` gives them.
NUMERIC = (
    "p", "logp", "viterbi", "rival_max", "rival_sum", "other_kind", "inside_mean", "inside_min",
    "first", "last", "outside_before", "outside_after", "len",
)  # fmt: skip


def candidate_features(
    texts: Sequence[str],
    chunks: Sequence[Chunk],
    viterbi: Sequence[set[tuple[int, int, str]]],
    labels: Sequence[str],
    names: dict[str, frozenset[str]],
) -> tuple[np.ndarray, list[list[str]]]:
    """The span model's features of every candidate of the sentences ``texts``, in order: an
    (m, len(NUMERIC)) array of the :data:`NUMERIC` values and the names of the indicator features
    that are on for each.

    The marginals of all sentences are read as one array, so that what each sentence costs on its
    own is mostly its segmenter's (cached) words; a name's mean and least inside mass come from
    running sums and a segmented minimum over that array."""
    width = len(NUMERIC)
    spans_of = [c.spans for c in chunks]
    m = sum(map(len, spans_of))
    if not m:
        return np.zeros((0, width)), []
    kinds, member = kinds_of(tuple(labels))
    table = kind_table(tuple(labels))
    outside = list(labels).index("O")
    lens = [len(c.marginals) for c in chunks]
    post = np.concatenate([c.marginals for c in chunks])  # all sentences' characters, one after another
    at = np.zeros(len(chunks) + 1, dtype=np.int64)
    np.cumsum(lens, out=at[1:])
    mass = post @ member  # (n, kinds): P(inside a name of that kind)
    single = np.where(table[:, 3] >= 0, post[:, table[:, 3]], 0.0)
    first_of = post[:, table[:, 0]] + single
    last_of = post[:, table[:, 2]] + single
    out_p = np.append(post[:, outside], 1.0)  # a final 1.0: "after the last sentence's end"
    kind_no = {k: q for q, k in enumerate(kinds)}
    # every candidate's sentence, edges (in the joined array) and kind
    owner = np.repeat(np.arange(len(chunks)), [len(s) for s in spans_of])
    flat = [s for spans in spans_of for s in spans]
    a_loc = np.fromiter((s[0] for s in flat), dtype=np.int64, count=m)
    b_loc = np.fromiter((s[1] for s in flat), dtype=np.int64, count=m)
    q = np.fromiter((kind_no[s[2]] for s in flat), dtype=np.int64, count=m)
    p = np.fromiter((s[3] for s in flat), dtype=np.float64, count=m)
    base = at[owner]
    ga, gb = base + a_loc, base + b_loc
    numbers = np.empty((m, width))
    numbers[:, 0] = p
    numbers[:, 1] = np.log(p)
    rivals_max, rivals_sum, other_kind, in_viterbi = [], [], [], []
    for spans, vit in zip(spans_of, viterbi, strict=True):
        for a, b, k, _ in spans:
            rivals = [r for c, d, kk, r in spans if c < b and d > a and (c, d, kk) != (a, b, k)]
            rivals_max.append(max(rivals, default=0.0))
            rivals_sum.append(sum(rivals))
            other_kind.append(sum(r for c, d, kk, r in spans if c == a and d == b and kk != k))
            in_viterbi.append(float((a, b, k) in vit))
    numbers[:, 2] = in_viterbi
    numbers[:, 3] = rivals_max
    numbers[:, 4] = rivals_sum
    numbers[:, 5] = other_kind
    mean = np.empty(m)
    least = np.empty(m)
    for j in range(len(kinds)):
        sel = np.flatnonzero(q == j)
        if not len(sel):
            continue
        col = mass[:, j]
        run = np.concatenate(([0.0], np.cumsum(col)))
        lo, hi = ga[sel], gb[sel]
        mean[sel] = (run[hi] - run[lo]) / (hi - lo)
        # the least over each [lo, hi): minimum.reduceat over the pairs, every other result being
        # the stretch between one candidate's end and the next one's start
        least[sel] = np.minimum.reduceat(np.append(col, np.inf), np.stack([lo, hi], axis=1).ravel())[0::2]
    numbers[:, 6] = mean
    numbers[:, 7] = least
    numbers[:, 8] = first_of[ga, q]
    numbers[:, 9] = last_of[gb - 1, q]
    numbers[:, 10] = np.where(a_loc > 0, out_p[ga - 1], 1.0)
    numbers[:, 11] = np.where(b_loc < np.asarray(lens)[owner], out_p[gb], 1.0)
    numbers[:, 12] = np.minimum(b_loc - a_loc, 20) / 20
    indicators: list[list[str]] = []
    for text, spans in zip(texts, spans_of, strict=True):
        if not spans:
            continue
        words, tags = segment(text)
        ends = list(accumulate(map(len, words)))  # word i covers [ends[i - 1], ends[i])
        edges = {0, *ends}
        n = len(text)

        def tag_at(i: int, tags: Sequence[str] = tags, ends: list[int] = ends) -> str:
            return tags[bisect.bisect_right(ends, i)]

        for a, b, k, pk in spans:
            s = text[a:b]
            on = [
                f"k={k}",
                f"{k}|len={min(b - a, 12)}",
                f"{k}|first={s[0]}",
                f"{k}|last={s[-1]}",
                f"{k}|last2={s[-2:]}",
                f"{k}|before={text[a - 1] if a else '^'}",
                f"{k}|after={text[b] if b < n else '$'}",
                f"{k}|edges={a in edges}{b in edges}",
                f"{k}|tag_first={tag_at(a)}",
                f"{k}|tag_last={tag_at(b - 1)}",
                f"{k}|tag_before={tag_at(a - 1) if a else '^'}",
                f"{k}|tag_after={tag_at(b) if b < n else '$'}",
                f"{k}|pbin={bisect.bisect_right(_P_BINS, pk)}",
            ]
            on += [f"{k}|lexicon={kk}" for kk in kinds if s in names.get(kk, ())]
            if s.isascii():
                on.append(f"{k}|ascii")
            if any(ch.isdigit() for ch in s):
                on.append(f"{k}|digit")
            indicators.append(on)
    return numbers, indicators


def as_dicts(numbers: Sequence[Sequence[float]], indicators: Sequence[Sequence[str]]) -> list[dict[str, float]]:
    """Rows of :func:`candidate_features` as one dict each (the trainer's ``DictVectorizer`` input)."""
    return [
        {**dict(zip(NUMERIC, row, strict=True)), **dict.fromkeys(on, 1.0)}
        for row, on in zip(numbers, indicators, strict=True)
    ]


def segment(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Words and POS tags of a sentence as the NER features read it (widths folded, the HMM on),
    which segmented the same sentences just before (a cached call)."""
    words, tags = _segment(fold_width(text), hmm=True, pos=True)
    return words, tags if tags else ("x",) * len(words)


def decode(
    spans: Sequence[tuple[int, int, str]], probs: np.ndarray | Sequence[float], threshold: float
) -> list[tuple[int, int, str, float]]:
    """The most probable spans that overlap no more probable one, each scored ``threshold`` or more; sorted."""
    taken: list[tuple[int, int, str, float]] = []
    for i in sorted(range(len(probs)), key=lambda i: -probs[i]):
        q = float(probs[i])
        if q < threshold:
            break
        a, b, k = spans[i]
        if all(b <= c or a >= d for c, d, _, _ in taken):
            taken.append((a, b, k, q))
    return sorted(taken)


@dataclass(frozen=True, eq=False)
class SpanModel:
    """A logistic regression over :func:`candidate_features`, as plain arrays (compared by identity)."""

    features: dict[str, int]
    coef: np.ndarray
    intercept: float
    threshold: float
    min_p: float

    def probabilities(self, numbers: Sequence[Sequence[float]], indicators: Sequence[Sequence[str]]) -> np.ndarray:
        """P(the candidate is a name, exactly as long and of that kind) for each candidate."""
        if not len(numbers):
            return np.zeros(0)
        z = np.asarray(numbers, dtype=np.float64) @ self._numeric_coef
        get = self.features.get
        coef = self.coef
        z += np.fromiter(
            (sum(coef[j] for name in on if (j := get(name)) is not None) for on in indicators),
            dtype=np.float64,
            count=len(indicators),
        )
        return 1.0 / (1.0 + np.exp(-np.clip(z + self.intercept, -60.0, 60.0)))

    @cached_property
    def _numeric_coef(self) -> np.ndarray:
        return np.array([self.coef[self.features[n]] if n in self.features else 0.0 for n in NUMERIC])

    def arrays(self) -> dict[str, np.ndarray]:
        names = sorted(self.features, key=self.features.__getitem__)
        return {
            "features": np.array("\n".join(names)),
            "coef": np.asarray(self.coef, dtype=np.float64),
            "intercept": np.array(self.intercept),
            "threshold": np.array(self.threshold),
            "min_p": np.array(self.min_p),
        }

    @classmethod
    def from_arrays(cls, z: dict[str, np.ndarray]) -> SpanModel:
        names = str(z["features"]).split("\n")
        coef = np.asarray(z["coef"], dtype=np.float64)
        if len(names) != len(coef) or coef.ndim != 1:
            raise ValueError("span model: features and coefficients differ in number")
        return cls(
            {name: i for i, name in enumerate(names)},
            coef,
            float(z["intercept"]),
            float(z["threshold"]),
            float(z["min_p"]),
        )


@lru_cache(maxsize=4)
def _load(path: Path, weights: Path) -> SpanModel | None:
    z = read_checked_npz(path, weights)
    if z is None:
        return None
    try:
        return SpanModel.from_arrays(z)
    except (KeyError, ValueError):
        return None


def load(weights: Path) -> SpanModel | None:
    """The shipped span model for the CRF whose weights table is ``weights``; None when there is
    none, it is damaged, or it was fitted for another CRF (``BAOGAO_NER_SPANS=0``: None too)."""
    if os.environ.get("BAOGAO_NER_SPANS") == "0":
        return None
    return _load(model_path(SPANS_FILE), weights)


def rescore(
    pieces: Sequence[str],
    chunks: Sequence[Chunk],
    viterbi: Sequence[Sequence[tuple[int, int, str, float]]],
    labels: Sequence[str],
    model: SpanModel,
    names: dict[str, frozenset[str]] | None = None,
) -> list[list[tuple[int, int, str, float]]]:
    """The span model's names (start, end, kind, probability) of each sentence."""
    names = _names() if names is None else names
    vit_sets = [{(a, b, k) for a, b, k, _ in vit} for vit in viterbi]
    numbers, indicators = candidate_features(pieces, chunks, vit_sets, labels, names)
    probs = model.probabilities(numbers, indicators).tolist()  # all sentences' candidates at once
    out = []
    at = 0
    for chunk in chunks:
        k = len(chunk.spans)
        out.append(decode([s[:3] for s in chunk.spans], probs[at : at + k], model.threshold) if k else [])
        at += k
    return out

"""Which of the nine report themes a document substantially discusses.

Work reports mention many themes in passing (every corporate report says 安全
and 党委 somewhere), so counting terms is not enough. The rule, per theme:

1. ``mass``: weighted term occurrences — strong terms (naming the theme: 安全生产,
   降本增效) weigh ``strong_weight``, weak terms (安全, 成本) ``weak_weight``;
   leftmost-longest matching so 安全生产 is not also counted as 安全.
2. ``density``: mass per 1,000 characters (long government reports and short
   briefings become comparable).
3. ``spread``: share of body paragraphs that mention the theme (a strong term,
   or two weak hits) — a theme discussed in one paragraph is a passing remark.
4. ``share``: the theme's mass over the mass of all themes — what the document
   is *about* relative to everything else it touches.
5. ``heading``: a strong term in the title or a heading line.

``doc_score = 1 - exp(-(a·density/10 + b·spread + c·share + d·heading))`` lies in
[0, 1); a theme enters the document-level list when its score reaches the
theme's ``threshold`` and at least ``min_paragraphs`` paragraphs mention it.
Thresholds live in ``models/themes.toml`` and are refit by
``fit_thresholds`` (``scripts/fit_theme_thresholds.py --write``; leave-one-out
figures from it and from ``scripts/eval_extract_tags.py --loo``).

With the shipped lexicon, the trained theme model (:mod:`baogao.classify.themes`,
``models/themes.skops``) makes the document-level decision instead, from these features
and the document's words; the scores (``doc_scores``, per paragraph) stay the rule's.
A user's lexicon that adds terms or themes to the shipped one keeps the model for the shipped
themes (the rule decides the user's own); one that replaces or drops shipped terms, or a
checkout without the model, keeps the thresholds.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import ahocorasick_rs

from baogao.errors import ModelMissingError, PolicyError
from baogao.resources import model_path, user_toml
from baogao.unicode import scrub_surrogates

LEXICON_FILE = "themes.toml"
# Feature weights of the score (see module docstring). Chosen by leave-one-out F1 over the
# dev gold and corpora/themes (scripts/eval_extract_tags.py --loo); density carries no
# weight there (it is kept in `features` for review) because share and spread subsume it.
_W_DENSITY, _W_SPREAD, _W_SHARE, _W_HEADING = 0.0, 1.0, 4.0, 0.4
_HEADING_MAX_LEN = 40
_LEAD_MAX_LEN = 30
_ENUM_LEAD_RE = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[.、．]|"
    r"[一二三四五六七八九十]{1,3}[、是]|第[一二三四五六七八九十]{1,3}[，、])"
)


@dataclass(frozen=True)
class Theme:
    """One theme: its key (``safety``), display name and weighted terms."""

    key: str
    name: str
    strong: tuple[str, ...]
    weak: tuple[str, ...]
    threshold: float = 0.5


@dataclass(frozen=True)
class ThemeLexicon:
    """All themes plus the shared weights. Frozen and hashable so matchers cache per lexicon."""

    themes: tuple[Theme, ...]
    strong_weight: float = 3.0
    weak_weight: float = 1.0
    min_paragraphs: int = 2

    def keys(self) -> list[str]:
        return [t.key for t in self.themes]

    def with_thresholds(self, thresholds: dict[str, float]) -> ThemeLexicon:
        """A copy with some per-theme thresholds replaced."""
        themes = tuple(replace(t, threshold=thresholds.get(t.key, t.threshold)) for t in self.themes)
        return replace(self, themes=themes)


@dataclass(frozen=True)
class ThemeResult:
    """Theme scores of one document.

    Attributes:
        doc_scores: score in [0, 1) per theme key.
        themes: the document-level list (themes substantially discussed), best first.
        evidence: per theme, (term, count) pairs, most frequent first.
        paragraph_scores: per given paragraph, theme → score in [0, 1); empty
            when no paragraphs were given.
        features: per theme, the raw features behind ``doc_scores`` (for review).
    """

    doc_scores: dict[str, float]
    themes: list[str]
    evidence: dict[str, list[tuple[str, int]]]
    paragraph_scores: list[dict[str, float]] = field(default_factory=list)
    features: dict[str, dict[str, float]] = field(default_factory=dict)


# ----------------------------------------------------------------------------- lexicon


def load_lexicon(path: Path | None = None) -> ThemeLexicon:
    """Load the shipped lexicon, optionally merged with or replaced by a user TOML.

    Args:
        path: a user file in the shipped format. Its top-level ``mode`` is
            ``"add"`` (default: its terms and thresholds extend the shipped
            themes, new theme keys are added) or ``"replace"`` (it alone is used).

    Raises:
        ModelMissingError: the shipped lexicon is absent.
        PolicyError: the user file is not valid TOML or has a bad ``mode``.
    """
    shipped = _shipped_data()
    if path is None:
        return _build(shipped)
    user = user_toml(path, "theme lexicon")
    mode = user.pop("mode", "add")
    _check_user(user, str(path))
    if mode == "replace":
        return _build(user, where=str(path))
    if mode != "add":
        raise PolicyError(str(path), f'mode must be "add" or "replace", not {mode!r}')
    return _build(_merge(shipped, user), where=str(path))


@lru_cache(maxsize=1)
def _shipped_text() -> str:
    path = model_path(LEXICON_FILE)
    if not path.is_file():
        raise ModelMissingError(str(path), "theme lexicon missing (models/themes.toml)")
    return path.read_text(encoding="utf-8")


def _shipped_data() -> dict:
    return tomllib.loads(_shipped_text())


def _check_user(user: dict, where: str) -> None:
    """The shapes :func:`_merge` relies on, checked before it runs: a bad value is one clear PolicyError,
    never a traceback or a string read as a list of its characters. Numbers are checked by
    :func:`_build`, on the merged lexicon, with the same messages."""
    specs = user.get("themes", {})
    if not isinstance(specs, dict):
        raise PolicyError(where, "themes must be tables ([themes.<key>])")
    for key, spec in specs.items():
        if not isinstance(spec, dict):
            raise PolicyError(where, f"themes.{key} must be a table ([themes.{key}])")
        for field_name in ("strong", "weak"):
            if field_name in spec:
                _terms(where, key, field_name, spec[field_name])


def _merge(base: dict, user: dict) -> dict:
    """Add the user's terms to the shipped lists; scalar settings from the user win."""
    out = {k: v for k, v in base.items() if k != "themes"}
    out.update({k: v for k, v in user.items() if k != "themes"})
    themes = {k: dict(v) for k, v in base.get("themes", {}).items()}
    for key, spec in user.get("themes", {}).items():
        cur = themes.setdefault(key, {})
        for field_name, value in spec.items():
            if field_name in ("strong", "weak"):
                cur[field_name] = list(cur.get(field_name, [])) + [
                    t for t in value if t not in cur.get(field_name, [])
                ]
            else:
                cur[field_name] = value
    out["themes"] = themes
    return out


def _terms(where: str, key: str, field_name: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(t, str) and t.strip() for t in value):
        raise PolicyError(where, f"themes.{key}.{field_name} must be a list of non-empty strings")
    return tuple(t.strip() for t in value)


def _number(where: str, name: str, value: Any, kind: type = float) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float) or (kind is int and not isinstance(value, int)):
        raise PolicyError(where, f"{name} must be {'an integer' if kind is int else 'a number'}, not {value!r}")
    return kind(value)


def _build(data: dict, *, where: str = LEXICON_FILE) -> ThemeLexicon:
    specs = data.get("themes")
    if not isinstance(specs, dict) or not specs:
        raise PolicyError(where, "no [themes.<key>] tables")
    themes = []
    for key, spec in specs.items():
        if not isinstance(spec, dict):
            raise PolicyError(where, f"themes.{key} must be a table ([themes.{key}])")
        strong = _terms(where, key, "strong", spec.get("strong", []))
        weak = tuple(t for t in _terms(where, key, "weak", spec.get("weak", [])) if t not in strong)
        if not strong and not weak:
            raise PolicyError(where, f"theme {key!r} has no terms")
        threshold = _number(where, f"themes.{key}.threshold", spec.get("threshold", 0.5))
        themes.append(Theme(key, str(spec.get("name", key)), strong, weak, threshold))
    return ThemeLexicon(
        tuple(themes),
        _number(where, "strong_weight", data.get("strong_weight", 3.0)),
        _number(where, "weak_weight", data.get("weak_weight", 1.0)),
        _number(where, "min_paragraphs", data.get("min_paragraphs", 2), int),
    )


@lru_cache(maxsize=1)
def default_lexicon() -> ThemeLexicon:
    """The shipped lexicon, loaded once."""
    return load_lexicon()


# ----------------------------------------------------------------------------- matching


@dataclass(frozen=True)
class _Matcher:
    automaton: ahocorasick_rs.AhoCorasick
    terms: tuple[str, ...]
    # per term index: ((theme index, weight, is_strong), ...)
    targets: tuple[tuple[tuple[int, float, bool], ...], ...]
    themes: int  # how many themes the lexicon has
    bare: bool = True  # no term holds a line break or starts or ends with a blank


@lru_cache(maxsize=8)
def _matcher(lexicon: ThemeLexicon) -> _Matcher:
    """One leftmost-longest automaton over every term of every theme."""
    index: dict[str, list[tuple[int, float, bool]]] = {}
    for ti, theme in enumerate(lexicon.themes):
        for term in theme.strong:
            index.setdefault(term, []).append((ti, lexicon.strong_weight, True))
        for term in theme.weak:
            index.setdefault(term, []).append((ti, lexicon.weak_weight, False))
    terms = tuple(index)
    automaton = ahocorasick_rs.AhoCorasick(list(terms), matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
    bare = all(t == t.strip() and "\n" not in t for t in terms)
    return _Matcher(automaton, terms, tuple(tuple(index[t]) for t in terms), len(lexicon.themes), bare)


@dataclass
class _Tally:
    mass: float = 0.0
    strong_hits: int = 0
    weak_hits: int = 0
    counts: Counter = field(default_factory=Counter)


#: The tally of a theme with no hit, shared by every text (read only: only _tally writes tallies).
_NO_HITS = _Tally()


def _tally(text: str, m: _Matcher) -> list[_Tally]:
    """Per theme, the weighted hits of its terms in ``text``. ``m`` is the lexicon's
    :func:`_matcher`, looked up once per document by the caller."""
    return _tally_hits([i for i, _, _ in m.automaton.find_matches_as_indexes(text)], m)


def _tally_hits(hits: Iterable[int], m: _Matcher) -> list[_Tally]:
    """:func:`_tally` of the terms found (their indexes in ``m.terms``). Most lines hit no
    theme at all, so a theme without hits gets the shared empty tally rather than a new one."""
    tallies: list[_Tally] = [_NO_HITS] * m.themes
    for term_idx in hits:
        term = m.terms[term_idx]
        for ti, weight, strong in m.targets[term_idx]:
            t = tallies[ti]
            if t is _NO_HITS:
                t = tallies[ti] = _Tally()
            t.mass += weight
            t.counts[term] += 1
            if strong:
                t.strong_hits += 1
            else:
                t.weak_hits += 1
    return tallies


def _line_tallies(text: str, m: _Matcher) -> tuple[list[str], list[list[_Tally]], list[_Tally]]:
    """The text's non-blank lines (stripped), the tally of each and that of the whole text,
    from one pass of the automaton: no term holds a line break, so every term found lies inside
    one line and is found there as in the line alone (:attr:`_Matcher.bare`: no term starts or
    ends with a blank, which stripping a line could cut)."""
    hits = m.automaton.find_matches_as_indexes(text)
    if not m.bare:
        lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
        return lines, [_tally(ln, m) for ln in lines], _tally_hits([i for i, _, _ in hits], m)
    lines, spans, at = [], [], 0
    for raw in text.split("\n"):
        line = raw.strip()
        if line:
            lead = at + len(raw) - len(raw.lstrip())
            lines.append(line)
            spans.append((lead, lead + len(line)))
        at += len(raw) + 1
    per_line: list[list[int]] = [[] for _ in lines]
    k = 0
    for term_idx, start, _end in hits:  # in text order, as the lines are
        while spans[k][1] <= start:
            k += 1
        per_line[k].append(term_idx)
    return lines, [_tally_hits(h, m) for h in per_line], _tally_hits([i for i, _, _ in hits], m)


def _mentions(t: _Tally) -> bool:
    """A paragraph mentions a theme with one strong term or two weak hits."""
    return t.strong_hits >= 1 or t.weak_hits >= 2


# ----------------------------------------------------------------------------- scoring


def score(
    text: str,
    paragraphs: Sequence[tuple[int, int]] | None = None,
    *,
    lexicon: ThemeLexicon | None = None,
    word_counts: Mapping[str, int] | None = None,
    decide: bool = True,
) -> ThemeResult:
    """Score the nine themes for a document (and optionally for each paragraph).

    Args:
        text: normalised report text.
        paragraphs: (start, end) spans into ``text``; when given, per-paragraph
            scores are returned too. The document-level decision always uses
            the text's own lines as paragraphs, so it does not depend on them.
        lexicon: a ``ThemeLexicon`` (default: the shipped one).
        word_counts: how often each of the segmenter's words occurs in ``text``, when the
            caller has counted them already (the keywords read the same counts).
        decide: let the trained theme model (:mod:`baogao.classify.themes`) choose the
            document's themes when it was trained with this lexicon; else (and with
            ``decide=False``) the per-theme thresholds of the rule choose them.

    Returns:
        A ``ThemeResult``; see the module docstring for the rule.
    """
    text = scrub_surrogates(text)
    lex = lexicon or default_lexicon()
    m = _matcher(lex)
    lines, line_tallies, doc = _line_tallies(text, m)
    features = _features(lines, line_tallies, doc, m=m, text_len=len(text))
    doc_scores = {t.key: _combine(f) for t, f in zip(lex.themes, features)}
    chosen = [
        t.key
        for t, f in zip(lex.themes, features)
        if doc_scores[t.key] >= t.threshold and f["paragraphs"] >= lex.min_paragraphs
    ]
    chosen.sort(key=lambda k: -doc_scores[k])
    evidence = {t.key: doc[i].counts.most_common() for i, t in enumerate(lex.themes) if doc[i].counts}
    per = [_paragraph_scores(text[s:e], lex, m) for s, e in paragraphs] if paragraphs is not None else []
    result = ThemeResult(doc_scores, chosen, evidence, per, {t.key: f for t, f in zip(lex.themes, features)})
    decided = _model_choice(text, word_counts, lex, result) if decide else None
    return result if decided is None else replace(result, themes=decided)


def _model_choice(
    text: str, word_counts: Mapping[str, int] | None, lex: ThemeLexicon, result: ThemeResult
) -> list[str] | None:
    """The trained model's themes for the rule's ``result``, most likely first; None when the
    model does not apply to ``lex`` (:func:`_model_applies`). Themes of ``lex`` the model does
    not know (a user's own) are decided by the rule and follow, best scored first."""
    from baogao.classify import themes as model_themes

    model = model_themes.load_model()
    if model is None or not _model_applies(lex, model.lexicon_sha256, model.keys):
        return None
    counts = model_themes.word_counts(text) if word_counts is None else word_counts
    chosen = model.choose(counts, model_themes.lexicon_features(result, model.keys))
    return chosen + [k for k in result.themes if k not in model.keys]


@lru_cache(maxsize=8)
def _model_applies(lex: ThemeLexicon, trained_with: str, keys: tuple[str, ...]) -> bool:
    """Whether a model trained with the lexicon of digest ``trained_with`` reads ``lex``: when
    ``lex`` is that lexicon, or the shipped one (if the model was trained with it) with terms or
    themes added (a user's ``mode = "add"`` file): every one of the model's themes is there with
    at least its shipped terms, at the shipped weights. Thresholds do not matter to the model."""
    if _digest(lex) == trained_with:
        return True
    shipped = default_lexicon()
    if _digest(shipped) != trained_with or (lex.strong_weight, lex.weak_weight) != (
        shipped.strong_weight, shipped.weak_weight
    ):
        return False
    mine = {t.key: t for t in lex.themes}
    return all(
        k in mine and set(t.strong) <= set(mine[k].strong) and set(t.weak) <= set(mine[k].weak)
        for t in shipped.themes
        if (k := t.key) in keys
    )


@lru_cache(maxsize=8)
def _digest(lex: ThemeLexicon) -> str:
    from baogao.classify.themes import lexicon_digest

    return lexicon_digest(lex)


def _features(
    lines: list[str],
    line_tallies: list[list[_Tally]],
    doc: list[_Tally],
    *,
    m: _Matcher,
    text_len: int,
) -> list[dict[str, float]]:
    total_mass = sum(t.mass for t in doc) or 1.0
    kilo = max(text_len, 300) / 1000
    heads = [i for i, ln in enumerate(lines) if _is_heading(ln, first=i == 0)]
    is_head = set(heads)
    body = [i for i in range(len(lines)) if i not in is_head] or list(range(len(lines)))
    topic_lines = [lines[i] for i in heads] + [lead for i in body if (lead := _lead(lines[i]))]
    topic_tallies = [_tally(ln, m) for ln in topic_lines]
    out = []
    for ti, t in enumerate(doc):
        para = sum(_mentions(line_tallies[i][ti]) for i in range(len(lines)))
        spread = sum(_mentions(line_tallies[i][ti]) for i in body) / max(1, len(body))
        topics = sum(tt[ti].strong_hits > 0 for tt in topic_tallies)
        out.append(
            {
                "density": t.mass / kilo,
                "spread": spread,
                "share": t.mass / total_mass,
                "heading": float(topics),
                "paragraphs": float(para),
            }
        )
    return out


def _combine(f: dict[str, float]) -> float:
    z = (
        _W_DENSITY * f["density"] / 10
        + _W_SPREAD * f["spread"]
        + _W_SHARE * f["share"]
        + _W_HEADING * min(f["heading"], 3.0)
    )
    return 1.0 - math.exp(-z)


def _is_heading(line: str, *, first: bool) -> bool:
    """Title or section heading: short and not a full sentence."""
    return first or (len(line) <= _HEADING_MAX_LEN and not line.endswith(("。", "；", "！", ";", "!")))


def _lead(line: str) -> str:
    """The topic clause of an enumerated paragraph: （5）狠抓节能降耗。… → 狠抓节能降耗.

    Reports open each measure with a short clause naming its subject; a theme
    named there is being discussed, not mentioned in passing.
    """
    m = _ENUM_LEAD_RE.match(line)
    if not m:
        return ""
    rest = line[m.end() :]
    cut = min((i for i in (rest.find(c) for c in "。；：;:") if i >= 0), default=len(rest))
    return rest[:cut] if cut <= _LEAD_MAX_LEN else ""


def _paragraph_scores(par: str, lex: ThemeLexicon, m: _Matcher) -> dict[str, float]:
    """Per-paragraph score: saturating weighted density (one strong term in 100 chars ≈ 0.5)."""
    tallies = _tally(par, m)
    hecto = max(len(par), 50) / 100
    return {
        t.key: round(1.0 - math.exp(-tl.mass / hecto / 4.3), 4)
        for t, tl in zip(lex.themes, tallies)
        if tl.mass
    }


# ----------------------------------------------------------------------------- tuning


def fit_thresholds(
    lexicon: ThemeLexicon,
    docs: Iterable[tuple[str, set[str]]],
    *,
    grid: Sequence[float] = tuple(x / 100 for x in range(20, 96, 5)),
    weights: Sequence[float] | None = None,
) -> ThemeLexicon:
    """Choose each theme's threshold to maximise F1 on labelled documents.

    Used to tune the shipped thresholds and for leave-one-out estimates. Among
    thresholds with the best F1 the middle one is taken: it sits halfway between
    the positives and negatives, so the margin on unseen documents is widest.
    ``weights`` (one per document, default 1) count a document's hits and misses
    that many times: a small gold set can weigh as much as a large corpus.
    """
    docs = list(docs)
    weights = [1.0] * len(docs) if weights is None else list(weights)
    if len(weights) != len(docs):
        raise ValueError(f"{len(weights)} weights for {len(docs)} documents")
    results = [score(text, lexicon=lexicon, decide=False) for text, _ in docs]
    best: dict[str, float] = {}
    for theme in lexicon.themes:
        cands = []
        for thr in grid:
            tp = fp = fn = 0.0
            for (_, gold), res, w in zip(docs, results, weights, strict=True):
                pred = (
                    res.doc_scores[theme.key] >= thr
                    and res.features[theme.key]["paragraphs"] >= lexicon.min_paragraphs
                )
                tp += w * (pred and theme.key in gold)
                fp += w * (pred and theme.key not in gold)
                fn += w * ((not pred) and theme.key in gold)
            f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0
            cands.append((round(f1, 12), thr))
        top = max(f for f, _ in cands)
        plateau = [thr for f, thr in cands if f == top]
        best[theme.key] = plateau[len(plateau) // 2]
    return lexicon.with_thresholds(best)


def themes_in(text: str) -> list[str]:
    """Convenience: the document-level theme list with the shipped lexicon."""
    return score(text).themes

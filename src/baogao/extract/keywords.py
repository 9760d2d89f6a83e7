"""TF-IDF keywords of a report, with IDF learned from work reports.

jieba's bundled IDF comes from general web text and ranks paywall markers
(``##``), placeholders (``××××``) and numbers among a report's "keywords".
Here a token is a keyword candidate only when it is a real Chinese word: two
or more characters, at least one Han character, no digits, no markup, no
placeholder characters, not a stop-word (``models/stopwords.txt``), and not
what jieba's dictionary tags as an adjective, adverb, idiom or function word
(a report's keywords say what it is about, not how it is written). IDF comes
from ``models/idf.tsv``, built by ``scripts/build_idf.py`` over report corpora,
so genre filler (工作, 推进) scores low and subject words score high.
"""

from __future__ import annotations

import heapq
import logging
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from baogao.resources import model_path

log = logging.getLogger(__name__)

IDF_FILE = "idf.tsv"
STOPWORDS_FILE = "stopwords.txt"
_MARKUP_RE = re.compile(r"paid(?:begin|end)|^(?:nbsp|quot|amp|lt|gt|br|div|span|p)$|U\+", re.IGNORECASE)
_PLACEHOLDER_CHARS = set("×xX*＊✕╳■□●○Ｘｘ")
_DIGITS_RE = re.compile(r"[0-9０-９]")
_HAN_RE = re.compile(r"[\u4e00-\u9fff]")
_UNIT_WORD_RE = re.compile(
    r"^[十百千万亿]+(?:元|美元|吨|千瓦时|千瓦|平方米|平方公里|立方米|公里|亩|人次|户|人|"
    r"个|件|台|辆|箱|标箱|斤|公斤|千克|册|篇|次)$|百分点$"
)
_NUMERAL_WORD_RE = re.compile(
    r"^[零一二两三四五六七八九十百千万亿余多几第]+[个项批次年月日名人条件家篇场期届]?$"
)


@dataclass(frozen=True)
class IdfTable:
    """IDF per word plus the value used for words the corpus never saw."""

    idf: dict[str, float]
    default: float


@lru_cache(maxsize=1)
def load_idf() -> IdfTable:
    """Read ``models/idf.tsv`` once (``word<TAB>idf``; ``#`` lines are comments).

    Unknown words get the median IDF, as jieba does: a word the corpus never
    saw is as likely segmentation noise as a true subject word. Without the
    file every word weighs 1.0 (plain term frequency) and a warning is logged.
    """
    path = model_path(IDF_FILE)
    if not path.is_file():
        log.warning("%s missing: keywords fall back to term frequency (run scripts/build_idf.py)", path)
        return IdfTable({}, 1.0)
    idf: dict[str, float] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or "\t" not in line:
                continue
            word, value = line.rstrip("\n").split("\t", 1)
            idf[word] = float(value)
    values = sorted(idf.values())
    return IdfTable(idf, values[len(values) // 2] if values else 1.0)


@lru_cache(maxsize=1)
def load_stopwords() -> frozenset[str]:
    """Stop-words from ``models/stopwords.txt`` (empty set if absent)."""
    path = model_path(STOPWORDS_FILE)
    if not path.is_file():
        log.warning("%s missing: no stop-words applied", path)
        return frozenset()
    words = (ln.strip() for ln in path.read_text(encoding="utf-8").splitlines())
    return frozenset(w for w in words if w and not w.startswith("#"))


def is_candidate(word: str, *, stopwords: frozenset[str] | None = None) -> bool:
    """Whether a token may be a keyword (see module docstring for the rules)."""
    w = word.strip()
    if len(w) < 2 or not _HAN_RE.search(w):
        return False
    if _DIGITS_RE.search(w) or _MARKUP_RE.search(w) or "#" in w:
        return False
    if any(ch in _PLACEHOLDER_CHARS for ch in w) or _NUMERAL_WORD_RE.match(w) or _UNIT_WORD_RE.search(w):
        return False
    if w in (stopwords if stopwords is not None else load_stopwords()):
        return False
    if w in _measure_words():
        return False  # 场次, 人次, 标箱, 千瓦时: what a figure counts in, not what a report is about
    return _dictionary_tag(w) not in _NOT_SUBJECT_TAGS


@lru_cache(maxsize=1)
def _measure_words() -> frozenset[str]:
    """The metrics lexicon's units of two chars or more (models/units.toml), but a currency
    that is also a subject (人民币)."""
    from baogao.extract.metrics import load_lexicon

    return frozenset(u for u in load_lexicon().units if len(u) >= 2) - {"人民币"}


#: jieba dictionary tags of words that say how, not what: adjectives (扎实, 淡薄), adverbs,
#: distinguishing words (公共, 主要), idioms (催人奋进), time and locality words, pronouns,
#: numerals and measure words, function words. Set phrases (``l``) stay: the tag covers
#: 居高不下 but also 无产阶级.
_NOT_SUBJECT_TAGS = frozenset(
    ["a", "ad", "b", "d", "i", "z", "t", "f", "r", "m", "mq", "q", "p", "c",
     "u", "uj", "ul", "uz", "ug", "ud", "uv", "y", "e", "o"]
)


def _dictionary_tag(word: str) -> str | None:
    """The segmenter dictionary's tag of ``word`` when it is one dictionary word, else None."""
    from baogao.segment import get_segmenter

    return get_segmenter().dictionary_tag(word)


@lru_cache(maxsize=1 << 16)
def _default_candidate(word: str) -> bool:
    """:func:`is_candidate` with the shipped stop-words, remembered across documents."""
    return is_candidate(word, stopwords=load_stopwords())


def top(
    text: str, *, k: int = 10, tokens: Sequence[str] | None = None, counts: Mapping[str, int] | None = None
) -> list[tuple[str, float]]:
    """The ``k`` highest TF-IDF words of ``text``.

    Args:
        text: report text (normalised or not: markup tokens are skipped anyway).
        k: how many keywords to return.
        tokens: the text's words when the caller has segmented it already
            (e.g. from a spaCy Doc); otherwise baogao's segmenter cuts ``text``.
        counts: how often each word occurs, when the caller has counted them (the theme
            model reads the same counts); then ``tokens`` are not needed.

    Returns:
        (word, score) pairs, best first; ties broken by the word so the output
        is deterministic. Scores are term frequency × IDF.
    """
    if k <= 0:
        return []
    if counts is None:
        counts = Counter(tokens if tokens is not None else _cut()(text))
    kept: Counter[str] = Counter()
    for w, n in counts.items():  # each distinct token is judged once
        if _default_candidate(w):
            kept[w.strip()] += n
    total = sum(kept.values())
    if not total:
        return []
    table = load_idf()
    scored = [(w, n / total * table.idf.get(w, table.default)) for w, n in kept.items()]
    best = heapq.nsmallest(k, scored, key=lambda ws: (-ws[1], ws[0]))  # = sorted(...)[:k], no full sort
    return [(w, round(s, 6)) for w, s in best]


@lru_cache(maxsize=1)
def _cut() -> Callable[[str], list[str]]:
    """baogao's segmenter (domain dictionary, placeholders whole), loaded on first use."""
    from baogao.segment import get_segmenter

    return get_segmenter().cut


def idf_value(word: str) -> float:
    """IDF of one word (the default for unknown words); used by reviewers and tests."""
    table = load_idf()
    return table.idf.get(word, table.default)

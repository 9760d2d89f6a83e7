"""Character features for the PERSON / ORG / LOCATION sequence model.

This is the ONE feature extractor: ``scripts/train_ner.py`` builds the training
items with :func:`sequence_features` and :mod:`baogao.redact.recognizers.ner`
calls the very same function at inference, so a feature can never drift
between the two. The feature set is named by a :class:`FeatureConfig`, stored in
``models/ner.meta.json`` beside the model so the tagger rebuilds the features
the model was trained on.

Why these features: Chinese names have no capitals or spaces, so a character
CRF needs (a) the characters around it, (b) where the segmenter puts word
boundaries and which part of speech it guesses (jieba's dictionary already
knows many ``nr``/``ns``/``nt`` words), and (c) cheap cues from a small
gazetteer (surnames, titles, organisation and place endings).
"""

from __future__ import annotations

import threading
import tomllib
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import ahocorasick_rs
import rjieba

from baogao.resources import model_path

GAZETTEER_FILE = "ner_gazetteer.toml"
LEXICON_FILE = "ner_lexicon.txt"

#: Full-width ASCII forms and the ideographic space, folded one-to-one before
#: features are taken: baogao.normalize folds ，：；（） and digits to half width
#: while CLUENER keeps full width, and a model must see both alike. One-to-one
#: folding keeps every offset unchanged.
_WIDTH_FOLD = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}

_PAD_LEFT = ("<s3>", "<s2>", "<s1>")
_PAD_RIGHT = ("</s1>", "</s2>", "</s3>")


@dataclass(frozen=True)
class FeatureConfig:
    """Which feature templates are switched on.

    Attributes:
        window: character unigrams from ``-window`` to ``+window``.
        bigrams: character bigrams inside the ±2 window.
        trigrams: the centred character trigram and the two neighbouring ones.
        words: segmenter features (BMES position, part of speech, the word,
            the neighbouring words).
        gazetteer: surname / title / suffix cues from ``models/ner_gazetteer.toml``.
        hmm: let the segmenter join unknown words (new names) with its HMM;
            costs nothing in rjieba and keeps ``彭小军`` one word.
        lexicon: mark matches of known entity names (``models/ner_lexicon.txt``,
            built from the training data; the trainer cross-fits it so the
            model does not learn to trust it blindly).
    """

    window: int = 3
    bigrams: bool = True
    trigrams: bool = True
    words: bool = True
    gazetteer: bool = True
    hmm: bool = True
    lexicon: bool = True

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, stored in the model's meta file."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FeatureConfig:
        """Rebuild the config a model was trained with (unknown keys are ignored)."""
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known})


DEFAULT_CONFIG = FeatureConfig()


def fold_width(text: str) -> str:
    """Fold full-width ASCII and U+3000 to their narrow forms; same length, same offsets."""
    return text.translate(_WIDTH_FOLD)


def char_type(ch: str) -> str:
    """Coarse class of a character: H(an), D(igit), L(atin), S(pace), P(unct/other)."""
    if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf":
        return "H"
    if ch.isdigit():
        return "D"
    if ch.isascii() and ch.isalpha():
        return "L"
    if ch.isspace():
        return "S"
    return "P"


@dataclass(frozen=True)
class _Gazetteer:
    surnames: frozenset[str]
    matchers: tuple[tuple[str, ahocorasick_rs.AhoCorasick], ...]


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    """Load the gazetteer once per process (lists are data, not code)."""
    with open(model_path(GAZETTEER_FILE), "rb") as f:
        data = tomllib.load(f)
    surnames = frozenset("".join(data["person"]["surnames"].split()))
    lists = {
        "sur2": data["person"]["compound_surnames"],
        "title": data["person"]["titles"],
        "org": data["org"]["suffixes"],
        "loc": data["location"]["suffixes"],
    }
    matchers = tuple((name, ahocorasick_rs.AhoCorasick(words)) for name, words in lists.items())
    return _Gazetteer(surnames=surnames, matchers=matchers)


@dataclass(frozen=True)
class Lexicon:
    """Known entity names per label, matched leftmost-longest in a text."""

    matchers: tuple[tuple[str, ahocorasick_rs.AhoCorasick], ...]

    @classmethod
    def from_names(cls, names: dict[str, set[str]]) -> Lexicon:
        """Build from ``{label: {name, ...}}``; empty labels are skipped."""
        kind = ahocorasick_rs.MatchKind.LeftmostLongest
        return cls(
            tuple(
                (label, ahocorasick_rs.AhoCorasick(sorted(words), matchkind=kind))
                for label, words in sorted(names.items())
                if words
            )
        )

    @classmethod
    def read(cls, path: Path) -> Lexicon:
        """Read ``LABEL<TAB>name`` lines (the file the trainer writes)."""
        names: dict[str, set[str]] = {}
        with open(path, encoding="utf-8") as f:
            for line in f:
                label, _, name = line.rstrip("\n").partition("\t")
                if name:
                    names.setdefault(label, set()).add(name)
        return cls.from_names(names)


EMPTY_LEXICON = Lexicon(())


@lru_cache(maxsize=1)
def shipped_lexicon() -> Lexicon:
    """The lexicon saved beside the model (empty when it has not been built)."""
    path = model_path(LEXICON_FILE)
    return Lexicon.read(path) if path.is_file() else EMPTY_LEXICON


_segmenter_lock = threading.Lock()


@lru_cache(maxsize=1)
def _segmenter() -> rjieba.Jieba:
    """Our own rjieba instance (never the module-level global): fast, with POS tags."""
    with _segmenter_lock:
        return rjieba.Jieba()


def _words(text: str, *, hmm: bool) -> list[tuple[str, str, int]]:
    """(word, pos, start) for every word; falls back to one char per word if offsets drift."""
    tagged = _segmenter().tag(text, hmm)
    out: list[tuple[str, str, int]] = []
    pos = 0
    for word, tag in tagged:
        if text.startswith(word, pos):
            out.append((word, tag, pos))
            pos += len(word)
        else:  # the segmenter changed the text (should not happen): stay aligned
            return [(ch, "x", i) for i, ch in enumerate(text)]
    if pos != len(text):
        return [(ch, "x", i) for i, ch in enumerate(text)]
    return out


def _char_columns(text: str, config: FeatureConfig) -> list[list[str]]:
    """Character templates, built column by column (one list per template) for speed."""
    w = config.window
    chars = [*_PAD_LEFT[3 - w :], *text, *_PAD_RIGHT[:w]] if w else list(text)
    n = len(text)
    types = ["B", *map(char_type, text), "E"]
    cols = [[f"c{k}={c}" for c in chars[w + k : w + k + n]] for k in range(-w, w + 1)]
    cols.append([f"ty={a}{b}{c}" for a, b, c in zip(types, types[1:], types[2:])])
    if w >= 2:
        m2, m1, c0, p1, p2 = (chars[w + k : w + k + n] for k in (-2, -1, 0, 1, 2))
        if config.bigrams:
            cols.append([f"b-2={a}{b}" for a, b in zip(m2, m1)])
            cols.append([f"b-1={a}{b}" for a, b in zip(m1, c0)])
            cols.append([f"b1={a}{b}" for a, b in zip(c0, p1)])
            cols.append([f"b2={a}{b}" for a, b in zip(p1, p2)])
            cols.append([f"b-1+1={a}{b}" for a, b in zip(m1, p1)])
        if config.trigrams:
            cols.append([f"t0={a}{b}{c}" for a, b, c in zip(m1, c0, p1)])
            cols.append([f"t-1={a}{b}{c}" for a, b, c in zip(m2, m1, c0)])
            cols.append([f"t1={a}{b}{c}" for a, b, c in zip(c0, p1, p2)])
    return cols


def _word_features(text: str, feats: list[list[str]], *, hmm: bool) -> None:
    words = _words(text, hmm=hmm)
    nw = len(words)
    for k, (word, tag, start) in enumerate(words):
        size = len(word)
        prev_w, prev_t = (words[k - 1][0], words[k - 1][1]) if k else ("<s>", "<s>")
        next_w, next_t = (words[k + 1][0], words[k + 1][1]) if k + 1 < nw else ("</s>", "</s>")
        common = [
            f"p={tag}",
            f"pw={prev_w}",
            f"nw={next_w}",
            f"pp={prev_t}",
            f"np={next_t}",
            f"ppn={prev_t}|{tag}|{next_t}",
        ]
        if size > 1:
            common.append(f"w={word}")
        for off in range(size):
            if size == 1:
                bmes = "S"
            elif off == 0:
                bmes = "B"
            elif off == size - 1:
                bmes = "E"
            else:
                bmes = "M"
            f = feats[start + off]
            f.extend(common)
            f.append(f"bm={bmes}")
            f.append(f"bmp={bmes}|{tag}")
            f.append(f"bml={bmes}{min(size, 5)}")


def _gazetteer_features(text: str, feats: list[list[str]]) -> None:
    gaz = _gazetteer()
    for i, ch in enumerate(text):
        if ch in gaz.surnames:
            feats[i].append("sur")
    for name, matcher in gaz.matchers:
        for _idx, start, end in matcher.find_matches_as_indexes(text, overlapping=True):
            feats[start].append(f"{name}B")
            feats[end - 1].append(f"{name}E")
            if start:
                feats[start - 1].append(f"{name}>")  # right before a cue
            if end < len(text):
                feats[end].append(f"{name}<")  # right after a cue


def _lexicon_features(text: str, lexicon: Lexicon, feats: list[list[str]]) -> None:
    for label, matcher in lexicon.matchers:
        for _idx, start, end in matcher.find_matches_as_indexes(text):
            if end - start == 1:
                feats[start].append(f"lx{label}S")
                continue
            feats[start].append(f"lx{label}B")
            for i in range(start + 1, end - 1):
                feats[i].append(f"lx{label}I")
            feats[end - 1].append(f"lx{label}E")


def sequence_features(
    text: str, *, config: FeatureConfig = DEFAULT_CONFIG, lexicon: Lexicon | None = None
) -> list[list[str]]:
    """Feature strings for every character of ``text`` (one list per character).

    Args:
        text: one sentence or chunk; offsets of the result equal offsets in ``text``.
        config: the templates to switch on (must equal the model's training config).
        lexicon: known names to mark; ``None`` means the shipped one. The trainer
            passes a lexicon built without the sentence's own fold.

    Returns:
        ``len(text)`` lists of feature names (binary features, as python-crfsuite takes them).
    """
    if not text:
        return []
    text = fold_width(text)
    feats = [["bias", *row] for row in zip(*_char_columns(text, config))]
    if config.words:
        _word_features(text, feats, hmm=config.hmm)
    if config.gazetteer:
        _gazetteer_features(text, feats)
    if config.lexicon:
        _lexicon_features(text, shipped_lexicon() if lexicon is None else lexicon, feats)
    return feats

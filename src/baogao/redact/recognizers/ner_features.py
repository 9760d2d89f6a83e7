"""Character features for the PERSON / ORG / LOCATION sequence model.

This is the ONE feature extractor: ``scripts/train_ner.py`` builds the training
items with :func:`sequence_features` (strings, as crfsuite takes them) and
:mod:`baogao.redact.recognizers.ner` scores the integer keys of
:func:`encode` directly — both come from :func:`encode`, so a feature can never
drift between training and inference. The feature set is named by a
:class:`FeatureConfig`, stored in ``models/ner.meta.json`` beside the model.

Why integer keys: every template (``c-1`` = the character to the left,
``b1`` = the bigram to the right, ``w`` = the segmenter's word …) is one
column of ``uint64`` keys computed for a whole batch of chunks with numpy, so
inference is a handful of array lookups instead of building ~50 strings per
character in Python. Key 0 means "feature absent". Characters are keyed by code
point (+8; pads 1–6), n-grams by packing 21-bit character keys, words and
part-of-speech tags by their id in ``models/ner_words.txt``.

Why these features: Chinese names have no capitals or spaces, so a character
CRF needs (a) the characters around it, (b) where the segmenter puts word
boundaries and which part of speech it guesses (jieba's dictionary already
knows many ``nr``/``ns``/``nt`` words), (c) cheap cues from a small gazetteer
(surnames, titles, organisation and place endings), (d) known names from the
training data (the lexicon: +3.5 F1 on held-out train). The segmenter's
part-of-speech tags are on in the shipped model (``pos``; they make the
segmentation the largest part of the feature time). Character clusters
(``models/ner_charclusters.txt``) are an optional template that did not help
on held-out train, so the shipped model leaves them off.

Further optional templates (each measured on held-out train; which ones the
shipped model uses is in ``models/ner.meta.json``):

* ``seg2``: a second segmentation (the dictionary-only cut when the first
  uses the HMM): its word, BMES position and length, and the pair of both
  segmentations' positions, so the model sees where the two disagree.
* ``lexgrade``: each lexicon hit's position code combined with a grade of how
  often that string was a gold entity of the label where it occurred in
  training text — CLUENER marks ``中国``/``北京``/club-city names inconsistently.
* ``lexwin``: the lexicon codes of the left and right neighbours.

Together (with POS off, c2=0.05) they scored 0.743 F1 on held-out train against
0.733 for the shipped set, but 0.734 on CLUENER dev against 0.736, and tagging
was ~1.3x slower, so the shipped model does not use them (all off by default).

A large place-name gazetteer (Chinese provinces to towns, world countries and
cities, jieba's ``ns``/``nt`` words) as B/I/E/S features was tried and did not
help on held-out train (−0.35 F1 alone, −0.14 on top of the above), so it is
not shipped.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import ahocorasick_rs
import numpy as np

from baogao.redact.recognizers._text import WIDTH_FOLD
from baogao.resources import model_path
from baogao.segment import plain_rjieba

GAZETTEER_FILE = "ner_gazetteer.toml"
LEXICON_FILE = "ner_lexicon.txt"
VOCAB_FILE = "ner_words.txt"
CLUSTER_FILE = "ner_charclusters.txt"

#: Full-width ASCII forms and the ideographic space are folded one-to-one before
#: features are taken (``_text.WIDTH_FOLD``): baogao.normalize folds ，：；（） and
#: digits to half width while CLUENER keeps full width, and a model must see both
#: alike. One-to-one folding keeps every offset unchanged.

#: Pads around every chunk, as private-use characters so a batch of chunks is
#: one string: three left pads, the chunk, three right pads.
_PAD0 = 0xF0000
_LPAD = "".join(map(chr, (_PAD0 + 1, _PAD0 + 2, _PAD0 + 3)))
_RPAD = "".join(map(chr, (_PAD0 + 4, _PAD0 + 5, _PAD0 + 6)))
_MAXPAD = 3
_BITS = 21  # one character key (code point + 8 < 2**21)

# character types
_T_P, _T_H, _T_D, _T_L, _T_S, _T_BOS, _T_EOS = 1, 2, 3, 4, 5, 6, 7
# position in a word
_BM_S, _BM_B, _BM_M, _BM_E = 1, 2, 3, 4
# ids reserved in the word vocabulary
_UNK, _BOS, _EOS = 0, 1, 2
_FIRST_ID = 3


@dataclass(frozen=True)
class FeatureConfig:
    """Which feature templates are switched on.

    Attributes:
        window: character unigrams from ``-window`` to ``+window`` (≤ 3).
        bigrams: character bigrams inside the ±2 window.
        trigrams: the centred character trigram and the two neighbouring ones.
        words: segmenter features (BMES position, part of speech, the word,
            the neighbouring words).
        gazetteer: surname / title / suffix cues from ``models/ner_gazetteer.toml``.
        hmm: let the segmenter join unknown words (new names) with its HMM.
        lexicon: mark matches of known entity names (``models/ner_lexicon.txt``,
            built from the training data; the trainer cross-fits it so the
            model does not learn to trust it blindly).
        clusters: window (0 = off) of character-cluster features from
            ``models/ner_charclusters.txt`` (two granularities, plus cluster bigrams).
        pos: the segmenter's part-of-speech tags (``words`` must be on); off
            means the faster plain cut.
    """

    window: int = 3
    bigrams: bool = True
    trigrams: bool = True
    words: bool = True
    gazetteer: bool = True
    hmm: bool = True
    lexicon: bool = True
    clusters: int = 0
    pos: bool = True
    seg2: bool = False
    lexgrade: bool = False
    lexwin: bool = False

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, stored in the model's meta file."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FeatureConfig:
        """Rebuild the config a model was trained with (unknown keys are ignored)."""
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known})

    def templates(self) -> tuple[str, ...]:
        """Names of the key columns :func:`encode` returns, in order."""
        w = self.window
        names = ["bias", *(f"c{k}" for k in range(-w, w + 1)), "ty"]
        if w >= 2 and self.bigrams:
            names += ["b-2", "b-1", "b1", "b2", "b-1+1"]
        if w >= 2 and self.trigrams:
            names += ["t0", "t-1", "t1"]
        if self.clusters:
            cw = self.clusters
            names += [f"k{k}" for k in range(-cw, cw + 1)]
            names += [f"K{k}" for k in range(-cw, cw + 1)]
            names += ["kb-1", "kb1", "kt0"]
        if self.words:
            names += ["w", "pw", "nw", "bm", "bml"]
            if self.pos:
                names += ["p", "pp", "np", "ppn", "bmp"]
            if self.seg2:
                names += ["w2", "bml2", "bmx"]
        if self.gazetteer:
            names += ["sur"] + [f"{g}{m}" for g in _GAZ_LISTS for m in "BE><"]
        if self.lexicon:
            names += [f"lx{label}" for label in _LEX_LABELS]
            if self.lexgrade:
                names += [f"lg{label}" for label in _LEX_LABELS]
            if self.lexwin:
                names += [f"lw{label}" for label in _LEX_LABELS]
        return tuple(names)


DEFAULT_CONFIG = FeatureConfig()
_GAZ_LISTS = ("sur2", "title", "org", "loc")
_LEX_LABELS = ("LOCATION", "ORG", "PERSON")
_LEX_CODE = {"B": 1, "I": 2, "E": 3, "S": 4}


def fold_width(text: str) -> str:
    """Fold full-width ASCII and U+3000 to their narrow forms; same length, same offsets."""
    return text.translate(WIDTH_FOLD)


def char_type(ch: str) -> str:
    """Coarse class of a character: H(an), D(igit), L(atin), S(pace), P(unct/other)."""
    return "?PHDLS"[int(_types(np.array([ord(ch)], dtype=np.int64))[0])]


def _types(cp: np.ndarray) -> np.ndarray:
    t = np.full(cp.shape, _T_P, dtype=np.uint64)
    t[((cp >= 0x4E00) & (cp <= 0x9FFF)) | ((cp >= 0x3400) & (cp <= 0x4DBF))] = _T_H
    t[(cp >= 0x30) & (cp <= 0x39)] = _T_D
    t[((cp >= 0x41) & (cp <= 0x5A)) | ((cp >= 0x61) & (cp <= 0x7A))] = _T_L
    t[(cp == 0x20) | ((cp >= 0x09) & (cp <= 0x0D)) | (cp == 0xA0) | (cp == 0x3000)] = _T_S
    t[(cp > _PAD0) & (cp <= _PAD0 + 3)] = _T_BOS
    t[(cp > _PAD0 + 3) & (cp <= _PAD0 + 6)] = _T_EOS
    return t


@dataclass(frozen=True)
class _Gazetteer:
    surnames: np.ndarray  # sorted code points
    matchers: tuple[tuple[str, ahocorasick_rs.BytesAhoCorasick], ...]


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    """Load the gazetteer once per process (lists are data, not code)."""
    with open(model_path(GAZETTEER_FILE), "rb") as f:
        data = tomllib.load(f)
    surnames = np.array(sorted({ord(c) for c in "".join(data["person"]["surnames"].split())}), dtype=np.int64)
    lists = {
        "sur2": data["person"]["compound_surnames"],
        "title": data["person"]["titles"],
        "org": data["org"]["suffixes"],
        "loc": data["location"]["suffixes"],
    }
    matchers = tuple(
        (name, ahocorasick_rs.BytesAhoCorasick([w.encode("utf-8") for w in lists[name]]))
        for name in _GAZ_LISTS
    )
    return _Gazetteer(surnames=surnames, matchers=matchers)


@lru_cache(maxsize=1)
def _surname_table() -> np.ndarray:
    """1 at each surname's code point (uint64), 0 elsewhere; the last entry is never a surname."""
    surnames = _gazetteer().surnames
    table = np.zeros(int(surnames.max()) + 2 if len(surnames) else 1, dtype=np.uint64)
    table[surnames] = 1
    return table


@dataclass(frozen=True)
class Lexicon:
    """Known entity names per label, matched leftmost-longest in a text.

    Matching runs on UTF-8 bytes (ahocorasick_rs maps byte offsets back to
    characters slowly for ``str``; we do it with one numpy search).

    ``grades`` (optional, per label, one per name in sorted order): how often
    the string was a gold entity of that label where it occurred in the
    training text (0 = rarely … 3 = nearly always; see :func:`grade`). CLUENER
    marks the same string inconsistently (``中国``, ``北京``, club names that are
    also cities), and the grade tells the model how far to trust a hit.
    """

    matchers: tuple[tuple[str, ahocorasick_rs.BytesAhoCorasick], ...]
    grades: tuple[tuple[str, np.ndarray], ...] = ()

    @classmethod
    def from_names(
        cls, names: dict[str, set[str]], grades: dict[str, dict[str, int]] | None = None
    ) -> Lexicon:
        """Build from ``{label: {name, ...}}``; empty labels are skipped.

        ``grades``: ``{label: {name: grade}}``; names without one get grade 0.
        """
        kind = ahocorasick_rs.MatchKind.LeftmostLongest
        labels = [label for label in sorted(names) if names[label]]
        matchers = tuple(
            (
                label,
                ahocorasick_rs.BytesAhoCorasick(
                    [w.encode("utf-8") for w in sorted(names[label])], matchkind=kind
                ),
            )
            for label in labels
        )
        graded = ()
        if grades is not None:
            graded = tuple(
                (
                    label,
                    np.array(
                        [grades.get(label, {}).get(w, 0) for w in sorted(names[label])], dtype=np.uint64
                    ),
                )
                for label in labels
            )
        return cls(matchers, graded)

    @classmethod
    def read(cls, path: Path) -> Lexicon:
        """Read ``LABEL<TAB>name[<TAB>grade]`` lines (the file the trainer writes)."""
        names, grades = read_lexicon_file(path)
        return cls.from_names(names, grades if grades else None)


def read_lexicon_file(path: Path) -> tuple[dict[str, set[str]], dict[str, dict[str, int]]]:
    """Names by label, and the grades of those that have one, from ``LABEL<TAB>name[<TAB>grade]`` lines."""
    names: dict[str, set[str]] = {}
    grades: dict[str, dict[str, int]] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            label, _, rest = line.rstrip("\n").partition("\t")
            name, _, g = rest.partition("\t")
            if name:
                names.setdefault(label, set()).add(name)
                if g:
                    grades.setdefault(label, {})[name] = int(g)
    return names, grades


def grade(hits: int, seen: int) -> int:
    """Bucket of ``hits / seen`` (how often a string was a gold entity where it occurred)."""
    if seen <= 0:
        return 0
    r = hits / seen
    return 0 if r < 0.3 else 1 if r < 0.6 else 2 if r < 0.9 else 3


EMPTY_LEXICON = Lexicon(())


@lru_cache(maxsize=1)
def shipped_lexicon() -> Lexicon:
    """The lexicon saved beside the model (empty when it has not been built)."""
    path = model_path(LEXICON_FILE)
    return Lexicon.read(path) if path.is_file() else EMPTY_LEXICON


@dataclass
class Vocab:
    """Word and POS-tag ids (``models/ner_words.txt``; line n holds id n + 3).

    The trainer uses an open vocabulary (unseen words get the next id, then it
    is saved); inference uses the saved one closed, so an unseen word gets id 0
    = no feature, exactly like a word crfsuite never saw.
    """

    ids: dict[str, int] = field(default_factory=dict)
    open: bool = False

    def lookup(self, tokens: Sequence[str]) -> list[int]:
        """Ids of ``tokens`` (0 for unknown in a closed vocabulary)."""
        ids = self.ids
        if not self.open:
            get = ids.get
            return [get(t, _UNK) for t in tokens]
        out = []
        for t in tokens:
            i = ids.get(t)
            if i is None:
                i = ids[t] = len(ids) + _FIRST_ID
            out.append(i)
        return out

    def write(self, path: Path) -> None:
        """Save in id order, one token a line."""
        with open(path, "w", encoding="utf-8") as f:
            f.writelines(f"{t}\n" for t, _ in sorted(self.ids.items(), key=lambda kv: kv[1]))

    @classmethod
    def read(cls, path: Path) -> Vocab:
        """Load a saved vocabulary, closed."""
        with open(path, encoding="utf-8") as f:
            return cls({line.rstrip("\n"): i + _FIRST_ID for i, line in enumerate(f)})


@lru_cache(maxsize=1)
def shipped_vocab() -> Vocab:
    """The vocabulary saved beside the model (empty: every word unknown)."""
    path = model_path(VOCAB_FILE)
    return Vocab.read(path) if path.is_file() else Vocab()


@lru_cache(maxsize=1)
def _clusters() -> tuple[np.ndarray, np.ndarray]:
    """Code point → cluster id (+1; 0 = unknown character), coarse and fine."""
    path = model_path(CLUSTER_FILE)
    cps: list[int] = []
    coarse: list[int] = []
    fine: list[int] = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip("\n"):
                continue
            ch, c64, c256, *_ = line.rstrip("\n").split("\t")
            cps.append(ord(ch))
            coarse.append(int(c64) + 1)
            fine.append(int(c256) + 1)
    size = max(cps) + 1
    a, b = np.zeros(size, dtype=np.uint64), np.zeros(size, dtype=np.uint64)
    a[cps], b[cps] = coarse, fine
    return a, b


def _segmenter() -> Any:
    """The shared default-dictionary rjieba instance (never rjieba's module-level global): fast, with POS tags."""
    return plain_rjieba()


@lru_cache(maxsize=4096)
def _segment(piece: str, *, hmm: bool, pos: bool) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Words and POS tags (the segmenter's, e.g. ``"n"``) of one chunk; one char per
    word, tagged ``x``, if the segmenter changed the text. Cached: the NER span model
    (:mod:`.ner_spans`) reads the words of the sentences the features just segmented."""
    seg = _segmenter()
    if pos:
        tagged = seg.tag(piece, hmm)
        words = [w for w, _ in tagged]
        tags = [t for _, t in tagged]
    else:
        words = seg.cut(piece, hmm)
        tags = []
    if "".join(words) != piece:
        words = list(piece)
        tags = ["x"] * len(piece) if pos else []
    return tuple(words), tuple(tags)


def _tag_ids(tags: Sequence[str], vocab: Vocab) -> list[int]:
    """Vocabulary ids of POS tags (stored as ``"/n"``), each distinct tag looked up once."""
    memo = {t: vocab.lookup(["/" + t])[0] for t in set(tags)}
    return list(map(memo.__getitem__, tags))


def _shift(a: np.ndarray, k: int) -> np.ndarray:
    """``a`` moved so that index i holds a[i + k] (edges filled with 0)."""
    if k == 0:
        return a
    out = np.zeros_like(a)
    if k > 0:
        out[:-k] = a[k:]
    else:
        out[-k:] = a[:k]
    return out


def _pack(*cols: np.ndarray) -> np.ndarray:
    key = cols[0].copy()
    for c in cols[1:]:
        key = (key << np.uint64(_BITS)) | c
    return key


def encode(
    pieces: Sequence[str],
    *,
    config: FeatureConfig = DEFAULT_CONFIG,
    lexicon: Lexicon | None = None,
    vocab: Vocab | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Integer feature keys for every character of a batch of chunks.

    Args:
        pieces: chunks (sentences); features never look across a chunk's edge.
        config: the templates to switch on (must equal the model's training config).
        lexicon: known names to mark; ``None`` means the shipped one (the
            trainer passes one built without the sentence's own fold).
        vocab: word/tag ids; ``None`` means the shipped (closed) vocabulary.

    Returns:
        ``(keys, starts)``: ``keys`` is ``(len(config.templates()), sum(len(p)))``
        uint64 (one row per template), 0 = feature absent; chunk ``i`` owns
        columns ``starts[i]:starts[i+1]``.
    """
    lens = np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces))
    starts = np.zeros(len(pieces) + 1, dtype=np.int64)
    np.cumsum(lens, out=starts[1:])
    n = int(starts[-1])
    # fold the widths of the whole batch at once, on code points (one for one, so
    # the folded pieces are slices of the folded joined string)
    cp = np.frombuffer((_LPAD + (_RPAD + _LPAD).join(pieces) + _RPAD).encode("utf-32-le"), dtype=np.uint32)
    wide = (cp >= 0xFF01) & (cp < 0xFF5F)
    if wide.any() or (cp == 0x3000).any():
        cp = np.where(wide, cp - 0xFEE0, np.where(cp == 0x3000, 0x20, cp)).astype(np.uint32)
    joined = cp.tobytes().decode("utf-32-le")
    cp = cp.astype(np.int64)
    at_piece = _MAXPAD + 2 * _MAXPAD * np.arange(len(pieces)) + starts[:-1]
    pieces = [joined[a : a + k] for a, k in zip(at_piece.tolist(), lens.tolist())]
    # index of each real character inside ``joined``
    real = np.arange(n, dtype=np.int64) + _MAXPAD + 2 * _MAXPAD * np.repeat(np.arange(len(pieces)), lens)
    is_pad = (cp > _PAD0) & (cp <= _PAD0 + 6)
    ck = np.where(is_pad, cp - _PAD0, cp + 8).astype(np.uint64)
    cols: list[np.ndarray] = [np.ones(n, dtype=np.uint64)]
    w = config.window

    def at(a: np.ndarray, k: int) -> np.ndarray:
        return a[real + k]

    cols += [at(ck, k) for k in range(-w, w + 1)]
    ty = _types(cp)
    cols.append(_pack(at(ty, -1), at(ty, 0), at(ty, 1)))
    if w >= 2:
        m2, m1, c0, p1, p2 = (at(ck, k) for k in (-2, -1, 0, 1, 2))
        if config.bigrams:
            cols += [_pack(m2, m1), _pack(m1, c0), _pack(c0, p1), _pack(p1, p2), _pack(m1, p1)]
        if config.trigrams:
            cols += [_pack(m1, c0, p1), _pack(m2, m1, c0), _pack(c0, p1, p2)]
    if config.clusters:
        coarse, fine = _clusters()
        inside = cp < len(coarse)
        safe = np.where(inside & ~is_pad, cp, 0)
        kc = np.where(is_pad, ck, np.where(inside, coarse[safe] + 8, 0)).astype(np.uint64)
        kf = np.where(is_pad, ck, np.where(inside, fine[safe] + 8, 0)).astype(np.uint64)
        cw = config.clusters
        cols += [at(kc, k) for k in range(-cw, cw + 1)]
        cols += [at(kf, k) for k in range(-cw, cw + 1)]
        f_m1, f_0, f_p1 = at(kf, -1), at(kf, 0), at(kf, 1)
        cols += [_pack(f_m1, f_0), _pack(f_0, f_p1), _pack(f_m1, f_0, f_p1)]
    if config.words:
        cols += _word_columns(pieces, config, shipped_vocab() if vocab is None else vocab)
    if config.gazetteer or config.lexicon:
        data = joined.encode("utf-8")
        nbytes = 1 + (cp >= 0x80) + (cp >= 0x800) + (cp >= 0x10000)
        byte_start = np.cumsum(nbytes) - nbytes
        if config.gazetteer:
            cols += _gazetteer_columns(data, byte_start, cp, real)
        if config.lexicon:
            lex = shipped_lexicon() if lexicon is None else lexicon
            cols += _lexicon_columns(
                data, byte_start, real, lex, graded=config.lexgrade, window=config.lexwin
            )
    keys = np.empty((len(cols), n), dtype=np.uint64)
    for j, col in enumerate(cols):
        keys[j] = col
    return keys, starts


def _word_positions(wlen: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per character: the index of its word, that word's length, and its B/M/E/S position code."""
    owner = np.repeat(np.arange(len(wlen)), wlen)
    off = np.arange(len(owner)) - np.repeat(np.cumsum(wlen) - wlen, wlen)
    size = wlen[owner]
    bm = np.full(len(owner), _BM_M, dtype=np.uint64)
    bm[off == 0] = _BM_B
    bm[off == size - 1] = _BM_E
    bm[size == 1] = _BM_S
    return owner, size, bm


def _word_columns(pieces: Sequence[str], config: FeatureConfig, vocab: Vocab) -> list[np.ndarray]:
    """Segmenter features, computed per word and spread over the word's characters."""
    words: list[str] = []
    tags: list[str] = []
    first: list[int] = []  # index of each chunk's first word
    for piece in pieces:
        first.append(len(words))
        ws, ts = _segment(piece, hmm=config.hmm, pos=config.pos)
        words += ws
        tags += ts
    nw = len(words)
    wlen = np.fromiter(map(len, words), dtype=np.int64, count=nw)
    wid = np.array(vocab.lookup(words), dtype=np.uint64)
    is_first = np.zeros(nw, dtype=bool)
    is_first[[f for f in first if f < nw]] = True
    is_last = np.zeros(nw, dtype=bool)
    is_last[:-1] = is_first[1:]
    if nw:
        is_last[-1] = True

    def prev(a: np.ndarray) -> np.ndarray:
        return np.where(is_first, np.uint64(_BOS), _shift(a, -1))

    def nxt(a: np.ndarray) -> np.ndarray:
        return np.where(is_last, np.uint64(_EOS), _shift(a, 1))

    per_word = [np.where(wlen > 1, wid, 0).astype(np.uint64), prev(wid), nxt(wid)]
    owner, size, bm = _word_positions(wlen)
    cols = [c[owner] for c in per_word]
    cols += [bm, bm * np.uint64(8) + np.minimum(size, 5).astype(np.uint64)]
    if config.pos:
        tid = np.array(_tag_ids(tags, vocab), dtype=np.uint64)
        pt, nt = prev(tid), nxt(tid)
        cols += [tid[owner], pt[owner], nt[owner], _pack(pt, tid, nt)[owner], _pack(bm, tid[owner])]
    if config.seg2:
        # a second, dictionary-only (or HMM, if the first was not) segmentation
        seg = _segmenter()
        words2: list[str] = []
        for piece in pieces:
            ws = seg.cut(piece, not config.hmm)
            words2 += ws if "".join(ws) == piece else list(piece)
        wlen2 = np.fromiter(map(len, words2), dtype=np.int64, count=len(words2))
        wid2 = np.array(vocab.lookup(words2), dtype=np.uint64)
        owner2, size2, bm2 = _word_positions(wlen2)
        bml2 = bm2 * np.uint64(8) + np.minimum(size2, 5).astype(np.uint64)
        cols += [np.where(size2 > 1, wid2[owner2], 0).astype(np.uint64), bml2, _pack(cols[4], bml2)]
    return cols


def _char_spans(hits: list[tuple[int, int, int]], byte_start: np.ndarray) -> np.ndarray:
    """(start, end) character offsets of byte-offset matches, as an (m, 2) array."""
    if not hits:
        return np.zeros((0, 2), dtype=np.int64)
    se = np.array(hits, dtype=np.int64)[:, 1:]
    return np.searchsorted(byte_start, se)


def _gazetteer_columns(
    data: bytes, byte_start: np.ndarray, cp: np.ndarray, real: np.ndarray
) -> list[np.ndarray]:
    gaz = _gazetteer()
    m = len(cp)
    cols = [np.take(_surname_table(), cp[real], mode="clip")]
    for _name, matcher in gaz.matchers:
        flags = np.zeros((4, m + 1), dtype=np.uint64)
        se = _char_spans(matcher.find_matches_as_indexes(data, overlapping=True), byte_start)
        flags[0, se[:, 0]] = 1
        flags[1, se[:, 1] - 1] = 1
        flags[2, se[:, 0] - 1] = 1  # right before a cue (a pad when at a chunk's start)
        flags[3, se[:, 1]] = 1  # right after a cue
        cols += [flags[k, real] for k in range(4)]
    return cols


def _lexicon_columns(
    data: bytes,
    byte_start: np.ndarray,
    real: np.ndarray,
    lexicon: Lexicon,
    labels: Sequence[str] = _LEX_LABELS,
    *,
    graded: bool = False,
    window: bool = False,
) -> list[np.ndarray]:
    """Per label, the B/I/E/S position of each character in a leftmost-longest match.

    ``graded``: also one column per label with the position code combined
    with the matched name's grade (``code + 4 * grade``).
    """
    by_label = dict(lexicon.matchers)
    by_grade = dict(lexicon.grades)
    m = len(byte_start)
    cols: list[np.ndarray] = []
    extra: list[np.ndarray] = []
    win: list[np.ndarray] = []
    for label in labels:
        col = np.zeros(m, dtype=np.uint64)
        gcol = np.zeros(m, dtype=np.uint64)
        matcher = by_label.get(label)
        if matcher is not None:
            hits = matcher.find_matches_as_indexes(data)
            se = _char_spans(hits, byte_start)
            # leftmost-longest matches do not overlap: every code can be written at once
            start, end = se[:, 0], se[:, 1]
            size = end - start
            cnt = np.maximum(size - 2, 0)
            inner = np.repeat(start + 1, cnt) + (
                np.arange(int(cnt.sum())) - np.repeat(np.cumsum(cnt) - cnt, cnt)
            )
            col[inner] = _LEX_CODE["I"]
            col[start] = np.where(size == 1, _LEX_CODE["S"], _LEX_CODE["B"])
            longer = size > 1
            col[end[longer] - 1] = _LEX_CODE["E"]
            g = by_grade.get(label)
            if graded and len(se):
                gr = g[[h[0] for h in hits]] if g is not None else np.zeros(len(se), dtype=np.uint64)
                owner = np.repeat(np.arange(len(se)), size)
                pos = (
                    np.repeat(start, size)
                    + np.arange(int(size.sum()))
                    - np.repeat(np.cumsum(size) - size, size)
                )
                gcol[pos] = col[pos] + np.uint64(4) * gr[owner].astype(np.uint64)
        cols.append(col[real])
        if graded:
            extra.append(gcol[real])
        if window:  # the codes of the neighbours (pads between chunks hold 0)
            win.append(col[real - 1] * np.uint64(8) + col[real + 1])
    return cols + extra + win


def as_strings(keys: np.ndarray, names: Sequence[str]) -> list[list[str]]:
    """crfsuite attribute names (``"template:key"``) for each character, absent keys dropped."""
    prefixes = [f"{t}:" for t in names]
    rows = zip(*keys.tolist())
    return [[p + str(k) for p, k in zip(prefixes, row) if k] for row in rows]


def sequence_features(
    text: str,
    *,
    config: FeatureConfig = DEFAULT_CONFIG,
    lexicon: Lexicon | None = None,
    vocab: Vocab | None = None,
) -> list[list[str]]:
    """Feature strings for every character of ``text`` (one list per character).

    The crfsuite view of :func:`encode` for one chunk: the trainer feeds these
    to crfsuite; the tagger scores the same keys without making strings.

    Returns:
        ``len(text)`` lists of ``"template:key"`` names (binary features).
    """
    if not text:
        return []
    keys, _ = encode([text], config=config, lexicon=lexicon, vocab=vocab)
    return as_strings(keys, config.templates())

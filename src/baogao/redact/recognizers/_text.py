"""Shared text helpers for the rule recognizers (not a recognizer itself).

Everything here is about *where a Chinese name starts and whether it is one*:
Han characters count as ``\\w`` for ``re``, so boundaries are written with
explicit classes, and the lexicons that decide them are data files under
``models/`` loaded once.
"""

from __future__ import annotations

import bisect
import marshal
import os
import re
import tomllib
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from baogao.findings import Finding
from baogao.resources import (
    derived_cache,
    jieba_dictionary,
    model_path,
    read_checked_npz,
    write_cache,
    write_checked_npz,
)
from baogao.segment import plain_rjieba

HAN = "\u4e00-\u9fff"
MASK_CHARS = frozenset("×xX*＊✕╳■□●○")
# Mask characters that never occur inside ordinary Chinese prose.
HARD_MASK = "×＊*✕╳■□●○"

_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000\u2010-\u2012\u2015\u2212\ufe63]+")


#: Full-width ASCII forms (！ … ～) and the ideographic space → their half-width forms, one char for one
#: (the NER model's features fold with this table too).
WIDTH_FOLD = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
#: What the pattern recognizers fold besides: the hyphens of other fonts and encodings (‐ ‑ ‒ − ﹣) →
#: "-", and the horizontal bar that GB2312 text often carries for a dash (―) → "—", which the
#: patterns already read as a separator (0351―7654321 is 0351—7654321). The NER model's features
#: keep these chars as they are: it was trained on them so.
PATTERN_FOLD = WIDTH_FOLD | {c: 0x2D for c in (0x2010, 0x2011, 0x2012, 0x2212, 0xFE63)} | {0x2015: 0x2014}


@lru_cache(maxsize=4096)
def _fold_piece(run: str) -> str:
    return run.translate(PATTERN_FOLD)


def _fold_run(m: re.Match[str]) -> str:
    return _fold_piece(m.group())  # runs are mostly one "，" or "："; each distinct run folded once


@lru_cache(maxsize=8)
def fold(text: str) -> str:
    """Fold full-width ASCII to half-width (and dash variants, :data:`PATTERN_FOLD`), one char for one char.

    Offsets stay valid, so number patterns can be written once for both widths.
    Cached: every pattern recognizer folds the same text.
    """
    return _FULL_WIDTH.sub(_fold_run, text)


def is_han(ch: str) -> bool:
    """True for a CJK unified ideograph (the only chars a Chinese name is made of)."""
    return "\u4e00" <= ch <= "\u9fff"


#: GB2312 orders its 3,755 first-level hanzi by their pinyin, so a char's code tells the first
#: letter of its reading: the code at which each letter's chars begin (no reading begins with I,
#: U or V). Second-level and rarer chars have no initial here.
_PINYIN_STARTS = (
    (0xB0A1, "A"), (0xB0C5, "B"), (0xB2C1, "C"), (0xB4EE, "D"), (0xB6EA, "E"), (0xB7A2, "F"),
    (0xB8C1, "G"), (0xB9FE, "H"), (0xBBF7, "J"), (0xBFA6, "K"), (0xC0AC, "L"), (0xC2E8, "M"),
    (0xC4C3, "N"), (0xC5B6, "O"), (0xC5BE, "P"), (0xC6DA, "Q"), (0xC8BB, "R"), (0xC8F6, "S"),
    (0xCBFA, "T"), (0xCDDA, "W"), (0xCEF4, "X"), (0xD1B9, "Y"), (0xD4D1, "Z"),
)
_PINYIN_END = 0xD7FA
_PINYIN_CODES = tuple(code for code, _ in _PINYIN_STARTS)


def pinyin_initial(ch: str) -> str | None:
    """The first letter of a common hanzi's pinyin (澜 → L), or None for any other char.

    A polyphonic char gets the reading GB2312 files it under (重 → Z)."""
    if not is_han(ch):
        return None
    try:
        b = ch.encode("gb2312")
    except UnicodeEncodeError:
        return None
    code = b[0] << 8 | b[1]
    if not _PINYIN_CODES[0] <= code < _PINYIN_END:
        return None
    return _PINYIN_STARTS[bisect.bisect_right(_PINYIN_CODES, code) - 1][1]


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    """The rule lexicon ``models/redact_lexicon.toml`` (org, location, person tables)."""
    with open(model_path("redact_lexicon.toml"), "rb") as f:
        return tomllib.load(f)


@lru_cache(maxsize=1)
def admin_place_names() -> tuple[str, ...]:
    """The prefecture- and county-level divisions of ``models/admin_places.txt`` (empty when absent)."""
    try:
        lines = model_path("admin_places.txt").read_text(encoding="utf-8").splitlines()
    except OSError:
        return ()
    return tuple(line.split("\t", 1)[1] for line in lines if "\t" in line and not line.startswith("#"))


@lru_cache(maxsize=1)
def _admin_heads() -> frozenset[str]:
    return frozenset(n[:2] for n in admin_place_names() if len(n) == 3 and n[2] in "市县区旗")


def real_place_head(two: str) -> bool:
    """Whether ``two`` chars are a real city's or county's name without its kind (日照 of 日照市)."""
    return two in _admin_heads()


#: Prepositions and conjunctions glued to a name that follows them (为|拉姆, 和|滇澜州).
GLUED_BEFORE_NAMES = frozenset("和与及同跟在对向从由为给把被将于获")


@lru_cache(maxsize=1)
def allowlist() -> dict[str, Any]:
    """The shipped allow-list ``models/allowlist.toml`` (public names, bodies, sites), read once."""
    with open(model_path("allowlist.toml"), "rb") as f:
        return tomllib.load(f)


@lru_cache(maxsize=1)
def surname_list() -> tuple[str, ...]:
    """Surnames (single and compound) from ``models/surnames.txt``, in its order (roughly by frequency)."""
    lines = (line.strip() for line in model_path("surnames.txt").read_text(encoding="utf-8").splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """Surnames (single and compound) from ``models/surnames.txt``."""
    return frozenset(surname_list())


def surname_at(text: str, i: int) -> int:
    """Length of the surname starting at ``text[i]`` (2 compound, 1 single, 0 none)."""
    names = surnames()
    if text[i : i + 2] in names:
        return 2
    return 1 if text[i : i + 1] in names else 0


#: Particles, pronouns, prepositions and auxiliaries: chars no name is made of.
FUNCTION_CHARS = frozenset("的地得了着过们这那个是在和与及等被把对从向于之其也都就还又再要会能可该各每些")

COMMON, PROPER, RARE = 1, 2, 3
#: Classes :func:`name_tokens` gives besides those: a word of the caller's generic list, a single
#: character the dictionary does not know.
GENERIC, SINGLE = 0, 4


def _jieba_dictionary() -> str:
    """Path of jieba's own dictionary (``BAOGAO_COMMON_WORDS`` overrides it; "" when absent)."""
    path = os.environ.get("BAOGAO_COMMON_WORDS")
    if path is not None:
        return path
    found = jieba_dictionary()
    return str(found) if found is not None else ""


def _read_tables(path: str) -> tuple[dict[str, int], dict[str, tuple[int, str]]]:
    """One pass over the dictionary: word classes (2–4 chars) and two-char (frequency, tag)."""
    proper = {"ns", "nr", "nrt", "nrfg", "nz", "nt", "j", "s", "eng", "x"}
    words: dict[str, int] = {}
    two: dict[str, tuple[int, str]] = {}
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                parts = line.split()
                if len(parts) < 3 or not 2 <= len(parts[0]) <= 4:
                    continue
                word, freq, tag = parts[0], int(parts[1]), parts[2]
                if len(word) == 2:
                    two[word] = (freq, tag)
                if tag in proper and (len(word) < 4 or tag in ("ns", "nt", "nr")):
                    words[word] = PROPER
                elif len(word) < 4 and freq < (300 if tag[0] == "n" else 100):
                    words[word] = RARE  # rare nouns and adjectives: 瀚海, 鹤鸣, 宏远 — as good as names
                else:
                    words[word] = COMMON  # frequent words, verbs/adjectives, set phrases
    except OSError:
        return {}, {}
    return words, two


def _pack(word: str) -> int:
    """A word of 2–4 chars as one 64-bit key: its UTF-16 code units, zero-padded (0: not packable)."""
    if not 2 <= len(word) <= 4:
        return 0
    units = word.encode("utf-16-be", "surrogatepass")
    n = len(units)
    return int.from_bytes(units, "big") << ((8 - n) << 3) if n <= 8 else 0


_UNSEEN = object()
_MISSING = object()
_MEMO_MAX = 1 << 16


class _PackedTable:
    """A read-only word → value map: sorted 64-bit word keys, looked up by bisection.

    The 350,000 words of jieba's dictionary as Python strings in lists took about
    54 MB per process (measured); as packed keys in an ``array`` they take 3 MB,
    and they load from the cache as raw bytes. ``values[i]`` is a small int
    (the word class) or, with ``tags``, an index into ``tags`` beside a frequency.
    """

    def __init__(
        self, keys: array, values: bytes, freqs: array | None = None, tags: tuple[str, ...] = ()
    ) -> None:
        self._keys = keys
        self._values = values
        self._freqs = freqs
        self._tags = tags
        # word → value (or _MISSING): the recognizers ask for the same words again and again
        self._memo: dict[str, Any] = {}

    @classmethod
    def of(cls, mapping: dict[str, Any]) -> _PackedTable:
        """From ``word -> class`` (ints < 256) or ``word -> (frequency, tag)``."""
        items = sorted((k, v) for w, v in mapping.items() if (k := _pack(w)))
        keys = array("Q", [k for k, _ in items])
        if items and isinstance(items[0][1], tuple):
            tags = tuple(sorted({t for _, (_, t) in items}))
            index = {t: i for i, t in enumerate(tags)}
            return cls(
                keys, bytes(index[t] for _, (_, t) in items), array("I", [f for _, (f, _) in items]), tags
            )
        return cls(keys, bytes(v for _, v in items))

    def get(self, word: str, default: Any = None) -> Any:
        got = self._memo.get(word, _UNSEEN)
        if got is _UNSEEN:
            got = self._lookup(word)
            if len(self._memo) >= _MEMO_MAX:
                self._memo.clear()
            self._memo[word] = got
        return default if got is _MISSING else got

    def _lookup(self, word: str) -> Any:
        key = _pack(word)
        if not key:
            return _MISSING
        i = bisect.bisect_left(self._keys, key)
        if i == len(self._keys) or self._keys[i] != key:
            return _MISSING
        if self._freqs is not None:
            return self._freqs[i], self._tags[self._values[i]]
        return self._values[i]

    def dump(self) -> tuple[bytes, bytes, bytes, tuple[str, ...]]:
        freqs = self._freqs.tobytes() if self._freqs is not None else b""
        return self._keys.tobytes(), self._values, freqs, self._tags

    @classmethod
    def load(cls, keys: bytes, values: bytes, freqs: bytes, tags: tuple[str, ...]) -> _PackedTable:
        k = array("Q")
        k.frombytes(keys)
        f = None
        if tags:
            f = array("I")
            f.frombytes(freqs)
        if len(values) != len(k) or (f is not None and len(f) != len(k)):
            raise ValueError("word table lengths differ")
        return cls(k, values, f, tuple(tags))


#: The tables built from the jieba dictionary baogao is tested with, shipped so that the very
#: first run on a new machine does not parse it (1.7 s measured, against a 1.5 s budget for a
#: cold one-page ``baogao check``). Used only when the installed dictionary's sha256 matches.
SHIPPED_TABLES = "jieba_word_tables.npz"
TABLES_VERSION = "v3"


def shipped_tables(path: str) -> tuple[_PackedTable, _PackedTable] | None:
    """The shipped tables when they were built from exactly the dictionary at ``path``, else None."""
    z = read_checked_npz(model_path(SHIPPED_TABLES), path)
    if z is None or str(z.get("version")) != TABLES_VERSION:
        return None
    words = _PackedTable.load(z["words_keys"].tobytes(), z["words_values"].tobytes(), b"", ())
    tags = tuple(str(t) for t in z["two_tags"])
    two = _PackedTable.load(z["two_keys"].tobytes(), z["two_values"].tobytes(), z["two_freqs"].tobytes(), tags)
    return words, two


def build_tables(path: str) -> tuple[_PackedTable, _PackedTable]:
    """Parse the dictionary at ``path`` into the (word classes, two-char info) tables."""
    words, two_map = _read_tables(path)
    return _PackedTable.of(words), _PackedTable.of(two_map)


def write_shipped_tables(path: str, out: Path) -> None:
    """Write :func:`build_tables` of ``path`` as the shipped npz (scripts/build_word_tables.py)."""
    import numpy as np

    words, two = build_tables(path)
    wk, wv, _, _ = words.dump()
    tk, tv, tf, tags = two.dump()
    write_checked_npz(
        out,
        path,
        version=np.array(TABLES_VERSION),
        words_keys=np.frombuffer(wk, dtype=np.uint64),
        words_values=np.frombuffer(wv, dtype=np.uint8),
        two_keys=np.frombuffer(tk, dtype=np.uint64),
        two_values=np.frombuffer(tv, dtype=np.uint8),
        two_freqs=np.frombuffer(tf, dtype=np.uint32),
        two_tags=np.array(tags),
    )


@lru_cache(maxsize=1)
def _tables() -> tuple[_PackedTable, _PackedTable]:
    """The dictionary tables: from a per-user cache, else shipped or parsed (then cached).

    Parsing jieba's 350,000-line dictionary costs a second or two; a cold
    ``baogao check`` of one page must stay well under that. The tables built from
    the dictionary baogao is tested with ship in ``models/`` (used when the installed
    dictionary's sha256 matches); for any other dictionary the parsed tables are kept
    (like jieba's own prefix-dictionary cache) in a marshal file holding only bytes
    and strings, keyed by the dictionary's path, size and mtime.
    """
    empty = _PackedTable(array("Q"), b"")
    path = _jieba_dictionary()
    cache = derived_cache("words", Path(path), TABLES_VERSION) if path else None
    if cache is None:
        return empty, empty
    try:
        words_dump, two_dump = marshal.loads(cache.read_bytes())
        return _PackedTable.load(*words_dump), _PackedTable.load(*two_dump)
    except (OSError, ValueError, EOFError, TypeError):
        pass
    tables = shipped_tables(path) or build_tables(path)
    write_cache(cache, marshal.dumps((tables[0].dump(), tables[1].dump())))
    return tables


class _Vocabulary:
    """Dictionary word classes with the lexicon's curated generic cores laid over them."""

    def __init__(self, table: _PackedTable, overlay: dict[str, int]) -> None:
        self._table = table
        self._overlay = overlay

    def get(self, word: str, default: Any = None) -> Any:
        got = self._overlay.get(word)
        return got if got is not None else self._table.get(word, default)


@lru_cache(maxsize=1)
def _vocabulary() -> _Vocabulary:
    """Words of 2–4 chars from jieba's dictionary, classed COMMON / PROPER / RARE.

    COMMON: frequent ordinary words (freq ≥ 300, not a proper-noun tag) — these
    never make a name. PROPER (ns, nr, nz, nt, j …) and RARE words do. The
    curated ``generic_cores`` of the lexicon are added as COMMON.
    """
    org = lexicon()["org"]
    return _Vocabulary(_tables()[0], {w: COMMON for w in (*org["generic_cores"], *org["route_kinds"])})


def _two_char_info() -> _PackedTable:
    """Frequency and tag of every two-char word in jieba's dictionary (for name plausibility)."""
    return _tables()[1]


def word_info(word: str) -> tuple[int, str] | None:
    """(frequency, tag) of a two-char dictionary word, or None."""
    return _two_char_info().get(word)


def is_frequent(word: str) -> bool:
    """A two-char word seen at least 300 times in jieba's corpus, whatever its tag (城镇, 地区)."""
    info = _two_char_info().get(word)
    return info is not None and info[0] >= 300


def is_proper_word(word: str) -> bool:
    """True when jieba tags ``word`` as a proper noun (place, person, organisation)."""
    return _vocabulary().get(word) == PROPER


def in_vocabulary(word: str) -> bool:
    """True when ``word`` is a 2–4 character word of the dictionary, of any class."""
    return _vocabulary().get(word) is not None


def is_common_word(word: str) -> bool:
    """True when ``word`` is an ordinary frequent word (not a name)."""
    return _vocabulary().get(word) == COMMON


def name_tokens(core: str, extra_generic: frozenset[str]) -> list[tuple[int, int, int]]:
    """Backward maximum matching: (start, end, class); class GENERIC = a word of ``extra_generic``,
    SINGLE = a single char the dictionary does not know, else the word's vocabulary class.

    Backward, because names end in kind words (…化工集团): matching from the
    right takes those first and leaves the name chars together.
    """
    vocab = _vocabulary()
    nonname = lexicon()["org"]["nonname_chars"]
    out: list[tuple[int, int, int]] = []
    j = len(core)
    while j > 0:
        for n in (4, 3, 2):
            w = core[j - n : j]
            if j - n < 0:
                continue
            if w in extra_generic:
                out.append((j - n, j, GENERIC))
                break
            cls = vocab.get(w)
            if cls is not None:
                out.append((j - n, j, cls))
                break
        else:
            out.append((j - 1, j, COMMON if core[j - 1] in nonname else SINGLE))
        j = out[-1][0]
    out.reverse()
    return out


def _distinctive_tokens(tokens: list[tuple[int, int, int]]) -> bool:
    run = 0
    for _, _, cls in tokens:
        if cls in (PROPER, RARE):
            return True
        run = run + 1 if cls == SINGLE else 0
        if run >= 2:
            return True
    return False


@lru_cache(maxsize=8192)
def is_distinctive(core: str, *, extra_generic: frozenset[str] = frozenset()) -> bool:
    """Whether ``core`` contains a proper-name part of at least two chars.

    Forward maximum matching over jieba's vocabulary: a proper-noun or rare word,
    or two unknown chars in a row, is a name part; frequent ordinary words and
    ``extra_generic`` (industry words) are not. 西北/山能/晋北能源 pass, 清洁/智能制造 do not.
    """
    if len(core) < 2 or not all(is_han(c) for c in core):
        return False
    return _distinctive_tokens(name_tokens(core, extra_generic))


@lru_cache(maxsize=8192)
def name_start(core: str, *, extra_generic: frozenset[str] = frozenset()) -> int:
    """Where the name inside ``core`` starts: after the last ordinary word that leaves a name.

    项经营指标位居鑫岳 → 鑫岳; 劳务分包单位宏达劳务 → 宏达劳务; industry words
    (能源, 集团) stay inside names: 晋北能源集团东岭 is kept whole.
    """
    tokens = name_tokens(core, extra_generic)
    for k in range(len(tokens) - 1, -1, -1):
        if tokens[k][2] == COMMON and _distinctive_tokens(tokens[k + 1 :]):
            return tokens[k][1]
    # leading single chars before a name part (项鑫岳 → 鑫岳) are left to the caller
    return 0


def longest_first(words: Iterable[str]) -> list[str]:
    """The distinct words, longest first: the order that makes an ``re`` alternation leftmost-longest.

    Words of one length come in code-point order. That never changes what a match finds, but it
    makes the patterns and tuples built from sets the same in every process, whatever the hash
    seed (see ``baogao._regex_cache``)."""
    return sorted(set(words), key=lambda w: (-len(w), w))


@dataclass(frozen=True)
class Prefixes:
    """Words to find the longest one a string starts with, by looking up its heads (one set
    lookup per length the words come in), instead of trying every word in turn."""

    words: frozenset[str]
    lengths: tuple[int, ...]  # longest first

    @classmethod
    def of(cls, words: Iterable[str]) -> Prefixes:
        found = frozenset(words)
        return cls(found, tuple(sorted({len(w) for w in found}, reverse=True)))

    def longest(self, text: str, start: int = 0) -> str | None:
        """The longest word that ``text`` has at ``start``, or None."""
        for n in self.lengths:
            head = text[start : start + n]
            if len(head) == n and head in self.words:
                return head
        return None


@lru_cache(maxsize=16)
def alternation(words: tuple[str, ...]) -> re.Pattern[str]:
    """One compiled alternation, longest words first (leftmost-longest in ``re``)."""
    return re.compile("|".join(re.escape(w) for w in longest_first(words)))


@lru_cache(maxsize=16)
def _prefix_pattern(prefixes: tuple[str, ...]) -> re.Pattern[str] | None:
    return alternation(prefixes) if prefixes else None


def trim_left(window: str, *, stop: re.Pattern[str], prefixes: tuple[str, ...]) -> int:
    """Index in ``window`` where a name ending at ``len(window)`` begins.

    Cuts after the right-most stop word (verbs, prepositions: 按照/落实/在/与 …)
    and then drops known non-name prefixes (本/该/全/公司 …) from the left.
    """
    start = 0
    for m in stop.finditer(window):
        start = max(start, m.end())
    pattern = _prefix_pattern(prefixes)
    while pattern is not None and start < len(window):
        m = pattern.match(window, start)
        if m is None or m.end() >= len(window):
            break
        start = m.end()
    return start


def windows(text: str, anchor: re.Pattern[str], *, pad: int) -> list[tuple[int, int]]:
    """Merged ``(start, end)`` windows of ``pad`` chars around each anchor match.

    Full patterns with lookbehinds are slow to scan (no prefix optimisation);
    a cheap anchor (a digit run, an @) finds the few places worth scanning.
    """
    out: list[tuple[int, int]] = []
    for m in anchor.finditer(text):
        s, e = max(0, m.start() - pad), min(len(text), m.end() + pad)
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


_DIGIT_RUN = re.compile(r"[0-9](?:[0-9 \-—]*[0-9Xx])?")


@lru_cache(maxsize=4)
def digit_runs(folded: str) -> tuple[tuple[int, int], ...]:
    """Runs of digits (spaces/dashes inside allowed) in folded text, computed once per text."""
    return tuple(m.span() for m in _DIGIT_RUN.finditer(folded))


def digit_windows(folded: str, *, min_len: int, pad: int) -> list[tuple[int, int]]:
    """Merged windows around digit runs of at least ``min_len`` chars."""
    out: list[tuple[int, int]] = []
    for s, e in digit_runs(folded):
        if e - s < min_len:
            continue
        s, e = max(0, s - pad), min(len(folded), e + pad)
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def finditer_in(pattern: re.Pattern[str], text: str, spans: list[tuple[int, int]]) -> list[re.Match[str]]:
    """``pattern.finditer`` restricted to ``spans`` (lookbehinds still see the whole text)."""
    out: list[re.Match[str]] = []
    for s, e in spans:
        out.extend(pattern.finditer(text, s, e))
    return out


def han_run_before(text: str, end: int, *, limit: int) -> int:
    """Start of the run of Han chars (at most ``limit``) that ends at ``end``."""
    i = end
    stop = max(0, end - limit)
    while i > stop and is_han(text[i - 1]):
        i -= 1
    return i


def clear_of(spans: Iterable[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``start``–``end`` overlaps none of ``spans`` ((start, end) pairs)."""
    return not any(a < end and start < b for a, b in spans)


def finding_at(
    text: str, m: re.Match[str], label: str, source: str, score: float, attrs: dict[str, Any]
) -> Finding:
    """The finding for a match found in a folded copy of ``text`` (same offsets, original text)."""
    return Finding(m.start(), m.end(), label, text[m.start() : m.end()], source, score, attrs)


_CELL_SEPARATORS = ("｜", "|", "\t")


def table_cells(text: str) -> list[tuple[str, int, str]]:
    """The body cells of every table written as lines of cells (序号｜姓名｜工号 …), each as
    (its column's header, start offset, value without the spaces around it).

    A header is a line of two or more separators and no digit; the lines after it with the same
    separator and as many cells are its rows, up to the first line that is not.
    """
    out: list[tuple[str, int, str]] = []
    header: list[str] | None = None
    sep = ""
    at = 0
    for line in text.split("\n"):
        start, at = at, at + len(line) + 1
        cut = next((c for c in _CELL_SEPARATORS if line.count(c) >= 2), None)
        if cut is None:
            header = None
            continue
        cells = line.split(cut)
        if header is None or cut != sep or len(cells) != len(header):
            header = [c.strip() for c in cells] if not any(ch.isdigit() for ch in line) else None
            sep = cut
            continue
        pos = start
        for cell, name in zip(cells, header, strict=True):
            value = cell.strip(" ")
            if value:
                out.append((name, pos + len(cell) - len(cell.lstrip(" ")), value))
            pos += len(cell) + len(cut)
    return out


#: The segmenter's tags of words that name nothing: prepositions, conjunctions, particles, pronouns,
#: adverbs, numerals, directions, times, modal words and interjections (向|书记, 沿|北路).
FUNCTION_TAGS = frozenset(("p", "c", "u", "uj", "ul", "uz", "ug", "uv", "ud", "r", "d", "m", "f", "t", "y", "e", "o"))


def tagged_words(text: str, start: int, end: int) -> dict[int, tuple[str, str]]:
    """The words and POS tags that the shared default-dictionary segmenter (HMM off) reads in
    ``text[start:end]``, keyed by their offset in ``text``; none if it changed the text (so no
    offset is ever wrong). The rules ask it about a clause around one candidate only."""
    piece = text[start:end]
    tagged = plain_rjieba().tag(piece, False)
    if "".join(w for w, _ in tagged) != piece:
        return {}
    out: dict[int, tuple[str, str]] = {}
    at = start
    for word, tag in tagged:
        out[at] = (word, tag)
        at += len(word)
    return out

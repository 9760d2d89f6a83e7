"""Offset-preserving normalisation of decoded report text.

Reports arrive scraped from web pages, pasted from Word or converted from PDF:
CRLF line ends, zero-width characters, HTML comments and literal ``<U+00A0>``
escapes, paywall markers spliced into numbers, site navigation lines and
full-width digits. Every extractor wants clean text, but every finding must be
reported against the *original* characters. So normalisation is a chain of
small steps; each returns the edits it made, and the chain composes them into a
map from every normalised character back to the original character it came from.

Speed matters (150,000-character reports, thousands of them): every step is
one C-level pass (a regex whose first character the engine can skip to, or a
numpy look-up over code points), and the offset bookkeeping is vectorised.
"""

from __future__ import annotations

import bisect
import html.entities
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from baogao.findings import Finding

__all__ = ["FOLD_TABLE", "NormalizedText", "fold_char", "normalize"]

_INT = np.int64

# --------------------------------------------------------------------------- character tables

#: 1:1 folds. Full-width digits, Latin letters and ．％，：；（）！？ become ASCII;
#: exotic spaces become ' '; the rarer Unicode line breaks become '\n' so that
#: ``str.splitlines`` and ``split('\n')`` agree on what a paragraph is.
#: × (U+00D7) and Chinese quotation marks are deliberately absent: × is the
#: masking placeholder and “” delimit slogans.
_SPACE_FOLD: dict[int, str] = {
    0x00A0: " ",
    0x3000: " ",
    0x1680: " ",
    0x202F: " ",
    0x205F: " ",
    **{cp: " " for cp in range(0x2000, 0x200B)},
    0x0D: "\n",
    0x0B: "\n",
    0x0C: "\n",
    0x85: "\n",
    0x2028: "\n",
    0x2029: "\n",
}
_WIDTH_FOLD: dict[int, str] = {
    **{cp: chr(cp - 0xFEE0) for cp in range(0xFF10, 0xFF1A)},  # ０-９
    **{cp: chr(cp - 0xFEE0) for cp in range(0xFF21, 0xFF3B)},  # Ａ-Ｚ
    **{cp: chr(cp - 0xFEE0) for cp in range(0xFF41, 0xFF5B)},  # ａ-ｚ
    **{ord(c): chr(ord(c) - 0xFEE0) for c in "．％，：；（）！？"},
}
FOLD_TABLE: dict[int, str] = {**_SPACE_FOLD, **_WIDTH_FOLD}
_SPACE_TABLE = str.maketrans(_SPACE_FOLD)
_FULL_TABLE = str.maketrans(FOLD_TABLE)

#: Characters that carry no text: NUL, zero-width space/joiners, BOM, word joiner; the soft hyphen
#: (U+00AD, printed only at a line break: web pages and PDFs hold it inside words, names and numbers),
#: the Mongolian vowel separator, invisible operators, and the bidirectional marks, embeddings and
#: isolates that text copied from web pages and Word carries (U+200E/F, U+202A–E, U+2066–9).
_INVISIBLE = (0x00, 0x00AD, 0x180E, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, *range(0x202A, 0x202F), 0x2060,
              *range(0x2061, 0x2065), *range(0x2066, 0x206A), 0xFEFF)
_INVISIBLE_TABLE = str.maketrans(dict.fromkeys(_INVISIBLE))


def fold_char(ch: str, *, fold_width: bool = True) -> str:
    """What one original character becomes after the 1:1 folds (for tests and callers)."""
    return ch.translate(_FULL_TABLE if fold_width else _SPACE_TABLE)


_DROP = 0xFFFFFFFF


@lru_cache(maxsize=2)
def _lut(fold_width: bool) -> np.ndarray:
    """Code point → folded code point, or _DROP for invisible characters (4 MiB, built once)."""
    lut = np.arange(0x110000, dtype=np.uint32)
    for cp, ch in (FOLD_TABLE if fold_width else _SPACE_FOLD).items():
        lut[cp] = ord(ch)
    lut[list(_INVISIBLE)] = _DROP
    return lut


# --------------------------------------------------------------------------- markup patterns

# Every alternative starts with a literal '<', '#' or '&', so the regex engine
# skips straight to candidates. Tag names are listed rather than matched
# generically so that prose such as "a<b 且 c>d" or "<<报告>>" is never taken for a tag.
_TAG_NAMES = (
    "a|abbr|address|area|article|aside|b|base|basefont|bdi|bdo|big|blockquote|body|br|button|caption|"
    "center|cite|code|col|colgroup|dd|del|details|dfn|dir|div|dl|dt|em|embed|fieldset|figcaption|figure|"
    "font|footer|form|frame|frameset|h[1-6]|head|header|hr|html|i|iframe|img|input|ins|kbd|label|legend|"
    "li|link|main|map|mark|marquee|meta|nav|nobr|noscript|object|ol|optgroup|option|p|param|pre|q|s|"
    "samp|section|select|small|source|span|strike|strong|sub|summary|sup|table|tbody|td|textarea|tfoot|"
    "th|thead|time|title|tr|tt|u|ul|var|wbr|o:p"
)
# Comments and script/style blocks are found by _blocks() (opening and closing
# marks matched by bisection: a regex body like <!--.*?--> rescans from every
# unclosed "<!--" and turns quadratic on hostile input).
_BLOCK_KINDS = (
    (re.compile(r"<!--"), re.compile(r"-->"), 20_000),
    (re.compile(r"<(?i:script|style)\b[^<>]{0,2000}>"), re.compile(r"</(?i:script|style)\s*>"), 100_000),
)
_MARKUP_RE = re.compile(
    r"</?(?i:" + _TAG_NAMES + r")(?=[\s/>])[^<>]{0,2000}>"
    r"|<!(?i:doctype)[^<>]{0,2000}>"
    r"|<\?xml[^<>]{0,2000}\?>"
    r"|##[A-Za-z][A-Za-z0-9_]{0,31}##"
    r"|<U\+[0-9A-Fa-f]{4,6}>"
    r"|&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});",
    re.DOTALL,
)


def _markup_kind(m: str) -> str:
    if m.startswith("<!--"):
        return "html_comment"
    if m.startswith("##"):
        return "paywall"
    if m.startswith(("<U+", "&")):
        return "escape"
    return "html_tag"


# Navigation / boilerplate lines of news and government sites. Every pattern
# covers a whole line and needs words that report prose does not hold in that
# shape, so a sentence is never dropped. The regex is only tried at the start of
# lines that contain one of _NAV_KEYWORDS.
_NAV_WORD = (
    r"字体[:：]?\s*\[?\s*大\s*\]?\s*\[?\s*中\s*\]?\s*\[?\s*小\s*\]?"
    r"|打印本页|打印此页|打印|关闭窗口|关闭本页|关闭|E-?mail推荐|推荐给朋友|返回顶部|回到顶部"
    r"|我要纠错|收藏本页|加入收藏|分享到[:：]?|上一页|下一页|首页|尾页|末页|上一篇|下一篇"
)
_NAV_TOKEN = r"(?:【\s*(?:" + _NAV_WORD + r")\s*】|\[\s*(?:" + _NAV_WORD + r")\s*\]|(?:" + _NAV_WORD + r"))"
_DATE = r"\d{4}[ \t]*[-年/.][ \t]*\d{1,2}[ \t]*[-月/.][ \t]*\d{1,2}"
_NAV_RE = re.compile(
    r"[ \t]*(?:"
    # 当前位置：首页 > 新闻 > 正文
    r"(?:当前位置|您的位置|你的位置|您现在的位置)[:：][^\n。；;]{0,80}?(?:首页|主页|>)[^\n。；;]{0,80}"
    # （责任编辑：张三 ） — the closing bracket may sit on a later line
    r"|[(（【\[]?[ \t]*(?:责任编辑|责编|编辑|审核|校对)[:：][^\n()（）【】\[\]。，,；;:：]{0,20}(?:\s*[)）】\]])?"
    # 中央政府门户网站 www.gov.cn 2006年02月16日 来源：新华社 — a date, a source and a site name.
    # A title run onto the same line ("…工作报告   中央政府门户网站 …") is kept (group "keep").
    r"|(?P<keep>(?:(?!www\.|http|网站)[^\n]){1,80}?[ \t]{2,})?"
    r"(?=[^\n]*"
    + _DATE
    + r")(?=[^\n]*(?:www\.|http|网|社|报|台))[^\n。；;，,]{0,60}?来源[:：][^\n。；;，,]{1,60}"
    # rows of site controls: 【字体：大 中 小】【打印本页】【关闭窗口】
    r"|(?:" + _NAV_TOKEN + r"[ \t|｜/·]*){1,8}"
    # 上一页 1 2 3 下一页
    r"|(?:上一页)?[ \t]*\d[ \t\d]{0,200}下一页(?:[ \t]*尾页)?"
    r")[ \t]*(?=\n|\Z)",
)
_NAV_KEYWORDS = re.compile(
    "位置|编辑|责编|审核|校对|来源|字体|打印|关闭|mail|推荐|顶部|纠错|收藏|分享|页|上一篇|下一篇"
)

_BLANK_RUN_RE = re.compile(r"\n\n\n+")  # literal prefix: the engine skips ahead


# --------------------------------------------------------------------------- edits and maps


@dataclass(frozen=True, slots=True)
class _Edit:
    """Replace ``text[start:end]`` (end > start) by ``repl``; a ``kind`` marks reported markup."""

    start: int
    end: int
    repl: str = ""
    kind: str | None = None


class _Chain:
    """The text being normalised plus, per character, the first and last original index it covers."""

    def __init__(self, original: str) -> None:
        self.original = original
        self.text = original
        self.lo = np.arange(len(original), dtype=_INT)
        self.hi = self.lo
        self.markup: list[Finding] = []

    def map_chars(self, *, fold_width: bool) -> None:
        """Drop invisible characters and CRs before a line break, fold the rest 1:1 (one numpy pass)."""
        if not self.text:
            return
        raw = np.frombuffer(self.text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        cps = _lut(fold_width)[raw]
        surrogate = (raw >= 0xD800) & (raw <= 0xDFFF)
        if surrogate.any():  # lone surrogates (JSON "\ud800", surrogateescape) cannot reach UTF-8 code
            cps[surrogate] = 0xFFFD
        drop = cps == _DROP
        if "\r" in self.text:  # "\r\n" and "\r\r\n" are one line break; a lone CR is folded to LF
            cr = np.flatnonzero(raw[:-1] == 0x0D)
            drop[cr[(raw[cr + 1] == 0x0A) | (raw[cr + 1] == 0x0D)]] = True
        if drop.any():
            keep = np.flatnonzero(~drop)
            cps, self.lo, self.hi = cps[keep], self.lo[keep], self.hi[keep]
        self.text = cps.tobytes().decode("utf-32-le", "surrogatepass")

    def apply(self, edits: list[_Edit]) -> bool:
        """Apply sorted, non-overlapping edits and compose the map; True if anything changed."""
        if not edits:
            return False
        starts = np.fromiter((e.start for e in edits), dtype=_INT, count=len(edits))
        ends = np.fromiter((e.end for e in edits), dtype=_INT, count=len(edits))
        lens = np.fromiter((len(e.repl) for e in edits), dtype=_INT, count=len(edits))
        self._record_markup(edits, starts, ends)
        self._compose(starts, ends, lens)
        self.text = _splice(self.text, edits)
        return True

    def _compose(self, starts: np.ndarray, ends: np.ndarray, lens: np.ndarray) -> None:
        """New map = old map taken at the source of every output character (no Python loop).

        Each input character becomes 1 output character if kept, 0 inside an
        edit, and ``len(repl)`` at an edit's first character.
        """
        bounds = np.empty(2 * len(starts) + 2, dtype=_INT)
        bounds[0], bounds[-1] = 0, len(self.text)
        bounds[1:-1:2], bounds[2:-1:2] = starts, ends
        pattern = np.zeros(2 * len(starts) + 1, dtype=bool)
        pattern[::2] = True
        keep = np.repeat(pattern, np.diff(bounds))
        n_rep = int(lens.sum())
        if not n_rep:  # deletions only: a boolean mask is the cheapest path
            self.lo, self.hi = self.lo[keep], self.hi[keep]
            return
        counts = keep.astype(_INT)
        counts[starts] = lens
        lo, hi = np.repeat(self.lo, counts), np.repeat(self.hi, counts)
        # a replacement character stands for the whole replaced span
        removed_before = np.cumsum(ends - starts) - (ends - starts)
        inserted_before = np.cumsum(lens) - lens
        first_out = starts - removed_before + inserted_before
        rep_pos = np.repeat(first_out - inserted_before, lens) + np.arange(n_rep)
        hi[rep_pos] = np.repeat(self.hi[ends - 1], lens)
        self.lo, self.hi = lo, hi

    def _record_markup(self, edits: list[_Edit], starts: np.ndarray, ends: np.ndarray) -> None:
        marked = [i for i, ed in enumerate(edits) if ed.kind is not None]
        if not marked:
            return
        o_starts = self.lo[starts[marked]].tolist()
        o_ends = (self.hi[ends[marked] - 1] + 1).tolist()
        for i, s, e in zip(marked, o_starts, o_ends, strict=True):
            self.markup.append(
                Finding(s, e, "MARKUP", self.original[s:e], "normalize", attrs={"kind": edits[i].kind})
            )


def _splice(text: str, edits: list[_Edit]) -> str:
    pieces, pos = [], 0
    for ed in edits:
        pieces.append(text[pos : ed.start])
        pieces.append(ed.repl)
        pos = ed.end
    pieces.append(text[pos:])
    return "".join(pieces)


Step = Callable[[str], list[_Edit]]


# --------------------------------------------------------------------------- the steps


def _decode_escape(raw: str, table: dict[int, str | int | None]) -> str | None:
    """The character(s) a literal escape stands for, cleaned like the text around it; None if bogus."""
    if raw.startswith("<U+"):
        code: int | None = int(raw[3:-1], 16)
        value = None
    elif raw.startswith("&#"):
        body = raw[2:-1]
        code = int(body[1:], 16) if body[:1] in "xX" else int(body)
        value = None
    else:
        code, value = None, html.entities.html5.get(raw[1:])
    if code is not None and code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
        value = chr(code)
    if value is None:
        return None
    value = value.translate(_INVISIBLE_TABLE)
    return value.replace("\r\n", "\n").translate(table)


def _markup_step(table: dict[int, str | int | None]) -> Step:
    def step(text: str) -> list[_Edit]:
        blocks = _blocks(text)
        edits = [_Edit(a, b, "", "html_comment" if text.startswith("<!--", a) else "html_tag") for a, b in blocks]
        starts = [a for a, _ in blocks]
        for m in _MARKUP_RE.finditer(text):
            k = bisect.bisect_right(starts, m.start()) - 1
            if k >= 0 and m.start() < blocks[k][1]:
                continue  # inside a comment or script block already removed whole
            raw = m.group()
            kind = _markup_kind(raw)
            if kind == "escape":
                value = _decode_escape(raw, table)
                if value is None:
                    continue
                edits.append(_Edit(m.start(), m.end(), value, kind))
            else:
                edits.append(_Edit(m.start(), m.end(), "", kind))
        edits.sort(key=lambda e: e.start)
        return edits

    return step


def _blocks(text: str) -> list[tuple[int, int]]:
    """Spans of HTML comments and script/style blocks, each closed within its length limit.

    Every opening mark takes the first closing mark after it (found by bisection
    over all closing marks), so the work is O(n log n) whatever the input.
    """
    spans: list[tuple[int, int]] = []
    for opening, closing, limit in _BLOCK_KINDS:
        if not opening.search(text):
            continue
        closes = [(m.start(), m.end()) for m in closing.finditer(text)]
        close_starts = [a for a, _ in closes]
        pos = 0
        for m in opening.finditer(text):
            if m.start() < pos:
                continue
            k = bisect.bisect_left(close_starts, m.end())
            if k < len(closes) and closes[k][1] - m.start() <= limit:
                spans.append((m.start(), closes[k][1]))
                pos = closes[k][1]
    spans.sort()
    merged: list[tuple[int, int]] = []
    for a, b in spans:  # a script inside a comment (or the reverse) is one removal
        if merged and a < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def _navigation_lines(text: str) -> list[_Edit]:
    """Whole-line site boilerplate; the heavy regex runs only where a keyword occurs."""
    line_starts = sorted({text.rfind("\n", 0, m.start()) + 1 for m in _NAV_KEYWORDS.finditer(text)})
    edits: list[_Edit] = []
    done = 0
    for ls in line_starts:
        if ls < done:
            continue
        m = _NAV_RE.match(text, ls)
        start = m and (m.end("keep") if m.group("keep") else m.start())
        if m and m.end() > start:
            edits.append(_Edit(start, m.end(), "", "navigation"))
            done = m.end()
    return edits


def _strip_line_blanks(text: str) -> list[_Edit]:
    """Blanks at both edges of every line (indentation carries no meaning once lines are paragraphs).

    A loop over lines with C-level ``strip`` beats a regex here: a run of
    blanks not followed by a line break makes ``[ \t]+\n`` retry quadratically.
    """
    edits: list[_Edit] = []
    pos = 0
    for line in text.split("\n"):
        n = len(line)
        if n and (line[0] in " \t" or line[-1] in " \t"):
            lead = n - len(line.lstrip(" \t"))
            if lead == n:
                edits.append(_Edit(pos, pos + n))
            else:
                trail = n - len(line.rstrip(" \t"))
                if lead:
                    edits.append(_Edit(pos, pos + lead))
                if trail:
                    edits.append(_Edit(pos + n - trail, pos + n))
        pos += n + 1
    return edits


def _collapse_blank_lines(text: str) -> list[_Edit]:
    """Drop leading/trailing line breaks; keep at most one empty line between paragraphs."""
    head = len(text) - len(text.lstrip("\n"))
    if head == len(text):
        return [_Edit(0, len(text))] if text else []
    tail = len(text) - len(text.rstrip("\n"))
    edits = [_Edit(0, head)] if head else []
    edits += [_Edit(m.start() + 2, m.end()) for m in _BLANK_RUN_RE.finditer(text, head, len(text) - tail)]
    if tail:
        edits.append(_Edit(len(text) - tail, len(text)))
    return edits


# --------------------------------------------------------------------------- public API


@dataclass(frozen=True)
class NormalizedText:
    """Normalised text plus the map back to the decoded original.

    Attributes:
        text: normalised text (what extractors see).
        original: the decoded original (what all output offsets index).
        markup: removed markers, offsets into ``original``, label ``MARKUP``,
            ``attrs["kind"]`` in paywall / html_comment / html_tag / escape / navigation.
        origin: ``len(text) + 1`` original indices, non-decreasing; ``origin[i]`` is
            where ``text[i]`` came from and ``origin[len(text)] == len(original)``.
        origin_end: ``len(text)`` indices; one past the last original character
            that ``text[i]`` stands for (beyond ``origin[i] + 1`` for an escape
            such as ``&nbsp;`` → ' ').
    """

    text: str
    original: str
    markup: tuple[Finding, ...] = ()
    origin: np.ndarray = field(default=None, repr=False, compare=False)  # type: ignore[assignment]
    origin_end: np.ndarray = field(default=None, repr=False, compare=False)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        # Built by hand without a map (e.g. in another module's test): only an
        # unchanged-length text has an obvious one.
        if self.origin is None:
            if len(self.text) != len(self.original):
                raise ValueError("origin map is required when text and original differ in length")
            object.__setattr__(self, "origin", np.arange(len(self.text) + 1, dtype=_INT))
        if self.origin_end is None:
            object.__setattr__(self, "origin_end", np.asarray(self.origin[1:]))

    def to_original(self, i: int) -> int:
        """Index in ``text`` (0..len(text)) → index in ``original``."""
        if not 0 <= i <= len(self.text):
            raise IndexError(f"index {i} outside normalised text of length {len(self.text)}")
        return int(self.origin[i])

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Span over ``text`` → span over ``original`` covering exactly its source characters.

        The end comes from the span's last character, not from ``origin[end]``,
        so a marker removed just after the span is not pulled into it.
        """
        if not 0 <= start <= end <= len(self.text):
            raise IndexError(f"span {start}:{end} outside normalised text of length {len(self.text)}")
        o_start = int(self.origin[start])
        if end == start:
            return o_start, o_start
        return o_start, int(self.origin_end[end - 1])

    def finding_to_original(self, f: Finding) -> Finding:
        """The same finding with offsets and text taken from the original."""
        s, e = self.span_to_original(f.start, f.end)
        return f.shifted(s, e, self.original[s:e])

    def iter_lines(self) -> Iterator[tuple[int, int]]:
        """(start, end) in ``text`` of every non-empty line — one paragraph each."""
        for m in re.finditer(r"[^\n]+", self.text):
            yield m.start(), m.end()


def normalize(text: str, *, fold_width: bool = True, strip_markup: bool = True) -> NormalizedText:
    """Normalise ``text`` and keep a map back to it.

    Args:
        text: the decoded original (``RawDocument.text``).
        fold_width: fold full-width digits, letters and ．％，：；（）！？ to ASCII so
            that extractors need one pattern per form. Spaces are always folded.
        strip_markup: remove HTML comments/tags, literal escapes, paywall markers
            and site navigation lines (reported in ``markup``).

    Returns:
        A :class:`NormalizedText` whose ``text`` has LF line ends, no invisible
        characters, one paragraph per non-empty line, no blanks at line edges
        and at most one empty line in a row. Normalising it again changes nothing.
    """
    chain = _Chain(text)
    table = _FULL_TABLE if fold_width else _SPACE_TABLE
    chain.map_chars(fold_width=fold_width)
    if strip_markup:
        markup = _markup_step(table)
        # Removing one marker can join the halves of another ("#<b>#paidend##"),
        # and every edit here shortens the text, so iterate to a fixed point.
        while True:
            while chain.apply(markup(chain.text)):
                pass
            if not chain.apply(_navigation_lines(chain.text)):
                break
    chain.apply(_strip_line_blanks(chain.text))
    chain.apply(_collapse_blank_lines(chain.text))
    origin = np.append(chain.lo, _INT(len(text)))
    markups = tuple(sorted(chain.markup, key=lambda f: (f.start, f.end)))
    return NormalizedText(chain.text, text, markups, origin, chain.hi + 1)


def drop_run_blanks(
    text: str, runs: Sequence[tuple[int, int]], spans: Sequence[tuple[int, int]] | None = None
) -> tuple[str, list[int]]:
    """``text`` with the blanks inside letter-spaced ``runs`` removed, and where each character came from.

    A run is single characters with one blank between each (``张 建 国``, ``7 4 7 7 2``),
    so its characters sit at its even offsets. ``spans`` (sorted, holding every run)
    keeps only those parts of the text, each followed by the newline that ends it.

    Returns:
        ``(squeezed, origin)``: ``origin[i]`` is the offset in ``text`` of ``squeezed[i]``.
    """
    parts: list[str] = []
    origin: list[int] = []
    k = 0
    for start, end in spans if spans is not None else [(0, len(text))]:
        pos = start
        while k < len(runs) and runs[k][0] < end:
            a, b = runs[k]
            parts += [text[pos:a], text[a:b:2]]
            origin += [*range(pos, a), *range(a, b, 2)]
            pos, k = b, k + 1
        parts.append(text[pos:end])
        origin += range(pos, end)
        if spans is not None and end < len(text):  # the part's own newline
            parts.append("\n")
            origin.append(end)
    return "".join(parts), origin

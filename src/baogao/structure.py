"""Document structure of a Chinese work report: paragraphs, headings, bylines, repeats.

A report is read the way a person skims it: one non-empty line is one
paragraph; the first short lines before the salutation or the first numbered
heading are the title block; contact lines and the closing date are bylines;
numbered markers (第一部分 / 一、 / （一） / 1. / （1）) open sections whose nesting
gives every paragraph its ``heading_path``.

Rules (kept in this module so they are visible in one place):

* **Heading levels**: 第X部分/篇/编/章 → 0, 一、 and 第X节 → 1, （一） → 2, 1. / 1、 / 1．
  → 3 (not decimals such as 1.5万吨), （1） / 1） → 4.
* **Standalone vs run-in**: a marked line is ``kind="heading"`` when it is a title
  line: at most 80 characters, no sentence end (。！？；) before its last character,
  and not a > 40-character sentence ending in 。 (that is a list item). A paragraph
  that opens with a marker ("（一）加强宏观调控，促进经济平稳发展。我们实行…")
  keeps ``kind="body"`` but gets ``heading_level``/``heading_marker`` and still
  opens a section (later paragraphs carry it in their ``heading_path``). A
  standalone "第一、关于基本建设" is a level-3 heading; inline 第一，… is an ENUM.
* **Unnumbered headings**: short lines (4–30 characters) of Han text only, with no
  punctuation, followed by a longer line or a marked heading ("过去五年的回顾") —
  level 0 when the document also has numbered 一、 headings (they enclose them),
  else level 1.
* **Front matter** (kinds ``title``/``byline``): the lines above a short salutation
  (各位代表：) or, failing that, above the first marked heading or first sentence
  (。, or a comma sentence ending in ：). Author, ——在…会议上, （…） subtitles,
  datelines, dates, contact and web-navigation lines are bylines, the rest titles;
  ``Structure.title`` is the first title naming a report type (报告/汇报/总结…).
  A 目录 block after the title is front matter too. Trailing contact lines, dates,
  organisation signatures and markup without Han text are bylines.
* **Repeated pages**: scraped pages often hold the whole text several times. Each
  paragraph is hashed (blanks and <U+00A0> escapes removed); the repetition count
  is the occurrence count that covers most text, provided ≥ 60 % of the lines
  recur. Copy r starts at the median distance between first and (r+1)-th
  occurrences; each paragraph of a later copy whose text was seen in an earlier
  copy gets ``duplicate_of`` (its first occurrence). Kinds and heading paths are
  computed per copy, so copies look alike.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise
from statistics import median
from typing import Any

from baogao.findings import Finding

__all__ = ["Paragraph", "Structure", "chinese_numeral_value", "heading_marker", "parse"]

_CN_DIGITS = "零〇一二两三四五六七八九"
_CN = "一二三四五六七八九十"
_DIG = "0-9０-９"

# ---------------------------------------------------------------- heading markers
_HEADING_PATTERNS: tuple[tuple[re.Pattern[str], int | None], ...] = (
    # level None = decided by the suffix (部分/章 → 0, 节 → 1)
    (re.compile(rf"^第[{_CN}百零〇{_DIG}]{{1,4}}(部分|篇|编|章|节)"), None),
    (re.compile(rf"^[（(]\s*[{_CN}]{{1,3}}\s*[）)]"), 2),
    (re.compile(rf"^[（(]\s*[{_DIG}]{{1,2}}\s*[）)]"), 4),
    (re.compile(rf"^[{_DIG}]{{1,2}}[）)]"), 4),
    # 一、 一． but not 一、二季度 (a list of quarters)
    (re.compile(rf"^[{_CN}]{{1,3}}\s*(?:、|[.．](?![{_DIG}]))(?![{_CN}](?:季度|等奖))"), 1),
    # 1. 1、 1． but not 1.5万吨 (a year may follow: 4.2024年工作安排)
    (re.compile(rf"^[{_DIG}]{{1,2}}\s*(?:、|[.．](?:(?![{_DIG}])|(?=[{_DIG}]{{4}}年)))"), 3),
)
_BARE_NUMERAL = re.compile(rf"^[{_CN}]{{1,3}}$")
# 第一、关于基本建设 : an ordinal line; only a heading when it stands alone
_ORDINAL_LINE = re.compile(rf"^第[{_CN}]{{1,3}}[、，,：:]")
_INTERIOR_STOP = re.compile(r"[。！？!?；;]")
_ANY_PUNCT = re.compile(r"[，。；：！？,;:!?…]")
_CJK = re.compile(r"[\u3400-\u9fff]")
_HEADING_CHARS = re.compile(rf"[\u3400-\u9fff{_DIG}“”\"《》、·—\s]+")
_TOC = re.compile(r"^目\s*录$")
_PAGE_LINE = re.compile(rf"第\s*[{_DIG}一二三四五六七八九十]+\s*页|共\s*[{_DIG}]+\s*页")
_MAX_HEADING = 80
_MAX_SENTENCE_HEADING = 40  # longer marked lines ending in 。 are items, not headings
_MAX_UNMARKED_HEADING = 30
_MIN_REPEATED_SHARE = 0.6  # of the lines must recur for a text to count as a repeated page
_MAX_FRONT = 20  # front matter (title, author, web navigation) is never longer

# ---------------------------------------------------------------- title and bylines
_REPORT_WORD = re.compile(r"报告|汇报|总结|讲话|发言|述职|工作要点|致辞|方案|意见")
_BYLINE_KEY = re.compile(
    r"^[（(]?\s*(?:联系人|联系电话|联系方式|电话|手机|邮箱|电子邮箱|E-?mail|地址|传真|邮编|"
    r"述职人|汇报人|报告人|发言人|责任编辑|编辑|审核|签发|来源|附件|抄送|印发|主送|作者|撰稿)",
    re.IGNORECASE,
)
_WEB = re.compile(r"当前位置|www\.|https?://|[【】]|字体[:：]|打印本页|关闭窗口|E-mail推荐|<!--|-->")
_MEETING = re.compile(
    r"(?:会议|大会|座谈会|研讨会|年会|职代会|代表会|工作会)上(?:的(?:报告|讲话|发言|致辞))?\s*$|(?:会议|大会)上的"
)
_DATE_LINE = re.compile(
    rf"^[（(]?\s*(?:[{_DIG}]{{4}}|[{_CN_DIGITS}]{{4}})\s*年\s*[{_DIG}{_CN}]{{1,3}}\s*月"
    rf"(?:\s*[{_DIG}{_CN}]{{1,3}}\s*日)?\s*[）)]?$"
)
_POSITION = re.compile(
    r"总经理|董事长|书记|主任|局长|厅长|市长|县长|区长|镇长|部长|总理|主席|经理|处长|科长|总监|"
    r"总工程师|负责人|首席.{1,4}官|行长|院长|校长|秘书长"
)
_ORG_SUFFIX = re.compile(r"(?:委员会|公司|集团|党委|党组|政府|办公室|办公厅|局|厅|中心|分行|支行|研究院)$")
_BRACKETED = re.compile(r"^[（(][^（()）]{2,40}[）)]$")
_TRAILING_DATE = re.compile(
    rf"\s(?:[{_DIG}]{{4}}|[{_CN_DIGITS}]{{4}})\s*年\s*[{_DIG}{_CN}]{{1,3}}\s*月(?:\s*[{_DIG}{_CN}]{{1,3}}\s*日)?$"
)
_DATELINE = re.compile(r"^(?:新华社|中新社|人民网|新华网)\S{0,16}电$")
_SALUTE_WORD = re.compile(r"代表|领导|同志|同事|专家|来宾|朋友|嘉宾|董事|大家|各位|尊敬")

# ---------------------------------------------------------------- inline enumerations
_BOUNDARY = r"(?:^|(?<=[。；;：:，,！!？?\s、）)”\"]))"
_ENUM = re.compile(
    _BOUNDARY
    + rf"(?:(?P<shi>[{_CN}]{{1,3}})是(?![否非的])"
    + rf"|第(?P<di>[{_CN}]{{1,3}})(?=[，、：,:]|是)"
    + r"|(?P<order>首先|其次)(?!的)"
    + r"|(?P<again>再次|最后)(?=[，、：,:]))"
)
_ORDER_VALUE = {"首先": 1, "其次": 2, "再次": 3}
_ORDER_WINDOW = 3  # paragraphs within which 再次/最后 continue a 首先/其次 sequence
_ESCAPE = re.compile(r"<U\+[0-9A-Fa-f]{4,6}>")  # literal escapes left by scrapers
_KEY_STRIP = re.compile(r"\s+|<U\+[0-9A-Fa-f]{4,6}>")


@dataclass(frozen=True)
class Paragraph:
    """One non-empty line of the text.

    Attributes:
        index: position among the paragraphs.
        start: offset of the first non-blank character in the text given to :func:`parse`.
        end: one past the last non-blank character.
        text: ``text[start:end]``.
        kind: ``"title"``, ``"byline"``, ``"heading"`` or ``"body"``.
        heading_level: 0 第一部分, 1 一、, 2 （一）, 3 1., 4 （1）; None when no marker.
            Set for run-in headings too (kind ``"body"``).
        heading_marker: the marker as written ("一、", "（一）"), None for unnumbered.
        heading_path: indices of the enclosing headings, outermost first.
        enumerations: inline 一是/第一/首先 markers (label ``ENUM``, attrs ``ordinal``).
        duplicate_of: index of the paragraph this one repeats (repeated web pages).
    """

    index: int
    start: int
    end: int
    text: str
    kind: str
    heading_level: int | None
    heading_marker: str | None
    heading_path: tuple[int, ...]
    enumerations: tuple[Finding, ...]
    duplicate_of: int | None


@dataclass(frozen=True)
class Structure:
    """Paragraphs with their roles; ``repeats`` > 1 for pages scraped several times."""

    paragraphs: tuple[Paragraph, ...]
    title: Paragraph | None
    repeats: int

    def headings(self) -> list[Paragraph]:
        """Section openers of the first copy (standalone and run-in), in document order."""
        return [p for p in self.paragraphs if p.heading_level is not None and p.duplicate_of is None]

    def tree(self) -> list[dict[str, Any]]:
        """The heading outline as nested ``{"paragraph": idx, "children": [...]}`` nodes."""
        nodes: dict[int, dict[str, Any]] = {}
        roots: list[dict[str, Any]] = []
        for p in self.headings():
            node: dict[str, Any] = {"paragraph": p.index, "children": []}
            nodes[p.index] = node
            parent = next((j for j in reversed(p.heading_path) if j in nodes), None)
            (nodes[parent]["children"] if parent is not None else roots).append(node)
        return roots


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str
    clean: str  # text without literal <U+00A0> escapes: what the rules look at


# ================================================================ public entry point
def parse(text: str, *, headings: Mapping[int, int] | None = None) -> Structure:
    """Split ``text`` into paragraphs and recover the report's structure.

    Works on raw or normalised text; offsets always index the string given.
    Linear in the length of the text. ``headings``: line start → level of the lines
    the source file marks as headings (Word's heading styles); such a line without a
    marker of its own counts as marked at that level.
    """
    lines = _split_lines(text)
    n = len(lines)
    keys = [_KEY_STRIP.sub("", ln.clean) for ln in lines]
    repeats, copy_starts = _find_repeats(keys)
    duplicate_of = _duplicates(keys, copy_starts)

    markers = [heading_marker(ln.clean) for ln in lines]
    if headings:
        for i, ln in enumerate(lines):
            level = headings.get(ln.start)
            if markers[i] is None and level is not None:
                markers[i] = (min(max(level, 1), 4), "")
    has_level1 = any(m is not None and m[0] == 1 for m in markers)
    kinds: list[str] = ["body"] * n
    levels: list[int | None] = [None] * n
    marker_text: list[str | None] = [None] * n
    paths: list[tuple[int, ...]] = [()] * n

    # a line printed on every page (a running header) is page furniture, never a heading
    counts = Counter(keys)
    furniture = [bool(k) and counts[k] >= 3 and counts[k] > repeats for k in keys]
    bounds = list(copy_starts) + [n]
    for a, b in pairwise(bounds):
        _classify_region(lines, markers, a, b, has_level1, kinds, levels, marker_text, furniture)
        _assign_paths(_nesting_levels(levels, marker_text, a, b), kinds, a, b, paths)

    enums = _find_enumerations(lines, kinds, levels)
    paragraphs = tuple(
        Paragraph(
            index=i,
            start=ln.start,
            end=ln.end,
            text=ln.text,
            kind=kinds[i],
            heading_level=levels[i],
            heading_marker=marker_text[i] or None,  # "" for a heading the file styled as one
            heading_path=paths[i],
            enumerations=enums[i],
            duplicate_of=duplicate_of[i],
        )
        for i, ln in enumerate(lines)
    )
    return Structure(paragraphs=paragraphs, title=_pick_title(paragraphs, bounds[1]), repeats=repeats)


# ================================================================ lines
def _split_lines(text: str) -> list[_Line]:
    """Non-empty lines with blanks (incl. 　, NBSP, CR) trimmed; offsets into ``text``."""
    out: list[_Line] = []
    pos = 0
    length = len(text)
    while pos <= length:
        nl = text.find("\n", pos)
        end = length if nl < 0 else nl
        raw = text[pos:end]
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            clean = _ESCAPE.sub("", stripped).strip() if "<U+" in stripped else stripped
            out.append(_Line(pos + lead, pos + lead + len(stripped), stripped, clean))
        if nl < 0:
            break
        pos = nl + 1
    return out


# ================================================================ repeated pages
def _find_repeats(keys: list[str]) -> tuple[int, list[int]]:
    """How often the page content occurs, and the paragraph index where each copy starts.

    The count is the occurrence number carrying the most distinct text (weighted by
    length), so a repeated salutation line cannot fake a repetition, and a page
    scraped six times with a few lines changed between views still counts six. Most
    lines must recur, so one paragraph quoted twice is not a repeated page.
    """
    counts = Counter(k for k in keys if k)
    if not counts:
        return 1, [0]
    weight: Counter[int] = Counter()
    for key, c in counts.items():
        weight[c] += len(key)
    repeats = max(weight, key=lambda c: (weight[c], -c))
    if repeats <= 1:
        return 1, [0]
    # a repeated page repeats (nearly) every line, not just one long paragraph
    in_copies = sum(c for c in counts.values() if c >= repeats)
    if in_copies < _MIN_REPEATED_SHARE * sum(counts.values()):
        return 1, [0]
    occurrences: dict[str, list[int]] = defaultdict(list)
    for i, k in enumerate(keys):
        if counts.get(k) == repeats:
            occurrences[k].append(i)
    # copy r starts where copy 0 starts (paragraph 0) shifted by the typical distance
    # between a line's first and (r+1)-th occurrence; the median ignores boilerplate
    # lines that occur twice per page
    starts = [0]
    for r in range(1, repeats):
        shift = int(median(occ[r] - occ[0] for occ in occurrences.values()))
        starts.append(max(shift, starts[-1] + 1))
    if starts[-1] >= len(keys):
        return repeats, [0]
    return repeats, starts


def _duplicates(keys: list[str], copy_starts: list[int]) -> list[int | None]:
    """``duplicate_of`` per paragraph: first occurrence of its text in an earlier copy."""
    out: list[int | None] = [None] * len(keys)
    if len(copy_starts) < 2:
        return out
    first: dict[str, int] = {}
    copy = 0
    for i, k in enumerate(keys):
        while copy + 1 < len(copy_starts) and i >= copy_starts[copy + 1]:
            copy += 1
        j = first.get(k)
        if j is None:
            first[k] = i
        elif copy > 0 and j < copy_starts[copy]:
            out[i] = j
    return out


# ================================================================ headings
def heading_marker(text: str) -> tuple[int, str] | None:
    """(level, marker) when ``text`` begins with a numbered heading marker."""
    for pattern, level in _HEADING_PATTERNS:
        m = pattern.match(text)
        if m:
            if level is None:
                level = 1 if m.group(1) == "节" else 0
            return level, m.group(0).strip()
    if _BARE_NUMERAL.match(text):
        return 1, text
    return None


def _is_standalone(text: str, marker: str) -> bool:
    """A heading line, not a paragraph that merely opens with a run-in heading."""
    if len(text) > _MAX_HEADING or (len(text) > _MAX_SENTENCE_HEADING and text[-1] in "。；;"):
        return False  # a list item or a short paragraph, not a title line
    rest = text[len(marker) :]
    return not _INTERIOR_STOP.search(rest[:-1])


def _is_unmarked_heading(text: str) -> bool:
    return (
        4 <= len(text) <= _MAX_UNMARKED_HEADING
        and "\t" not in text  # a table row (cells joined by tabs)
        and _PAGE_LINE.search(text) is None
        and _HEADING_CHARS.fullmatch(text) is not None
        and len(_CJK.findall(text)) >= 4
        and not text.startswith("—")
        and not _ENUM.match(text)
    )


# ================================================================ kinds
def _is_byline(text: str, *, allow_dash: bool) -> bool:
    """Contact, date, author, meeting, dateline and web-navigation lines around the body.

    ``allow_dash`` is set above the body (front matter), where ——在…会议上 subtitles,
    bracketed subtitles (（经营管理部）) and author lines live; below the body a
    line starting with —— is an enumerated item, and a short organisation name
    (…委员会 / …公司) is the signature.
    """
    if allow_dash and (text.startswith(("—", "--", "－－")) or _BRACKETED.match(text)):
        return True
    if _TRAILING_DATE.search(text) and len(text) <= 30:
        return True
    if not _CJK.search(text) or _WEB.search(text) or _DATE_LINE.match(text) or _BYLINE_KEY.match(text):
        return True
    if _DATELINE.search(text) or (_MEETING.search(text) and "。" not in text):
        return True
    short_plain = len(text) <= 40 and not _ANY_PUNCT.search(text) and not _REPORT_WORD.search(text)
    if allow_dash:
        return short_plain and bool(_POSITION.search(text))
    return short_plain and bool(_POSITION.search(text) or _ORG_SUFFIX.search(text))


def _is_salutation(text: str) -> bool:
    """各位代表： / 尊敬的各位领导： / 大家下午好！ / 岱海控股集团有限公司党委："""
    if len(text) > 40 or text[-1] not in "：:！!" or _BYLINE_KEY.match(text):
        return False
    return bool(_SALUTE_WORD.search(text)) or (text[-1] in "：:" and "。" not in text)


def _is_body_start(text: str, marker: tuple[int, str] | None) -> bool:
    """The first numbered heading or the first real sentence."""
    if marker is not None or len(text) > 100 or "。" in text or _is_salutation(text):
        return True
    return len(text) > 20 and bool(re.search(r"[，,]", text)) and text[-1] in "：:。"  # 现将…汇报如下：


def _front_matter_end(lines: list[_Line], markers: list[tuple[int, str] | None], a: int, b: int) -> int:
    """Index of the first body paragraph of ``[a, b)``; ``a`` when no front matter is recognisable.

    A salutation near the top wins: everything above it (photo captions, datelines,
    title, author) is front matter, even a long caption sentence.
    """
    stop = min(b, a + _MAX_FRONT)
    for i in range(a, stop):
        t = lines[i].clean
        if markers[i] is not None:
            break
        if t and len(t) <= 20 and _is_salutation(t) and _SALUTE_WORD.search(t):
            return i
    for i in range(a, stop):
        t = lines[i].clean
        if t and not _is_byline(t, allow_dash=True) and _is_body_start(t, markers[i]):
            return i
    return a


def _toc_end(lines: list[_Line], i: int, b: int) -> int:
    """After a 目录 line: the end of the table of contents (short lines without 。)."""
    j = i + 1
    while (
        j < b
        and len(lines[j].clean) <= 40
        and "。" not in lines[j].clean
        and not _is_salutation(lines[j].clean or "-")
    ):
        j += 1
    return j


def _classify_region(
    lines: list[_Line],
    markers: list[tuple[int, str] | None],
    a: int,
    b: int,
    has_level1: bool,
    kinds: list[str],
    levels: list[int | None],
    marker_text: list[str | None],
    furniture: list[bool],
) -> None:
    """Set kind / level / marker for the paragraphs of one copy ``[a, b)``."""
    body_start = _front_matter_end(lines, markers, a, b)
    toc = next((i for i in range(a, min(b, body_start + 3)) if _TOC.match(lines[i].clean)), None)
    if toc is not None:
        body_start = max(body_start, _toc_end(lines, toc, b))
    for i in range(a, body_start):
        t = lines[i].clean
        title_like = len(t) <= 60 and "。" not in t and _CJK.search(t) and (toc is None or i < toc)
        kinds[i] = "title" if title_like and not _is_byline(t, allow_dash=True) else "byline"
    body_end = b
    while body_end > body_start:
        t = lines[body_end - 1].clean
        if t and ("。" in t or not _is_byline(t, allow_dash=False)):
            break
        body_end -= 1
    for i in range(body_end, b):
        kinds[i] = "byline"
    unmarked_level = 0 if has_level1 else 1
    for i in range(body_start, body_end):
        t = lines[i].clean
        if not t:
            kinds[i] = "byline"  # a line of nothing but escapes
            continue
        mk = markers[i]
        if mk is None and _ORDINAL_LINE.match(t) and _is_standalone(t, t[:3]):
            mk = (3, t[:3])
        if mk is not None:
            levels[i], marker_text[i] = mk
            if _is_standalone(t, mk[1]):
                kinds[i] = "heading"
        elif (
            _is_unmarked_heading(t)
            and not furniture[i]
            and i + 1 < body_end
            and (len(lines[i + 1].clean) > len(t) or markers[i + 1] is not None)
        ):
            kinds[i], levels[i] = "heading", unmarked_level


def _ordinal(marker: str | None) -> int | None:
    """The number a heading marker counts: （三） → 3, 12. → 12; None when it has none."""
    if not marker:
        return None
    digits = "".join(ch for ch in marker if ch.isdigit())
    if digits:
        return int(digits)  # int() reads full-width digits too
    cn = "".join(ch for ch in marker if ch in _CN)
    return chinese_numeral_value(cn) if cn else None


def _nesting_levels(
    levels: list[int | None], marker_text: list[str | None], a: int, b: int
) -> list[float | None]:
    """Heading levels for nesting: the fixed rank of each marker style, except
    where the document itself shows another order.

    A marker style normally nested deeper (（一）) encloses a shallower one (一、)
    when its series begins before the other's first heading and resumes after
    it with the next number: （一）（二） … 一、 … 十、 … （三） — the 一、 items are
    inside （二）. The style is then ranked just above the one it encloses.
    """
    out: list[float | None] = list(levels)
    heads: dict[int, list[tuple[int, int | None]]] = {}
    for i in range(a, b):
        if levels[i] is not None and marker_text[i]:
            heads.setdefault(levels[i], []).append((i, _ordinal(marker_text[i])))
    rank: dict[int, float] = {lv: float(lv) for lv in heads}
    for deep, series in heads.items():
        for shallow, other in heads.items():
            if shallow >= deep:
                continue
            first_other = other[0][0]
            before = [n for i, n in series if i < first_other and n is not None]
            after = next((n for i, n in series if i > first_other), None)
            if len(before) >= 2 and after is not None and after == max(before) + 1:
                rank[deep] = min(rank[deep], rank[shallow] - 0.5)
    if all(rank[lv] == lv for lv in rank):
        return out
    for i in range(a, b):
        lv = levels[i]
        if lv is not None and lv in rank:
            out[i] = rank[lv]
    return out


def _assign_paths(
    levels: list[float | None], kinds: list[str], a: int, b: int, paths: list[tuple[int, ...]]
) -> None:
    """Stack of open sections; a new heading closes those at its level or deeper."""
    stack: list[tuple[float, int]] = []
    for i in range(a, b):
        if kinds[i] in ("title", "byline"):
            continue
        lv = levels[i]
        if lv is not None:
            while stack and stack[-1][0] >= lv:
                stack.pop()
        paths[i] = tuple(j for _, j in stack)
        if lv is not None:
            stack.append((lv, i))


def _pick_title(paragraphs: tuple[Paragraph, ...], first_copy_end: int) -> Paragraph | None:
    """The first title line naming a report (汇报/报告/总结…), else the first title line."""
    titles = [p for p in paragraphs[:first_copy_end] if p.kind == "title"]
    if not titles:
        return None
    return next((p for p in titles if _REPORT_WORD.search(p.text)), titles[0])


# ================================================================ enumerations
def chinese_numeral_value(s: str) -> int:
    """Value of a small Chinese numeral (一 … 九十九): 十二 → 12, 二十 → 20."""
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2, "〇": 0}
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (digits.get(tens, 1) if tens else 1) * 10 + (digits.get(ones, 0) if ones else 0)
    value = 0
    for c in s:
        value = value * 10 + digits.get(c, 0)
    return value


def _find_enumerations(
    lines: list[_Line], kinds: list[str], levels: list[int | None]
) -> list[tuple[Finding, ...]]:
    """Inline 一是/二是, 第一/第二, 首先/其次/再次/最后 markers with their ordinal.

    再次 (which also means "again") and 最后 count only when they continue a
    首先/其次 sequence in the same or one of the few preceding paragraphs.
    """
    out: list[tuple[Finding, ...]] = []
    last_order: tuple[int, int] | None = None  # (paragraph index, ordinal)
    for i, ln in enumerate(lines):
        if kinds[i] in ("title", "byline"):
            out.append(())
            continue
        if levels[i] is not None and kinds[i] == "heading":
            last_order = None
        found: list[Finding] = []
        for m in _ENUM.finditer(ln.text):
            style, ordinal = _enum_value(m, i, last_order)
            if ordinal is None:
                continue
            if style == "order":
                last_order = (i, ordinal)
            found.append(
                Finding(
                    ln.start + m.start(),
                    ln.start + m.end(),
                    "ENUM",
                    text=m.group(0),
                    source="structure",
                    attrs={"ordinal": ordinal, "style": style},
                )
            )
        out.append(tuple(found))
    return out


def _enum_value(m: re.Match[str], i: int, last_order: tuple[int, int] | None) -> tuple[str, int | None]:
    if m.group("shi"):
        return "shi", chinese_numeral_value(m.group("shi"))
    if m.group("di"):
        return "di", chinese_numeral_value(m.group("di"))
    if m.group("order"):
        return "order", _ORDER_VALUE[m.group("order")]
    open_seq = last_order is not None and i - last_order[0] <= _ORDER_WINDOW
    if not open_seq or last_order is None:
        return "order", None
    word = m.group("again")
    return "order", (_ORDER_VALUE[word] if word == "再次" else last_order[1] + 1)

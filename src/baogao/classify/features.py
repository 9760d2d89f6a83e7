"""Paragraph features for section classification.

A report's sections are told apart less by what a paragraph says than by where
it stands: under which heading, how far into the document, what its
neighbours are. This module turns a :class:`baogao.structure.Structure` into
one :class:`ParagraphContext` per paragraph (text, enclosing headings,
position) and those into observation features of a linear-chain CRF
(:func:`crf_features`); the CRF's learnt transitions carry the document order
(preamble → review → problems → outlook → plan → closing).

All texts are canonicalised here (NFKC fold, blanks and markup escapes
removed), so the features are the same whether or not the caller normalised.
"""

from __future__ import annotations

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


class _ParagraphLike(Protocol):
    index: int
    start: int
    text: str
    kind: str
    heading_level: int | None
    heading_marker: str | None
    heading_path: tuple[int, ...]
    enumerations: Sequence[Any]


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
        top_index: Index of the outermost enclosing heading (itself for a
            top heading), or -1.
        opens_item: The paragraph starts with a list marker the structure parser
            found: a numbered heading (一、/（一）/1.) or an inline 一是/第一/首先.
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
    top_index: int = -1
    opens_item: bool = False


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
                top_index=path[0] if path else -1,
                opens_item=p.heading_level is not None or any(e.start == p.start for e in p.enumerations),
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


#: Extra cue groups (on top of models/sections_cues.toml) that CV showed useful.
_EXTRA_CUES: dict[str, tuple[str, ...]] = {
    "problems2": ("存在", "问题", "不足", "差距", "困难", "但是", "同时", "清醒", "看到", "也要看到"),
    "plan2": ("下一步", "今年", "明年", "要", "将", "着力", "推进", "加快"),
    "outlook2": ("总体要求", "目标", "预期", "形势", "指导思想", "主要预期目标", "左右"),
    "closing2": ("让我们", "奋斗", "努力", "各位代表", "万岁"),
    "review2": ("过去", "一年来", "取得", "完成", "成效", "增长"),
}
_NEIGHBOUR_PREFIXES = ("lcue:", "L0=", "kind=")


def _segmenter() -> object:
    """The shared default-dictionary rjieba instance (never rjieba's module-level global)."""
    from baogao.segment import plain_rjieba

    return plain_rjieba()


@lru_cache(maxsize=65536)
def _tokens(text: str) -> tuple[str, ...]:
    return tuple(_segmenter().cut(text, True))  # type: ignore[attr-defined]  # HMM on, as trained


def _all_cues() -> dict[str, tuple[str, ...]]:
    return {**cue_groups(), **_EXTRA_CUES}


class _CueMatcher:
    """All cue words in one Aho-Corasick automaton, answering per group at once.

    ``count`` gives, per group, the sum over its words of their occurrences
    (``str.count`` of each word, so a word in two groups counts in both and
    a word inside another counts too) and whether a word of the group lies
    wholly in the first ``lead`` characters; ``present`` whether any word of
    the group occurs. One pass over the text instead of one ``count`` per word.
    """

    def __init__(self, groups: dict[str, tuple[str, ...]]) -> None:
        import ahocorasick_rs

        self.names = tuple(groups)
        words = sorted({w for ws in groups.values() for w in ws if w})
        index = {w: i for i, w in enumerate(words)}
        self._groups_of: list[list[int]] = [[] for _ in words]
        for g, ws in enumerate(groups.values()):
            for w in ws:  # as the sum over the listed words: a word listed twice counts twice
                if w:
                    self._groups_of[index[w]].append(g)
        self._len = [len(w) for w in words]
        self._ac = ahocorasick_rs.AhoCorasick(words) if words else None
        # str.count does not count overlapping repeats of one word (哈哈 in 哈哈哈)
        self._self_overlapping = {i for i, w in enumerate(words) if _self_overlaps(w)}

    def _hits(self, text: str) -> list[tuple[int, int, int]]:
        if self._ac is None or not text:
            return []
        hits = self._ac.find_matches_as_indexes(text, overlapping=True)
        if not self._self_overlapping:
            return hits
        kept, last_end = [], {}
        for i, a, b in hits:  # in order of end position; keep str.count's non-overlapping ones
            if i in self._self_overlapping:
                if a < last_end.get(i, 0):
                    continue
                last_end[i] = b
            kept.append((i, a, b))
        return kept

    def count(self, text: str, *, lead: int) -> tuple[list[int], list[bool]]:
        counts = [0] * len(self.names)
        in_lead = [False] * len(self.names)
        for i, _, b in self._hits(text):
            for g in self._groups_of[i]:
                counts[g] += 1
                if b <= lead:
                    in_lead[g] = True
        return counts, in_lead

    def present(self, text: str) -> list[bool]:
        seen = [False] * len(self.names)
        for i, _, _ in self._hits(text):
            for g in self._groups_of[i]:
                seen[g] = True
        return seen


def _self_overlaps(word: str) -> bool:
    return any(word[:k] == word[-k:] for k in range(1, len(word)))


@lru_cache(maxsize=1)
def _cue_matcher() -> _CueMatcher:
    return _CueMatcher(_all_cues())


def paragraph_features(ctx: ParagraphContext, *, bow: bool = True) -> list[str]:
    """Observation features of one paragraph for the CRF (names only, value 1).

    Leading words (rjieba tokens of the first 40 characters, the first three by
    position), the words of the paragraph head and tail (``bow``), cue-word
    counts in the text and in its first 30 characters, the tokens and cues of
    the outermost and innermost enclosing headings, relative position bins,
    kind, heading level and length.
    """
    return _paragraph_features(ctx, bow=bow)[0]


def _paragraph_features(ctx: ParagraphContext, *, bow: bool) -> tuple[list[str], list[str]]:
    """:func:`paragraph_features`, and those of them its neighbours see (``_NEIGHBOUR_PREFIXES``:
    kind, first lead word, lead cues), in order, picked out as they are made."""
    t = ctx.text
    rel = ctx.index / max(ctx.count - 1, 1)
    f = [
        "b",
        f"kind={ctx.kind}",
        f"lvl={ctx.level}",
        f"rel={min(int(rel * 10), 9)}",
        f"idx={min(ctx.index, 4)}",
        f"fe={min(ctx.count - 1 - ctx.index, 4)}",
        f"ba={min(ctx.body_after, 3)}",
        f"bb={min(ctx.body_before, 3)}",
        f"len={_bin(len(t), (10, 20, 40, 80, 160, 320, 640))}",
        f"end={t[-1:]}",
        f"st1={t[:1]}",
        f"st2={t[:2]}",
        f"hash={ctx.heading_index >= 0}",
    ]
    if ctx.top_rank >= 0:
        f.append(f"tr={int(ctx.top_rank * 4)}")
    lead = _tokens(t[:40])
    shown = [f"kind={ctx.kind}", *(f"L0={w}" for w in lead[:1])]
    f += [f"L{k}={w}" for k, w in enumerate(lead[:3])]
    f += sorted({"l=" + w for w in lead})
    if bow:
        f += sorted({"w=" + w for w in _tokens(body_text(ctx)) if len(w) > 1})
    cues = _cue_matcher()
    counts, lead = cues.count(t, lead=30)
    for g, name in enumerate(cues.names):
        if counts[g]:
            f.append(f"cue:{name}={min(counts[g], 3)}")
        if lead[g]:
            f.append(f"lcue:{name}")
            shown.append(f"lcue:{name}")
    if ctx.heading_text:
        parts = ctx.heading_text.split(" / ")
        f += sorted({"H=" + w for w in _tokens(parts[0][:30])})
        f += sorted({"h=" + w for w in _tokens(parts[-1][:30])})
        outer, inner = cues.present(parts[0]), cues.present(parts[-1])
        for g, name in enumerate(cues.names):
            if outer[g]:
                f.append(f"hcue0:{name}")
            if inner[g]:
                f.append(f"hcue:{name}")
    else:
        f.append("noH")
    if ctx.level is not None and ctx.kind != "heading":  # run-in heading: its own title words
        f += sorted({"R=" + w for w in _tokens(t[:20])})
    return f, shown


#: Genre words for targets/prospects and for the rallying end, counted apart from the cue
#: groups above (presence in the text, the outermost and the innermost heading).
_SECTION_WORDS: dict[str, tuple[str, ...]] = {
    "out3": (
        "指标",
        "前景",
        "主要任务",
        "总体部署",
        "基本方针",
        "国际形势",
        "形势和任务",
        "远景",
        "总任务",
        "指导方针",
        "战略目标",
        "概要",
        "设想",
    ),
    "clo3": ("而奋斗", "奋斗", "前进", "胜利", "万岁", "团结起来"),
}
#: An address that opens a passage of a speech ("各位代表！").
_ADDRESS = ("各位代表", "同志们", "代表们", "各位委员")
#: Words of the rallying end; where the last of them stands bounds the closing.
_RALLY = ("让我们", "而奋斗", "而努力奋斗", "万岁", "而共同奋斗")
_CN_DIGIT = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"○": "0", "零": "0"}
_YEAR = re.compile(r"((?:19|20)[0-9]{2}|[一二][九〇○零][〇○零一二三四五六七八九]{2})年")


def _years(text: str) -> list[int]:
    """Calendar years written in the text (2015年, 一九九一年), one per mention."""
    out = []
    for m in _YEAR.finditer(text):
        y = "".join(_CN_DIGIT.get(ch, ch) for ch in m.group(1))
        if y.isdigit():
            out.append(int(y))
    return out


def document_features(ctxs: Sequence[ParagraphContext]) -> list[list[str]]:
    """Features that need the whole document, one list per paragraph.

    - ``yr=``: each year the paragraph mentions, relative to the year the document
      mentions most often (the report's own frame: last year's results vs this year's plan);
    - ``aa=``: how many address paragraphs ("各位代表！") still follow;
      ``la=``: before/at/after the last address in the second half of the document;
    - ``lc=``: distance to the last paragraph with a rallying word (让我们, 而奋斗);
    - ``c3:``/``hc3_0:``/``hc3:``: target/prospect and rallying words in the text,
      the outermost and the innermost enclosing heading.
    """
    n = len(ctxs)
    feats: list[list[str]] = [[] for _ in range(n)]
    ys = [_years(c.text) for c in ctxs]
    counts: dict[int, int] = {}
    for found in ys:
        for y in found:
            counts[y] = counts.get(y, 0) + 1
    if counts:
        mode = max(counts, key=counts.__getitem__)  # most mentioned; the first seen on ties
        for i, found in enumerate(ys):
            for y in sorted(set(found)):
                d = y - mode
                feats[i].append(f"yr={d if -2 <= d <= 2 else ('far+' if d > 0 else 'far-')}")
    is_addr = [c.text[:6].startswith(_ADDRESS) for c in ctxs]
    is_rally = [any(w in c.text for w in _RALLY) for c in ctxs]
    last_addr = max((i for i in range(n) if is_addr[i] and i > n // 2), default=-1)
    last_rally = max((i for i in range(n) if is_rally[i]), default=-1)
    after = 0
    for i in range(n - 1, -1, -1):
        feats[i].append(f"aa={min(after, 2)}")
        after += is_addr[i]
    for i, c in enumerate(ctxs):
        f = feats[i]
        if last_addr >= 0:
            f.append(f"la={'at' if i == last_addr else 'after' if i > last_addr else 'before'}")
        if last_rally >= 0:
            d = last_rally - i
            f.append(f"lc={'after' if d < 0 else 0 if d == 0 else 1 if d < 3 else 2 if d < 10 else 3}")
        else:
            f.append("lc=none")
        parts = c.heading_text.split(" / ") if c.heading_text else []
        for g, words in _SECTION_WORDS.items():
            if any(w in c.text for w in words):
                f.append(f"c3:{g}")
            if parts and any(w in parts[0] for w in words):
                f.append(f"hc3_0:{g}")
            if parts and any(w in parts[-1] for w in words):
                f.append(f"hc3:{g}")
    return feats


def _is_item(c: ParagraphContext) -> bool:
    return c.opens_item and c.index != c.top_index  # not the section's own heading


def section_features(ctxs: Sequence[ParagraphContext]) -> list[list[str]]:
    """Where a paragraph stands inside its section, one list per paragraph.

    - ``sp=``: paragraphs since the outermost enclosing heading (binned; ``none`` outside);
    - ``en=``: before the section's first list item (第一，/一是/（一）…), at it, or after it;
      ``en=lastpre`` for the paragraph just before the first item (the lead-in of a task list);
    - ``sa=``: paragraphs since the last address (各位代表！) above, binned.
    """
    n = len(ctxs)
    feats: list[list[str]] = [[] for _ in range(n)]
    items = [_is_item(c) for c in ctxs]
    state, cur_top = "pre", None
    states = []
    for i, c in enumerate(ctxs):
        if c.top_index != cur_top:
            cur_top, state = c.top_index, "pre"
        if items[i] and state == "pre":
            state = "first"
        elif state == "first":
            state = "post"
        states.append(state)
    last_addr = -1
    for i, c in enumerate(ctxs):
        f = feats[i]
        if c.top_index >= 0:
            d = i - c.top_index
            f.append(f"sp={d if d < 4 else '4-5' if d < 6 else '6+'}")
        else:
            f.append("sp=none")
        f.append(f"en={'head' if i == c.top_index else states[i]}")
        if (
            states[i] == "pre"
            and i != c.top_index
            and i + 1 < n
            and states[i + 1] == "first"
            and ctxs[i + 1].top_index == c.top_index
        ):
            f.append("en=lastpre")
        if c.text[:6].startswith(_ADDRESS):
            last_addr = i
        if last_addr >= 0:
            d = i - last_addr
            f.append(f"sa={d if d < 3 else '3+'}")
    return feats


#: A figure starts after a non-digit only: the same matches as without the look-behind,
#: but a long digit run without "%" is scanned once instead of once per start position.
_TARGET = re.compile(
    r"预期|左右|力争|以上|以内|控制在|指标|达到|目标|增长[0-9０-９.．]+%|(?<![0-9０-９.．])[0-9０-９.．]+%"
)
_IMPERATIVE = re.compile(r"要|加快|推进|加强|深化|着力|大力|积极|坚持|切实|进一步|抓好|做好|完善")


def mood_features(c: ParagraphContext) -> list[str]:
    """Targets (预期, 左右, 力争, …%) versus tasks (要, 加快, 推进, …): counts per 100 characters."""
    t = body_text(c)
    n = max(len(t), 1)
    tg = len(_TARGET.findall(t)) * 100 / n
    im = len(_IMPERATIVE.findall(t)) * 100 / n
    f = [f"tg={_bin(tg, (0.01, 1, 2, 4))}", f"im={_bin(im, (0.01, 1, 2, 4))}"]
    f.append("md=" + ("t" if tg > im else "i" if im > tg else "0"))
    return f


_PAST = re.compile(r"了|已经|已|过去|去年|一年来|几年来|取得|完成|实现了|超额|比上年|同比")
_FUTURE = re.compile(r"要|将|必须|应当|应该|今后|明年|今年|力争|争取|计划|拟|确保|准备")


def tense_features(c: ParagraphContext) -> list[str]:
    """Past (了, 已经, 去年…) versus future (要, 将, 今后…) words: their balance over the paragraph."""
    t = c.text
    pa, fu = len(_PAST.findall(t)), len(_FUTURE.findall(t))
    tot = pa + fu
    if not tot:
        return ["ts=none"]
    r = (pa - fu) / tot
    return [f"ts={_bin(r, (-0.6, -0.2, 0.2, 0.6))}", f"tn={_bin(tot, (2, 5, 10))}"]


#: A quantity: a number with a unit or a percentage (not a year, not an ordinal). The
#: look-behinds make a long digit run scanned once; every repetition is bounded.
_FIGURE = re.compile(
    r"百分之[零〇一二三四五六七八九十百点几]{1,6}"
    r"|(?<![0-9.,])[0-9][0-9.,]{0,12}(?:%|万|亿|千|元|吨|千瓦|公斤|斤|亩|公里|千米|米|个|人|户|套|项|座|所|台|辆|倍|美元|立方米|平方米|标准煤)"
    r"|(?<![一二三四五六七八九十两百千])[一二三四五六七八九十两][一二三四五六七八九十百千点]{0,6}(?:亿|万)"
)
#: "比1980年…增长": a comparison with a base year, the shape of a target or of a result.
_COMPARE = re.compile(
    r"比(?:(?:19|20)[0-9]{2}年|[一二][九〇○零][〇○零一二三四五六七八九]{2}年|去年|上年|上一年|前一年|今年|现在)"
    r"[^。；;，,]{0,12}(?:增长|增加|提高|下降|降低|减少|翻)"
)
_PLANNED = re.compile(r"预计|计划|要求|达到|力争|争取|预期|规划|左右|以上")


def figure_features(c: ParagraphContext) -> list[str]:
    """Quantities per 100 characters (``fg=``) and base-year comparisons (``cmp=``), the
    latter also with target words (``cmp+plan``) and with the paragraph's tense (``cmp:fut``)."""
    t = c.text
    density = len(_FIGURE.findall(t)) * 100 / max(len(t), 1)
    f = [f"fg={_bin(density, (0.01, 0.5, 1, 2, 4))}"]
    nc = len(_COMPARE.findall(t))
    if nc:
        f.append(f"cmp={min(nc, 3)}")
        if _PLANNED.search(t):
            f.append("cmp+plan")
        f.append("cmp:" + ("fut" if len(_FUTURE.findall(t)) > len(_PAST.findall(t)) else "past"))
    return f


#: Feature prefixes of the paragraph's own state that :func:`conjunctions` pairs with its
#: top heading's leaning: list state (``en=``), mood (``md=``) and tense (``ts=``).
_CONJ_STATES = ("en=", "md=", "ts=")


def conjunctions(names: Sequence[str], states: Sequence[str] | None = None) -> list[str]:
    """The outermost heading's leaning conjoined with the paragraph's list state, mood and tense.

    A CRF weighs each feature on its own; "an item of a section headed 总体部署" and "an item
    of a section headed 重点工作" need the pair as one feature to get different weights.
    The leaning: ``O`` (target/prospect words in the heading), ``F`` (future or plan cues),
    ``P`` (past or review cues), ``-`` (none), read off the heading-cue features already in ``names``.
    """
    have = set(names)
    lean = []
    if "hcue0:outlook" in have or "hc3_0:out3" in have:
        lean.append("O")
    if "hcue0:future" in have or "hcue0:plan2" in have:
        lean.append("F")
    if "hcue0:past" in have or "hcue0:review2" in have:
        lean.append("P")
    if not lean:
        lean.append("-")
    if states is None:
        states = [k for k in names if k.startswith(_CONJ_STATES)]
    return [f"cj:{a}&{k}" for a in lean for k in states]


def government_genre(ctxs: Sequence[ParagraphContext]) -> bool:
    """A government work report delivered to a people's congress (not an organisation's report):
    the congress named, the title in the opening, or the address 各位代表 with the government
    (or the State Council, as the speaker's own) spoken of throughout. A workers' congress is
    addressed 各位代表 too, and a company's report may cite the State Council once (国务院关于…,
    国务院国资委): one mention does not make a government report."""
    text = "\n".join(c.text for c in ctxs)
    return (
        "人民代表大会" in text
        or "政府工作报告" in text[:300]
        or ("各位代表" in text and (text.count("政府") >= 6 or text.count("国务院") >= 2))
    )


def crf_features(
    ctxs: Sequence[ParagraphContext],
    *,
    bow: bool = True,
    neighbours: bool = True,
    document: bool = True,
    section: bool = False,
    mood: bool = False,
    tense: bool = False,
    nb_mood: bool = False,
    figures: bool = False,
    conj: bool = False,
    genre: bool = False,
    corp_genre: bool = False,
    headless: bool = False,
) -> list[dict[str, float]]:
    """One crfsuite item (feature → 1.0) per paragraph.

    Neighbours add their lead cues, first word and kind; ``document`` adds
    :func:`document_features` (models trained before it existed say ``document: false``).
    ``genre``: in a government work report (:func:`government_genre`) every feature is also
    given a copy of its own (``G|…``), so that one model learns what the two genres share and,
    on top of it, how a government report differs (a fourth top-level section of a
    government report is plan; of a company's report, often still review).
    ``corp_genre``: every other report's features get a copy of their own (``C|…``) too.
    ``headless``: in a report without a heading, every feature (but the genre copies) gets a copy of
    its own (``N|…``): headless reports change topic paragraph by paragraph.
    """
    own_and_shown = [_paragraph_features(c, bow=bow) for c in ctxs]
    # the features added after the paragraph's own: only these can hold list state, mood and
    # tense (en=, md=, ts=), so only these are searched for them
    later: list[list[str]] = [[] for _ in ctxs]
    if document:
        for names, extra in zip(later, document_features(ctxs), strict=True):
            names.extend(extra)
    if section:
        for names, extra in zip(later, section_features(ctxs), strict=True):
            names.extend(extra)
    own = [f for on, f in ((mood, mood_features), (tense, tense_features), (figures, figure_features)) if on]
    for names, c in zip(later, ctxs, strict=True):
        for f in own:
            names.extend(f(c))
    base = [p + extra for (p, _), extra in zip(own_and_shown, later, strict=True)]
    if conj:  # last: it pairs features added above
        for names, extra in zip(base, later, strict=True):
            names.extend(conjunctions(names, [k for k in extra if k.startswith(_CONJ_STATES)]))
    out: list[dict[str, float]] = []
    # what each paragraph shows its neighbours, picked out once (not once per neighbour)
    shown = [
        [*seen, *(k for k in extra if k.startswith(("ts=", "md=")))] if nb_mood else seen
        for (_, seen), extra in zip(own_and_shown, later, strict=True)
    ] if neighbours else []  # fmt: skip
    for i, names in enumerate(base):
        x = dict.fromkeys(names, 1.0)
        if neighbours:
            for off in (-1, 1):
                j = i + off
                if 0 <= j < len(base):
                    for k in shown[j]:
                        x[f"{off}:{k}"] = 1.0
                else:
                    x[f"{off}:none"] = 1.0
        out.append(x)
    if genre or corp_genre:
        # every feature twice, once shared with the other genre and once of its own genre's: the
        # CRF learns what holds in both and, apart, where a government report (G|) or, with
        # corp_genre, any other report (C|) differs
        gov = government_genre(ctxs)
        tag = "G|" if gov and genre else "C|" if not gov and corp_genre else None
        if tag is not None:
            for x in out:
                x.update({tag + k: v for k, v in x.items()})
    if headless and not any(c.kind == "heading" for c in ctxs):
        for x in out:
            x.update({"N|" + k: v for k, v in x.items() if not k.startswith(("G|", "C|"))})
    return out


def body_text(ctx: ParagraphContext) -> str:
    """Head and tail of the paragraph: enough for tense and topic, cheap to tokenise."""
    t = ctx.text
    return t if len(t) <= 260 else t[:200] + t[-60:]

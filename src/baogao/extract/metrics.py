"""Metrics: the figures a work report is judged by ("356篇", "7.1%", "82.7万亿元").

A figure is a numeral (Arabic, full-width, Chinese, "百分之…", "…分之…",
"一半", or a run of × / X / * placeholders) followed by an optional magnitude
word (万, 亿, 万亿 …) and a unit from ``models/units.toml``. The rules that
decide what is *not* a metric are the genre's: dates and durations end in a
time unit, ordinals start with 第, list markers and programme names carry no
measure word, and numbers glued to Latin letters are codes (5G, DN300).

The scan is one compiled regex searched left to right; each candidate is
checked with a handful of constant-time look-ups, so the cost is linear in the
text and adversarial inputs ("1"*200000) cannot trigger backtracking.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from baogao.extract import numerals
from baogao.findings import Finding
from baogao.normalize import drop_run_blanks
from baogao.resources import model_path

__all__ = ["Lexicon", "MetricOptions", "find", "load_lexicon"]

SOURCE = "baogao.metrics.v1"
LABEL = "METRIC"

_MASK_CHARS = "×✕╳xX*＊"
_CN_NUM_CHARS = "零〇一二两三四五六七八九十百千万亿"
_CN_DIGIT_CHARS = "一二两三四五六七八九"
_CLAUSE_BREAKS = '，,。；;：:！!？?\n、（）()“”"《》【】[]'
_APPROX_CANONICAL = {"大约": "约", "接近": "近", "将近": "近"}


@dataclass(frozen=True, slots=True)
class MetricOptions:
    """Switches for :func:`find`.

    Attributes:
        bare_magnitude: report "５０万" / "近１３亿" (a magnitude but no unit), as
            government reports count them.
        durations: also report figures in time units ("3天", "6个月"); off
            because FORMAT.md does not count durations.
        indicator: guess the measured thing from the clause before the figure.
        change: attach direction/rate/from/to when the clause states a change.
        max_indicator_chars: longer guesses are dropped as unreliable.
    """

    bare_magnitude: bool = True
    durations: bool = False
    indicator: bool = True
    change: bool = True
    max_indicator_chars: int = 14


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The unit lexicon (models/units.toml) compiled for matching."""

    units: tuple[str, ...]  # longest first
    unit_category: dict[str, str]
    blockers: dict[str, str]
    approx_before: tuple[str, ...]
    approx_not_after: dict[str, str]  # a "before" marker → chars that make a word with it (节|约)
    unit_context: dict[str, tuple[str, ...]]  # a unit → words one of which must stand just before the figure
    unit_not_after: dict[str, str]  # a unit → chars that, right before the number, make it no figure
    approx_inner: tuple[str, ...]
    approx_after: tuple[str, ...]
    denominators: tuple[str, ...]
    not_metric_re: re.Pattern[str] | None
    candidate_re: re.Pattern[str]
    magnitude_words: tuple[str, ...]  # longest first
    magnitude_factor: dict[str, float]
    tail_starts: frozenset[str]  # characters that can follow a numeral in a figure
    indicator_lead: tuple[str, ...]
    indicator_trail: tuple[str, ...]
    cn_excluded_units: frozenset[str]
    cn_referential_before: tuple[str, ...]
    cn_abstract_after: tuple[str, ...]


def _longest_first(words: Any) -> tuple[str, ...]:
    return tuple(sorted({str(w) for w in words}, key=lambda w: (-len(w), w)))


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Read models/units.toml once and compile the candidate regex.

    Raises:
        baogao.errors.ModelMissingError: when the lexicon file is absent.
    """
    path = model_path("units.toml")
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError as exc:
        from baogao.errors import ModelMissingError

        raise ModelMissingError(str(path), "unit lexicon units.toml is missing") from exc
    category: dict[str, str] = {}
    for cat, words in data.get("units", {}).items():
        for word in words:
            category.setdefault(unicodedata.normalize("NFKC", word), cat)
    units = _longest_first(category)
    approx = data.get("approx", {})
    cn_rules = data.get("chinese_numerals", {})
    mags = {str(k): float(v) for k, v in data.get("magnitudes", {}).items()}
    phrases = _longest_first(data.get("not_metrics", {}).get("phrases", []))
    not_metric_re = re.compile("|".join(map(re.escape, phrases))) if phrases else None
    return Lexicon(
        units=units,
        unit_category=category,
        blockers={str(k): str(v) for k, v in data.get("blockers", {}).items()},
        approx_before=_longest_first(approx.get("before", [])),
        approx_not_after={str(k): str(v) for k, v in approx.get("not_after", {}).items()},
        unit_context={str(k): tuple(map(str, v)) for k, v in data.get("unit_context", {}).items()},
        unit_not_after={str(k): str(v) for k, v in data.get("unit_not_after", {}).items()},
        approx_inner=_longest_first(approx.get("inner", [])),
        approx_after=_longest_first(approx.get("after", [])),
        denominators=_longest_first(data.get("compound", {}).get("denominators", [])),
        not_metric_re=not_metric_re,
        candidate_re=_candidate_regex(),
        magnitude_words=_longest_first(mags),
        magnitude_factor=mags,
        tail_starts=frozenset(w[0] for w in (*units, *mags, *approx.get("inner", []))),
        indicator_lead=_longest_first(data.get("indicator", {}).get("lead", [])),
        indicator_trail=_longest_first(data.get("indicator", {}).get("trail", [])),
        cn_excluded_units=frozenset(cn_rules.get("excluded_units", [])),
        cn_referential_before=_longest_first(cn_rules.get("referential_before", [])),
        cn_abstract_after=_longest_first(cn_rules.get("abstract_after", [])),
    )


def _candidate_regex() -> re.Pattern[str]:
    """One alternation, tried in order at each position; every branch is a
    single character class run, so matching is linear."""
    cn = f"[{_CN_NUM_CHARS}]"
    cn_frac = "[零〇一二两三四五六七八九十百千]"
    digits = "[0-9０-９]"
    point = "[.．·]"  # "19·5%" in older typesetting
    return re.compile(
        rf"(?P<mask>[{re.escape(_MASK_CHARS)}]{{2,}}|(?<=[\u4e00-\u9fff])[×✕╳](?![0-9０-９×✕╳]))"  # 发生×起
        rf"|(?P<pct>百分之(?:{cn_frac}+(?:点{cn_frac}+)?|{digits}+(?:{point}{digits}+)?))"
        rf"|(?P<frac>{cn_frac}+分之{cn_frac}+)"
        rf"|(?P<half>一半)"
        rf"|(?P<afrac>(?<![0-9/]){digits}{{1,2}}/{digits}{{1,3}}(?![0-9/]))"
        rf"|(?P<arabic>{digits}{{1,3}}(?:[,，]{digits}{{3}})+(?:{point}{digits}+)?(?!{digits})"
        rf"|{digits}+(?:{point}{digits}+)?)"
        rf"|(?P<cn>{cn}+(?:点[零〇一二三四五六七八九]+)?)"
    )


@dataclass(frozen=True, slots=True)
class _Tail:
    """What follows a numeral: approximation, magnitude, unit, markers."""

    end: int
    multiplier: float
    unit: str
    unit_category: str
    inner_approx: str | None
    after_approx: str | None
    has_magnitude: bool
    magnitude: str = ""


def _match_word(text: str, pos: int, words: tuple[str, ...]) -> str | None:
    """Longest word of ``words`` (sorted longest first) starting at ``pos``.

    Candidates are narrowed by first character, so a miss costs one dict
    look-up however large the lexicon is.
    """
    if pos >= len(text):
        return None
    for word in _by_first_char(words).get(text[pos], ()):
        if text.startswith(word, pos):
            return word
    return None


@lru_cache(maxsize=32)
def _by_first_char(words: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for word in words:
        index.setdefault(word[0], []).append(word)
    return {ch: tuple(ws) for ch, ws in index.items()}


def _match_magnitude(text: str, pos: int, lex: Lexicon) -> tuple[str, float] | None:
    word = _match_word(text, pos, lex.magnitude_words)
    return None if word is None else (word, lex.magnitude_factor[word])


def _match_unit(text: str, pos: int, lex: Lexicon) -> str | None:
    """Longest unit at ``pos`` that the next character does not turn into a word."""
    unit = _match_word(text, pos, lex.units)
    if unit is None:
        return None
    nxt = text[pos + len(unit) : pos + len(unit) + 1]
    if nxt and nxt in lex.blockers.get(unit, ""):
        return None
    return unit


_HAN_CHAR = re.compile(r"[\u3400-\u9fff]")
_ONE_BLANK = re.compile(r"[ \u00a0\u3000](?=[^\s0-9])")
_MONEY_AFTER = ("元", "美元", "多", "余", "左右", "以上")
#: How far before a figure, inside its clause, the words of ``unit_context`` are looked for
#: (平均年龄|从41.5岁下降到|37.2岁).
_CONTEXT_REACH = 16
_SENTENCE_END = re.compile(r"[。；！？;!?\n]")
_CLAUSE_END = re.compile(r"[，,、：:]")
#: A verb that takes a measured value: 寿命提高|1岁, 达到|74.5岁 (the word may stand a clause before).
_TAKES_VALUE = ("达到", "提高", "增加", "延长", "下降", "降低", "减少", "缩短", "为", "是", "至", "到", "超过")


def _unit_in_context(text: str, start: int, words: tuple[str, ...]) -> bool:
    """One of ``words`` before the figure: in its clause, or in its sentence when a verb that takes
    a value stands right before it (人均预期寿命提高1岁，达到|74.5岁; not 年龄偏大，|45岁以上员工)."""
    sentence = _SENTENCE_END.split(text[max(0, start - _CONTEXT_REACH) : start])[-1]
    clause = _CLAUSE_END.split(sentence)[-1]
    if any(w in clause for w in words):
        return True
    return sentence.endswith(_TAKES_VALUE) and any(w in sentence for w in words)


def _parse_tail(text: str, pos: int, lex: Lexicon, *, allow_magnitude: bool) -> _Tail:
    """Read ``[余多]? magnitude? [余多]? unit? (/denominator)? (左右|以上|多)?``.

    A unit that itself starts with a magnitude character ("千瓦时", "千米",
    "百分点") is tried before the magnitude, so "5千瓦时" is 5 千瓦时, while
    "5千人" is 5000 人.
    """
    inner = _match_word(text, pos, lex.approx_inner)
    if inner:
        pos += len(inner)
    multiplier = 1.0
    has_mag = False
    mag_word = ""
    unit = _match_unit(text, pos, lex) if allow_magnitude else None
    if unit == "个":  # "3个亿", "两个多亿元": 个 counts the magnitude, as in 3亿, 两亿多元
        more = None if inner else _match_word(text, pos + 1, lex.approx_inner)
        at = pos + 1 + len(more or "")
        mag = _match_magnitude(text, at, lex)
        # ... but not "三个万人大会" (three meetings): only money, or nothing, may follow
        if mag is not None and ("万" in mag[0] or "亿" in mag[0]) and (
            not _HAN_CHAR.match(text, at + len(mag[0])) or text.startswith(_MONEY_AFTER, at + len(mag[0]))
        ):
            pos, unit, inner = at, None, inner or more
    if unit is None and allow_magnitude:
        mag = _match_magnitude(text, pos, lex)
        if mag is not None:
            pos += len(mag[0])
            multiplier = mag[1]
            mag_word = mag[0]
            has_mag = True
            if inner is None:
                inner = _match_word(text, pos, lex.approx_inner)
                if inner:
                    pos += len(inner)
                    # "4万多亿元": 多 between the two halves of 万亿.
                    if mag[0] == "万" and text.startswith("亿", pos):
                        multiplier *= 1e8
                        mag_word = "万亿"
                        pos += 1
    if unit is None:
        unit = _match_unit(text, pos, lex)
    category = ""
    if unit is not None:
        pos += len(unit)
        category = lex.unit_category.get(unit, "")
        if text.startswith("/", pos):
            denom = _match_word(text, pos + 1, lex.denominators)
            if denom:
                unit = f"{unit}/{denom}"
                pos += 1 + len(denom)
    after = _match_word(text, pos, lex.approx_after)
    if after == "多" and unit is None:
        after = None
    if after:
        pos += len(after)
    return _Tail(pos, multiplier, unit or "", category, inner, after, has_mag, mag_word)


def _preceded_by_letter(text: str, start: int) -> bool:
    prev = text[start - 1 : start]
    return bool(prev) and (
        prev.isascii() and (prev.isalpha() or prev in "_/.#@\\") or prev in "０１２３４５６７８９"
    )


def _followed_by_code(text: str, end: int) -> bool:
    """ "5G", "4A级": a figure glued to Latin letters is a code or a model name."""
    nxt = text[end : end + 1]
    return bool(nxt) and nxt.isascii() and (nxt.isalpha() or nxt in "_@")


_URL_RE = re.compile(r"(?:https?://|www\.)[^\s，。；、）)\u4e00-\u9fff]+")
_EMAIL_LOCAL = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-")
_EMAIL_DOMAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")


def _protected_spans(text: str) -> list[tuple[int, int]]:
    """URLs and e-mail addresses: digits inside them are never metrics.

    E-mails are found from each "@" outwards (bounded), not by a regex that
    would rescan every run of letters and digits.
    """
    spans = [m.span() for m in _URL_RE.finditer(text)]
    at = text.find("@")
    while at >= 0:
        lo = at
        while lo > 0 and at - lo < 64 and text[lo - 1] in _EMAIL_LOCAL:
            lo -= 1
        hi = at + 1
        while hi < len(text) and hi - at < 255 and text[hi] in _EMAIL_DOMAIN:
            hi += 1
        if lo < at and "." in text[at + 1 : hi]:
            spans.append((lo, hi))
        at = text.find("@", hi if hi > at else at + 1)
    return spans


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def _approx_before(text: str, start: int, lex: Lexicon) -> str | None:
    if start == 0 or text[start - 1] not in _last_chars(lex.approx_before):
        return None
    for word in lex.approx_before:
        if text.endswith(word, 0, start):
            at = start - len(word)
            if at > 0 and text[at - 1] in lex.approx_not_after.get(word, ""):
                return None  # 节约|186万元, 签约|3.12万人: the marker's char belongs to a word
            return word
    return None


@lru_cache(maxsize=8)
def _last_chars(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(w[-1] for w in words)


@dataclass(frozen=True, slots=True)
class _Numeral:
    kind: str
    start: int
    end: int
    value: float | None


def _read_numeral(m: re.Match[str]) -> _Numeral:
    kind = m.lastgroup or ""
    raw = m.group()
    if kind == "mask":
        value = None
    elif kind == "pct":
        value = numerals.parse_percent_cn(numerals.fold_width(raw))
    elif kind == "frac":
        value = numerals.parse_fraction(raw)
    elif kind == "half":
        value = 0.5
    elif kind == "afrac":
        num_text, _, den_text = numerals.fold_width(raw).partition("/")
        den = float(den_text)
        value = float(num_text) / den if den else None
    elif kind == "arabic":
        value = numerals.parse_arabic(raw.replace("，", ","))
    else:
        value = numerals.parse_chinese(raw)
    return _Numeral(kind, m.start(), m.end(), value)


def _arabic_is_plausible(text: str, num: _Numeral) -> bool:
    """Codes, phone and ID numbers are long digit runs or start with 0."""
    raw = numerals.fold_width(text[num.start : num.end]).replace(",", "")
    integer = raw.split(".")[0]
    if len(integer) > 1 and integer.startswith("0"):
        return False
    return len(integer) <= 12


def _cn_is_plausible(raw: str, tail: _Tail, approx: str | None) -> bool:
    """Chinese numerals are also words ("一线", "千方百计"): demand evidence."""
    if raw == "一" or raw == "二":
        # "一" is mostly an article ("一次开车成功"); keep it for multiples only.
        return raw == "一" and tail.unit in {"倍", "番", "个百分点", "百分点"}
    has_digit = any(ch in _CN_DIGIT_CHARS for ch in raw)
    if not has_digit and len(raw) == 1 and raw != "十":
        return approx is not None or tail.inner_approx is not None
    return tail.unit != "分"  # "十分重视"


def _cn_is_word_use(text: str, num: _Numeral, tail: _Tail, lex: Lexicon, approx: str | None) -> bool:
    """ "这两个方面", "十项原则", "三方", "几十亿元": references, doctrines and
    vague amounts rather than counts."""
    if tail.unit in lex.cn_excluded_units:
        return True
    if approx is None and any(text.endswith(w, 0, num.start) for w in lex.cn_referential_before):
        return True
    return text.startswith(lex.cn_abstract_after, tail.end)


def _is_duration_or_date(tail: _Tail, text: str) -> bool:
    """Durations and dates are not metrics; aggregates such as "12万小时" of
    volunteer service (a time unit with 万/亿) are."""
    if tail.unit_category == "time":
        return not (tail.multiplier >= 1e4 and tail.unit in ("小时", "天", "分钟", "秒"))
    if tail.unit == "个":
        rest = text[tail.end : tail.end + 3]
        return rest.startswith(("月", "多月", "半月", "小时", "星期", "工作日"))
    return False


def _clock_time(text: str, start: int, tail: _Tail) -> bool:
    """ "10时30分": the 分 of a clock time is not a score."""
    return tail.unit == "分" and text[start - 1 : start] in ("时", "点", ":")


_SHORT_QUOTE_RE = re.compile(r"[“‘「][^“”‘’「」\n]{1,12}[”’」]")


def _in_quoted_name(text: str, start: int, end: int, kind: str) -> bool:
    """Chinese numerals inside a short quotation are slogans (“四个一”, “收支两条线”)."""
    if kind not in ("cn", "half", "frac"):
        return False
    before = text[start - 1 : start]
    after = text[end : end + 1]
    if (before and before in '“"‘「') or (after and after in '”"’」'):
        return True
    for m in _SHORT_QUOTE_RE.finditer(text, max(0, start - 12), min(len(text), end + 12)):
        if m.start() < start and end < m.end():
            return True
    return False


def _not_metric_phrase(text: str, start: int, end: int, lex: Lexicon) -> bool:
    if lex.not_metric_re is None:
        return False
    lo = max(0, start - 6)
    for m in lex.not_metric_re.finditer(text, lo, min(len(text), end + 6)):
        if m.start() < end and start < m.end():
            return True
    return False


def _give_back_unit_head(text: str, num: _Numeral, lex: Lexicon) -> _Numeral | None:
    """The numeral class also holds 千/百/十/万, which can start a unit:
    "百万千瓦" is 百万 + 千瓦, not 百万千 + 瓦."""
    last = num.end - 1
    if last > num.start and text[last] in "十百千万":
        unit = _match_unit(text, last, lex)
        if unit is not None and len(unit) > 1:
            return _Numeral(num.kind, num.start, last, numerals.parse_chinese(text[num.start : last]))
    return num


def _bare_figure_ok(text: str, num: _Numeral, tail: _Tail, options: MetricOptions) -> bool:
    """A figure without a unit counts when it is a fraction or carries 万/亿:
    "减少一半", "６０６９万农民受益", "十亿人口" (the noun follows, not a unit)."""
    if num.kind in ("frac", "afrac", "half", "pct"):
        return True
    if num.kind == "mask" or not options.bare_magnitude:
        return False
    if tail.has_magnitude:
        return tail.multiplier >= 1e4
    raw = text[num.start : num.end]
    return num.kind == "cn" and raw.endswith(("万", "亿")) and len(raw) >= 2


def _tail_for(text: str, num: _Numeral, lex: Lexicon) -> _Tail:
    """Percentages written out ("百分之五") carry their own unit; fractions
    ("三分之一", "一半") have none; other numerals read the unit that follows."""
    if num.kind in ("arabic", "mask", "cn"):
        tail = _parse_tail(text, num.end, lex, allow_magnitude=True)
        if tail.end == num.end and num.kind == "arabic" and _ONE_BLANK.match(text, num.end):
            # "356 万吨", "120\u00a0场次": scraped HTML and PDF text put a blank before the unit
            spaced = _parse_tail(text, num.end + 1, lex, allow_magnitude=True)
            if spaced.unit or spaced.has_magnitude:
                return spaced
        return tail
    after = _match_word(text, num.end, lex.approx_after)
    if after == "多":
        after = None
    end = num.end + len(after or "")
    unit, category = ("%", "ratio") if num.kind == "pct" else ("", "")
    return _Tail(end, 1.0, unit, category, None, after, False)


def _value(text: str, num: _Numeral, tail: _Tail) -> float | None:
    """Apply the magnitude. For Chinese numerals it binds to the last group only:
    "四亿零七百多万吨" is 4亿 + 700万, not (4亿 + 700) × 万."""
    if num.value is None:
        return None
    value = num.value * tail.multiplier
    if num.kind == "cn" and tail.magnitude:
        joined = numerals.parse_chinese(text[num.start : num.end] + tail.magnitude)
        if joined is not None:
            value = joined
    # Round away binary noise (2.3 × 1e8 = 229999999.99999997).
    return float(f"{value:.12g}")


#: Single digits (and points) with one blank between each: the 1998 report prints its figures
#: as "7 4 7 7 2 亿元" and "1 1 %". "1 000万元" (a thousands blank) is not such a run.
_SPACED_NUMBER = re.compile(r"(?<![0-9０-９])[0-9０-９](?:[ \u00a0\u3000][0-9０-９.．](?![0-9０-９]))+")


def _despace_numbers(text: str) -> tuple[str, list[int]] | None:
    """``text`` with the blanks inside letter-spaced numbers removed, and each character's original offset."""
    runs = [(m.start(), m.end()) for m in _SPACED_NUMBER.finditer(text)]
    return drop_run_blanks(text, runs) if runs else None


def _make_finding(text: str, start: int, end: int, attrs: dict[str, Any]) -> Finding:
    return Finding(start, end, LABEL, text[start:end], SOURCE, 1.0, attrs)


#: A rate named after its denominator: up to three Han characters, then 率 (百万吨|死亡率).
_PER_UNIT_RATE = re.compile(r"[\u4e00-\u9fff]{0,3}率")


def _candidate(
    text: str, m: re.Match[str], lex: Lexicon, options: MetricOptions, protected: list[tuple[int, int]]
) -> Finding | None:
    """Turn one regex hit into a finding, or None when the genre says it is not one."""
    kind = m.lastgroup
    if kind in ("arabic", "mask", "cn") and text[m.end() : m.end() + 1] not in lex.tail_starts and not (
        kind == "arabic" and _ONE_BLANK.match(text, m.end()) and text[m.end() + 1 : m.end() + 2] in lex.tail_starts
    ):
        return None  # cheap exit: nothing that could be a unit follows ("1,", "2023、")
    num = _read_numeral(m)
    start = num.start
    if text[start - 1 : start] in ("第", "届") or text.endswith("第", 0, start):
        return None  # 第三次; 十四届二次全会, 一届四次职代会 (a session's number)
    if num.kind != "mask" and num.value is None:
        return None
    if num.kind == "arabic" and (_preceded_by_letter(text, start) or not _arabic_is_plausible(text, num)):
        return None
    if num.kind == "mask" and _preceded_by_letter(text, start) and text[start - 1 : start].isascii():
        return None
    if num.kind == "cn":
        num = _give_back_unit_head(text, num, lex)
        if num is None:
            return None
    tail = _tail_for(text, num, lex)
    if text.startswith("级", tail.end) and tail.unit:
        return None  # "百万千瓦级", "10万吨级": a size class, not a quantity
    if num.kind == "cn" and tail.unit and _PER_UNIT_RATE.match(text, tail.end) and not text[start:num.end].strip("十百千万亿"):
        return None  # "百万吨死亡率", "百万工时伤害率": the denominator of a rate, not a quantity
    if _is_duration_or_date(tail, text) and not options.durations:
        return None
    if _clock_time(text, start, tail):
        return None
    if not tail.unit and not _bare_figure_ok(text, num, tail, options):
        return None
    if num.kind == "arabic" and _followed_by_code(text, tail.end) and tail.unit_category != "data":
        return None
    if tail.unit == "分" and num.kind != "arabic":
        return None
    if start > 0 and text[start - 1] in lex.unit_not_after.get(tail.unit, ""):
        return None  # 污水处理厂|三期, 物流园|二期: the phase of a site, not a count of sessions
    if tail.unit in lex.unit_context and not _unit_in_context(text, start, lex.unit_context[tail.unit]):
        return None  # 45岁以上员工, 87岁老人: an age that sorts people, not a measured age (平均年龄46.5岁)
    approx_word = _approx_before(text, start, lex)
    if num.kind == "cn":
        if not _cn_is_plausible(text[num.start : num.end], tail, approx_word):
            return None
        if _cn_is_word_use(text, num, tail, lex, approx_word):
            return None
        raw = text[num.start : num.end]
        if not tail.unit and not (any(ch in _CN_DIGIT_CHARS for ch in raw) or raw.startswith("十")):
            return None
    if _in_quoted_name(text, start, tail.end, num.kind):
        return None
    span_start = start - len(approx_word) if approx_word else start
    if _inside(protected, span_start, tail.end) or _not_metric_phrase(text, start, tail.end, lex):
        return None
    value = _value(text, num, tail)
    approx = tail.inner_approx or tail.after_approx or approx_word
    approx = _APPROX_CANONICAL.get(approx, approx) if approx else None
    unit = unicodedata.normalize("NFKC", tail.unit)
    attrs: dict[str, Any] = {
        "value": value,
        "unit": unit,
        "approx": approx,
        "masked": num.kind == "mask",
        "indicator": None,
        "change": None,
    }
    return _make_finding(text, span_start, tail.end, attrs)


def _scan(text: str, lex: Lexicon, options: MetricOptions) -> list[Finding]:
    protected = _protected_spans(text)
    found: list[Finding] = []
    pos = 0
    regex = lex.candidate_re
    while True:
        m = regex.search(text, pos)
        if m is None:
            break
        finding = _candidate(text, m, lex, options, protected)
        if finding is None:
            pos = m.end()
            continue
        if found and finding.start < found[-1].end:
            # An approximation marker already inside the previous figure.
            finding = _make_finding(text, found[-1].end, finding.end, finding.attrs)
        found.append(finding)
        pos = finding.end
    return found


# ---------------------------------------------------------------- indicator

_BREAK_RE = re.compile("[" + re.escape(_CLAUSE_BREAKS) + "]")
_PAREN_RE = re.compile(r"[（(][^）)]*[）)]?")
_YEAR_LEAD_RE = re.compile(r"^[0-9]{4}年[度末底]?")


def _last_clause(window: str) -> tuple[str, str]:
    """(clause after the last break, the break character or "")."""
    parts = _BREAK_RE.split(window)
    if len(parts) == 1:
        return window, ""
    brk_pos = len(window) - len(parts[-1]) - 1
    return parts[-1], window[brk_pos]


def _strip_words(clause: str, words: tuple[str, ...], *, leading: bool) -> str:
    """Remove any sequence of ``words`` (longest first) from one end of ``clause``."""
    test = clause.startswith if leading else clause.endswith
    while clause and test(words):
        for word in words:
            if leading and clause.startswith(word):
                if len(clause) == len(word):
                    return ""  # the clause is only a frame ("其中"): no indicator
                clause = clause[len(word) :]
                break
            if not leading and clause.endswith(word):
                clause = clause[: -len(word)]
                break
        test = clause.startswith if leading else clause.endswith
    return clause


def _indicator(text: str, start: int, options: MetricOptions, lex: Lexicon) -> str | None:
    """The short noun phrase naming what the figure measures (a heuristic).

    Takes the clause before the figure ("指标：数值" lines: the clause before the
    colon) and strips comparison verbs at its end and time frames at its start.
    """
    window = text[max(0, start - 40) : start]
    clause, brk = _last_clause(window)
    if not clause.strip() and brk in "：:" and brk:
        clause, _ = _last_clause(window[: len(window) - 1])
    clause = _PAREN_RE.sub("", clause).strip()
    clause = _strip_words(clause, lex.indicator_trail, leading=False)
    clause = _YEAR_LEAD_RE.sub("", clause)
    clause = _strip_words(clause, lex.indicator_lead, leading=True)
    clause = _strip_words(clause, lex.indicator_trail, leading=False).strip(" 　：:")
    if not clause or len(clause) > options.max_indicator_chars:
        return None
    if any(ch.isdigit() or ch in _MASK_CHARS for ch in clause):
        return None
    return clause


# ------------------------------------------------------------------- change

_TRANSITION_RE = re.compile(
    r"^(?:的)?(增加|增长|提高|上升|提升|扩大|下降|减少|降低|回落|缩小|压缩|跃升|降)?(?:到|至|为)"
    r"(?:[^，,。；;]{0,10}?的)?$"
)
_FROM_RE = re.compile(r"(?:从|由)[^，,。；;]{0,10}$")
_RATE_RE = re.compile(
    r"(增长|增加|提高|上升|提升|扩大|上涨|下降|减少|降低|压降|压缩|缩短|回落|缩小|节约|减轻|增|降)"
    r"(?:了)?$"
)
_LEVEL_RE = re.compile(r"(提高|提升|上升|增加|增长|下降|降低|减少|回落|降|增|升)(?:到|至)$")


def _direction(verb: str) -> str:
    if any(
        verb.startswith(w)
        for w in ("下降", "减少", "降低", "压降", "压缩", "缩短", "回落", "缩小", "减", "降", "节约")
    ):
        return "down"
    return "up"


def _rate_change(text: str, f: Finding) -> dict[str, Any] | None:
    before = text[max(0, f.start - 8) : f.start]
    value = f.attrs["value"]
    unit = f.attrs["unit"]
    m = _LEVEL_RE.search(before)
    if m:
        return {"direction": _direction(m.group(1)), "to": value}
    m = _RATE_RE.search(before)
    if not m:
        return None
    change: dict[str, Any] = {"direction": _direction(m.group(1))}
    if unit == "%":
        change["rate"] = value
    elif unit in ("个百分点", "百分点"):
        change["points"] = value
    elif unit in ("倍", "番"):
        change["times"] = value
    else:
        change["amount"] = value
    return change


def _transition_change(text: str, prev: Finding, f: Finding) -> dict[str, Any] | None:
    """ "从54万亿元增加到82.7万亿元": the second figure gets from/to."""
    m = _TRANSITION_RE.match(text[prev.end : f.start])
    if m is None or prev.attrs["unit"] != f.attrs["unit"]:
        return None
    if not _FROM_RE.search(text[max(0, prev.start - 12) : prev.start]):
        return None
    a, b = prev.attrs["value"], f.attrs["value"]
    if m.group(1):
        direction: str | None = _direction(m.group(1))
    elif a is not None and b is not None:
        direction = "up" if b > a else "down"
    else:
        direction = None
    return {"direction": direction, "from": a, "to": b}


def _shared_rate_change(text: str, prev: Finding, f: Finding) -> dict[str, Any] | None:
    """ "分别增长9.8%和8.5%": the second rate shares the first one's verb."""
    prev_change = prev.attrs.get("change") or {}
    if text[prev.end : f.start] not in ("和", "、", ",", "，", "及", "与"):
        return None
    if "rate" not in prev_change or f.attrs["unit"] != "%":
        return None
    return {"direction": prev_change["direction"], "rate": f.attrs["value"]}


def _attach_changes(text: str, found: list[Finding]) -> list[Finding]:
    out: list[Finding] = []
    for f in found:
        change = None
        if out:
            change = _transition_change(text, out[-1], f) or _shared_rate_change(text, out[-1], f)
        if change is None and f.attrs["value"] is not None:
            change = _rate_change(text, f)
        out.append(f if change is None else _with(f, change=change))
    return out


def _with(f: Finding, **updates: Any) -> Finding:
    return Finding(f.start, f.end, f.label, f.text, f.source, f.score, {**f.attrs, **updates})


# --------------------------------------------------------------------- API


def find(text: str, *, options: MetricOptions | None = None) -> list[Finding]:
    """All metrics in ``text`` (normally the normalised text), in order.

    Args:
        text: a report, ideally normalised (full-width digits folded); raw
            text works too because full-width digits are accepted.
        options: switches (see :class:`MetricOptions`).

    Returns:
        Findings labelled ``METRIC`` with attrs ``value`` (float after the
        magnitude is applied, ``None`` when masked), ``unit`` ("" when none),
        ``approx``, ``masked``, ``indicator`` and ``change``.
    """
    options = options or MetricOptions()
    spaced = _despace_numbers(text)
    if spaced is not None:  # "7 4 7 7 2 亿元" (letter-spaced digits): read as 74772亿元, offsets of the original
        squeezed, origin = spaced
        return [_make_finding(text, origin[f.start], origin[f.end - 1] + 1, f.attrs)
                for f in find(squeezed, options=options)]
    lex = load_lexicon()
    original = text
    text = numerals.fold_width(text)  # one code point for one: offsets hold
    found = _scan(text, lex, options)
    if text != original:
        found = [_make_finding(original, f.start, f.end, f.attrs) for f in found]
    if options.change:
        found = _attach_changes(text, found)
    if options.indicator:
        enriched = []
        last_indicator: str | None = None
        for f in found:
            ind = _indicator(text, f.start, options, lex)
            change = f.attrs.get("change") or {}
            if ind is None and "from" in change:
                ind = last_indicator
            enriched.append(_with(f, indicator=ind))
            last_indicator = ind
        found = enriched
    return found

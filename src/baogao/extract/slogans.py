"""Slogans, named programmes and rallying couplets in Chinese work reports.

Work reports quote their slogans (“六精六提”, “人民至上、生命至上”) but they
also put ordinary words in scare quotes (“蛋糕”, 存在“数据孤岛”). The rules
here keep a quoted span when its *shape* (numeric abbreviation, enumeration,
length) or its *context* (坚持“…”理念, 落实“…”要求) says slogan, and drop it
when the context says criticised phenomenon or metaphor (“…”现象, 行业“…”加剧).
Outside quotes only two things count, because the genre's annotators only
quote those: numeric abbreviations (三基三化, 两化融合) and the 7+7 rallying
couplet in the closing paragraphs (踔厉奋发启新程，勇毅前行谱新篇).
Enumerations without quotes (讲形势、讲任务…) are ordinary prose, not slogans.

Cue words are data (``models/slogan_cues.toml``), loaded once.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache

from baogao.errors import ModelMissingError
from baogao.findings import Finding
from baogao.resources import derived_cache, jieba_dictionary, model_path, write_cache

LABEL = "SLOGAN"
SOURCE = "slogans"

NUMERALS = "一二两三四五六七八九十百千万双零"
# Characters that, after a numeral, make an ordinary quantity or date, not an abbreviation.
_QUANTITY_CHARS = set(NUMERALS) | set(
    "个项年月日次倍亿点成届中位名季期批种条级类方元件张台只份套座所是些余多几来%"
)
_OPEN_CLOSE = {"“": "”", "‘": "’", "「": "」", "『": "』"}
_QUOTED_RE = re.compile(r"[“‘「『]([^“”‘’「」『』\n]{1,60})[”’」』]")
_HAN = r"\u4e00-\u9fff"
_STRICT_NUMERIC_RE = re.compile(rf"[{NUMERALS}][{_HAN}][{NUMERALS}][{_HAN}]")
# Normalisation folds ，；：！ to ASCII, so both forms are accepted everywhere.
_COUPLET_RE = re.compile(
    rf"(?:^|(?<=[，。！；：、,;:!]))([{_HAN}]{{7}})[，,]([{_HAN}]{{7}})(?=[，。！；,;!]|$)",
    re.MULTILINE,
)
_FUNCTION_CHARS = set("的了地着是我们你他她它之且但不也就都要把被对于由从为这那个其")
_SENTENCE_PUNCT = set("。！？：!?:")
_FOOTER_WORDS = ("联系人", "电话", "邮箱", "地址", "手机")
_PERFECTIVE = "了着过"


@dataclass(frozen=True)
class SloganOptions:
    """What to look for.

    Attributes:
        quoted: spans in Chinese quotation marks that pass the slogan rules.
        numeric: unquoted numeric abbreviations (三基三化, 两化融合).
        couplets: 7+7 rallying couplets in the closing paragraphs.
        closing_paragraphs: how many final non-empty lines count as the closing.
        max_len: longest quoted span considered (longer ones are quotations).
    """

    quoted: bool = True
    numeric: bool = True
    couplets: bool = True
    closing_paragraphs: int = 2
    max_len: int = 60


@dataclass(frozen=True)
class _Cues:
    programme_after: tuple[str, ...]
    programme_before: tuple[str, ...]
    negative_after: tuple[str, ...]
    negative_before: tuple[str, ...]
    known_numeric: tuple[str, ...]


@lru_cache(maxsize=1)
def _cues() -> _Cues:
    """Load the cue lists once; a missing file is a packaging error worth naming."""
    path = model_path("slogan_cues.toml")
    if not path.is_file():
        raise ModelMissingError(str(path), "slogan cue lexicon missing (models/slogan_cues.toml)")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return _Cues(**{key: tuple(data.get(key, ())) for key in _Cues.__dataclass_fields__})


def find(text: str, *, options: SloganOptions | None = None) -> list[Finding]:
    """Find slogans in ``text``.

    Args:
        text: normalised report text; offsets index this string.
        options: which kinds to look for (all by default).

    Returns:
        Findings labelled ``SLOGAN``, sorted by offset, spans without quotation
        marks; ``attrs`` holds ``kind`` (quoted / numeric / parallel / couplet)
        and ``count`` (occurrences of the span text in ``text``).
    """
    opts = options or SloganOptions()
    found: list[Finding] = []
    if opts.quoted:
        found += _quoted(text, max_len=opts.max_len)
    if opts.numeric:
        found += _unquoted_numeric(text, taken=_quote_spans(text))
    if opts.couplets:
        found += _couplets(text, closing=opts.closing_paragraphs)
    found = sorted(set(found), key=lambda f: (f.start, f.end))
    return [_with_count(f, text) for f in found]


def is_numeric_abbreviation(phrase: str) -> bool:
    """True for numeral-led abbreviations such as 三违, 五个争先, 一车一码, 十一五.

    The genre coins programme names by counting (“三基三化”, “四个一”); a
    numeral followed by a counting unit (三项, 两年) is a quantity instead,
    unless a second numeral or 个+name makes it an abbreviation.
    """
    core = phrase.strip()
    if len(core) < 2 or len(core) > 10 or core[0] not in NUMERALS:
        return False
    if all(ch in NUMERALS for ch in core):  # 九五, 十一五, 八七: plan names, not 一百二十
        return not any(ch in "百千万亿零两双" for ch in core)
    if sum(ch in NUMERALS for ch in core[1:]) >= 1 and not _looks_like_quantity(core):
        return True
    if len(core) >= 3 and core[1] == "个":  # 四个全面, 五个争先, 三个代表
        return True
    return core[1] not in _QUANTITY_CHARS and len(core) <= 6


def _looks_like_quantity(core: str) -> bool:
    """一百二十, 三十余: a run of numerals followed by a unit is a number."""
    run = len(core) - len(core.lstrip(NUMERALS))
    return run >= 2 and (run == len(core) or core[run] in _QUANTITY_CHARS)


def _quote_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _QUOTED_RE.finditer(text)]


def _in_book_title(text: str, pos: int) -> bool:
    """Inside 《…》 on the same line: article titles are not slogans."""
    line_start = text.rfind("\n", 0, pos) + 1
    before = text[line_start:pos]
    return before.rfind("《") > before.rfind("》")


def _quoted(text: str, *, max_len: int) -> list[Finding]:
    out: list[Finding] = []
    for m in _QUOTED_RE.finditer(text):
        if _OPEN_CLOSE[text[m.start()]] != text[m.end() - 1]:
            continue  # “…’ is an apostrophe, not a quotation
        inner = m.group(1)
        start = m.start(1)
        stripped = inner.strip()
        if not stripped or len(stripped) > max_len:
            continue
        kind = _quoted_kind(stripped)
        if _in_book_title(text, m.start()) and kind != "numeric":
            continue
        if kind != "numeric" and not _accept_quoted(text, m.start(), m.end(), stripped):
            continue
        lead = len(inner) - len(inner.lstrip())
        s, e = start + lead, start + lead + len(stripped)
        out.append(Finding(s, e, LABEL, text[s:e], SOURCE, 0.9, {"kind": kind}))
    return out


def _quoted_kind(phrase: str) -> str:
    if is_numeric_abbreviation(phrase):
        return "numeric"
    if len(re.split(r"[、，；,;]", phrase)) >= 2:
        return "parallel"
    return "quoted"


def _accept_quoted(text: str, open_at: int, close_end: int, phrase: str) -> bool:
    """Decide whether a quoted, non-numeric span is a slogan (see module docstring)."""
    if any(ch in _SENTENCE_PUNCT for ch in phrase):
        return False  # a quoted sentence or speech
    if "+" not in phrase and sum(_is_han(ch) for ch in phrase) < max(1, len(phrase) // 2):
        return False
    cues = _cues()
    before = text[max(0, open_at - 5) : open_at].rstrip(_PERFECTIVE)
    after = text[close_end : close_end + 4]
    chained = _chained(text, open_at, close_end)
    if not chained:
        if any(after.startswith(w) for w in cues.negative_after):
            return False
        if any(before.endswith(w) for w in cues.negative_before):
            return False
    if len(phrase) >= 4:
        return True
    return (
        chained
        or any(after.startswith(w) for w in cues.programme_after if w not in "的等为")
        or any(before.endswith(w) for w in cues.programme_before)
    )


def _chained(text: str, open_at: int, close_end: int) -> bool:
    """Quoted items listed together (“油改电”“油改气”, “扫黄”、“打非”) are programmes."""
    prev = text[max(0, open_at - 2) : open_at]
    nxt = text[close_end : close_end + 2]
    closers = tuple(_OPEN_CLOSE.values())
    openers = tuple(_OPEN_CLOSE)
    joiners = ("", "、", "和", "与", "及")
    after_previous = any(prev.endswith(c + j) for c in closers for j in joiners)
    before_next = any(nxt.startswith(j + o) for o in openers for j in joiners)
    return after_previous or before_next


@lru_cache(maxsize=1)
def _numeric_idioms() -> frozenset[str]:
    """Numeral-patterned words that jieba's dictionary lists as idioms or numerals.

    千家万户, 一心一意, 三番五次 share the shape of 三基三化 but are idioms; the
    dictionary's tag separates them (set phrases ``l``/``j`` such as 一岗双责
    and 一国两制 stay slogans). Read from jieba's shipped dict file, not via
    the global tokenizer.
    """
    path = jieba_dictionary()
    if path is None:
        return frozenset()
    cache = derived_cache("numeric-idioms", path, "v1")
    if cache is not None:
        try:
            return frozenset(cache.read_text(encoding="utf-8").split("\n")) - {""}
        except (OSError, UnicodeDecodeError):
            pass
    out: set[str] = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 3 and _STRICT_NUMERIC_RE.fullmatch(parts[0]) and parts[2] not in ("l", "j"):
                out.add(parts[0])
    if cache is not None:  # scanning the 350,000 lines takes most of a second; cached per user
        write_cache(cache, "\n".join(sorted(out)).encode("utf-8"))
    return frozenset(out)


def _unquoted_numeric(text: str, *, taken: list[tuple[int, int]]) -> list[Finding]:
    """Numeric abbreviations written without quotes, outside any quoted span or title."""
    known = _cues().known_numeric
    spans: list[tuple[int, int]] = []
    for term in known:
        spans += [(m.start(), m.end()) for m in re.finditer(re.escape(term), text)]
    for m in _STRICT_NUMERIC_RE.finditer(text):
        a, b = m.group()[1], m.group()[3]
        if (
            a != b
            and a not in _QUANTITY_CHARS
            and b not in _QUANTITY_CHARS
            and m.group() not in _numeric_idioms()
        ):
            spans.append((m.start(), m.end()))
    out = []
    for s, e in spans:
        if any(qs <= s and e <= qe for qs, qe in taken) or _in_book_title(text, s):
            continue
        if s > 0 and text[s - 1] in NUMERALS:
            continue  # part of a longer number
        out.append(Finding(s, e, LABEL, text[s:e], SOURCE, 0.7, {"kind": "numeric"}))
    return _drop_nested(out)


def _drop_nested(found: list[Finding]) -> list[Finding]:
    """Keep the longest of overlapping matches (三位一体 over 三位…)."""
    keep: list[Finding] = []
    for f in sorted(found, key=lambda f: (f.start, -(f.end - f.start))):
        if keep and f.start < keep[-1].end:
            continue
        keep.append(f)
    return keep


def _couplets(text: str, *, closing: int) -> list[Finding]:
    """Two parallel 7-character clauses in the closing lines of the report."""
    lines = [m for m in re.finditer(r"[^\n]+", text) if _is_prose(m.group())]
    out: list[Finding] = []
    for line in lines[-closing:] if closing > 0 else []:
        for m in _COUPLET_RE.finditer(line.group()):
            left, right = m.group(1), m.group(2)
            if _FUNCTION_CHARS & set(left + right) or left[:2] == right[:2]:
                continue
            s, e = line.start() + m.start(), line.start() + m.end()
            out.append(Finding(s, e, LABEL, text[s:e], SOURCE, 0.8, {"kind": "couplet"}))
    return out


def _is_prose(line: str) -> bool:
    """A body sentence line, not a footer (联系人, 电话, dates, signatures, markers)."""
    core = line.strip()
    return len(core) >= 20 and ("，" in core or "," in core) and not any(w in core for w in _FOOTER_WORDS)


def _with_count(f: Finding, text: str) -> Finding:
    attrs = {**f.attrs, "count": max(1, text.count(f.text))}
    return Finding(f.start, f.end, f.label, f.text, f.source, f.score, attrs)


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"

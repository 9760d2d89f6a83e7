"""All recognizers together: run them, apply the policy, resolve overlaps.

Each recognizer module finds one kind of span; this module is the only place
that combines them. The order of work is the order of trust: rule and register
findings, then the public allow list (media, national bodies and leaders are
not sensitive), then *document memory* — a name found once is masked at every
occurrence, because a report that names 东岭煤矿 in one place and leaks it in
another has leaked it. Masking findings must not leave half a name behind, so
partially masked leftovers are looked for again on the virtually masked text.
"""

from __future__ import annotations

import bisect
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from types import ModuleType
from typing import Any

import ahocorasick_rs

from baogao.findings import Finding
from baogao.normalize import drop_run_blanks
from baogao.redact.policy import DEFAULT_POLICY, Policy
from baogao.redact.recognizers import (
    bank_card,
    credit_code,
    email,
    id_number,
    licence,
    location,
    markup,
    org,
    partial,
    person,
    phone,
    register,
    sensitive_tagger,
    url,
)
from baogao.redact.recognizers._text import (
    COMMON,
    FUNCTION_CHARS,
    MASK_CHARS,
    PROPER,
    RARE,
    SINGLE,
    Prefixes,
    allowlist,
    clear_of,
    in_vocabulary,
    is_common_word,
    is_frequent,
    is_han,
    is_proper_word,
    lexicon,
    longest_first,
    name_tokens,
    pinyin_initial,
    word_info,
)
from baogao.unicode import scrub_surrogates

ENTITY_LABELS = frozenset({"PERSON", "ORG", "LOCATION"})
PATTERN_RECOGNIZERS: tuple[Callable[[str], list[Finding]], ...] = (
    phone.find,
    id_number.find,
    bank_card.find,
    credit_code.find,
    email.find,
    url.find,
    licence.find,
)
ENTITY_RECOGNIZERS: tuple[Callable[[str], list[Finding]], ...] = (org.find, location.find, person.find)
_MEMORY_SOURCE = "memory"
_NER_PERSON_SCORE = 0.8  # model confidence below which a bare NER "name" is not masked
_VIRTUAL_MASK = "×"
_NOT_NEWLINE = re.compile(r"[^\n]")
_NEAR = 12  # chars around a mask where a decision can depend on it (title + name, core + kind word)

__all__ = ["ENTITY_LABELS", "detect", "entity_candidates", "find_all", "find_entities", "markup", "resolve", "warm_up"]


@lru_cache(maxsize=1)
def _ner() -> ModuleType | None:
    """The statistical NER recognizer when it is installed and has a model.

    ``BAOGAO_NO_NER=1`` turns it off (rule-only runs, timing).
    """
    if os.environ.get("BAOGAO_NO_NER") == "1":
        return None
    try:
        from baogao.redact.recognizers import ner
    except ImportError:
        return None
    try:
        return ner if ner.available() else None
    except Exception:  # noqa: BLE001 - a broken model must not stop rule-based redaction
        return None


#: Weights that replace the shipped tagger's inside :func:`tagger_override` (cross-validation).
_TAGGER_OVERRIDE: list[Any] = []


@contextmanager
def tagger_override(weights: Any) -> Iterator[None]:
    """Run the recognizers with another sensitive-span tagger (``sensitive_train`` folds)."""
    _TAGGER_OVERRIDE.append(weights)
    try:
        yield
    finally:
        _TAGGER_OVERRIDE.pop()


def _tagger() -> Any:
    """The report-trained tagger's weights (:mod:`.sensitive_tagger`), or None when absent.

    ``BAOGAO_NO_TAGGER=1`` turns it off (the rules and the NER model as before).
    """
    if _TAGGER_OVERRIDE:
        return _TAGGER_OVERRIDE[-1]
    if os.environ.get("BAOGAO_NO_TAGGER") == "1":
        return None
    return sensitive_tagger.weights()  # loaded once; None when absent or unreadable


#: The NER model's two outputs: Viterbi spans (masking) and the span model's names (entities),
#: and the mark of a Viterbi span its span model replaced (``ner.SOURCE``, ``ner.SPANS_SOURCE``,
#: ``ner.MASKING_ONLY``, named here so that rule-only runs need not import the model's module).
NER_VITERBI, NER_SPANS, NER_MASKING_ONLY = "ner", "ner_spans", "masking_only"
_MODEL_SOURCES = (NER_VITERBI, NER_SPANS)


def _ner_findings(text: str, *, spans: bool = False) -> list[Finding]:
    """The NER model's PERSON / ORG / LOCATION findings (source ``ner``: its Viterbi spans, which
    masking reads) and, from the same features, the sensitive-span tagger's (source ``tagger``,
    masking only); with ``spans``, also the span model's names (source ``ner_spans``, see
    :mod:`.ner_spans`), which the entity list takes instead of the Viterbi spans."""
    model = _ner()
    if model is None:
        return []
    try:
        found = model.find(
            text, extra=_tagger(), extra_source=sensitive_tagger.SOURCE, extra_runs=sensitive_tagger.RUN_MIN,
            extra_guesses=sensitive_tagger.GUESSES, spans=spans,
        )  # fmt: skip
    except Exception:  # noqa: BLE001 - the statistical model is optional; rules still redact
        return []
    return [g for f in found if f.label in ENTITY_LABELS for g in _place_parts(_trim_model_span(f))]


_OPEN, _CLOSE = "（(", "）)"


#: The closing 等 of a list and its kind, after a name that ends as a place or a unit does.
_LIST_CLOSER = re.compile(
    r"(?<=[村镇乡区县市旗屯寨站矿厂司局院所队])等(?:乡镇|村|乡|镇|地|处|县|区|市|单位|企业|公司|站|厂|矿)$"
)
#: Joiners of a transliterated name (米切尔·…, 莱德利-…) that the model may take at a span's edge.
_EDGE_JOINERS = "·•-－—"


def _trim_model_span(f: Finding) -> Finding:
    """Drop a bracket the span closes or opens without its partner (…人民西路166号|）), a
    name's joiner left at its edge (米切尔|·), and a list's closing 等 and kind (竹溪村|等村)."""
    t = f.text
    a, b = 0, len(t)
    while b - a > 1 and t[b - 1] in _EDGE_JOINERS:
        b -= 1
    while b - a > 1 and t[a] in _EDGE_JOINERS:
        a += 1
    while b - a > 1 and t[b - 1] in _CLOSE and not any(c in _OPEN for c in t[a : b - 1]):
        b -= 1
    while b - a > 1 and t[a] in _OPEN and not any(c in _CLOSE for c in t[a + 1 : b]):
        a += 1
    if "等" in t and (m := _LIST_CLOSER.search(t, a, b)) is not None and m.start() - a >= 3:
        b = m.start()  # 竹溪村|等村: the list's closing kind word is no part of the last name
    if f.label != "PERSON" and b - a >= 4 and t[a] in _ROUTE_WORDS and word_info(t[a : a + 2]) is None:
        a += 1  # 经|南湖750千伏升压站, 至|坪坝集镇: the route's preposition before a place
    if f.label == "PERSON" and b - a >= 3:
        b -= _cue_after_name(t[a:b])  # 潘玉|介绍, 老李|说: the model ran on into the word that follows a name
    return f if (a, b) == (0, len(t)) else f.shifted(f.start + a, f.start + b, t[a:b])


def _cue_after_name(span: str) -> int:
    """Length of a word that follows names (介绍, 指出, 表示 …, or 说) closing ``span``, when at
    least a two-char name stands before it; else 0."""
    for cue in person.name_follow_words():
        if span.endswith(cue) and len(span) - len(cue) >= 2 and person.surname_at(span, 0):
            return len(cue)
    return 0


#: Prepositions of a route or a distance, and the words that put a name after them (与, 向, 在, 对 …),
#: that a model may take in before a name; none opens a name unless it opens a word with the next
#: char (经济, 至今, 在建). (向, 和 and 从 open names too often: 向家坝, 和润, 从江.)
_ROUTE_WORDS = frozenset("经至距赴往与在到对及")
#: Where a place's span runs on over "within" or "of" into the place inside it
#: (伊金霍洛旗|境内的|红庆河服务区, 东胜区|的|东胜西服务区): two places, not one.
_PLACE_JOINT = re.compile(r"(?<=[区县市旗镇乡村盟州])(?<!地区)(?:境内的?|辖区内的?|的)(?=[\u4e00-\u9fff]{3})")


#: A verb right after a place that a model's span runs on over (开封市|设有仓库, 青岛市|设有分公司):
#: the clause is no part of the name.
_PLACE_THEN_VERB = re.compile(r"(?<=[区县市旗镇乡村])(?:设有|设立|建有|拥有|位于)")


def _covered(found: Iterable[Finding]) -> set[int]:
    """The offsets of the text inside any of ``found``."""
    return {i for f in found for i in range(f.start, f.end)}


def _place_parts(f: Finding) -> list[Finding]:
    """A model's place that holds another place after 境内的 or 的 (…旗|境内的|红庆河服务区) as the
    two places it names, a place that runs on into a clause (开封市|设有仓库) as the place; any
    other span as it is."""
    if f.label != "PERSON" and (v := _PLACE_THEN_VERB.search(f.text, 2)) is not None:
        return [f.shifted(f.start, f.start + v.start(), f.text[: v.start()])]
    if f.label != "LOCATION" or (m := _PLACE_JOINT.search(f.text, 2)) is None:
        return [f]
    a, b = m.start(), m.end()
    return [f.shifted(f.start, f.start + a, f.text[:a]), f.shifted(f.start + b, f.end, f.text[b:])]


@lru_cache(maxsize=1)
def _allowlist() -> frozenset[str]:
    terms: set[str] = set()
    for values in allowlist().get("allow", {}).values():
        terms.update(v for v in values if isinstance(v, str) and v)
    return frozenset(terms)


@lru_cache(maxsize=1)
def _national_titles() -> tuple[tuple[str, ...], tuple[str, ...]]:
    data = allowlist().get("national_titles", {})
    return tuple(data.get("before", ())), tuple(data.get("after", ()))


def _titled_leaders(text: str, found: list[Finding]) -> frozenset[str]:
    """Names this document gives a national leader's title (国务院总理赵紫阳, 习近平总书记): public here."""
    before, after = _national_titles()
    names = set()
    for f in found:
        if f.label == "PERSON" and 2 <= len(f.text) <= 4 and (
            text[max(0, f.start - 12) : f.start].endswith(before) or text.startswith(after, f.end)
        ):
            names.add(f.text)
    return frozenset(names)


@lru_cache(maxsize=32)
def _automaton(terms: frozenset[str]) -> ahocorasick_rs.AhoCorasick | None:
    patterns = sorted(t for t in terms if t)
    if not patterns:
        return None
    return ahocorasick_rs.AhoCorasick(patterns, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)


def _spans(text: str, terms: frozenset[str]) -> list[tuple[int, int]]:
    ac = _automaton(terms)
    return [] if ac is None else [(s, e) for _, s, e in ac.find_matches_as_indexes(text)]


def _drop_allowed(text: str, found: list[Finding], allow: frozenset[str]) -> list[Finding]:
    """Remove entity findings that are, or lie inside, a public name."""
    allowed = _spans(text, allow)  # leftmost-longest: sorted and non-overlapping
    if not allowed:
        return found
    starts = [s for s, _ in allowed]

    def inside(f: Finding) -> bool:
        k = bisect.bisect_right(starts, f.start) - 1
        return k >= 0 and allowed[k][1] >= f.end

    return [f for f in found if f.label not in ENTITY_LABELS or not (f.text in allow or inside(f))]


def _unsure_guess(f: Finding) -> bool:
    """A span the tagger is not sure of: masked where it stands, never spread to other occurrences."""
    return f.source == sensitive_tagger.SOURCE and f.score < sensitive_tagger.SURE


def _remember(text: str, found: list[Finding], allow: frozenset[str], *, short: bool = True) -> list[Finding]:
    """Every other occurrence of a name already found (document memory).

    With ``short`` (masking), an organisation's derived short forms count too; an entity
    list (``short=False``) keeps to the names as found.
    """
    by_text: dict[str, str] = {}
    for f in found:
        if _unsure_guess(f):
            continue  # an unsure guess is masked where it stands, not spread through the text
        if f.label in ENTITY_LABELS and len(f.text) >= 2 and f.text not in allow:
            by_text.setdefault(f.text, f.label)
            if (
                short
                and f.label == "ORG"
                and f.source != org.ALIAS_SOURCE
                and (f.source != sensitive_tagger.SOURCE or _registered_form(f))
                and len(f.text) >= 5
            ):
                # an organisation found by any recognizer is also written short (云州市博物馆 → 云博)
                for alias in org.derive_aliases(f.text):
                    if alias not in allow:
                        by_text.setdefault(alias, "ORG")
    if not by_text:
        return []
    ac = _automaton(frozenset(by_text))
    assert ac is not None
    # the occurrences already found keep their own finding (and so their recognizer's name)
    known = {(f.start, f.end, f.label) for f in found}
    return [
        Finding(s, e, by_text[text[s:e]], text[s:e], _MEMORY_SOURCE, 0.7)
        for _, s, e in ac.find_matches_as_indexes(text)
        if (s, e, by_text[text[s:e]]) not in known
        and not (by_text[text[s:e]] == "PERSON" and e - s == 2 and _inside_word(text, s, e))
    ]


def _inside_word(text: str, s: int, e: int) -> bool:
    """A two-char name that is also a word (舒畅, 马力, 高峰) used inside a longer word (心情舒畅,
    开足马力, 高峰期): the other occurrence is the word, not the person."""
    if not in_vocabulary(text[s:e]):
        return False
    return any(
        in_vocabulary(text[a:b])
        for a in range(max(0, s - 2), s + 1)
        for b in range(e, min(len(text), e + 2) + 1)
        if (a, b) != (s, e) and b - a <= 4
    )


def _registered_form(f: Finding) -> bool:
    """A tagger span that is a company's whole registered name, and a sure one: its short forms
    (隆昌建设集团有限公司 → 隆昌建设) are written as often as after a name the rules found."""
    return f.score >= sensitive_tagger.SURE and f.text.endswith(tuple(org.LEGAL_FORMS))


def _deny(text: str, deny: frozenset[str]) -> list[Finding]:
    return [Finding(s, e, "DENY", text[s:e], "deny", 1.0) for s, e in _spans(text, deny)]


def resolve(found: Iterable[Finding]) -> list[Finding]:
    """Merge overlapping findings into one span each (their union), sorted by offset.

    The union keeps every character any recognizer wanted masked (a leak costs
    more than a masked extra char); the label, source and score come from the
    longest, then most confident, member.
    """
    items = sorted(found, key=lambda f: (f.start, -f.end))
    out: list[Finding] = []
    group: list[Finding] = []
    end = -1

    def close() -> None:
        if not group:
            return
        if len(group) == 1:  # most findings overlap nothing
            out.append(group[0])
            return
        best = max(group, key=lambda f: (f.end - f.start, f.score))
        start, stop = group[0].start, end
        if (start, stop) == (best.start, best.end):
            out.append(best)
        else:
            out.append(Finding(start, stop, best.label, "", best.source, best.score, dict(best.attrs)))

    for f in items:
        if f.start >= f.end:
            continue
        if f.start < end:
            group.append(f)
            end = max(end, f.end)
            continue
        close()
        group, end = [f], f.end
    close()
    return out


def _with_text(text: str, found: list[Finding]) -> list[Finding]:
    return [
        f if f.text == text[f.start : f.end] else f.shifted(f.start, f.end, text[f.start : f.end])
        for f in found
    ]


def _virtually_masked(text: str, found: list[Finding]) -> str:
    parts: list[str] = []
    pos = 0
    for f in resolve(found):
        parts += [text[pos : f.start], _NOT_NEWLINE.sub(_VIRTUAL_MASK, text[f.start : f.end])]
        pos = f.end
    parts.append(text[pos:])
    return "".join(parts)


def _ascii_token(text: str, window: tuple[int, int], at: int) -> tuple[int, int]:
    """Widen ``window`` over the whole ASCII token around ``at`` (an e-mail or link is one token)."""
    s, e = min(window[0], at), max(window[1], at + 1)
    while s > 0 and s > at - 256 and text[s - 1].isascii() and not text[s - 1].isspace():
        s -= 1
    while e < len(text) and e < at + 256 and text[e].isascii() and not text[e].isspace():
        e += 1
    return max(0, s - 2), min(len(text), e + 2)


@dataclass(frozen=True)
class _Edges:
    """Windows next to new masks, by what can change there."""

    partial: list[tuple[int, int]]  # any Han neighbour: ××××|有限公司
    before: list[tuple[int, int]]  # a Han name may now be closed by the mask: 矿长周立平|××××
    after: list[tuple[int, int]]  # a Han core may now start after the mask: ××|宏远劳务
    ascii: list[tuple[int, int]]  # an ASCII token may now be cut free: 0|hr@x.cn


def _edges(text: str, virtual: str, new: list[Finding]) -> _Edges:
    """Edges whose outside neighbour could read the mask differently from what stood there.

    A mask next to punctuation or a space changes nothing; a mask that replaced digits
    changes nothing for Han names (both are non-Han) but can for the partial-mask patterns.
    """
    edges = _Edges([], [], [], [])
    n = len(text)
    for f in new:
        for outside, inside, window, side in (
            (f.start - 1, f.start, (max(0, f.start - _NEAR), min(n, f.start + 2)), edges.before),
            (f.end, f.end - 1, (max(0, f.end - 2), min(n, f.end + _NEAR)), edges.after),
        ):
            if not 0 <= outside < n:
                continue
            ch = virtual[outside]
            if is_han(ch) or ch in MASK_CHARS:
                edges.partial.append(window)
                if is_han(text[inside]):
                    side.append(window)
            elif ch.isascii() and (ch.isalnum() or ch in "@.-_/:") and text[inside].isascii():
                edges.ascii.append(_ascii_token(virtual, window, outside))
    return edges


def _near_masks(text: str, virtual: str, new: list[Finding], labels: frozenset[str]) -> list[Finding]:
    """Names that a mask next to them completes: 矿长周立平|××××, ××××|有限公司, 0|hr@x.cn."""
    edges = _edges(text, virtual, new)
    out = partial.find(virtual, spans=partial.merge(edges.partial)) if "PARTIAL_MASK" in labels else []
    passes: tuple[tuple[list[tuple[int, int]], tuple[Callable[[str], list[Finding]], ...]], ...] = (
        (edges.before, (person.find,)),
        (edges.after, (org.find, location.find)),
        (edges.ascii, PATTERN_RECOGNIZERS),
    )
    for spans, recognizers in passes:
        for s, e in partial.merge(spans):
            window = virtual[s:e]
            for recognize in recognizers:
                found = org.find(window, document=virtual) if recognize is org.find else recognize(window)
                out += [
                    f.shifted(f.start + s, f.end + s, f.text) for f in found
                    # not a name the window's end cut before the word its last char opens (…党建工|作)
                    if f.end < len(window) or not is_frequent(virtual[e - 1 : e + 1])
                ]
    return [
        f for f in out if f.label in labels and any(c not in MASK_CHARS for c in virtual[f.start : f.end])
    ]


def _leftovers(
    text: str, found: list[Finding], labels: frozenset[str], *, newest: list[Finding] | None = None
) -> list[Finding]:
    """What masking ``found`` would leave or reveal (××××有限公司, a name now closed by ×): mask it too.

    ``newest``: only these of ``found`` are new masks; the others were looked around already."""
    extra: list[Finding] = []
    new = found if newest is None else newest
    # until nothing new: each round masks at least one more char (findings must hold an
    # unmasked one), and looks only around the newest masks (有限责任公司有限责任公司… is
    # eaten one suffix per round, so a fixed number of rounds left a leftover)
    for _ in range(len(text)):
        virtual = _virtually_masked(text, resolve(found + extra))
        # a mask changes what is decided next to it: look again only around the newest masks
        new = _near_masks(text, virtual, new, labels)
        if not new:
            break
        extra += new
    return extra


def _plausible_for_masking(text: str, f: Finding) -> bool:
    """Whether a statistical NER span is safe to mask in a work report.

    The model was trained on news text; on reports it also tags phrases such as
    西北矿业高质量发展新篇章 or provinces. Merged into the rule findings by union,
    such spans would over-mask. So for masking a NER span must look like what
    the rules know: a person name (surname + 1–3 Han chars), or an organisation
    or place that the rule recognizers also find when given the span alone.
    """
    return _for_masking(text, f) is not None


def _for_masking(text: str, f: Finding) -> Finding | None:
    """The part of a statistical NER span that is masked, or None (see :func:`_plausible_for_masking`).

    A leading province is cut off an accepted place (云南|鲁布革水电站): provinces are public.
    """
    span = text[f.start : f.end]
    if f.label == "PERSON" and f.score < _NER_PERSON_SCORE:
        return None
    if f.label == "PERSON" and len(span) >= 3 and person.verb_takes_last(text, f.end) and (
        person.name_at(span[:-1], 0, anchored=True) == span[:-1]
    ):
        # 刘洋|牵头: the model ran one char into a frequent verb, and the name without it stands
        f, span = f.shifted(f.start, f.end - 1, span[:-1]), span[:-1]
    if _department_before_name(text, f):
        return None
    f = _without_adverb(f)
    span = f.text
    if _plausible_span(f.label, span):
        return f
    cut = _named_kind(span) if f.label != "PERSON" else None
    if cut is None and f.label != "PERSON" and f.score >= _NER_KIND_SCORE:
        cut = _kind_closed(span)
    if cut is None:
        return None
    return f if cut == 0 else f.shifted(f.start + cut, f.end, span[cut:])


#: Adverbs that follow a name as the sentence goes on (巴特尔|又, 达来|也, 尼玛|就).
#: (Not 才, 正, 再 …: 黄有才, 李志正 end so.)
_ADVERB_AFTER_NAME = frozenset("又也就却仍便")


def _without_adverb(f: Finding) -> Finding:
    """A model's person without the adverb it ran into (巴特尔|又带出了徒弟), when what is left is a
    whole name: one the lexicon knows with no Han surname, or a surname with a two-char given
    name (a two-char name and an adverb may be a three-char name: 黄有才)."""
    name = f.text[:-1]
    if f.label != "PERSON" or len(f.text) < 3 or f.text[-1] not in _ADVERB_AFTER_NAME:
        return f
    if name in person.minority_names() or (len(name) == 3 and person.name_at(name, 0) == name):
        return f.shifted(f.start, f.end - 1, name)
    return f


def _department_before_name(text: str, f: Finding) -> bool:
    """A model's person that is a department's short name right before its member's name (联系人：
    安监科|郭晓燕), not a name itself."""
    return f.label == "PERSON" and f.text[-1:] in person.DEPARTMENT_CHARS and person.member_follows(text, f.end)


_NER_KIND_SCORE = 0.8  # model confidence a span closed by a bare kind char needs (see _kind_closed)
#: One-char kinds of site and unit that close a name: 汉江四|桥, 云雾山景|区 is caught by the
#: lexicon, these by the model: 渤西油|库, 陈家|沟, 白沙港查验|场 ….
_KIND_CHARS = frozenset("站厂矿库场港桥路园馆院所校楼坝渠闸井线道社局队处湾")


@lru_cache(maxsize=8192)
def _kind_closed(span: str) -> int | None:
    """Where the name starts in a model span closed by a one-char kind (…油库, …索道), or None.

    The lexicon's kind words (:func:`_named_kind`) cannot list every site; when the
    model is confident, a span ending in a kind char counts if what precedes the
    kind's own word opens with a proper name — not a country, a province alone, a
    coordination or a dictionary phrase.
    """
    if not 3 <= len(span) <= 10 or span[-1] not in _KIND_CHARS:
        return None
    if not all(is_han(c) or c.isascii() and c.isalnum() for c in span):
        return None
    if any(c in span for c in "和与及、") or in_vocabulary(span) or org._is_public(span, org._tables()):
        return None
    lt = location._tables()
    cut = location.province_cut(span)
    head = span[cut:-1]
    if is_frequent(head[-1:] + span[-1]) or is_common_word(head[-1:] + span[-1]):
        head = head[:-1]  # the kind char ends an ordinary word (…铁路, …军队): that word is the kind
    if len(head) < 2 or head.startswith(location.countries()):
        return None
    _, _, stops = _kind_words()
    return cut if _name_head(head, lt, stops) else None


@lru_cache(maxsize=1)
def _kind_words() -> tuple[tuple[str, ...], frozenset[str], tuple[str, ...]]:
    """Kind words that close a named org or place (longest first), the weak ones, and the stop words."""
    lex = lexicon()
    o, loc = lex["org"], lex["location"]
    words = set(o["legal_suffixes"]) | set(o["unit_suffixes"])
    for key in ("admin_suffixes", "zone_suffixes", "site_suffixes", "street_words", "building_words"):
        words |= set(loc[key])
    stops = tuple(longest_first(w for w in o["stop_words"] if len(w) >= 2))
    return tuple(longest_first(words)), frozenset(o["weak_suffixes"]), stops


_DIRECTIONS = frozenset("东南西北中")
_CONTINENTS = frozenset("亚欧非美部")


@lru_cache(maxsize=8192)
def _named_kind(span: str) -> int | None:
    """Where the name starts in ``span`` = proper name + a kind word of the lexicon (金沙|大道,
    南湖LNG储|配站, 安平县疾病预防控制|中心, 城关|镇), or None.

    The model has already read the span as a mention; the lexicon confirms its kind and the
    head must open with a proper name (a place or person word of the dictionary, or two
    unknown chars), not an ordinary, regional or directional word, a verb or a province.
    """
    kinds, weak, stops = _kind_words()
    lt = location._tables()
    if not all(is_han(c) or c.isascii() and c.isalnum() for c in span) or not is_han(span[0]):
        return None
    if any(c in span for c in "和与及、") or span.endswith(("自治区", "省")):
        return None  # a coordination (湘黔和滇黔铁路) or a province
    if len(span) >= 4 and in_vocabulary(span):
        return None  # a set phrase of the dictionary (康庄大道, 城中村)
    if org._is_public(span, org._tables()) or org._is_local_government(span, org._tables()):
        return None
    cut = location.province_cut(span)
    body = span[cut:]
    kind = next((k for k in kinds if body.endswith(k) and len(body) > len(k)), None)
    if kind is None or kind in weak or len(body) < 3:
        return None
    head = body[: len(body) - len(kind)]
    if location.CUT.search(head) or any(w in head for w in stops):
        return None  # a counted phrase (南湖门诊部|三个院区) or a clause (…高质量发展贡献滨江分行)
    if len(kind) == 1 and (is_frequent(head[-1] + kind) or is_common_word(head[-1] + kind)):
        return None  # 地区, 农村, 山区: the kind char ends an ordinary word
    return cut if _name_head(head, lt, stops) else None


def _name_head(head: str, lt: Any, stops: tuple[str, ...]) -> bool:
    if len(head) < 2 or not (is_han(head[0]) and is_han(head[1])) or head[0] in "省市县区镇乡村第":
        return False
    if head in lt.provinces or head in lt.generic or head in lt.generic_admin or is_common_word(head):
        return False
    if head.startswith(stops) or head.startswith(tuple(lt.regions)) or is_common_word(head[:2]):
        return False  # 深化|智慧园区, 西南|地区
    if head[0] in _DIRECTIONS and head[1] in _DIRECTIONS | _CONTINENTS:
        return False  # 中西部, 东南亚, 南亚: directions and world regions, not names
    if len(head) > 2 and head[-1] in location._SIZE_WORDS:
        return False  # 产粮大|县
    tokens = name_tokens(head, lt.generic)
    a, b, cls = tokens[0]
    if b - a >= 2:
        if cls not in (PROPER, RARE):
            return False
        if head[a:b].endswith("国"):
            return False  # a country (美国, 英国)
        info = word_info(head[a:b])
        # a place, person or other proper word of the dictionary, or an unknown one
        return info is None or (info[1][0] == "n" and info[1] != "n")
    # two chars unknown to the dictionary (云溪, 保沧), followed by no ordinary word (自贸|试验)
    return (
        len(tokens) >= 2
        and tokens[1][2] == SINGLE
        and head[0] not in lexicon()["org"]["nonname_chars"]
        and all(c != COMMON for _, _, c in tokens)
    )


def _long_name(span: str) -> bool | None:
    """The verdict on a person span by its length alone: not a name unless two to six Han chars,
    and five or six only as a transliterated name (乌云其木格, 额尔敦巴雅尔: no Han name is this
    long); None for two to four Han chars, which the caller judges."""
    if not (2 <= len(span) <= 6 and all(is_han(c) for c in span)):
        return False
    return person.transliterated(span) if len(span) > 4 else None


@lru_cache(maxsize=8192)
def _plausible_span(label: str, span: str) -> bool:
    """The part of :func:`_plausible_for_masking` that depends on the span's text only.

    Cached: the model finds the same names again in the re-read sentences and in
    every later mention, and the rule recognizers are pure functions of the span.
    """
    if label == "PERSON":
        long_name = _long_name(span)
        if long_name is not None:
            return long_name
        info = word_info(span) if len(span) == 2 else None
        if in_vocabulary(span) and (not is_proper_word(span) or (info is not None and info[0] >= 1000)):
            return False  # 农家乐, 玉米 (jieba tags it nr): a word of the dictionary, not a name on the model's word
        return person.name_at(span, 0, anchored=True) == span
    recognize = org.find if label == "ORG" else location.find
    return any(g.end - g.start >= len(span) - 1 for g in recognize(span))


def entity_candidates(text: str, *, ner: bool = True, spans: bool = False) -> list[Finding]:
    """Raw PERSON / ORG / LOCATION findings of the rules and (optionally) the NER model; with
    ``spans``, the NER span model's too (for :func:`find_entities`)."""
    found: list[Finding] = []
    for recognize in ENTITY_RECOGNIZERS:
        found += recognize(text)
    if ner:
        found += _ner_findings(text, spans=spans)
    return _lone_named_projects(found)


def _lone_named_projects(found: list[Finding]) -> list[Finding]:
    """A project named by a coined name (鹿屿竹木精深加工园) stands only where nothing else was
    found: over a firm or a place another recognizer found, the project's span would take its
    label and widen its edges (海川新材料|二期项目 is the firm's project; the gold masks the firm)."""
    named = [f for f in found if f.attrs.get("kind") == location.NAMED_PROJECT]
    if not named:
        return found
    others = [f for f in found if f.attrs.get("kind") != location.NAMED_PROJECT]
    spans = [(f.start, f.end) for f in others]
    return others + [f for f in named if clear_of(spans, f.start, f.end)]


def find_entities(text: str, *, ner: bool = True, candidates: list[Finding] | None = None) -> list[Finding]:
    """Every PERSON / ORG / LOCATION mention, public ones included (no policy applied)."""
    text = scrub_surrogates(text)
    found = list(entity_candidates(text, ner=ner, spans=True) if candidates is None else candidates)
    # bare three-char toponyms and bare cities are masked to be safe (a leak costs more), not listed as mentions;
    # the tagger's spans are what a report must not publish, not mentions in CLUENER's sense; nor is
    # a surname before a title (王|先生), which CLUENER leaves unmarked
    found = [
        f for f in found
        if f.attrs.get("kind") not in ("bare", location.BARE_CITY)
        and f.attrs.get("anchor") != person.SHORT_ANCHOR
        and f.source != sensitive_tagger.SOURCE
    ]
    # where the span model named the entities, the Viterbi spans beside its names are for masking
    found = [f for f in found if not f.attrs.get(NER_MASKING_ONLY)]
    found = _model_first(found)
    found += _remember(text, found, frozenset(), short=False)
    return _with_text(text, resolve(found))


def _model_first(found: list[Finding]) -> list[Finding]:
    """For ``entities``, a rule span that overlaps a model span gives way to it.

    Masking takes the union of overlapping spans (a leak costs more than an
    extra masked char), but an entity list is read for its boundaries: where
    the statistical model found a mention, its span is kept as it is, and the
    rules add only mentions the model did not see at all.
    """
    model = sorted((f.start, f.end) for f in found if f.source in _MODEL_SOURCES)
    if not model:
        return found
    starts = [a for a, _ in model]
    out = []
    for f in found:
        if f.source not in _MODEL_SOURCES:
            # model spans do not overlap each other: only the last one starting before f ends can reach f
            k = bisect.bisect_left(starts, f.end) - 1
            if k >= 0 and model[k][1] > f.start:
                continue
        out.append(f)
    return out


#: The sentence :func:`warm_up` detects in: a title, a name and a phone number.
_WARM_UP_TEXT = "预热：联系人李慧，电话13800000000。"


def warm_up(*, policy: Policy = DEFAULT_POLICY, ner: bool = True, entities: bool = False) -> None:
    """Load every table and model detection reads, so that the first document costs what any
    other does (a batch loads them before it forks its workers, which then share them).

    Detection on a short sentence with a name loads the lexicons, the automata and (with
    ``ner``) the NER model; with ``entities``, the entity list's too (:func:`detect`: the NER span
    model and its names). The domain segmenter is read only by rules that follow a name already
    found (:func:`_body_tails`, :func:`_counted_sites`), so it is loaded here by name.
    """
    from baogao.segment import get_segmenter

    get_segmenter().cut(_WARM_UP_TEXT)
    if entities:
        detect(_WARM_UP_TEXT, policy=policy, ner=ner)
    else:
        find_all(_WARM_UP_TEXT, policy=policy, ner=ner)


def find_all(
    text: str,
    *,
    policy: Policy = DEFAULT_POLICY,
    ner: bool = True,
    tagger_min: float | None = sensitive_tagger.MIN_SCORE,
) -> list[Finding]:
    """Sensitive spans of ``text`` under ``policy``: non-overlapping, sorted, with text.

    Letter-spaced runs (``张 建 国``, ``1 3 8 1 2 …``, as a PDF with character spacing
    reads) are also read with their spaces taken out; see :func:`despaced`.
    ``tagger_min`` is the score a span of the report-trained tagger needs (None: its
    spans are not used).
    """
    text = scrub_surrogates(text)
    found = _find_all(text, policy=policy, ner=ner, tagger_min=tagger_min)
    spaced = despaced(text)
    if spaced is None:
        return found
    return spaced.merge(text, found, _find_all(spaced.text, policy=policy, ner=ner, tagger_min=tagger_min))


def _masking_view(text: str, f: Finding, tagger_min: float | None) -> Finding | None:
    """What of an entity candidate is masked: rule spans as found, NER spans that look like
    what the rules know (:func:`_for_masking`), tagger spans scored ``tagger_min`` or more (those
    below ``sensitive_tagger.RUN_MIN`` only with a name's shape, :func:`_faint_guess_ok`)."""
    if f.source == NER_VITERBI:
        return _for_masking(text, f)
    if f.source == sensitive_tagger.SOURCE:
        if tagger_min is None or f.score < tagger_min or any(c in MASK_CHARS for c in f.text):
            return None  # (a span over a mask is the mask's neighbour read as its kind: ×××|分公司)
        # (a company's legal name keeps its province: 山西正信工程监理有限公司 is one name)
        legal = f.label == "ORG" and f.text.endswith(tuple(org.LEGAL_FORMS))
        cut = location.province_cut(f.text) if f.label != "PERSON" and not legal else 0
        if _PROVINCE_KIND.fullmatch(f.text[cut:]) and (cut or location.province_before(text, f.start)):
            return None  # 新疆|维吾尔自治区: a province's full name, which is public
        head = next((h for h in _ACCOUNT_LABELS if f.text.startswith(h)), "") if f.label == "ORG" else ""
        cut = cut or (len(head) if len(f.text) - len(head) >= 4 else 0)
        if cut:  # provinces are public: 云南|鲁布革水电站; an account's label is no name: 开户行|中国建设银行…
            f = f.shifted(f.start + cut, f.end, f.text[cut:])
        f = _without_adverb(f)
        certain = f.score >= sensitive_tagger.CERTAIN
        if not _tagger_span_ok(f.text) or not _tagger_shape_ok(f.label, f.text, certain=certain):
            return None
        if f.score < sensitive_tagger.SURE and in_vocabulary(f.text) or _department_before_name(text, f):
            return None  # an unsure guess at a dictionary word (换热站, 马拉松): no name; 安监科|郭晓燕
        if f.label == "PERSON" and f.score < sensitive_tagger.CERTAIN and (
            _word_not_name(text, f) or _opens_inside_word(text, f)
        ):
            return None  # 包装, 中|华文明: a verb of the dictionary, or a span that starts inside a word
        # (not when the tagger is sure: 老班长|江海洋 opens inside 长江)
        after = text[f.end : f.end + 1]
        if f.text.endswith(_CODE_LABELS) and (after.isascii() and after.isalnum() or after in MASK_CHARS and after):
            return None  # a code's label read as a place (原注册号|1402…): the code is found by its label
        g = _whole_codes(text, f)
        if g is not None and f.score < sensitive_tagger.RUN_MIN and not _faint_guess_ok(text, g):
            return None
        return g
    return f


#: Chars that neither open nor close a faint guess of the tagger (鹰潭|到, 农民|所, 苏联|是).
_GUESS_EDGE_CHARS = FUNCTION_CHARS | frozenset("到所以既使如有人为")
#: Chars that no faint guess holds: they join or end clauses, not names (黄埔|或|佛山, 智能化|让|老矿).
_GUESS_INNER_CHARS = frozenset("的或让需把被将是了着过们")


def _faint_guess_ok(text: str, f: Finding) -> bool:
    """A faint guess of the tagger (scored below ``sensitive_tagger.RUN_MIN``) has a name's shape
    and clean edges: neither edge falls inside a dictionary word (新|华社, 子|孙后代), no function
    char opens or closes it, no determiner, 的 or 或 stands inside it; a person is two or three Han
    chars that are no dictionary word; a place or a unit ends in its kind word, is not named by its
    level alone or after an ordinary word (县|人民医院, 报告|县|医保局) and holds a proper or unknown
    part (not 轻纺|工业 alone)."""
    if _edge_in_word(text, f.start) or _edge_in_word(text, f.end):
        return False
    if f.text[0] in _GUESS_EDGE_CHARS or f.text[-1] in _GUESS_EDGE_CHARS:
        return False
    if any(c in _GUESS_INNER_CHARS for c in f.text) or location.CUT.search(f.text):
        return False  # 准旗|各矿, 洛阳|的|滚珠轴承厂, 黄埔|或|佛山: a determiner, 的 or 或 ends a name
    if f.label == "PERSON":
        return 2 <= len(f.text) <= 3 and all(is_han(c) for c in f.text) and not in_vocabulary(f.text)
    level = next((i for i, c in enumerate(f.text) if c in "省市县区乡镇村"), None)
    if level == 0 or level is not None and is_common_word(f.text[:level]):
        return False  # 县|人民医院, 报告|县|医保局, 我们|村: a body or place named by its level, not its name
    if not _ends_in_kind(f.text):
        return False  # 锡盟|范围, 云计算: a place or a unit guessed this faintly must end in its kind
    return any(cls in (PROPER, SINGLE) for _, _, cls in name_tokens(f.text, frozenset()))


def _ends_in_kind(span: str) -> bool:
    """Whether a unit's or a place's span ends in a kind word or char (…矿业, …罐区, …站, …县)."""
    kinds, _, _ = _kind_words()
    return span.endswith(kinds) or span[-1] in _KIND_CHARS or span[-1] in "区县市镇乡村旗"


def _edge_in_word(text: str, i: int) -> bool:
    """Whether the chars on both sides of offset ``i`` make a dictionary word."""
    if i <= 0 or i >= len(text) or not (is_han(text[i - 1]) and is_han(text[i])):
        return False
    pair = text[i - 1 : i + 1]
    return word_info(pair) is not None or in_vocabulary(pair)


#: What follows a province's short name in its full name (新疆|维吾尔自治区, 广西|壮族自治区).
_PROVINCE_KIND = re.compile(r"(?:维吾尔|壮族|回族)?自治区|省|特别行政区")
def _word_not_name(text: str, f: Finding) -> bool:
    """A tagger's person that is a two-char verb of the dictionary (包装; jieba tags 林立, 陈列 as
    names, so they pass)."""
    info = word_info(f.text) if len(f.text) == 2 else None
    # (nouns and adjectives are given names as well: 蓝海, 宁静, 舒畅)
    return info is not None and info[1] in ("v", "vn", "vd", "vi")


def _opens_inside_word(text: str, f: Finding) -> bool:
    """A tagger's person that starts inside a frequent word (中|华文明)."""
    before = word_info(text[f.start - 1 : f.start + 1]) if f.start > 0 else None
    return before is not None and before[0] >= 1000 and not before[1].startswith("nr")


#: An account's labels before its bank or holder, as the tagger may take them in (|户行|中国建设银行…支行).
_ACCOUNT_LABELS = ("开户银行", "开户行", "户行", "户名")
#: Words that end a code's label (原注册号, 工单编号, 结算账号, 项目代码).
_CODE_LABELS = ("注册号", "证号", "编号", "单号", "账号", "卡号", "文号", "代码", "编码", "批号", "户号", "案号", "登记号")


def _whole_codes(text: str, f: Finding) -> Finding | None:
    """A tagger span that cuts a run of ASCII letters and digits: a word of letters is taken
    whole (海晟号FP|SO → 海晟号FPSO, a vessel's type), a number left out (张三|1381|2345678: a
    name before a phone, not a place ending in its first digits); None when nothing is left."""
    a, b = f.start, f.end
    if a < b < len(text) and _is_code_char(text[b - 1]) and _is_code_char(text[b]):
        run_a, run_b = _code_run(text, b)
        run_a = max(run_a, a)
        b = run_b if text[run_a:run_b].isalpha() else run_a
    if 0 < a < b and _is_code_char(text[a - 1]) and _is_code_char(text[a]):
        run_a, run_b = _code_run(text, a)
        run_b = min(run_b, b)
        a = run_a if text[run_a:run_b].isalpha() else run_b
    if (a, b) == (f.start, f.end):
        return f
    return f.shifted(a, b, text[a:b]) if b - a >= 2 else None


def _code_run(text: str, at: int) -> tuple[int, int]:
    """The run of code chars around the boundary ``at`` (chars ``at - 1`` and ``at`` both in it)."""
    start, end = at, at
    while start > 0 and _is_code_char(text[start - 1]):
        start -= 1
    while end < len(text) and _is_code_char(text[end]):
        end += 1
    return start, end


def _is_code_char(c: str) -> bool:
    # a mask counts as the code it replaced: hr@bank.cn|7县 and ××××××××××|7县 must read alike
    return (c.isascii() and c.isalnum()) or c in MASK_CHARS


@lru_cache(maxsize=8192)
def _tagger_shape_ok(label: str, span: str, *, certain: bool = False) -> bool:
    """A tagger span has the shape of its label: a person's name opens with a surname or is
    written in the syllables of a transliterated name; an organisation or a place ends in a
    kind word or char (…矿业, …罐区, …站) or is a coined word the dictionary does not know.

    A span the tagger is ``certain`` of (``sensitive_tagger.CERTAIN``) needs less: two to four
    Han chars that are no dictionary word for a person (向红军, 岩温, 才让东智: a given name
    that is a word, no surname of the list); no dictionary word and no frequent word first for
    a unit or a place (桃源|社区, 石门|支行: heads that are ordinary words, which rules must
    refuse), public bodies and kinds of place still refused.
    """
    if label == "PERSON":
        if any(c in "·•" for c in span) or span.isascii():
            return True
        if span.endswith(("总理", "主席", "同志", "总书记", "委员长")):
            return False  # 周总理, 陈云同志: a public figure named by office
        if certain and 2 <= len(span) <= 4 and all(is_han(c) for c in span) and not in_vocabulary(span):
            return True
        long_name = _long_name(span)
        if long_name is not None:
            return long_name
        k = person.surname_at(span, 0)
        if k and person.plausible_name(span, k):
            return True
        return person.transliterated(span)  # 高素质: a surname char opening an ordinary word
    if _ADDRESS_END.search(span) or _admin_headed(span):
        return True  # …路18号: an address; 宁川县|广播电视台, 丹峰县石门镇…: a place's own
    if span[-1] in "部局委厅署处科室" and is_common_word(span[:-1]):
        return False  # 交通部, 财政局, 党群部: a ministry or a department named by its field
    if org._is_public(span, org._tables()) or span.endswith(("思想", "主义", "法", "条例")):
        return False  # 国家发展改革委, 毛泽东思想, 许可法: national bodies, doctrines and laws
    if certain and _unusual_head(span):
        return True  # (大塘|磷矿, 老港|分库 too: a size char opening a rare word)
    if span[0] in location._SIZE_WORDS and not _sized_name(span):
        return False  # 大城市, 小城镇, 中小煤矿: a kind of place, not one (大坪村, 中联海油有限公司 are)
    if all(cls not in (PROPER, RARE, SINGLE) for _, _, cls in name_tokens(span, location._tables().generic)):
        return False  # 农业|合作社, 地方|政府, 经济|技术|开发区: ordinary words only
    if _ends_in_kind(span) or span[-1] in "部室处科所队组中心":
        return True
    body = next((k for k in _body_kinds_longest() if span.endswith(k)), None)
    if body is not None and not span.endswith(_ORDINARY_ENDS) and _coined(span[: -len(body)]):
        return True  # 何家岭茶园|基地, 西沙岗渔光互补|项目: a coined name and a kind the body tails know
    return not in_vocabulary(span) and len(span) <= 6


#: Dictionary frequency from which a head word is too common to name a unit on the tagger's
#: word alone (桃源 353, 石门 672 are below it; 黄河 3241, 经济 48718 above).
_FREQUENT_HEAD = 1000


def _unusual_head(span: str) -> bool:
    """Whether a unit's or a place's span is no dictionary word, holds no Latin letters, and
    does not open with a frequent word (经济|技术|开发区, 东北|老工业基地, 老|工业…), a numeral or a
    pronoun (许多|农业合作社, 某|律师事务所): its head is what names it (桃源|社区, 大|黑山)."""
    if in_vocabulary(span) or span[0] in "某该各这每" or any(c.isascii() and c.isalpha() for c in span):
        return False
    if len(span) >= 4 and span[0] == span[2]:
        return False  # 大江大河, 大江大河大湖: a parallel phrase, no name
    tokens = name_tokens(span, location._tables().generic)
    sized = span[0] in location._SIZE_WORDS
    if sized and len(tokens) > 1 and tokens[0][1] == 1:
        tokens = tokens[1:]  # 大|黑山, 老|工业基地: the word after a size char is the head
    start, end, _ = tokens[0]
    info = word_info(span[start:end])
    if sized:  # 大塘|磷矿, 大|黑山 are places; 中小|煤矿, 老旧|小区 kinds of place
        return info is not None and info[1].startswith("ns")
    return info is None or (info[0] < _FREQUENT_HEAD and info[1] not in ("m", "r", "q"))


#: A street address: a street word and a house number at the end (…启航路168号, …纬三路18号).
_ADDRESS_END = re.compile(r"[路街道巷弄里][0-9０-９]{1,5}号(?:院|楼)?$")
#: Kind words that end ordinary phrases as well as names (南水北调|工程, 经济技术|开发区 are no
#: site); a span ending in them needs another sign of a name.
_ORDINARY_ENDS = ("工程", "开发区", "地区", "中心")


def _sized_name(span: str) -> bool:
    """Whether a span opening with a size word (大, 小, 中, 新, 老 …) is a name all the same: a
    village or town whose name is no word (大坪|村, 新华路|街道), or a company by its legal name
    (中联海洋油气|集团有限公司, 中原陆港物流|集团)."""
    for suffix in ("街道", "村", "镇", "乡"):
        if span.endswith(suffix) and len(span) > len(suffix) + 1:
            return not in_vocabulary(span[: -len(suffix)])
    legal = lexicon()["org"]["legal_suffixes"]
    return any(span.endswith(k) and len(span) >= len(k) + 3 for k in legal)


@lru_cache(maxsize=1)
def _body_kinds_longest() -> tuple[str, ...]:
    return tuple(longest_first(_body_kinds()))


def _coined(head: str) -> bool:
    """Whether a name's head is coined: two chars or more the dictionary does not know, or a rare
    word (何家岭茶园, 库木巴格蚕桑), not ordinary words with one odd char (东北老工业, 北方农村中)."""
    classes = [cls for _, _, cls in name_tokens(head, location._tables().generic)]
    return classes.count(SINGLE) >= 2 or RARE in classes


@lru_cache(maxsize=4096)
def _admin_headed(span: str) -> bool:
    """Whether ``span`` opens with a named city, county, district or town below the province
    (桐江市|卫生健康委员会, 丹峰县|石门镇…): a head of two or three chars, not a province, a common
    word or a kind of place, then 市, 县, 区 (not 地区), 镇, 乡 or 旗, and more after it."""
    if location.province_cut(span):
        return False
    for k in (2, 3):
        if len(span) <= k + 1 or span[k] not in "市县区镇乡旗" or span[k - 1 : k + 1] == "地区":
            continue
        head = span[:k]
        if not all(is_han(c) for c in head) or head[0] in location._SIZE_WORDS:
            continue
        if is_common_word(head) or head in location.countries() or (word_info(head) or (0, ""))[0] >= 1000:
            continue  # 城市|…, 开发区, 东北地区; 青岛|市 and other well-known cities are not read here
        return True
    return False


def _is_quantity(span: str) -> bool:
    """A number and its measure word, nothing else: 10千伏, 110千伏, 3号 (not 3号斜井)."""
    rest = span.lstrip("0123456789０１２３４５６７８９.．")
    if rest == span:
        return False
    if rest[:1] in ("十", "百", "千", "万", "亿") and len(rest) > 1:
        rest = rest[1:]
    return 1 <= len(rest) <= 2 and all(is_han(c) for c in rest)


#: Words that open a phrase about some or all of a kind (其他小煤矿, 相关单位, 部分乡镇), never a name.
_DETERMINERS = ("其他", "其它", "其余", "有关", "相关", "所有", "部分", "一些", "全部", "这些", "那些", "各个", "个别", "多个")


@lru_cache(maxsize=8192)
def _tagger_span_ok(span: str) -> bool:
    """Whether a span of the report-trained tagger may be a name at all.

    The tagger learnt from reports; on other prose (a 1950s government report) it also
    tags ordinary words (人民, 小城镇, 地方政府), countries and world regions. A word the
    dictionary knows as an ordinary word, a country, a continent or a national-level
    phrase is not masked on its evidence.
    """
    if len(span) < 2 or not any(is_han(c) for c in span):
        return False
    if _is_quantity(span):
        return False  # 10千伏|配变增容改造: a quantity opens the phrase, no line or site is named
    if is_common_word(span) or span in location.countries() or span.endswith(("两国", "当局", "地区")):
        return False
    if span.startswith(_DETERMINERS):
        return False  # 其他|小煤矿, 相关|单位: a phrase about some of a kind, not a name
    if in_vocabulary(span) and not is_proper_word(span):
        return False
    info = word_info(span)
    return info is None or info[0] < 1000  # 黄河, 长江, 华北: places every report may name


def _find_all(
    text: str,
    *,
    policy: Policy = DEFAULT_POLICY,
    ner: bool = True,
    candidates: list[Finding] | None = None,
    tagger_min: float | None = sensitive_tagger.MIN_SCORE,
) -> list[Finding]:
    """:func:`find_all` of the text as it is.

    Labels outside ``policy.labels`` are not returned (and never widen others).
    ``candidates`` lets a caller that already ran the entity recognizers reuse them.
    """
    text = scrub_surrogates(text)
    found: list[Finding] = []
    for recognize in PATTERN_RECOGNIZERS:
        found += recognize(text)
    entities = entity_candidates(text, ner=ner) if candidates is None else candidates
    entities = [f for f in entities if f.source != NER_SPANS]  # masking reads the Viterbi spans
    allow = _allowlist() | policy.allow | _titled_leaders(text, entities)
    found += [g for g in (_masking_view(text, f, tagger_min) for f in entities) if g is not None]
    if policy.register:
        found += register.find(text, register=policy.register)
    found = _drop_allowed(text, found, allow)
    found += _drop_allowed(text, _remember(text, found, allow), allow)
    found += _deny(text, policy.deny)
    found += partial.find(text)
    labels = policy.labels | {"DENY"}
    found = [f for f in found if f.label in labels]
    extra: list[Finding] = []
    if found:
        extra = _leftovers(text, found, labels)
        if ner:
            new = _ner_after_masking(text, found + extra, labels, allow, tagger_min)
            extra += _settle(text, found + extra, new, labels, allow, tagger_min, ner=ner)
        found += extra
    settled = len(found)  # what follows adds or widens masks after the rounds above
    resolved_at: list = [-1, []]

    def resolved() -> list[Finding]:
        """``resolve(found)``, again only when ``found`` has grown since (most rules add nothing).

        ``found`` only grows below, so its length says whether the last union still holds."""
        if resolved_at[0] != len(found):
            resolved_at[:] = [len(found), resolve(found)]
        return resolved_at[1]

    if found:
        # names first seen next to a mask are names everywhere else too
        found += [f for f in _remember(text, extra, allow) if f.label in labels]
        if "LOCATION" in labels:
            found += _project_tails(text, resolved())
        found += _acronyms(text, resolved(), labels) + _store_tails(resolved(), text)
        found += _kind_tails(text, resolved())
        found += _body_tails(text, resolved())
        found += _name_edges(text, resolved())
        edged = resolved()  # the shop names are read off the masks before the address tails
        if "LOCATION" in labels:
            found += _address_tails(text, edged)
            found += _village_groups(text, resolved())
        if "ORG" in labels:
            found += _shop_names(text, edged)
        if "PERSON" in labels:
            for _ in range(_LIST_ROUNDS):  # a mate found is a name whose own neighbours are read next
                mates = _person_list_mates(text, resolved())
                found += mates
                if not mates:
                    break
            found += _nicknames(text, resolved())
        if "LOCATION" in labels:
            found += _place_list_mates(text, resolved())
            found += _drop_allowed(text, _bare_place_names(text, resolved()), allow)
            found += _drop_allowed(text, _short_place_forms(text, resolved()), allow)
            found += _drop_allowed(text, _bare_list_mates(text, resolved()), allow)
        if "ID_NUMBER" in labels and _YEAR_IN_BRACKETS.search(text):
            found += _local_document_numbers(text, resolved())
            found += _bracketed_places(text, resolved())
        if "ORG" in labels:
            found += _drop_allowed(text, _local_bodies(text, resolved()), allow)
            # (after the tails: the initialism is the name; what follows it is its own unit)
            found += _drop_allowed(text, _initialisms(text, resolved()), allow)
    if "LOCATION" in labels:
        found += _counted_sites(text) + _flat_numbers(text) + _county_named_towns(text)
    if "ORG" in labels:
        found += _ship_names(text)
        found += _drop_allowed(text, _title_and_signature_names(text) + _account_names(text), allow)
        found += [Finding(m.start(), m.end(), "ORG", m.group(), _MEMORY_SOURCE, 0.6, {"kind": "numbered"})
                  for m in _NUMBERED_UNIT.finditer(text)]
    # a name these found is a name at its other occurrences too (柳湾渡口、石门渡口 … 石门渡口新建);
    # a two-char one (北湖、和平两热源) is left where it stands: 和平 is mostly the word
    # (names as found, not their short forms; not a title line's department, which the rule takes
    # for the unit's own name only there; not numbered parts: 2号机组 is in every plant)
    later = [
        f for f in found[settled:]
        if len(f.text) >= 3 and f.label in ENTITY_LABELS and f.attrs.get("kind") != "title"
        and all(is_han(c) for c in f.text)
    ]  # fmt: skip
    found += [f for f in _remember(text, later, allow, short=False) if f.label in labels]
    # those masks may leave or reveal leftovers too (…矿长矿|司): the same rounds, around them only
    found += _settle(text, found[:settled], found[settled:], labels, allow, tagger_min, ner=ner)
    return _with_text(text, resolve(found))


def _settle(
    text: str,
    found: list[Finding],
    new: list[Finding],
    labels: frozenset[str],
    allow: frozenset[str],
    tagger_min: float | None,
    *,
    ner: bool,
) -> list[Finding]:
    """What the masks ``new`` bring about beside ``found``, round by round until nothing new (at
    most three rounds): their leftovers and the names the rules see next to them
    (:func:`_leftovers`), then the names the model sees once they are masked, which are masked in
    turn (×××李22有限公司 → ×××××××××张安矿长)."""
    extra: list[Finding] = []
    for _ in range(3):
        new = _uncovered(new, found + extra)
        if not new:
            break
        new += _leftovers(text, found + extra + new, labels, newest=new)
        extra += new
        new = _ner_after_masking(text, found + extra, labels, allow, tagger_min, around=new) if ner else []
    return extra


def _uncovered(new: list[Finding], found: list[Finding]) -> list[Finding]:
    """The findings of ``new`` that hold a char no finding of ``found`` covers."""
    covered = _covered(found)
    return [g for g in new if any(i not in covered for i in range(g.start, g.end))]


#: An acronym given in brackets right after a name: 东港码头（DGCT）. It stands for the name
#: everywhere else in the report (DGCT“码头尖兵”).
_ACRONYM = re.compile(r"[（(]([A-Z]{2,6})[)）]")
#: A store or branch named after its company: 康泽大药房|人民路旗舰店, 康泽大药房|金湖社区店.
_STORE = re.compile(r"[\u4e00-\u9fff]{2,5}?(?:旗舰店|社区店|分店|门店|店)(?![\u4e00-\u9fff]?长|员)")


#: A short name declared in the brackets after a name: 燕北钢铁集团有限公司（以下简称YBSG）,
#: …有限公司（以下简称“瓯越跨境”，英文缩写OYCL）.
_DECLARED = re.compile(
    r"(?:以下简称|以下称|下称|简称|英文缩写|英文简称|缩写)[为：:]?[“\"「]?"
    r"(?P<alias>[A-Za-z][A-Za-z0-9&]{1,9}|[\u4e00-\u9fff]{2,8}?)(?=[”\"」]?(?:[，,、；;)）]|$))"
)
_BRACKETED = re.compile(r"[（(]([^（()）\n]{2,40})[)）]")


def _acronyms(text: str, found: list[Finding], labels: frozenset[str]) -> list[Finding]:
    """Short names a report gives a name in brackets right after it, masked wherever they occur:
    an acronym alone (东港码头（DGCT）) or a declared one (（以下简称“泺源轮胎”，英文缩写LYTR））."""
    out: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    ends = {f.end: f for f in found if f.label in ("ORG", "LOCATION")}
    for m in _BRACKETED.finditer(text):
        named = ends.get(m.start())
        if named is None or named.label not in labels:
            continue
        inside = m.group(1)
        aliases = [inside] if _ACRONYM.fullmatch(m.group()) else []
        aliases += [a.group("alias") for a in _DECLARED.finditer(inside) if _may_stand_for(a.group("alias"), named.text)]
        for alias in aliases:
            if (alias, named.label) in seen:
                continue  # every occurrence is found once, however often the short name is declared
            seen.add((alias, named.label))
            edge = "A-Za-z" if alias.isascii() else ""
            pattern = rf"(?<![{edge}]){re.escape(alias)}(?![{edge}])" if edge else re.escape(alias)
            out += [Finding(a.start(), a.end(), named.label, alias, _MEMORY_SOURCE, 0.7) for a in re.finditer(pattern, text)]
    return out


#: Acronyms of techniques, systems and measures that work reports use every day: never a firm's.
_TECHNICAL_ACRONYMS = frozenset(
    ["GDP", "CPI", "PPI", "LNG", "CNG", "LPG", "SCR", "SNCR", "HSE", "QHSE", "EHS", "EPC", "PPP", "BIM", "ERP", "MES", "DCS", "PLC", "SIS", "GPS", "GIS", "APP", "KPI", "CEO", "CFO", "ISO", "IPO", "ESG", "LED", "ETC", "CBD", "PDCA", "CAD", "CAE", "CNC", "AGV", "RFID", "SAP", "OA", "OTC", "VIP", "MVP", "NBA", "IDC", "CDN", "SDK", "API", "RPA", "BOT", "TOT", "BOO", "BOOT", "EPCM", "PMC", "CMA", "CNAS", "CMC", "GMP", "GSP", "HACCP", "WHO", "UPS", "EMS", "TPM", "TQM", "JIT", "OEE", "SOP", "QCC", "PCB", "SMT", "LCD", "OLED", "USB", "WIFI", "IOT", "BMS", "EVA", "PVC", "HDPE", "PET", "TBM", "CFG", "MBR", "AAO", "SBR", "UASB"]
)
#: A run of three to six capitals standing alone (LZCT, HCQS, KWL): a unit's initialism.
_CAPITALS = re.compile(r"(?<![A-Za-z0-9])[A-Z]{3,6}(?![A-Za-z0-9])")


def _initialisms(text: str, found: list[Finding]) -> list[Finding]:
    """A company's Latin initialism that the report uses without declaring it: capitals whose
    first two letters are the pinyin initials of the first two chars of an organisation it names
    (澜州城投 … LZCT财务共享中心, 衡川桥隧 … HCQS平台, 北辰叶片 … BCB叶片检测实验室). The rest of the
    letters may spell the kind in English or in pinyin (CT 城投, QS 桥隧, OC operating company)."""
    if not _CAPITALS.search(text):
        return []
    heads: set[str] = set()
    regions = location._tables().regions
    for f in found:
        if f.label == "ORG" and len(f.text) >= 3 and not location.province_cut(f.text) and f.text[:2] not in regions:
            # (not after a province or a region: 广东 and 辽宁 open GDP and LNG as often as a firm's name)
            pair = [pinyin_initial(c) for c in f.text[:2]]
            if all(pair):
                heads.add("".join(pair))  # type: ignore[arg-type]
    if not heads:
        return []
    spans = [(f.start, f.end) for f in found]
    return [
        Finding(m.start(), m.end(), "ORG", m.group(), _MEMORY_SOURCE, 0.6, {"kind": "initialism"})
        for m in _CAPITALS.finditer(text)
        if m.group()[:2] in heads and m.group() not in _TECHNICAL_ACRONYMS and clear_of(spans, m.start(), m.end())
    ]


def _may_stand_for(alias: str, name: str) -> bool:
    """A declared short name stands for the name: Latin letters, or Chinese that opens with one of
    the name's own chars and is no ordinary word (以下简称“公司”, “集团” stand for nothing)."""
    if alias.isascii():
        return alias[:1].isalpha() and sum(c.isupper() for c in alias) >= 2
    return alias[0] in name and not is_common_word(alias) and alias not in _GENERIC_ALIASES


_GENERIC_ALIASES = frozenset({"本公司", "我公司", "公司", "集团", "本集团", "我集团", "甲方", "乙方", "本单位", "项目", "本项目"})


def _store_tails(found: list[Finding], text: str) -> list[Finding]:
    """A company's stores named after it: 康泽大药房 + 人民路旗舰店 is one name."""
    out = []
    for f in found:
        m = _STORE.match(text, f.end) if f.label == "ORG" else None
        if m is not None:
            out.append(f.shifted(f.start, m.end(), text[f.start : m.end()]))
    return out


@lru_cache(maxsize=1)
def _tail_kinds() -> Prefixes:
    """Kind words that may follow a name already found: the lexicon's zone and site kinds and its
    ``tail_kinds``, words too general to make a site of an unknown name (平台, 终端) but that finish
    one already known (锦华9-2|油田, 龙口湾陆地|终端)."""
    return Prefixes.of(_kind_set(("zone_suffixes", "site_suffixes", "tail_kinds")))


def _kind_set(location_keys: tuple[str, ...], org_keys: tuple[str, ...] = (), minus: tuple[str, ...] = ()) -> frozenset[str]:
    """The kind words of two chars or more in the lexicon's ``location`` and ``org`` lists named by
    ``location_keys`` and ``org_keys``, less the words ``minus``."""
    loc, o = lexicon()["location"], lexicon()["org"]
    words = {w for key in location_keys for w in loc[key]} | {w for key in org_keys for w in o[key]}
    return frozenset(w for w in words - set(minus) if len(w) >= 2)


#: A numbered part of a site between its name and its kind: 银屿作业区|B3|堆场, 翠峰电站|2号|备件库.
_SITE_CODE = re.compile(r"[A-Z]?[0-9]{1,3}号?(?=[\u4e00-\u9fff])")


def _kind_tails(text: str, found: list[Finding]) -> list[Finding]:
    """A place or organisation found without its kind word gets it: the reader of 锦华9-2|油田 or
    ×××|陆地终端 learns the site's kind and, from a unique one, the site (a masked name with its
    kind left standing is still a leak when the annotator masks them together)."""
    out = []
    kinds = _tail_kinds()
    for f in found:
        if f.label not in ("LOCATION", "ORG") or f.end >= len(text):
            continue
        room = _ROOM.match(text, f.end) if f.label == "LOCATION" and _BUILDING_END.search(f.text) else None
        if room is not None:
            # …综合楼五楼|会议室, …大厦|1508会议室: the room where a meeting sat is part of its address
            out.append(f.shifted(f.start, room.end(), text[f.start : room.end()]))
            continue
        code = _SITE_CODE.match(text, f.end) if f.label == "LOCATION" else None
        at = code.end() if code is not None else f.end  # …作业区|B3|堆场, …电站|2号|备件库
        if at >= len(text) or not is_han(text[at]):
            continue
        if f.label == "ORG" and f.text.endswith(("公司", "集团", "局", "委", "委员会", "厅", "院", "所", "中心")):
            continue  # 西北公司|矿山: a company's sites are its business, not part of its name
        rest = text[at : at + 8]
        crossing = _CROSSING.match(text, at) if f.label == "LOCATION" and _JOINED_ROADS.search(f.text) else None
        if crossing is not None:
            # 滨河大道与建设路|交叉口|东北侧: two roads named together are a crossing, with the way from it
            out.append(f.shifted(f.start, crossing.end(), text[f.start : crossing.end()]))
            continue
        k = kinds.longest(rest)
        if k is None:
            continue
        if k in _SITE_OF_A_PLACE and text[at - 1] in "省市县":
            continue  # 瑞澜市|口岸, 岑岭县|集镇: the city's crossings or towns, not one named
        if k in _GATES and not text[f.start : at].endswith(_GATED):
            continue  # a gate is a park's or a scenic area's (凤山公园|南门), not a village's
        end = at + len(k)
        if end < len(text) and is_han(text[end]) and (word_info(text[end - 1 : end + 1]) or (0, ""))[0] > 0:
            continue  # …|基地址: the kind word's last char opens the next word
        out.append(f.shifted(f.start, end, text[f.start : end]))
    return out


#: A building, or a floor or room of it, at the end of a place (…综合楼, …大厦18楼, …大楼401)…
_BUILDING_END = re.compile(r"(?:楼|层|厦|座|中心|[0-9０-９]{3,4})$")
#: …and the room after it, with its floor or number when the place stops before them.
_ROOM = re.compile(
    r"(?:[0-9０-９一二三四五六七八九十]{1,2}[楼层]|[0-9０-９]{3,4})?(?:第[一二三四五六七八九十0-9０-９]{1,2})?"
    r"(?:大会议室|小会议室|会议室|报告厅|多功能厅|会议中心|会客室|接待室|培训室|活动室)"
)
#: Two roads named together (…大道与…路): a crossing's name, which its kind word closes.
_JOINED_ROADS = re.compile(r"(?:路|街|道|巷)(?:与|和)[\u4e00-\u9fff0-9]{1,8}(?:路|街|道|巷)$")
#: The kind word of a crossing, and the way from it an address may add (…交叉口东北侧, …交叉口东200米).
_CROSSING = re.compile(r"(?:十字路口|丁字路口|交叉口|交汇处|交会处|路口)(?:[东南西北]{1,2}(?:侧|角)?(?:[0-9]{1,4}米)?)?")
#: Tail kinds that name one site after a place's own name (勐嘎|口岸, 高寨|集镇), but a kind of
#: site after a city or a county (瑞澜市|口岸).
_SITE_OF_A_PLACE = frozenset(["口岸", "集镇", "古城", "渡口", "道班"])
#: Gates of a scenic area, a park, a square or an estate, named with it (金湖峡谷景区|北门).
_GATES = frozenset(["东门", "南门", "西门", "北门"])
_GATED = ("景区", "风景区", "公园", "森林公园", "湿地公园", "广场", "小区", "古镇", "古城", "园区")
#: One-char kinds that close a body or a site named after a place or a company (…照明|处,
#: …良种繁育|场, …晋阳动车|段), when the segmenter leaves them standing alone.
_BODY_CHARS = frozenset("站厂矿库场港桥园馆院所校楼坝渠闸井队处局段办店委社营")
#: Parts of speech that open a clause or a part of a site, not a body's name: adjectives (not the
#: adjectival nouns of a body's field: 农机|安全|监理站), adverbs,
#: prepositions, conjunctions, pronouns, particles, numerals, time, place and direction words
#: (…县|积极推进…, …市|各级…, …公司|今年…, …县|境内管段, …码头|后方堆场).
_CLAUSE_POS = ("a", "ad", "d", "p", "c", "r", "u", "m", "t", "q", "z", "e", "y", "o", "s", "f", "b")
#: Verbs of a report's clauses that name no body even right before a kind word:
#: …公司|合作建设…工厂, …大队|开展…尾矿库, …村|建设…基地.
_CLAUSE_VERBS = frozenset(
    [
        "建设", "合作", "完成", "开展", "部署", "中标", "上线", "运营", "共建", "新建", "建成", "打造", "推进", "实施",
        "加快", "组织", "参与", "承建", "改造", "开通", "投运", "投产", "关停", "开工", "竣工", "发展", "建立", "成立",
        "设立", "启动", "引进", "联合", "依托", "服务", "管理", "选址", "常驻", "带领", "新增", "负责",
        "设有", "建有", "拥有", "位于",
    ]
)
#: Nouns that open a clause after a name (…公司|全体员工, …村|一带, …法院|机关党委), and
#: words that take a share of the units (…旗|部分矿山).
_CLAUSE_NOUNS = frozenset(
    [
        "全部", "全体", "现场", "一带", "机关", "总部", "周边", "境内", "全年", "全面", "全力", "职工", "员工", "干部", "群众",
        "部分", "所属", "下属",  # …旗|部分矿山, …公司|所属矿井: a share of the units, none named
    ]
)


@lru_cache(maxsize=1)
def _body_kinds() -> frozenset[str]:
    """Kind words that close a body's or a site's name after a place or an organisation: the
    lexicon's zone, site and organisation kinds and its ``body_kinds``, less the business words
    (…区|燃气, …能源|科技) and its ``not_body_kinds`` (…茶业|电商平台, …社区|老旧管线)."""
    loc, o = lexicon()["location"], lexicon()["org"]
    return _kind_set(
        ("zone_suffixes", "site_suffixes", "tail_kinds", "body_kinds"),
        ("legal_suffixes", "unit_suffixes"),
        minus=(*o["weak_suffixes"], *loc["not_body_kinds"]),
    )


@lru_cache(maxsize=1)
def _site_kinds() -> tuple[str, ...]:
    """The lexicon's kinds of site, longest first (灰场 before 场)."""
    return tuple(longest_first(lexicon()["location"]["site_suffixes"]))


def _body_tails(text: str, found: list[Finding]) -> list[Finding]:
    """A body or a site named after a place or an organisation already found is masked whole:
    察罕县|民族中学, 沅州市|照明处, 宁江经济技术开发区|新材料产业园, 云峰市应急管理局|综合应急救援支队.

    The tail is read word by word (the segmenter's words, at most 12 chars) up to the first
    kind word (the lexicon's, or a one-char kind standing alone: 处, 场, 段), and must read as
    a body's name: no clause word (adverbs, prepositions, pronouns, numerals, time, place and
    direction words, the verbs and nouns that open a report's clauses), and a verb only right
    before the kind word, as an attribute (繁育|场, 照明|处), never before another word. Gold
    sets mark such bodies whole; masking the place alone leaves the body readable.
    """
    from baogao.segment import get_segmenter

    cut = get_segmenter().cut
    kinds = _body_kinds()
    out = []
    for f in found:
        if f.label not in ("LOCATION", "ORG") or f.end >= len(text) or not is_han(text[f.end]):
            continue
        if f.label == "LOCATION" and f.text.endswith(_site_kinds()):
            continue  # a site's parts are not bodies: …尾矿库|注采井, …填埋场|封场, …校区|总馆
        run = f.end
        while run < len(text) and run - f.end < 12 and is_han(text[run]):
            run += 1
        words = cut(text[f.end : run])
        pos, end = f.end, None
        for k, w in enumerate(words):
            if w in _CLAUSE_VERBS or w in _CLAUSE_NOUNS or (len(w) == 1 and w in _JOINING):
                break
            if w[0] in "两俩几数":
                break  # a count ends the name: 青石、白沙|两坑口 are two pits, not one named 白沙两坑口
            if k > 0 and _is_kind(w, kinds) or (k == 0 and w in kinds):
                end = pos + len(w)
                break
            info = word_info(w)
            tag = info[1] if info is not None else ""
            if (tag.startswith(_CLAUSE_POS) and tag != "an") or tag in ("ns", "nr"):
                break  # (a place or a person opens a new name: …银行|高质量发展贡献|滨江|分行)
            attribute = len(w) >= 2 and k + 1 < len(words) and _is_kind(words[k + 1], kinds)
            if tag.startswith("v") and tag != "vn" and not attribute:
                break
            pos += len(w)
        if end is not None:
            out.append(f.shifted(f.start, end, text[f.start : end]))
    return out


#: Single chars that join or govern words rather than name anything.
_JOINING = frozenset("的和与及或在对把将为被向从到由同跟等是了着也都又并而至距")


def _is_kind(w: str, kinds: frozenset[str]) -> bool:
    return w in kinds or (len(w) == 1 and w in _BODY_CHARS)


#: A list of bare site names before their count and kind: 青石、白沙|两坑口, 龙潭、北郊|等水厂,
#: 东岔、石门|两个料场. Each name is short and no frequent word; the kind says what they are.
_COUNTED = re.compile(
    r"(?P<names>(?:[\u4e00-\u9fff]{2,3}、){1,5}(?:(?!等)[\u4e00-\u9fff]){2,3})"
    r"(?:等?(?P<n>[2-9])(?:个|座|处|家|条|对)"  # …黄桥等|5个|收费站, 金石桥、山界|2对|服务区
    r"|(?:两|三|四|五|六|七|八|九|十|等)(?:个|座|处|家|条)?)(?=[\u4e00-\u9fff]{1,6})"
)


def _counted_sites(text: str) -> list[Finding]:
    """Bare site names listed before their count and a kind of site (:data:`_COUNTED`), each a
    LOCATION when every one of them is rare enough to be a name (:func:`_bare_name`), or, when the
    count is the number of names listed, no frequent word (隆回、洞口、竹市等3个收费站). The regex
    takes up to three chars for the first name; the segmenter says where it really starts."""
    from baogao.segment import get_segmenter

    cut = get_segmenter().cut
    out = []
    kinds = _site_words()
    for m in _COUNTED.finditer(text):
        rest = text[m.end() : m.end() + 8]
        if not any(rest.startswith(k) for k in kinds):
            continue  # …等|水厂, …两|坑口, …等|管护站; not …等|校园活动, …等|县域产业, …等|化工产品
        names = m.group("names").split("、")
        first = names[0]
        lead = ""
        for w in reversed(cut(text[max(0, m.start() - 4) : m.start() + len(first)])):
            if len(lead) >= 2 or not all(is_han(c) for c in w) or w in _JOINING or len(lead + w) > len(first):
                break
            lead = w + lead  # 加强|龙|渊 → 龙渊
        if len(lead) < 2:
            continue
        names[0] = lead  # the first name as the segmenter reads it: 加强|龙潭, 公司有|塘头
        counted = m.group("n") is not None and int(m.group("n")) == len(names)
        if not all(_bare_name(n) or counted and not is_frequent(n) for n in names):
            continue  # (a count that matches the list vouches for a name that is also a word: 洞口)
        at = m.start("names") + len(first) - len(lead)
        for n in names:
            out.append(Finding(at, at + len(n), "LOCATION", n, "counted_site", 0.6))
            at += len(n) + 1
    return out


@lru_cache(maxsize=1)
def _site_words() -> frozenset[str]:
    """Kinds of site (two chars or more) that a counted list of bare names may be: the lexicon's
    site kinds, its ``tail_kinds`` and ``body_kinds`` (水厂, 坑口, 厂区, 热源), not an organisation's
    and not the ``not_body_kinds`` (…人民网等|平台)."""
    not_body = tuple(lexicon()["location"]["not_body_kinds"])
    return _kind_set(("site_suffixes", "tail_kinds", "body_kinds"), minus=not_body)


def _bare_name(word: str) -> bool:
    """A short word that may name a site on its own: an unknown word or a rare one (青石, 东岔,
    北郊), not a frequent word (安全, 质量, 上海), a province or a country."""
    if word in location.countries() or location.province_cut(word):
        return False
    info = word_info(word)
    if info is None:
        return not any(c in _JOINING for c in word)
    return info[0] < 1000


#: A ship named in quotes before 轮: “闽远福星”轮, “海晟号”轮 (not a rota: “一岗多能”轮岗).
_ROTATION = frozenset(["轮岗", "轮训", "轮换", "轮值", "轮流", "轮班", "轮休", "轮次", "轮作", "轮转", "轮动", "轮候"])
_SHIP = re.compile(
    r"“(?P<name>[\u4e00-\u9fffA-Za-z0-9]{2,8})”(?=号?轮)"
    # …and a numbered vessel or rig before its kind: “海晟六号”平台, “华星9号”船
    r"|“(?P<rig>[\u4e00-\u9fff]{2,4}[一二三四五六七八九十0-9]{1,3}号)”(?=钻井平台|平台|船|钻井船)"
)


def _ship_names(text: str) -> list[Finding]:
    out = []
    for m in _SHIP.finditer(text):
        if m.group("rig") is not None:
            out.append(Finding(m.start("rig"), m.end("rig"), "LOCATION", m.group("rig"), "ship", 0.7))
            continue
        wheel = text.index("轮", m.end())
        if text[wheel : wheel + 2] not in _ROTATION:  # not “一岗多能”|轮岗, |轮训, |轮换
            out.append(Finding(m.start("name"), m.end("name"), "ORG", m.group("name"), "ship", 0.7))
    return out


#: What may follow a name's last syllable when it closes the name: punctuation or a space, or a
#: cue word (…孟和|被评为, …清和|等).
_AFTER_NAME = re.compile(r"(?:[^\u4e00-\u9fff]|被|等|同志|荣获|获评|获得|带领|牵头|分别|为|在)")


#: What a bank's branch is called; the bank's name before it belongs to the branch's.
_BRANCH_KINDS = ("支行", "分行", "营业部", "分理处")
#: A provincial, county or township road's code right before a place found on it: S205省道|苍岭检查站.
_ROAD_CODE_BEFORE = re.compile(location.ROAD_CODE + "$")


def _name_edges(text: str, found: list[Finding]) -> list[Finding]:
    """The edge of a name that its mask leaves readable.

    The last syllable of a person's name read as a conjunction or a word of its own (巴图孟|和 at
    the end of a line, 端木清|和被评为): the name takes it when what follows closes a name and the
    whole reads as a transliterated name or a compound surname's. The province of a provincial
    body whose mask opens with 省 (江西|省地质局): the body's name takes it. The code of the
    provincial, county or township road a place is named on (S205省道|苍岭检查站, S218省道|江城段
    大修工程): the place takes it; national roads (G…) are public and keep theirs. The bank
    before a branch found without it (中国邮政储蓄银行|南溪县支行): the branch takes it, as
    reports name a branch with its bank."""
    out = []
    for f in found:
        if f.label == "LOCATION" and f.start > 0:
            road = _ROAD_CODE_BEFORE.search(text, max(0, f.start - 9), f.start)
            if road is not None:
                out.append(f.shifted(road.start(), f.end, text[road.start() : f.end]))
            continue
        if f.label == "ORG" and f.text.endswith(_BRANCH_KINDS) and "银行" not in f.text:
            # 中国邮政储蓄银行|南溪县支行: the branch was found, its bank's name is read with it
            bank = location.bank_before(text, f.start)
            if bank:
                out.append(f.shifted(f.start - len(bank), f.end, bank + f.text))
            continue
        if f.label == "ORG" and f.text.startswith(("省", "自治区")):
            # 江西|省地质局: a mask that opens with 省 took the body and left its province readable
            head = location.province_before(text, f.start)
            if head:
                out.append(f.shifted(f.start - len(head), f.end, text[f.start - len(head) : f.end]))
            continue
        if f.label == "PERSON" and 2 <= len(f.text) <= 4 and f.end < len(text):
            c = text[f.end]
            if not is_han(c) or not _AFTER_NAME.match(text, f.end + 1):
                continue
            name = f.text + c
            if (c == "和" or c in person.name_syllables()) and (
                person.transliterated(name) or (len(name) == 4 and person.surname_at(name, 0) == 2)
            ):
                out.append(f.shifted(f.start, f.end + 1, name))
    return out


#: What may close the last name of a list of people: 、王可|等5名, 、张海军|获评, 、朝鲁|，.
_LIST_END = re.compile(r"[^\u4e00-\u9fff]|等|和|及|与|同志|被|获|荣获|分获|分别|共同|带领|牵头|领衔|组成|参加|常年|先后|均")


#: The suffixes of the local units a report lists together (柳湾镇、大营乡、城关镇; 德吉村、团结村).
_UNIT_SUFFIXES = ("街道", "社区", "嘎查", "苏木", "镇", "乡", "村", "屯", "寨")
#: What opens no unit's name: a quantifier (各乡, 全村, 本镇).
_NOT_UNIT_HEAD = frozenset("各全本该每等")
#: A preposition or a conjunction glued to the first item of a list (在|柳湾镇、大营乡); a name
#: may start with the same char (和平村, 向阳村), so it is taken off only where the list is glued on.
_LIST_OPENERS = frozenset("在对从向到由于和及与或")
#: What may close a list item: a list mark, punctuation, or a word that ends or counts the list.
_ITEM_CLOSE = ("、", "，", "。", "；", "：", ",", ";", ":", "）", ")", "\n", "等", "和", "及", "与", "两", "三", "四", "五")
#: What stands before the first item of a list when nothing is glued to it.
_ITEM_OPEN = frozenset("、，。；：,;:（(\n")
#: Words that make a listed item a kind or a scope, not a named site (农村民生工程, 境外经贸合作区).
_SCOPE = re.compile(r"农村|城市|城乡|国家|国际|境外|境内|全国|全省|民生|重点|重大|各类|新型|现代")
#: Kind words that name works or programmes more often than sites.
_NOT_SITE_KINDS = frozenset({"工程", "项目", "建设", "中心", "基地", "园区", "企业", "公司", "单位", "部门"})


def _site_kind(kind: str) -> bool:
    """A site's last two chars are a kind word a list of sites shares (渡口, 船闸, 冷库, 工区)."""
    info = word_info(kind)
    return all(map(is_han, kind)) and info is not None and info[1][:1] == "n" and kind not in _NOT_SITE_KINDS


def _item_closed(text: str, end: int) -> bool:
    """The last item of a list of units ends at ``end``: a list mark, punctuation or a closing word,
    or a verb (…、大营乡|举办, …、团结村|发展), not a word the suffix opens (村|民, 镇|政府)."""
    if end >= len(text) or text.startswith(_ITEM_CLOSE, end):
        return True
    if location.suffix_opens_word(text, end):
        return False
    if word_info(text[end - 1 : end + 1]) is not None:
        return False  # 村民, 镇区, 乡亲: the suffix char opens a word with the next
    info = word_info(text[end : end + 2])
    return info is not None and info[1][:1] == "v"


def _ordinary_core(core: str) -> bool:
    """A listed site's name part that is an everyday word and no toponym: 安全|渡口 is a kind
    of ferry, but 石门|渡口 (a word ending in a place char, listed beside named ferries) is one."""
    return is_common_word(core) and core[-1] not in lexicon()["org"]["place_chars"]


#: A district's, a county's, a town's or a village's name before its suffix, at the start of a
#: found name or after the larger unit in it (临江市|梧桐区|环境卫生管理所, 湖滨区|人民医院).
_PLACE_HEAD = re.compile(r"(?:^|(?<=[市州盟区县旗]))([\u4e00-\u9fff]{2})(?:市|区|县|旗|镇|乡|街道|村)")
#: The epithets of a place's slogan, right before its bare name: 建设美丽|梧桐, 平安|临川、法治|临川,
#: 幸福的新|南关, 建设健康|湖滨.
_PLACE_EPITHET = re.compile(
    r"(?:美丽|平安|法治|健康|幸福|和谐|文明|魅力|活力|生态|智慧|数字|宜居|人文|绿色|开放|创新|品质|善治|书香|清廉|廉洁|"
    r"现代化|富裕|秀美|大美|新)$"
)
#: A bare place name this frequent in the dictionary is mostly something else (长江, 东方).
_BARE_PLACE_MAX_FREQ = 1000


#: The rest of a street address after its place: a village's group, and numbers of a house, a
#: yard, a building, a unit, a floor, a room (…府西街18号院|2单元301室, …康乐小区|5栋1单元202室,
#: …北庄村|二组17号).
_ADDRESS_TAIL = re.compile(r"(?:[一二三四五六七八九十0-9]{1,3}组)?(?:[0-9]{1,5}(?:号院|号楼|栋|幢|单元|层|室|号)){1,5}")
#: …of which a house's, a unit's or a room's number: 3栋 or 2层 alone may be a count (安置楼3栋).
_ADDRESS_NUMBER = re.compile(r"[0-9](?:号|单元|室)")


def _address_tails(text: str, found: list[Finding]) -> list[Finding]:
    """A place widened over the house, building, unit and room numbers right after it (an address
    is masked whole), and a village over its group (唐湾村|二组). A number that goes on into a
    thing (…矿区|2号井) is no address's."""
    out: list[Finding] = []
    for f in found:
        if f.label != "LOCATION" or not text[f.end : f.end + 1].isalnum():
            continue
        end = _house_numbers_end(text, f.end)
        if end is None and text[f.end - 1] == "村":
            end = _village_group_end(text, f.end)
        elif end is None and (v := _VILLAGE_THEN_NAME.search(text, f.start, f.end)) is not None:
            if _village_group_end(text, v.start() + 1) == f.end + 1:
                end = f.end + 1  # 高寨村猫儿坪|组: the group's name was found without its 组
        elif end is None:
            end = _road_section_end(text, f, found)
        if end is not None:
            out.append(f.shifted(f.start, end, text[f.start : end]))
    return out


#: A road or a line in a place's span: its section after a place is named by both
#: (凯岑高速岑岭|段, X052线白石至桃源|段).
_ROAD_IN = re.compile(r"高速|公路|铁路|国道|省道|[0-9]{1,4}线")


#: A road's section named right after the road: 沪昆高速|邵怀段, 大丽高速|邓川至洱源段.
_SECTION_AFTER_ROAD = re.compile(r"([\u4e00-\u9fff]{2,3}(?:至[\u4e00-\u9fff]{2,3})?)段(?![长落])")
_ROAD_END = ("高速", "高速公路", "公路", "铁路", "国道", "省道", "线")
#: A stretch of a road between chainages (K86+300至K112+500段), or one chainage on it.
_CHAINAGE_SECTION = re.compile(r"K[0-9]{1,4}\+[0-9]{1,3}(?:(?:至|-|—|～|~)K[0-9]{1,4}\+[0-9]{1,3})?段?(?![0-9])")


def _road_section_end(text: str, f: Finding, found: Sequence[Finding] = ()) -> int | None:
    """Where a road's place runs on into its section ends: a found place inside the road's name
    before 段 (凯岑高速岑岭|段), or a section's own name right after the road (沪昆高速|邵怀段). Not a
    section that an administrative unit names (…线|城安县|段 is the county's stretch; the county is
    the name), nor a section's head (…段|长), nor an ordinary word (…高速|全线|段)."""
    span = text[f.start : f.end]
    if _ROAD_IN.search(span) is not None:
        chainage = _CHAINAGE_SECTION.match(text, f.end)
        if chainage is not None:
            return chainage.end()  # 沿溪高速|K86+300至K112+500段: the road's stretch between chainages
        if text[f.end : f.end + 1] == "至":
            # 沿溪高速龙溪服务区|至|白马收费站|段: the stretch between two sites found on the road
            to = next((g for g in found if g.label == "LOCATION" and g.start == f.end + 1), None)
            if to is not None and text[to.end : to.end + 1] == "段":
                return to.end + 1
    if span.endswith(_ROAD_END):
        m = _SECTION_AFTER_ROAD.match(text, f.end)
        if m is None or m.group(1)[-1] in "市县区镇乡村旗" or location.province_cut(m.group(1) + "段"):
            return None  # (…高速|河北段: the province's stretch, public)
        if any(c in FUNCTION_CHARS for c in m.group(1).replace("至", "")) or is_common_word(m.group(1)[:2]):
            return None
        return m.end()
    if text[f.end : f.end + 1] != "段" or span[-1] in "市县区镇乡村旗" or _ROAD_IN.search(span) is None:
        return None
    return f.end + 1 if text[f.end + 1 : f.end + 2] not in ("长", "落") else None


_GROUP_OF_VILLAGE = re.compile(r"村([\u4e00-\u9fff]{2,3}组)(?![长员织])")
_NUMBERED_GROUP_END = re.compile(r"村[一二三四五六七八九十0-9]{1,3}[组社]$")
_LISTED_NUMBERED_GROUP = re.compile(r"、([一二三四五六七八九十0-9]{1,3}[组社])(?![长员])")
_LISTED_GROUP = re.compile(r"、([\u4e00-\u9fff]{2,3}组)(?![长员织])")


def _village_groups(text: str, found: list[Finding]) -> list[Finding]:
    """The groups listed after a village's group (后刘村四组、|五组; 新寨村高坡组 … 大坪组、|岩上组), and a
    named group found inside a village's span as a name of its own (新寨村|高坡组), so that the
    document memory (:func:`_remember`, over what the later passes add) masks it where it is
    named alone (威胁|高坡组|7户)."""
    out: list[Finding] = []

    def group(start: int, end: int) -> None:
        out.append(Finding(start, end, "LOCATION", text[start:end], _MEMORY_SOURCE, 0.6, {"kind": "group"}))

    names: set[str] = set()
    for f in found:
        if f.label not in ("LOCATION", "ORG"):
            continue  # (…村三社 may be read as a body by its 社)
        if _NUMBERED_GROUP_END.search(text, f.start, f.end) is not None:
            at = f.end  # 后刘村四组、|五组: numbered groups listed after the village's first
            while (g := _LISTED_NUMBERED_GROUP.match(text, at)) is not None:
                group(g.start(1), g.end(1))
                at = g.end(1)
        if (m := _GROUP_OF_VILLAGE.search(text, f.start, f.end)) is not None and _village_group_end(text, m.start(1)) == m.end(1):
            group(m.start(1), m.end(1))
            names.add(m.group(1))
    todo = list(names)
    while todo:  # the named groups listed after any mention of one
        for m in re.finditer(re.escape(todo.pop()), text):
            at = m.end()
            while (g := _LISTED_GROUP.match(text, at)) is not None and _village_group_end(text, g.start(1)) == g.end(1):
                if g.group(1) not in names:
                    names.add(g.group(1))
                    todo.append(g.group(1))
                group(g.start(1), g.end(1))
                at = g.end(1)
    return out


def _house_numbers_end(text: str, at: int) -> int | None:
    """Where the house, unit and room numbers starting at ``at`` end, if they make an address's."""
    m = _ADDRESS_TAIL.match(text, at)
    if m is None or _ADDRESS_NUMBER.search(m.group()) is None:
        return None
    return None if m.group().endswith("号") and is_han(text[m.end() : m.end() + 1]) else m.end()


#: A town named after its old county seat: 古县|镇, 旧县|镇, 固县|镇 (the place's kind inside its name).
_COUNTY_TOWN = re.compile(r"([\u4e00-\u9fff])县镇(?![村两级、和与及])")


def _county_named_towns(text: str) -> list[Finding]:
    """Towns whose name is a char and 县 (古县镇): the admin rule reads 古县 as a county too short to be one."""
    if "县镇" not in text:
        return []
    return [Finding(m.start(), m.end(), "LOCATION", m.group(), "location", 0.7, {"kind": "admin"})
            for m in _COUNTY_TOWN.finditer(text)
            if m.group(1) not in _NOT_TOWN_CHARS]


#: What opens no such town (全县|镇村, 入县|镇, 两县|镇): function and numeral chars.
_NOT_TOWN_CHARS = frozenset("为全本所经以由到至按据将让给有省市县区镇乡村内外上下中年月日各入现我两一二三四五六七八九十")


#: A village's group (村民小组; 社 in the north-west) after the village: 唐湾村|二组, 新沟村|三社 (not its
#: head: 二组组长 is a post).
_VILLAGE_GROUP = re.compile(r"[一二三四五六七八九十0-9]{1,3}[组社](?![长员])")
#: A group named, not numbered: 龙家屯村|上寨组, 高寨村|猫儿坪组 (not 村|党组织, 村|调解组).
_NAMED_GROUP = re.compile(r"([\u4e00-\u9fff]{2,3})组(?![长员织])")
_NOT_GROUP_NAME = frozenset("党民小工调督专领导帮扶巡查作业互助协")
#: Fields a village's working groups are named by (村|妇女组, 村|治安组): no place.
_GROUP_FIELDS = frozenset(["技术", "财务", "后勤", "安全", "综合", "宣传", "办公", "业务", "妇女", "青年", "民兵", "治安",
                           "卫生", "环境", "文艺", "经济", "生产", "服务", "监督", "理财", "议事"])
_VILLAGE_THEN_NAME = re.compile(r"村[\u4e00-\u9fff]{2,3}$")


def _village_group_end(text: str, at: int) -> int | None:
    """Where the village group right after a village (at ``at``) ends, numbered or named."""
    if (g := _VILLAGE_GROUP.match(text, at)) is not None:
        return g.end()
    g = _NAMED_GROUP.match(text, at)
    name = g.group(1) if g is not None else ""
    if not name or any(c in _NOT_GROUP_NAME or c in FUNCTION_CHARS for c in name) or name in _GROUP_FIELDS:
        return None
    if in_vocabulary(name) and not (word_info(name) or (0, ""))[1].startswith("n"):
        return None  # (a noun may name a group: 新寨村|高坡组, 岩脚村|河坝组)
    if any((word_info(name[i : i + 2]) or (0, "n"))[1][:1] in ("v", "a", "d", "p", "c", "u") for i in range(len(name) - 1)):
        return None  # 大坝村|修缮通组道路: a verb, no group's name
    return g.end()
#: A flat's building, unit and room, standing alone as owners' and buyers' lists give them
#: (7#楼1单元1802室, 3号楼2单元).
_FLAT = re.compile(r"(?<![0-9A-Za-z#])[0-9]{1,3}(?:#|号)?(?:楼|栋|幢)[0-9]{1,2}单元(?:[0-9]{2,4}室)?")


def _flat_numbers(text: str) -> list[Finding]:
    """A flat named by its building, unit and room (an owner's or a buyer's home)."""
    if "单元" not in text:
        return []
    return [Finding(m.start(), m.end(), "LOCATION", m.group(), "location", 0.75, {"kind": "flat"})
            for m in _FLAT.finditer(text)]


#: A shop's kind after its owner's or its brand's name (志刚|便利店, 天翼通讯器材|经营部).
_SHOP_KINDS = ("便利店", "商店", "超市", "经营部", "门市部", "批发部", "小卖部", "副食店", "烟酒店", "商行", "百货店")
_SHOP = re.compile(rf"[\u4e00-\u9fff]{{0,6}}?(?:{'|'.join(_SHOP_KINDS)})")


def _shop_names(text: str, found: list[Finding]) -> list[Finding]:
    """A small shop named after its place: the place widened over the shop's own name and kind
    (祁县昭馀镇|志刚便利店, 扶沟县|天翼通讯器材经营部): an individual business is masked whole."""
    if not any(k in text for k in _SHOP_KINDS):
        return []
    out: list[Finding] = []
    for f in found:
        if f.label not in ("LOCATION", "ORG") or not is_han(text[f.end : f.end + 1]):
            continue
        m = _SHOP.match(text, f.end)
        if m is not None and not is_common_word(m.group()[:2]):
            out.append(Finding(f.start, m.end(), "ORG", text[f.start : m.end()], "org_suffix", 0.75, {"kind": "shop"}))
    return out


#: A document's number: its issuer's short name and kind, the year in brackets, the serial, 号
#: (汾政数通〔2023〕17号, 泽外批〔2023〕第118号).
_YEAR_SERIAL = r"[〔\[（(][12][0-9]{3}[〕\]）)]第?[0-9]{1,5}号"
_DOCUMENT_NUMBER = re.compile(rf"(?P<issuer>[\u4e00-\u9fff]{{2,8}}){_YEAR_SERIAL}")
#: What every such number holds (a cheap test before the rule reads the text).
_YEAR_IN_BRACKETS = re.compile(_YEAR_SERIAL)
#: A place named with its kind anywhere in the text (邵阳市, 汾源县): its first char may open its
#: bodies' document numbers.
_PLACE_NAMED = re.compile(r"([\u4e00-\u9fff]{2})(?:市|县|区)(?=[\u4e00-\u9fff])")
#: Chars that open no place name's two chars before 市/县/区 (成为|全市, 经|本县, 所在|地区).
_NOT_PLACE_CHARS = FUNCTION_CHARS | frozenset("为全本所经以由到至按据将让给有省市县区镇乡村内外上下中年月日各")
_PLACE_IN_BRACKETS = re.compile(r"[（(](?![一二三四五六七八九十])[\u4e00-\u9fff]{1,2}[）)]")
#: Provinces' one-char names (晋, 川 …): a province's documents are public as the province is.
_PROVINCE_CHARS = frozenset("京津沪渝冀豫云滇辽黑湘皖鲁新苏浙赣鄂桂甘陇晋蒙陕秦吉闽贵黔粤青藏川蜀宁琼")


def _local_document_numbers(text: str, found: list[Finding]) -> list[Finding]:
    """The number of a document issued by the report's own county, city or company: its issuer
    opens with the first char of a place the report names with its suffix (汾源县 … 汾政数通〔2023〕17号)
    or with the first two of one of its organisations (华晟朔州热电 … 华晟朔热党发〔2023〕12号). Such a
    number names its issuer as the place or the name does. National documents (国发, 中办发) and a
    province's (晋政发) stay."""
    # (the places the report names with their kind, found or not: a city's bureau is public, but
    # its city's char still opens the bureau's numbers, 邵阳市水利局 … 邵水建管〔2022〕57号)
    initials: set[str] = {
        m.group(1)[0] for m in _PLACE_NAMED.finditer(text)
        if not is_common_word(m.group(1)) and not any(c in _NOT_PLACE_CHARS for c in m.group(1))
    }
    heads: set[str] = set()
    for f in found:
        if f.label in ("LOCATION", "ORG"):
            initials.update(m.group(1)[0] for m in _PLACE_HEAD.finditer(f.text))
        if f.label == "ORG" and len(f.text) >= 4:
            name = f.text[location.province_cut(f.text) :]
            heads.update(name[k : k + 2] for k in range(max(0, len(name) - 3)))
    initials -= _PROVINCE_CHARS | {"国", "中"}
    out: list[Finding] = []
    for m in _DOCUMENT_NUMBER.finditer(text):
        run = m.group("issuer")
        # the issuer may follow a word (…以|邵水建管〔2022〕57号, 文号|祁烟罚…): the longest tail of the
        # run of Chinese before the year that opens with the place's char or the company's head
        issuer = next((run[len(run) - k :] for k in range(min(len(run), 6), 1, -1)
                       if run[len(run) - k] in initials or run[len(run) - k : len(run) - k + 2] in heads), "")
        if not issuer or issuer[0] in _PROVINCE_CHARS or issuer.startswith(("国", "中", "厅")):
            continue
        a = m.start("issuer") + len(run) - len(issuer)
        if not any(f.start <= a and m.end() <= f.end for f in found):
            out.append(Finding(a, m.end(), "ID_NUMBER", text[a : m.end()], "licence", 0.75, {"kind": "document"}))
    return out


def _bracketed_places(text: str, found: list[Finding]) -> list[Finding]:
    """A number widened over the authority's place in brackets right before it: （泽）|应急罚〔2023〕第0087号."""
    out = []
    for f in found:
        b = _PLACE_IN_BRACKETS.search(text, max(0, f.start - 4), f.start) if f.label == "ID_NUMBER" else None
        if b is not None and b.end() == f.start:
            out.append(f.shifted(b.start(), f.end, text[b.start() : f.end]))
    return out


def _bare_place_names(text: str, found: list[Finding]) -> list[Finding]:
    """A report's own district, county, town or village named without its suffix in the slogans
    of its closing, where it is named with its suffix too: 梧桐区 … 为建设美丽|梧桐|作出贡献, 湖滨区人民医院 …
    建设健康|湖滨, 南关街道 … 幸福的新|南关. Only after such an epithet: elsewhere the bare chars are as
    often a thing (思茅|松, 光伏, 青山|不减色). The name must be no ordinary or frequent word and no
    province or generic core (城关, 新区)."""
    cores: set[str] = set()
    for f in found:
        if f.label in ("LOCATION", "ORG"):
            cores.update(m.group(1) for m in _PLACE_HEAD.finditer(f.text))
    if not cores:
        return []
    generic = location.generic_admin_cores()
    covered = _covered(found)
    out: list[Finding] = []
    for core in sorted(cores):
        if not _bare_core(core, generic, strict=False):
            continue
        for m in re.finditer(re.escape(core), text):
            a, b = m.span()
            if covered.intersection(range(a, b)) or not _PLACE_EPITHET.search(text, max(0, a - 3), a):
                continue
            after = text[b : b + 1]
            if after and is_han(after) and word_info(core + after) is not None:
                continue  # 美丽|梧桐树: the chars make a longer word
            out.append(Finding(a, b, "LOCATION", core, _MEMORY_SOURCE, 0.6, {"kind": "epithet"}))
            covered.update(range(a, b))
    return out


#: A town's, township's, village's, street's, county's or banner's name and its suffix inside a
#: found place, opening it or right after a larger unit (龙塘镇|龙家屯村 holds 龙塘 and 龙家屯).
_UNIT_CORE = re.compile(
    r"(?:^|(?<=[市州盟区县旗镇乡村]))([\u4e00-\u9fff]{2,4}?)(?:街道|社区|嘎查|苏木|镇|乡|村|县|旗)(?![长委民级])"
)
_SHORT_FORM_TAGS = ("v", "a", "d", "m", "r", "f", "t", "c", "p", "u", "q")


def _bare_core(core: str, generic: frozenset[str], *, strict: bool) -> bool:
    """Whether a place's name may stand for it without its suffix: no generic core, province,
    ordinary or frequent word, verb, adjective, adverb, numeral, pronoun or direction. ``strict``
    (anywhere in the text, not only after a slogan's epithet) also rules out countries,
    nationalities (彝族|乡), function chars, other parts of speech and ordinary nouns, which name a
    village too often to stand for it alone (茶园, 青山)."""
    info = word_info(core)
    if core in generic or location.province_cut(core) or is_common_word(core):
        return False
    if strict and (
        core in location.countries()
        or core.endswith("族")
        or any(c in FUNCTION_CHARS or not is_han(c) for c in core)
        or (info is not None and (info[1] == "n" or info[1].startswith(_SHORT_FORM_TAGS)))
    ):
        return False
    return info is None or (info[0] < _BARE_PLACE_MAX_FREQ and info[1][:1] not in ("v", "a", "d", "m", "r", "f"))


def _site_core(span: str) -> str | None:
    """The toponym that names a found site (西沟|灰场, 青峰|服务区, 大窑湾|码头), which a report also
    writes alone (…，西沟昔日的"灰山"): two to four chars before the site's kind word that the
    dictionary does not know and that end in a place char, or a rare place name (南沙). Not an
    ordinary word that opens a site (野外|作业区, 甲醇|罐区, 护林|站, 公租房|小区)."""
    kind = next((k for k in _site_kinds() if span.endswith(k)), None)
    if kind is None or not 2 <= len(span) - len(kind) <= 4 or not all(is_han(c) for c in span):
        return None
    core = span[: -len(kind)]
    info = word_info(core)
    if info is None:
        words = any(is_common_word(core[i : i + 2]) for i in range(len(core) - 1))
        return core if core[-1] in location.place_chars() and not words else None
    return core if info[1].startswith("ns") and info[0] < _RARE_SITE_PLACE else None


#: A site's name the dictionary knows as a place is its own only when rarer than this (南沙, 西沟; not 北京).
_RARE_SITE_PLACE = 200


def _short_place_forms(text: str, found: list[Finding]) -> list[Finding]:
    """A town, village, street, county or banner found with its suffix is a place where the
    report names it without (龙塘镇 … 从|羊角|到|坪坝|赶场, 柳林镇 … 在|柳林|开展): the short form after
    a first mention; so is a site's own toponym (西沟灰场 … 西沟, see :func:`_site_core`). Only names no
    ordinary, frequent or generic word (城关, 和平, 新华 stay), and only where the name stands as a
    word of its own: its first char closes no word before it and its last none after it (大坪|坝,
    石门|槛 are other words)."""
    cores: set[str] = set()
    for f in found:
        if f.label != "LOCATION":
            continue
        if _unsure_guess(f):
            continue  # an unsure guess (力争|村集体) is masked where it stands, its core not spread
        span = text[f.start : f.end]
        cores.update(m.group(1) for m in _UNIT_CORE.finditer(span))
        core = _site_core(span)
        if core is not None:
            cores.add(core)
    if not cores:
        return []
    generic = location.generic_admin_cores()
    covered = _covered(found)
    out: list[Finding] = []
    for core in longest_first(cores):
        if not _bare_core(core, generic, strict=True):
            continue
        for m in re.finditer(re.escape(core), text):
            a, b = m.span()
            if covered.intersection(range(a, b)):
                continue
            if a > 0 and is_han(text[a - 1]) and word_info(text[a - 1 : a + 1]) is not None:
                continue  # the name's first char closes the word before it
            after = text[b : b + 1]
            if after and is_han(after) and (word_info(core + after) is not None or word_info(core[-1] + after) is not None):
                continue  # the name's last char opens a word after it
            out.append(Finding(a, b, "LOCATION", core, _MEMORY_SOURCE, 0.6, {"kind": "short"}))
            covered.update(range(a, b))
    return out


#: Last chars of a village's, a hill's or a gully's name standing with no kind word (大李庄, 老鸦沟).
_TOPONYM_ENDS = frozenset("山岭峰岩崖沟谷坡坪湾溪泉庄屯堡寨集铺营店坝埠洼梁峪垣塔峡尖垭坞嘴屿坳岗岔坎墩圩垸畈")
_BARE_ITEM_AFTER = re.compile(r"、([\u4e00-\u9fff]{2,4}?)(?=[、等和及，。；）)\s])")
_BARE_ITEM_BEFORE = re.compile(r"(?:^|(?<=[、，。；：（(\s在从对向到与和及]))([\u4e00-\u9fff]{2,4})、$")


def _bare_list_mates(text: str, found: list[Finding]) -> list[Finding]:
    """Names listed with 、 right next to a found place, with no kind word of their own (石门镇、|柳林|、
    花园村; 从化、|增城): a list holds things of one kind, so a name no dictionary knows as an
    ordinary word, that holds no function char, kind char or numeral, is a place too; and a city
    named without 市 among cities named so (肇庆、清远、韶关), whatever jieba reads it as."""
    covered = _covered(found)
    out: list[Finding] = []

    def ok(item: str, a: int, b: int) -> bool:
        if covered.intersection(range(a, b)):
            return False
        if location.city_stem(item):
            return True  # 肇庆、|清远|、韶关: a city listed among cities, though jieba reads it as an adjective
        if is_common_word(item) or location.province_cut(item):
            return False
        if item in location.countries() or any(c in FUNCTION_CHARS or c in location._NOT_TOPONYM for c in item):
            return False
        info = word_info(item)
        if len(item) == 2:  # (not a river or a lake named in a general sense: 赣江、抚河)
            return info is not None and info[1].startswith("ns") and info[0] < 200 and item[-1] not in "江河湖海"
        # a longer one must end as a village's or a hill's name does (老鸦沟, 大李庄), and be no word
        # nor a phrase of ordinary words (溢洪道, 游船|检修)
        return (
            info is None
            and item[-1] in _TOPONYM_ENDS
            and not any(is_common_word(item[i : i + 2]) for i in range(len(item) - 1))
        )

    for f in found:
        if f.label != "LOCATION" or (f.end - f.start < 3 and f.attrs.get("kind") != location.BARE_CITY):
            continue
        at = f.end
        while (m := _BARE_ITEM_AFTER.match(text, at)) is not None and ok(m.group(1), m.start(1), m.end(1)):
            out.append(Finding(m.start(1), m.end(1), "LOCATION", m.group(1), _MEMORY_SOURCE, 0.6, {"kind": "list"}))
            covered.update(range(m.start(1), m.end(1)))
            at = m.end(1)
        at = f.start
        while (m := _BARE_ITEM_BEFORE.search(text, max(0, at - 6), at)) is not None and ok(m.group(1), m.start(1), m.end(1)):
            out.append(Finding(m.start(1), m.end(1), "LOCATION", m.group(1), _MEMORY_SOURCE, 0.6, {"kind": "list"}))
            covered.update(range(m.start(1), m.end(1)))
            at = m.start(1)
    return out


def _place_list_mates(text: str, found: list[Finding]) -> list[Finding]:
    """Places listed with 、 next to a found one of the same kind: the list is of places, so a
    neighbour with a local unit's suffix (德吉村、团结村; 柳湾镇、大营乡、城关镇), or a site's
    neighbour with the same kind word (柳湾渡口、石门渡口; 刘庄船闸、皂河船闸), is one too, though
    its name is an ordinary word. The item must not be a word of the dictionary (各渡口, 船闸)."""
    places = [f for f in found if f.label == "LOCATION" and len(f.text) >= 3]
    if not places:
        return []
    generic = location.generic_admin_cores()
    covered = _covered(found)
    out: list[Finding] = []

    def add(start: int, end: int, kind: tuple[str, ...]) -> None:
        item = text[start:end]
        suffix = next((x for x in kind if item.endswith(x)), "")
        core = item[: len(item) - len(suffix)]
        longest = 4 if kind is _UNIT_SUFFIXES else 6
        if not (2 <= len(core) <= longest) or core[0] in _NOT_UNIT_HEAD or core in generic:
            return
        if not all(is_han(c) or c.isalnum() for c in item):
            return
        if kind is not _UNIT_SUFFIXES and (in_vocabulary(item) or _ordinary_core(core) or _SCOPE.search(core)):
            return  # 各渡口, 变电站, 农村民生|工程: a kind of site, not one
        if any(i in covered for i in range(start, end)):
            return
        out.append(Finding(start, end, "LOCATION", item, _MEMORY_SOURCE, 0.6, {"kind": "list"}))
        covered.update(range(start, end))

    for f in places:
        # a local unit lists units (镇、乡、村 alike); a site lists sites of its own kind (…渡口、…渡口)
        kind = _UNIT_SUFFIXES if f.text.endswith(_UNIT_SUFFIXES) else (f.text[-2:],)
        if kind is not _UNIT_SUFFIXES and not _site_kind(kind[0]):
            continue
        at = f.end  # the items after it
        while text[at : at + 1] == "、":
            start = at + 1
            end = next((start + k for k in range(3, 9) if text[start : start + k].endswith(kind)
                        and _item_closed(text, start + k)), None)
            if end is None:
                break
            add(start, end, kind)
            at = end
        at = f.start  # the items before it
        while at >= 1 and text[at - 1] == "、":
            end = at - 1
            start = end
            while start > 0 and is_han(text[start - 1]) and end - start < 7:
                start -= 1
            if start > 0 and text[start - 1] not in _ITEM_OPEN:
                if text[start] not in _LIST_OPENERS:
                    glued = _glued_first_item(text, start, end, kind)
                    if glued is None:
                        break  # the run does not open the item: the list starts inside a longer phrase
                    start = glued
                else:
                    start += 1  # 在|柳湾镇、…
            elif end - start - len(next((x for x in kind if text[start:end].endswith(x)), "")) > 4:
                start = _glued_first_item(text, start, end, kind) or start
            if not text[start:end].endswith(kind):
                break
            add(start, end, kind)
            at = start
    return out


def _glued_first_item(text: str, start: int, end: int, kind: tuple[str, ...]) -> int | None:
    """Where the first item of a list of local units starts when words run into it (为周边|胜利村、
    向阳村): the shortest name (two to four chars) right after a word of the dictionary that
    ends there (周边, 帮扶) — a name glued to the words before it is cut where a word ends."""
    if kind is not _UNIT_SUFFIXES:
        return None
    suffix = next((x for x in kind if text[start:end].endswith(x)), "")
    if not suffix:
        return None
    stem = end - len(suffix)
    for k in (2, 3, 4):
        at = stem - k
        if at - 2 < start:
            break
        if in_vocabulary(text[at - 2 : at]) and not in_vocabulary(text[at - 1 : at + 1]):
            return at
    return None


#: The last char of a unit's name: 公司, 集团, 局, 勘探队, 供电站, 中心, 委员会, 党支部, 项目部 …
_UNIT_END = frozenset("司团局队站厂矿院所处部心会社场段室委办科行馆校营组班库")
_YEAR = r"(?:20[0-9]{2}|２０[０-９]{2}|二[〇零○][一二三四五六七八九〇零○]{2})"
#: A title line: the unit's name, then the year and the kind of report (…勘探队2023年工作总结).
_TITLE_LINE = re.compile(
    rf"^[ \t\u3000]*(?P<name>[^\s，。、；：:,;“”\"《》]{{4,40}}?)(?:关于)?{_YEAR}年(?:度|上半年|下半年)?"
    r"[^\n]{0,16}?(?:工作总结|工作报告|述职报告|年度总结|总结|报告|汇报|情况)[ \t\u3000]*$",
    re.MULTILINE,
)
#: A line holding only a unit's name, right above a line that opens with a year: the signature
#: above the date, or a title broken before its year (…种薯农场 / ２０２４年工作总结).
_NAME_LINE = re.compile(
    rf"^[ \t\u3000]*(?P<name>[^\s，。、；：:,;“”\"《》！!？?]{{4,40}})[ \t\u3000]*\n[ \t\u3000]*{_YEAR}年",
    re.MULTILINE,
)
#: The party body a unit's committee or branch signs with: 中共…委员会, …党支部, …机关委员会.
_PARTY_TAIL = re.compile(
    r"(?:机关)?(?:第[一二三四五六七八九十]{1,3})?(?:党总支|党支部|支部委员会|总支委员会|委员会|党委|纪委|工会|团委)$"
)
#: Where a unit's own name ends, before one of its departments (…有限公司|党群工作部, …附属医院|护理部,
#: …客运段|动车一队, …航标处|办公室, …管委会|宣传办).
_MAIN_UNIT_END = re.compile(
    r"有限责任公司|股份有限公司|有限公司|集团公司|公司|集团|医院|法院|检察院|卫生院|博物馆|图书馆|大学|学院|学校"
    r"|管委会|客运段|车辆段|动车段|机务段|工务段|电务段|供电段|航标处|管理处|管理局|局|站|场"
)
#: A department: what a unit's name is followed by in a signature, which the gold leaves out.
_DEPARTMENT_TAIL = re.compile(r"[\u4e00-\u9fff]{0,8}?(?:部|处|办|办公室|科|室)")


def _main_unit(name: str) -> tuple[int, int]:
    """The unit's own name in a signature or title name: without 中共 and its party body (中共|…医院|
    委员会), and without a department after it (…有限公司|党委宣传部). Offsets into ``name``."""
    a, b = (2 if name.startswith("中共") else 0), len(name)
    m = _PARTY_TAIL.search(name, a)
    if m and m.start() - a >= 4 and name[m.start() - 1] in _UNIT_END | frozenset("院间社馆"):
        b = m.start()  # (not 中共…街道|工作委员会: a working committee is the body itself)
    else:
        a = 0  # a party body of its own: 中共 belongs to its name
    ends = [e.end() for e in _MAIN_UNIT_END.finditer(name, a, b)]
    for end in reversed(ends):  # the last unit end with a department after it
        if end < b and end - a >= 4 and _DEPARTMENT_TAIL.fullmatch(name, end, b):
            return a, end
    return a, b


#: What opens no unit's name in such a line.
_NOT_NAME_HEAD = ("关于", "我们", "我单位", "本单位", "全公司", "全局", "公司", "集团", "单位", "部门")


def _title_and_signature_names(text: str) -> list[Finding]:
    """The reporting unit's own name where a report writes it whole: in its title line
    (河东煤田地质局一四八勘探队2023年工作总结) and in the signature above the date. The rules take
    such a name apart when it chains units (…供电公司|电力调度控制中心); here the line gives its
    edges. The name must end as a unit's does (…队, …中心, …委员会)."""
    out: list[Finding] = []
    for pattern in (_TITLE_LINE, _NAME_LINE):
        for m in pattern.finditer(text):
            start, end = m.span("name")
            name = text[start:end]
            if name[-1] not in _UNIT_END or name.startswith(_NOT_NAME_HEAD) or any(c in MASK_CHARS for c in name):
                continue
            if not all(is_han(c) or c.isalnum() or c in "（）()·" for c in name) or in_vocabulary(name):
                continue
            if person.surname_at(name, 0) and len(name) <= 4 and name[-1] not in "司团局队站厂矿院所":
                continue  # a person's name that ends like a unit (张科, 李会)
            a, b = _main_unit(name)
            if b - a < 4:
                continue
            start, end, name = start + a, start + b, name[a:b]
            out.append(Finding(start, end, "ORG", name, _MEMORY_SOURCE, 0.7, {"kind": "title"}))
    names = {f.text for f in out}
    for alias in longest_first({alias for name in names for alias in _short_forms(name)} - names):
        for m in re.finditer(re.escape(alias), text):
            out.append(Finding(m.start(), m.end(), "ORG", alias, _MEMORY_SOURCE, 0.6, {"kind": "alias"}))
    return out


#: Where a parent unit or a place ends inside a unit's full name (…林场|良种苗木站, …地质局|一四八勘探队).
_PARENT_END = re.compile(r"有限公司|公司|集团|管理局|局|林场|农场|市|区|县|旗|镇|乡")
_NUMERAL_RUN = re.compile(r"第?[一二三四五六七八九十百零〇]+")
#: Kind words of two chars that a short form keeps whole (地质|大队 → 十二大队).
_TWO_CHAR_KINDS = ("大队", "中队", "支队", "车间", "分场", "分厂")


def _short_forms(name: str) -> set[str]:
    """How a report shortens its own unit's name: the sub-unit after its parents and places, as its
    first word and kind (良种苗木站 → 良种站, 疏浚工程局 → 疏浚局, 一四八勘探队 → 一四八队) or the first char of
    each word and kind (隧道管理所 → 隧管所). Only forms that the text then holds count (the caller)."""
    if name.endswith(("公司", "集团")):
        return set()  # a company's short forms are the organisation rules' (东岭煤业有限公司 → 东岭煤业)
    cut = max((m.end() for m in _PARENT_END.finditer(name) if len(name) - m.end() >= 3), default=0)
    unit = name[cut:]
    kind = unit[-2:] if unit.endswith(_TWO_CHAR_KINDS) else unit[-1:]
    body = unit[: len(unit) - len(kind)]
    if len(body) < 2 or not all(map(is_han, body)):
        return set()
    words: list[str] = []
    i = 0
    while i < len(body):  # greedy dictionary words, a numeral run as one word
        run = _NUMERAL_RUN.match(body, i)
        n = run.end() - i if run else next((n for n in (4, 3, 2) if i + n <= len(body) and word_info(body[i : i + n])), 1)
        words.append(body[i : i + n])
        i += n
    if len(words) < 2:
        return set()
    first = words[0].removeprefix("第")
    forms = {first + kind}
    if all(len(w) == 2 for w in words[:2]):
        forms.add("".join(w[0] for w in words) + kind)
    return {f for f in forms if len(f) >= 3 and not in_vocabulary(f) and f != name}


#: The bodies of a town, a village or a community, named after it (新窑镇|人民政府, 大坪村|党支部).
_LOCAL_BODIES = ("人民政府", "政府", "党委", "党支部", "党总支", "党工委", "村民委员会", "居民委员会", "村委会",
                 "居委会", "管委会", "办事处", "纪委")
#: A city's district or county committee of the party: (中共)桂江市|柳岸区委.
_DISTRICT_COMMITTEE = re.compile(r"(?:中共)?[\u4e00-\u9fff]{2,4}[市州盟][\u4e00-\u9fff]{2,4}[区县旗]委(?![员会])")


def _local_bodies(text: str, found: list[Finding]) -> list[Finding]:
    """A local unit's body as one organisation, the place and the body together (新窑镇人民政府,
    大坪村党支部, 曼蚌社区党总支; 中共桂江市柳岸区委): masking the place alone leaves the body
    readable, and the gold counts the whole name of a body that is the report's partner."""
    out = []
    for f in found:
        if f.label != "LOCATION" or not f.text.endswith(_UNIT_SUFFIXES):
            continue
        body = next((b for b in _LOCAL_BODIES if text.startswith(b, f.end)), None)
        if body:
            end = f.end + len(body)
            out.append(Finding(f.start, end, "ORG", text[f.start : end], _MEMORY_SOURCE, 0.6, {"kind": "body"}))
    if "委" in text:
        out += [Finding(m.start(), m.end(), "ORG", m.group(), _MEMORY_SOURCE, 0.6, {"kind": "body"})
                for m in _DISTRICT_COMMITTEE.finditer(text)]
    return out


#: A numbered unit of the reporting body: 第二工程处, 第十二地质大队, 第二钻井分公司 (not a party branch or a
#: workshop, which the gold leaves unnamed: 第一党支部, 第一车间).
_NUMBERED_UNIT = re.compile(
    r"第[一二三四五六七八九十]{1,3}[\u4e00-\u9fff]{0,4}?(?:工程处|工程局|地质大队|勘探大队|大队|工区|项目部|分公司|作业区"
    r"|采油厂|勘探队|地质队|中队|支队|工程公司|分局|分场|分厂|管理处)"
)
#: A unit's own channel named in quotes: “云峰应急救援”微信公众号, “临江公交”APP, “清源卫监”公众号.
_ACCOUNT = re.compile(
    r"[“\"]([\u4e00-\u9fffA-Za-z0-9]{2,10})[”\"](?:微信)?(?:公众号|微信号|视频号|抖音号|快手号|头条号|客户端|APP|App|小程序)"
)


def _account_names(text: str) -> list[Finding]:
    """The name of a unit's own account or app, which carries its short name (“江州高新投促”公众号);
    only one that opens with a place or a coined name: 指尖新闻, 智慧巡线, 童心护航 name a feature."""
    out = []
    for m in _ACCOUNT.finditer(text):
        name = m.group(1)
        head = name[:2]
        info = word_info(head)
        if not all(map(is_han, head)) or head[0] in "一二三四五六七八九十百千万":
            continue
        if info is not None and not info[1].startswith("ns") and not (info[1] == "n" and info[0] < 20):
            continue  # an ordinary word opens it (智慧|巡线, 指尖|新闻)
        if is_common_word(head) or in_vocabulary(name):
            continue
        out.append(Finding(m.start(1), m.end(1), "ORG", name, _MEMORY_SOURCE, 0.6, {"kind": "account"}))
    return out


#: A nickname in quotes: 小欧, 老周, 阿强, 涛哥, 秀姐.
_NICKNAME = re.compile(r"[“\"‘']((?:小|老|阿)[\u4e00-\u9fff]|[\u4e00-\u9fff]{1,2}(?:哥|姐|叔|姨|嫂))[”\"’']")
#: How far from the person's name a nickname may stand (…林涛（听众亲切地称他为“涛哥”）).
_NICKNAME_REACH = 24


def _nicknames(text: str, found: list[Finding]) -> list[Finding]:
    """A person's nickname in quotes next to their name, made of one of its chars: 技术员“小欧”欧阳晓峰,
    林涛（听众称他为“涛哥”）, 客户经理“小周”（周扬）. Masking the name alone left the person named."""
    persons = [f for f in found if f.label == "PERSON"]
    if not persons or not _NICKNAME.search(text):
        return []
    covered = _covered(found)
    out = []
    for m in _NICKNAME.finditer(text):
        core = m.group(1)
        own = core[1] if core[0] in "小老阿" and len(core) == 2 else core[: -1]
        near = [p for p in persons if p.end > m.start() - _NICKNAME_REACH and p.start < m.end() + _NICKNAME_REACH]
        if not any(own in text[p.start : p.end] for p in near):
            continue  # “小事”: no name nearby shares its char
        if any(i in covered for i in range(m.start(1), m.end(1))):
            continue
        out.append(Finding(m.start(1), m.end(1), "PERSON", core, _MEMORY_SOURCE, 0.6, {"kind": "nickname"}))
    return out


#: How many times a list of people is read outwards from the names found in it (玉罕叫、|岩坎|、|白者|…).
_LIST_ROUNDS = 4


def _person_list_mates(text: str, found: list[Finding]) -> list[Finding]:
    """Names listed with 、 next to a person's name: the list is of people, so a neighbour that
    reads as a name is one (队员霍振、其其格、高志刚; 由李一凡、王可、陈思琪等).

    A neighbour is a run of two to four Chinese chars (up to six for a transliterated name)
    between list marks, between a list mark and a word that closes a list of people, or between a
    title and the list mark; it must open with a surname or read as a transliterated name, and be
    no word of the dictionary (titles, places and famous names are).
    """
    persons = [f for f in found if f.label == "PERSON"]
    if not persons:
        return []
    covered = _covered(found)
    out: list[Finding] = []
    for f in persons:
        for start, titled in _list_neighbours(text, f):
            end = start
            while end < len(text) and is_han(text[end]) and end - start < 7:
                end += 1
            item = _list_item(text, start, end, titled=titled)
            if item is None or any(i in covered for i in range(start, start + len(item))):
                continue
            out.append(Finding(start, start + len(item), "PERSON", item, _MEMORY_SOURCE, 0.6, {"kind": "list"}))
            covered.update(range(start, start + len(item)))
    return out


def _list_neighbours(text: str, f: Finding) -> list[tuple[int, bool]]:
    """Where the items right before and right after ``f`` start, when 、 joins them to it, and
    whether a title stands right before the item."""
    starts = []
    if text[f.end : f.end + 1] == "、":
        starts.append((f.end + 1, False))
    if f.start >= 3 and text[f.start - 1] == "、":
        k = f.start - 1
        while k > 0 and is_han(text[k - 1]) and f.start - 1 - k < 6:
            k -= 1
        # the item before must itself start after a list mark, or after a title (党员|张海军、李瑞)
        if k > 0 and text[k - 1] == "、":
            starts.append((k, False))
        else:
            titles = person.titles() + _LEADS_PEOPLE
            starts += [
                (f.start - 1 - n, True)
                for n in (3, 2)
                if f.start - 1 - n >= k and text.endswith(titles, 0, f.start - 1 - n)
            ][:1]
    return starts


#: Verbs whose object is the people listed after them (带领|岩罕、玉南、李三妹).
_LEADS_PEOPLE = ("带领", "带着", "率领", "指导", "培养", "慰问", "看望", "表彰", "推荐", "资助", "帮扶")


def _listed_name(item: str, *, titled: bool) -> bool:
    """A surname and a given name that is no word of the dictionary: in a list of people 王可 is a name."""
    if in_vocabulary(item):
        return False  # a word of the dictionary, its famous people's names included (林彪)
    given = item[person.surname_at(item, 0) :]
    if len(given) == 2 and is_common_word(given) and not titled:
        return False  # 稳经营、强|技术: a verb and its object (but 党员张|海军 is a name after a title)
    return not any(c in _NOT_IN_NAMES for c in given)


#: Chars no listed name holds after its surname (function words and list words).
_NOT_IN_NAMES = frozenset("的了和与及等或是在为对")


def _list_item(text: str, start: int, end: int, *, titled: bool) -> str | None:
    """The name of the list item at ``start`` (its run of Chinese ending before ``end``)."""
    for n in range(min(6, end - start), 1, -1):
        item = text[start : start + n]
        after = start + n
        if not (text[after : after + 1] == "、" or _LIST_END.match(text, after) or after == len(text)):
            continue
        if item.endswith("等"):
            continue  # 扎约|等|120余人: the list's closing word is no part of its last name
        if n <= 4 and person.surname_at(item, 0) and _listed_name(item, titled=titled):
            return item
        sounds = person.transliterated(item) or (n == 2 and all(c in person.name_syllables() for c in item))
        if sounds and not in_vocabulary(item) and not any(c in FUNCTION_CHARS for c in item):
            return item  # (阿富汗, 塔里木: places of the dictionary read like names too; 特别|是 is no name)
        if item in person.minority_names():
            return item  # 扎约、|娜布|、扎丕: a name with no Han surname next to names
        if n <= 3 and person.surname_at(item, 0) and person.name_word(item):
            return item  # 景鹏、|甘露|被评为: next to a name, a word that is a name (高峰, 杜鹃 are names in the dictionary too)
        return None
    return None


#: What makes a named site or company into a named project: 白鹭洲校区|实验楼改扩建工程,
#: 华岳水泥|二号生产线技改项目, 北岸截污干管|工程二标段. The name is known already; the
#: project carries it, so masking the name alone would leave the project readable.
_BUILT = "提升改造|提质改造|升级改造|提档升级|改扩建|改建|扩建|新建|续建|迁建|技改|改造|建设|修复|治理|整治|提标|扩容|扩能"
_PROJECT_TAIL = re.compile(
    r"(?P<body>[\u4e00-\u9fff0-9A-Za-z]{0,12}?)"
    rf"(?:{_BUILT})?"
    r"(?:工程|项目)(?:[一二三四五六七八九十0-9]{1,2}标段?|[A-Z]{1,4}-?[0-9]{1,3}标段?)?"
)
_CONSTRUCTION = re.compile(rf"{_BUILT}|标段?$")
_NOT_PROJECT = ("重点", "民生", "示范", "试点", "帮扶", "扶贫", "各类", "一批", "多个", "等", "和", "与", "及", "的")


def _project_tails(text: str, found: list[Finding]) -> list[Finding]:
    _, _, stops = _kind_words()
    out = []
    for f in found:
        if f.label not in ("LOCATION", "ORG"):
            continue
        m = _PROJECT_TAIL.match(text, f.end)
        if m is None or m.end() == f.end:
            continue
        body = m.group("body")
        if body.startswith(_NOT_PROJECT) or any(w in body for w in ("的", "和", "与", "及", "等", "同志")):
            continue
        if f.label == "ORG" and f.text.endswith(("公司", "集团")):
            continue  # a company's projects (…有限公司|设备更新项目) are its business, not a site
        if any(w in body for w in stops) or any(c.isdigit() for c in body) or any(
            (word_info(body[i : i + 2]) or (0, ""))[1] == "v" for i in range(len(body) - 3)
        ):
            # a clause (…标段|完成路基工程, …煤矿|完成防治水工程) or a capacity (30万千瓦项目); a verb
            # right before 工程 names the works (滨河路|再生水管网延伸|工程)
            continue
        if not _CONSTRUCTION.search(text[f.end : m.end()]) and len(body) < 3:
            continue  # 岚山县|项目: a bare 项目 after a place names none
        out.append(Finding(f.start, m.end(), "LOCATION", text[f.start : m.end()], "project", 0.6, {"kind": "project"}))
    return out


_SENTENCE_END = re.compile(r"[。！？!?；;\n]")


def _ner_after_masking(
    text: str,
    found: list[Finding],
    labels: frozenset[str],
    allow: frozenset[str],
    tagger_min: float | None,
    *,
    around: list[Finding] | None = None,
) -> list[Finding]:
    """Names the model sees only once their neighbours are masked (so masking twice = masking once).

    The statistical model reads context: once a site next to a name is masked, it
    may recognise the name. The model reads again only the sentences of the
    virtually masked text that hold a mask (or, with ``around``, one of those masks),
    all in one call (its fixed cost per call dominates short pieces).
    """
    virtual = _virtually_masked(text, found)
    windows = []
    for f in resolve(found if around is None else around):  # (``around``: only the newest masks' sentences)
        lo = max(0, f.start - 200)
        a = max((m.end() for m in _SENTENCE_END.finditer(text, lo, f.start)), default=lo)
        b = _SENTENCE_END.search(text, f.end, min(len(text), f.end + 200))
        windows.append((a, b.end() if b else min(len(text), f.end + 200)))
    windows = partial.merge(windows)
    # only the sentences that hold a mask are read again, joined into one call
    # (a newline ends a sentence for the model as it does in the text)
    pieces, starts, joined_at, at = [], [], [], 0
    for a, b in windows:
        pieces.append(virtual[a:b])
        starts.append(a)
        joined_at.append(at)
        at += b - a + 1
    out: list[Finding] = []
    for g in _ner_findings("\n".join(pieces)):
        k = bisect.bisect_right(joined_at, g.start) - 1
        start, end = g.start - joined_at[k] + starts[k], g.end - joined_at[k] + starts[k]
        if end > windows[k][1]:  # a span across the joining newline
            continue
        g = g.shifted(start, end, text[start:end])
        if (
            g.label in labels
            and g.text not in allow
            and any(c not in MASK_CHARS for c in virtual[g.start : g.end])
        ):
            h = _masking_view(text, g, tagger_min)
            if h is not None:
                out.append(h)
    return out


def detect(
    text: str, *, policy: Policy = DEFAULT_POLICY, ner: bool = True
) -> tuple[list[Finding], list[Finding]]:
    """``(entities, sensitive)`` with the entity recognizers and the model run once
    (twice for a text with letter-spaced runs: as it is, and despaced)."""
    text = scrub_surrogates(text)
    entities, sensitive = _detect(text, policy=policy, ner=ner)
    spaced = despaced(text)
    if spaced is None:
        return entities, sensitive
    more_entities, more_sensitive = _detect(spaced.text, policy=policy, ner=ner)
    return spaced.merge(text, entities, more_entities), spaced.merge(text, sensitive, more_sensitive)


def _detect(text: str, *, policy: Policy, ner: bool) -> tuple[list[Finding], list[Finding]]:
    candidates = entity_candidates(text, ner=ner, spans=True)
    return find_entities(text, candidates=candidates), _find_all(text, policy=policy, ner=ner, candidates=candidates)


_BLANK = "[ \u3000\u00a0]"
#: Three or more single characters with one blank between each: ``张 建 国``,
#: ``1 3 8 1 …``; its first and last may touch other text (``手机1 3 8 …``, ``国，``).
_SPACED_RUN = re.compile(rf"[^\s](?:{_BLANK}[^\s](?={_BLANK}))+{_BLANK}[^\s]")


@dataclass(frozen=True)
class Despaced:
    """The lines of a text that hold letter-spaced runs, their blanks removed, and the way back."""

    text: str  # the lines holding runs, despaced
    origin: tuple[int, ...]  # original offset of each character of ``text``
    runs: tuple[tuple[int, int], ...]  # the runs, original offsets

    def merge(self, original: str, found: list[Finding], extra: list[Finding]) -> list[Finding]:
        """``found`` plus the findings of the despaced text that touch a run, in original offsets."""
        starts = [a for a, _ in self.runs]
        mapped = []
        for f in extra:
            start, end = self.origin[f.start], self.origin[f.end - 1] + 1
            k = bisect.bisect_right(starts, end - 1) - 1
            if k >= 0 and self.runs[k][1] > start:
                mapped.append(f.shifted(start, end, original[start:end]))
        if not mapped:
            return found
        return _with_text(original, resolve(found + mapped))


def despaced(text: str) -> Despaced | None:
    """The lines of ``text`` that hold letter-spaced runs, spacing undone; None when there is none.

    PDF text set with character spacing comes out as ``联 系 人 ： 张 建 国`` and
    ``1 3 8 1 2 3 4 5 6 7 8``: no name or number pattern matches that. Only the
    blanks between the single characters of such a run are taken out, and only
    the lines holding runs are kept (joined by their newlines), so reading them
    again costs little even in a long report with one spaced title.
    """
    runs = [(m.start(), m.end()) for m in _SPACED_RUN.finditer(text)]
    if not runs:
        return None
    lines: list[tuple[int, int]] = []
    for a, b in runs:
        start = text.rfind("\n", 0, a) + 1
        end = text.find("\n", b)
        end = len(text) if end < 0 else end
        if lines and start <= lines[-1][1]:
            lines[-1] = (lines[-1][0], max(end, lines[-1][1]))
        else:
            lines.append((start, end))
    squeezed, origin = drop_run_blanks(text, runs, lines)
    return Despaced(squeezed, tuple(origin), tuple(runs))

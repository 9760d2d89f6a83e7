"""Named places below province level: addresses, towns, zones, sites and projects.

Places identify an organisation as well as its name does (a mine, a dock, a
substation), so every kind of site counts. As with organisations, the kind
word (煤矿, 码头, 变电站, 开发区, 县 …) anchors the match and the core before it
must be a proper name; provinces and countries are public and never reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from baogao.findings import Finding
from baogao.redact.recognizers._text import (
    HAN,
    alternation,
    fold,
    han_run_before,
    is_common_word,
    is_distinctive,
    is_frequent,
    is_han,
    is_proper_word,
    lexicon,
    name_start,
    trim_left,
    word_info,
)

SOURCE = "location"
_NEVER = re.compile(r"(?!)")
_CUT = re.compile(r"[个座批些几多少每各该本这那其]")
_BARE_SITES = frozenset({"站", "矿"})
_VILLAGE = frozenset({"镇", "乡", "村", "街道", "街道办事处", "嘎查"})
_PROVINCE_HEAD = re.compile(r"(?:中国)?(?:[\u4e00-\u9fff]{2,3}(?:省|自治区)|北京市|天津市|上海市|重庆市)")
_ADMIN_BLOCK = {
    "市": "场民值况面容长",
    "区": "域别块间分队长委",
    "县": "域级长委",
    "乡": "村镇亲愁土",
    "村": "级庄落",
    "镇": "压守静定痛",
}


@dataclass(frozen=True)
class _Tables:
    stop: re.Pattern[str]
    prefixes: tuple[str, ...]
    generic: frozenset[str]
    admin: re.Pattern[str]
    zone: re.Pattern[str]
    site: re.Pattern[str]
    street: re.Pattern[str]
    building: re.Pattern[str]
    project: re.Pattern[str]
    section: re.Pattern[str]
    markers: tuple[str, ...]
    provinces: frozenset[str]
    generic_admin: frozenset[str]
    place_chars: str


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    org, loc = lexicon()["org"], lexicon()["location"]
    modifiers = alternation(tuple(loc["site_modifiers"])).pattern
    sites = alternation(tuple(loc["site_suffixes"])).pattern
    streets = alternation(tuple(loc["street_words"])).pattern
    buildings = alternation(tuple(loc["building_words"])).pattern
    return _Tables(
        stop=alternation(tuple(org["stop_words"]) + ("地址",)),
        prefixes=tuple(sorted(org["nonname_prefixes"], key=len, reverse=True)),
        generic=frozenset(org["industry_words"])
        | frozenset(org["generic_cores"])
        | frozenset(loc["site_modifiers"]),
        admin=alternation(tuple(loc["admin_suffixes"])),
        zone=alternation(tuple(loc["zone_suffixes"])),
        site=re.compile(rf"(?:{modifiers})?(?:{sites})"),
        street=re.compile(
            rf"(?:{streets})[0-9]{{1,5}}(?:-[0-9]{{1,4}})?号(?:[0-9]{{1,4}}(?:号楼|栋|幢|单元|层|楼|室))*"
        ),
        building=re.compile(rf"[{HAN}]{{1,8}}?(?:{buildings})"),
        project=re.compile(r"项目"),
        section=re.compile(r"[一二三四五六七八九十0-9]{1,3}标段|标段"),
        markers=tuple(loc["project_markers"]),
        provinces=frozenset(loc["provinces"]),
        generic_admin=frozenset(loc["generic_admin_cores"]),
        place_chars=org["place_chars"],
    )


def _core(text: str, end: int, t: _Tables, *, limit: int) -> str:
    """The proper-name core ending at ``end``: Han run, cut at stop words and ordinary words."""
    start = han_run_before(text, end, limit=limit)
    window = text[start:end]
    core = window[trim_left(window, stop=t.stop, prefixes=()) :]
    core = core[trim_left(core, stop=_CUT, prefixes=()) :]
    core = core[name_start(core, extra_generic=t.generic) :]
    core = core[trim_left(core, stop=_NEVER, prefixes=t.prefixes) :]
    for p in t.provinces:
        if core.startswith(p) and len(core) - len(p) >= 2:
            return core[len(p) :]
    return core


def _named(core: str, t: _Tables) -> bool:
    """A site core is a name when it is distinctive or a short toponym (白鹭湾, 紫岩)."""
    if len(core) < 2 or core in t.provinces or is_common_word(core):
        return False
    if is_distinctive(core, extra_generic=t.generic):
        return True
    return core[-1] in t.place_chars and not is_common_word(core[-2:])


def _add(out: list[Finding], text: str, start: int, end: int, kind: str, score: float) -> None:
    out.append(Finding(start, end, "LOCATION", text[start:end], SOURCE, score, {"kind": kind}))


def _addresses(text: str, folded: str, t: _Tables, out: list[Finding]) -> None:
    for m in t.street.finditer(folded):
        start = han_run_before(text, m.start(), limit=20)
        window = text[start : m.start()]
        start += trim_left(window, stop=t.stop, prefixes=t.prefixes)
        head = _PROVINCE_HEAD.match(text, start, m.start())
        if head is not None and m.start() - head.end() >= 2:
            start = head.end()  # provinces are public: 河南省|郑州市…
        if m.start() - start < 2:
            continue
        end = m.end()
        b = t.building.match(text, end)
        if b is not None and (b.end() >= len(text) or not is_han(text[b.end()])):
            end = b.end()
        _add(out, text, start, end, "address", 0.9)


def _admin(text: str, t: _Tables, out: list[Finding]) -> None:
    for m in t.admin.finditer(text):
        suffix, s = m.group(), m.start()
        if m.end() < len(text) and text[m.end()] in _ADMIN_BLOCK.get(suffix, ""):
            continue
        core = _core(text, s, t, limit=4)
        if len(core) > 3:
            core = core[-2:]
        if len(core) < 2 or core in t.generic_admin or core in t.provinces:
            continue
        if suffix not in _VILLAGE and core[-1:] in t.generic_admin:
            continue
        if (
            is_frequent(core[-1] + suffix)
            or is_common_word(core[-1] + suffix)
            or is_common_word(core + suffix)
        ):
            continue
        if any(c in "省市县区镇乡村城" for c in core):
            continue
        info = word_info(core)
        if is_common_word(core) and (suffix not in _VILLAGE or (info is not None and info[1][0] != "n")):
            continue  # 东风镇, 桃园村: town and village names are often ordinary nouns (not verbs)
        before = text[s - len(core) - 1] if s - len(core) > 0 else ""
        if suffix not in _VILLAGE and not (
            is_proper_word(core) or core[-1] in t.place_chars or (before and before in "省市县")
        ):
            continue
        _add(out, text, s - len(core), m.end(), "admin", 0.7)


def _zones(text: str, t: _Tables, out: list[Finding]) -> None:
    for m in t.zone.finditer(text):
        core = _core(text, m.start(), t, limit=10)
        cut = max(core.rfind(c) for c in "省市县")
        core = core[cut + 1 :][-6:]  # 郑州市|郑东新区: the city is an admin finding of its own
        if _named(core, t):
            _add(out, text, m.start() - len(core), m.end(), "zone", 0.8)


def _sites(text: str, t: _Tables, out: list[Finding]) -> None:
    for m in t.site.finditer(text):
        core = _core(text, m.start(), t, limit=10)
        if len(core) > 5:
            core = core[-5:]
        if m.group() in _BARE_SITES:
            # 紫岩站, 王庄矿: a one-char kind needs a two-char toponym right before it
            core = core[-2:]
            if len(core) < 2 or is_frequent(core + m.group()) or is_common_word(core):
                continue
            if core[-1] not in t.place_chars and not is_proper_word(core):
                continue
        if _named(core, t):
            _add(out, text, m.start() - len(core), m.end(), "site", 0.75)


def _projects(text: str, t: _Tables, out: list[Finding]) -> None:
    for pattern, kind in ((t.project, "project"), (t.section, "section")):
        for m in pattern.finditer(text):
            core = _core(text, m.start(), t, limit=14)
            if len(core) < 3 or not is_distinctive(core[:3], extra_generic=t.generic):
                continue
            if kind == "project" and not any(k in core for k in t.markers):
                continue
            _add(out, text, m.start() - len(core), m.end(), kind, 0.7)


def find(text: str) -> list[Finding]:
    """Named places in ``text`` (label LOCATION, attrs kind address/admin/zone/site/project)."""
    t = _tables()
    out: list[Finding] = []
    _addresses(text, fold(text), t, out)
    _admin(text, t, out)
    _zones(text, t, out)
    _sites(text, t, out)
    _projects(text, t, out)
    return out

"""Named places below province level: addresses, towns, zones, sites and projects.

Places identify an organisation as well as its name does (a mine, a dock, a
substation), so every kind of site counts. As with organisations, the kind
word (煤矿, 码头, 变电站, 开发区, 县 …) anchors the match and the core before it
must be a proper name; provinces and countries are public and never reported.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick_rs

from baogao.findings import Finding
from baogao.redact.recognizers._text import (
    COMMON,
    FUNCTION_CHARS,
    FUNCTION_TAGS,
    GENERIC,
    GLUED_BEFORE_NAMES,
    HAN,
    MASK_CHARS,
    PROPER,
    SINGLE,
    admin_place_names,
    alternation,
    fold,
    han_run_before,
    in_vocabulary,
    is_common_word,
    is_distinctive,
    is_frequent,
    is_han,
    is_proper_word,
    lexicon,
    longest_first,
    name_start,
    name_tokens,
    surname_at,
    tagged_words,
    trim_left,
    word_info,
)
from baogao.redact.recognizers.org import stop_cut

SOURCE = "location"
_NEVER = re.compile(r"(?!)")
CUT = re.compile(r"[个座批些几多少每各该本这那其]|部分|所属|下属|[两一二三四五六七八九十][条处家台套项]")
_BARE_SITES = frozenset({"站", "矿"})
_VILLAGE = frozenset({"镇", "乡", "村", "街道", "街道办事处", "嘎查", "苏木"})
_SIZE_WORDS = "大小中新老旧古名主"
_CONSTRUCTION = re.compile(r"(?:增效扩容|提标|改扩建|扩建|扩容|拓宽|提质|改建|新建|续建|迁建|改造|建设)+$")
_PROVINCE_HEAD = re.compile(r"(?:中国)?(?:[\u4e00-\u9fff]{2,3}(?:省|自治区)|北京市|天津市|上海市|重庆市)")
#: Chars before a suffix that make it an ordinary word, whatever comes before them: 桃源|古镇 is
#: a site (an ancient town) named 桃源, not a town 源古.
_ADMIN_BEFORE = {"镇": "古重集名强"}
_ADMIN_BLOCK = {
    "市": "场民值况面容长政",
    "区": "域别块间分队长委",
    "县": "域级长委",
    "乡": "村镇亲愁土",
    "村": "级庄落组民",  # (…村|民: 藏族村民, 全村村民 are villagers, not a village)
    "镇": "压守静定痛",
    "旗": "帜舰下手号袍杆开鼓舞子",
}


def suffix_opens_word(text: str, end: int) -> bool:
    """Whether the admin suffix ending at ``end`` opens a longer word with the next char (合作市|场,
    港口区|域, 村|级): then it closes no place's name."""
    return end < len(text) and text[end] in _ADMIN_BLOCK.get(text[end - 1], "")


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
    regions: frozenset[str]
    village_verbs: str
    phase: re.Pattern[str]


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    org, loc = lexicon()["org"], lexicon()["location"]
    sites = alternation(tuple(loc["site_suffixes"])).pattern
    streets = alternation(tuple(loc["street_words"])).pattern
    buildings = alternation(tuple(loc["building_words"])).pattern
    return _Tables(
        stop=alternation(tuple(org["stop_words"]) + ("地址",)),
        prefixes=tuple(longest_first(org["nonname_prefixes"])),
        generic=frozenset(org["industry_words"])
        | frozenset(org["generic_cores"])
        | frozenset(org["route_kinds"])
        | frozenset(loc["site_modifiers"]),
        admin=alternation(tuple(loc["admin_suffixes"])),
        zone=alternation(tuple(loc["zone_suffixes"])),
        # (?:modifier)?site, spelled as one branch per modifier and then the bare sites: the same
        # matches in the same order, but every branch opens with a literal char, so ``re`` skips
        # the positions no branch can start at (5x faster over a report than the optional group)
        site=re.compile("|".join(f"{re.escape(m)}(?:{sites})" for m in longest_first(loc["site_modifiers"])) + f"|{sites}"),
        street=re.compile(
            # (a long road is numbered by its section: 建设北路|二段|68号, 武陵大道|西段|208号)
            rf"(?:{streets})(?:[东南西北中一二三四五六七八九十]段)?[0-9]{{1,5}}(?:-[0-9]{{1,4}})?号(?:[0-9]{{1,4}}(?:号楼|栋|幢|单元|层|楼|室))*"
        ),
        building=re.compile(rf"[{HAN}]{{1,8}}?(?:{buildings})"),
        # 工程 as a project, not 工程有限公司 / 工程局 / 工程师 / 工程建设 …
        project=re.compile(r"项目|工程(?![有公局师院处部队技管质建])"),
        # 青山隧道3标段, 宁古高速公路NG-3标|项目经理部 (the section's site office is named with it)
        section=re.compile(
            r"(?:[A-Z]{1,4}-?[0-9]{1,3}标段?|[一二三四五六七八九十0-9]{1,3}标段|标段)(?:项目经理部|项目部|经理部)?"
        ),
        markers=tuple(loc["project_markers"]),
        provinces=frozenset(loc["provinces"]),
        generic_admin=frozenset(loc["generic_admin_cores"]),
        place_chars=org["place_chars"],
        regions=frozenset(org["region_words"]),
        village_verbs=loc.get("village_verbs", ""),
        # what turns a site into a project: 溪城第三水厂|二期工程, 石门坎电站|增效扩容改造项目
        phase=re.compile(
            r"(?:[一二三四五六七八九十0-9]{1,2}期)?(?:增效扩容|提标|改扩建|扩建|扩容|拓宽|提质|改建|新建|续建|迁建|改造|建设){0,2}(?:工程|项目)"
            # …or an area of it: 丰城灰场|生态修复区, 东岭煤矿|生活区, 东岭煤矿|工业广场
            r"|(?:生态修复|生态治理|综合治理|复垦|生活|办公|作业|施工|储煤|储运)区|工业广场"
        ),
    )


def generic_admin_cores() -> frozenset[str]:
    """Cores that look like names before 市/区/县 … but are common words (城, 示范, 乡镇 …)."""
    return _tables().generic_admin


#: What an age or a bound ends in: no place name holds it (60岁以上|村医, 5公里以内|村).
_AGE_OR_RANGE = re.compile(r"岁|以上|以下|以内|以外|左右")


def province_cut(span: str) -> int:
    """Length of the province that opens ``span`` (云南|鲁布革水电站), 0 when none does."""
    return next((len(p) for p in _provinces_longest_first() if span.startswith(p)), 0)


def province_before(text: str, end: int) -> str:
    """The province name that ends at ``end`` (江西|省地质局), "" when none does."""
    return next((p for p in _provinces_longest_first() if end >= len(p) and text.startswith(p, end - len(p))), "")


#: Words before 银行 that say what kind of bank, not which (本地银行, 合作银行).
_NOT_BANK_NAMES = frozenset({"本地", "当地", "多家", "各家", "合作", "国有", "股份制", "外资", "民营", "地方", "开户", "贷款", "放款"})
#: The kind word that ends a bank's name, before an optional legal form.
_BANK_KIND = re.compile(r"(?:农村商业|农商|村镇|城市商业|商业|储蓄)?银行(?:股份有限公司|有限责任公司)?$")


def bank_before(text: str, end: int) -> str:
    """The bank's name that ends at ``end`` (中国邮政储蓄银行|南溪县支行, 与鲁南农商银行|临港支行),
    "" when none does: the bank's kind word, the proper-name core before it and 中国 before that."""
    m = _BANK_KIND.search(text, max(0, end - 16), end)
    if m is None:
        return ""
    core = _core(text, m.start(), _tables(), limit=6)
    start = m.start() - len(core)
    if core in _NOT_BANK_NAMES or len(core) == 1 or (not core and not text.startswith("农村商业", m.start())):
        return ""  # 本地银行, a bare 银行: no bank is named
    if text.startswith("中国", start - 2):
        start -= 2
    return text[start:end]


@lru_cache(maxsize=1)
def _provinces_longest_first() -> tuple[str, ...]:
    return tuple(longest_first(_tables().provinces))


def _core(text: str, end: int, t: _Tables, *, limit: int) -> str:
    """The proper-name core ending at ``end``: Han run, cut at stop words and ordinary words."""
    start = han_run_before(text, end, limit=limit)
    window = text[start:end]
    core = window[stop_cut(window, t.stop) :]
    core = core[trim_left(core, stop=CUT, prefixes=()) :]
    core = core[name_start(core, extra_generic=t.generic) :]
    named_old = core[:1] == "老" and (
        (len(core) == 3 and core[-1] in t.place_chars)
        # 老秃顶子: four chars ending in a place char or the 子 of north-eastern hill and stream
        # names, whose first two chars make no word (not 老城|…, 老旧|…)
        or (len(core) == 4 and (core[-1] in t.place_chars or core[-1] == "子") and word_info(core[:2]) is None)
    )
    if not named_old:  # 老虎沟, 老鸦嘴: 老 opens the name of a gully or a rock, not "the old …"
        core = core[trim_left(core, stop=_NEVER, prefixes=t.prefixes) :]
    for p in t.provinces:
        if core.startswith(p) and len(core) - len(p) >= 2:
            return core[len(p) :]
    return _after_verb(core)


def _after_verb(core: str) -> str:
    """Drop a leading verb before ordinary words: 建好|现代农业 (示范区) is an aim, not a place.

    A rare verb (建好) reads as distinctive and carried the whole phrase into a
    place name; what follows it must be an ordinary word for the verb to go, so
    a name that merely starts like a verb (振兴|街道) is kept.
    """
    for k in (3, 2):
        info = word_info(core[:k])
        if info is not None and info[1] == "v" and len(core) - k >= 2 and is_common_word(core[k:]):
            return core[k:]
    return core


#: Kinds of structure that are always one named place: a noun ending in a place char
#: before them is its name even when it is an everyday word (石门|隧道, 龙门|水库).
_STRUCTURES = frozenset(
    {"隧道", "大桥", "特大桥", "水库", "互通立交", "立交桥", "煤矿", "矿井", "古镇", "科创园", "创新园"}
)


def _named(core: str, t: _Tables, kind: str = "") -> bool:
    """A site core is a name when it is distinctive or a short toponym (白鹭湾, 紫岩)."""
    if (
        kind in _STRUCTURES
        and len(core) == 2
        and core[-1] in t.place_chars
        and core not in t.generic
        and core not in t.provinces
        and (word_info(core) or ("", ""))[1] in ("n", "ns", "nz")
    ):
        return True
    if len(core) < 2 or core in t.provinces or core in t.generic or is_common_word(core):
        return False  # 供水|站: an industry word names a kind of site, not one
    if is_distinctive(core, extra_generic=t.generic):
        return True
    return core[-1] in t.place_chars and not is_common_word(core[-2:])


def _add(out: list[Finding], text: str, start: int, end: int, kind: str, score: float) -> None:
    out.append(Finding(start, end, "LOCATION", text[start:end], SOURCE, score, {"kind": kind}))


@lru_cache(maxsize=1)
def _admin_place_names() -> ahocorasick_rs.AhoCorasick | None:
    """The prefecture- and county-level divisions of ``models/admin_places.txt`` (None when absent)."""
    names = admin_place_names()
    return ahocorasick_rs.AhoCorasick(list(names), matchkind=ahocorasick_rs.MatchKind.LeftmostLongest) if names else None


@lru_cache(maxsize=1)
def _bare_city_names() -> ahocorasick_rs.AhoCorasick | None:
    """Two-char cities of ``models/admin_places.txt`` (西安 of 西安市, 胶州 of 胶州市) that jieba's
    dictionary knows as place names: written without 市 they are still the city. Two-char names
    the dictionary reads otherwise (日照, 白银, 灯塔, 保定) are left out: mostly they are words."""
    stems = sorted(
        n for n in _city_stems()
        if n in _CITIES_MISREAD or ((word_info(n) or (0, ""))[1] == "ns" and not is_common_word(n))
    )
    return ahocorasick_rs.AhoCorasick(stems) if stems else None


#: Cities that jieba's dictionary tags as something else than a place (大连 as an adverb, 合肥 as a
#: noun, 唐山 not at all) but that reports use as the city.
_CITIES_MISREAD = frozenset(
    ["三明", "义乌", "乐清", "仁怀", "伊春", "余姚", "凯里", "包头", "南通", "合肥", "吕梁", "和田", "哈密", "唐山", "商丘", "嘉兴", "大连", "如皋", "娄底", "孝感", "宁德", "安顺", "宝鸡", "宿迁", "寿光", "岳阳", "崇左", "巩义", "常德", "常熟", "延吉", "恩施", "慈溪", "拉萨", "昭通", "景洪", "曲靖", "本溪", "桂林", "楚雄", "毕节", "焦作", "烟台", "玉溪", "盘锦", "章丘", "腾冲", "自贡", "舟山", "营口", "蓬莱", "许昌", "诸城", "运城", "通化", "通辽", "遵义", "邵阳", "邹城", "酒泉", "金华", "铁岭", "铜仁", "银川", "阳泉", "龙岩", "黄石", "滕州", "荣成", "蒙自", "百色", "信阳", "周口", "商洛", "天水", "宣威", "怀化", "辛集", "保定", "平度", "江油", "河源", "资阳", "林芝", "玉树", "武威", "承德", "开封", "麻城", "赤壁", "石狮", "钟祥"]
)
#: The kind of a city read by its bare name: masked, but not listed among the ``entities`` (CLUENER
#: marks a bare city now and then, and the NER model reads those mentions in context).
BARE_CITY = "bare_city"
#: Cities whose bare name is more often a word of the reports' prose or another place: 江山 (江山就是
#: 人民), 朝阳 (the rising sun, and a district in many cities), 安宁 (peace), a river or a lake (沙河,
#: 临江, 平湖), a mountain (黄山, 庐山, 韶山), a sea (北海), a province (吉林).
_CITY_WORDS = frozenset({"江山", "朝阳", "安宁", "临江", "临海", "沙河", "天门", "平湖", "黄山", "庐山", "韶山", "北海", "吉林"})


def _bare_cities(text: str, out: list[Finding]) -> None:
    """A city named without 市 (开通至西安、郑州的班列, 在淄博、临沂布局): a place at city level.
    Not where a char of it makes a word with the char beside it, nor before the kind of a place
    named after it (西安市, 西安站, 青岛港: the rules read those whole)."""
    names = _bare_city_names()
    if names is None:
        return
    for _, a, b in names.find_matches_as_indexes(text):
        if b < len(text) and text[b] in "市区县港站州":
            continue
        if a > 0 and is_han(text[a - 1]) and word_info(text[a - 1 : a + 1]) is not None:
            continue
        if b < len(text) and is_han(text[b]) and word_info(text[b - 1 : b + 1]) is not None:
            continue
        if in_vocabulary(text[a : b + 1]) or (a > 0 and in_vocabulary(text[a - 1 : b])):
            continue  # 中山装: a longer word holds the name
        _add(out, text, a, b, BARE_CITY, 0.6)


def _admin_places(text: str, out: list[Finding]) -> None:
    """Real prefectures and counties by name (仓山区, 塔城地区, 公主岭): the suffix rules take
    仓山|区 for a mountain area and 鼓楼|区 for a tower's block."""
    names = _admin_place_names()
    if names is None:
        return
    for _, start, end in names.find_matches_as_indexes(text):
        if suffix_opens_word(text, end):
            continue  # 合作市|场, 港口区|域: the suffix opens a longer word
        if start > 0 and is_han(text[start - 1]) and is_common_word(text[start - 1 : start + 1]):
            continue  # 适|应城市: the name's first char closes the word before it
        if end < len(text) and is_han(text[end]) and text[end - 1] not in "市区县旗盟州" and (
            is_common_word(text[end - 1 : end + 1])
        ):
            continue  # a stem whose last char opens the next word
        _add(out, text, start, end, "admin", 0.7)


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
        if b is None or _ROOM.match(fold(text[b.end() : b.end() + 16])) is None:
            # a named block of a campus needs its room to be part of the address: …18号|行政楼305室
            b = _BLOCK.match(folded, end) or _UNIT_BLOCK.match(folded, end) or b
        if b is not None:
            # the room in the building: …海岳港口大厦|1218室, …科技园|B座605
            room = _ROOM.match(fold(text[b.end() : b.end() + 16]))
            if room is not None:
                end = b.end() + room.end()
            elif b.end() >= len(text) or not is_han(text[b.end()]):
                end = b.end()
        _add(out, text, start, end, "address", 0.9)


#: The value of an address field, up to the end of its line or of its field: 地址：溪口县竹坪乡白岩村上洋
#: 自然村18号, 公司地址：安宁县丰林镇桂花湾村委会旁（统一社会信用代码… The rules above find its parts
#: (溪口县, 竹坪乡, 白岩村) but a village's own hamlet or a landmark (…村委会旁) is no pattern; the
#: field's label vouches for the whole value.
_ADDRESS_FIELD = re.compile(
    # (not a network's address: IP地址, 邮件地址, 网页地址, 服务器地址; nor right after a code, which
    # masking turns into ×s: the label must read the same before and after, so masking twice is
    # masking once)
    r"(?:通讯|通信|联系|办公|注册|公司|单位|家庭|现)?"
    rf"(?<![A-Za-z0-9{re.escape(''.join(sorted(MASK_CHARS)))}邮网络件箱接器站页])(?:地址|住址)(?:为|是)?[:：][ \t　]*"
    r"(?P<value>[^\n（()）；;。，,　]{4,60}?)"
    r"(?=[\n（()）；;。，,　]|[ \t]{2}|[ \t]*(?:邮编|邮政编码|电话|联系人|邮箱|传真|网址|手机)|$)"
)
_ADDRESS_CHARS = frozenset("省市县区镇乡村路街道巷号楼室园旗屯组")


def _address_fields(text: str, out: list[Finding]) -> None:
    for m in _ADDRESS_FIELD.finditer(text):
        start, end = m.span("value")
        value = text[start:end].rstrip()
        end = start + len(value)
        if not any(c in _ADDRESS_CHARS or c.isdigit() for c in value) or not any(is_han(c) for c in value):
            continue  # 地址：详见官网
        head = _PROVINCE_HEAD.match(text, start, end)
        if head is not None and end - head.end() >= 2:
            start = head.end()  # provinces are public: 山西省|太原市…
        _add(out, text, start, end, "address", 0.9)


#: The suffixes of villages and their peers, named after their township.
_VILLAGES = ("村", "嘎查", "社区")


def _admin(text: str, t: _Tables, out: list[Finding]) -> None:
    for m in t.admin.finditer(text):
        suffix, s = m.group(), m.start()
        if m.end() < len(text) and text[m.end()] in _ADMIN_BLOCK.get(suffix, ""):
            continue
        if s > 0 and text[s - 1] in _ADMIN_BEFORE.get(suffix, ""):
            continue
        steppe = _steppe_core(text, s, suffix, t)
        if steppe == "":
            continue
        if steppe is not None:
            _add(out, text, s - len(steppe), m.end(), "admin", 0.7)
            continue
        core = _core(text, s, t, limit=4)
        if len(core) > 3:
            # 临海市|黄沙港|镇: after the larger unit the name may have three chars; a village's
            # after its township's too (树林召镇|五股地|村, 黄沙乡|十里铺|村)
            cut = max(core.rfind(c) for c in ("市县区镇乡" if suffix in _VILLAGES else "市县区"))
            three = 0 <= cut and len(core) - cut - 1 == 3 and core[cut + 1] not in "级属内外直辖域委"
            core = core[cut + 1 :] if three else core[-2:]
        if len(core) < 2 or core in t.generic_admin or core in t.provinces:
            continue
        # 金城区 / 溪城市 are places, 主城区 / 老城区 are not: a proper or coined toponym may end in 城
        proper = is_proper_word(core)
        # 布局|城市, 加大|城市: the core's first char closes the word before it
        glued = (
            len(core) == 2 and s >= 3 and is_han(text[s - 3]) and word_info(text[s - 3 : s - 1]) is not None
        )
        town = (
            suffix in ("市", "县", "区")
            and core[-1] == "城"
            and proper
            and not glued
            and core[0] not in _SIZE_WORDS  # 大城市, 新城区, 老城区: a kind of town, not its name
        )
        # 岚山县, 临海市, 芜湖市: a place word of the dictionary may end in a landform char
        # …and a coined one may end in 港 or 山 (滨港市, 青山县) when its first char is no ordinary word
        coined = core[-1:] in ("港", "山") and is_distinctive(core) and word_info(core) is None
        landform = (
            suffix in ("市", "县") and len(core) == 2 and (proper or coined) and not glued and core not in t.generic
        )
        # 江城市|洪山区: right after its city a district may end like a word (山区)
        after_city = (
            suffix == "区"
            and s - len(core) >= 2
            and text[s - len(core) - 1] == "市"
            and is_han(text[s - len(core) - 2])
            and len(core) == 2
            and core not in t.generic
        )
        # 锦绣社区, 渔港社区: communities are named by rare nouns of the dictionary
        named_as = word_info(core) if len(core) == 2 else None
        community = (
            suffix == "社区"
            and named_as is not None
            and named_as[1] in ("n", "ns", "nz")
            and not is_common_word(core)
            and not glued
            and core not in t.generic
        )
        # 南湖|区, 青山|镇: a two-char place name of the dictionary before a district's or a
        # town's suffix names it, though 湖区 and 山镇 are words too
        named_place = (
            suffix in ("区", "县", "镇", "乡", "街道")
            and len(core) == 2
            and named_as is not None
            and named_as[1] == "ns"
            and not is_common_word(core)
            and not glued
            and core not in t.generic
            and core not in t.regions
        )
        if suffix not in _VILLAGE and core[-1:] in t.generic_admin and not (
            town or landform or after_city or community or named_place
        ):
            continue
        if suffix in _VILLAGE and core[-1] in t.village_verbs:
            continue  # 宽带进村, 干部驻村: a destination, not a village name
        if _AGE_OR_RANGE.search(core):
            continue  # 60岁以上|村医: an age or a range before a village's people, not a name
        # 渔山|镇: a rare two-char name before a town's suffix is the town's, though 山镇 is a word
        rare_town = suffix in ("镇", "乡") and len(core) == 2 and (word_info(core) or (0, ""))[0] < 50
        if is_common_word(core + suffix) or (
            not town
            and not after_city
            and not rare_town
            and not named_place
            and (is_frequent(core[-1] + suffix) or is_common_word(core[-1] + suffix))
        ):
            continue  # 大城市 is a word; 金城|市 is not, though 城市 is
        # 城关镇 / 城关街道: the seat of a county is named by its gate, the commonest town name
        seat = core == "城关" and suffix in _VILLAGE
        if any(c in "省市县区镇乡村" for c in core) or ("城" in core and not town and not seat):
            continue
        info = word_info(core)
        if is_common_word(core) and (suffix not in _VILLAGE or (info is not None and info[1][0] != "n")):
            continue  # 东风镇, 桃园村: town and village names are often ordinary nouns (not verbs)
        before = text[s - len(core) - 1] if s - len(core) > 0 else ""
        if suffix not in _VILLAGE and not (
            proper
            or core[-1] in t.place_chars
            or (before and before in "省市县")
            or _coined_seat(text, core, m.end(), t)
            or community
        ):
            continue
        _add(out, text, s - len(core), m.end(), "admin", 0.7)


_STEPPE_UNITS = ("苏木", "嘎查")
_STEPPE_CUT = re.compile(r"(?:苏木|嘎查|旗|盟|镇|乡|县|市|区)")


def _steppe_core(text: str, s: int, suffix: str, t: _Tables) -> str | None:
    """The four- or five-char name of a sumu or gacha (巴彦乌拉|苏木, 乌兰布拉格|嘎查), None when
    the usual two- or three-char reading applies, "" when no name ends here.

    Mongolian names run longer than the two or three chars other towns and villages have; the
    name starts after the larger unit written before it (…苏木|乌兰布拉格嘎查, 巴彦镇|哈达图嘎查) or
    after a word the dictionary cuts off (与毗邻的|巴彦乌拉苏木).
    """
    if suffix not in _STEPPE_UNITS:
        return None
    start = han_run_before(text, s, limit=7)
    window = text[start:s]
    cuts = list(_STEPPE_CUT.finditer(window))
    if cuts:
        window = window[cuts[-1].end() :]
    window = window[stop_cut(window, t.stop) :]
    window = window[name_start(window, extra_generic=t.generic) :]
    if any(is_common_word(window[a : a + 2]) for a in range(len(window) - 1)):
        return ""  # 客服班长|阿苏木呷: a person's name, not a sumu's, after ordinary words
    shortest = 2 if cuts else 4  # after its larger unit a shorter name is one too (巴彦镇|哈达图嘎查)
    if not shortest <= len(window) <= 5 or is_common_word(window[:2]) or any(c in FUNCTION_CHARS for c in window):
        return None
    return window


#: What follows a county or city that governs: its party committee, government, bureaus,
#: public hospital or school (青禾县|卫生健康局, 青禾县|人民医院, 青禾县|委).
_SEAT_AFTER = re.compile(
    r"委|政府|人民|人大|政协|纪委|卫生|卫健|教育|公安|财政|民政|自然资源|生态环境|交通运输|住建|住房和|"
    r"农业农村|水利|应急管理|市场监|融媒体|统计|审计|税务|发改|发展和改革|工信|商务|文旅|文化和|医保|人社|"
    r"人力资源|林业|消防|中医院|妇幼|疾控|第[一二三四五六七八九十]"
)


def _coined_seat(text: str, core: str, end: int, t: _Tables) -> bool:
    """A coined two-char county or city name (青禾县) known by the bodies it governs."""
    return (
        len(core) == 2
        and _SEAT_AFTER.match(text, end) is not None
        and word_info(core) is None
        and not any(c in lexicon()["org"]["nonname_chars"] or c in _NOT_TOPONYM for c in core)
        and is_distinctive(core, extra_generic=t.generic)
    )


_ROOM = re.compile(r"(?:(?:[A-Z]|[A-Z]?[0-9]{1,4}(?:-[0-9]{1,4})?)(?:号楼|栋|幢|座|单元|层|楼|室|号|区))*(?:[A-Z]?[0-9]{1,4}(?:-[0-9]{1,4})?(?:室|层|楼|号)|[A-Z](?:座|栋|幢)[0-9]{0,4})")
#: a block of a site by its use (行政楼, 调度楼, 综合楼, 科研楼): part of an address only before a room
_BLOCK = re.compile(rf"[{HAN}]{{1,8}}?楼(?=[A-Z0-9])")
#: …or the site office or unit there, before its numbered block: …465号|项目部|2号楼203室
_UNIT_BLOCK = re.compile(rf"[{HAN}]{{1,4}}?(?=[0-9]{{1,4}}(?:号楼|栋|幢|座))")


_PARENT = re.compile(rf"([{HAN}]{{2}})(市|县|区)$")


def _parent_admin(text: str, t: _Tables, out: list[Finding]) -> None:
    """The county or city written right before a found place: 桃源县|青峰乡, 溪城市|东湖街道.

    Address grammar puts the larger unit first, so a two-char core + 市/县/区
    directly before a town, township, street or district is a place even when
    the core is an ordinary word (桃源).
    """
    for f in [f for f in out if f.attrs.get("kind") == "admin"]:
        m = _PARENT.search(text, max(0, f.start - 3), f.start)
        if m is None:
            continue
        core = m.group(1)
        if core in t.provinces or core in t.generic_admin or any(c in "省市县区镇乡村" for c in core):
            continue
        if core[0] in lexicon()["org"]["nonname_chars"] or core[0] in _SIZE_WORDS:
            continue
        if is_common_word(core + m.group(2)) or is_proper_word(core + m.group(2)) and core[-1] == "城":
            continue  # 大城市 / 城市 as words, not a named city before the street
        _add(out, text, m.start(), m.end(), "admin", 0.65)


#: Public-service units of a town, township, village or county, named by the place:
#: 石埠镇|卫生院, 柳溪镇|中心幼儿园, 青峰乡|中心小学. The kind words alone are too common
#: (普通中学, 乡镇卫生院) to anchor a name; after a place already found they close one.
_LOCAL_UNIT = re.compile(
    r"(?:中心|第[一二三四五六七八九十]{1,2}|实验|民族|人民)?"
    r"(?:社区卫生服务中心|卫生服务中心|卫生院|卫生所|卫生室|妇幼保健院|中医院|医院|幼儿园|"
    r"初级中学|高级中学|中学|小学|学校|敬老院|养老院|福利院|"
    # …and its stations and offices: 石门乡|养护站, 青峰镇|派出所, 柳溪镇|农技站
    r"养护站|派出所|农技站|农业服务中心|林业站|水利站|兽医站|财政所|国土所|供电所|消防救援站|专职消防队|便民服务中心|文化站|"
    # …and a city's museums, memorial halls, libraries and parks named with it: 云州市|博物馆
    r"博物馆|纪念馆|革命烈士纪念馆|图书馆|文化馆|美术馆|科技馆|体育馆|体育中心|会展中心|"
    r"[一-鿿]{2,6}?(?:产业园|工业园区|工业园|科技园|物流园|教育基地|示范基地))"
)


def _local_units(text: str, out: list[Finding]) -> None:
    for f in [f for f in out if f.attrs.get("kind") == "admin"]:
        m = _LOCAL_UNIT.match(text, f.end)
        if m is not None:
            out.append(Finding(f.start, m.end(), "ORG", text[f.start : m.end()], SOURCE, 0.7, {"kind": "unit"}))


#: The bodies a place governs, named with it: 云溪县|人民政府, 岚山县|委, 桐江市|农业农村局,
#: 岐海市|消防救援支队. The whole name identifies the place as well as the place alone does.
_SEAT_BODY = re.compile(
    r"(?:(?:人民政府|政府|人大常委会|政协|党委|党工委|纪委|监委|县委|市委|区委|委(?![员托屈婉]))"
    # …and its offices and departments: 宁川市委|宣传部, 桐溪县委|办公室, 县政府|办公室
    r"(?:办公室|宣传部|组织部|统战部|政法委|编办|党校|研究室|督查室|巡察办)?"
    r"|(?:中级)?人民(?:法院|检察院)(?:办公室|[\u4e00-\u9fff]{1,4}?庭)?"
    rf"|[{HAN}]{{1,10}}?(?:局|委员会|支队|大队|中队|总工会)|(?:国资|发改|卫健|经信|工信|教|农|建|科|体)委"
    # …and the public bodies named with it: 桐溪县|档案馆, 湖滨区|融媒体中心, 锦华区|电视台
    r"|档案馆|融媒体中心|广播电视台|电视台|广播电台|政务服务中心|(?:[\u4e00-\u9fff]{2,4}?)?服务中心"
    r"|[\u4e00-\u9fff]{2,6}?(?:交易中心|指挥中心|调度中心|监测中心|检测中心|管理中心|保障中心|救援中心)"
    # …and a zone's own bodies: 鹿屿化工园区|管委会, …|专职消防队
    r"|管委会|管理委员会|专职消防队|消防救援站|消防站|派出所)"
)


def _seat_bodies(text: str, out: list[Finding]) -> None:
    # every mention of a place or zone found once (岚山县委 is not read as a place by itself: 县委 is a word)
    places = {
        f.text
        for f in out
        if (f.attrs.get("kind") == "admin" and f.text[-1] in "市县区镇乡道旗") or f.attrs.get("kind") == "zone"
    }
    for place in places:
        at = text.find(place)
        while at >= 0:
            end = at + len(place)
            m = _SEAT_BODY.match(text, end)
            if m is not None and not any(c in "，。、；：,;:（）() " for c in m.group()):
                out.append(Finding(at, m.end(), "ORG", text[at : m.end()], SOURCE, 0.65, {"kind": "seat"}))
            at = text.find(place, end)


_WATER_HILL = "河江湖溪渠山岭峰"


def _city_cores(text: str, t: _Tables, out: list[Finding]) -> None:
    """A city, county or town named once with 市/县/镇/乡 is the same place without it:
    青阳市 → 数字青阳, 青阳好人; 柳溪镇 → 柳溪河, 新柳溪, 华茂食品（柳溪）有限公司."""
    cores = {
        f.text[:-1]
        for f in out
        if f.attrs.get("kind") == "admin"
        and f.text[-1] in "市县镇乡"
        and len(f.text) == 3
        and not is_common_word(f.text[:-1])
    }
    if not cores:
        return
    ac = ahocorasick_rs.AhoCorasick(sorted(cores), matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
    for _, i, j in ac.find_matches_as_indexes(text):
        # the place's river, lake or hill is named after it: 柳溪|河, 青阳|湖 (not 青阳|山区, 柳溪|河道)
        if j < len(text) and text[j] in _WATER_HILL and not is_frequent(text[j : j + 2]):
            j += 1
        _add(out, text, i, j, "city", 0.6)


def _zones(text: str, t: _Tables, out: list[Finding]) -> None:
    for m in t.zone.finditer(text):
        core = _core(text, m.start(), t, limit=10)
        cut = max(core.rfind(c) for c in "省市县")
        core = core[cut + 1 :][-6:]  # 郑州市|郑东新区: the city is an admin finding of its own
        if _named(core, t):
            _add(out, text, m.start() - len(core), m.end(), "zone", 0.8)


#: What an ore is made into or shipped as after a mine's kind word (镍矿|石, 铁矿|粉, 矿|产): the ore, not the mine.
_ORE_MATTER = frozenset("石粉砂渣产料浆")


def _sites(text: str, t: _Tables, out: list[Finding]) -> None:
    for m in t.site.finditer(text):
        core = _core(text, m.start(), t, limit=10)
        counted = core.rfind("两")
        if counted >= 0:
            core = core[counted + 1 :]  # 青石、白沙两|坑口: a count ends the name before the kind
        if len(core) > 5:
            core = core[-5:]
            # do not start inside a word: 开工建|设溪城第三水厂 → 溪城第三水厂, 金|沙江向家坝 → 金沙江向家坝
            glued = text[m.start() - len(core) - 1 : m.start() - len(core) + 1]
            if is_proper_word(glued):
                core = glued[0] + core
            while len(core) > 2 and word_info(text[m.start() - len(core) - 1 : m.start() - len(core) + 1]):
                core = core[1:]
        if m.group() in _PORT_AREAS:
            # 龙湾|港区, 北岙|作业区: a two-char place name, not an ordinary word (滚筒|作业区)
            three = core[-3:]
            core = core[-2:]
            info = word_info(core)
            if is_common_word(core) or any(c in _NOT_TOPONYM for c in core):
                continue
            if info is not None and info[1] not in ("ns", "nz") and core[-1] not in t.place_chars:
                continue
            # …or a three-char one (沙枣园|作业区) whose first char opens no word with the one before
            if (
                len(three) == 3
                and three[0] not in _NOT_TOPONYM
                and three[0] not in lexicon()["org"]["nonname_chars"]
                and word_info(three[:2]) is not None
                and not is_common_word(three[:2])
                and not word_info(text[m.start() - 4 : m.start() - 2])
            ):
                core = three
        if m.group() in _BARE_SITES:
            if word_info(text[m.start() : m.start() + 2]):
                continue  # 站长, 站区, 矿区: the kind char starts another word
            # 紫岩站, 王庄矿: a one-char kind needs a two-char toponym right before it
            three = core[-3:]
            core = core[-2:]
            if len(core) < 2 or is_frequent(core + m.group()) or is_common_word(core):
                continue
            if is_frequent(core[-1] + m.group()):
                continue  # 严格|网站, 兵站: the kind char ends an ordinary word with the char before
            if core[-1] not in t.place_chars and not is_proper_word(core):
                continue
            # …or a three-char one (青石桥站) when its first char is no part of the word before
            if (
                len(three) == 3
                and three[0] not in _NOT_TOPONYM
                and three[0] not in lexicon()["org"]["nonname_chars"]
                and not is_common_word(three[:2])
                and not word_info(text[m.start() - 4 : m.start() - 2])
            ):
                core = three
        if m.group().endswith("矿") and len(m.group()) >= 2 and text[m.end() : m.end() + 1] in _ORE_MATTER:
            continue  # 采出镍|矿石, 铁|矿粉: the kind runs on into the ore itself, no mine
        phase = t.phase.match(text, m.end())
        if m.group() == "高速" and phase is None and _adverb_after(text, m.end()):
            continue  # 但同|高速|增长: speed, not an expressway (but 益湘高速|扩容工程 is one)
        if m.group() in _NOUN_KINDS and not (core and (core[-1] in t.place_chars or is_proper_word(core[-2:]))):
            continue  # 大打|矿山之仗: a kind that is an everyday noun needs a toponym before it (云峰山|矿山)
        if _named(core, t, m.group()):
            # a project of the site is named with it: 溪城第三水厂|二期工程
            _add(out, text, m.start() - len(core), m.end() if phase is None else phase.end(), "site", 0.75)


_NOUN_KINDS = frozenset(
    {"矿山", "厂区", "库区", "林场", "转运站", "联合站", "注水站", "工厂", "牧场", "停车场", "航道", "油库", "苗圃", "林区",
     "罐区"}
)
_PORT_AREAS = frozenset({"港区", "作业区"})
_KIND_TAIL = re.compile(r"站|厂|基地|矿(?![区山井业务长工])")
# Kind words, counters and numerals: never inside a site's own name (…热源厂|两座|热源厂).
_NOT_TOPONYM = frozenset(
    "厂站矿库场所段局部队线两座个台套条家处号期级型类一二三四五六七八九十百千万镇乡村县市区"
)


def _toponym(name: str, t: _Tables) -> bool:
    """A two- or three-char place name: a place word of the dictionary or a place-char ending (柳巷, 临港)."""
    if name in t.provinces or name in t.generic or name in t.regions or is_common_word(name):
        return False
    if any(c in lexicon()["org"]["nonname_chars"] or c in _NOT_TOPONYM for c in name):
        return False
    if name[-1] in t.place_chars:
        return not is_common_word(name[-2:])
    info = word_info(name) if len(name) == 2 else None
    return info is not None and info[1] in ("ns", "s")


def _kind_sites(text: str, t: _Tables, out: list[Finding]) -> None:
    """Place name + kind word + 站/厂/基地: 龙泉|换热|站, 东郊|热源|厂, 临港|原料药|基地.

    The kind words are too many to list (换热站, 热源厂, 制药厂 …); the shape is
    fixed: a toponym, then an ordinary word saying what is made or done there.
    """
    for m in _KIND_TAIL.finditer(text):
        if len(m.group()) == 1 and word_info(text[m.start() : m.start() + 2]):
            continue  # 站长, 厂区: the kind char starts another word
        run = han_run_before(text, m.start(), limit=9)
        window = text[run : m.start()]
        window = window[stop_cut(window, t.stop) :]
        for mod in (2, 3):
            modifier = window[len(window) - mod :]
            if (
                len(window) < mod + 2
                or any(c in "省市县区镇乡村" for c in modifier)
                or not _kind_word(modifier, t)
            ):
                continue
            found = False
            for k in (3, 2):
                start = m.start() - mod - k
                if k + mod > len(window) or not _toponym(text[start : start + k], t):
                    continue
                if start > m.start() - len(window) and word_info(text[start - 1 : start + 1]):
                    continue  # the name's first char closes the word before it
                _add(out, text, start, m.end(), "site", 0.7)
                found = True
                break
            if found:
                break


def _kind_word(word: str, t: _Tables) -> bool:
    """An ordinary noun (or a rare technical verb) saying what a site does: 热源, 制药, 换热, 原料药."""
    if word in t.generic:
        return True
    for part in (word,) if len(word) == 2 else (word[:2], word[1:]):
        info = word_info(part)
        if info is None:
            continue
        tag = info[1]
        if tag in ("n", "vn") or (tag == "v" and info[0] < 1000):
            return True  # 实行, 继续 (frequent verbs) are not kinds of site
    return False


_SIBLING = re.compile(rf"、([{HAN}]{{2,7}}?)(?=[、和及与等，。；,;）)\s])")


def _siblings(text: str, t: _Tables, out: list[Finding]) -> None:
    """Sites listed beside a found one with the same kind word: 青石桥站、会展中心站等.

    An enumeration holds things of one kind, so a name whose own core is an
    ordinary word (会展中心) is a site when it is listed beside a site.
    """
    for f in [f for f in out if f.attrs.get("kind") == "site"]:
        end = f.end
        while (m := _SIBLING.match(text, end)) is not None:
            name = m.group(1)
            if name[-1] != f.text[-1] or name.startswith(t.prefixes) or is_common_word(name):
                break
            if name[:-1] in t.generic or (len(name) <= 3 and is_common_word(name[:-1])):
                break  # 煤矿、矿井: kinds, not names
            _add(out, text, m.start(1), m.end(1), "site", 0.6)
            end = m.end(1)
        # and before it (在银河服务区、石牌服务区): the listed name is as long as the found one
        # where they differ, since a list repeats one pattern
        if f.start <= 2 or text[f.start - 1] != "、":
            continue
        ends = {g.end: g for g in out if g.attrs.get("kind") == "site"}
        g = f
        while g.start > 2 and text[g.start - 1] == "、":
            if g.start - 1 in ends:
                g = ends[g.start - 1]
                continue
            run = text[han_run_before(text, g.start - 1, limit=10) : g.start - 1]
            shared = len(os.path.commonprefix([run[::-1], g.text[::-1]]))
            name = _listed_before(text, g.start - 1, run, len(g.text), shared, t) if shared else None
            if name is None:
                break
            _add(out, text, g.start - 1 - len(name), g.start - 1, "site", 0.6)
            g = out[-1]


def _listed_before(text: str, end: int, run: str, n: int, shared: int, t: _Tables) -> str | None:
    """The name ending at ``end`` parallel to an ``n``-char site sharing its last ``shared`` chars."""
    nonname = lexicon()["org"]["nonname_chars"]
    for size in (n, n + 1, n - 1):
        if size - shared < 2 or size > len(run):
            continue
        name = run[len(run) - size :]
        core = name[: size - shared]
        start = end - size
        if name.startswith(t.prefixes) or core in t.generic or is_common_word(name):
            continue
        if any(c in nonname or c in _NOT_TOPONYM for c in core):
            continue
        if start > 0 and is_han(text[start - 1]) and word_info(text[start - 1 : start + 1]):
            continue  # 开|展各煤矿: the name would start inside a word
        return name
    return None


def _adverb_after(text: str, end: int) -> bool:
    """Whether a verb or adjective follows (…高速|增长, 高速|发展): the kind word is used as an adverb."""
    info = word_info(text[end : end + 2])
    return info is not None and info[1] in ("v", "vd", "vn", "vi", "a", "ad", "d")  # not 安全 (an)


def _projects(text: str, t: _Tables, out: list[Finding]) -> None:
    for pattern, kind in ((t.project, "project"), (t.section, "section")):
        for m in pattern.finditer(text):
            # construction words before 工程/项目 belong to the name (…供水管网改造|工程), though
            # they end a name's left context elsewhere (新建|东岭煤矿)
            head = text[han_run_before(text, m.start(), limit=14) : m.start()]
            built = _CONSTRUCTION.search(head) if kind == "project" else None
            at = m.start() - (len(built.group()) if built else 0)
            core = _core(text, at, t, limit=14)
            if len(core) < 3 or not is_distinctive(core[:3], extra_generic=t.generic):
                continue
            if kind == "project" and not any(k in core for k in t.markers):
                continue
            site = None
            for site in t.site.finditer(core):
                pass
            if site is not None and len(core) - site.end() >= 4:
                continue  # 龙潭湾水电站|库区移民后期扶持项目: a programme at a site (the site is found alone)
            _add(out, text, at - len(core), m.end(), kind, 0.7)


#: What a named project or park ends in (工程 not as 工程师, 工程公司, 工程建设 …).
_PROJECT_HEAD = re.compile(
    r"(?:[一二三四五六七八九十]期)?(?:项目|工程(?![有公局师院处部队技管质建设])|示范基地|基地|产业园|工业园|加工园|合作区)"
)
_NATIONAL = frozenset({"中国", "全国", "国家", "国际", "中央"})
#: Kind of the projects :func:`_named_projects` finds (the recognizers keep one only where
#: nothing else was found: a found place or firm keeps its own span and label).
NAMED_PROJECT = "named-project"
#: Words that make the window a phrase about projects, not a project's name: a scope or a
#: quantity (黄陂区|个别|项目, 安平县|境内|项目), or a unit or a person (…公司总经理…同志…).
_NOT_PROJECT_NAME = re.compile(
    r"个别|境内|境外|重点|重大|所有|全部|有关|相关|部分|其他|其它|各|等|和|与|及|向|对|公司|集团|大学|学院|同志|经理|书记|主任"
)


def _project_name_at(window: str, tokens: list[tuple[int, int, int]], k: int, t: _Tables) -> bool:
    """Whether token ``k`` of ``window`` opens a project's name: a place word (tagged ``ns``: 竹山,
    临港), a rarer proper word ending in a place char (seen under 300 times in jieba's corpus), a
    longer one ending in an administrative suffix (滨湖区), or two chars the dictionary does not
    know of which the second is a place char (鹿屿, 桐溪).

    Jieba also tags ordinary nouns as names (廉政 nr, 申报 nz, 碳酸锂), which would make a
    programme (廉政教育基地, 碳酸锂项目) a place; the place char is what tells them apart.
    """
    nonname = lexicon()["org"]["nonname_chars"]
    a, b, cls = tokens[k]
    word = window[a:b]
    if any(is_common_word(window[a : a + n]) for n in (3, 4) if a + n <= len(window)):
        return False  # 爱国|主义教育: the name-like word opens a longer ordinary one (爱国主义)
    if word in _NATIONAL or word in t.provinces or word in t.regions or word in t.generic or word.startswith(countries()):
        return False
    if cls == PROPER:
        if any(c in nonname for c in word) or word[0] in _NOT_TOPONYM:
            return False
        if len(word) > 2:
            return word[-1] in "区县市镇乡村"  # 滨湖区 (天然林, 碳酸锂 are tagged names too)
        info = word_info(word)
        return info is not None and (info[1] == "ns" or (word[-1] in t.place_chars and info[0] < 300))
    if cls != SINGLE or k + 1 >= len(tokens) or tokens[k + 1][2] != SINGLE:
        return False
    pair = window[a : a + 2]
    return pair[1] in t.place_chars and not any(c in nonname or c in FUNCTION_CHARS or c in _NOT_TOPONYM for c in pair)


def _is_verb(word: str) -> bool:
    """A two-char word jieba tags as a verb (加快, 共建)."""
    return len(word) == 2 and (word_info(word) or (0, ""))[1].startswith("v")


def _named_projects(text: str, t: _Tables, out: list[Finding]) -> None:
    """A project or park named by a place or a coined name, then what is built there:
    竹山|油茶示范基地, 鹿屿|竹木精深加工园, 桐溪|生态茶园基地.

    The name comes first and ordinary words follow it, so the window before the head
    word is read from the left: after the verbs and ordinary words that open it
    (加快, 推进, 四是), the first token must name a place (:func:`_project_name_at`);
    all the rest, up to the head, is the project's own name, with no verb inside it
    but the one that may close it (…资源化|利用|项目). A window without such a name
    (光伏发电和储能|项目, 廉政教育|基地) is left alone.
    """
    for m in _PROJECT_HEAD.finditer(text):
        start = han_run_before(text, m.start(), limit=16)
        window = text[start : m.start()]
        last = None
        for last in t.stop.finditer(window):
            pass
        closing = last is not None and last.end() == len(window) and last.end() - last.start() > 1
        window = window[stop_cut(window[: last.start()] if closing else window, t.stop) :]
        if len(window) < 3:
            continue
        tokens = name_tokens(window, t.generic)
        k = 0
        while k < len(tokens) and (tokens[k][2] in (COMMON, GENERIC) or _is_verb(window[tokens[k][0] : tokens[k][1]])):
            k += 1  # the ordinary words and verbs that open the window (加快, 四是, 入驻)
        if k == len(tokens) or not _project_name_at(window, tokens, k, t):
            continue
        at = tokens[k][0]
        if len(window) - at <= 2 and m.group().endswith("项目"):
            continue  # a bare two-char place before 项目 (西郊项目) is too often a plain word
        if any(_is_verb(window[a:b]) for a, b, _ in tokens[k + 1 : -1]) or _NOT_PROJECT_NAME.search(window, at):
            continue  # 澜州大学|共建|产学研基地: a verb inside makes it a sentence, not a name
        if text.startswith(("部", "经理", "组", "办"), m.end()):
            continue  # 汉江四桥项目|部: the project's office, a unit named after it
        begin = m.start() - (len(window) - at)
        if begin > 0 and is_han(text[begin - 1]) and word_info(text[begin - 1 : begin + 1]):
            continue  # the name would start inside a word
        if any(f.start < m.end() and begin < f.end for f in out):
            continue  # a place found there keeps its own span (青龙山水库|除险加固工程)
        _add(out, text, begin, m.end(), NAMED_PROJECT, 0.65)


#: A construction project's yards are named by number: 1号拌合站, 2号梁场, 3#弃渣场.
_NUMBERED_YARD = re.compile(
    r"(?<![0-9A-Za-z])[0-9一二三四五六七八九十]{1,2}(?:号|#)(?:拌合站|拌和站|搅拌站|制梁场|梁场|预制场|弃渣场|弃土场|取土场)"
    # …and so are a works' furnaces and a port's berths: 1号高炉, 3#转炉, 7号泊位
    r"|(?<![0-9A-Za-z])[0-9]{1,2}(?:号|#)(?:高炉|转炉|焦炉|电炉|泊位)"
)


#: A mine's faces and roadways are named by their panel number: 31206综采工作面, 22105掘进工作面.
_NUMBERED_FACE = re.compile(
    r"(?<![0-9A-Za-z.])[0-9]{3,6}(?:综采|综放|综掘|掘进|回采|采煤|备采|充填)?(?:工作面|切眼|运输巷|回风巷|轨道巷)"
)


def _port_name(text: str, end: int, name: str, k: int, t: _Tables) -> bool:
    """Whether the ``k`` chars before a numbered berth or yard name its port (蟹屿|3号泊位, not 新建|7号泊位)."""
    if len(name) != k or not all(is_han(c) for c in name) or not _toponym(name, t):
        return False
    if _verb_like(name) or name.startswith(t.prefixes):
        return False
    return _unglued(text, end - k, end) == end - k


def _numbered_yards(text: str, out: list[Finding]) -> None:
    t = _tables()
    for m in _NUMBERED_YARD.finditer(text):
        start = m.start()
        # the port or works the number belongs to, named before it: 蟹屿|3号泊位
        for k in (3, 2):
            name = text[start - k : start] if start >= k else ""
            if _port_name(text, start, name, k, t):
                start -= k
                break
        _add(out, text, start, m.end(), "site", 0.7)
    for m in _NUMBERED_FACE.finditer(fold(text)):
        _add(out, text, m.start(), m.end(), "site", 0.7)


#: A city's stations named by their side of town: 火车东站, 高铁西站, 汽车南站. The
#: bare 火车站 is generic; the direction makes it one place of the report's city.
_DIRECTION_STATION = re.compile(r"(?:火车|高铁|动车|汽车|客运)[东南西北]站(?![长区务点])")


#: An oil or gas field, platform or well named by its block (渤中25-1油田, 锦华9-2 WHPB平台,
#: 云页8-2HF井): two chars of the area's name, the block number, an optional letter code, and
#: what stands there. Without the kind word a block number is no place (上年1-6月).
_BLOCK_FIELD = re.compile(
    rf"[{HAN}]{{2}}[0-9]{{1,3}}-[0-9]{{1,3}}(?:[A-Z]{{1,4}}| ?[A-Z]{{2,6}}(?=[{HAN}]))?"
    r"(?:中心平台|平台|油田|气田|凝析气田|油气田|区块|井区|井组|井)"
)


def _block_fields(text: str, out: list[Finding]) -> None:
    for m in _BLOCK_FIELD.finditer(text):
        _add(out, text, m.start(), m.end(), "site", 0.7)


#: A prefecture (凉山州, 滇澜州) named by its organs: the prefecture is a city-level place.
_PREFECTURE = re.compile(
    r"州(?=人民检察院|人民法院|中级人民法院|人民政府|人民医院|委员会|州委|公安局|检察院|财政局|教育局|卫生健康委|医保局)"
)


def _prefectures(text: str, t: _Tables, out: list[Finding]) -> None:
    for m in _PREFECTURE.finditer(text):
        for k in (3, 2):  # 黔东南|州, 滇澜|州 (not 和|滇澜州: a conjunction before it)
            start = m.start() - k
            core = text[start : m.start()]
            if start < 0 or not all(is_han(c) for c in core) or core[0] in _NOT_TOPONYM or core[0] in GLUED_BEFORE_NAMES:
                continue
            if is_common_word(core) or core in t.provinces or core in t.generic:
                continue
            if start > 0 and is_han(text[start - 1]) and word_info(text[start - 1 : start + 1]):
                continue  # the name would start inside a word
            _add(out, text, start, m.end(), "admin", 0.65)
            break


def _direction_stations(text: str, out: list[Finding]) -> None:
    for m in _DIRECTION_STATION.finditer(text):
        _add(out, text, m.start(), m.end(), "site", 0.7)


_SECTION_TAIL = r"(?:项目经理部|项目部|经理部)?"
#: A metro line is named by its city and number (江城地铁5号线); its works sections and
#: their site offices are named with it (…5号线土建施工第三标段项目经理部, …5号线TJ-03标段).
_METRO_LINE = re.compile(
    r"(?:地铁|轨道交通|轨交|城轨)[0-9一二三四五六七八九十]{1,2}号线"
    rf"(?:[{HAN}]{{0,6}}?(?:第[一二三四五六七八九十0-9]{{1,3}}|[A-Z]{{1,4}}-?[0-9]{{1,3}})标段?{_SECTION_TAIL})?"
)
#: A works section named by its code alone: TJ-03标段, SG-2标.
_SECTION_CODE = re.compile(rf"(?<![0-9A-Za-z\-])[A-Z]{{1,4}}-?[0-9]{{1,3}}标段?{_SECTION_TAIL}")
#: The tunnel between two stations: 望湖路站—长青公园站区间.
_INTERVAL = re.compile(rf"站[—–－\-~～至]([{HAN}]{{2,6}}?站)区间")


def _lines_and_sections(text: str, t: _Tables, out: list[Finding]) -> None:
    for m in _METRO_LINE.finditer(text):
        core = _core(text, m.start(), t, limit=4)
        if len(core) >= 2 and _named(core, t):
            _add(out, text, m.start() - len(core), m.end(), "site", 0.75)
    for m in _SECTION_CODE.finditer(fold(text)):
        _add(out, text, m.start(), m.end(), "site", 0.7)
    for m in _INTERVAL.finditer(text):
        core = _core(text, m.start(), t, limit=6)
        if len(core) >= 2:
            _add(out, text, m.start() - len(core), m.end(), "site", 0.7)


#: An airport's or a works' areas named by a code or a side: T2航站楼, 东跑道, 南货运区, 飞行区北区.
#: The kind words are specific enough that the code or the side makes them one place.
_AREA_KINDS = r"航站楼|候机楼|航站区|货运区|飞行区|跑道|停机坪|库区|厂区|坞区|干渠|支渠"
_CODED_AREA = re.compile(
    rf"(?<![0-9A-Za-z])[A-Z][0-9]{{1,2}}(?:{_AREA_KINDS})"
    rf"|(?<![东南西北中新老大小主副全各本该此])[东南西北](?:{_AREA_KINDS})"
    rf"|(?:{_AREA_KINDS}|作业区|港区|校区)[东南西北中][区片]"
)


def _coded_areas(text: str, out: list[Finding]) -> None:
    for m in _CODED_AREA.finditer(fold(text)):
        start = m.start()
        # 完成|东跑道 but not 华东|跑道 or 东西|跑道: the side must not close a word before it
        if start > 0 and text[start] in "东南西北" and word_info(text[start - 1 : start + 1]) is not None:
            continue
        _add(out, text, start, m.end(), "site", 0.7)


#: A railway or power line named by two place chars: 宝成线, 陇西线, 10千伏城南线.
_NAMED_LINE = re.compile(rf"(?:[0-9]{{2,4}}千伏)?([{HAN}]{{2}})(?:[ⅠⅡⅢ一二三双]回)?线(?![路上下索条性型段])")
#: A substation named by two chars after its voltage, as grid reports shorten it: 35千伏那卡变,
#: 110千伏临港变 (not 10千伏|配变, …|变压器, …|变电所 the rules read elsewhere).
_VOLTAGE_SUBSTATION = re.compile(rf"[0-9]{{2,4}}千伏([{HAN}]{{2}})变(?![电压频更化成为动革形速])")


def _named_lines(text: str, t: _Tables, out: list[Finding]) -> None:
    for m in _VOLTAGE_SUBSTATION.finditer(text):
        head = m.group(1)
        if not (is_common_word(head) or head in t.generic or any(c in _NOT_TOPONYM for c in head)):
            _add(out, text, m.start(), m.end(), "site", 0.65)
    for m in _NAMED_LINE.finditer(text):
        head = m.group(1)
        a = m.start(1)
        volted = m.group()[0].isdigit()
        if not volted and a > 0 and is_han(text[a - 1]) and word_info(text[a - 1 : a + 1]) is not None:
            continue  # 生产|线, 高压|线: the head's first char closes a word before it (not 千伏|安紫线)
        if is_common_word(head + "线") or is_common_word(head) or head in t.provinces or head in t.generic:
            continue  # 生产线, 一线, 主线: ordinary words
        if volted and not any(c in _NOT_TOPONYM for c in head):
            # a voltage names a power line, whatever its two chars (35千伏紫花线, 10千伏那芒线)
            _add(out, text, m.start(), m.end(), "site", 0.65)
            continue
        if head[0] in _FUNCTION_CHARS or (in_vocabulary(head + "线") and not is_proper_word(head + "线")):
            continue  # 安全线、生命线|和红线, 总路线
        if word_info(head[1] + "线") is not None and (word_info(head) or (0, ""))[1] != "ns":
            continue  # 老旧|产线: the head's last char and 线 are a word of their own
        if head[1] in "东南西北中" and word_info(head) is None:
            continue  # 南水北|调东线: a side of a route, not a named line
        if any(c in lexicon()["org"]["nonname_chars"] or c in _NOT_TOPONYM for c in head):
            continue
        # a place of the dictionary (陇西), a line of it (宝成线), a voltage (10千伏城南线) or a
        # kilometre post after it (…线K128) says it is a line; an unknown head alone does not (旧产线)
        if not (
            (word_info(head) or (0, ""))[1] == "ns"
            or is_proper_word(head + "线")
            or m.group()[0].isdigit()
            or re.match(r"[A-Z]?K[0-9]", text[m.end() : m.end() + 3])
        ):
            continue
        _add(out, text, m.start(), m.end(), "site", 0.65)


_FUNCTION_CHARS = FUNCTION_CHARS | frozenset("将全总")

#: A city's bridges named by their river and number: 汉江四桥, 长江二桥, 湘江3桥.
_NUMBERED_BRIDGE = re.compile(rf"([{HAN}]{{1,3}}[江河湖])([一二三四五六七八九十]|[0-9]{{1,2}})(?:号)?桥")


def _numbered_bridges(text: str, out: list[Finding]) -> None:
    for m in _NUMBERED_BRIDGE.finditer(text):
        river = m.group(1)
        if len(river) == 1:
            continue
        a = m.start()
        while len(river) > 2 and word_info(text[a : a + 2]) is not None and not is_proper_word(river):
            a += 1
            river = river[1:]
        _add(out, text, a, m.end(), "site", 0.7)


#: A works unit named by its place: 千阳|桥隧|车间, 林家村|工区, 蔡家坡|线路|车间.
_WORKS_UNIT = re.compile(r"车间|工区")


#: What a railway or works unit does, between its place and 车间/工区: 千阳|桥隧|车间.
_WORK_KINDS = frozenset(
    {"线路", "桥隧", "桥梁", "隧道", "信号", "供电", "接触网", "检修", "维修", "运输", "装卸", "综合", "机械",
     "养护", "电务", "工务", "车务", "机务", "通信", "动车", "整备", "探伤", "高铁", "路桥"}
)


def _surname(name: str) -> bool:
    """Whether ``name`` opens with a one-char surname."""
    return surname_at(name, 0) == 1


def _works_units(text: str, t: _Tables, out: list[Finding]) -> None:
    places = {f.end: f for f in out if f.attrs.get("kind") in ("admin", "city", "site")}
    for m in _WORKS_UNIT.finditer(text):
        # right after a place already found (maybe with what the unit does between them)
        for gap in range(4):
            f = places.get(m.start() - gap)
            if f is not None and (gap == 0 or _kind_word(text[m.start() - gap : m.start()], t)):
                _add(out, text, f.start, m.end(), "site", 0.65)
                break
        else:
            start = _unit_name_start(text, m.start(), t)
            if start is not None:
                _add(out, text, start, m.end(), "site", 0.6)


def _unit_name_start(text: str, at: int, t: _Tables) -> int | None:
    """Where the place name of a unit ending at ``at`` starts (千阳|桥隧|, 林家村|), or None."""
    for mod in (2, 0):
        work = text[at - mod : at]
        if mod and not (work in _WORK_KINDS or _kind_word(work, t)):
            continue
        for k in (3, 2):
            start = at - mod - k
            name = text[start : start + k] if start >= 0 else ""
            if len(name) != k or not all(is_han(c) for c in name) or not is_distinctive(name):
                continue
            # 蔡家坡, 王家湾: surname + 家 + place char is a village name; 千阳: a county of the dictionary
            village = k == 3 and name[1] == "家" and name[2] in t.place_chars and _surname(name)
            listed = (word_info(name) or (0, ""))[1] == "ns"
            if not (village or listed or _toponym(name, t)):
                continue
            if start > 0 and is_han(text[start - 1]) and word_info(text[start - 1 : start + 1]):
                continue  # the name's first char closes a word before it
            return start
    return None


#: A small river or lake named by two chars: 金沙河, 青溪河, 云溪湖. The big ones are words of
#: the dictionary (淮河, 松花江, 太湖) and public; a name the dictionary lacks is a local one.
_WATER = re.compile(rf"([{HAN}]{{2}})([河湖溪渠])(?![道段长区面岸堤河湖库])")


def _local_waters(text: str, t: _Tables, out: list[Finding]) -> None:
    for m in _WATER.finditer(text):
        name, s = m.group(1), m.start()
        if in_vocabulary(m.group()) or is_common_word(name[1] + m.group(2)) or is_common_word(name):
            continue  # 淮河, 运河 (…运|河), 平安: a known river, a word, or an ordinary head
        if in_vocabulary(name[1] + m.group(2)) and not is_proper_word(name[1] + m.group(2)):
            continue  # 游戏|江湖: the last char and the kind make an ordinary word
        if (word_info(name) or (0, "n"))[1][0] != "n":
            continue  # a verb or an adjective (深化, 美丽) names no river
        if name in t.provinces or name in t.generic or any(c in _FUNCTION_CHARS or c in _NOT_TOPONYM for c in name):
            continue
        if name[0] in "如像似小大汇":
            continue  # 如|淮河, 汇小|溪: a one-char river after another word
        if s > 0 and in_vocabulary(text[s - 1 : m.end()]):
            continue  # 气|壮山河: an idiom
        if any(text.startswith(p + "省", m.end() - 1) for p in _provinces_longest_first() if p[0] == m.group(2)[-1]):
            continue  # 竹馨居|河南省: the kind char opens a province's name (not 清水河|南岸)
        if s > 0 and is_han(text[s - 1]) and word_info(text[s - 1 : s + 1]) is not None:
            continue  # the name's first char closes a word before it
        if not (is_distinctive(name) or name[-1] in t.place_chars):
            continue
        _add(out, text, s, m.end(), "water", 0.6)


#: A route between two places: 陈家湾至马岭输油管线, 云溪至枫林干线光缆 (read from its 至).
_ROUTE_TO = re.compile(
    rf"至([{HAN}]{{2,4}}?)(?:输油|输气|输水|供水|天然气|干线|二级|一级)?(?:管线|管道|光缆|线路|公路|铁路|高速公路|输电线路|航线)"
)
#: An oilfield's blocks and wells, named by a place char and a number: 湾17区块, 陈家湾长8区块, 湾平8井
#: (read from the number; the name is the Han run before it).
_BLOCK_CODE = re.compile(r"(?:[A-Z]{2,3}-|[A-Z])?[0-9]{1,4}(?:-[0-9]{1,3}){0,2}(?:区块|井区|井组|井)(?![0-9下口眼台座个次])")
#: An oilfield's stations named by an initial and a number: 陈一联合站, 陈二注水站.
_INITIAL_STATION = re.compile(
    rf"([{HAN}])([一二三四五六七八九十]{{1,2}})(?:联合站|注水站|转油站|接转站|计量站|增压站|集气站|配水间)"
)
_STATION_KIND = re.compile(r"联合站|注水站|转油站|接转站|计量站|增压站|集气站|配水间")
#: Trade units numbered by their field: 采油三厂, 采气二厂, 钻井一公司.
_TRADE_UNIT = re.compile(r"(?:采油|采气|炼油|钻井|修井|测井|录井|井下作业|油建|输油)[一二三四五六七八九十]{1,2}(?:厂|公司|处|大队)")


@lru_cache(maxsize=1)
def countries() -> tuple[str, ...]:
    """Foreign countries and blocs of the lexicon: public, never a local name."""
    return tuple(lexicon()["location"].get("countries", ()))


@lru_cache(maxsize=1)
def _world() -> tuple[str, ...]:
    """Countries and world regions (a route to them is no local site)."""
    return countries() + ("东南亚", "中亚", "南亚", "西亚", "北美", "欧美", "日韩", "港澳")


def _verb_like(word: str) -> bool:
    """A two-char head that the dictionary knows as a verb (新建, 完成): no name."""
    info = word_info(word[:2])
    return info is not None and info[1][:1] == "v"


def _unglued(text: str, start: int, end: int) -> int:
    """Move ``start`` past chars that close a word begun before it (完|成陈家湾, 其|中湾平8井)."""
    while start < end - 1 and start > 0 and is_han(text[start - 1]) and word_info(text[start - 1 : start + 1]):
        start += 1
    return start


def _oilfield_sites(text: str, t: _Tables, out: list[Finding]) -> None:
    at = text.find("至")
    while at > 0:
        m = _ROUTE_TO.match(text, at)
        if m is not None:
            start = _unglued(text, at - len(_core(text, at, t, limit=4)), at)
            a, b = text[start:at], m.group(1)
            if (
                len(a) >= 2
                and not _verb_like(a)
                and not b.startswith(_world())  # 加密至|东南亚航线: a route abroad, not a named line
                and len(b) >= 2
                and not any(c in _FUNCTION_CHARS for c in b)  # 宝鸡至中卫|等铁路
                and _named(a, t)
                and is_distinctive(b)
            ):
                _add(out, text, start, m.end(), "site", 0.65)
        at = text.find("至", at + 1)
    for m in _BLOCK_CODE.finditer(text):
        if text[m.start() : m.start() + 2].isalpha() and text[m.start() : m.start() + 2].isascii():
            _add(out, text, m.start(), m.end(), "site", 0.65)  # LW-12-08井: the letters name the well
            continue
        start = han_run_before(text, m.start(), limit=4)
        while start < m.start() and (
            text[start] in _FUNCTION_CHARS or text[start] in _NOT_TOPONYM or text[start] in "第新老全打钻完对在"
        ):
            start += 1
        start = _unglued(text, start, m.start())
        head = text[start : m.start()]
        if not head or is_common_word(head) or (len(head) >= 2 and (word_info(head[:2]) or (0, "n"))[1][0] == "v"):
            continue
        _add(out, text, start, m.end(), "site", 0.65)
    for k in _STATION_KIND.finditer(text):
        for n in (2, 1):
            m = _INITIAL_STATION.match(text, k.start() - 1 - n) if k.start() - 1 - n >= 0 else None
            if m is not None and m.end() == k.end():
                _add(out, text, m.start(), m.end(), "site", 0.65)
                break
    for m in _TRADE_UNIT.finditer(text):
        out.append(Finding(m.start(), m.end(), "ORG", m.group(), SOURCE, 0.65, {"kind": "unit"}))


#: Plant units, lines and gates named by a code: CDU-2装置, F3冲压车间, YH-02线, B2卡口, BM-07牧场.
_CODE_KIND = (
    r"装置|生产线|焊装线|线|泊位|机组|卡口|牧场|车间|工作面|储罐|罐区|窑|高炉|转炉|仓|库房|厂房|冷库|仓库|合同段|井"
)
#: …also wells and contract sections by their code (HL-1024井, TJ4合同段) and lettered zones of a
#: plant (A区冷库, C区冷库: the letter and 区 are the code, a kind must follow).
_CODED_UNIT = re.compile(
    rf"(?<![A-Za-z0-9\-])(?P<code>[A-Z]{{1,4}}-?[0-9]{{1,4}}|[A-Z]区(?=[{HAN}]{{0,4}}?(?:{_CODE_KIND})))(?![0-9A-Za-z])"
    rf"(?P<kind>[{HAN}]{{0,4}}?(?:{_CODE_KIND}))?"
)
_CODE_LIST = re.compile(r"、[A-Z]{1,4}-?[0-9]{1,3}(?![0-9A-Za-z])")
_CODE_TAIL = re.compile(rf"[{HAN}]{{0,8}}?(?:{_CODE_KIND})")


def _coded_units(text: str, out: list[Finding]) -> None:
    folded = fold(text)
    for m in _CODED_UNIT.finditer(folded):
        if m.group("kind") is None:
            # a code listed before one that names its kind: YH-02、YH-03两条智能焊装线
            nxt = _CODE_LIST.match(folded, m.end())
            after = _CODED_UNIT.match(folded, nxt.start() + 1) if nxt is not None else None
            if after is not None and (after.group("kind") is not None or _CODE_TAIL.match(folded, after.end())):
                _add(out, text, m.start(), m.end(), "site", 0.6)
            continue
        kind = m.group("kind")
        if re.fullmatch(r"K[0-9]+", m.group("code")) or kind.startswith(("段", "至")):
            continue  # K128至K156段曲线: kilometre posts of a line, not a unit's code
        if m.group("code").endswith("区") and any(c in "的和与及等各" for c in kind):
            continue  # B区|的车间: a lettered zone names its own kind right after it, or is no site
        end = m.end() if len(kind) <= 4 and not CUT.search(kind) else m.end("code")
        _add(out, text, m.start(), end, "site", 0.6)


#: Two places named bare and then counted with their kind: 白沙、青龙两个车辆段, 花桥、岩口2个收购点,
#: 江北、滨湖两个院区. The count and the kind say the two names are places of the report's own.
_COUNTED_PAIR = re.compile(
    rf"([{HAN}]{{2,3}})、([{HAN}]{{2,3}}?)(?:两|二|2)(?![级期号类等线次届])(?:个|座|处)?([{HAN}]{{0,4}}?)"
    r"(?:段|区|点|场|站|库|厂|矿|基地|车间|工区|院区|校区|园区|分院|支行|网点|片区|料场|营业部|坑口|热源|作业区|边坡)"
)


def _counted_pairs(text: str, t: _Tables, out: list[Finding]) -> None:
    for m in _COUNTED_PAIR.finditer(text):
        ends = t.place_chars + _TOPONYM_END
        a = m.start(1)
        if m.end(1) - a == 3 and (text[a + 2] not in ends or text[a] in _FUNCTION_CHARS):
            a += 1  # three chars only for a name ending like a place (狮子岩、老鸦冲两个采区)
        a = _unglued(text, a, m.end(1))  # a first char closing a word before it leaves no name
        second = m.group(2)
        if len(second) == 3 and second[-1] not in ends:
            continue
        names = [(a, text[a : m.end(1)]), (m.start(2), second)]
        if any(
            len(n) < 2
            or n in t.provinces
            or all(c in "东南西北中上下左右前后" for c in n)
            or any(c in "两二个" for c in n)
            or (any(c in _FUNCTION_CHARS for c in n) and not is_proper_word(n))
            for _, n in names
        ):
            continue  # 东西、南北两个片区 (but 和平 is a name of the dictionary)
        ordinary = [
            is_common_word(n)
            or (in_vocabulary(n) and not is_proper_word(n) and not (len(n) == 3 and n[-1] in ends))
            for _, n in names
        ]
        if all(ordinary):
            continue  # 城区、郊区两个片区; but one beside a name is a place named with an everyday
            # word (北湖、和平两热源)
        for start, n in names:
            _add(out, text, start, start + len(n), "site", 0.6)


#: A substation named by its place and 变 (城南变, 金台变), a line by two places and a numeral (金台Ⅱ线).
_SHORT_SUBSTATION = re.compile(rf"([{HAN}]{{2}})变(?![化动革更成为得压电形迁换异质性色卖现通身量数局故革])")
_NUMBERED_LINE = re.compile(rf"([{HAN}]{{2}})(?:[ⅠⅡⅢⅣ]|I{{1,3}}|IV|[一二三四]回)线")


def _short_substations(text: str, t: _Tables, out: list[Finding]) -> None:
    for m in _SHORT_SUBSTATION.finditer(text):
        head = m.group(1)
        s0 = m.start(1)
        if in_vocabulary(head[1] + "变") or in_vocabulary(head + "变") or is_common_word(head):
            continue  # 转变, 巨变, 改变: 变 closes an ordinary word
        if s0 > 0 and in_vocabulary(text[s0 - 1 : m.end()]):
            continue  # 拒|腐防变: an idiom
        if any(c in _FUNCTION_CHARS or c in _NOT_TOPONYM for c in head) or _unglued(text, s0, m.end(1)) != s0:
            continue
        listed = s0 > 0 and text[s0 - 1] == "、" and any(f.end == s0 - 1 and f.text.endswith("变") for f in out)
        coined = word_info(head) is None and is_distinctive(head)
        if not (
            listed
            or coined
            or _toponym(head, t)
            or (word_info(head) or (0, ""))[1] == "ns"
            or "千伏" in text[max(0, s0 - 6) : s0]
        ):
            continue
        _add(out, text, s0, m.end(), "site", 0.6)
    for m in _NUMBERED_LINE.finditer(text):
        head = m.group(1)
        if any(c in _FUNCTION_CHARS or c in "个条座家处号期一二三四五六七八九十" for c in head):
            continue  # (the numeral makes even an everyday word a line's name: 金台Ⅱ线)
        _add(out, text, m.start(), m.end(), "site", 0.6)


#: Chars that end a bare toponym of three chars: 大青沟, 黑石岭, 凤鸣山, 双河口, 龙头坝.
_TOPONYM_END = "山岭峰岩沟谷坡坪湾口潭峪洼塬垭坳坝梁冲岛"
_BARE_TOPONYM = re.compile(rf"[{HAN}]{{2}}[{_TOPONYM_END}]")
_NOT_FIRST = frozenset("上下里外中内前后多少新老个半")
_CLOSED_BY_ADMIN = ("县", "市", "区", "镇", "乡", "村")


def _bare_toponyms(text: str, t: _Tables, out: list[Finding]) -> None:
    """Three-char place names written without a kind word (大青沟, 黑石岭, 凤鸣山).

    Reports name their hills, gullies and ridges bare. Such a name is no dictionary
    word, opens with no function, direction or size char, and its first two chars
    are no ordinary word (or the name comes back in the report: 凤凰岭 twice).
    """
    counts: dict[str, int] = {}
    for m in _BARE_TOPONYM.finditer(text):
        counts[m.group()] = counts.get(m.group(), 0) + 1
    not_names = tuple(lexicon()["location"].get("not_toponyms", ()))
    taken = [(f.start, f.end) for f in out]  # the sites read with their kinds (云峰山|矿山)
    for name, n in counts.items():
        head = name[:2]
        if name in not_names or name[1:] in not_names:
            continue  # 碳达峰: a policy term
        if (in_vocabulary(name) and not is_proper_word(name)) or is_common_word(name[1:]):
            continue  # 扎根|山区: the last two chars make an ordinary word (a known place, 云杉坪, is one)
        if in_vocabulary(name[1:]) and (name[0] in _SIZE_WORDS or name[0] in "有以在对从向自为于由把被将同和与及是"):
            continue  # 小|山沟, 有|鞍山: a size or a preposition before a known place or word
        if head[0] in _NOT_TOPONYM or head[0] in _NOT_FIRST or any(c in _FUNCTION_CHARS or c in "无不非没" for c in head):
            continue
        if head in t.provinces or head in t.generic or any(name.startswith(p) or name[1:].startswith(p) for p in t.provinces):
            continue
        tag = (word_info(head) or (0, ""))[1][:1]
        if tag in ("v", "d", "p", "c", "r", "m", "q") or (n < 2 and (is_common_word(head) or tag in ("a", "j"))):
            continue  # 武装|冲突, 扎根|山区: an ordinary word opens it
        tail_word = in_vocabulary(name[1:])
        at = text.find(name)
        while at >= 0:
            if any(a <= at and at + 3 <= b for a, b in taken):
                at = text.find(name, at + 1)
                continue  # 云峰山|矿山 is read with its kind already
            nxt = text[at + 3 : at + 4]
            glued = at > 0 and is_han(text[at - 1]) and word_info(text[at - 1 : at + 1]) is not None
            # 东|帮|边坡: after a direction, the first char goes with it (东帮, a pit's east wall)
            glued = glued or (tail_word and at > 0 and text[at - 1] in "东西南北")
            if not glued and not (nxt and in_vocabulary(name[2] + nxt)) and nxt not in _CLOSED_BY_ADMIN:
                _add(out, text, at, at + 3, "bare", 0.5)  # (not 山河, 口径, 山区 …; 稷山|县 is the county's)
            at = text.find(name, at + 1)


#: Pipes and mains by their street and diameter (东风大道DN1200雨水干管), a mine's levels by their
#: depth (鹰嘴岭-360中段), interconnectors between two sites (北湖-和平联络线), and stations by their
#: street and number (东风路1#换热站).
_MAIN = re.compile(
    rf"(?P<name>[{HAN}]{{2,6}}?)(?:"
    rf"(?:路|大道|街)DN[0-9]{{3,4}}[{HAN}]{{0,6}}?(?:干管|主干线|干线|管线|管道|支管)"
    rf"|[-—][0-9]{{2,4}}m?(?:中段|水平|平巷)"
    rf"|[-—][{HAN}]{{2}}(?:联络线|联络管|连通线)"
    rf"|(?:路|街)[0-9]{{1,2}}[#号](?:换热站|泵站|热力站|站))"
)
_ANY_MAIN = re.compile(r"DN[0-9]|[0-9]m?(?:中段|水平|平巷)|联络|连通线|[0-9][#号](?:换热|泵站|热力站)")


def _mains(text: str, t: _Tables, out: list[Finding]) -> None:
    folded = fold(text)
    for m in _MAIN.finditer(folded):
        # the name is the proper part of the Han run before the street, depth or dash
        core = _core(text, m.end("name"), t, limit=6)
        if len(core) >= 2:
            _add(out, text, m.end("name") - len(core), m.end(), "site", 0.65)


def _one_char_counties(text: str, out: list[Finding]) -> None:
    """凤县, 沛县: the counties whose name is one char (listed in the lexicon)."""
    names = lexicon()["location"].get("one_char_counties", "")
    for m in re.finditer(rf"[{names}]县(?![城域级委长])", text) if names else ():
        s = m.start()
        if s > 0 and is_han(text[s - 1]) and text[s - 1] not in "在到赴与和及的于至省市州、":
            continue  # the char ends a longer name or word (江|岚县, 同|徽县): only after a boundary
        _add(out, text, s, m.end(), "admin", 0.6)


_ANY_AREA = re.compile(r"航站|候机|货运区|飞行区|跑道|停机坪|库区|厂区|坞区|作业区|港区|校区|干渠|支渠")
_ANY_OILFIELD = re.compile(r"至|区块|井|联合站|注水站|转油站|接转站|计量站|增压站|集气站|配水间|采油|采气|炼油|钻井|修井|测井|录井|井下|油建|输油")
_ANY_CODE = re.compile(r"[A-Z][A-Z0-9\-]*[0-9]|[A-Z][0-9]|(?<![A-Za-z])[A-Z]区")
_ANY_TOPONYM_END = re.compile(f"[{_TOPONYM_END}]")
_ANY_WATER = re.compile(r"[河湖溪渠]")


#: A provincial, county or township road's code (S205省道, X218线, Y012); national G roads are public.
ROAD_CODE = r"(?<![A-Za-z0-9])[SXY][0-9]{1,4}(?:线|省道|县道|乡道)?"
#: Such a road by its code and the places it joins: X218线黄柏至小石海段, S25安顺至紫荆高速公路.
_ROAD_SECTION = re.compile(rf"{ROAD_CODE}[{HAN}]{{2,6}}?至[{HAN}]{{2,6}}?(?:段|高速公路|高速|公路)")


#: Points of a site named by a code alone, each with what a text must hold to have one and its kind:
#: a land parcel (GL-2024-03地块, BH2023-15号地块: a site the plan names), a power line's tower by
#: its N-number (N12号塔), and a road's chainage (里程桩号: K86+300, Ｋ1876＋300.5), a point as exact
#: as a street address. A range K46+200至K48+600 is two points, both masked; the road, line or
#: tunnel before a point is a site of its own rules.
_CODED_POINTS = (
    (re.compile(r"(?<![A-Za-z0-9])[A-Z]{1,4}-?[0-9]{1,4}(?:-[0-9]{1,4}){0,2}号?地块"), ("地块",), "site"),
    (re.compile(r"(?<![A-Za-z0-9])[NＮ][0-9]{1,4}号?(?:铁塔|杆塔|塔)(?![吊机楼式])"), ("塔",), "site"),
    (
        re.compile(r"(?<![A-Za-z0-9０-９Ａ-Ｚａ-ｚ])[KＫ][0-9０-９]{1,4}[+＋][0-9０-９]{1,3}(?:[.．][0-9０-９]{1,3})?(?![0-9０-９])"),
        ("+", "＋"),
        "chainage",
    ),
)


def _coded_points(text: str, out: list[Finding]) -> None:
    for pattern, anchors, kind in _CODED_POINTS:
        if any(a in text for a in anchors):
            for m in pattern.finditer(text):
                _add(out, text, m.start(), m.end(), kind, 0.8)


def find(text: str) -> list[Finding]:
    """Named places in ``text`` (label LOCATION, attrs kind address/admin/zone/site/project/chainage)."""
    t = _tables()
    out: list[Finding] = []
    _addresses(text, fold(text), t, out)
    if "址" in text:
        _address_fields(text, out)
    _admin(text, t, out)
    _admin_places(text, out)
    _bare_cities(text, out)
    if "县" in text:
        _one_char_counties(text, out)
    if _ANY_WATER.search(text):
        _local_waters(text, t, out)
    _parent_admin(text, t, out)
    _local_units(text, out)
    _city_cores(text, t, out)
    _zones(text, t, out)
    _seat_bodies(text, out)  # after the zones: their bodies are named with them too
    _sites(text, t, out)
    _direction_stations(text, out)
    if "州" in text:
        _prefectures(text, t, out)
    _lines_and_sections(text, t, out)
    _numbered_yards(text, out)
    _kind_sites(text, t, out)
    # the rules below look for rarer anchors: a short text without them skips the rule
    # (the masking pass re-reads many short windows around masks)
    if _ANY_AREA.search(text):
        _coded_areas(text, out)
    if "-" in text:
        _block_fields(text, out)
    _coded_points(text, out)
    if "线" in text:
        _named_lines(text, t, out)
    if "桥" in text:
        _numbered_bridges(text, out)
    if "车间" in text or "工区" in text:
        _works_units(text, t, out)
    if _ANY_OILFIELD.search(text):
        _oilfield_sites(text, t, out)
    if _ANY_CODE.search(text):
        _coded_units(text, out)
    if _ANY_MAIN.search(text):
        _mains(text, t, out)
    if "、" in text:
        _counted_pairs(text, t, out)
    if "变" in text or "Ⅰ" in text or "Ⅱ" in text or "Ⅲ" in text or "回线" in text or "I线" in text:
        _short_substations(text, t, out)
    if _ANY_TOPONYM_END.search(text):
        _bare_toponyms(text, t, out)
    _siblings(text, t, out)
    _projects(text, t, out)
    if _PROJECT_HEAD.search(text):
        _named_projects(text, t, out)
    if "至" in text:
        for m in _ROAD_SECTION.finditer(text):
            _add(out, text, m.start(), m.end(), "site", 0.7)
    if "至" in text and "段" in text:
        _segment_ends(text, t, out)
    if "口" in text or "处" in text:
        _crossings(text, t, out)
    if "、" in text:
        _street_lists(text, t, out)
    if _DIRECTIONAL_STREET.search(text):
        _directional_streets(text, t, out)
    out = [f for f in out if not _opens_inside_word(text, f)]
    return [_with_numbered_part(text, _with_voltage(text, f)) for f in out]


#: A street's direction and kind (解放|北路, 长安|东街, 滨江|西路): a city's long streets are cut in parts by
#: direction, so a name before one is a street's even when it is an ordinary word (解放, 人民, 建设).
_DIRECTIONAL_STREET = re.compile("[东西南北中](?:路|街|大街|大道)")
#: The segmenter's readings of a word that make it no street's name (沿|北路 is a preposition, 首条 a count).
_NOT_STREET_CORE = FUNCTION_TAGS | {"q", "x"}


def _directional_streets(text: str, t: _Tables, out: list[Finding]) -> None:
    """Streets named with a direction and no house number (解放北路成为…, 沿黄河北路): the segmenter reads
    the name and the direction as one word (中山南路) or the name as a word of two chars or more
    before a direction word (人民|东路, 金沙江|北路), never a preposition, a count or a time."""
    for m in _DIRECTIONAL_STREET.finditer(text):
        a = m.start()
        while a > 0 and m.start() - a < 8 and is_han(text[a - 1]):
            a -= 1
        b = m.end()
        while b < len(text) and b - m.end() < 4 and is_han(text[b]):
            b += 1
        words = [(at, word, tag) for at, (word, tag) in tagged_words(text, a, b).items()]
        for k, (at, word, tag) in enumerate(words):
            if at + len(word) != m.end() or not word.endswith(m.group()):
                continue
            if len(word) > len(m.group()):
                start = at  # 中山南路 read as one word
                core = word[: -len(m.group())]
            elif k > 0 and words[k - 1][2] not in _NOT_STREET_CORE:
                start, core = words[k - 1][0], words[k - 1][1]
            else:
                break
            if len(core) >= 2 and core not in t.generic and not core.isdigit():
                _add(out, text, start, m.end(), "street", 0.7)
            break


#: A stretch of road or line named by its two ends: 六都寨至高沙段, 云南驿至下庄段, 壶天至娄底东段.
_SEGMENT = re.compile(rf"至(?P<b>[{HAN}]{{2,5}}?)段")


def _segment_ends(text: str, t: _Tables, out: list[Finding]) -> None:
    """The two ends of a stretch (A至B段) are places each, when each is a name of two to five chars
    and no ordinary word (起点至终点段, 上游至下游段 name no places)."""
    for m in _SEGMENT.finditer(text):
        a_end = m.start()
        a = _core(text, a_end, t, limit=5)
        b_start, b_end = m.span("b")
        b = text[b_start:b_end]
        ends = ((a_end - len(a), a_end, a), (b_start, b_end, b))
        if any(len(w) < 2 or in_vocabulary(w) or w[0] in FUNCTION_CHARS or w[-1] in FUNCTION_CHARS for _, _, w in ends):
            continue
        for start, end, _ in ends:
            _add(out, text, start, end, "site", 0.6)


#: Two streets that meet: 五一路与解放路交叉口, 建设路和长江路交汇处, 滨河大道/建设路路口.
_CROSSING = re.compile(
    rf"(?P<a>[{HAN}]{{1,8}}(?:大街|大道|路|街|巷))(?:与|和|/|、)(?P<b>[{HAN}]{{1,8}}?(?:大街|大道|路|街|巷))"
    r"(?:的)?(?:交叉口|交叉路口|交汇处|交会处|交界处|十字路口|丁字路口|路口|交口)"
)
#: Roads named by what they are, not by a name (道路与铁路交叉口, 公路和乡村道路交汇处).
_KIND_ROADS = ("道路", "公路", "铁路", "马路", "线路", "干路", "支路", "岔路", "小路", "大路", "快速路", "辅路", "通道", "街巷", "小巷",
               # kinds of road a programme builds (通村路, 断头路, 产业路)
               "断头路", "瓶颈路", "通村路", "通组路", "通户路", "通乡路", "连接路", "联络路", "产业路", "旅游路", "资源路", "致富路")


def _crossings(text: str, t: _Tables, out: list[Finding]) -> None:
    """The two streets of a crossing, each with its own name: the crossing vouches for both being
    streets, even when a name is an ordinary word (解放路, 建设路); a road named by its kind alone
    (道路, 公路) is no name."""
    for m in _CROSSING.finditer(text):
        for g in ("a", "b"):
            end = m.end(g)
            kind = _street_kind_len(m.group(g))
            core = _core(text, end - kind, t, limit=8)
            name = text[end - kind - len(core) : end]
            if len(core) >= 2 and not name.endswith(_KIND_ROADS):
                _add(out, text, end - kind - len(core), end, "address", 0.75)


#: A list of streets: 解放街、鼓楼巷、仓房巷等12条背街小巷, 对滨江路、兴业路实行分时段管制.
_STREET = rf"[{HAN}]{{1,8}}?(?:大街|大道|路|街|巷)"
_STREET_LIST = re.compile(rf"{_STREET}(?:、{_STREET})+")


def _street_kind_len(street: str) -> int:
    """Chars of the street's kind word at its end: 2 for 大街 and 大道, else 1 (路, 街, 巷)."""
    return 2 if street.endswith(("大街", "大道")) else 1


def _street_lists(text: str, t: _Tables, out: list[Finding]) -> None:
    """The streets of a list of two or more, each with its own name (its core two chars or more, no
    dictionary word, not a road named by its kind: 思路、出路, 公路、铁路 are no streets)."""
    for m in _STREET_LIST.finditer(text):
        items: list[tuple[int, int]] = []
        at = m.start()
        for k, item in enumerate(m.group().split("、")):
            start, end = at, at + len(item)
            at = end + 1
            kind = _street_kind_len(item)
            if k == 0:
                start = end - kind - len(_core(text, end - kind, t, limit=8))
            name = text[start:end]
            if end - kind - start >= 2 and not name.endswith(_KIND_ROADS) and not _phrase_of_way(name):
                items.append((start, end))
        # (one street at least is named by a proper name: 致富路、幸福路 are wishes, not streets)
        if len(items) >= 2 and any(is_distinctive(text[a : b - _street_kind_len(text[a:b])]) for a, b in items):
            for start, end in items:
                _add(out, text, start, end, "address", 0.7)


def _phrase_of_way(name: str) -> bool:
    """A word of the dictionary for a way (思路, 出路, 门路), a verb before one (理清|思路,
    拓宽|门路), or a slogan's way (…之路): a figure of speech, not a street."""
    if (word_info(name) or ("", ""))[1] in ("n", "v", "vn", "m", "l", "i") or name.endswith("之路") or "一带一路" in name:
        return True  # (…之路 and 一带一路 are ways of a slogan: 振兴之路、丝绸之路)
    if name.endswith(("大街", "大道")):
        return False  # (建设大街: the kind is a word of its own)
    tail = word_info(name[-2:])
    return tail is not None and tail[1] == "n" and (word_info(name[:-2]) or ("", ""))[1][:1] in ("v", "a", "d", "n")


def _opens_inside_word(text: str, f: Finding) -> bool:
    """A site or place whose first char closes a frequent word before it (其|他水泵站 of 其他, 适|应城市
    of 适应) and does not open one itself: the name would start inside a word."""
    a = f.start
    if f.attrs.get("kind") not in ("site", "admin") or a == 0 or not is_han(text[a - 1]):
        return False
    return is_common_word(text[a - 1 : a + 1]) and not is_common_word(text[a : a + 2])


#: A numbered part of a site named right after it: 凤凰山隧洞|2号支洞, 东岭煤矿|3号斜井, …隧道|1号洞口.
_NUMBERED_PART = re.compile(
    r"[0-9一二三四五六七八九十]{1,3}号(?:支洞|斜井|竖井|平硐|风井|主井|副井|工作面|采区|洞口|出口|进口|横洞|机组|泵站|隧道)"
)


def _with_numbered_part(text: str, f: Finding) -> Finding:
    """A site followed by one of its numbered parts takes the part: masking the tunnel alone left
    the branch tunnel (2号支洞) readable as part of the name."""
    if f.attrs.get("kind") not in ("site", "bare", "admin") and not f.text.endswith(("洞", "道", "矿", "井")):
        return f
    m = _NUMBERED_PART.match(text, f.end)
    return f if m is None else f.shifted(f.start, m.end(), text[f.start : m.end()])


#: A voltage class opening a site's name: 110|千伏石门变电站, ±800|kV…换流站.
_VOLTAGE_HEAD = ("千伏", "kV", "KV", "kv")


def _with_voltage(text: str, f: Finding) -> Finding:
    """A site whose span starts at its voltage's unit takes the voltage's digits too (千伏石门变电站 →
    110千伏石门变电站): the Han run the site rules read stops at the digits."""
    if not f.text.startswith(_VOLTAGE_HEAD) or f.start == 0 or not text[f.start - 1].isdigit():
        return f
    start = f.start
    while start > 0 and (text[start - 1].isdigit() or text[start - 1] in "±."):
        start -= 1
    return f.shifted(start, f.end, text[start : f.end])


def place_chars() -> frozenset[str]:
    """Chars that end a toponym (沟, 湾, 岭, 桥 …): the lexicon's place chars."""
    return _tables().place_chars


@lru_cache(maxsize=1)
def _city_stems() -> frozenset[str]:
    """Two-char cities of ``models/admin_places.txt`` without their 市 (西安, 清远), less ``_CITY_WORDS``."""
    return frozenset(n[:2] for n in admin_place_names() if len(n) == 3 and n[2] == "市" and n[:2] not in _CITY_WORDS)


def city_stem(name: str) -> bool:
    """Whether ``name`` is a two-char city of ``models/admin_places.txt`` written without 市 (清远 of
    清远市), not one whose bare name is mostly a word or another place (江山, 黄山)."""
    return len(name) == 2 and name in _city_stems()

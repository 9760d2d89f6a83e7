"""Organisation names without a register: suffix heuristics plus derived aliases.

A Chinese organisation name is a proper-name core followed by a kind word
(…有限公司, …集团, …支行, …供电所, …煤业). The recognizer finds the kind word,
walks left over Han characters, cuts at verbs/prepositions (按照/落实/在 …) and
non-name prefixes (本/该/全 …), and keeps the span only when the core holds a
proper-name part (jieba's frequent vocabulary and the industry words do not
count). Industry-word suffixes (煤业, 能源, 电力 …) are ordinary nouns as often
as names, so those need support: the core also names a legal entity in the
document, the name repeats, or an organisation cue (官网, 党委 …) follows.

Reports then refer to the organisation by short forms (东岭煤业, 晋北集团,
中原铁投), so every long name yields aliases — its parts without the legal form,
core + kind word, core + abbreviation — and every occurrence of them is found.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick_rs

from baogao.findings import Finding
from baogao.redact.recognizers._text import (
    allowlist,
    alternation,
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
    real_place_head,
    trim_left,
    word_info,
)

SOURCE = "org_suffix"
ALIAS_SOURCE = "org_alias"
_WINDOW = 16
_WEAK_CORE_MAX = 4
_CUES = (
    "官网",
    "公众号",
    "视频号",
    "网站",
    "党委",
    "公司",
    "集团",
    "所属",
    "旗下",
    "下属",
    "员工",
    "职工",
    "高质量",
    "系统",
    "领导",
)
_GENERIC_TAILS = frozenset(
    {
        "安全",
        "应急",
        "智慧",
        "绿色",
        "现代",
        "综合",
        "发展",
        "管理",
        "服务",
        "研究",
        "设计",
        "有限",
        "责任",
        "数据",
        "网络",
        "国际",
        "文化",
        "教育",
        "旅游",
        "生态",
        "产业",
        "云",
    }
)
#: The legal forms that end a company's registered name (…建设集团有限公司); also read by the
#: recognizers' document memory (a tagger span so ended spreads its short forms).
LEGAL_FORMS = frozenset({"股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "股份公司"})
# Counted phrases end the left context: 二十国|集团, 一九五四年这个|公司, 两大|集团.
_COUNTED = re.compile(
    r"[〇零一二三四五六七八九十百千万两0-9]+[多余]?(?:年|个|家|名|项|国|大|批|种|座|位)|[这那每各该只些]"
)
_NEVER = re.compile(r"(?!)")
_NUMBERED_UNIT = r"[一二三四五六七八九十]{1,2}(?:建|局|公司|分公司|处|矿|厂|工区)"
# One-char kind words of short forms: core + 库/矿/厂 (丰泽库, 东岭矿) for a core already known.
_SHORT_KIND = "库矿厂站院所局行港"
# A bureau of a city or county is named by the place + 市局/县局 (楚源市局 for 楚源市烟草专卖局).
_CITY_BUREAU = re.compile(r"([\u4e00-\u9fff]{2,4}?)(市|县|州)[\u4e00-\u9fff]{2,}局")
# Government-enterprise units add the other face in brackets: 烟草专卖局（公司）, 市局(公司).
# Numbered hospitals and schools are called by place + number + one char: 澄江二院, 溪城一中.
_NUMBERED_INSTITUTION = re.compile(
    r"([\u4e00-\u9fff]{2,3}?)(市|县|区)?第([一二三四五六七八九十]{1,2})(人民医院|中医院|医院|中学|小学)$"
)
_BRANCH_LEVEL = re.compile(r"[省市县区州]?(?:中心)?")
_BRANCHES = frozenset({"分公司", "分行", "分院"})
_NOT_A_NAME_HEAD = frozenset("省市县区镇乡村第")
_INSTITUTION_SHORT = {"人民医院": "院", "中医院": "院", "医院": "院", "中学": "中", "小学": "小"}
_TEACHING_HOSPITAL = re.compile(r"([\u4e00-\u9fff]{2,4}?)(?:医科大学|医学院)附属第([一二三四五六七八九十]{1,2})医院$")
_CITY_MUSEUM = re.compile(r"([\u4e00-\u9fff]{2,3}?)(市|县|区)?(博物馆|图书馆|美术馆|纪念馆|科技馆)$")
_LOCAL_HOSPITAL = re.compile(r"([\u4e00-\u9fff]{2,3}?)[市县区]?人民医院$")
#: …and a business word may follow the place: 金穗丰禾（张掖）制种|有限公司
_BRACKET_PLACE = re.compile(r"[（(][\u4e00-\u9fff]{2,4}[）)][\u4e00-\u9fff]{0,6}$")
_BRACKET_FORM = re.compile(r"[（(](?:公司|分公司|集团)[）)]")


def stop_cut(window: str, stop: re.Pattern[str]) -> int:
    """Index after the right-most stop word of ``window`` (where a name ending at its end can start).

    A one-char stop word that closes a proper word with the char before it does
    not cut: 仁|和 (仁和医疗集团), 太|和 are names, not "… and …".
    """
    start = previous = 0
    for m in stop.finditer(window):
        k = m.start()
        if m.end() - k == 1 and k > 0 and k == previous and word_info(window[k - 1 : k + 1]) is None:
            previous = -1
            continue  # 与|和信检测: a one-char stop word right after another one starts the name (not 由于)
        previous = m.end() if m.end() - k == 1 else -1
        if (
            m.end() - k == 1
            and k > 0
            and is_proper_word(window[k - 1 : m.end()])
            and not (k > 1 and word_info(window[k - 2 : k]) is not None)  # 奖金|和: 金 closes a word
        ):
            continue
        start = max(start, m.end())
    return start


@dataclass(frozen=True)
class _Tables:
    suffix: re.Pattern[str]
    weak: frozenset[str]
    stop: re.Pattern[str]
    prefixes: tuple[str, ...]
    generic: frozenset[str]
    legal: tuple[str, ...]
    tails: tuple[str, ...]
    regions: tuple[str, ...]
    public_prefixes: tuple[str, ...]
    public_endings: tuple[str, ...]
    branch_prefixes: tuple[str, ...]
    branch_endings: tuple[str, ...]
    local_bodies: re.Pattern[str]
    provinces: frozenset[str]
    business_words: frozenset[str]
    region_heads: frozenset[str]
    legal_heads: frozenset[str]


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    org = lexicon()["org"]
    allow = allowlist()
    public = allow.get("public_prefix", {})
    bodies = alternation(tuple(allow.get("local_government", {}).get("bodies", ("人民政府",)))).pattern
    suffixes = tuple(org["legal_suffixes"]) + tuple(org["unit_suffixes"])
    industry = frozenset(org["industry_words"])
    tails = tuple(longest_first((set(suffixes) | industry) - _GENERIC_TAILS))
    regions = tuple(lexicon()["location"]["provinces"]) + ("省", "市")
    return _Tables(
        suffix=alternation(suffixes),
        weak=frozenset(org["weak_suffixes"]),
        stop=alternation(tuple(org["stop_words"])),
        prefixes=tuple(longest_first(org["nonname_prefixes"])),
        generic=industry
        | frozenset(org["generic_cores"])
        | frozenset(lexicon()["location"]["provinces"])
        | frozenset(org["legal_suffixes"])
        | frozenset(org["unit_suffixes"]),
        legal=tuple(longest_first(org["legal_suffixes"])),
        tails=tails,
        regions=tuple(longest_first(regions)),
        public_prefixes=tuple(public.get("prefixes", ())),
        public_endings=tuple(public.get("endings", ())),
        branch_prefixes=tuple(public.get("branch_prefixes", ())),
        branch_endings=tuple(public.get("branch_endings", ())),
        provinces=frozenset(lexicon()["location"]["provinces"]) - {"中国", "全国"},
        local_bodies=re.compile(rf"(?:市|县|区|镇|乡|州|旗)(?:{bodies})(?:[\u4e00-\u9fff]{{1,4}}分局)?$"),
        business_words=frozenset(w for w in industry if len(w) == 2) | frozenset(org.get("alias_words", ())),
        # region words that open registered company names (北方农垦集团有限公司, 华北宏达有限公司)
        region_heads=(heads := frozenset(org["region_words"]) | {"北方", "南方", "东方", "西部", "东部", "中部"}),
        legal_heads=heads | frozenset(org["route_kinds"]),
    )


def _strip_common_lead(core: str, generic: frozenset[str]) -> str:
    """Drop ordinary words before the name (位居/贡献/单位 …) while a distinctive core remains."""
    return core[name_start(core, extra_generic=generic) :]


def _is_public(name: str, t: _Tables) -> bool:
    if name.startswith(t.public_prefixes) and name.endswith(t.public_endings):
        return True
    # 人民银行县支行, 人民银行市中心支行 (a branch named by its place keeps the place sensitive)
    for p in t.branch_prefixes:
        for e in t.branch_endings:
            if name.startswith(p) and name.endswith(e) and len(name) >= len(p) + len(e):
                return _BRANCH_LEVEL.fullmatch(name[len(p) : len(name) - len(e)]) is not None
    return False


def _is_local_government(name: str, t: _Tables) -> bool:
    """A government body of a place (景泰县应急管理局, 江州市公安局高新分局): public, only its place is masked."""
    return t.local_bodies.search(name) is not None


def _candidate(text: str, m: re.Match[str], t: _Tables) -> tuple[int, str] | None:
    """Start and core of the name closed by suffix match ``m`` (None when no name)."""
    at = m.start()
    bracket = _BRACKET_PLACE.search(text, max(0, at - 14), at) if m.group() in LEGAL_FORMS else None
    if bracket is not None:
        # a place in brackets before the legal form: 华茂食品（柳溪）有限公司 is one name
        found = _candidate_before(text, bracket.start(), m.group(), t)
        return None if found is None else (found[0], text[found[0] : at])
    return _candidate_before(text, at, m.group(), t)


def _candidate_before(text: str, at: int, suffix: str, t: _Tables) -> tuple[int, str] | None:
    """Start and core of a name ending at ``at`` and closed by ``suffix``."""
    ws = han_run_before(text, at, limit=_WINDOW)
    window = text[ws:at]
    if not window:
        return None
    weak = suffix in t.weak
    if weak and len(window) > _WEAK_CORE_MAX:
        cut = stop_cut(window, t.stop)
        if len(window) - cut > _WEAK_CORE_MAX:
            window, ws = window[-_WEAK_CORE_MAX:], at - _WEAK_CORE_MAX
    cut = stop_cut(window, t.stop)
    if cut == len(window) and suffix in LEGAL_FORMS:
        # a legal form follows no verb: the word right before it is the name's own (再生资源利用|有限公司)
        m = t.stop.search(window, max(0, cut - 4))
        while m is not None and m.end() != cut:
            m = t.stop.search(window, m.start() + 1)
        if m is not None and m.end() - m.start() >= 2:
            cut = stop_cut(window[: m.start()], t.stop)
    core = window[cut:]
    core = core[trim_left(core, stop=_COUNTED, prefixes=()) :]
    if "子公司" in core:
        core = core[core.rfind("子公司") + 3 :]  # 控股子公司|清源再生资源利用有限公司
    if core.endswith("性"):
        return None  # 政策性银行, 竞争性企业集团: a kind, not a name
    if core.endswith("子") and suffix.endswith("公司") and (len(core) < 4 or is_common_word(core[-3:-1])):
        return None  # 控股子公司, 全资子公司: a kind of company (the name may follow it)
    raw = core
    core = _strip_common_lead(core, t.generic)
    core = core[trim_left(core, stop=_NEVER, prefixes=t.prefixes) :]
    if suffix in LEGAL_FORMS and len(core) >= 2 and raw[: len(raw) - len(core)] in t.legal_heads:
        core = raw  # 北方|农垦集团有限公司, 西南|宏达有限公司, 越江|纺织控股…: a region or route word opens a legal name
    if weak and len(core) > 2 and is_distinctive(core[-2:], extra_generic=t.generic):
        core = core[-2:]  # short forms are core + kind word: 矿长|宏远劳务, 谱写|西北矿业
    start = at - len(core)
    if suffix in ("分行", "支行") and start > ws and text[start - 1 : start + 1] in _BANK_SHORT:
        core = text[start - 1 : at]  # 建行|嘉禾分行: 建 is no verb before a bank's short name
    elif suffix in ("分行", "支行") and (bank := next((b for b in _BANKS if text.endswith(b, 0, start)), None)):
        core = bank + core  # 中国工商银行|泽川分行: a branch is named with its bank (annotators mark it whole)
    if len(core) < 2:
        return None
    # a legal form (…有限公司) is strong evidence: there any core that is not just kind words will do
    legal_ok = suffix in LEGAL_FORMS and (_has_name_chars(core, t) or _city_named(core, t))
    # a branch named by its province is a unit of the reporting organisation: 江西分公司, 湖南分行
    branch_ok = suffix in _BRANCHES and core in t.provinces
    # a unit named by a three-char place (骆驼井|分场, 黑石岭|工区) though its head is a word (骆驼)
    placed = (
        len(core) == 3
        and not weak
        and core[-1] in lexicon()["org"]["place_chars"]
        and not is_common_word(core)
        and not is_common_word(core[1:])
        and word_info(core[1:]) is None
    )
    if not legal_ok and not branch_ok and not placed and not is_distinctive(core, extra_generic=t.generic):
        return None
    return at - len(core), core


#: National banks' full names, which open their branches' names (中国工商银行泽川分行).
_BANKS = (
    "中国工商银行", "中国农业银行", "中国建设银行", "中国银行", "交通银行", "中国邮政储蓄银行", "招商银行",
    "兴业银行", "中信银行", "中国光大银行", "华夏银行", "中国民生银行", "上海浦东发展银行", "浦发银行",
    "平安银行", "广发银行", "国家开发银行", "中国农业发展银行", "中国进出口银行", "渤海银行", "浙商银行",
)
#: Short names of banks that open a branch's name (建行嘉禾分行, 农行青山支行).
_BANK_SHORT = frozenset({"工行", "农行", "中行", "建行", "交行", "招行", "邮储", "浦发", "兴业", "光大", "中信", "华夏", "民生"})


def _city_named(core: str, t: _Tables) -> bool:
    """A company named by its city and kind words only: 鹤城市|城市发展投资 (the city is the name)."""
    return (
        len(core) >= 5
        and core[2] in "市县区"
        and all(is_han(c) for c in core[:2])
        and core[:2] not in t.provinces
        and core[:2] not in t.generic
        and not is_common_word(core[:2])
    )


def _has_name_chars(core: str, t: _Tables) -> bool:
    rest = core
    for w in _longest_first(t.generic):
        rest = rest.replace(w, "")
    return len(rest) >= 2


@lru_cache(maxsize=4)
def _longest_first(words: frozenset[str]) -> tuple[str, ...]:
    return tuple(longest_first(words))


def _supported(text: str, start: int, end: int, core: str, strong_cores: set[str], document: str) -> bool:
    name = text[start:end]
    if any(core.startswith(c) or c.startswith(core) for c in strong_cores):
        return True
    if document.count(name) >= 2:
        return True
    return text.startswith(_CUES, end)


def _suffix_names(text: str, document: str) -> list[Finding]:
    t = _tables()
    strong: list[Finding] = []
    weak: list[tuple[int, int, str]] = []
    for m in t.suffix.finditer(text):
        if m.group() in t.weak and _straddles(text, m.start(), m.end()):
            continue  # 思想文|化工|作: the kind word is the tail of one word and the head of the next
        if m.end() < len(text) and is_common_word(m.group() + text[m.end()]):
            continue  # 招录大学|生: the kind word runs on into a longer word (大学生)
        cand = _candidate(text, m, t)
        if cand is None:
            continue
        start, core = cand
        if _opens_inside_word(text, start):
            continue  # 中国地|质科学院: the name would start inside a word
        if _is_public(text[start : m.end()], t) or _is_local_government(text[start : m.end()], t):
            continue
        if m.group() in t.weak:
            weak.append((start, m.end(), core))
        else:
            strong.append(
                Finding(start, m.end(), "ORG", text[start : m.end()], SOURCE, 0.8, {"kind": m.group()})
            )
    strong_cores = {c for f in strong for c in cores(f.text)}
    for start, end, core in weak:
        if _supported(text, start, end, core, strong_cores, document):
            strong.append(Finding(start, end, "ORG", text[start:end], SOURCE, 0.6, {"kind": "industry"}))
    return [_without_lead_char(f, text, document) for f in strong]


def _opens_inside_word(text: str, s: int) -> bool:
    """Whether ``text[s]`` closes an ordinary word with the char before it and opens none with the
    char after it (中国地|质科学院), or closes a three-char word (负责|人濮阳…): a name there would start
    inside a word. Not when the char before closes a word of its own (利用|水煤公司: 用 is 利用's,
    not 用水's)."""
    if s == 0 or not is_han(text[s - 1]) or is_common_word(text[s : s + 2]):
        return False
    if s > 1 and is_common_word(text[s - 2 : s + 1]):
        return True
    return is_common_word(text[s - 1 : s + 1]) and not (s > 1 and is_common_word(text[s - 2 : s]))


def _straddles(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` ends one word and starts a frequent one (文|化工|作, 党|建工|作)."""
    return (
        0 < start
        and end < len(text)
        and (is_frequent(text[start - 1 : start + 1]) or in_vocabulary(text[start - 1 : start + 1]))
        and is_frequent(text[end - 1 : end + 1])
    )


def _without_lead_char(f: Finding, text: str, document: str) -> Finding:
    """Drop a leading preposition the name never has elsewhere: 向|海岳物流公司 (海岳物流公司 alone too).

    向, 由, 在 … are surnames and name chars as well as prepositions, so the char
    goes only when the document writes the rest without it somewhere.
    """
    head, rest = f.text[:1], f.text[1:]
    if head not in lexicon()["org"]["nonname_chars"] or len(rest) < 4:
        return f
    at = document.find(rest)
    while at >= 0:
        if at == 0 or document[at - 1] != head:
            return f.shifted(f.start + 1, f.end, rest)
        at = document.find(rest, at + 1)
    return f


def _trade_head(part: str) -> bool:
    """Whether ``part`` opens with an ordinary noun or verb of the dictionary (煤层, 渔港, 装配), as
    a trade does, rather than with a coined or proper name (云枢, 汇通, 北原)."""
    info = word_info(part[:2])
    return (
        info is not None
        and info[0] >= 50
        and info[1] in ("n", "v", "vn", "a", "an")
        and not is_proper_word(part[:2])
        and not real_place_head(part[:2])
    )


def _strip_region(part: str, t: _Tables) -> str:
    """Drop a leading province or city name (北京云枢科技 → 云枢科技) when a name follows."""
    for r in t.regions:
        if part.startswith(r) and len(part) - len(r) >= 2:
            return part[len(r) :]
    for n in (3, 2):
        rest = part[n:]
        if rest[:1] in ("市", "县", "区"):
            rest = rest[1:]  # 澄江|市|第二人民医院: the place's kind goes with it
        if (
            is_proper_word(part[:n])
            and len(rest) >= 4
            and is_distinctive(rest[:2], extra_generic=t.generic)
            and not rest.startswith(_longest_first(t.generic))
            and not _trade_head(rest)
        ):
            return rest  # (not 北原|新能源集团…, 晋东|煤层气开发: a trade is no name of its own)
    return part


def _parts(name: str, t: _Tables) -> list[str]:
    """Split a full name into parent and unit parts at inner 集团/公司/银行."""
    base = name
    for s in t.legal:
        if base.endswith(s) and len(base) > len(s) + 1:
            base = base[: -len(s)]
            break
    parts = [p for p in re.split(r"(?<=集团)|(?<=公司)|(?<=银行)", base) if len(p) >= 2]
    return parts or [base]


@lru_cache(maxsize=4096)
def cores(name: str) -> tuple[str, ...]:
    """Distinctive two-char cores of an organisation name (晋北…东岭煤业 → 晋北, 东岭)."""
    t = _tables()
    out: list[str] = []
    for part in _parts(name, t):
        for p in (part, _strip_region(part, t)):
            if len(p) >= 2 and is_distinctive(p[:2], extra_generic=t.generic) and p[:2] not in out:
                out.append(p[:2])
    return tuple(out)


_SHORT_KINDS = (
    ("职业技术学院", "职院"),
    ("职业学院", "职院"),
    ("能源投资", "能投"),
    ("医学检验", "检验"),
    ("交通投资", "交投"),
    ("城市投资", "城投"),
    # the usual short forms of insurers, branches and trades: 中衡财产保险 → 中衡财险,
    # 桐江中心支公司 → 桐江中支, 众诚汽车服务 → 众诚汽服, 梅溪国有资本投资运营 → 梅溪国投
    ("财产保险", "财险"),
    ("人寿保险", "寿险"),
    ("中心支", "中支"),
    ("汽车服务", "汽服"),
    ("国有资本投资", "国投"),
    ("国有投资", "国投"),
    ("发电厂", "电厂"),
    ("电力交易", "电交"),
    ("农村商业银行", "农商行"),
    ("城市发展", "城发"),
    ("农村商业银行", "农商银行"),
    ("引航站", "引航"),
)


def _opens_with_region(name: str, t: _Tables) -> bool:
    return any(name.startswith(r) for r in t.regions)


def _alias_core(core: str, t: _Tables) -> bool:
    """Whether a legal name's first two chars may open its short forms: a distinctive word, or two
    chars the dictionary knows as no word or a rare one, and no region (越江|控股, 恒纺|化纤)."""
    if is_distinctive(core, extra_generic=t.generic):
        return True
    if not all(is_han(c) for c in core) or core in t.region_heads or core in t.regions:
        return False
    info = word_info(core)
    return info is None or info[0] < 100  # 越江 (a rare place word), not 草原, 中国


#: A core this frequent in the dictionary opens too many phrases even with a word after it (城市建设).
_WORD_CORE_MAX_FREQ = 5000


def _word_core_forms(core: str, rest: str, name: str, t: _Tables) -> set[str]:
    """Short forms of a name whose first two chars are an everyday word (通衢, 草原): the word
    alone is no name, but with the name's next business word or its kind it is one
    (通衢乡村路桥建设有限公司 → 通衢路桥, 通衢公司; 内蒙古草原有色金属集团 → 草原有色). Only four-char
    forms that are no word or phrase of the dictionary."""
    info = word_info(core)
    if (
        not all(is_han(c) for c in core)
        or core in t.region_heads
        or core in t.regions
        or core in t.generic
        or (info is not None and (info[0] >= _WORD_CORE_MAX_FREQ or info[1][:1] not in ("n", "v")))
    ):
        return set()
    forms = set()
    if len(rest) >= 4 and all(is_han(c) for c in rest[:2]) and word_info(rest[:2]) is not None:
        forms.add(core + rest[:2])  # 草原|有色(金属)
    forms.update(core + rest[i : i + 2] for i in range(2, len(rest) - 1) if rest[i : i + 2] in t.business_words)
    if name.endswith("公司") and rest:
        forms.add(core + "公司")
    return {f for f in forms if not in_vocabulary(f) and word_info(f) is None}


#: The kind of a place, which opens no name once the place's own name is cut off.
_ADMIN_HEADS = frozenset("省市县区镇乡村旗")
#: A city's or a county's own group, named by its trades (岚溪县|文旅康养集团, 临川市|交通投资集团).
_COUNTY_OWNED = re.compile(r"([\u4e00-\u9fff]{2,3})[市县区](?=[\u4e00-\u9fff]{4,}集团$)")
#: Words that describe a group rather than name it, which its short name leaves out.
_NAME_MODIFIERS = ("现代", "国际", "综合", "联合", "新型", "智慧")


@lru_cache(maxsize=4096)
def derive_aliases(name: str) -> frozenset[str]:
    """Short forms a report may use for ``name``.

    晋北能源集团东岭煤业有限公司 → 晋北能源集团, 东岭煤业, 东岭煤业公司, 晋北集团, 晋北能源 …;
    中原铁路投资集团有限公司 → 中原铁路投资集团, 中原铁投 …. Core + kind-word forms
    (东岭公司, 鼎城路桥) are matched by :func:`find_aliases` from the cores.
    """
    t = _tables()
    out: set[str] = {name}
    parts = _parts(name, t)
    out.add("".join(parts))
    for n, part in enumerate(parts):
        if n and _trade_head(part):
            continue  # 太岳集团|煤层气研究院: a unit named by its trade has no short form of its own
        p = _strip_region(part, t)
        if p != part and p[:1] in _ADMIN_HEADS:
            p = part  # 石桥|村卫生室: what follows the place is its own kind, no name (村卫生室)
        for q in {part, p}:
            if len(q) >= 3:
                out.add(q)
        # a name of three or four chars up to its trade word, after its city: 泽川市|老胡同餐饮(管理)
        own = p[3:] if p[2:3] in ("市", "县") else ""
        for w in t.business_words if len(own) >= 5 else ():
            i = own.find(w, 3)
            if 3 <= i <= 4 and not is_common_word(own[:i]) and is_distinctive(own[:2], extra_generic=t.generic):
                out.add(own[: i + len(w)])
            if q.endswith("集团") and len(q) > 4:
                out.add(q[:-2])
        # the core is the name's own first word (东岭) or, when that is a place name, the
        # place itself: 江汉重工装备集团 is 江汉重工 as often as 重工装备
        provincial = p != part and _opens_with_region(part, t)
        for q in dict.fromkeys((p,) if provincial else (p, part)):  # (not 内蒙|古草原…)
            core, rest = q[:2], q[2:].removesuffix("集团")
            if len(core) < 2:
                continue
            if not _alias_core(core, t):
                out |= _word_core_forms(core, rest, name, t)
                if core in t.region_heads or core in t.regions:
                    # a region's group is called by the usual short form of its trade: 西部|交投
                    out.update(core + short for long, short in _SHORT_KINDS if rest.startswith(long))
                continue
            if rest[:1] in ("市", "县") and rest[1:2] not in _NOT_A_NAME_HEAD and len(rest) >= 5:
                rest = rest[1:]  # 锦溪|市|水务投资 → 锦溪水投, 锦溪水务: the city's kind is dropped
            # core + a later business word of the name: 星湾产业园运营管理 → 星湾运营
            for i in range(2, len(rest) - 1):
                w = rest[i : i + 2]
                if w in t.business_words:
                    out.add(core + w)
            # core + the usual short form of a kind word: 泰源职业技术学院 → 泰源职院,
            # 临川城市能源投资集团 → 临川能投, 华康医学检验实验室 → 华康检验
            for long, short in _SHORT_KINDS:
                if long in rest:
                    out.add(core + short)
            if rest[:1] in _NOT_A_NAME_HEAD:
                continue  # 澄江|市第二人民医院: the place's kind or a numbering follows, not a name word
            if len(rest) >= 4 and len(rest) % 2 == 0:
                out.add(core + "".join(rest[i] for i in range(0, len(rest), 2)))
            if rest:
                out.add(core + rest)
                out.add(core + rest + "公司")
            if len(rest) >= 4 and is_han(rest[1]):
                out.add(core + rest[:2])  # core + first business word: 晋阳管道(工程), 和信检测(技术)
                # …or a later one: 海澄船舶舾装工程 → 海澄舾装; and 国际 is dropped: 星途国际旅行社 → 星途旅行社
                for i in range(2, len(rest) - 1, 2):
                    if all(is_han(c) for c in rest[i : i + 2]):
                        out.add(core + rest[i : i + 2])
                # …cut at the words of the dictionary, not every two chars: 宏运|集装箱|物流 → 宏运集装箱
                for a, b, _ in name_tokens(rest, t.generic):
                    if b - a >= 2:
                        out.add(core + rest[a:b])
                if "国际" in rest and len(rest) > 4:
                    out.add(core + rest.replace("国际", ""))
    # a city's name before the company's own (锦城|清源城市环境服务 → 清源环境, 清源城市)
    head = "".join(parts)
    city = head[2:4]  # (not after a province, 内蒙古|草原…: the region strip's case)
    if (
        len(head) >= 8
        and not _opens_with_region(head, t)
        and is_distinctive(city, extra_generic=t.generic)
        and city not in t.generic
        and not head[2:].startswith(_longest_first(t.generic))  # (北原|新能源集团…: a trade, no name)
    ):
        rest_name = name[2:]
        if not rest_name.startswith(tuple("省市县区")):
            out |= {a for a in derive_aliases(rest_name) if a != rest_name}
    # a group named without the modifier inside its name: 中部现代物流集团 → 中部物流集团
    group = next((name[: -len(f)] for f in ("股份有限公司", "有限责任公司", "有限公司", "股份公司") if name.endswith(f)), name)
    county = _COUNTY_OWNED.match(group)
    if county is not None and not is_common_word(county.group(1)) and county.group(1) not in t.generic:
        out.add(group[county.end() :])  # 岚溪县|文旅康养集团: a county's group, called by its trades at home
    if group.endswith("集团"):
        for word in _NAME_MODIFIERS:
            at = group.find(word, 2)
            if 2 <= at and len(group) - len(word) >= 6:
                out.add(group[:at] + group[at + len(word) :])
    # the initials of a long name of two-char words: 中煤科工智能装备 → 中科智装
    base = "".join(parts).removesuffix("集团")
    if 8 <= len(base) <= 10 and len(base) % 2 == 0 and len(parts) == 1 and all(is_han(c) for c in base):
        words = [base[i : i + 2] for i in range(0, len(base), 2)]
        if sum(w in t.generic or word_info(w) is not None for w in words) >= len(words) - 1:
            out.add(base[::2])
    numbered = _NUMBERED_INSTITUTION.match(name)
    if numbered is not None and is_distinctive(numbered.group(1), extra_generic=t.generic):
        # 澄江市第二人民医院 → 澄江二院, 澄江市二院; 溪城县第一中学 → 溪城一中
        place, city, number, kind = numbered.groups()
        short = number + _INSTITUTION_SHORT[kind]
        out.update({place + short, place + (city or "") + short})
        if city and short.endswith("院"):
            out.add(city + short)  # 临川市第一人民医院 → 市一院, as its own staff call it
    hospital = _TEACHING_HOSPITAL.match(name)
    if hospital is not None:
        # 江城医科大学附属第一医院 → 江医附一, 江医附一院 (the usual short form of a teaching hospital)
        place, number = hospital.groups()
        out.update({place[0] + "医附" + number, place[0] + "医附" + number + "院"})
    museum = _CITY_MUSEUM.match(name)
    if museum is not None:
        # 云州市博物馆 → 云州博物馆, 云博 (the usual short form of a city's museum)
        place, kind = museum.group(1), museum.group(3)
        out.update({place + kind, place[0] + kind[0]})
    local = _LOCAL_HOSPITAL.match(name)
    if local is not None and not in_vocabulary(local.group(1)[0] + "医"):
        out.add(local.group(1)[0] + "医")  # 桐华区人民医院 → 桐医 (讲好桐医故事)
    bureau = _CITY_BUREAU.match(name)
    if bureau is not None and is_distinctive(bureau.group(1), extra_generic=t.generic):
        out.add(bureau.group(1) + bureau.group(2) + "局")
    short = set()
    if local is not None:
        short.add(local.group(1)[0] + "医")
    if museum is not None:
        short.add(museum.group(1)[0] + museum.group(3)[0])
    return frozenset(a for a in out if (len(a) >= 3 or a in short) and not _is_public(a, t))


@dataclass(frozen=True)
class _AliasMatcher:
    aliases: ahocorasick_rs.AhoCorasick | None
    cores: ahocorasick_rs.AhoCorasick | None
    tail: re.Pattern[str]


@lru_cache(maxsize=1)
def _alias_tail() -> re.Pattern[str]:
    """What makes a bare core a name: a numbered unit, a kind word, a one-char kind."""
    return re.compile(f"{_NUMBERED_UNIT}|{'|'.join(map(re.escape, _tables().tails))}|[{_SHORT_KIND}]")


@lru_cache(maxsize=256)
def _alias_matcher(names: frozenset[str]) -> _AliasMatcher:
    aliases: set[str] = set()
    core_set: set[str] = set()
    for n in names:
        aliases |= derive_aliases(n)
        core_set.update(cores(n))
    kind = ahocorasick_rs.MatchKind.LeftmostLongest
    return _AliasMatcher(
        aliases=ahocorasick_rs.AhoCorasick(sorted(aliases), matchkind=kind) if aliases else None,
        cores=ahocorasick_rs.AhoCorasick(sorted(core_set), matchkind=kind) if core_set else None,
        tail=_alias_tail(),
    )


def find_aliases(text: str, names: Iterable[str], *, source: str = ALIAS_SOURCE) -> list[Finding]:
    """Every occurrence of every alias of ``names`` in ``text`` (label ORG).

    Aliases are matched exactly; a core (东岭, 鼎城) counts only when a kind word
    follows it (东岭公司, 鼎城路桥, 鼎城三建) — a bare core is too often a word.
    """
    matcher = _alias_matcher(frozenset(names))
    out: list[Finding] = []
    if matcher.aliases is not None:
        for _, s, e in matcher.aliases.find_matches_as_indexes(text):
            out.append(Finding(s, e, "ORG", text[s:e], source, 0.7))
    if matcher.cores is not None:
        for _, s, e in matcher.cores.find_matches_as_indexes(text):
            m = matcher.tail.match(text, e)
            if m is None:
                if _coined_core(text, s, e):
                    out.append(Finding(s, e, "ORG", text[s:e], source, 0.6))
                continue
            if m.end() - m.start() == 1 and m.group() in _SHORT_KIND and _word_goes_on(text, m.end() - 1):
                continue  # 华信|所属, 东岭|矿区: the one-char kind word starts an ordinary word
            out.append(Finding(s, m.end(), "ORG", text[s : m.end()], source, 0.7))
    return out


def _coined_core(text: str, s: int, e: int) -> bool:
    """A bare core that no dictionary knows is the name itself: 讲好华岳故事, 贡献恒泰力量.

    A core that is a word (国电, 东莱, 塞北) is read as the word; the core must
    not start inside a word either (…|华岳 where the char before and 华 make one).
    """
    core = text[s:e]
    if in_vocabulary(core) or word_info(core) is not None or core[0] in "同和与及跟向对在从把被将为于由":
        return False
    if any(c in "年月日第号期届次个项" or c in lexicon()["org"]["nonname_chars"] for c in core):
        return False  # 2008|年第一百…: a date or a counter, not a name
    if text.startswith(("地区", "区域", "一带", "境内", "周边", "地方"), e) or text[e : e + 1] in tuple("市县区镇乡村省路街"):
        return False  # 鼎泰|地区: the core names a place here, not the company
    return not (s > 0 and is_han(text[s - 1]) and word_info(text[s - 1 : s + 1]) is not None)


def _word_goes_on(text: str, i: int) -> bool:
    """Whether ``text[i]`` begins a two-char dictionary word with the next char."""
    return (
        i + 1 < len(text)
        and is_han(text[i + 1])
        and (is_common_word(text[i : i + 2]) or is_proper_word(text[i : i + 2]))
    )


def _with_bracket_form(text: str, found: list[Finding]) -> list[Finding]:
    """Widen names over a bracketed second face right after them: 楚源市烟草专卖局|（公司）."""
    out = []
    for f in found:
        m = _BRACKET_FORM.match(text, f.end)
        out.append(f if m is None else f.shifted(f.start, m.end(), text[f.start : m.end()]))
    return out


#: A company written in Latin letters, closed by its legal form: Nordvik Energy AS, Helios Solar GmbH.
_LATIN_COMPANY = re.compile(
    r"(?<![A-Za-z])(?=[A-Z][a-z])(?:[A-Z][A-Za-z&\-]*[ ]){1,4}"
    r"(?:AS|ASA|AB|AG|GmbH|Ltd\.?|Limited|Inc\.?|LLC|Corp\.?|Corporation|Co\.,? ?Ltd\.?|S\.A\.|SA|SE|"
    r"B\.V\.|BV|N\.V\.|NV|Pte\.? Ltd\.?|PLC|plc|KG|Oy|S\.p\.A\.|SpA|K\.K\.|Sdn\.? Bhd\.?)(?![A-Za-z])"
)


def _latin_companies(text: str) -> list[Finding]:
    return [
        Finding(m.start(), m.end(), "ORG", m.group(), SOURCE, 0.8, {"kind": "latin"})
        for m in _LATIN_COMPANY.finditer(text)
    ]


def find(text: str, *, document: str | None = None) -> list[Finding]:
    """Organisation names and their aliases in ``text`` (label ORG).

    Args:
        text: the text to search.
        document: the whole document when ``text`` is a window of it (a short form
            counts as repeated when the document repeats it).
    """
    names = _suffix_names(text, text if document is None else document)
    if " " in text:
        names += _latin_companies(text)
    full = {f.text for f in names}
    return _with_bracket_form(text, names + find_aliases(text, full))


__all__ = ["cores", "derive_aliases", "find", "find_aliases"]

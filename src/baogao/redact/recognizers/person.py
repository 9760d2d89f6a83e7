"""Person names anchored by their context: titles, bylines, cues and enumerations.

A bare surname + one or two chars is everywhere in Chinese prose (高度, 王牌),
so a name is only reported where the genre puts one: after a role word
(矿长刘志强, 记者 王明), as a spaced token in a byline (安全监察部　李慧　电话),
before a cue (高德顺带领, 张建国同志, 付晓雯（工号), and in an enumeration
that follows one (张三、李四、王五). Whether the given name has one or two
chars is decided by what follows: a cue word (带领, 为, 被 …) or punctuation
ends it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from baogao.findings import Finding
from baogao.redact.recognizers._text import (
    FUNCTION_CHARS,
    FUNCTION_TAGS,
    GLUED_BEFORE_NAMES,
    HAN,
    MASK_CHARS,
    alternation,
    in_vocabulary,
    is_common_word,
    is_frequent,
    is_han,
    lexicon,
    longest_first,
    surname_list,
    surnames,
    table_cells,
    tagged_words,
    word_info,
)
from baogao.redact.recognizers._text import surname_at as _listed_surname_at
from baogao.redact.recognizers.location import countries

SOURCE = "person"
#: The anchor of a person called by surname and title or by 老/小 (王|书记, 老何): masked, but not
#: listed among the entities (CLUENER marks no bare surname).
SHORT_ANCHOR = "short"
_SPACE = " \u3000\t"
_ENUM_SEP = "、，,和及与"
_LIST_END = ("等", "同志", "，", ",", "。", "；", ";", "\n") + tuple(f"{n}人" for n in "两二三四五六七八九")
# Characters that never sit in a given name (particles, pronouns, prepositions).
_NOT_GIVEN = FUNCTION_CHARS | frozenset("么吗呢吧啊我你您咱它")
#: …but after a title a two-char given name may hold the ones that name a direction or a wish
#: (主任尹向东, 站长杨再兴, 书记陈之华): the title vouches for the name.
_GIVEN_AFTER_TITLE = frozenset("向再之于能")
_NOT_GIVEN_AFTER_TITLE = _NOT_GIVEN - _GIVEN_AFTER_TITLE
_COUNTERS = frozenset("人个名次元吨家年月日天号位户")
# Forms of address after a bare surname (姚先生, 李老师): the surname alone names no one here.
_HONORIFICS = ("先生", "女士", "小姐", "老师", "师傅", "阿姨", "大姐", "大哥", "大爷")
_UNITS = (
    "部",
    "室",
    "处",
    "科",
    "办",
    "中心",
    "车间",
    "公司",
    "集团",
    "委",
    "会",
    "组",
    "队",
    "站",
    "所",
    "厂",
    "矿",
)


@dataclass(frozen=True)
class _Tables:
    title: re.Pattern[str]
    byline: re.Pattern[str]
    cue: re.Pattern[str]
    bracket: re.Pattern[str]
    listing: re.Pattern[str]
    follow: tuple[str, ...]
    titles: tuple[str, ...]
    departments: frozenset[str]
    ambiguous: str
    extra_surnames: frozenset[str]
    after_title: re.Pattern[str]
    latin_stop: frozenset[str]


#: Given name and family name in Latin letters (Lars Eriksson, Anna-Maria Schmidt).
_LATIN_NAME = re.compile(r"(?<![A-Za-z])([A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?: [A-Z][a-z]+(?:-[A-Z][a-z]+)?){1,2}(?![A-Za-z])")

#: A person's other name given in brackets after their name: 吴老银（侗名：补银）, 次仁（藏名：…）,
#: 张伟（笔名：江舟）. The name in the brackets is the same person's.
_OTHER_NAME = re.compile(
    rf"[（(](?:[{HAN}]{{1,3}}族名|[{HAN}]{{1,2}}语名|[侗苗彝藏壮傣瑶白土哈回蒙满佤傈黎畲羌]名|蒙古名|维吾尔名|哈萨克名|"
    rf"英文名|曾用名|小名|乳名|艺名|笔名|昵称|外号|绰号)[：:]?([{HAN}·•]{{2,8}})[）)]"
)

#: The first part and the dot of a transliterated name (阿卜杜拉·, 叶尔江·); see :func:`_dot_name_end`.
_DOT_NAME = re.compile(rf"[{HAN}]{{2,5}}[·•](?=[{HAN}]{{2}})")


_BEFORE_NAME = ("群众", "党员", "同志", "牧民", "村民", "藏族", "维吾尔族", "哈萨克族", "蒙古族", "少数民族")


def _dot_name_start(text: str, dot: int, t: _Tables) -> int:
    """Where the first part of a dotted name ending at ``dot`` starts (教导员|艾尔肯·); a first part
    written in two, joined by a hyphen, starts at its first half (设计师|让-皮埃尔·杜邦)."""
    start = _dot_part_start(text, dot, t)
    if start >= 2 and text[start - 1] in "-－" and is_han(text[start - 2]):
        j = start - 1  # the first half: one or two chars, after a post or a boundary (让-, 安妮-)
        while j > 0 and is_han(text[j - 1]) and start - 1 - j < 2 and not text.endswith(t.titles + _BEFORE_NAME, 0, j):
            j -= 1
        if j == 0 or not is_han(text[j - 1]) or text.endswith(t.titles + _BEFORE_NAME, 0, j):
            return j
        # after a word of no post (设计师|让-, 专家|安妮-): two chars that the dictionary has as a name, else one
        h = start - 1
        two = word_info(text[h - 2 : h]) if h >= 2 and is_han(text[h - 2]) else None
        return h - 2 if two is not None and two[1].startswith("nr") else h - 1
    return start


def _dot_part_start(text: str, dot: int, t: _Tables) -> int:
    runs = [dot - n for n in (5, 4, 3, 2) if dot - n >= 0 and all(is_han(c) for c in text[dot - n : dot])]
    for start in runs:  # after a role word first: 、校长|努尔兰·, not 、|校长努尔兰·
        if text.endswith(t.titles + _BEFORE_NAME, 0, start):
            return start
    for start in runs:
        if start == 0 or not is_han(text[start - 1]):
            return start
    return dot - 3 if dot >= 3 and all(is_han(c) for c in text[dot - 3 : dot]) else dot - 2


def _described(name: str) -> bool:
    """A two-char adjective, adverb or verb of the dictionary (舒心, 满意): after a group role
    (职工, 群众) it says how the group is, not who. Of 1,665 two-char person names in the
    training gold 9 are such words (舒畅, 严明), none after a group role."""
    info = word_info(name) if len(name) == 2 else None
    return info is not None and info[0] >= 20 and info[1] in ("a", "ad", "an", "d", "v", "vn")


def _dotted_title(text: str, start: int, at: int, end: int) -> bool:
    """Whether the dotted span ``text[start:end]`` (second part from ``at``) is a slogan or title:
    its second part holds an ordinary frequent word (中国梦·劳动美, 悟二十大·港口青年谈), or it
    is only part of a quotation (“青春心向党·奋进新时代”). Of 280 dotted person names in the
    training gold none has a frequent word after the dot."""
    if any(is_common_word(text[i : i + 2]) for i in range(at, end - 1)):
        return True
    opened = text.rfind("“", max(0, start - 12), start)
    if opened < 0 or "”" in text[opened:start]:
        return False
    closed = text.find("”", end, end + 12)
    return closed >= 0 and (closed > end or opened < start - 1)


def _dot_name_end(text: str, at: int, t: _Tables) -> int | None:
    """Where the second part of a dotted name starting at ``at`` ends (吐尔逊|带队), or None."""
    for n in range(2, 7):
        end = at + n
        if end > len(text) or not all(is_han(c) for c in text[at:end]):
            return at + n - 1 if n > 2 else None
        if end == len(text) or not is_han(text[end]) or text.startswith(t.follow, end):
            return end
        if n >= 3 and word_info(text[end : end + 2]) is not None:
            return end  # 吾守尔|自发, 买买提|策划: a dictionary word follows
    return at + 3

#: Teams and units a name may follow directly when its title comes after it: 护理团队周敏护士长.
_TEAMS = ("团队", "班组", "车间", "科室", "工区", "项目部", "中心", "办公室", "党支部", "支部")
#: Titles that follow a name (周敏护士长, 赵鹏主任): held by one person, never a kind of staff.
_AFTER_TITLES = ("护士长", "主任", "书记", "经理", "科长", "站长", "所长", "队长", "班长", "组长", "院长", "段长", "工长", "主任医师", "医生", "老师")


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    p = lexicon()["person"]
    titles = alternation(tuple(p["titles"]) + tuple(p["departments"])).pattern
    return _Tables(
        title=re.compile(rf"(?:{titles})[{_SPACE}]{{0,3}}(?:[：:][{_SPACE}]{{0,2}})?(?=[{HAN}])"),
        # a separator first lets ``re`` skip quickly to candidates (a leading lookbehind cannot)
        byline=re.compile(
            rf"(?:[{_SPACE}：:\n]|^)(?P<name>[{HAN}]{{2,4}})(?=[{_SPACE}]|$|[（(，,；;])", re.MULTILINE
        ),
        cue=alternation(tuple(p["name_cues"])),
        bracket=re.compile(r"[（(](?:工号|身份证|手机|电话|联系电话|员工号|职工号)"),
        listing=re.compile(rf"[{HAN}]{{2,3}}(?:、[{HAN}]{{2,4}}(?:[·•][{HAN}]{{2,5}})?)++"),
        follow=tuple(longest_first(p["follow_cues"])),
        titles=tuple(p["titles"]),
        departments=frozenset(p["departments"]),
        ambiguous=p["ambiguous_surnames"],
        extra_surnames=frozenset(p.get("extra_surnames", ())),
        after_title=re.compile(rf"(?<=[{HAN}])(?:{alternation(_AFTER_TITLES).pattern})"),
        # words that open the name of a product, a standard or a company, not a person's
        latin_stop=frozenset({"The", "New", "Smart", "Global", "Energy", "Power", "Data", "Cloud", "Open"}),
    )


def surname_at(text: str, i: int) -> int:
    """Length of the surname at ``text[i]``: the surname list plus the lexicon's ``extra_surnames``."""
    k = _listed_surname_at(text, i)
    if k or i >= len(text):
        return k
    return 1 if text[i] in _tables().extra_surnames else 0


def _plausible(name: str, k: int, t: _Tables, *, anchored: bool = False, word_names: bool = False) -> bool:
    """Reject surname-like starts of ordinary words (全面, 高度, 和项目)."""
    if not 2 <= len(name) <= 4 or not all(is_han(c) for c in name):
        return False
    given = name[k:]
    # 可 opens a given name (林可馨, 麦可欣) when the two given chars are no word (可以, 可能)
    soft = len(given) == 2 and given[0] == "可" and word_info(given) is None and word_info(name[: k + 1]) is None
    not_given = _NOT_GIVEN_AFTER_TITLE if anchored and len(given) == 2 else _NOT_GIVEN
    if any(c in not_given for c in given[soft:]) or name.endswith(t.titles):
        return False
    if len(name) - k == 1 and name[k] in _COUNTERS:
        return False  # 万人, 刘家: a number or a family, not a person
    if word_names and _word_name(name, k):
        # (a function-word surname only with a word the dictionary knows as a name: 主任|向东)
        return name[:k] not in t.ambiguous or (word_info(name) or (0, ""))[1].startswith("nr")
    if is_common_word(name) or (k == 1 and is_common_word(name[:2]) and not (anchored and len(name) == 3)):
        return False  # (a compound surname is itself a word: 东方|明; after a title 王家|宝 is a name)
    full = word_info(name) if len(name) == 2 else None
    head = word_info(name[:2])
    # a dictionary word at the start is no name; without a title even a rarer one is
    # taken for the word when it is the whole name (办公室|印发, freq 190)
    floor = 100 if full and not anchored else (2000 if anchored and len(name) == 3 else 300)
    if (
        k == 1
        and head
        and head[0] >= floor
        and head[1][:2] not in ("nr", "ns")
        and not (full and full[1].startswith("nr"))
    ):
        return False
    given = word_info(name[k:]) if len(name) - k == 2 and not anchored else None
    if given and given[0] >= 2000 and given[1] in ("n", "vn", "v", "a", "d"):
        return False  # 项工程, 高速度: without a title a common word after a surname is no name
    return not (name[:k] in t.ambiguous and len(name) - k == 2 and is_common_word(name[k:]))


#: Parts of speech of the ordinary words that are also given names after a surname
#: (舒畅 a, 文静 n, 马力 n, 边疆 s, 甘露 v): never a function word, a number or a time.
_WORD_NAME_POS = frozenset(("n", "a", "nr", "nz", "s", "v", "an", "vn"))
#: How rare a dictionary word must be to be read as a name among names (甘露 147, 舒畅 298; 马力 446 is not).
_RARE_NAME_WORD = 300
#: A name the dictionary knows this often is a famous person's (林彪 1381) or a word first (高峰 1556).
_FAMOUS_NAME_WORD = 1000
#: After a post held by one person, a word seen less often than this may be the holder's name.
_POSTED_NAME_WORD = 2000


def name_word(word: str, *, after_post: bool = False) -> bool:
    """Whether a word of the dictionary may be a person's name, as strongly as where it stands says.

    Among names (a list of people): a word tagged as a name but not a famous one (杜鹃, 向东), or a
    rare noun, adjective or verb (甘露, 舒畅). Right after a post held by one person (``after_post``,
    the caller then needs a cue or punctuation after it): any not very frequent noun, adjective or
    verb (马力, 边疆), but no function word, number or time (马上, 于是)."""
    info = word_info(word)
    if info is None:
        return False
    if after_post:
        return info[0] < _POSTED_NAME_WORD and info[1] in _WORD_NAME_POS
    return (info[1] == "nr" and info[0] < _FAMOUS_NAME_WORD) or (
        info[0] < _RARE_NAME_WORD and info[1] in ("n", "a", "v", "nz")
    )


def _word_name(name: str, k: int) -> bool:
    """A surname and one char that together are an ordinary word (舒畅, 文静, 马力), read as a name
    after a post (:func:`name_word` with ``after_post``)."""
    return len(name) == 2 and k == 1 and name_word(name, after_post=True)


#: Surnames that end words as often (干事者, 工作者): a name only where no Han char is glued before it.
_GLUED_SURNAMES = frozenset("者")


def name_at(text: str, i: int, *, anchored: bool = False, word_names: bool = False) -> str | None:
    """The 2–4 char name starting at ``text[i]``, or None when no surname starts there.

    ``anchored``: a title or a cue stands before it; ``word_names``: a post held by one person
    stands right before it, so a surname and one char that make an ordinary word (舒畅) may be a
    name (the caller then needs punctuation or a cue after it)."""
    t = _tables()
    k = surname_at(text, i)
    if not k or (text[i] in _GLUED_SURNAMES and i > 0 and is_han(text[i - 1])):
        return None  # (干事|者鼓劲: 者 right after a word makes a noun of it; 、者米 is a name)
    j = i + k
    if j >= len(text) or not is_han(text[j]):
        return None
    if text.startswith(t.titles, j) or text.startswith(_HONORIFICS, j):
        return None  # 王主任, 姚先生: a surname with a title or an honorific, not a full name
    if text.startswith(name_follow_words(), i):
        return None  # 班组|荣获: a word that follows names (荣获, 带领) is none itself
    if j + 1 >= len(text) or not is_han(text[j + 1]) or text.startswith(t.follow, j + 1) or _post_after(text, i, j + 1):
        name = text[i : j + 1]
    else:
        name = text[i : j + 2]
    run = i
    while run < len(text) and is_han(text[run]) and run - i <= len(name) + 3:
        run += 1
    if (
        len(name) < run - i <= len(name) + 3
        and text[i:run].endswith(_UNITS)
        and not any(text.startswith(c, i + len(name)) and i + len(name) + len(c) == run for c in t.follow)
    ):
        # 党委组织部, 综合办公室, 党委工|作部: a unit, not a person (but 洪亮|带队 is a name and a
        # cue: the unit's char closes the cue word itself)
        return None
    if len(name) - k == 2 and _COUNT_AFTER.match(text, i + len(name) - 1):
        name = name[:-1]  # 值班员韩雪|两名|同志: a count of the names before ends this one
    if len(name) == 3 and name[-1] in "部室处办" and (j + 2 >= len(text) or not is_han(text[j + 2])):
        return None  # 联系人：党群部　…: a department, not a surname + two chars
    if len(name) == 3 and name[-1] in DEPARTMENT_CHARS and member_follows(text, i + 3):
        return None  # 联系人：安监科|郭晓燕: a department right before its member's name
    if text[i:j] in t.ambiguous and not _clear_of_words(text, i, k, name) and not (
        word_names and len(name) == 2 and (word_info(name) or (0, ""))[1].startswith("nr")
    ):
        return None  # (after a post a word the dictionary knows as a name is one: 主任|向东|被评为)
    if anchored and len(name) - k == 2 and any(c in _GIVEN_AFTER_TITLE for c in name[k:]):
        given, nxt = name[k:], text[i + len(name) : i + len(name) + 1]
        info = word_info(given)
        if (in_vocabulary(given) and (info is None or info[1] != "nr")) or (
            nxt and word_info(given[1] + nxt) is not None
        ):
            # 局长张|再次强调, 经理王向|公司: the chars read as words, not as a name (a word the
            # dictionary knows as a given name is one: 主任尹|向东, 站长李|向阳)
            return None
    if _plausible(name, k, t, anchored=anchored, word_names=word_names):
        return name
    if k == 2 and len(name) == 4 and _plausible(name[:3], k, t, anchored=anchored):
        return name[:3]  # a compound surname + one char: 东方明|主持
    return None


def _clear_of_words(text: str, i: int, k: int, name: str) -> bool:
    """For a surname that is also a function word (和, 都, 初 …): the name must not read as words.

    教授|和日本的同行 (a frequent word after 和), 主席|都遭到 (the given char and the next
    one make a word), 办|初审后 (the surname and the first given char make a word).
    """
    head = word_info(name[: k + 1])
    if head is not None and head[0] >= 50:
        return False
    given = name[k:]
    if len(given) == 2:
        info = word_info(given)
        return info is None or info[0] < 1000
    end = i + len(name)
    return end >= len(text) or word_info(given + text[end]) is None


def _ends_name(text: str, end: int, t: _Tables, length: int = 2) -> bool:
    """A title-anchored name must be closed by punctuation, a space or a cue word.

    A full three- or four-char name (surname + two chars) may also be closed by a verb
    (零售户刘桂兰|申请, 技术员袁小兵|驻点): the given name cannot grow further.
    """
    if end >= len(text) or not is_han(text[end]) or text.startswith(t.follow, end):
        return True
    if _post_after(text, end - length, end):
        return True
    if _COUNT_AFTER.match(text, end):
        return True  # 包金山、韩雪|两名|同志: the count of the names listed
    info = word_info(text[end : end + 2]) if length >= 3 else None
    # a verb, an adverb or a time word: 技术员袁小兵|驻点, 项目经理石国栋|每周, 主任李建军|随即
    return info is not None and info[1][:1] in ("v", "d", "t", "r")


#: Posts that close a name written before them (调度室李强|主任, 安全科潘玉|科长).
_POSTS_AFTER = ("主任", "部长", "科长", "处长", "局长", "经理", "书记", "队长", "矿长", "厂长", "站长", "所长", "院长",
                "班长", "组长", "段长", "董事长", "总经理", "主席")
#: The dictionary's readings of a word that make it no name before a post (车队|队长, 支部|书记, 由科室|主任).
_NOT_NAME_POS = frozenset(("n", "j", "vn", "v", "nt", "a", "an"))


def _post_after(text: str, start: int, end: int) -> bool:
    """Whether a post closes the name ``text[start:end]`` (surname first): the name and its given
    part are no ordinary words (a word the dictionary reads as a name is one: 李强, 红梅)."""
    if not text.startswith(_POSTS_AFTER, end) or end - start < 2:
        return False
    return not _reads_as_word(text[start:end], surname_at(text, start) or 1)


def _reads_as_word(name: str, k: int) -> bool:
    """Whether ``name`` or its given part (after a surname of ``k`` chars) is an ordinary word of
    the dictionary (支部, 车队, 科室), not one it reads as a name (李强, 红梅) or a place (建国)."""
    return _ordinary_word(name) or _ordinary_word(name[k:])


def _ordinary_word(word: str) -> bool:
    """A word of two chars or more that the dictionary reads as no name (党费, 班组; not 李强, 建国)."""
    info = word_info(word) if len(word) >= 2 else None
    return info is not None and info[1] in _NOT_NAME_POS


#: Role words that name a group as often as one person (职工和…, 党员干部): no name is forced after them.
_GROUP_ROLES = frozenset(
    {"职工", "员工", "工人", "党员", "团员", "学员", "会计", "出纳", "作者", "编辑", "摄影", "审核", "审稿", "供稿",
     "执笔", "撰稿", "主席", "首席", "劳模", "标兵", "零售户", "烟农", "教师", "医生", "护士", "科学家",
     "爱好者", "老人", "群众", "学生", "居民", "村民", "患者", "家长", "毕业生", "作业人员",
     "社员", "脱贫户", "住户", "牧民", "茶农", "监护人员", "家属"}
)


def _closed_by_verb(text: str, end: int, *, min_freq: int = 1000) -> bool:
    """Whether a frequent verb starts at ``end`` (杜鹏|坚持, 呼延涛|提出)."""
    info = word_info(text[end : end + 2])
    return info is not None and info[1][:1] == "v" and info[0] >= min_freq


def verb_takes_last(text: str, end: int) -> bool:
    """Whether the last char before ``end`` opens a frequent verb with the next one (刘洋|牵|头)."""
    return end < len(text) and _closed_by_verb(text, end - 1, min_freq=100)


def _verb_and_object(text: str, at: int, k: int) -> bool:
    """Whether the segmenter reads the surname at ``at`` (``k`` chars) as a verb of its own and the
    word after it as a noun or a measure (包|片, 包|山头, 解|难题): a verb and its object, no name
    (敬|永康 and 扎|约 stay names: a place word and an adverb follow)."""
    if not k:
        return False
    words = _tokens_at(text, at, at + k + 1)
    first, second = words.get(at), words.get(at + k)
    return first is not None and first[0] == text[at : at + k] and first[1] == "v" and second is not None and second[1] in ("n", "q")


def _verb_word_at(text: str, start: int, at: int) -> bool:
    """Whether the segmenter starts words at ``start`` and at ``at`` and reads the one at ``at`` as a
    verb, adverb or preposition (高峰|站|在, 张伟|跑遍, 孙丽|看望): the name ends before it."""
    words = _tokens_at(text, start, at + 1)
    if start not in words or at not in words or words[at][1] not in ("v", "d", "p"):
        return False
    before = words[max(i for i in words if i < at)]
    # the verb goes on to more of the clause (龙再兴|⏎ ends a byline), and the char before it is
    # no adverb itself (龙|再|兴 is a name)
    return at + len(words[at][0]) in words and before[1][:1] not in ("d", "p", "c", "u")


def _closed_by_adverb(text: str, end: int) -> bool:
    """Whether a frequent adverb or conjunction starts at ``end`` (宁远|分别, 刘强|同时)."""
    info = word_info(text[end : end + 2])
    return info is not None and info[1] in ("d", "ad", "c") and info[0] >= 1000


def _name_before(text: str, end: int, t: _Tables) -> tuple[int, str] | None:
    """A name ending at ``end`` (高德顺|带领): three chars preferred when a surname starts them."""
    for n in (4, 3, 2):
        i = end - n
        if i < 0 or not all(is_han(c) for c in text[i:end]):
            continue
        k = surname_at(text, i)
        if n == 4 and k != 2:
            continue  # four chars only with a compound surname (申屠建明)
        if n == 3 and (
            text.endswith(t.titles, 0, i + 1) or (text[i] in t.ambiguous and surname_at(text, i + 1))
        ):
            continue  # 总工程师|赵刚, 由|王刚: the first char closes a title or is a preposition
        if _COUNT_TAIL.search(text, i, end):
            continue  # 司马晓|燕两位|同志: a count of the names before, not a name
        if n == 2 and text[i + 1] in _UNIT_LAST and word_info(text[i:end]) is not None:
            continue  # 所在|班组|获评: a team of the dictionary, not a surname and a given name
        if k and k < n and _plausible(text[i:end], k, t):
            if n >= 3 and i > 0 and text[i] in _ROLE_ENDS and is_han(text[i - 1]):
                # 治疗师|郑凯, 科长|孙德胜: the first char may end a role word (师 and 长孙 are surnames too)
                k1 = surname_at(text, i + 1)
                if k1 and k1 < n - 1 and _plausible(text[i + 1 : end], k1, t):
                    return i + 1, text[i + 1 : end]
            return i, text[i:end]
    return None


#: The last chars of a team's or a department's word (班组, 车队, 科室, 支部 …).
_UNIT_LAST = frozenset("组队室科部处办站所")

#: Chars that end a role word and are surnames, or open one (师, 长孙): 制茶师|玉香, 科长|孙德胜.
_ROLE_ENDS = frozenset("师员长")


#: A count of people (两名, 三位, 几个): a name never ends with its numeral (韩雪|两名), nor holds one.
_COUNT = "[一二两三四五六七八九十几数][位名个人]"
_COUNT_AFTER = re.compile(_COUNT)
#: …closing a run of chars (司马晓|燕两位): the run is no name.
_COUNT_TAIL = re.compile(_COUNT + "$")


def _titled_before(text: str, end: int, t: _Tables) -> tuple[int, str] | None:
    """A name between a post and the bracket of its staff or ID number, surname or not
    (作业人员|泽仁|（身份证号…, 监护人员|普文学|（工号…): the post and the number vouch for it."""
    for n in (4, 3, 2):
        i = end - n
        name = text[i:end]
        if i < 0 or not all(is_han(c) for c in name) or not text.endswith(t.titles, 0, i):
            continue
        if not in_vocabulary(name) and not any(c in _NOT_GIVEN for c in name):
            return i, name
    return None


def _enumerated(text: str, end: int, out: list[Finding]) -> None:
    """Follow 、-separated names after a found one: 王晓东、张强 (stops at anything else)."""
    while end < len(text) and text[end] in _ENUM_SEP:
        # listed with a titled name, a surname + a word is a name too (刘芳、彭|海军等同志)
        name = name_at(text, end + 1, anchored=True)
        if name is None:
            return
        k = surname_at(text, end + 1)
        if len(name) - k == 2 and _closed_by_verb(text, end + len(name), min_freq=50):
            name = name[:-1]  # 樊亮|研发, 闫军|冒雨: the verb takes the char after a two-char name
        out.append(Finding(end + 1, end + 1 + len(name), "PERSON", name, SOURCE, 0.7, {"anchor": "enum"}))
        end = end + 1 + len(name)


@lru_cache(maxsize=1)
def _provinces() -> frozenset[str]:
    """Provinces by their short names and whole names (the lexicon's list)."""
    return frozenset(lexicon()["location"]["provinces"])


def _listed(text: str, m: re.Match[str], t: _Tables, out: list[Finding]) -> None:
    """Names in an enumeration before 等/同志: 张三、李四、王五等 (all pieces must be names)."""
    pieces = m.group().split("、")
    end = m.end()
    last = end - len(pieces[-1])
    for cut in range(2, len(pieces[-1])):
        # …or the verb the names share: 刘波、陈晓光、樊亮|研发, 顾卫国、阎冬、贝佳|领衔
        shared = len(pieces) >= 3 and (text.startswith(t.follow, last + cut) or _closed_by_verb(text, last + cut))
        if text.startswith(_LIST_END, last + cut) or shared:
            end = last + cut  # 王刚、李静|等同志, 李静|等负责 (a piece reads up to four chars)
            pieces[-1] = pieces[-1][:cut]
            break
    if end < len(text) and not text.startswith(_LIST_END, end) and not (
        len(pieces) >= 3 and (text.startswith(t.follow, end) or _closed_by_verb(text, end))
    ):
        return
    first = _name_before(text, m.start() + len(pieces[0]), t)
    if first is None:
        return
    if not all(name_at(p, 0) == p for p in pieces[1:]) and not _counted_people(text, end, pieces[1:]):
        return
    if _word_family([first[1][-2:], *pieces[1:]]):
        return  # 覆盖单车、单线、单票: a list of things that begin with a surname char
    if any(p in _provinces() for p in (first[1][-2:], *pieces[1:])):
        return  # 面向新疆、甘肃等: a list of provinces after a surname char (向), no people
    out.append(
        Finding(first[0], first[0] + len(first[1]), "PERSON", first[1], SOURCE, 0.65, {"anchor": "list"})
    )
    pos = m.start() + len(pieces[0]) + 1
    for p in pieces[1:]:
        out.append(Finding(pos, pos + len(p), "PERSON", p, SOURCE, 0.65, {"anchor": "list"}))
        pos += len(p) + 1


#: A list of two or more names of two to four chars, closed by what counts or pairs people
#: (泽郎、央金、阿呷|等, 扎倮、娜妥|等11名, 多吉、旺姆|夫妇).
_UNSURNAMED_LIST = re.compile(
    r"([\u4e00-\u9fff]{2,6}(?:、[\u4e00-\u9fff]{2,4}){1,8})"
    r"(?=等|夫妇|两人|二人|三人|[0-9一二三四五六七八九十两]{1,3}(?:名|人|位)|同学|同志)"
)
#: What ends a place's name, not a person's (乌兰镇、巴音乡).
_PLACE_ENDS = tuple("镇乡村县区市旗盟屯寨") + ("苏木", "嘎查")


def _syllable_name(item: str) -> bool:
    """Whether a list item reads as a name of Tibetan, Yi, Dai or Mongolian syllables (央金, 阿呷,
    次仁措姆): a whole name the lexicon knows, or two syllables, or three or four with at most one
    other char — and no place, no word of the dictionary."""
    if item in minority_names():
        return True
    if item.endswith(_PLACE_ENDS) or in_vocabulary(item) or item in _provinces() or item in countries():
        return False
    other = _other_chars(item)
    return other == 0 if len(item) == 2 else other <= 1


def _unsurnamed_list(text: str) -> list[Finding]:
    """Names without a Han surname listed together and counted or paired as people: every item
    must read as such a name (:func:`_syllable_name`); the first is cut off the words glued before
    it (牧民|朝鲁、其木格等, 为|拉姆、阿依、次仁措姆等)."""
    out: list[Finding] = []
    for m in _UNSURNAMED_LIST.finditer(text):
        items = m.group(1).split("、")
        if not all(_syllable_name(w) for w in items[1:]):
            continue
        head, first = items[0], None
        at = m.start(1)
        for k in (4, 3, 2):
            w = head[-k:]
            if len(head) < k or not _syllable_name(w):
                continue
            start = at + len(head) - k
            if w[0] in FUNCTION_CHARS or w[0] in GLUED_BEFORE_NAMES or (
                start > 0 and in_vocabulary(text[start - 1 : start + 1])
            ):
                continue  # 牧|民朝鲁, 为|拉姆: the first char ends a word or is a preposition
            first = (start, w)
            break
        if first is None:
            continue
        out.append(Finding(first[0], first[0] + len(first[1]), "PERSON", first[1], SOURCE, 0.65, {"anchor": "list"}))
        pos = at + len(head) + 1
        for w in items[1:]:
            out.append(Finding(pos, pos + len(w), "PERSON", w, SOURCE, 0.65, {"anchor": "list"}))
            pos += len(w) + 1
    return out


def _word_family(pieces: list[str]) -> bool:
    """Whether a list's pieces are one family of words: two or three chars each, one first char,
    and a common noun of the dictionary among them (单车、单线、单票), or a verb among three or more
    (代耕、代插、代收) — not people of one surname."""
    if len(pieces) < 2 or any(not 2 <= len(p) <= 3 or p[0] != pieces[0][0] for p in pieces):
        return False
    for p in pieces:
        info = word_info(p)
        if info is not None and info[1].startswith("n") and not info[1].startswith(("nr", "ns", "nt", "nz")):
            return True
    # three or more of one first char with a verb among them: a family of services (代耕、代插、代收)
    return len(pieces) >= 3 and any((word_info(p) or (0, ""))[1].startswith("v") for p in pieces)


#: 等 + a count of people closing a list: 王晨、杜鹃、扎西顿珠|等15名, 马丽、古丽米拉、李强|等8人
_PEOPLE_COUNT = re.compile(r"等(?:[0-9]{1,3}|[一二两三四五六七八九十]{1,3})(?:名|人|位)")
#: What may stand before a name that opens a clause.
_CLAUSE_OPEN = "，。；：、\n（(“ 　"


def _counted_people(text: str, end: int, rest: list[str]) -> bool:
    """Whether the pieces after a first name are people, counted as such right after the list.

    A list of names closed by 等N名 / 等N人 names only people, so a piece that reads as a
    word (杜鹃) or has no Han surname (扎西顿珠, 古丽米拉) is a name there too — as long as
    it is no unit and holds no function char, and one more piece is a name by itself.
    """
    if _PEOPLE_COUNT.match(text, end) is None:
        return False
    for piece in rest:
        for p in re.split("[·•]", piece):  # a dotted name's parts (努尔古丽·艾买提)
            if not 2 <= len(p) <= 5 or p.endswith(_UNITS) or any(c in _NOT_GIVEN for c in p):
                return False
    return any(name_at(p, 0) == p for p in rest) or len(rest) >= 2


#: How frequent a dictionary word must be to stop a department's char from anchoring the name after
#: it (室温 is a word; the dictionary's 科王 and 科任, seen three times, are not words of work reports).
_ANCHOR_WORD_MIN = 20


def _rare_word(word: str) -> bool:
    """A word the dictionary has fewer than ``_ANCHOR_WORD_MIN`` times (科任, 科王)."""
    info = word_info(word)
    return info is not None and info[0] < _ANCHOR_WORD_MIN


#: The last chars of a department's short name (安监科, 调度室, 党群部, 综合办).
DEPARTMENT_CHARS = frozenset("科室部处办")


def member_follows(text: str, at: int) -> bool:
    """Whether a person's name (or the mask that replaced one) starts at ``at``: what follows a
    department that is no name itself (联系人：安监科|郭晓燕, 安监科|×××)."""
    if at >= len(text):
        return False
    return (text[at] in MASK_CHARS and not text[at].isascii()) or name_at(text, at, anchored=True) is not None


#: Party and mass bodies that follow a unit's name; 党 opens them and is a surname as well.
_PARTY_BODIES = ("党支部", "党总支", "党委", "党工委", "党组", "团支部", "团委", "工会")


def find(text: str) -> list[Finding]:
    """Person names in ``text`` (label PERSON, attrs anchor title/byline/cue/count/bracket/enum)."""
    t = _tables()
    out: list[Finding] = []
    for m in t.title.finditer(text):
        joined = text[m.end() - 1 : m.end() + 1]
        if is_han(joined[0]) and (is_frequent(joined) or is_common_word(joined)):
            continue  # 队|伍, 部|分: the anchor is half of an ordinary word
        if m.group() in t.departments and word_info(joined) is not None and not _rare_word(joined):
            continue  # 室|温达标: a one-word department anchor that is half of a dictionary word (科|王, 科|任 are no words)
        if len(m.group()) == 1 and m.group() in t.departments and m.start() > 0 and is_common_word(text[m.start() - 1 : m.end()]):
            continue  # 基地全|部|满负荷: the char closes an ordinary word (全部, 内部), no department
        titled = m.group() not in t.departments and m.group() not in _GROUP_ROLES
        if not titled and text[m.end() : m.end() + 1] in t.ambiguous:
            continue  # 群众|和上山下乡知青, 毕业生|和复员军人: after a group the char is a conjunction
        if text.startswith(_PARTY_BODIES, m.end()):
            continue  # 项目部|党支部: a unit's party branch (党 is a surname too), not a person
        name = name_at(text, m.end(), anchored=titled, word_names=titled and m.group() not in _GROUP_ROLES)
        if name and m.group() in t.departments and _ordinary_word(name):
            name = None  # 党支部|党费: after a department an ordinary word is no name (科|武艳红 is one: 艳红 is a noun too)
        if name and m.group() in _GROUP_ROLES and _described(name):
            name = None  # 职工|舒心、司乘满意: a group is described, not named
        strong = titled and m.group() not in _GROUP_ROLES and text[m.end() - 1 : m.end()] != "："
        if name and text[m.end() : m.end() + 1] and in_vocabulary(m.group() + text[m.end()]) and not (
            m.group() in t.departments and _rare_word(m.group() + text[m.end()])
        ):
            name = None  # 会计|师事务所: the title is part of a longer word
        if name and strong and text[m.end() : m.end() + 1] not in t.ambiguous and not _ends_name(
            text, m.end() + len(name), t, len(name)
        ):
            # after a role word a full name may run straight into the next word (保管员杜鹏|坚持,
            # 技术员呼延涛|提出): the shorter name closed by a verb, else the full three chars
            # (one surplus char masked costs less than a name left half shown)
            short = name[:-1]
            k = surname_at(text, m.end())
            if len(short) - k >= 1 and (
                _closed_by_verb(text, m.end() + len(short))
                or _closed_by_adverb(text, m.end() + len(short))
                or _verb_word_at(text, m.end(), m.end() + len(short))
            ):
                name = short  # 副馆长宁远|分别, 保管员杜鹏|坚持
            elif len(name) - k != 2:
                name = None
        elif name and not _ends_name(text, m.end() + len(name), t, len(name)):
            name = None
        elif name and strong and len(name) - surname_at(text, m.end()) == 2 and _verb_word_at(text, m.end(), m.end() + len(name) - 1):
            name = name[:-1]  # 副总经理高峰|站|在, 经理赵明|站|出来: the segmenter ends the name before a verb
        if (strong or m.group() in _GROUP_ROLES or m.group().endswith("：")) and (
            name is None or not _ends_name(text, m.end() + len(name), t, len(name))
        ):
            # 讲解员|阿牛拉则 is no surname 阿 + 牛拉; after a group (牧民|巴特尔) only a longer name
            bare = _unsurnamed(text, m.end(), t, strict=not strong)
            if bare is not None and len(bare) >= len(name or ""):
                name = bare
        if name and _verb_and_object(text, m.end(), surname_at(text, m.end())):
            name = None  # 客户经理|包|片|负责, 党员|包|山头: a duty (包 a verb, its object a noun), no name
        if name:
            out.append(
                Finding(m.end(), m.end() + len(name), "PERSON", name, SOURCE, 0.85, {"anchor": "title"})
            )
            _enumerated(text, m.end() + len(name), out)
    if "｜" in text or "|" in text or "\t" in text:
        out += _table_names(text)
    out += _unit_names(text)
    out += _lexicon_names(text)
    if " " in text:
        for m in _LATIN_NAME.finditer(text):
            # 总监Lars Eriksson带队: a name in Latin letters right after a post
            if text.endswith(t.titles, 0, m.start()) and m.group(1) not in t.latin_stop:
                out.append(Finding(m.start(), m.end(), "PERSON", m.group(), SOURCE, 0.8, {"anchor": "title"}))
    for m in t.byline.finditer(text):
        token, start = m.group("name"), m.start("name")
        if start == 0 and (m.end() >= len(text) or text[m.end()] not in _SPACE):
            continue  # a window cut out of a sentence starts anywhere: 8.6|万件，
        if name_at(text, start) == token or token in minority_names() or _contact_line(text, start, m.end(), token, t):
            out.append(Finding(start, m.end(), "PERSON", token, SOURCE, 0.75, {"anchor": "byline"}))
    for pattern, anchor in ((t.cue, "cue"), (t.bracket, "bracket")):
        for m in pattern.finditer(text):
            found = _name_before(text, m.start(), t)
            if found is None and (anchor == "bracket" or m.group() == "同志"):
                # between a post and 同志 a name needs no surname of the list (负责人|格桑|同志),
                # but holds no count (值班员韩雪|两名|同志)
                found = _titled_before(text, m.start(), t)
                if found is not None and anchor == "cue" and _COUNT_AFTER.search(found[1]):
                    found = None
            if found:
                i, name = found
                out.append(Finding(i, i + len(name), "PERSON", name, SOURCE, 0.7, {"anchor": anchor}))
    for m in _PEOPLE_COUNT.finditer(text):
        # ，顾家豪等18名起重指挥人员: a name opening a clause and counted with others
        if text[m.end() : m.end() + 1] == "次":
            continue  # 等5人次: visits counted, not people
        found = _name_before(text, m.start(), t)
        if found is not None and (found[0] == 0 or text[found[0] - 1] in _CLAUSE_OPEN):
            i, name = found
            out.append(Finding(i, i + len(name), "PERSON", name, SOURCE, 0.7, {"anchor": "count"}))
    for m in t.listing.finditer(text):
        _listed(text, m, t, out)
    if "、" in text:
        out += _unsurnamed_list(text)
    for m in t.after_title.finditer(text):
        _titled_after(text, m, t, out)
    for m in _OTHER_NAME.finditer(text) if "名" in text or "称" in text or "号" in text else ():
        out.append(Finding(m.start(1), m.end(1), "PERSON", m.group(1), SOURCE, 0.8, {"anchor": "other_name"}))
    for m in _DOT_NAME.finditer(text) if ("·" in text or "•" in text) else ():
        # 阿卜杜拉·买买提, 叶尔江·木拉提: a name written with a middle dot is a person's whole name;
        # its first part starts after a role word or a boundary, its second ends before a word
        start, end = _dot_name_start(text, m.end() - 1, t), _dot_name_end(text, m.end(), t)
        if end is None:
            continue
        left = text[start : m.end() - 1]
        # 书香·港情: two two-char words around a dot are a title, not a transliterated name
        two_words = len(left) == 2 and end - m.end() == 2 and word_info(left) is not None
        if not two_words and not _dotted_title(text, start, m.end(), end):
            out.append(Finding(start, end, "PERSON", text[start:end], SOURCE, 0.7, {"anchor": "dot"}))
            _enumerated(text, end, out)  # 阿卜杜拉·买买提、包海军
    out += _short_forms(text)
    # a whole token read as a dotted name, a contact's byline or a titled name holds what another
    # anchor read inside it (艾尔肯 of 艾尔肯·吐尔逊, 苏木呷 of 班长|阿苏木呷)
    dotted = [(f.start, f.end) for f in out if f.attrs.get("anchor") in ("dot", "byline", "title")]
    seen: set[tuple[int, int]] = set()
    unique = []
    for f in out:  # one finding per span (a name in a titled list is also a listed name)
        if any(a <= f.start and f.end <= b and (a, b) != (f.start, f.end) for a, b in dotted):
            continue  # 艾尔肯 read after the title is the first part of 艾尔肯·吐尔逊
        if (f.start, f.end) not in seen:
            seen.add((f.start, f.end))
            unique.append(f)
    return unique


#: What a report calls a person by with the surname alone (王|书记, 陈|总, 邱|大夫, 李|师傅): the
#: surname is the name shown.
_SHORT_TITLES = (
    "书记", "副书记", "主任", "副主任", "经理", "副经理", "总经理", "董事长", "主席", "科长", "副科长", "股长",
    "局长", "副局长", "处长", "部长", "队长", "班长", "组长", "站长", "所长", "院长", "校长", "园长", "行长",
    "社长", "馆长", "厂长", "矿长", "段长", "区长", "县长", "镇长", "乡长", "村长", "会长", "秘书长",
    "护士长", "指导员", "主任医师", "医生", "大夫", "护士", "老师", "教授", "会计", "师傅", "总工", "总监",
    "工", "总", "先生", "女士", "阿姨", "大姐", "大哥", "大爷", "大娘", "大妈", "姐", "哥",
)
#: One-char titles follow only the common surnames (王|工, 陈|总; not 从普|工, 惠农惠|工, 最美路|姐).
_ONE_CHAR_TITLE_RANK = 150
#: …and 老/小 as well (老何, 小李; not 小宗商品).
_PREFIX_RANK = 150
#: Chars that say which holder a title means, not who (原|总经理, 副|书记, 代|县长, 女|老师).
_NOT_SHORT_SURNAME = frozenset("原副代前现正总新老小女男")
#: The segmenter's readings of the word after a one-char title (王工|带, 张总|的): a verb, a particle,
#: a preposition, a conjunction, an adverb, a pronoun or a direction; not a noun (分段|总|组).
_AFTER_ONE_CHAR_TITLE = frozenset("vupcdrf")
#: Unit chars read as a surname before the head of such a unit (车|队长, 区|队长, 支|局长, 井|队长).
_UNIT_SURNAMES = frozenset("区车井班支分工段站组")
_UNIT_HEADS = ("队长", "班长", "组长", "段长", "站长", "所长", "局长", "区长", "科长")
_SHORT_TITLE = re.compile(alternation(_SHORT_TITLES).pattern)
_SHORT_PREFIX = re.compile("[老小]")
#: Chars before a measure word that make it a count (三张|经理: sheets), not a surname.
_NUMERALS = frozenset("0123456789０１２３４５６７８９一二两三四五六七八九十百千几每这那")
#: A short name starts a clause no later than this many chars before its title.
_SHORT_WINDOW = 16
_CLAUSE_ENDS = frozenset("，。；：、！？,.;:!?（）()“”‘’\"'《》【】 \u3000\t\n")


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The stretch around ``start:end`` up to the nearest clause marks (at most a window each side)."""
    a = start
    while a > 0 and start - a < _SHORT_WINDOW and text[a - 1] not in _CLAUSE_ENDS:
        a -= 1
    b = end
    while b < len(text) and b - end < 8 and text[b] not in _CLAUSE_ENDS:
        b += 1
    return a, b


def _tokens_at(text: str, start: int, end: int) -> dict[int, tuple[str, str]]:
    """The segmenter's words of the clause around ``start:end``, keyed by their offset in ``text``."""
    return tagged_words(text, *_clause(text, start, end))


@lru_cache(maxsize=1)
def _surname_ranks() -> dict[str, int]:
    """Rank of each one-char surname in ``models/surnames.txt`` (ordered roughly by frequency)."""
    singles = [name for name in surname_list() if len(name) == 1]
    return {name: rank for rank, name in enumerate(singles, 1)}


def _surname_rank(part: str) -> int:
    return _surname_ranks().get(part, 10_000)


def _is_surname(part: str) -> bool:
    return part in surnames() or (len(part) == 1 and part in _tables().extra_surnames)


def _short_forms(text: str) -> list[Finding]:
    """Persons named by surname and title (王|书记, 呼延|工) or by 老/小 and surname (老何, 小李,
    老欧阳; also a Yi clan name the lexicon knows: 老沙马).
    李某某 is a pseudonym already and is not taken.

    The segmenter decides, word by word: the surname must be a word of its own that it does not
    read as a preposition, pronoun or number (向|书记 is "to the secretary"), and the title a
    whole word after it (段|工会, 总书记 are none); or the two one word it reads as a name (王老师).
    The char before must be seen: a window cut out of a text may start inside a word (各|位老师).
    """
    out: list[Finding] = []
    for m in _SHORT_TITLE.finditer(text):
        j, title = m.start(), m.group()
        for k in (2, 1):
            s = j - k
            if s < 1 or not _is_surname(text[s:j]) or text[s - 1] in "老小":
                continue
            part = text[s:j]
            if part in _NOT_SHORT_SURNAME or text[j - 1] == title[0] or (part in _UNIT_SURNAMES and title in _UNIT_HEADS):
                continue  # 原|总经理; 检修班|班长, 通风区|区长: the title's own unit
            if len(title) == 1 and (len(part) == 1 and _surname_rank(part) > _ONE_CHAR_TITLE_RANK or text[m.end() : m.end() + 1].isascii() and text[m.end() : m.end() + 1].isalnum()):
                continue  # 徐工XGS: a brand
            if word_info(part + title[0]) is not None:
                continue  # 车队|长, 井队|长: the surname and the title's first char make a word
            if s > 0 and is_common_word(text[s - 1 : j]):
                continue  # 各位|老师: the char closes a word
            words = _tokens_at(text, s, m.end())
            first, second = words.get(s), words.get(j)
            before = max((at for at in words if at < s), default=None)
            prev = words[before] if before is not None and before + len(words[before][0]) == s else ("", "")
            if (prev[1].startswith("nr") and len(prev[0]) <= 2 and prev[0][-1] not in DEPARTMENT_CHARS) or (
                len(prev[0]) == 1 and _is_surname(prev[0]) and prev[0] not in GLUED_BEFORE_NAMES
            ):
                continue  # 张桂|梅|校长, 程|阳|先生: the char closes the name before it
            # the surname a word of its own that reads as none of the function words (向|书记 is a
            # preposition, 各|主任 a pronoun, 三张|经理 sheets), and the title the next word; or the
            # two one word read as a name (王老师)
            alone = first is not None and first[0] == part and first[1] not in FUNCTION_TAGS
            alone = alone and not (first[1] == "q" and text[s - 1] in _NUMERALS)
            merged = first is not None and first[0] == text[s : m.end()] and first[1].startswith("nr")
            if not (alone and second is not None and second[0] == title) and not merged:
                continue
            if len(title) == 1 and m.end() < len(text) and is_han(text[m.end()]):
                after = words.get(m.end())
                if after is None or after[1][:1] not in _AFTER_ONE_CHAR_TITLE:
                    continue  # 分段|总|组: after 工 or 总 a verb or a particle follows (王工|带, 张总|的)
            out.append(Finding(s, j, "PERSON", part, SOURCE, 0.7, {"anchor": SHORT_ANCHOR}))
            break
    for m in _SHORT_PREFIX.finditer(text):
        i = m.start()
        for k in (2, 1) if i else ():
            end = i + 1 + k
            part = text[i + 1 : end]
            two = k == 2 and (part in surnames() or part in minority_names())
            if end > len(text) or not (two or (k == 1 and _is_surname(part))):
                continue
            words = _tokens_at(text, i, end)
            first, second = words.get(i), words.get(i + 1)
            if first is not None and first[0] == text[i:end]:
                info = word_info(first[0])
                ok = info is None or (info[0] < _RARE_NAME_WORD and info[1] in ("nr", "r", "ns"))
            else:
                ok = (
                    first is not None
                    and first[0] == text[i]
                    and second is not None
                    and second[0] == part
                    # (a compound surname or a clan name is read as a place as often: 老|欧阳, 老|沙马)
                    and (second[1].startswith("nr") or (two and second[1] not in FUNCTION_TAGS))
                )
            after = words.get(end)  # None at a clause mark or the end of the text
            if not ok or (k == 1 and _surname_rank(text[i + 1]) > _PREFIX_RANK) or (after is not None and after[1][:1] == "n"):
                continue  # 小宗|商品: a rare surname, or a noun after it, reads as a word
            out.append(Finding(i, end, "PERSON", text[i:end], SOURCE, 0.7, {"anchor": SHORT_ANCHOR}))
            break
    return out


_CONTACT_LABEL = re.compile(r"(?:联系人|联络人|联络员)[：:]")
_PHONE_WORD = re.compile(rf"[{_SPACE}]*(?:联系电话|电话|手机|座机|Tel|TEL|tel)")


def _name_syllables(pair: str) -> bool:
    """Two chars that are no ordinary word: unknown, or a rare fragment of a transliterated name
    or place (巴特, 阿拉, 雅尔 are tagged so in the dictionary)."""
    info = word_info(pair)
    return info is None or info[0] < 30 or (info[1] in ("nrt", "nr", "ns", "nrfg") and info[0] < 300)


def plausible_name(name: str, k: int) -> bool:
    """Whether ``name`` (surname of ``k`` chars + given name) reads as a name, not as words."""
    return _plausible(name, k, _tables())


def transliterated(name: str) -> bool:
    """Whether all but one char of ``name`` (three or more chars) are syllables of a
    transliterated name (才让卓玛, 巴特尔)."""
    return len(name) >= 3 and _other_chars(name) <= 1


@lru_cache(maxsize=1)
def name_follow_words() -> tuple[str, ...]:
    """The words of two chars or more that follow a name (介绍, 指出, 带领 …), longest first, and 说."""
    return tuple(w for w in _tables().follow if len(w) >= 2) + ("说",)


def titles() -> tuple[str, ...]:
    """The role words after which a name follows directly (the lexicon's ``titles``)."""
    return _tables().titles


def name_syllables() -> frozenset[str]:
    """The syllables of transliterated names (the lexicon's ``transliteration_chars``)."""
    return _transliteration_chars()


def _other_chars(name: str) -> int:
    """How many chars of ``name`` are no syllable of a transliterated name."""
    sounds = _transliteration_chars()
    return sum(c not in sounds for c in name)


@lru_cache(maxsize=1)
def _transliteration_chars() -> frozenset[str]:
    return frozenset(lexicon()["person"]["transliteration_chars"]) - frozenset(" \n")


def _unsurnamed(text: str, i: int, t: _Tables, *, strict: bool = False) -> str | None:
    """A name without a Han surname right after a post (班长|才让卓玛, 值班员|岩温, 讲解员|阿牛拉则).

    Tibetan, Yi, Dai, Uyghur and Mongolian names have no surname of the list. After a post held
    by one person, two to six chars that read as name syllables (no ordinary word inside, all but
    one of them in the lexicon's ``transliteration_chars``), closed like any titled name
    (punctuation, a cue, a verb or an adverb; five or six only as a whole token), are the
    holder's name. After a group of people (``strict``: 牧民|巴特尔) it takes three chars or more,
    a three-char one made of such syllables only.
    """
    head = text[i : i + 2]
    if len(head) < 2 or not all(is_han(c) for c in head) or not _name_syllables(head):
        return None
    sounds = _transliteration_chars()
    for n in (6, 5, 4, 3, 2):
        name = text[i : i + n]
        if len(name) < n or not all(is_han(c) for c in name):
            continue
        if name in minority_names() and _ends_name(text, i + n, t, 3):
            return name  # 女职工|图雅|在, 班长：|孟和|）: a whole name the lexicon knows
        if strict and n == 2:
            continue
        if any(c in _NOT_GIVEN and c not in sounds for c in name):
            continue
        if n > 4 and (i + n < len(text) and is_han(text[i + n])):
            continue  # five or six chars (额尔敦巴雅尔) only as a whole token
        if _other_chars(name) > (1 if n > 3 or (n == 3 and not strict) else 0):
            continue  # 驾驶员|停岗, 司机|吃上: ordinary chars, not the syllables of a name
        if not all(_name_syllables(name[a : a + 2]) for a in range(1, n - 1)):
            continue  # 岩温|迅速: a word inside the run is where the next words start
        after = word_info(text[i + n : i + n + 2])
        if _ends_name(text, i + n, t, 3) or (after is not None and after[1] in ("ad", "c", "p")):
            return name
        if not strict and after is not None and after[1] in ("n", "vn") and after[0] >= 1000:
            return name  # 技术员岩温|总结推广: a frequent action noun closes it as a verb would
    return None


def _contact_line(text: str, start: int, end: int, token: str, t: _Tables) -> bool:
    """A spaced token between a department and a phone is its contact (党委工作部　赛力克　电话),
    whatever the surname: names without a Han surname (赛力克, 阿依古丽) sit there too."""
    before = text[:start].rstrip(_SPACE)
    if len(before) == start or _PHONE_WORD.match(text, end) is None or any(c in _NOT_GIVEN for c in token):
        return False
    if before.endswith(tuple(t.departments)):
        return not (is_common_word(token) or is_common_word(token[:2]))
    # 联系人：车间综合员　严明　电话: after the contact label and the contact's post, the spaced
    # token before the phone is the contact, even when its chars make a word (严明)
    line = before[before.rfind("\n") + 1 :].lstrip(_SPACE)
    label = _CONTACT_LABEL.match(line)
    return label is not None and 0 < len(line) - label.end() <= 10 and surname_at(text, start) > 0


def _titled_after(text: str, m: re.Match[str], t: _Tables, out: list[Finding]) -> None:
    """A name right before its title, right after the team it belongs to: 护理团队|周敏|护士长."""
    for n in (3, 2):
        i = m.start() - n
        if i < 1 or not text.endswith(_TEAMS, 0, i):
            continue
        name, k = text[i : m.start()], surname_at(text, i)
        if k == 1 and name[0] in "由和与及对向为被把将从在" and word_info(name[1:]) is not None:
            continue  # 团队|由全科医生: a preposition before a word, not a surname before a name
        if 0 < k < n and _plausible(name, k, t, anchored=True) and not _reads_as_word(name, k):
            # (项目部|党支部|书记: a body, not a name)
            out.append(Finding(i, m.start(), "PERSON", name, SOURCE, 0.7, {"anchor": "title_after"}))
            return


#: A table column of people, by its header (姓名, 负责人, 买受人, 驾驶员 …).
_NAME_COLUMN = re.compile(r"姓名|负责人|联系人|经营者|经营户|业主|买受人|户主|持证人|驾驶员|司机|申请人|当事人|承办人|责任人|法定代表人|法人")


def _table_names(text: str) -> list[Finding]:
    """Names in a table's column of people (序号｜姓名｜工号 … / 1｜阎福贵｜…): a cell that is a whole
    name of two to four chars with a surname, whatever its given name (志刚, 福贵 are words too)."""
    out: list[Finding] = []
    for header, a, value in table_cells(text):
        if (
            _NAME_COLUMN.search(header)
            and 2 <= len(value) <= 4
            and all(is_han(c) for c in value)
            and not is_common_word(value)
            and (0 < surname_at(value, 0) < len(value) or (len(value) == 3 and not in_vocabulary(value[:2])))
        ):  # (a rare surname the list lacks: 渠志刚 — under its header, three chars that are no word)
            out.append(Finding(a, a + len(value), "PERSON", value, SOURCE, 0.8, {"anchor": "table"}))
    return out


@lru_cache(maxsize=1)
def minority_units() -> frozenset[str]:
    """Two-char units of names with no Han surname (the lexicon's ``minority_units``)."""
    return frozenset(lexicon()["person"]["minority_units"])


@lru_cache(maxsize=1)
def minority_names() -> frozenset[str]:
    """Whole names with no Han surname, of a unit or of three chars and more (``minority_names``)."""
    return frozenset(lexicon()["person"]["minority_names"]) | minority_units()


#: What stands before and after a name written alone (“|阿果|”, 牧民|达来|家, 的|尼玛|大爷).
_LEX_BEFORE = frozenset("“‘「、，。；：（(的员民户生友主 \u3000\n")
_LEX_AFTER = frozenset("说家等姐哥要的是大老同、，。；：”’」）) \u3000\n")


@lru_cache(maxsize=1)
def _lexicon_name_pattern() -> re.Pattern[str]:
    """The lexicon's names that are no frequent word (not 乌云, a cloud as often as a name)."""
    names = (n for n in minority_names() if len(n) >= 2 and (word_info(n) or (0, ""))[0] < _LEXICON_NAME_WORD)
    return alternation(tuple(names))


#: A lexicon name the dictionary has as a word this often or more is not taken alone (乌云 655, 洛桑 314).
_LEXICON_NAME_WORD = 100


def _lexicon_names(text: str) -> list[Finding]:
    """Names with no Han surname that the lexicon knows whole (尼玛, 达来, 娜约), where one stands
    between the marks and words around a name: after a clause mark, 的 or a group word (牧民|达来,
    社员|玉应) and before a clause mark, a cue (说, 等, 家) or a form of address (|大爷, |姐), with
    no dictionary word across either edge."""
    out: list[Finding] = []
    for m in _lexicon_name_pattern().finditer(text):
        a, b = m.span()
        before, after = text[a - 1 : a], text[b : b + 1]
        if (before and before not in _LEX_BEFORE) or (after and after not in _LEX_AFTER):
            continue
        if before and is_han(before) and in_vocabulary(before + text[a]):
            continue
        if after and is_han(after) and in_vocabulary(text[b - 1] + after):
            continue
        out.append(Finding(a, b, "PERSON", m.group(), SOURCE, 0.7, {"anchor": "lexicon"}))
    return out


def _unit_names(text: str) -> list[Finding]:
    """Names of two units with no Han surname in a row, wherever they stand (曲比阿果, 四郎多吉,
    洛绒降措, 达瓦卓玛): no word of the dictionary is made of two such units."""
    out: list[Finding] = []
    for m in _unit_pair().finditer(text):
        i = m.start()
        if not in_vocabulary(m.group()) and not (i > 0 and is_han(text[i - 1]) and in_vocabulary(text[i - 1 : i + 2])):
            out.append(Finding(i, i + 4, "PERSON", m.group(), SOURCE, 0.8, {"anchor": "units"}))
    return out


@lru_cache(maxsize=1)
def _unit_pair() -> re.Pattern[str]:
    """Two name units in a row, as one pattern (a scan of the text in C, not a loop over its chars)."""
    units = alternation(tuple(minority_units())).pattern
    return re.compile(f"(?:{units})(?:{units})")

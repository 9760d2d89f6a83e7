#!/usr/bin/env python3
"""Rebuild models/admin_places.txt: the names of China's prefecture- and county-level divisions.

    python scripts/build_admin_places.py ADCODES.csv

ADCODES.csv is a table of administrative division codes (GB/T 2260) with the columns
``adcode`` (12 digits) and ``name``. One such table ships inside the ``cpca`` wheel
(``pip download cpca --no-deps``; ``cpca/resources/adcodes.csv``); only its names and
codes are read. Province-level divisions are left out: FORMAT.md makes provinces public.

Written, one per line and sorted:

- ``full<TAB>name``: the whole name with its suffix (仓山区, 公主岭市, 塔城地区), three
  chars or more. A two-char name (南县, 和县, 新县) reads as ordinary words too often.
- ``full<TAB>name`` also for the customary short names of banners and leagues (准旗, 锡盟).
- ``stem<TAB>name``: a name of three or more chars without its suffix (公主岭, 曹妃甸,
  龙泉驿) that is no ordinary word of the dictionary. Two-char stems (鼓楼, 临川, 合作)
  are left out: over our corporate gold they were places in only 57 % of their uses.

Names whose two-char core is a common word other than a place or a person's name (比如县,
会同县, 合作市, 解放区, 老城区) are left out as well, since they read as ordinary phrases in
running text; the suffix rules of the location recognizer still judge them in context. Cities
are kept whatever their core (大连市, 烟台市, 开封市), unless the core is a frequent verb (合作市).
"""

from __future__ import annotations

import csv
import re
import sys

from baogao.redact.recognizers._text import is_common_word, word_info
from baogao.resources import model_path

_SUFFIX = re.compile(r"(?:自治县|自治州|自治旗|地区|林区|特区|新区|市|区|县|旗|盟)$")
#: The nationalities that name an autonomous division (侗族, 土家族苗族, 蒙古族).
_NATIONALITIES = re.compile(r"(?:[\u4e00-\u9fff]{1,4}?族)+$|蒙古$|哈萨克$|柯尔克孜$")
#: Last chars of stems never written alone: banners' sides (巴林右|旗, 乌拉特中|旗), mining districts (峰峰矿|区).
_NOT_ALONE = "中前后左右白黄红蓝矿"


#: Customary short names of Inner Mongolia's banners and leagues, as reports write them (准格尔旗 →
#: 准旗, 东乌珠穆沁旗 → 东乌旗, 锡林郭勒盟 → 锡盟); not those that read as a person (陈旗, 莫旗).
CUSTOMARY = (
    "准旗", "达旗", "伊旗", "杭旗", "鄂前旗", "东乌旗", "西乌旗", "阿左旗", "阿右旗", "达茂旗",
    "土左旗", "土右旗", "乌前旗", "乌中旗", "乌后旗", "察右前旗", "察右中旗", "察右后旗",
    "科左中旗", "科左后旗", "科右前旗", "科右中旗", "新左旗", "新右旗", "锡盟", "阿盟",
)


def _phrase_core(core: str) -> bool:
    """A two-char core that reads as an ordinary word: 比如|县, 会同|县 (together with), 资源|县,
    or names a kind of town (老城|区, 新城|区) or none (市辖|区)."""
    if len(core) != 2:
        return False
    if core == "市辖" or (core[0] in "大小中新老旧古名主" and core[1] == "城"):
        return True
    info = word_info(core)
    return info is not None and is_common_word(core) and not info[1].startswith(("ns", "nr"))


def _city_name(name: str, core: str) -> bool:
    """A city's whole name reads as one even when its core is an everyday word (大连|市, 烟台|市,
    日照|市): no phrase ends in 市 the way 比如|县 or 解放|区 do, and the recognizer does not read a
    name whose 市 opens a longer word (…市场, …市民). A frequent verb before 市 (合作|市) still reads
    as a phrase; a rarer one names the city more often than it acts (开封市, 包头市, 遵义市)."""
    info = word_info(core) or (0, "")
    return name.endswith("市") and not (info[1].startswith("v") and info[0] >= 5000)


def build(rows: list[dict[str, str]]) -> list[str]:
    lines: set[str] = set()
    for row in rows:
        code, name = row["adcode"].strip(), row["name"].strip()
        if len(code) < 6 or code[2:6] == "0000":
            continue  # province level
        m = _SUFFIX.search(name)
        if m is None or m.start() < 2:
            continue  # 西沙群岛, 省直辖县级行政区划; two-char names (南县)
        core = name[: m.start()]
        core = _NATIONALITIES.sub("", core)  # 三江侗族|自治县, 管城回族|区: the stem is 三江, 管城
        if _phrase_core(core) and not _city_name(name, core):
            continue
        lines.add(f"full\t{name}")
        if (
            len(core) >= 3
            and "自治" not in name
            and "族" not in name
            and core[-1] not in _NOT_ALONE
            and word_info(core) is None
            and not is_common_word(core)
        ):
            lines.add(f"stem\t{core}")
    lines.update(f"full\t{name}" for name in CUSTOMARY)
    return sorted(lines)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[0], encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    lines = build(rows)
    out = model_path("admin_places.txt")
    header = (
        "# China's prefecture- and county-level divisions (names from the GB/T 2260 codes),\n"
        "# built by scripts/build_admin_places.py; kind<TAB>name, kind full or stem.\n"
    )
    out.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{out}: {sum(x.startswith('full') for x in lines)} full names, "
          f"{sum(x.startswith('stem') for x in lines)} stems")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

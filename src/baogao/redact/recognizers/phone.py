"""Telephone numbers: mainland mobiles and landlines with area codes.

Patterns run on the width-folded text (same offsets), so ``１３８…`` is found
like ``138…``. Digit lookarounds stop a phone from being cut out of a longer
number (ID cards, bank cards).
"""

from __future__ import annotations

import re

from baogao.findings import Finding
from baogao.redact.recognizers._text import clear_of, digit_windows, finditer_in, fold

SOURCE = "phone"
_SEP = r"[ \-—–]?"
#: (China's code may stand in brackets before it: (+86)137 5198 2046)
MOBILE = re.compile(
    rf"(?<![0-9+])(?:[(（]\+?86[)）]{_SEP}|(?:\+|00)86{_SEP})?1[3-9][0-9]{_SEP}[0-9]{{4}}{_SEP}[0-9]{{4}}(?![0-9])"
)
LANDLINE = re.compile(
    r"(?<![0-9])(?:(?:\+|00)86[ \-]?)?(?:\(0[1-9][0-9]{1,2}\)|（0[1-9][0-9]{1,2}）|0[1-9][0-9]{1,2})[ \-—–]?"
    # the local number whole or split 4+4 / 3+4 as it is read out (0931 8826 5501);
    # a dash typed with the Chinese input method (0532—86119870) separates like a hyphen
    # or 4+3 (0372-5126 689)
    r"(?:[2-9][0-9]{6,7}|[2-9][0-9]{2,3}[ \-—–][0-9]{4}|[2-9][0-9]{3}[ \-—–][0-9]{3})(?:(?:转|-|ext\.?|分机)[0-9]{1,5})?(?![0-9])"
)
#: A landline written for callers abroad: China's code, then the area code without its trunk 0
#: (+86 10 8234 5678, 0086-351-7234567, (+86)10-82345678), or with the 0 in brackets
#: (+86 (0)351 7234567) as international letterheads print it.
CN_INTERNATIONAL = re.compile(
    r"(?<![0-9A-Za-z+])(?:(?:\+|00)86|[(（](?:\+|00)?86[)）])[ \-—–]?(?:[(（]0[)）] ?)?"
    r"(?:10|2[0-9]|[3-9][0-9]{2})[ \-—–]?(?:[2-9][0-9]{6,7}|[2-9][0-9]{2,3}[ \-—–][0-9]{4})"
    r"(?:(?:转|-|ext\.?|分机)[0-9]{1,5})?(?![0-9])"
)
#: …and the same after a phone word with the country code bare (电话：86-10-82345678).
CN_INTERNATIONAL_AFTER_WORD = re.compile(
    r"(?:电话|传真|座机|Tel|TEL|tel|Fax|FAX|fax)(?:号码|号)?(?:[:：]|为|是)? ?"
    r"(?P<number>86[ \-](?:10|2[0-9]|[3-9][0-9]{2})[ \-](?:[2-9][0-9]{6,7}|[2-9][0-9]{2,3}[ \-][0-9]{4}))(?![0-9])"
)
#: A mobile half masked the common way, three digits, four masked, four (138****1234), or the last
#: four masked (1381234****): seven digits still show, so the whole number is masked.
HALF_MASKED_MOBILE = re.compile(r"(?<![0-9A-Za-z*×＊])1[3-9][0-9](?:[*×＊]{4}[0-9]{4}|[0-9]{4}[*×＊]{4})(?![0-9A-Za-z*×＊])")
#: A mobile grouped otherwise than 3-4-4 (13899 812 476, 1389 981 2476): eleven digits in groups
#: of three or more (checked by :func:`_grouped_mobile`).
LOOSE_MOBILE = re.compile(r"(?<![0-9+])1[3-9][0-9](?:[0-9]|[ \-—–](?=[0-9])){8,10}(?![0-9])")
#: A number with a foreign or satellite country code, grouped as it is read out: +870 773 912 456,
#: +852 2345 6789, +1-202-555-0143 (China's own +86 is read by the patterns above).
INTERNATIONAL = re.compile(r"(?<![0-9A-Za-z+])\+(?!86)[1-9][0-9]{0,2}(?:[ \-][0-9]{2,5}){2,5}(?![0-9])")
SERVICE = re.compile(r"(?<![0-9])[48]00[ \-]?[0-9]{3}[ \-]?[0-9]{4}(?![0-9])")
#: More local numbers of the same exchange after a landline: 0351-7654321/7654322, 、7654323, 或7654324,
#: also after a short note in brackets on the one before (0351-2345678（白天）、2345679（夜间）); not
#: a count or an amount (，2345679万元).
MORE_LOCAL = re.compile(r"(?:[（(][^）)\n]{1,8}[）)])?(?:[/、,]|或) ?(?P<number>[2-9][0-9]{6,7})(?![0-9.%万亿元件个人次户台套吨])")
#: A local number without its area code, right after a phone word and a colon (值班电话：7654321).
#: A service hotline with its area code and a five-digit number: 热线0459-96066, 客服热线（0798-96118）,
#: 热线0951-12319 (a city's own line of a national short number).
HOTLINE = re.compile(
    r"(?:热线|服务电话|客服电话)(?:电话)?(?:[:：（(]|为|是)? ?(?P<number>0[1-9][0-9]{1,2}[\-—]?[19][0-9]{4})(?![0-9])"
)
#: A company's own five- or six-digit service line (96365, 96616, 95598): the 95 and 96 ranges are
#: the ones given to enterprises and utilities, while the 12xxx lines (12345, 12319) are the
#: government's public ones and stay. Only next to a hotline word, before or after it
#: (开通96365停车服务热线, 客服热线：96365), and not before a counter (热线受理来电96532件 is a count).
SHORT_HOTLINE = re.compile(r"(?<![0-9.])9[56][0-9]{3,4}(?![0-9.%件次人个条万亿元户单通笔宗起余多名家项])")
_HOTLINE_WORD = re.compile(r"热线|客服|服务电话|服务号码|服务专线|呼叫中心")
_CLAUSE_BREAK = re.compile(r"[，。；;,、！？\n]")


LOCAL_AFTER_WORD = re.compile(
    r"(?:电话|热线|传真|座机|分机)(?:号码)?(?:[:：]|为|是) ?(?P<number>[2-9][0-9]{2,3}[ \-]?[0-9]{4})(?![0-9])"
    # a duty room's or a switchboard's line, named by the room (值班室85583470)
    r"|(?:值班室|调度室|总值班室|总机)(?:电话)?[:：]? ?(?P<room>[2-9][0-9]{6,7})(?![0-9])"
)

#: Any number of a phone's shape right after a phone word, whether or not it is a valid one:
#: 电话0351-1234567, 手机12345678901 (a local number never starts with 1, nor a mobile with 12,
#: but a made-up or mistyped number in a report is still meant to reach someone).
SHAPED_AFTER_WORD = re.compile(
    r"(?:电话|传真|座机|手机|热线|联系方式|Tel|TEL|tel)(?:号码|号)?(?:[:：]|为|是)? ?"
    r"(?P<number>(?:\(0[1-9][0-9]{1,2}\)|（0[1-9][0-9]{1,2}）|0[1-9][0-9]{1,2}[ \-—–]?)[0-9]{7,8}|1[0-9]{10})(?![0-9])"
)


#: An internal short number after its own word: 路电：5-2317 (a railway's own exchange), 内线 8123.
INTERNAL = re.compile(
    r"(?:路电|路内电话|铁路电话|内线|内部电话|短号|小号|集团短号|分机)(?:号码|号)?(?:[:：]|为|是)? ?(?P<number>[0-9]{1,4}[\-—–][0-9]{3,5}|[0-9]{3,8})(?![0-9])"
)


def find(text: str) -> list[Finding]:
    """Phone numbers in ``text`` (label PHONE, attrs kind mobile/landline/service)."""
    folded = fold(text)
    spans = digit_windows(folded, min_len=7, pad=8)
    out: list[Finding] = []
    for kind, pattern in (("mobile", MOBILE), ("landline", LANDLINE), ("service", SERVICE)):
        for m in finditer_in(pattern, folded, spans):
            out.append(
                Finding(m.start(), m.end(), "PHONE", text[m.start() : m.end()], SOURCE, 0.9, {"kind": kind})
            )
            end = m.end()
            while kind == "landline" and (more := MORE_LOCAL.match(folded, end)):
                start, end = more.span("number")
                out.append(Finding(start, end, "PHONE", text[start:end], SOURCE, 0.9, {"kind": kind}))
    taken = [(f.start, f.end) for f in out]
    if "+" in folded:
        for m in INTERNATIONAL.finditer(folded):
            s, e = m.span()
            if sum(c.isdigit() for c in m.group()) >= 8 and clear_of(taken, s, e):
                out.append(Finding(s, e, "PHONE", text[s:e], SOURCE, 0.85, {"kind": "international"}))
                taken.append((s, e))
    if "86" in folded:
        for m in CN_INTERNATIONAL.finditer(folded):
            s, e = m.span()
            if clear_of(taken, s, e):
                out.append(Finding(s, e, "PHONE", text[s:e], SOURCE, 0.9, {"kind": "landline"}))
                taken.append((s, e))
        for m in CN_INTERNATIONAL_AFTER_WORD.finditer(folded):
            s, e = m.span("number")
            if clear_of(taken, s, e):
                out.append(Finding(s, e, "PHONE", text[s:e], SOURCE, 0.8, {"kind": "landline"}))
                taken.append((s, e))
    if "*" in folded or "×" in folded or "＊" in folded:
        for m in HALF_MASKED_MOBILE.finditer(folded):
            s, e = m.span()
            if clear_of(taken, s, e):
                out.append(Finding(s, e, "PHONE", text[s:e], SOURCE, 0.8, {"kind": "mobile", "half_masked": True}))
                taken.append((s, e))
    for m in finditer_in(LOOSE_MOBILE, folded, spans):
        if _grouped_mobile(m.group()) and clear_of(taken, *m.span()):
            s, e = m.span()
            out.append(Finding(s, e, "PHONE", text[s:e], SOURCE, 0.9, {"kind": "mobile"}))
            taken.append((s, e))
    # numbers read after their word, where no pattern above found one
    for pattern, kind in ((HOTLINE, "service"), (INTERNAL, "internal"), (SHAPED_AFTER_WORD, None)):
        for m in pattern.finditer(folded):
            s, e = m.span("number")
            if clear_of(taken, s, e):
                shape = kind or ("mobile" if folded[s] == "1" else "landline")
                out.append(Finding(s, e, "PHONE", text[s:e], SOURCE, 0.8, {"kind": shape}))
    if "9" in folded and _HOTLINE_WORD.search(folded):
        taken = [(f.start, f.end) for f in out]  # (a landline's own 96066 is no second number)
        for m in SHORT_HOTLINE.finditer(folded):
            s, e = m.span()
            before = _CLAUSE_BREAK.split(folded[max(0, s - 8) : s])[-1]
            near = before + "|" + _CLAUSE_BREAK.split(folded[e : e + 10])[0]
            if clear_of(taken, s, e) and _HOTLINE_WORD.search(near):
                out.append(Finding(s, e, "PHONE", text[s:e], SOURCE, 0.75, {"kind": "service"}))
    for m in finditer_in(LOCAL_AFTER_WORD, folded, spans):
        s, e = m.span("number") if m.group("number") else m.span("room")
        if clear_of(taken, s, e):
            out.append(Finding(s, e, "PHONE", text[s:e], SOURCE, 0.8, {"kind": "landline"}))
    return out


def _grouped_mobile(number: str) -> bool:
    """Eleven digits in two to four groups of three or more: a mobile as people space it."""
    groups = re.split(r"[ \-—–]", number)
    return sum(map(len, groups)) == 11 and 2 <= len(groups) <= 4 and min(map(len, groups)) >= 3

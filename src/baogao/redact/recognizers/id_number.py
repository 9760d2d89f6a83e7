"""Resident identity card numbers (居民身份证): 18 digits with checksum, old 15-digit form.

A wrong checksum is still reported (typos in reports leak as much as valid
numbers) but with a lower score and ``attrs["valid"] = False``.
"""

from __future__ import annotations

import re

from baogao.findings import Finding
from baogao.redact.recognizers._text import clear_of, digit_windows, finding_at, finditer_in, fold

SOURCE = "id_number"
_DATE8 = r"(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])"
_DATE6 = r"[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])"
#: (one capital letter may open it: a certificate numbered by its holder's ID number, as a special
#: operations certificate is: T140121197108215100)
ID18 = re.compile(rf"(?<![0-9A-Za-z])[A-Z]?[1-8][0-9]{{5}}{_DATE8}[0-9]{{3}}[0-9Xx](?![0-9A-Za-z])")
ID15 = re.compile(rf"(?<![0-9A-Za-z])[1-8][0-9]{{5}}{_DATE6}[0-9]{{3}}(?![0-9A-Za-z])")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def checksum_ok(number: str) -> bool:
    """ISO 7064 MOD 11-2 check of an 18-char ID number."""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _WEIGHTS, strict=True))
    return _CHECK[total % 11] == number[17].upper()


def find(text: str) -> list[Finding]:
    """ID card numbers (label ID_NUMBER, attrs kind id_card, valid)."""
    folded = fold(text)
    spans = digit_windows(folded, min_len=15, pad=4)
    out: list[Finding] = []
    for m in finditer_in(ID18, folded, spans):
        ok = checksum_ok(m.group()[-18:])  # (without the letter a certificate may open with)
        out.append(
            finding_at(text, m, "ID_NUMBER", SOURCE, 1.0 if ok else 0.6, {"kind": "id_card", "valid": ok})
        )
    for m in finditer_in(ID15, folded, spans):
        out.append(finding_at(text, m, "ID_NUMBER", SOURCE, 0.7, {"kind": "id_card_15", "valid": True}))
    if "*" in folded or "×" in folded:
        taken = [(f.start, f.end) for f in out]
        for m in _HALF_MASKED.finditer(folded):
            number = m.group("number")
            if sum(c.isdigit() for c in number) < _MIN_SHOWN or not clear_of(taken, *m.span("number")):
                continue
            labelled = m.group("word") is not None
            if len(number) == 18 and not _date_may_show(number[6:14]):
                continue  # 139123456780000|××× (a masked name after a phone number): no birth date there
            if labelled or len(number) == 18:
                s, e = m.span("number")
                out.append(Finding(s, e, "ID_NUMBER", text[s:e], SOURCE, 0.8, {"kind": "id_card", "half_masked": True}))
    if " " in folded or "-" in folded:
        for m in _GROUPED.finditer(folded):
            number = re.sub(r"[ \-]", "", m.group())
            if not ID18.fullmatch(number) or not clear_of(((f.start, f.end) for f in out), *m.span()):
                continue
            ok = checksum_ok(number)
            if ok or _ID_WORD.search(folded, max(0, m.start() - 12), m.start()):
                out.append(finding_at(text, m, "ID_NUMBER", SOURCE, 0.9 if ok else 0.6,
                                      {"kind": "id_card", "valid": ok}))
    return out


#: An ID number written in groups, as forms print it: 110101 19900307 1234, 1101 0119 9003 0712 34.
#: Read as one when its digits make an ID number whose checksum holds, or one labelled as such.
_GROUPED = re.compile(r"(?<![0-9A-Za-z])[1-8][0-9]{1,7}(?:[ \-][0-9]{2,8}){1,5}[Xx]?(?![0-9A-Za-z])")
_ID_WORD = re.compile(r"身份证|证件号|身份号码|公民身份")

#: An ID number half masked as forms print it (110101********1234, 1101011990****1234): the digits
#: that still show are masked too. Read by its shape when it has an ID number's eighteen chars, or
#: after an ID word with any number of masked digits. At least eight digits must still show (a
#: region code alone, 110101************, tells little).
_HALF_MASKED = re.compile(
    r"(?P<word>(?:身份证|证件|身份)(?:号码|号)?(?:[:：]|为|是)? ?)?"
    r"(?<![0-9A-Za-z*×])(?P<number>[1-8][0-9]{3,16}(?=[0-9]{0,16}[*×])[0-9*×]{3,20}[0-9Xx*×])(?![0-9A-Za-z*×])"
)
_MIN_SHOWN = 8


def _date_may_show(part: str) -> bool:
    """Whether the eight chars where an ID number holds its birth date (YYYYMMDD) can be one, a
    masked char standing for any digit: 1990****, ****0307 can; 45678000 cannot."""
    digits = "0123456789"
    allowed = (
        "12",
        {"1": "89", "2": "0"}.get(part[0], "089"),
        digits,
        digits,
        "01",
        {"0": "123456789", "1": "012"}.get(part[4], digits),
        "0123",
        {"0": "123456789", "3": "01"}.get(part[6], digits),
    )
    return all(c in "*×" or c in ok for c, ok in zip(part, allowed, strict=True))


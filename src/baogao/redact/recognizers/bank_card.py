"""Bank card and account numbers: 16–19 digits, Luhn-checked or after a context word.

Luhn alone would also pass many long internal numbers, so a number without a
context word (银行卡/账号/卡号/账户) needs a valid Luhn digit and a plausible
issuer prefix; with a context word any 16–19 digit run is reported.
"""

from __future__ import annotations

import re

from baogao.findings import Finding
from baogao.redact.recognizers._text import digit_windows, finding_at, finditer_in, fold

SOURCE = "bank_card"
CARD = re.compile(
    r"(?<![0-9A-Za-z])[1-9][0-9]{3}"
    # a 17-19 digit card printed in groups of four keeps its last 1-3 digits apart (6222 0212 3456 7890 123)
    r"(?:(?:[ \-][0-9]{4}){3}[ \-][0-9]{1,3}|(?:[ \-]?[0-9]{4}){2}[ \-]?[0-9]{4,7})(?![0-9A-Za-z])"
)
CONTEXT = re.compile(r"银行卡|借记卡|信用卡|卡号|账号|帐号|账户|帐户|户号|开户行|收款")
_WINDOW = 16


def luhn_ok(digits: str) -> bool:
    """Luhn (mod 10) check of a digit string."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def find(text: str) -> list[Finding]:
    """Card/account numbers (label ID_NUMBER, attrs kind bank_card, luhn)."""
    folded = fold(text)
    out: list[Finding] = []
    accounts = []
    if CONTEXT.search(folded):
        for m in _ACCOUNT.finditer(folded):
            s, e = m.span("num")
            if 10 <= sum(c.isdigit() for c in m.group("num")) <= 30:
                accounts.append(Finding(s, e, "ID_NUMBER", text[s:e], SOURCE, 0.85, {"kind": "account"}))
    for m in finditer_in(CARD, folded, digit_windows(folded, min_len=16, pad=4)):
        if any(a.start <= m.start() and m.end() <= a.end and a.end - a.start > m.end() - m.start() for a in accounts):
            continue  # part of an account's number read whole (账号1405 0161 6108 0000 2257)
        digits = re.sub(r"[ \-]", "", m.group())
        if not 16 <= len(digits) <= 19:
            continue
        ok = luhn_ok(digits)
        context = CONTEXT.search(folded, max(0, m.start() - _WINDOW), m.start()) is not None
        if not (context or (ok and digits[0] in "3456")):
            continue
        score = 0.95 if ok and context else 0.8
        out.append(finding_at(text, m, "ID_NUMBER", SOURCE, score, {"kind": "bank_card", "luhn": ok}))
    taken = [(f.start, f.end) for f in out]
    out += [a for a in accounts if all(a.end <= s or e <= a.start for s, e in taken)]
    return out


#: An account's number right after its word, whatever its length and grouping: a company's
#: settlement account (账号：0508 0031 0920 0012 637, 结算账户14052101120100003217), a
#: supervised account (监管账户20-140501040001234). A count after it (账户1200个) is no number.
_ACCOUNT = re.compile(
    r"(?:卡号|账号|帐号|账户|帐户)(?:为|是)?[:：]?[ ]?"
    r"(?P<num>[0-9](?:[0-9]|[ \-](?=[0-9])){9,40})(?![0-9A-Za-z]|[ ]?[个户人元万亿笔次家条张])"
)

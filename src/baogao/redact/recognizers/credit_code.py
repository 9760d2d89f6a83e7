"""Unified social credit codes (统一社会信用代码, GB 32100-2015): 18 chars with a check char.

The code identifies the organisation itself, so it is masked like an ID number.
A failed check is reported only after a context word (信用代码/税号/注册号).
"""

from __future__ import annotations

import re

from baogao.findings import Finding
from baogao.redact.recognizers._text import finding_at, finditer_in, fold, windows

SOURCE = "credit_code"
ANCHOR = re.compile(r"[0-9A-HJ-NP-RTUWXY]{18}")
_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
#: (a discharge permit's number is the holder's code and a serial: 91371300MA3C4H2N8R001V)
CODE = re.compile(r"(?<![0-9A-Za-z])[0-9A-HJ-NP-RTUWXY]{2}[0-9]{6}[0-9A-HJ-NP-RTUWXY]{10}(?:[0-9]{3}[A-Z])?(?![0-9A-Za-z])")
CONTEXT = re.compile(r"信用代码|税号|纳税人识别号|注册号|机构代码")


def checksum_ok(code: str) -> bool:
    """GB 32100 mod-31 check of an 18-char credit code."""
    code = code.upper()
    if len(code) != 18 or any(c not in _ALPHABET for c in code):
        return False
    total = sum(_ALPHABET.index(c) * w for c, w in zip(code[:17], _WEIGHTS, strict=True))
    return _ALPHABET[(31 - total % 31) % 31] == code[17]


def find(text: str) -> list[Finding]:
    """Credit codes (label ID_NUMBER, attrs kind credit_code, valid)."""
    folded = fold(text)
    out: list[Finding] = []
    for m in finditer_in(CODE, folded, windows(folded, ANCHOR, pad=4)):
        code = m.group()[:18]
        context = CONTEXT.search(folded, max(0, m.start() - 12), m.start()) is not None
        if code.isdigit() and (not context or code[0] in "12345678"):
            continue  # an all-digit run is an ID or card number; those recognizers decide, but
            # not for one under its label that no ID number can be (信用代码911305007249849492)
        ok = checksum_ok(code)
        if not ok and not context:
            continue
        out.append(
            finding_at(text, m, "ID_NUMBER", SOURCE, 1.0 if ok else 0.6, {"kind": "credit_code", "valid": ok})
        )
    return out

"""E-mail addresses (ASCII local part; ASCII or Chinese domain labels).

The left lookbehind repeats the local-part class so the pattern only starts at
the beginning of a run: a megabyte of letters is scanned once, not n² times.
"""

from __future__ import annotations

import re

from baogao.findings import Finding
from baogao.redact.recognizers._text import finditer_in, fold, windows

SOURCE = "email"
ANCHOR = re.compile(r"@")
#: Domain labels may be Chinese (zhang.san@东岭.com.cn, an internationalised domain), but a label
#: is Latin or Chinese, not both: else the run after an address (a@b.cn|2023年192.168…) reads as
#: labels, and whether the address is found would hang on what follows it. The top-level domain
#: is Latin or one of the Chinese ones in use.
_LABEL = r"(?:(?:[A-Za-z0-9][A-Za-z0-9\-]*+|[\u4e00-\u9fff][\u4e00-\u9fff\-]*+)\.)++"
EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]*+@" + _LABEL + r"(?:[A-Za-z]{2,24}(?![A-Za-z\-])|中国|公司|网络)"
)


#: An address written so that harvesters miss it, and a reader still reaches its owner:
#: zhangjg#dlmy.com (“#换成@”), zhangjg(at)dlmy.com, zhangjg[at]dlmy.com, zhangjg at dlmy.com, also with
#: the dots spelled: zhangjg [at] dlmy [dot] com.
_DOT = r"(?:\.|[ ]?[(\[（] ?(?i:dot) ?[)\]）][ ]?)"  # (a bare " dot " is English prose: looked at it dot by dot)
SPELLED = re.compile(
    r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]*+(?:#|[ ]?[(\[（] ?(?i:at) ?[)\]）][ ]?| (?i:at) )"
    rf"(?:[A-Za-z0-9][A-Za-z0-9\-]*+{_DOT})++[A-Za-z]{{2,24}}(?![A-Za-z\-])"
)
_SPELLED_ANCHOR = re.compile(r"#|(?i:at)")


def find(text: str) -> list[Finding]:
    """E-mail addresses (label EMAIL), also those spelled with # or (at) for @."""
    folded = fold(text)
    out = [
        Finding(m.start(), m.end(), "EMAIL", text[m.start() : m.end()], SOURCE, 1.0)
        for m in finditer_in(EMAIL, folded, windows(folded, ANCHOR, pad=128))
    ]
    out += [
        Finding(m.start(), m.end(), "EMAIL", text[m.start() : m.end()], SOURCE, 0.9, {"kind": "spelled"})
        for m in finditer_in(SPELLED, folded, windows(folded, _SPELLED_ANCHOR, pad=128))
    ]
    return out

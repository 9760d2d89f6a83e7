"""Links and hosts: http(s)/ftp URLs, www. links, bare internal host names, IPv4 and IPv6 addresses.

Reports name internal systems (OA, ERP, 隐患排查平台) by their links; those
point at the organisation as surely as its name does.
"""

from __future__ import annotations

import re
from functools import lru_cache

from baogao.findings import Finding
from baogao.redact.recognizers._text import allowlist, finding_at, finditer_in, fold, windows

SOURCE = "url"
ANCHOR = re.compile(r"://|www\.|\.(?:com|net|org|cn|gov|edu|local|corp|internal|intranet|lan)|[0-9]\.[0-9]")
_PATH = r"[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]"
URL = re.compile(rf"(?<![A-Za-z])(?:(?:https?|ftp)://|www\.){_PATH}++")
HOST = re.compile(
    rf"(?<![A-Za-z0-9.@\-_/])(?:[A-Za-z0-9][A-Za-z0-9\-]*+\.)++(?:com|net|org|cn|gov|edu|local|corp|internal|intranet|lan)"
    # (with the port an internal service listens on: oa.example.cn:8080/login)
    rf"(?![A-Za-z0-9\-@])(?::[0-9]{{1,5}}(?![0-9]))?(?:/{_PATH}*+)?"
)
IPV4 = re.compile(
    r"(?<![0-9.])(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(?:\.(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}"
    r"(?::[0-9]{1,5})?(?![0-9]|\.[0-9])"
)
#: An IPv6 address (fe80::1ff:fe23:4567:890a, 2001:db8:0:0:8:800:200c:417a/64): hex groups of up to
#: four with at least three colons, shortened with :: or written in full as eight groups (a time,
#: 10:30:00, has neither).
IPV6 = re.compile(
    r"(?<![0-9A-Za-z])(?=[0-9A-Fa-f:]{0,36}::|(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f])(?=(?:[0-9A-Fa-f]{0,4}:){3})"
    r"(?:[0-9A-Fa-f]{1,4}|:(?=:))(?::[0-9A-Fa-f]{0,4}){2,7}(?:/[0-9]{1,3})?(?![0-9A-Za-z:])"
)
#: A file share on the internal network: \\fileserver\安全科\2023 (a Windows UNC path), read to the
#: first blank or punctuation (a comma, a semicolon, a Chinese mark or bracket).
UNC = re.compile(r"(?<![\\A-Za-z0-9])\\\\[A-Za-z0-9][A-Za-z0-9.\-_$]*+(?:\\[^\s\\，。；、“”‘’（）(),;]++)*+")
_TRAILING = ".,;:!?'\")]"


def _trim(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    return end


@lru_cache(maxsize=1)
def _public_hosts() -> frozenset[str]:
    """The allow-list's national public sites (``[public_hosts]`` of ``models/allowlist.toml``)."""
    return frozenset(allowlist().get("public_hosts", {}).get("hosts", ()))


def _national(link: str) -> bool:
    """Whether ``link`` points at a national public site: one of them, or a host under one (gov.cn
    only as itself: every county's site is under it)."""
    host = re.sub(r"^(?:(?:https?|ftp)://)?", "", link.lower()).split("/", 1)[0].split(":", 1)[0]
    host = host.removeprefix("www.")
    hosts = _public_hosts()
    return host in hosts or any(host.endswith("." + h) for h in hosts if h != "gov.cn")


def find(text: str) -> list[Finding]:
    """Links, host names and IP addresses (label URL, attrs kind)."""
    folded = fold(text)
    out: list[Finding] = []
    taken: list[tuple[int, int]] = []
    spans = windows(folded, ANCHOR, pad=200)
    for kind, pattern in (("url", URL), ("host", HOST), ("ipv4", IPV4)):
        for m in finditer_in(pattern, folded, spans):
            end = _trim(folded, m.start(), m.end())
            if end - m.start() < 4 or any(s <= m.start() < e for s, e in taken):
                continue
            taken.append((m.start(), end))
            if kind != "ipv4" and _national(folded[m.start() : end]):
                continue
            out.append(Finding(m.start(), end, "URL", text[m.start() : end], SOURCE, 0.95, {"kind": kind}))
    if "::" in folded or folded.count(":") >= 7:
        for m in IPV6.finditer(folded):
            if any(c.isdigit() for c in m.group()) and not any(a < m.end() and m.start() < b for a, b in taken):
                out.append(finding_at(text, m, "URL", SOURCE, 0.9, {"kind": "ipv6"}))
    if "\\\\" in folded:
        for m in UNC.finditer(folded):
            end = _trim(folded, m.start(), m.end())
            if end - m.start() > 3:
                out.append(Finding(m.start(), end, "URL", text[m.start() : end], SOURCE, 0.9, {"kind": "share"}))
    return out

"""Links and hosts: http(s)/ftp URLs, www. links, bare internal host names, IPv4 addresses.

Reports name internal systems (OA, ERP, 隐患排查平台) by their links; those
point at the organisation as surely as its name does.
"""

from __future__ import annotations

import re

from baogao.findings import Finding
from baogao.redact.recognizers._text import finditer_in, fold, windows

SOURCE = "url"
ANCHOR = re.compile(r"://|www\.|\.(?:com|net|org|cn|gov|edu|local|corp|internal|intranet|lan)|[0-9]\.[0-9]")
_PATH = r"[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]"
URL = re.compile(rf"(?<![A-Za-z])(?:(?:https?|ftp)://|www\.){_PATH}++")
HOST = re.compile(
    rf"(?<![A-Za-z0-9.@\-_/])(?:[A-Za-z0-9][A-Za-z0-9\-]*+\.)++(?:com|net|org|cn|gov|edu|local|corp|internal|intranet|lan)"
    rf"(?![A-Za-z0-9\-@])(?:/{_PATH}*+)?"
)
IPV4 = re.compile(
    r"(?<![0-9.])(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(?:\.(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}"
    r"(?::[0-9]{1,5})?(?![0-9]|\.[0-9])"
)
_TRAILING = ".,;:!?'\")]"


def _trim(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    return end


#: Public sites of national bodies and national public services: a link to them names no one
#: (中国政府网 www.gov.cn, 中国政府采购网, 征信中心, 应急管理部's certificate lookup cx.mem.gov.cn).
_NATIONAL_HOSTS = (
    "gov.cn", "www.gov.cn", "ccgp.gov.cn", "mem.gov.cn", "mof.gov.cn", "ndrc.gov.cn", "miit.gov.cn", "samr.gov.cn",
    "nhc.gov.cn", "nhsa.gov.cn", "mohrss.gov.cn", "mee.gov.cn", "mnr.gov.cn", "mot.gov.cn", "moe.gov.cn",
    "most.gov.cn", "mps.gov.cn", "mca.gov.cn", "moj.gov.cn", "mofcom.gov.cn", "mct.gov.cn", "mwr.gov.cn",
    "moa.gov.cn", "mohurd.gov.cn", "stats.gov.cn", "sasac.gov.cn", "nea.gov.cn", "chinatax.gov.cn",
    "customs.gov.cn", "pbc.gov.cn", "csrc.gov.cn", "nfra.gov.cn", "cbirc.gov.cn", "safe.gov.cn", "court.gov.cn",
    "spp.gov.cn", "audit.gov.cn", "creditchina.gov.cn", "gsxt.gov.cn", "chinamine-safety.gov.cn",
    "cebpubservice.com", "pbccrc.org.cn", "12371.cn", "people.com.cn", "xinhuanet.com", "news.cn", "cctv.com",
)


def _national(link: str) -> bool:
    """Whether ``link`` points at a national public site (any host under one of them)."""
    host = re.sub(r"^(?:(?:https?|ftp)://)?", "", link.lower()).split("/", 1)[0].split(":", 1)[0]
    host = host.removeprefix("www.")
    return host == "gov.cn" or any(host == h or host.endswith("." + h) for h in _NATIONAL_HOSTS if h != "gov.cn")


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
    return out

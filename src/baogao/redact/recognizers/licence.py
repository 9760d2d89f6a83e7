"""Licence, contract, certificate and staff numbers after their context word.

These numbers have no fixed shape (HY100387, (2021)0117号, C14000020091112),
so the context word decides: 合同编号/许可证号/证书编号/工号/采矿许可证 … followed
by an optional colon and a code that contains a digit.
"""

from __future__ import annotations

import re

from baogao.findings import Finding
from baogao.redact.recognizers._text import finditer_in, fold, windows

SOURCE = "licence"
CONTEXT = (
    r"(?:合同编号|合同号|合同(?=[(（]编号)|协议编号|许可证号|许可证编号|许可证|证书编号|证书号|证号|执照号|营业执照|采矿许可证|"
    r"安全生产许可证|取水许可证|排污许可证|工号|员工号|员工编号|职工编号|档案号|护照号|驾驶证号|车牌号|"
    # approvals and filings are numbered too (伦理批件号, 备案号), and a bare 编号 before a code
    r"批件号|批准文号|批准号|批文号|备案号|登记号|注册号|机构编码|机构代码|海关编码|批次号|批号|箱号|资金账号|柜员号|警号|编号|"
    # claim and case numbers, a utility customer's account and meter numbers (理赔案号, 户号为3100268157)
    r"理赔案号|报案号|案号|用户号|户号|表号)"
)
ANCHOR = re.compile(CONTEXT)
CODE = re.compile(
    CONTEXT
    # …also in brackets after the document's name: 排污许可证（编号：9137…）
    + r"[(（]?(?:号码|编号|号)?[ ]?(?:为|是|:|：)?[ ]?"
    # (a licence may open with its province in brackets and a letter code: (冀)JZ安许证字〔2022〕0235)
    # (…or with a letter before the province and 第 before the serial: A（甘）农种许字（2021）第0036号)
    + r"(?P<code>[A-Z]?(?:[(（][\u4e00-\u9fff]{1,2}[)）])?[A-Z]{0,4}(?P<han>[\u4e00-\u9fff]{1,12}?)?(?:[(（〔\[][0-9]{4}[)）〕\]])?(?(han)第?)[A-Za-z0-9][A-Za-z0-9\-_/.]{2,40}(?:号)?)"
)
#: Issuing-authority prefixes in Chinese (粤交运管许可穗字440100028613号, 晋煤安许证字〔2019〕…)
#: only count before a long number, so a phrase such as 有效期至2025 is not a code.
MIN_DIGITS_AFTER_HAN = 6


def find(text: str) -> list[Finding]:
    """Codes after licence/contract/staff-number context words (label ID_NUMBER)."""
    folded = fold(text)
    out: list[Finding] = []
    for m in finditer_in(CODE, folded, windows(folded, ANCHOR, pad=60)):
        start, end = m.span("code")
        while end > start and folded[end - 1] in ".-_/":
            end -= 1
        code = folded[start:end]
        han = m.group("han") or ""
        if han:
            if sum(c.isdigit() for c in code) < MIN_DIGITS_AFTER_HAN:
                continue
        elif sum(c.isdigit() for c in code) < 3 or not any(c.isascii() and c.isalnum() for c in code[:3]):
            continue
        if (code.isdigit() and folded[end : end + 1] in ("年", "月", "日")) or (
            m.group().startswith("编号") and code.isdigit() and len(code) < 6
        ):
            continue  # 编号2023年度…: a date or a short number after a bare 编号 is no code
        out.append(Finding(start, end, "ID_NUMBER", text[start:end], SOURCE, 0.85, {"kind": "licence"}))
        # more codes of the same list or range: 编号202142001873、202142002216; …-001至…-017
        while (more := _MORE_CODES.match(folded, end)) is not None:
            start, end = more.span("code")
            out.append(Finding(start, end, "ID_NUMBER", text[start:end], SOURCE, 0.8, {"kind": "licence"}))
    for m in _CASE_NUMBER.finditer(folded):
        out.append(Finding(m.start(), m.end(), "ID_NUMBER", text[m.start() : m.end()], SOURCE, 0.8, {"kind": "case"}))
    for m in _PLATE.finditer(folded):
        out.append(Finding(m.start(), m.end(), "ID_NUMBER", text[m.start() : m.end()], SOURCE, 0.8, {"kind": "plate"}))
    return out


_MORE_CODES = re.compile(r"(?:、|，|,|至|到|和|及|-|—|～|~)(?P<code>[A-Za-z0-9][A-Za-z0-9\-_/]{5,40}[0-9])(?![A-Za-z0-9])")
#: A court case number: （2023）云0525民初1387号.
_CASE_NUMBER = re.compile(r"[（(][0-9]{4}[）)][\u4e00-\u9fff][0-9]{2,6}[\u4e00-\u9fff]{1,4}[0-9]{1,6}号")
#: A vehicle's number plate: province char, letter, optional dot and five or six letters and digits.
_PLATE = re.compile(
    r"(?<![\u4e00-\u9fff])?[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]"
    r"[A-HJ-NP-Z][·•\s]?(?=[A-Z0-9]*[0-9])[A-HJ-NP-Z0-9]{5,6}(?![A-Za-z0-9])"
)

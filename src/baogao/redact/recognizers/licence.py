"""Licence, contract, certificate and staff numbers after their context word.

These numbers have no fixed shape (HY100387, (2021)0117号, C14000020091112),
so the context word decides: 合同编号/许可证号/证书编号/工号/采矿许可证 … followed
by an optional colon and a code that contains a digit.
"""

from __future__ import annotations

import re
from functools import lru_cache

from baogao.findings import Finding
from baogao.redact.recognizers._text import (
    MASK_CHARS,
    clear_of,
    finding_at,
    finditer_in,
    fold,
    table_cells,
    windows,
)

SOURCE = "licence"
CONTEXT = (
    r"(?:合同编号|合同号|合同(?=[(（]编号)|协议编号|许可证号|许可证编号|许可证|证书编号|证书号|证号|执照号|营业执照|采矿许可证|"
    r"安全生产许可证|取水许可证|排污许可证|工号|员工号|员工编号|职工编号|档案号|护照号|驾驶证号|车牌号|"
    # approvals and filings are numbered too (伦理批件号, 备案号), and a bare 编号 before a code
    r"批件号|批准文号|批准号|批文号|备案号|登记号|注册号|机构编码|机构代码|海关编码|批次号|批号|箱号|资金账号|柜员号|警号|编号|"
    # claim and case numbers, a utility customer's account and meter numbers (理赔案号, 户号为3100268157)
    r"理赔案号|报案号|案号|用户号|户号|表号|"
    # a taxpayer's number, a patient's, a student's or an examinee's, an identity document's
    r"纳税人识别号|税务登记号|税号|住院号|病历号|病案号|门诊号|就诊卡号|医保号|社保号|学籍号|学号|准考证号|考生号|"
    r"证件号码|证件号|工牌号|"
    # a certificate named with a colon and no 号 (资格证书：2019…), a certificate's 编码, a real-estate
    # unit's number, a lift's or boiler's registration code, an invoice's code
    r"证书(?=[:：][ ]?[A-Za-z0-9]{6})|证书编码|不动产单元号|注册代码|发票代码|"
    # a device's serial number and a phone's IMEI; an order named by its code (采购订单PO-2023-08812)
    r"设备序列号|序列号|IMEI号|IMEI码|IMEI|MEID|订单(?=[A-Z]{2})|"
    # a ship's hull number (船号H1587, 舷号)
    r"船号|舷号|船体号|"
    # the number of a form or a filing: 工单号, 询价单号, 保单号, 转办单号, 交易流水号; a property
    # certificate's (不动产登记证明号), an investment project's code (项目代码2303-140521-04-01-358217),
    # an approval's number (环评批复文号：长环审〔2019〕45号)
    r"单号|单编号|流水号|社会保障卡号|社保卡号|医保卡号|工单(?=[A-Z])|账号|帐号|发票号码|发票号|"
    # a vehicle's frame and engine numbers, a terminal's, a letter's and a penalty decision's, a parcel's
    r"车架号|车辆识别代号|VIN码|发动机号|终端号|终端ID|终端编号|函号|决定书文号|决定书编号|宗地号|宗地编号|地块编号|"
    # a contract named by its code (供货合同JY-CG-2023-0156)
    r"合同(?=[A-Z]{2})|证明号|证明编号|权证号|项目代码|项目编码|(?:批复|批件|审批|核准|立项|备案)文号)"
)
ANCHOR = re.compile(CONTEXT)
#: What follows a date or a count, never a code of digits alone (编号2023年度…, 证书：300000余本).
_AFTER_A_COUNT = frozenset("年月日余多个本件人名次家项台份张万亿元")
CODE = re.compile(
    CONTEXT
    # …also in brackets after the document's name: 排污许可证（编号：9137…）
    + r"[(（]?(?:号码|编号|证号|号)?[ ]?(?:分别为|依次为|为|是|如|:|：)?[ ]?"
    # (a licence may open with its province in brackets and a letter code: (冀)JZ安许证字〔2022〕0235)
    # (…or with a letter before the province and 第 before the serial: A（甘）农种许字（2021）第0036号)
    + r"(?P<code>[A-Z]?(?:[(（][\u4e00-\u9fff]{1,2}[)）])?[A-Z]{0,4}(?P<han>[\u4e00-\u9fff]{1,12}?)?(?:[(（〔\[][0-9]{4}[)）〕\]])?(?(han)第?)[A-Za-z0-9][A-Za-z0-9\-_/.]{1,40}(?:号)?)"
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
        han = m.group("han") or ""
        if han and m.start("han") == start and han[-1] in _COPULAS:
            start += len(han)  # words between the label and the code: 身份证号登记为|6101…, 备案号如|蒙药制字…
            han = ""
        elif han.endswith(("号", "码")):
            # the code's own label came after the document's name (营业执照：原注册号1402…,
            # 采矿许可证：证号C1400…): the code starts after it
            start += len(han)
            han = ""
        code = folded[start:end]
        if han:
            if sum(c.isdigit() for c in code) < MIN_DIGITS_AFTER_HAN:
                continue
        elif sum(c.isdigit() for c in code) < 3 or not any(c.isascii() and c.isalnum() for c in code[:3]):
            continue
        if (code.isdigit() and folded[end : end + 1] in _AFTER_A_COUNT) or (
            m.group().startswith("编号") and code.isdigit() and len(code) < 6
        ):
            continue  # 编号2023年度…: a date or a short number after a bare 编号 is no code
        out.append(Finding(start, end, "ID_NUMBER", text[start:end], SOURCE, 0.85, {"kind": "licence"}))
        out += _listed_after(text, folded, end)
    out = _outermost(out + _labelled_values(text, folded))
    if "号" in folded:
        taken = [(f.start, f.end) for f in out]
        for m in _PERMIT_NUMBER.finditer(folded):
            s, e = m.start("code"), m.end()
            if clear_of(taken, s, e):
                out.append(Finding(s, e, "ID_NUMBER", text[s:e], SOURCE, 0.8, {"kind": "licence"}))
    if "不动产" in folded:
        for m in _PROPERTY_NUMBER.finditer(folded):
            out.append(finding_at(text, m, "ID_NUMBER", SOURCE, 0.85, {"kind": "licence"}))
    for m in _CASE_NUMBER.finditer(folded):
        out.append(Finding(m.start(), m.end(), "ID_NUMBER", text[m.start() : m.end()], SOURCE, 0.8, {"kind": "case"}))
    for m in _PLATE.finditer(folded):
        out.append(Finding(m.start(), m.end(), "ID_NUMBER", text[m.start() : m.end()], SOURCE, 0.8, {"kind": "plate"}))
    for m in _VESSEL.finditer(folded):
        out.append(Finding(m.start(), m.end(), "ID_NUMBER", text[m.start() : m.end()], SOURCE, 0.8, {"kind": "vessel"}))
    if "｜" in folded or "|" in folded or "\t" in folded:
        out += _apart_from(out, _table_codes(text, folded))
    if any(w in folded for w in _CREDENTIAL_WORDS):
        values = (m.span("value") for m in _CREDENTIAL.finditer(folded))
        out += _apart_from(out, [Finding(s, e, "ID_NUMBER", text[s:e], SOURCE, 0.8, {"kind": "credential"}) for s, e in values])
    if ":" in folded or "-" in folded:
        out += _apart_from(out, [finding_at(text, m, "ID_NUMBER", SOURCE, 0.8, {"kind": "mac"}) for m in _MAC.finditer(folded)])
    if "QQ" in folded or "微信" in folded or "钉钉" in folded:
        for m in _ACCOUNT.finditer(folded):
            s, e = m.span("qq") if m.group("qq") else m.span("id")
            if clear_of(((f.start, f.end) for f in out), s, e):
                out.append(Finding(s, e, "ID_NUMBER", text[s:e], SOURCE, 0.8, {"kind": "account"}))
    if out:
        out += _range_ends(text, folded, out)
        out += _same_shape(text, folded, out)
    return out


def _apart_from(found: list[Finding], new: list[Finding]) -> list[Finding]:
    """The ``new`` findings that overlap none of those ``found`` before them."""
    taken = [(f.start, f.end) for f in found]
    return [f for f in new if clear_of(taken, f.start, f.end)]


#: The end of a range written with only the serial that changes: HT-XS-2024-0128|至|0173.
_RANGE_END = re.compile(r"(?:至|到|～|~|—|-)(?P<tail>[0-9]{3,8})(?![0-9A-Za-z年月日时])")


def _range_ends(text: str, folded: str, found: list[Finding]) -> list[Finding]:
    """The short end of a range after a code (…2024-0128至0173): as many digits as the code's
    last serial, which is what a range of the same codes changes."""
    out = []
    for f in found:
        serial = re.search(r"[0-9]+$", folded[f.start : f.end])
        m = _RANGE_END.match(folded, f.end)
        if serial is not None and m is not None and len(m.group("tail")) == len(serial.group()) < f.end - f.start:
            s, e = m.span("tail")
            out.append(Finding(s, e, "ID_NUMBER", text[s:e], SOURCE, 0.8, {"kind": "licence"}))
    return out


#: A code's parts: letters, digit runs, separators, and the Chinese and brackets of a code that
#: carries its issuer (锅11蒙K0031(16), 晋（2022）汾源县不动产证明第0003456号).
_SHAPE_PARTS = re.compile(r"[A-Za-z]+|[0-9]+|[-_/]|[\u4e00-\u9fff]+|[()（）〔〕\[\]]")
_SHAPE_END = re.compile(r"[0-9][)）〕\]号]?$")


def _shape(code: str) -> str | None:
    """The pattern of a code's siblings: its letters, Chinese and brackets as they are, each
    digit run by its length (SB0217 → SB[0-9]{4}, 锅11蒙K0031(16) → 锅[0-9]{2}蒙K[0-9]{4}\\([0-9]{2}\\));
    None for a code with too few letters or digits to be told apart from a count, a year or a
    model name, or one that does not end in its serial (a digit, a closing bracket after it, 号)."""
    parts = _SHAPE_PARTS.findall(code)
    if "".join(parts) != code:
        return None
    letters = sum(len(p) for p in parts if p.isalpha())  # (Chinese counts: str.isalpha is true of it)
    digits = sum(len(p) for p in parts if p.isdigit())
    if letters < 2 or digits < 4 or not _SHAPE_END.search(code):
        return None
    return "".join(f"[0-9]{{{len(p)}}}" if p.isdigit() else re.escape(p) for p in parts)


@lru_cache(maxsize=256)
def _family(shapes: frozenset[str]) -> re.Pattern[str]:
    """One pattern for codes of any of ``shapes``, standing alone (not inside a longer code)."""
    return re.compile(rf"(?<![A-Za-z0-9\-_/])(?:{'|'.join(sorted(shapes))})(?![A-Za-z0-9]|[-_/][A-Za-z0-9])")


def _same_shape(text: str, folded: str, found: list[Finding]) -> list[Finding]:
    """Codes of the same shape as one found after its label, wherever they stand: a list of staff
    numbers names the label once (员工号SB0217的郑丽华、SB0305的马骏)."""
    shapes = frozenset(sh for f in found if (sh := _shape(folded[f.start : f.end])) is not None)
    if not shapes:
        return []
    family = _family(shapes)
    taken = [(f.start, f.end) for f in found]
    return [
        Finding(m.start(), m.end(), "ID_NUMBER", text[m.start() : m.end()], SOURCE, 0.8, {"kind": "licence"})
        for m in family.finditer(folded)
        # (a code found inside it, such as the plate-shaped 晋E00128 of 容3LJ晋E00128(23), is a part of it)
        if clear_of([(a, b) for a, b in taken if not m.start() <= a < b <= m.end()], m.start(), m.end())
        and (m.start(), m.end()) not in taken
    ]


#: A messaging account after its word, which reaches a person as a phone number does:
#: QQ：1847263591, QQ群号 612345789, 微信号：zhang_xm2023, 钉钉号 dt_lihua. 微信 alone needs a colon
#: (发布微信1200条 is a count); a QQ number has five to twelve digits; a count word after the
#: value (QQ群12000余人) makes it a count.
_ACCOUNT = re.compile(
    r"(?:QQ(?:群)?(?:号码|号)?[ ]?(?:为|是|:|：)?[ ]?(?P<qq>[1-9][0-9]{4,11})"
    r"|(?:微信号|微信账号|微信[:：]|钉钉号|钉钉账号)(?:为|是|:|：)?[ ]?(?P<id>[A-Za-z0-9][A-Za-z0-9_\-]{4,29}))"
    r"(?![A-Za-z0-9_\-]|[余多个人条篇次期份名家])"
)


_MORE_CODES = re.compile(
    r"(?:、|，|,|至|到|和|及|-|—|～|~)(?P<code>第(?=[0-9]{6,}号)[0-9]+号|(?:[\u4e00-\u9fff]{1,2}(?=[A-Z]))?[A-Za-z0-9][A-Za-z0-9\-_/]{5,40}[0-9])(?![A-Za-z0-9])"
)
#: A permit's, a filing's or a penalty decision's number wherever it stands, by its shape: the
#: authority's short name with the document's kind (字, 罚, 证, 许, 备, 采), the year in brackets, the
#: serial and 号 (豫卫水字（2021）第0035号, 清卫医罚〔2023〕17号). A policy document's number
#: (国发〔2023〕5号) names no such kind and stays.
_PERMIT_NUMBER = re.compile(
    r"(?<![\u4e00-\u9fff×])(?P<code>[\u4e00-\u9fff]{1,6}?(?:字|罚|证|许|备|采)[\u4e00-\u9fff]{0,2}[〔（(\[][0-9]{4}[〕）)\]]第?[0-9]{1,5}号)"
)
#: A court case number: （2023）云0525民初1387号.
_CASE_NUMBER = re.compile(r"[（(][0-9]{4}[）)][\u4e00-\u9fff][0-9]{2,6}[\u4e00-\u9fff]{1,4}[0-9]{1,6}号")
#: A real-estate title's or registration certificate's number, in its national form: the province's
#: one-character name, the year in brackets, the city or county, 不动产权 or 不动产证明, 第 and the
#: serial (晋（2022）汾源县不动产证明第0003456号, 苏（2021）南京市不动产权第0012345号).
_PROPERTY_NUMBER = re.compile(r"[\u4e00-\u9fff][(（](?:19|20)[0-9]{2}[)）][\u4e00-\u9fff]{1,12}?不动产(?:权|证明)第[0-9]{5,9}号")
#: A vehicle's number plate: province char, letter, optional dot and five or six letters and digits
#: (or four and the kind char of a trailer's, a learner's or a police plate: 晋E·8716挂).
_PLATE = re.compile(
    r"(?<![\u4e00-\u9fff])?[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]"
    r"[A-HJ-NP-Z][·•\s]?(?=[A-Z0-9]*[0-9])(?:[A-HJ-NP-Z0-9]{5,6}[挂学警]?|[A-HJ-NP-Z0-9]{4}[挂学警])(?![A-Za-z0-9])"
)


#: A login's name or password after its label, with a colon (用户名：lihui2023，密码：Abc@12345): what
#: opens a system to whoever reads the report. The value is read to the next blank or Chinese
#: punctuation, and holds a letter or digit (密码：****** is hidden already); without a colon, 为 or 是
#: a label is a topic (密码管理, 账号安全).
_CREDENTIAL_WORDS = ("用户名", "登录名", "账号", "账户名", "密码", "口令")  # (every label holds one)
_CREDENTIAL = re.compile(
    r"(?:用户名|登录名|登录账号|系统账号|用户账号|账户名|初始密码|登录密码|密码|口令)(?:为|是|[:：])[ ]?"
    r"(?P<value>(?=[^\s，。；、]*[A-Za-z0-9])[A-Za-z0-9_@.!#$%^&*+=?~\-]{3,40})(?![A-Za-z0-9_@.!#$%^&*+=?~\-])"
)
#: A network card's MAC address (00:1A:2B:3C:4D:5E, 00-1A-2B-3C-4D-5E): a device's number, as an
#: IP address is a host's. It holds a hex letter: six pairs of digits alone read as a time.
_MAC = re.compile(r"(?<![0-9A-Fa-f:\-])(?=[0-9:\-]{0,16}[A-Fa-f])(?:[0-9A-Fa-f]{2}([:\-]))(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}(?![0-9A-Fa-f:\-])")
#: A vessel's registration number: the province's and the port's one-char names, the use (渔 fishing,
#: 货 cargo, 客 passenger, 油 tanker …) and the serial: 闽宁渔05678, 鄂清渔0758, 苏宿货2368.
_VESSEL = re.compile(
    r"(?<![\u4e00-\u9fff])?[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]"
    r"[\u4e00-\u9fff](?:渔|货|客|油|驳|拖|工|渡)[0-9]{4,6}(?![0-9A-Za-z])"
)


#: A label that names a code, and what may stand between it and the code: a colon, or the
#: bracket the code sits in (证书编号：R1-CEP 2019-287-Rev 01, 合格证〔(甘祁)动防合字第…号〕,
#: 专利号ZL2023…, 备案编码3702986543). 邮政编码 and 电话号码 are read by their own recognizers.
_LABELS = (
    r"(?:许可|合格|登记|执业|资格|操作|上岗)证(?:号|编号|编码)?|证书(?:编号|号|编码)?|编号|证号|编码|专利号|住院号|门诊号|病案号|批准书|"
    # identity documents besides the ID card, and a contract's or an agreement's number
    # (护照：E12345678, 港澳通行证号码C12345678, 合同号：（2023）晋煤合字第156号)
    r"护照号?|(?:港澳|往来港澳|台湾|往来台湾)?通行证号?|(?:台胞|回乡|军官|士兵|警官|居住)证号?|合同号|协议号|核准号"
)
_LABEL = re.compile(rf"(?<!邮政)(?:{_LABELS})(?:(?<=号)码)?(?:分别为|依次为|为|是)?[ ]?(?P<sep>[:\[(〔［【](?![0-9]{{4}}[\]）)〕]))?[ ]?")
_LABEL_ANCHOR = re.compile(_LABELS)
_OPEN = "([〔［【"
_CLOSE = ")]〕］】"
_JOINERS = "-_/.·"
_BETWEEN_CODES = "至到和及与或等"
#: Chinese that ends the words between a label and its code (身份证号登记为|6101…, 分别为|4205…,
#: 备案号如|蒙药制字…, 原误录为|GSNY-…), or is the end of a label word itself (（证号|津滨危化…).
_COPULAS = frozenset("为如是系即")
_LABEL_TAILS = frozenset({"证号", "编号", "号码", "号"})
#: The longest code read after a label, and the longest run of Chinese inside one
#: (an issuing authority's short name and 字: 新出发澜字第, 农种许字).
_MAX_VALUE = 48
_MAX_HAN_RUN = 10


def _value_end(s: str, i: int) -> int:
    """End of the code that starts at ``s[i]``, or ``i`` when none does.

    A code is letters, digits, joiners, brackets (balanced) and short runs of Chinese that
    lead to more code (第, 字, 号 and an authority's short name); it ends at the bracket
    that closes the label's own bracket, at punctuation, and before Chinese that leads to
    no more code (备案编码3702986543|继续保持).
    """
    depth, end, j, stop = 0, i, i, min(len(s), i + _MAX_VALUE)
    while j < stop:
        c = s[j]
        if c in _OPEN:
            depth += 1
        elif c in _CLOSE:
            if depth == 0:
                break
            depth -= 1
            if depth == 0:
                end = j + 1
        elif c.isascii() and c.isalnum():
            if depth == 0:
                end = j + 1
        elif c in _JOINERS:
            pass
        elif c == " ":
            # one space between two parts of a foreign code: CNAS L18634, R1-CEP 2019-287
            before, after = s[j - 1] if j > i else "", s[j + 1 : j + 2]
            if not (before.isascii() and before.isalnum() and after.isascii() and after.isalnum()):
                break
        elif "\u4e00" <= c <= "\u9fff":
            if c == "号" and j > i and (s[j - 1].isalnum() or s[j - 1] in _CLOSE):
                if depth == 0:
                    end = j + 1
                    break
            else:
                k = j
                run_stop = min(stop, j + _MAX_HAN_RUN + 1)
                while k < run_stop and "\u4e00" <= s[k] <= "\u9fff" and s[k] != "号" and s[k] not in _BETWEEN_CODES:
                    k += 1
                if k < stop and s[k] in _BETWEEN_CODES:
                    break  # …-0128|至|…-0173: a range or list of codes, each its own
                nxt = s[k : k + 1]
                after = s[k + 1 : k + 2]
                leads_on = (
                    nxt.isascii() and nxt.isalnum()
                    or nxt in _OPEN
                    or (depth > 0 and nxt in _CLOSE)
                    # …or a joiner and more code: the place inside a notice's number (TD(2024)霍营-031)
                    or (nxt in _JOINERS and after.isascii() and after.isalnum())
                )
                if k - j > _MAX_HAN_RUN or not nxt or not leads_on:
                    break
                j = k
                continue
        else:
            break
        j += 1
    return end if depth == 0 or end > i else i


#: The one 年 a code may hold: a contract's or a loan's number in an authority's form, the year
#: and the issuer's short name before 字 and the serial (14050201-2019年（泽川）字0012号).
_YEAR_IN_CODE = re.compile(r"[0-9]{4}年[(（][\u4e00-\u9fff]{1,4}[)）][\u4e00-\u9fff]{0,3}字第?[0-9]{2,8}号$")


def _is_code(value: str) -> bool:
    digits = sum(c.isdigit() for c in value)
    letters = sum(c.isascii() and c.isalpha() for c in value)
    if digits < 2 or (digits < 3 and letters < 2) or len(value) < 4 or (value.isdigit() and len(value) <= 4):
        return False  # too little of a code, or a year or a count on its own (证书(2023))
    if any(c in value for c in "年月日") and not _YEAR_IN_CODE.search(value):
        return False  # a date or a period (有效期至2025年), not a code
    if "\u4e00" <= value[0] <= "\u9fff":
        # a code opened by Chinese is an authority's (…字第0236号, 港经证(0217)号) or a
        # registration's short prefix before letters (索滇AN0012, 交GJC桥隧2021-0386)
        run = _han_run(value)
        head = value[run]
        return (value.endswith("号") or "字" in value or (run <= 4 and head.isascii() and head.isalpha())
                or (run <= 2 and head.isdigit())
                # a profession's or an authority's short name with its class in brackets before a
                # long serial: 中医（执）51060812
                or (run <= 4 and head in _OPEN and digits >= MIN_DIGITS_AFTER_HAN))
    return True


def _han_run(value: str) -> int:
    """How many Chinese chars open ``value`` (an issuing authority's short name: 陕建安|C…)."""
    return next((k for k, c in enumerate(value) if not "\u4e00" <= c <= "\u9fff"), len(value))


def _authority_code(value: str) -> bool:
    """A code that opens with an issuing authority's short name and a letter, with a long serial
    (合格证号陕建安C（2019）0218476): it needs no colon after its label."""
    run = _han_run(value)
    head = value[run : run + 1]
    digits = sum(c.isdigit() for c in value)
    # (a province's char and letters before a five-digit serial: 晋EA-T01127, a crane's filing)
    return 1 <= run <= 4 and head.isascii() and head.isalpha() and (
        digits >= MIN_DIGITS_AFTER_HAN or (run == 1 and digits >= 5 and value[1:].isascii()))


def _outermost(found: list[Finding]) -> list[Finding]:
    """One finding per code: a span found twice, or inside another, is dropped (in text order)."""
    out: list[Finding] = []
    reach = -1  # the furthest end of the spans kept so far (they start no later than the next)
    for f in sorted({(f.start, f.end): f for f in reversed(found)}.values(), key=lambda f: (f.start, -f.end)):
        if f.end > reach:
            out.append(f)
            reach = f.end
    return out


def _labelled_values(text: str, folded: str) -> list[Finding]:
    """Codes after a label that names them, read to the code's end rather than by shape."""
    out: list[Finding] = []
    for m in finditer_in(_LABEL, folded, windows(folded, _LABEL_ANCHOR, pad=60)):
        start = m.end()
        end = _value_end(folded, start)
        while end > start and folded[end - 1] in _JOINERS:
            end -= 1
        lead = _han_run(folded[start:end])
        if 0 < lead < end - start and (folded[start + lead - 1] in _COPULAS or folded[start:start + lead] in _LABEL_TAILS):
            start += lead  # the words between the label and the code are no part of it: 登记为|6101…, 如|LA123…
        value = folded[start:end]
        after = folded[end : end + 1]
        if not value or after in ("年", "月", "日") or (value.isdigit() and after in _AFTER_A_COUNT) or not _is_code(value):
            continue  # (证书：300000余本: a count, not a code)
        if value[0] in _OPEN and not value.endswith("号"):
            continue  # a year in brackets opens a code that ends in 号 ([2022]…农贷字第0412号), not a count (（2023）12本)
        if not m.group("sep") and not (value[0].isascii() and value[0].isalnum()) and not (
            "字" in value and value.endswith("号")
        ) and not _authority_code(value) and not _registered_code(m.group(), value):
            continue  # without a colon or bracket a code starts with a letter or digit, or is an authority's
        out.append(Finding(start, end, "ID_NUMBER", text[start:end], SOURCE, 0.8, {"kind": "licence"}))
        out += _listed_after(text, folded, end)
    return out


def _listed_after(text: str, folded: str, end: int) -> list[Finding]:
    """More codes of the same list or range right after a code that ends at ``end``
    (编号202142001873、202142002216; …-001至…-017; 备案编号分别为晋EA-T01127、|晋EA-T01128)."""
    out: list[Finding] = []
    while (more := _MORE_CODES.match(folded, end)) is not None and _is_code(more.group("code")):
        start, end = more.span("code")
        out.append(Finding(start, end, "ID_NUMBER", text[start:end], SOURCE, 0.8, {"kind": "licence"}))
    return out


def _registered_code(label: str, value: str) -> bool:
    """A certificate's own number label (not a bare 编号) before a code that opens with Chinese and
    carries a long serial: 使用登记证编号起17蒙K00238(19), 登记证号容3LJ晋E00127(23)."""
    return not label.startswith("编号") and sum(c.isdigit() for c in value) >= 5 and _han_run(value) <= 2


#: A table column of codes, by its header: 工号, 工单编号, 证号, 操作证号, 账号, 合同号 …
_CODE_COLUMN = re.compile(
    r"工号|员工号|编号|证号|单号|账号|帐号|卡号|代码|编码|合同号|批号|案号|户号|车牌|证件号|身份证|护照|税号|识别号|"
    r"住院号|病历号|门诊号|学号|学籍号|考生号"
)


def _table_codes(text: str, folded: str) -> list[Finding]:
    """Codes in a table written as lines of cells (序号｜姓名｜工号｜…), by the column's header.

    A row carries no label before its code, only the header above names it: the cells under a
    code's header (工号, 工单编号, 操作证号 …) that hold a code are codes, whatever their shape
    (JYMH-0317, FY12345-20230718-0542).
    """
    out: list[Finding] = []
    for header, a, value in table_cells(folded):
        if any(c in MASK_CHARS and not c.isascii() for c in value):
            continue  # a cell masked already (so masking twice equals masking once: 12345工单|×××)
        if _CODE_COLUMN.search(header) and (
            _is_code(value) or (value.isascii() and sum(c.isdigit() for c in value) >= 4)
        ):
            out.append(Finding(a, a + len(value), "ID_NUMBER", text[a : a + len(value)], SOURCE, 0.8, {"kind": "table"}))
    return out

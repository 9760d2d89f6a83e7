"""Recognizers: tables of report-style sentences, checksums, overlaps, linear-time regexes.

The sentences are written for these tests (invented companies, mines and
people); none is taken from the evaluation data.
"""

from __future__ import annotations

import itertools
import re
import time

import pytest

from baogao.findings import Finding
from baogao.redact.policy import Policy, Register
from baogao.redact.recognizers import (
    bank_card,
    credit_code,
    email,
    find_all,
    find_entities,
    id_number,
    licence,
    location,
    markup,
    org,
    partial,
    person,
    phone,
    resolve,
    tagger_override,
    url,
)


def texts(found: list[Finding], label: str | None = None) -> list[str]:
    return [f.text for f in found if label is None or f.label == label]


def covered(found: list[Finding], text: str, target: str) -> bool:
    """Every char of every occurrence of ``target`` lies inside some finding."""
    start = text.find(target)
    assert start >= 0, target
    while start >= 0:
        for i in range(start, start + len(target)):
            if not any(f.start <= i < f.end for f in found):
                return False
        start = text.find(target, start + 1)
    return True


# --- phone -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "number"),
    [
        ("如有疑问请联系：13912345678。", "13912345678"),
        ("手机：+86 139-1234-5678，工作日可接听", "+86 139-1234-5678"),
        ("联系电话 0351-7654321 转 8", "0351-7654321"),
        ("调度室电话：010-62345678转802", "010-62345678转802"),
        ("值班电话（0913）5123456", "（0913）5123456"),
        ("服务热线400-812-3456全天开通", "400-812-3456"),
        ("手机：１３８０３５１２６７４", "１３８０３５１２６７４"),
        # a dash typed with a Chinese input method (一 is not a dash)
        ("办公室电话：027—87651234。", "027—87651234"),
        ("调度电话0795–6218830", "0795–6218830"),
        ("值班电话：7654321，24小时有人值守", "7654321"),  # a local number after a phone word
        ("传真为 8826 5501。", "8826 5501"),
        ("值班室 0532—8611—9870", "0532—8611—9870"),
        ("电话：029-8618 3327　路电：5-2317　邮箱", "5-2317"),  # a railway's own exchange
        ("调度内线 8123，24小时值守", "8123"),
        ("手机：151-0933-6620　工区短号：661 邮箱", "661"),
        ("联系电话：（0379）63216688　分机：2216　手机", "2216"),
        ("手机：13899 812 476　邮箱", "13899 812 476"),  # a mobile grouped 5-3-3
        ("请拨打1389 981 2476联系", "1389 981 2476"),
        ("客服热线（0798-96118）全年受理诉求", "0798-96118"),  # a hotline in brackets
        ("城管客服热线0951-12319（转2）", "0951-12319"),  # a city's line of a national short number
        # made-up or mistyped numbers after a phone word are masked all the same
        ("联系人王小明，电话0351-1234567。", "0351-1234567"),
        ("办公电话：010-12345678", "010-12345678"),
        ("手机12345678901，邮箱", "12345678901"),
        ("手机号：12345678901", "12345678901"),
        # China's code before an area code without its trunk 0, as letterheads for abroad print it
        ("Tel: +86 10 8234 5678 Fax", "+86 10 8234 5678"),
        ("电话：0086-351-7234567转8001", "0086-351-7234567转8001"),
        ("总机（+86）10-82345678", "（+86）10-82345678"),
        ("Tel: +86 (0)351 7234567", "+86 (0)351 7234567"),
        ("电话：86-10-82345678。", "86-10-82345678"),  # the bare code only after a phone word
        # a mobile half masked still shows seven digits
        ("联系人李工，138****1234。", "138****1234"),
        ("手机：1381234××××", "1381234××××"),
    ],
)
def test_phone_finds_mobiles_and_landlines(sentence: str, number: str) -> None:
    assert number in texts(phone.find(sentence))


@pytest.mark.parametrize(
    "sentence",
    [
        "全年生产原煤13500000吨",  # a quantity, not a phone number
        "身份证号140221198709153216",  # inside a longer number
        "2023年完成投资12.34亿元",
        "编号13899 812 4761",  # twelve digits
        "分别为138 99 812 476",  # a group of two: figures, not a phone
        "接听咨询电话12000余次",  # a count after a phone word
        "电话0351-1234567890",  # too long for a phone
        "产量增长86 351吨",  # a number after 86 is no landline without China's code
        "138****123",  # too short for a half-masked mobile
    ],
)
def test_phone_ignores_quantities_and_longer_numbers(sentence: str) -> None:
    assert phone.find(sentence) == []


# --- id numbers, bank cards, credit codes --------------------------------------


def _id_check(body: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]


def test_id_number_valid_checksum_scores_full() -> None:
    body = "11010519900307461"
    number = body + _id_check(body)
    [f] = id_number.find(f"员工王某（身份证号{number}）")
    assert f.text == number and f.score == 1.0 and f.attrs["valid"] is True


def test_id_number_invalid_checksum_still_reported() -> None:
    body = "11010519900307461"
    wrong = "0" if _id_check(body) != "0" else "1"
    [f] = id_number.find(f"身份证号：{body}{wrong}")
    assert f.attrs["valid"] is False and f.score < 1.0


@pytest.mark.parametrize(
    ("sentence", "number"),
    [
        ("客户张某（身份证号140102********123X）", "140102********123X"),
        ("身份证号：1401021980****1234，", "1401021980****1234"),
        ("身份证号码：140102****1234。", "140102****1234"),  # fewer masks after an ID word
        ("名单：140102××××××××1234", "140102××××××××1234"),  # an ID number's 18 chars
    ],
)
def test_id_number_half_masked_is_masked_whole(sentence: str, number: str) -> None:
    assert texts(id_number.find(sentence)) == [number]


@pytest.mark.parametrize(
    "sentence",
    [
        "身份证号：140102************",  # the region code alone shows
        "共计1401020000****件",  # no ID word, not 18 chars
        "140102××××××××1234567",  # too long
    ],
)
def test_id_number_half_masked_needs_digits_and_a_shape(sentence: str) -> None:
    assert id_number.find(sentence) == []


def test_id_number_old_fifteen_digit_form() -> None:
    assert texts(id_number.find("旧身份证号码110105900307461已停用")) == ["110105900307461"]


def test_id_number_written_in_groups() -> None:
    body = "11010519900307461"
    number = body + _id_check(body)
    wrong = body + ("0" if _id_check(body) != "0" else "1")
    grouped = f"{number[:6]} {number[6:14]} {number[14:]}"
    # a valid number in groups needs no label; a wrong checksum needs 身份证 before it
    assert texts(id_number.find(f"员工王某（{grouped}）")) == [grouped]
    fours = " ".join(wrong[i : i + 4] for i in range(0, 18, 4))  # 1101 0519 9003 0746 1x
    assert texts(id_number.find(f"身份证：{fours}。")) == [fours]
    assert id_number.find(f"编号：{fours}。") == []
    assert id_number.find("卡号6222 0200 1234 5678 901，2019-2023年") == []


def test_id_number_rejects_impossible_dates() -> None:
    assert id_number.find("编码110105199013374611") == []


def _luhn_complete(body: str) -> str:
    for d in "0123456789":
        if bank_card.luhn_ok(body + d):
            return body + d
    raise AssertionError


def test_bank_card_luhn_valid_without_context() -> None:
    card = _luhn_complete("622848001234567890")
    assert texts(bank_card.find(f"请汇入{card}。")) == [card]


def test_bank_card_context_word_reports_even_failing_luhn() -> None:
    card = _luhn_complete("622848001234567890")
    bad = card[:-1] + str((int(card[-1]) + 1) % 10)
    [f] = bank_card.find(f"工会互助基金账户为{bad}")
    assert f.attrs["luhn"] is False


def test_bank_card_ignores_long_numbers_without_context_or_luhn() -> None:
    card = _luhn_complete("122848001234567890")
    bad = card[:-1] + str((int(card[-1]) + 1) % 10)
    assert bank_card.find(f"批次号{bad}") == []


def _credit_code(body: str) -> str:
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    weights = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    total = sum(alphabet.index(c) * w for c, w in zip(body, weights, strict=True))
    return body + alphabet[(31 - total % 31) % 31]


def test_credit_code_checksum() -> None:
    code = _credit_code("91140200MA0K3L7Q2")
    assert credit_code.checksum_ok(code)
    assert texts(credit_code.find(f"统一社会信用代码：{code}")) == [code]
    broken = code[:-1] + ("A" if code[-1] != "A" else "B")
    assert not credit_code.checksum_ok(broken)
    assert credit_code.find(f"编码{broken}") == []


# --- email, url, licence, markup -------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("邮箱：safety.dept@hzmy-group.com.cn）", "safety.dept@hzmy-group.com.cn"),
        ("请发送至 hr_2023@bank.cn。", "hr_2023@bank.cn"),
        ("邮箱：zhang.san@东岭.com.cn，电话", "zhang.san@东岭.com.cn"),  # a Chinese domain label
        ("投稿office@东岭煤业.中国即可", "office@东岭煤业.中国"),
    ],
)
def test_email(sentence: str, expected: str) -> None:
    assert texts(email.find(sentence)) == [expected]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("依托隐患排查系统（http://yh.kmny.com.cn/login）", "http://yh.kmny.com.cn/login"),
        ("访问https://oa.example.cn/a?b=1。", "https://oa.example.cn/a?b=1"),
        ("内网地址www.hzmy.local，", "www.hzmy.local"),
        ("服务器192.168.10.25:8080已停用", "192.168.10.25:8080"),
        ("文件服务器 ftp://10.1.2.3/share 每日备份", "ftp://10.1.2.3/share"),
        ("门户 portal.hzmy.com.cn 上线", "portal.hzmy.com.cn"),
        ("访问oa.hzmy.cn:8080/login查看", "oa.hzmy.cn:8080/login"),  # with the service's port
        ("IPv6：fe80::1ff:fe23:4567:890a，", "fe80::1ff:fe23:4567:890a"),
        ("地址2001:db8:0:0:8:800:200c:417a/64。", "2001:db8:0:0:8:800:200c:417a/64"),
    ],
)
def test_url_links_hosts_and_ip(sentence: str, expected: str) -> None:
    assert expected in texts(url.find(sentence))


def test_url_ignores_decimals_and_versions() -> None:
    assert url.find("同比增长3.5个百分点，达到12.6万吨") == []
    # times and ratios have colons but are no IPv6 addresses
    assert url.find("会议于10:30:00开始，比例为1:2:3:4，时间 12::30") == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("客户经理孙某（工号HY100512）获评十佳", "HY100512"),
        ("合同编号：QL-2023-0456，金额300万元", "QL-2023-0456"),
        ("采矿许可证号C6100002010011120056789", "C6100002010011120056789"),
        ("证书编号为 AQ2023001234。", "AQ2023001234"),
        # an issuing authority's prefix in Chinese belongs to the number
        ("道路运输经营许可证号：粤交运管许可穗字440100028613号。", "粤交运管许可穗字440100028613号"),
        # approvals and a bare 编号 before a code
        ("许可证办理（编号430501102456等）平均时限压缩40%。", "430501102456"),
        ("开展临床研究（伦理批件号：HX-EC-2024-0519）。", "HX-EC-2024-0519"),
        ("经营保险业务许可证（机构编码：000123330182009）年检通过。", "000123330182009"),
        ("发现批号为20230716B2的一批酸奶。", "20230716B2"),
        ("对集装箱（箱号TGHU8823461）熏蒸。", "TGHU8823461"),
        ("除雪车（号牌甘L·3Q268）驾驶员值守。", "甘L·3Q268"),
        ("一起借贷纠纷案（（2023）云0525民初1387号）审结。", "（2023）云0525民初1387号"),
        ("柜员林涛（柜员号T0312）办理业务。", "T0312"),
        ("个人执业证书编号S0880123080012年检合格。", "S0880123080012"),  # a code before 年 is no date
    ],
)
def test_licence_numbers_after_context_words(sentence: str, expected: str) -> None:
    assert texts(licence.find(sentence)) == [expected]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # read to the code's end after the label, whatever the code's shape
        ("检验报告（证书编号：TUV 551208-2022-QMS）已归档", "TUV 551208-2022-QMS"),
        ("锅炉使用登记证（证号：锅陕AB0315（22））年检合格", "锅陕AB0315（22）"),
        ("压力容器登记证编号：容12晋B0071（21）", "容12晋B0071（21）"),
        ("办理取水许可证（取水（云岭）字〔2022〕第0045号）变更", "取水（云岭）字〔2022〕第0045号"),
        ("食品经营许可证：（川蓉）食经字第B0517号）", "（川蓉）食经字第B0517号"),
        ("通过复审（证书编号：〔2022〕川量标证字第0331号）。", "〔2022〕川量标证字第0331号"),
        ("动物防疫条件合格证〔（滇曲）动防合字第20200071号〕有效", "（滇曲）动防合字第20200071号"),
        ("借款合同编号兴农借字2022第0117号，已结清", "兴农借字2022第0117号"),
        ("获发明专利（专利号ZL202210385517.6）。", "ZL202210385517.6"),
        ("（住院号ZY20230917042）康复出院", "ZY20230917042"),
        ("海关备案编码4403961234继续保持高级认证", "4403961234"),
        ("劳务合同（合同编号：HT-LW-07）按月结算", "HT-LW-07"),
        # identity documents besides the ID card, and a contract's number
        ("随团人员护照号码：E12345678，", "E12345678"),
        ("港澳通行证：C12345678，", "C12345678"),
        ("台胞证号：08123456。", "08123456"),
        ("合同号：（2023）晋煤合字第156号，", "（2023）晋煤合字第156号"),
        ("开户许可证核准号：J1610001234501", "J1610001234501"),
    ],
)
def test_licence_values_read_to_their_end(sentence: str, expected: str) -> None:
    assert expected in texts(licence.find(sentence))
    assert all(expected in t or t in expected for t in texts(licence.find(sentence)))


@pytest.mark.parametrize(
    ("sentence", "accounts"),
    [
        ("联系人QQ：123456789，微信号：zhang_xm2023。", ["123456789", "zhang_xm2023"]),
        ("欢迎加入QQ群612345789交流", ["612345789"]),
        ("钉钉号dt_lihua，请备注单位", ["dt_lihua"]),
        ("微信：13812345678（同手机号）", ["13812345678"]),
        # counts after the word are no accounts
        ("全年发布微信1200条、微博300条", []),
        ("QQ群12000余人在线", []),
        ("微信公众号推送文章300篇", []),
    ],
)
def test_messaging_accounts_after_their_word(sentence: str, accounts: list[str]) -> None:
    found = [f for f in licence.find(sentence) if f.attrs.get("kind") == "account"]
    assert texts(found) == accounts


def test_labelled_values_stop_at_prose_and_dates() -> None:
    assert licence.find("许可证：有效期内无违规记录，证书编号：2023年度评审") == []
    assert licence.find("邮政编码100088") == []
    assert licence.find("取得证书（2023）12本，许可证12项") == []
    assert licence.find("为企业发放绿色通行证12张，代办护照30本") == []
    # a range or list of codes is read code by code, not as one
    assert texts(licence.find("（协议编号：KX-2024-0031至KX-2024-0058）")) == ["KX-2024-0031", "KX-2024-0058"]


def test_licence_needs_digits() -> None:
    assert licence.find("工号管理办法另行制定") == []
    # a Chinese prefix only before a long number: dates and amounts after a context word stay
    assert licence.find("许可证有效期至2025年12月") == []
    assert licence.find("合同金额达1200万元") == []
    assert licence.find("按编号第3号文件执行，统一编号规则") == []
    assert licence.find("编号2023年度计划") == []
    # more codes of one list or range
    text = "证书（编号202142001873、202142002216），协议编号QFSN-WB-2023-001至QFSN-WB-2023-017"
    assert texts(licence.find(text)) == ["202142001873", "202142002216", "QFSN-WB-2023-001", "QFSN-WB-2023-017"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("2##paidbegin##023年工作会议", "##paidbegin##"),
        ("全文完##paidend##", "##paidend##"),
        ("<p>正文</p>", "<p>"),
        ("空格<U+00A0>残留", "<U+00A0>"),
        ("数据&nbsp;来源", "&nbsp;"),
    ],
)
def test_markup_leftovers(sentence: str, expected: str) -> None:
    assert expected in texts(markup.find(sentence))


# --- partial masks -------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("重点挖掘××××××公××司在精益管理", "××××××公××司"),
        ("2023年，×××××公司新闻宣传工作", "×××××公司"),
        ("为西北××高质量发展", "西北××"),
        ("在×××有限公司的领导下", "×××有限公司"),
    ],
)
def test_partial_mask_leftovers(sentence: str, expected: str) -> None:
    assert expected in texts(partial.find(sentence))


@pytest.mark.parametrize("sentence", ["组织××××名通讯员", "唱响××××好声音", "对×××等××名人员帮教", "××××"])
def test_partial_mask_leaves_pure_and_counted_masks(sentence: str) -> None:
    assert partial.find(sentence) == []


# --- organisations ----------------------------------------------------------------

ORG_CASES = [
    ("2023年，秦岭能源集团汉中煤业有限公司认真落实安全部署", ["秦岭能源集团汉中煤业有限公司"]),
    ("认真落实渭北矿业集团有限责任公司工作要求", ["渭北矿业集团有限责任公司"]),
    ("与西安华测智能科技有限公司合作建设平台", ["西安华测智能科技有限公司"]),
    ("劳务分包单位宏远劳务有限公司存在拖欠工资问题", ["宏远劳务有限公司"]),
    ("金城银行河西分行人力资源部组织培训", ["金城银行河西分行"]),
    ("红旗路支行被评为示范网点", ["红旗路支行"]),
    ("柳湾供电所所长带领党员攻坚", ["柳湾供电所"]),
    ("中共瑞丰化工集团有限公司委员会", ["瑞丰化工集团有限公司"]),
]


@pytest.mark.parametrize(("sentence", "names"), ORG_CASES)
def test_org_suffix_names(sentence: str, names: list[str]) -> None:
    assert texts(org.find(sentence)) == names or set(names) <= set(texts(org.find(sentence)))
    for name in names:
        assert covered(org.find(sentence), sentence, name)


@pytest.mark.parametrize(
    "sentence",
    [
        "全公司上下要守牢安全底线，本公司党委提出要求。",
        "大力推进清洁能源、新能源和综合能源服务。",
        "集团公司党委统一部署，各子公司、分公司抓好落实。",
        "成立智能制造研究院，建成能源管控中心。",
        "在上级公司的坚强领导下，讲好铁路故事。",
        "深入贯彻党中央、国务院决策部署，落实国资委要求。",
    ],
)
def test_org_ignores_generic_units(sentence: str) -> None:
    assert org.find(sentence) == []


def test_org_short_alias_needs_support_and_is_found_everywhere() -> None:
    text = (
        "秦岭能源集团汉中煤业有限公司年度报告。\n"
        "一年来，汉中煤业坚持安全发展，为秦岭集团稳产保供作出贡献，汉中公司获评先进。"
    )
    found = org.find(text)
    for alias in ("汉中煤业", "秦岭集团", "汉中公司"):
        assert covered(found, text, alias), alias


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        # a kind of company before the name, and a verb-like word that is the name's own
        ("控股子公司清源再生资源利用有限公司建成处理线。", "清源再生资源利用有限公司"),
        # an industry word inside the name (船舶) is no ordinary word before it
        ("在全厂推广，海澄船舶舾装工程有限公司安全员获评先进。", "海澄船舶舾装工程有限公司"),
        ("联合远航风电设备有限公司实施叶片优化。", "远航风电设备有限公司"),
    ],
)
def test_org_names_after_a_kind_of_company_and_with_industry_words(sentence: str, name: str) -> None:
    assert name in texts(org.find(sentence))
    assert "控股子公司" not in texts(org.find(sentence))


@pytest.mark.parametrize(
    ("sentence", "project"),
    [
        ("实施白鹭洲校区实验楼改扩建工程，新增实验室12间。", "白鹭洲校区实验楼改扩建工程"),
        ("全力推进南港生产基地高性能树脂项目环保验收。", "南港生产基地高性能树脂项目"),
        # a verb right before 工程 names the works: 除险加固, 加高扩容
        ("稳步推进。凤凰山水库除险加固工程完成投资。", "凤凰山水库除险加固工程"),
        ("启动黑水沟尾矿库加高扩容工程前期论证。", "黑水沟尾矿库加高扩容工程"),
    ],
)
def test_a_named_site_carries_its_project(sentence: str, project: str) -> None:
    assert covered(find_all(sentence, ner=False), sentence, project)


@pytest.mark.parametrize(
    ("sentence", "free"),
    [
        ("滨河新城安置房项目荣获中国建设工程鲁班奖。", "荣获中国建设工程"),  # a clause after the site
        ("哈达图煤矿完成防治水工程3项。", "完成防治水工程"),
        ("锡林风电场二期30万千瓦项目并网。", "30万千瓦项目"),  # a capacity
        ("鸿泰纺织有限公司设备更新项目获贷款。", "设备更新项目"),  # a company's business
    ],
)
def test_project_tails_stop_at_clauses_capacities_and_companies(sentence: str, free: str) -> None:
    found = find_all(sentence, ner=False)
    start = sentence.index(free)
    assert not any(f.start < start + len(free) and start < f.end and f.end > start + 2 for f in found), texts(found)


@pytest.mark.parametrize(
    ("span", "cut"),
    [("渤西油库", 0), ("白沙港查验场", 0), ("云南鲁布革电站", 2)],
)
def test_model_span_closed_by_a_kind_char(span: str, cut: int) -> None:
    """A confident model span ending in a one-char kind counts when a proper name opens it."""
    from baogao.redact.recognizers import _kind_closed

    assert _kind_closed(span) == cut


@pytest.mark.parametrize("span", ["日本军队", "越南当局", "中西部地区", "香港特别行政区", "和平路", "安全生产", "江泽民国防和军队"])
def test_model_span_closed_by_a_kind_char_needs_a_name(span: str) -> None:
    from baogao.redact.recognizers import _kind_closed

    assert _kind_closed(span) is None


@pytest.mark.parametrize(("span", "ok"), [("10千伏", False), ("110千伏", False), ("3号", False), ("3号斜井", True), ("10千伏金沙Ⅱ回线", True)])
def test_a_tagger_span_that_is_only_a_quantity_names_nothing(span: str, ok: bool) -> None:
    from baogao.redact.recognizers import _tagger_span_ok

    assert _tagger_span_ok(span) is ok


@pytest.mark.parametrize(("span", "ok"), [("其他小煤矿", False), ("相关单位", False), ("部分乡镇", False), ("东岭煤矿", True)])
def test_a_tagger_span_opened_by_a_determiner_names_nothing(span: str, ok: bool) -> None:
    from baogao.redact.recognizers import _tagger_span_ok

    assert _tagger_span_ok(span) is ok


@pytest.mark.parametrize(
    ("text", "site"),
    [("侵蚀洱海边其他水泵站的岸基台阶", None), ("检修了红崖沟水泵站的岸基台阶", "红崖沟水泵站")],
)
def test_a_site_does_not_start_inside_the_word_before_it(text: str, site: str | None) -> None:
    """其|他水泵站: the site's first char would close 其他; a name does not start inside a word."""
    if site is None:
        assert not location.find(text) and not find_all(text, ner=False)
    else:
        assert site in texts(location.find(text)) and site in texts(find_all(text, ner=False))


def test_entities_keep_to_names_as_found_and_skip_titles_and_dates() -> None:
    """Short forms and coined cores are for masking; the entity list and dates stay clean."""
    assert "书香·港情" not in texts(find_entities("图书馆举行“书香·港情”的文学节。", ner=False))
    assert "年第" not in texts(find_all("中国人民银行将发行2008年第一百一十二期中央银行票据，年第一季度。", ner=False))


def test_a_company_named_by_its_city_and_kind_words() -> None:
    text = "鹤城热力在鹤城市城市发展投资集团有限公司的领导下。"
    assert "鹤城市城市发展投资集团有限公司" in texts(org.find(text))


def test_a_count_ends_a_site_name_before_its_kind() -> None:
    """青石、白沙两坑口: 两 belongs to no name; names with numerals stay whole (三峡水库)."""
    assert "白沙两坑口" not in texts(location.find("青石、白沙两坑口坑长带班。"))
    assert "三峡水库" in texts(location.find("三峡水库、二滩电站运行平稳。"))


def test_an_acronym_in_brackets_stands_for_the_name_everywhere() -> None:
    text = "东港码头（DGCT）完成吞吐量。DGCT“码头尖兵”获表彰。采用GIS系统（GIS）。"
    found = find_all(text, ner=False)
    assert [f.start for f in found if f.text == "DGCT"] == [5, 16]
    assert not any(f.text == "GIS" for f in found)  # no name before it: a term, not an acronym


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("值长丁晓东带领QC小组研发", "丁晓东"),
        ("平台司钻彭振东、井架工韩涛和泥浆工程师", "韩涛"),
        ("国家级非遗项目传承人龙秀英开展进校园活动", "龙秀英"),
        ("高山村茶农郑有福说：“跟着干有奔头”", "郑有福"),
    ],
)
def test_more_posts_before_a_name(text: str, name: str) -> None:
    assert name in texts(person.find(text))


def test_a_post_and_a_staff_or_id_number_vouch_for_a_name_without_surname() -> None:
    assert texts(person.find("分包单位作业人员扎多（身份证号513322199001011234）违规进场")) == ["扎多"]
    assert texts(person.find("现场监护人员普文涛（工号JSYL-0012）被约谈")) == ["普文涛"]
    # no post before it, or an ordinary word there: no name
    assert person.find("经理（工号A12）") == []
    assert person.find("安全员安全（工号1）") == []


def test_a_title_vouches_for_given_names_with_function_chars() -> None:
    assert texts(person.find("站长郑再兴作为驻村第一书记")) == ["郑再兴"]
    assert texts(person.find("党委书记陈之华带领班子成员")) == ["陈之华"]
    # a given name that the dictionary knows as one, although it is also a word (向东, 向阳)
    assert texts(person.find("信息中心主任尹向东坐镇指挥")) == ["尹向东"]
    assert texts(person.find("站长李向阳带队巡检")) == ["李向阳"]
    # …but not where the chars read as words: 再次, 公司, 昨日
    assert person.find("局长张再次强调安全") == []
    assert person.find("经理王向公司汇报") == []
    assert person.find("厂长赵于昨日到岗") == []


def test_names_listed_next_to_a_persons_name_are_names() -> None:
    from baogao.redact.recognizers import _person_list_mates

    text = "由周一帆、王可、陈思远等5名本科生组成，党员赵海军、李瑞获评"
    found = [Finding(1, 4, "PERSON", "周一帆", "ner", 0.9), Finding(8, 11, "PERSON", "陈思远", "ner", 0.9),
             Finding(26, 28, "PERSON", "李瑞", "ner", 0.9)]
    assert sorted(f.text for f in _person_list_mates(text, found)) == ["王可", "赵海军"]
    # verbs and their objects, dictionary places and famous names listed next to a name stay
    text = "张建国、强技术、控风险；王平、阿富汗、林彪"
    found = [Finding(0, 3, "PERSON", "张建国", "ner", 0.9), Finding(12, 14, "PERSON", "王平", "ner", 0.9)]
    assert _person_list_mates(text, found) == []


def test_a_provincial_body_masked_from_its_sheng_takes_its_province() -> None:
    from baogao.redact.recognizers import _name_edges

    text = "在江西省地质局党委的领导下"
    body = Finding(3, 7, "ORG", "省地质局", "tagger", 0.9)
    assert [(f.start, f.end, f.text) for f in _name_edges(text, [body])] == [(1, 7, "江西省地质局")]
    # a province before a name of its own is left alone (福建|三明钢铁厂)
    assert _name_edges("福建三明钢铁厂", [Finding(2, 7, "ORG", "三明钢铁厂", "org", 0.9)]) == []


def test_a_short_name_declared_after_the_name_is_masked_everywhere() -> None:
    from baogao.redact.mask import mask_text

    text = "青川钢铁集团有限公司（以下简称“青钢”，英文缩写QCSG）部署。QCSG党委和青钢各厂"
    masked = mask_text(text, find_all(text, ner=False)).text
    assert "QCSG" not in masked and "青钢" not in masked
    # an ordinary word declared as the short name (以下简称“公司”) stands for nothing
    text = "青川钢铁集团有限公司（以下简称“公司”）党委。公司全年"
    assert mask_text(text, find_all(text, ner=False)).text.endswith("党委。公司全年")


def test_stores_named_after_their_company_and_hotlines() -> None:
    text = "康泽大药房人民路旗舰店开业，开通供热服务热线0459-96066。"
    found = find_all(text, ner=False)
    assert covered(found, text, "康泽大药房人民路旗舰店") and covered(found, text, "0459-96066")


def test_a_courts_tribunal_is_an_organisation() -> None:
    assert "龙潭人民法庭" in texts(org.find("龙潭人民法庭、勐旺人民法庭实现远程庭审。"))


def test_any_found_organisation_is_also_found_by_its_short_forms() -> None:
    """A name found by another recognizer (a city's museum) brings its short forms into memory."""
    text = "云州市博物馆2024年工作总结\n2024年，云州博物馆推出特展，“云博”品牌影响力提升。"
    found = find_all(text, ner=False)
    assert covered(found, text, "云州博物馆") and covered(found, text, "云博")


def test_bare_core_unknown_to_the_dictionary_is_the_name() -> None:
    """讲好华岳故事: a coined core (no dictionary word) names the company alone; a word core does not."""
    text = "华岳建材集团有限公司宣传部。讲好华岳故事，传播华岳声音。赣西能源集团有限公司讲好赣西故事。"
    found = texts(org.find(text))
    assert found.count("华岳") == 2
    assert "赣西" not in found


@pytest.mark.parametrize(
    ("name", "alias"),
    [
        ("秦岭能源集团汉中煤业有限公司", "汉中煤业"),
        ("秦岭能源集团汉中煤业有限公司", "秦岭能源集团"),
        ("河洛铁路投资集团有限公司", "河洛铁投"),
        ("宏远劳务有限公司", "宏远劳务"),
        ("北京云帆数字科技有限公司", "云帆数字科技"),
        # usual short forms of trades and branches, a later word of the name, 国际 dropped
        ("中衡财产保险股份有限公司桐江中心支公司", "中衡财险"),
        ("中衡财产保险股份有限公司桐江中心支公司", "桐江中支"),
        ("桐江众诚汽车服务有限公司", "众诚汽服"),
        ("梅溪市国有资本投资运营有限公司", "梅溪国投"),
        ("海澄船舶舾装工程有限公司", "海澄舾装"),
        ("星途国际旅行社有限公司", "星途旅行社"),
        # a city's name before the company's own
        ("锦城清源城市环境服务有限公司", "清源环境"),
        # a later word of the name as the dictionary cuts it, not every two chars
        ("宏运集装箱物流有限公司", "宏运集装箱"),
        # the usual short forms of a teaching hospital and of a local people's hospital
        ("江城医科大学附属第一医院", "江医附一院"),
        ("汉江医科大学附属第一医院", "汉医附一"),
        ("桐华区人民医院", "桐医"),
        ("江岚农村商业银行股份有限公司", "江岚农商行"),
        ("鹤城市城市发展投资集团有限公司", "鹤城城发"),
    ],
)
def test_derive_aliases(name: str, alias: str) -> None:
    assert alias in org.derive_aliases(name)


def test_org_core_with_kind_word_alias() -> None:
    found = org.find_aliases("鼎泰三建、鼎泰路桥承建的工程获奖，鼎泰地区天气晴", ["鼎泰建设集团有限公司"])
    assert texts(found) == ["鼎泰三建", "鼎泰路桥"]


def test_org_seed_aliases_without_long_names(seed_text: str) -> None:
    found = texts(org.find(seed_text))
    for alias in ("西北矿业", "山能能源", "水煤公司"):
        assert alias in found


# --- locations --------------------------------------------------------------------

LOCATION_CASES = [
    ("董事长多次深入龙泉沟煤矿、白杨河煤矿井下检查", ["龙泉沟煤矿", "白杨河煤矿"]),
    ("新建石门岭变电站，完成青松岭隧道加固", ["石门岭变电站", "青松岭隧道"]),
    ("在银沙湾集装箱码头建设光伏电站", ["银沙湾集装箱码头"]),
    ("记者深入柳林站、黑石岭隧道一线采访", ["柳林站", "黑石岭隧道"]),
    ("地址：汉中市天汉大道66号秦岭大厦", ["汉中市天汉大道66号秦岭大厦"]),
    ("地址：云州经济开发区丹霞路18号", ["云州经济开发区丹霞路18号"]),
    ("在青峰化工园区新建装置一次开车成功", ["青峰化工园区"]),
    ("成功中标汉江国际会展中心项目，合同额28亿元", ["汉江国际会展中心项目"]),
    ("装配式桥梁技术在南环快速路二标段成功应用", ["南环快速路二标段"]),
    ("王庄矿、红柳矿全年生产原煤1856万吨", ["王庄矿", "红柳矿"]),
    ("工会组织职工赴南梁镇开展帮扶，为寺沟村修建道路", ["南梁镇", "寺沟村"]),
    ("在火车东站换乘站设立爱心服务台，汽车南站增开班次", ["火车东站", "汽车南站"]),
]


@pytest.mark.parametrize(("sentence", "places"), LOCATION_CASES)
def test_location_sites_and_addresses(sentence: str, places: list[str]) -> None:
    found = location.find(sentence)
    for place in places:
        assert covered(found, sentence, place), place
    assert set(texts(found)) <= set(places) | {p for p in texts(found) if any(p in q for q in places)}


@pytest.mark.parametrize(
    "sentence",
    [
        "各矿井均保持安全生产标准化一级达标。",
        "在山区小站坚守十八年。",
        "所辖台区线损率下降，港区绿化覆盖率提高。",
        "省外市场新签合同额增长，西南地区中标项目2个。",
        "启动职工周转公寓项目建设，在建项目146个。",
        "山东省、河南省的兄弟单位来访。",
        "全矿职工、各矿井和选矿车间完成任务。",
        "加快城镇建设，健全村级组织，镇压邪气。",
        "职工乘火车到站后换乘汽车前往工地。",
    ],
)
def test_location_ignores_generic_places(sentence: str) -> None:
    assert location.find(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "place"),
    [
        # the suffix rules read 仓山|区 as a mountain area and 鼓楼|区 as a tower's block
        ("确保了鼓楼区、仓山区等主城区供电可靠。", "仓山区"),
        ("确保了鼓楼区、仓山区等主城区供电可靠。", "鼓楼区"),
        ("学校获评塔城地区民族团结进步示范单位。", "塔城地区"),
        # a county-level city written without its suffix
        ("寒潮在吉林省公主岭地区出现。", "公主岭"),
        ("北辰叶片曹妃甸海上风电项目吊装完成。", "曹妃甸"),
    ],
)
def test_real_prefectures_and_counties_are_places(sentence: str, place: str) -> None:
    assert covered(location.find(sentence), sentence, place)


@pytest.mark.parametrize(
    ("sentence", "phrase"),
    [
        ("要主动适应城市发展新要求。", "应城市"),  # 适应|城市, not 应城市
        ("积极拓展合作市场。", "合作市"),  # 合作|市场
        ("推进港口区域一体化。", "港口区"),  # 港口|区域
        ("事故发生后，会同县疾控中心赶赴现场。", "会同县"),  # 会同 (together with) reads as a verb
        ("管网老化，老城区管网漏损率偏高。", "老城区"),  # the old town, not Luoyang's district
    ],
)
def test_division_names_inside_ordinary_words_are_not_places(sentence: str, phrase: str) -> None:
    assert not any(f.attrs.get("kind") == "admin" and phrase in f.text for f in location.find(sentence))


# --- persons ------------------------------------------------------------------------

PERSON_CASES = [
    ("矿长周立平带头落实包保责任制", ["周立平"]),
    ("由财务部主任孙丽华牵头召开分析会", ["孙丽华"]),
    ("联系人：综合办公室　孙悦　电话：029-86201133", ["孙悦"]),
    ("记者 王明 报道", ["王明"]),
    ("转炉首席操作员韩德胜带领团队攻关", ["韩德胜"]),
    ("张建国同志任组长", ["张建国"]),
    ("通讯员李文博、赵雪梅被评为优秀通讯员", ["李文博", "赵雪梅"]),
    ("管培生欧阳一鸣（工号HY230145）等6人", ["欧阳一鸣"]),
    ("项目经理陈刚被集团约谈", ["陈刚"]),
    ("述职人：林悦", ["林悦"]),
    ("由张建国、李四、王五等负责现场协调", ["张建国", "李四", "王五"]),
    ("总工程师赵刚带领技术团队", ["赵刚"]),
    # a name without a Han surname: closed by 同志 after the post, or by a frequent action noun
    ("种植基地负责人格桑同志带领技术服务队", ["格桑"]),
    ("技术员岩温总结推广的育苗技术", ["岩温"]),
]


@pytest.mark.parametrize(("sentence", "names"), PERSON_CASES)
def test_person_names_in_context(sentence: str, names: list[str]) -> None:
    assert sorted(texts(person.find(sentence))) == sorted(names) or set(names) <= set(
        texts(person.find(sentence))
    )
    for name in names:
        assert name in texts(person.find(sentence))


@pytest.mark.parametrize(
    "sentence",
    [
        "总经理全面负责安全生产工作",
        "党员干部带头学习",
        "项目经理和项目总工160余人参加培训",
        "联系人：党委组织部",
        "职工周转公寓项目开工",
        "在公司党委的带领下",
        "各位领导同志，大家好",
        "全体党员同志要带头",
    ],
)
def test_person_ignores_words_after_titles(sentence: str) -> None:
    assert person.find(sentence) == []


def test_no_count_in_a_name_before_comrades() -> None:
    assert not any("两" in f.text for f in person.find("运行值班员韩雪两名同志在岗"))


# --- find_all / find_entities -----------------------------------------------------------

REPORT = (
    "秦岭能源集团汉中煤业有限公司2023年工作总结\n"
    "2023年，汉中煤业认真落实秦岭能源集团有限公司部署，龙泉沟煤矿全年安全生产。"
    "党委书记周立平多次深入龙泉沟煤矿检查。周立平指出，要对标人民日报报道的先进经验。\n"
    "习近平总书记强调，安全生产要坚持人民至上。\n"
    "联系人：安全监察部　吴晓丽　电话：029-86201133　邮箱：aqb@hzmy.com.cn\n"
)


def test_find_all_masks_every_occurrence_and_keeps_public_names() -> None:
    found = find_all(REPORT)
    for target in ("周立平", "龙泉沟煤矿", "汉中煤业", "吴晓丽", "029-86201133", "aqb@hzmy.com.cn"):
        assert covered(found, REPORT, target), target
    assert not any("习近平" in f.text or "人民日报" in f.text for f in found)
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("认真落实李强总理在国务院常务会议上的讲话精神。", True),  # the premier, named with his title
        ("国务院总理李强主持召开国务院常务会议。", True),
        ("安全环保部李强同志带队到现场检查。", False),  # a common name: staff, masked
        ("党委书记李强主持会议。", False),
    ],
)
def test_a_common_name_is_public_only_with_the_public_title(text: str, kept: bool) -> None:
    found = find_all(text)
    assert (not any("李强" in f.text for f in found)) is kept, [(f.text, f.label) for f in found]


def test_find_all_respects_policy_labels_and_deny_terms() -> None:
    policy = Policy(labels=frozenset({"PHONE"}), deny=frozenset({"安全监察部"}))
    found = find_all(REPORT, policy=policy)
    assert {f.label for f in found} == {"PHONE", "DENY"}


def test_find_all_register_matches_aliases_and_staff() -> None:
    text = "今年，东川公司和东川煤业在白石坡矿区开展检查，刘某某带队。"
    policy = Policy(
        register=Register(
            orgs=frozenset({"西岭集团东川煤业有限公司"}),
            persons=frozenset({"刘某某"}),
            sites=frozenset({"白石坡矿区"}),
        )
    )
    found = find_all(text, policy=policy)
    for target in ("东川公司", "东川煤业", "白石坡矿区", "刘某某"):
        assert covered(found, text, target), target


def test_find_entities_includes_public_names() -> None:
    found = find_entities("党委书记周立平在人民日报社座谈")
    assert "周立平" in texts(found, "PERSON")


def test_resolve_merges_overlaps_into_union() -> None:
    a = Finding(0, 4, "ORG", source="x", score=0.5)
    b = Finding(2, 8, "LOCATION", source="y", score=0.9)
    c = Finding(10, 12, "PERSON")
    merged = resolve([b, c, a])
    assert [(f.start, f.end, f.label) for f in merged] == [(0, 8, "LOCATION"), (10, 12, "PERSON")]


# --- linear time ---------------------------------------------------------------------

ADVERSARIAL = {
    "digits": "1" * 1_000_000,
    "digits_dashes": "1-" * 500_000,
    "letters": "a" * 1_000_000,
    "dots": "a." * 500_000,
    "mixed": "a1@." * 250_000,
    "masks": "×公" * 500_000,
    "angle": "<a " * 333_333,
}
PATTERN_RECOGNIZERS = (phone, id_number, bank_card, credit_code, email, url, licence, markup, partial)


@pytest.mark.parametrize("kind", sorted(ADVERSARIAL))
def test_pattern_recognizers_run_in_linear_time(kind: str) -> None:
    text = ADVERSARIAL[kind]
    t0 = time.perf_counter()
    for module in PATTERN_RECOGNIZERS:
        module.find(text)
    assert time.perf_counter() - t0 < 20.0


ENTITY_ADVERSARIAL = {
    "particles": "的" * 1_000_000,
    "suffixes": "公司集团" * 25_000,
    "names": "张三、" * 30_000,
}


@pytest.mark.parametrize("kind", sorted(ENTITY_ADVERSARIAL))
def test_entity_recognizers_run_in_linear_time(kind: str) -> None:
    text = ENTITY_ADVERSARIAL[kind]
    t0 = time.perf_counter()
    for module in (org, location, person):
        module.find(text)
    assert time.perf_counter() - t0 < 20.0


# --- generalisation beyond the corporate dev reports (utilities, transport, tobacco, grain, health) ---


@pytest.mark.parametrize(
    "text, site",
    [
        ("营业部下设梅岭营业厅。", "梅岭营业厅"),
        ("北湖水厂出厂水合格率100%。", "北湖水厂"),
        ("东洲泵站建成投运。", "东洲泵站"),
        ("完成西城门诊部改造。", "西城门诊部"),
        ("仁济医院南院区食堂改造。", "仁济医院南院区"),
        ("松江收费站开设应急车道。", "松江收费站"),
        ("在鹿山服务区开展检查。", "鹿山服务区"),
        ("白沙配送站完成分拣线改造。", "白沙配送站"),
        ("建成云峰数据中心。", "云峰数据中心"),
        ("保障桂平高速安全畅通。", "桂平高速"),
    ],
)
def test_utility_and_transport_sites(text: str, site: str) -> None:
    assert covered(location.find(text), text, site)


@pytest.mark.parametrize(
    "text, site",
    [
        ("完成松岗换热站改造。", "松岗换热站"),
        ("所属西岭热源厂两座热源厂。", "西岭热源厂"),
        ("建设滨港原料药基地。", "滨港原料药基地"),
        ("对1号线青石桥站实施限流。", "青石桥站"),
    ],
)
def test_place_plus_kind_word_sites(text: str, site: str) -> None:
    """Toponym + what is done there + 站/厂/基地, for kind words no list holds."""
    found = location.find(text)
    assert covered(found, text, site)
    assert all(f.text in site or site in f.text for f in found), texts(found)


@pytest.mark.parametrize(
    "text",
    [
        "城市污水处理厂提标改造。",
        "打造全国重要的能源基地。",
        "逐步实行厂长负责制。",
        "经济保持高速增长。",
        "宽带进村行动。",
        "第一书记扎根村组两年。",
        "覆盖重点行政村。",
        "发展大城市，布局城市更新，加大城市建设投入。",
        "对大客流车站实施限流，在火车站换乘站设服务台。",
    ],
)
def test_ordinary_phrases_are_not_places(text: str) -> None:
    assert texts(location.find(text)) == []


@pytest.mark.parametrize(
    "text, site",
    [
        # an airport's areas named by a code or a side (a terminal identifies the airport)
        ("完成东跑道道面加盖工程和T2航站楼消防系统改造。", "东跑道"),
        ("完成东跑道道面加盖工程和T2航站楼消防系统改造。", "T2航站楼"),
        ("三期扩建工程东航站区主体结构封顶。", "东航站区"),
        ("完成飞行区北区围界升级。", "飞行区北区"),
        # railway and power lines named by two place chars
        ("针对陇西线K128至K156段曲线地段。", "陇西线"),
        ("2025年，宝成线提速改造进入关键期。", "宝成线"),
        ("完成10千伏城南线改造。", "10千伏城南线"),
        # bridges by their river and number, works units by their place
        ("中标汉江四桥等重点项目。", "汉江四桥"),
        ("蔡家坡线路车间主任赵鹏带队。", "蔡家坡线路车间"),
        ("改善千阳桥隧车间、林家村工区等班组设施。", "千阳桥隧车间"),
        ("改善千阳桥隧车间、林家村工区等班组设施。", "林家村工区"),
        # the commonest town name, and sites that always carry a name
        ("新建改造城关镇、河口乡等基层供销社。", "城关镇"),
        ("带动桃源古镇、云雾山景区游客量增长。", "桃源古镇"),
        ("带动桃源古镇、云雾山景区游客量增长。", "云雾山景区"),
        ("在光谷科创园项目推广装配式建造。", "光谷科创园"),
        # counties named by one char, and an address's block named by several
        ("雨季水害隐患突出，凤县境内部分边坡稳定性不足。", "凤县"),
        # small rivers and lakes the dictionary does not know
        ("也是金沙河流域治理的关键。", "金沙河"),
        ("深化河湖长制，青溪河、云溪湖水质稳定。", "云溪湖"),
        # the bodies a place governs, named with it, at every mention of the place
        ("在岚山县委、岚山县人民政府的领导下。", "岚山县委"),
        ("在岚山县委、岚山县人民政府的领导下。", "岚山县人民政府"),
        ("与桐江市农业农村局合作。", "桐江市农业农村局"),
        # an oilfield's blocks, wells, stations, routes and numbered trade units
        ("对湾17区块、陈家湾长8区块开展注采调整。", "陈家湾长8区块"),
        ("其中湾平8井初期日产油18吨。", "湾平8井"),
        ("陈一联合站建成智能化联合站。", "陈一联合站"),
        ("完成陈家湾至马岭输油管线隐患段更换。", "陈家湾至马岭输油管线"),
        ("在采油三厂年度考核中排名第一。", "采油三厂"),
        # dams, ropeways, tunnels, landslides, reserves, forest farms, waste sites, named berths
        ("石门峡大坝廊道和白沙河引水隧洞检修。", "石门峡大坝"),
        ("石门峡大坝廊道和白沙河引水隧洞检修。", "白沙河引水隧洞"),
        ("对鹰嘴岩滑坡体实施专项监测。", "鹰嘴岩滑坡体"),
        ("云台索道更新改造工程完工。", "云台索道"),
        ("白云尖自然保护区新增红外相机。", "白云尖自然保护区"),
        ("大岭国有林场实现疫情拔除。", "大岭国有林场"),
        ("槐树湾垃圾转运站完成提标改造。", "槐树湾垃圾转运站"),
        ("青龙山填埋场完成封场。", "青龙山填埋场"),
        ("栖霞湾厂区建成智能仓库。", "栖霞湾厂区"),
        ("对蟹屿3号泊位门座起重机加固。", "蟹屿3号泊位"),
        # plant units and gates by code, banners and sums, yards, depots, ranches, abbreviated zones
        ("CDU-2、HC-3装置实现四年一修。", "CDU-2"),
        ("新建YH-02、YH-03两条智能焊装线。", "YH-02"),
        ("F3冲压车间推广多工位级进模。", "F3冲压车间"),
        ("在B2卡口部署智能识别设备。", "B2卡口"),
        ("成为锡兰旗规模最大的牧场，在巴音苏木推广良种。", "锡兰旗"),
        ("成为锡兰旗规模最大的牧场，在巴音苏木推广良种。", "巴音苏木"),
        ("在江北停保场、金港保养场建成物联网。", "金港保养场"),
        ("完成渤西油库老旧储罐更新改造。", "渤西油库"),
        ("联系白桦岭工厂和敖包梁牧场。", "敖包梁牧场"),
        ("开通临江经开区通勤定制公交。", "临江经开区"),
        ("为滨港市经济社会发展作出贡献。", "滨港市"),
        ("组织党员志愿者到渔山镇开展宣传。", "渔山镇"),  # 山镇 is a word, 渔山 a rare one
        # two bare names counted with their kind, substations by 变 and lines by a numeral
        ("白沙、青龙两个车辆段党员带头。", "白沙"),
        ("三是江北、滨湖两个院区管理不一。", "滨湖"),
        ("5月18日，城南变、白鹭变相继跳闸。", "白鹭变"),
        ("通过金台Ⅱ线转供负荷。", "金台Ⅱ线"),
        ("与石门乡养护站统筹调配设备。", "石门乡养护站"),
        ("天润商贸城存在隐患，锦绣华庭等楼盘交付。", "锦绣华庭"),
        # a city's museum, a park named with the city, towers, forest districts, ruins, branches
        ("云州市博物馆2024年宣传思想工作总结", "云州市博物馆"),
        ("推动成果在临江市智能装备产业园转化。", "临江市智能装备产业园"),
        ("鹰嘴岩瞭望塔和老虎沟瞭望塔完成维修。", "老虎沟瞭望塔"),
        ("老鸦嘴节制闸等重点工程。", "老鸦嘴节制闸"),
        ("大青沟营林区完成造林，凤鸣山遗址考古。", "凤鸣山遗址"),
        ("在鼓楼分馆推出特展。", "鼓楼分馆"),
        ("加强白鹭湖水源地保护。", "白鹭湖水源地"),
        # three-char names counted with their kind; a court's tribunals, a county court's office
        ("坚持每周深入狮子岩、老鸦冲两个采区检查。", "老鸦冲"),
        ("在岚山县人民法院办公室的组织下。", "岚山县人民法院办公室"),
        # sidings, yards, booster stations with a kV rating, shafts
        ("推动金鼎钢铁专用线与北郊货场衔接。", "金鼎钢铁专用线"),
        ("鹰嘴山220kV升压站全年安全运行。", "鹰嘴山220kV升压站"),
        ("在羊圈沟、黑石梁等区域恢复植被。", "黑石梁"),
        ("完成东干渠、西干渠衬砌改造。", "西干渠"),
        # a mine's levels, mains by street and diameter, interconnectors, stations by street number
        ("对鹰嘴岭-360中段开展地压监测。", "鹰嘴岭-360中段"),
        ("实施东风大道DN1200雨水干管改造。", "东风大道DN1200雨水干管"),
        ("完成北湖-和平联络线连通工程。", "北湖-和平联络线"),
        ("东风路1#换热站完成改造。", "东风路1#换热站"),
        ("对青石坑口、白沙坑口实行包保管理。", "白沙坑口"),
        ("在金鳌岛仓库屋顶建设光伏。", "金鳌岛"),
        ("地址：春城市官渡区机场大道1号航站区综合楼512室", "春城市官渡区机场大道1号航站区综合楼512室"),
    ],
)
def test_named_areas_lines_bridges_and_units(text: str, site: str) -> None:
    """Sites the unseen set 14 leaked: each kind is named by a code, a side, a place or a number."""
    assert covered(location.find(text), text, site)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("巡护员在大青沟设立监测点，大青沟营林区完成造林。", "大青沟"),
        ("对黑石岭、双河口等地段开展巡查。", "黑石岭"),
    ],
)
def test_bare_three_char_toponyms_are_masked_not_listed(text: str, name: str) -> None:
    assert covered(find_all(text, ner=False), text, name)
    assert name not in texts(find_entities(text, ner=False))  # masked to be safe, not a listed mention


@pytest.mark.parametrize(
    "text",
    [
        "防止武装冲突，扎根山区，气壮山河，按原口径，同台湾同胞，彼此之间无墙无沟。",
        "山西省稷山县。",
        "关于碳达峰碳中和的决策。",
        "北采场东帮边坡局部失稳，西帮边坡完成治理。",  # 东帮: a pit's east wall, then 边坡
    ],
)
def test_bare_toponyms_skip_words_and_counties(text: str) -> None:
    assert not any(f.attrs.get("kind") == "bare" for f in location.find(text))


def test_a_verb_before_a_numbered_berth_is_not_its_port() -> None:
    assert texts(location.find("新建7号泊位，对蟹屿3号泊位加固。")) == ["7号泊位", "蟹屿3号泊位"]


@pytest.mark.parametrize(
    "text",
    [
        "加强生产线管理，守住安全线、生命线和红线，坚持一线工作法。",
        "贯彻社会主义建设总路线，南水北调东线一期工程通水。",
        "部分老旧产线设备数据采集不全。",
        "华东跑道建设和西部大开发。",
        "机关各车间、检修车间、综合车间和三个工区。",
        "轧钢厂建成无人化智能库区。",
        "全县、该县和示范县的县城。",
        "治理淮河、海河和太湖，开挖运河，疏通河道，加强河湖管护，建设美丽河湖。",
        "新井投产46口，打井12口，第5井组。",
        "完成水源地保护区划定。",
        "采用GB-2023规范和ISO9001标准，建设智能工厂和绿色工厂。",
        "红旗渠精神，国旗和旗帜。",
        "建设桥梁、脊梁和栋梁。",
        "抓好安全、质量两个方面，东西、南北两个片区。",
        "发生了巨变，转变作风，改变面貌，坚持拒腐防变。",
        "针对K128至K156段曲线地段，加密至东南亚航线。",
        "江岚县总工会表彰。",
        "老厂区改造，老港区、老城区和老矿区。",
    ],
)
def test_ordinary_lines_and_units_are_not_places(text: str) -> None:
    """The lines, units and areas above are not read into ordinary phrases."""
    assert texts(location.find(text)) == []


@pytest.mark.parametrize(
    ("sentence", "names"),
    [
        # listed after a titled name, a surname + an everyday word is still a name
        ("与分管部门负责人谭志强、刘芳、彭海军等同志签订责任书。", ["谭志强", "刘芳", "彭海军"]),
        # a name before its title, right after its team
        ("护理团队周敏护士长获评省优秀护士。", ["周敏"]),
        # after a role word a name may run into the next word: a verb closes it, else three chars
        ("北库区12号仓保管员杜鹏坚持三勤工作法。", ["杜鹏"]),
        ("技术员呼延涛提出的方案在区块推广。", ["呼延涛"]),
        ("保洁班组长秦大海勇救落水儿童。", ["秦大海"]),
        ("首席科学家欧阳明哲团队承担课题。", ["欧阳明哲"]),
        ("外包员工申屠建明获评先进。", ["申屠建明"]),
        ("总工程师东方明主持的课题获奖。", ["东方明"]),
        ("查验关员冯帆、覃海燕、上官婉在查验中发现。", ["冯帆", "覃海燕", "上官婉"]),
        ("技能专家顾卫国、阎冬领衔的工作室。", ["顾卫国", "阎冬"]),
        # a transliterated name with a middle dot, bounded by the role word and the next word
        ("教导员艾尔肯·吐尔逊带队深入受灾村。", ["艾尔肯·吐尔逊"]),
        ("当地群众热合曼·吾守尔自发送来锦旗。", ["热合曼·吾守尔"]),
        ("党员阿卜杜拉·买买提、包海军带头封堵。", ["阿卜杜拉·买买提", "包海军"]),
        # after a role word a three-char name may open with a word (王家|宝); a verb ends a listed one
        ("养护工王家宝、李二平、闫军冒雨作业。", ["王家宝", "李二平", "闫军"]),
        ("集控员冯倩获得技能竞赛一等奖。", ["冯倩"]),
        ("研究生司徒嘉怡以第一作者发表论文。", ["司徒嘉怡"]),
        # a list counted as people names people, word-like and surname-less pieces included
        ("实施青苗计划，选派王晨、杜鹃、扎西顿珠等15名青年骨干赴兄弟电站跟班。", ["王晨", "杜鹃", "扎西顿珠"]),
        ("由马晓燕、王振、努尔古丽·艾买提等8名科研人员常驻基地。", ["努尔古丽·艾买提", "王振", "马晓燕"]),
        # people named by what they are, not by a post
        ("炉前工马骏在技能大赛中获得个人二等奖。", ["马骏"]),
        # a mine's trades
        ("3.瓦斯检查工郝建平特种作业操作证过期。", ["郝建平"]),
        ("支护工何强在巷道修复中表现突出。", ["何强"]),
        ("探放水工丁磊发现透水征兆。", ["丁磊"]),
        ("收藏爱好者欧阳文博捐赠老照片430余张。", ["欧阳文博"]),
        ("群众罗阿妹为办理退休手续查询招工档案。", ["罗阿妹"]),
        # a spaced contact between a department and a phone, with or without a Han surname
        ("（联系人：党委工作部　赛力克　电话：0994-6635201）", ["赛力克"]),
        ("联系人：党群部　阿依古丽　手机：13912345678", ["阿依古丽"]),
        # after a post, a name with no Han surname: its chars are the syllables of a name
        ("收费站班长才让卓玛获得技能竞赛一等奖。", ["才让卓玛"]),
        ("游客中心讲解员阿牛拉则获全省导游大赛金奖。", ["阿牛拉则"]),
        ("配电柜受损，值班员岩温迅速启用备用电源。", ["岩温"]),
        # 师傅 after a name without a surname closes it (驾驶员|木乃|师傅)
        ("由驾驶员木乃师傅开车连夜赶往七里坝乡。", ["木乃"]),
        # 慕名 (jieba: a name) after a dotted name is no part of it
        ("法国茶叶设计师皮埃尔·杜邦慕名而来。", ["皮埃尔·杜邦"]),
        # an award verb closes the name (jieba's dictionary tags 荣立 and 荣膺 as names)
        ("执勤一队队长岩温荣立个人二等功。", ["岩温"]),
        ("保护站站长扎西荣膺全国五一劳动奖章。", ["扎西"]),
        ("技术员呼延涛荣立三等功。", ["呼延涛"]),
        ("值班员玉罕荣记三等功一次。", ["玉罕"]),
        ("冶炼分公司经理其木格带领技术团队攻关。", ["其木格"]),
        ("总经理　额尔敦巴雅尔\n各位代表：", ["额尔敦巴雅尔"]),
        # after a group of people only a longer name of such syllables
        ("牧民巴特尔一家通过承包草场增收。", ["巴特尔"]),
        ("职工阿拉坦仓获评全国技术能手。", ["阿拉坦仓"]),
        ("客服班长阿苏木呷带领班组上门服务。", ["阿苏木呷"]),
        # more posts and roles; an adverb after a surname and one char closes the name
        ("客运员马玉洁获得客运服务项目第二名。", ["马玉洁"]),
        ("农机手宫立新驾驶的收割机单日作业300亩。", ["宫立新"]),
        ("馆长若兰、副馆长宁远分别为全馆职工授课。", ["宁远"]),
    ],
)
def test_person_listed_and_titled_after(sentence: str, names: list[str]) -> None:
    assert sorted(set(texts(person.find(sentence)))) == sorted(names)  # two anchors may find one name


@pytest.mark.parametrize(
    "sentence",
    [
        "各车间主任、班组长和团队成员。",
        "党支部书记和中心主任参加。",
        "护理团队护士长参加。",
        # group roles, a title inside a longer word, a conjunction after a title
        "共产党员和非共产党人士合作。",
        "逐步建立会计师事务所审核制度。",
        "改变职工干多干少一个样的状况。",
        "员工敬业度调查得分提高。",
        # a list counted in people of units or trades; a conjunction after a group of people
        "邀请财务部、人事部、审计部等5名同志参加。",
        "满足在职干部、工农兵群众和上山下乡知识青年学习的需要。",
        "大中专、技校毕业生和复员转业军人的安排。",
        "综合办公室　科技创新　电话：123",
        "对违规驾驶员停岗培训52人次，引航员参训率100%，通讯员多为兼职。",
        "班长带领全班，值班员及时处置，讲解员现场讲解。",
        "职工和家属，牧民群众，职工代表大会。",
    ],
)
def test_titles_after_teams_without_names(sentence: str) -> None:
    assert person.find(sentence) == []


def test_site_projects_take_their_phase_and_construction_words() -> None:
    text = "建成芦湾水厂二期工程，实施城西片区供水管网改造工程，完成东洲泵站改造项目。"
    found = location.find(text)
    for name in ("芦湾水厂二期工程", "城西片区供水管网改造工程", "东洲泵站改造项目"):
        assert covered(found, text, name), name
    text = "完成龙泉水电站库区移民后期扶持项目验收。"  # a programme at a site: only the site
    assert max(len(f.text) for f in location.find(text)) == len("龙泉水电站")
    text = "开工建设梅川第二水厂。"  # a five-char cap must not start inside 建设
    assert "梅川第二水厂" in texts(location.find(text))
    assert all("设" not in f.text for f in location.find(text))


def test_city_named_once_is_masked_bare_and_parent_units_are_found() -> None:
    text = "松阳市分公司推进“数字松阳”建设。"
    assert texts(location.find(text)).count("松阳") == 2
    text = "桃源县白鹤乡烟叶基地。"  # 桃源 is an ordinary word; before a township it is a county
    assert covered(location.find(text), text, "桃源县白鹤乡")
    assert "金城区" in texts(location.find("在金城区新建服务站。"))
    text = "柳溪镇卫生院改造完成，新柳溪社区、柳溪河治理同步推进。"  # a town named once with 镇
    assert texts(location.find(text)).count("柳溪") >= 2
    text = "新华镇中心小学与新华书店合作。"  # a common word is not taken bare
    assert "新华" not in texts(location.find(text))


def test_local_government_bodies_are_masked_with_their_place() -> None:
    """A place's own bodies are no company names, but they are masked whole with the place.

    Annotators differ here (some mark 柳江县 alone, some 柳江县应急管理局): masking the
    whole name leaks under neither reading, at the cost of a few over-masked chars.
    """
    text = "与柳江县应急管理局、江州市公安局高新分局联合开展演练。"
    assert texts(org.find(text), "ORG") == []
    masked = find_all(text, ner=False)
    assert covered(masked, text, "柳江县应急管理局") and covered(masked, text, "江州市公安局")
    assert not covered(masked, text, "联合开展")


def test_government_enterprise_bracket_form_and_city_bureau_alias() -> None:
    text = "泸源市烟草专卖局（公司）党组研究决定，泸源市局（公司）全年销售卷烟9万箱。"
    found = org.find(text)
    assert covered(found, text, "泸源市烟草专卖局（公司）")
    assert covered(found, text, "泸源市局（公司）")


def test_one_char_stop_words_inside_names() -> None:
    text = "按照太和医疗集团党委部署，与和丰检测技术有限公司合作，和丰检测出具报告。"
    found = org.find(text)
    for name in ("太和医疗集团", "和丰检测技术有限公司", "和丰检测"):
        assert covered(found, text, name), name
    assert texts(org.find("发放奖金和集团补贴。")) == []
    assert texts(org.find("各分公司严格执行集团公司财务制度，各区县分公司完成任务。")) == []


def test_short_forms_core_plus_business_word_and_one_char_kind() -> None:
    text = "与宏川管道工程有限公司签订合同，宏川管道完成改造。金泽粮食储备库下辖分库，金泽库全年轮换。"
    found = org.find(text)
    for name in ("宏川管道", "金泽库"):
        assert covered(found, text, name), name
    assert not any(f.text.endswith("下辖分库") for f in found)
    assert "华信所" not in texts(org.find("华信通信有限公司所属单位，华信所属各部门。"))


@pytest.mark.parametrize(
    "text, name",
    [
        ("运行值班员马丽、检修工吴建坤等8人取得技师资格。", "吴建坤"),
        ("帮助零售户张桂芝申请帮扶。", "张桂芝"),
        ("保卫科科长洪涛带队检查。", "洪涛"),
        ("营业所所长赖明、会计黄小梅被评为先进。", "赖明"),
        ("技术员袁小军驻点指导。", "袁小军"),
        ("客户经理邱晓华全年签约8000万元。", "邱晓华"),
    ],
)
def test_more_titles_surnames_and_closing_words(text: str, name: str) -> None:
    assert name in texts(person.find(text), "PERSON")


@pytest.mark.parametrize(
    "text",
    [
        "室温达标率99%。",
        "8.6万件，办结率100%。",
        # a trade's 工 opening 工作, 工具, 工程, 工艺: no name follows
        "矿井通风工作扎实推进。",
        "起重工具定期检验。",
        "机电工程全部完工。",
        "锅炉工艺持续改进。",
    ],
)
def test_no_person_from_half_words_or_window_starts(text: str) -> None:
    assert texts(person.find(text)) == []


@pytest.mark.parametrize(
    "text",
    [
        # a slogan or a title written with a middle dot: a frequent word after the dot, or part of a quotation
        "开展“中国梦·劳动美”主题演讲，组织“悟二十大·港口青年谈”。",
        "举办“青春心向党·奋进新时代”主题团日活动。",
        # after a group role, an adjective says how the group is
        "把收费所建设成为职工舒心、司乘满意的温馨家园。",
        # a pronoun is no given name; a preposition before a word is no surname
        "成立由我牵头的稽查工作专班。",
        "每个团队由全科医生、社区护士、公卫人员组成。",
        # a list of words that open with one surname char
        "建立覆盖单车、单线、单票的成本核算体系。",
    ],
)
def test_no_person_from_slogans_descriptions_or_word_lists(text: str) -> None:
    assert texts(person.find(text)) == []


@pytest.mark.parametrize(
    "text",
    [
        "要紧扣公司重点项目和关键指标。",
        "定期研判医院意识形态形势。",
        "以高质量党建引领医院高质量发展。",
        "由医共体牵头医院负责双向转诊。",
        "居民在家门口即可享受二级医院的服务。",
    ],
)
def test_a_verb_whose_object_is_a_kind_word_makes_no_organisation(text: str) -> None:
    assert texts(org.find(text)) == []


def test_landline_with_split_local_number() -> None:
    assert texts(phone.find("电话：0931 8826 5501　邮箱")) == ["0931 8826 5501"]
    assert texts(phone.find("编号 2023 0417 1234")) == []


def test_sites_listed_beside_a_found_site() -> None:
    text = "对1号线青石桥站、会展中心站等车站限流，在银河服务区、石牌服务区开展检查。"
    found = location.find(text)
    for name in ("会展中心站", "银河服务区"):
        assert covered(found, text, name), name
    for text in ("开展各煤矿、东岭煤矿检查。", "东岭煤矿、矿井、各煤矿。"):
        assert texts(location.find(text)) == ["东岭煤矿"], text


def test_entities_keep_the_model_span_where_a_rule_span_overlaps_it() -> None:
    from baogao.findings import Finding
    from baogao.redact.recognizers import find_entities

    text = "郑阿姨就赶到文汇路排队拿钱，李慧在青川电力集团上班。"
    model = Finding(6, 9, "LOCATION", "文汇路", "ner", 0.9)
    rule = Finding(6, 11, "ORG", "文汇路排队", "org_suffix", 0.6)
    alone = Finding(17, 23, "ORG", "青川电力集团", "org_suffix", 0.8)
    got = {(f.start, f.end, f.label) for f in find_entities(text, candidates=[rule, model, alone])}
    assert (6, 9, "LOCATION") in got and (6, 11, "ORG") not in got
    assert (17, 23, "ORG") in got  # what the model did not see at all is still added


def test_detection_without_the_model_never_calls_it(monkeypatch) -> None:
    from baogao.redact import recognizers
    from baogao.redact.recognizers import ner

    calls = []  # (a raising stub would be swallowed: a failing model must not stop the rules)
    monkeypatch.setattr(ner, "find", lambda text: calls.append(text) or [])
    text = "白杨河煤矿矿长周立平同志带领职工完成了任务，联系人：孙悦，电话13912345678。"
    entities, sensitive = recognizers.detect(text, ner=False)
    assert calls == []
    assert {"PHONE", "PERSON"} <= {f.label for f in sensitive}  # the rules still found them
    assert all(f.source != "ner" for f in entities + sensitive)


@pytest.mark.parametrize("text", ["", "中文，：（）", "ＡＢＣ　１２３", "ａ，，，ｚ～！　中", "half-width, only"])
def test_fold_maps_each_full_width_char_to_its_half_width_form(text: str) -> None:
    from baogao.redact.recognizers._text import fold

    expected = "".join(" " if c == "\u3000" else chr(ord(c) - 0xFEE0) if "\uff01" <= c <= "\uff5e" else c for c in text)
    assert fold(text) == expected


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("法院办公室王主任向记者透露", []),  # surname + title: no full name here (王 alone is a short form)
        ("家具店的负责人姚先生告诉记者", []),  # surname + honorific
        ("办公室主任张建国同志带领大家", ["张建国"]),
        ("班组长李老师傅们都来了", []),
        ("技术员袁小兵、王明参加", ["袁小兵", "王明"]),
        # a surname that is also a function word (和, 都, 初 …) must not read as words
        ("俱乐部主席都遭到希腊人袭击。", []),
        ("也祝黄教授和日本的同行生活愉快", []),
        ("社会事务办初审后，报区里审批", []),
        ("全体共产党员和工作人员", []),
        ("队长平安、副队长海涛带队", ["海涛"]),
        # without a title, a two-char dictionary word after a department is a word
        ("某某物流有限公司办公室印发 联系电话：0351-7654321", []),
        ("党委办公室印发", []),
        ("办公室 王平 13800138000", ["王平"]),
        ("党委书记王平主持会议", ["王平"]),
    ],
)
def test_person_rule_takes_no_surname_with_a_title_for_a_name(text: str, names: list[str]) -> None:
    from baogao.redact.recognizers import person

    found = person.find(text)
    assert sorted({f.text for f in found if f.attrs.get("anchor") != person.SHORT_ANCHOR}) == sorted(names)
    # a short form (王|主任) is the surname alone, never a surname and the title's first char
    assert all(f.text not in ("王主", "姚先") for f in found)


def test_a_leader_named_with_a_national_title_is_public_in_that_document() -> None:
    from baogao.redact.recognizers import find_all

    text = "政府工作报告\n国务院总理赵紫阳\n各位代表：\n赵紫阳同志指出，要加强管理。联系人：张建国，电话13912345678。\n"
    found = {(f.label, f.text) for f in find_all(text)}
    assert not any("赵紫阳" in t for _, t in found)
    assert ("PERSON", "张建国") in found and ("PHONE", "13912345678") in found
    staff = "工会主席赵紫阳主持会议。"  # a title companies give: the same name is a person to mask
    assert ("PERSON", "赵紫阳") in {(f.label, f.text) for f in find_all(staff)}


def test_a_verb_before_ordinary_words_is_not_a_place_name() -> None:
    from baogao.redact.recognizers import location

    assert location.find("要建好现代农业示范区，") == []
    assert [f.text for f in location.find("在东岭工业园区召开")] == ["东岭工业园区"]


@pytest.mark.parametrize("text", [
    "联 系 人 ： 张 建 国 ， 电 话 ： 1 3 8 1 2 3 4 5 6 7 8 。",  # a PDF set with character spacing
    "二、工作回顾\n联系人张 建 国，手机1 3 8 1 2 3 4 5 6 7 8。\n",
    "联\u3000系\u3000人\u3000张\u3000建\u3000国\u3000电\u3000话\u30001\u30003\u30008\u30001\u30002\u30003\u30004\u30005\u30006\u30007\u30008",
])
def test_letter_spaced_names_and_numbers_are_found_in_original_offsets(text: str) -> None:
    from baogao.redact.check import check_text
    from baogao.redact.mask import mask_text
    from baogao.redact.recognizers import find_all

    found = find_all(text)
    assert {f.label for f in found} >= {"PERSON", "PHONE"}
    assert all(f.text == text[f.start : f.end] for f in found)
    assert any(f.label == "PERSON" and f.text.replace(" ", "").replace("\u3000", "") == "张建国" for f in found)
    masked = mask_text(text, found).text
    assert len(masked) == len(text) and "3 8" not in masked and "建" not in masked
    assert [f for f in check_text(masked) if f.label != "MARKUP"] == []


def test_ordinary_spacing_is_left_alone() -> None:
    from baogao.redact.recognizers import despaced

    assert despaced("电话 138 1234 5678，全年完成 12 项重点工作，I am here.") is None


# --- held-out set 11: sites, local units, short forms and over-reach (one test per fix) ---


@pytest.mark.parametrize("text,name", [
    ("云峰山矿山获评国家级绿色矿山。", "云峰山矿山"),
    ("在临港仓储园区和海湾冷链库三个重点场所", "海湾冷链库"),
    ("在西站分拨中心开展演练", "西站分拨中心"),
    ("在丰城灰场生态修复区建成光伏", "丰城灰场生态修复区"),
    ("中标益湘高速扩容工程、金霞大桥等项目", "益湘高速扩容工程"),
])
def test_site_kinds_mines_ash_yards_logistics_hubs_and_expressway_projects(text: str, name: str) -> None:
    assert covered(location.find(text), text, name)


def test_public_service_units_named_by_their_town() -> None:
    text = "向石埠镇卫生院、龙泉乡卫生院等成员单位下沉专家。新建柳溪镇中心幼儿园，新增学位"
    found = texts(location.find(text), "ORG")
    assert {"石埠镇卫生院", "龙泉乡卫生院", "柳溪镇中心幼儿园"} <= set(found)
    assert texts(location.find("普及小学教育，普通中学在校学生，乡镇卫生院建设"), "ORG") == []


def test_project_site_offices_and_headquarters() -> None:
    text = "华岳路桥集团有限公司宁古高速公路NG-3标项目经理部\n"
    assert covered(location.find(text), text, "宁古高速公路NG-3标项目经理部")
    assert "宁古高速公路建设指挥部" in texts(org.find("在宁古高速公路建设指挥部的正确领导下"))


def test_a_titled_full_name_may_be_followed_by_a_time_word() -> None:
    assert texts(person.find("项目经理石国栋每周带队开展安全检查")) == ["石国栋"]


def test_an_address_keeps_the_room_in_its_building() -> None:
    text = "来信地址：青州市市南区海岳路6号海岳港口大厦1218室"
    assert covered(location.find(text), text, "青州市市南区海岳路6号海岳港口大厦1218室")
    text = "地址：溪城市东湖区人民路88号金融大厦B座12层，邮编"
    assert covered(location.find(text), text, "金融大厦B座12层")


def test_a_place_in_brackets_inside_a_company_name() -> None:
    found = texts(org.find("面料项目建成投产，华茂食品（柳溪）有限公司冷链物流中心开工建设。"))
    assert "华茂食品（柳溪）有限公司" in found
    assert not any("冷链物流中心" in f for f in found)


def test_a_towns_river_is_named_after_it() -> None:
    text = "柳溪镇人民政府。完成柳溪河沿岸养殖场退养，柳溪河出境断面水质达标。柳溪山区"
    assert "柳溪河" in texts(location.find(text))
    assert "柳溪山" not in texts(location.find(text))


def test_short_forms_of_numbered_hospitals_and_of_place_named_companies() -> None:
    # 市二院 is how the hospital's own staff write it (an unseen set marks it); only its own number matches
    assert {"澄江二院", "澄江市二院", "市二院"} <= org.derive_aliases("澄江市第二人民医院")
    assert not any(a.endswith("市第") or a == "市一院" for a in org.derive_aliases("澄江市第二人民医院"))
    assert "江汉重工" in org.derive_aliases("江汉重工装备集团有限公司")


def test_a_branch_named_by_its_province() -> None:
    assert "江西分公司" in texts(org.find("认真落实集团公司党组和江西分公司党委部署"))
    assert org.find("中国分公司") == []


@pytest.mark.parametrize("sentence,expected", [
    ("严肃查处海岳物流公司原总经理严重违纪违法案", ["海岳物流公司"]),
    ("与合作方金盾消防工程有限公司联合开展消防应急演练", ["金盾消防工程有限公司"]),
    ("学员人均积分位列分公司前列。", []),
    ("严肃查处海岳物流公司问题，向海岳物流公司派驻纪检组", ["海岳物流公司"]),
    ("公司党委宣传思想文化工作部署，宣传思想文化工作要求", []),
    ("建设特色鲜明的高水平工科学院。推进新工科建设", []),
])
def test_organisation_names_stop_at_verbs_parties_and_words(sentence: str, expected: list[str]) -> None:
    found = set(texts(org.find(sentence)))
    assert set(expected) <= found  # the names themselves, and nothing reaching beyond them
    assert all(any(f in name for name in expected) for f in found)


@pytest.mark.parametrize("sentence", [
    "第一，深化整村授信，年内实现",
    "我们团结依靠全镇干部群众",
    "人民政府镇长　陈立群",
    "严格网站、公众号管理",
    "地区新建村级供水站9座",
    "建成DMA分区计量小区138个",
])
def test_ordinary_phrases_before_place_kinds_are_not_places(sentence: str) -> None:
    assert [f.text for f in location.find(sentence) if f.attrs.get("kind") != "city"] == []


def test_the_central_banks_local_branches_are_public() -> None:
    assert org.find("并向人民银行县支行报告。") == []
    assert texts(org.find("中国人民银行溪城中心支行")) != []
    assert texts(org.find("与中国银行溪城分行签约")) != []


def test_numbered_construction_yards() -> None:
    text = "在1号拌合站安装智能喷淋降尘设施，青冈岭梁场完成"
    assert {"1号拌合站", "青冈岭梁场"} <= set(texts(location.find(text)))
    assert location.find("新建拌合站2座") == []


def test_model_spans_lose_an_unmatched_bracket() -> None:
    from baogao.redact.recognizers import _trim_model_span

    f = Finding(3, 12, "LOCATION", "人民西路166号）", "ner", 0.9)
    g = _trim_model_span(f)
    assert (g.start, g.end, g.text) == (3, 11, "人民西路166号")
    h = Finding(0, 8, "ORG", "华茂食品（柳溪）", "ner", 0.9)
    assert _trim_model_span(h) is h


def test_a_kind_that_is_an_everyday_noun_needs_a_toponym() -> None:
    assert texts(location.find("云峰山矿山获评绿色矿山")) == ["云峰山矿山"]
    assert location.find("加强地质工作，大打矿山之仗") == []
    assert location.find("矿山") == []


def test_landline_read_out_four_plus_three() -> None:
    assert texts(phone.find("值班电话：0735-6218 457，传真")) == ["0735-6218 457"]


def test_spaced_bank_card_with_a_short_last_group() -> None:
    assert texts(bank_card.find("工资卡（卡号6217 0012 3456 7890 123）已冻结")) == ["6217 0012 3456 7890 123"]


def test_licence_number_in_brackets_after_the_licence() -> None:
    text = "取水许可证（编号：B330781S2021-0042）已延续"
    assert texts(licence.find(text)) == ["B330781S2021-0042"]


def test_a_named_block_and_room_close_an_address() -> None:
    text = "地址：柳溪县翠屏路26号门诊楼612室。"
    assert "柳溪县翠屏路26号门诊楼612室" in texts(location.find(text))
    assert "翠屏路８号综合楼３０２室" in texts(location.find("地址：翠屏路８号综合楼３０２室"))
    assert "沿江路9号教学楼B区201室" in texts(location.find("沿江路9号教学楼B区201室"))


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("地址：溪口县竹坪乡白岩村上洋自然村18号\n电话：0571-6543210", "溪口县竹坪乡白岩村上洋自然村18号"),
        ("公司地址：安宁县丰林镇桂花湾村委会旁（统一社会信用代码：91530000MA6K12345X）", "安宁县丰林镇桂花湾村委会旁"),
        ("（地址：江城市桐华区清溪路56号）", "江城市桐华区清溪路56号"),  # the bracket closes it
        ("通讯地址：山西省太原市小店区长治路123号  邮编：030006", "太原市小店区长治路123号"),  # no province
    ],
)
def test_an_address_field_is_masked_to_its_end(text: str, address: str) -> None:
    """The rules find the parts (溪口县, 竹坪乡, 白岩村); the field's label vouches for the whole value."""
    assert address in texts(location.find(text))


def test_an_address_field_needs_an_address() -> None:
    assert all(f.attrs.get("kind") != "address" for f in location.find("地址：详见官网。"))
    assert location.find("服务器IP地址：10.2.3.4，邮件地址：a@b.cn") == []


def test_interchanges_campuses_and_pilot_bases_are_sites() -> None:
    text = "其中翠屏湾校区新增学位600个，柳塘互通立交、紫岩中试基地建成，东坪污水处理站投运"
    found = set(texts(location.find(text)))
    assert {"翠屏湾校区", "柳塘互通立交", "紫岩中试基地", "东坪污水处理站"} <= found
    assert location.find("推进新校区建设，各校区") == []


def test_a_structure_named_by_an_everyday_place_noun() -> None:
    assert "石门隧道" in texts(location.find("梨树坪隧道、石门隧道双洞贯通"))
    for generic in ("完成12座长大隧道机电改造", "山岭隧道和跨海大桥", "建成山谷水库"):
        assert location.find(generic) == []


def test_numbered_coal_faces_are_sites() -> None:
    text = "41103综采工作面投产，12207掘进工作面贯通，41103工作面"
    assert texts(location.find(text)) == ["41103综采工作面", "12207掘进工作面", "41103工作面"]
    assert location.find("全年回采工作面5个") == []


def test_counties_named_after_a_landform_and_towns_after_their_city() -> None:
    assert "岚山县" in texts(location.find("在岚山县电视台播放"))
    assert "黄沙港镇" in texts(location.find("邀请临海市黄沙港镇群众代表"))
    assert location.find("所在社区连续两年获评市级文明社区") == []


def test_a_coined_county_known_by_its_bureau() -> None:
    assert "翠禾县" in texts(location.find("在县委和翠禾县卫生健康局领导下"))
    assert location.find("各县政府、全县卫生系统") == []


def test_names_after_teacher_and_scientist_titles_and_in_lists() -> None:
    assert texts(person.find("青年教师罗佳、包思远、郝静在全省获奖")) == ["罗佳", "包思远", "郝静"]
    assert texts(person.find("首席科学家严长风研究员带队")) == ["严长风"]
    assert "胡可馨" in texts(person.find("支行行长胡可馨、公司部经理"))
    assert person.find("办理排污许可证") == []
    assert "上官明远" in texts(person.find("欧阳琳、司马青、上官明远三人入选"))


def test_short_forms_by_initials_business_word_and_city() -> None:
    assert "中科精装" in org.derive_aliases("中煤科工精密装备有限公司")
    assert "云湾运营" in org.derive_aliases("云湾产业园运营管理有限公司")
    assert "澄溪水投" in org.derive_aliases("澄溪市水务投资集团有限公司")
    text = "澄溪市水务投资集团有限公司出资，澄溪水投负责运维"
    assert "澄溪水投" in texts(org.find(text))


def test_verbs_of_effort_and_carbon_aims_are_no_part_of_a_place() -> None:
    assert location.find("全力创建“零碳园区”，深化智慧园区建设") == []
    assert texts(location.find("深耕翠湖经济开发区，计划新建")) == ["翠湖经济开发区"]


def _ner_span(text: str, span: str, label: str, score: float = 0.9) -> Finding:
    start = text.index(span)
    return Finding(start, start + len(span), label, span, "ner", score)


@pytest.mark.parametrize(
    ("text", "span", "label"),
    [
        ("盾构下穿金沙大道、邻近既有建筑", "金沙大道", "LOCATION"),
        ("在城关镇、石桥镇开展监测", "城关镇", "LOCATION"),
        ("对南湖LNG储配站等重点场站督导", "南湖LNG储配站", "LOCATION"),
        ("安平县疾病预防控制中心2023年工作总结", "安平县疾病预防控制中心", "LOCATION"),
        ("在桐柏路沿线新增公共停车位", "桐柏路", "LOCATION"),
    ],
)
def test_ner_span_named_by_a_lexicon_kind_is_masked(text: str, span: str, label: str) -> None:
    """A model span = proper name + a kind word of the lexicon is masked though no rule finds it alone."""
    from baogao.redact import recognizers

    assert recognizers._plausible_for_masking(text, _ner_span(text, span, label))


@pytest.mark.parametrize(
    ("text", "span", "label"),
    [
        ("重点向中西部地区倾斜", "中西部地区", "LOCATION"),
        ("建设美丽乡村示范村", "美丽乡村", "LOCATION"),
        ("走上康庄大道", "康庄大道", "LOCATION"),
        ("三是深化智慧园区建设", "深化智慧园区", "LOCATION"),
        ("南湖门诊部三个院区", "南湖门诊部三个院区", "LOCATION"),
        ("对于湘黔和滇黔铁路的建设", "湘黔和滇黔铁路", "LOCATION"),
        ("新疆维吾尔自治区成立60周年", "新疆维吾尔自治区", "LOCATION"),
        ("光伏电站综合效率达到83%", "光伏电站", "ORG"),
        ("仓储中心负责人签订责任书", "仓储中心", "ORG"),
        ("新的一年，县疾控中心全体干部", "县疾控中心", "ORG"),
        ("美国纠集东南亚条约集团", "美国纠集东南亚条约集团", "ORG"),
        ("天津、福建自贸试验区建设", "福建自贸试验区", "LOCATION"),
    ],
)
def test_ner_span_with_a_kind_word_but_no_name_is_not_masked(text: str, span: str, label: str) -> None:
    from baogao.redact import recognizers

    assert not recognizers._plausible_for_masking(text, _ner_span(text, span, label))


@pytest.mark.parametrize(
    ("text", "span", "kept"),
    [
        ("由副总经理刘洋牵头成立专班", "刘洋牵", "刘洋"),  # 牵头: the model ran into the verb
        ("制造部部长郑雪牵头编制方案", "郑雪牵", "郑雪"),
        ("由副总经理刘洋明确分工", "刘洋明", "刘洋明"),  # 明确 is no verb of that sort: kept whole
        ("会上，王建国讲话", "王建国", "王建国"),  # closed by punctuation… and a verb after a full name
    ],
)
def test_ner_person_run_into_a_verb_loses_the_verbs_char(text: str, span: str, kept: str) -> None:
    from baogao.redact import recognizers

    found = recognizers._for_masking(text, _ner_span(text, span, "PERSON", 0.95))
    assert found is not None and found.text == kept and text[found.start : found.end] == kept


def test_a_count_after_names_is_no_name() -> None:
    assert "燕两位" not in texts(person.find("欧阳明辉、司马晓燕两位同志作交流发言。"))
    assert texts(person.find("赵二同志讲话")) == ["赵二"]  # a numeral may still end a given name


def test_ner_place_loses_its_province_prefix() -> None:
    from baogao.redact import recognizers

    text = "胜利建成云南鲁布革水电站。"
    kept = recognizers._for_masking(text, _ner_span(text, "云南鲁布革水电站", "LOCATION"))
    assert kept is not None and kept.text == "鲁布革水电站" and text[kept.start : kept.end] == kept.text


def _masked(text: str, span: str) -> bool:
    from baogao.redact.recognizers import find_all

    a = text.index(span)
    covered = set()
    for f in find_all(text):
        covered.update(range(f.start, f.end))
    return all(i in covered for i in range(a, a + len(span)))


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("完成2号高炉、4号高炉大修，3#转炉煤气回收改造", "4号高炉"),
        ("三期工程建成后，石浦港区吞吐量增长12%", "石浦港区"),
        ("南屿作业区完成集装箱吞吐量30万标箱", "南屿作业区"),
        ("海门港区6号泊位改造完成", "6号泊位"),
        ("滨江地铁3号线TJ-02标段完成盾构始发", "滨江地铁3号线TJ-02标段"),
        ("由滨江地铁3号线土建施工第二标段项目经理部承建", "滨江地铁3号线土建施工第二标段项目经理部"),
        ("其中SG-4标段进度滞后", "SG-4标段"),
        ("包括湖滨路站—白沙公园站区间", "湖滨路站—白沙公园站区间"),
        ("白沙公园站完成基坑开挖", "白沙公园站"),
        ("配合完成沙河湿地公园提升工程", "沙河湿地公园"),
    ],
)
def test_port_metro_and_works_sites_are_masked(text: str, span: str) -> None:
    """Port zones and berths, metro lines, stations, intervals and works sections, numbered furnaces."""
    assert _masked(text, span)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("地址：临江市东山区滨湖大道88号指挥部3号楼105室", "临江市东山区滨湖大道88号指挥部3号楼105室"),
        ("线路下穿东山区老城区，临江市东山区", "东山区"),
        ("完成锦屏社区、南苑社区改造，锦屏社区获评先进", "锦屏社区"),
        # a place name of the dictionary before 区 or 镇, though 湖区 and 山镇 are words
        ("客户经理走访南湖区内小微企业", "南湖区"),
        ("在青山镇、石岭乡等8个乡镇设立服务点", "青山镇"),
        # the bodies a place governs are masked with it
        ("认真落实宁川市人力资源和社会保障局工作部署", "宁川市人力资源和社会保障局"),
        ("学院被宁川市委宣传部评为先进单位", "宁川市委宣传部"),
        ("桐溪县档案馆在桐溪县委办公室的领导下", "桐溪县委办公室"),
        ("桐溪县档案馆在桐溪县委办公室的领导下", "桐溪县档案馆"),
        ("其事迹被湖滨区融媒体中心专题报道", "湖滨区融媒体中心"),
        ("与望湖街道养老服务中心签订协议", "望湖街道养老服务中心"),
        # a region word opens a legal name; a business word follows a bracketed place; a bank's short name
        ("在北方农垦集团有限公司党委的领导下。按照北方农垦统一部署", "北方农垦集团有限公司"),
        ("在北方农垦集团有限公司党委的领导下。按照北方农垦统一部署", "北方农垦"),
        ("理顺金穗丰禾（张掖）制种有限公司治理结构", "金穗丰禾（张掖）制种有限公司"),
        # …and so does a word that elsewhere only says how a tunnel or bridge runs (越江隧道, 跨海大桥)
        ("中共过江纺织控股集团有限公司委员会：", "过江纺织控股集团有限公司"),
        ("在过江纺织控股集团有限公司党委的领导下。落实过江控股部署", "过江控股"),
        ("南湖支行在建行嘉禾分行党委的领导下", "建行嘉禾分行"),
        # slag stores, tank farms, pipe racks, camps, gas storage and training bases of a works
        ("对金鸡坳渣场、白沙岭渣库开展边坡评估", "白沙岭渣库"),
        ("对沙埠硫酸管廊开展全线壁厚检测，对东湖罐区储罐实施监测", "沙埠硫酸管廊"),
        ("对沙埠硫酸管廊开展全线壁厚检测，对东湖罐区储罐实施监测", "东湖罐区"),
        ("建成翠峰生活营地职工书屋", "翠峰生活营地"),
        ("望江LNG储配站完成储罐安全评估", "望江LNG储配站"),
        ("重点对东三环高压管线开展泄漏检测", "东三环高压管线"),
        # transmitters and relays, a scenic area's walkways, a sand works, a toponym ending in 坳 or 井
        ("对本台及石门坳转播台、青龙岭差转站开展巡检", "石门坳转播台"),
        # aqueducts and border trade points
        ("完成金坪渡槽加固，金坪渡槽通水", "金坪渡槽"),
        ("在曼洪边民互市点设立服务窗口", "曼洪边民互市点"),
        ("飞来峰栈道增派安保人员，在长岭岗机制砂厂新增生产线", "飞来峰栈道"),
        ("飞来峰栈道增派安保人员，在长岭岗机制砂厂新增生产线", "长岭岗机制砂厂"),
        ("深入红柳泉分场、骆驼井分场和沙枣园作业区蹲点", "骆驼井分场"),
        ("深入红柳泉分场、骆驼井分场和沙枣园作业区蹲点", "沙枣园作业区"),
        # sumu and gacha names run to four or five chars; a road numbered by its section
        ("与毗邻的巴彦乌拉苏木乌兰布拉格嘎查开展共建", "巴彦乌拉苏木"),
        ("与毗邻的巴彦乌拉苏木乌兰布拉格嘎查开展共建", "乌兰布拉格嘎查"),
        ("在巴彦镇哈达图嘎查开展义诊", "哈达图嘎查"),
        ("地址：澧州市武陵大道西段208号城投大厦12楼", "澧州市武陵大道西段208号城投大厦12楼"),
        # a place's and a zone's bodies
        ("全部通过澧州市公共资源交易中心网上竞价", "澧州市公共资源交易中心"),
        ("配合鹿屿化工园区管委会推进搬迁", "鹿屿化工园区管委会"),
        # companies and persons written in Latin letters
        ("与Nordvik Energy AS签订长期供货协议", "Nordvik Energy AS"),
        # housing estates and resettlement sites
        ("在滨湖佳苑推行管家式服务，柳营人才公寓开业", "滨湖佳苑"),
        ("在滨湖佳苑推行管家式服务，柳营人才公寓开业", "柳营人才公寓"),
        ("搬迁群众在甘洛坪安置点稳得住", "甘洛坪安置点"),
        ("海外事业部总监Lars Eriksson带队完成交付", "Lars Eriksson"),
    ],
)
def test_districts_addresses_and_communities_are_masked(text: str, span: str) -> None:
    """A district after its city though its name ends like a word (山区); a unit before a numbered
    block in an address; a community named by a rare noun (翠竹社区)."""
    assert _masked(text, span)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("检查采煤机滚筒作业区的安全防护", "滚筒作业区"),
        ("完善居民社区服务功能，创建全国优秀社区", "居民社区"),
        ("创建全国优秀社区", "优秀社区"),
        ("深入太行山区和大别山区调研", "太行山区"),
        ("环洞庭湖区水污染治理", "洞庭湖区"),
        ("发展湖区经济，建设山区公路", "湖区"),
        ("建设智能罐区和职工生活营地", "智能罐区"),
        ("建设智能罐区和职工生活营地", "生活营地"),
        ("加快游客中心建设，发展家庭农场", "游客中心"),
        ("加快游客中心建设，发展家庭农场", "家庭农场"),
        ("全旗各苏木、各嘎查", "苏木"),
        ("符合ISO 9001标准和IEC SA规范", "IEC SA"),
        pytest.param(
            "检查采煤机滚筒作业区",
            "滚筒作业区",
            marks=pytest.mark.xfail(
                strict=True,
                reason="without the sentence's end, the tagger's runs (sensitive_tagger.RUN_MIN) read it "
                "as a site at 0.14: a false find traded for 0.0085 less leak in the grouped CV",
            ),
        ),
        ("新建职工倒班公寓2栋，启动周转公寓项目", "倒班公寓"),
        ("完成液氨罐区改造", "液氨罐区"),
        ("班组与属地茶店子派出所建立联络机制", "属地"),
    ],
)
def test_ordinary_zones_and_communities_are_not_masked(text: str, span: str) -> None:
    from baogao.redact.recognizers import find_all

    a = text.index(span)
    assert not any(f.start < a + len(span) and a < f.end for f in find_all(text))


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("公司安全生产许可证（（晋）JZ安许证字〔2021〕0117）顺利延续", "（晋）JZ安许证字〔2021〕0117"),
        ("涉及合同（编号HXJG-HT-2022-0415）的价款已追回", "HXJG-HT-2022-0415"),
        # a letter before the province, 第 before the serial; claim numbers; a customer's account
        ("许可证（编号：A（甘）农种许字（2021）第0036号）通过年检", "A（甘）农种许字（2021）第0036号"),
        ("依法追偿损失（理赔案号：RC-DC-2023-0412），并将", "RC-DC-2023-0412"),
        ("户号为3100268157的用户家中燃气表检测到异常", "3100268157"),
    ],
)
def test_bracketed_licence_and_contract_numbers_are_masked(text: str, span: str) -> None:
    assert _masked(text, span)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("青岚职业技术学院召开大会。青岚职院获评示范校", "青岚职院"),
        ("受聘于云岭城市能源投资集团。云岭能投授予其称号", "云岭能投"),
        ("与华信医学检验实验室有限公司签约，华信检验全年完成检测", "华信检验"),
    ],
)
def test_usual_short_forms_of_kind_words_are_aliases(text: str, span: str) -> None:
    assert _masked(text, span)


@pytest.mark.parametrize(
    ("text", "name", "whole"),
    [
        ("锦华9-2油田实施注水井综合治理。", "锦华9-2", "锦华9-2油田"),
        ("龙口湾陆地终端天然气处理负荷率提升。", "龙口湾陆地", "龙口湾陆地终端"),
        ("青石岭矿区中心平台完成检修。", "青石岭矿区中心", "青石岭矿区中心平台"),
        ("银屿作业区B3堆场开展混合作业试点。", "银屿作业区", "银屿作业区B3堆场"),  # a numbered part
        ("翠峰电站2号备件库建成投用。", "翠峰电站", "翠峰电站2号备件库"),
        # the room where a meeting sat, with its floor or number when the place stops before them
        ("烟台南站综合楼五楼会议室召开安全分析会。", "烟台南站综合楼五楼", "烟台南站综合楼五楼会议室"),
        ("汇金大厦18楼多功能厅召开年度工作会。", "汇金大厦", "汇金大厦18楼多功能厅"),
        ("瑞投大厦1508会议室召开专题会。", "瑞投大厦", "瑞投大厦1508会议室"),
        ("调度大楼四楼第一会议室举行签约仪式。", "调度大楼", "调度大楼四楼第一会议室"),
    ],
)
def test_a_name_found_without_its_kind_word_takes_it(text: str, name: str, whole: str) -> None:
    from baogao.redact.recognizers import _kind_tails

    f = Finding(0, len(name), "LOCATION", name, "memory", 0.7)
    assert [g.text for g in _kind_tails(text, [f])] == [whole]


@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        ("西北公司矿山安全形势稳定。", "西北公司", "ORG"),  # a company's sites are not its name
        ("东营港基地址迁移。", "东营港", "LOCATION"),  # 基地|址: the kind word's last char opens a word
        ("东营港是重要港口。", "东营港", "LOCATION"),  # nothing of a kind follows
        ("湖滨公园会议室改建。", "湖滨公园", "LOCATION"),  # a room only after a building, its floor or number
        ("锦华大厦会议纪要印发。", "锦华大厦", "LOCATION"),
    ],
)
def test_kind_tails_leave_what_is_not_the_names_kind(text: str, name: str, label: str) -> None:
    from baogao.redact.recognizers import _kind_tails

    assert _kind_tails(text, [Finding(0, len(name), label, name, "memory", 0.7)]) == []


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("总经理纳文斌与9个生产车间签订责任书。", "纳文斌"),  # 纳, a Hui surname
        ("操作工锁小军（工号：NH2031）获评标兵。", "锁小军"),
        ("站长刀建华带头落实制度。", "刀建华"),  # 刀, a Dai surname
        ("联系人：综合办公室　鲜于蕾　电话：0827-5261234", "鲜于蕾"),  # a compound surname
    ],
)
def test_rarer_surnames_after_a_post(sentence: str, name: str) -> None:
    found = find_all(sentence, tagger_min=None)
    assert any(f.text == name and f.label == "PERSON" for f in found), texts(found)


def test_rarer_surnames_that_are_also_words_stay_words() -> None:
    sentence = "将安全纳入考核，刀具管理规范，字迹清楚，召开会议3次。"
    assert not [f for f in find_all(sentence) if f.label == "PERSON"]


@pytest.mark.parametrize(
    ("text", "name", "label", "whole"),
    [
        ("与岚溪县职业中学合作开设专业。", "岚溪县", "LOCATION", "岚溪县职业中学"),
        ("由梧州市照明处按节能量支付。", "梧州市", "LOCATION", "梧州市照明处"),
        ("邀请丰原县农业技术推广中心专家授课。", "丰原县", "LOCATION", "丰原县农业技术推广中心"),
        ("联合宁川县农机安全监理站开展检查。", "宁川县", "LOCATION", "宁川县农机安全监理站"),
        ("选址临川经济技术开发区新材料产业园，总投资3亿元。", "临川经济技术开发区", "LOCATION",
         "临川经济技术开发区新材料产业园"),
    ],
)
def test_a_body_named_after_a_place_is_masked_whole(text: str, name: str, label: str, whole: str) -> None:
    from baogao.redact.recognizers import _body_tails

    start = text.index(name)
    f = Finding(start, start + len(name), label, name, "location", 0.7)
    assert [g.text for g in _body_tails(text, [f])] == [whole]


@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        ("岚溪县积极推进农业科技园区建设。", "岚溪县", "LOCATION"),  # a clause, not a body
        ("为泓源银行高质量发展贡献滨江分行力量。", "泓源银行", "ORG"),  # a new name opens
        ("西沟尾矿库闭库工程完工。", "西沟尾矿库", "LOCATION"),  # a site's works are no body
        ("南腊茶业电商平台上线。", "南腊茶业", "ORG"),  # a thing of the company
        ("黄茅镇全部村组通硬化路。", "黄茅镇", "LOCATION"),
    ],
)
def test_body_tails_stop_at_clauses_new_names_and_things(text: str, name: str, label: str) -> None:
    from baogao.redact.recognizers import _body_tails

    start = text.index(name)
    assert _body_tails(text, [Finding(start, start + len(name), label, name, "location", 0.7)]) == []


@pytest.mark.parametrize(
    ("text", "found", "whole"),
    [
        ("述职人：巴图孟和\n尊敬的各位领导", "巴图孟", "巴图孟和"),  # a Mongolian name closed by the line's end
        ("党员医生端木清和被评为优秀党员。", "端木清", "端木清和"),  # a compound surname + two chars
    ],
)
def test_a_names_last_syllable_read_as_a_conjunction_is_masked(text: str, found: str, whole: str) -> None:
    from baogao.redact.recognizers import _name_edges

    a = text.index(found)
    assert [g.text for g in _name_edges(text, [Finding(a, a + len(found), "PERSON", found, "tagger", 0.8)])] == [whole]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("张建国和李明带队检查。", "张建国"),  # 和 joins two names
        ("王芳和同事们一起。", "王芳"),
    ],
)
def test_a_conjunction_after_a_name_stays_readable(text: str, found: str) -> None:
    from baogao.redact.recognizers import _name_edges

    a = text.index(found)
    assert _name_edges(text, [Finding(a, a + len(found), "PERSON", found, "person", 0.8)]) == []


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("实行包保管理，青岩、白溪两坑口坑长每日带班。", ["青岩", "白溪"]),
        ("加强龙渊、北郊等水厂液氯管理。", ["龙渊", "北郊"]),
        ("投入186万元改造南岔、坝塘、箐口等管护站职工宿舍。", ["南岔", "坝塘", "箐口"]),  # 管护|站 cut apart
    ],
)
def test_bare_site_names_counted_before_their_kind(text: str, names: list[str]) -> None:
    from baogao.redact.recognizers import _counted_sites

    assert [f.text for f in _counted_sites(text)] == names


@pytest.mark.parametrize(
    "text",
    [
        "开展科技节、艺术节、运动会等校园活动16项。",  # not sites
        "有上海、天津、重庆等港口的建设工程。",  # well-known cities: frequent words
        "在学习强国、人民网等平台刊发稿件。",  # a platform is no site
        "促进化纤、塑料、橡胶等化工产品发展。",
        "接入消火栓、烟感等终端3.8万个。",  # a terminal is no site
    ],
)
def test_counted_lists_of_other_things_are_left(text: str) -> None:
    from baogao.redact.recognizers import _counted_sites

    assert _counted_sites(text) == []


def test_a_ship_named_in_quotes_is_masked_but_not_a_rota() -> None:
    from baogao.redact.recognizers import _ship_names

    text = "10月“闽远海鹰”轮在鲸湾港装货，“闽远长乐”号轮试点，推行“一岗多能”轮岗。"
    assert [f.text for f in _ship_names(text)] == ["闽远海鹰", "闽远长乐"]


def test_a_numbered_rig_in_quotes_is_masked_but_not_a_named_platform() -> None:
    from baogao.redact.recognizers import _ship_names

    text = "“海晟六号”平台在垦东作业，“智慧党建”平台上线。"
    assert [f.text for f in _ship_names(text)] == ["海晟六号"]


def test_a_provincial_legal_name_gives_no_aliases_across_the_province() -> None:
    from baogao.redact.recognizers.org import derive_aliases

    aliases = derive_aliases("内蒙古草原有色金属集团有限公司")
    assert "草原有色金属" in aliases
    assert not any(a.startswith(("内蒙原", "内蒙草", "内蒙色", "古草")) for a in aliases), sorted(aliases)


def test_a_rare_core_opens_the_short_forms_of_a_legal_name() -> None:
    from baogao.redact.recognizers.org import derive_aliases

    assert {"越江控股", "越江纺织"} <= derive_aliases("越江纺织控股集团有限公司")


@pytest.mark.parametrize(("score", "masked_twice"), [(0.5, True), (0.15, False)])
def test_an_unsure_tagger_guess_is_masked_where_it_stands_only(score: float, masked_twice: bool, monkeypatch) -> None:
    """A tagger span scored below ``SURE`` is masked, but its name is not looked for through
    the rest of the document (a sure one is), and a dictionary word is no name on such evidence."""
    from baogao.redact import recognizers
    from baogao.redact.recognizers import sensitive_tagger

    text = "组织队员到翠微厅开展演练。翠微厅全年安全运行，换热站改造顺利完成。"  # no rule finds 翠微厅
    first, second = text.index("翠微厅"), text.rindex("翠微厅")
    word = text.index("换热站")
    guesses = [
        Finding(first, first + 3, "LOCATION", "翠微厅", sensitive_tagger.SOURCE, score),
        Finding(word, word + 3, "LOCATION", "换热站", sensitive_tagger.SOURCE, score),
    ]
    monkeypatch.setattr(recognizers, "_ner_findings", lambda t, **_: [g for g in guesses if t[g.start : g.end] == g.text])
    covered = {i for f in recognizers.find_all(text) for i in range(f.start, f.end)}
    assert set(range(first, first + 3)) <= covered
    assert (set(range(second, second + 3)) <= covered) == masked_twice
    assert (word in covered) == (score >= sensitive_tagger.SURE)


@pytest.mark.parametrize(
    ("text", "span", "found"),
    [
        ("完成锦华9-2 WHPB平台增压改造", "锦华9-2 WHPB平台", True),
        ("施工队进驻渤中25-1油田", "渤中25-1油田", True),
        ("云页8-2HF井测试日产气5万方", "云页8-2HF井", True),
        ("上年1-6月累计完成产值", "上年1-6", False),  # a range of months, no place
        ("值班电话029-8861 2760", "029-8861", False),
    ],
)
def test_fields_platforms_and_wells_named_by_their_block_are_sites(text: str, span: str, found: bool) -> None:
    from baogao.redact.recognizers import location

    a = text.index(span)
    if found:
        assert any(f.text == span for f in location.find(text))
        assert _masked(text, span)
    else:  # nothing found over the digits at all, not merely no span of exactly these chars
        assert not any(f.start < a + len(span) and a < f.end for f in location.find(text))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("针对吊装作业风险开展专项整治，顾家豪等18名起重指挥人员全部持证上岗。", "顾家豪"),
        ("签订保密协议，申屠建明等3名同志参加培训。", "申屠建明"),  # a compound surname
        ("顾家豪等十二人获得表彰。", "顾家豪"),  # at the text's start
    ],
)
def test_a_name_opening_a_clause_and_counted_with_others_is_a_person(text: str, name: str) -> None:
    assert name in texts(person.find(text))


@pytest.mark.parametrize("text", ["完成安全培训等5人次。", "由于天气原因等3名旅客滞留。", "组织开展调研等5人参加"])
def test_a_count_of_people_after_no_name_finds_none(text: str) -> None:
    assert [f for f in person.find(text) if f.attrs.get("anchor") == "count"] == []


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        # a span ending in a phone's first digits: the name before the phone, not a place
        ("张三13812345678\n", (0, 6), "张三"),
        # a span ending inside a word of letters takes the word (a vessel's type)
        ("问题突出，海晟号FPSO船体", (5, 10), "海晟号FPSO"),
        # a span starting inside a code leaves the code out
        ("编号A12东岭站", (3, 8), "东岭站"),
        ("东岭站", (0, 3), "东岭站"),  # nothing cut: unchanged
        ("张13812345678", (0, 3), None),  # one char left: no span
    ],
)
def test_tagger_span_never_cuts_a_number_or_a_word_of_letters(
    text: str, span: tuple[int, int], expected: str | None
) -> None:
    from baogao.redact.recognizers import _whole_codes

    a, b = span
    got = _whole_codes(text, Finding(a, b, "LOCATION", text[a:b], "tagger", 0.9))
    assert (got.text if got else None) == expected
    if got is not None:
        assert text[got.start : got.end] == got.text


@pytest.mark.parametrize(
    ("text", "span", "label", "masked"),
    [
        ("全年扎日沟选矿厂生产锂精矿", "扎日沟选矿厂", "LOCATION", True),  # a coined name and its kind
        ("值班经理覃海鹰果断关闭游览段", "覃海鹰", "PERSON", True),  # a surname, no dictionary word
        ("新华社记者报道", "华社", "ORG", False),  # starts inside a word (新华)
        ("推进新型城镇化建设", "型城", "LOCATION", False),  # and ends inside one (城镇)
        ("鹰潭到南昌的铁路", "鹰潭到", "LOCATION", False),  # a function char at its end
        ("做好包装工作", "包装", "PERSON", False),  # a person that is a dictionary word
        ("保护子孙后代的福祉", "孙后代", "PERSON", False),
        ("陪同患者转诊到县人民医院", "县人民医院", "ORG", False),  # a body named by its level alone
        ("按时报告县医保局备案", "报告县医保局", "ORG", False),  # an ordinary word before the level
        ("分别发往黄埔或佛山仓库", "黄埔或佛山", "LOCATION", False),  # 或 joins two names
        ("完成准旗各矿排查", "准旗各矿", "LOCATION", False),  # a determiner ends the name
    ],
)
def test_a_faint_guess_of_the_tagger_needs_a_names_shape_and_clean_edges(
    text: str, span: str, label: str, masked: bool
) -> None:
    from baogao.redact.recognizers import _masking_view, sensitive_tagger

    a = text.index(span)
    faint = Finding(a, a + len(span), label, span, sensitive_tagger.SOURCE, 0.05)
    sure = Finding(a, a + len(span), label, span, sensitive_tagger.SOURCE, 0.5)
    assert (_masking_view(text, faint, sensitive_tagger.MIN_SCORE) is not None) is masked
    if not masked and span in ("华社", "型城", "鹰潭到", "县人民医院"):
        assert _masking_view(text, sure, sensitive_tagger.MIN_SCORE) is not None  # only the faint one is refused


@pytest.mark.parametrize(
    ("text", "span", "label"),
    [
        ("业务骨干岩温、玉香等同志", "岩温", "PERSON"),  # no surname of the list
        ("桃源社区开展义诊", "桃源社区", "LOCATION"),  # a head that is an ordinary word
        ("石门支行营业部", "石门支行", "ORG"),
    ],
)
def test_a_tagger_span_scored_085_needs_less_of_a_names_shape(text: str, span: str, label: str) -> None:
    from baogao.redact.recognizers import _masking_view, sensitive_tagger

    a = text.index(span)

    def masked(score: float) -> bool:
        found = Finding(a, a + len(span), label, span, sensitive_tagger.SOURCE, score)
        return _masking_view(text, found, sensitive_tagger.MIN_SCORE) is not None

    assert masked(0.85) and not masked(0.5)


def test_a_name_before_a_phone_is_not_merged_into_it() -> None:
    found = find_all("张三13812345678\n各位代表：")
    assert ("PHONE", "13812345678") in {(f.label, f.text) for f in found}
    assert not any(f.label == "PHONE" and "张" in f.text for f in found)


@pytest.mark.parametrize(
    ("text", "seed", "mate"),
    [
        ("组织柳湾镇、大营乡、城关镇开展农机培训。", "柳湾镇", "大营乡"),  # between two towns
        ("在柳湾镇、大营乡举办农机培训。", "柳湾镇", "大营乡"),  # the last item, closed by a verb
        ("德吉村、团结村发展特色产业。", "德吉村", "团结村"),  # a village named by an ordinary word
        ("德吉村、和平村发展特色产业。", "德吉村", "和平村"),  # a name may open with a conjunction's char
        ("全年刘庄船闸、皂河船闸累计开放闸次2.1万次。", "刘庄船闸", "皂河船闸"),  # a site of the same kind
    ],
)
def test_a_unit_listed_with_a_found_one_is_a_place(text: str, seed: str, mate: str) -> None:
    from baogao.redact.recognizers import _place_list_mates

    at = text.index(seed)
    mates = _place_list_mates(text, [Finding(at, at + len(seed), "LOCATION", seed, "location", 0.7)])
    assert mate in texts(mates)
    for f in mates:
        assert text[f.start : f.end] == f.text


@pytest.mark.parametrize(
    "text",
    [
        "柳湾镇、各乡镇开展农机培训。",  # a quantifier opens no name
        "柳湾镇、全村开展培训。",
        "德吉村、团结村民共同发展。",  # 村民: the suffix opens a word
        "汽车厂、各船闸开展检修。",  # a quantifier: a kind of site, not one
    ],
)
def test_no_unit_is_made_of_a_quantifier_or_a_longer_word(text: str) -> None:
    from baogao.redact.recognizers import _place_list_mates

    found = [Finding(0, 3, "LOCATION", text[:3], "location", 0.7)]
    assert _place_list_mates(text, found) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # the reporting unit's name in its title line, whole though it chains units
        ("河东煤田地质局一四八勘探队2023年工作总结\n2023年，一四八队完成钻探进尺3.2万米。", "河东煤田地质局一四八勘探队"),
        # a title broken before its year
        ("北疆农垦集团呼和塔拉种薯农场\n２０２４年工作总结\n全年种薯产量稳定。", "北疆农垦集团呼和塔拉种薯农场"),
        # the signature above the date: the unit without its party body or department
        ("全年任务圆满完成。\n中共青禾县人民医院委员会\n2023年12月20日", "青禾县人民医院"),
        ("全年任务圆满完成。\n华岳建材集团有限公司党委宣传部\n2024年1月5日", "华岳建材集团有限公司"),
        # a working committee is the body itself: 中共 and 委员会 stay
        ("全年任务圆满完成。\n中共桂江市柳岸区榕溪街道工作委员会\n2023年12月", "中共桂江市柳岸区榕溪街道工作委员会"),
    ],
)
def test_title_and_signature_name_the_reporting_unit(text: str, name: str) -> None:
    from baogao.redact.recognizers import _title_and_signature_names

    assert name in texts(_title_and_signature_names(text))
    assert covered(find_all(text), text, name)  # masked whole, whatever else masks around it


@pytest.mark.parametrize(
    "text",
    [
        "公司2023年工作总结\n全年安全生产形势稳定。",  # no name, only the kind of unit
        "关于2023年宣传思想工作情况的总结",
        "全年任务圆满完成。\n汇报人：张科\n2023年12月",  # a person signs
        "第一季度工作回顾\n2023年，全矿完成原煤产量。",  # a heading, not a unit
    ],
)
def test_no_title_name_where_no_unit_is_named(text: str) -> None:
    from baogao.redact.recognizers import _title_and_signature_names

    assert _title_and_signature_names(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("运营“云峰应急救援”微信公众号和抖音号，粉丝2.1万。", "云峰应急救援"),
        ("“临江公交”APP上线实时公交查询。", "临江公交"),
        ("“江州高新投促”微信公众号粉丝突破3万。", "江州高新投促"),
    ],
)
def test_a_units_own_account_is_named_for_it(text: str, name: str) -> None:
    from baogao.redact.recognizers import _account_names

    assert name in texts(_account_names(text))


@pytest.mark.parametrize(
    "text",
    [
        "开通“指尖新闻”公众号专栏。",  # a feature, named by ordinary words
        "推广“智慧巡线”小程序。",
        "组织职工下载“学习强国”APP。",  # a public platform
        "推广“一部手机游景区”小程序。",
    ],
)
def test_feature_and_platform_accounts_are_no_units(text: str) -> None:
    from baogao.redact.recognizers import _account_names

    assert _account_names(text) == []


@pytest.mark.parametrize(
    ("text", "unit"),
    [("获评省级文明工地。第二工程处承建的淮南段河道全线贯通。", "第二工程处"),
     ("2023年，第十二地质大队完成钻探进尺3.2万米。", "第十二地质大队")],
)
def test_a_numbered_unit_is_an_organisation(text: str, unit: str) -> None:
    assert any(f.label == "ORG" and f.text == unit for f in find_all(text))


@pytest.mark.parametrize("text", ["其中外科第一党支部获评先进基层党组织。", "树立“甘蔗是糖厂的第一车间”理念。"])
def test_a_numbered_party_branch_or_workshop_is_no_name(text: str) -> None:
    assert not any(f.attrs.get("kind") == "numbered" for f in find_all(text))


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("普洱市思茅区国有林场良种苗木站", "良种站"),  # first word and kind, after the parents and places
        ("河东煤田地质局一四八勘探队", "一四八队"),  # a numeral run is a word
        ("江西省地质局第十二地质大队", "十二大队"),  # a two-char kind is kept whole
        ("京昆高速管理局隧道管理所", "隧管所"),  # the first char of each word
    ],
)
def test_short_forms_of_the_reporting_units_name(name: str, short: str) -> None:
    from baogao.redact.recognizers import _short_forms

    assert short in _short_forms(name)


def test_a_short_form_counts_only_where_the_report_uses_it() -> None:
    from baogao.redact.recognizers import _short_forms, _title_and_signature_names

    title = "普洱市思茅区国有林场良种苗木站2024年工作总结\n"
    used = title + "一年来，良种站培育良种苗木120万株。"
    aliases = [f for f in _title_and_signature_names(used) if f.attrs.get("kind") == "alias"]
    assert [(f.text, used[f.start : f.end]) for f in aliases] == [("良种站", "良种站")]
    assert covered(find_all(used), used, "良种站")
    unused = title + "全年培育良种苗木120万株。"
    assert not any(f.attrs.get("kind") == "alias" for f in _title_and_signature_names(unused))
    assert _short_forms("东岭煤业有限公司") == set()  # a company's short forms are the organisation rules'


def test_a_units_party_branch_is_no_person() -> None:
    # 党 is a surname, but 项目部|党支部 is the project department's party branch
    assert person.find("项目部党支部与大坪村党支部结对共建。") == []
    assert texts(person.find("技术员党建国带队巡检。")) == ["党建国"]


@pytest.mark.parametrize(
    ("text", "place", "body"),
    [
        ("项目部党支部与团结乡大坪村党支部结对共建。", "大坪村", "大坪村党支部"),  # the village the rules found
        ("中共桂江市柳岸区委：\n现将2023年工作总结报告如下。", None, "中共桂江市柳岸区委"),  # no place needed
    ],
)
def test_a_local_body_is_masked_with_its_place(text: str, place: str | None, body: str) -> None:
    from baogao.redact.recognizers import _local_bodies

    seed = [] if place is None else [Finding(text.index(place), text.index(place) + len(place), "LOCATION", place)]
    assert any(f.label == "ORG" and f.text == body for f in _local_bodies(text, seed))
    assert covered(find_all(text), text, body)


@pytest.mark.parametrize(("text", "place"), [("上站云杉坪观景平台完成提升改造。", "云杉坪"), ("在白沙岭加固挡渣坝360米。", "白沙岭")])
def test_a_bare_place_the_dictionary_knows_as_a_place_is_one(text: str, place: str) -> None:
    assert place in texts(location.find(text))


def test_half_a_slope_is_no_place() -> None:
    assert "半山坡" not in texts(location.find("大家走到半山坡休息。"))


def test_a_substation_keeps_its_voltage() -> None:
    text = "迎峰度夏期间坚守110千伏石门变电站、35千伏官庄变电站等重要站点。"
    found = texts(location.find(text))
    assert "110千伏石门变电站" in found and "35千伏官庄变电站" in found


@pytest.mark.parametrize(
    ("text", "site"),
    [
        ("70158钻井队在HL-1024井创造了单日进尺纪录。", "HL-1024井"),  # a well by its code
        ("二季度劳动竞赛中，TJ4合同段综合排名第一。", "TJ4合同段"),  # a contract section
        ("从68吨减少到9.6吨，A区冷库、C区冷库全部改用氟利昂。", "C区冷库"),  # a lettered zone and its kind
    ],
)
def test_coded_wells_sections_and_zones_are_sites(text: str, site: str) -> None:
    assert site in texts(location.find(text))


def test_a_lettered_zone_without_its_kind_is_no_site() -> None:
    assert location.find("A区和B区的车间同步检修。") == []


def test_a_tunnel_takes_its_numbered_branch() -> None:
    assert "凤凰山隧洞2号支洞" in texts(location.find("在凤凰山隧洞2号支洞洞口建设三级沉淀池。"))


@pytest.mark.parametrize(
    ("text", "project"),
    [
        # a place word of the dictionary, then what is built there
        ("18万亩增加到22万亩。竹山油茶示范基地被认定为省级基地。", "竹山油茶示范基地"),
        # two chars the dictionary does not know, ending like a place
        ("全力推进鹿屿竹木精深加工园建设。", "鹿屿竹木精深加工园"),
        ("推进桐溪生态茶园基地二期建设。", "桐溪生态茶园基地"),
    ],
)
def test_a_project_named_by_a_place_is_masked_whole(text: str, project: str) -> None:
    assert project in texts(location.find(text))
    assert project in texts(find_all(text))


@pytest.mark.parametrize(
    "text",
    [
        "组织党员干部参观廉政教育基地。",  # jieba tags 廉政 as a name: no place char
        "推进光伏发电和储能项目。",  # no name at all
        "新增竹林基地1万亩。",  # a frequent everyday noun ending in 林
        "被评为市级爱国主义教育基地。",  # 爱国 opens the ordinary word 爱国主义
        "实施天然林保护二期工程。",  # a national programme: 天然林 is no district
        "参差不齐，黄陂区个别项目出现质量问题。",  # a scope word: projects of a district, not one
        "印度尼西亚湿法镍钴项目集中投产。",  # a country is public
        "与云州大学共建文博实践基地。",  # a verb inside: a sentence, not a name
    ],
)
def test_phrases_about_projects_are_not_named_projects(text: str) -> None:
    assert not [f for f in location.find(text) if f.attrs.get("kind") == location.NAMED_PROJECT]


def test_a_place_found_before_a_project_keeps_its_own_span() -> None:
    """The gold masks 滨湖区 in 滨湖区建筑垃圾资源化利用项目 as often as the whole project; a place
    the rules know is left to them (and to the project tails), so only coined names are widened."""
    text = "滨湖区建筑垃圾资源化利用项目（二期）建成投产。"
    assert not [f for f in location.find(text) if f.attrs.get("kind") == location.NAMED_PROJECT]
    assert "滨湖区" in texts(location.find(text))


def test_a_named_project_over_a_found_firm_leaves_the_firm_its_label() -> None:
    from baogao.redact.recognizers import _lone_named_projects

    text = "推动竹山新材料二期项目开工建设。"
    firm = Finding(2, 7, "ORG", "竹山新材料", "org", 0.7)
    project = Finding(2, 11, "LOCATION", "竹山新材料二期项目", "location", 0.65, {"kind": location.NAMED_PROJECT})
    assert _lone_named_projects([firm, project]) == [firm]
    assert _lone_named_projects([project]) == [project]
    assert text[2:11] == project.text


def test_a_pair_counted_with_its_kind_may_be_named_with_an_everyday_word() -> None:
    text = "天然气1800万立方米，北湖、和平两热源全期安全稳定运行。"
    assert {"北湖", "和平"} <= set(texts(location.find(text)))
    # …but a grade is no count: 热曲一级电站、热曲二级电站 do not make 电站 a place
    graded = "全年热曲一级电站、热曲二级电站累计发电1.86亿千瓦时。"
    assert "电站" not in texts(location.find(graded))
    assert location.find("城区、郊区两个片区同步推进。") == []  # ordinary words both


def test_a_site_listed_beside_found_ones_may_be_named_with_an_everyday_word() -> None:
    from baogao.redact.recognizers import _place_list_mates

    text = "在柳湾渡口、石门渡口、江心洲渡口推行渡运管理制度。"
    at = text.index("柳湾渡口")
    mates = _place_list_mates(text, [Finding(at, at + 4, "LOCATION", "柳湾渡口", "tagger", 0.7)])
    assert "石门渡口" in texts(mates)  # 石门 is a common word, but ends in a place char
    assert _place_list_mates("在柳湾渡口、安全渡口推行制度。", [Finding(1, 5, "LOCATION", "柳湾渡口", "tagger", 0.7)]) == []


def test_a_count_after_a_site_ends_its_name() -> None:
    text = "包保管理，青石、白沙两坑口坑长带班下井。"
    assert "白沙两坑口" not in texts(find_all(text))


@pytest.mark.parametrize(
    ("text", "nickname"),
    [
        ("能源集团劳动模范，技术员“小欧”欧阳晓峰获评四川省青年岗位能手。", "小欧"),  # before the name
        ("主持人林涛（听众亲切地称他为“涛哥”）主持的节目收听率同比提高。", "涛哥"),  # after it
        ("网点负责人岗位，客户经理“小周”（周扬）的服务获评。", "小周"),
    ],
)
def test_a_nickname_made_of_a_persons_name_is_masked(text: str, nickname: str) -> None:
    from baogao.redact.recognizers import _nicknames

    name = next(n for n in ("欧阳晓峰", "林涛", "周扬") if n in text)
    at = text.index(name)
    found = _nicknames(text, [Finding(at, at + len(name), "PERSON", name, "person", 0.8)])
    assert texts(found) == [nickname]


def test_a_quoted_word_is_no_nickname_without_a_name_sharing_its_char() -> None:
    from baogao.redact.recognizers import _nicknames

    text = "一年来，我们把巡线这件“小事”做实做细，张建国同志带头。"
    at = text.index("张建国")
    assert _nicknames(text, [Finding(at, at + 3, "PERSON", "张建国", "person", 0.8)]) == []


def test_a_name_found_in_a_list_is_masked_at_its_other_occurrences() -> None:
    """石门渡口 reads as a ferry's name only beside the named ferries; once found there, it is the
    same ferry wherever the report names it again."""
    text = "在柳湾渡口、石门渡口、江心洲渡口推行渡运管理制度。年内完成石门渡口码头改造。"
    with tagger_override(None):
        found = find_all(text, policy=Policy(register=Register(orgs=frozenset(), sites=frozenset({"柳湾渡口"}))))
    second = text.rindex("石门渡口")
    assert any(f.start <= second and second + 4 <= f.end for f in found)


def test_a_sure_tagger_span_of_a_registered_name_spreads_its_short_forms() -> None:
    from baogao.redact.recognizers import _remember

    text = "由隆昌建设集团有限公司承建，隆昌建设克服山区地质困难。"
    at = text.index("隆昌建设集团有限公司")
    sure = Finding(at, at + 10, "ORG", "隆昌建设集团有限公司", "tagger", 0.9)
    assert "隆昌建设" in texts(_remember(text, [sure], frozenset()))
    # an unsure guess, or a span that is no registered name, spreads nothing (it stands once here)
    unsure = Finding(at, at + 10, "ORG", "隆昌建设集团有限公司", "tagger", 0.2)
    assert _remember(text, [unsure], frozenset()) == []
    bare = Finding(at, at + 6, "ORG", "隆昌建设集团", "tagger", 0.9)
    assert _remember(text, [bare], frozenset()) == []


def test_memory_adds_the_other_occurrences_and_leaves_the_found_one_its_recognizer() -> None:
    from baogao.redact.recognizers import _remember, resolve

    text = "苏景瑞同志主持会议。会上，苏景瑞同志传达了上级精神。"
    # a finding less sure than memory's own score: memory used to copy it in place and, more
    # sure, take its place in resolve(), so `check` named "memory" as the recognizer
    found = [Finding(0, 3, "PERSON", "苏景瑞", "person", 0.5)]
    remembered = _remember(text, found, frozenset())
    assert [(f.start, f.end, f.source) for f in remembered] == [(13, 16, "memory")]
    assert [(f.start, f.source) for f in resolve(found + remembered)] == [(0, "person"), (13, "memory")]


def test_a_names_joiner_left_at_the_model_spans_edge_is_dropped() -> None:
    from baogao.redact.recognizers import _trim_model_span

    text = "米切尔·约翰逊"
    f = _trim_model_span(Finding(0, 4, "PERSON", "米切尔·", "ner", 0.8))
    assert (f.start, f.end, f.text) == (0, 3, "米切尔")
    whole = Finding(0, 7, "PERSON", text, "ner", 0.8)
    assert _trim_model_span(whole) == whole  # a joiner inside the name stays
    assert _trim_model_span(Finding(0, 1, "PERSON", "·", "ner", 0.8)).text == "·"  # never emptied


@pytest.mark.parametrize(
    ("text", "road"),
    [
        ("确保X218线黄柏至小石海段交竣工验收。", "X218线黄柏至小石海段"),  # a county road's section
        ("监控中心负责S25安顺至紫荆高速公路隧道群监控。", "S25安顺至紫荆高速公路"),  # a provincial expressway
    ],
)
def test_a_local_road_named_by_its_code_and_ends_is_a_place(text: str, road: str) -> None:
    assert road in texts(location.find(text))


@pytest.mark.parametrize(
    ("text", "towers"),
    [
        ("共新立铁塔37基，其中N12号塔至N15号塔跨越澜沧江。", ["N12号塔", "N15号塔"]),
        ("220千伏落坪线N21号塔基础护坡破损。", ["N21号塔"]),
        ("N7塔吊作业前须检查钢丝绳。", []),  # a tower crane
        ("购置N95口罩两万只。", []),
    ],
)
def test_a_power_lines_tower_by_its_number_is_a_site(text: str, towers: list[str]) -> None:
    assert [f.text for f in location.find(text) if "塔" in f.text] == towers


@pytest.mark.parametrize(
    ("text", "parcels"),
    [
        ("建议将环城北路北侧GL-2024-03地块作为安置用地。", ["GL-2024-03地块"]),
        ("首期启动DZ-01地块、DZ-04地块开发。", ["DZ-01地块", "DZ-04地块"]),
        ("BH2023-15号地块实现当年出让。", ["BH2023-15号地块"]),
        ("该地块位于城东，A地块和B地块同步推进。", []),  # no code: not one parcel of a plan
    ],
)
def test_a_land_parcel_named_by_its_code_is_a_site(text: str, parcels: list[str]) -> None:
    assert [f.text for f in location.find(text) if f.text.endswith("地块")] == parcels


@pytest.mark.parametrize(
    ("text", "village"),
    [
        ("公司驻达拉特旗树林召镇五股地村工作队", "五股地村"),  # a numeral opens many villages' names
        ("黄沙乡十里铺村委会换届", "十里铺村"),
        ("城关镇新华村", "新华村"),
        ("全镇新农村建设", None),  # no village named: 新农村 is a programme
        ("各乡镇农村公路", None),
    ],
)
def test_a_village_after_its_township_may_have_three_chars(text: str, village: str | None) -> None:
    villages = [f.text for f in location.find(text) if f.text.endswith("村")]
    assert villages == ([village] if village else [])


@pytest.mark.parametrize(
    ("text", "points"),
    [
        ("巡查中发现二级公路K23+500处边坡落石。", ["K23+500"]),
        ("K46+200至K48+600段仍有11户民房未完成拆迁。", ["K46+200", "K48+600"]),  # a range: both ends
        ("管养路段Ｋ１８７６＋３００处设置警示牌。", ["Ｋ１８７６＋３００"]),  # full-width
        ("隧道里程K12+360.5处二衬已完成。", ["K12+360.5"]),
        # no chainage: a product code, a Latin word before the K, a longer digit tail
        ("采购SK12+300型设备两台，AK3+2套件一批。", []),
        ("版本K12+3004已停用。", []),
    ],
)
def test_a_road_chainage_is_a_place(text: str, points: list[str]) -> None:
    assert [f.text for f in location.find(text) if f.attrs.get("kind") == "chainage"] == points


def test_a_place_on_a_local_road_takes_the_roads_code_but_a_national_road_stays_public() -> None:
    from baogao.redact.recognizers import _name_edges

    text = "对县境内S205省道苍岭检查站实行全天候值守，G318国道沿线龙泉湾加油站同步检查。"
    at, nat = text.index("苍岭检查站"), text.index("龙泉湾加油站")
    found = [
        Finding(at, at + 5, "LOCATION", "苍岭检查站", "tagger", 0.9),
        Finding(nat, nat + 6, "LOCATION", "龙泉湾加油站", "tagger", 0.9),
    ]
    assert texts(_name_edges(text, found)) == ["S205省道苍岭检查站"]


@pytest.mark.parametrize(
    ("text", "branch", "whole"),
    [
        ("中国邮政储蓄银行南溪县支行行长韦美玲", "南溪县支行", "中国邮政储蓄银行南溪县支行"),
        ("与鲁南农商银行临港支行合作推出冷链贷", "临港支行", "鲁南农商银行临港支行"),  # 与 is not the bank's
        ("较好完成了丰泽银行临川分行下达的任务", "临川分行", "丰泽银行临川分行"),
        ("在本地银行临港支行开户", "临港支行", None),  # 本地银行 names no bank
    ],
)
def test_a_branch_found_alone_takes_its_banks_name(text: str, branch: str, whole: str | None) -> None:
    from baogao.redact.recognizers import _name_edges

    at = text.index(branch)
    got = texts(_name_edges(text, [Finding(at, at + len(branch), "ORG", branch, "org_suffix", 0.8)]))
    assert got == ([whole] if whole else [])


@pytest.mark.parametrize(
    ("text", "place", "body"),
    [
        ("马鞍道班技术员蒋卫东研发巡查小程序。", "马鞍", "马鞍道班"),
        ("苍岭县森林病虫害防治检疫站站长覃建明。", "苍岭县", "苍岭县森林病虫害防治检疫站"),
        ("深化与溪阳县总工会合作。", "溪阳县", "溪阳县总工会"),
    ],
)
def test_a_place_s_road_squad_quarantine_station_and_union_are_masked_whole(text: str, place: str, body: str) -> None:
    from baogao.redact.recognizers import _body_tails

    at = text.index(place)
    assert body in texts(_body_tails(text, [Finding(at, at + len(place), "LOCATION", place, "location", 0.7)]))


def test_a_persons_other_name_in_brackets_is_a_name() -> None:
    text = "由歌师吴老银（侗名：补银）传授侗族大歌，作者张伟（笔名：江舟）供稿。产品（型号：AB12）。"
    names = texts(person.find(text))
    assert "补银" in names and "江舟" in names
    assert not any("AB" in n for n in names)


def test_publishers_foundations_and_training_schools_are_units_but_national_ones_are_public() -> None:
    text = "与书香教育出版社签约，鸿图职业培训学校承办，春晖公益基金会捐赠；中国青少年发展基金会、中国电力出版社来函。"
    found = texts(find_all(text))
    assert {"书香教育出版社", "鸿图职业培训学校"} <= set(found)
    assert not any(t.startswith("中国") for t in found)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("开通96365停车服务热线，全年受理来电", "96365"),  # the number before its hotline word
        ("客服热线：96365　办公室联系人：张伟", "96365"),
        ("全年受理供水热线96616转办工单1.2万件", "96616"),
        ("拨打95598服务热线报修", "95598"),
    ],
)
def test_a_companys_short_service_line_next_to_its_hotline_word_is_a_phone(text: str, number: str) -> None:
    assert number in texts(phone.find(text), "PHONE")


@pytest.mark.parametrize(
    "text",
    [
        "办结12345政务服务热线工单3.2万件",  # the government's public line stays
        "吨铝直流电耗降至96365千瓦时，热线工单同比下降",  # a figure with its unit, the word in another clause
        "全年完成产值96365万元",  # no hotline word at all
        "全年客服热线受理来电96532件，办结率99%",  # a count after the hotline word
    ],
)
def test_a_public_line_or_a_figure_is_no_company_hotline(text: str) -> None:
    assert texts(phone.find(text), "PHONE") == []


def test_a_licence_with_its_class_in_brackets_or_its_authoritys_letters_is_read_whole() -> None:
    text = ("任医师冯立强（中医执业证号：中医（执）51060812）退休后，"
            "王德成（安全生产考核合格证号陕建安C（2019）0218476）牵头开展检查。")
    codes = texts(licence.find(text), "ID_NUMBER")
    assert "中医（执）51060812" in codes and "陕建安C（2019）0218476" in codes
    # without a colon, Chinese after the label that is no authority's code is no code
    assert licence.find("执业证号全部录入系统2023，合格证号查询系统上线C2023。") == []


def test_the_spaced_token_after_a_contacts_post_is_the_contact_even_when_it_is_a_word() -> None:
    text = "联系人：车间综合员　严明　电话：0371-66123456"
    assert "严明" in texts(person.find(text), "PERSON")
    assert texts(person.find("联系人：党群部　联系方式　电话：0371-66123456"), "PERSON") == []
    # outside a contact line the word stays a word
    assert texts(person.find("纪律严明　电话：0371-66123456"), "PERSON") == []


def test_a_foreign_or_satellite_number_and_a_railways_internal_line_are_phones() -> None:
    text = "海事卫星电话：+870 773 912 456　邮箱：fleet@example.cn；香港办事处+852 2345 6789；路内电话：67315。"
    assert {"+870 773 912 456", "+852 2345 6789", "67315"} <= set(texts(phone.find(text), "PHONE"))
    assert texts(phone.find("同比增长+12 34 56个百分点"), "PHONE") == []  # too few digits for a number


def test_a_reports_own_district_named_bare_in_its_closing_slogan_is_masked() -> None:
    text = ("临江市梧桐区环境卫生管理所全年清扫道路1.2万公里。梧桐区城市管理局给予表扬。"
            "全所职工将以更加饱满的热情，为建设美丽梧桐作出新的更大贡献。")
    found = find_all(text)
    at = text.rindex("梧桐")
    assert any(f.start <= at and at + 2 <= f.end and f.label == "LOCATION" for f in found)
    # without the epithet, or for a name the report never gives with its suffix, nothing is added
    plain = "青山区林场开展造林绿化，做到青山不减色、绿水不改道。推广思茅松容器育苗。"
    found = find_all(plain)
    assert not any(plain[f.start : f.end] in ("青山", "思茅") for f in found)


def test_a_lists_closing_kind_word_is_cut_from_the_model_span_of_its_last_place() -> None:
    text = "帮助茶园村、竹溪村等村集体销售产品。"
    spans = {text[f.start : f.end] for f in find_all(text) if f.label == "LOCATION"}
    assert "竹溪村" in spans and not any(s.endswith("等村") for s in spans)


def test_a_permits_or_a_penaltys_number_is_read_by_its_shape_but_a_policy_documents_stays() -> None:
    text = ("卫生许可批件（豫卫水字（2021）第0035号）均在有效期内；作出罚款3万元的行政处罚（清卫医罚〔2023〕17号）。"
            "贯彻国发〔2023〕5号文件精神。集装箱船（船号H1587）是公司首制船。")
    codes = texts(licence.find(text), "ID_NUMBER")
    assert {"豫卫水字（2021）第0035号", "清卫医罚〔2023〕17号", "H1587"} <= set(codes)
    assert not any("国发" in c for c in codes)


def test_a_four_char_hill_name_opening_with_lao_keeps_its_lao() -> None:
    text = "常年坚守在老秃顶子管护站，被评为先进；改造老旧小区供热站3座。"
    spans = texts(location.find(text), "LOCATION")
    assert "老秃顶子管护站" in spans
    assert not any(s.startswith(("老旧", "旧")) for s in spans)


def test_pinyin_initials_come_from_gb2312_order_and_rare_chars_have_none() -> None:
    from baogao.redact.recognizers._text import pinyin_initial

    assert "".join(pinyin_initial(c) or "?" for c in "澜州衡川北辰啊座") == "LZHCBCAZ"
    assert pinyin_initial("亍") is None and pinyin_initial("A") is None and pinyin_initial("，") is None


def test_prefixes_give_the_longest_word_a_text_has_at_a_place() -> None:
    from baogao.redact.recognizers._text import Prefixes

    kinds = Prefixes.of(["终端", "陆地终端", "油田", "站"])
    assert kinds.longest("陆地终端码头") == "陆地终端"  # not the shorter 终端 inside it
    assert kinds.longest("龙口湾陆地终端", 3) == "陆地终端"
    assert kinds.longest("龙口湾陆地终端", 5) == "终端"
    assert kinds.longest("站台") == "站"
    assert kinds.longest("陆地") is None and kinds.longest("油") is None  # a head cut short is no word
    assert Prefixes.of([]).longest("站") is None


def test_a_companys_undeclared_initialism_is_masked_when_it_opens_with_a_found_names_initials() -> None:
    text = ("澜州城市建设投资集团有限公司推进改革，非标融资余额压降62%。LZCT财务共享中心上线运行。"
            "通过ISO认证，推广BIM技术，QC小组获奖。")
    found = find_all(text)
    at = text.index("LZCT")
    assert any(f.start == at and f.end == at + 4 and f.label == "ORG" for f in found)
    for public in ("ISO", "BIM", "QC"):
        i = text.index(public)
        assert not any(f.start <= i < f.end for f in found), public
    # without the company's name in the report the letters are nobody's
    assert not find_all("LZCT财务共享中心上线运行。")
    # a province opens technical acronyms as often as a firm's (广东 GDP, 青海 QHSE), and a
    # technique's acronym is nobody's whatever firm the report names
    for text in ("广东粤海能源有限公司全年GDP贡献率提升，推行QHSE管理体系。", "青海盐湖化工有限公司推行QHSE管理体系。",
                 "平顺达物流有限公司推行PDCA循环管理。"):
        found = find_all(text)
        assert not any(text[f.start : f.end].isascii() for f in found), text


def test_a_name_opening_with_an_everyday_word_is_shortened_with_its_next_business_word() -> None:
    assert {"草原有色", "草原公司"} <= org.derive_aliases("内蒙古草原有色金属集团有限公司")
    assert {"通衢路桥", "通衢公司"} <= org.derive_aliases("通衢乡村路桥建设有限公司")
    assert not any(len(a) <= 4 for a in org.derive_aliases("城市建设投资集团有限公司"))  # 城市建设 is a phrase
    text = "公司在内蒙古草原有色金属集团有限公司的坚强领导下，党建工作考核连续三年位居草原有色前列。"
    found = find_all(text)
    at = text.rindex("草原有色")
    assert any(f.start <= at and at + 4 <= f.end and f.label == "ORG" for f in found)


def test_a_hotline_with_its_area_code_is_one_number_not_two() -> None:
    found = phone.find("客服热线0459-96066，全年受理来电")
    assert [f.text for f in found] == ["0459-96066"]


# --- codes under their column's header, after their form's label, and documents by their issuer ---


def test_a_tables_code_column_is_read_by_its_header() -> None:
    table = ("序号｜姓名｜工号｜作业类别｜联系电话\n"
             "1｜韩志强｜JYMH-0317｜氯碱电解工艺作业｜13835104472\n"
             "2｜段建英｜JYMH-0542｜合成氨工艺作业｜15934167720\n")
    found = licence.find(table)
    assert [f.text for f in found if f.attrs.get("kind") == "table"] == ["JYMH-0317", "JYMH-0542"]
    orders = "序号\t工单编号\t承办单位\t超期天数\n1\tFY12345-20230718-0542\t城关镇人民政府\t3天\n"
    assert texts(licence.find(orders)) == ["FY12345-20230718-0542"]
    # a column of amounts or counts is no code column, and a row without a header is not read
    amounts = "序号｜项目｜金额（元）\n1｜管网修缮｜128450\n2｜设备采购｜96300\n"
    assert licence.find(amounts) == []
    assert licence.find("1｜韩志强｜JYMH-0317｜氯碱电解\n") == []


@pytest.mark.parametrize(
    ("sentence", "code"),
    [
        ("询价单号XJ20230915-027，哈尔滨恒通阀门有限公司报价", "XJ20230915-027"),
        ("反映厂区夜间异味问题（转办单号SX-2023-05-1240087）。", "SX-2023-05-1240087"),
        ("安全生产责任保险保单号PZAK202313050000003567。", "PZAK202313050000003567"),
        ("投资项目代码2303-140521-04-01-358217，可行性研究报告", "2303-140521-04-01-358217"),
        ("环评批复文号：长环审〔2019〕45号；竣工环保验收", "长环审〔2019〕45号"),
        ("出访批件文号泽外批〔2023〕第118号。", "泽外批〔2023〕第118号"),
        ("起重机使用登记证编号起17蒙K00238(19)，检验报告", "起17蒙K00238(19)"),
        ("（建筑施工特种作业操作资格证晋A042019000873），信号司索工", "晋A042019000873"),
        ("社会保障卡号C58436291）于7月3日入院", "C58436291"),
        ("合同编号[2022]汾农商城关农贷字第0412号，联系电话", "[2022]汾农商城关农贷字第0412号"),
    ],
)
def test_a_forms_or_a_filings_number_after_its_label(sentence: str, code: str) -> None:
    assert code in texts(licence.find(sentence))


def test_codes_listed_after_their_label_are_each_read_and_a_label_is_no_part_of_its_code() -> None:
    assert texts(licence.find("产权备案编号分别为晋EA-T01127、晋EA-T01128。")) == ["晋EA-T01127", "晋EA-T01128"]
    # the code's own label after the document's name stays outside the code, and is no place either
    assert texts(find_all("营业执照：原注册号140200100012345，有效期长期。")) == ["140200100012345"]
    assert texts(licence.find("采矿许可证：证号C1400002009111220041")) == ["C1400002009111220041"]
    # a count in brackets after a certificate's word is no code
    assert licence.find("取得证书（2023）12本，许可证12项") == []


@pytest.mark.parametrize(
    ("sentence", "number"),
    [
        ("开户行：中国银行开发区支行；账号：0508 0031 0920 0012 637。截至", "0508 0031 0920 0012 637"),
        ("企业结算账户14052101120100003217。受焦炭价格下行影响", "14052101120100003217"),
        ("监管账户20-140501040001234。", "20-140501040001234"),
    ],
)
def test_an_accounts_number_after_its_word_whatever_its_length_or_grouping(sentence: str, number: str) -> None:
    assert number in texts(bank_card.find(sentence))


def test_a_count_of_accounts_is_no_account_number() -> None:
    assert bank_card.find("全年新开立账户1200个，代发工资账户3600户") == []


def test_a_certificate_numbered_by_its_holders_id_is_read_whole() -> None:
    found = id_number.find("加氢工艺作业｜T140121198701041003｜13835109263")
    assert texts(found) == ["T140121198701041003"]
    assert found[0].attrs["valid"] is True


def test_an_all_digit_credit_code_under_its_label_is_read_but_an_id_shaped_run_is_left_to_the_id() -> None:
    assert texts(credit_code.find("统一社会信用代码911305007249849492，建筑业")) == ["911305007249849492"]
    assert credit_code.find("统一社会信用代码140121198701041009") == []  # an ID number's shape
    assert credit_code.find("流水编号911305007249849492") == []  # no credit code's label


def test_a_document_numbered_by_the_reports_own_county_or_company_is_masked() -> None:
    text = ("汾源县行政审批服务管理局\n汾政数通〔2023〕17号\n根据国务院办公厅《意见》（国办发〔2020〕53号）、"
            "山西省人民政府晋政发〔2023〕3号文件和中共中央办公厅中办发〔2019〕5号文件要求。")
    assert [f.text for f in find_all(text) if f.label == "ID_NUMBER"] == ["汾政数通〔2023〕17号"]
    company = "华晟朔州热电有限公司党委印发《实施方案》（华晟朔热党发〔2023〕12号）。"
    assert "华晟朔热党发〔2023〕12号" in texts(find_all(company), "ID_NUMBER")
    # no place or company of the report opens the issuer: a document number like any other
    assert texts(find_all("会议传达了泰发〔2023〕12号文件精神。"), "ID_NUMBER") == []


def test_a_link_to_a_national_public_site_names_no_one_but_a_local_one_does() -> None:
    text = "可登录中国政府网（www.gov.cn）、中国政府采购网（https://www.ccgp.gov.cn/cggg）或cx.mem.gov.cn查询；本局网站lzz.lsxly.gov.cn"
    assert texts(url.find(text)) == ["lzz.lsxly.gov.cn"]


def test_a_trailers_plate_ends_in_its_kind() -> None:
    assert "晋E·8716挂" in texts(licence.find("牵引车晋E·G7390（挂车晋E·8716挂）在开发区"))


def test_an_accounts_label_is_no_part_of_the_bank_named_after_it() -> None:
    for text in ("开户行中国银行朔州开发区支行；账号0508003109200012637", "开户银行：中国银行朔州开发区支行。",
                 "户名：华晟朔州热电有限公司，开户行中国建设银行股份有限公司朔州民福街支行，账号"):
        orgs = texts(find_all(text), "ORG")
        assert orgs and not any(o.startswith(("开户", "户行", "户名")) for o in orgs), (text, orgs)


def test_a_companys_legal_name_keeps_its_province_but_a_site_after_a_province_does_not() -> None:
    from baogao.redact.recognizers import _masking_view

    legal = Finding(5, 17, "ORG", "山西正信工程监理有限公司", "tagger", 0.99, {})
    text = "监理单位为山西正信工程监理有限公司开展监理"
    assert _masking_view(text, legal, 0.1).text == "山西正信工程监理有限公司"
    site = Finding(0, 8, "LOCATION", "云南鲁布革水电站", "tagger", 0.99, {})
    assert _masking_view("云南鲁布革水电站运行良好", site, 0.1).text == "鲁布革水电站"


def test_a_department_right_before_its_members_name_is_no_name() -> None:
    text = "矿长苗建军牵头，具体联系人：安监科郭晓燕，办公电话0352-6281234。换证申请材料由安监科统一汇总。"
    people = texts(find_all(text), "PERSON")
    assert "郭晓燕" in people and "安监科" not in people
    assert person.name_at("联系人：安监科郭晓燕，", 4) is None
    assert texts(find_all("联系人：王志科，电话13812345678"), "PERSON") == ["王志科"]  # a name that ends so


def test_a_national_banks_branch_is_named_with_its_bank() -> None:
    assert texts(org.find("开户行为中国工商银行泽川分行，"))[:1] == ["中国工商银行泽川分行"]
    assert texts(find_all("退付账户为中国工商银行泽川分行营业部，账号"), "ORG") == ["中国工商银行泽川分行营业部"]
    assert texts(find_all("中国银行将加大对实体经济的支持。"), "ORG") == []  # the bank alone is public


def test_a_three_char_name_after_its_city_is_short_for_its_company_up_to_its_trade() -> None:
    assert "老胡同餐饮" in org.derive_aliases("泽川市老胡同餐饮管理有限公司")
    text = "泽川市老胡同餐饮管理有限公司违规在地下操作间使用液化气。对老胡同餐饮等5家整改不力的单位约谈。"
    assert "老胡同餐饮" in texts(find_all(text), "ORG")
    assert "供销合作社" not in org.derive_aliases("青禾县供销合作社联合社")  # a county's body has no such name


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("5月17日，城关镇府西街18号院2单元301室用户白玉兰反映水压低。", "城关镇府西街18号院2单元301室"),
        ("住址阳泉市郊区河底镇北庄村二组17号，联系电话13935306128。", "阳泉市郊区河底镇北庄村二组17号"),
    ],
)
def test_an_address_is_masked_with_its_house_unit_and_room_numbers(text: str, address: str) -> None:
    assert address in texts(find_all(text), "LOCATION")


def test_a_count_after_a_place_is_no_part_of_its_address() -> None:
    places = texts(find_all("青松苑小区棚户区改造安置楼3栋，东岗加压泵站1座，在大坪矿区2号井开展检查。"), "LOCATION")
    assert not any(p.endswith(("3栋", "1座", "2号")) for p in places), places


def test_a_trade_of_towns_is_no_companys_short_name() -> None:
    text = "依据《城镇燃气管理条例》检查，城镇燃气安全隐患整改率100%，城际铁路建设加快。"
    assert texts(find_all(text), "ORG") == []
    assert texts(find_all("泽川市恒通燃气有限公司召开会议。"), "ORG") == ["泽川市恒通燃气有限公司"]


def test_a_departments_char_anchors_a_name_even_where_a_rare_dictionary_word_joins_them() -> None:
    # 科任 is in the dictionary three times: no reason to read 地测科|任志勇 as 科任 + 志勇
    assert texts(person.find("联系人：地测科任志勇，内线3316。")) == ["任志勇"]
    assert person.find("室温达标，科研成果丰硕。") == []  # 室温 is a word of its own


@pytest.mark.parametrize(
    ("sentence", "code"),
    [
        ("其中数电发票号码24142000000012345678重复报账", "24142000000012345678"),
        ("标的车（车架号LGBH52E06KY123456）报称", "LGBH52E06KY123456"),
        ("案场POS机终端号30532028120仅限刷卡", "30532028120"),
        ("冷藏车北斗终端IDBD13713000876，驾驶员", "BD13713000876"),
        ("同意直接支付的书面函件（函号鄂银襄函〔2024〕36号）。", "鄂银襄函〔2024〕36号"),
        ("作出行政处罚，处罚决定书文号祁烟罚〔2024〕第011号。", "祁烟罚〔2024〕第011号"),
        ("要求其在供货合同JY-CG-2023-0156项下提交检测报告", "JY-CG-2023-0156"),
        ("故障用户宽带账号zk0394-35120876，故障原因为光猫", "zk0394-35120876"),
        ("昨日已发起的工单GD20240407015由稽查班跟踪办结", "GD20240407015"),
    ],
)
def test_more_forms_numbers_after_their_label(sentence: str, code: str) -> None:
    assert code in texts(find_all(sentence), "ID_NUMBER")


def test_a_count_of_work_orders_is_no_work_orders_number() -> None:
    assert texts(find_all("全年受理客户诉求工单3260件，办结率100%。"), "ID_NUMBER") == []


def test_a_discharge_permits_number_is_its_holders_credit_code_and_a_serial() -> None:
    assert texts(credit_code.find("排污许可证：91371300MA3C4H2N8R001V\n")) == ["91371300MA3C4H2N8R001V"]


def test_more_phone_shapes_a_bracketed_country_code_and_a_duty_rooms_line() -> None:
    assert texts(phone.find("质量负责人许明（手机(+86)137 5198 2046，邮箱")) == ["(+86)137 5198 2046"]
    assert texts(phone.find("调度电话0351-7654321，值班室85583470，邮箱")) == ["0351-7654321", "85583470"]


def test_a_second_local_number_after_a_bracketed_note_and_an_extension_after_its_word() -> None:
    assert texts(phone.find("值班电话：0351-2345678（白天）、2345679（夜间）")) == ["0351-2345678", "2345679"]
    assert texts(phone.find("调度室分机号8012，")) == ["8012"]
    # a note in brackets followed by anything but a list mark adds nothing
    assert texts(phone.find("电话0351-2345678（办公室），2345679万元")) == ["0351-2345678"]


@pytest.mark.parametrize(
    "address", ["zhangjg#dlmy.com", "zhangjg(at)dlmy.com", "zhangjg [at] dlmy.com", "zhang.jg AT dlmy.com.cn"]
)
def test_an_email_address_spelled_so_that_harvesters_miss_it(address: str) -> None:
    text = f"联系人邮箱：{address}（发送时请替换为@），"
    assert texts(find_all(text), "EMAIL") == [address]


@pytest.mark.parametrize("text", ["采用C#语言开发，话题#安全生产#阅读量过万。", "work at home, look at data."])
def test_a_hash_or_at_without_a_domain_is_no_email(text: str) -> None:
    assert not texts(find_all(text), "EMAIL")


def test_a_codes_place_name_joined_to_its_serial_by_a_dash_is_part_of_it() -> None:
    text = "拟送达停电通知书，通知书编号TD(2024)霍营-031。合同编号HT-2023-001的项目-合同额不变。"
    assert texts(find_all(text), "ID_NUMBER") == ["TD(2024)霍营-031", "HT-2023-001"]


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("项目贷款借款合同编号14050201-2019年（泽川）字0012号，监管账户另设。", ["14050201-2019年（泽川）字0012号"]),
        ("合同编号2023年度第一批已签订，证书有效期至2025年12月。", []),  # a year of a batch, a date
    ],
)
def test_a_code_in_an_authoritys_form_may_hold_its_year(text: str, codes: list[str]) -> None:
    assert texts(find_all(text), "ID_NUMBER") == codes


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("收款人身份证号登记为610113199503061001，已更正。", "610113199503061001"),
        ("两兄弟（身份证号分别为420528197406152317、420528197808152316）", "420528197406152317"),
        ("制剂备案号如蒙药制字M20230017，", "蒙药制字M20230017"),
        ("按转办单编号（如LA12345-2024-04-0217）归档。", "LA12345-2024-04-0217"),
        ("危险化学品经营许可证（证号津滨危化经字〔2022〕000318）", "津滨危化经字〔2022〕000318"),
        ("对电能表资产编号3410001000000345621等12块表计复核。", "3410001000000345621"),
    ],
)
def test_the_words_between_a_label_and_its_code_are_not_part_of_it(text: str, code: str) -> None:
    assert texts(find_all(text), "ID_NUMBER")[0] == code


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("法国茶叶设计师让-皮埃尔·杜邦慕名而来。", "让-皮埃尔·杜邦"),
        ("专家安妮-玛丽·杜兰德来访。", "安妮-玛丽·杜兰德"),
        ("外方代表，让-保罗·勒克莱尔出席。", "让-保罗·勒克莱尔"),
    ],
)
def test_a_dotted_names_first_part_written_in_two_halves_is_whole(text: str, name: str) -> None:
    assert texts(person.find(text)) == [name]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("设备科科长孙德胜牵头整改。", "孙德胜"),  # not 长孙德胜: 科长 is the post, 长孙 no surname here
        ("理事长孙德贵主持会议。", "孙德贵"),
        ("康复治疗师郑凯获评优秀。", "郑凯"),  # not 师郑凯
        ("监事长卓玛吉列席。", "卓玛吉"),
        ("党委书记王建新、校长努尔兰·托合塔尔出席。", "努尔兰·托合塔尔"),  # the dotted name starts after 校长
    ],
)
def test_a_name_after_a_post_whose_last_char_is_a_surname_starts_after_the_post(text: str, name: str) -> None:
    assert name in texts(person.find(text))
    assert not [f for f in person.find(text) if f.text != name and name in f.text]


def test_a_file_share_on_the_internal_network_is_a_link() -> None:
    text = "材料放在共享目录\\\\fileserver\\安全科\\2023，月报见\\\\10.1.2.3\\share$\\月报.xlsx。"
    assert texts(find_all(text), "URL") == [
        "\\\\fileserver\\安全科\\2023", "\\\\10.1.2.3\\share$\\月报.xlsx"]


def test_a_document_number_after_a_word_and_a_bracketed_place_before_a_penalty_number() -> None:
    found = texts(find_all("工程初步设计经邵阳市水利局以邵水建管〔2022〕57号批复。"), "ID_NUMBER")
    assert found == ["邵水建管〔2022〕57号"]
    penalty = texts(find_all("作出行政处罚，处罚决定书文号（泽）应急罚〔2023〕第0087号，罚款5万元。"), "ID_NUMBER")
    assert penalty == ["（泽）应急罚〔2023〕第0087号"]
    # a word before 市 is no place: 成为全市 opens nothing
    assert texts(find_all("成为全市标杆。河道采砂许可证编号为澧河采证〔2023〕第007号。"), "ID_NUMBER") == [
        "澧河采证〔2023〕第007号"]


def test_a_tables_column_of_people_and_a_shop_named_after_its_place() -> None:
    table = ("序号｜类型｜店名｜许可证号｜经营者｜联系电话｜经营地址\n"
             "1｜延续｜祁县昭馀镇志刚便利店｜140727100345｜渠志刚｜13835412345｜昭馀镇新兴街8号\n")
    found = find_all(table)
    assert "渠志刚" in texts(found, "PERSON")
    assert "祁县昭馀镇志刚便利店" in texts(found, "ORG")
    assert "140727100345" in texts(found, "ID_NUMBER")
    assert texts(find_all("镇上超市和村里小卖部都已整改。"), "ORG") == []


def test_a_flat_and_a_villages_group_are_addresses() -> None:
    assert texts(find_all("1.7#楼1单元1802室，买受人周敏。"), "LOCATION") == ["7#楼1单元1802室"]
    assert texts(find_all("5月28日19时12分，3号楼2单元电梯停运。"), "LOCATION") == ["3号楼2单元"]
    assert "周集镇唐湾村二组" in texts(find_all("用电地址周集镇唐湾村二组，专变型号S13。"), "LOCATION")


def test_a_companys_two_char_head_alone_may_issue_its_documents_but_a_list_marker_is_no_place() -> None:
    text = "泽川通达运输有限公司召开会议，传达通达〔2023〕5号文件。"
    assert "通达〔2023〕5号" in texts(find_all(text), "ID_NUMBER")
    assert texts(find_all("（一）140121198701041003为身份证号。"), "ID_NUMBER") == ["140121198701041003"]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("为曲比阿果、四郎多吉等27名患者争取救助。", ["曲比阿果", "四郎多吉"]),
        ("学生沙马阿果的父亲沙马伍各当年也是他的学生。", ["沙马阿果", "沙马伍各"]),
        ("藏族村民四郎降措、益西卓玛夫妇发展民宿。", ["四郎降措", "益西卓玛"]),
        # a list read outwards from a name: each mate found is read for its own neighbours
        ("社员玉罕叫、岩坎、白者、扎约等120余人参训。", ["玉罕叫", "岩坎", "白者", "扎约"]),
    ],
)
def test_names_with_no_han_surname_made_of_name_units_and_their_list_mates(text: str, names: list[str]) -> None:
    found = find_all(text)
    assert texts(found, "PERSON") == names
    assert texts(found, "LOCATION") == []  # 藏族村|民 is no village


def test_two_name_units_make_no_name_inside_a_dictionary_word() -> None:
    assert texts(find_all("罗布泊地区的阿尔山市和拉萨市加强合作。"), "PERSON") == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("储运车间女职工图雅在演练中承担堵漏任务。", "图雅"),  # a whole name the lexicon knows, after a group
        ("选煤厂重介班（班长：孟和）获评先进班组。", "孟和"),  # after a post and a colon
        ("记录：代红梅\n一、传达上级文件精神\n", "代红梅"),  # a rare surname, after the minutes' keeper
        ("通讯员　尚亚楠　诺敏\n初冬的准格尔旗", "诺敏"),  # a byline's second name
        ("通讯员景鹏、甘露被评为集团优秀通讯员。", "甘露"),  # a rare word that is a name, next to a name
    ],
)
def test_more_names_in_their_contexts(text: str, name: str) -> None:
    assert name in texts(find_all(text), "PERSON")


def test_a_name_ends_before_its_adverb_and_a_list_of_the_famous_gains_no_words() -> None:
    assert texts(find_all("如今，巴特尔又带出了徒弟其其格。"), "PERSON") == ["巴特尔", "其其格"]
    assert texts(find_all("护林员黄有才带领队员巡山。"), "PERSON") == ["黄有才"]  # 才 ends a name here
    found = texts(find_all("受到了刘少奇、林彪、特别是“四人帮”的严重干扰。"), "PERSON")
    assert "特别是" not in found and "林彪" not in found
    assert texts(find_all("推动市第四人民医院专家常态化下沉坐诊。"), "PERSON") == []


def test_a_town_named_after_its_old_county_seat_and_a_townships_credit_cooperative() -> None:
    assert texts(find_all("其中古县镇某商店无证经营案已移交处理。"), "LOCATION") == ["古县镇"]
    assert texts(find_all("全县镇村两级干部参加培训。"), "LOCATION") == []
    text = "则木乡卫生院和则木信用社联合开展义诊。则木信用社柜员吉克阿芝参加。"
    assert texts(find_all(text)).count("则木信用社") == 2  # the place widened over its body's kind


@pytest.mark.parametrize(
    ("span", "name"),
    [
        ("经南湖750千伏升压站", "南湖750千伏升压站"),
        ("与瀚思科技股份有限公司", "瀚思科技股份有限公司"),  # the word that puts a name after it
        ("在汐江市消防救援支队", "汐江市消防救援支队"),
        ("对后沟排土场", "后沟排土场"),
        ("向家坝水电站", "向家坝水电站"),  # 向, 和 and 从 open names: they stay
        ("和润劳务服务有限公司", "和润劳务服务有限公司"),
        ("在建项目部", "在建项目部"),  # a word with the next char stays whole
    ],
)
def test_a_models_span_leaves_out_the_preposition_before_a_name(span: str, name: str) -> None:
    from baogao.redact.recognizers import _trim_model_span

    f = Finding(3, 3 + len(span), "ORG", span, "tagger", 0.9)
    assert _trim_model_span(f).text == name


@pytest.mark.parametrize(
    ("text", "places"),
    [
        # a route's preposition stays out of the place it leads to
        ("全年发电利用小时数达5790小时，经南湖750千伏升压站送出。", ["南湖750千伏升压站"]),
        # a place within a place is two places (境内的 and 的 are neither)
        ("在伊金霍洛旗境内的红庆河服务区和东胜区的东胜西服务区建成充电站。",
         ["伊金霍洛旗", "红庆河服务区", "东胜区", "东胜西服务区"]),
        # a found place's ferry, old town and crossing; a road squad named by its place
        ("汛期将至，高寨乡高寨渡口临时便桥须加固。", ["高寨乡高寨渡口"]),
        ("凤凰县将凤凰古城周边停车场改造。", ["凤凰县", "凤凰古城"]),
        ("以坪坝道班、龙塘道班、岩门道班为主，各道班工人坚守。", ["坪坝道班", "龙塘道班", "岩门道班"]),
        # a village's named group, and a road's section after the place it runs through
        ("安置点位于龙塘镇龙家屯村上寨组，距龙塘集镇1.5公里。", ["龙塘镇龙家屯村上寨组", "龙塘集镇"]),
        ("6月20日夜间，高寨村猫儿坪组部分房屋后山出现裂缝。", ["高寨村猫儿坪组"]),
        ("为确保凯岑高速岑岭段按期交地，我带领征拆组驻点。", ["凯岑高速岑岭段"]),
        # the customary short names of banners and leagues; 部分 is no part of a site's name
        ("准旗各矿要重点排查老空积水。", ["准旗"]),
        ("在锡盟范围内推广，学习东乌旗部分矿山经验。", ["锡盟", "东乌旗"]),
    ],
)
def test_sites_of_roads_steppes_and_villages(text: str, places: list[str]) -> None:
    assert texts(find_all(text), "LOCATION") == places


@pytest.mark.parametrize(
    "text",
    [
        "谷龙村、大坝村修缮通组道路12公里。",  # 修缮通 is no group's name
        "全镇12个村党组织结对，大坪村调解组织作用发挥。",
        "Y036线城安县段完成路面修复。",  # the county names that stretch; 段 is not its name
        "主动对接瑞澜市口岸经济发展需求。",  # the city's crossings, none named
        "主动对接粤港澳大湾区产业转移，推动农产品经陆海新通道销往东南亚。",  # national strategies
    ],
)
def test_no_site_is_widened_over_a_kind_or_made_of_a_strategy(text: str) -> None:
    found = texts(find_all(text), "LOCATION")
    assert not any(w.endswith(("组", "段", "口岸")) or "大湾区" in w or "通道" in w for w in found), found


@pytest.mark.parametrize(
    ("text", "places"),
    [
        # a voltage names a power line or a substation whatever its two chars
        ("那卡安置区由35千伏那卡变经10千伏那芒线供电。", ["那卡安置区", "35千伏那卡变", "10千伏那芒线"]),
        ("110千伏安紫Ⅱ回线跳闸。", ["110千伏安紫Ⅱ回线"]),
        # a village's named group is a place alone too, and so are the groups listed after it
        ("库区新寨村高坡组段岸坡滑塌，威胁高坡组7户群众。", ["新寨村高坡组", "高坡组"]),
        ("其中岩脚村河坝组、大田组2套广播无法播放。", ["岩脚村河坝组", "大田组"]),
        # a town or village found with its suffix is a place without it
        ("龙塘镇龙家屯村完成硬化。“以前从龙家屯到龙塘赶场，要走3个小时。”", ["龙塘镇龙家屯村", "龙家屯", "龙塘"]),
        # a Mongolian name of four chars too
        ("公司帮扶宝日浩特嘎查发展养殖。重载车辆途经宝日浩特的路段已硬化。", ["宝日浩特嘎查", "宝日浩特"]),
    ],
)
def test_power_lines_village_groups_and_short_forms(text: str, places: list[str]) -> None:
    spans = [(f.start, f.end) for f in find_all(text) if f.label == "LOCATION"]
    for p in places:  # every mention of each place is inside a found place
        for m in re.finditer(re.escape(p), text):
            assert any(a <= m.start() and m.end() <= b for a, b in spans), (p, m.start(), spans)


def test_no_short_form_or_group_is_read_from_ordinary_words() -> None:
    assert texts(find_all("10千伏配变增容，完成10千伏线路改造。"), "LOCATION") == []
    assert texts(find_all("村治安组、村妇女组长参加。"), "LOCATION") == []
    # 茶园 is an ordinary noun: no short form of 茶园村
    assert "茶园" not in texts(find_all("茶园村新建茶园200亩，茶园管护到位。"), "LOCATION")


def test_cities_whose_names_are_everyday_words_are_places_with_their_suffix() -> None:
    assert texts(find_all("公司位于大连市，并在烟台市、开封市设有仓库。"), "LOCATION")[:1] == ["大连市"]
    found = texts(find_all("公司位于大连市，并在烟台市、开封市设有仓库。"))
    assert "烟台市" in found and "开封市" in found, found
    assert texts(find_all("深化合作市县联动，烟台市场监管局参加。"), "LOCATION") == []


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("其中滨江路提升改造工程三标段范围内的排涝站已完工。", "滨江路提升改造工程三标段"),  # works named after the road
        ("推进九龙瀑布景区提升改造项目二标段建设。", "九龙瀑布景区提升改造项目二标段"),
        ("志愿者集合点设在凤山公园南门。", "凤山公园南门"),  # a park's gate
    ],
)
def test_works_and_gates_named_after_a_found_place(text: str, place: str) -> None:
    assert place in texts(find_all(text), "LOCATION")


def test_numbered_groups_listed_after_a_village_and_no_gate_of_a_village() -> None:
    found = texts(find_all("邹家村3组、4组紧邻滨江路，双桥乡后刘村四组、五组剩余9户。"), "LOCATION")
    assert "4组" in found and "五组" in found, found
    assert texts(find_all("公司提升改造项目管理水平。"), "LOCATION") == []


def test_a_bare_village_name_listed_beside_a_found_place() -> None:
    assert "老鸦沟" in texts(find_all("汛期在老鸦沟、马鞍镇等17处设置警示牌。"), "LOCATION")
    # common nouns listed beside a site are no places
    assert texts(find_all("完成云台索道、游船、溢洪道检修。"), "LOCATION") == ["云台索道"]


def test_a_street_named_like_a_verb_stays_in_its_address_and_a_river_is_no_list_mate() -> None:
    # 新建路 opens no clause after its town (the place-then-verb cut takes 设有, 位于 … only)
    assert "汾源县城关镇新建路36号" in texts(find_all("抵押物为汾源县城关镇新建路36号商业用房。"), "LOCATION")
    assert "赣江" not in texts(find_all("赣江、抚河中下游及鄱阳湖水位持续上涨，抚河大桥封闭。"), "LOCATION")


def test_a_list_of_provinces_after_a_surname_char_holds_no_people() -> None:
    found = find_all("面向新疆、甘肃等西部省份开行班列，黑龙江、吉林等地客户参加。")
    assert texts(found, "PERSON") == []


def test_a_roads_section_named_after_it_and_a_villages_numbered_groups_by_社() -> None:
    found = texts(find_all("统筹沪昆高速邵怀段和大丽高速邓川至洱源段的养护，延崇高速河北段除外。"), "LOCATION")
    assert "沪昆高速邵怀段" in found and "大丽高速邓川至洱源段" in found, found
    assert not any("河北" in f for f in found), found  # a province's stretch is public
    found = texts(find_all("12月7日，柳林镇新沟村三社、四社共14户因入户管冻裂停水。"))
    assert "四社" in found, found


def test_a_count_that_matches_its_list_vouches_for_names_that_are_words() -> None:
    text = "设有隆回、洞口、竹市、黄桥等4个收费站。"
    spans = [(f.start, f.end) for f in find_all(text)]
    for name in ("隆回", "洞口", "竹市", "黄桥"):
        a = text.index(name)
        assert any(s <= a and a + len(name) <= e for s, e in spans), (name, spans)
    assert find_all("抓好安全、质量、进度等3个方面工作。") == []  # no kind of site follows


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("锅炉专业组组长舒畅是厂里有名的“铁娘子”。", "舒畅"),
        ("住院医师甘露、护士卓玛拉措连夜赶到。", "甘露"),
        ("热控专工马力（回族）负责全厂保护逻辑。", "马力"),
    ],
)
def test_a_post_vouches_for_a_name_that_is_also_a_word(sentence: str, name: str) -> None:
    # after a post held by one person and closed by a cue or punctuation, a surname and one char
    # that make an ordinary word (舒畅, 甘露, 马力) are the holder's name
    assert name in texts(person.find(sentence))


@pytest.mark.parametrize(
    "sentence",
    ["站长安全是第一责任人。", "总经理马上到现场。", "项目经理程序，"],
)
def test_a_post_takes_no_frequent_or_function_word_for_a_name(sentence: str) -> None:
    assert person.find(sentence) == []


def test_a_name_that_is_a_word_is_not_remembered_inside_a_longer_word() -> None:
    text = "锅炉专业组组长舒畅是厂里有名的能手。舒畅带着徒弟连干三天，运行的同志才能心情舒畅。"
    found = find_all(text)
    first, second = text.index("舒畅"), text.index("舒畅", text.index("舒畅") + 1)
    idiom = text.index("心情舒畅") + 2
    spans = {(f.start, f.end) for f in found}
    assert (first, first + 2) in spans and (second, second + 2) in spans
    assert not any(f.start < idiom + 2 and idiom < f.end for f in found)


@pytest.mark.parametrize(
    ("sentence", "codes"),
    [
        # a list of staff numbers names the label once: the others have the first one's shape
        ("员工号SB0217的郑丽华、SB0305的马骏两名同志全年无差错。", ["SB0217", "SB0305"]),
        ("工号HY230145的张三和HY230187的李四参加培训。", ["HY230145", "HY230187"]),
        # a range that writes only the serial that changes
        ("合同编号HT-XS-2024-0128至0173的大客户销售额增长。", ["HT-XS-2024-0128", "0173"]),
        # a code that carries its issuer in Chinese and its year in brackets: the others of the list
        # are of its shape, the Chinese and the brackets as they are
        ("锅炉2台，使用登记证编号分别为锅11蒙K0031(16)、锅11蒙K0032(16)，已检验。", ["锅11蒙K0031(16)", "锅11蒙K0032(16)"]),
    ],
)
def test_codes_of_a_found_codes_shape_and_range(sentence: str, codes: list[str]) -> None:
    assert texts(licence.find(sentence)) == codes


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # a real-estate title's number in its national form
        ("抵押物不动产登记证明号晋（2022）汾源县不动产证明第0003456号。", "晋（2022）汾源县不动产证明第0003456号"),
        ("厂区土地已办理苏(2021)南京市不动产权第0012345号证书。", "苏(2021)南京市不动产权第0012345号"),
        # a certificate's, a real-estate unit's, a lift's and an invoice's codes after their labels
        ("资格证书：2019140500012345。", "2019140500012345"),
        ("医师执业证书编码：110140521000123，", "110140521000123"),
        ("不动产单元号140521001001GB00012F00010001。", "140521001001GB00012F00010001"),
        ("电梯注册代码31101405212019060012，", "31101405212019060012"),
        ("发票代码：014002100111，", "014002100111"),
        # a label ending in 号码: the 码 is the label's (not 码1405…)
        ("身份证号码140521198001011234，", "140521198001011234"),
        ("护照号码E12345678，", "E12345678"),
        ("工牌号：DL0345，", "DL0345"),
        ("医保号1405210012345678，", "1405210012345678"),
    ],
)
def test_a_code_after_its_label_or_in_its_national_form(text: str, code: str) -> None:
    assert texts(find_all(text), "ID_NUMBER") == [code]


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("患者住院号：ZY20230815，病历号20230456，经抢救脱离危险。", ["ZY20230815", "20230456"]),
        ("纳税人识别号：140521199001011234X，开票信息已更新。", ["140521199001011234X"]),
        ("该生学号2021014523，学籍号G140521200812120023。", ["2021014523", "G140521200812120023"]),
        ("证件号码：E12345678，往返签注已办。", ["E12345678"]),
    ],
)
def test_a_patients_a_students_a_taxpayers_and_a_documents_numbers_after_their_label(
    text: str, codes: list[str]
) -> None:
    assert texts(find_all(text), "ID_NUMBER") == codes


@pytest.mark.parametrize(
    "text",
    [
        "全院门诊号源增加3000个，预约率提高。",
        "考生号按规定公示。",
        "实行学号制管理，税号变更3次。",
        "获得证书：2023年度先进。",
        "颁发证书：300余本。",
        "颁发证书：300000余本。",  # a count, however long
    ],
)
def test_those_labels_without_a_code_after_them_find_nothing(text: str) -> None:
    assert not texts(find_all(text), "ID_NUMBER")


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("设备序列号：SN20230815001，已登记。", ["SN20230815001"]),
        ("手机IMEI：861234567890123，", ["861234567890123"]),
        ("采购订单PO-2023-08812已下达。", ["PO-2023-08812"]),
        ("网卡MAC地址00:1A:2B:3C:4D:5E，交换机00-1a-2b-3c-4d-5f。", ["00:1A:2B:3C:4D:5E", "00-1a-2b-3c-4d-5f"]),
        ("系统用户名：lihui2023，密码：Abc@12345，初始密码为123456。", ["lihui2023", "Abc@12345", "123456"]),
    ],
)
def test_a_devices_numbers_an_orders_code_and_a_logins_name_and_password(text: str, codes: list[str]) -> None:
    assert texts(find_all(text), "ID_NUMBER") == codes


@pytest.mark.parametrize(
    "text",
    [
        "加强密码管理，账号安全，用户名规范。",  # topics, not values
        "密码：******，口令：×××。",  # hidden already
        "打卡时间12:30:45:12:00:11记录。",  # six pairs of digits: a time, not a MAC address
        "序列号增加3个，产品型号ZJ-2000。",
    ],
)
def test_no_credential_mac_or_serial_without_one(text: str) -> None:
    assert not texts(find_all(text), "ID_NUMBER")


def test_real_estate_words_without_a_title_number_are_no_code() -> None:
    assert not texts(find_all("依法办理不动产权登记，2022年发证300本，不动产证明第一批已发放。"), "ID_NUMBER")


def test_a_sibling_code_is_whole_when_a_plate_shaped_part_of_it_was_found_first() -> None:
    # 晋E00128 inside the second code reads as a number plate; the code of the first one's shape is
    # still found, and masked whole
    text = "压力容器登记证号容3LJ晋E00127(23)，另一台容3LJ晋E00128(23)已停用。"
    second = text.index("容3LJ晋E00128(23)")
    assert (second, second + len("容3LJ晋E00128(23)")) in {(f.start, f.end) for f in licence.find(text)}
    assert any(f.start == second and f.text == "容3LJ晋E00128(23)" for f in find_all(text))


@pytest.mark.parametrize(
    "sentence",
    [
        "合同编号HT-2024-0128，工期2024-0301至0415。",  # dates, not the code's shape
        "工号SB0217的郑丽华，SB030型设备运行良好。",  # fewer digits: a model, not a staff number
        "合同编号HT-2024-0128至2025年底执行完毕。",  # a year after 至 is no range end
        # other Chinese around the same digits is another kind of number, not a sibling
        "登记证编号锅11蒙K0031(16)，锅炉11台、蒙K0032号车各一。",
    ],
)
def test_no_sibling_codes_of_another_shape(sentence: str) -> None:
    assert len(licence.find(sentence)) == 1


@pytest.mark.parametrize(
    ("text", "name", "whole"),
    [
        ("滨河大道与建设路交叉口巡查时发现挖掘机。", "滨河大道与建设路", "滨河大道与建设路交叉口"),
        ("开放大道北路与青年东路交叉口东北侧新建站点。", "开放大道北路与青年东路", "开放大道北路与青年东路交叉口东北侧"),
        ("商丘路与农机大道交叉口东200米。", "商丘路与农机大道", "商丘路与农机大道交叉口东200米"),
    ],
)
def test_two_roads_named_together_take_the_crossing(text: str, name: str, whole: str) -> None:
    from baogao.redact.recognizers import _kind_tails

    f = Finding(0, len(name), "LOCATION", name, "memory", 0.7)
    assert [g.text for g in _kind_tails(text, [f])] == [whole]


def test_one_road_takes_no_crossing() -> None:
    from baogao.redact.recognizers import _kind_tails

    text = "建设路路口设置隔离栏。"
    assert _kind_tails(text, [Finding(0, 3, "LOCATION", "建设路", "memory", 0.7)]) == []


@pytest.mark.parametrize(
    ("text", "mate", "first"),
    [
        ("合作社为周边胜利村、向阳村、东升村提供农机服务。", "向阳村", "胜利村"),
        ("重点帮扶红旗村、团结村发展产业。", "团结村", "红旗村"),
    ],
)
def test_the_first_village_of_a_list_is_cut_where_a_word_ends(text: str, mate: str, first: str) -> None:
    from baogao.redact.recognizers import _place_list_mates

    a = text.index(mate)
    found = _place_list_mates(text, [Finding(a, a + len(mate), "LOCATION", mate, "tagger", 0.9)])
    assert first in [f.text for f in found]


def test_a_group_is_also_named_without_the_modifier_inside_its_name() -> None:
    assert "中部物流集团" in org.derive_aliases("中部现代物流集团有限公司")
    assert "华北贸易集团" in org.derive_aliases("华北国际贸易集团有限公司")
    # a name too short without the modifier keeps no such form
    assert not any(len(a) < 6 and a.endswith("集团") for a in org.derive_aliases("云现代集团有限公司"))


def test_a_provinces_full_name_is_not_masked_or_remembered() -> None:
    text = "项目通过新疆维吾尔自治区生态环境厅验收。欧阳晓峰荣获新疆维吾尔自治区五一劳动奖章。"
    assert not any("自治区" in f.text for f in find_all(text)), [f.text for f in find_all(text)]


def test_an_age_before_village_doctors_is_no_village() -> None:
    text = "部分村医年龄偏大，60岁以上村医占比近四成；65岁以上老年人健康管理率提升。"
    assert not any("岁" in f.text for f in find_all(text))


def test_a_list_of_services_of_one_first_char_is_no_list_of_names() -> None:
    assert person.find("为小农户提供代耕、代插、代收、代烘干等托管服务。") == []
    # people of one surname are still people
    assert texts(person.find("获奖人员：王刚、王丽、王强等同志。")) == ["王刚", "王丽", "王强"]


def test_no_short_form_of_a_place_and_its_kind_or_of_a_trade() -> None:
    assert "村卫生室" not in org.derive_aliases("石桥村卫生室")
    assert not any(a.startswith("文旅") for a in org.derive_aliases("江州文旅发展有限公司"))
    # a county's own group is called by its trades at home
    assert "文旅康养集团" in org.derive_aliases("岚溪县文旅康养集团有限公司")


@pytest.mark.parametrize(
    ("sentence", "names"),
    [
        ("为留守儿童泽郎、央金、阿呷等送去学习用品。", ["泽郎", "央金", "阿呷"]),
        ("走访困难群众，为拉姆、阿依、次仁措姆等解决实际困难。", ["拉姆", "阿依", "次仁措姆"]),
        ("藏族村民多吉、旺姆夫妇第一次申请贷款。", ["多吉", "旺姆"]),
    ],
)
def test_names_without_a_surname_listed_and_counted_as_people(sentence: str, names: list[str]) -> None:
    assert set(names) <= set(texts(person.find(sentence)))


@pytest.mark.parametrize(
    "sentence",
    ["乌兰镇、巴音乡等地开展巡回宣讲。", "与巴西、阿根廷等国开展合作。", "开展安全、质量等3项检查。"],
)
def test_places_and_words_listed_and_counted_are_no_names(sentence: str) -> None:
    assert person._unsurnamed_list(sentence) == []


def test_no_organisation_in_a_party_building_title() -> None:
    # 党建|工作: the trade word 建工 straddles two words, also where a mask's window cuts the text
    text = "中共天元化工集团金沙化肥有限公司委员会\n2023年党建工作总结\n现将全年党建工作总结如下。"
    assert not any("党建" in f.text for f in find_all(text)), [f.text for f in find_all(text)]


@pytest.mark.parametrize(
    ("name", "trade"),
    [("北原新能源集团乌兰塔拉风电有限公司", "新能源"), ("碧源环境集团南山固废处置有限公司", "固废处置")],
)
def test_a_place_is_not_cut_off_a_trade(name: str, trade: str) -> None:
    # 北原|新能源…, 南山|固废处置: what follows the place is a trade, no name of its own
    assert not any(a.startswith(trade) for a in org.derive_aliases(name)), sorted(org.derive_aliases(name))


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("民族文化是中华文明的瑰宝。", "华文明"),  # starts inside 中华
        ("对新产品包装进行升级。", "包装"),  # a verb
    ],
)
def test_a_tagger_person_that_is_a_verb_or_starts_inside_a_word_is_dropped(text: str, span: str) -> None:
    from baogao.redact import recognizers

    a = text.index(span)
    f = Finding(a, a + len(span), "PERSON", span, "tagger", 0.5)
    assert recognizers._masking_view(text, f, 0.1) is None


def test_a_tagger_person_that_is_a_noun_stays() -> None:
    from baogao.redact import recognizers

    text = "社员蓝海拍摄的短视频获奖。"
    f = Finding(2, 4, "PERSON", "蓝海", "tagger", 0.8)
    assert recognizers._masking_view(text, f, 0.1) is not None


@pytest.mark.parametrize(
    ("text", "site"),
    [
        ("三岔库点、东关库区实现远程监控。", "三岔库点"),
        ("滨江路公交枢纽站、高铁西站公交场站建成投用。", "西站公交场站"),
    ],
)
def test_depots_and_bus_yards_are_sites(text: str, site: str) -> None:
    assert site in [f.text for f in location.find(text)]


def test_wells_counted_are_no_well() -> None:
    assert location.find("全年实施措施作业316井次，措施增油3.2万吨。") == []


def test_schools_named_by_a_coined_name() -> None:
    assert "瓯宁医药高等专科学校" in [f.text for f in org.find("与瓯宁医药高等专科学校共建研发中心。")]
    # a preposition before the name is not part of it
    assert "西安第一航空技工学校" in [f.text for f in org.find("要像西安第一航空技工学校那样办学。")]


def test_a_word_name_needs_a_post_not_a_model() -> None:
    from baogao.redact import recognizers

    assert "向东" in texts(person.find("龙潭信用社主任向东被评为全省农信系统先进个人。"))
    # the model's span alone is no post: an ordinary word stays a word
    assert not recognizers._plausible_span("PERSON", "安保")


def test_people_listed_after_a_verb_that_leads_them() -> None:
    from baogao.redact import recognizers

    text = "技术员玉香带领岩罕、玉南、李三妹等采茶。"
    a = text.index("玉南")
    found = recognizers._person_list_mates(text, [Finding(a, a + 2, "PERSON", "玉南", "tagger", 0.9)])
    assert "岩罕" in [f.text for f in found]


def test_a_surname_that_ends_words_opens_a_name_only_where_nothing_is_glued() -> None:
    assert "者米" in [f.text for f in find_all("选派李强、杨丽、者米、张文博等业务骨干参加培训。")]
    assert person.find("给干事者鼓劲，为担当者撑腰。") == []


def test_an_officer_named_after_his_post() -> None:
    # 干警 is a post (not the head of a bare place name 干警岩)
    assert texts(person.find("干警岩温获评全州检察业务能手。")) == ["岩温"]
    assert not any(f.label == "LOCATION" for f in location.find("干警岩温获评全州检察业务能手。"))


def test_numbered_certificates_listed_with_their_own_serial_word() -> None:
    text = "动物防疫条件合格证（编号：（豫）动防合字第410523001号、第410523002号）年审合格。"
    assert "第410523002号" in texts(licence.find(text))


def test_a_regions_group_is_called_by_the_short_form_of_its_trade() -> None:
    assert "西部交投" in org.derive_aliases("西部交通投资集团有限公司")


@pytest.mark.parametrize(
    ("text", "road", "whole"),
    [
        ("其中，沿溪高速K86+300至K112+500段路面大修。", "沿溪高速", "沿溪高速K86+300至K112+500段"),
        ("岑坪公路K21+050处发生塌方。", "岑坪公路", "岑坪公路K21+050"),
    ],
)
def test_a_found_road_takes_its_chainages(text: str, road: str, whole: str) -> None:
    from baogao.redact import recognizers

    a = text.index(road)
    f = Finding(a, a + len(road), "LOCATION", road, "tagger", 0.9)
    assert [g.text for g in recognizers._address_tails(text, [f])] == [whole]


def test_a_roads_stretch_between_two_sites_found_on_it() -> None:
    from baogao.redact import recognizers

    text = "推进沿溪高速龙溪服务区至白马收费站段绿色公路示范建设。"
    a, b = text.index("沿溪高速"), text.index("白马收费站")
    found = [
        Finding(a, a + 9, "LOCATION", text[a : a + 9], "tagger", 0.9),
        Finding(b, b + 5, "LOCATION", "白马收费站", "tagger", 0.9),
    ]
    assert "沿溪高速龙溪服务区至白马收费站段" in [g.text for g in recognizers._address_tails(text, found)]


@pytest.mark.parametrize(
    ("text", "place"),
    [("在滇澜州人民检察院的指导下开展工作。", "滇澜州"), ("黔东南州人民医院派出专家。", "黔东南州")],
)
def test_a_prefecture_named_by_its_organs(text: str, place: str) -> None:
    assert place in [f.text for f in location.find(text)]


def test_no_prefecture_from_a_word_or_a_conjunction() -> None:
    found = [f.text for f in location.find("在院党组和滇澜州人民检察院的领导下，全州检察业务提升。")]
    assert "滇澜州" in found and not any(t.startswith("和") or t == "全州" for t in found), found


def test_a_model_person_that_is_a_frequent_word_is_not_masked() -> None:
    from baogao.redact import recognizers

    # jieba tags 玉米 as a name; on the model's word alone a frequent dictionary word stays a word
    assert not recognizers._plausible_span("PERSON", "玉米")
    assert recognizers._plausible_span("PERSON", "王建国")


@pytest.mark.parametrize(
    ("name", "trade"),
    [("晋东煤层气开发有限公司", "煤层气开发"), ("太岳集团煤层气研究院", "煤层气研究院"), ("石湾渔港管理站", "渔港管理站")],
)
def test_a_unit_named_by_its_trade_has_no_short_form_of_its_own(name: str, trade: str) -> None:
    assert trade not in org.derive_aliases(name)


def test_a_real_city_opens_a_unit_name_though_it_is_a_word() -> None:
    # 日照 (sunshine) is a city: the unit keeps its short form
    assert "日照车务段" in org.derive_aliases("济南局集团公司日照车务段")


@pytest.mark.parametrize(
    ("sentence", "name"),
    [("王淑珍同志和孙女李欣然祖孙三代坚持献血。", "李欣然"), ("下沟村防疫员马成、冶福海坚守一线。", "马成")],
)
def test_kin_and_posts_before_names(sentence: str, name: str) -> None:
    assert name in texts(person.find(sentence))


def test_a_well_named_by_letters_and_numbers() -> None:
    assert [f.text for f in location.find("渔港北侧LW-12-08井试气日产量突破2万立方米。")] == ["LW-12-08井"]


def test_named_work_areas_counted_in_a_list() -> None:
    text = "青峰养护工区获评先进。对青峰、白马、龙溪3个养护工区实行月度考评。"
    second = text.index("青峰", 3)
    assert any(f.start <= second and second + 2 <= f.end for f in find_all(text))


@pytest.mark.parametrize(
    ("sentence", "number"),
    [
        ("渔船“闽宁渔05678”船长郑阿福在台风来临前返港。", "闽宁渔05678"),
        ("货船苏宿货2368在船闸下游引航道搁浅。", "苏宿货2368"),
    ],
)
def test_vessel_registration_numbers(sentence: str, number: str) -> None:
    assert number in texts(licence.find(sentence))


def test_no_vessel_in_a_count() -> None:
    assert licence.find("全年完成货运量2368万吨，浙江渔业产值1234万元。") == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("调度室李强主任要求各班组落实责任。", "李强"),  # not 李强主: the post closes the name
        ("安全科潘玉科长介绍情况。", "潘玉"),
        ("调度室李强民主任要求落实。", "李强民"),  # a three-char name before the post
    ],
)
def test_a_post_after_a_name_closes_it(text: str, name: str) -> None:
    assert texts(person.find(text)) == [name]


@pytest.mark.parametrize(
    "text", ["项目部党支部书记讲话。", "运输部车队队长到场。", "由科室主任负责落实。"]
)
def test_a_word_before_a_post_is_no_name(text: str) -> None:
    assert person.find(text) == []  # 支部|书记, 车队|队长, 由科室|主任: ordinary words, not names


@pytest.mark.parametrize(
    ("span", "name"), [("潘玉介绍", "潘玉"), ("刘佳说", "刘佳"), ("赵志强指出", "赵志强"), ("王说", "王说")]
)
def test_a_model_person_loses_the_word_that_follows_it(span: str, name: str) -> None:
    from baogao.redact.recognizers import _trim_model_span

    assert _trim_model_span(Finding(0, len(span), "PERSON", span, "tagger", 0.5)).text == name


@pytest.mark.parametrize(
    ("text", "streets"),
    [
        ("项目位于五一路与解放路交叉口东北角。", ["五一路", "解放路"]),  # names that are ordinary words
        ("在滨河大道与建设路交叉口巡查时", ["滨河大道", "建设路"]),
        ("从人民路和中山路的十字路口向东", ["人民路", "中山路"]),
    ],
)
def test_the_streets_of_a_crossing_are_places(text: str, streets: list[str]) -> None:
    found = texts(location.find(text))
    assert all(s in found for s in streets)


def test_roads_named_by_their_kind_at_a_crossing_are_no_places() -> None:
    assert location.find("新建道路与现有道路交叉口、主干路与次干路交叉口设置信号灯") == []


@pytest.mark.parametrize(
    ("text", "streets"),
    [
        ("对解放街、鼓楼巷、仓房巷等12条背街小巷实施改造。", ["解放街", "鼓楼巷", "仓房巷"]),
        ("对滨江路、兴业路、金湖环湖公路实行分时段管制。", ["滨江路", "兴业路"]),
        ("对滨河大道、建设大街实施改造", ["滨河大道", "建设大街"]),
    ],
)
def test_a_list_of_streets_names_each(text: str, streets: list[str]) -> None:
    assert [s for s in streets if s not in texts(location.find(text))] == []


@pytest.mark.parametrize(
    "text",
    [
        "理清思路、找准出路、拓宽门路",  # ways of speech
        "走出一条转型之路、发展之路",
        "打通断头路、瓶颈路",  # kinds of road
        "称为致富路、幸福路",  # no street named by a proper name
    ],
)
def test_lists_of_ways_are_no_streets(text: str) -> None:
    assert location.find(text) == []


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("电话：0351―7654321", "0351―7654321"),  # GB2312's horizontal bar for a dash
        ("手机：138‐1234‐5678", "138‐1234‐5678"),  # a typographic hyphen
        ("电话：0351﹣7654321", "0351﹣7654321"),  # a small hyphen-minus
    ],
)
def test_phones_separated_by_other_dashes(text: str, number: str) -> None:
    assert texts(phone.find(text)) == [number]


def test_codes_joined_by_other_hyphens() -> None:
    assert texts(licence.find("合同编号：HT‐2023‐0156，")) == ["HT‐2023‐0156"]


def test_an_address_with_its_dots_spelled_too() -> None:
    assert texts(email.find("邮箱 zhangsan [at] sxcoal [dot] com。")) == ["zhangsan [at] sxcoal [dot] com"]
    assert texts(email.find("邮箱：li(at)dlmy(dot)com(dot)cn")) == ["li(at)dlmy(dot)com(dot)cn"]
    assert email.find("I looked at it dot by dot, met at Beijing dot com") == []


def test_a_river_char_that_opens_a_province_is_no_river() -> None:
    # 荣获|湖南省…, 竹馨居|河南省: the kind char is the province's first
    assert [f for f in location.find("多人荣获湖南省五一劳动奖章") if f.attrs.get("kind") == "water"] == []
    assert [f for f in location.find("竹馨居河南省新乡市") if f.attrs.get("kind") == "water"] == []


@pytest.mark.parametrize("text", ["李四同志所在班组获评省级", "3个班组获评市级", "生物检验班组荣获“瓯江杯”"])
def test_a_team_or_a_cue_word_is_no_name(text: str) -> None:
    # 班组|获评: a team of the dictionary before the cue; 班组|荣获: the cue word after a team
    assert [t for t in texts(person.find(text)) if t in ("班组", "荣获")] == []


def test_a_name_before_a_cue_still_counts() -> None:
    assert texts(person.find("高峰同志先后荣获多项荣誉")) == ["高峰"]


@pytest.mark.parametrize(
    "text",
    [
        "年内招录大学生6名，吸引返乡大学生加入合作社。",  # 大学|生: the kind word runs on into 大学生
        "邀请中国地质科学院专家现场指导",  # 地|质科学院: a name starting inside 地质
    ],
)
def test_an_organisation_is_not_read_across_word_edges(text: str) -> None:
    assert org.find(text) == []


def test_an_organisation_before_an_ordinary_word_still_counts() -> None:
    assert "华兴建设集团" in texts(org.find("该项目由华兴建设集团承建"))


@pytest.mark.parametrize(
    "text",
    [
        "基层党支部党费9.8万元全部上缴",  # 党支部|党费: an ordinary word after a department
        "生产基地全部满负荷运行",  # 全|部: the end of 全部, no department
    ],
)
def test_no_name_after_a_department_word_that_is_none(text: str) -> None:
    assert person.find(text) == []


def test_a_name_after_a_department_that_reads_as_words_too() -> None:
    # 艳红 is a noun of the dictionary as well, but the three chars are a name
    assert texts(person.find("采购业务咨询：政府采购科武艳红，电话")) == ["武艳红"]


def test_a_city_named_without_its_kind_is_masked_but_not_listed() -> None:
    text = "新开通青岛至西安、郑州方向班列，在淄博、临沂等地新布局内陆港。"
    found = {f.text for f in location.find(text) if f.attrs.get("kind") == location.BARE_CITY}
    assert {"青岛", "西安", "郑州", "淄博", "临沂"} <= found
    # masked, but the NER model decides what counts as a mention in `entities`
    assert not any(f.attrs.get("kind") == location.BARE_CITY for f in find_entities(text))


@pytest.mark.parametrize(
    "text",
    [
        "江山就是人民，人民就是江山",  # a city's name that is a word of the prose
        "穿着中山装出席",  # a longer word holds the name
        "西安市雁塔区",  # with its kind the rules read it whole
    ],
)
def test_a_bare_city_needs_to_stand_alone(text: str) -> None:
    assert not any(f.attrs.get("kind") == location.BARE_CITY for f in location.find(text))


def test_cities_the_dictionary_misreads_are_cities_too() -> None:
    # 大连 is an adverb and 合肥 an ordinary noun to jieba's dictionary, 唐山 is not in it
    text = "在合肥、大连、唐山设立办事处"
    assert {"合肥", "大连", "唐山"} <= {f.text for f in location.find(text) if f.attrs.get("kind") == location.BARE_CITY}
    assert not any(f.attrs.get("kind") == location.BARE_CITY for f in location.find("日照时数增加，来宾致辞"))


@pytest.mark.parametrize(
    ("text", "ends"),
    [
        ("节前完成六都寨至高沙段路面病害处治", ["六都寨", "高沙"]),
        ("将所辖沙桥至天申堂段划分为8个网格", ["沙桥", "天申堂"]),
    ],
)
def test_the_ends_of_a_stretch_are_places(text: str, ends: list[str]) -> None:
    assert [e for e in ends if e not in texts(location.find(text))] == []


def test_a_stretch_between_ordinary_words_names_no_place() -> None:
    assert location.find("完成起点至终点段的测量，从上游至下游段清淤") == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("会上，财务部孙经理通报了预算执行情况。", "孙"),
        ("检修期间，厂家的邓工来了三趟。", "邓"),
        ("这项工作由宣传科周科长牵头。", "周"),
        ("大家都说：“郭书记是我们的贴心人。”", "郭"),
        ("会后，欧阳主任带队检查了食堂。", "欧阳"),
        ("公司党委和黄总的关心让大家很感动。", "黄"),  # 黄 read as a noun first, 总 as an adjective
        ("井口的老赵说，今年的活好干多了。", "老赵"),
        ("这件事交给小孟去办。", "小孟"),
    ],
)
def test_a_person_called_by_surname_and_title(text: str, name: str) -> None:
    assert name in texts(person.find(text))


@pytest.mark.parametrize(
    "text",
    [
        "及时向书记汇报工作进展。",  # 向 is "to" here
        "检修班班长带队巡检。",  # the title's own team
        "车队队长和井队长到场。",
        "公司原总经理因病离任。",
        "配合施工单位做好工会工作。",
        "各位老师，各位同学：",
        "既要注意大宗商品，也要注意小宗商品。",  # 小宗 is a small lot, not a person
        "三个小时后抢修完毕，小区恢复供电。",
        "学习贯彻习近平总书记重要讲话精神。",
        "从普工成长为技术骨干。",  # 普 is a rare surname: 普工 is a worker's grade
        "对李某某盗窃案依法提起公诉。",  # a pseudonym already
    ],
)
def test_no_person_called_by_surname_and_title(text: str) -> None:
    assert [f for f in person.find(text) if f.attrs.get("anchor") == person.SHORT_ANCHOR] == []


def test_a_surname_before_a_title_is_masked_but_not_listed() -> None:
    text = "会上，财务部孙经理通报了预算执行情况，专家程阳先生作了点评。"
    assert "孙" in texts(find_all(text))
    assert "孙" not in texts(find_entities(text))  # CLUENER marks no bare surname
    assert "阳" not in texts(find_all(text))  # 程阳 is the whole name before 先生


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("公司副总经理林峰站在平台上指挥。", "林峰"),  # 站|在: the segmenter ends the name before the verb
        ("关键时刻，经理赵明站出来挑起重担。", "赵明"),
        ("技术员陈晨守在现场三天三夜。", "陈晨"),
        ("副总经理周再兴带队检查。", "周再兴"),  # 再 is an adverb: 周再 is no name
        ("操作工韩福生持证上岗。", "韩福生"),  # 生 read as a noun-verb, not a verb
        ("技术员王建国带队检查。", "王建国"),
    ],
)
def test_a_titled_name_ends_where_the_segmenter_starts_a_verb(text: str, name: str) -> None:
    assert name in texts(person.find(text))


@pytest.mark.parametrize(
    ("text", "site"),
    [
        ("全年白马岭钨矿采出矿石12万吨。", "白马岭钨矿"),
        ("扎西沟锂矿完成剥离量300万立方米。", "扎西沟锂矿"),
        ("青龙磷矿获评绿色矿山。", "青龙磷矿"),
    ],
)
def test_a_mine_named_by_its_ore_is_a_site(text: str, site: str) -> None:
    assert site in texts(location.find(text))


@pytest.mark.parametrize(
    "text",
    [
        "全年采出镍矿石86万吨。",  # the ore, not a mine
        "推进井工煤矿智能化建设。",  # how mines are worked
        "攻克高硫铝土矿溶出难题。",  # what the ore is like
    ],
)
def test_an_ore_or_a_way_of_mining_names_no_site(text: str) -> None:
    assert location.find(text) == []


@pytest.mark.parametrize(
    ("text", "street"),
    [
        ("胜利北路成为全市首条市容示范街。", "胜利北路"),  # an ordinary word before a direction
        ("在中山南路设置临时停车点。", "中山南路"),
        ("沿金沙江北路开展巡查。", "金沙江北路"),
        ("覆盖桐江市人民东路沿线。", "人民东路"),
        ("在长安东街开设便民服务点。", "长安东街"),
    ],
)
def test_a_street_named_with_a_direction_is_a_place(text: str, street: str) -> None:
    assert street in texts(location.find(text))


@pytest.mark.parametrize("text", ["兵分东西两路，一路向北。", "走好新时代长征路。", "东西南北路网基本形成。"])
def test_directions_alone_name_no_street(text: str) -> None:
    assert [f for f in location.find(text) if f.attrs.get("kind") == "street"] == []


def test_a_sites_own_toponym_is_a_place_where_it_stands_alone() -> None:
    from baogao.redact.recognizers import _short_place_forms

    text = "公司完成石岔沟灰场覆土绿化12万平方米。如今，石岔沟昔日的灰山变成了绿坡。"
    site = Finding(4, 9, "LOCATION", "石岔沟灰场", "location", 0.75, {"kind": "site"})
    second = text.index("石岔沟", 10)
    assert [(f.start, f.end) for f in _short_place_forms(text, [site])] == [(second, second + 3)]
    # an ordinary word that opens a site's name is not spread (野外|作业区 … 野外作业时)
    text = "加强野外作业区安全管理。野外作业时必须两人同行。"
    site = Finding(2, 7, "LOCATION", "野外作业区", "location", 0.75, {"kind": "site"})
    assert _short_place_forms(text, [site]) == []


def test_an_ordinary_word_before_a_site_kind_is_not_spread() -> None:
    text = "加强野外作业区安全管理。野外作业时必须两人同行。"
    found = find_all(text)
    second = text.index("野外", 5)
    assert not any(f.start <= second < f.end for f in found)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("慰问组来到牧民次仁家，送去了米面油。", "次仁"),
        ("村里的格桑大爷说，路修好了。", "格桑"),
        ("大家都叫她“卓玛”。", "卓玛"),
    ],
)
def test_a_name_the_lexicon_knows_whole_stands_alone(text: str, name: str) -> None:
    assert name in texts(person.find(text))


@pytest.mark.parametrize("text", ["头顶的乌云，终于散了。", "扎西德勒！", "去拉萨的路上。"])
def test_a_lexicon_name_inside_a_word_or_a_frequent_word_is_none(text: str) -> None:
    assert [f for f in person.find(text) if f.attrs.get("anchor") == "lexicon"] == []


def test_an_unsure_guess_of_a_village_is_not_spread_by_its_core() -> None:
    from baogao.redact.recognizers import _short_place_forms, sensitive_tagger

    text = "壮大集体经济，力争村集体经济收入突破10万元，力争带动脱贫户增收。"
    guess = Finding(7, 10, "LOCATION", "力争村", sensitive_tagger.SOURCE, sensitive_tagger.SURE / 2)
    assert _short_place_forms(text, [guess]) == []
    sure = Finding(7, 10, "LOCATION", "力争村", "location", 0.75, {"kind": "admin"})
    assert _short_place_forms(text, [sure]) != []  # the rule itself would spread a found village's core


@pytest.mark.parametrize("text", ["实行客户经理包片负责制。", "坚持党员包山头、支部管林区。", "场长包班组、班组长包岗位。"])
def test_a_duty_after_a_post_is_no_name(text: str) -> None:
    assert person.find(text) == []  # 包 (a surname) is the verb "take charge of" before its object


def test_a_surname_read_as_a_verb_before_a_name_still_counts() -> None:
    assert texts(person.find("副总经理敬永平主持会议。")) == ["敬永平"]


@pytest.mark.parametrize(("text", "name"), [("大家都叫他“老司马”。", "老司马"), ("调解员老沙马今年化解纠纷17起。", "老沙马")])
def test_old_before_a_compound_surname_or_a_clan_name(text: str, name: str) -> None:
    assert name in texts(person.find(text))


def test_a_city_listed_among_cities_is_a_place_whatever_jieba_reads_it_as() -> None:
    text = "肇庆、清远、韶关等城市的货物经南沙港出海。"  # jieba reads 清远 as an adjective
    assert "清远" in texts(find_all(text))
    assert "清远" not in texts(find_all("山水清远，空气清新。"))


def test_tagged_words_are_keyed_by_their_offset_in_the_text() -> None:
    from baogao.redact.recognizers._text import tagged_words

    text = "会上，财务部孙经理通报了预算执行情况。"
    words = tagged_words(text, 3, 12)
    assert min(words) == 3 and "".join(w for w, _ in words.values()) == text[3:12]
    assert all(text[at : at + len(w)] == w for at, (w, _) in words.items())


def test_a_national_leader_called_by_surname_and_title_is_public() -> None:
    text = "坚决拥护华主席为首的党中央。正如周总理所说的那样。会上，王主席强调安全生产。"
    assert [f.text for f in find_all(text) if f.label == "PERSON"] == ["王"]  # the union's 王主席 is staff


def test_public_figures_and_foreign_countries_of_public_documents_are_not_masked() -> None:
    text = "刘少奇同志指出，要学习马克思主义。代表团访问了尼泊尔、孟加拉国。抢修工苏丹到场抢修。"
    persons = [f.text for f in find_all(text) if f.label == "PERSON"]
    assert persons == ["苏丹"]  # a worker named 苏丹 is staff; the country of that name is left out of the list


def test_a_half_masked_id_number_needs_a_birth_date_that_can_be_one() -> None:
    # fifteen digits and a masked name have an ID number's 18 chars, but 45678000 is no date
    assert id_number.find("139123456780000×××") == []
    assert texts(id_number.find("户主140102198003071×××已登记")) == ["140102198003071×××"]

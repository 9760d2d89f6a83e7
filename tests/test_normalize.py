"""Normaliser: what each step does, what it must never touch, and the offset map's invariants."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baogao.findings import Finding
from baogao.normalize import NormalizedText, fold_char, normalize

# (original, normalised) — one behaviour per row.
CASES = [
    ("上半年完成产值\r\n下半年继续攻坚\r\n", "上半年完成产值\n下半年继续攻坚"),
    ("老式换行\r第二行", "老式换行\n第二行"),
    ("双回车\r\r\n下一行", "双回车\n下一行"),
    ("实现营收１２．５亿元，增长８．３％", "实现营收12.5亿元,增长8.3%"),
    ("（一）强化ＱＨＳＥ管理！", "(一)强化QHSE管理!"),
    ("\u3000\u3000各位代表：", "各位代表:"),
    ("安全\u200b生产\ufeff月\u2060活动\x00", "安全生产月活动"),
    ("2##paidbegin##023年工作会议", "2023年工作会议"),
    ("完成投资##paidend##3.2亿元", "完成投资3.2亿元"),
    ("<!--\n  广告位\n-->\n一、工作回顾", "一、工作回顾"),
    ("<p>坚持<b>稳中求进</b>工作总基调</p>", "坚持稳中求进工作总基调"),
    ("<U+00A0><U+00A0>国务院总理", "国务院总理"),
    ("企业&nbsp;职工&#160;代表&amp;家属", "企业 职工 代表&家属"),
    ("当前位置： 首页>> 中国概况\n正文第一段", "正文第一段"),
    ("【字体：大 中 小】【打印本页】【关闭窗口】\n正文", "正文"),
    ("正文结束。\n（责任编辑： 王小明\n ）", "正文结束。"),
    (
        "中央政府门户网站\u3000www.gov.cn\u3000\u3000 2009年03月16日\u3000\u3000 来源：新华社\n各位代表",
        "各位代表",
    ),
    (
        "2009年政府工作报告   中央政府门户网站\u3000www.gov.cn\u3000 2009年03月16日 10时04分 来源：新华网\n正文",
        "2009年政府工作报告\n正文",
    ),
    ("正文\n上一页\u00a0\u00a01\u00a0\u00a0 2\u00a0\u00a0 3 下一页", "正文"),
    ("第一段\n\n\n\n\n第二段\n\n", "第一段\n\n第二段"),
    ("  缩进的段落  \n\t另一段\t", "缩进的段落\n另一段"),
]


@pytest.mark.parametrize(("original", "expected"), CASES)
def test_normalised_text(original: str, expected: str) -> None:
    assert normalize(original).text == expected


# Report prose that merely mentions words the boilerplate rules look for: never dropped.
PROSE = [
    "实行责任编辑、媒体负责人、部门业务负责人三级审核制度。",
    "资金来源：中央预算内投资2.3亿元，地方配套1.1亿元，2023年3月底前全部到位。",
    "当前位置偏远的矿区，职工通勤问题仍然突出，要在首页公示解决进度。",
    "编辑出版《安全生产简报》52期，来源于一线的稿件占六成。",
    "审核：各单位要在每月5日前报送数据，经审核后汇总上报。",
    "关闭小煤矿126处，淘汰落后产能1500万吨。",
    "推荐先进典型12名，打印宣传手册3000份。",
]


@pytest.mark.parametrize("line", PROSE)
def test_report_prose_with_boilerplate_words_is_kept(line: str) -> None:
    text = f"一、主要工作\n{line}\n二、下一步打算"
    norm = normalize(text, fold_width=False)
    assert norm.text == text
    assert not [f for f in norm.markup if f.attrs["kind"] == "navigation"]


@pytest.mark.parametrize("keep", ["××××名通讯员", "“六精六提”", "‘稳增长’", "XX大", "＊＊公司", "3×4米"])
def test_placeholders_and_chinese_quotes_are_not_folded(keep: str) -> None:
    assert normalize(keep).text == keep


def test_spliced_paywall_marker_maps_metric_back_to_original() -> None:
    original = "贯彻落实集团公司2##paidbegin##023年工作会议精神"
    norm = normalize(original)
    start = norm.text.index("2023年")
    s, e = norm.span_to_original(start, start + 5)
    assert original[s:e] == "2##paidbegin##023年"
    [marker] = norm.markup
    assert (marker.text, marker.label, marker.source, marker.attrs) == (
        "##paidbegin##",
        "MARKUP",
        "normalize",
        {"kind": "paywall"},
    )
    assert original[marker.start : marker.end] == marker.text


def test_seed_sample_paywall_marker(seed_text: str) -> None:
    norm = normalize(seed_text)
    assert "##paid" not in norm.text
    start = norm.text.index("2023年工作会议")
    s, e = norm.span_to_original(start, start + 5)
    assert seed_text[s:e] == "2##paidbegin##023年"


def test_full_width_metric_maps_back_and_span_excludes_removed_neighbours() -> None:
    original = "<b>全年生产原煤６３５．８万吨</b>##paidend##。"
    norm = normalize(original)
    start = norm.text.index("635.8万吨")
    found = Finding(start, start + 7, "METRIC", "635.8万吨")
    back = norm.finding_to_original(found)
    assert back.text == "６３５．８万吨" and original[back.start : back.end] == back.text
    assert back.label == "METRIC"


def test_escape_maps_to_the_whole_escape() -> None:
    original = "职工&nbsp;代表"
    norm = normalize(original)
    assert norm.span_to_original(2, 3) == (2, 8)
    assert norm.to_original(3) == 8 and norm.to_original(len(norm.text)) == len(original)


@pytest.mark.parametrize(
    ("original", "kinds"),
    [
        ("<!-- x -->正文", ["html_comment"]),
        ("<div>正文</div>", ["html_tag", "html_tag"]),
        ("<script>var a = '<p>';</script>正文", ["html_tag"]),
        ("正文&amp;<U+3000>", ["escape", "escape"]),
        ("正##paidbegin##文", ["paywall"]),
        ("【字体：大 中 小】\n正文", ["navigation"]),
    ],
)
def test_markup_kinds(original: str, kinds: list[str]) -> None:
    norm = normalize(original)
    assert [f.attrs["kind"] for f in norm.markup] == kinds
    assert norm.text == "正文" or norm.text == "正文&"


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("甲&lt;p&gt;乙", "甲乙"),  # an escaped tag becomes a tag once decoded
        ("甲#<b>#paidend##乙", "甲乙"),  # removing a tag joins a paywall marker
        ("甲&amp;nbsp;乙", "甲 乙"),  # double-escaped space
        ("甲<\u200bp>乙", "甲乙"),  # an invisible character hid the tag
        ("##ｐａｉｄ##甲", "甲"),  # full-width letters fold into a marker
    ],
)
def test_markup_revealed_by_another_step_is_removed_too(original: str, expected: str) -> None:
    norm = normalize(original)
    assert norm.text == expected
    assert normalize(norm.text).text == norm.text


def test_options_turn_steps_off() -> None:
    original = "<p>产量６３５万吨</p>\u3000"
    assert normalize(original, strip_markup=False).text == "<p>产量635万吨</p>"
    assert normalize(original, fold_width=False).text == "产量６３５万吨"


def test_hand_built_normalized_text_gets_identity_map() -> None:
    norm = NormalizedText("正文", "正文")
    assert norm.span_to_original(0, 2) == (0, 2)
    with pytest.raises(ValueError):
        NormalizedText("正", "正文")
    with pytest.raises(IndexError):
        norm.to_original(3)


def test_empty_and_blank_inputs() -> None:
    assert normalize("").text == ""
    assert normalize("\u3000\r\n<!-- -->\n").text == ""
    assert list(normalize("甲\n\n乙").iter_lines()) == [(0, 1), (3, 4)]


# ------------------------------------------------------------------ properties

FRAGMENTS = [
    "××××",
    "XX",
    "##paidbegin##",
    "##paidend##",
    "##",
    "#",
    "\r\n",
    "\r",
    "\n",
    "\n\n\n",
    "０１２",
    "ＡＢｃ",
    "．",
    "％",
    "，",
    "：",
    "（",
    "）",
    "！",
    "？",
    "\u3000",
    "\xa0",
    "<U+00A0>",
    "<U+3000>",
    "<U+0000>",
    "&nbsp;",
    "&amp;",
    "&#160;",
    "&#13;",
    "&#8203;",
    "&lt;p&gt;",
    "&",
    "<",
    ">",
    "<!--",
    "-->",
    "<p>",
    "</div>",
    "<br/>",
    "\u0301",
    "\u0308",
    "😀",
    "👍🏽",
    "\u200b",
    "\x00",
    "\ufeff",
    "“",
    "”",
    "2023年",
    "万吨",
    "当前位置：首页>>",
    "【字体：大 中 小】",
    "（责任编辑：张三",
    "）",
    "】",
    "【E-mail推荐",
    " ",
    "\t",
    "来源：新华社 2023年3月5日 www.gov.cn",
    "上一页",
    "下一页",
    "1 2 3",
]
fragments = st.sampled_from(FRAGMENTS)
texts = st.lists(st.one_of(fragments, fragments, fragments, st.text(max_size=4)), max_size=40).map("".join)


def _escape_starts(norm: NormalizedText) -> set[int]:
    return {f.start for f in norm.markup if f.attrs["kind"] == "escape"}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, st.booleans(), st.booleans())
def test_offset_map_invariants(original: str, fold_width: bool, strip_markup: bool) -> None:
    norm = normalize(original, fold_width=fold_width, strip_markup=strip_markup)
    origin, ends = norm.origin, norm.origin_end
    assert len(origin) == len(norm.text) + 1 and len(ends) == len(norm.text)
    assert origin[-1] == len(original)
    assert np.all(np.diff(origin) >= 0) and np.all(np.diff(ends) >= 0)
    assert np.all(origin[:-1] < ends) and np.all(ends <= len(original))
    escapes = _escape_starts(norm)
    for i, ch in enumerate(norm.text):
        o = int(origin[i])
        assert fold_char(original[o], fold_width=fold_width) == ch or o in escapes, (i, ch, original[o])
    for f in norm.markup:
        assert f.label == "MARKUP" and original[f.start : f.end] == f.text
    assert normalize(norm.text, fold_width=fold_width, strip_markup=strip_markup).text == norm.text


@settings(max_examples=100, deadline=None)
@given(texts, st.data())
def test_span_maps_to_whole_source_never_half_a_marker(original: str, data: st.DataObject) -> None:
    norm = normalize(original)
    n = len(norm.text)
    start = data.draw(st.integers(0, n))
    end = data.draw(st.integers(start, n))
    s, e = norm.span_to_original(start, end)
    assert 0 <= s <= e <= len(original)
    assert all(s <= norm.to_original(i) < e for i in range(start, end))
    assert norm.finding_to_original(Finding(start, end, "X")).text == original[s:e]
    for f in norm.markup:  # a span never starts or ends inside a removed marker
        assert not f.start < s < f.end and not f.start < e < f.end, (f, s, e)


# ------------------------------------------------------------------ the real corpus


def test_gov_raw_reports_decode_and_clean(shared_dir: Path) -> None:
    from baogao.io import read_path

    files = sorted((shared_dir / "data" / "gov_reports_raw").glob("*.txt"))
    assert len(files) >= 50
    with_nav = 0
    for path in files:
        [doc] = read_path(path)
        assert doc.encoding == "gb18030", path
        norm = normalize(doc.text)
        assert "<U+00A0>" not in norm.text and "<!--" not in norm.text, path
        assert "【字体" not in norm.text and "当前位置" not in norm.text, path
        assert all(doc.text[f.start : f.end] == f.text for f in norm.markup)
        # conservative boilerplate removal: no sentence is lost
        nav = [f for f in norm.markup if f.attrs["kind"] == "navigation"]
        assert not any("。" in f.text for f in nav), path
        with_nav += bool(nav)
        hidden = sum(f.text.count("。") for f in norm.markup if f.attrs["kind"] != "navigation")
        assert norm.text.count("。") == doc.text.count("。") - hidden, path
    assert with_nav >= len(files) // 2  # most pages carry site navigation, and it is found

"""baogao.structure: paragraphs, heading levels, title/bylines, enumerations, repeated pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from baogao.structure import Structure, chinese_numeral_value, parse

BODY = (
    "全年共开展专项检查一百二十余次，发现并整改各类问题三百多项，整改率达到百分之百，各项工作取得明显成效。"
)


def _doc(*lines: str) -> str:
    return "\n".join(lines)


def _paragraph_after_salutation(line: str):
    """Parse ``line`` as the second paragraph of a small report and return it."""
    st = parse(f"各位领导、同志们：\n{line}\n{BODY}\n")
    return st.paragraphs[1]


# (line, level, kind, marker)
HEADINGS = [
    ("第二部分 2024年重点工作安排", 0, "heading", "第二部分"),
    ("第一部分　过去一年的主要工作", 0, "heading", "第一部分"),
    ("第一章 总体要求", 0, "heading", "第一章"),
    ("第三节 安全生产管理", 1, "heading", "第三节"),
    ("一、强化组织领导，统筹谋划部署", 1, "heading", "一、"),
    ("十二、持续加强干部队伍作风建设", 1, "heading", "十二、"),
    ("三．狠抓安全生产不放松", 1, "heading", "三．"),
    ("（三）强化重大灾害治理", 2, "heading", "（三）"),
    ("(四)推进矿井数字化转型", 2, "heading", "(四)"),
    ("（十一）扎实做好职工帮扶工作", 2, "heading", "（十一）"),
    ("1.完善绩效考核机制", 3, "heading", "1."),
    ("2、加强专兼职队伍建设", 3, "heading", "2、"),
    ("3．抓好班组基础建设", 3, "heading", "3．"),
    ("4.2025年重点任务", 3, "heading", "4."),
    ("第一、关于基本建设", 3, "heading", "第一、"),
    ("（1）健全安全管理制度体系", 4, "heading", "（1）"),
    ("(2)强化生产过程管控", 4, "heading", "(2)"),
    ("（二）全面完成年度生产经营任务。", 2, "heading", "（二）"),
]

NOT_HEADINGS = [
    "1.5万吨原煤全部实现入洗，商品煤质量稳步提高。",
    "2023年，公司坚持稳中求进工作总基调，各项工作取得新进展。",
    "一是加强组织领导，压实各级工作责任。",
    "一、二季度生产任务均超额完成，为全年目标打下坚实基础。",
    "12.8%的增速高于全省平均水平，位居前列。",
    "3.2个百分点的提升来自精细化管理。",
    "首先，要提高政治站位，切实增强责任感。",
]


@pytest.mark.parametrize(("line", "level", "kind", "marker"), HEADINGS)
def test_heading_line_gets_level_and_marker(line: str, level: int, kind: str, marker: str) -> None:
    p = _paragraph_after_salutation(line)
    assert (p.heading_level, p.kind, p.heading_marker) == (level, kind, marker)


@pytest.mark.parametrize("line", NOT_HEADINGS)
def test_decimals_years_and_enumerations_are_not_headings(line: str) -> None:
    p = _paragraph_after_salutation(line)
    assert p.heading_level is None
    assert p.kind == "body"


def test_run_in_heading_is_body_with_level_and_opens_a_section() -> None:
    text = (
        "各位代表：\n"
        "一、过去一年的工作\n"
        "（一）加强宏观调控，促进经济平稳运行。我们实施积极的财政政策，新增减税降费超过两千亿元，"
        "有力支持了实体经济发展。\n"
        "同时，稳健的货币政策保持流动性合理充裕，市场利率稳中有降，企业融资成本明显下降。\n"
        "（二）深化改革开放，激发市场活力。我们持续推进简政放权，取消和下放一批行政审批事项。\n"
    )
    st = parse(text)
    run_in, follower, second = st.paragraphs[2], st.paragraphs[3], st.paragraphs[4]
    assert (run_in.kind, run_in.heading_level, run_in.heading_marker) == ("body", 2, "（一）")
    assert follower.heading_path == (1, 2)
    assert second.heading_path == (1,)
    assert [h.index for h in st.headings()] == [1, 2, 4]


def test_heading_path_follows_levels_and_resets_on_a_new_section() -> None:
    text = _doc(
        "各位领导：",
        "一、主要工作及成效",
        "（一）安全生产形势稳定",
        "1.责任体系更加健全",
        BODY,
        "（二）经营效益稳步提升",
        BODY,
        "二、存在的问题",
        BODY,
    )
    st = parse(text)
    paths = [p.heading_path for p in st.paragraphs]
    assert paths[4] == (1, 2, 3)
    assert paths[5] == (1,)
    assert paths[6] == (1, 5)
    assert paths[8] == (7,)
    assert st.tree() == [
        {
            "paragraph": 1,
            "children": [
                {"paragraph": 2, "children": [{"paragraph": 3, "children": []}]},
                {"paragraph": 5, "children": []},
            ],
        },
        {"paragraph": 7, "children": []},
    ]


def test_a_deeper_marker_series_that_resumes_encloses_the_shallower_one() -> None:
    # （一）（二） … 一、二、 … （三）: the 一、 items sit inside （二）, and （三）
    # closes them; the levels reported stay those of the markers.
    text = _doc(
        "各位代表：",
        "（一）当前的经济形势",
        BODY,
        "（二）今后经济建设的方针",
        "一、加快农业的发展",
        BODY,
        "二、调整工业结构",
        BODY,
        "（三）我国经济发展的前景",
        BODY,
    )
    st = parse(text)
    paths = [p.heading_path for p in st.paragraphs]
    assert paths[4] == (3,)
    assert paths[5] == (3, 4)
    assert paths[7] == (3, 6)
    assert paths[8] == ()
    assert paths[9] == (8,)
    assert [st.paragraphs[i].heading_level for i in (1, 4, 8)] == [2, 1, 2]


def test_a_deeper_series_that_restarts_stays_nested() -> None:
    # a list before the first 一、 that restarts inside the sections is not promoted
    text = _doc(
        "各位代表：",
        "（一）背景",
        BODY,
        "（二）依据",
        BODY,
        "一、主要工作",
        "（一）安全生产",
        BODY,
    )
    st = parse(text)
    assert st.paragraphs[6].heading_path == (5,)
    assert st.paragraphs[7].heading_path == (5, 6)


def test_unnumbered_short_lines_are_top_level_headings() -> None:
    text = _doc("各位代表：", "过去五年的回顾", BODY, "今后五年的主要任务", "一、发展农业生产", BODY)
    st = parse(text)
    assert [(p.kind, p.heading_level) for p in st.paragraphs[1:5]] == [
        ("heading", 0),
        ("body", None),
        ("heading", 0),
        ("heading", 1),
    ]
    assert st.paragraphs[5].heading_path == (3, 4)


def test_title_bylines_and_closing_lines() -> None:
    text = _doc(
        "湖山能源集团青石矿业公司2023年度安全生产工作总结",
        "——在2024年安全生产工作会议上的报告",
        "安全副总经理　赵某某",
        "各位领导、同志们：",
        BODY,
        "一、主要工作",
        BODY,
        "联系人：安全监察部　钱某　电话：0000-1234567",
        "2024年1月15日",
    )
    st = parse(text)
    assert [p.kind for p in st.paragraphs] == [
        "title",
        "byline",
        "byline",
        "body",
        "body",
        "heading",
        "body",
        "byline",
        "byline",
    ]
    assert st.title is not None and st.title.index == 0


def test_photo_caption_and_dateline_above_the_salutation_are_front_matter() -> None:
    text = _doc(
        "3月5日，大会在会议中心开幕。代表们认真听取报告。记者某某摄",
        "新华社北京3月6日电",
        "政府工作报告",
        "——2030年3月5日在第某届人民代表大会第某次会议上",
        "各位代表：",
        BODY,
    )
    st = parse(text)
    assert [p.kind for p in st.paragraphs] == ["byline", "byline", "title", "byline", "body", "body"]
    assert st.title is not None and st.title.text == "政府工作报告"


def test_document_without_front_matter_has_no_title() -> None:
    st = parse(f"{BODY}\n一、主要做法\n{BODY}")
    assert st.title is None
    assert st.paragraphs[0].kind == "body"


def test_paragraph_offsets_slice_lines_without_blanks() -> None:
    text = "\ufeff标题行\r\n\r\n\u3000\u3000第一段正文。  \n\xa0\xa0\n\t第二段正文。"
    st = parse(text)
    assert [p.text for p in st.paragraphs] == ["\ufeff标题行", "第一段正文。", "第二段正文。"]
    for p in st.paragraphs:
        assert text[p.start : p.end] == p.text


def test_seed_report_outline(seed_text: str) -> None:
    st = parse(seed_text)
    heads = st.headings()
    assert [(h.heading_level, h.heading_marker) for h in heads] == [(1, "一、"), (1, "二、"), (1, "三、")]
    assert st.title is not None and st.title.text.endswith("工作汇报")
    assert st.repeats == 1
    enums = [e for p in st.paragraphs for e in p.enumerations]
    assert [e.text for e in enums[:3]] == ["一是", "二是", "三是"]
    assert [e.attrs["ordinal"] for e in enums[:3]] == [1, 2, 3]
    for e in enums:
        assert seed_text[e.start : e.end] == e.text
    body_under_second = [p for p in st.paragraphs if p.heading_path == (heads[1].index,)]
    assert len(body_under_second) >= 4


ENUMS = [
    ("一是强化考核。二是加强培训。三是严格审核。", [("一是", 1), ("二是", 2), ("三是", 3)]),
    ("工作中，十一是指标的序号，第十二是另一项。", [("十一是", 11), ("第十二", 12)]),
    ("第一，要提高站位；第二，要压实责任。", [("第一", 1), ("第二", 2)]),
    (
        "首先，统一思想。其次，明确目标。再次，细化措施。最后，狠抓落实。",
        [("首先", 1), ("其次", 2), ("再次", 3), ("最后", 4)],
    ),
    ("最后，我代表公司向大家表示感谢。", []),
    ("坚持全国一盘棋，统一是前提。", []),
    ("第一个五年计划顺利完成。", []),
]


@pytest.mark.parametrize(("text", "expected"), ENUMS)
def test_inline_enumerations_with_ordinals(text: str, expected: list[tuple[str, int]]) -> None:
    st = parse(f"各位领导：\n{text}")
    found = st.paragraphs[1].enumerations
    assert [(f.text, f.attrs["ordinal"]) for f in found] == expected
    full = f"各位领导：\n{text}"
    assert all(full[f.start : f.end] == f.text and f.label == "ENUM" for f in found)


@pytest.mark.parametrize(
    ("numeral", "value"), [("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("九十九", 99)]
)
def test_chinese_numeral_value(numeral: str, value: int) -> None:
    assert chinese_numeral_value(numeral) == value


def _page() -> str:
    return _doc(
        "当前位置：首页 >> 工作报告",
        "某市2030年政府工作报告",
        "各位代表：",
        "一、过去一年的工作",
        BODY,
        "二、今年的主要任务",
        "今年要坚持稳中求进，扎实推进各项重点工作，确保完成全年目标任务。",
        "【打印本页】【关闭窗口】",
    )


def test_page_repeated_three_times_is_detected() -> None:
    text = "\n\n".join(_page() for _ in range(3))
    st = parse(text)
    assert st.repeats == 3
    n = len(st.paragraphs) // 3
    assert all(p.duplicate_of is None for p in st.paragraphs[:n])
    for p in st.paragraphs[n:]:
        assert p.duplicate_of == p.index % n
        assert p.kind == st.paragraphs[p.index % n].kind
    assert [h.text for h in st.headings()] == ["一、过去一年的工作", "二、今年的主要任务"]
    assert st.title is not None and st.title.index == 1


def test_a_recurring_salutation_is_not_a_repetition() -> None:
    text = _doc(
        "各位代表：",
        BODY,
        "一、主要工作",
        "各位代表！",
        "今年任务艰巨，我们要团结一致，奋勇前进。",
        "各位代表！",
    )
    st = parse(text)
    assert st.repeats == 1
    assert all(p.duplicate_of is None for p in st.paragraphs)


def test_empty_text() -> None:
    st = parse("\n \n")
    assert st == Structure(paragraphs=(), title=None, repeats=1)


# ---------------------------------------------------------------- shared data
def _gov_texts(shared: Path) -> list[tuple[str, str]]:
    files = sorted((shared / "data" / "gov_reports_raw").glob("*.txt"))
    assert len(files) == 50
    return [(f.name, f.read_text(encoding="gb18030").replace("<U+00A0>", " ")) for f in files]


def test_every_gov_raw_report_slices_into_lines_and_reports_its_repeats(shared_dir: Path) -> None:
    repeated = 0
    for name, text in _gov_texts(shared_dir):
        st = parse(text)
        lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
        assert [p.text for p in st.paragraphs] == lines, name
        assert all(text[p.start : p.end] == p.text for p in st.paragraphs), name
        assert st.repeats >= 1, name
        if st.repeats > 1:
            repeated += 1
            dup = sum(p.duplicate_of is not None for p in st.paragraphs)
            assert dup >= 0.7 * len(st.paragraphs) * (st.repeats - 1) / st.repeats, name
            assert all(p.duplicate_of < p.index for p in st.paragraphs if p.duplicate_of is not None)
    assert repeated >= 40  # the scraped pages hold their text several times


def test_normalised_gov_reports_keep_structure(shared_dir: Path) -> None:
    normalize = pytest.importorskip("baogao.normalize").normalize
    for name, text in _gov_texts(shared_dir)[::10]:
        norm = normalize(text).text
        st = parse(norm)
        assert [p.text for p in st.paragraphs] == [ln.strip() for ln in norm.split("\n") if ln.strip()], name
        assert st.title is not None and "报告" in st.title.text, name


@pytest.mark.parametrize("name", ["gov_paragraphs_dev.jsonl", "corp_dev.jsonl"])
def test_paragraph_spans_match_the_gold_line_definition(shared_dir: Path, name: str) -> None:
    from tests.conftest import load_jsonl

    for rec in load_jsonl(shared_dir / "eval" / name):
        st = parse(rec["text"])
        assert [(p.start, p.end) for p in st.paragraphs] == [
            (g["start"], g["end"]) for g in rec["paragraphs"]
        ]


def test_table_rows_page_numbers_and_running_headers_are_not_headings() -> None:
    page = "东岭公司2023年度工作总结\n{body}\n第{n}页 共3页\n"
    text = "东岭公司2023年度工作总结\n一、主要工作\n全年完成原煤产量356万吨，同比增长7.1%。\n"
    text += "指标\t2022年\t2023年\n原煤产量\t333万吨\t356万吨\n营业收入\t76.5亿元\t82.7亿元\n"
    text += page.format(body="二、存在的问题\n成本压力较大，安全基础仍需夯实。", n=1)
    text += page.format(body="三、2024年工作打算\n继续抓好安全生产和降本增效工作。", n=2)
    st = parse(text)
    headings = [p.text for p in st.paragraphs if p.kind == "heading"]
    assert headings == ["一、主要工作", "二、存在的问题", "三、2024年工作打算"]
    assert all(st.paragraphs[j].heading_level == 1 for p in st.paragraphs for j in p.heading_path)

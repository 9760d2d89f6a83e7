"""Metrics extractor: what counts as a figure in a work report, and what it is worth."""

from __future__ import annotations

import importlib.util
import itertools
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baogao.extract.metrics import MetricOptions, find
from baogao.extract.numerals import fold_width

REPO = Path(__file__).resolve().parent.parent


def _one(text: str) -> dict:
    found = find(text)
    assert len(found) == 1, [f.text for f in found]
    f = found[0]
    assert text[f.start : f.end] == f.text
    return {"text": f.text, **f.attrs}


# (sentence, span text, value, unit, approx)
POSITIVE = [
    ("本年度共完成检修作业326台次，未发生设备事故", "326台次", 326, "台次", None),
    ("全年外宣用稿共452篇，在省级以上媒体刊发", "452篇", 452, "篇", None),
    ("组织应急演练三十余场，覆盖全体一线员工", "三十余场", 30, "场", "余"),
    ("开展送温暖活动，慰问困难职工百余人", "百余人", 100, "人", "余"),
    ("累计培训各类人员1.5万余人次", "1.5万余人次", 15000, "人次", "余"),
    ("年末在岗职工6,860人，较年初有所减少", "6,860人", 6860, "人", None),
    ("全区粮食总产量达到2.35亿斤", "2.35亿斤", 2.35e8, "斤", None),
    ("城乡居民储蓄存款余额达到4.8万亿元", "4.8万亿元", 4.8e12, "元", None),
    ("全省常住人口6600万人", "6600万人", 6.6e7, "人", None),
    ("单位产值能耗下降到0.62吨标准煤", "0.62吨标准煤", 0.62, "吨标准煤", None),
    ("全厂年用电量2380万千瓦时", "2380万千瓦时", 2.38e7, "千瓦时", None),
    ("户用光伏单户装机5千瓦", "5千瓦", 5, "千瓦", None),
    ("测量点相距3千米", "3千米", 3, "千米", None),
    ("建设项目用工5千人", "5千人", 5000, "人", None),
    ("年处理污水86万立方米", "86万立方米", 8.6e5, "立方米", None),
    ("平均运价为38.5元/吨", "38.5元/吨", 38.5, "元/吨", None),
    ("日处理能力达到1200吨/日", "1200吨/日", 1200, "吨/日", None),
    ("新增造林绿化面积3.6万亩", "3.6万亩", 3.6e4, "亩", None),
    ("新建改建农村公路420公里", "420公里", 420, "公里", None),
    ("综合线损率同比下降0.45个百分点", "0.45个百分点", 0.45, "个百分点", None),
    ("研发投入强度提高了一个百分点", "一个百分点", 1, "个百分点", None),
    ("出口额是五年前的两倍", "两倍", 2, "倍", None),
    ("国内生产总值比十年前翻一番", "一番", 1, "番", None),
    ("行政审批事项减少三分之一", "三分之一", 1 / 3, "", None),
    ("会议费支出压减一半", "一半", 0.5, "", None),
    ("农业增加值增长百分之五", "百分之五", 5, "%", None),
    ("财政收入增长百分之十二点四", "百分之十二点四", 12.4, "%", None),
    ("公司资产负债率控制在58%以内", "58%", 58, "%", None),
    ("优良天数比例达到92.3%以上", "92.3%以上", 92.3, "%", "以上"),
    ("全年增加销售收入约2600万元", "约2600万元", 2.6e7, "元", "约"),
    ("参加义务植树的干部群众近千人次", "近千人次", 1000, "人次", "近"),
    ("慰问一线职工逾3000人次", "逾3000人次", 3000, "人次", "逾"),
    ("志愿服务时长超过12万小时以上的团队", "超过12万小时以上", 1.2e5, "小时", "以上"),
    ("发放助学金760万元左右", "760万元左右", 7.6e6, "元", "左右"),
    ("已建成充电桩3500多个", "3500多个", 3500, "个", "多"),
    ("全年投资完成6000多亿元", "6000多亿元", 6e11, "元", "多"),
    ("城镇新增就业1万多人", "1万多人", 1e4, "人", "多"),
    ("粮食产量达到四亿零七百多万吨", "四亿零七百多万吨", 4.07e8, "吨", "多"),
    ("党员总数为一千二百名", "一千二百名", 1200, "名", None),
    ("建成标准化党支部十二个", "十二个", 12, "个", None),
    ("新增设市场主体二十余万户", "二十余万户", 2e5, "户", "余"),
    ("港口集装箱吞吐量5.6万标箱", "5.6万标箱", 5.6e4, "标箱", None),
    ("数据存储容量扩充到1.8PB", "1.8PB", 1.8, "PB", None),
    ("员工平均年龄38.6岁", "38.6岁", 38.6, "岁", None),
    ("体能测试平均得分86.5分", "86.5分", 86.5, "分", None),
    ("装机容量达到1.2亿千瓦", "1.2亿千瓦", 1.2e8, "千瓦", None),
    ("新增装机容量120万千瓦", "120万千瓦", 1.2e6, "千瓦", None),
    ("近12亿人口的大国", "近12亿", 1.2e9, "", "近"),
    ("使3200万农民喝上了干净水", "3200万", 3.2e7, "", None),
    ("全年精简会议15%", "15%", 15, "%", None),
    ("人口自然增长率为5.2‰", "5.2‰", 5.2, "‰", None),
    ("机关内设机构精简1/4", "1/4", 0.25, "", None),
    ("工业产值增长19·5%", "19·5%", 19.5, "%", None),
    ("全年新增贷款4万多亿元", "4万多亿元", 4e12, "元", "多"),
    ("我们这样一个十亿人口的大国", "十亿", 1e9, "", None),
    ("今年新建发电机组两台", "两台", 2, "台", None),
    ("两次下调存款准备金率", "两次", 2, "次", None),
    ("成立四家资产管理公司", "四家", 4, "家", None),
    ("志愿服务时长12万小时", "12万小时", 1.2e5, "小时", None),
    # measure words of fish, ships, heat, stations and wells
    ("增殖放流鱼苗60万尾", "60万尾", 6e5, "尾", None),
    ("年内新增轮船四十万载重吨", "四十万载重吨", 4e5, "载重吨", None),
    ("全年供热量1268万吉焦", "1268万吉焦", 1.268e7, "吉焦", None),
    ("全年完成修井作业217井次", "217井次", 217, "井次", None),
    ("储能电站年放电量18.6GWh", "18.6GWh", 18.6, "GWh", None),
    ("出水浊度控制在0.1NTU以下，氨氮低于24ppm", "24ppm", 24, "ppm", None),
    # 约 that closes a word is no approximation: 节约, 签约, 契约
    ("检修费用较预算节约860万元", "860万元", 8.6e6, "元", None),
    ("家庭医生签约3.12万人", "3.12万人", 3.12e4, "人", None),
    ("改造资金缺口约1.8亿元", "约1.8亿元", 1.8e8, "元", "约"),
    ("挽回经济损失约2860万元", "约2860万元", 2.86e7, "元", "约"),  # 损失|约: 失约 is no word here
    # an age is a figure where an age is measured: 平均年龄, 预期寿命
    ("人均预期寿命达到78.2岁", "78.2岁", 78.2, "岁", None),
    ("举办通讯员培训班3期", "3期", 3, "期", None),
    ("播出普法节目12期", "12期", 12, "期", None),
    ("覆盖医共体内12家乡镇卫生院", "12家", 12, "家", None),  # 家乡 is no word after a number
    ("周边群众投诉同比减少七成", "七成", 7, "成", None),  # tenths, as 倍 counts multiples
    ("青年职工占比近六成", "近六成", 6, "成", "近"),
    ("平台接入视频监控2.1万路", "2.1万路", 2.1e4, "路", None),  # channels, with a word of video
    # after a number 家园, 家门 and 台风 are no words: 18家|园区, 23家|门店, 99台|风机
    ("智能装备产业园等18家园区入驻", "18家", 18, "家", None),
    ("规范管理336家门店", "336家", 336, "家", None),
    ("实现99台风机远程监控", "99台", 99, "台", None),
]


@pytest.mark.parametrize(("sentence", "span", "value", "unit", "approx"), POSITIVE)
def test_figure_value_unit_and_approx(
    sentence: str, span: str, value: float, unit: str, approx: str | None
) -> None:
    m = _one(sentence)
    assert m["text"] == span
    assert m["value"] == pytest.approx(value, rel=1e-9)
    assert m["unit"] == unit
    assert m["approx"] == approx
    assert m["masked"] is False


NEGATIVE = [
    "2023年，公司各项工作稳步推进",
    "会议于2024年1月12日上午10时在公司召开",
    "十三五期间，我们完成了第十三届职代会第一次会议的各项部署",
    "一是强化责任落实；二是深化隐患治理",
    "（三）推进一体化建设",
    "1.强化组织领导",
    "深入开展“两学一做”学习教育，落实一岗双责",
    "坚持五位一体总体布局，落实八项规定精神",
    "坚持以“三基三化”为抓手，推进“六精六提”",
    "五年来，我们坚持稳中求进",
    "连续6年实现安全生产",
    "规划期为2021—2025年",
    "迎接建厂60周年",
    "选派一批骨干到一线锻炼，打造一流企业",
    "统一思想，形成一系列制度成果",
    "建成5G基站，部署DN300管道",
    "联系电话：0355-2096613，手机：13753587260",
    "身份证号140221198709153216",
    "详见http://www.example.com.cn/2023/12/index.html",
    "邮箱：zhang123@example.cn",
    "依据《安全生产法》第三十八条规定",
    "位于钢城大街66号",
    "2号高炉顺利出铁",
    "项目三期工程即将完工",
    "荣获国家科技进步二等奖，成为一级达标单位",
    "完善“三条通道”建设",
    "认真贯彻“三个代表”重要思想",
    "各级领导干部千方百计稳定就业",
    "群众十分满意",
    "用时3天完成抢修",
    "持续推进三年行动",
    "营业部第3季度业绩突出",
    "××××××公××司新闻宣传",
    "这两个方面的工作要统筹推进",
    "坚持和平共处五项原则",
    "取得了几十亿元的收入",
    "三方签订合作协议",
    "建设百万千瓦级核电机组",
    "建成10万吨级泊位",
    "原煤生产百万吨死亡率控制在0.05以内",  # the denominator of a rate
    "百万工时伤害率保持为零",
    "认真执行下列十条方针",
    "实行“收支两条线”管理",
    "资产阶级的两面性依然存在",  # 两面 before 性: a word, not two of a thing
    "推进尾矿库综合治理",
    "为87岁老人送去慰问品",  # an age that sorts people, not a measured one
    "一线保管员中45岁以上人员偏多",
    "推进锡林风电场三期和坝上新能源基地建设",  # a site's phase, not a count of sessions
    "管理模式一成不变",
    "新开通102路公交线路",  # a bus route's number
    "账号6217 1234 5678 916\u3000户名：惠农",  # 户名 is the account's name, not households
    "联系电话：（0379）63216688\u3000分机：2216",
]


@pytest.mark.parametrize("sentence", NEGATIVE)
def test_dates_ordinals_names_and_codes_are_not_metrics(sentence: str) -> None:
    assert [f.text for f in find(sentence)] == []


MASKED = [
    ("外宣用稿共××××篇", "××××篇", "篇", None),
    ("接受教育×××××××余人次", "×××××××余人次", "人次", "余"),
    ("投入专项资金×××××万元", "×××××万元", "元", None),
    ("组织XXX名通讯员参加培训", "XXX名", "名", None),
    ("兑现奖励＊＊万元", "＊＊万元", "元", None),
    ("发放慰问金**元", "**元", "元", None),
]


@pytest.mark.parametrize(("sentence", "span", "unit", "approx"), MASKED)
def test_masked_count_keeps_unit_and_approx(sentence: str, span: str, unit: str, approx: str | None) -> None:
    m = _one(sentence)
    assert (m["text"], m["value"], m["unit"], m["approx"], m["masked"]) == (span, None, unit, approx, True)


def test_both_ages_of_a_change_in_average_age_are_figures() -> None:
    assert [f.text for f in find("职工平均年龄从41.5岁下降到37.2岁。")] == ["41.5岁", "37.2岁"]
    # the measured word a clause before, and a verb that takes the value
    assert [f.text for f in find("人均预期寿命比2010年提高1岁，达到74.5岁。")] == ["1岁", "74.5岁"]
    # …but an age after the clause that names the age structure sorts people
    assert [f.text for f in find("职工年龄结构偏大，45岁以上人员较多。")] == []


def test_range_is_two_metrics_and_second_carries_the_change() -> None:
    text = "地区生产总值从5.4万亿元增加到8.27万亿元"
    first, second = find(text)
    assert (first.attrs["value"], second.attrs["value"]) == (pytest.approx(5.4e12), pytest.approx(8.27e12))
    assert second.attrs["change"] == {
        "direction": "up",
        "from": pytest.approx(5.4e12),
        "to": pytest.approx(8.27e12),
    }
    assert first.attrs["indicator"] == "地区生产总值"
    assert second.attrs["indicator"] == "地区生产总值"


def test_transition_with_years_in_between_and_fall() -> None:
    text = "贫困人口由2015年的5575万人减少到2019年的551万人"
    _, second = find(text)
    assert second.attrs["change"]["direction"] == "down"
    assert second.attrs["change"]["from"] == pytest.approx(5.575e7)


@pytest.mark.parametrize(
    ("sentence", "change"),
    [
        ("营业收入比上年增长8.7%", {"direction": "up", "rate": 8.7}),
        ("管理费用同比下降11.4%", {"direction": "down", "rate": 11.4}),
        ("合格率同比下降3.2个百分点", {"direction": "down", "points": 3.2}),
        ("应收账款较年初减少5.2亿元", {"direction": "down", "amount": 5.2e8}),
        ("综合线损率降至4.1%", {"direction": "down", "to": 4.1}),
    ],
)
def test_rates_and_levels_of_change(sentence: str, change: dict) -> None:
    assert _one(sentence)["change"] == change


def test_two_rates_after_one_verb_share_the_direction() -> None:
    found = find("城乡居民收入分别增长6.1%和7.3%")
    assert [f.attrs["change"] for f in found] == [
        {"direction": "up", "rate": 6.1},
        {"direction": "up", "rate": 7.3},
    ]


@pytest.mark.parametrize(
    ("sentence", "indicator"),
    [
        ("国内生产总值达到99.1万亿元", "国内生产总值"),
        ("今年以来，外宣用稿共××××篇", "外宣用稿"),
        ("原煤产量：1260万吨", "原煤产量"),
        ("全年完成售电量86.47亿千瓦时", "售电量"),
    ],
)
def test_indicator_is_the_noun_phrase_before_the_figure(sentence: str, indicator: str) -> None:
    assert _one(sentence)["indicator"] == indicator


def test_options_switch_off_enrichment_and_durations() -> None:
    plain = find("营业收入同比增长8.7%", options=MetricOptions(indicator=False, change=False))
    assert plain[0].attrs["indicator"] is None and plain[0].attrs["change"] is None
    assert find("工期缩短15天") == []
    assert [f.text for f in find("工期缩短15天", options=MetricOptions(durations=True))] == ["15天"]
    assert find("使3200万农民受益", options=MetricOptions(bare_magnitude=False)) == []


def test_full_width_input_gives_the_same_values() -> None:
    raw = "全年生产原煤６３５．８万吨，增长５．２％"
    assert [f.attrs["value"] for f in find(raw)] == [f.attrs["value"] for f in find(fold_width(raw))]
    assert [f.attrs["unit"] for f in find(raw)] == ["吨", "%"]


def _normalise(text: str) -> str:
    """baogao.normalize when present; otherwise the two steps this test relies on."""
    try:
        from baogao.normalize import normalize  # type: ignore[import-not-found]
    except ImportError:
        return fold_width(text).replace("##paidbegin##", "").replace("##paidend##", "")
    return normalize(text).text


def test_seed_report_all_masked_figures_and_no_year(seed_text: str) -> None:
    text = _normalise(seed_text)
    found = find(text)
    got = [
        (f.text, f.attrs["unit"], f.attrs["approx"], f.attrs["masked"]) for f in found if f.attrs["masked"]
    ]
    assert got == [
        ("××××名", "名", None, True),
        ("×××××场次", "场次", None, True),
        ("×××场", "场", None, True),
        ("××××场", "场", None, True),
        ("×××××××余人次", "人次", "余", True),
        ("×××××××××余篇", "篇", "余", True),
        ("××××××余家", "家", "余", True),
        ("××××篇", "篇", None, True),
        ("×××××条", "条", None, True),
        ("××××××条", "条", None, True),
        ("×××××××余条", "条", "余", True),
    ]
    assert "2023年工作会议" in text
    assert not any("2023" in f.text or "023" in f.text for f in found)
    assert not any("公" in f.text for f in found)


@pytest.mark.parametrize(
    "chunk", ["1", "×", "一二三", "1.", "万", "约", "1,", "X", "“一”", "a@b.c1", "第1", "x1"]
)
def test_adversarial_input_is_linear(chunk: str) -> None:
    text = chunk * (200_000 // len(chunk))
    t0 = time.perf_counter()
    find(text)
    assert time.perf_counter() - t0 < 5.0


def test_dense_real_figures_stay_fast() -> None:
    text = "完成投资12.5亿元，同比增长8.6%；新增用户3200户。" * 700  # 2,100 figures
    t0 = time.perf_counter()
    found = find(text)
    assert len(found) == 2100
    assert time.perf_counter() - t0 < 5.0


@settings(max_examples=150, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list("0123456789.,%万亿千百十一二两三余多约近以上左右年月日第个人次元吨×X“”，。的")
        ),
        max_size=60,
    )
)
def test_findings_are_ordered_disjoint_slices(text: str) -> None:
    found = find(text)
    for f in found:
        assert text[f.start : f.end] == f.text
        assert f.label == "METRIC"
        assert set(f.attrs) == {"value", "unit", "approx", "masked", "indicator", "change"}
    for a, b in itertools.pairwise(found):
        assert a.end <= b.start


def _load_eval_script():
    spec = importlib.util.spec_from_file_location("eval_metrics", REPO / "scripts" / "eval_metrics.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("name", "floor"), [("corp_dev.jsonl", 0.90), ("gov_metrics_dev.jsonl", 0.88)])
def test_dev_gold_exact_f1(shared_dir: Path, name: str, floor: float) -> None:
    ev = _load_eval_script()
    result = ev.evaluate(shared_dir / "eval" / name, show=0, pred_out=None)
    assert result["exact_f1"] >= floor


def test_spacy_component_stores_spans(monkeypatch: pytest.MonkeyPatch) -> None:
    spacy = pytest.importorskip("spacy")
    from spacy.util import registry

    # Other packages' entry points are not this component's concern.
    monkeypatch.setattr(registry._entry_point_factories, "get_all", dict)
    import baogao.components.metrics as component

    nlp = spacy.blank("zh")
    nlp.add_pipe("baogao_metrics")
    doc = nlp("全年完成售电量86.47亿千瓦时，同比增长7.2%。")
    spans = doc.spans["baogao_metrics"]
    assert [s._.baogao["text"] for s in spans] == ["86.47亿千瓦时", "7.2%"]
    assert spans[0]._.baogao["value"] == pytest.approx(8.647e9)
    assert (
        nlp.config["components"]["baogao_metrics"]["options"]["@misc"]
        == component.VERSION
        == "baogao.metrics.v1"
    )


def test_a_magnitude_word_quantity_is_still_a_metric_when_no_rate_follows() -> None:
    assert [(f.text, f.attrs["value"]) for f in find("年产百万吨，3万吨死亡率不是术语")] == [
        ("百万吨", 1e6), ("3万吨", 3e4)]


@pytest.mark.parametrize(("text", "expected"), [
    ("全年投资约3个亿，", ("约3个亿", 3e8, "", "约")),
    ("完成投资3个多亿元。", ("3个多亿元", 3e8, "元", "多")),
    ("利润近两个亿", ("近两个亿", 2e8, "", "近")),
])
def test_ge_before_a_magnitude_counts_the_magnitude(text: str, expected: tuple) -> None:
    assert [(f.text, f.attrs["value"], f.attrs["unit"], f.attrs["approx"]) for f in find(text)] == [expected]


def test_ge_before_a_magnitude_word_that_starts_a_noun_stays_a_count() -> None:
    # three meetings of ten thousand people, not 30,000; and 个百分点 is its own unit
    assert [(f.text, f.attrs["value"]) for f in find("召开三个万人大会，下降3个百分点")] == [
        ("三个", 3.0), ("3个百分点", 3.0)]


@pytest.mark.parametrize(("text", "expected"), [
    ("产量达到356 万吨。", ("356 万吨", 3.56e6, "吨")),  # a blank before the unit (scraped HTML, PDF)
    ("开展120\u00a0场次宣讲", ("120\u00a0场次", 120.0, "场次")),
    ("国内生产总值达到7 4 7 7 2 亿元，", ("7 4 7 7 2 亿元", 7.4772e12, "元")),  # letter-spaced digits
    ("平均每年增长1 5 . 2 %。", ("1 5 . 2 %", 15.2, "%")),
])
def test_blanks_inside_and_after_a_number(text: str, expected: tuple) -> None:
    found = find(text)
    assert [(f.text, f.attrs["value"], f.attrs["unit"]) for f in found] == [expected]
    assert all(text[f.start : f.end] == f.text for f in found)


def test_a_blank_does_not_join_unrelated_numbers() -> None:
    # a phone number in groups and a thousands blank are not "N unit" figures
    assert find("电话138 1234 5678") == []
    assert [f.text for f in find("1 9 9 7 年钢产量达到1 亿吨以上")] == ["1 亿吨以上"]


def test_rounds_and_concentrations_keep_their_whole_unit() -> None:
    found = [(f.text, f.attrs["value"], f.attrs["unit"]) for f in find(
        "全年开展安全巡查48轮次，颗粒物排放浓度降至8.5毫克/立方米，PM2.5平均浓度35微克/立方米。"
    )]
    assert found == [
        ("48轮次", 48.0, "轮次"),
        ("8.5毫克/立方米", 8.5, "毫克/立方米"),
        ("35微克/立方米", 35.0, "微克/立方米"),
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("召开一届四次职工代表大会，审议通过3项议案。", [("3项", 3.0, "项")]),  # 四次: the session's number
        ("污水处理厂三期扩建工程、二期项目部和三期提标改造工程", []),  # phases, not counts
        ("举办培训班三期，", [("三期", 3.0, "期")]),
        ("出水总磷低于0.3毫克/升，", [("0.3毫克/升", 0.3, "毫克/升")]),
        ("全年发生×起一般事故，", [("×起", None, "起")]),  # one masked digit
    ],
)
def test_sessions_phases_per_litre_and_single_masked_digits(sentence: str, expected: list) -> None:
    assert [(f.text, f.attrs["value"], f.attrs["unit"]) for f in find(sentence)] == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("完成集装箱吞吐量428.6万标准箱，", [("428.6万标准箱", 4286000.0, "标准箱")]),
        ("平均作业效率38.5自然箱/小时", [("38.5自然箱/小时", 38.5, "自然箱/小时")]),
        ("盾构累计掘进1246环，沿三环、二环路施工", [("1246环", 1246.0, "环")]),  # rings; not 三环 (a road)
        ("吨钢综合能耗降至568千克标准煤，", [("568千克标准煤", 568.0, "千克标准煤")]),
        ("累计接种12.6万剂次", [("12.6万剂次", 126000.0, "剂次")]),
    ],
)
def test_port_tunnel_energy_and_vaccine_units(sentence: str, expected: list) -> None:
    assert [(f.text, f.attrs["value"], f.attrs["unit"]) for f in find(sentence)] == expected

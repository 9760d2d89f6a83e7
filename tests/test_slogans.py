"""Slogan extraction: quoted programmes, numeric abbreviations, closing couplets."""

from __future__ import annotations

import re
import unicodedata

import pytest

from baogao.extract import slogans
from baogao.extract.slogans import SloganOptions, is_numeric_abbreviation
from tests.conftest import load_jsonl

# (sentence, expected slogan text, expected kind)
ACCEPTED = [
    ("公司牢固树立“安全发展、预防为先”理念，全年未发生事故。", "安全发展、预防为先", "parallel"),
    ("扎实推进“四化一体”建设，管理水平明显提升。", "四化一体", "numeric"),
    ("深入开展“金点子”征集活动，收到建议三百余条。", "金点子", "quoted"),
    ("严格执行“双签字”制度，杜绝违规操作。", "双签字", "numeric"),
    ("坚持“先培训、后上岗”原则，新工入井前全部考试合格。", "先培训、后上岗", "parallel"),
    ("围绕“提质量、降成本、增效益”主线，细化分解目标任务。", "提质量、降成本、增效益", "parallel"),
    ("车间推行“设备包机到人”管理，故障停机时间下降两成。", "设备包机到人", "quoted"),
    ("大力推广“以旧换新”“修旧利废”，节约资金明显。", "以旧换新", "quoted"),
    ("各党支部认真落实三严三实要求，作风持续好转。", "三严三实", "numeric"),
    ("公司持续推进两化融合，建成生产管控中心。", "两化融合", "numeric"),
    ("建立“1+N”帮扶机制，结对困难职工四十户。", "1+N", "quoted"),
]

# (sentence, text that must NOT be reported)
REJECTED = [
    ("部分班组仍然存在“重生产、轻安全”现象，需要整改。", "重生产、轻安全"),
    ("受市场影响，行业“内卷”加剧，利润空间收窄。", "内卷"),
    ("聚焦增供扩销，努力做大市场“蛋糕”。", "蛋糕"),
    ("在企业报刊发表《让“绿色引擎”驱动高质量发展》等文章。", "绿色引擎"),
    ("教育党员干部讲政治、讲规矩、讲纪律，守住底线。", "讲政治、讲规矩、讲纪律"),
    ("我们要一心一意谋发展，千方百计保民生。", "一心一意"),
    ("我们要一心一意谋发展，千方百计保民生。", "千方百计"),
    ("全年完成三十五项任务，新增两台设备。", "三十五项"),
    ("领导在会上说：“今年的任务很重，大家要有信心。”", "今年的任务很重，大家要有信心。"),
]


def _texts(text: str) -> set[str]:
    return {f.text for f in slogans.find(text)}


@pytest.mark.parametrize(("sentence", "expected", "kind"), ACCEPTED)
def test_quoted_and_numeric_programmes_are_found(sentence: str, expected: str, kind: str) -> None:
    found = {f.text: f for f in slogans.find(sentence)}
    assert expected in found
    assert found[expected].attrs["kind"] == kind
    assert found[expected].label == "SLOGAN"


@pytest.mark.parametrize(("sentence", "unwanted"), REJECTED)
def test_scare_quotes_titles_idioms_and_plain_lists_are_not_slogans(sentence: str, unwanted: str) -> None:
    assert unwanted not in _texts(sentence)


def test_offsets_index_the_given_text_and_exclude_quote_marks() -> None:
    text = "一、主要工作\n坚持“人防、物防、技防”相结合，落实“一岗双责”，推动“一人一档”全覆盖。\n"
    found = slogans.find(text)
    assert [f.text for f in found] == ["人防、物防、技防", "一岗双责", "一人一档"]
    for f in found:
        assert text[f.start : f.end] == f.text
        assert not re.search(r"[“”‘’「」]", f.text)


def test_count_is_occurrences_of_the_text_in_the_document() -> None:
    text = "严肃查处“三违”行为。对“三违”人员开展帮教，“三违”现象明显减少。"
    found = [f for f in slogans.find(text) if f.text == "三违"]
    assert found and all(f.attrs["count"] == 3 for f in found)


def test_unquoted_abbreviation_inside_a_quoted_slogan_is_not_reported_twice() -> None:
    text = "严格落实“党政同责、一岗双责”要求。"
    assert _texts(text) == {"党政同责、一岗双责"}


CLOSING = (
    "各位领导，同志们：\n"
    "一年来，公司安全生产形势稳定，经营指标全面完成，职工收入稳步增长。\n"
    "新的一年，让我们在集团公司党委的坚强领导下，凝心聚力再出发，砥砺奋进谱华章，为建设一流企业而努力奋斗！\n"
    "联系人：办公室 电话：0000-0000000\n"
)


def test_rallying_couplet_in_the_closing_paragraph_is_found() -> None:
    found = [f for f in slogans.find(CLOSING) if f.attrs["kind"] == "couplet"]
    assert [f.text for f in found] == ["凝心聚力再出发，砥砺奋进谱华章"]


def test_couplet_shaped_prose_outside_the_closing_is_ignored() -> None:
    body = "\n".join(
        ["凝心聚力再出发，砥砺奋进谱华章，开局良好。"]
        + ["全年完成产量任务，各项工作稳步推进，指标好于预期。"] * 3
    )
    assert not [f for f in slogans.find(body) if f.attrs["kind"] == "couplet"]


def test_options_switch_kinds_off() -> None:
    opts = SloganOptions(quoted=False, numeric=True, couplets=False)
    assert _texts("落实“安全第一、预防为主”方针和一岗双责。") != set()
    assert {f.text for f in slogans.find("落实“安全第一、预防为主”方针和一岗双责。", options=opts)} == {
        "一岗双责"
    }


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("三基三化", True),
        ("五个争先", True),
        ("一车一码", True),
        ("十四五", True),
        ("三违", True),
        ("三十余", False),
        ("两项", False),
        ("一百二十", False),
        ("稳增长", False),
    ],
)
def test_numeric_abbreviation_shape(phrase: str, expected: bool) -> None:
    assert is_numeric_abbreviation(phrase) is expected


def _norm(s: str) -> str:
    return re.sub(r"[\s“”\"'‘’「」『』]", "", unicodedata.normalize("NFKC", s))


def test_dev_gold_slogan_f1_meets_target(shared_dir) -> None:
    tp = fp = fn = 0
    for name in ("corp_dev.jsonl", "gov_metrics_dev.jsonl"):
        for rec in load_jsonl(shared_dir / "eval" / name):
            lo, hi = rec.get("annotated_range") or (0, len(rec["text"]))
            gold = {_norm(s["text"]) for s in rec["slogans"] if lo <= s["start"] and s["end"] <= hi}
            pred = {_norm(f.text) for f in slogans.find(rec["text"]) if lo <= f.start and f.end <= hi}
            tp, fp, fn = tp + len(gold & pred), fp + len(pred - gold), fn + len(gold - pred)
    assert 2 * tp / (2 * tp + fp + fn) >= 0.65


def test_spacy_component_puts_slogans_in_a_span_group() -> None:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from baogao.components.slogans import SlogansComponent

    text = "坚持“人民至上、生命至上”，落实“一岗双责”。"
    doc = Doc(Vocab(), words=list(text), spaces=[False] * len(text))
    SlogansComponent(None, "baogao_slogans", spans_key="baogao_slogans", options=SloganOptions())(doc)  # type: ignore[arg-type]
    group = doc.spans["baogao_slogans"]
    assert [s.text for s in group] == ["人民至上、生命至上", "一岗双责"]
    assert group[1]._.baogao["kind"] == "numeric"

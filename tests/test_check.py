"""The publication gate: what is still there after masking, and how it is reported."""

from __future__ import annotations

import functools
import string

import pytest
from _reports import report_text as report_text_from
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from baogao.findings import Finding
from baogao.redact.check import check_text, format_finding, line_col
from baogao.redact.mask import mask_text
from baogao.redact.policy import Policy
from baogao.redact.recognizers import find_all


def test_seed_sample_leaks_are_reported(seed_text: str) -> None:
    found = check_text(seed_text)
    shown = {(f.label, f.text) for f in found}
    for name in ("西北矿业", "山能能源", "水煤公司"):
        assert ("ORG", name) in shown, name
    assert ("MARKUP", "##paidbegin##") in shown and ("MARKUP", "##paidend##") in shown
    assert ("PARTIAL_MASK", "××××××公××司") in shown


def test_seed_sample_is_clean_after_masking_except_markup(seed_text: str) -> None:
    masked = mask_text(seed_text, find_all(seed_text)).text
    assert {f.label for f in check_text(masked)} == {"MARKUP"}


def test_pure_mask_runs_are_not_findings() -> None:
    assert check_text("组织××××名通讯员参加×××××××培训") == []


def test_markup_is_reported_only_when_the_policy_flags_it() -> None:
    text = "全文完##paidend##"
    assert [f.label for f in check_text(text)] == ["MARKUP"]
    assert check_text(text, policy=Policy(flag_markup=False)) == []


def test_check_respects_policy_labels() -> None:
    text = "联系人：综合办公室　孙悦　电话：029-86201133"
    assert {f.label for f in check_text(text, policy=Policy(labels=frozenset({"PHONE"})))} == {"PHONE"}


def test_format_finding_gives_path_line_col_label_text_source() -> None:
    text = "第一行\n联系电话13912345678"
    f = Finding(8, 19, "PHONE", "13912345678", "phone")
    assert line_col(text, 8) == (2, 5)
    assert format_finding("a/report.txt", text, f) == "a/report.txt:2:5: PHONE «13912345678» (phone)"


FRAGMENTS = [
    "矿长",
    "总经理",
    "周立平",
    "孙悦",
    "同志",
    "带领",
    "白杨河煤矿",
    "青松岭隧道",
    "渭北矿业集团",
    "宏远劳务",
    "有限责任公司",
    "公司",
    "分公司",
    "集团",
    "银行",
    "支行",
    "在",
    "的",
    "、",
    "，",
    "。",
    "\n",
    "　",
    "×××",
    "××公××司",
    "西北××",
    "13912345678",
    "0351-7654321",
    "hr@bank.cn",
    "www.hzmy.local",
    "地址：",
    "云州市丹霞路18号",
    "化工园区",
    "人民日报",
    "##paidend##",
    "联系人：",
    "工号HY100512",
    "等",
    "被",
    "新能源",
    "本公司",
    "<p>",
]
report_text = report_text_from(FRAGMENTS, "矿业能源公司集团站路号市县区张李" + string.digits)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report_text)
@example("渭北矿业集团矿长矿司")  # found by hypothesis: a tagger span one char short of 公司's 司
@example("矿长全公司李22有限公司张安矿长")
@example("渭北矿业集团市矿周立平")  # a name the model sees only once a tail's mask is beside it
@example("周立平司13912345678周立平矿长")  # a remembered name's mask leaving a partial one
@example("hr@bank.cn7县")  # a tagger span cut at a code must be cut alike at the code's mask
def test_nothing_sensitive_survives_masking(text: str) -> None:
    masked = mask_text(text, find_all(text)).text
    assert [f for f in check_text(masked) if f.label != "MARKUP"] == []


def test_a_chain_of_suffixes_after_a_mask_is_masked_to_the_end() -> None:
    """Found by Hypothesis: each masking round revealed one more ××…有限责任公司 leftover."""
    text = "工号HY100512" + "有限责任公司" * 5
    masked = mask_text(text, find_all(text)).text
    assert [f for f in check_text(masked) if f.label != "MARKUP"] == []


def _walk_line_col(text: str, offset: int) -> tuple[int, int]:
    line, start, i = 1, 0, 0
    while i < offset:
        if text[i] == "\r" and text[i + 1 : i + 2] == "\n":
            if i + 2 <= offset:  # an offset on the LF of a CR LF is still on the CR's line
                line, start = line + 1, i + 2
            i += 2
            continue
        if text[i] in "\r\n":
            line, start = line + 1, i + 1
        i += 1
    return line, offset - start + 1


@given(text=st.text(alphabet="ab\n\r中", max_size=40), data=st.data())
@settings(max_examples=200, deadline=None)
def test_finding_rows_give_each_finding_its_line_and_column(text: str, data) -> None:
    from baogao.tasks import finding_rows

    starts = data.draw(st.lists(st.integers(0, len(text)), max_size=8))
    findings = [Finding(s, s, "X", "", "test") for s in starts]
    rows = finding_rows(text, findings)
    # oracle: walk the text; CR LF, a lone CR and a lone LF each end a line (as SARIF counts them)
    expected = [_walk_line_col(text, s) for s in starts]
    assert [(r["line"], r["col"]) for r in rows] == expected
    assert [r["start"] for r in rows] == starts
    assert all(line_col(text, s) == e for s, e in zip(starts, expected, strict=True))


def test_warm_up_loads_what_detection_reads_before_the_first_document(monkeypatch) -> None:
    """A batch warms detection up before it forks its workers: the domain segmenter, which only
    rules after a found name read, must be loaded then, not by each worker's first document."""
    from baogao import pipeline, segment
    from baogao.redact import recognizers

    fresh = functools.cache(lambda backend: segment.Segmenter(backend=backend))
    monkeypatch.setattr(segment, "_segmenter", fresh)  # a new, unloaded one
    assert segment.get_segmenter()._engine is None
    recognizers.warm_up(ner=False)
    assert segment.get_segmenter()._engine is not None
    fresh.cache_clear()
    pipeline.warm_up(pipeline.PipelineOptions(metrics=False, slogans=False, themes=False, keywords=False,
                                              sections=False, ner=False))  # fmt: skip
    assert segment.get_segmenter()._engine is not None


def test_extracts_warm_up_loads_the_entity_lists_and_keywords_models(monkeypatch) -> None:
    """``extract``'s workers read the NER span model (entities) and the keywords' IDF table; both
    are loaded by the warm-up, and ``check``'s warm-up (no entity list) leaves the span model out."""
    from baogao import pipeline
    from baogao.extract import keywords
    from baogao.redact.recognizers import ner, ner_spans

    if not ner.available() or ner.span_model() is None:
        pytest.skip("the NER model or its span model is not here")
    opts = pipeline.PipelineOptions(metrics=False, slogans=False, themes=False, sections=False)
    ner_spans._load.cache_clear()
    keywords.load_idf.cache_clear()
    pipeline.warm_up(opts, entities=False)
    assert ner_spans._load.cache_info().currsize == 0
    pipeline.warm_up(opts)
    assert ner_spans._load.cache_info().currsize == 1
    assert keywords.load_idf.cache_info().currsize == 1

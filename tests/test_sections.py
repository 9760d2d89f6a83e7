"""Section classification: shipped model, trust checks, labels on real-genre reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from baogao.classify import sections
from baogao.classify.features import LABELS, canonical
from baogao.errors import ModelMissingError, ModelTrustError
from baogao.resources import model_path
from tests.conftest import load_jsonl

CORP_REPORT = """某某物流有限公司2024年上半年工作总结
各位领导、同志们：
今年以来，公司坚持稳中求进工作总基调，聚焦安全运输、降本增效两条主线，较好完成了上半年各项目标任务。现将有关情况汇报如下：
一、上半年主要工作及成效
（一）运输生产平稳有序。上半年完成货物运输量386万吨，同比增长7.2%，车辆完好率保持在96%以上。
（二）成本管控成效明显。推行单车核算，燃油消耗同比下降4.1%，节约运输成本1260万元。
（三）安全管理持续加强。开展隐患排查治理专项行动，整改各类隐患214项，未发生一般及以上安全事故。
二、存在的问题
一是部分车辆老化严重，维修费用居高不下；二是驾驶员队伍年龄结构偏大，新生力量补充不足；三是信息化调度水平不高，空驶率仍然偏高。
三、下一步工作打算
一是加快老旧车辆更新，下半年计划更新新能源重卡40辆。
二是加强驾驶员招聘和培训，年内新招驾驶员60名，开展安全驾驶培训4期。
三是上线智能调度平台，力争车辆空驶率降低5个百分点。
让我们在集团公司的坚强领导下，凝心聚力、真抓实干，奋力完成全年各项目标任务！
"""

# (paragraph index range, expected label) in CORP_REPORT after parsing.
CORP_EXPECTED = [
    (range(7, 9), "problems"),
    (range(9, 13), "plan"),
    (range(3, 7), "review"),
]

NO_HEADINGS = """今年以来，车间紧紧围绕全年生产任务，累计完成产量2.3万吨，产品合格率达到99.2%。
但也要清醒看到，设备老化问题依然突出，部分岗位人员技能不足。
下一步，车间将加快设备更新改造，加强岗位技能培训，确保全年任务圆满完成。"""


def _structure(text: str):
    structure, _ = sections.prepare_text(text)
    return structure


@pytest.fixture(scope="module")
def shipped():
    path = model_path(sections.MODEL_NAME)
    if not path.is_file():
        pytest.fail(f"shipped model missing: {path} ({sections.TRAIN_HINT})")
    return sections.load_model(path)


def test_shipped_model_loads_through_skops_with_trusted_types(shipped):
    import skops.io as sio

    untrusted = set(sio.get_untrusted_types(file=model_path(sections.MODEL_NAME)))
    assert untrusted <= set(sections.TRUSTED_TYPES)
    assert shipped["labels"] == list(LABELS)
    ref = shipped["stage1"]
    assert ref["type"] == "crfsuite" and ref["file"] == "sections.crfsuite"
    assert set(shipped["tagger"].labels()) <= set(LABELS)


def _copy_model(tmp_path: Path) -> Path:
    import shutil

    for suffix in (".skops", ".crfsuite"):
        shutil.copy(model_path("sections" + suffix), tmp_path / ("sections" + suffix))
    return tmp_path / "sections.skops"


def test_crf_file_that_does_not_match_its_hash_is_refused(tmp_path: Path):
    path = _copy_model(tmp_path)
    crf = path.with_suffix(".crfsuite")
    data = bytearray(crf.read_bytes())
    data[len(data) // 2] ^= 0xFF
    crf.write_bytes(bytes(data))
    with pytest.raises(ModelTrustError) as err:
        sections.load_model(path)
    assert "sha256" in str(err.value)


def test_missing_crf_file_says_how_to_train(tmp_path: Path):
    path = _copy_model(tmp_path)
    path.with_suffix(".crfsuite").unlink()
    with pytest.raises(ModelMissingError) as err:
        sections.load_model(path)
    assert "scripts/train_sections.py" in str(err.value)


def test_model_file_with_function_reference_is_refused(tmp_path: Path):
    import os

    import skops.io as sio

    bad = tmp_path / "evil.skops"
    sio.dump({"stage1": os.system, "labels": list(LABELS)}, bad)
    with pytest.raises(ModelTrustError) as err:
        sections.load_model(bad)
    assert "untrusted" in str(err.value)


def test_garbage_model_file_is_refused(tmp_path: Path):
    bad = tmp_path / "garbage.skops"
    bad.write_bytes(b"not a zip file at all")
    with pytest.raises(ModelTrustError):
        sections.load_model(bad)


def test_missing_model_says_how_to_train(tmp_path: Path):
    with pytest.raises(ModelMissingError) as err:
        sections.load_model(tmp_path / "nope.skops")
    message = str(err.value)
    assert "baogao train sections" in message
    assert "scripts/train_sections.py" in message


@pytest.mark.parametrize(("indices", "label"), CORP_EXPECTED)
def test_corporate_report_sections(shipped, indices: range, label: str):
    structure = _structure(CORP_REPORT)
    labels = sections.label_paragraphs(structure, model=shipped)
    assert len(labels) == len(structure.paragraphs)
    got = [labels[i][0] for i in indices]
    assert got == [label] * len(got), [structure.paragraphs[i].text[:20] for i in indices]


def test_corporate_report_opening_and_closing(shipped):
    labels = sections.label_paragraphs(_structure(CORP_REPORT), model=shipped)
    assert labels[1][0] == "preamble"
    assert labels[-1][0] == "closing"
    assert all(0.0 <= conf <= 1.0 for _, conf in labels)


def test_report_without_headings_follows_genre_order(shipped):
    labels = [lab for lab, _ in sections.label_paragraphs(_structure(NO_HEADINGS), model=shipped)]
    assert labels == ["review", "problems", "plan"]



SAMPLE = Path(__file__).resolve().parent.parent / "corpora" / "samples" / "2023_publicity_report_masked.txt"


def test_the_users_sample_reads_as_review_review_plan_and_ends_with_its_closing(shipped):
    """The user's own report: thematic headings (二、细化工作任务、高效有序推进 reports the year's work:
    今年以来…外宣用稿共××××篇, 截止目前…共发表文章) before 三、下一步工作打算, and a last paragraph
    that opens with a rallying couplet (击鼓催征再出发…) and goes on in the future tense."""
    from baogao.io import read_path

    (doc,) = read_path(SAMPLE)
    structure = _structure(doc.text)
    labels = [lab for lab, _ in sections.label_paragraphs(structure, model=shipped)]
    paras = structure.paragraphs
    tops = [(p.text[:2], labels[i]) for i, p in enumerate(paras) if p.kind == "heading" and p.heading_level == 1]
    assert tops == [("一、", "review"), ("二、", "review"), ("三、", "plan")], tops
    second = next(i for i, p in enumerate(paras) if p.text.startswith("二、"))
    third = next(i for i, p in enumerate(paras) if p.text.startswith("三、"))
    assert set(labels[second:third]) == {"review"}, labels[second:third]
    assert paras[-1].text.startswith("击鼓催征") and labels[-1] == "closing", (paras[-1].text[:10], labels[-1])

# Short briefings without headings or a rallying end: the last line is the plan, not a closing.
BRIEFINGS = [
    """今年以来，分公司认真落实集团公司工作部署，生产经营总体平稳。
一季度完成发电量18.6亿千瓦时，同比增长4.5%；实现利润3200万元，同比增长9%。
同时也要看到，设备可靠性还有差距，部分机组非停次数偏多。
下一步，分公司将重点抓好迎峰度夏保供、设备治理和安全生产，确保完成全年目标。""",
    """今年以来，公司党委认真贯彻落实上级决策部署，团结带领广大干部职工攻坚克难，各项工作取得了新成效。
上半年，公司实现营业收入12.6亿元，同比增长8.3%；利润总额1.2亿元，同比增长11%。安全生产保持稳定。
在党建工作方面，公司组织开展主题教育，各级党组织开展专题学习86次，解决职工急难愁盼问题42件。
但也要清醒看到，公司发展中还存在一些短板弱项：创新能力不强，市场竞争力有待提升，部分单位管理粗放。
下半年，公司将紧紧围绕全年目标任务，重点抓好以下工作：一要抓好安全生产，二要抓好提质增效，三要抓好改革攻坚。""",
    """上半年，项目部安全生产形势稳定，工程进度符合计划要求。
累计完成产值2.1亿元，占年度计划的56%，未发生安全质量事故。
下半年，项目部要紧盯节点目标，加快主体结构施工，严格分包队伍管理，确保年底实现主体封顶。""",
]


@pytest.mark.parametrize("text", BRIEFINGS)
def test_a_short_briefing_without_headings_ends_with_its_plan(shipped, text: str):
    labels = [lab for lab, _ in sections.label_paragraphs(_structure(text), model=shipped)]
    assert labels[-1] == "plan", labels
    assert "closing" not in labels and labels[1] == "review", labels


def _gold_record(text: str, labels: list[str]) -> dict:
    paragraphs, pos = [], 0
    for line, label in zip(text.split("\n"), labels, strict=True):
        paragraphs.append({"start": pos, "end": pos + len(line), "label": label})
        pos += len(line) + 1
    return {"id": "r", "text": text, "paragraphs": paragraphs}


CORP_LABELS = (["other", "preamble", "preamble", "review", "review", "review", "review", "problems", "problems",
                "plan", "plan", "plan", "plan", "closing"])


def test_digests_keep_one_labelled_body_line_per_section_without_headings_or_closing():
    rec = _gold_record(CORP_REPORT.rstrip("\n"), CORP_LABELS)
    lines = CORP_REPORT.split("\n")
    full, bare = sections.digests(rec)
    got = [(full["text"][p["start"]:p["end"]], p["label"]) for p in full["paragraphs"]]
    assert got == [
        (lines[2], "preamble"),  # the longer of the two opening lines
        (lines[4][len("（一）"):], "review"),  # the section's first body line, its number dropped
        (lines[8], "problems"),
        (lines[10], "plan"),
    ]
    assert bare["text"] == "\n".join(t for t, _ in got[1:])
    assert [p["label"] for p in bare["paragraphs"]] == ["review", "problems", "plan"]
    # a record with a single label left has nothing to teach
    assert sections.digests(_gold_record("一、工作回顾\n全年完成产量。", ["review", "review"])) == []


def test_digests_enter_training_only_for_corporate_records():
    rec = _gold_record(CORP_REPORT.rstrip("\n"), CORP_LABELS)
    doc = sections._labelled_doc(rec, "corp")
    seen: list[int] = []

    class Trainer:  # counts the sequences fit() appends, then stops before training
        def __init__(self, **_):
            pass

        def append(self, xseq, yseq):
            seen.append(len(yseq))

        def set_params(self, _):
            raise StopIteration

    import pycrfsuite

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pycrfsuite, "Trainer", Trainer)
        for group, digests, want in (("corp", True, [14, 4, 3]), ("gov", True, [14]), ("corp", False, [14])):
            seen.clear()
            with pytest.raises(StopIteration):
                sections.fit([sections.LabelledDoc(doc.id, group, doc.contexts, doc.labels, doc.spans,
                                                   record=rec)],
                             options=sections.TrainOptions(digests=digests, footers=False))
            assert seen == want, (group, digests)


def test_footed_copy_adds_footer_lines_labelled_other_after_the_report():
    rec = _gold_record(CORP_REPORT.rstrip("\n"), CORP_LABELS)
    copy = sections.footed(rec)
    assert copy["text"].startswith(rec["text"] + "\n") and copy["id"] == f"{rec['id']}#footed"
    added = copy["paragraphs"][len(rec["paragraphs"]):]
    labels = [p["label"] for p in added]
    assert labels in (["other"], ["other"] * 2, ["closing", "other"], ["closing", "other", "other"])
    tail = copy["text"][len(rec["text"]) + 1:].split("\n")
    assert [copy["text"][p["start"]:p["end"]] for p in added] == tail
    assert sections.footed(rec) == copy  # chosen by the record's id: reproducible training
    formulas = [sections.footed({**rec, "id": f"r{i}"}) for i in range(40)]
    with_formula = [c for c in formulas if c["paragraphs"][len(rec["paragraphs"])]["label"] == "closing"]
    assert 0 < len(with_formula) < len(formulas)  # some copies end with a formula, some do not
    first = with_formula[0]["paragraphs"][len(rec["paragraphs"])]
    assert with_formula[0]["text"][first["start"]:first["end"]].startswith("以上")


def test_a_closing_formula_before_a_footer_is_closing(shipped):
    body = CORP_REPORT.rstrip("\n").rsplit("\n", 1)[0]  # ends with the plan, no rallying line
    text = (body + "\n同时，本人将进一步加强学习，提高统筹协调能力，深入基层一线开展调研不少于20次。"
            "\n以上报告，请各位领导和同志们批评指正。\n述职人：赵明\n联系方式：（0351）7654321　邮箱：zm@example.cn")
    labels = [lab for lab, _ in sections.label_paragraphs(_structure(text), model=shipped)]
    assert labels[-4:] == ["plan", "closing", "other", "other"]


@pytest.mark.parametrize(
    "footer",
    [
        "（联系人：赵明，电话：0351-7654321，邮箱：office@example.cn）",
        "报送单位：公司综合办公室\n联系人：赵明　电话：0351-7654321",
    ],
)
def test_a_footer_after_the_rallying_end_is_other_and_the_end_stays_closing(shipped, footer: str):
    labels = [lab for lab, _ in sections.label_paragraphs(_structure(CORP_REPORT + footer), model=shipped)]
    n_footer = footer.count("\n") + 1
    assert labels[-n_footer:] == ["other"] * n_footer
    assert labels[-n_footer - 1] == "closing"


@pytest.mark.parametrize("copies", [2, 4])
def test_a_page_scraped_several_times_is_labelled_like_the_report_once(shipped, copies: int):
    once = _structure(CORP_REPORT)
    repeated = _structure(CORP_REPORT * copies)
    assert repeated.repeats == copies  # the parser saw the copies
    single = sections.label_paragraphs(once, model=shipped)
    labels = sections.label_paragraphs(repeated, model=shipped)
    assert len(labels) == len(repeated.paragraphs)
    n = len(once.paragraphs)
    for k in range(copies):  # every copy as the report read once, label and confidence
        assert labels[k * n : (k + 1) * n] == single


@pytest.mark.parametrize("text", ["2023年度安全生产工作总结", "各位代表：", ""])
def test_degenerate_documents_get_one_label_per_paragraph(shipped, text: str):
    structure = _structure(text)
    labels = sections.label_paragraphs(structure, model=shipped)
    assert len(labels) == len(structure.paragraphs)
    assert all(lab in LABELS for lab, _ in labels)


def _tiny_corpus(tmp_path: Path) -> Path:
    """A few synthetic reports in the gold format, to train a small model in-test."""
    rows = [
        ("preamble", "各位领导：现将本年度工作情况汇报如下。"),
        ("review", "一、主要工作完成情况"),
        ("review", "全年完成产量100万吨，同比增长5%，圆满完成年度任务。"),
        ("problems", "二、存在的问题"),
        ("problems", "一是设备老化；二是人员不足，培训还不够到位。"),
        ("plan", "三、下一步工作打算"),
        ("plan", "一是要加快设备更新；二是要加强人员培训。"),
        ("closing", "让我们团结一心，为完成全年目标而努力奋斗！"),
    ]
    lines = []
    for k in range(4):
        text, paras = "", []
        for label, body in rows:
            body = body.replace("100", str(100 + k * 7))
            start = len(text)
            text += body + "\n"
            paras.append({"start": start, "end": start + len(body), "label": label})
        lines.append(json.dumps({"id": f"corp-tiny-{k}", "text": text, "paragraphs": paras}, ensure_ascii=False))
    path = tmp_path / "tiny.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_train_writes_skops_and_metadata_that_reload(tmp_path: Path):
    data = _tiny_corpus(tmp_path)
    out = tmp_path / "tiny.skops"
    meta = sections.train([data], out, seed=0)
    assert out.is_file() and out.with_suffix(".crfsuite").is_file()
    saved = json.loads(out.with_suffix(".meta.json").read_text(encoding="utf-8"))
    assert saved["data"][0]["sha256"] == meta["data"][0]["sha256"]
    assert {"scikit_learn", "skops", "train_seconds"} <= saved.keys()
    model = sections.load_model(out)
    docs = sections.read_labelled(data)
    assert sections.predict_doc(model, docs[0]) == list(docs[0].labels)


def test_training_is_reproducible(tmp_path: Path):
    docs = sections.read_labelled(_tiny_corpus(tmp_path))
    a = sections.fit(docs, options=sections.TrainOptions(seed=3))
    b = sections.fit(docs, options=sections.TrainOptions(seed=3))
    assert a["crf_bytes"] == b["crf_bytes"]
    assert a["config"]["c1"] == sections.TrainOptions().c1


def test_canonical_folds_width_and_escapes():
    assert canonical("２０２３年，　各位代表：<U+200D>") == "2023年,各位代表:"


def test_shipped_model_on_corp_dev_smoke(shared_dir: Path, shipped):
    """Smoke threshold only: corp_dev is part of the training data (see models/sections.meta.json for CV)."""
    gold = load_jsonl(shared_dir / "eval" / "corp_dev.jsonl")
    docs = {d.id: d for d in sections.read_labelled(shared_dir / "eval" / "corp_dev.jsonl")}
    preds = {g["id"]: sections.predict_spans(shipped, docs[g["id"]]) for g in gold}
    result = sections.score_paragraphs(gold, preds)
    assert result["macro_f1"] >= 0.85, result


def test_spacy_component_writes_labelled_paragraph_spans(shipped):
    from baogao.nlp import load

    nlp = load(components=["baogao_sections"])
    doc = nlp(CORP_REPORT)
    spans = doc.spans["baogao_sections"]
    labels = [s.label_ for s in spans]
    assert "problems" in labels and "plan" in labels
    assert all(0.0 <= s._.baogao["score"] <= 1.0 for s in spans)


def test_document_features_years_relative_and_rallying_end():
    from baogao.classify.features import contexts, crf_features, document_features

    text = (
        "各位代表：\n一九九〇年国民经济稳定增长，一九九〇年粮食丰收。\n"
        "一九九一年要继续加强农业。\n各位代表！\n让我们团结起来，为实现一九九一年的目标而努力奋斗！"
    )
    cs = contexts(_structure(text))
    feats = document_features(cs)
    assert len(feats) == len(cs)
    assert "yr=0" in feats[1] and "yr=1" in feats[2]  # 1990 is the most mentioned year
    assert "lc=0" in feats[-1] and "lc=after" not in feats[0]
    assert "la=at" in feats[-2] and "aa=1" in feats[0]
    with_doc = crf_features(cs)
    without = crf_features(cs, document=False)
    assert all(set(b) <= set(a) for a, b in zip(with_doc, without, strict=True))


def test_a_report_without_headings_gets_its_own_copy_of_every_feature():
    from baogao.classify.features import contexts, crf_features

    headless = contexts(_structure(
        "各位代表：\n过去一年，我们完成了国民经济计划，粮食增产百分之五。\n今年要继续加强农业，发展工业。\n让我们团结起来，为完成今年的计划而努力奋斗！"
    ))
    headed = contexts(_structure(
        "各位代表：\n一、过去一年的工作\n我们完成了国民经济计划，粮食增产百分之五。\n二、今年的任务\n今年要继续加强农业，发展工业。"
    ))
    assert not any(c.kind == "heading" for c in headless) and any(c.kind == "heading" for c in headed)
    for x, plain in zip(crf_features(headless, genre=True, headless=True), crf_features(headless, genre=True), strict=True):
        own = {k for k in plain if not k.startswith(("G|", "C|"))}
        assert own and {k[2:] for k in x if k.startswith("N|")} == own  # every feature, not the genre copies
        assert set(plain) <= set(x)
    assert crf_features(headed, genre=True, headless=True) == crf_features(headed, genre=True)
    assert crf_features(headless) == crf_features(headless, headless=False)  # off unless asked


def test_model_without_document_flag_featurises_as_trained(tmp_path: Path):
    """Models trained before document features existed carry no "document" key: they must get none."""
    docs = sections.read_labelled(_tiny_corpus(tmp_path))
    model = sections.fit(docs, options=sections.TrainOptions(document=False))
    assert model["config"]["document"] is False
    legacy = {**model, "config": {k: v for k, v in model["config"].items() if k != "document"}}
    assert sections.predict_doc(legacy, docs[0]) == sections.predict_doc(model, docs[0])


def test_cue_matcher_counts_as_str_count_per_word() -> None:
    from baogao.classify.features import _CueMatcher

    groups = {
        "a": ("问题", "问", "哈哈", "问题"),  # a word inside another, a self-overlapping word, a repeat
        "b": ("问题", "目标"),  # a word in two groups
        "c": ("万岁",),
    }
    m = _CueMatcher(groups)
    for text in ("存在的问题：哈哈哈哈哈，问题不少。", "目标" * 20 + "问题", "", "没有任何线索"):
        counts, lead = m.count(text, lead=10)
        present = m.present(text)
        for g, words in enumerate(groups.values()):
            assert counts[g] == sum(text.count(w) for w in words), (text, g)
            assert lead[g] == any(w in text[:10] for w in words), (text, g)
            assert present[g] == any(w in text for w in words), (text, g)


def test_section_mood_and_tense_features_tell_targets_from_tasks():
    from baogao.classify.features import (
        contexts,
        crf_features,
        mood_features,
        section_features,
        tense_features,
    )

    text = (
        "各位代表：\n一、过去一年的工作\n去年粮食产量已经达到新高，取得了显著成绩。\n"
        "二、今年的工作\n今年经济社会发展的主要预期目标是：国内生产总值增长6.5%左右。\n"
        "做好今年工作，要突出抓好以下几个方面：\n一是加快推进改革，着力加强创新。\n二是切实做好民生工作。"
    )
    cs = contexts(_structure(text))
    at = {c.text[:4]: i for i, c in enumerate(cs)}  # contexts hold canonical (half-width) text
    target, task, past = at["今年经济"], at["一是加快"], at["去年粮食"]
    assert "md=t" in mood_features(cs[target]) and "md=i" in mood_features(cs[task])
    assert "ts=4" in tense_features(cs[past])  # past words only
    assert "ts=0" in tense_features(cs[target])  # future words only
    sec = section_features(cs)
    assert "en=lastpre" in sec[task - 1]  # the lead-in just before the first list item
    assert "en=first" in sec[task] and "en=post" in sec[task + 1]
    assert "sp=1" in sec[target]  # first paragraph under 二、
    # the options add features and never remove the basic ones
    base = crf_features(cs)
    full = crf_features(cs, section=True, mood=True, tense=True, nb_mood=True)
    assert all(set(b) <= set(a) for a, b in zip(full, base, strict=True))
    assert any(len(a) > len(b) for a, b in zip(full, base, strict=True))


def test_figure_features_and_heading_conjunctions():
    from baogao.classify.features import conjunctions, contexts, crf_features, figure_features

    text = (
        "一、2015年工作总体部署\n今年主要预期目标：国内生产总值比去年预计增长7%左右，新增就业1000万人以上。\n"
        "第一，稳定宏观政策。继续实施积极的财政政策。\n二、今年的重点任务\n要加快推进改革。"
    )
    cs = contexts(_structure(text))
    at = {c.text[:4]: i for i, c in enumerate(cs)}
    targets = figure_features(cs[at["今年主要"]])
    assert "cmp=1" in targets and "cmp+plan" in targets and "cmp:fut" in targets
    assert "fg=0" not in targets  # 7%, 1000万人: figures present
    assert figure_features(cs[at["要加快推"]]) == ["fg=0"]  # no figure, no comparison
    full = crf_features(cs, section=True, mood=True, tense=True, figures=True, conj=True)
    item = full[at["第一,稳"]]
    # an item under a heading with target words (总体部署) carries that leaning with its list state;
    # the same state under a plain heading carries "-"
    assert "cj:O&en=first" in item and not any(k.startswith("cj:-") for k in item)
    assert conjunctions(["en=post", "md=i", "w=改革"]) == ["cj:-&en=post", "cj:-&md=i"]
    assert conjunctions(["hcue0:past", "ts=4"]) == ["cj:P&ts=4"]
    # off by default: models trained before these features existed still get their own features
    assert not any(k.startswith(("cj:", "fg=", "cmp")) for k in crf_features(cs, section=True)[at["第一,稳"]])


def test_genre_copies_every_feature_of_its_own_genre():
    from baogao.classify.features import contexts, crf_features, government_genre

    gov = contexts(_structure(
        "政府工作报告\n——在市第十四届人民代表大会第一次会议上\n各位代表：\n一、过去一年工作回顾\n"
        "全市生产总值增长7%。\n二、今年重点工作\n要加快推进改革。"
    ))
    corp = contexts(_structure(
        "2023年工作总结\n各位代表：\n一、主要工作\n全年产量增长7%。\n二、下一步打算\n要加快推进改革。"
    ))
    assert government_genre(gov) and not government_genre(corp)  # 各位代表 alone is a workers' congress too
    cited = contexts(_structure("各位代表：\n深入落实国务院关于深化国有企业改革的意见，全年利润增长7%。\n要加快推进改革。"))
    speaking = contexts(_structure("各位代表：\n受国务院委托，向大会报告工作。\n国务院决定，今年要加快推进改革。"))
    assert not government_genre(cited) and government_genre(speaking)
    for cs in (gov, corp):
        plain, both = crf_features(cs), crf_features(cs, genre=True)
        for a, b in zip(plain, both, strict=True):
            if cs is gov:  # the shared features and a government copy of each
                assert b == {**a, **{"G|" + k: v for k, v in a.items()}}
            else:
                assert b == a
    # with corp_genre every other report gets a copy of its own; a government report keeps its G| copies only
    for cs in (gov, corp):
        plain, both = crf_features(cs), crf_features(cs, genre=True, corp_genre=True)
        tag = "G|" if cs is gov else "C|"
        for a, b in zip(plain, both, strict=True):
            assert b == {**a, **{tag + k: v for k, v in a.items()}}
    # a model trained before a switch existed has no key for it and gets no copies
    assert sections.feature_switches({})["genre"] is False
    assert sections.feature_switches({"genre": True})["corp_genre"] is False


def test_train_command_takes_several_gold_files_after_one_data_flag(tmp_path: Path):
    from typer.testing import CliRunner

    from baogao.cli import app

    first = _tiny_corpus(tmp_path)
    second = tmp_path / "second.jsonl"
    second.write_text(first.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "m.skops"
    # the command TRAIN_HINT prints: --data with several files
    res = CliRunner().invoke(app, ["train", "sections", "--data", str(first), str(second), "-o", str(out)])
    assert res.exit_code == 0, res.output
    meta = json.loads(out.with_suffix(".meta.json").read_text(encoding="utf-8"))
    assert [d["path"] for d in meta["data"]] == [str(first), str(second)]
    assert "--data" in sections.TRAIN_HINT and sections.TRAIN_HINT.count(".jsonl") >= 2
    missing = CliRunner().invoke(app, ["train", "sections", "--data", str(tmp_path / "none.jsonl"), "-o", str(out)])
    assert missing.exit_code == 2

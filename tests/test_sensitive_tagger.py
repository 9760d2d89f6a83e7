"""The report-trained sensitive-span tagger: training data, gates, and its place in masking."""

from __future__ import annotations

import json

import numpy as np
import pytest

from baogao.redact import recognizers
from baogao.redact.recognizers import ner, sensitive_tagger, sensitive_train

needs_ner = pytest.mark.skipif(not ner.available(), reason="NER model not trained")
needs_tagger = pytest.mark.skipif(
    not (ner.available() and sensitive_tagger.available()), reason="sensitive tagger not trained"
)


def _covered(text: str, span: str, found: list) -> bool:
    a = text.index(span)
    cov = set()
    for f in found:
        cov.update(range(f.start, f.end))
    return all(i in cov for i in range(a, a + len(span)))


def test_char_tags_are_bioes_longest_span_first() -> None:
    doc = {
        "text": "东岭煤业张建国到东岭矿",
        "sensitive": [
            {"start": 0, "end": 4, "label": "ORG"},
            {"start": 0, "end": 2, "label": "LOCATION"},  # inside the ORG: skipped
            {"start": 4, "end": 7, "label": "PERSON"},
            {"start": 8, "end": 11, "label": "LOCATION"},
            {"start": 7, "end": 8, "label": "PHONE"},  # not a label the tagger learns
        ],
    }
    assert sensitive_train.char_tags(doc) == [
        "B-ORG", "I-ORG", "I-ORG", "E-ORG", "B-PERSON", "I-PERSON", "E-PERSON", "O",
        "B-LOCATION", "I-LOCATION", "E-LOCATION",
    ]  # fmt: skip


@needs_ner
def test_sequences_follow_the_ner_chunks_and_align_tags() -> None:
    doc = {"text": "对青石坳罐场开展检测。\n张建国带队", "sensitive": [{"start": 1, "end": 6, "label": "LOCATION"}]}
    seqs = list(sensitive_train.sequences([doc]))
    assert [len(f) for f, _ in seqs] == [len(t) for _, t in seqs]
    assert seqs[0][1][1:6] == ["B-LOCATION", "I-LOCATION", "I-LOCATION", "I-LOCATION", "E-LOCATION"]
    assert all(t == "O" for _, tags in seqs[1:] for t in tags)


@needs_ner
def test_a_tagger_trained_on_reports_masks_what_it_learnt(tmp_path) -> None:
    """Train a tiny tagger on coined site names the rules do not know and use it for masking."""
    names = ["青岑湄罐场", "白鹭湄罐场", "金雀湄罐场", "石鼓湄罐场", "龙骧湄罐场", "松涛湄罐场"]
    docs = []
    for k, name in enumerate(names * 3):
        text = f"第{k}季度，公司对{name}开展隐患排查，{name}运行平稳。"
        spans = [{"start": m, "end": m + len(name), "label": "LOCATION"} for m in (text.index(name), text.rindex(name))]
        docs.append({"id": str(k), "text": text, "sensitive": spans})
    model = tmp_path / "t.crfsuite"
    sensitive_train.train_crf(docs, model, c1=0.0, c2=0.01, iterations=60)
    out = tmp_path / "t.npz"
    sensitive_train.export(model, out)
    with np.load(out, allow_pickle=False) as z:
        assert json.loads(str(z["templates"])) == list(ner._config().templates())
        weights = ner.weights_from_arrays({k: z[k] for k in z.files})
    text = "公司对玉蟾湄罐场开展隐患排查，玉蟾湄罐场运行平稳。"
    with recognizers.tagger_override(weights):
        with_tagger = recognizers.find_all(text)
        without = recognizers.find_all(text, tagger_min=None)
        entities = recognizers.find_entities(text)
    assert _covered(text, "玉蟾湄罐场", with_tagger)
    assert not _covered(text, "玉蟾湄罐场", without)
    assert all(f.source != sensitive_tagger.SOURCE for f in entities)  # masking only


@needs_tagger
@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("让我们在西南有色和公司党委的坚强领导下，守正创新勇担当！", "西南有色"),
        ("实施霸南集注站余热回收项目，力争单位注气电耗再下降5%。", "霸南集注站"),
        ("（联系人：支部组织委员　德庆卓嘎　电话：0836-8821306）", "德庆卓嘎"),  # (格桑卓玛: two name units, now a rule's)
    ],
)
def test_the_shipped_tagger_masks_names_the_rules_miss(text: str, span: str) -> None:
    assert _covered(text, span, recognizers.find_all(text))
    assert not _covered(text, span, recognizers.find_all(text, tagger_min=None))


@pytest.mark.parametrize(
    ("label", "span"),
    [
        ("ORG", "人民"),  # an ordinary word
        ("LOCATION", "大城市"),  # a kind of place
        ("ORG", "交通部"),  # a national body
        ("ORG", "地方政府"),  # ordinary words only
        ("LOCATION", "经济技术开发区"),
        ("ORG", "毛泽东思想"),
        ("PERSON", "周总理"),  # a public figure by office
        ("PERSON", "高素质"),  # no surname, no name syllables
        ("LOCATION", "尼日利亚"),
        ("LOCATION", "小城镇"),  # a size word and a kind of place
        ("LOCATION", "中心镇"),
        ("LOCATION", "东北老工业基地"),  # a body kind after ordinary words
        ("ORG", "普通中学"),
        ("LOCATION", "大江大河"),
        ("ORG", "中德两国人民"),
        ("PERSON", "社会主义建设"),  # five chars, no name syllables
    ],
)
def test_tagger_spans_that_are_no_names_are_not_masked(label: str, span: str) -> None:
    assert not (recognizers._tagger_span_ok(span) and recognizers._tagger_shape_ok(label, span))


@pytest.mark.parametrize(
    ("label", "span"),
    [
        ("ORG", "溆阳联社"), ("LOCATION", "北翼采空区"), ("PERSON", "才让卓玛"), ("PERSON", "郝永刚"), ("ORG", "岚广传输"),
        ("LOCATION", "临海市滨港经济开发区启航路168号"),  # an address
        ("ORG", "宁川县广播电视台"),  # a body opened by its county
        ("LOCATION", "何家岭茶园基地"),  # a coined name and a body kind
        ("LOCATION", "大河湾村"),  # a size word opening a village's name
        ("ORG", "中原陆港物流集团有限公司"),  # …and a company's legal name
        ("PERSON", "乌云其木格"),  # five syllables of a transliterated name
    ],
)  # fmt: skip
def test_tagger_spans_shaped_like_names_pass(label: str, span: str) -> None:
    assert recognizers._tagger_span_ok(span) and recognizers._tagger_shape_ok(label, span)


@pytest.mark.parametrize(
    ("label", "span", "certain_only"),
    [
        ("PERSON", "向红军", True),  # a given name that is a word (红军)
        ("PERSON", "岩温", True),  # no surname of the list, too short for name syllables
        ("ORG", "石门支行", True),  # a head that is an ordinary word
        ("LOCATION", "桃源社区", True),
        ("LOCATION", "大塘磷矿", True),  # a size char opening a place word (大塘)
        ("LOCATION", "大黑山", True),
        ("LOCATION", "中小煤矿", False),  # …not a kind of place
        ("LOCATION", "老工业基地", False),
        ("LOCATION", "老旧小区", False),
        ("LOCATION", "大江大河", False),  # a parallel phrase
        ("PERSON", "周总理", False),  # still a public figure by office
        ("LOCATION", "经济技术开发区", False),  # a frequent word first
        ("ORG", "某律师事务所", False),  # a determiner first
        ("LOCATION", "东北老工业基地", False),
        ("ORG", "交通部", False),  # a national body
        ("LOCATION", "小城镇", False),
        ("PERSON", "社会主义建设", False),  # five chars, and no name syllables
    ],
)
def test_spans_the_tagger_is_certain_of_need_less_of_a_names_shape(label: str, span: str, certain_only: bool) -> None:
    assert recognizers._tagger_span_ok(span)
    assert not recognizers._tagger_shape_ok(label, span)
    assert recognizers._tagger_shape_ok(label, span, certain=True) == certain_only


#: A name only the shipped tagger finds (see the test above), beside one the rules find.
_TAGGED = "让我们在西南有色和公司党委的坚强领导下奋斗！联系电话：13812345678。"


@needs_tagger
def test_redaction_runs_without_the_tagger(monkeypatch) -> None:
    assert _covered(_TAGGED, "西南有色", recognizers.find_all(_TAGGED))
    monkeypatch.setenv("BAOGAO_NO_TAGGER", "1")
    found = recognizers.find_all(_TAGGED)
    assert any(f.label == "PHONE" for f in found)
    assert not _covered(_TAGGED, "西南有色", found)


def test_a_damaged_or_foreign_tagger_file_is_ignored(tmp_path, monkeypatch) -> None:
    bad = tmp_path / "sensitive_tagger.npz"
    bad.write_bytes(b"not an npz")
    monkeypatch.setattr(sensitive_tagger, "model_path", lambda name: tmp_path / name)
    sensitive_tagger.weights.cache_clear()
    try:
        assert sensitive_tagger.available() and sensitive_tagger.weights() is None
        np.savez(bad, templates=np.array('["c0"]'))  # weights for another feature set
        sensitive_tagger.weights.cache_clear()
        assert sensitive_tagger.weights() is None
        found = recognizers.find_all(_TAGGED)
        assert any(f.label == "PHONE" for f in found)
        assert not _covered(_TAGGED, "西南有色", found)
        np.savez(bad, templates=np.array(json.dumps(ner._config().templates())))  # right features, no weights
        sensitive_tagger.weights.cache_clear()
        assert sensitive_tagger.weights() is None
        # the NER model still runs: the findings are those of a run that ignores the tagger
        assert recognizers.find_all(_TAGGED) == recognizers.find_all(_TAGGED, tagger_min=None)
    finally:
        sensitive_tagger.weights.cache_clear()


@needs_ner
def test_baogao_train_sensitive_writes_the_weights_and_their_record(tmp_path) -> None:
    from typer.testing import CliRunner

    from baogao.cli import app

    docs = []
    for k, name in enumerate(["青岑坳罐场", "白鹭坳罐场", "金雀坳罐场", "石鼓坳罐场"] * 2):
        text = f"第{k}季度，公司对{name}开展隐患排查。"
        a = text.index(name)
        span = {"start": a, "end": a + len(name), "text": name, "label": "LOCATION"}
        docs.append({"id": str(k), "text": text, "sensitive": [span]})
    data = tmp_path / "gold.jsonl"
    data.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in docs), encoding="utf-8")
    out = tmp_path / "tagger.npz"
    res = CliRunner().invoke(app, ["train", "sensitive", "--data", str(data), "--test", str(data), "-o", str(out)])
    assert res.exit_code == 0, res.output
    meta = json.loads(out.with_suffix(".meta.json").read_text(encoding="utf-8"))
    assert meta["weights_sha256"] and meta["train_data"][0]["documents"] == len(docs)
    assert meta["test"]["documents"] == len(docs) and "rules+ner" in meta["test"]
    missing = CliRunner().invoke(app, ["train", "sensitive", "--data", str(tmp_path / "none.jsonl")])
    assert missing.exit_code == 2 and "none.jsonl" in missing.output


def test_the_trainer_never_trains_on_its_test_blind_or_dev_sets() -> None:
    train = {f.name for f in sensitive_train.default_train_files()}
    tests = {f.name for f in sensitive_train.default_test_files()}
    held = {
        f"heldout_corp_{n}.jsonl"
        for n in sensitive_train.TEST_SETS + sensitive_train.BLIND_SETS + sensitive_train.DEV_SETS
    }
    assert tests and train and not (train & held)
    assert tests == {f"heldout_corp_{n}.jsonl" for n in sensitive_train.TEST_SETS}
    assert "heldout_corp_11.jsonl" in train and "heldout_corp_37.jsonl" in train


def test_the_default_training_data_is_the_shipped_taggers() -> None:
    # a set added to corpora/eval must be listed as test, blind or dev, or a retraining would
    # silently learn from it: the defaults are exactly the files the shipped tagger records
    from pathlib import Path

    meta = json.loads((sensitive_train.REPO / "models" / "sensitive_tagger.meta.json").read_text(encoding="utf-8"))
    shipped = {Path(d["path"]).name for d in meta["train_data"]}
    defaults = {f.name for f in sensitive_train.default_train_files()}
    if not sensitive_train.SHARED_DEV.is_file():
        shipped.discard(sensitive_train.SHARED_DEV.name)
    assert defaults == shipped, (defaults - shipped, shipped - defaults)


def test_the_rule_cv_script_refuses_an_unknown_rule(capsys) -> None:
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "scripts" / "cv_redact_rules.py"
    spec = importlib.util.spec_from_file_location("cv_redact_rules", path)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    assert module.main(["--without", "_no_such_rule"]) == 2
    assert "_no_such_rule" in capsys.readouterr().err
    before = sensitive_tagger.RUN_MIN
    assert module.main(["--set", "RUNMIN=0.2"]) == 2  # a misspelt setting is refused, nothing set
    assert "RUNMIN=0.2" in capsys.readouterr().err and sensitive_tagger.RUN_MIN == before


def test_cv_folds_split_whole_files_without_overlap() -> None:
    from pathlib import Path

    files = [Path(f"heldout_corp_{n}.jsonl") for n in range(11, 21)]
    tests = []
    for k in range(4):
        train, test = sensitive_train.fold_files(files, k, 4)
        assert not set(train) & set(test) and set(train) | set(test) == set(files)
        tests += test
    assert sorted(tests) == sorted(files)  # every file is left out exactly once

"""Tests for the statistical NER recognizer and its shared feature extractor."""

from __future__ import annotations

import inspect
import json
from pathlib import Path

import pytest

from baogao.errors import ModelMissingError
from baogao.findings import Finding
from baogao.redact.recognizers import ner, ner_features
from baogao.redact.recognizers.ner_features import FeatureConfig, sequence_features

needs_model = pytest.mark.skipif(not ner.available(), reason="models/ner.crfsuite not trained")
TRAINER = Path(inspect.getfile(ner)).with_name("ner_train.py")  # read, not imported: it needs pycrfsuite


# (sentence, expected entity text, label) — sentences written for these tests.
ENTITY_CASES = [
    ("会上，办公室主任刘志强同志通报了上半年的督查情况。", "刘志强", "PERSON"),
    ("据记者了解，王晓梅教授已经在这个领域工作了二十年。", "王晓梅", "PERSON"),
    ("中国工商银行发布公告称，将下调部分存款利率。", "中国工商银行", "ORG"),
    ("华为技术有限公司昨日宣布推出新一代手机芯片。", "华为技术有限公司", "ORG"),
    ("清华大学的研究团队在国际期刊上发表了论文。", "清华大学", "ORG"),
    ("本周末，杭州市将迎来一次明显的降温过程。", "杭州市", "LOCATION"),
    ("他从小在成都长大，后来去了广州工作。", "成都", "LOCATION"),  # a bare city before a verb
    ("去年，公司在西安市高新区新建了一个研发中心。", "西安市高新区", "LOCATION"),
]


@needs_model
@pytest.mark.parametrize(("sentence", "entity", "label"), ENTITY_CASES)
def test_find_returns_the_entity_with_exact_offsets(sentence: str, entity: str, label: str) -> None:
    found = ner.find(sentence)
    start = sentence.index(entity)
    assert (start, start + len(entity), label) in {(f.start, f.end, f.label) for f in found}


@needs_model
@pytest.mark.parametrize(
    "sentence", [case.values[0] if hasattr(case, "values") else case[0] for case in ENTITY_CASES]
)
def test_every_span_text_equals_the_slice(sentence: str) -> None:
    for f in ner.find(sentence):
        assert isinstance(f, Finding)
        assert f.text == sentence[f.start : f.end]
        assert f.label in ner.LABELS and f.source == "ner"
        assert 0.0 < f.score <= 1.0


@needs_model
@pytest.mark.parametrize(
    "sentence",
    [
        "全年完成投资12.5亿元，同比增长7.3%。",
        "一是加强组织领导；二是完善工作机制；三是强化督促检查。",
        "  \n\n ，。；——（）",
    ],
)
def test_no_entities_in_sentences_without_names(sentence: str) -> None:
    assert ner.find(sentence) == []


@needs_model
def test_long_text_is_chunked_and_offsets_map_back() -> None:
    unit = "今年以来，李建华带领团队走访了宁波市的三十家企业；"
    filler = "各项工作稳步推进，成效明显。" * 3
    text = (unit + filler) * (50_000 // len(unit + filler) + 1)
    assert len(text) >= 50_000
    found = ner.find(text)
    persons = [f for f in found if f.label == "PERSON" and f.text == "李建华"]
    assert len(persons) == text.count("李建华")
    assert all(text[f.start : f.end] == f.text for f in found)
    assert all(f.end - f.start <= ner.MAX_CHUNK for f in found)


def test_chunks_cover_text_and_respect_cap() -> None:
    text = "第一句话。" + "没有标点的很长一段" * 60 + "，最后。\n\n结尾"
    pieces = list(ner.chunks(text, max_len=50))
    assert all(len(p) <= 50 for _, p in pieces)
    assert all(text[o : o + len(p)] == p for o, p in pieces)
    covered = [i for o, p in pieces for i in range(o, o + len(p))]
    assert covered == sorted(set(covered))  # no overlap, in order
    assert {i for i, ch in enumerate(text) if not ch.isspace()} <= set(covered)  # only blanks dropped
    assert pieces[0] == (0, "第一句话。")


@pytest.mark.parametrize(
    ("tags", "spans"),
    [
        (["B-PERSON", "I-PERSON", "E-PERSON", "O"], [(0, 3, "PERSON")]),
        (["S-LOCATION", "B-ORG", "E-ORG"], [(0, 1, "LOCATION"), (1, 3, "ORG")]),
        (["B-ORG", "I-ORG", "O", "B-PERSON", "I-PERSON"], [(0, 2, "ORG"), (3, 5, "PERSON")]),
        (["O", "I-LOCATION", "I-LOCATION", "B-ORG"], [(1, 3, "LOCATION"), (3, 4, "ORG")]),
        (["B-ORG", "I-PERSON", "E-PERSON"], [(0, 1, "ORG"), (1, 3, "PERSON")]),
        (["O", "O"], []),
        (["B-ORG.company", "E-ORG.company", "S-PERSON"], [(0, 2, "ORG"), (2, 3, "PERSON")]),
    ],
)
def test_spans_from_tags_decodes_bio_and_bioes(tags: list[str], spans: list[tuple[int, int, str]]) -> None:
    assert ner.spans_from_tags(tags) == spans


def test_training_and_inference_use_the_same_feature_function() -> None:
    source = TRAINER.read_text(encoding="utf-8")
    assert "from baogao.redact.recognizers.ner_features import" in source
    assert "encode(" in source and "encode(" in inspect.getsource(ner)
    assert ner.sequence_features is ner_features.sequence_features
    assert "def encode" not in source and "def encode" not in inspect.getsource(ner)


@pytest.mark.parametrize("text", ["王晓梅在杭州市工作。", "ABC公司2023年", "a", "北京"])
def test_features_are_one_list_per_char_and_deterministic(text: str) -> None:
    first = sequence_features(text)
    assert len(first) == len(text)
    assert first == sequence_features(text)
    assert all(f"c0:{ord(ch) + 8}" in feats for ch, feats in zip(text, first, strict=True))


def test_a_batch_of_chunks_gets_the_features_of_each_chunk_alone() -> None:
    # features must never look across a chunk's edge, or batching would change the tags
    pieces = ["王晓梅在杭州市工作。", "ABC公司2023年", "北", "中国工商银行发布公告称，"]
    keys, starts = ner_features.encode(pieces)
    names = FeatureConfig().templates()
    batch = ner_features.as_strings(keys, names)
    for k, piece in enumerate(pieces):
        assert batch[starts[k] : starts[k + 1]] == sequence_features(piece)


def test_feature_config_switches_templates_off() -> None:
    text = "王晓梅在杭州市工作。"
    bare = sequence_features(text, config=FeatureConfig(words=False, gazetteer=False))
    full = sequence_features(text, config=FeatureConfig())
    assert not any(f.startswith(("p:", "bm:")) for feats in bare for f in feats)
    assert "sur:1" in full[0] and "sur:1" not in bare[0]
    assert "locE:1" in full[6]  # 市 ends a place-name cue
    assert FeatureConfig.from_dict(json.loads(json.dumps(FeatureConfig().to_dict()))) == FeatureConfig()


@pytest.mark.parametrize(
    ("spans", "merged"),
    [
        ([(0, 3, "LOCATION"), (3, 6, "LOCATION")], [(0, 6, "LOCATION")]),
        ([(0, 3, "LOCATION"), (4, 6, "LOCATION")], [(0, 3, "LOCATION"), (4, 6, "LOCATION")]),
        ([(0, 3, "ORG"), (3, 6, "ORG")], [(0, 3, "ORG"), (3, 6, "ORG")]),
        ([(3, 6, "LOCATION"), (0, 3, "LOCATION"), (6, 8, "LOCATION")], [(0, 8, "LOCATION")]),
    ],
)
def test_touching_locations_merge_into_one_address(
    spans: list[tuple[int, int, str]], merged: list[tuple[int, int, str]]
) -> None:
    assert ner.merge_adjacent(spans) == merged


@needs_model
def test_numpy_tagger_agrees_with_crfsuite(shared_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the shipped tagger re-implements crfsuite's Viterbi over exported weights: it must give the same tags
    pycrfsuite = pytest.importorskip("pycrfsuite")
    with open(shared_dir / "eval" / "cluener_dev.jsonl", encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f if line.strip()][:150]
    config = ner._config()
    # the weights of ner.crfsuite itself: the shipped table may be a merge of two CRFs (--poe-nowords)
    own = ner._Weights.from_json(
        ner.weights_from_crfsuite(ner.model_file(), config.templates()), config.templates()
    )
    monkeypatch.setattr(ner, "_weights", lambda: own)
    tagger = pycrfsuite.Tagger()
    tagger.open(str(ner.model_file()))
    keys, starts = ner_features.encode(texts, config=config)
    rows = ner_features.as_strings(keys, config.templates())
    ours = ner._tag_pieces(texts, config)
    for k, text in enumerate(texts):
        tags = tagger.tag(rows[starts[k] : starts[k + 1]])
        assert [(s, e, lab) for s, e, lab, _ in ours[k]] == ner.spans_from_tags(tags), text
        for s, e, _lab, score in ours[k]:
            expected = sum(tagger.marginal(tags[i], i) for i in range(s, e)) / (e - s)
            assert score == pytest.approx(expected, abs=1e-4)  # float32 emissions


def test_missing_model_reports_the_training_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ner, "MODEL_FILE", "no-such-ner-model.crfsuite")
    assert ner.available() is False
    with pytest.raises(ModelMissingError, match="scripts/train_ner.py"):
        ner.find("王晓梅在杭州市工作。")


@needs_model
def test_dev_smoke_exact_f1(shared_dir: Path) -> None:
    # the whole dev file (843 short sentences, ~2 s): a 200-sentence slice is too noisy for a 0.70 floor
    path = shared_dir / "eval" / "cluener_dev.jsonl"
    with open(path, encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]
    tp = fp = fn = 0
    for r in records:
        gold = {(s["start"], s["end"], s["label"]) for s in r["sensitive"]}
        pred = {(f.start, f.end, f.label) for f in ner.find(r["text"])}
        tp, fp, fn = tp + len(gold & pred), fp + len(pred - gold), fn + len(gold - pred)
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert f1 >= 0.70, f"exact-span F1 {f1:.3f} on CLUENER dev"


@pytest.mark.parametrize(
    ("wide", "narrow"),
    [
        ("王晓梅（主任）：２０２３年，", "王晓梅(主任):2023年,"),
        ("ＡＢＣ公司；杭州\u3000市", "ABC公司;杭州 市"),
    ],
)
def test_full_and_half_width_text_get_identical_features(wide: str, narrow: str) -> None:
    assert ner_features.fold_width(wide) == narrow
    assert sequence_features(wide) == sequence_features(narrow)


@needs_model
def test_threads_get_the_same_answers_as_one_thread() -> None:
    from concurrent.futures import ThreadPoolExecutor

    sentences = [case.values[0] if hasattr(case, "values") else case[0] for case in ENTITY_CASES] * 4
    serial = [ner.find(s) for s in sentences]
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(ner.find, sentences)) == serial


#: Every optional template switched on (the shipped model uses a subset; see models/ner.meta.json).
ALL_ON = FeatureConfig(pos=False, seg2=True, lexgrade=True, lexwin=True)


def test_optional_templates_keep_chunks_independent() -> None:
    lexicon = ner_features.Lexicon.from_names(
        {"LOCATION": {"杭州市", "北京"}, "PERSON": {"王晓梅"}}, {"LOCATION": {"杭州市": 3, "北京": 1}}
    )
    pieces = ["王晓梅在杭州市工作。", "ABC公司2023年", "北", "北京中国工商银行发布公告称，北京"]
    keys, starts = ner_features.encode(pieces, config=ALL_ON, lexicon=lexicon)
    assert keys.shape == (len(ALL_ON.templates()), sum(map(len, pieces)))
    batch = ner_features.as_strings(keys, ALL_ON.templates())
    for k, piece in enumerate(pieces):
        assert batch[starts[k] : starts[k + 1]] == sequence_features(piece, config=ALL_ON, lexicon=lexicon)
    first = batch[starts[1] : starts[2]]
    assert not any(
        f.startswith("lw") for feats in first for f in feats
    )  # nothing known in chunk 1, nor leaking from chunk 0
    hangzhou = batch[4]  # 杭: begins a grade-3 LOCATION name → code B(1) + 4 * 3
    assert "lxLOCATION:1" in hangzhou and "lgLOCATION:13" in hangzhou
    assert "lwLOCATION:1" in batch[3]  # 在: the next character begins a LOCATION name
    assert any(f.startswith("bml2:") for f in hangzhou) and not any(f.startswith("p:") for f in hangzhou)


def test_lexicon_grades_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "lexicon.txt"
    path.write_text("# comment\nLOCATION\t北京\t1\nLOCATION\t杭州市\t3\nORG\t招行\n", encoding="utf-8")
    lexicon = ner_features.Lexicon.read(path)
    cfg = FeatureConfig(lexgrade=True)
    feats = sequence_features("北京杭州市招行", config=cfg, lexicon=lexicon)
    assert "lgLOCATION:5" in feats[0] and "lgLOCATION:15" in feats[4] and "lgORG:1" in feats[5]
    assert [ner_features.grade(h, n) for h, n in [(0, 0), (1, 10), (5, 10), (8, 10), (10, 10)]] == [
        0,
        0,
        1,
        2,
        3,
    ]


@needs_model
def test_tagging_in_memory_bounded_batches_gives_the_same_spans(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = [
        "浙商银行企业信贷部叶老桂博士则从另一个角度进行了解读。",
        "彭小军认为，国内银行现在走的是台湾的发卡模式。",
        "郑阿姨就赶到文汇路排队拿钱，顺便找校方或者教委要个说法。",
        "温格的球队终于又踢了一场经典的比赛，2比1战胜曼联。",
    ]
    text = "\n".join(lines * 40)
    whole = ner.find(text)
    monkeypatch.setattr(ner, "BATCH_CHARS", 100)
    batched = ner.find(text)
    assert whole == batched and len(whole) >= 40


@pytest.mark.parametrize(
    ("text", "start", "end", "expected"),
    [
        ("石油输出国组织（欧佩克）部长级会议", 8, 12, "欧佩克"),  # ran one past the closing bracket
        ("石油输出国组织（欧佩克）部长级会议", 7, 12, "欧佩克"),  # wrapped in its own brackets
        ("在韩国首尔贸易大会中心（setec）进行", 1, 17, "韩国首尔贸易大会中心"),  # stopped inside the gloss
        ("（aig）公司", 0, 4, "aig"),  # opened the gloss but stopped before its end
        ("渣打银行（香港）有限公司宣布", 0, 12, "渣打银行（香港）有限公司"),  # paired: kept
        ("鑫视空间(北京)装饰艺术公司", 0, 14, "鑫视空间(北京)装饰艺术公司"),
        ("（）", 0, 2, None),  # nothing left
    ],
)
def test_span_brackets_are_paired_or_dropped(text: str, start: int, end: int, expected: str | None) -> None:
    got = ner._clean(text, start, end)
    assert (None if got is None else text[got[0] : got[1]]) == expected


def _train_ner_module():
    from baogao.redact.recognizers import ner_train

    return ner_train


def test_merged_weights_score_as_the_weighted_sum_of_the_models() -> None:
    # --poe-nowords ships 0.5 x (CRF with words) + 0.5 x (CRF without): one table, scored by the same tagger
    np = pytest.importorskip("numpy")
    pytest.importorskip("pycrfsuite")
    tn = _train_ner_module()
    config = FeatureConfig(
        window=1, bigrams=False, trigrams=False, words=False, gazetteer=False, lexicon=False
    )
    small = FeatureConfig(
        window=0, bigrams=False, trigrams=False, words=False, gazetteer=False, lexicon=False
    )
    labels = ["O", "B-PERSON", "E-PERSON"]
    a = {
        "labels": labels,
        "templates": list(config.templates()),
        "transitions": [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6], [0.7, 0.8, 0.9]],
        "state": {"bias": [[1, 0, 1.0]], "c0": [[70, 1, 2.0], [71, 2, -1.0]], "c1": [[72, 2, 0.5]]},
    }
    b = {  # labels in another order, a template subset
        "labels": ["E-PERSON", "O", "B-PERSON"],
        "templates": list(small.templates()),
        "transitions": [[1.0, 0.0, 0.0], [0.0, 2.0, 0.0], [0.0, 0.0, 3.0]],
        "state": {"bias": [[1, 1, 3.0]], "c0": [[70, 2, 4.0], [99, 0, 1.0]]},
    }
    merged = tn.merge_weights([(a, 0.5), (b, 0.5)], config.templates())
    assert merged["labels"] == labels
    assert np.allclose(merged["transitions"], [[1.05, 0.1, 0.15], [0.2, 1.75, 0.3], [0.35, 0.4, 0.95]])
    w = ner._Weights.from_json(merged, config.templates())
    keys = np.zeros((len(config.templates()), 2), dtype=np.uint64)
    tpl = config.templates()
    keys[tpl.index("bias")] = 1
    keys[tpl.index("c0")] = [70, 99]
    keys[tpl.index("c1")] = [72, 0]
    emit = w.emissions(keys)
    # char 0: bias (a: O 1.0; b: O 3.0) + c0=70 (a: B 2.0; b: B 4.0) + c1=72 (a: E 0.5)
    assert np.allclose(emit[0], [2.0, 3.0, 0.25])
    # char 1: bias + c0=99 (b: E 1.0)
    assert np.allclose(emit[1], [2.0, 0.0, 0.5])
    with pytest.raises(ValueError):
        tn.merge_weights([(a, 1.0)], small.templates())  # a's c1 is not in the smaller feature set


def test_train_ner_command_writes_a_model_that_tags_its_training_names(tmp_path: Path) -> None:
    # `baogao train ner` (the same trainer as scripts/train_ner.py) on a tiny made-up set, into a new directory
    pytest.importorskip("pycrfsuite")
    from typer.testing import CliRunner

    from baogao.cli import app

    people, places, orgs = (
        ["王晓梅", "刘志强", "张建国"],
        ["杭州市", "西安市", "成都"],
        ["清华大学", "东岭煤业"],
    )
    rows = []
    for i in range(30):
        p, lo, o = people[i % 3], places[(i // 3) % 3], orgs[i % 2]
        text = f"{p}在{lo}的{o}工作了{i + 2}年。"
        spans = [(0, len(p), "PERSON"), (len(p) + 1, len(p) + 1 + len(lo), "LOCATION")]
        spans.append((spans[1][1] + 1, spans[1][1] + 1 + len(o), "ORG"))
        sens = [{"start": s, "end": e, "text": text[s:e], "label": lab} for s, e, lab in spans]
        rows.append(json.dumps({"id": f"t{i}", "text": text, "sensitive": sens}, ensure_ascii=False))
    data = tmp_path / "tiny.jsonl"
    data.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "new" / "m.crfsuite"
    result = CliRunner().invoke(
        app, ["train", "ner", "--data", str(data), "--dev", str(data), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.is_file()
    table = json.loads((tmp_path / "new" / "m_weights.json").read_text(encoding="utf-8"))
    assert {"B-PERSON", "E-ORG", "O"} <= set(table["labels"])
    assert "ALL       P=1.0000 R=1.0000 F1=1.0000 (gold 90)" in result.output


def test_a_merged_model_without_its_weights_table_is_an_error_not_a_fallback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # ner.crfsuite is only one of the two merged CRFs: tagging with it alone would silently change the model
    meta = tmp_path / ner.META_FILE
    meta.write_text(json.dumps({"trainer": {"poe_nowords": True}}), encoding="utf-8")
    monkeypatch.setattr(ner, "model_path", lambda name: tmp_path / name)
    with pytest.raises(ModelMissingError, match="merge of two CRFs"):
        ner._load_weights(FeatureConfig())


@needs_model
def test_shipped_arrays_are_the_weights_table_built(tmp_path: Path) -> None:
    # ner_weights.npz spares a new machine the JSON decode; it must be exactly the table it names
    import numpy as np

    from baogao.resources import model_path

    table = model_path(ner.WEIGHTS_FILE)
    shipped = ner.read_shipped_arrays(table)
    assert shipped is not None, (
        "rebuild with: python -c 'from baogao.redact.recognizers import ner; ner.write_shipped_arrays()'"
    )
    built = ner._Weights.from_json(json.loads(table.read_text(encoding="utf-8")), ner._config().templates())
    mine, theirs = ner._arrays(shipped), ner._arrays(built)
    assert mine.keys() == theirs.keys()
    for key in mine:
        assert np.array_equal(mine[key], theirs[key]), key
    # built from another table, the shipped arrays are refused
    other = tmp_path / ner.WEIGHTS_FILE
    other.write_text(table.read_text(encoding="utf-8") + " ", encoding="utf-8")
    (tmp_path / ner.SHIPPED_ARRAYS).write_bytes(model_path(ner.SHIPPED_ARRAYS).read_bytes())
    assert ner.read_shipped_arrays(other) is None


def test_the_per_user_cache_of_built_weights_round_trips(tmp_path, monkeypatch) -> None:
    """The weights built from the JSON table are kept under the user's cache directory and read
    back as the same arrays; the file is keyed by the table (another table, another file)."""
    import numpy as np

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    table = tmp_path / "ner_weights.json"
    table.write_text("{}", encoding="utf-8")
    labels = ("O", "B-ORG", "I-ORG", "E-ORG")
    column = ner._Column(keys=np.array([3, 9], dtype=np.uint64), rows=np.array([0, 1], dtype=np.int64), dense=None)
    weights = ner._Weights(labels, (column,), np.arange(12, dtype=np.float64).reshape(3, 4), np.eye(4))
    assert ner._read_cache(table) is None
    ner._write_cache(table, weights)
    (written,) = (tmp_path / "cache" / "baogao").glob("ner-*.npz")
    assert written == ner._cache_file(table)
    back = ner._read_cache(table)
    assert back is not None and back.labels == labels
    assert np.array_equal(back.weights, weights.weights) and np.array_equal(back.trans, weights.trans)
    assert np.array_equal(back.columns[0].keys, column.keys) and np.array_equal(back.columns[0].rows, column.rows)
    other = tmp_path / "other.json"
    other.write_text("{}", encoding="utf-8")
    assert ner._cache_file(other) != written and ner._read_cache(other) is None

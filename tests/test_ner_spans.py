"""The NER span model: exact span probabilities, the span model's choice, and where it is used."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from baogao.redact.recognizers import ner, ner_native, ner_spans

LABELS = ("O", "B-ORG", "I-ORG", "E-ORG", "S-ORG", "B-PERSON", "I-PERSON", "E-PERSON")


def _crf(seed: int, steps: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.normal(0, 1.5, (len(LABELS), len(LABELS))), rng.normal(0, 2.0, (steps, len(LABELS)))


def _brute(trans: np.ndarray, emit: np.ndarray) -> dict[tuple[int, int, str], float]:
    """Every span's probability of being one name, by summing over all labellings."""
    steps, n_lab = emit.shape
    total = 0.0
    mass: dict[tuple[int, int, str], float] = {}
    for seq in itertools.product(range(n_lab), repeat=steps):
        score = emit[0, seq[0]] + sum(trans[seq[t - 1], seq[t]] + emit[t, seq[t]] for t in range(1, steps))
        w = math.exp(score)
        total += w
        names = [LABELS[i] for i in seq]
        for a in range(steps):
            for kind in ("ORG", "PERSON"):
                if names[a] == f"S-{kind}":
                    mass[(a, a + 1, kind)] = mass.get((a, a + 1, kind), 0.0) + w
                if names[a] != f"B-{kind}":
                    continue
                for b in range(a + 1, steps):
                    if names[b] == f"E-{kind}":
                        mass[(a, b + 1, kind)] = mass.get((a, b + 1, kind), 0.0) + w
                    if names[b] != f"I-{kind}":
                        break
    return {k: v / total for k, v in mass.items()}


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_span_probabilities_are_exact(seed):
    trans, emit = _crf(seed, 5)
    want = {k: v for k, v in _brute(trans, emit).items() if v >= 0.01}
    (chunk,) = ner_spans.span_probabilities(LABELS, trans, emit[:, None, :], np.array([5]), min_p=0.01)
    got = {(a, b, k): p for a, b, k, p in chunk.spans}
    assert set(got) == set(want)
    for key, p in want.items():
        assert got[key] == pytest.approx(p, rel=1e-9)
    assert chunk.marginals.sum(axis=1) == pytest.approx(np.ones(5))


def test_span_probabilities_of_a_padded_batch_equal_those_of_each_sequence():
    trans, long = _crf(3, 6)
    _, short = _crf(4, 3)
    emit = np.zeros((6, 2, len(LABELS)))
    emit[:, 0] = long
    emit[:3, 1] = short
    both = ner_spans.span_probabilities(LABELS, trans, emit, np.array([6, 3]), min_p=0.005)
    for chunk, alone in zip(both, (long, short), strict=True):
        (one,) = ner_spans.span_probabilities(LABELS, trans, alone[:, None, :], np.array([len(alone)]), min_p=0.005)
        assert [s[:3] for s in chunk.spans] == [s[:3] for s in one.spans]
        assert [s[3] for s in chunk.spans] == pytest.approx([s[3] for s in one.spans])
        assert chunk.marginals == pytest.approx(one.marginals)


def test_the_compiled_kernel_gives_the_numpy_candidates():
    native = ner_native.kernels()
    if native is None:
        pytest.skip("no C compiler here: the numpy path is the only one")
    trans, a = _crf(5, 7)
    _, b = _crf(6, 4)
    emit_all = np.concatenate([a, b]).astype(np.float32)
    starts = np.array([0, 7, 11])
    # min_p tiny: more candidates than the kernel is first given room for (it is called again)
    for min_p in (0.005, 1e-12):
        got = ner_spans.native_candidates(native, LABELS, trans, emit_all, starts, np.array([0, 1]), min_p=min_p)
        _same(got, emit_all, trans, min_p)
    assert sum(len(c.spans) for c in got) > 4 * len(emit_all)


def _same(got, emit_all, trans, min_p):
    for chunk, (s, e) in zip(got, [(0, 7), (7, 11)], strict=True):
        part = emit_all[s:e].astype(np.float64)
        (want,) = ner_spans.span_probabilities(LABELS, trans, part[:, None, :], np.array([e - s]), min_p=min_p)
        assert [x[:3] for x in chunk.spans] == [x[:3] for x in want.spans]
        assert [x[3] for x in chunk.spans] == pytest.approx([x[3] for x in want.spans], rel=1e-9)
        assert chunk.marginals == pytest.approx(want.marginals)


def _features_one_by_one(text, chunk, viterbi, labels):
    """The numeric features of one sentence's candidates, straight from their definitions."""
    post = chunk.marginals
    col = {lab: i for i, lab in enumerate(labels)}
    n = len(text)
    rows = []
    for a, b, k, p in chunk.spans:
        kind = [col[lab] for lab in labels if lab.endswith("-" + k)]
        single = post[:, col[f"S-{k}"]] if f"S-{k}" in col else np.zeros(n)
        inside = [post[i, kind].sum() for i in range(a, b)]
        rivals = [r for c, d, kk, r in chunk.spans if c < b and d > a and (c, d, kk) != (a, b, k)]
        rows.append([
            p, math.log(p), float((a, b, k) in viterbi), max(rivals, default=0.0), sum(rivals),
            sum(r for c, d, kk, r in chunk.spans if (c, d) == (a, b) and kk != k),
            sum(inside) / len(inside), min(inside),
            post[a, col[f"B-{k}"]] + single[a], post[b - 1, col[f"E-{k}"]] + single[b - 1],
            post[a - 1, col["O"]] if a else 1.0, post[b, col["O"]] if b < n else 1.0, min(b - a, 20) / 20,
        ])  # fmt: skip
    return rows


def test_candidate_features_of_a_batch_are_those_of_each_candidate():
    """Features are computed for all sentences at once (one array of marginals, running sums, a
    segmented minimum); each candidate must get what its own sentence gives it, edges included."""
    trans, _ = _crf(7, 1)
    texts = ["北京市海淀区的张建国说", "华夏银行", "李慧在上海"]
    emits = [_crf(8 + i, len(t))[1] for i, t in enumerate(texts)]
    chunks = []
    for emit in emits:
        (chunk,) = ner_spans.span_probabilities(LABELS, trans, emit[:, None, :], np.array([len(emit)]), min_p=0.002)
        chunks.append(chunk)
    assert all(c.spans for c in chunks) and any(s[0] == 0 for s in chunks[1].spans)
    assert any(s[1] == len(texts[2]) for s in chunks[2].spans)
    viterbi = [{chunks[0].spans[0][:3]}, set(), {chunks[2].spans[-1][:3]}]
    names = {"ORG": frozenset({"华夏银行"}), "PERSON": frozenset()}
    numbers, indicators = ner_spans.candidate_features(texts, chunks, viterbi, LABELS, names)
    want = [row for t, c, v in zip(texts, chunks, viterbi, strict=True) for row in _features_one_by_one(t, c, v, LABELS)]
    assert numbers.shape == (len(want), len(ner_spans.NUMERIC))
    assert numbers == pytest.approx(np.array(want), rel=1e-12, abs=1e-12)
    assert len(indicators) == len(want)
    flat = [(t, s) for t, c in zip(texts, chunks, strict=True) for s in c.spans]
    for (text, (a, b, k, _)), on in zip(flat, indicators, strict=True):
        assert f"k={k}" in on and f"{k}|first={text[a]}" in on and f"{k}|last={text[b - 1]}" in on
        assert (f"{k}|before=^" in on) == (a == 0) and (f"{k}|after=$" in on) == (b == len(text))
        assert (f"{k}|lexicon=ORG" in on) == (text[a:b] == "华夏银行")
    # one sentence alone gets the same rows as inside the batch
    alone, _ = ner_spans.candidate_features(texts[2:], chunks[2:], viterbi[2:], LABELS, names)
    assert alone == pytest.approx(numbers[-len(chunks[2].spans) :], rel=1e-12, abs=1e-12)


def test_decode_takes_the_most_probable_spans_that_do_not_overlap():
    spans = [(0, 3, "ORG"), (1, 3, "ORG"), (4, 6, "PERSON"), (5, 8, "ORG"), (9, 10, "ORG")]
    got = ner_spans.decode(spans, [0.5, 0.7, 0.6, 0.8, 0.2], 0.35)
    assert [s[:3] for s in got] == [(1, 3, "ORG"), (5, 8, "ORG")]  # (4, 6) loses to the likelier (5, 8)
    assert ner_spans.decode(spans, [0.1] * 5, 0.35) == []


def test_the_span_model_is_read_back_and_only_for_the_weights_it_was_fitted_for(tmp_path, monkeypatch):
    from baogao.resources import write_checked_npz

    model = ner_spans.SpanModel({"p": 0, "k=ORG": 1, "ORG|last=司": 2}, np.array([2.0, -1.0, 1.5]), -0.5, 0.4, 0.02)
    weights = tmp_path / "w.json"
    weights.write_text("{}")
    monkeypatch.setenv("BAOGAO_MODELS", str(tmp_path))
    from baogao import resources

    resources.models_dir.cache_clear()
    try:
        write_checked_npz(tmp_path / ner_spans.SPANS_FILE, weights, **model.arrays())
        ner_spans._load.cache_clear()
        back = ner_spans.load(weights)
        assert back is not None and back.threshold == 0.4 and back.min_p == 0.02
        probs = back.probabilities([[0.9] + [0.0] * (len(ner_spans.NUMERIC) - 1)], [["k=ORG", "ORG|last=司", "unseen"]])
        assert probs[0] == pytest.approx(1 / (1 + math.exp(-(2.0 * 0.9 - 1.0 + 1.5 - 0.5))))
        other = tmp_path / "other.json"
        other.write_text('{"changed": true}')
        ner_spans._load.cache_clear()
        assert ner_spans.load(other) is None  # fitted for another CRF: not used
        monkeypatch.setenv("BAOGAO_NER_SPANS", "0")
        assert ner_spans.load(weights) is None
    finally:
        ner_spans._load.cache_clear()
        resources.models_dir.cache_clear()


def test_the_trainers_model_gives_sklearns_probabilities():
    pytest.importorskip("sklearn")
    from baogao.redact.recognizers import ner_spans_train

    rng = np.random.default_rng(0)
    numbers = rng.random((60, len(ner_spans.NUMERIC))).tolist()
    indicators = [[f"ORG|last={c}"] for c in rng.choice(list("司局院村"), 60)]
    y = np.array([row[0] > 0.5 for row in numbers])
    rows = ner_spans.as_dicts(numbers, indicators)
    vec, lr = ner_spans_train.fit(rows, y, c=1.0)
    model = ner_spans_train.as_model(vec, lr, threshold=0.4, min_p=0.02)
    want = lr.predict_proba(vec.transform(rows))[:, 1]
    assert model.probabilities(numbers, indicators) == pytest.approx(want, rel=1e-9)


needs_model = pytest.mark.skipif(
    not ner.available() or ner.span_model() is None, reason="the NER model or its span model is not here"
)

TEXT = "彭小军认为，国内银行现在走的是台湾的发卡模式。温格的球队终于又踢了一场经典的比赛，2比1战胜曼联。"


@needs_model
def test_the_entity_list_takes_the_span_models_names_and_masking_keeps_the_viterbi_spans(monkeypatch):
    from baogao.redact import recognizers

    assert (recognizers.NER_VITERBI, recognizers.NER_SPANS, recognizers.NER_MASKING_ONLY) == (
        ner.SOURCE, ner.SPANS_SOURCE, ner.MASKING_ONLY
    )
    found = ner.find(TEXT, spans=True)
    names = {(f.start, f.end, f.label) for f in found if f.source == ner.SPANS_SOURCE}
    assert (0, 3, "PERSON") in names and (46, 48, "ORG") in names
    assert all(f.attrs.get(ner.MASKING_ONLY) for f in found if f.source == ner.SOURCE)
    entities = recognizers.find_entities(TEXT)
    assert {f.source for f in entities} >= {ner.SPANS_SOURCE}
    assert ner.SOURCE not in {f.source for f in entities}
    with_spans = recognizers.find_all(TEXT)
    monkeypatch.setenv("BAOGAO_NER_SPANS", "0")
    assert ner.span_model() is None
    without = recognizers.find_all(TEXT)
    assert [(f.start, f.end, f.label) for f in with_spans] == [(f.start, f.end, f.label) for f in without]
    assert ner.SPANS_SOURCE not in {f.source for f in ner.find(TEXT, spans=True)}
    assert ner.SOURCE in {f.source for f in recognizers.find_entities(TEXT)}

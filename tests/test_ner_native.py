"""The compiled NER kernels (ner_kernels.c) give what the numpy code gives, and their absence costs nothing but time."""

from __future__ import annotations

import numpy as np
import pytest

from baogao.redact.recognizers import ner, ner_native, sensitive_tagger
from tests.conftest import SAMPLES
from tests.test_ner_decode import _reference_viterbi

needs_model = pytest.mark.skipif(not ner.available(), reason="models/ner.crfsuite not trained")

TEXTS = [
    "国务院总理李克强在北京市海淀区考察了中关村科技园区，张建国同志陪同。",
    "联系人：李慧，电话０５３１－８８８８６６６６；山东能源集团西北矿业有限公司党委书记王建军讲话。",
    "（欧佩克）秘书长巴尔金多在维也纳表示，沙特阿拉伯和俄罗斯将继续减产。",
    "今年以来，公司坚持稳中求进工作总基调，全面完成了各项目标任务。",
    "ABC" * 90 + "张三丰在武当山" + "，" * 3,  # a chunk cut hard at the length cap
]


@pytest.fixture(scope="module")
def native() -> ner_native.Kernels:
    kernels = ner_native.kernels()
    if kernels is None:
        pytest.skip("no C compiler here: the tagger runs on numpy only")
    return kernels


def _find_all(texts: list[str], monkeypatch: pytest.MonkeyPatch, *, native_on: bool) -> list[list[tuple]]:
    monkeypatch.setenv(ner_native.ENV_SWITCH, "1" if native_on else "0")
    ner_native.kernels.cache_clear()
    try:
        tagger = sensitive_tagger.weights()
        runs = sensitive_tagger.RUN_MIN
        return [
            [(f.start, f.end, f.label, f.score, f.source) for f in ner.find(t, extra=tagger, extra_source="t", extra_runs=runs)]
            for t in texts
        ]
    finally:
        ner_native.kernels.cache_clear()


@needs_model
def test_compiled_tagger_gives_the_numpy_spans_and_scores(native: ner_native.Kernels, monkeypatch) -> None:
    texts = TEXTS + [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    fast = _find_all(texts, monkeypatch, native_on=True)
    slow = _find_all(texts, monkeypatch, native_on=False)
    assert sum(map(len, slow)) > 20  # the texts do hold names
    assert any(x[4] == "t" for found in slow for x in found)  # and the tagger's spans are compared too
    for f, s in zip(fast, slow, strict=True):
        assert [(*x[:3], x[4]) for x in f] == [(*x[:3], x[4]) for x in s]
        assert [x[3] for x in f] == pytest.approx([x[3] for x in s], abs=1e-4)


@needs_model
def test_compiled_emissions_equal_numpy_to_the_bit(native: ner_native.Kernels, monkeypatch) -> None:
    weights = ner._weights()
    keys, _ = ner.encode(TEXTS, config=ner._config())
    # also keys no table holds: past a dense table's end, and unseen n-grams
    keys[:, 3] = np.uint64((1 << 40) + 12345)
    fast = weights.emissions(keys)
    monkeypatch.setenv(ner_native.ENV_SWITCH, "0")
    ner_native.kernels.cache_clear()
    try:
        slow = weights.emissions(keys)
    finally:
        ner_native.kernels.cache_clear()
    assert fast.dtype == slow.dtype == np.float32
    assert np.array_equal(fast, slow)
    assert np.abs(fast).sum() > 0


@pytest.mark.parametrize("ties", [False, True])
def test_compiled_viterbi_equals_the_textbook_loop(native: ner_native.Kernels, ties: bool) -> None:
    rng = np.random.default_rng(3)
    n_lab = 5
    trans = (rng.integers(-2, 3, (n_lab, n_lab)) if ties else rng.normal(size=(n_lab, n_lab))).astype(np.float64)
    lens = [7, 1, 12, 3, 0, 5]
    starts = np.concatenate([[0], np.cumsum(lens)]).astype(np.int64)
    emit = (rng.integers(-2, 3, (starts[-1], n_lab)) if ties else rng.normal(size=(starts[-1], n_lab))).astype(
        np.float32
    )
    live = np.array([1, 1, 1, 0, 1, 1], dtype=np.uint8)  # the fourth chunk is skipped
    path = np.full(starts[-1], -1, dtype=np.int64)
    native.viterbi(
        trans, n_lab, emit, starts, len(lens), live, path,
        np.empty(max(lens) * n_lab, dtype=np.int64), np.empty(n_lab), np.empty(n_lab),
    )  # fmt: skip
    for c, n in enumerate(lens):
        got = path[starts[c] : starts[c + 1]].tolist()
        if not live[c]:
            assert got == [-1] * n  # untouched
        elif n:
            assert got == _reference_viterbi(trans, emit[starts[c] : starts[c + 1]].astype(np.float64))


def test_compiled_marginals_equal_the_numpy_forward_backward(native: ner_native.Kernels) -> None:
    rng = np.random.default_rng(5)
    n_lab, lens = 4, [9, 3, 5]
    starts = np.concatenate([[0], np.cumsum(lens)]).astype(np.int64)
    trans = rng.normal(size=(n_lab, n_lab))
    emit = rng.normal(size=(starts[-1], n_lab)).astype(np.float32)
    path = rng.integers(0, n_lab, starts[-1]).astype(np.int64)
    out = np.full(starts[-1], -1.0)
    pt = np.exp(trans - trans.max())
    ids = np.array([0, 2], dtype=np.int64)  # the middle chunk holds no name: left alone
    native.marginals_chunks(pt, n_lab, emit, starts, ids, len(ids), path, out, np.empty(3 * max(lens) * n_lab))
    for c in ids.tolist():
        s, e = int(starts[c]), int(starts[c + 1])
        ref = ner._marginals(trans, emit[s:e].astype(np.float64)[:, None, :], np.array([e - s]), path[s:e, None])
        assert out[s:e] == pytest.approx(ref[:, 0], rel=1e-9)
        assert 0 < out[s:e].min() and out[s:e].max() < 1
    assert (out[starts[1] : starts[2]] == -1.0).all()


def test_compiled_posteriors_equal_the_numpy_forward_backward(native: ner_native.Kernels) -> None:
    rng = np.random.default_rng(8)
    n_lab, lens = 5, [7, 0, 4, 1]
    starts = np.concatenate([[0], np.cumsum(lens)]).astype(np.int64)
    trans = rng.normal(size=(n_lab, n_lab))
    emit = rng.normal(size=(starts[-1], n_lab)).astype(np.float32)
    out = np.zeros((starts[-1], n_lab))
    pt = np.exp(trans - trans.max())
    ids = np.array([0, 1, 3], dtype=np.int64)  # chunk 2 is not asked for: left alone
    native.posteriors_chunks(pt, n_lab, emit, starts, ids, len(ids), out, np.empty(3 * max(lens) * n_lab))
    for c in (0, 3):
        s, e = int(starts[c]), int(starts[c + 1])
        ref = ner._posteriors(trans, emit[s:e].astype(np.float64)[:, None, :], np.array([e - s]))[:, 0]
        assert out[s:e] == pytest.approx(ref, rel=1e-9)
        assert out[s:e].sum(axis=1) == pytest.approx(np.ones(e - s))
    assert (out[starts[2] : starts[3]] == 0).all()
    one = int(starts[3])  # a one-step chunk: the emission's softmax
    assert out[one] == pytest.approx(np.exp(emit[one]) / np.exp(emit[one]).sum())


@needs_model
def test_without_a_compiler_the_tagger_falls_back_to_numpy_and_remembers(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("CC", str(tmp_path / "no-such-compiler"))
    ner_native.kernels.cache_clear()
    try:
        assert ner_native.kernels() is None
        marker = ner_native.library_path().with_suffix(".failed")
        assert not marker.exists()  # no compiler at all: nothing was tried, nothing to remember
        (tmp_path / "cc").write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")
        (tmp_path / "cc").chmod(0o755)
        monkeypatch.setenv("CC", str(tmp_path / "cc"))  # a compiler that fails
        ner_native.kernels.cache_clear()
        assert ner_native.kernels() is None
        assert marker.is_file() and not ner_native.library_path().exists()
        found = [(f.start, f.end, f.label) for f in ner.find(TEXTS[0])]
        assert (5, 8, "PERSON") in found  # 李克强, by the numpy path
    finally:
        ner_native.kernels.cache_clear()


def test_a_build_lands_in_the_cache_and_is_loaded_from_there(tmp_path, monkeypatch) -> None:
    if ner_native._compiler() is None:
        pytest.skip("no C compiler here")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    ner_native.kernels.cache_clear()
    try:
        assert ner_native.kernels() is not None
        lib = ner_native.library_path()
        assert lib.parent == tmp_path / "baogao" and lib.is_file()
        assert [p.name for p in lib.parent.iterdir()] == [lib.name]  # no temporary file left behind
    finally:
        ner_native.kernels.cache_clear()

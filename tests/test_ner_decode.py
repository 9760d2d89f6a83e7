"""The NER tagger's fast paths give exactly what the plain algorithms give.

The tagger decodes every chunk of a text at once with numpy, looks n-gram
features up in a hash table and writes lexicon codes with array operations;
these tests pin each fast path to a slow, obvious reference.
"""

from __future__ import annotations

import numpy as np
import pytest

from baogao.findings import Finding
from baogao.redact import recognizers
from baogao.redact.recognizers import _text, ner, ner_features

needs_model = pytest.mark.skipif(not ner.available(), reason="models/ner.crfsuite not trained")


def _reference_viterbi(trans: np.ndarray, emit: np.ndarray) -> list[int]:
    """Textbook Viterbi for one sequence; ties go to the first (lowest) previous label."""
    n, n_lab = emit.shape
    score = list(emit[0])
    back: list[list[int]] = []
    for t in range(1, n):
        row, new = [], []
        for j in range(n_lab):
            cands = [score[i] + trans[i, j] for i in range(n_lab)]
            best = max(cands)
            row.append(cands.index(best))
            new.append(best + emit[t, j])
        back.append(row)
        score = new
    path = [score.index(max(score))]
    for row in reversed(back):
        path.append(row[path[-1]])
    return path[::-1]


def _batch(seqs: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Time-major padded batch, longest first (what the tagger builds)."""
    seqs = sorted(seqs, key=len, reverse=True)
    lens = np.array([len(s) for s in seqs])
    emit = np.zeros((int(lens[0]), len(seqs), seqs[0].shape[1]))
    for k, s in enumerate(seqs):
        emit[: len(s), k] = s
    return emit, lens


@pytest.mark.parametrize("ties", [False, True])
def test_batched_viterbi_equals_the_textbook_loop(ties: bool) -> None:
    rng = np.random.default_rng(7)
    n_lab = 13
    # small integers make many exact ties: the first best previous label must win, as in the loop
    draw = (
        (lambda *shape: rng.integers(-2, 3, shape).astype(float))
        if ties
        else (lambda *shape: rng.normal(size=shape))
    )
    trans = np.asarray(draw(n_lab, n_lab), dtype=float)
    seqs = [np.asarray(draw(int(n), n_lab), dtype=float) for n in rng.integers(1, 40, 25)]
    emit, lens = _batch(seqs)
    path = ner._viterbi(trans, emit, lens)
    for k, n in enumerate(lens.tolist()):
        assert path[:n, k].tolist() == _reference_viterbi(trans, emit[:n, k])


@pytest.mark.parametrize("seed", range(6))
def test_chunks_cleared_as_all_outside_really_decode_to_all_outside(seed: int) -> None:
    # transitions shaped like a trained BIOES model: runs of names are cheap inside, O→O strong;
    # emissions with O mostly ahead by varying margins, so both outcomes occur
    rng = np.random.default_rng(seed)
    n_lab, outside = 7, 3
    trans = rng.normal(0, 2, size=(n_lab, n_lab))
    trans[outside, outside] = 6.0
    lens = rng.integers(1, 30, 300)
    lens[rng.choice(300, 20, replace=False)] = 0  # empty chunks (a text of blanks) must be left alone
    starts = np.concatenate([[0], np.cumsum(lens)])
    emit = rng.normal(0, 1.5, size=(int(starts[-1]), n_lab))
    emit[:, outside] += rng.choice([0.0, 2.0, 4.0, 8.0], size=len(emit))
    bounds = ner._OutsideBounds.of(trans, outside)
    cleared = ner.certainly_outside(emit.astype(np.float32), starts, bounds)
    assert cleared.any() and not cleared[lens > 0].all()  # the test below must see both kinds
    assert not cleared[lens == 0].any()
    for i in np.flatnonzero(cleared):
        path = _reference_viterbi(trans, emit[starts[i] : starts[i + 1]].astype(np.float32).astype(float))
        assert set(path) == {outside}, i


@needs_model
def test_skipping_cleared_chunks_changes_no_tag_or_score() -> None:
    text = (
        "公司党委书记张建国带领班子成员深入白杨河煤矿调研。今年以来，全矿安全生产形势总体平稳，"
        "原煤产量同比增长百分之五，职工收入稳步提高。联系人李慧在北京市海淀区中关村大街工作。\n"
    ) * 3
    pieces = [p for _, p in ner.chunks(text)]
    weights = ner._weights()
    keys, starts = ner_features.encode(pieces, config=ner._config())
    emit = weights.emissions(keys)
    cleared = ner.certainly_outside(emit, starts, weights.outside_bounds)
    assert cleared.any() and not cleared.all()
    fast = ner._tag_pieces(pieces, ner._config())
    original = ner.certainly_outside
    try:
        ner.certainly_outside = lambda emit, starts, bounds: np.zeros(len(starts) - 1, dtype=bool)
        slow = ner._tag_pieces(pieces, ner._config())
    finally:
        ner.certainly_outside = original
    assert fast == slow
    assert any(spans for spans in fast)


def test_marginals_over_a_span_of_steps_equal_the_full_ones() -> None:
    rng = np.random.default_rng(3)
    trans = rng.normal(size=(5, 5))
    emit, lens = _batch([rng.normal(size=(int(n), 5)) for n in (30, 22, 9, 4)])
    path = ner._viterbi(trans, emit, lens)
    full = ner._marginals(trans, emit, lens, path)
    part = ner._marginals(trans, emit, lens, path, (3, 8))
    assert np.array_equal(full[3:8], part[3:8])
    # and they are probabilities of the chosen labels
    for k, n in enumerate(lens.tolist()):
        assert np.all((full[:n, k] > 0) & (full[:n, k] <= 1 + 1e-12))


@needs_model
def test_hashed_ngram_lookup_equals_binary_search() -> None:
    weights = ner._weights()
    none = len(weights.weights) - 1
    hashed = weights._hashed
    n_cols = len(weights.columns)
    assert hashed.slot, "the shipped model has packed n-gram templates"
    rng = np.random.default_rng(11)
    n = 400
    keys = np.zeros((n_cols, n), dtype=np.int64)
    for j, k in hashed.slot.items():
        known = weights.columns[j].keys.astype(np.int64)
        # known keys, keys next to known ones (absent), random keys and the absent key 0
        keys[j] = np.concatenate(
            [
                rng.choice(known, n // 4),
                rng.choice(known, n // 4) + 1,
                rng.integers(1, 1 << 40, n // 4),
                np.zeros(n - 3 * (n // 4), dtype=np.int64),
            ]
        )
    rows = hashed.rows(keys)
    for j, k in hashed.slot.items():
        col = weights.columns[j]
        # the plain oracle: binary search in the column's sorted keys
        pos = np.minimum(np.searchsorted(col.keys, keys[j].astype(np.uint64)), len(col.keys) - 1)
        expected = np.where(col.keys[pos] == keys[j].astype(np.uint64), col.rows[pos], none)
        assert np.array_equal(rows[k], expected), j


def test_lexicon_codes_mark_begin_inside_end_and_single() -> None:
    lexicon = ner_features.Lexicon.from_names(
        {"ORG": {"东岭煤业有限公司", "西北矿业"}, "PERSON": {"王"}, "LOCATION": {"溪城", "溪城市"}}
    )
    text = "王东岭煤业有限公司在溪城市西北矿业王"
    config = ner_features.FeatureConfig(words=False, gazetteer=False)
    keys, _ = ner_features.encode([text], config=config, lexicon=lexicon)
    names = config.templates()
    col = {label: keys[names.index(f"lx{label}")].tolist() for label in ("ORG", "PERSON", "LOCATION")}
    b, i, e, s = 1, 2, 3, 4
    assert col["ORG"] == [0, b, i, i, i, i, i, i, e, 0, 0, 0, 0, b, i, i, e, 0]
    assert col["PERSON"] == [s] + [0] * 16 + [s]
    assert col["LOCATION"] == [0] * 10 + [b, i, e] + [0] * 5  # leftmost-longest: 溪城市, not 溪城


def test_word_table_memo_keeps_the_callers_default() -> None:
    table = _text._PackedTable.of({"东岭": 2, "煤业": 1})
    assert table.get("东岭") == 2
    assert table.get("西北") is None
    assert table.get("西北", "absent") == "absent"  # a remembered miss still answers with the default
    assert table.get("x") is None and table.get("x", 0) == 0  # unpackable words too
    assert table.get("东岭", "absent") == 2


@needs_model
def test_person_confidence_still_gates_a_cached_span() -> None:
    text = "矿长周立平带队检查。"
    start = text.index("周立平")
    sure = Finding(start, start + 3, "PERSON", "周立平", "ner", 0.95)
    unsure = Finding(start, start + 3, "PERSON", "周立平", "ner", 0.5)
    assert recognizers._plausible_for_masking(text, sure)
    assert not recognizers._plausible_for_masking(text, unsure)
    assert recognizers._plausible_for_masking(text, sure)


@pytest.mark.parametrize("native_on", [True, False])
def test_runs_of_likely_name_characters_become_spans_where_viterbi_says_outside(native_on, monkeypatch) -> None:
    """With transitions all equal, each character's label marginals are the softmax of its
    emissions: a character whose name labels hold 25 % loses to O in Viterbi but is a run at
    0.2, and runs never cross a chunk's edge."""
    from types import SimpleNamespace

    from baogao.redact.recognizers import ner_native

    monkeypatch.setenv(ner_native.ENV_SWITCH, "1" if native_on else "0")
    ner_native.kernels.cache_clear()
    labels = ("O", "S-PERSON", "S-ORG")
    weights = SimpleNamespace(labels=labels, trans=np.zeros((3, 3)))

    def row(person: float, org: float) -> list[float]:  # emissions giving these marginals
        return [np.log(1 - person - org), np.log(person), np.log(org)]

    quiet, half_person = row(0.01, 0.01), row(0.25, 0.05)
    emit = np.array(
        [quiet, half_person, row(0.1, 0.2), quiet, row(0.3, 0.1)]  # chunk 0: five chars
        + [row(0.4, 0.1), quiet],  # chunk 1: a run at its start, apart from chunk 0's last
        dtype=np.float32,
    )
    starts = np.array([0, 5, 5, 7, 7])  # (empty chunks between and after: left empty)
    try:
        out: list[list[tuple[int, int, str, float]]] = [[], [], [], []]
        ner._add_runs(weights, emit, starts, 0.2, out)
        assert [(a, b, k) for a, b, k, _ in out[0]] == [(1, 3, "PERSON"), (4, 5, "PERSON")]
        assert out[0][0][3] == pytest.approx(0.3)  # mean name probability of 0.3 and 0.3
        assert [(a, b, k) for a, b, k, _ in out[2]] == [(0, 1, "PERSON")]
        assert out[1] == out[3] == []
        stricter: list[list[tuple[int, int, str, float]]] = [[(4, 5, "PERSON", 0.9)], [], [], []]
        ner._add_runs(weights, emit, starts, 0.35, stricter)
        # a Viterbi span is kept once
        assert stricter == [[(4, 5, "PERSON", 0.9)], [], [(0, 1, "PERSON", pytest.approx(0.5))], []]
        ner_path: list[list[tuple[int, int, str, float]]] = [[], [], [], []]
        ner._decode_numpy(weights, emit, starts, np.zeros(4, dtype=bool), ner_path)
        assert ner_path == [[], [], [], []]  # Viterbi alone finds nothing here
    finally:
        ner_native.kernels.cache_clear()


@pytest.mark.parametrize("native_on", [True, False])
def test_faint_guesses_stand_apart_and_never_move_a_spans_edges(native_on, monkeypatch) -> None:
    """With ``guesses``, a run of chars each at least that likely but none reaching ``least`` is a
    span too; a faint char next to a run at ``least`` does not widen it, and a faint run over a span
    found before (a Viterbi span) is left out."""
    from types import SimpleNamespace

    from baogao.redact.recognizers import ner_native

    monkeypatch.setenv(ner_native.ENV_SWITCH, "1" if native_on else "0")
    ner_native.kernels.cache_clear()
    weights = SimpleNamespace(labels=("O", "S-PERSON", "S-LOCATION"), trans=np.zeros((3, 3)))

    def row(person: float, place: float) -> list[float]:
        return [np.log(1 - person - place), np.log(person), np.log(place)]

    quiet, faint, strong = row(0.005, 0.005), row(0.01, 0.05), row(0.3, 0.05)
    emit = np.array([quiet, faint, faint, quiet, strong, faint, quiet, faint, quiet], dtype=np.float32)
    starts = np.array([0, 9])
    try:
        plain: list[list[tuple[int, int, str, float]]] = [[]]
        ner._add_runs(weights, emit, starts, 0.2, plain)
        assert [(a, b) for a, b, _, _ in plain[0]] == [(4, 5)]
        out: list[list[tuple[int, int, str, float]]] = [[(7, 8, "PERSON", 0.9)]]
        ner._add_runs(weights, emit, starts, 0.2, out, guesses=0.03)
        assert [(a, b, k) for a, b, k, _ in out[0]] == [(1, 3, "LOCATION"), (4, 5, "PERSON"), (7, 8, "PERSON")]
        assert out[0][0][3] == pytest.approx(0.06)  # scored by its mean name probability
        same: list[list[tuple[int, int, str, float]]] = [[]]
        ner._add_runs(weights, emit, starts, 0.2, same, guesses=0.5)  # (guesses above least: none)
        assert same == plain
    finally:
        ner_native.kernels.cache_clear()

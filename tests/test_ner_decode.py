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

"""Statistical PERSON / ORG / LOCATION recognizer (character CRF).

The rule recognizers catch what has a shape (phones, IDs, ``××公司``); names of
people, organisations and places have none, so a character-level CRF trained
on CLUENER (``scripts/train_ner.py``) tags them.

Inference does not go through crfsuite: the trainer exports the CRF's weights
(``models/ner_weights.json``, derived from ``models/ner.crfsuite``) and this
module scores the integer feature keys of
:func:`baogao.redact.recognizers.ner_features.encode` — the same function the
trainer used — with numpy, then runs Viterbi and forward-backward over all
chunks of a text at once. On whole documents that is ~7x faster than building
~40 feature strings per character for crfsuite, and gives the same tags (a
test checks it against crfsuite's own tagger). Very short texts pay a fixed
numpy overhead (~2 ms a call), so callers should pass whole documents.

Long texts are cut into sentences (。！？；and newlines) and capped chunks, so
the cost stays linear and offsets stay exact; chunks without a Han character
are not tagged (names in work reports are Chinese).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from baogao.errors import ModelMissingError
from baogao.findings import Finding
from baogao.redact.recognizers import ner_native, ner_spans
from baogao.redact.recognizers.ner_features import FeatureConfig, encode, sequence_features
from baogao.resources import derived_cache, model_path, read_checked_npz, write_cache, write_checked_npz

__all__ = ["LABELS", "SOURCE", "available", "chunks", "find", "sequence_features", "spans_from_tags"]

MODEL_FILE = "ner.crfsuite"
WEIGHTS_FILE = "ner_weights.json"
META_FILE = "ner.meta.json"
TRAIN_COMMAND = "python scripts/train_ner.py"
SOURCE = "ner"
#: The source of the span model's names (:mod:`.ner_spans`): the entity list's model names.
SPANS_SOURCE = "ner_spans"
#: The attribute of a Viterbi span that the span model's names replace in the entity list.
MASKING_ONLY = "masking_only"
LABELS = ("PERSON", "ORG", "LOCATION")

#: Longest chunk handed to the tagger; CLUENER sentences are ≤ 50 chars, so a
#: cap well above that keeps context while bounding per-call memory.
MAX_CHUNK = 200

_SENTENCE_END = re.compile(r"[。！？；!?;\n]")
_SOFT_BREAK = re.compile(r"[，,、：:\s]")
_NOT_NAME = re.compile(r"^[\W\d_]+$")  # only punctuation, digits, blanks
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")

#: Join touching LOCATION spans into one address? Off: on held-out train it moved F1
#: by -0.1 (200 it.) and +0.1 (60 it.); train_ner.py reports both figures each run.
MERGE_LOCATIONS = False

#: A key column is looked up in a dense table when its largest key is below
#: this (characters, words, flags); packed n-grams use a sorted-array search.
_DENSE_MAX = 1 << 21


def model_file() -> Path:
    """Where the trained CRF lives (``models/ner.crfsuite``)."""
    return model_path(MODEL_FILE)


def available() -> bool:
    """Whether the trained model file is present (cheap; does not load it)."""
    return model_file().is_file()


@lru_cache(maxsize=1)
def _meta() -> dict[str, Any]:
    """``models/ner.meta.json`` ({} when absent), read once."""
    meta = model_path(META_FILE)
    return json.loads(meta.read_text(encoding="utf-8")) if meta.is_file() else {}


@lru_cache(maxsize=1)
def _config() -> FeatureConfig:
    """The feature set the model was trained with, from ``models/ner.meta.json``."""
    return FeatureConfig.from_dict(_meta().get("feature_config", {}))


@dataclass(frozen=True)
class _Column:
    """Key → weight-row lookup for one template (dense table or sorted keys)."""

    dense: np.ndarray | None  # row index by key; the last entry (and unseen keys) = the zero row
    keys: np.ndarray | None  # sorted keys
    rows: np.ndarray | None  # row of each sorted key

    def dense_rows(self, key: np.ndarray) -> np.ndarray:
        """Rows of int64 keys in the dense table (keys past its end → its last entry, the zero row)."""
        assert self.dense is not None
        return np.take(self.dense, key, mode="clip")


@dataclass(frozen=True)
class _Weights:
    """The CRF, as arrays: per-template lookups into one weight matrix, and transitions."""

    labels: tuple[str, ...]
    columns: tuple[_Column, ...]
    weights: np.ndarray  # (rows + 1, L); the last row is all zeros (= no feature)
    trans: np.ndarray  # (L, L) transition weights, previous label × label

    @classmethod
    def from_json(cls, data: dict, templates: Sequence[str]) -> _Weights:
        labels = tuple(data["labels"])
        if list(templates) != data["templates"]:
            raise ValueError("weights were exported for another feature set; retrain")
        columns = []
        blocks = []
        offset = 0
        for tpl in templates:
            entries = np.array(data["state"].get(tpl, []), dtype=np.float64).reshape(-1, 3)
            keys_all = entries[:, 0].astype(np.uint64)
            # float64 holds integers exactly only up to 2**53: re-read big keys from the JSON text
            if len(keys_all) and keys_all.max() >= 1 << 53:
                keys_all = np.array([int(e[0]) for e in data["state"][tpl]], dtype=np.uint64)
            uniq, inverse = np.unique(keys_all, return_inverse=True)
            block = np.zeros((len(uniq), len(labels)), dtype=np.float64)
            np.add.at(block, (inverse, entries[:, 1].astype(np.int64)), entries[:, 2])
            rows = np.arange(offset, offset + len(uniq), dtype=np.int64)
            dense_ok = not len(uniq) or int(uniq[-1]) < _DENSE_MAX
            columns.append(_Column(None, uniq, rows) if not dense_ok else _Column(uniq, None, rows))
            blocks.append(block)
            offset += len(uniq)
        none = offset
        for j, col in enumerate(columns):  # now that the zero row's index is known
            if col.keys is None:
                uniq, rows = col.dense, col.rows
                assert uniq is not None and rows is not None
                size = int(uniq[-1]) + 2 if len(uniq) else 1
                dense = np.full(size, none, dtype=np.intp)
                dense[uniq.astype(np.intp)] = rows
                columns[j] = _Column(dense, None, None)
        blocks.append(np.zeros((1, len(labels))))
        trans = np.array(data["transitions"], dtype=np.float64)
        # float32 halves the memory traffic of the gathers; sums of ~40 weights keep ~6 digits
        return cls(labels, tuple(columns), np.concatenate(blocks).astype(np.float32), trans)

    @cached_property
    def outside_bounds(self) -> _OutsideBounds:
        """Transition bounds for :func:`certainly_outside` (computed once)."""
        return _OutsideBounds.of(self.trans, self.labels.index("O"))

    @cached_property
    def _hashed(self) -> _KeyHash:
        """One hash table over every sorted-key column (the packed n-grams)."""
        return _KeyHash.build(self.columns, len(self.weights) - 1)

    @cached_property
    def _flat(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The lookups as flat arrays for the compiled kernel: which columns are dense, each dense
        table's offset and length in one concatenated table, and the hash table's keys and rows."""
        is_dense = np.array([c.dense is not None for c in self.columns], dtype=np.uint8)
        offsets = np.zeros(len(self.columns), dtype=np.int64)
        lengths = np.ones(len(self.columns), dtype=np.int64)
        tables, at = [], 0
        for j, col in enumerate(self.columns):
            if col.dense is not None:
                offsets[j], lengths[j] = at, len(col.dense)
                tables.append(col.dense.astype(np.int64))
                at += len(col.dense)
        dense = np.concatenate(tables) if tables else np.zeros(1, dtype=np.int64)
        hashed = self._hashed
        return (
            is_dense,
            offsets,
            lengths,
            dense,
            np.ascontiguousarray(hashed.table_keys, dtype=np.int64),
            np.ascontiguousarray(hashed.table_rows, dtype=np.int64),
        )

    def emissions(self, keys: np.ndarray) -> np.ndarray:
        """(n, L) state scores: the sum of the weights of every feature present.

        The weights are added column by column in template order, so every score
        is the same float32 sum whatever the lookup path (dense table or hash,
        compiled kernel or numpy).
        """
        n = keys.shape[1]
        out = np.zeros((n, len(self.labels)), dtype=np.float32)
        if not n:
            return out
        native = ner_native.kernels()
        if native is not None:
            ikeys = np.ascontiguousarray(keys).view(np.int64) if keys.dtype == np.uint64 else keys.astype(np.int64)
            is_dense, offsets, lengths, dense, table_keys, table_rows = self._flat
            native.emissions(
                np.ascontiguousarray(ikeys), len(self.columns), n, is_dense, offsets, lengths, dense,
                table_keys, table_rows, self._hashed.bits, self._hashed.max_probe,
                self.weights, len(self.labels), len(self.weights) - 1, out,
            )  # fmt: skip
            return out
        tmp = np.empty_like(out)
        ikeys = keys.view(np.int64) if keys.dtype == np.uint64 else keys.astype(np.int64)  # all keys < 2**63
        hashed = self._hashed
        sorted_rows = hashed.rows(ikeys)
        present = np.count_nonzero(keys, axis=1).tolist()
        for j, (col, m) in enumerate(zip(self.columns, present, strict=True)):
            if not m:
                continue
            key = ikeys[j]
            k = hashed.slot.get(j)
            if m * 4 < n:  # mostly absent (gazetteer and lexicon flags): touch only the hits
                hit = np.flatnonzero(key)
                rows = sorted_rows[k, hit] if k is not None else col.dense_rows(key[hit])
                out[hit] += np.take(self.weights, rows, axis=0)
            else:
                rows = sorted_rows[k] if k is not None else col.dense_rows(key)
                np.take(self.weights, rows, axis=0, out=tmp)  # take: ~2x faster than []
                out += tmp
        return out


@dataclass(frozen=True)
class _OutsideBounds:
    """How much the transitions can favour a run of k name labels over k ``O``s: at most
    ``k * gain + c``, with ``c`` by where the run sits in its chunk (see :func:`certainly_outside`)."""

    outside: int
    gain: float  # best name→name transition minus O→O: what one more name step can win
    inner: float  # a run with O on both sides
    at_start: float  # a run that opens the chunk (no transition into it)
    at_end: float  # a run that closes the chunk
    whole: float  # a run over the whole chunk

    @classmethod
    def of(cls, trans: np.ndarray, outside: int) -> _OutsideBounds:
        t = trans.astype(np.float64)
        names = [i for i in range(len(t)) if i != outside]
        oo = t[outside, outside]
        into = t[outside, names].max()  # O → name
        out_of = t[names, outside].max()  # name → O
        best = t[np.ix_(names, names)].max()  # name → name
        # a run of k names replaces k + 1 (inner), k (at either edge) or k - 1 (whole) O→O steps
        return cls(outside, best - oo, into + out_of - best - oo, out_of - best, into - best, oo - best)


#: Safety margin of the pruning test against rounding (scores are float32 sums of ~40 weights).
_PRUNE_EPS = 1e-3


def certainly_outside(emit: np.ndarray, starts: np.ndarray, bounds: _OutsideBounds) -> np.ndarray:
    """Which chunks certainly decode to ``O`` everywhere, so Viterbi can skip them (exactly).

    ``emit``: (n, L) state scores of all chunks; chunk i is rows ``starts[i]:starts[i + 1]``.

    Replacing the ``O``s at positions s … e by names changes a path's score by at most
    ``-Σ δ_t + k · gain + c`` where ``δ_t`` is how far ``O`` leads the best name label at t
    (emissions) and ``k · gain + c`` bounds what the transitions can add (:class:`_OutsideBounds`).
    Any other path differs from all-``O`` by such runs, each scored on its own, so when every
    run of every kind loses, all-``O`` is the best path and no name can come out of the chunk.
    The test takes minimum sums of ``δ_t - gain`` over all stretches, prefixes and suffixes
    of a chunk (each kind of stretch against the laxest bound that could apply). In work
    reports about half of the characters sit in chunks it clears.
    """
    lens = np.diff(starts)
    out = np.zeros(len(lens), dtype=bool)
    live = lens > 0
    if not live.any():
        return out
    e = emit.astype(np.float64)
    o = bounds.outside
    rest = np.delete(e, o, axis=1).max(axis=1)
    x = e[:, o] - rest - bounds.gain
    chunk = np.repeat(np.arange(len(lens)), lens)
    incl = np.cumsum(x)
    excl = incl - x
    base = excl[starts[:-1][live]]
    base_rows = np.repeat(base, lens[live])
    incl -= base_rows  # prefix sums inside each chunk, up to and including the row
    excl -= base_rows  # … and before it
    # running maximum of the earlier prefix sums, restarted at every chunk by a per-chunk offset
    big = 4.0 * (np.abs(incl).max() + np.abs(excl).max() + 1.0)
    shift = big * chunk
    peak = np.maximum.accumulate(excl + shift) - shift
    first = starts[:-1][live]
    last = starts[1:][live] - 1
    worst_stretch = np.minimum.reduceat(incl - peak, first)
    worst_prefix = np.minimum.reduceat(incl, first)
    total = incl[last]
    worst_suffix = total - np.maximum.reduceat(excl, first)
    out[live] = (
        (worst_stretch > bounds.inner + _PRUNE_EPS)
        & (worst_prefix > bounds.at_start + _PRUNE_EPS)
        & (worst_suffix > bounds.at_end + _PRUNE_EPS)
        & (total > bounds.whole + _PRUNE_EPS)
    )
    return out


_HASH_MULT = np.uint64(0x9E3779B97F4A7C15)
_EMPTY = -1


@dataclass(frozen=True)
class _KeyHash:
    """Open-addressing hash of (template, key) → weight row for the sorted-key columns.

    A binary search over ~8,000 keys per n-gram template cost more than all
    other lookups together; one probe usually settles a key here. Keys are at
    most 58 bits, so the template's index fits above them: one table serves all.
    """

    slot: dict[int, int]  # column index → row of the query matrix
    columns: np.ndarray  # column indices, in ``slot`` order
    table_keys: np.ndarray  # (size + max_probe,) tagged keys, _EMPTY where free
    table_rows: np.ndarray
    bits: int
    max_probe: int
    none: int

    @classmethod
    def build(cls, columns: Sequence[_Column], none: int) -> _KeyHash:
        idx = [j for j, c in enumerate(columns) if c.keys is not None]
        parts = [columns[j].keys.astype(np.int64) | (np.int64(j) << 58) for j in idx]  # type: ignore[union-attr]
        keys = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
        rows = (
            np.concatenate([columns[j].rows for j in idx]).astype(np.int64)  # type: ignore[misc]
            if parts
            else np.zeros(0, dtype=np.int64)
        )
        bits = max(4, int(np.ceil(np.log2(max(len(keys), 1) * 4))))
        hashed = _hash(keys, bits)
        table_keys = np.full((1 << bits) + 1, _EMPTY, dtype=np.int64)
        table_rows = np.full((1 << bits) + 1, none, dtype=np.int64)
        pending = np.arange(len(keys))
        probe = 0
        while len(pending):  # linear probing, all keys of one probe distance at a time
            need = (1 << bits) + probe + 1
            if len(table_keys) < need:
                table_keys = np.concatenate([table_keys, np.full(need - len(table_keys), _EMPTY, np.int64)])
                table_rows = np.concatenate([table_rows, np.full(need - len(table_rows), none, np.int64)])
            at = hashed[pending] + probe
            free = table_keys[at] == _EMPTY
            taken, first = np.unique(at[free], return_index=True)
            won = pending[free][first]
            table_keys[taken] = keys[won]
            table_rows[taken] = rows[won]
            placed = np.zeros(len(keys), dtype=bool)
            placed[won] = True
            pending = pending[~placed[pending]]
            probe += 1
        # a key sits at hash + p with slots hash … hash + p - 1 all taken: a probe stops at a free slot
        return cls(
            {j: k for k, j in enumerate(idx)},
            np.array(idx, dtype=np.intp),
            table_keys,
            table_rows,
            bits,
            max(probe - 1, 0),
            none,
        )

    def rows(self, keys: np.ndarray) -> np.ndarray:
        """(len(columns), n) weight rows of the sorted-key columns of ``keys`` (int64, all templates)."""
        n = keys.shape[1]
        if not len(self.columns):
            return np.zeros((0, n), dtype=np.int64)
        query = (keys[self.columns] | (self.columns.astype(np.int64) << 58)[:, None]).ravel()
        at = _hash(query, self.bits)
        # first probe for every key at once: most keys are settled there (found, or a free slot)
        got = self.table_keys[at]
        out = self.table_rows[at]  # a free slot holds the zero row
        miss = got != query
        out[miss] = self.none
        todo = np.flatnonzero(miss & (got != _EMPTY))  # slot taken by another key: probe on
        at, query = at[todo], query[todo]
        for probe in range(1, self.max_probe + 1):
            if not len(todo):
                break
            got = self.table_keys[at + probe]
            hit = got == query
            out[todo[hit]] = self.table_rows[at[hit] + probe]
            more = ~hit & (got != _EMPTY)
            todo, at, query = todo[more], at[more], query[more]
        return out.reshape(len(self.columns), n)


def _hash(keys: np.ndarray, bits: int) -> np.ndarray:
    """Fibonacci hashing of non-negative int64 keys into ``bits`` bits."""
    return ((keys.astype(np.uint64) * _HASH_MULT) >> np.uint64(64 - bits)).astype(np.intp)


def weights_from_crfsuite(model: Path, templates: Sequence[str]) -> dict[str, Any]:
    """The CRF's weights as plain tables (labels, transitions, per-template state features).

    One reader for both uses: the training script exports these tables as
    ``ner_weights.json``, and a model shipped without that file is read here.
    """
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    info = tagger.info()
    labels = tagger.labels()
    index = {lab: i for i, lab in enumerate(labels)}
    trans = [[0.0] * len(labels) for _ in labels]
    for (a, b), w in info.transitions.items():
        trans[index[a]][index[b]] = w
    state: dict[str, list[list[Any]]] = {t: [] for t in templates}
    for (attr, label), w in info.state_features.items():
        tpl, _, key = attr.partition(":")
        state.setdefault(tpl, []).append([int(key), index[label], w])
    return {"labels": labels, "templates": list(templates), "transitions": trans, "state": state}


def _merged() -> bool:
    """Whether the shipped weights table is a merge of two CRFs (``train_ner.py --poe-nowords``)."""
    return bool(_meta().get("trainer", {}).get("poe_nowords"))


def _load_weights(config: FeatureConfig) -> _Weights:
    path = model_path(WEIGHTS_FILE)
    if not path.is_file():
        if _merged():  # ner.crfsuite holds only one of the two models: never fall back to it silently
            raise ModelMissingError(
                str(path), f"the NER weights table (a merge of two CRFs) is missing; run: {TRAIN_COMMAND}"
            )
        # derive from the crfsuite file (slow, but keeps a bare model usable)
        return _Weights.from_json(weights_from_crfsuite(model_file(), config.templates()), config.templates())
    shipped = read_shipped_arrays(path)
    if shipped is not None:
        return shipped
    cached = _read_cache(path)
    if cached is not None:
        return cached
    weights = _Weights.from_json(json.loads(path.read_text(encoding="utf-8")), config.templates())
    _write_cache(path, weights)
    return weights


#: The weights table as built arrays, compressed, beside the JSON it was built from: the very
#: first run on a new machine loads it in 0.05 s instead of decoding 5.5 MB of JSON (0.4 s).
SHIPPED_ARRAYS = "ner_weights.npz"


def _arrays(w: _Weights) -> dict[str, np.ndarray]:
    arrays: dict[str, np.ndarray] = {
        "labels": np.array(w.labels),
        "weights": w.weights,
        "trans": w.trans,
        "n_columns": np.array(len(w.columns)),
    }
    for i, col in enumerate(w.columns):
        if col.dense is not None:
            arrays[f"d{i}"] = col.dense
        else:
            assert col.keys is not None and col.rows is not None
            arrays[f"k{i}"], arrays[f"r{i}"] = col.keys, col.rows
    return arrays


def _from_arrays(z: Any) -> _Weights:
    columns = []
    for i in range(int(z["n_columns"])):
        if f"d{i}" in z:
            columns.append(_Column(z[f"d{i}"], None, None))
        else:
            columns.append(_Column(None, z[f"k{i}"], z[f"r{i}"]))
    return _Weights(tuple(str(x) for x in z["labels"]), tuple(columns), z["weights"], z["trans"])


def write_shipped_arrays(json_path: Path | None = None) -> Path:
    """Build ``ner_weights.npz`` from the weights JSON (the trainer calls this after writing it)."""
    json_path = json_path or model_path(WEIGHTS_FILE)
    w = _Weights.from_json(json.loads(json_path.read_text(encoding="utf-8")), _config().templates())
    out = json_path.with_name(SHIPPED_ARRAYS)
    write_checked_npz(out, json_path, **_arrays(w))
    return out


def read_shipped_arrays(json_path: Path) -> _Weights | None:
    """The shipped arrays when they were built from exactly ``json_path`` (sha256), else None."""
    arrays = read_checked_npz(json_path.with_name(SHIPPED_ARRAYS), json_path)
    return None if arrays is None else _from_arrays(arrays)


def _cache_file(path: Path) -> Path | None:
    """Per-user cache of the built arrays (numpy .npz, no pickle), keyed by the weights file.

    Decoding the 5.5 MB JSON costs ~0.4 s of every cold ``baogao check``.
    """
    cache = derived_cache("ner", path.resolve(), "v1")
    return None if cache is None else cache.with_name(cache.name + ".npz")


def _read_cache(path: Path) -> _Weights | None:
    cache = _cache_file(path)
    if cache is None or not cache.is_file():
        return None
    try:
        with np.load(cache, allow_pickle=False) as z:
            return _from_arrays(z)
    except (OSError, ValueError, KeyError):
        return None


def _write_cache(path: Path, w: _Weights) -> None:
    cache = _cache_file(path)
    if cache is not None:  # (a read-only home only costs the JSON decode next time)
        data = io.BytesIO()
        np.savez(data, **_arrays(w))
        write_cache(cache, data.getvalue())


@lru_cache(maxsize=2)
def _weights_for(path: Path) -> _Weights:
    return _load_weights(_config())


def _weights() -> _Weights:
    """The model's weights, loaded once per process (read-only, so threads share them)."""
    path = model_file()
    if not path.is_file():
        raise ModelMissingError(str(path), f"NER model not trained; run: {TRAIN_COMMAND}")
    return _weights_for(path)


def chunks(text: str, *, max_len: int = MAX_CHUNK) -> Iterator[tuple[int, str]]:
    """Split ``text`` into (offset, chunk) at sentence ends, capping chunk length.

    An over-long sentence is cut at the last soft break (comma, colon, blank)
    before ``max_len``, or hard at ``max_len`` when there is none.
    """
    start = 0
    n = len(text)
    while start < n:
        m = _SENTENCE_END.search(text, start, min(n, start + max_len))
        if m is not None:
            end = m.end()
        elif start + max_len >= n:
            end = n
        else:
            end = start + max_len
            soft = [b.end() for b in _SOFT_BREAK.finditer(text, start + max_len // 2, end)]
            if soft:
                end = soft[-1]
        piece = text[start:end]
        if piece.strip():
            yield start, piece
        start = end


def spans_from_tags(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Decode BIO or BIOES tags into (start, end, label) spans, leniently.

    An ``I-``/``E-`` without an open span of the same label starts one (the CRF
    rarely does this, but a lost name is worse than a slightly odd boundary).
    A model may tag finer classes (``B-ORG.company``): only the part before the
    dot is the label.
    """
    spans: list[tuple[int, int, str]] = []
    cur_start, cur_label = -1, ""
    for i, tag in enumerate(tags):
        prefix, _, label = tag.partition("-")
        label = label.partition(".")[0]
        if prefix in ("B", "S") or prefix == "O" or label != cur_label:
            if cur_label:
                spans.append((cur_start, i, cur_label))
            cur_start, cur_label = (i, label) if prefix != "O" else (-1, "")
        if prefix in ("S", "E") and cur_label:
            spans.append((cur_start, i + 1, cur_label))
            cur_start, cur_label = -1, ""
    if cur_label:
        spans.append((cur_start, len(tags), cur_label))
    return spans


#: Sequences decoded together: bounds the padded (steps, batch, labels) arrays.
_BATCH = 512


def merge_adjacent(
    spans: Sequence[tuple[int, int, str]], *, label: str = "LOCATION"
) -> list[tuple[int, int, str]]:
    """Join ``label`` spans that touch (``北京市`` + ``海淀区`` → one address).

    Why: CLUENER marks a whole address as one span, and two place names that
    touch are almost never two gold spans (19 of 2,891 in train), while the
    CRF sometimes closes a span at an inner ``市``/``区``.
    """
    out: list[tuple[int, int, str]] = []
    for s, e, lab in sorted(spans):
        if out and lab == label and out[-1][2] == label and out[-1][1] == s:
            out[-1] = (out[-1][0], e, label)
        else:
            out.append((s, e, lab))
    return out


def _merge_scored(spans: Sequence[tuple[int, int, str, float]]) -> list[tuple[int, int, str, float]]:
    """:func:`merge_adjacent` for scored spans (score: length-weighted mean)."""
    score_of = {(s, e, lab): sc for s, e, lab, sc in spans}
    out = []
    for s, e, lab in merge_adjacent([(s, e, lab) for s, e, lab, _ in spans]):
        if (s, e, lab) in score_of:
            out.append((s, e, lab, score_of[s, e, lab]))
        else:
            parts = [(ps, pe, sc) for ps, pe, pl, sc in spans if pl == lab and s <= ps and pe <= e]
            out.append((s, e, lab, sum((pe - ps) * sc for ps, pe, sc in parts) / (e - s)))
    return out


def _active(lens: np.ndarray, steps: int) -> list[int]:
    """For each step t, how many sequences are longer than t (a prefix: lengths are non-increasing)."""
    return np.searchsorted(-lens, -np.arange(steps), side="left").tolist()


def _viterbi(trans: np.ndarray, emit: np.ndarray, lens: np.ndarray) -> np.ndarray:
    """Best label ids, (T, B), for a batch of sequences (rows past a sequence's end: its last label).

    Args:
        trans: (L, L) transition weights, previous label × label.
        emit: (T, B, L) state scores, time-major; sequences sorted by length
            (longest first) and padded at the end.
        lens: (B,) lengths, non-increasing.

    The step is one broadcast sum (label × previous label, previous label last so
    the argmax runs over contiguous memory), its argmax (the first best previous
    label, as in the textbook loop) and a gather of the best values. A finished
    sequence keeps its score and gets identity back-pointers, so one gather per
    step walks back.
    """
    steps, n_seq, n_lab = emit.shape
    active = _active(lens, steps)
    trans_t = np.ascontiguousarray(trans.T)
    score = emit[0].copy()
    back = np.empty((steps, n_seq, n_lab), dtype=np.intp)
    back[:] = np.arange(n_lab)
    cand = np.empty((n_seq, n_lab, n_lab))
    flat = cand.reshape(-1)
    base = np.arange(n_seq * n_lab, dtype=np.intp) * n_lab
    pick = np.empty(n_seq * n_lab, dtype=np.intp)
    for t in range(1, steps):
        b = active[t]
        c = cand[:b]
        np.add(score[:b, None, :], trans_t, out=c)
        best = back[t, :b]
        c.argmax(axis=2, out=best)
        # the best candidate's value is the max (a gather is ~3x faster than max over 13 entries)
        k = b * n_lab
        np.add(base[:k], best.reshape(-1), out=pick[:k])
        np.add(flat.take(pick[:k]).reshape(b, n_lab), emit[t, :b], out=score[:b])
    path = np.empty((steps, n_seq), dtype=np.intp)
    cur = score.argmax(axis=1)
    path[steps - 1] = cur
    rows = np.arange(n_seq)
    for t in range(steps - 1, 0, -1):
        cur = back[t, rows, cur]
        path[t - 1] = cur
    return path


def _forward_backward(
    trans: np.ndarray, emit: np.ndarray, lens: np.ndarray, first: int = 0, stop: int | None = None
) -> np.ndarray:
    """Unnormalised posteriors alpha * beta, (T, B, L), by scaled forward-backward.

    Only steps ``first`` … ``stop - 1`` are wanted: the forward pass stops there
    and the backward pass starts nowhere later than needed. Other steps of the
    result (and padded steps) are meaningless.
    """
    steps = emit.shape[0]
    stop = steps if stop is None else stop
    active = _active(lens, steps)
    pe = np.exp(emit - emit.max(axis=2, keepdims=True))
    pt = np.exp(trans - trans.max())
    alpha = np.ones_like(pe)  # padded steps stay 1: harmless, never read
    a = pe[0]
    alpha[0] = a / a.sum(axis=1, keepdims=True)
    for t in range(1, stop):
        b = active[t]
        a = alpha[t - 1, :b] @ pt
        a *= pe[t, :b]
        np.divide(a, a.sum(axis=1, keepdims=True), out=alpha[t, :b])
    beta = np.ones_like(pe)
    ptt = pt.T.copy()
    for t in range(steps - 2, first - 1, -1):
        b = active[t + 1]
        nb = (pe[t + 1, :b] * beta[t + 1, :b]) @ ptt
        np.divide(nb, nb.sum(axis=1, keepdims=True), out=beta[t, :b])
    return alpha * beta


def _marginals(
    trans: np.ndarray,
    emit: np.ndarray,
    lens: np.ndarray,
    path: np.ndarray,
    span: tuple[int, int] | None = None,
) -> np.ndarray:
    """Marginal probability of each chosen label, (T, B), by scaled forward-backward.

    ``span`` = (first, stop): only steps first … stop - 1 are wanted (where the
    spans are). Other steps of the result are meaningless.
    """
    first, stop = (0, emit.shape[0]) if span is None else span
    post = _forward_backward(trans, emit, lens, first, stop)
    chosen = np.take_along_axis(post, path[:, :, None], axis=2)[:, :, 0]
    return chosen / post.sum(axis=2)


def _posteriors(trans: np.ndarray, emit: np.ndarray, lens: np.ndarray) -> np.ndarray:
    """Marginal probability of every label, (T, B, L); each real step's row sums to 1."""
    post = _forward_backward(trans, emit, lens)
    return post / post.sum(axis=2, keepdims=True)


def padded_batches(
    emit_all: np.ndarray, starts: np.ndarray, size: int = _BATCH, skip: np.ndarray | None = None
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """The chunks (rows ``starts[i]:starts[i + 1]`` of ``emit_all``), longest first, in groups of
    ``size``: (chunk indices, their lengths, a zero-padded time-major (T, group, L) array).
    Empty chunks, and those where ``skip`` is true, are left out."""
    lens = np.diff(starts)
    order = np.argsort(-lens, kind="stable")
    order = order[lens[order] > 0]
    if skip is not None:
        order = order[~skip[order]]
    for g in range(0, len(order), size):
        group = order[g : g + size]
        glens = lens[group]
        # scatter each chunk's rows into the padded time-major array
        rank = np.repeat(np.arange(len(group)), glens)
        t_idx = np.arange(int(glens.sum())) - np.repeat(np.cumsum(glens) - glens, glens)
        emit = np.zeros((int(glens[0]), len(group), emit_all.shape[1]))
        emit[t_idx, rank] = emit_all[np.repeat(starts[group], glens) + t_idx]
        yield group, glens, emit


def _tag_pieces(pieces: Sequence[str], config: FeatureConfig) -> list[list[tuple[int, int, str, float]]]:
    """Spans (start, end, label, mean marginal) of the NER model for every chunk."""
    return _tag_models(pieces, config, [_weights()])[0]


def _tag_models(
    pieces: Sequence[str],
    config: FeatureConfig,
    models: Sequence[_Weights],
    run_min: Sequence[Runs | None] | None = None,
    span_model: ner_spans.SpanModel | None = None,
) -> list[list[list[tuple[int, int, str, float]]]]:
    """Spans for every chunk, one list per model: several CRFs over the same feature set (the
    NER model and the sensitive-span tagger, see :mod:`.sensitive_tagger`) decode the feature
    keys computed once. ``run_min`` gives, per model, the name probability of :func:`_add_runs`
    (None: Viterbi spans only). With ``span_model``, one list more at the end: the span
    model's choice among the first model's candidate spans (:mod:`.ner_spans`)."""
    out: list[list[list[tuple[int, int, str, float]]]] = [[[] for _ in pieces] for _ in models]
    if span_model is not None:
        out.append([[] for _ in pieces])
    if not pieces:
        return out
    keys, starts = encode(pieces, config=config)
    for i, (weights, spans, least) in enumerate(zip(models, out, run_min or [None] * len(models))):
        emit_all, skip = _decode(weights, keys, starts, spans, least)
        if i == 0 and span_model is not None:
            _rescore(weights, emit_all, starts, skip, spans, pieces, span_model, out[-1])
    return out


def _decode(
    weights: _Weights,
    keys: np.ndarray,
    starts: np.ndarray,
    out: list[list[tuple[int, int, str, float]]],
    run_min: Runs | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Viterbi spans and their mean marginals of one CRF over encoded chunks, into ``out``;
    with ``run_min``, also the runs of likely name characters (:func:`_add_runs`). Returns the
    emission scores and which chunks :func:`certainly_outside` skipped (for :func:`span_chunks`)."""
    emit_all = weights.emissions(keys)
    skip = certainly_outside(emit_all, starts, weights.outside_bounds)
    native = ner_native.kernels()
    if native is not None:
        _decode_native(native, weights, emit_all, starts, skip, out)
    else:
        _decode_numpy(weights, emit_all, starts, skip, out)
    if run_min is not None:
        _add_runs(weights, emit_all, starts, run_min.least, out, guesses=run_min.guesses)
    return emit_all, skip


def _rescore(
    weights: _Weights,
    emit_all: np.ndarray,
    starts: np.ndarray,
    skip: np.ndarray,
    viterbi: list[list[tuple[int, int, str, float]]],
    pieces: Sequence[str],
    model: ner_spans.SpanModel,
    out: list[list[tuple[int, int, str, float]]],
) -> None:
    """The span model's choice among the CRF's candidate spans (:mod:`.ner_spans`), into ``out``."""
    ids, chunks = span_chunks(weights, emit_all, starts, skip, min_p=model.min_p)
    found = ner_spans.rescore([pieces[c] for c in ids], chunks, [viterbi[c] for c in ids], weights.labels, model)
    for c, spans in zip(ids, found, strict=True):
        out[c] = spans


def span_chunks(
    weights: _Weights, emit_all: np.ndarray, starts: np.ndarray, skip: np.ndarray, *, min_p: float
) -> tuple[list[int], list[ner_spans.Chunk]]:
    """The candidate spans (:func:`.ner_spans.span_probabilities`) of every chunk not skipped,
    with the compiled kernel or numpy. Chunks :func:`certainly_outside` skipped hold none: where
    no labelling with a name comes near the best all-``O`` one, no span is a likely name either."""
    trans = np.asarray(weights.trans, dtype=np.float64)
    native = ner_native.kernels()
    if native is not None:
        ids = np.flatnonzero(~skip & (np.diff(starts) > 0))
        return ids.tolist(), ner_spans.native_candidates(
            native, weights.labels, trans, emit_all, starts, ids, min_p=min_p
        )
    ids_out: list[int] = []
    chunks: list[ner_spans.Chunk] = []
    for group, glens, emit in padded_batches(emit_all, starts, skip=skip):
        ids_out += group.tolist()
        chunks += ner_spans.span_probabilities(weights.labels, trans, emit, glens, min_p=min_p)
    return ids_out, chunks


def _decode_numpy(
    weights: _Weights,
    emit_all: np.ndarray,
    starts: np.ndarray,
    skip: np.ndarray,
    out: list[list[tuple[int, int, str, float]]],
) -> None:
    """:func:`_decode_native` in numpy: Viterbi per padded batch, marginals where names are."""
    labels = weights.labels
    outside = labels.index("O")
    for group, glens, emit in padded_batches(emit_all, starts, skip=skip):
        steps = int(glens[0])
        path = _viterbi(weights.trans, emit, glens)
        named = (path != outside) & (np.arange(steps)[:, None] < glens)
        found = np.flatnonzero(named.any(axis=0))
        if not len(found):
            continue
        # marginals only for the chunks that hold a name (most chunks hold none), and
        # only as far as the names reach
        at = np.flatnonzero(named[:, found].any(axis=1))
        prob = _marginals(
            weights.trans, emit[:, found], glens[found], path[:, found], (int(at[0]), int(at[-1]) + 1)
        )
        for k, j in enumerate(found.tolist()):
            n = int(glens[j])
            out[group[j]] = _chunk_spans(labels, path[:n, j], named[:n, j], prob[:n, k])


def _all_posteriors(weights: _Weights, emit_all: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """(n, L) marginal probability of every label at every character of every chunk."""
    n_lab = len(weights.labels)
    post = np.zeros((len(emit_all), n_lab))
    lens = np.diff(starts)
    if not len(emit_all):
        return post
    native = ner_native.kernels()
    if native is not None:
        ids = np.flatnonzero(lens > 0).astype(np.int64)
        native.posteriors_chunks(
            np.exp(weights.trans - weights.trans.max()).astype(np.float64), n_lab, emit_all,
            np.ascontiguousarray(starts, dtype=np.int64), ids, len(ids), post,
            np.empty(3 * int(lens.max()) * n_lab),
        )  # fmt: skip
        return post
    for group, glens, emit in padded_batches(emit_all, starts):
        prob = _posteriors(weights.trans, emit, glens)
        for j, c in enumerate(group.tolist()):
            post[starts[c] : starts[c] + glens[j]] = prob[: glens[j], j]
    return post


class Runs(NamedTuple):
    """How :func:`_add_runs` reads a model's marginals: runs of chars each at least ``least``
    likely to be inside a name, and (``guesses``) fainter runs each at least that likely."""

    least: float
    guesses: float | None = None


def _add_runs(
    weights: _Weights,
    emit_all: np.ndarray,
    starts: np.ndarray,
    least: float,
    out: list[list[tuple[int, int, str, float]]],
    *,
    guesses: float | None = None,
) -> None:
    """Add to ``out`` every run of characters each at least ``least`` likely to be inside a name.

    Viterbi gives the single best labelling, and a name the model is unsure of (a
    one-off mine or a surname it rarely saw) often loses to ``O`` there while its
    characters still carry much of the probability. A run is a span of the name type
    whose label marginals it sums most, scored by its mean name probability; it may
    overlap a Viterbi span (and widen it when its edges are likely too). Chunks are
    all read, those Viterbi skipped included.

    With ``guesses`` (below ``least``), also every run of characters each at least that
    likely in which no character reaches ``least`` and which touches no span found so far:
    fainter guesses that stand apart, so they never move the edges of the spans above.
    """
    labels = weights.labels
    outside = labels.index("O")
    post = _all_posteriors(weights, emit_all, starts)
    name = 1.0 - post[:, outside]
    floor = least if guesses is None else min(least, guesses)
    hot = name >= floor
    if not hot.any():
        return
    strong = name >= least
    kinds, member = ner_spans.kinds_of(tuple(labels))
    lens = np.diff(starts)
    before = np.concatenate(([0], np.cumsum(hot)))  # hot characters before each row
    counts = before[starts[1:]] - before[starts[:-1]]
    for c in np.flatnonzero((lens > 0) & (counts > 0)).tolist():
        s, e = int(starts[c]), int(starts[c + 1])
        have = [(x, y) for x, y, _, _ in out[c]]
        runs = [(a, b) for a, b in _runs_of(strong[s:e]) if (a, b) not in have]
        if guesses is not None and guesses < least:
            taken = have + runs
            runs += [
                (a, b) for a, b in _runs_of(hot[s:e])
                if not strong[s + a : s + b].any() and all(y <= a or b <= x for x, y in taken)
            ]  # fmt: skip
        if runs:
            scored = [
                (a, b, kinds[int((post[s + a : s + b] @ member).sum(axis=0).argmax())], float(name[s + a : s + b].mean()))
                for a, b in runs
            ]  # fmt: skip
            out[c] = sorted(out[c] + scored)


def _runs_of(hot: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) of every run of True in ``hot``."""
    if not hot.any():
        return []
    edges = np.flatnonzero(np.diff(np.concatenate(([0], hot.astype(np.int8), [0]))))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True))


def _chunk_spans(
    labels: Sequence[str], path: np.ndarray, named: np.ndarray, prob: np.ndarray
) -> list[tuple[int, int, str, float]]:
    """Spans (start, end, label, mean marginal) of one chunk from its label ids, which of them
    are names, and their marginals; decoded only from the first to the last name tag (the O
    runs around them hold no span)."""
    inside = np.flatnonzero(named)
    a, b = int(inside[0]), int(inside[-1]) + 1
    tags = [labels[i] for i in path[a:b].tolist()]
    return [(s + a, e + a, lab, float(prob[s + a : e + a].mean())) for s, e, lab in spans_from_tags(tags)]


def _decode_native(
    native: ner_native.Kernels,
    weights: _Weights,
    emit: np.ndarray,
    starts: np.ndarray,
    skip: np.ndarray,
    out: list[list[tuple[int, int, str, float]]],
) -> None:
    """:func:`_tag_pieces`' decoding with the compiled kernels: Viterbi over every chunk not
    skipped, then marginals for the chunks that hold a name (same spans, same scores)."""
    labels = weights.labels
    outside = labels.index("O")
    n_lab = len(labels)
    lens = np.diff(starts)
    path = np.full(len(emit), outside, dtype=np.int64)
    live = (~skip & (lens > 0)).astype(np.uint8)
    if not live.any():
        return
    longest = int(lens.max())
    trans = np.ascontiguousarray(weights.trans, dtype=np.float64)
    starts = np.ascontiguousarray(starts, dtype=np.int64)
    native.viterbi(
        trans, n_lab, emit, starts, len(lens), live, path,
        np.empty(longest * n_lab, dtype=np.int64), np.empty(n_lab), np.empty(n_lab),
    )  # fmt: skip
    named = path != outside
    has_name = np.add.reduceat(named.astype(np.int64), starts[:-1]) if len(emit) else np.zeros(0)
    chunks_named = np.flatnonzero((lens > 0) & (has_name > 0))
    if not len(chunks_named):
        return
    pt = np.exp(trans - trans.max())
    prob = np.zeros(len(emit))
    native.marginals_chunks(
        pt, n_lab, emit, starts, chunks_named.astype(np.int64), len(chunks_named), path, prob,
        np.empty(3 * longest * n_lab),
    )  # fmt: skip
    for c in chunks_named.tolist():
        s, e = int(starts[c]), int(starts[c + 1])
        out[c] = _chunk_spans(labels, path[s:e], named[s:e], prob[s:e])


#: Characters tagged in one numpy batch. The feature keys and emission scores of a
#: batch take some 500 bytes per character, so a 350,000-character report in one
#: batch added over 100 MB to a worker; batches of this size keep it to a few MB
#: and cost nothing measurable in speed (chunks are still tagged many at a time).
BATCH_CHARS = 20_000


def _tag_in_batches(
    pieces: Sequence[str],
    config: FeatureConfig,
    models: Sequence[_Weights],
    run_min: Sequence[Runs | None] | None = None,
    span_model: ner_spans.SpanModel | None = None,
) -> list[list[list[tuple[int, int, str, float]]]]:
    """:func:`_tag_models` over consecutive groups of about ``BATCH_CHARS`` characters."""
    out: list[list[list[tuple[int, int, str, float]]]] = [[] for _ in range(len(models) + (span_model is not None))]
    start, size = 0, 0
    bounds = []
    for i, piece in enumerate(pieces):
        size += len(piece)
        if size >= BATCH_CHARS:
            bounds.append((start, i + 1))
            start, size = i + 1, 0
    bounds.append((start, len(pieces)))
    for a, b in bounds:
        for mine, more in zip(out, _tag_models(pieces[a:b], config, models, run_min, span_model), strict=True):
            mine += more
    return out


_OPEN = "(（"
_CLOSE = ")）"


def _balance(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop the unpaired round bracket a span starts or stops at (``欧佩克）`` → ``欧佩克``).

    A character tagger can stop inside a parenthesis or run one character past
    it. In CLUENER's training names a parenthesis right after a name is mostly
    left out (181 of 265: 沃尔贝克（gertjanverbeek）), so an unpaired opening
    bracket ends the span (or, leading it, is dropped), and an unpaired closing
    bracket at either edge is dropped. A pair wrapping the whole span is dropped
    too (（欧佩克） → 欧佩克: 72 of 93 bracketed names are annotated without it).
    Pairs inside stay: 渣打银行（香港）有限公司.
    """
    opened: list[int] = []
    unpaired: list[int] = []
    for i in range(start, end):
        ch = text[i]
        if ch in _OPEN:
            opened.append(i)
        elif ch in _CLOSE:
            if opened:
                opened.pop()
            else:
                unpaired.append(i)
    if unpaired:
        if unpaired[-1] == end - 1:
            end -= 1
        if unpaired[0] == start:
            start += 1
    if opened:
        k = opened[0]
        if k == start and len(opened) == 1 and start + 1 < end:
            start += 1
        else:
            end = k
    elif end - start > 2 and text[start] in _OPEN and text[end - 1] in _CLOSE and _pairs_at(text, start, end):
        start, end = start + 1, end - 1  # （欧佩克） → 欧佩克
    return start, end


def _pairs_at(text: str, start: int, end: int) -> bool:
    """Whether the bracket at ``start`` is closed by the one at ``end - 1``."""
    depth = 0
    for i in range(start, end):
        if text[i] in _OPEN:
            depth += 1
        elif text[i] in _CLOSE:
            depth -= 1
            if depth == 0:
                return i == end - 1
    return False


def _clean(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Trim blanks around a span and pair its brackets; drop spans that are only punctuation/digits."""
    if any(ch in _OPEN or ch in _CLOSE for ch in text[start:end]):
        start, end = _balance(text, start, end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end <= start or _NOT_NAME.match(text[start:end]):
        return None
    return start, end


def span_model() -> ner_spans.SpanModel | None:
    """The span model fitted for the shipped weights table (None: none, or fitted for another)."""
    return ner_spans.load(model_path(WEIGHTS_FILE))


def find(
    text: str,
    *,
    extra: Any = None,
    extra_source: str = "",
    extra_runs: float | None = None,
    extra_guesses: float | None = None,
    spans: bool = False,
) -> list[Finding]:
    """PERSON / ORG / LOCATION mentions in ``text``, offsets into ``text``.

    Args:
        text: any length; processed sentence by sentence, all sentences in one batch.
        extra: the weights of a second CRF over the same features (the report-trained
            sensitive-span tagger), decoded from the same feature keys; its spans come
            with ``source=extra_source``.
        extra_runs: with ``extra``, its spans also include every run of characters
            each at least this likely to be inside a name (see :func:`_add_runs`).
        extra_guesses: with ``extra_runs``, also the runs each at least this likely whose chars
            all stay below ``extra_runs`` (guesses, apart from every other span; see :func:`_add_runs`).
        spans: also the span model's names (:mod:`.ner_spans`), ``source="ner_spans"``,
            ``score`` = its probability; none when no span model fits the weights.

    Returns:
        Findings with ``source="ner"`` and ``score`` = mean marginal
        probability of the predicted tags over the span.

    Raises:
        ModelMissingError: the model file is absent (message names the training command).
    """
    models = [_weights()]  # raise early, even for empty text, when the model is missing
    sources = [SOURCE]
    run_min: list[Runs | None] = [None]
    if extra is not None:
        models.append(extra)
        sources.append(extra_source)
        run_min.append(None if extra_runs is None else Runs(extra_runs, extra_guesses))
    config = _config()
    pieces = [(offset, piece) for offset, piece in chunks(text) if _HAN.search(piece)]
    findings: list[Finding] = []
    rescorer = span_model() if spans else None
    if rescorer is not None:
        sources.append(SPANS_SOURCE)
    tagged_by_model = _tag_in_batches([p for _, p in pieces], config, models, run_min, rescorer)
    for source, tagged in zip(sources, tagged_by_model, strict=True):
        # where the span model names the entities, the Viterbi spans are for masking only
        attrs = {MASKING_ONLY: True} if source == SOURCE and rescorer is not None else {}
        for (offset, piece), found in zip(pieces, tagged, strict=True):
            for start, end, label, score in _merge_scored(found) if MERGE_LOCATIONS else found:
                cleaned = _clean(piece, start, end)
                if cleaned is None:
                    continue
                s, e = cleaned[0] + offset, cleaned[1] + offset
                findings.append(
                    Finding(s, e, label, text=text[s:e], source=source, score=round(score, 4), attrs=dict(attrs))
                )
    return findings


def weights_from_arrays(z: Any) -> _Weights:
    """A CRF's weights from the arrays :func:`weights_arrays` wrote (a second model's file)."""
    return _from_arrays(z)


def weights_arrays(crfsuite_model: Path) -> dict[str, np.ndarray]:
    """The arrays of a crfsuite model trained on this module's feature set, ready for ``np.savez``."""
    return _arrays(_Weights.from_json(weights_from_crfsuite(crfsuite_model, _config().templates()), _config().templates()))

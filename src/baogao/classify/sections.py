"""Section classification: label every paragraph of a report.

Labels: preamble, review, problems, outlook, plan, closing, other (see
shared/eval/FORMAT.md). A report is a sequence — greeting, what was done, what
went wrong, where we stand, what we will do, a rallying end — so the model
reads it as one:

1. **stage 1** (logistic regression) scores each paragraph alone from char
   n-grams of its text, of its first characters and of its enclosing headings,
   plus position and cue-word counts (:mod:`baogao.classify.features`);
2. **stage 2** (logistic regression) re-scores it from the stage-1
   probabilities of itself, its neighbours, its heading and its section
   (trained on out-of-fold stage-1 output, so it learns how much to trust
   stage 1 on unseen reports);
3. **decoding**: forward–backward over a learned label-transition matrix; the
   label is the Viterbi path, the confidence its posterior marginal.

Heading cues are features, never overrides. The model is one skops file of
plain scikit-learn objects and numpy arrays, loaded with an explicit trusted
type list.
"""

from __future__ import annotations

import hashlib
import json
import time
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from baogao.classify.features import (
    LABELS,
    ParagraphContext,
    body_text,
    context_matrix,
    contexts,
    dense_features,
    fallback_parse,
    lead_text,
)
from baogao.errors import ModelMissingError, ModelTrustError
from baogao.resources import model_path

MODEL_NAME = "sections.skops"
TRAIN_HINT = (
    "train it with `baogao train sections --data shared/eval/gov_paragraphs_dev.jsonl "
    "shared/eval/corp_dev.jsonl corpora/sections/*.jsonl -o models/sections.skops` "
    "or `python scripts/train_sections.py`"
)
TRUSTED_TYPES: tuple[str, ...] = (
    "sklearn.feature_extraction.text.TfidfVectorizer",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.feature_extraction._dict_vectorizer.DictVectorizer",
    "sklearn.linear_model._logistic.LogisticRegression",
    "sklearn.preprocessing._data.StandardScaler",
    "builtins.slice",
    "numpy.float64",
    "numpy.int64",
    "numpy.dtype",
)


@dataclass(frozen=True)
class TrainOptions:
    """Hyper-parameters, measured by grouped CV (scripts/train_sections.py).

    Attributes:
        c1: Inverse regularisation of stage 1.
        c2: Inverse regularisation of stage 2.
        folds: Out-of-fold splits used to train stage 2.
        trans_weight: Weight of the log transition score in decoding.
        group_weights: Sample weight per corpus group (corporate reports are
            few but half of what we are judged on).
        seed: Seed for fold assignment.
    """

    c1: float = 4.0
    c2: float = 1.0
    folds: int = 3
    trans_weight: float = 0.5
    group_weights: tuple[tuple[str, float], ...] = (("gov", 1.0), ("corp", 3.0))
    seed: int = 0


@dataclass(frozen=True)
class LabelledDoc:
    """A training document: paragraph contexts, gold labels and corpus group."""

    id: str
    group: str
    contexts: tuple[ParagraphContext, ...]
    labels: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]  # paragraph offsets in the original text


# --- inference ----------------------------------------------------------------


def label_paragraphs(structure: Any, *, model: dict[str, Any] | None = None) -> list[tuple[str, float]]:
    """Label each paragraph of ``structure`` with (label, confidence).

    Args:
        structure: A :class:`baogao.structure.Structure` of normalised text.
        model: A loaded model (``load_model()``); the shipped one by default.

    Returns:
        One ``(label, confidence)`` per paragraph, in order.
    """
    ctxs = contexts(structure)
    if not ctxs:
        return []
    model = model if model is not None else load_model()
    marg, path = _decode(model, ctxs)
    labels = model["labels"]
    return [(labels[j], round(float(marg[i, j]), 4)) for i, j in enumerate(path)]


def load_model(path: Path | None = None) -> dict[str, Any]:
    """Load a sections model with skops, trusting only plain scikit-learn/numpy types.

    Raises:
        ModelMissingError: the file does not exist (message says how to train).
        ModelTrustError: the file holds a type outside :data:`TRUSTED_TYPES`.
    """
    path = Path(path) if path is not None else model_path(MODEL_NAME)
    return _load_cached(str(path.resolve()), path.stat().st_mtime_ns if path.exists() else 0)


@lru_cache(maxsize=4)
def _load_cached(path_str: str, mtime: int) -> dict[str, Any]:
    import skops.io as sio

    path = Path(path_str)
    if not path.is_file():
        raise ModelMissingError(path_str, f"section model not found; {TRAIN_HINT}")
    try:
        untrusted = sio.get_untrusted_types(file=path)
    except Exception as exc:  # a corrupt file is a trust failure, not a crash
        raise ModelTrustError(path_str, f"cannot inspect model file: {exc}") from exc
    bad = sorted(set(untrusted) - set(TRUSTED_TYPES))
    if bad:
        raise ModelTrustError(path_str, f"model holds untrusted types {bad}; retrain it ({TRAIN_HINT})")
    model = sio.load(path, trusted=list(TRUSTED_TYPES))
    if not isinstance(model, dict) or "stage1" not in model:
        raise ModelTrustError(path_str, "not a baogao sections model")
    return model


def _stage1_matrix(model: dict[str, Any], ctxs: Sequence[ParagraphContext]) -> sp.csr_matrix:
    return sp.hstack(
        [
            model["text_vec"].transform([body_text(c) for c in ctxs]),
            model["lead_vec"].transform([lead_text(c) for c in ctxs]),
            model["head_vec"].transform([c.heading_text for c in ctxs]),
            model["dict_vec"].transform([dense_features(c) for c in ctxs]),
        ],
        format="csr",
    )


def _decode(model: dict[str, Any], ctxs: Sequence[ParagraphContext]) -> tuple[np.ndarray, list[int]]:
    p1 = model["stage1"].predict_proba(_stage1_matrix(model, ctxs))
    x2 = model["scaler"].transform(context_matrix(p1, ctxs))
    p2 = model["stage2"].predict_proba(x2)
    w = float(model["config"]["trans_weight"])
    emit = np.log(np.clip(p2, 1e-9, 1.0))
    trans = w * model["log_trans"]
    start = w * model["log_start"]
    return _forward_backward(emit, trans, start), _viterbi(emit, trans, start)


def _viterbi(emit: np.ndarray, trans: np.ndarray, start: np.ndarray) -> list[int]:
    n, k = emit.shape
    score = start + emit[0]
    back = np.zeros((n, k), dtype=int)
    for i in range(1, n):
        cand = score[:, None] + trans
        back[i] = cand.argmax(axis=0)
        score = cand.max(axis=0) + emit[i]
    path = [int(score.argmax())]
    for i in range(n - 1, 0, -1):
        path.append(int(back[i, path[-1]]))
    return path[::-1]


def _forward_backward(emit: np.ndarray, trans: np.ndarray, start: np.ndarray) -> np.ndarray:
    n, _ = emit.shape
    la = np.zeros_like(emit)
    lb = np.zeros_like(emit)
    la[0] = start + emit[0]
    for i in range(1, n):
        la[i] = _logsumexp(la[i - 1][:, None] + trans, axis=0) + emit[i]
    for i in range(n - 2, -1, -1):
        lb[i] = _logsumexp(trans + (emit[i + 1] + lb[i + 1])[None, :], axis=1)
    post = la + lb
    post -= post.max(axis=1, keepdims=True)
    post = np.exp(post)
    return post / post.sum(axis=1, keepdims=True)


def _logsumexp(a: np.ndarray, *, axis: int) -> np.ndarray:
    m = a.max(axis=axis, keepdims=True)
    return np.squeeze(m, axis=axis) + np.log(np.exp(a - m).sum(axis=axis))


# --- training -----------------------------------------------------------------


def read_labelled(path: Path, *, group: str | None = None) -> list[LabelledDoc]:
    """Read gold-format JSONL (shared/eval/FORMAT.md) into training documents.

    The gold text is normalised and parsed exactly as at inference; each parsed
    paragraph takes the gold label it overlaps most (offsets mapped back to the
    original), so training sees what ``label_paragraphs`` will see.
    """
    docs: list[LabelledDoc] = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            rec = json.loads(line)
            if not rec.get("paragraphs"):
                continue
            g = group or ("corp" if "corp" in str(rec.get("source", "")) + str(rec.get("id", "")) else "gov")
            docs.append(_labelled_doc(rec, g))
    return docs


def _labelled_doc(rec: dict[str, Any], group: str) -> LabelledDoc:
    structure, to_original = prepare_text(rec["text"])
    gold = rec["paragraphs"]
    labels, spans = [], []
    for p in structure.paragraphs:
        s, e = to_original(p.start, p.end)
        spans.append((s, e))
        best, bo = "other", 0
        for gp in gold:
            o = min(e, gp["end"]) - max(s, gp["start"])
            if o > bo:
                best, bo = gp["label"], o
        labels.append(best)
    return LabelledDoc(str(rec.get("id")), group, tuple(contexts(structure)), tuple(labels), tuple(spans))


def prepare_text(text: str) -> tuple[Any, Callable[[int, int], tuple[int, int]]]:
    """Normalise and parse ``text`` as the pipeline does; return the structure and an offset map.

    Falls back to a private line splitter while baogao.normalize/structure are
    not importable (they are developed in parallel).
    """
    try:
        from baogao.normalize import normalize
    except ImportError:
        norm_text, to_original = text, (lambda s, e: (s, e))
    else:
        nt = normalize(text)
        norm_text, to_original = nt.text, nt.span_to_original
    try:
        from baogao.structure import parse
    except ImportError:
        return fallback_parse(norm_text), to_original
    return parse(norm_text), to_original


def fit(docs: Sequence[LabelledDoc], *, options: TrainOptions = TrainOptions()) -> dict[str, Any]:
    """Fit both stages and the transition matrix on ``docs``; return the model dict."""
    model = _fit_vectorizers([c for d in docs for c in d.contexts])
    x1 = _stage1_matrix(model, [c for d in docs for c in d.contexts])
    return fit_matrix(model, x1, docs, options=options)


def fit_matrix(
    model: dict[str, Any], x1: sp.csr_matrix, docs: Sequence[LabelledDoc], *, options: TrainOptions
) -> dict[str, Any]:
    """Fit the classifiers given fitted vectorizers and the stage-1 matrix of ``docs``.

    Split from :func:`fit` so cross-validation can vectorise once (the
    vectorisers are unsupervised) and only refit the classifiers per fold.
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold
    from sklearn.preprocessing import StandardScaler

    model = dict(model)
    y = np.array([LABELS.index(lab) for d in docs for lab in d.labels])
    weights = dict(options.group_weights)
    sw = np.array([weights.get(d.group, 1.0) for d in docs for _ in d.contexts])
    doc_of = np.array([k for k, d in enumerate(docs) for _ in d.contexts])

    oof = np.zeros((len(y), len(LABELS)))
    if len(docs) >= 2:
        order = np.random.default_rng(options.seed).permutation(len(docs))
        splitter = GroupKFold(n_splits=min(options.folds, len(docs)))
        for tr, te in splitter.split(x1, y, groups=order[doc_of]):
            clf = _stage1_classifier(options).fit(x1[tr], y[tr], sample_weight=sw[tr])
            oof[np.ix_(te, clf.classes_)] = clf.predict_proba(x1[te])
    stage1 = _stage1_classifier(options).fit(x1, y, sample_weight=sw)
    if len(docs) < 2:
        oof[:, stage1.classes_] = stage1.predict_proba(x1)
    model["stage1"] = _full_classes(stage1, x1.shape[1])

    x2 = np.vstack([context_matrix(oof[doc_of == k], d.contexts) for k, d in enumerate(docs)])
    model["scaler"] = StandardScaler().fit(x2)
    stage2 = LogisticRegression(C=options.c2, max_iter=2000).fit(model["scaler"].transform(x2), y, sample_weight=sw)
    model["stage2"] = _full_classes(stage2, x2.shape[1])
    model["log_start"], model["log_trans"] = _transitions(docs)
    model["labels"] = list(LABELS)
    model["config"] = {"trans_weight": options.trans_weight, "c1": options.c1, "c2": options.c2}
    return model


def _stage1_classifier(options: TrainOptions) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=options.c1, max_iter=1000, tol=1e-3)


def _full_classes(clf: Any, n_features: int) -> Any:
    """Pad a classifier that never saw some label so predict_proba has all K columns."""
    k = len(LABELS)
    if list(clf.classes_) == list(range(k)):
        return clf
    coef = np.full((k, n_features), 0.0)
    inter = np.full(k, -30.0)
    if len(clf.classes_) == 2:  # binary LR stores one row
        coef[clf.classes_[1]] = clf.coef_[0]
        inter[clf.classes_[1]] = clf.intercept_[0]
        inter[clf.classes_[0]] = 0.0
    else:
        coef[clf.classes_] = clf.coef_
        inter[clf.classes_] = clf.intercept_
    clf.coef_, clf.intercept_, clf.classes_ = coef, inter, np.arange(k)
    return clf


def _fit_vectorizers(ctxs: Sequence[ParagraphContext]) -> dict[str, Any]:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfVectorizer

    def char_vec(max_features: int, ngrams: tuple[int, int], min_df: int) -> TfidfVectorizer:
        return TfidfVectorizer(
            analyzer="char",
            ngram_range=ngrams,
            min_df=min_df,
            max_features=max_features,
            sublinear_tf=True,
            dtype=np.float64,
        )

    model: dict[str, Any] = {
        "text_vec": char_vec(30000, (1, 3), 2).fit([body_text(c) for c in ctxs]),
        "lead_vec": char_vec(8000, (1, 3), 2).fit([lead_text(c) for c in ctxs]),
        "head_vec": char_vec(8000, (1, 3), 1).fit([c.heading_text for c in ctxs] + ["∅"]),
        "dict_vec": DictVectorizer().fit([dense_features(c) for c in ctxs]),
    }
    return model


def _transitions(docs: Sequence[LabelledDoc]) -> tuple[np.ndarray, np.ndarray]:
    """Add-one smoothed log start and transition probabilities from gold sequences."""
    k = len(LABELS)
    start = np.ones(k)
    trans = np.ones((k, k))
    for d in docs:
        ids = [LABELS.index(lab) for lab in d.labels]
        if ids:
            start[ids[0]] += 1
        for a, b in pairwise(ids):
            trans[a, b] += 1
    return np.log(start / start.sum()), np.log(trans / trans.sum(axis=1, keepdims=True))


def predict_doc(model: dict[str, Any], doc: LabelledDoc) -> list[str]:
    """Labels for an already-featurised document (used by cross-validation)."""
    if not doc.contexts:
        return []
    _, path = _decode(model, doc.contexts)
    return [model["labels"][j] for j in path]


def score_paragraphs(
    gold_docs: Sequence[dict[str, Any]], preds: dict[str, list[dict[str, Any]]]
) -> dict[str, Any]:
    """Score predicted paragraph spans with shared/eval/score.py's rule.

    Each gold paragraph (not ``other``) takes the label of the predicted
    paragraph overlapping it most; accuracy and macro-F1 over the six labels.
    """
    from collections import Counter

    conf: Counter[tuple[str, str]] = Counter()
    for g in gold_docs:
        ps = preds.get(str(g["id"]), [])
        for gp in g.get("paragraphs", []):
            if gp["label"] == "other":
                continue
            best, bo = None, 0
            for pp in ps:
                o = max(0, min(gp["end"], pp["end"]) - max(gp["start"], pp["start"]))
                if o > bo:
                    best, bo = pp, o
            conf[(gp["label"], best["label"] if best else "none")] += 1
    f1s = {}
    for lab in LABELS[:6]:
        tp = conf[(lab, lab)]
        fp = sum(v for (g, p), v in conf.items() if p == lab and g != lab)
        fn = sum(v for (g, p), v in conf.items() if g == lab and p != lab)
        if tp + fp + fn:
            f1s[lab] = round(2 * tp / (2 * tp + fp + fn), 4)
    n = sum(conf.values())
    acc = sum(v for (g, p), v in conf.items() if g == p) / n if n else 0.0
    return {
        "n": n,
        "accuracy": round(acc, 4),
        "macro_f1": round(sum(f1s.values()) / max(len(f1s), 1), 4),
        "per_label_f1": f1s,
    }


def predict_spans(model: dict[str, Any], doc: LabelledDoc) -> list[dict[str, Any]]:
    """Predicted paragraphs of a training-format document, offsets in its original text."""
    labels = predict_doc(model, doc)
    return [{"start": s, "end": e, "label": lab} for (s, e), lab in zip(doc.spans, labels, strict=True)]


def train(
    data_paths: Sequence[Path], out: Path, *, seed: int = 0, options: TrainOptions | None = None
) -> dict[str, Any]:
    """Train on gold-format JSONL files, write ``out`` (skops) and ``<out stem>.meta.json``.

    Returns:
        The metadata dict: data hashes, library versions, train time, sizes.
    """
    import sklearn
    import skops
    import skops.io as sio

    t0 = time.time()
    docs = [d for p in data_paths for d in read_labelled(Path(p))]
    model = fit(docs, options=options or TrainOptions(seed=seed))
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    sio.dump(model, out, compression=zipfile.ZIP_DEFLATED, compresslevel=9)  # vocabularies compress ~6x
    meta = {
        "model": out.name,
        "data": [
            {"path": str(p), "sha256": hashlib.sha256(Path(p).read_bytes()).hexdigest()} for p in data_paths
        ],
        "documents": len(docs),
        "paragraphs": sum(len(d.labels) for d in docs),
        "scikit_learn": sklearn.__version__,
        "skops": skops.__version__,
        "seed": seed,
        "config": model["config"],
        "train_seconds": round(time.time() - t0, 1),
        "size_bytes": out.stat().st_size,
        "trained_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    out.with_suffix(".meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
    _load_cached.cache_clear()
    return meta

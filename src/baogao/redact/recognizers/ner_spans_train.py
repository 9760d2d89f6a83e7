"""Fit the NER span model (:mod:`.ner_spans`) on cross-fitted CRF output; score it on CLUENER dev.

``scripts/train_ner_spans.py`` and ``baogao train ner-spans`` run :func:`main`.

1. CLUENER train is cut into five folds (seeded). For each fold, the CRF is trained as the
   shipped one is (``train_ner.py``: the CRF and its word-free partner, merged) on the other
   four, with the lexicon and word vocabulary of those four; the fold's sentences are then
   tagged by it. Each fold's model is kept in ``--work`` (default ``~/.cache/baogao/ner_spans``),
   so a second run only refits the span model. About 4-5 minutes per fold and 2 folds at a time.
2. Every candidate span (CRF span probability ≥ ``--min-p``, 0.02: with 0.005, a half more
   candidates, the same figures) of the held-out sentences gets
   :func:`.ner_spans.candidate_features` and is a positive when it is a gold name exactly
   (start, end and label).
3. A logistic regression is fitted; its threshold is the one with the best exact-span F1 in
   5-fold CV grouped by sentence (the 0.30-0.55 grid), then it is refitted on all candidates.
4. The shipped CRF's candidates on CLUENER dev are scored once (exact span F1, as
   ``score.py entities``), next to its Viterbi spans; dev is never used for fitting or choosing.

The span model is written to ``models/ner_spans.npz`` with the sha256 of the shipped weights
table it rescores, and ``models/ner_spans.meta.json`` records data hashes, settings and figures.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import random
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

from baogao.evaluate import _prf
from baogao.redact.recognizers import ner, ner_spans
from baogao.redact.recognizers import ner_train as crf
from baogao.redact.recognizers.ner_features import Lexicon, Vocab, encode, read_lexicon_file
from baogao.resources import file_sha256, model_path, user_cache_dir, write_checked_npz

META_FILE = "ner_spans.meta.json"
THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55)


def fold_of(n: int, *, folds: int, seed: int) -> list[int]:
    """The fold of each of ``n`` records (as even as can be, shuffled by ``seed``)."""
    order = list(range(n))
    random.Random(seed).shuffle(order)
    out = [0] * n
    for k, i in enumerate(order):
        out[i] = k % folds
    return out


def train_fold(train: Path, fold: int, folds: int, seed: int, work: Path, c1: float, c2: float) -> float:
    """Train the merged CRF pair without fold ``fold`` and write it, its vocabulary and lexicon to ``work``."""
    records = crf.load(train)
    where = fold_of(len(records), folds=folds, seed=seed)
    fit = [r for r, f in zip(records, where, strict=True) if f != fold]
    config = ner._config()
    kw = {"scheme": "BIOES", "max_iter": 100, "minfreq": 1, "seed": 13, "algorithm": "lbfgs", "fine": False}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "m.crfsuite"
        secs, vocab = crf.train(fit, path, config=config, c1=c1, c2=c2, **kw)
        merged, secs2 = crf.train_poe_partner(fit, path, config=config, c1=c1, c2=c2, **kw)
    (work / f"w{fold}.json").write_text(json.dumps(merged, separators=(",", ":")), encoding="utf-8")
    vocab.write(work / f"v{fold}.txt")
    crf.write_lexicon(crf.entity_names(fit), work / f"l{fold}.txt")
    (work / f"idx{fold}.json").write_text(json.dumps([i for i, f in enumerate(where) if f == fold]))
    return secs + secs2


def candidates(
    records: Sequence[dict],
    weights: ner._Weights,
    *,
    min_p: float,
    lexicon: Lexicon | None = None,
    vocab: Vocab | None = None,
    names: dict[str, frozenset[str]] | None = None,
) -> tuple[tuple[list[list[float]], list[list[str]]], np.ndarray, list[tuple[int, int, int, str]], list[set], list[set]]:
    """Candidates of every record as the tagger meets them (same chunks, same skipped chunks):
    their features (as :func:`.ner_spans.candidate_features` gives them), whether each is a gold name, (record, start, end, kind) of each, the gold
    spans and the Viterbi spans of each record."""
    config = ner._config()
    names = ner_spans._names() if names is None else names
    pieces = [(i, off, p) for i, r in enumerate(records) for off, p in ner.chunks(r["text"])]
    texts = [p for _, _, p in pieces]
    keys, starts = encode(texts, config=config, lexicon=lexicon, vocab=vocab)
    viterbi: list[list[tuple[int, int, str, float]]] = [[] for _ in pieces]
    emit_all, skip = ner._decode(weights, keys, starts, viterbi)
    gold = [crf.gold_spans(r) for r in records]
    vit_spans: list[set] = [set() for _ in records]
    positive: list[bool] = []
    where: list[tuple[int, int, int, str]] = []
    for c, (i, off, _) in enumerate(pieces):
        vit_spans[i] |= {(a + off, b + off, k) for a, b, k, _ in viterbi[c]}
    ids, chunks = ner.span_chunks(weights, emit_all, starts, skip, min_p=min_p)
    for c, chunk in zip(ids, chunks, strict=True):
        i, off, _ = pieces[c]
        for a, b, k, _ in chunk.spans:
            positive.append((a + off, b + off, k) in gold[i])
            where.append((i, a + off, b + off, k))
    vit = [{(a, b, k) for a, b, k, _ in viterbi[c]} for c in ids]
    numbers, indicators = ner_spans.candidate_features([texts[c] for c in ids], chunks, vit, weights.labels, names)
    numbers = numbers.tolist()
    return (numbers, indicators), np.array(positive, dtype=bool), where, gold, vit_spans


def span_f1(pred: Sequence[set], gold: Sequence[set]) -> float:
    """Exact-span micro-F1 over records (the ``entities`` rule of :mod:`baogao.evaluate`)."""
    tp = fp = fn = 0
    for p, g in zip(pred, gold, strict=True):
        tp, fp, fn = tp + len(p & g), fp + len(p - g), fn + len(g - p)
    return round(_prf(tp, fp, fn)[2], 4)


def decoded(where: Sequence[tuple[int, int, int, str]], probs: np.ndarray, n: int, threshold: float) -> list[set]:
    """The spans :func:`.ner_spans.decode` keeps, per record."""
    by_record: dict[int, list[int]] = {}
    for j, (i, *_rest) in enumerate(where):
        by_record.setdefault(i, []).append(j)
    out: list[set] = [set() for _ in range(n)]
    for i, js in by_record.items():
        kept = ner_spans.decode([where[j][1:] for j in js], probs[js], threshold)
        out[i] = {(a, b, k) for a, b, k, _ in kept}
    return out


def fit(rows: Sequence[dict], y: np.ndarray, *, c: float):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = vec.fit_transform(rows)
    return vec, LogisticRegression(C=c, max_iter=3000).fit(x, y)


def as_model(vec, lr, *, threshold: float, min_p: float) -> ner_spans.SpanModel:
    return ner_spans.SpanModel(
        {name: int(j) for name, j in vec.vocabulary_.items()},
        np.asarray(lr.coef_[0], dtype=np.float64),
        float(lr.intercept_[0]),
        threshold,
        min_p,
    )


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train", type=Path, default=crf.TRAIN)
    ap.add_argument("--dev", type=Path, default=crf.DEV)
    ap.add_argument("--work", type=Path, default=user_cache_dir() / "ner_spans", help="the folds' CRFs (kept for the next run)")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=2027, help="fold assignment")
    ap.add_argument("--jobs", type=int, default=2, help="folds trained at once")
    ap.add_argument("--c", type=float, default=0.1, help="inverse regularisation of the span model")
    ap.add_argument("--min-p", type=float, default=0.02, help="least CRF span probability of a candidate")
    ap.add_argument("--no-write", action="store_true", help="report only; leave models/ as it is")
    ap.add_argument("-o", "--out", type=Path, default=None, help="span model path (default models/ner_spans.npz)")
    return ap.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.train.is_file():
        print(f"error: {args.train}: CLUENER training data not found", file=sys.stderr)
        return 2
    weights_path = model_path(ner.WEIGHTS_FILE)
    if not weights_path.is_file():
        print(f"error: {weights_path}: no NER weights table; run: {ner.TRAIN_COMMAND}", file=sys.stderr)
        return 2
    args.work.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    stamp = args.work / "folds.json"
    wanted = {"train_sha256": file_sha256(args.train), "folds": args.folds, "seed": args.seed,
              "weights_sha256": file_sha256(weights_path)}  # fmt: skip
    have = json.loads(stamp.read_text()) if stamp.is_file() else {}
    todo = [k for k in range(args.folds) if have != wanted or not (args.work / f"w{k}.json").is_file()]
    if todo:
        print(f"training the CRF without each of folds {todo} ({args.jobs} at a time) ...", flush=True)
        stamp.unlink(missing_ok=True)
        with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            jobs = [pool.submit(train_fold, args.train, k, args.folds, args.seed, args.work, 0.05, 0.01) for k in todo]
            for k, job in zip(todo, jobs, strict=True):
                print(f"  fold {k}: {job.result():.0f} s", flush=True)
        stamp.write_text(json.dumps(wanted))
    records = crf.load(args.train)
    config = ner._config()
    rows: list[dict[str, float]] = []
    ys, where, gold, vit = [], [], [], []
    for k in range(args.folds):
        idx = json.loads((args.work / f"idx{k}.json").read_text())
        w = ner._Weights.from_json(json.loads((args.work / f"w{k}.json").read_text()), config.templates())
        part = [records[i] for i in idx]
        names, grades = read_lexicon_file(args.work / f"l{k}.txt")
        r, y, wh, g, v = candidates(
            part, w, min_p=args.min_p, lexicon=Lexicon.from_names(names, grades or None),
            vocab=Vocab.read(args.work / f"v{k}.txt"), names={label: frozenset(n) for label, n in names.items()},
        )  # fmt: skip
        base = len(gold)
        rows += ner_spans.as_dicts(*r)
        ys.append(y)
        where += [(i + base, a, b, kind) for i, a, b, kind in wh]
        gold += g
        vit += v
    y = np.concatenate(ys)
    print(f"{len(rows)} candidates of {len(gold)} sentences; {int(y.sum())} of "
          f"{sum(map(len, gold))} gold names among them ({time.time() - t0:.0f} s)", flush=True)  # fmt: skip
    from sklearn.model_selection import GroupKFold

    groups = np.array([w[0] for w in where])
    oof = np.zeros(len(rows))
    for tr, te in GroupKFold(5).split(rows, y, groups):
        vec, lr = fit([rows[j] for j in tr], y[tr], c=args.c)
        oof[te] = lr.predict_proba(vec.transform([rows[j] for j in te]))[:, 1]
    cv = {th: span_f1(decoded(where, oof, len(gold), th), gold) for th in THRESHOLDS}
    threshold = max(THRESHOLDS, key=lambda th: (cv[th], -abs(th - 0.5)))
    cv_viterbi = span_f1(vit, gold)
    print(f"cross-fitted CLUENER train: Viterbi {cv_viterbi}; span model by threshold {cv}", flush=True)
    vec, lr = fit(rows, y, c=args.c)
    model = as_model(vec, lr, threshold=threshold, min_p=args.min_p)
    dev: dict[str, float] = {}
    if args.dev.is_file():
        dev_records = crf.load(args.dev)
        r, _, wh, g, v = candidates(dev_records, ner._weights(), min_p=args.min_p)
        probs = model.probabilities(*r)
        dev = {"viterbi": span_f1(v, g), "span_model": span_f1(decoded(wh, probs, len(g), threshold), g)}
        print(f"CLUENER dev (exact spans, NER model alone): Viterbi {dev['viterbi']}, span model "
              f"{dev['span_model']} (threshold {threshold})", flush=True)  # fmt: skip
    secs = round(time.time() - t0)
    if args.no_write:
        return 0
    out = args.out or model_path(ner_spans.SPANS_FILE)
    write_checked_npz(out, weights_path, **model.arrays())
    meta = {
        "model": out.name,
        "rescores": {"file": weights_path.name, "sha256": file_sha256(weights_path)},
        "train_data": {"path": args.train.name, "sha256": file_sha256(args.train)},
        "dev_data": {"path": args.dev.name, "sha256": file_sha256(args.dev)} if dev else None,
        "folds": args.folds,
        "fold_seed": args.seed,
        "c": args.c,
        "min_p": args.min_p,
        "threshold": threshold,
        "features": len(model.features),
        "candidates": len(rows),
        "cv_exact_f1": {"viterbi": cv_viterbi, **{str(th): f for th, f in cv.items()}},
        "dev_exact_f1": dev,
        "versions": {p: importlib.metadata.version(p) for p in ("scikit-learn", "numpy")},
        "python": sys.version.split()[0],
        "seconds": secs,
        "folds_trained_in_this_run": todo,
    }
    out.with_name(META_FILE if args.out is None else out.stem + ".meta.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    ner_spans._load.cache_clear()
    print(f"span model -> {out} ({out.stat().st_size / 1e3:.0f} kB, {len(model.features)} features)", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

#!/usr/bin/env python3
"""Train (and cross-validate) the section classifier.

Usage:
    python scripts/train_sections.py                 # train on default data → models/sections.skops
    python scripts/train_sections.py --cv            # also grouped CV, scores written into the meta file
    python scripts/train_sections.py --cv --no-extra # CV without corpora/sections/*.jsonl

Cross-validation leaves whole documents out (GroupKFold over documents, gov and
corp folds separately) and scores only the real gold (never the extra
corpora/sections reports, which are only added to the training side), with the
paragraph rules of shared/eval/score.py.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

from baogao.classify import sections as S

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "eval"
GOLD = [SHARED / "gov_paragraphs_dev.jsonl", SHARED / "corp_dev.jsonl"]
EXTRA = sorted((REPO / "corpora" / "sections").glob("*.jsonl"))


def load_gold(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def cross_validate(
    gold_path: Path, other: list[S.LabelledDoc], *, folds: int, options: S.TrainOptions,
    trans_weights: tuple[float, ...] = (),
) -> dict:
    """Leave-documents-out CV on one gold file; ``other`` docs are always in training.

    The (unsupervised) vectorisers are fitted once on all documents; the
    classifiers of both stages are refitted per fold.
    """
    gold = [g for g in load_gold(gold_path) if g.get("paragraphs")]
    docs = S.read_labelled(gold_path) + other
    ctxs = [c for d in docs for c in d.contexts]
    base = S._fit_vectorizers(ctxs)
    x1 = S._stage1_matrix(base, ctxs)
    bounds = np.cumsum([0] + [len(d.contexts) for d in docs])
    rows = {d.id: np.arange(bounds[k], bounds[k + 1]) for k, d in enumerate(docs)}
    ids = [g["id"] for g in gold]
    order = np.random.default_rng(options.seed).permutation(len(ids))
    preds: dict[str, list[dict]] = {}
    variants: dict[float, dict[str, list[dict]]] = {w: {} for w in trans_weights}
    for k in range(folds):
        test = {ids[i] for i in order[k::folds]}
        train = [d for d in docs if d.id not in test]
        idx = np.concatenate([rows[d.id] for d in train])
        model = S.fit_matrix(base, x1[idx], train, options=options)
        for d in docs:
            if d.id in test:
                preds[d.id] = S.predict_spans(model, d)
                for w, out in variants.items():  # decoding weight only: same fitted model
                    out[d.id] = S.predict_spans({**model, "config": {**model["config"], "trans_weight": w}}, d)
    result = S.score_paragraphs(gold, preds)
    for w, out in variants.items():
        result[f"trans_weight={w}"] = S.score_paragraphs(gold, out)
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", nargs="*", type=Path, default=None)
    ap.add_argument("-o", "--out", type=Path, default=REPO / "models" / "sections.skops")
    ap.add_argument("--cv", action="store_true")
    ap.add_argument("--cv-only", action="store_true")
    ap.add_argument("--no-extra", action="store_true")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--only", choices=["gov", "corp"], default=None)
    ap.add_argument("--trans-weights", nargs="*", type=float, default=[])
    ap.add_argument("--set", nargs="*", default=[], help="TrainOptions overrides, e.g. c1=8 trans_weight=0.3")
    args = ap.parse_args(argv)
    extra = [] if args.no_extra else EXTRA
    data = args.data or [*GOLD, *extra]
    overrides = {}
    for kv in args.set:
        key, val = kv.split("=")
        overrides[key] = float(val) if key != "folds" else int(val)
    options = S.TrainOptions(seed=args.seed, **overrides)
    cv: dict = {}
    if args.cv or args.cv_only:
        t0 = time.time()
        extra_docs = [d for p in extra for d in S.read_labelled(p, group="corp")]
        gov_docs = S.read_labelled(GOLD[0])
        corp_docs = S.read_labelled(GOLD[1])
        tw = tuple(args.trans_weights)
        if args.only != "corp":
            cv["gov"] = cross_validate(GOLD[0], corp_docs + extra_docs, folds=args.folds, options=options,
                                       trans_weights=tw)
            print(json.dumps(cv["gov"], ensure_ascii=False), flush=True)
        if args.only != "gov":
            cv["corp"] = cross_validate(GOLD[1], gov_docs + extra_docs, folds=min(args.folds, 8), options=options,
                                        trans_weights=tw)
        cv["extra_reports"] = len(extra_docs)
        cv["options"] = {k: getattr(options, k) for k in ("c1", "c2", "trans_weight", "folds")}
        cv["seconds"] = round(time.time() - t0, 1)
        print(json.dumps(cv, ensure_ascii=False, indent=1))
    if args.cv_only:
        meta_path = args.out.with_suffix(".meta.json")
        if meta_path.is_file():  # record the figures beside the shipped model
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            meta["cv_without_extra" if args.no_extra else "cv"] = cv
            meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
        return 0
    meta = S.train(data, args.out, seed=args.seed, options=options)
    if cv:
        meta["cv_without_extra" if args.no_extra else "cv"] = cv
        args.out.with_suffix(".meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
    print(json.dumps({k: v for k, v in meta.items() if k != "cv"}, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

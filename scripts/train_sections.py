#!/usr/bin/env python3
"""Train (and cross-validate) the section classifier (linear-chain CRF).

Usage:
    python scripts/train_sections.py                  # grouped CV + train → models/sections.{skops,crfsuite,meta.json}
    python scripts/train_sections.py --no-cv          # train only
    python scripts/train_sections.py --cv-only        # CV only, figures written into the meta file
    python scripts/train_sections.py --set c1=0.1 c2=0.01

Cross-validation leaves whole documents out and scores only real gold, with the
paragraph rules of shared/eval/score.py: government reports in 5 grouped folds
(training on the other government reports + all corporate reports + the extra
corpora/sections reports); corporate reports in 4 folds (training on all
government reports + the other corporate reports + the extra reports).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

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
    gold_path: Path,
    test_docs: list[S.LabelledDoc],
    other: list[S.LabelledDoc],
    *,
    folds: int,
    options: S.TrainOptions,
    periods: bool = False,
    fit: Callable[..., Any] = S.fit,
    predict: Callable[[Any, S.LabelledDoc], list[dict]] = S.predict_spans,
) -> dict:
    """Leave-documents-out CV over ``test_docs``; ``other`` docs are always in training.

    ``fit(docs, options=…)`` and ``predict(model, doc)`` default to the shipped CRF;
    scripts/baseline_sections.py passes the issue's baseline through the same folds.
    """
    gold = [g for g in load_gold(gold_path) if g.get("paragraphs")]
    order = np.random.default_rng(options.seed).permutation(len(test_docs))
    preds: dict[str, list[dict]] = {}
    for k in range(folds):
        test = [test_docs[i] for i in order[k::folds]]
        ids = {d.id for d in test}
        model = fit([d for d in test_docs if d.id not in ids] + other, options=options)
        for d in test:
            preds[d.id] = predict(model, d)
    scores = S.score_paragraphs(gold, preds)
    by_period = _by_period(gold, preds) if periods else {}
    return {**scores, "by_period": by_period} if by_period else scores


#: Reports before the reform era are written without headings and mix review and plan
#: topic by topic; the figures are given for both eras so that neither hides the other.
_PERIODS = (("1954-1977", 0, 1978), ("1978 on", 1978, 10_000), ("1990 on", 1990, 10_000))


def _by_period(gold: list[dict], preds: dict[str, list[dict]]) -> dict:
    years = {}
    for g in gold:
        m = re.search(r"(1[89]\d\d|20\d\d)", f"{g.get('source', '')} {g.get('id', '')}")
        if m:
            years[g["id"]] = int(m.group(1))
    if len(years) < len(gold):
        return {}
    out = {}
    for name, lo, hi in _PERIODS:
        part = [g for g in gold if lo <= years[g["id"]] < hi]
        if part:
            r = S.score_paragraphs(part, preds)
            out[name] = {"documents": len(part), "macro_f1": r["macro_f1"], "per_label_f1": r["per_label_f1"]}
    return out


def run_cv(options: S.TrainOptions, extra: list[Path]) -> dict:
    t0 = time.time()
    extra_docs = [d for p in extra for d in S.read_labelled(p)]  # corp-extra → corp, gov-extra → gov
    gov_docs = S.read_labelled(GOLD[0])
    corp_docs = S.read_labelled(GOLD[1])
    cv: dict = {
        "gov": cross_validate(
            GOLD[0], gov_docs, corp_docs + extra_docs, folds=5, options=options, periods=True
        ),
        "corp": cross_validate(GOLD[1], corp_docs, gov_docs + extra_docs, folds=4, options=options),
        "extra_reports": len(extra_docs),
        "scheme": "gov: 5 grouped folds over documents; corp: 4 folds; training side always gets "
        "the other corpus + corpora/sections extras; scored on real gold only",
        "seconds": round(time.time() - t0, 1),
        "command": "python scripts/train_sections.py --cv-only",
    }
    print(json.dumps(cv, ensure_ascii=False, indent=1), flush=True)
    return cv


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", nargs="*", type=Path, default=None)
    ap.add_argument("-o", "--out", type=Path, default=REPO / "models" / "sections.skops")
    ap.add_argument("--no-cv", action="store_true")
    ap.add_argument("--cv-only", action="store_true")
    ap.add_argument("--no-extra", action="store_true")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--set", nargs="*", default=[], help="TrainOptions overrides, e.g. c1=0.1 bow=0")
    args = ap.parse_args(argv)
    extra = [] if args.no_extra else EXTRA
    data = args.data or [*GOLD, *extra]
    overrides: dict = {}
    for kv in args.set:
        key, val = kv.split("=")
        kind = type(getattr(S.TrainOptions, key))
        overrides[key] = bool(int(val)) if kind is bool else kind(val)
    options = S.TrainOptions(seed=args.seed, **overrides)
    cv = {} if args.no_cv else run_cv(options, extra)
    meta_path = args.out.with_suffix(".meta.json")
    if args.cv_only:
        if meta_path.is_file():  # record the figures beside the shipped model
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            meta["cv_without_extra" if args.no_extra else "cv"] = cv
            meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
        return 0
    meta = S.train(data, args.out, seed=args.seed, options=options)
    if cv:
        meta["cv_without_extra" if args.no_extra else "cv"] = cv
        meta["cv_and_train_seconds"] = round(cv["seconds"] + meta["train_seconds"], 1)
        meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
    print(json.dumps({k: v for k, v in meta.items() if k != "cv"}, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

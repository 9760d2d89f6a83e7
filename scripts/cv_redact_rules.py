#!/usr/bin/env python3
"""Grouped CV of the redaction rules with the report-trained tagger, one rule switched off at a time.

    python scripts/cv_redact_rules.py [--without NAME ...] [--folds 4] [--cache DIR] [--register]

The training sets of the sensitive-span tagger (``sensitive_train.default_train_files``) are
cut into folds as ``train_sensitive.py --cv`` cuts them (whole files, every ``folds``-th by
name). A tagger is trained for each fold on the other folds (about two minutes each on one
core; kept in ``--cache`` and reused while the training files and settings are unchanged), and ``find_all``
masks the fold's own reports with it. The pooled leak and over-masking rates are printed with
every rule (and the tagger read as ``--set`` says), and then with each ``--without`` function of ``baogao.redact.recognizers`` made to
find nothing (e.g. ``_body_tails``, ``_counted_sites``): the figure a rule earns on reports
whose names the tagger never saw, without reading any test set.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from pathlib import Path

import numpy as np

from baogao.evaluate import score_masked
from baogao.redact import recognizers
from baogao.redact.mask import mask_text
from baogao.redact.policy import DEFAULT_POLICY, Policy, Register
from baogao.redact.recognizers import ner, sensitive_tagger, sensitive_train
from baogao.resources import file_sha256


def fold_weights(files: list[Path], k: int, folds: int, cache: Path) -> tuple[object, list[dict]]:
    train, test = sensitive_train.fold_files(files, k, folds)
    settings = f"c1={sensitive_train.C1} c2={sensitive_train.C2} iterations={sensitive_train.ITERATIONS}"
    key = hashlib.sha256("\n".join([settings, *(f"{f.name}:{file_sha256(f)}" for f in train)]).encode()).hexdigest()
    path = cache / f"fold{k}-{key[:16]}.npz"
    if not path.is_file():
        docs = [d for f in train for d in sensitive_train.read_docs(f)]
        with tempfile.TemporaryDirectory() as tmp:
            model = Path(tmp) / "fold.crfsuite"
            sensitive_train.train_crf(
                docs, model, c1=sensitive_train.C1, c2=sensitive_train.C2, iterations=sensitive_train.ITERATIONS
            )
            sensitive_train.export(model, path)
    with np.load(path, allow_pickle=False) as z:
        weights = ner.weights_from_arrays({name: z[name] for name in z.files})
    return weights, [d for f in test for d in sensitive_train.read_docs(f)]


def score(folds: list[tuple[object, list[dict]]], *, register: bool = False) -> dict[str, float]:
    """Pooled leak and over-masking; with ``register``, each report's own organisations (its gold
    ORG spans) are the policy's register, as the issue's register target is measured."""
    gold, masked = {}, {}
    for weights, docs in folds:
        with recognizers.tagger_override(weights):
            for d in docs:
                gold[d["id"]] = d
                orgs = frozenset(s["text"] for s in d["sensitive"] if s["label"] == "ORG")
                policy = Policy(register=Register(orgs=orgs)) if register else DEFAULT_POLICY
                found = recognizers.find_all(d["text"], policy=policy, tagger_min=sensitive_tagger.MIN_SCORE)
                masked[d["id"]] = {"id": d["id"], "text": mask_text(d["text"], found).text}
    s = score_masked(gold, masked)
    return {"leak_rate": round(s["leak_rate"], 4), "overmask_rate": round(s["overmask_rate"], 4), "documents": len(gold)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--without", nargs="*", default=[], help="rule functions of baogao.redact.recognizers")
    ap.add_argument("--folds", type=int, default=4)
    ap.add_argument("--register", action="store_true", help="also score with each report's organisations as a register")
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "baogao-cv-taggers")
    ap.add_argument(
        "--set", nargs="*", default=[], metavar="NAME=VALUE",
        help="how the tagger is read: RUN_MIN, GUESSES, MIN_SCORE, SURE, CERTAIN of sensitive_tagger (RUN_MIN=none: "
        "Viterbi spans only; GUESSES=none: no faint guesses), e.g. --set RUN_MIN=0.3 MIN_SCORE=0.3",
    )  # fmt: skip
    args = ap.parse_args(argv)
    for item in args.set:
        name, _, value = item.partition("=")
        if name not in ("RUN_MIN", "GUESSES", "MIN_SCORE", "SURE", "CERTAIN") or not value:
            print(
                f"cv_redact_rules: --set takes RUN_MIN, GUESSES, MIN_SCORE, SURE or CERTAIN=VALUE, not {item!r}",
                file=sys.stderr,
            )
            return 2
        setattr(sensitive_tagger, name, None if value.lower() == "none" else float(value))
    for name in args.without:
        if not callable(getattr(recognizers, name, None)):
            print(f"cv_redact_rules: no rule function {name!r} in baogao.redact.recognizers", file=sys.stderr)
            return 2
    files = sensitive_train.default_train_files()
    args.cache.mkdir(parents=True, exist_ok=True)
    folds = [fold_weights(files, k, args.folds, args.cache) for k in range(args.folds)]
    rows = {"all rules": score(folds)}
    if args.register:
        rows["all rules, register"] = score(folds, register=True)
    for name in args.without:
        rule = getattr(recognizers, name)
        setattr(recognizers, name, lambda *a, **kw: [])
        try:
            rows[f"without {name}"] = score(folds)
        finally:
            setattr(recognizers, name, rule)
    print(json.dumps(rows, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

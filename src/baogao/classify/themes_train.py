"""Train and measure the theme model (:mod:`baogao.classify.themes`).

``scripts/train_themes.py`` and ``baogao train themes`` run :func:`main`:

    python scripts/train_themes.py            # cross-validate, train on everything allowed, write models/
    python scripts/train_themes.py --no-write # figures only

Data. The dev gold with themes (``../shared/eval/corp_dev.jsonl``) and our own labelled reports
(``corpora/themes``), each counted ``--dev-weight`` times: few, but labelled by the issue's
authors or after their conventions; and the theme-labelled corporate sets
``corpora/eval/heldout_corp_NN.jsonl`` written by other hands, except the blind sets and the
sets kept for evaluation (``sensitive_train.BLIND_SETS`` and ``DEV_SETS``), which are scored and
never trained on.

Figures. Micro-F1 (as ``shared/eval/score.py themes``) of the model and of the lexicon rule with
its thresholds refit on the same training part (``extract.themes.fit_thresholds``): over the
training sets in five folds that leave whole sets out; on the dev gold leaving one report out;
and on the held-back sets, once, with the shipped model. They go into ``models/themes.meta.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from baogao.classify import themes as model_themes
from baogao.classify.themes import DEFAULTS, LabelledText
from baogao.evaluate import score_themes
from baogao.redact.recognizers.sensitive_train import (
    BLIND_SETS,
    DEV_SETS,
    REPO,
    SHARED_DEV,
    heldout_set_files,
    shown_path,
)
from baogao.resources import file_sha256, model_path

OWN_LABELS = REPO / "corpora" / "themes" / "labels.json"
FOLDS = 5

Sets = dict[int, list[LabelledText]]


def _normalised(text: str) -> str:
    from baogao.normalize import normalize

    return normalize(text).text  # what the pipeline hands the theme scorer


def read_jsonl(path: Path, weight: float = 1.0) -> list[LabelledText]:
    """The theme-labelled records of a gold JSONL file, their texts normalised."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line) if line.strip() else {}
        if "themes" in rec and isinstance(rec.get("text"), str):
            out.append(LabelledText(_normalised(rec["text"]), frozenset(rec["themes"]), weight))
    return out


def dev_docs(weight: float, *, shared: Path = SHARED_DEV, own: Path = OWN_LABELS) -> list[LabelledText]:
    """The dev gold (when present) and our own labelled reports, each weighing ``weight``."""
    docs = read_jsonl(shared, weight) if shared.is_file() else []
    if own.is_file():
        for name, labels in json.loads(own.read_text(encoding="utf-8")).items():
            docs.append(LabelledText(_normalised((own.parent / name).read_text(encoding="utf-8")),
                                     frozenset(labels), weight))
    return docs


def heldout_sets(*, held_back: bool) -> Sets:
    """The theme-labelled corporate sets by number: the held-back ones (blind and evaluation
    sets) or the others."""
    out: Sets = {}
    for number, path in heldout_set_files().items():
        if (number in BLIND_SETS + DEV_SETS) == held_back and (docs := read_jsonl(path)):
            out[number] = docs
    return out


def micro_f1(pairs: Sequence[tuple[set[str] | frozenset[str], set[str] | list[str]]]) -> float:
    """Micro-F1 over (gold, predicted) theme sets, as ``baogao eval`` scores themes."""
    gold = {i: {"themes": list(g)} for i, (g, _) in enumerate(pairs)}
    pred = {i: {"themes": list(p)} for i, (_, p) in enumerate(pairs)}
    return score_themes(gold, pred)["f1"]


Predictor = Callable[[str], list[str]]


def model_predictor(train: Sequence[LabelledText], **config: Any) -> Predictor:
    model = model_themes.as_model(model_themes.fit(train, **config))
    return lambda text: model_themes.predict(model, text)


def rule_predictor(train: Sequence[LabelledText], **_: Any) -> Predictor:
    """The lexicon rule with its per-theme thresholds fit on ``train`` (as the shipped ones are)."""
    from baogao.extract import themes

    lex = themes.fit_thresholds(themes.load_lexicon(), [(d.text, set(d.themes)) for d in train],
                                weights=[d.weight for d in train])
    return lambda text: themes.score(text, lexicon=lex, decide=False).themes


def cross_validate(dev: list[LabelledText], sets: Sets, make: Callable[..., Predictor], **config: Any) -> dict:
    """Micro-F1 over the sets in folds that leave whole sets out, and over the dev gold leaving
    one report out (each time trained on everything else)."""
    numbers = sorted(sets)
    pairs = []
    for k in range(FOLDS):
        test = set(numbers[k::FOLDS])
        predict = make(dev + [d for n in numbers if n not in test for d in sets[n]], **config)
        pairs += [(d.themes, predict(d.text)) for n in sorted(test) for d in sets[n]]
    rest = [d for n in numbers for d in sets[n]]
    dev_pairs = []
    for i, d in enumerate(dev):
        predict = make([e for j, e in enumerate(dev) if j != i] + rest, **config)
        dev_pairs.append((d.themes, predict(d.text)))
    return {"sets_cv": micro_f1(pairs), "dev_leave_one_out": micro_f1(dev_pairs)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dev-weight", type=float, default=DEFAULTS["dev_weight"])
    ap.add_argument("--C", type=float, default=DEFAULTS["C"])
    ap.add_argument("--alpha", type=float, default=DEFAULTS["alpha"])
    ap.add_argument("--no-cv", action="store_true", help="skip the cross-validation (about a minute)")
    ap.add_argument("--no-write", action="store_true", help="figures only; leave models/ as it is")
    ap.add_argument("-o", "--output", type=Path, default=None, help="model file (default: the shipped one)")
    args = ap.parse_args(argv)

    t0 = time.time()
    dev = dev_docs(args.dev_weight)
    sets, held_back = heldout_sets(held_back=False), heldout_sets(held_back=True)
    if not dev and not sets:
        print("no theme-labelled reports found (../shared/eval/corp_dev.jsonl, corpora/)", file=sys.stderr)
        return 2
    config = {"C": args.C, "alpha": args.alpha}
    figures: dict[str, Any] = {
        "documents": {"dev_and_own": len(dev), "sets": sum(map(len, sets.values())), "set_count": len(sets),
                      "held_back": sum(map(len, held_back.values())), "held_back_sets": sorted(held_back)},
    }
    if not args.no_cv:
        figures["cv_model"] = cross_validate(dev, sets, model_predictor, **config)
        figures["cv_rule"] = cross_validate(dev, sets, rule_predictor)
        print(json.dumps({k: figures[k] for k in ("cv_model", "cv_rule")}), flush=True)
    train = dev + [d for n in sorted(sets) for d in sets[n]]
    t1 = time.time()
    data = model_themes.fit(train, **config)
    train_seconds = round(time.time() - t1, 1)
    model = model_themes.as_model(data)
    rule = rule_predictor(train)
    back = [d for n in sorted(held_back) for d in held_back[n]]
    figures["held_back"] = {
        "model": micro_f1([(d.themes, model_themes.predict(model, d.text)) for d in back]),
        "rule": micro_f1([(d.themes, rule(d.text)) for d in back]),
    }
    figures["train_seconds"] = train_seconds
    figures["seconds"] = round(time.time() - t0, 1)
    print(json.dumps(figures, ensure_ascii=False, indent=1))
    if args.no_write:
        return 0
    files = [p for p in (SHARED_DEV, OWN_LABELS) if p.is_file()]
    files += [heldout_set_files()[n] for n in sorted(sets)]
    meta = model_themes.save(data, args.output or model_path(model_themes.MODEL_NAME), {
        "data": [{"path": shown_path(p), "sha256": file_sha256(p)} for p in files],
        "dev_weight": args.dev_weight,
        "scores": figures,
        "command": "python scripts/train_themes.py",
    })
    print(json.dumps({k: meta[k] for k in ("model", "size_bytes", "vocabulary")}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

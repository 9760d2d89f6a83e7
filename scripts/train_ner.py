#!/usr/bin/env python3
"""Train the PERSON / ORG / LOCATION character CRF and score it on CLUENER dev.

Usage:
    python scripts/train_ner.py                      # train on all of train, write models/, score dev
    python scripts/train_ner.py --tune               # grid over c1/c2 on a held-out 10% of TRAIN
    python scripts/train_ner.py --no-words --scheme BIO --out /tmp/x.crfsuite   # ablations

Tuning never looks at dev: it splits TRAIN (seeded) into fit / held-out parts.
The final model, trained on all of TRAIN, is then scored once on dev (exact
span match, as ``shared/eval/score.py entities`` does) and the figures go into
``models/ner.meta.json`` with the training-data hash, feature set and versions.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import json
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pycrfsuite

from baogao.redact.recognizers import ner
from baogao.redact.recognizers.ner_features import LEXICON_FILE, FeatureConfig, Lexicon, sequence_features
from baogao.resources import model_path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
TRAIN = SHARED / "data" / "cluener" / "train.jsonl"
DEV = SHARED / "eval" / "cluener_dev.jsonl"
LABELS = ner.LABELS


def load(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tags_for(record: dict, *, scheme: str) -> list[str]:
    """Gold character tags (BIO or BIOES) from the record's spans."""
    tags = ["O"] * len(record["text"])
    for span in record.get("sensitive", []):
        label, s, e = span["label"], span["start"], span["end"]
        if label not in LABELS or e <= s:
            continue
        if scheme == "BIOES" and e - s == 1:
            tags[s] = f"S-{label}"
            continue
        tags[s] = f"B-{label}"
        for i in range(s + 1, e):
            tags[i] = f"I-{label}"
        if scheme == "BIOES":
            tags[e - 1] = f"E-{label}"
    return tags


def gold_spans(record: dict) -> set[tuple[int, int, str]]:
    return {(s["start"], s["end"], s["label"]) for s in record.get("sensitive", []) if s["label"] in LABELS}


def entity_names(records: Sequence[dict]) -> dict[str, set[str]]:
    """Names (≥ 2 chars) seen as gold entities, per label: the lexicon's content."""
    names: dict[str, set[str]] = {}
    for r in records:
        for s in r.get("sensitive", []):
            if s["label"] in LABELS and len(s["text"].strip()) >= 2:
                names.setdefault(s["label"], set()).add(s["text"])
    return names


def crossfit_lexicons(records: Sequence[dict], *, folds: int, seed: int) -> list[Lexicon]:
    """Per record, a lexicon built from the OTHER folds.

    Why: with a lexicon from all of train every training entity would be in it,
    the CRF would learn "lexicon hit = entity" and miss unseen names at test time.
    Cross-fitting makes the hit rate in training match what the model will meet.
    """
    fold_of = [i % folds for i in range(len(records))]
    random.Random(seed).shuffle(fold_of)
    per_fold = [entity_names([r for r, f in zip(records, fold_of) if f != k]) for k in range(folds)]
    lexicons = [Lexicon.from_names(names) for names in per_fold]
    return [lexicons[f] for f in fold_of]


def write_lexicon(names: dict[str, set[str]], path: Path) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for label in sorted(names):
            f.writelines(f"{label}\t{name}\n" for name in sorted(names[label]))


def train(
    records: Sequence[dict],
    out: Path,
    *,
    config: FeatureConfig,
    scheme: str,
    c1: float,
    c2: float,
    max_iter: int,
    minfreq: int,
    seed: int,
    verbose: bool = False,
) -> float:
    """Fit a CRF (L-BFGS with elastic net) and write it to ``out``; returns seconds taken."""
    t0 = time.time()
    trainer = pycrfsuite.Trainer(verbose=verbose)
    lexicons = crossfit_lexicons(records, folds=5, seed=seed) if config.lexicon else [None] * len(records)
    for r, lexicon in zip(records, lexicons, strict=True):
        trainer.append(
            sequence_features(r["text"], config=config, lexicon=lexicon), tags_for(r, scheme=scheme)
        )
    trainer.set_params(
        {
            "c1": c1,
            "c2": c2,
            "max_iterations": max_iter,
            "feature.possible_transitions": True,
            "feature.minfreq": minfreq,
        }
    )
    trainer.train(str(out))
    return time.time() - t0


def evaluate(records: Sequence[dict], model: Path, *, config: FeatureConfig, lexicon: Lexicon | None) -> dict:
    """Exact-span P/R/F1 per label and overall (micro), the ``score.py entities`` rule."""
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    chars = 0
    t0 = time.time()
    for r in records:
        text = r["text"]
        chars += len(text)
        pred = set()
        for offset, piece in ner.chunks(text):
            tags = tagger.tag(sequence_features(piece, config=config, lexicon=lexicon))
            pred |= {(s + offset, e + offset, lab) for s, e, lab in ner.spans_from_tags(tags)}
        gold = gold_spans(r)
        for s in pred & gold:
            tp[s[2]] += 1
        for s in pred - gold:
            fp[s[2]] += 1
        for s in gold - pred:
            fn[s[2]] += 1
    elapsed = time.time() - t0
    result: dict = {"ms_per_1000_chars": round(elapsed / max(chars, 1) * 1e6, 3)}
    for label in (*LABELS, "ALL"):
        if label == "ALL":
            a, b, c = sum(tp.values()), sum(fp.values()), sum(fn.values())
        else:
            a, b, c = tp[label], fp[label], fn[label]
        p = a / (a + b) if a + b else 0.0
        rr = a / (a + c) if a + c else 0.0
        f = 2 * p * rr / (p + rr) if p + rr else 0.0
        result[label] = {"p": round(p, 4), "r": round(rr, 4), "f1": round(f, 4), "gold": a + c}
    return result


def show(title: str, res: dict) -> None:
    print(f"== {title}  ({res['ms_per_1000_chars']} ms/1000 chars incl. features)")
    for label in (*LABELS, "ALL"):
        m = res[label]
        print(f"  {label:9s} P={m['p']:.4f} R={m['r']:.4f} F1={m['f1']:.4f} (gold {m['gold']})")
    sys.stdout.flush()


def split(records: list[dict], *, seed: int, held_out: float) -> tuple[list[dict], list[dict]]:
    idx = list(range(len(records)))
    random.Random(seed).shuffle(idx)
    k = int(len(idx) * held_out)
    return [records[i] for i in idx[k:]], [records[i] for i in idx[:k]]


def bench(dev: Path) -> None:
    """Time ``ner.find`` (features + tagging + marginals) on dev sentences and raw work reports."""
    raw_dir = SHARED / "data" / "gov_reports_raw"
    sets = {"cluener dev": [r["text"] for r in load(dev)]}
    if raw_dir.is_dir():
        sets["gov reports"] = [
            p.read_bytes().decode("gb18030", "replace") for p in sorted(raw_dir.glob("*.txt"))[:10]
        ]
    ner.find("预热一次，加载模型。")
    for name, texts in sets.items():
        chars = sum(map(len, texts))
        t0 = time.process_time()
        feats = [sequence_features(t) for t in texts]
        t_feat = time.process_time() - t0
        t0 = time.process_time()
        found = sum(len(ner.find(t)) for t in texts)
        t_all = time.process_time() - t0
        del feats
        print(
            f"{name}: {chars} chars, {found} entities; ner.find {t_all / chars * 1e6:.2f} ms/1000 chars "
            f"(features alone {t_feat / chars * 1e6:.2f}) [CPU time]"
        )


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train", type=Path, default=TRAIN)
    ap.add_argument("--dev", type=Path, default=DEV)
    ap.add_argument("--out", type=Path, default=None, help="model path (default models/ner.crfsuite)")
    ap.add_argument("--scheme", choices=["BIO", "BIOES"], default="BIOES")
    ap.add_argument("--c1", type=float, default=0.05)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--max-iter", type=int, default=100)
    ap.add_argument("--window", type=int, default=3)
    ap.add_argument("--no-words", action="store_true")
    ap.add_argument("--no-gazetteer", action="store_true")
    ap.add_argument("--no-trigrams", action="store_true")
    ap.add_argument("--no-hmm", action="store_true")
    ap.add_argument("--no-lexicon", action="store_true")
    ap.add_argument("--minfreq", type=int, default=1)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--verbose", action="store_true", help="print crfsuite's per-iteration log")
    ap.add_argument("--bench", action="store_true", help="time ner.find with the shipped model, then stop")
    ap.add_argument("--tune", action="store_true", help="grid c1/c2 on a held-out part of TRAIN, then stop")
    ap.add_argument(
        "--held-out", action="store_true", help="only fit on 90%% of TRAIN and score the held-out 10%%"
    )
    return ap.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.bench:
        bench(args.dev)
        return 0
    config = FeatureConfig(
        window=args.window,
        words=not args.no_words,
        gazetteer=not args.no_gazetteer,
        trigrams=not args.no_trigrams,
        hmm=not args.no_hmm,
        lexicon=not args.no_lexicon,
    )
    records = load(args.train)
    print(f"config={config.to_dict()} scheme={args.scheme} train={len(records)}")
    if args.tune or args.held_out:
        fit, held = split(records, seed=args.seed, held_out=0.1)
        grid = (
            [(0.0, 0.01), (0.05, 0.01), (0.1, 0.05), (0.2, 0.01), (0.05, 0.1)]
            if args.tune
            else [(args.c1, args.c2)]
        )
        with tempfile.TemporaryDirectory() as tmp:
            for c1, c2 in grid:
                path = Path(tmp) / "m.crfsuite"
                secs = train(
                    fit,
                    path,
                    config=config,
                    scheme=args.scheme,
                    c1=c1,
                    c2=c2,
                    max_iter=args.max_iter,
                    minfreq=args.minfreq,
                    seed=args.seed,
                )
                lexicon = Lexicon.from_names(entity_names(fit))
                show(
                    f"held-out c1={c1} c2={c2} ({secs:.0f}s)",
                    evaluate(held, path, config=config, lexicon=lexicon),
                )
        return 0
    out = args.out or model_path(ner.MODEL_FILE)
    secs = train(
        records,
        out,
        config=config,
        scheme=args.scheme,
        c1=args.c1,
        c2=args.c2,
        max_iter=args.max_iter,
        minfreq=args.minfreq,
        seed=args.seed,
        verbose=args.verbose,
    )
    print(f"trained in {secs:.0f}s -> {out} ({out.stat().st_size / 1e6:.1f} MB)")
    names = entity_names(records)
    if args.out is None and config.lexicon:
        write_lexicon(names, model_path(LEXICON_FILE))
    lexicon = Lexicon.from_names(names)
    dev = evaluate(load(args.dev), out, config=config, lexicon=lexicon) if args.dev.is_file() else {}
    if dev:
        show("dev (exact span)", dev)
    if args.out is None:
        meta = {
            "model": ner.MODEL_FILE,
            "train_data": {
                "path": str(args.train.name),
                "sha256": sha256(args.train),
                "records": len(records),
            },
            "dev_data": {"path": str(args.dev.name), "sha256": sha256(args.dev)} if dev else None,
            "feature_config": config.to_dict(),
            "gazetteer_sha256": sha256(model_path("ner_gazetteer.toml")),
            "lexicon": {"file": LEXICON_FILE, "names": sum(map(len, names.values())), "crossfit_folds": 5}
            if config.lexicon
            else None,
            "scheme": args.scheme,
            "trainer": {
                "algorithm": "lbfgs",
                "c1": args.c1,
                "c2": args.c2,
                "max_iterations": args.max_iter,
                "feature.minfreq": args.minfreq,
            },
            "dev_scores": dev,
            "versions": {
                p: importlib.metadata.version(p) for p in ("python-crfsuite", "rjieba", "ahocorasick_rs")
            },
            "python": sys.version.split()[0],
            "train_seconds": round(secs),
        }
        model_path(ner.META_FILE).write_text(
            json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

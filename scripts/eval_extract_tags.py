#!/usr/bin/env python3
"""Score slogans and themes against the shared gold dev sets.

usage: python scripts/eval_extract_tags.py [--eval-dir ../shared/eval] [--loo]

Slogans: corp_dev.jsonl and gov_metrics_dev.jsonl (only inside ``annotated_range``),
scored like ``score.py slogans`` (per-document sets of span texts, micro P/R/F1).
Themes: every gold record with ``themes`` plus ``corpora/themes/labels.json``;
``--loo`` also reports leave-one-out figures for the per-theme thresholds
(see ``baogao.extract.themes.fit_thresholds``).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from baogao.extract import slogans, themes


def load_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def norm_slogan_text(s: str) -> str:
    """As score.py: NFKC, quotes and blanks removed."""
    return re.sub(r"[\s“”\"'‘’「」『』]", "", unicodedata.normalize("NFKC", s))


def _prepare(text: str, *, raw: bool) -> str:
    """As the pipeline does: extractors see the normalised text (ASCII ,;: etc.)."""
    if raw:
        return text
    try:
        from baogao.normalize import normalize
    except ImportError:
        return text
    return normalize(text).text


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _in_range(rec: dict, start: int, end: int) -> bool:
    rng = rec.get("annotated_range")
    return rng is None or (start >= rng[0] and end <= rng[1])


def _slogan_spans(text: str, *, raw: bool) -> list[tuple[int, int, str]]:
    """Slogans as (start, end, text) in the ORIGINAL text, found on the normalised one."""
    if raw:
        return [(f.start, f.end, f.text) for f in slogans.find(text)]
    try:
        from baogao.normalize import normalize
    except ImportError:
        return [(f.start, f.end, f.text) for f in slogans.find(text)]
    norm = normalize(text)
    out = []
    for f in slogans.find(norm.text):
        s, e = norm.span_to_original(f.start, f.end)
        out.append((s, e, text[s:e]))
    return out


def eval_slogans(records: list[dict], *, verbose: bool, raw: bool = False) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for rec in records:
        if "slogans" not in rec:
            continue
        gold = {norm_slogan_text(s["text"]) for s in rec["slogans"] if _in_range(rec, s["start"], s["end"])}
        pred = {
            norm_slogan_text(t) for s, e, t in _slogan_spans(rec["text"], raw=raw) if _in_range(rec, s, e)
        }
        tp += len(gold & pred)
        fp += len(pred - gold)
        fn += len(gold - pred)
        if verbose:
            print(f"  {rec['id']}: missed={sorted(gold - pred)} extra={sorted(pred - gold)}")
    return prf(tp, fp, fn)


def theme_docs(eval_dir: Path) -> list[tuple[str, str, set[str]]]:
    docs = []
    for name in ("corp_dev.jsonl", "gov_metrics_dev.jsonl", "gov_paragraphs_dev.jsonl"):
        path = eval_dir / name
        if path.is_file():
            docs += [(r["id"], r["text"], set(r["themes"])) for r in load_jsonl(path) if "themes" in r]
    labels = REPO / "corpora" / "themes" / "labels.json"
    if labels.is_file():
        for fname, labs in json.loads(labels.read_text(encoding="utf-8")).items():
            text = (labels.parent / fname).read_text(encoding="utf-8")
            docs.append((f"own:{fname}", text, set(labs)))
    return docs


def eval_themes(
    docs: list[tuple[str, str, set[str]]], *, lexicon: themes.ThemeLexicon | None, verbose: bool, decide: bool = True
) -> tuple[float, float, float]:
    """Micro P/R/F1 of the themes (``decide=False``: of the lexicon rule, not the trained model)."""
    tp = fp = fn = 0
    for did, text, gold in docs:
        pred = set(themes.score(text, lexicon=lexicon, decide=decide).themes)
        tp += len(gold & pred)
        fp += len(pred - gold)
        fn += len(gold - pred)
        if verbose and pred != gold:
            print(f"  {did}: missed={sorted(gold - pred)} extra={sorted(pred - gold)}")
    return prf(tp, fp, fn)


def eval_themes_loo(docs: list[tuple[str, str, set[str]]]) -> tuple[float, float, float]:
    """Refit the per-theme thresholds without each document, then predict it."""
    tp = fp = fn = 0
    base = themes.load_lexicon()
    for i, (_did, text, gold) in enumerate(docs):
        train = [(t, g) for j, (_d, t, g) in enumerate(docs) if j != i]
        lex = themes.fit_thresholds(base, train)
        pred = set(themes.score(text, lexicon=lex, decide=False).themes)
        tp += len(gold & pred)
        fp += len(pred - gold)
        fn += len(gold - pred)
    return prf(tp, fp, fn)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--eval-dir", type=Path, default=REPO.parent / "shared" / "eval")
    ap.add_argument("--loo", action="store_true", help="leave-one-out figures for theme thresholds")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument(
        "--raw", action="store_true", help="skip baogao.normalize (default: normalise like the pipeline)"
    )
    args = ap.parse_args()

    for name in ("corp_dev.jsonl", "gov_metrics_dev.jsonl"):
        path = args.eval_dir / name
        if path.is_file():
            p, r, f = eval_slogans(load_jsonl(path), verbose=args.verbose, raw=args.raw)
            print(f"slogans {name}: P={p:.3f} R={r:.3f} F1={f:.3f}")
    both = [
        r
        for n in ("corp_dev.jsonl", "gov_metrics_dev.jsonl")
        if (args.eval_dir / n).is_file()
        for r in load_jsonl(args.eval_dir / n)
    ]
    p, r, f = eval_slogans(both, verbose=False, raw=args.raw)
    print(f"slogans all: P={p:.3f} R={r:.3f} F1={f:.3f}")

    docs = [(d, _prepare(t, raw=args.raw), g) for d, t, g in theme_docs(args.eval_dir)]
    gold_only = [d for d in docs if not d[0].startswith("own:")]
    own = [d for d in docs if d[0].startswith("own:")]
    for label, subset in (("dev gold", gold_only), ("own corpus", own), ("all", docs)):
        if subset:
            p, r, f = eval_themes(subset, lexicon=None, verbose=args.verbose and label != "all")
            print(f"themes {label} (n={len(subset)}): P={p:.3f} R={r:.3f} F1={f:.3f}")
    if gold_only and own:
        lex = themes.fit_thresholds(themes.load_lexicon(), [(t, g) for _d, t, g in gold_only])
        p, r, f = eval_themes(own, lexicon=lex, verbose=False)
        print(
            f"themes held-out: thresholds fit on dev gold only, scored on own corpus (n={len(own)}): "
            f"P={p:.3f} R={r:.3f} F1={f:.3f}"
        )
    if args.loo and docs:
        p, r, f = eval_themes_loo(docs)
        print(f"themes leave-one-out refit (n={len(docs)}): P={p:.3f} R={r:.3f} F1={f:.3f}")


if __name__ == "__main__":
    main()

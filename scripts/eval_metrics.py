#!/usr/bin/env python3
"""Score baogao.extract.metrics.find() on gold JSONL files (shared/eval/FORMAT.md rules).

usage: python scripts/eval_metrics.py GOLD.jsonl [GOLD2.jsonl ...] [--pred-out PRED.jsonl] [--show N]

For each document the gold ``text`` (the decoded original) is normalised with
baogao.normalize when that module exists, otherwise full-width forms are folded
one-to-one so offsets hold; findings are mapped back to the original and scored
as score.py does: one-to-one greedy matching by largest overlap, exact when
value (relative 1e-6), NFKC unit and masked agree; only spans inside
``annotated_range`` count. Prints span/exact P/R/F1 per file and the wrong
examples (misses, wrong values, false positives) with context.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from baogao.evaluate import in_range, num_eq, overlap, unit_key
from baogao.extract import metrics
from baogao.extract.numerals import fold_width


def _normaliser() -> Callable[[str], tuple[str, Callable[[int, int], tuple[int, int]]]]:
    """baogao.normalize when present; a 1:1 width fold otherwise (offsets unchanged)."""
    try:
        from baogao.normalize import normalize  # type: ignore[import-not-found]
    except ImportError:
        print("# baogao.normalize not importable: folding full-width forms 1:1", file=sys.stderr)
        return lambda text: (fold_width(text), lambda s, e: (s, e))

    def run(text: str) -> tuple[str, Callable[[int, int], tuple[int, int]]]:
        nt = normalize(text)
        return nt.text, nt.span_to_original

    return run


def predict(text: str, norm: Callable[..., Any]) -> list[dict[str, Any]]:
    """Findings of one document as FORMAT.md metric records (original offsets)."""
    ntext, to_orig = norm(text)
    out = []
    for f in metrics.find(ntext):
        s, e = to_orig(f.start, f.end)
        out.append({"start": s, "end": e, "text": text[s:e], **f.attrs})
    return out


def _ctx(text: str, span: dict[str, Any]) -> str:
    s, e = span["start"], span["end"]
    return f"{text[max(0, s - 10) : s]}[{text[s:e]}]{text[e : e + 6]}".replace("\n", "⏎")


def score_doc(doc: dict[str, Any], preds: list[dict[str, Any]]) -> dict[str, Any]:
    """Greedy one-to-one matching exactly as the reference scorer does it."""
    gs = [m for m in doc["metrics"] if in_range(doc, m)]
    ps = [m for m in preds if in_range(doc, m)]
    used: set[int] = set()
    span_tp = exact_tp = 0
    wrong: list[str] = []
    for gm in gs:
        best, bo = None, 0
        for i, pm in enumerate(ps):
            if i not in used and (o := overlap(gm, pm)) > bo:
                best, bo = i, o
        if best is None:
            wrong.append(f"MISS  {_ctx(doc['text'], gm)}  gold=({gm['value']},{gm['unit']})")
            continue
        used.add(best)
        pm = ps[best]
        span_tp += 1
        if (
            num_eq(gm.get("value"), pm.get("value"))
            and unit_key(gm.get("unit")) == unit_key(pm.get("unit"))
            and bool(gm.get("masked")) == bool(pm.get("masked"))
        ):
            exact_tp += 1
        else:
            wrong.append(
                f"VALUE {_ctx(doc['text'], gm)}  gold=({gm['value']},{gm['unit']}) "
                f"pred={pm['text']}({pm['value']},{pm['unit']})"
            )
    for i, pm in enumerate(ps):
        if i not in used:
            wrong.append(f"FP    {_ctx(doc['text'], pm)}  pred=({pm['value']},{pm['unit']})")
    return {"gold": len(gs), "pred": len(ps), "span_tp": span_tp, "exact_tp": exact_tp, "wrong": wrong}


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate(path: Path, *, show: int, pred_out: Any | None) -> dict[str, float]:
    norm = _normaliser()
    totals = {"gold": 0, "pred": 0, "span_tp": 0, "exact_tp": 0}
    wrong: list[str] = []
    t0 = time.perf_counter()
    with open(path, encoding="utf-8") as fh:
        docs = [json.loads(line) for line in fh if line.strip()]
    for doc in docs:
        if "metrics" not in doc:
            continue
        preds = predict(doc["text"], norm)
        if pred_out is not None:
            pred_out.write(json.dumps({"id": doc["id"], "metrics": preds}, ensure_ascii=False) + "\n")
        res = score_doc(doc, preds)
        for key in totals:
            totals[key] += res[key]
        wrong += [f"{doc['id']}: {w}" for w in res["wrong"]]
    elapsed = time.perf_counter() - t0
    sp, sr, sf = _prf(totals["span_tp"], totals["pred"], totals["gold"])
    ep, er, ef = _prf(totals["exact_tp"], totals["pred"], totals["gold"])
    print(f"== {path.name}: gold={totals['gold']} pred={totals['pred']} ({elapsed:.2f}s)")
    print(f"   span  P={sp:.4f} R={sr:.4f} F1={sf:.4f}")
    print(f"   exact P={ep:.4f} R={er:.4f} F1={ef:.4f}")
    for w in wrong[:show]:
        print("   ", w)
    if len(wrong) > show:
        print(f"    … {len(wrong) - show} more")
    return {"span_f1": sf, "exact_f1": ef}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", nargs="+", type=Path)
    ap.add_argument("--show", type=int, default=40, help="wrong examples to print per file")
    ap.add_argument("--pred-out", type=Path, help="write predictions (for shared/eval/score.py)")
    args = ap.parse_args(argv)
    with contextlib.ExitStack() as stack:
        out = stack.enter_context(open(args.pred_out, "w", encoding="utf-8")) if args.pred_out else None
        for path in args.gold:
            evaluate(path, show=args.show, pred_out=out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

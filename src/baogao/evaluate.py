"""Scores predictions against gold files by the rules of shared/eval/FORMAT.md.

The scorer here is our own implementation of those rules; a test checks that
it agrees with the reference ``score.py`` on real predictions. ``evaluate_files``
runs the pipeline over the gold texts first, so ``baogao eval GOLD.jsonl``
needs nothing else.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from baogao.errors import UsageError
from baogao.io.jsonl import json_objects

LABELS = ("preamble", "review", "problems", "outlook", "plan", "closing")
MASK_CHARS = frozenset("×xX*＊✕╳■□●○")
TASKS = ("paragraphs", "metrics", "slogans", "themes", "sensitive", "entities", "masked")


def _prf(tp: int, fp: int, fn: int, beta: float = 1.0) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    b2 = beta * beta
    return p, r, ((1 + b2) * p * r / (b2 * p + r) if p + r else 0.0)


def overlap(a: dict, b: dict) -> int:
    return max(0, min(a["end"], b["end"]) - max(a["start"], b["start"]))


def in_range(doc: dict, span: dict) -> bool:
    rng = doc.get("annotated_range")
    return rng is None or (span["start"] >= rng[0] and span["end"] <= rng[1])


def _best(span: dict, candidates: Sequence[dict], used: set[int] | None = None) -> int | None:
    best, most = None, 0
    for i, c in enumerate(candidates):
        if used is not None and i in used:
            continue
        o = overlap(span, c)
        if o > most:
            best, most = i, o
    return best


def score_paragraphs(gold: dict[str, dict], pred: dict[str, dict]) -> dict[str, Any]:
    """Each gold paragraph takes the label of the predicted paragraph overlapping it most."""
    conf: Counter[tuple[str, str]] = Counter()
    for did, g in gold.items():
        ps = (pred.get(did) or {}).get("paragraphs") or []
        for gp in g.get("paragraphs", []):
            if gp["label"] == "other":
                continue
            i = _best(gp, ps)
            conf[(gp["label"], ps[i]["label"] if i is not None else "none")] += 1
    n = sum(conf.values())
    correct = sum(v for (g, p), v in conf.items() if g == p)
    f1s: dict[str, float] = {}
    for lab in LABELS:
        tp = conf[(lab, lab)]
        fp = sum(v for (g, p), v in conf.items() if p == lab and g != lab)
        fn = sum(v for (g, p), v in conf.items() if g == lab and p != lab)
        if tp + fp + fn:
            f1s[lab] = round(_prf(tp, fp, fn)[2], 4)
    macro = sum(f1s.values()) / len(f1s) if f1s else 0.0
    return {"n": n, "accuracy": round(correct / n, 4) if n else 0.0, "per_label_f1": f1s,
            "macro_f1": round(macro, 4), "headline": "macro_f1"}


def num_eq(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def unit_key(u: str | None) -> str:
    return unicodedata.normalize("NFKC", u or "").strip()


def score_metrics(gold: dict[str, dict], pred: dict[str, dict]) -> dict[str, Any]:
    """One-to-one greedy matching by overlap; exact = value, unit and masked agree."""
    tp_span = tp_exact = n_gold = n_pred = 0
    wrong: list[str] = []
    for did, g in gold.items():
        if "metrics" not in g:
            continue
        gs = [m for m in g["metrics"] if in_range(g, m)]
        ps = [m for m in (pred.get(did) or {}).get("metrics") or [] if in_range(g, m)]
        n_gold, n_pred = n_gold + len(gs), n_pred + len(ps)
        used: set[int] = set()
        for gm in gs:
            i = _best(gm, ps, used)
            if i is None:
                wrong.append(f"missed {gm['text']}")
                continue
            used.add(i)
            pm = ps[i]
            tp_span += 1
            if (num_eq(gm.get("value"), pm.get("value")) and unit_key(gm.get("unit")) == unit_key(pm.get("unit"))
                    and bool(gm.get("masked")) == bool(pm.get("masked"))):
                tp_exact += 1
            else:
                wrong.append(f"{gm['text']}≠{pm.get('text')}({pm.get('value')},{pm.get('unit')})")
    sp, sr, sf = _prf(tp_span, n_pred - tp_span, n_gold - tp_span)
    ep, er, ef = _prf(tp_exact, n_pred - tp_exact, n_gold - tp_exact)
    return {"gold": n_gold, "pred": n_pred, "span_p": round(sp, 4), "span_r": round(sr, 4),
            "span_f1": round(sf, 4), "exact_p": round(ep, 4), "exact_r": round(er, 4),
            "exact_f1": round(ef, 4), "headline": "exact_f1", "examples_wrong": wrong[:15]}


def _norm_slogan(s: str) -> str:
    return re.sub(r"[\s“”\"'‘’「」『』]", "", unicodedata.normalize("NFKC", s))


def score_slogans(gold: dict[str, dict], pred: dict[str, dict]) -> dict[str, Any]:
    tp = fp = fn = 0
    missed: list[str] = []
    extra: list[str] = []
    for did, g in gold.items():
        if "slogans" not in g:
            continue
        gs = {_norm_slogan(s["text"]) for s in g["slogans"] if in_range(g, s)}
        ps = {_norm_slogan(s["text"]) for s in (pred.get(did) or {}).get("slogans") or [] if in_range(g, s)}
        tp, fp, fn = tp + len(gs & ps), fp + len(ps - gs), fn + len(gs - ps)
        missed += sorted(gs - ps)[:3]
        extra += sorted(ps - gs)[:3]
    p, r, f = _prf(tp, fp, fn)
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "headline": "f1",
            "missed": missed[:12], "extra": extra[:12]}


def score_themes(gold: dict[str, dict], pred: dict[str, dict]) -> dict[str, Any]:
    tp = fp = fn = 0
    for did, g in gold.items():
        if "themes" not in g:
            continue
        gs = set(g["themes"])
        ps = {t if isinstance(t, str) else t.get("label") for t in (pred.get(did) or {}).get("themes") or []}
        tp, fp, fn = tp + len(gs & ps), fp + len(ps - gs), fn + len(gs - ps)
    p, r, f = _prf(tp, fp, fn)
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "headline": "f1"}


def _coverage(spans: Iterable[dict], n: int) -> bytearray:
    cov = bytearray(n)
    for s in spans:
        lo, hi = max(0, s["start"]), min(n, s["end"])
        if hi > lo:
            cov[lo:hi] = b"\x01" * (hi - lo)
    return cov


def score_sensitive(gold: dict[str, dict], pred: dict[str, dict], *, key: str = "sensitive") -> dict[str, Any]:
    """Leak rate (a gold span is caught when all its characters are predicted), char F2, exact spans."""
    total = caught = gold_chars = pred_chars = both = 0
    tp = fp = fn = 0
    leaked: list[str] = []
    for did, g in gold.items():
        if "sensitive" not in g:
            continue
        n = len(g["text"])
        ps = (pred.get(did) or {}).get(key) or []
        pc, gc = _coverage(ps, n), _coverage(g["sensitive"], n)
        for s in g["sensitive"]:
            total += 1
            if all(pc[s["start"]:s["end"]]):
                caught += 1
            else:
                leaked.append(s["text"])
        gold_chars += sum(gc)
        pred_chars += sum(pc)
        both += sum(1 for a, b in zip(gc, pc) if a and b)
        gset = {(s["start"], s["end"], s["label"]) for s in g["sensitive"]}
        pset = {(s["start"], s["end"], s.get("label")) for s in ps}
        tp, fp, fn = tp + len(gset & pset), fp + len(pset - gset), fn + len(gset - pset)
    cp, cr, cf2 = _prf(both, pred_chars - both, gold_chars - both, beta=2.0)
    ep, er, ef = _prf(tp, fp, fn)
    return {"spans": total, "caught": caught, "leak_rate": round(1 - caught / total if total else 0.0, 4),
            "char_p": round(cp, 4), "char_r": round(cr, 4), "char_f2": round(cf2, 4),
            "entity_exact_p": round(ep, 4), "entity_exact_r": round(er, 4), "entity_exact_f1": round(ef, 4),
            "headline": "entity_exact_f1" if key == "entities" else "leak_rate", "leaked": leaked[:20]}


def score_masked(gold: dict[str, dict], masked: dict[str, dict]) -> dict[str, Any]:
    """Masked output with offsets kept: every gold character masked; Han characters outside changed."""
    total = caught = nonsens = over = bad_len = 0
    leaked: list[str] = []
    for did, g in gold.items():
        if "sensitive" not in g:
            continue
        t, m = g["text"], (masked.get(did) or {}).get("text")
        if m is None or len(m) != len(t):
            bad_len += 1
            total += len(g["sensitive"])
            leaked += [s["text"] for s in g["sensitive"]]
            continue
        gc = _coverage(g["sensitive"], len(t))
        for s in g["sensitive"]:
            total += 1
            if all(m[i] in MASK_CHARS or t[i] in MASK_CHARS for i in range(s["start"], s["end"])):
                caught += 1
            else:
                leaked.append(s["text"])
        for i, ch in enumerate(t):
            if not gc[i] and "\u4e00" <= ch <= "\u9fff":
                nonsens += 1
                over += m[i] != ch
    return {"spans": total, "caught": caught, "leak_rate": round(1 - caught / total if total else 0.0, 4),
            "overmask_rate": round(over / nonsens, 4) if nonsens else 0.0,
            "docs_length_changed_or_missing": bad_len, "headline": "leak_rate", "leaked": leaked[:20]}


SCORERS = {"paragraphs": score_paragraphs, "metrics": score_metrics, "slogans": score_slogans,
           "themes": score_themes, "sensitive": score_sensitive, "masked": score_masked,
           "entities": lambda g, p: score_sensitive(g, p, key="entities")}


def load_jsonl(path: Path, *, require: Sequence[str] = ()) -> dict[str, dict]:
    """Records of a gold or prediction file by id.

    Raises:
        UsageError: the file cannot be read, a line is not a JSON object, or a
            record lacks one of the ``require`` keys (one line naming file, line and cause).
    """
    out: dict[str, dict] = {}
    for n, rec in json_objects(path):
        lacking = [k for k in require if k not in rec]
        if lacking:
            raise UsageError(f"{path}:{n}", f"record has no {', '.join(map(repr, lacking))}: not a gold "
                             "file (score a prediction file with --predictions)")
        out[str(rec.get("id"))] = rec
    return out


def tasks_for(gold: dict[str, dict]) -> list[str]:
    """The tasks a gold file annotates (a missing key means "not annotated")."""
    first = next(iter(gold.values()), {})
    tasks = [t for t in ("paragraphs", "metrics", "slogans", "themes") if t in first]
    if "sensitive" in first:
        cluener = str(first.get("source", "")).lower().startswith("cluener") or "paragraphs" not in first
        tasks += ["entities"] if cluener else ["sensitive", "masked"]
    return tasks


def predict(gold: dict[str, dict], *, tasks: Sequence[str], ner: bool = True) -> tuple[dict, dict]:
    """Run the pipeline over every gold text: (predictions, masked texts)."""
    from baogao import pipeline
    from baogao.io import RawDocument
    from baogao.pipeline import PipelineOptions

    want = set(tasks)
    opts = PipelineOptions(sections="paragraphs" in want, metrics="metrics" in want, slogans="slogans" in want,
                           themes="themes" in want, keywords=False,
                           redact=bool(want & {"sensitive", "entities"}), ner=ner)
    preds: dict[str, dict] = {}
    masked: dict[str, dict] = {}
    for did, g in gold.items():
        raw = RawDocument(id=did, text=g["text"], source="gold", encoding="utf-8", format="jsonl", meta={})
        if want - {"masked"}:
            preds[did] = pipeline.extract(raw, options=opts)
        if "masked" in want:
            masked[did] = {"id": did, "text": pipeline.mask(raw, options=opts).text}
    return preds, masked


def check_tasks(tasks: Sequence[str] | None) -> None:
    """Refuse task names that have no scorer (a typo would otherwise score nothing and look fine).

    Raises:
        UsageError: one line naming the unknown task(s) and listing the valid ones.
    """
    unknown = [t for t in tasks or () if t not in SCORERS]
    if unknown:
        raise UsageError(None, f"unknown task {', '.join(map(repr, unknown))}; valid tasks: {', '.join(TASKS)}")


def evaluate_files(gold_paths: Sequence[Path], *, tasks: Sequence[str] | None = None,
                   predictions: Path | None = None, ner: bool = True) -> dict[str, dict[str, Any]]:
    """Scores per gold file and task: ``{"corp_dev.jsonl": {"metrics": {...}}}``.

    Raises:
        UsageError: an unknown task name, or a gold/prediction file that cannot be read.
    """
    check_tasks(tasks)
    result: dict[str, dict[str, Any]] = {}
    for path in gold_paths:
        gold = load_jsonl(path, require=() if predictions is not None else ("text",))
        todo = [t for t in (tasks or tasks_for(gold)) if t in SCORERS]
        if predictions is not None:
            preds = load_jsonl(predictions)
            masked = preds
        else:
            preds, masked = predict(gold, tasks=todo, ner=ner)
        result[Path(path).name] = {t: SCORERS[t](gold, masked if t == "masked" else preds) for t in todo}
    return result


def render_table(scores: dict[str, dict[str, Any]]) -> Any:
    """A rich table: one row per file and task with its headline figure and the main others."""
    from rich.table import Table

    table = Table(title="baogao eval")
    for col in ("gold file", "task", "headline", "details"):
        table.add_column(col)
    for name, by_task in scores.items():
        for task, s in by_task.items():
            head = s.get("headline", "")
            details = ", ".join(f"{k}={v}" for k, v in s.items()
                                if isinstance(v, (int, float)) and k != head)
            if "per_label_f1" in s:
                details += " | " + ", ".join(f"{k}={v}" for k, v in s["per_label_f1"].items())
            table.add_row(name, task, f"{head}={s.get(head)}", details)
    return table

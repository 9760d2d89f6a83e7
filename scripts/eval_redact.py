#!/usr/bin/env python3
"""Evaluate redaction on the corporate gold set (shared/eval/corp_dev.jsonl).

Reports, with and without a register built from each document's own ORG gold
names: detection leak rate and char P/R/F2 (score.py ``sensitive`` rules),
masked-output leak and over-masking (score.py ``masked`` rules, keep-length
style), the time of find_all + mask per 1,000 chars, and the check findings on
the seed sample.

usage: python scripts/eval_redact.py [--gold PATH ...] [--seed PATH] [--no-ner] [--show-leaks] [--no-timing]
       --gold corpora/redact/corp_new.jsonl (or corp_holdout.jsonl): reports written after the
       rules, to check that they generalise; score.py is taken from shared/eval when the gold's
       folder has none. Several gold files are scored as one pool of reports (the blind groups:
       --gold corpora/eval/heldout_corp_3[89].jsonl corpora/eval/heldout_corp_4[01].jsonl).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


def _scorer(path: Path):
    spec = importlib.util.spec_from_file_location("score", path)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def _run(docs: list[dict], policies: dict[str, object]) -> tuple[dict, dict, float, int]:
    from baogao.redact.mask import mask_text
    from baogao.redact.recognizers import find_all

    pred, masked = {}, {}
    elapsed, chars = 0.0, 0
    for d in docs:
        t0 = time.perf_counter()
        found = find_all(d["text"], policy=policies[d["id"]])
        out = mask_text(d["text"], found).text
        elapsed += time.perf_counter() - t0
        chars += len(d["text"])
        pred[d["id"]] = {
            "id": d["id"],
            "sensitive": [{"start": f.start, "end": f.end, "label": f.label, "text": f.text} for f in found],
        }
        masked[d["id"]] = {"id": d["id"], "text": out}
    return pred, masked, elapsed, chars


def _leaks(docs: list[dict], pred: dict, score) -> list[str]:
    """Every gold span not fully covered by a prediction, as ``id: text (LABEL)``."""
    out = []
    for d in docs:
        cov = score.covered(pred[d["id"]]["sensitive"], len(d["text"]))
        for s in d["sensitive"]:
            if not all(cov[i] for i in range(s["start"], s["end"])):
                out.append(f"{d['id']}: {s['text']} ({s['label']})")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, nargs="+", default=[SHARED / "eval" / "corp_dev.jsonl"])
    ap.add_argument(
        "--seed", type=Path, default=REPO / "corpora" / "samples" / "2023_publicity_report_masked.txt"
    )
    ap.add_argument("--no-ner", action="store_true", help="rule recognizers only (BAOGAO_NO_NER=1)")
    ap.add_argument("--show-leaks", action="store_true", help="list every leaked span and over-masked run")
    ap.add_argument("--no-timing", action="store_true", help="skip the timing run on the joined documents")
    args = ap.parse_args()
    if args.no_ner:
        os.environ["BAOGAO_NO_NER"] = "1"
    from baogao.redact.check import check_text, format_finding
    from baogao.redact.policy import DEFAULT_POLICY, Policy, Register
    from baogao.redact.recognizers import find_all

    local = args.gold[0].parent / "score.py"
    score = _scorer(local if local.is_file() else SHARED / "eval" / "score.py")
    gold = {}
    for path in args.gold:
        part = score.load(path)
        if gold.keys() & part.keys():
            print(f"eval_redact: {path}: report ids already read from another gold file", file=sys.stderr)
            return 2
        gold.update(part)
    docs = list(gold.values())
    for d in docs[:2]:
        find_all(d["text"], policy=DEFAULT_POLICY)  # load lexicons and jieba's vocabulary once
    runs = {
        "default": {d["id"]: DEFAULT_POLICY for d in docs},
        "register": {
            d["id"]: Policy(
                register=Register(orgs=frozenset(s["text"] for s in d["sensitive"] if s["label"] == "ORG"))
            )
            for d in docs
        },
    }
    report = {}
    for name, policies in runs.items():
        pred, masked, elapsed, chars = _run(docs, policies)
        det, _ = score.score_sensitive(gold, pred)
        msk, _ = score.score_masked(gold, masked)
        report[name] = {
            "detect_leak": det["leak_rate"],
            "char_p": det["char_p"],
            "char_r": det["char_r"],
            "char_f2": det["char_f2"],
            "masked_leak": msk["leak_rate"],
            "overmask": msk["overmask_rate"],
            "ms_per_1000_chars": round(1000 * elapsed / chars * 1000, 3),
        }
        if args.show_leaks:
            report[name]["leaked"] = _leaks(docs, pred, score)
            over = []
            for d in docs:
                m = masked[d["id"]]["text"]
                cov = score.covered(d["sensitive"], len(d["text"]))
                run = ""
                for i, ch in enumerate(d["text"]):
                    if not cov[i] and m[i] != ch:
                        run += ch
                    elif run:
                        over.append(f"{d['id']}: {run}")
                        run = ""
            report[name]["overmasked_runs"] = over[:80]
    # timing on a longer text: all gold docs joined, several rounds
    big = "\n".join(d["text"] for d in docs) * 3
    from baogao.redact.mask import mask_text

    cpu, wall = [], []
    rounds = 0 if args.no_timing else 5  # best of five: the machine is shared, the minimum is the cost
    for _ in range(rounds):
        t0, c0 = time.perf_counter(), time.process_time()
        mask_text(big, find_all(big))
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - t0)
    if cpu:
        report["timing_big"] = {
            "chars": len(big),
            "cpu_ms_per_1000_chars_best_of_5": round(min(cpu) * 1e6 / len(big), 3),
            "wall_ms_per_1000_chars_best_of_5": round(min(wall) * 1e6 / len(big), 3),
        }
    if args.seed.is_file():
        text = args.seed.read_text(encoding="utf-8")
        report["seed_check"] = [format_finding(args.seed.name, text, f) for f in check_text(text)]
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Speed and agreement of the segmenters on real report text.

Prints chars/s of plain jieba precise mode (a fresh ``jieba.Tokenizer().cut``,
HMM on, no domain dictionary), of ``Segmenter(backend="jieba")`` and of
``Segmenter(backend="rjieba")``, then the token agreement between the jieba and
rjieba backends with HMM off and on (share of jieba tokens, by exact character
span, that rjieba also produced).

Corpus: the first copy of each report in ../shared/data/gov_reports_raw (GB18030)
when present, else the texts under corpora/.

usage: python scripts/compare_segmenters.py [--shared DIR] [--limit N]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import jieba

from baogao.segment import Segmenter
from baogao.structure import parse

REPO = Path(__file__).resolve().parent.parent


def load_texts(shared: Path, limit: int | None) -> tuple[str, list[str]]:
    raw = shared / "data" / "gov_reports_raw"
    if raw.is_dir():
        files, enc, name = sorted(raw.glob("*.txt")), "gb18030", str(raw)
    else:
        files = [p for p in sorted((REPO / "corpora").rglob("*.txt")) if "lexicon" not in p.parts]
        enc, name = "utf-8", str(REPO / "corpora")
    texts = []
    for path in files[:limit]:
        text = path.read_text(encoding=enc, errors="replace").replace("<U+00A0>", " ")
        paras = [p.text for p in parse(text).paragraphs if p.duplicate_of is None]
        texts.append("\n".join(paras))
    return name, texts


def rate(cut, texts: list[str]) -> float:
    cut(texts[0][:200])  # build the dictionary outside the timing
    chars = sum(map(len, texts))
    t0 = time.perf_counter()
    for t in texts:
        cut(t)
    return chars / (time.perf_counter() - t0)


def spans(words: list[str]) -> set[tuple[int, int]]:
    out, pos = set(), 0
    for w in words:
        out.add((pos, pos + len(w)))
        pos += len(w)
    return out


def agreement(a: Segmenter, b: Segmenter, texts: list[str]) -> tuple[float, int]:
    same = total = 0
    for t in texts:
        sa, sb = spans(a.cut(t)), spans(b.cut(t))
        same += len(sa & sb)
        total += len(sa)
    return same / total, total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--limit", type=int, default=None, help="use only the first N files")
    args = ap.parse_args(argv)
    name, texts = load_texts(args.shared, args.limit)
    print(f"corpus: {name}: {len(texts)} documents, {sum(map(len, texts)):,} characters (first copies)")
    plain = jieba.Tokenizer()
    rows = [
        ("jieba.Tokenizer().cut (precise, HMM on, base dict)", lambda t: list(plain.cut(t))),
        ("Segmenter(backend='jieba')  (HMM off, userdict)", Segmenter(backend="jieba").cut),
        ("Segmenter(backend='rjieba') (HMM off, userdict)", Segmenter(backend="rjieba").cut),
        ("Segmenter(backend='jieba', hmm=True)", Segmenter(backend="jieba", hmm=True).cut),
        ("Segmenter(backend='rjieba', hmm=True)", Segmenter(backend="rjieba", hmm=True).cut),
    ]
    for label, cut in rows:
        print(f"{label:55s} {rate(cut, texts):>12,.0f} chars/s")
    for hmm in (False, True):
        share, n = agreement(Segmenter(hmm=hmm), Segmenter(backend="rjieba", hmm=hmm), texts)
        print(f"agreement jieba vs rjieba, HMM {'on ' if hmm else 'off'}: {share:.4%} of {n:,} tokens")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

#!/usr/bin/env python3
"""Build models/userdict.txt: the domain dictionary both segmenter backends load.

Sources, merged and written in jieba format (``word freq tag``), sorted, so the
output is byte-identical for the same inputs:

1. ``corpora/lexicon/domain_terms.txt`` — the curated seed list (tag kept).
2. Terms mined from report texts — ``corpora/**/*.txt`` (the lexicon folder
   excluded) and, when present, ``../shared/data/gov_reports_raw`` and
   ``../shared/seeds``. The evaluation files in ``../shared/eval`` are never read,
   so the dictionary cannot memorise dev answers. Each text is split with
   :func:`baogao.structure.parse` and repeated page copies are skipped, so a page
   scraped six times counts once.

   * quoted slogans: text inside “” of 2–8 Han characters that recurs (≥ 2 times);
   * numeric abbreviations: 三基三化 / 一岗双责 (numeral, Han, numeral, Han) that recur;
   * cohesive 4-grams that the base dictionary splits but that recur as a unit in
     several documents, with varied neighbours on both sides (a unit, not a fragment).

Frequencies: the smallest count for which jieba keeps the term whole when it
stands alone (as ``jieba.Tokenizer.suggest_freq`` computes it), times a margin so
that it also survives in context; never below the base dictionary's count.

usage: python scripts/build_userdict.py [--shared DIR] [--out PATH] [--no-ngrams]
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

import jieba

from baogao.structure import parse

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = REPO.parent / "shared"
SEED_TERMS = REPO / "corpora" / "lexicon" / "domain_terms.txt"
DEFAULT_OUT = REPO / "models" / "userdict.txt"

NUM = "一二三四五六七八九十两双"
QUOTED = re.compile(r"“([\u4e00-\u9fff]{2,8})”")
NUMERALS = "零〇一二三四五六七八九十百千万亿两点"
# 三基三化 / 一岗双责 / 五缓四减: the 2nd and 4th characters are not numerals or counters
_NOT_NUMBERY = rf"[^\W\d{NUMERALS}个届年月日次倍号期中批项分名种条家所位]"
NUMERIC_ABBR = re.compile(rf"[{NUM}]{_NOT_NUMBERY}[{NUM}]{_NOT_NUMBERY}")
HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
ESCAPE = re.compile(r"<U\+[0-9A-Fa-f]{4,6}>")
# characters that make a 4-gram a fragment of a phrase rather than a term
FUNCTION_CHARS = set("的地得了和与及是在对为把被从向以于之其这那我们你他它不也都要将有就而并或等个年月日所")
FUNCTION_CHARS |= set(NUMERALS)
MIN_ENTROPY = 2.0  # bits of left/right neighbour variety: a unit, not a fragment
MARGIN = 3
MIN_FREQ = 50
MINED_TAG = "nz"


def read_seed(path: Path) -> dict[str, str]:
    """``word → tag`` from the curated list (comments and blanks skipped)."""
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if parts and not parts[0].startswith("#"):
            out[parts[0]] = parts[1] if len(parts) > 1 else "n"
    return out


def decode(path: Path) -> str:
    data = path.read_bytes()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def corpus_files(shared: Path | None) -> list[Path]:
    files = [p for p in sorted((REPO / "corpora").rglob("*.txt")) if "lexicon" not in p.parts]
    if shared is not None and shared.is_dir():
        for sub in ("data/gov_reports_raw", "seeds"):
            files += sorted((shared / sub).glob("*.txt"))
    return files


def documents(files: Iterable[Path]) -> Iterator[list[str]]:
    """Each document as its list of unique paragraph texts (first page copy only)."""
    seen: set[str] = set()
    for path in files:
        text = ESCAPE.sub("", decode(path))
        paras = [p.text for p in parse(text).paragraphs if p.duplicate_of is None and p.kind == "body"]
        key = "\n".join(paras)
        if paras and key not in seen:  # the same report stored twice (seed copies)
            seen.add(key)
            yield paras


def mine_quoted_and_abbr(docs: list[list[str]], tok: jieba.Tokenizer) -> list[str]:
    """Recurring quoted slogans and numeric abbreviations that the base dictionary splits."""
    counts: Counter[str] = Counter()
    for paras in docs:
        for p in paras:
            counts.update(QUOTED.findall(p))
            counts.update(w for w in NUMERIC_ABBR.findall(p) if w[:2] != w[2:])
    return sorted(w for w, c in counts.items() if c >= 2 and not tok.FREQ.get(w))


def _entropy(counter: Counter[str]) -> float:
    total = sum(counter.values())
    return -sum(c / total * math.log2(c / total) for c in counter.values()) if total else 0.0


def _dominant(neighbours: Counter[str], c: int, *, before: bool) -> bool:
    """True when one neighbouring character accounts for most occurrences."""
    near: Counter[str] = Counter()
    for ctx, n in neighbours.items():
        near[ctx[-1:] if before else ctx[:1]] += n
    return max(near.values()) > c / 2


def _edge_bound(neighbours: Counter[str], edge: str, tok: jieba.Tokenizer, *, before: bool) -> bool:
    """True when most neighbours form a dictionary word with the n-gram's edge character."""
    total = sum(neighbours.values())
    bound = 0
    for ctx, c in neighbours.items():
        near = ctx[-1:] if before else ctx[:1]
        words = (near + edge, ctx + edge) if before else (edge + near, edge + ctx)
        bound += c if any(tok.FREQ.get(w) for w in words) else 0
    return bound > total / 2


def mine_ngrams(
    docs: list[list[str]], tok: jieba.Tokenizer, *, min_df: int = 3, min_count: int = 8
) -> list[str]:
    """4-grams that recur across documents as a cohesive unit the base dictionary splits."""
    count: Counter[str] = Counter()
    df: Counter[str] = Counter()
    left: dict[str, Counter[str]] = defaultdict(Counter)
    right: dict[str, Counter[str]] = defaultdict(Counter)
    halves: Counter[str] = Counter()
    for paras in docs:
        in_doc: set[str] = set()
        for p in paras:
            for run in HAN_RUN.findall(p):
                for i in range(len(run) - 1):
                    halves[run[i : i + 2]] += 1
                for i in range(len(run) - 3):
                    g = run[i : i + 4]
                    count[g] += 1
                    in_doc.add(g)
                    left[g][run[max(0, i - 2) : i] or "^"] += 1
                    right[g][run[i + 4 : i + 6] or "$"] += 1
        df.update(in_doc)
    out = []
    for g, c in count.items():
        if c < min_count or df[g] < min_df or FUNCTION_CHARS & set(g) or g in tok.FREQ and tok.FREQ[g] > 0:
            continue
        cohesion = c / min(halves[g[:2]], halves[g[2:]])
        if cohesion < 0.5 or _entropy(left[g]) < MIN_ENTROPY or _entropy(right[g]) < MIN_ENTROPY:
            continue
        if _dominant(left[g], c, before=True) or _dominant(right[g], c, before=False):
            continue  # mostly part of a longer unit
        if _edge_bound(left[g], g[0], tok, before=True) or _edge_bound(right[g], g[-1], tok, before=False):
            continue  # its edge character usually belongs to a neighbouring word (工业/增加值 → 业增加值)
        # a compound such as 降本增效 (降/本/增效), not a phrase of two words (打好/基础)
        if any(len(w) == 1 for w in tok.cut(g, HMM=False)):
            out.append(g)
    return sorted(out)


def frequency(tok: jieba.Tokenizer, word: str) -> int:
    """Count that keeps ``word`` whole in jieba's DAG (with a margin), never below the base count."""
    total = float(tok.total)
    p = 1.0
    for seg in tok.cut(word, HMM=False):
        p *= tok.FREQ.get(seg, 1) / total
    needed = int(p * total) + 1
    return max(needed * MARGIN, MIN_FREQ, tok.FREQ.get(word, 0))


def build(shared: Path | None, *, ngrams: bool = True) -> list[tuple[str, int, str]]:
    tok = jieba.Tokenizer()  # private instance: the global jieba.dt stays untouched
    tok.initialize()
    terms = read_seed(SEED_TERMS)
    docs = list(documents(corpus_files(shared)))
    mined = set(mine_quoted_and_abbr(docs, tok))
    if ngrams:
        mined |= set(mine_ngrams(docs, tok))
    for w in sorted(mined):
        terms.setdefault(w, MINED_TAG)
    print(f"{len(docs)} documents, {len(mined)} mined terms, {len(terms)} total", file=sys.stderr)
    return [(w, frequency(tok, w), tag) for w, tag in sorted(terms.items())]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--no-ngrams", action="store_true", help="skip 4-gram mining")
    args = ap.parse_args(argv)
    rows = build(args.shared if args.shared.is_dir() else None, ngrams=not args.no_ngrams)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("".join(f"{w} {f} {t}\n" for w, f, t in rows), encoding="utf-8")
    print(f"wrote {len(rows)} entries to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

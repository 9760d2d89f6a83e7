"""Theme share and top keywords per year across an archive, drawn with matplotlib.

Input is the JSONL written by ``baogao extract`` or ``baogao tag``. The year of
a record is its ``year`` field, else a year in its metadata, else the first
plausible year (1949–2099) in its file name.
"""

from __future__ import annotations

import base64
import io
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from html import escape
from pathlib import Path
from typing import Any

YEAR = re.compile(r"(?<![0-9])(19[4-9][0-9]|20[0-9][0-9])(?![0-9])")


def record_year(rec: dict[str, Any]) -> int | None:
    for key in ("year",):
        if isinstance(rec.get(key), int):
            return rec[key]
    meta = rec.get("meta") or {}
    if isinstance(meta.get("year"), (int, str)) and str(meta["year"]).isdigit():
        return int(meta["year"])
    for field in (rec.get("id"), rec.get("source")):
        if field:
            m = YEAR.search(Path(str(field)).name)
            if m:
                return int(m.group(1))
    return None


def _theme_scores(rec: dict[str, Any]) -> dict[str, float]:
    if isinstance(rec.get("theme_scores"), dict):
        return {k: float(v) for k, v in rec["theme_scores"].items()}
    return {k[len("score_"):]: float(v) for k, v in rec.items() if k.startswith("score_")}


def _keywords(rec: dict[str, Any]) -> list[str]:
    out = []
    for k in rec.get("keywords") or []:
        out.append(k[0] if isinstance(k, (list, tuple)) else str(k))
    return out


def aggregate(records: Iterable[dict[str, Any]], *, top_k: int = 5) -> dict[int, dict[str, Any]]:
    """Per year: each theme's share of the year's theme score, and the most frequent keywords."""
    scores: dict[int, Counter[str]] = defaultdict(Counter)
    words: dict[int, Counter[str]] = defaultdict(Counter)
    docs: Counter[int] = Counter()
    for rec in records:
        if rec.get("errors"):
            continue
        year = record_year(rec)
        if year is None:
            continue
        docs[year] += 1
        scores[year].update(_theme_scores(rec))
        words[year].update(_keywords(rec))
    # keywords that mark a year: frequent in it, rare in the other years (发展 and 经济 mark none)
    spread = Counter(w for counts in words.values() for w in counts)
    n_years = len(words)
    out: dict[int, dict[str, Any]] = {}
    for year in sorted(docs):
        total = sum(scores[year].values())
        share = {k: (v / total if total else 0.0) for k, v in sorted(scores[year].items())}
        ranked = sorted(words[year].items(),
                        key=lambda kv: (-kv[1] * math.log((1 + n_years) / spread[kv[0]]), kv[0]))
        out[year] = {"documents": docs[year], "share": share, "keywords": [w for w, _ in ranked[:top_k]]}
    return out


def read_records(paths: Sequence[Path]) -> list[dict[str, Any]]:
    """The records of result files (lines that are not JSON are skipped); an unreadable file is a UsageError."""
    from baogao.errors import UsageError

    recs = []
    for p in paths:
        try:
            f = open(p, encoding="utf-8")  # noqa: SIM115 - closed by the with below
        except OSError as exc:
            raise UsageError(str(p), exc.strerror or str(exc)) from None
        with f:
            for line in f:
                line = line.strip()
                if line:
                    try:
                        recs.append(json.loads(line))
                    except json.JSONDecodeError:
                        continue
    return recs


_CJK_FILES = ("NotoSansCJK", "NotoSerifCJK", "SourceHanSans", "wqy", "DroidSansFallback", "simhei", "msyh")


def _cjk_family(font_manager: Any) -> str | None:
    """A font that has Chinese glyphs, registered with matplotlib even if its cache predates it.

    Without one, keywords would print as empty boxes; the chart is still drawn.
    """
    for f in font_manager.fontManager.ttflist:
        if any(k.lower() in Path(f.fname).name.lower() for k in _CJK_FILES):
            return str(f.name)
    for path in font_manager.findSystemFonts():
        if any(k.lower() in Path(path).name.lower() for k in _CJK_FILES):
            try:
                font_manager.fontManager.addfont(path)
                return str(font_manager.FontProperties(fname=path).get_name())
            except (OSError, RuntimeError, ValueError):
                continue
    return None


def plot(table: dict[int, dict[str, Any]]) -> bytes:
    """A PNG: stacked theme shares over the years, keywords per year as a table below."""
    import matplotlib.pyplot as plt

    fig = figure(table)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110)
    plt.close(fig)
    return buf.getvalue()


def figure(table: dict[int, dict[str, Any]]) -> Any:
    """The matplotlib figure :func:`plot` saves (the caller closes it)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager
    from matplotlib.ticker import MaxNLocator

    family = _cjk_family(font_manager)
    if family:
        plt.rcParams["font.sans-serif"] = [family, "DejaVu Sans"]
        plt.rcParams["font.family"] = "sans-serif"
    years = sorted(table)
    themes = sorted({t for row in table.values() for t in row["share"]})
    fig, (ax, ax2) = plt.subplots(2, 1, figsize=(13, 9), gridspec_kw={"height_ratios": [3, 2]})
    if years and themes:
        ys = [[table[y]["share"].get(t, 0.0) for y in years] for t in themes]
        ax.stackplot(years, ys, labels=themes, alpha=0.85)
        ax.set_xlim(min(years), max(years) if max(years) > min(years) else min(years) + 1)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # years, never 1992.5
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
    ax.set_ylabel("share of theme score")
    ax.set_title("Theme share per year")
    ax2.axis("off")
    lines = [f"{y}: {'、'.join(table[y]['keywords'])}" for y in years]
    step = max(1, len(lines) // 24 + 1)
    shown = lines[::step]
    ax2.text(0, 1, "Distinctive keywords per year" + (f" (one year in {step})" if step > 1 else "") + "\n" +
             "\n".join(shown), va="top", fontsize=8)
    fig.tight_layout()
    return fig


def write_trends(results: Sequence[Path], output: Path) -> dict[int, dict[str, Any]]:
    """Write ``trends.png`` or ``trends.html`` (the picture embedded, plus a table)."""
    from baogao.errors import UsageError

    output = Path(output)
    if output.suffix.lower() not in {".png", ".html", ".htm"}:
        raise UsageError(str(output), "the trends are written as .png or .html")
    if output.is_dir():
        raise UsageError(str(output), "is a directory; -o takes a file path")
    table = aggregate(read_records(results))
    if not table:
        raise UsageError(str(results[0]) if results else None,
                         "no record with a year (from a 'year' field or a year in the file name)")
    png = plot(table)
    if output.suffix.lower() in {".html", ".htm"}:
        rows = "".join(
            f"<tr><td>{y}</td><td>{row['documents']}</td><td>"
            + ", ".join(f"{escape(t)} {v:.0%}" for t, v in sorted(row["share"].items(), key=lambda kv: -kv[1])[:4])
            + f"</td><td>{escape('、'.join(row['keywords']))}</td></tr>" for y, row in table.items())
        img = base64.b64encode(png).decode("ascii")
        output.write_text(
            "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>baogao trends</title></head>"
            f"<body><h1>Theme trends</h1><img alt=\"theme share per year\" src=\"data:image/png;base64,{img}\">"
            "<table border=1><tr><th>year</th><th>documents</th><th>top themes</th><th>keywords</th></tr>"
            f"{rows}</table></body></html>", encoding="utf-8")
    else:
        output.write_bytes(png)
    return table

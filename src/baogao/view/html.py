"""A self-contained HTML review page for one report file.

Reviewers in a publicity office approve a report by looking at it: the page
shows the text with metrics, slogans, sensitive spans and markup leftovers
highlighted, the outline with section labels, themes and keywords, and the
masked text beside the original. A file holding several documents (a JSONL
file) gets one section per document and a table of contents, so nothing in it
goes unreviewed. No script, no network, no CDN; every piece of report text goes
through ``html.escape``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from itertools import pairwise
from pathlib import Path
from typing import Any, NamedTuple

KIND_CLASS = {"METRIC": "metric", "SLOGAN": "slogan", "MARKUP": "markup"}


@dataclass(frozen=True)
class Mark:
    """One highlighted finding (offsets into the original text)."""

    id: str
    start: int
    end: int
    kind: str      # metric | slogan | sensitive | markup
    label: str
    text: str
    note: str      # recognizer, unit/value … shown in the table and the tooltip


def marks_from_record(rec: dict[str, Any], *, prefix: str = "") -> list[Mark]:
    """Every finding of an output record, once, in text order; ids ``{prefix}f0``, ``{prefix}f1`` …"""
    marks: list[Mark] = []

    def add(kind: str, items: Sequence[dict[str, Any]], label: Any, note: Any) -> None:
        for it in items:
            marks.append(Mark(id="", start=it["start"], end=it["end"], kind=kind, label=label(it),
                              text=it["text"], note=note(it)))

    add("metric", rec.get("metrics") or [], lambda m: "METRIC",
        lambda m: f"value={m.get('value')} unit={m.get('unit')}" + (f" approx={m['approx']}" if m.get("approx") else ""))
    add("slogan", rec.get("slogans") or [], lambda s: "SLOGAN", lambda s: f"kind={s.get('kind')}")
    add("sensitive", rec.get("sensitive") or [], lambda s: s["label"], lambda s: f"found by {s.get('source')}")
    add("markup", rec.get("markup") or [], lambda s: "MARKUP", lambda s: f"kind={s.get('kind')}")
    marks.sort(key=lambda m: (m.start, -m.end, m.kind))
    return [Mark(id=f"{prefix}f{i}", start=m.start, end=m.end, kind=m.kind, label=m.label, text=m.text, note=m.note)
            for i, m in enumerate(marks)]


def _segments(text: str, marks: Sequence[Mark]) -> list[tuple[int, int, list[Mark]]]:
    """Cut the text where any mark starts or ends; each piece knows the marks covering it."""
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    out = []
    for a, b in pairwise(cuts):
        if a < b:
            out.append((a, b, [m for m in marks if m.start <= a and b <= m.end]))
    return out


def _annotated(text: str, marks: Sequence[Mark], paragraphs: Sequence[dict[str, Any]]) -> str:
    """The original text as paragraphs (one per line) with highlighted pieces."""
    label_at = {p["start"]: p for p in paragraphs}
    html: list[str] = []
    line_start = 0
    open_line = False
    for a, b, covering in _segments(text, marks):
        piece = text[a:b]
        while piece:
            if not open_line:
                p = label_at.get(_first_non_blank(text, line_start))
                lab = (p or {}).get("label") or ""
                badge = f'<span class="badge {escape(lab)}">{escape(lab)}</span>' if lab else ""
                html.append(f'<p class="para {escape(lab)}">{badge}')
                open_line = True
            nl = piece.find("\n")
            chunk, piece = (piece, "") if nl < 0 else (piece[:nl], piece[nl + 1:])
            html.append(_wrap(chunk, covering))
            if nl >= 0:
                html.append("</p>\n")
                open_line = False
                line_start = b - len(piece)
    if open_line:
        html.append("</p>")
    return "".join(html)


def _first_non_blank(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t\u3000\u00a0\r":
        i += 1
    return i


def _wrap(chunk: str, covering: Sequence[Mark]) -> str:
    if not chunk:
        return ""
    body = escape(chunk)
    if not covering:
        return body
    kinds = " ".join(sorted({m.kind for m in covering}))
    ids = " ".join(m.id for m in covering)
    tip = "; ".join(f"{m.label}: {m.note}" for m in covering)
    return f'<mark class="{kinds}" data-findings="{ids}" title="{escape(tip)}">{body}</mark>'


def _outline(rec: dict[str, Any], text: str) -> str:
    items = []
    for p in rec.get("paragraphs") or []:
        if p.get("kind") in {"heading", "title"} and p.get("duplicate_of") is None:
            lab = p.get("label") or ""
            conf = f" {p['confidence']:.2f}" if p.get("confidence") is not None else ""
            level = p.get("heading_level") or 0
            items.append(f'<li style="margin-left:{level * 1.2}em"><span class="badge {escape(lab)}">'
                         f'{escape(lab)}{conf}</span> {escape(text[p["start"]:p["end"]])}</li>')
    return "<ul class=\"outline\">" + "".join(items) + "</ul>" if items else "<p>(no headings)</p>"


def _findings_table(marks: Sequence[Mark]) -> str:
    rows = "".join(f'<tr id="{m.id}" class="{m.kind}"><td>{m.kind}</td><td>{escape(m.label)}</td>'
                   f"<td>{escape(m.text)}</td><td>{m.start}–{m.end}</td><td>{escape(m.note)}</td></tr>"
                   for m in marks)
    return ('<table class="findings"><thead><tr><th>kind</th><th>label</th><th>text</th><th>offsets</th>'
            f"<th>detail</th></tr></thead><tbody>{rows}</tbody></table>")


STYLE = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",sans-serif;margin:1.5em;color:#222}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:1.5em}.col{border:1px solid #ddd;padding:.8em;border-radius:6px}
p.para{margin:.35em 0;line-height:1.7;padding-left:.5em;border-left:4px solid #eee}
mark{padding:0 1px;border-radius:3px}mark.metric{background:#d7f0ff}mark.slogan{background:#ffe9b3}
mark.sensitive{background:#ffc9c9;outline:1px solid #d33}mark.markup{background:#ddd;text-decoration:line-through}
.badge{font-size:.75em;padding:0 .4em;border-radius:3px;margin-right:.4em;background:#eee}
table.findings{border-collapse:collapse;font-size:.85em}table.findings td,table.findings th{border:1px solid #ccc;padding:2px 6px}
.masked{white-space:pre-wrap;line-height:1.7}
nav.toc ol{line-height:1.8}section.document{margin-top:1.5em}
""" + "".join(f".badge.{k}{{background:{v}}} p.para.{k}{{border-left-color:{v}}}"
              for k, v in {"preamble": "#9fd3e6", "review": "#b5e3b5", "problems": "#f5a3a3",
                           "outlook": "#dcb3f0", "plan": "#f5e08c", "closing": "#a9b8f0",
                           "other": "#e6e6e6"}.items())


def _document(rec: dict[str, Any], text: str, masked: str, *, prefix: str = "", anchor: str = "") -> str:
    """One document's part of the page: title, summary, outline, text beside masked text, findings."""
    marks = marks_from_record(rec, prefix=prefix)
    themes = ", ".join(escape(t) for t in rec.get("themes") or []) or "—"
    keywords = ", ".join(escape(str(k[0])) for k in rec.get("keywords") or []) or "—"
    summary = " · ".join(f"{v} {k}" for k, v in _counts(marks).items())
    ident = f' id="{escape(anchor)}"' if anchor else ""
    return (
        f"<h1{ident}>{escape(str(rec.get('id')))}</h1>"
        f"<p><b>Themes:</b> {themes}<br><b>Keywords:</b> {keywords}<br><b>Findings:</b> {summary}</p>"
        f"<h2>Outline</h2>{_outline(rec, text)}"
        "<div class=\"cols\"><div class=\"col\"><h2>Report</h2>"
        f"<div class=\"annotated\">{_annotated(text, marks, rec.get('paragraphs') or [])}</div></div>"
        f"<div class=\"col\"><h2>Masked preview</h2><div class=\"masked\">{escape(masked)}</div></div></div>"
        f"<h2>Findings</h2>{_findings_table(marks)}"
    )


def _counts(marks: Sequence[Mark]) -> dict[str, int]:
    return {k: sum(1 for m in marks if m.kind == k) for k in ("metric", "slogan", "sensitive", "markup")}


def _page(title: str, body: str) -> str:
    return ("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            f"<title>baogao review: {escape(title)}</title><style>{STYLE}</style></head><body>{body}</body></html>")


def render_review(rec: dict[str, Any], text: str, masked: str) -> str:
    """The whole page of one document as a string (kept pure so tests can parse it)."""
    return _page(str(rec.get("id")), _document(rec, text, masked))


def render_reviews(
    docs: Sequence[tuple[dict[str, Any], str, str]], *, title: str, failed: Sequence[str] = ()
) -> str:
    """The page of every ``(record, text, masked)`` of a file: one section each, after a table of contents.

    A single document gives exactly :func:`render_review`'s page. Anchors
    (``doc1`` …) and finding ids (``d1-f0`` …) are unique across the page.
    ``failed``: one line per record that could not be read; the page lists them
    first, so that a reviewer sees what it does not show.
    """
    if len(docs) == 1 and not failed:
        return render_review(*docs[0])
    toc, sections = [], []
    for n, (rec, text, masked) in enumerate(docs, 1):
        counts = _counts(marks_from_record(rec))
        toc.append(f'<li><a href="#doc{n}">{escape(str(rec.get("id")))}</a> '
                   f'({counts["sensitive"]} sensitive, {counts["markup"]} markup)</li>')
        sections.append(f'<section class="document">{_document(rec, text, masked, prefix=f"d{n}-", anchor=f"doc{n}")}'
                        "</section>")
    head = (f'<nav class="toc"><h1>{escape(title)}</h1><p>{len(docs)} documents</p>'
            f'<ol>{"".join(toc)}</ol></nav>')
    if failed:
        items = "".join(f"<li>{escape(line)}</li>" for line in failed)
        head = (f'<section class="failed"><h2>Not reviewed: {len(failed)} record(s) could not be read</h2>'
                f"<ul>{items}</ul></section>") + head
    return _page(title, head + "<hr>".join(sections))


class ReviewCounts(NamedTuple):
    shown: int  # documents on the page
    failed: tuple[str, ...]  # records that could not be read, one line each


def write_review(file: Path, output: Path, *, policy: Path | None = None, ner: bool = True) -> ReviewCounts:
    """Read a report file, run the whole pipeline on each of its documents and write the review page.

    Returns:
        How many documents the page shows (a JSONL file holds several), and the records it could not read.

    Raises:
        ReadError: the file holds no document.
    """
    from baogao import pipeline
    from baogao.errors import ReadError
    from baogao.io import iter_documents
    from baogao.pipeline import PipelineOptions
    from baogao.tasks import write_atomic

    docs, errors = [], []
    for item in iter_documents([file]):  # a bad JSONL record is listed, the others are reviewed
        (errors if isinstance(item, ReadError) else docs).append(item)
    if not docs:
        raise errors[0] if errors else ReadError(str(file), "no document to review")
    failed = [str(e) for e in errors]
    opts = PipelineOptions(ner=ner, policy_file=str(policy) if policy else None)
    parts = [(pipeline.extract(doc, options=opts), doc.text, pipeline.mask(doc, options=opts).text) for doc in docs]
    write_atomic(Path(output), render_reviews(parts, title=str(file), failed=failed))
    return ReviewCounts(len(parts), tuple(failed))

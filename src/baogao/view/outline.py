"""The outline of a report as a rich tree: headings with their section label and confidence."""

from __future__ import annotations

import re
from typing import Any

from rich.text import Text
from rich.tree import Tree

LABEL_STYLE = {"preamble": "cyan", "review": "green", "problems": "red", "outlook": "magenta",
               "plan": "yellow", "closing": "blue", "other": "dim"}

#: Where a run-in heading's own title ends: 一、依靠政策和科学，加快农业的发展。农业是…
_RUN_IN_END = re.compile(r"[。；！？!?;]")


def _line(text: str, label: tuple[str, float] | None, width: int = 30) -> Text:
    text = text if len(text) <= width else text[: width - 1] + "…"
    line = Text(text)
    if label is not None:
        name, conf = label
        line.append(f"  [{name} {conf:.2f}]", style=LABEL_STYLE.get(name, ""))
    return line


def _title(p: Any, norm: Any) -> str:
    """A heading's text as the file writes it (（一）, not the normalised (一)); for a run-in
    heading (a numbered paragraph) its first sentence."""
    end = p.end
    if p.kind != "heading":
        m = _RUN_IN_END.search(p.text)
        end = p.start + m.end() if m else p.end
    return _original(norm, p.start, end)


def _original(norm: Any, start: int, end: int) -> str:
    s, e = norm.span_to_original(start, end)
    return norm.original[s:e].strip()


def render_outline(analysis: Any, *, all_paragraphs: bool = False) -> Tree:
    """Headings, standalone and run-in, nested as the structure parser nests them
    (``Paragraph.heading_path``); body paragraphs only with ``all_paragraphs``.

    A document without headings still shows its paragraphs' labels grouped into
    runs, so the 1954 report or a one-page briefing gets a useful outline.
    """
    st, labels = analysis.structure, analysis.labels
    title = st.title.text if st.title is not None else analysis.raw.id
    root = Tree(Text(title, style="bold"))
    if st.repeats > 1:
        root.add(Text(f"(page content repeated {st.repeats}×; later copies hidden)", style="dim"))
    nodes: dict[int, Tree] = {}
    has_headings = any(p.kind == "heading" for p in st.paragraphs)
    previous_label = None
    for i, p in enumerate(st.paragraphs):
        if p.duplicate_of is not None or (st.title is not None and p.index == st.title.index):
            continue
        lab = labels[i] if labels is not None else None
        parent = next((nodes[j] for j in reversed(p.heading_path) if j in nodes), root)
        if p.heading_level is not None:
            nodes[p.index] = parent.add(_line(_title(p, analysis.norm), lab))
        elif all_paragraphs or (not has_headings and lab is not None and lab[0] != previous_label):
            parent.add(_line(_original(analysis.norm, p.start, p.end), lab))
        previous_label = lab[0] if lab is not None else None
    return root

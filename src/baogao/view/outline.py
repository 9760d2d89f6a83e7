"""The outline of a report as a rich tree: headings with their section label and confidence."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from rich.tree import Tree

LABEL_STYLE = {"preamble": "cyan", "review": "green", "problems": "red", "outlook": "magenta",
               "plan": "yellow", "closing": "blue", "other": "dim"}


def _line(p: Any, label: tuple[str, float] | None, width: int = 40) -> Text:
    text = p.text if len(p.text) <= width else p.text[: width - 1] + "…"
    line = Text(text)
    if label is not None:
        name, conf = label
        line.append(f"  [{name} {conf:.2f}]", style=LABEL_STYLE.get(name, ""))
    return line


def render_outline(analysis: Any, *, all_paragraphs: bool = False) -> Tree:
    """Headings nested by level; body paragraphs only with ``all_paragraphs``.

    A document without headings still shows its paragraphs' labels grouped into
    runs, so the 1954 report or a one-page briefing gets a useful outline.
    """
    st, labels = analysis.structure, analysis.labels
    title = st.title.text if st.title is not None else analysis.raw.id
    root = Tree(Text(title, style="bold"))
    if st.repeats > 1:
        root.add(Text(f"(page content repeated {st.repeats}×; later copies hidden)", style="dim"))
    stack: list[tuple[int, Tree]] = [(-1, root)]
    has_headings = any(p.kind == "heading" for p in st.paragraphs)
    previous_label = None
    for i, p in enumerate(st.paragraphs):
        if p.duplicate_of is not None or (st.title is not None and p.index == st.title.index):
            continue
        lab = labels[i] if labels is not None else None
        if p.kind == "heading" and p.heading_level is not None:
            while stack[-1][0] >= p.heading_level:
                stack.pop()
            node = stack[-1][1].add(_line(p, lab))
            stack.append((p.heading_level, node))
        elif all_paragraphs or (not has_headings and lab is not None and lab[0] != previous_label):
            stack[-1][1].add(_line(p, lab))
        previous_label = lab[0] if lab is not None else None
    return root

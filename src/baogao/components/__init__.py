"""Thin spaCy wrappers around baogao's pure extractors.

Each component module holds one factory (``@Language.factory``) named
``baogao_<name>`` and exposed as a ``spacy_factories`` entry point. A component
runs its extractor on ``doc.text`` and stores the findings in ``doc.spans[key]``;
the finding's values (value, unit, kind, ...) go to the one Span extension
``Span._.baogao`` registered here, once.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span, SpanGroup

from baogao.findings import Finding

if not Span.has_extension("baogao"):
    Span.set_extension("baogao", default=None)


def findings_to_spans(doc: Doc, findings: Iterable[Finding], key: str) -> SpanGroup:
    """Store findings (character offsets into ``doc.text``) as ``doc.spans[key]``.

    Token boundaries from jieba need not coincide with a finding's edges, so the
    span is expanded to whole tokens; the exact character offsets stay in
    ``span._.baogao["start"/"end"]``.
    """
    spans: list[Span] = []
    for f in findings:
        span = doc.char_span(f.start, f.end, label=f.label, alignment_mode="expand")
        if span is None:
            continue
        span._.baogao = {"start": f.start, "end": f.end, "text": f.text, "source": f.source,
                         "score": f.score, **f.attrs}
        spans.append(span)
    group = SpanGroup(doc, name=key, spans=spans)
    doc.spans[key] = group
    return group

"""spaCy component ``baogao_sections``: labelled paragraphs into ``doc.spans["baogao_sections"]``.

A thin wrapper: :func:`baogao.structure.parse` splits ``doc.text`` into
paragraphs and :func:`baogao.classify.sections.label_paragraphs` labels them;
this module turns each paragraph into a span labelled preamble/review/…,
with ``span._.baogao`` holding the confidence, kind and heading level.
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from baogao.classify import sections as sections_classifier
from baogao.components import findings_to_spans
from baogao.findings import Finding

__all__ = ["SectionsComponent", "make_sections"]

VERSION = "baogao.sections.v1"
DEFAULT_SPANS_KEY = "baogao_sections"


class SectionsComponent:
    """Labels every paragraph of the document with its report section.

    The model is loaded lazily on the first document, so building a pipeline
    never fails for lack of a trained model; the first call raises
    :class:`baogao.errors.ModelMissingError` (with the training command) instead.
    """

    version = VERSION

    def __init__(self, nlp: Language, name: str, *, spans_key: str, model_path: str | None) -> None:
        self.name = name
        self.spans_key = spans_key
        self.model_path = Path(model_path) if model_path else None

    def __call__(self, doc: Doc) -> Doc:
        from baogao.structure import parse

        structure = parse(doc.text)
        model = sections_classifier.load_model(self.model_path)
        labels = sections_classifier.label_paragraphs(structure, model=model)
        findings = [
            Finding(
                p.start,
                p.end,
                label,
                text=p.text,
                source="sections",
                score=conf,
                attrs={"kind": p.kind, "heading_level": p.heading_level},
            )
            for p, (label, conf) in zip(structure.paragraphs, labels, strict=True)
        ]
        findings_to_spans(doc, findings, self.spans_key)
        return doc


@Language.factory(
    "baogao_sections",
    assigns=["doc.spans"],
    default_config={"spans_key": DEFAULT_SPANS_KEY, "model_path": None},
)
def make_sections(nlp: Language, name: str, spans_key: str, model_path: str | None) -> SectionsComponent:
    """Factory registered as ``baogao_sections`` (entry point ``spacy_factories``)."""
    return SectionsComponent(nlp, name, spans_key=spans_key, model_path=model_path)

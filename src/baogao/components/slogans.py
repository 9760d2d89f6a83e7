"""spaCy component ``baogao_slogans``: slogans into ``doc.spans["baogao_slogans"]``.

A thin wrapper around :func:`baogao.extract.slogans.find` on ``doc.text``; each
span's ``span._.baogao`` carries ``kind``, ``count`` and the exact offsets.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry

from baogao.components import findings_to_spans
from baogao.extract import slogans as slogans_extractor
from baogao.extract.slogans import SloganOptions

__all__ = ["SlogansComponent", "make_slogan_options", "make_slogans"]

VERSION = "baogao.slogans.v1"
DEFAULT_SPANS_KEY = "baogao_slogans"


@registry.misc(VERSION)
def make_slogan_options(
    quoted: bool = True,
    numeric: bool = True,
    couplets: bool = True,
    closing_paragraphs: int = 2,
    max_len: int = 60,
) -> SloganOptions:
    """Options of the slogan extractor, named by version in the pipeline config."""
    return SloganOptions(
        quoted=quoted,
        numeric=numeric,
        couplets=couplets,
        closing_paragraphs=closing_paragraphs,
        max_len=max_len,
    )


class SlogansComponent:
    """Runs the slogan extractor and stores its findings as a span group."""

    version = VERSION

    def __init__(self, nlp: Language, name: str, *, spans_key: str, options: SloganOptions) -> None:
        self.name = name
        self.spans_key = spans_key
        self.options = options

    def __call__(self, doc: Doc) -> Doc:
        findings_to_spans(doc, slogans_extractor.find(doc.text, options=self.options), self.spans_key)
        return doc


@Language.factory(
    "baogao_slogans",
    assigns=["doc.spans"],
    default_config={"spans_key": DEFAULT_SPANS_KEY, "options": {"@misc": VERSION}},
)
def make_slogans(nlp: Language, name: str, spans_key: str, options: SloganOptions) -> SlogansComponent:
    """Factory registered as ``baogao_slogans`` (entry point ``spacy_factories``)."""
    return SlogansComponent(nlp, name, spans_key=spans_key, options=options)

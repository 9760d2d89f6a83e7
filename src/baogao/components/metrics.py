"""spaCy component ``baogao_metrics``: figures into ``doc.spans["baogao_metrics"]``.

A thin wrapper: the work is done by :func:`baogao.extract.metrics.find` on
``doc.text``; this module only turns its findings into spans, so a spaCy user
gets metrics with ``nlp.add_pipe("baogao_metrics")`` after ``pip install``.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry

from baogao.components import findings_to_spans
from baogao.extract import metrics as metrics_extractor
from baogao.extract.metrics import MetricOptions

__all__ = ["MetricsComponent", "make_metric_options", "make_metrics"]

VERSION = "baogao.metrics.v1"
DEFAULT_SPANS_KEY = "baogao_metrics"


@registry.misc(VERSION)
def make_metric_options(
    bare_magnitude: bool = True,
    durations: bool = False,
    indicator: bool = True,
    change: bool = True,
) -> MetricOptions:
    """Options of the metrics extractor, named by version in the pipeline config."""
    return MetricOptions(
        bare_magnitude=bare_magnitude, durations=durations, indicator=indicator, change=change
    )


class MetricsComponent:
    """Runs the metrics extractor and stores findings as a span group.

    Each span's ``span._.baogao`` holds value, unit, approx, masked, indicator,
    change and the exact character offsets (spans are widened to whole tokens).
    """

    version = VERSION

    def __init__(self, nlp: Language, name: str, *, spans_key: str, options: MetricOptions) -> None:
        self.name = name
        self.spans_key = spans_key
        self.options = options

    def __call__(self, doc: Doc) -> Doc:
        findings = metrics_extractor.find(doc.text, options=self.options)
        findings_to_spans(doc, findings, self.spans_key)
        return doc


@Language.factory(
    "baogao_metrics",
    assigns=["doc.spans"],
    default_config={
        "spans_key": DEFAULT_SPANS_KEY,
        "options": {"@misc": VERSION},
    },
)
def make_metrics(nlp: Language, name: str, spans_key: str, options: MetricOptions) -> MetricsComponent:
    """Factory registered as ``baogao_metrics`` (entry point ``spacy_factories``)."""
    return MetricsComponent(nlp, name, spans_key=spans_key, options=options)

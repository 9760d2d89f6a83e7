"""The one place where the chain is written out.

    RawDocument ─ normalize ─▶ NormalizedText ─ structure.parse ─▶ Structure
        ─ classify.sections ─▶ paragraph labels
        ─ extract.metrics / slogans / themes / keywords ─▶ findings
        ─ redact.recognizers ─▶ entities, sensitive
        ─▶ one output record (offsets into the decoded original text)

Every step works on the normalised text; findings are mapped back to the
original once, here. The batch engine calls the ``*Task`` classes at the
bottom, which load models once per worker and return compact records.
"""

from __future__ import annotations

import bisect
import hashlib
import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from baogao.errors import BaogaoError, ModelMissingError
from baogao.extract import year
from baogao.findings import Finding
from baogao.io import RawDocument, read_path
from baogao.normalize import NormalizedText, normalize
from baogao.structure import Structure, parse

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PipelineOptions:
    """What to run. Everything is on by default; ``tag`` switches most of it off.

    ``hidden_text`` reads, besides the body, what an HTML or Word file publishes
    without showing it (comments, meta tags, alt texts, mail links, notes): the
    ``check`` gate must see it; extraction should not count it, and ``mask``
    writes text, in which it does not appear.
    """

    metrics: bool = True
    slogans: bool = True
    themes: bool = True
    keywords: bool = True
    keywords_k: int = 10
    paragraph_themes: bool = True
    sections: bool = True
    redact: bool = True
    ner: bool = True
    include_text: bool = False
    themes_file: str | None = None
    policy_file: str | None = None
    max_bytes: int | None = None
    hidden_text: bool = False


@dataclass
class Analysis:
    """Everything the pipeline found in one document (offsets into ``raw.text``)."""

    raw: RawDocument
    norm: NormalizedText
    structure: Structure
    labels: list[tuple[str, float]] | None = None
    metrics: list[Finding] = field(default_factory=list)
    slogans: list[Finding] = field(default_factory=list)
    theme_result: Any = None
    paragraph_themes: list[dict[str, float]] | None = None
    keywords: list[tuple[str, float]] = field(default_factory=list)
    entities: list[Finding] = field(default_factory=list)
    sensitive: list[Finding] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- loading


@lru_cache(maxsize=8)
def _theme_lexicon(path: str | None) -> Any:
    from baogao.extract import themes

    return themes.load_lexicon(Path(path) if path else None)


@lru_cache(maxsize=8)
def _policy(path: str | None) -> Any:
    from baogao.redact.policy import load_policy

    return load_policy(Path(path) if path else None)


def warm_up(options: PipelineOptions, *, entities: bool = True) -> None:
    """Load every model the options need, once per process (batch workers call this);
    ``entities``: with detection, the entity list's models too (``extract``; not ``check``)."""
    if options.keywords:
        from baogao.extract import keywords
        from baogao.segment import get_segmenter

        get_segmenter().cut("预热")
        keywords.load_idf()
    if options.themes or options.keywords:
        _theme_lexicon(options.themes_file)
    if options.themes:
        from baogao.classify import themes as theme_model

        theme_model.load_model()
    if options.metrics:
        from baogao.extract import metrics

        metrics.find("预热：全年发布稿件356篇，同比增长7.1%。")
    if options.slogans:
        from baogao.extract import slogans

        slogans.find("预热：深化“六精六提”，推进三基三化。")
    if options.redact:
        from baogao.redact import recognizers

        recognizers.warm_up(policy=_policy(options.policy_file), ner=options.ner, entities=entities)
    if options.sections:
        from baogao.classify import sections

        try:
            sections.load_model()
        except ModelMissingError:
            pass
        from baogao.segment import plain_rjieba

        plain_rjieba()  # the section features' tokenizer


# --------------------------------------------------------------------------- the chain


def analyze(raw: RawDocument, *, options: PipelineOptions = PipelineOptions()) -> Analysis:
    """Run the whole chain over one decoded document."""
    norm = normalize(raw.text)
    structure = parse(norm.text, headings=_heading_lines(raw, norm))
    result = Analysis(raw=raw, norm=norm, structure=structure)
    text = norm.text
    pages = Pages.of(text, structure)

    if options.sections:
        from baogao.classify import sections

        try:
            result.labels = sections.label_paragraphs(structure)
        except ModelMissingError as exc:
            result.warnings.append(exc.cause)
    if options.metrics:
        from baogao.extract import metrics

        result.metrics = _back(norm, pages.run(metrics.find))
    if options.slogans:
        from baogao.extract import slogans

        result.slogans = _back(norm, pages.run(slogans.find))
    counts = None
    if options.themes and options.keywords:  # the theme model and the keywords count the same words
        from baogao.segment import get_segmenter

        counts = Counter(get_segmenter().cut(pages.text))
    if options.themes:
        from baogao.extract import themes

        lexicon = _theme_lexicon(options.themes_file)
        spans = pages.first_spans() if options.paragraph_themes else None
        result.theme_result = themes.score(pages.text, None if spans is None else pages.to_unique(spans),
                                           lexicon=lexicon, word_counts=counts)
        if spans is not None:
            result.paragraph_themes = _by_paragraph(structure, spans, result.theme_result.paragraph_scores)
    if options.keywords:
        from baogao.extract import keywords

        result.keywords = keywords.top(pages.text, k=options.keywords_k, counts=counts)
    if options.redact:
        result.entities, result.sensitive = _detect(norm, pages, options=options)
    return result


_NEWLINE = re.compile("\n")


def _heading_lines(raw: RawDocument, norm: NormalizedText) -> dict[int, int] | None:
    """The reader's heading lines (``raw.headings``, original offsets) as normalised line starts.

    Lines are matched by their number in the original, which normalisation can shift
    inside a line (blanks, escapes) but never across lines.
    """
    if not raw.headings:
        return None
    newlines = [m.start() for m in _NEWLINE.finditer(raw.text)]
    wanted = {bisect.bisect_left(newlines, start): level for start, level in raw.headings}
    out = {}
    for start, _end in norm.iter_lines():
        line = bisect.bisect_left(newlines, norm.to_original(start))
        if line in wanted:
            out[start] = wanted[line]
    return out


def _detect(norm: NormalizedText, pages: Pages, *, options: PipelineOptions) -> tuple[list[Finding], list[Finding]]:
    """Entities (before the policy) and sensitive spans (after it), in original offsets.

    Detection runs once over the first copy of a repeated page; its findings are
    copied onto every repetition, so nothing in a later copy is left unmasked.
    """
    from baogao.redact import recognizers

    policy = _policy(options.policy_file)
    found: dict[str, list[Finding]] = {}

    def both(text: str) -> list[Finding]:
        entities, sensitive = recognizers.detect(text, policy=policy, ner=options.ner)
        found["entities"] = pages.run_found(entities, replicate=True)
        return sensitive

    sensitive = pages.run(both, replicate=True)
    return _back(norm, found["entities"]), _back(norm, sensitive)


def check(raw: RawDocument, *, options: PipelineOptions = PipelineOptions()) -> list[Finding]:
    """What must not be published and is still in the text: sensitive spans, partial masks, markup.

    Offsets index ``raw.text``. Markup removed by the normaliser is reported from
    the normaliser's own record, since detection only sees the cleaned text.
    """
    from baogao.redact.check import check_text

    norm = normalize(raw.text)
    pages = Pages.of(norm.text, parse(norm.text))
    policy = _policy(options.policy_file)
    found = _back(norm, pages.run(lambda t: check_text(t, policy=policy, ner=options.ner), replicate=True))
    markup = list(norm.markup) if policy.flag_markup else []
    return sorted(found + markup, key=lambda f: (f.start, f.end))


def mask(raw: RawDocument, *, options: PipelineOptions = PipelineOptions(), style: Any = None,
         vault: dict[str, Any] | None = None) -> Any:
    """Mask the original text: sensitive spans and leftover markup (MaskResult of baogao.redact.mask)."""
    from baogao.redact.mask import mask_text

    findings = check(raw, options=options)
    policy = _policy(options.policy_file)
    return mask_text(raw.text, findings, style=style or policy.mask_style, vault=vault)


@dataclass(frozen=True)
class Pages:
    """The text to analyse once when a scraped page repeats its content several times.

    ``text`` holds the first copy's paragraphs joined by newlines; findings in it
    are mapped back to the first copy (extraction: a figure counts once) or to
    every copy (detection: every occurrence must be masked). A text that does
    not repeat is its own single page, and the mapping is the identity.
    """

    text: str
    full: str
    firsts: tuple[Any, ...] = ()
    starts: tuple[int, ...] = ()
    copies: dict[int, tuple[Any, ...]] = field(default_factory=dict)
    paragraphs: tuple[Any, ...] = ()

    @classmethod
    def of(cls, text: str, structure: Structure) -> Pages:
        if structure.repeats <= 1:
            return cls(text=text, full=text, paragraphs=structure.paragraphs)
        firsts = tuple(p for p in structure.paragraphs if p.duplicate_of is None)
        copies: dict[int, list[Any]] = {}
        for p in structure.paragraphs:
            if p.duplicate_of is not None:
                copies.setdefault(p.duplicate_of, []).append(p)
        starts, pos = [], 0
        for p in firsts:
            starts.append(pos)
            pos += len(p.text) + 1
        return cls(text="\n".join(p.text for p in firsts), full=text, firsts=firsts, starts=tuple(starts),
                   copies={k: tuple(v) for k, v in copies.items()}, paragraphs=firsts)

    def run(self, find: Any, *, replicate: bool = False) -> list[Finding]:
        return self.run_found(find(self.text), replicate=replicate)

    def run_found(self, found: Sequence[Finding], *, replicate: bool = False) -> list[Finding]:
        if not self.firsts:
            return list(found)
        out: list[Finding] = []
        for f in found:
            k = bisect.bisect_right(self.starts, f.start) - 1
            p = self.firsts[k]
            off, length = f.start - self.starts[k], min(f.end - f.start, len(p.text) - (f.start - self.starts[k]))
            targets = (p, *self.copies.get(p.index, ())) if replicate else (p,)
            for q in targets:
                s = q.start + off
                out.append(f.shifted(s, s + length, self.full[s:s + length]))
        return sorted(out, key=lambda f: (f.start, f.end))

    def first_spans(self) -> list[tuple[int, int]]:
        """Paragraph spans (into the full text) of the first copy, or of every paragraph."""
        return [(p.start, p.end) for p in self.paragraphs]

    def to_unique(self, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        if not self.firsts:
            return spans
        return [(st, st + (e - s)) for st, (s, e) in zip(self.starts, spans)]


def _by_paragraph(structure: Structure, spans: list[tuple[int, int]],
                  scores: Sequence[dict[str, float]]) -> list[dict[str, float]]:
    """Theme scores per paragraph of the structure (empty for later copies of a repeated page)."""
    by_start = {s: sc for (s, _), sc in zip(spans, scores)}
    return [by_start.get(p.start, {}) for p in structure.paragraphs]


def _back(norm: NormalizedText, findings: Sequence[Finding]) -> list[Finding]:
    return [norm.finding_to_original(f) for f in findings]


# --------------------------------------------------------------------------- records


def _span(f: Finding, **extra: Any) -> dict[str, Any]:
    return {"start": f.start, "end": f.end, "text": f.text, **extra}


def to_record(a: Analysis, *, options: PipelineOptions = PipelineOptions()) -> dict[str, Any]:
    """The FORMAT.md record for one document."""
    raw, norm = a.raw, a.norm
    rec: dict[str, Any] = {"id": raw.id, "source": raw.source, "encoding": raw.encoding,
                           "format": raw.format, "length": len(raw.text)}
    paragraphs = []
    for i, p in enumerate(a.structure.paragraphs):
        start, end = norm.span_to_original(p.start, p.end)
        item: dict[str, Any] = {"start": start, "end": end, "label": None, "kind": p.kind}
        if a.labels is not None:
            item["label"], item["confidence"] = a.labels[i][0], round(float(a.labels[i][1]), 4)
        if p.heading_level is not None:
            item["heading_level"] = p.heading_level
        if p.duplicate_of is not None:
            item["duplicate_of"] = p.duplicate_of
        paragraphs.append(item)
    rec["paragraphs"] = paragraphs
    rec["repeats"] = a.structure.repeats
    head = [p.text for p in a.structure.paragraphs[:4] if p.kind in {"title", "byline"}]
    rec["year"] = year.find(meta=raw.meta, source=raw.source, head_lines=head)
    if options.metrics:
        rec["metrics"] = [_span(f, **{k: f.attrs.get(k) for k in
                                      ("value", "unit", "approx", "masked", "indicator", "change")})
                          for f in a.metrics]
    if options.slogans:
        rec["slogans"] = [_span(f, kind=f.attrs.get("kind"), count=f.attrs.get("count", 1))
                          for f in a.slogans]
    if a.theme_result is not None:
        rec["themes"] = list(a.theme_result.themes)
        rec["theme_scores"] = {k: round(v, 4) for k, v in a.theme_result.doc_scores.items()}
        rec["theme_evidence"] = {k: [[t, n] for t, n in v] for k, v in a.theme_result.evidence.items()}
        if a.paragraph_themes is not None:
            for item, scores in zip(paragraphs, a.paragraph_themes):
                top = {k: round(v, 3) for k, v in scores.items() if v > 0}
                if top:
                    item["themes"] = top
    if options.keywords:
        rec["keywords"] = [[w, round(s, 4)] for w, s in a.keywords]
    if options.redact:
        rec["entities"] = [_span(f, label=f.label, source=f.source) for f in a.entities]
        rec["sensitive"] = [_span(f, label=f.label, source=f.source) for f in a.sensitive]
    rec["markup"] = [_span(f, label="MARKUP", kind=f.attrs.get("kind")) for f in norm.markup]
    if options.include_text:
        rec["text"] = raw.text
    rec["warnings"] = a.warnings
    rec["errors"] = []
    return rec


def error_record(doc_id: str, source: str, exc: BaseException) -> dict[str, Any]:
    """The record written for an input that could not be processed: nothing is lost silently."""
    kind = exc.kind if isinstance(exc, BaogaoError) else type(exc).__name__
    message = exc.cause if isinstance(exc, BaogaoError) else str(exc) or kind
    return {"id": doc_id, "source": source, "errors": [{"kind": kind, "message": message}]}


def extract(raw: RawDocument, *, options: PipelineOptions = PipelineOptions()) -> dict[str, Any]:
    """Analyse one document and return its output record."""
    return to_record(analyze(raw, options=options), options=options)


def extract_text(text: str, *, doc_id: str = "text", options: PipelineOptions = PipelineOptions()) -> dict:
    """Convenience for the Python API: analyse a string."""
    raw = RawDocument(id=doc_id, text=text, source=doc_id, encoding="str", format="txt", meta={})
    return extract(raw, options=options)


def content_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def read_documents(path: str | Path, *, options: PipelineOptions) -> list[RawDocument]:
    kwargs = {"max_bytes": options.max_bytes} if options.max_bytes else {}
    return read_path(path, hidden_text=options.hidden_text, **kwargs)

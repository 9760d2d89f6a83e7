"""Per-document jobs for the batch engine: extract, tag, check, mask.

Each task is a small frozen dataclass (picklable, sent once to every worker):
``setup()`` loads the models a worker needs, ``run(item)`` turns one input unit
into compact JSON-able records and never raises for bad input — a document
that cannot be read or processed becomes an error record.
"""

from __future__ import annotations

import glob
import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from baogao import pipeline
from baogao.io import RawDocument
from baogao.io.document import is_special_file
from baogao.io.jsonl import record_text
from baogao.pipeline import PipelineOptions, error_record

TAG_OPTIONS = PipelineOptions(metrics=False, slogans=False, sections=False, redact=False, paragraph_themes=False)


def _documents(item: Any, options: PipelineOptions) -> list[RawDocument]:
    if item.record is not None:
        rec = item.record
        text = record_text(rec, where=None)  # the JSONL reader's checks and messages
        return [RawDocument(id=item.id, text=text, source=item.path, encoding="utf-8", format="jsonl",
                            meta={k: v for k, v in rec.items() if k not in ("id", "text")})]
    return pipeline.read_documents(item.path, options=options)


def _each(item: Any, options: PipelineOptions, fn: Any) -> list[dict[str, Any]]:
    """Apply ``fn`` to every document of an item; any failure becomes an error record."""
    try:
        docs = _documents(item, options)
    except Exception as exc:  # noqa: BLE001 - every input must yield a record
        return [{**error_record(item.id, item.path, exc), "key": item.key}]
    out = []
    for doc in docs:
        try:
            rec = fn(doc)
        except Exception as exc:  # noqa: BLE001
            rec = error_record(doc.id, doc.source, exc)
        rec["key"] = item.key
        out.append(rec)
    return out


@dataclass(frozen=True)
class ExtractTask:
    """Everything FORMAT.md defines, one record per document."""

    options: PipelineOptions = field(default_factory=PipelineOptions)
    name: str = "extract"

    def setup(self) -> None:
        pipeline.warm_up(self.options)

    def run(self, item: Any) -> list[dict[str, Any]]:
        return _each(item, self.options, lambda d: pipeline.extract(d, options=self.options))


@dataclass(frozen=True)
class TagTask:
    """Theme scores and keywords per document, or per paragraph with ``by="paragraph"``."""

    options: PipelineOptions = TAG_OPTIONS
    by: str = "document"
    name: str = "tag"

    def setup(self) -> None:
        pipeline.warm_up(self.options)

    def run(self, item: Any) -> list[dict[str, Any]]:
        recs = _each(item, self.options, self._one)
        flat: list[dict[str, Any]] = []
        for r in recs:
            flat.extend(r.pop("_rows", [r]) if "_rows" in r else [r])
        return flat

    def columns(self) -> list[str]:
        """The table's columns (after ``id`` and ``key``), fixed before any record arrives.

        Taken from the theme lexicon, not from the first record: which record comes
        first depends on the number of jobs, and an error record has none of a result's
        columns. Loading the lexicon here also refuses a bad ``--themes`` file before
        any output is opened.
        """
        scores = [f"score_{t.key}" for t in pipeline._theme_lexicon(self.options.themes_file).themes]
        if self.by == "paragraph":
            return ["source", "chars", "paragraph", "start", "end", "kind", "themes", *scores, "errors"]
        return ["source", "chars", "themes", *scores, "keywords", "errors"]

    def _one(self, doc: RawDocument) -> dict[str, Any]:
        a = pipeline.analyze(doc, options=self.options)
        scores = a.theme_result.doc_scores
        base = {"id": doc.id, "source": doc.source, "chars": len(doc.text)}
        if self.by == "paragraph":
            rows = []
            for p, ps in zip(a.structure.paragraphs, a.paragraph_themes or []):
                if p.duplicate_of is not None:
                    continue
                start, end = a.norm.span_to_original(p.start, p.end)
                top = [k for k, v in sorted(ps.items(), key=lambda kv: -kv[1]) if v > 0]
                rows.append({**base, "paragraph": p.index, "start": start, "end": end, "kind": p.kind,
                             "themes": top, **{f"score_{k}": round(ps.get(k, 0.0), 4) for k in scores}})
            return {"_rows": rows}
        return {**base, "themes": list(a.theme_result.themes),
                **{f"score_{k}": round(v, 4) for k, v in scores.items()},
                "keywords": [w for w, _ in a.keywords]}


@dataclass(frozen=True)
class CheckTask:
    """Findings still present per document (the release gate)."""

    options: PipelineOptions = field(default_factory=PipelineOptions)
    name: str = "check"

    def setup(self) -> None:
        pipeline.warm_up(PipelineOptions(metrics=False, slogans=False, themes=False, keywords=False,
                                         sections=False, ner=self.options.ner,
                                         policy_file=self.options.policy_file), entities=False)

    def run(self, item: Any) -> list[dict[str, Any]]:
        return _each(item, self.options, self._one)

    def _one(self, doc: RawDocument) -> dict[str, Any]:
        findings = pipeline.check(doc, options=self.options)
        rec = {"id": doc.id, "source": doc.source,
               "findings": finding_rows(doc.text, findings, doc.meta.get("regions")), "errors": []}
        images = doc.meta.get("images")
        if images:
            # not a finding (the exit code stays), but nothing vouches for what the pictures show
            plural, them = ("s", "them") if images > 1 else ("", "it")
            note = f"{images} picture{plural} not checked (baogao reads no text in images): look at {them} before release"
            rec["notes"] = [note]
        return rec


def finding_rows(text: str, findings: Sequence[Any], regions: Sequence[Any] | None = None) -> list[dict[str, Any]]:
    """One record per finding with its 1-based line and column, and ``where`` it sits when that is
    outside the body (``regions``: a reader's ``[start, end, where]``, e.g. document properties)."""
    from baogao.redact.check import line_cols

    rows = []
    for f, (line, col) in zip(findings, line_cols(text, [f.start for f in findings]), strict=True):
        row = {"start": f.start, "end": f.end, "line": line, "col": col, "label": f.label, "text": f.text,
               "source": f.source}
        where = next((w for a, b, w in regions or () if a <= f.start < b), None)
        if where:
            row["where"] = where
        rows.append(row)
    return rows


@dataclass(frozen=True)
class MaskTask:
    """Masked text per document: into the record (``-o``), a directory, or in place."""

    options: PipelineOptions = field(default_factory=PipelineOptions)
    style: str | None = None
    output_dir: str | None = None
    in_place: bool = False
    base: str = "."  # the folder --output-dir mirrors (output_base of the run's inputs)
    vault: bool = False
    name: str = "mask"

    def setup(self) -> None:
        CheckTask(options=self.options).setup()

    def run(self, item: Any) -> list[dict[str, Any]]:
        return _each(item, self.options, lambda d: self._one(d, item))

    def _one(self, doc: RawDocument, item: Any) -> dict[str, Any]:
        from baogao.redact.policy import MaskStyle
        from baogao.redact.vault import vault_entry

        target = self._target(doc, item)  # a refused target fails before any work is done
        tags: dict[str, Any] | None = {} if self.vault else None
        style = MaskStyle(self.style) if self.style else None
        if target is not None and doc.format in FORMAT_COPIES:
            return self._format_copy(doc, item, target, style)
        result = pipeline.mask(doc, options=self.options, style=style, vault=tags)
        rec: dict[str, Any] = {"id": doc.id, "source": doc.source, "masked": len(result.replacements),
                               "errors": []}
        if self.vault:
            rec["vault"] = vault_entry(result, tags)
        if target is None:
            rec["text"] = result.text
        else:
            data, encoding = _encoded(result.text, doc)
            write_atomic(target, data)
            rec["output"] = str(target)
            rec["encoding"] = encoding
        return rec

    def _format_copy(self, doc: RawDocument, item: Any, target: Path, style: Any) -> dict[str, Any]:
        """A masked Word file or web page: the original with every replaced string replaced
        wherever it holds it (:mod:`baogao.redact.docx_mask`, :mod:`baogao.redact.html_mask`),
        read back and checked; not written unless it is clean."""
        from baogao.errors import OutputError

        kind = {"docx": "Word file", "pptx": "deck"}.get(doc.format, "page")
        if self.vault:
            raise OutputError(str(item.path), f"--vault restores masked text; a masked {kind} cannot be "
                                              "unmasked (use -o OUT.jsonl with --vault)")
        src = Path(item.path)
        read, apply = _copy_format(doc.format)
        data = src.read_bytes()
        # the whole file is written back: what it publishes besides its body is masked too
        options = replace(self.options, hidden_text=True)
        (full,) = read(src, data, hidden_text=True)
        result = pipeline.mask(full, options=options, style=style)
        out, done = data, {}
        new = {r.original: r.replacement for r in result.replacements}
        for _ in range(3):
            out = apply(src, out, new)
            done.update(new)
            (again,) = read(src, out, hidden_text=True)
            left = pipeline.mask(again, options=options, style=style)
            if not left.replacements:
                break
            new = {r.original: r.replacement for r in left.replacements if r.original not in done}
            if not new:
                raise OutputError(str(src), f"the masked {kind} still holds {len(left.replacements)} finding(s) "
                                            "that could not be replaced where the file holds them; nothing "
                                            "written (use -o OUT.jsonl for the masked text)")
        else:
            raise OutputError(str(src), f"the masked {kind} was not clean after three rounds; nothing written")
        write_atomic(target, out)
        return {"id": doc.id, "source": doc.source, "masked": len(done), "errors": [], "output": str(target),
                "encoding": doc.encoding}

    def _target(self, doc: RawDocument, item: Any) -> Path | None:
        """Where the masked text goes: None (into the record), the original, or a copy under the directory."""
        from baogao.errors import OutputError

        if not (self.output_dir or self.in_place):
            return None
        if item.record is not None:
            raise OutputError(doc.id, "a JSONL record is masked into -o OUT.jsonl; --in-place and "
                                      "--output-dir write whole files")
        src = Path(item.path)
        plain = src.suffix.lower() in PLAIN_SUFFIXES or doc.format in FORMAT_COPIES
        if self.in_place:
            if not plain:
                raise OutputError(str(src), f"cannot rewrite a {src.suffix or 'suffix-less'} file in place "
                                            "(baogao writes plain text); use -o OUT.jsonl or --output-dir DIR")
            return Path(os.path.realpath(src))  # through a symlink: mask the file it points to
        rel = relative_output(src, self.base)
        # a masked .pdf is plain text: report.pdf → report.pdf.txt, never onto a report.txt (.docx/.html stay so)
        target = Path(self.output_dir or ".") / rel.parent / (rel.name if plain else rel.name + ".txt")
        if os.path.realpath(target) == os.path.realpath(src):
            raise OutputError(str(src), "--output-dir would overwrite the input itself; use --in-place for that")
        return target


#: Inputs written back as they are (same name, same encoding); others become ``NAME.txt``, but for
#: the formats of :data:`FORMAT_COPIES`, which are written back as masked files of their own kind.
PLAIN_SUFFIXES = frozenset({".txt", ".md"})
#: Formats a masked copy keeps: a Word file stays a Word file, a deck a deck, a page a page.
FORMAT_COPIES = frozenset({"docx", "pptx", "html"})


def _copy_format(fmt: str) -> tuple[Any, Any]:
    """``(read, apply)`` for a masked copy: the reader, and ``apply(path, data, replacements) -> data``."""
    if fmt in ("docx", "pptx"):
        from baogao.io.docx import read_docx
        from baogao.io.pptx import read_pptx
        from baogao.redact.docx_mask import mask_docx

        return (read_docx if fmt == "docx" else read_pptx), lambda _path, data, new: mask_docx(data, new)
    from baogao.io.html import decode_html, read_html
    from baogao.redact.html_mask import mask_html

    def apply(path: Path, data: bytes, new: dict[str, str]) -> bytes:
        markup, encoding = decode_html(data, path)
        masked = mask_html(markup, new)
        # × is in GB2312 and Big5; a character a declared charset lacks is written as a reference
        return masked.encode(encoding, errors="xmlcharrefreplace")

    return read_html, apply


def output_base(roots: Sequence[str]) -> str:
    """The directory masked copies mirror: the deepest one holding every input (a given directory
    itself when it is the only input), so that two inputs never map to one output."""
    dirs = [os.path.abspath(r) if os.path.isdir(r) else os.path.dirname(os.path.abspath(r)) for r in roots]
    return os.path.commonpath(dirs) if dirs else os.getcwd()


def relative_output(src: Path, base: str) -> Path:
    """``src`` relative to ``base`` (:func:`output_base`), its bare name when outside it."""
    try:
        rel = os.path.relpath(os.path.abspath(src), os.path.abspath(base))
    except ValueError:
        return Path(src.name)
    return Path(src.name) if rel.startswith(os.pardir) else Path(rel)


def _encoded(text: str, doc: RawDocument) -> tuple[bytes, str]:
    """A masked plain-text file in its original encoding and byte-order mark; others as UTF-8."""
    from baogao.io.text import encode_like

    if doc.format != "txt":
        return text.encode("utf-8"), "utf-8"
    return encode_like(text, doc.encoding, doc.bom)


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write via a temporary file and rename, so a crash never leaves a half-written file under ``path``.

    ``str`` is written as UTF-8, ``bytes`` as they are. A symlink keeps pointing where it
    did: the file it points to is replaced. A path that is neither a file nor a directory
    (``-o /dev/stdout``, a named pipe) is written to as it is: renaming over it would put a
    regular file in its place.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if is_special_file(path):
        with open(path, "wb") as stream:
            stream.write(payload)
        return
    path = Path(os.path.realpath(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in path.parent.glob(f".{glob.escape(path.name)}.*.part"):
        stale.unlink(missing_ok=True)  # left by a run killed mid-write
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        os.fchmod(fd, _mode_for(path))
        with os.fdopen(fd, "wb") as f:
            f.write(payload)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _mode_for(path: Path) -> int:
    """Keep an existing file's permissions (``--in-place``); new files get the usual 0666 & ~umask."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def dumps(rec: dict[str, Any]) -> str:
    return json.dumps(rec, ensure_ascii=False)

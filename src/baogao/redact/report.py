"""Renders ``check`` results as text lines, JSON or SARIF, and decides the exit code.

Fail closed: an input that could not be read or scanned makes the gate exit 2,
whatever else was found, because "could not check" is never "clean".
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

EXIT_CLEAN, EXIT_FINDINGS, EXIT_UNCHECKED = 0, 1, 2
LINE_BREAK = re.compile(r"\r\n|\r|\n")
"""A line break as SARIF counts them: CR LF, a lone CR and a lone LF are one break each."""


def exit_code(records: Sequence[dict[str, Any]]) -> int:
    if any(r.get("errors") for r in records):
        return EXIT_UNCHECKED
    if any(r.get("findings") for r in records):
        return EXIT_FINDINGS
    return EXIT_CLEAN


def note_lines(records: Sequence[dict[str, Any]]) -> list[str]:
    """``path: note: …`` for what a check could not look at (a Word file's pictures); no finding."""
    return [f"{r.get('source') or r.get('id')}: note: {note}" for r in records for note in r.get("notes") or ()]


def error_line(where: str, error: dict[str, Any]) -> str:
    """``path: error: Kind: cause``: how every command reports an input it could not process."""
    return f"{where}: error: {error.get('kind')}: {error.get('message')}"


def where(record: dict[str, Any]) -> str:
    """The input a record stands for: its path, or for a JSONL record ``path (record ID)``."""
    source, ident = str(record.get("source") or ""), str(record.get("id") or "")
    if not source or ident == source or ident.startswith(f"{source}#"):
        return ident or source or "?"
    return f"{source} (record {ident})"


def error_lines(records: Sequence[dict[str, Any]]) -> list[str]:
    """``path: error: Kind: cause`` per input that could not be checked (they go to standard error)."""
    return [error_line(where(r), e) for r in records for e in r.get("errors") or []]


def finding_lines(records: Sequence[dict[str, Any]]) -> list[str]:
    """``path:line:col: LABEL «text» (recognizer)`` per finding (the report on standard output),
    followed by `` in WHERE`` for a finding outside the body (``in document properties``)."""
    return [f"{r['id']}:{f['line']}:{f['col']}: {f['label']} «{shown_text(f['text'])}» ({f['source']})"
            + (f" in {f['where']}" if f.get("where") else "")
            for r in records for f in r.get("findings") or []]


def shown_text(text: str) -> str:
    """A finding's text on one output line: each line break becomes ⏎."""
    return LINE_BREAK.sub("⏎", text)


def text_lines(records: Sequence[dict[str, Any]]) -> list[str]:
    """Both kinds of lines, per record its errors and then its findings."""
    lines = []
    for r in records:
        lines += error_lines([r]) + finding_lines([r])
    return lines


def artifact_uri(path: str) -> str:
    """A path as a SARIF ``artifactLocation.uri``, which must be a valid URI reference.

    Each segment is UTF-8 percent-encoded (``报告 文件 1.txt`` → ``%E6%8A%A5…%201.txt``),
    ``/`` separators are kept and a relative path stays relative (SARIF readers
    resolve it against the checkout); a ``:`` is encoded too, so no segment reads as a scheme.
    """
    return quote(path, safe="/")


def sarif(records: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """A SARIF 2.1.0 log so code-review tools can show the findings inline."""
    labels = sorted({f["label"] for r in records for f in r.get("findings") or []})
    results = []
    for r in records:
        for f in r.get("findings") or []:
            results.append({
                "ruleId": f["label"], "level": "error",
                "message": {"text": f"{f['label']} found by {f['source']}: {f['text']}"
                                    + (f" (in {f['where']})" if f.get("where") else "")},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": artifact_uri(r.get("source") or r["id"])},
                    "region": {"startLine": f["line"], "startColumn": f["col"],
                               "charOffset": f["start"], "charLength": f["end"] - f["start"]}}}],
            })
        for note in r.get("notes") or []:  # what was not checked (pictures): a note, not a finding
            results.append({"ruleId": "UNCHECKED", "level": "note", "message": {"text": note},
                            "locations": [{"physicalLocation": {
                                "artifactLocation": {"uri": artifact_uri(r.get("source") or r["id"])}}}]})
        for e in r.get("errors") or []:
            results.append({"ruleId": "UNREADABLE", "level": "error",
                            "message": {"text": f"{e.get('kind')}: {e.get('message')}"},
                            "locations": [{"physicalLocation": {
                                "artifactLocation": {"uri": artifact_uri(r.get("source") or r["id"])}}}]})
    rules = [{"id": lab, "shortDescription": {"text": f"{lab} must not be published"}} for lab in labels]
    rules.append({"id": "UNREADABLE", "shortDescription": {"text": "input could not be checked"}})
    if any(r.get("notes") for r in records):
        rules.append({"id": "UNCHECKED", "shortDescription": {"text": "part of the input that baogao cannot read"}})
    return {"version": "2.1.0",
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "runs": [{"tool": {"driver": {"name": "baogao", "rules": rules}}, "results": results}]}


def render_check(records: Sequence[dict[str, Any]], *, fmt: str = "text") -> tuple[str, int]:
    code = exit_code(records)
    if fmt == "json":
        return json.dumps(list(records), ensure_ascii=False, indent=1), code
    if fmt == "sarif":
        return json.dumps(sarif(records), ensure_ascii=False, indent=1), code
    return "\n".join(text_lines(records)), code

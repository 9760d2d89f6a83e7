"""The check gate's exit codes and its three output formats."""

from __future__ import annotations

import json

import pytest

from baogao.redact.report import render_check

FINDING = {"start": 5, "end": 8, "line": 2, "col": 3, "label": "PERSON", "text": "张建国", "source": "person_title"}


@pytest.mark.parametrize(("records", "code"), [
    ([{"id": "a.txt", "findings": []}], 0),
    ([{"id": "a.txt", "findings": [FINDING]}], 1),
    ([{"id": "a.txt", "findings": []}, {"id": "b.pdf", "errors": [{"kind": "ReadError", "message": "not a PDF"}]}], 2),
    ([{"id": "a.txt", "findings": [FINDING]}, {"id": "b.pdf", "errors": [{"kind": "ReadError", "message": "x"}]}], 2),
])
def test_exit_code_fails_closed(records: list[dict], code: int) -> None:
    for fmt in ("text", "json", "sarif"):
        assert render_check(records, fmt=fmt)[1] == code


def test_text_line_names_path_line_col_label_text_and_recognizer() -> None:
    text, _ = render_check([{"id": "r.txt", "findings": [FINDING]}])
    assert text == "r.txt:2:3: PERSON «张建国» (person_title)"


def test_unreadable_file_is_one_line_with_its_cause() -> None:
    text, _ = render_check([{"id": "b.pdf", "errors": [{"kind": "ReadError", "message": "not a PDF"}]}])
    assert text == "b.pdf: error: ReadError: not a PDF"


def test_sarif_has_a_result_per_finding_with_region() -> None:
    text, _ = render_check([{"id": "r.txt", "source": "r.txt", "findings": [FINDING, dict(FINDING, label="PHONE")]}],
                           fmt="sarif")
    log = json.loads(text)
    results = log["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["PERSON", "PHONE"]
    assert results[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 2

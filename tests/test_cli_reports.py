"""Reports the commands write: tag tables, the check gate's lines, exit codes and SARIF, eval, view, the hook."""

from __future__ import annotations

import csv
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import REPO, SAMPLES
from typer.testing import CliRunner

from baogao.cli import app
from baogao.evaluate import TASKS
from baogao.redact.check import line_col, line_cols
from baogao.redact.report import sarif

runner = CliRunner()
THEMES = ("safety", "cost_reduction", "integration", "party_building", "livelihood", "innovation", "talent",
          "green", "publicity")
PII = "一、工作回顾\n今年成绩显著。\n联系人：李慧，电话13912345678。\n"


def _invoke(*args: object):  # type: ignore[no-untyped-def]
    return runner.invoke(app, [str(a) for a in args])


def _csv(path: Path) -> tuple[list[str], list[dict]]:
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


# --- 1. tag: the table's columns do not depend on which record comes first -------------------------


@pytest.fixture(scope="module")
def tag_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("tag") / "in"
    src.mkdir()
    (src / "00_empty.txt").write_bytes(b"")  # sorted first: its error record arrives first with -j1 --ordered
    shutil.copy(SAMPLES / "2023_branch_briefing.txt", src / "2023_branch_briefing.txt")
    return src


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_tag_csv_header_is_the_same_when_an_error_record_comes_first(
    tmp_path: Path, tag_dir: Path, jobs: str
) -> None:
    out = tmp_path / "tags.csv"
    res = _invoke("tag", tag_dir, "-o", out, "-j", jobs, "--ordered", "--quiet")
    assert res.exit_code == 1, res.output  # the empty file failed
    header, rows = _csv(out)
    assert header == ["id", "key", "source", "chars", "themes", *(f"score_{t}" for t in THEMES), "keywords", "errors"]
    by_name = {Path(r["id"]).name: r for r in rows}
    good, bad = by_name["2023_branch_briefing.txt"], by_name["00_empty.txt"]
    assert good["errors"] == "" and float(good["score_party_building"]) > 0
    assert json.loads(bad["errors"]) == {"kind": "ReadError", "message": "empty file"}
    assert all(bad[f"score_{t}"] == "" for t in THEMES)


def test_tag_parquet_columns_are_the_same_when_an_error_record_comes_first(tmp_path: Path, tag_dir: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "tags.parquet"
    assert _invoke("tag", tag_dir, "-o", out, "-j", "1", "--ordered", "--quiet").exit_code == 1
    names = pq.read_schema(out).names
    assert names[:4] == ["id", "key", "source", "chars"] and names[-1] == "errors"
    rows = {Path(r["id"]).name: r for r in pq.read_table(out).to_pylist()}
    assert rows["00_empty.txt"]["score_safety"] is None and rows["00_empty.txt"]["errors"]


# --- 2. line numbers: CR LF, CR and LF are one line break each --------------------------------------


def test_line_cols_count_cr_crlf_and_lf_as_one_break_each() -> None:
    text = "ab\rcd\r\nef\ngh\r\rij"
    assert line_cols(text, [0, 3, 7, 10, 14, 5, 6]) == [(1, 1), (2, 1), (3, 1), (4, 1), (6, 1), (2, 3), (2, 4)]
    assert line_col("x\ry", 2) == (2, 1)


@pytest.mark.parametrize("newline", ["\r", "\r\n", "\n"])
def test_check_reports_the_same_line_whatever_the_line_endings(tmp_path: Path, newline: str) -> None:
    src = tmp_path / "r.txt"
    src.write_bytes(PII.replace("\n", newline).encode("utf-8"))
    res = _invoke("check", src, "--no-ner", "--quiet", "-j", "1")
    assert res.exit_code == 1
    assert f"{src}:3:10: PHONE «13912345678» (phone)" in res.stdout.splitlines()
    res = _invoke("check", src, "--no-ner", "--quiet", "-j", "1", "--format", "sarif")
    regions = [r["locations"][0]["physicalLocation"]["region"] for r in json.loads(res.stdout)["runs"][0]["results"]]
    assert {"startLine": 3, "startColumn": 10} in [{k: g[k] for k in ("startLine", "startColumn")} for g in regions]


# --- 3. a bad --policy: exit 2, one line naming the file and the cause ------------------------------


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
@pytest.mark.parametrize(("content", "cause"), [(None, "cannot read policy"), ("this is [not toml\n", "not valid TOML")])
def test_check_with_a_bad_policy_fails_closed_with_exit_2(
    tmp_path: Path, fmt: str, content: str | None, cause: str
) -> None:
    policy = tmp_path / "policy.toml"
    if content is not None:
        policy.write_text(content, encoding="utf-8")
    src = tmp_path / "r.txt"
    src.write_text(PII, encoding="utf-8")
    res = _invoke("check", src, "--policy", policy, "--format", fmt, "--no-ner", "-j", "1")
    assert res.exit_code == 2
    assert res.stdout == ""
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"baogao: error: {policy}: {cause}"), res.stderr


# --- 4. inputs that could not be checked: their lines go to standard error in every format ----------


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_check_error_lines_go_to_stderr_in_every_format(tmp_path: Path, fmt: str) -> None:
    good, empty = tmp_path / "good.txt", tmp_path / "empty.txt"
    good.write_text(PII, encoding="utf-8")
    empty.write_bytes(b"")
    res = _invoke("check", good, empty, "--format", fmt, "--no-ner", "--quiet", "-j", "1")
    assert res.exit_code == 2
    line = f"{empty}: error: ReadError: empty file"
    assert res.stderr.splitlines() == [line]
    if fmt == "text":
        assert line not in res.stdout and f"{good}:3:10: PHONE" in res.stdout
    else:  # the machine-readable report still holds the failure
        report = json.loads(res.stdout)
        assert "empty file" in json.dumps(report)


# --- 5. a gate that checked nothing does not say clean ---------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_check_of_a_directory_without_supported_files_exits_2(tmp_path: Path, fmt: str) -> None:
    src = tmp_path / "only csv"
    src.mkdir()
    (src / "contacts.csv").write_text("name,phone\n李慧,13912345678\n", encoding="utf-8")
    (src / "README").write_text(PII, encoding="utf-8")
    res = _invoke("check", src, "--format", fmt, "--no-ner")
    assert res.exit_code == 2
    assert res.stderr.strip().splitlines() == [f"baogao: error: {src}: no supported input files (nothing was checked)"]


# --- 6. the pre-commit hook passes every file its pattern names ------------------------------------

# the tags pre-commit's `identify` gives these files (identify.tags_from_path)
IDENTIFY_TAGS = {
    "report.docx": {"file", "binary", "non-executable", "docx"},
    "report.pdf": {"file", "binary", "non-executable", "pdf"},
    "report.txt": {"file", "text", "non-executable", "plain-text"},
    "REPORT.TXT": {"file", "text", "non-executable"},
    "page.html": {"file", "text", "non-executable", "html"},
    "records.jsonl": {"file", "text", "non-executable", "jsonl"},
    "data.csv": {"file", "text", "non-executable", "csv"},
    "logo.png": {"file", "binary", "non-executable", "image", "png"},
}


def _selected_by_hook(hook: dict, name: str, tags: set[str]) -> bool:
    """pre-commit's rule: ``files`` (re.search), then all of ``types``, any of ``types_or``, none of ``exclude_types``."""
    if not re.search(hook.get("files", ""), name) or re.search(hook.get("exclude", "^$"), name):
        return False
    types, types_or = set(hook.get("types", ["file"])), set(hook.get("types_or", []))
    return types <= tags and (not types_or or bool(types_or & tags)) and not set(hook.get("exclude_types", [])) & tags


def test_pre_commit_hook_lets_the_files_pattern_decide() -> None:
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    selected = {name for name, tags in IDENTIFY_TAGS.items() if _selected_by_hook(hook, name, tags)}
    assert selected == {"report.docx", "report.pdf", "report.txt", "REPORT.TXT", "page.html", "records.jsonl"}


# --- 7. eval: an unknown task is a usage error ------------------------------------------------------


def test_eval_with_an_unknown_task_is_one_usage_error_line(tmp_path: Path) -> None:
    gold = tmp_path / "g.jsonl"
    gold.write_text(json.dumps({"id": "d1", "text": "全年发稿356篇。", "metrics": []}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    res = _invoke("eval", gold, "--task", "bogus", "--task", "metrics")
    assert res.exit_code == 2 and res.stdout == ""
    (line,) = res.stderr.strip().splitlines()
    assert line.startswith("baogao: error: unknown task 'bogus'; valid tasks:")
    assert all(t in line for t in TASKS)


# --- 8. view: every record of a JSONL file is on the page ------------------------------------------


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.links: list[str] = []
        self.marked: list[str] = []
        self.text: list[str] = []
        self._in_mark = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(a["id"] or "")
        if tag == "a":
            self.links.append(a.get("href") or "")
        if tag == "mark":
            self._in_mark += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self._in_mark -= 1

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_mark:
            self.marked.append(data)


def test_view_renders_every_record_of_a_jsonl_file(tmp_path: Path) -> None:
    src = tmp_path / "two.jsonl"
    src.write_text('{"id":"a","text":"一、甲\\n内容：电话13800138000"}\n'
                   '{"id":"b","text":"一、乙\\n内容：李明13912345678"}\n', encoding="utf-8")
    page = tmp_path / "two.html"
    res = _invoke("view", src, "-o", page, "--no-ner")
    assert res.exit_code == 0, res.output
    parser = _Page()
    parser.feed(page.read_text(encoding="utf-8"))
    text = "".join(parser.text)
    assert "13800138000" in parser.marked and "13912345678" in parser.marked
    assert "甲" in text and "乙" in text
    assert {"#doc1", "#doc2"} <= set(parser.links) and {"doc1", "doc2"} <= set(parser.ids)
    assert len(parser.ids) == len(set(parser.ids))  # finding ids unique across the documents


# --- 9. SARIF: artifactLocation.uri is a valid URI reference ---------------------------------------

URI_REFERENCE = re.compile(r"^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?#]|%[0-9A-F]{2})*$")


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        ("报告 文件 1.txt", "%E6%8A%A5%E5%91%8A%20%E6%96%87%E4%BB%B6%201.txt"),
        ("docs/2023 年/a#1.txt", "docs/2023%20%E5%B9%B4/a%231.txt"),
        ("/abs/x%y.txt", "/abs/x%25y.txt"),
        ("c:odd.txt", "c%3Aodd.txt"),  # would otherwise read as the scheme "c:"
    ],
)
def test_sarif_uri_is_percent_encoded_and_relative_stays_relative(path: str, uri: str) -> None:
    assert URI_REFERENCE.match(uri)
    finding = {"start": 0, "end": 2, "line": 1, "col": 1, "label": "PERSON", "text": "李慧", "source": "ner"}
    log = sarif([{"id": path, "source": path, "findings": [finding]},
                 {"id": path, "source": path, "errors": [{"kind": "ReadError", "message": "empty file"}]}])
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]]
    assert uris == [uri, uri]


def test_check_sarif_of_a_file_with_spaces_and_chinese_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("报告 文件 1.txt").write_text(PII, encoding="utf-8")
    res = _invoke("check", "报告 文件 1.txt", "--format", "sarif", "--no-ner", "--quiet", "-j", "1")
    assert res.exit_code == 1
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in json.loads(res.stdout)["runs"][0]["results"]}
    assert uris == {"%E6%8A%A5%E5%91%8A%20%E6%96%87%E4%BB%B6%201.txt"}

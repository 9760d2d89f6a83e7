"""Bad input through the CLI: every file yields exactly one record, nothing crashes, nothing is lost.

A directory of generated files — empty, blank, binary, NUL-ridden, in five
encodings, with CRLF and full-width digits, one 600,000-character line, an odd
file name, broken and valid Office/PDF/HTML files — goes through ``baogao
extract`` (in-process with typer's CliRunner and once as a real ``python -m
baogao`` subprocess with two workers) and ``baogao check``. Readable files must
give the same (value, unit) metrics as the UTF-8 original; unreadable ones an
error record naming them; exit codes follow the CLI's documented contract.
"""

from __future__ import annotations

import codecs
import io
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from baogao.cli import app

REPO = Path(__file__).resolve().parent.parent

TEXT = (
    "各位代表：\n"
    "过去一年，全市地区生产总值达到3256亿元，增长6.2%。\n"
    "全年完成原煤产量1286万吨，查处“三违”行为58起，较上年下降17.1%。\n"
    "二、今年工作安排\n"
    "新建标准化厂房12万平方米，培训职工3000余人次。\n"
)
FULL_WIDTH = str.maketrans("0123456789.%", "０１２３４５６７８９．％")
# ~100 characters with one metric: the 600,000-character line tests size, not the extractor's per-hit cost.
LONG_SENTENCE = "全年完成原煤产量1286万吨，坚持安全发展理念，持续推进标准化建设和双重预防机制，" \
                "强化现场管理与隐患排查治理，筑牢安全生产防线，推动企业高质量发展行稳致远，"
LONG_LINE = (LONG_SENTENCE * (600_000 // len(LONG_SENTENCE) + 1))[:600_000]
ODD_NAME = "2024年 工作 总结（定稿）.txt"


def _docx(lines: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _html_gbk(text: str) -> bytes:
    body = "".join(f"<p>{line}</p>\n" for line in text.splitlines())
    page = (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk">'
            f"<title>报告</title></head><body>\n{body}</body></html>")
    return page.encode("gbk")


#: name → bytes, for files that must decode to TEXT's metrics.
def readable_files() -> dict[str, bytes]:
    lines = TEXT.splitlines()
    return {
        "utf8_original.txt": TEXT.encode("utf-8"),
        "nul_inside.txt": TEXT.replace("原煤", "原\x00煤").replace("代表", "代\x00表").encode("utf-8"),
        "gb18030.txt": TEXT.encode("gb18030"),
        "utf16_bom.txt": TEXT.encode("utf-16"),  # Python writes the BOM
        "utf8_bom.txt": codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        "crlf_fullwidth.txt": TEXT.translate(FULL_WIDTH).replace("\n", "\r\n").encode("utf-8"),
        ODD_NAME: TEXT.encode("utf-8"),
        "page_gbk.html": _html_gbk(TEXT),
        "valid.docx": _docx(lines),
    }


def unreadable_files() -> dict[str, bytes]:
    valid = _docx(TEXT.splitlines())
    return {
        "empty.txt": b"",
        "whitespace.txt": "  \r\n\t\n\u3000 \n".encode("utf-8"),
        "random_binary.txt": random.Random(20241126).randbytes(4096),
        "truncated.docx": valid[: len(valid) // 2],
        "not_a_pdf.pdf": TEXT.encode("utf-8"),
    }


def build_dir(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, data in {**readable_files(), **unreadable_files()}.items():
        (root / name).write_bytes(data)
    (root / "long_line.txt").write_text(LONG_LINE, encoding="utf-8")
    return root


def expected_metrics(text: str) -> list[tuple[float | None, str]]:
    from baogao.pipeline import PipelineOptions, extract_text

    opts = PipelineOptions(slogans=False, themes=False, keywords=False, sections=False, redact=False)
    return [(m["value"], m["unit"]) for m in extract_text(text, options=opts)["metrics"]]


def by_file(records: list[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for r in records:
        out.setdefault(Path(r.get("source") or r["id"]).name, []).append(r)
    return out


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def assert_one_record_each(records: list[dict], root: Path) -> dict[str, dict]:
    files = sorted(p.name for p in root.iterdir())
    grouped = by_file(records)
    assert sorted(grouped) == files, (sorted(grouped), files)
    assert all(len(v) == 1 for v in grouped.values()), {k: len(v) for k, v in grouped.items() if len(v) != 1}
    return {k: v[0] for k, v in grouped.items()}


def assert_records_right(recs: dict[str, dict]) -> None:
    want = expected_metrics(TEXT)
    assert len(want) >= 6, want  # the fixture text must exercise the extractor
    for name in readable_files():
        rec = recs[name]
        assert rec.get("errors") == [], (name, rec.get("errors"))
        got = [(m["value"], m["unit"]) for m in rec["metrics"]]
        assert got == want, (name, rec.get("encoding"), got)
    for name in unreadable_files():
        errors = recs[name].get("errors")
        assert errors and errors[0]["message"], (name, recs[name])
        assert "Traceback" not in json.dumps(errors, ensure_ascii=False)
    long_rec = recs["long_line.txt"]
    assert long_rec["errors"] == [] and long_rec["length"] == 600_000
    values = [(m["value"], m["unit"]) for m in long_rec["metrics"]]
    assert values.count((1286e4, "吨")) == LONG_LINE.count("1286万吨"), len(values)


def assert_offsets_slice_the_original(recs: dict[str, dict], root: Path) -> None:
    """Offsets index the decoded original: check it where the original is the file's own text."""
    for name, encoding in [("utf8_original.txt", "utf-8"), ("gb18030.txt", "gb18030"), ("utf16_bom.txt", "utf-16"),
                           ("crlf_fullwidth.txt", "utf-8"), ("nul_inside.txt", "utf-8")]:
        text = (root / name).read_bytes().decode(encoding)
        for m in recs[name]["metrics"]:
            assert text[m["start"] : m["end"]] == m["text"], (name, m)


@pytest.fixture(scope="module")
def bad_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_dir(tmp_path_factory.mktemp("bad") / "inputs")


@pytest.fixture(scope="module")
def extracted(bad_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[int, list[dict], str]:
    out = tmp_path_factory.mktemp("out") / "out.jsonl"
    result = CliRunner().invoke(app, ["extract", str(bad_dir), "-o", str(out), "--jobs", "1", "--no-ner", "-q"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, read_jsonl(out), result.output


def test_extract_gives_one_record_per_bad_file(extracted: tuple[int, list[dict], str], bad_dir: Path) -> None:
    code, records, output = extracted
    assert "Traceback" not in output
    recs = assert_one_record_each(records, bad_dir)
    assert_records_right(recs)
    assert code == 1, "extract exits 1 when some inputs fail"


def test_readable_encodings_are_detected(extracted: tuple[int, list[dict], str], bad_dir: Path) -> None:
    recs = by_file(extracted[1])
    assert recs["gb18030.txt"][0]["encoding"] in {"gb18030", "gbk"}
    assert recs["utf16_bom.txt"][0]["encoding"].startswith("utf-16")
    assert recs["utf8_bom.txt"][0]["encoding"] == "utf-8-sig"
    assert "gb" in recs["page_gbk.html"][0]["encoding"]
    assert recs["valid.docx"][0]["format"] == "docx"
    assert_offsets_slice_the_original({k: v[0] for k, v in recs.items()}, bad_dir)


def test_extract_on_clean_inputs_exits_0(tmp_path: Path) -> None:
    root = tmp_path / "clean"
    root.mkdir()
    (root / "a.txt").write_bytes(TEXT.encode("gb18030"))
    (root / ODD_NAME).write_text(TEXT, encoding="utf-8")
    out = tmp_path / "o.jsonl"
    result = CliRunner().invoke(app, ["extract", str(root), "-o", str(out), "--jobs", "1", "--no-ner", "-q"])
    assert result.exit_code == 0, result.output
    assert len(read_jsonl(out)) == 2


def test_real_subprocess_with_two_workers(bad_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    proc = subprocess.run(
        [sys.executable, "-m", "baogao", "extract", str(bad_dir), "-o", str(out), "--jobs", "2", "--no-ner", "-q"],
        capture_output=True, text=True, timeout=240, check=False, cwd=tmp_path,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr[-3000:]
    assert proc.returncode == 1, (proc.returncode, proc.stderr[-2000:])
    recs = assert_one_record_each(read_jsonl(out), bad_dir)
    assert_records_right(recs)


def test_check_exits_2_and_names_the_unreadable_file(tmp_path: Path) -> None:
    root = tmp_path / "gate"
    root.mkdir()
    (root / "clean.txt").write_text("全年完成原煤产量1286万吨。\n", encoding="utf-8")
    (root / ODD_NAME).write_bytes(TEXT.encode("gb18030"))
    (root / "broken.docx").write_bytes(b"PK\x03\x04 this is not really a zip")
    result = CliRunner().invoke(app, ["check", str(root), "--jobs", "1", "--no-ner"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 2, result.output
    assert "broken.docx" in result.output
    assert "Traceback" not in result.output


def test_check_exit_is_0_or_1_when_everything_is_readable(bad_dir: Path, tmp_path: Path) -> None:
    root = tmp_path / "readable"
    root.mkdir()
    for name, data in readable_files().items():
        (root / name).write_bytes(data)
    result = CliRunner().invoke(app, ["check", str(root), "--jobs", "1", "--no-ner", "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    clean = tmp_path / "clean"
    clean.mkdir()
    (clean / "a.txt").write_text("全年完成原煤产量1286万吨，同比增长4.2%。\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(clean), "--jobs", "1", "--no-ner"])
    assert result.exit_code == 0, result.output


def test_check_on_the_bad_directory_exits_2(bad_dir: Path) -> None:
    result = CliRunner().invoke(app, ["check", str(bad_dir), "--jobs", "1", "--no-ner"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 2, result.output
    for name in unreadable_files():
        assert name in result.output, name


def test_jsonl_record_with_a_lone_surrogate_escape_gives_one_record(tmp_path: Path) -> None:
    """JSON allows "\\ud800"; json.loads turns it into a lone surrogate that UTF-8 cannot encode."""
    root = tmp_path / "sur"
    root.mkdir()
    (root / "records.jsonl").write_text(
        '{"id": "a", "text": "全年完成原煤产量1286万吨\\ud800"}\n{"id": "b", "text": "增长6.2%"}\n', encoding="utf-8")
    out = tmp_path / "o.jsonl"
    result = CliRunner().invoke(app, ["extract", str(root), "-o", str(out), "--jobs", "1", "--no-ner", "-q"])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    records = read_jsonl(out)
    assert sorted(r["id"] for r in records) == ["a", "b"]
    assert result.exit_code in (0, 1)

"""End to end through the command line, on the bundled samples and files made here."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SAMPLES
from typer.testing import CliRunner

from baogao.cli import app

runner = CliRunner()
SEED = SAMPLES / "2023_publicity_report_masked.txt"
COMMANDS = ["extract", "tag", "check", "mask", "unmask", "segment", "sections", "eval", "train", "view", "trends"]


def _invoke(*args: str) -> tuple[int, str]:
    res = runner.invoke(app, [str(a) for a in args])
    return res.exit_code, res.output


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_help_lists_every_command() -> None:
    code, out = _invoke("--help")
    assert code == 0
    for cmd in COMMANDS:
        assert cmd in out
    for cmd in COMMANDS:
        assert _invoke(cmd, "--help")[0] == 0


def test_python_dash_m_runs() -> None:
    proc = subprocess.run([sys.executable, "-m", "baogao", "--help"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0 and "extract" in proc.stdout


def test_extract_samples_paragraphs_slice_original_lines(tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    code, _ = _invoke("extract", SAMPLES, "-o", out, "--jobs", "1", "--quiet")
    assert code == 0
    recs = {Path(r["id"]).name: r for r in _jsonl(out)}
    assert set(recs) == {p.name for p in SAMPLES.iterdir() if p.suffix == ".txt"}
    for name, rec in recs.items():
        text = (SAMPLES / name).read_text(encoding="utf-8")
        lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
        got = [text[p["start"]:p["end"]] for p in rec["paragraphs"]]
        assert [g.strip() for g in got if g.strip() not in {"##paidend##"}] == [
            ln for ln in lines if ln != "##paidend##"]
        for key in ("metrics", "slogans", "sensitive", "entities"):
            for span in rec[key]:
                assert text[span["start"]:span["end"]] == span["text"], (name, key, span)


def test_seed_masked_figures_and_paywall_year(tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    _invoke("extract", SEED, "-o", out, "--jobs", "1", "--quiet")
    rec = _jsonl(out)[0]
    masked = [m for m in rec["metrics"] if m["masked"]]
    assert len(masked) == 11
    assert all(m["value"] is None and m["unit"] for m in masked)
    assert sum(1 for m in masked if m["approx"] == "余") == 4
    assert not [m for m in rec["metrics"] if m["value"] == 2023.0 or "paidbegin" in m["text"]]
    assert {m["text"] for m in rec["markup"]} >= {"##paidbegin##", "##paidend##"}
    assert "publicity" in rec["themes"]


def test_broken_and_oddly_encoded_directory_gives_one_record_each(tmp_path: Path) -> None:
    src = tmp_path / "in 报告"
    src.mkdir()
    body = "一、工作回顾\n全年完成原煤产量６３５．８万吨，同比增长6.3%。\n"
    (src / "gb.txt").write_bytes(body.encode("gb18030"))
    (src / "u16.txt").write_bytes(body.encode("utf-16"))
    (src / "bom.txt").write_bytes(body.encode("utf-8-sig"))
    (src / "crlf.txt").write_bytes(body.replace("\n", "\r\n").encode("utf-8"))
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (src / "broken.docx").write_bytes(b"PK\x03\x04 truncated")
    (src / "fake.pdf").write_bytes(b"this is not a pdf")
    out = tmp_path / "r.jsonl"
    code, _ = _invoke("extract", src, "-o", out, "--jobs", "2", "--quiet")
    assert code == 1
    recs = {Path(r["id"]).name: r for r in _jsonl(out)}
    assert set(recs) == {"gb.txt", "u16.txt", "bom.txt", "crlf.txt", "empty.txt", "binary.txt", "broken.docx", "fake.pdf"}
    for bad in ("empty.txt", "binary.txt", "broken.docx", "fake.pdf"):
        assert recs[bad]["errors"], bad
    values = {name: sorted((m["value"], m["unit"]) for m in recs[name]["metrics"])
              for name in ("gb.txt", "u16.txt", "bom.txt", "crlf.txt")}
    assert all(v == [(6.3, "%"), (6358000.0, "吨")] for v in values.values()), values


@pytest.mark.parametrize("command", ["extract", "tag", "mask"])
def test_every_failed_input_gets_one_error_line_naming_file_and_cause(tmp_path: Path, command: str) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text("一、工作回顾\n全年完成原煤产量635万吨。\n", encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    (src / "broken.docx").write_bytes(b"PK\x03\x04 truncated")
    target = ["--output-dir", tmp_path / "masked"] if command == "mask" else ["-o", tmp_path / "out.jsonl"]
    res = runner.invoke(app, [str(a) for a in (command, src, *target, "--quiet")])
    assert res.exit_code == 1
    lines = [line for line in res.stderr.splitlines() if ": error: " in line]
    assert sorted(lines) == [
        f"{src / 'broken.docx'}: error: ReadError: not a valid .docx: BadZipFile: File is not a zip file",
        f"{src / 'empty.txt'}: error: ReadError: empty file",
    ]


@pytest.mark.parametrize("command", ["extract", "tag", "check"])
def test_a_missing_path_among_others_is_an_error_record_and_the_rest_is_processed(
    tmp_path: Path, command: str
) -> None:
    good = tmp_path / "good.txt"
    good.write_text("一、工作回顾\n联系人：李慧，电话13912345678。\n", encoding="utf-8")
    missing = tmp_path / "gone.txt"
    out = tmp_path / "out.jsonl"
    target = [] if command == "check" else ["-o", out]
    res = runner.invoke(app, [str(a) for a in (command, missing, good, *target, "--quiet")])
    assert res.exit_code == (2 if command == "check" else 1)
    assert [line for line in res.stderr.splitlines() if ": error: " in line] == [
        f"{missing}: error: ReadError: no such file"]
    if command == "check":
        assert f"{good}:2:" in res.stdout and "13912345678" in res.stdout
    else:
        recs = {r["id"]: r for r in _jsonl(out)}
        assert set(recs) == {str(missing), str(good)}
        assert recs[str(missing)]["errors"] and not recs[str(good)].get("errors")


def test_resume_retries_a_missing_file_and_keeps_one_record_for_it(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("一、工作回顾\n全年完成原煤产量635万吨。\n", encoding="utf-8")
    late = tmp_path / "late.txt"
    out = tmp_path / "out.jsonl"
    args = ["extract", good, late, "-o", out, "--quiet", "--no-ner"]
    assert _invoke(*args)[0] == 1
    assert _invoke(*args, "--resume")[0] == 1  # still missing: retried, still one error record
    recs = _jsonl(out)
    assert sorted(r["id"] for r in recs) == sorted([str(good), str(late)])
    late.write_text("二、下一步打算\n新建智能化工作面2个。\n", encoding="utf-8")
    assert _invoke(*args, "--resume")[0] == 0  # now there: its result replaces the error record
    recs = {r["id"]: r for r in _jsonl(out)}
    assert len(_jsonl(out)) == 2 and not recs[str(late)].get("errors")
    assert [m["text"] for m in recs[str(late)]["metrics"]] == ["2个"]


def test_jsonl_input_keeps_record_ids(tmp_path: Path) -> None:
    src = tmp_path / "db.jsonl"
    src.write_text("\n".join(json.dumps({"id": f"r{i}", "text": f"全年发稿{i + 1}00篇。"}, ensure_ascii=False)
                             for i in range(3)) + "\n{broken\n", encoding="utf-8")
    out = tmp_path / "r.jsonl"
    code, _ = _invoke("extract", src, "-o", out, "--jobs", "1", "--quiet")
    recs = _jsonl(out)
    assert code == 1
    good = {r["id"]: r for r in recs if not r.get("errors")}
    assert set(good) == {"r0", "r1", "r2"}
    assert good["r1"]["metrics"][0]["value"] == 200.0
    assert len([r for r in recs if r.get("errors")]) == 1


def test_check_gate_exit_codes_and_masked_output_is_clean(tmp_path: Path) -> None:
    code, out = _invoke("check", SEED, "--quiet")
    assert code == 1
    for leaked in ("西北矿业", "山能能源", "##paidbegin##", "##paidend##"):
        assert leaked in out
    masked_dir = tmp_path / "masked"
    assert _invoke("mask", SEED, "--output-dir", masked_dir, "--quiet")[0] == 0
    masked = masked_dir / SEED.name
    assert len(masked.read_text(encoding="utf-8")) == len(SEED.read_text(encoding="utf-8"))
    code, out = _invoke("check", masked, "--quiet")
    assert (code, out.strip()) == (0, "")
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"not a pdf at all")
    code, out = _invoke("check", masked, bad, "--quiet")
    assert code == 2 and "bad.pdf" in out


def test_check_text_lines_match_json_report_and_survive_a_closed_pipe(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for i in range(3):
        (src / f"r{i}.txt").write_text(f"联系人：李慧，电话1381234567{i}。\n党委书记张建国同志出席。\n", encoding="utf-8")
    (src / "zz_empty.txt").write_bytes(b"")
    res = runner.invoke(app, ["check", str(src), "--quiet", "--jobs", "2"])
    jres = runner.invoke(app, ["check", str(src), "--quiet", "--format", "json"])
    from baogao.redact.report import error_lines, finding_lines

    assert res.exit_code == jres.exit_code == 2  # an unreadable input: fail closed
    report = json.loads(jres.stdout)
    assert [line for line in res.stdout.splitlines() if line] == finding_lines(report)  # the report
    assert [line for line in res.stderr.splitlines() if line] == error_lines(report) == [
        f"{src / 'zz_empty.txt'}: error: ReadError: empty file"]  # what could not be checked
    # `baogao check dir | head`: the reader goes away (here before the first line: `true` reads
    # nothing); no traceback, and the exit code is still the gate's
    script = f"{sys.executable} -m baogao check {src} | true; exit ${{PIPESTATUS[0]}}"
    proc = subprocess.run(["/bin/bash", "-c", script], capture_output=True, text=True, check=False)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr


def test_vault_only_with_flag_and_private(tmp_path: Path) -> None:
    src = tmp_path / "r.txt"
    src.write_text("联系人：李慧，电话：13835012674。\n", encoding="utf-8")
    out_dir = tmp_path / "o"
    assert _invoke("mask", src, "--output-dir", out_dir, "--style", "numbered", "--quiet")[0] == 0
    assert not list(tmp_path.glob("*.vault*"))
    vault = tmp_path / "v.json"
    assert _invoke("mask", src, "--output-dir", out_dir, "--style", "numbered", "--vault", vault, "--quiet")[0] == 0
    assert stat.S_IMODE(os.stat(vault).st_mode) == 0o600
    masked = (out_dir / "r.txt").read_text(encoding="utf-8")
    assert "13835012674" not in masked
    code, restored = _invoke("unmask", out_dir / "r.txt", "--vault", vault)
    assert code == 0 and restored == src.read_text(encoding="utf-8")


def test_tag_csv_has_a_score_column_per_theme(tmp_path: Path) -> None:
    out = tmp_path / "tags.csv"
    assert _invoke("tag", SAMPLES, "-o", out, "--jobs", "1", "--quiet")[0] == 0
    import csv

    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == len(list(SAMPLES.glob("*.txt")))
    for theme in ("safety", "cost_reduction", "integration", "party_building", "livelihood", "innovation",
                  "talent", "green", "publicity"):
        assert f"score_{theme}" in rows[0]


def test_bad_usage_exits_2(tmp_path: Path) -> None:
    assert _invoke("extract", tmp_path / "missing.txt", "-o", tmp_path / "o.jsonl")[0] == 2
    assert _invoke("mask", SEED)[0] == 2
    assert _invoke("check", SEED, "--format", "xml")[0] == 2


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_check_machine_formats(fmt: str) -> None:
    code, out = _invoke("check", SEED, "--format", fmt, "--quiet", "--no-ner")
    assert code == 1
    json.loads(out)


@pytest.mark.parametrize(("given", "expected"), [(None, "1"), ("3", "3")])
def test_cli_keeps_blas_single_threaded_unless_the_user_says_otherwise(given: str | None, expected: str) -> None:
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    if given is not None:
        env["OPENBLAS_NUM_THREADS"] = given
    code = "import os, baogao.cli, numpy; print(os.environ['OPENBLAS_NUM_THREADS'])"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == expected


def test_unreachable_inputs_of_trends_and_dask_are_one_line_errors(tmp_path: Path) -> None:
    src = tmp_path / "r.txt"
    src.write_text("一、工作回顾\n全年完成原煤产量635万吨。\n", encoding="utf-8")
    env = {**os.environ, "BAOGAO_NO_NER": "1"}
    cases = [
        (["trends", str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "t.png")], "missing.jsonl"),
        (["trends", str(src), "-o", str(tmp_path / "t.svg")], "t.svg"),
        (["tag", str(src), "-o", str(tmp_path / "t.csv"), "--engine", "dask", "--scheduler", "no-port-here"],
         "cannot reach the Dask scheduler"),
    ]
    for args, named in cases:
        proc = subprocess.run([sys.executable, "-m", "baogao", *args], capture_output=True, text=True, env=env,
                              check=False, timeout=120)
        lines = proc.stderr.strip().splitlines()
        assert proc.returncode == 2 and len(lines) == 1 and named in lines[0], (args, proc.stderr)


def test_train_sections_refuses_files_without_gold_labels(tmp_path: Path) -> None:
    plain = tmp_path / "plain.jsonl"
    plain.write_text(json.dumps({"id": "a", "text": "一、工作回顾\n完成。\n"}, ensure_ascii=False) + "\n", encoding="utf-8")
    broken = tmp_path / "broken.jsonl"
    broken.write_text("{not json\n", encoding="utf-8")
    preds = tmp_path / "preds.jsonl"  # baogao's own output: labelled paragraphs but no text
    preds.write_text(json.dumps({"id": "a", "paragraphs": [{"start": 0, "end": 3, "label": "review"}]}) + "\n",
                     encoding="utf-8")
    for data in (plain, broken, preds):
        out = tmp_path / "m" / "sections.skops"
        proc = subprocess.run([sys.executable, "-m", "baogao", "train", "sections", "--data", str(data), "-o", str(out)],
                              capture_output=True, text=True, check=False)
        lines = proc.stderr.strip().splitlines()
        assert proc.returncode == 2 and len(lines) == 1 and str(data) in lines[0], proc.stderr
        assert not out.exists()


def test_sections_outline_is_not_cut_when_piped_and_fails_without_a_usable_model(tmp_path: Path) -> None:
    src = tmp_path / "r.txt"
    long_heading = "一、" + "坚持安全发展理念全面加强煤矿安全生产标准化建设" * 3
    src.write_text(f"关于安全生产工作的汇报\n{long_heading}\n全年完成原煤产量635万吨。\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "baogao", "sections", str(src)], capture_output=True, text=True,
                          check=False, env={**os.environ, "COLUMNS": "80"})
    assert proc.returncode == 0, proc.stderr
    labelled = [line for line in proc.stdout.splitlines() if "[" in line]
    assert len(labelled) >= 1 and all(line.rstrip().endswith("]") for line in labelled), proc.stdout
    proc = subprocess.run([sys.executable, "-m", "baogao", "sections", str(src), "--all"], capture_output=True,
                          text=True, check=False, env={**os.environ, "COLUMNS": "40"})
    labelled = [line for line in proc.stdout.splitlines() if "[" in line]
    assert len(labelled) >= 2 and all(line.rstrip().endswith("]") for line in labelled), proc.stdout
    models = tmp_path / "models"
    models.mkdir()  # a models directory without a section model
    proc = subprocess.run([sys.executable, "-m", "baogao", "sections", str(src)], capture_output=True, text=True,
                          check=False, env={**os.environ, "BAOGAO_MODELS": str(models)})
    assert proc.returncode == 2 and "section model" in proc.stderr and proc.stdout == ""


def test_segment_offsets_are_tab_separated_and_index_the_original(tmp_path: Path) -> None:
    src = tmp_path / "r.txt"
    text = "##paidbegin##\n２０２３年，公司完成原煤产量635万吨。\n"
    src.write_text(text, encoding="utf-8")
    code = subprocess.run([sys.executable, "-m", "baogao", "segment", str(src), "--offsets"], capture_output=True,
                          text=True, check=False)
    assert code.returncode == 0, code.stderr
    rows = [line.split("\t") for line in code.stdout.splitlines()]
    assert rows and all(len(r) == 3 for r in rows)
    spans = {w: text[int(s):int(e)] for w, s, e in rows}
    assert spans["公司"] == "公司" and spans["万吨"] == "万吨"
    assert spans["2023"] == "２０２３"  # the token is normalised, its offsets are the original's


def test_resume_into_a_table_of_other_rows_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "t.csv"
    assert _invoke("tag", SAMPLES, "-o", out, "-j", "1", "--quiet")[0] == 0
    before = out.read_bytes()
    assert _invoke("tag", SAMPLES, "-o", out, "-j", "1", "--quiet", "--resume", "--by", "paragraph")[0] == 2
    assert out.read_bytes() == before


def test_streams_max_bytes_jsonl_errors_and_view_of_a_partly_bad_file(tmp_path: Path) -> None:
    src = tmp_path / "recs.jsonl"
    good = {"id": "a1", "text": "一、工作回顾\n全年完成原煤产量635万吨。\n"}
    src.write_text("\n".join([json.dumps(good, ensure_ascii=False), json.dumps({"id": "n2", "text": 5})]) + "\n",
                   encoding="utf-8")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "baogao", *args], capture_output=True, text=True, check=False,
                              env={**os.environ, "BAOGAO_NO_NER": "1"})

    proc = run("extract", str(src), "-o", "/dev/null", "-q")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr  # the bad record failed, nothing crashed
    # the JSONL reader's words (io.jsonl), also in a batch run
    assert proc.stderr.strip().splitlines() == [f'{src} (record n2): error: ReadError: no "text" string in the record']
    proc = run("tag", str(src), "-o", "/dev/stdout", "-q")
    assert sorted(json.loads(line)["id"] for line in proc.stdout.splitlines()) == ["a1", "n2"]  # as completed
    proc = run("extract", str(src), "-o", str(tmp_path / "o.jsonl"), "--max-bytes", "0")
    assert proc.returncode == 2 and "--max-bytes" in proc.stderr and not (tmp_path / "o.jsonl").exists()
    page = tmp_path / "v.html"
    proc = run("view", str(src), "-o", str(page))
    assert proc.returncode == 1 and page.exists()
    html = page.read_text(encoding="utf-8")
    assert "Not reviewed: 1 record(s)" in html and "一、工作回顾" in html

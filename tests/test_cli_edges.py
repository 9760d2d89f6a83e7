"""End-to-end edge cases of the CLI found by probing as a user: stdout and special outputs, symlinked
outputs, resumed tables that are not ours, named pipes among the inputs, theme lexicon types, the
policy's mask style, text a page shows without scripts, PDFs without text, a landline's further numbers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from baogao.cli import app
from baogao.errors import ReadError
from baogao.io import read_path
from baogao.io.html import html_to_text
from baogao.redact.recognizers import phone

runner = CliRunner()
REPORT = "关于2023年工作情况的汇报\n联系人：张建国，电话13800138000。\n全年完成产值356万元。\n"


def _invoke(*args: object) -> tuple[int, str]:
    res = runner.invoke(app, [str(a) for a in args])
    return res.exit_code, res.output


def _cli(*args: object, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    import baogao

    # the package this test imported, also when PYTHONPATH is relative (cwd is the test's folder)
    env = {**os.environ, "BAOGAO_NO_NER": "1", "PYTHONPATH": str(Path(baogao.__file__).resolve().parents[1])}
    return subprocess.run([sys.executable, "-m", "baogao", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, check=False, env=env, timeout=timeout)


def _report(tmp_path: Path, name: str = "r.txt", text: str = REPORT) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- mask -o - and the policy's style


def test_mask_dash_output_is_stdout_not_a_file_named_dash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = _report(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out = _invoke("mask", src, "-o", "-", "--no-ner", "-q")
    assert code == 0
    assert not (tmp_path / "-").exists(), "'-o -' wrote a file named '-'"
    record = json.loads(out.strip().splitlines()[-1])
    assert "13800138000" not in record["text"] and "全年完成产值356万元" in record["text"]


def test_mask_uses_the_policy_style_unless_style_is_given(tmp_path: Path) -> None:
    src = _report(tmp_path)
    policy = tmp_path / "policy.toml"
    policy.write_text('[mask]\nstyle = "label"\n', encoding="utf-8")
    assert _invoke("mask", src, "-o", tmp_path / "a.jsonl", "--policy", policy, "--no-ner", "-q")[0] == 0
    text = json.loads((tmp_path / "a.jsonl").read_text(encoding="utf-8"))["text"]
    assert "[电话]" in text and "×" not in text, text
    assert _invoke("mask", src, "-o", tmp_path / "b.jsonl", "--policy", policy, "--style", "fixed", "--no-ner",
                   "-q")[0] == 0
    text = json.loads((tmp_path / "b.jsonl").read_text(encoding="utf-8"))["text"]
    assert "电话×××。" in text, text
    assert _invoke("mask", src, "-o", tmp_path / "c.jsonl", "--style", "bogus")[0] == 2


# --------------------------------------------------------------------------- outputs through symlinks and pipes


def test_outputs_written_by_rename_keep_a_symlink_and_write_its_target(tmp_path: Path) -> None:
    src = _report(tmp_path)
    vault = tmp_path / "v.json"
    assert _invoke("mask", src, "--output-dir", tmp_path / "out", "--vault", vault, "--no-ner", "-q")[0] == 0
    targets = {}
    for name in ("restored.txt", "review.html", "tags.parquet"):
        real = tmp_path / f"real-{name}"
        real.write_text("old", encoding="utf-8")
        (tmp_path / f"link-{name}").symlink_to(real)
        targets[name] = real
    assert _invoke("unmask", tmp_path / "out" / "r.txt", "--vault", vault, "-o", tmp_path / "link-restored.txt")[0] == 0
    assert _invoke("view", src, "-o", tmp_path / "link-review.html", "--no-ner")[0] == 0
    assert _invoke("tag", src, "-o", tmp_path / "link-tags.parquet", "-j", "1", "-q")[0] == 0
    for name, real in targets.items():
        link = tmp_path / f"link-{name}"
        assert link.is_symlink(), f"{name}: the symlink was replaced by a regular file"
        assert real.read_bytes() != b"old", f"{name}: the file the link points to was not written"
    assert targets["restored.txt"].read_bytes() == src.read_bytes()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_unmask_onto_a_named_pipe_writes_into_it(tmp_path: Path) -> None:
    src = _report(tmp_path)
    vault = tmp_path / "v.json"
    assert _invoke("mask", src, "--output-dir", tmp_path / "out", "--vault", vault, "--no-ner", "-q")[0] == 0
    fifo = tmp_path / "restored.txt"
    os.mkfifo(fifo)
    got: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as f:
            got.append(f.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    code = _invoke("unmask", tmp_path / "out" / "r.txt", "--vault", vault, "-o", fifo)[0]
    reader.join(5)  # the reader may still be reading what was written: let it finish first
    if reader.is_alive() and fifo.exists() and not fifo.is_file():
        # the old code renamed a regular file over the pipe, so the reader waits for a writer:
        # open the pipe without blocking (a plain open would wait for a reader that is gone)
        try:
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:
            pass
        reader.join(5)
    assert code == 0
    assert not fifo.is_file(), "the named pipe was replaced by a regular file"
    assert got == [src.read_bytes()]


# --------------------------------------------------------------------------- --resume into a file that is not ours


def test_resume_into_a_corrupt_parquet_or_a_non_utf8_csv_is_one_error_line(tmp_path: Path) -> None:
    src = _report(tmp_path)
    bad_parquet = tmp_path / "tags.parquet"
    bad_parquet.write_bytes(b"junk")
    code, out = _invoke("tag", src, "-o", bad_parquet, "--resume", "-q")
    assert code == 2 and "not a Parquet table" in out, out
    assert bad_parquet.read_bytes() == b"junk"
    bad_csv = tmp_path / "tags.csv"
    bad_csv.write_bytes("id,名字\n".encode("gbk"))
    code, out = _invoke("tag", src, "-o", bad_csv, "--resume", "-q")
    assert code == 2 and "--resume" in out, out


def test_resume_into_an_empty_parquet_starts_it(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    src = _report(tmp_path)
    out = tmp_path / "tags.parquet"
    out.write_bytes(b"")
    assert _invoke("tag", src, "-o", out, "--resume", "-j", "1", "-q")[0] == 0
    assert pq.read_table(out).num_rows == 1


# --------------------------------------------------------------------------- named pipes among the inputs


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_named_pipe_is_never_opened_walked_or_named(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _report(folder)
    os.mkfifo(folder / "pipe.txt")
    os.mkfifo(folder / "pipe.jsonl")
    try:
        walked = _cli("check", folder, "-j", "1", cwd=tmp_path, timeout=60)
        named = _cli("extract", folder / "pipe.txt", folder / "r.txt", "-o", tmp_path / "x.jsonl", "-j", "1", "-q",
                     cwd=tmp_path, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("reading a named pipe blocked the run")
    assert walked.returncode == 1, walked.stderr  # findings in r.txt; the pipes are not inputs of a walk
    assert "pipe.txt" not in walked.stdout + walked.stderr and "pipe.jsonl" not in walked.stdout + walked.stderr
    assert "checked 1 document:" in walked.stderr
    assert named.returncode == 1
    assert "pipe.txt: error: ReadError: not a regular file" in named.stderr
    records = [json.loads(line) for line in (tmp_path / "x.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(bool(r["errors"]) for r in records) == [False, True]
    with pytest.raises(ReadError, match="not a regular file"):
        read_path(folder / "pipe.txt")


# --------------------------------------------------------------------------- theme lexicon types


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('mode = "replace"\n[themes.x]\nstrong = ["", "安全"]\n', "themes.x.strong must be a list of non-empty"),
        ('[themes.safety]\nstrong = "安全"\n', "themes.safety.strong must be a list"),
        ('mode = "replace"\n[themes.x]\nstrong = [1, 2]\n', "themes.x.strong must be a list"),
        ('[themes.safety]\nthreshold = "high"\n', "themes.safety.threshold must be a number"),
        ("[themes]\nsafety = 3\n", "themes.safety must be a table"),
        ('strong_weight = "a"\n', "strong_weight must be a number"),
    ],
)
def test_a_theme_lexicon_of_the_wrong_types_is_refused_before_the_run(tmp_path: Path, toml: str, message: str) -> None:
    src = _report(tmp_path)
    themes = tmp_path / "themes.toml"
    themes.write_text(toml, encoding="utf-8")
    out = tmp_path / "tags.csv"
    code, output = _invoke("tag", src, "--themes", themes, "-o", out, "-j", "1", "-q")
    assert code == 2, output
    assert message in output, output
    assert not out.exists()


# --------------------------------------------------------------------------- readers


def test_noscript_template_and_svg_text_is_read_for_the_gate() -> None:
    page = ("<html><body><p>正文</p><noscript>请联系张建国<b>13712345678</b></noscript>"
            "<svg><text>李明 13812345678</text><script>var a = 1;</script></svg>"
            "<template><p>王五</p></template></body></html>")
    hidden = html_to_text(page, hidden_text=True).splitlines()
    assert hidden == ["请联系张建国13712345678", "李明 13812345678", "王五", "正文"]
    assert html_to_text(page) == "正文"


def test_a_pdf_without_a_text_layer_says_so(tmp_path: Path) -> None:
    from tests.test_io import make_pdf

    data = make_pdf("x").replace(b"BT /F1 12 Tf 72 720 Td (x) Tj ET", b"0 0 m 10 10 l S                ")
    path = tmp_path / "scan.pdf"
    path.write_bytes(data)
    with pytest.raises(ReadError, match="no text layer"):
        read_path(path)


# --------------------------------------------------------------------------- phones


@pytest.mark.parametrize(
    ("text", "phones"),
    [
        ("电话：0351-7654321/7654322。", ["0351-7654321", "7654322"]),
        ("电话：0351-7654321、7654322或7654323。", ["0351-7654321", "7654322", "7654323"]),
        ("电话：0351-7654321，2023年完成356万元。", ["0351-7654321"]),
    ],
)
def test_further_local_numbers_after_a_landline_are_phones_too(text: str, phones: list[str]) -> None:
    assert [f.text for f in sorted(phone.find(text), key=lambda f: f.start)] == phones


def test_a_nineteen_digit_card_printed_in_fours_is_masked_to_its_last_digit() -> None:
    from baogao.redact.recognizers import bank_card

    assert [f.text for f in bank_card.find("银行卡6222 0212 3456 7890 123。")] == ["6222 0212 3456 7890 123"]
    assert [f.text for f in bank_card.find("银行卡6222 0212 3456 7890。")] == ["6222 0212 3456 7890"]


# --------------------------------------------------------------------------- JSONL inputs in batch runs


@pytest.mark.parametrize("codec", ["gb18030", "utf-16", "utf-8-sig"])
def test_batch_reads_jsonl_in_the_encodings_the_reader_reads(tmp_path: Path, codec: str) -> None:
    src = tmp_path / "recs.jsonl"
    src.write_bytes((json.dumps({"id": "g1", "text": "联系人张建国，电话13812345678。"}, ensure_ascii=False) + "\n")
                    .encode(codec))
    assert [d.id for d in read_path(src)] == ["g1"]
    out = tmp_path / "out.jsonl"
    assert _invoke("extract", src, "-o", out, "--no-ner", "-j", "1", "-q")[0] == 0
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert record["id"] == "g1" and record["errors"] == []
    assert "13812345678" in [s["text"] for s in record["sensitive"]]


def test_empty_jsonl_files_and_records_are_errors_as_in_the_reader(tmp_path: Path) -> None:
    (tmp_path / "empty.jsonl").write_bytes(b"")
    (tmp_path / "blank.jsonl").write_bytes(b"\n \n")
    (tmp_path / "recs.jsonl").write_text('{"id": "a", "text": "  "}\n{"id": "b"}\n{"id": "c", "text": "全年产值356万元。"}\n',
                                         encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code, output = _invoke("extract", tmp_path / "empty.jsonl", tmp_path / "blank.jsonl", tmp_path / "recs.jsonl",
                           "-o", out, "--no-ner", "-j", "1", "-q")
    assert code == 1
    errors = {json.loads(line)["id"]: json.loads(line)["errors"] for line in out.read_text(encoding="utf-8").splitlines()}
    assert errors[str(tmp_path / "empty.jsonl")][0]["message"] == "empty file"
    assert errors[str(tmp_path / "blank.jsonl")][0]["message"] == "no records"
    assert errors["a"][0]["message"] == 'empty "text"'
    assert errors["b"][0]["message"] == 'no "text" string in the record'
    assert errors["c"] == []
    assert "KeyError" not in output and "TypeError" not in output


def test_max_bytes_refuses_a_jsonl_file_too(tmp_path: Path) -> None:
    src = tmp_path / "recs.jsonl"
    src.write_text('{"id": "a", "text": "联系人张建国，电话13812345678。"}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert _invoke("extract", src, "-o", out, "--max-bytes", "10", "--no-ner", "-j", "1", "-q")[0] == 1
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert record["id"] == str(src) and record["errors"][0]["kind"] == "InputTooLargeError"


@pytest.mark.parametrize(("command", "name"), [("extract", "out.parquet"), ("extract", "out.csv"), ("mask", "m.CSV")])
def test_extract_and_mask_refuse_a_table_suffix_instead_of_writing_json_into_it(
    tmp_path: Path, command: str, name: str
) -> None:
    src = _report(tmp_path)
    code, output = _invoke(command, src, "-o", tmp_path / name, "--no-ner", "-q")
    assert code == 2 and "writes JSON Lines" in output, output
    assert not (tmp_path / name).exists()


# --------------------------------------------------------------------------- outputs that cannot be written


def test_in_place_with_a_vault_that_cannot_be_written_masks_nothing(tmp_path: Path) -> None:
    src = _report(tmp_path)
    before = src.read_bytes()
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    code, output = _invoke("mask", src, "--in-place", "--vault", blocker / "v.json", "--no-ner", "-j", "1", "-q")
    assert code == 2, output
    assert "cannot write the vault" in output
    assert src.read_bytes() == before, "the original was masked although its vault could not be written"


def test_an_output_that_cannot_be_created_is_one_error_line(tmp_path: Path) -> None:
    src = _report(tmp_path)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    for args in (["extract", src, "-o", blocker / "out.jsonl"], ["tag", src, "-o", blocker / "t.parquet"],
                 ["view", src, "-o", blocker / "review.html"]):
        proc = _cli(*args, "-q" if args[0] != "view" else "--no-ner", cwd=tmp_path)
        assert proc.returncode == 2, (args, proc.stderr)
        assert "Traceback" not in proc.stderr and proc.stderr.startswith("baogao: error: "), proc.stderr


@pytest.mark.parametrize("invisible", ["\u00ad", "\u200e", "\u202c", "\u2066"])
def test_soft_hyphens_and_bidi_marks_inside_a_number_or_name_do_not_hide_it(invisible: str) -> None:
    from baogao.io import RawDocument
    from baogao.pipeline import PipelineOptions, check

    text = f"联系人：李{invisible}明华，手机1381234{invisible}5678。\n"
    doc = RawDocument(id="t", text=text, source="t", encoding="utf-8", format="txt")
    found = {(f.label, f.text) for f in check(doc, options=PipelineOptions(ner=False))}
    assert ("PHONE", f"1381234{invisible}5678") in found, found
    assert ("PERSON", f"李{invisible}明华") in found, found


def test_a_policy_or_lexicon_saved_by_a_chinese_editor_is_read_or_refused_in_one_line(tmp_path: Path) -> None:
    src = _report(tmp_path)
    bom = tmp_path / "bom.toml"
    bom.write_bytes(b"\xef\xbb\xbf" + '[mask]\nallow = ["张建国"]\n'.encode())
    code, output = _invoke("check", src, "--policy", bom, "--no-ner", "-j", "1")
    assert code == 1 and "张建国" not in output and "13800138000" in output, output  # read, and its allow applied
    gbk = tmp_path / "gbk.toml"
    gbk.write_bytes('[mask]\nallow = ["张建国"]\n'.encode("gbk"))
    for args in (["check", src, "--policy", gbk], ["tag", src, "--themes", gbk]):
        proc = _cli(*args, "-q", cwd=tmp_path)
        assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
        assert "not UTF-8" in proc.stderr, proc.stderr


@pytest.mark.parametrize(
    "args",
    [("extract", "-o", "out.jsonl"), ("tag", "-o", "tags.csv"), ("mask", "-o", "masked.jsonl")],
)
def test_a_folder_without_a_supported_file_is_an_error_for_every_batch_command(tmp_path, args) -> None:
    empty = tmp_path / "archive"
    empty.mkdir()
    (empty / "notes.xlsx").write_bytes(b"PK")  # not a format baogao reads
    proc = _cli(args[0], empty, *args[1:], cwd=tmp_path)
    assert proc.returncode == 2
    assert f"{empty}: no supported input files" in proc.stderr


@pytest.mark.parametrize("command", ["extract", "tag"])
def test_a_reader_that_stops_early_ends_the_run_quietly_with_exit_0(tmp_path, command: str) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    for i in range(40):  # enough records that some are still to be written when the pipe closes
        (archive / f"r{i:02d}.txt").write_text(f"第{i}份报告。全年完成产量{i + 1}万吨，安全生产形势稳定。\n" * 40, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "baogao", command, str(archive), "--jobs", "1", "--ordered"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path)
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()  # like `| head -1`: one record, then the pipe is closed
    proc.stdout.close()
    err_text = proc.stderr.read().decode("utf-8", "replace")
    assert proc.wait(timeout=120) == 0, err_text
    assert first.strip() and "Traceback" not in err_text and "error" not in err_text.lower()

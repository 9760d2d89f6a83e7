"""Where masked text goes: never onto an input, never two inputs onto one file, same bytes as the original."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from baogao.cli import app
from baogao.io.detect import decode_text

runner = CliRunner()
ZHANG = "联系人：张建国，电话13800138000。\n"
LI = "联系人：李卫东，电话13900139000。\n"


def _invoke(*args: object) -> int:
    return runner.invoke(app, [str(a) for a in args]).exit_code


def _cli(*args: object, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "baogao", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, check=False, env={**os.environ, "BAOGAO_NO_NER": "1"})


def _docx(path: Path, text: str) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph(text)
    d.save(str(path))


def _docx_text(path: Path) -> str:
    import docx

    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def test_in_place_refuses_what_it_cannot_rewrite_and_masks_the_rest(tmp_path: Path) -> None:
    from tests.test_io import make_pdf

    src = tmp_path / "in"
    src.mkdir()
    _docx(src / "report.docx", ZHANG)
    (src / "report.txt").write_text(LI, encoding="utf-8")
    (src / "page.html").write_text(f"<html><body><p>{ZHANG}</p></body></html>", encoding="utf-8")
    (src / "brief.pdf").write_bytes(make_pdf("Contact 13800138000"))
    docx_bytes, pdf_bytes = (src / "report.docx").read_bytes(), (src / "brief.pdf").read_bytes()
    assert _invoke("mask", src, "--in-place", "--no-ner", "-j", "1", "-q") == 1  # the PDF failed
    assert (src / "brief.pdf").read_bytes() == pdf_bytes
    # a Word file is rewritten as a masked Word file, a page as a masked page
    assert (src / "report.docx").read_bytes() != docx_bytes
    masked = _docx_text(src / "report.docx")
    assert "13800138000" not in masked and "张建国" not in masked and masked.startswith("联系人：")
    page = (src / "page.html").read_text(encoding="utf-8")
    assert page.startswith("<html><body><p>联系人：") and "13800138000" not in page and "张建国" not in page
    txt = (src / "report.txt").read_text(encoding="utf-8")
    assert "13900139000" not in txt and "张建国" not in txt, "the .txt keeps its own (masked) text"
    assert sorted(p.name for p in src.iterdir()) == ["brief.pdf", "page.html", "report.docx", "report.txt"]


def test_output_dir_gives_every_input_its_own_file(tmp_path: Path) -> None:
    for d, text in (("d1", ZHANG), ("d2", LI)):
        (tmp_path / d).mkdir()
        (tmp_path / d / "r.txt").write_text(text, encoding="utf-8")
    _docx(tmp_path / "d1" / "r.docx", LI)
    out = tmp_path / "out"
    assert _invoke("mask", tmp_path / "d1" / "r.txt", tmp_path / "d2" / "r.txt", tmp_path / "d1" / "r.docx",
                   "--output-dir", out, "--no-ner", "-j", "1", "-q") == 0
    made = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert made == ["d1/r.docx", "d1/r.txt", "d2/r.txt"]  # a Word file stays one
    assert "×××" in (out / "d1" / "r.txt").read_text(encoding="utf-8")
    # one directory given: its tree is mirrored without the directory's own name
    out2 = tmp_path / "out2"
    assert _invoke("mask", tmp_path / "d1", "--output-dir", out2, "--no-ner", "-j", "1", "-q") == 0
    assert sorted(p.name for p in out2.iterdir()) == ["r.docx", "r.txt"]


@pytest.mark.parametrize("command", ["extract", "tag", "mask"])
def test_an_input_is_never_the_output(tmp_path: Path, command: str) -> None:
    src = tmp_path / "r.jsonl"
    src.write_text(json.dumps({"id": "a", "text": ZHANG}, ensure_ascii=False) + "\n", encoding="utf-8")
    before = src.read_bytes()
    assert _invoke(command, src, "-o", src, "-q") == 2
    assert src.read_bytes() == before
    assert _invoke(command, src, "-o", tmp_path, "-q") == 2  # a directory is not an output file


def test_output_dir_where_the_inputs_are_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ZHANG, encoding="utf-8")
    (tmp_path / "f").write_text("x", encoding="utf-8")
    assert _invoke("mask", tmp_path / "a.txt", "--output-dir", tmp_path, "-q") == 2
    assert _invoke("mask", tmp_path / "a.txt", "--output-dir", tmp_path / "f", "-q") == 2
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == ZHANG
    jl = tmp_path / "r.jsonl"
    jl.write_text(json.dumps({"id": "a", "text": ZHANG}, ensure_ascii=False) + "\n", encoding="utf-8")
    before = jl.read_bytes()
    assert _invoke("mask", jl, "--in-place", "-q") == 2
    assert jl.read_bytes() == before


def test_a_walk_never_reads_the_runs_own_output(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ZHANG, encoding="utf-8")
    out = tmp_path / "results.jsonl"
    for _ in range(2):  # the second run finds results.jsonl in the walked directory
        assert _invoke("extract", tmp_path, "-o", out, "--no-ner", "-j", "1", "-q") == 0
        records = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
        assert [Path(r["source"]).name for r in records] == ["a.txt"]


def _encoded_inputs(root: Path) -> dict[str, bytes]:
    root.mkdir()
    files = {
        "gb.txt": ("2023年工作总结\r\n" + ZHANG.replace("\n", "\r\n")).encode("gb18030"),
        "be.txt": b"\xfe\xff" + ("报告\n" + LI).encode("utf-16-be"),
        "lit.txt": ("模板里本来就有[姓名1]这个标记。\n" + ZHANG).encode("utf-8"),
    }
    for name, data in files.items():
        (root / name).write_bytes(data)
    return files


def test_in_place_keeps_encoding_byte_order_mark_and_line_ends(tmp_path: Path) -> None:
    files = _encoded_inputs(tmp_path / "in")
    assert _invoke("mask", tmp_path / "in", "--in-place", "--no-ner", "-j", "1", "-q") == 0
    for name, before in files.items():
        after = (tmp_path / "in" / name).read_bytes()
        old_text, old_enc = decode_text(before, path=name)
        new_text, new_enc = decode_text(after, path=name)
        assert new_enc == old_enc and after[:2] == before[:2]
        assert len(new_text) == len(old_text) and new_text.count("\r\n") == old_text.count("\r\n")
        assert "13800138000" not in new_text and "13900139000" not in new_text


@pytest.mark.parametrize("style", ["keep-length", "fixed", "label", "numbered"])
def test_vault_reverses_every_style_byte_for_byte(tmp_path: Path, style: str) -> None:
    files = _encoded_inputs(tmp_path / "in")
    vault = tmp_path / "v.json"
    assert _invoke("mask", tmp_path / "in", "--output-dir", tmp_path / "out", "--style", style,
                   "--vault", vault, "--no-ner", "-j", "1", "-q") == 0
    for name, before in files.items():
        masked = (tmp_path / "out" / name).read_bytes()
        assert masked != before
        restored = tmp_path / f"restored-{name}"
        assert _invoke("unmask", tmp_path / "out" / name, "--vault", vault, "-o", restored) == 0
        assert restored.read_bytes() == before


def test_vault_keeps_earlier_entries_on_resume(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(ZHANG, encoding="utf-8")
    args = ["mask", src, "-o", tmp_path / "m.jsonl", "--style", "numbered", "--vault", tmp_path / "v.json",
            "--no-ner", "-j", "1", "-q"]
    assert _invoke(*args) == 0
    (src / "b.txt").write_text(LI, encoding="utf-8")
    assert _invoke(*args, "--resume") == 0
    entries = json.loads((tmp_path / "v.json").read_text(encoding="utf-8"))
    assert sorted(Path(k).name for k in entries) == ["a.txt", "b.txt"]


def test_unmask_errors_are_one_line_with_exit_2(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ZHANG, encoding="utf-8")
    run = _cli("mask", "a.txt", "--output-dir", "out", "--style", "label", "--vault", "v.json", "-q", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    (tmp_path / "bad.json").write_text("not json", encoding="utf-8")
    edited = tmp_path / "out" / "edited.txt"
    edited.write_text((tmp_path / "out" / "a.txt").read_text(encoding="utf-8").replace("[姓名]", "某人"),
                      encoding="utf-8")
    entries = json.loads((tmp_path / "v.json").read_text(encoding="utf-8"))
    entries["out/edited.txt"] = entries["out/a.txt"]
    (tmp_path / "v2.json").write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
    cases = [
        (("unmask", "missing.txt", "--vault", "v.json"), "missing.txt"),
        (("unmask", "out/a.txt", "--vault", "nope.json"), "nope.json"),
        (("unmask", "out/a.txt", "--vault", "bad.json"), "bad.json"),
        (("unmask", "out/a.txt", "--vault", "v.json", "-o", "out"), "out"),
        (("unmask", "out/edited.txt", "--vault", "v2.json"), "changed since it was masked"),
    ]
    for args, named in cases:
        run = _cli(*args, cwd=tmp_path)
        assert run.returncode == 2, (args, run.stderr)
        lines = run.stderr.strip().splitlines()
        assert len(lines) == 1 and named in lines[0] and "Traceback" not in run.stderr, (args, run.stderr)


def test_in_place_through_a_symlink_masks_the_file_it_points_to(tmp_path: Path) -> None:
    (tmp_path / "target.txt").write_text(ZHANG, encoding="utf-8")
    (tmp_path / "link.txt").symlink_to("target.txt")
    assert _invoke("mask", tmp_path / "link.txt", "--in-place", "--no-ner", "-q") == 0
    assert (tmp_path / "link.txt").is_symlink()
    assert "13800138000" not in (tmp_path / "target.txt").read_text(encoding="utf-8")


def test_copies_inside_the_walked_folder_are_not_masked_again_next_run(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(ZHANG, encoding="utf-8")
    for _ in range(3):
        assert _invoke("mask", src, "--output-dir", src / "masked", "--no-ner", "-j", "1", "-q") == 0
    assert sorted(str(p.relative_to(src)) for p in src.rglob("*") if p.is_file()) == ["a.txt", "masked/a.txt"]

"""Trust: tampered models are refused, nothing calls the network, secrets stay private, writes are atomic.

* ``classify.sections.load_model`` loads skops files with an explicit trusted
  type list: a file holding ``os.system`` (or any type off the list) raises
  :class:`~baogao.errors.ModelTrustError` before anything is instantiated.
* A fresh interpreter whose sockets all raise runs extract, check and mask.
* ``mask --vault`` writes the vault 0600, and without ``--vault`` no vault (nor
  any other stray file) appears.
* ``mask --output-dir`` never leaves a half-written file under its final name:
  a failing rename leaves nothing, and a SIGKILL mid-run leaves only complete,
  fully masked files; re-running completes the set.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from baogao.cli import app
from baogao.errors import ModelTrustError

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "corpora" / "samples"

SENSITIVE = (
    "晋北能源集团东岭煤业有限公司2024年工作总结\n"
    "联系人：张建国，电话13800138000，邮箱zhang.jianguo@dongling-coal.com.cn。\n"
    "东岭煤矿全年完成原煤产量1286万吨，同比增长4.2%。\n"
    "矿长李卫东带队检查，查处“三违”行为58起。\n"
)


# --------------------------------------------------------------------------- skops trust


def _small_model(path: Path, **extra: object) -> Path:
    import numpy as np
    import skops.io as sio
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression().fit(np.array([[0.0], [1.0], [2.0], [3.0]]), [0, 0, 1, 1])
    sio.dump({"stage1": clf, "labels": ["review", "plan"], **extra}, path)
    return path


def _model_file(tmp_path: Path) -> Path:
    shipped = REPO / "models" / "sections.skops"
    if shipped.is_file():
        return shipped
    return _small_model(tmp_path / "clean.skops")


def test_plain_sklearn_model_passes_the_trust_check(tmp_path: Path) -> None:
    from baogao.classify.sections import load_model

    model = load_model(_model_file(tmp_path))
    assert isinstance(model, dict) and "stage1" in model


@pytest.mark.parametrize("evil", ["os.system", "eval", "subprocess.Popen"])
def test_model_holding_an_untrusted_callable_is_refused(tmp_path: Path, evil: str) -> None:
    import subprocess as sp

    from baogao.classify.sections import load_model

    obj = {"os.system": os.system, "eval": eval, "subprocess.Popen": sp.Popen}[evil]
    path = _small_model(tmp_path / "tampered.skops", payload=obj)
    with pytest.raises(ModelTrustError) as info:
        load_model(path)
    assert info.value.path == str(path.resolve())


def test_tampered_copy_of_the_model_is_refused(tmp_path: Path) -> None:
    """Take the (shipped or small) model, add a function reference, dump again: refused."""
    import skops.io as sio

    from baogao.classify.sections import TRUSTED_TYPES, load_model

    model = sio.load(_model_file(tmp_path), trusted=list(TRUSTED_TYPES))
    model["postprocess"] = os.system
    path = tmp_path / "sections.skops"
    sio.dump(model, path)
    with pytest.raises(ModelTrustError):
        load_model(path)


def test_corrupt_model_file_is_a_trust_error(tmp_path: Path) -> None:
    from baogao.classify.sections import load_model

    path = tmp_path / "corrupt.skops"
    path.write_bytes(b"PK\x03\x04" + os.urandom(200))
    with pytest.raises(ModelTrustError):
        load_model(path)


def test_skops_is_never_asked_to_trust_everything(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import skops.io as sio

    from baogao.classify import sections

    seen: list[object] = []
    real = sio.load

    def spy(file, trusted=None, **kw):  # type: ignore[no-untyped-def]
        seen.append(trusted)
        return real(file, trusted=trusted, **kw)

    monkeypatch.setattr(sio, "load", spy)
    sections.load_model(_small_model(tmp_path / "spy.skops"))
    assert seen and all(isinstance(t, list) and t and t is not True for t in seen), seen


# --------------------------------------------------------------------------- no network


NO_NETWORK = r"""
import socket, sys, json
def refuse(*a, **k):
    raise OSError("network access attempted: " + repr(a)[:200])
socket.socket.connect = refuse
socket.socket.connect_ex = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
from baogao import pipeline
from baogao.io import read_path
from baogao.redact.mask import MASK_CHAR
(raw,) = read_path(sys.argv[1])
rec = pipeline.extract(raw)
assert rec["errors"] == [] and rec["metrics"], rec.get("errors")
found = pipeline.check(raw)
assert found, "the sample names people and places: check must find them"
masked = pipeline.mask(raw)
assert len(masked.text) == len(raw.text) and MASK_CHAR in masked.text
print(json.dumps({"metrics": len(rec["metrics"]), "findings": len(found), "sensitive": len(rec["sensitive"])}))
"""


def test_whole_pipeline_runs_with_every_socket_refused(tmp_path: Path) -> None:
    sample = tmp_path / "report.txt"
    sample.write_text((SAMPLES / "2024_safety_work_summary.txt").read_text(encoding="utf-8") + SENSITIVE,
                      encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", NO_NETWORK, str(sample)], capture_output=True, text=True,
                          timeout=180, cwd=tmp_path, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "network access attempted" not in proc.stderr


# --------------------------------------------------------------------------- vault


def _inputs(root: Path) -> Path:
    root.mkdir(parents=True)
    (root / "report.txt").write_text(SENSITIVE, encoding="utf-8")
    return root


def _tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


def test_vault_is_0600_and_restores_the_original(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    src = _inputs(tmp_path / "in")
    before = _tree(tmp_path)
    result = CliRunner().invoke(app, ["mask", str(src), "--output-dir", "out", "--style", "numbered",
                                      "--vault", "vault.json", "--jobs", "1", "--no-ner", "-q"])
    assert result.exit_code == 0, result.output
    vault = tmp_path / "vault.json"
    assert stat.S_IMODE(vault.stat().st_mode) == 0o600
    assert _tree(tmp_path) - before == {"vault.json", "out", "out/report.txt"}
    masked = (tmp_path / "out" / "report.txt").read_text(encoding="utf-8")
    assert "张建国" not in masked and "13800138000" not in masked
    restored = CliRunner().invoke(app, ["unmask", "out/report.txt", "--vault", "vault.json", "-o", "restored.txt"])
    assert restored.exit_code == 0, restored.output
    assert (tmp_path / "restored.txt").read_text(encoding="utf-8") == SENSITIVE


def test_vault_is_0600_even_under_a_permissive_umask(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    src = _inputs(tmp_path / "in")
    old = os.umask(0)
    try:
        result = CliRunner().invoke(app, ["mask", str(src), "-o", "masked.jsonl", "--vault", "v.json",
                                          "--style", "numbered", "--jobs", "1", "--no-ner", "-q"])
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE((tmp_path / "v.json").stat().st_mode) == 0o600


def test_without_vault_flag_no_vault_or_stray_file_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    src = _inputs(tmp_path / "in")
    original = (src / "report.txt").read_bytes()
    before = _tree(tmp_path)
    for style in ("keep-length", "numbered"):
        result = CliRunner().invoke(app, ["mask", str(src), "-o", f"{style}.jsonl", "--style", style,
                                          "--jobs", "1", "--no-ner", "-q"])
        assert result.exit_code == 0, result.output
    assert _tree(tmp_path) - before == {"keep-length.jsonl", "numbered.jsonl"}
    assert (src / "report.txt").read_bytes() == original, "originals are untouched without --in-place"
    for name in ("keep-length.jsonl", "numbered.jsonl"):
        assert "张建国" not in (tmp_path / name).read_text(encoding="utf-8")


# --------------------------------------------------------------------------- crash safety


def test_failed_rename_leaves_no_file_under_the_final_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = _inputs(tmp_path / "in")
    out = tmp_path / "out"

    def broken_replace(a, b):  # type: ignore[no-untyped-def]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    result = CliRunner().invoke(app, ["mask", str(src), "--output-dir", str(out), "--jobs", "1", "--no-ner", "-q"])
    monkeypatch.undo()
    assert result.exit_code == 1, result.output
    assert not (out / "report.txt").exists()
    assert not any(out.rglob("*")) if out.exists() else True, "no temporary file may be left behind"


def test_failed_rename_in_place_keeps_the_original(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = _inputs(tmp_path / "in")
    original = (src / "report.txt").read_bytes()

    def broken_replace(a, b):  # type: ignore[no-untyped-def]
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "replace", broken_replace)
    result = CliRunner().invoke(app, ["mask", str(src), "--in-place", "--jobs", "1", "--no-ner", "-q"])
    monkeypatch.undo()
    assert result.exit_code == 1
    assert (src / "report.txt").read_bytes() == original
    assert sorted(p.name for p in src.iterdir()) == ["report.txt"]


def _many_inputs(root: Path, count: int) -> dict[str, str]:
    base = (SAMPLES / "2024_safety_work_summary.txt").read_text(encoding="utf-8")
    names = ["张建国", "李卫东", "王志强", "赵文华", "刘海涛"]
    texts = {}
    root.mkdir(parents=True)
    for i in range(count):
        text = (f"第{i}号报告\n联系人：{names[i % 5]}，电话1380013{i:04d}，邮箱user{i}@dongling-coal.com.cn。\n"
                + base + SENSITIVE)
        name = f"{i:03d}.txt"
        (root / name).write_text(text, encoding="utf-8")
        texts[name] = text
    return texts


def _assert_complete_and_masked(out: Path, texts: dict[str, str]) -> int:
    from baogao import pipeline
    from baogao.io import RawDocument

    finals = [p for p in out.iterdir() if not p.name.startswith(".")]
    for p in finals:
        assert p.name in texts, p.name
        masked = p.read_text(encoding="utf-8")
        assert len(masked) == len(texts[p.name]), f"{p.name} is truncated: {len(masked)} < {len(texts[p.name])}"
        left = pipeline.check(RawDocument(id=p.name, text=masked, source=str(p), encoding="utf-8", format="txt"),
                              options=pipeline.PipelineOptions(ner=False))
        assert left == [], (p.name, left[:3])
    return len(finals)


def test_kill_9_mid_run_leaves_only_complete_masked_files(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    texts = _many_inputs(src, 150)
    cmd = [sys.executable, "-m", "baogao", "mask", str(src), "--output-dir", str(out), "--jobs", "1", "--no-ner", "-q"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=tmp_path)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if out.is_dir() and sum(1 for _ in out.glob("*.txt")) >= 10:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "the run finished before it could be killed: make the inputs bigger"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    done = _assert_complete_and_masked(out, texts)
    assert 10 <= done < 150, done
    # A temporary file the kill interrupted may stay behind: hidden, never under a final name.
    orphans = {p.name for p in out.iterdir() if p.name.startswith(".")}
    assert all(name.endswith(".part") for name in orphans), orphans

    rerun = subprocess.run(cmd + ["--resume"], capture_output=True, text=True, timeout=300, cwd=tmp_path,
                           check=False)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert _assert_complete_and_masked(out, texts) == 150
    left = {p.name for p in out.iterdir() if p.name.startswith(".")}
    assert left <= orphans, f"a clean run left temporary files: {left - orphans}"

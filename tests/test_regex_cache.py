"""The per-user cache of compiled regular expressions (``baogao._regex_cache``)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from baogao import _regex_cache

needs_internals = pytest.mark.skipif(_regex_cache._internals() is None, reason="this interpreter's re is not as expected")

#: Imports the package's pattern-heavy modules and prints what detection finds in one sentence
#: and how many patterns came from the cache.
_CHILD = """
import json, sys
from baogao import _regex_cache
from baogao.redact.recognizers import find_all
from baogao import pipeline
found = [(f.start, f.end, f.label) for f in find_all("联系人：李慧，电话13800000000，东岭煤业有限公司。", ner=False)]
print(json.dumps({"loaded": len(_regex_cache._loaded), "found": found}))
"""


def _run(cache_home: Path, seed: str = "0", **env: str) -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD], capture_output=True, text=True, check=True,
        env={**os.environ, "XDG_CACHE_HOME": str(cache_home), "PYTHONHASHSEED": seed, **env},
    )  # fmt: skip
    assert proc.stderr == ""  # nothing is ever printed at exit
    return json.loads(proc.stdout)


def _files(cache_home: Path) -> list[Path]:
    return sorted((cache_home / "baogao").glob("regex-*.json"))


@needs_internals
def test_every_pattern_the_package_compiles_is_rebuilt_exactly():
    """An entry must give ``_sre`` what ``re`` itself would: Pattern objects compare their opcodes."""
    import _sre
    from re import _compiler

    import baogao.pipeline
    import baogao.redact.recognizers  # noqa: F401

    keys = [k for k in list(re._cache) if k[0] is str]  # type: ignore[attr-defined]
    assert len(keys) > 200
    parser, compiler, _, _ = _regex_cache._internals()
    for _, pattern, flags in keys:
        entry = _regex_cache._entry(parser, compiler, pattern, flags)
        rebuilt = _sre.compile(pattern, entry[6], entry[2], entry[3], entry[4], tuple(entry[5]))
        assert rebuilt == _compiler.compile(pattern, flags), pattern[:60]
        assert json.loads(json.dumps(entry)) == entry  # the file's round trip keeps it as it is


@needs_internals
def test_a_second_process_takes_its_patterns_from_the_file_and_finds_the_same(tmp_path):
    first = _run(tmp_path, seed="1")
    assert first["loaded"] == 0
    (path,) = _files(tmp_path)
    saved = json.loads(path.read_text())
    size = len(saved)
    assert size > 200
    # the first run kept what re compiled as it went (no second compile at exit): each entry
    # rebuilds the pattern re compiles
    import _sre
    from re import _compiler

    for pattern, flags, code, groups, groupindex, indexgroup, final in saved:
        rebuilt = _sre.compile(pattern, final, code, groups, groupindex, tuple(indexgroup))
        assert rebuilt == _compiler.compile(pattern, flags), pattern[:60]
    # another hash seed: patterns built from sets must come out the same, or every run adds new ones
    second = _run(tmp_path, seed="2")
    assert second["loaded"] >= 0.9 * size and second["found"] == first["found"]  # (not those re had already)
    assert len(json.loads(path.read_text())) == size
    # a run that compiled nothing new leaves the file alone (no rewrite at every exit)
    before = path.stat().st_mtime_ns
    _run(tmp_path, seed="3")
    assert path.stat().st_mtime_ns == before


@needs_internals
def test_a_damaged_or_foreign_file_only_costs_the_compiling(tmp_path):
    first = _run(tmp_path)
    (path,) = _files(tmp_path)
    entries = json.loads(path.read_text())
    for e in entries:
        e[2] = [999999] + e[2][1:]  # opcodes _sre refuses
    path.write_text(json.dumps(entries))
    again = _run(tmp_path)
    assert again["loaded"] == 0 and again["found"] == first["found"]
    # not JSON; nested too deep for json (RecursionError, not ValueError); entries of the wrong types
    for damaged in ("{not json", "[" * 100_000 + "]" * 100_000, json.dumps([[[1], {}, 3, 4, 5, 6, 7], [1] * 7])):
        path.write_text(damaged)
        assert _run(tmp_path)["found"] == first["found"]
        rewritten = json.loads(path.read_text())  # written afresh
        assert len(rewritten) > 200 and all(isinstance(e[0], str) for e in rewritten)


def test_switched_off_nothing_is_read_or_written(tmp_path):
    out = _run(tmp_path, BAOGAO_REGEX_CACHE="0")
    assert out["loaded"] == 0 and out["found"]
    assert _files(tmp_path) == []

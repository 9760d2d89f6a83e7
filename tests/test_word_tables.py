"""The jieba-dictionary word tables the redaction recognizers consult, shipped in models/."""

from __future__ import annotations

from pathlib import Path

import pytest

from baogao.redact.recognizers import _text
from baogao.resources import model_path


def _installed_dictionary() -> str:
    path = _text._jieba_dictionary()
    if not path:
        pytest.skip("jieba's dictionary is not installed")
    return path


def test_shipped_tables_are_what_the_installed_dictionary_builds() -> None:
    # guards the shipped file against a changed _read_tables (same dictionary, other classes)
    path = _installed_dictionary()
    shipped = _text.shipped_tables(path)
    if shipped is None:
        pytest.skip("the installed jieba dictionary is not the one the shipped tables were built from")
    built = _text.build_tables(path)
    assert shipped[0].dump() == built[0].dump(), "rebuild with scripts/build_word_tables.py"
    assert shipped[1].dump() == built[1].dump(), "rebuild with scripts/build_word_tables.py"
    assert shipped[0].get("北京") == _text.PROPER and shipped[0].get("工作") == _text.COMMON
    assert shipped[1].get("工作")[0] >= 300


def test_shipped_tables_are_refused_for_another_dictionary(tmp_path: Path) -> None:
    assert model_path(_text.SHIPPED_TABLES).is_file()
    other = tmp_path / "dict.txt"
    other.write_text("工作 1000 vn\n北京 500 ns\n", encoding="utf-8")
    assert _text.shipped_tables(str(other)) is None
    words, two = _text.build_tables(str(other))
    assert words.get("北京") == _text.PROPER and two.get("工作") == (1000, "vn")


def test_first_run_with_an_empty_cache_uses_the_shipped_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _installed_dictionary()
    if _text.shipped_tables(path) is None:
        pytest.skip("the installed jieba dictionary is not the one the shipped tables were built from")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))

    def no_parsing(_: str) -> None:
        raise AssertionError("the dictionary was parsed although matching tables ship")

    monkeypatch.setattr(_text, "_read_tables", no_parsing)
    _text._tables.cache_clear()
    try:
        words, _ = _text._tables()
        assert words.get("北京") == _text.PROPER
        assert list((tmp_path / "baogao").glob("words-*")), "the tables are cached for the next run"
    finally:
        _text._tables.cache_clear()

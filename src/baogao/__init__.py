"""baogao (报告): Chinese work-report toolkit.

The Python API in brief::

    import baogao
    rec = baogao.extract_text(open("report.txt", encoding="utf-8").read())
    rec["metrics"][0]            # {"text": "356篇", "value": 356.0, "unit": "篇", ...}
    docs = baogao.read("archive/")          # RawDocument per file, any encoding
    nlp = baogao.load()          # spaCy Language with the jieba tokenizer and baogao components
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from baogao import _regex_cache

__version__ = "0.1.0"

# before any module of the package compiles its patterns (see baogao._regex_cache)
_regex_cache.preload()

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["__version__", "extract_text", "load", "read"]


def load(**kwargs: Any) -> Language:
    """A spaCy pipeline: jieba tokenizer with the domain dictionary plus baogao's components."""
    from baogao.nlp import load as _load

    return _load(**kwargs)


def extract_text(text: str, **kwargs: Any) -> dict[str, Any]:
    """Run the whole pipeline on a string; returns the FORMAT.md record (offsets into ``text``)."""
    from baogao.pipeline import extract_text as _extract_text

    return _extract_text(text, **kwargs)


def read(*paths: Any) -> list[Any]:
    """Read files or directories into RawDocuments; unreadable files raise ``baogao.errors.ReadError``."""
    from baogao.io import iter_inputs, read_path

    return [doc for p in iter_inputs(paths) for doc in read_path(p)]

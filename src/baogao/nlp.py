"""A spaCy pipeline for Chinese work reports: ``baogao.load()``.

``spacy.blank("zh")`` with baogao's jieba/rjieba tokenizer (registered as
``baogao.jieba_tokenizer.v1`` in :mod:`baogao.components.tokenizer`, so the config and
``nlp.to_disk`` / ``spacy.load`` round-trip), plus the baogao components that are
installed. ``doc.text`` is always exactly the text passed in — pass the
normalised text and findings index it directly.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import spacy
from spacy.language import Language

from baogao.components import tokenizer as _tokenizer  # noqa: F401  (registers baogao.jieba_tokenizer.v1)
from baogao.errors import UsageError
from baogao.segment import BACKENDS

__all__ = ["DEFAULT_COMPONENTS", "load"]

log = logging.getLogger(__name__)

#: Components added by default, in pipeline order, when their factory is available.
DEFAULT_COMPONENTS: tuple[str, ...] = ("baogao_sections", "baogao_metrics", "baogao_slogans", "baogao_themes")


def load(
    *,
    backend: str = "jieba",
    components: Sequence[str] | None = None,
    hmm: bool = False,
) -> Language:
    """Build the pipeline.

    Args:
        backend: ``"jieba"`` (pure Python) or ``"rjieba"`` (Rust, faster, same tokens).
        components: factory names to add. ``None`` adds every one of
            :data:`DEFAULT_COMPONENTS` whose module is installed (skipping the others);
            an explicit name that is not available raises :class:`UsageError`.
        hmm: let jieba guess out-of-dictionary words (off: both backends agree exactly).

    Returns:
        A ``spacy.Language`` whose tokenizer keeps placeholders (××××) and domain
        terms whole.
    """
    if backend not in BACKENDS:
        raise UsageError(None, f"unknown segmenter backend {backend!r}; choose one of {BACKENDS}")
    config = {
        "nlp": {"tokenizer": {"@tokenizers": "baogao.jieba_tokenizer.v1", "backend": backend, "hmm": hmm}}
    }
    nlp = spacy.blank("zh", config=config)
    wanted = DEFAULT_COMPONENTS if components is None else tuple(components)
    for name in wanted:
        try:
            nlp.add_pipe(name)
        except (ValueError, ImportError) as exc:  # unknown factory / module not installed
            if components is not None:
                raise UsageError(None, f"spaCy component {name!r} is not available: {exc}") from exc
            log.debug("skipping component %s: %s", name, exc)
    return nlp

"""The spaCy tokenizer over :class:`baogao.segment.Segmenter` (``baogao.jieba_tokenizer.v1``).

Kept apart from ``segment`` so that code which only segments (the redaction
gate, batch tagging) never pays for importing spaCy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import spacy
import srsly
from spacy.tokens import Doc
from spacy.util import ensure_path, get_words_and_spaces
from spacy.vocab import Vocab

from baogao.segment import Segmenter, get_segmenter


class JiebaTokenizer:
    """spaCy tokenizer over :class:`Segmenter`; ``doc.text`` equals the input exactly.

    Serialisation stores only the settings (backend, hmm): the dictionary is data
    shipped in ``models/`` and rebuilt on load.
    """

    def __init__(self, vocab: Vocab, *, backend: str = "jieba", hmm: bool = False) -> None:
        self.vocab = vocab
        self.backend = backend
        self.hmm = hmm
        self.segmenter = get_segmenter(backend) if not hmm else Segmenter(backend=backend, hmm=True)

    def __call__(self, text: str) -> Doc:
        words = [w for w in self.segmenter.cut(text) if not w.isspace()]
        words, spaces = get_words_and_spaces(words, text)
        return Doc(self.vocab, words=words, spaces=spaces)

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    def __getstate__(self) -> dict[str, Any]:
        return {"vocab": self.vocab, "backend": self.backend, "hmm": self.hmm}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["vocab"], backend=state["backend"], hmm=state["hmm"])  # type: ignore[misc]

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return srsly.msgpack_dumps({"backend": self.backend, "hmm": self.hmm})

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> JiebaTokenizer:
        cfg = srsly.msgpack_loads(data)
        self.__init__(self.vocab, backend=cfg.get("backend", "jieba"), hmm=bool(cfg.get("hmm", False)))  # type: ignore[misc]
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        ensure_path(path).write_bytes(self.to_bytes())

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> JiebaTokenizer:
        p = ensure_path(path)
        return self.from_bytes(p.read_bytes()) if p.is_file() else self


@spacy.registry.tokenizers("baogao.jieba_tokenizer.v1")
def create_jieba_tokenizer(backend: str = "jieba", hmm: bool = False) -> Callable[[Any], JiebaTokenizer]:
    """Config entry ``[nlp.tokenizer] @tokenizers = "baogao.jieba_tokenizer.v1"``."""

    def make(nlp: Any) -> JiebaTokenizer:
        return JiebaTokenizer(nlp.vocab, backend=backend, hmm=hmm)

    return make

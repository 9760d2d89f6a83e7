"""Statistical PERSON / ORG / LOCATION recognizer (character CRF).

The rule recognizers catch what has a shape (phones, IDs, ``××公司``); names of
people, organisations and places have none, so a character-level CRF trained
on CLUENER (``scripts/train_ner.py``) tags them. The model file
``models/ner.crfsuite`` is opened lazily, once per thread (a crfsuite tagger
keeps per-sequence state, so threads must not share one), and features come
from :mod:`baogao.redact.recognizers.ner_features` — the same function the
trainer used.

Long texts are cut into sentences (。！？；and newlines) and capped chunks, so
the cost stays linear and offsets stay exact.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from baogao.errors import ModelMissingError
from baogao.findings import Finding
from baogao.redact.recognizers.ner_features import FeatureConfig, sequence_features
from baogao.resources import model_path

MODEL_FILE = "ner.crfsuite"
META_FILE = "ner.meta.json"
TRAIN_COMMAND = "python scripts/train_ner.py"
SOURCE = "ner"
LABELS = ("PERSON", "ORG", "LOCATION")

#: Longest chunk handed to the tagger; CLUENER sentences are ≤ 50 chars, so a
#: cap well above that keeps context while bounding per-call memory.
MAX_CHUNK = 200

_SENTENCE_END = re.compile(r"[。！？；!?;\n]")
_SOFT_BREAK = re.compile(r"[，,、：:\s]")
_NOT_NAME = re.compile(r"^[\W\d_]+$")  # only punctuation, digits, blanks


def model_file() -> Path:
    """Where the trained CRF lives (``models/ner.crfsuite``)."""
    return model_path(MODEL_FILE)


def available() -> bool:
    """Whether the trained model file is present (cheap; does not load it)."""
    return model_file().is_file()


@lru_cache(maxsize=1)
def _config() -> FeatureConfig:
    """The feature set the model was trained with, from ``models/ner.meta.json``."""
    meta = model_path(META_FILE)
    if not meta.is_file():
        return FeatureConfig()
    data = json.loads(meta.read_text(encoding="utf-8"))
    return FeatureConfig.from_dict(data.get("feature_config", {}))


_local = threading.local()


def _tagger() -> Any:
    """This thread's tagger, opened on first use (process- and thread-safe)."""
    tagger = getattr(_local, "tagger", None)
    path = model_file()
    if tagger is None or getattr(_local, "path", None) != path:
        if not path.is_file():
            raise ModelMissingError(str(path), f"NER model not trained; run: {TRAIN_COMMAND}")
        import pycrfsuite  # local import: only needed once a model exists

        tagger = pycrfsuite.Tagger()
        tagger.open(str(path))
        _local.tagger, _local.path = tagger, path
    return tagger


def chunks(text: str, *, max_len: int = MAX_CHUNK) -> Iterator[tuple[int, str]]:
    """Split ``text`` into (offset, chunk) at sentence ends, capping chunk length.

    An over-long sentence is cut at the last soft break (comma, colon, blank)
    before ``max_len``, or hard at ``max_len`` when there is none.
    """
    start = 0
    n = len(text)
    while start < n:
        m = _SENTENCE_END.search(text, start, min(n, start + max_len))
        if m is not None:
            end = m.end()
        elif start + max_len >= n:
            end = n
        else:
            end = start + max_len
            soft = [b.end() for b in _SOFT_BREAK.finditer(text, start + max_len // 2, end)]
            if soft:
                end = soft[-1]
        piece = text[start:end]
        if piece.strip():
            yield start, piece
        start = end


def spans_from_tags(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Decode BIO or BIOES tags into (start, end, label) spans, leniently.

    An ``I-``/``E-`` without an open span of the same label starts one (the CRF
    rarely does this, but a lost name is worse than a slightly odd boundary).
    """
    spans: list[tuple[int, int, str]] = []
    cur_start, cur_label = -1, ""
    for i, tag in enumerate(tags):
        prefix, _, label = tag.partition("-")
        if prefix in ("B", "S") or prefix == "O" or label != cur_label:
            if cur_label:
                spans.append((cur_start, i, cur_label))
            cur_start, cur_label = (i, label) if prefix != "O" else (-1, "")
        if prefix in ("S", "E") and cur_label:
            spans.append((cur_start, i + 1, cur_label))
            cur_start, cur_label = -1, ""
    if cur_label:
        spans.append((cur_start, len(tags), cur_label))
    return spans


def _tag_chunk(piece: str, config: FeatureConfig) -> list[tuple[int, int, str, float]]:
    tagger = _tagger()
    tags = tagger.tag(sequence_features(piece, config=config))
    out = []
    for start, end, label in spans_from_tags(tags):
        probs = [tagger.marginal(tags[i], i) for i in range(start, end)]
        out.append((start, end, label, sum(probs) / len(probs)))
    return out


def _clean(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Trim blanks around a span; drop spans that are only punctuation/digits."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end <= start or _NOT_NAME.match(text[start:end]):
        return None
    return start, end


def find(text: str) -> list[Finding]:
    """PERSON / ORG / LOCATION mentions in ``text``, offsets into ``text``.

    Args:
        text: any length; processed sentence by sentence.

    Returns:
        Findings with ``source="ner"`` and ``score`` = mean marginal
        probability of the predicted tags over the span.

    Raises:
        ModelMissingError: the model file is absent (message names the training command).
    """
    _tagger()  # raise early, even for empty text, when the model is missing
    config = _config()
    findings: list[Finding] = []
    for offset, piece in chunks(text):
        for start, end, label, score in _tag_chunk(piece, config):
            cleaned = _clean(piece, start, end)
            if cleaned is None:
                continue
            s, e = cleaned[0] + offset, cleaned[1] + offset
            findings.append(Finding(s, e, label, text=text[s:e], source=SOURCE, score=round(score, 4)))
    return findings

"""Readers: any input file → :class:`RawDocument` (decoded original text, not yet normalised).

``.txt``/``.md`` (UTF-8, GB18030, UTF-16 …), ``.docx``, ``.pdf``, ``.html``/``.htm``
and ``.jsonl``. Failures are typed :mod:`baogao.errors` exceptions carrying the
path and a one-line cause.
"""

from __future__ import annotations

from baogao.io.document import DEFAULT_MAX_BYTES, RawDocument
from baogao.io.readers import READERS, iter_documents, iter_inputs, read_path

__all__ = ["DEFAULT_MAX_BYTES", "READERS", "RawDocument", "iter_documents", "iter_inputs", "read_path"]

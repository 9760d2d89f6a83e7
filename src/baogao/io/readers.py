"""Paths → RawDocuments: dispatch by extension, size and emptiness checks, directory walks.

Every failure becomes a typed :class:`~baogao.errors.ReadError` naming the file
and one-line cause: batch runs over thousands of files must report a broken
file and go on, never die on a UnicodeDecodeError from deep inside a library.

``hidden_text`` asks the readers of formats that publish more than their body
(HTML comments and meta tags, Word comments and notes) for that text too, before
the body; the release gate needs it, extraction does not.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from baogao.errors import BaogaoError, InputTooLargeError, ReadError, UnsupportedFormatError
from baogao.io.document import DEFAULT_MAX_BYTES, SPECIAL_FILE, RawDocument, is_special_file
from baogao.io.docx import read_docx
from baogao.io.html import read_html
from baogao.io.jsonl import iter_jsonl
from baogao.io.pdf import read_pdf
from baogao.io.pptx import read_pptx
from baogao.io.text import read_text

__all__ = ["READERS", "iter_documents", "iter_inputs", "read_path"]

Reader = Callable[[Path, bytes], Iterable[RawDocument | ReadError]]

#: Extension → reader. Only these are picked up when walking a directory.
READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".md": read_text,
    ".docx": read_docx,
    ".pptx": read_pptx,
    ".pdf": read_pdf,
    ".html": read_html,
    ".htm": read_html,
    ".jsonl": iter_jsonl,
}
#: Readers that take ``hidden_text`` (the others have no text besides their body).
HIDDEN_TEXT_READERS: frozenset[Reader] = frozenset({read_docx, read_html, read_pdf, read_pptx})
_HINTS = {
    ".doc": " (save it as .docx)",
    ".wps": " (save it as .docx)",
    ".ppt": " (save it as .pptx)",
    ".dps": " (save it as .pptx)",
    ".json": " (use .jsonl, one record a line)",
}


def _hidden(name: str) -> bool:
    return name.startswith((".", "~$"))  # ~$ = Word's lock files




def iter_inputs(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files to read: directories are walked recursively (sorted, known extensions, no hidden files).

    A path named explicitly is yielded as is, even if missing or of an unknown
    type, so that reading it reports the problem instead of silently skipping it.
    A walk leaves out named pipes, sockets and devices (reading one can block forever).
    Linked folders are followed (an archive assembled from links to other disks), each real
    folder once: a link back up the tree or to a folder already walked is not entered again.
    """
    for given in [paths] if isinstance(paths, str | Path) else paths:
        path = Path(given)
        if not path.is_dir():
            yield path
            continue
        found = []
        seen = {os.path.realpath(path)}
        for root, dirs, files in os.walk(path, followlinks=True):
            kept = []
            for d in dirs:
                real = os.path.realpath(os.path.join(root, d))
                if not _hidden(d) and real not in seen:
                    seen.add(real)
                    kept.append(d)
            dirs[:] = kept
            found += [Path(root, f) for f in files
                      if not _hidden(f) and Path(f).suffix.lower() in READERS and not is_special_file(Path(root, f))]
        yield from sorted(found, key=lambda p: p.relative_to(path).parts)


def _load(path: Path, *, max_bytes: int) -> tuple[Reader, bytes]:
    """Checks shared by all formats, then the bytes."""
    suffix = path.suffix.lower()
    if not path.exists():
        raise ReadError(path, "no such file")
    if path.is_dir():
        raise ReadError(path, "is a directory (use iter_documents to walk it)")
    if is_special_file(path):
        raise ReadError(path, SPECIAL_FILE)
    reader = READERS.get(suffix)
    if reader is None:
        known = ", ".join(sorted(READERS))
        raise UnsupportedFormatError(
            path, f"unsupported file type '{suffix or '(none)'}'{_HINTS.get(suffix, '')}; known: {known}"
        )
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputTooLargeError(path, f"{size:,} bytes is over the limit of {max_bytes:,} (max_bytes)")
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(path, f"cannot read: {exc.strerror or exc}") from None
    if len(data) > max_bytes:  # grew since stat
        raise InputTooLargeError(path, f"{len(data):,} bytes is over the limit of {max_bytes:,} (max_bytes)")
    if not data.strip():
        raise ReadError(path, "empty file" if not data else "whitespace-only file")
    return reader, data


def _iter_path(path: Path, *, max_bytes: int, hidden_text: bool) -> Iterator[RawDocument | ReadError]:
    """Documents and per-record errors of one file; a whole-file failure raises ReadError."""
    reader, data = _load(path, max_bytes=max_bytes)
    try:
        read: Callable[..., Iterable[RawDocument | ReadError]] = reader
        items = read(path, data, hidden_text=True) if hidden_text and reader in HIDDEN_TEXT_READERS else read(path, data)
        for item in items:
            if isinstance(item, RawDocument) and not item.text.strip():
                raise ReadError(path, "no text (whitespace only after decoding)")
            yield item
    except BaogaoError:
        raise
    except Exception as exc:  # noqa: BLE001 - a reader bug or a library error we did not foresee: still one clear line
        cause = str(exc).splitlines()[0] if str(exc) else ""
        raise ReadError(path, f"{type(exc).__name__}: {cause}".rstrip(": ")) from None


def _check_limit(max_bytes: int) -> None:
    if max_bytes <= 0:
        raise ValueError(f"max_bytes must be positive, got {max_bytes}")


def read_path(
    path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES, hidden_text: bool = False
) -> list[RawDocument]:
    """Read one file: one document, or one per record for ``.jsonl``.

    This is the strict reader: any bad record of a ``.jsonl`` file raises (its
    error names "path:line N"). Use :func:`iter_documents` to keep going past
    bad records and bad files. ``hidden_text``: also the text an HTML or Word
    file publishes outside its body (comments, meta tags, notes), before the body.

    Raises:
        ReadError: missing, empty, binary, undecodable or damaged input.
        UnsupportedFormatError: unknown extension.
        InputTooLargeError: larger than ``max_bytes``.
    """
    _check_limit(max_bytes)
    docs = []
    for item in _iter_path(Path(path), max_bytes=max_bytes, hidden_text=hidden_text):
        if isinstance(item, ReadError):
            raise item
        docs.append(item)
    if not docs:
        raise ReadError(path, "no records")
    return docs


def iter_documents(
    paths: Iterable[str | Path] | str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES, hidden_text: bool = False
) -> Iterator[RawDocument | ReadError]:
    """Documents of all inputs, in order; a bad file or record is yielded as its ReadError, never raised.

    ``hidden_text`` as for :func:`read_path`.
    """
    _check_limit(max_bytes)
    for path in iter_inputs(paths):
        count = 0
        try:
            for item in _iter_path(path, max_bytes=max_bytes, hidden_text=hidden_text):
                count += 1
                yield item
        except ReadError as err:
            yield err
            continue
        if count == 0:
            yield ReadError(path, "no records")

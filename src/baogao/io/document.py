"""The value every reader returns."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Larger inputs are refused (InputTooLargeError): a 150,000-character report is
#: well under 1 MiB, so 50 MiB means "not a report" (a dump, an archive, a video).
DEFAULT_MAX_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class RawDocument:
    """A decoded input, before normalisation.

    Attributes:
        id: the path as given (str) or the JSONL record's id.
        text: decoded original text (NOT normalised); all output offsets index it.
        source: path of the file it came from.
        encoding: how the bytes were decoded: "utf-8", "utf-8-sig", "gb18030",
            "utf-16", "docx", "pdf", "html:gbk", ...
        format: "txt", "docx", "pdf", "html" or "jsonl".
        meta: extra fields (e.g. the JSONL record's fields other than text).
        headings: ``(line start, level)`` of the lines the file itself marks as headings
            (Word's Heading 1 … styles: level 1 …), which the text alone may not show.
        bom: the byte-order mark the file began with (b"" when none): with ``encoding``
            it says how to write the text back as the file was (``mask --in-place``).
    """

    id: str
    text: str
    source: str
    encoding: str
    format: str
    meta: dict[str, Any] = field(default_factory=dict, compare=False)
    headings: tuple[tuple[int, int], ...] = field(default=(), compare=False)
    bom: bytes = field(default=b"", compare=False)


#: Why a path that exists but is neither a file nor a directory is not read: a named pipe
#: blocks until someone writes to it, a device never ends.
SPECIAL_FILE = "not a regular file (a named pipe, socket or device)"


def is_special_file(path: Path) -> bool:
    """True for a path that exists but is neither a file nor a directory (a named pipe, socket or
    device, also through a symlink): reading one may never return, renaming over one replaces it."""
    return path.exists() and not path.is_file() and not path.is_dir()


def unseen_lines(lines: Iterable[str], seen: set[str]) -> list[str]:
    """The lines not in ``seen``, each once, in order; ``seen`` gains them.

    Readers put what a file prints besides its body (headers, footers, notes,
    comments, meta tags) before the body, each distinct line once and none that
    the body already has.
    """
    out = []
    for line in lines:
        if line not in seen:
            seen.add(line)
            out.append(line)
    return out


def front_regions(groups: Sequence[tuple[Sequence[str], str]]) -> list[list[Any]]:
    """``[start, end, where]`` of each group of front lines in the text they open: the front is
    ``"\n".join`` of all groups' lines (then the body), so a check can say where a finding sits
    (``document properties``, ``comment``) when its line number names no line of the body."""
    out: list[list[Any]] = []
    at = 0
    for lines, where in groups:
        if not lines:
            continue
        end = at + sum(len(line) + 1 for line in lines) - 1
        out.append([at, end, where])
        at = end + 1
    return out

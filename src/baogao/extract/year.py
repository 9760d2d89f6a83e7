"""The year a report belongs to, for trend charts across an archive.

Taken, in order of trust, from the record's metadata, a year in the file name
(archives are usually named by year), or a date in the title and byline lines
("——2024年1月在…会议上"). None when nothing says.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

_NAME_YEAR = re.compile(r"(?<![0-9])(19[4-9][0-9]|20[0-9][0-9])(?![0-9])")
_TEXT_YEAR = re.compile(r"(?<![0-9])(19[4-9][0-9]|20[0-9][0-9])\s*年")


def find(*, meta: Mapping[str, Any], source: str, head_lines: Sequence[str]) -> int | None:
    """Year of a document from its metadata, file name or first lines (title, bylines)."""
    value = meta.get("year")
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        return int(value)
    m = _NAME_YEAR.search(Path(source).name)
    if m:
        return int(m.group(1))
    for line in head_lines:
        m = _TEXT_YEAR.search(line)
        if m:
            return int(m.group(1))
    return None

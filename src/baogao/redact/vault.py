"""The optional reversal mapping of ``mask --vault``: written 0600, never by default."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


class VaultWriter:
    """A sink wrapper: passes records on (without their mapping) and gathers the mappings.

    The vault file is created with mode 0600 before anything is written to it, so
    the plain names never sit in a world-readable file even for a moment.
    """

    def __init__(self, path: Path, inner: Any | None) -> None:
        self.path = Path(path)
        self.inner = inner
        self.entries: dict[str, Any] = {}

    def write(self, records: list[dict[str, Any]]) -> None:
        clean = []
        for r in records:
            mapping = r.pop("vault", None)
            if mapping:
                self.entries[r.get("output") or r["id"]] = mapping
            clean.append(r)
        if self.inner is not None:
            self.inner.write(clean)

    def done_keys(self) -> set[tuple[str, str]]:
        return self.inner.done_keys() if self.inner is not None else set()

    def close(self) -> None:
        if self.inner is not None:
            self.inner.close()
        write_vault(self.path, self.entries)


def write_vault(path: Path, entries: dict[str, Any]) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(entries, f, ensure_ascii=False, indent=1)


def unmask_file(file: Path, vault: Path) -> str:
    """Restore the original text of a masked file from the vault entry recorded for it."""
    from baogao.errors import UsageError
    from baogao.redact.mask import unmask

    entries = json.loads(Path(vault).read_text(encoding="utf-8"))
    text = Path(file).read_text(encoding="utf-8")
    key = next((k for k in (str(file), str(Path(file).resolve()), Path(file).name) if k in entries), None)
    if key is None:
        key = next((k for k in entries if Path(k).name == Path(file).name), None)
    if key is None:
        raise UsageError(str(file), f"no entry for this file in the vault {vault}")
    return unmask(text, entries[key])

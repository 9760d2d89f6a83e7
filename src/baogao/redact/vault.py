"""The optional reversal mapping of ``mask --vault``: written 0600, never by default.

One entry per masked output (keyed by its path, or the record id for ``-o``):
``{"spans": [[start, end, original, replacement], ...], "tags": {...}}``. The
spans index the masked text, so every style can be reversed exactly, also a
text that already held a literal ``[姓名1]``; ``tags`` (numbered style) maps
each tag to its name. Vaults written before spans existed hold only the tag
mapping and are reversed by tag.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from baogao.errors import UsageError


class VaultWriter:
    """A sink wrapper: passes records on (without their mapping) and gathers the mappings.

    An existing vault is read first and its entries are kept (a ``--resume`` run, or a
    second run into the same directory, must not lose the mappings of earlier files);
    a file that is not a vault is refused before anything runs. The vault is
    created with mode 0600 before anything is written to it, so the plain names
    never sit in a world-readable file even for a moment.
    """

    def __init__(self, path: Path, inner: Any | None) -> None:
        self.path = Path(path)
        self.inner = inner
        self.entries: dict[str, Any] = read_vault(self.path) if self.path.exists() else {}
        try:  # written now, so that a vault that cannot be written stops the run before anything is masked
            write_vault(self.path, self.entries)
        except OSError as exc:
            raise UsageError(str(self.path), f"cannot write the vault: {exc.strerror or exc}") from None

    def write(self, records: list[dict[str, Any]]) -> None:
        clean = []
        for r in records:
            mapping = r.pop("vault", None)
            if mapping is not None and not r.get("errors"):
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


def vault_entry(result: Any, tags: dict[str, Any] | None) -> dict[str, Any]:
    """The vault entry of one masked text (a ``MaskResult``): spans in masked-text offsets."""
    spans, delta = [], 0
    for r in result.replacements:
        start = r.start + delta
        spans.append([start, start + len(r.replacement), r.original, r.replacement])
        delta += len(r.replacement) - (r.end - r.start)
    entry: dict[str, Any] = {"spans": spans}
    if tags:
        entry["tags"] = dict(tags)
    return entry


def read_vault(path: Path) -> dict[str, Any]:
    """The entries of a vault file; a missing, unreadable or foreign file is a one-line UsageError."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(str(path), "no such vault file") from None
    except IsADirectoryError:
        raise UsageError(str(path), "is a directory, not a vault file") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(str(path), f"not a baogao vault ({type(exc).__name__}: {exc})") from None
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise UsageError(str(path), "not a baogao vault (expected a JSON object of per-file entries)")
    return data


def write_vault(path: Path, entries: dict[str, Any]) -> None:
    Path(path).parent.mkdir(parents=True, exist_ok=True)  # like every other output
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(entries, f, ensure_ascii=False, indent=1)


def unmask_file(file: Path, vault: Path) -> tuple[str, str, bytes]:
    """Restore the original text of a masked file from its vault entry.

    Returns ``(text, encoding, bom)``: the restored text and how the masked file was
    encoded, so that it can be written back the same way.
    """
    from baogao.io.detect import byte_order_mark, decode_text

    entries = read_vault(vault)
    try:
        data = Path(file).read_bytes()
    except FileNotFoundError:
        raise UsageError(str(file), "no such file") from None
    except IsADirectoryError:
        raise UsageError(str(file), "is a directory; unmask takes one masked file") from None
    except OSError as exc:
        raise UsageError(str(file), f"cannot read it ({exc.strerror or exc})") from None
    text, encoding = decode_text(data, path=file) if data else ("", "utf-8")
    key = next((k for k in (str(file), os.path.realpath(file), Path(file).name) if k in entries), None)
    if key is None:
        key = next((k for k in entries if Path(k).name == Path(file).name), None)
    if key is None:
        raise UsageError(str(file), f"no entry for this file in the vault {vault}")
    return restore(text, entries[key], source=str(file)), encoding, byte_order_mark(data)


def restore(text: str, entry: dict[str, Any], *, source: str = "text") -> str:
    """Undo one vault entry; a masked text edited since masking is refused, never half restored."""
    from baogao.redact.mask import unmask

    if "spans" not in entry:  # a vault written before spans: reverse by tag
        return unmask(text, entry)
    parts, pos = [], 0
    for start, end, original, replacement in entry["spans"]:
        if start < pos or text[start:end] != replacement:
            line = text.count("\n", 0, start) + 1
            raise UsageError(source, f"changed since it was masked (line {line}: the vault expects "
                                     f"«{replacement}» there); nothing restored")
        parts += [text[pos:start], original]
        pos = end
    parts.append(text[pos:])
    return "".join(parts)

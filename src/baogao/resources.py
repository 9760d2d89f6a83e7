"""Where the shipped dictionaries and models live.

In a wheel, ``models/`` is installed as ``baogao/models``; in a source checkout
(editable install, tests) it is the repository's top-level ``models/``. The
environment variable ``BAOGAO_MODELS`` overrides both.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any


@lru_cache(maxsize=1)
def models_dir() -> Path:
    env = os.environ.get("BAOGAO_MODELS")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parent
    packaged = here / "models"
    if packaged.is_dir():
        return packaged
    return here.parent.parent / "models"


def model_path(name: str) -> Path:
    """Path of a file under ``models/`` (it may not exist; callers raise ModelMissingError)."""
    return models_dir() / name


def file_sha256(path: str | Path) -> str:
    """Hex sha256 of a file's bytes (what shipped derived data records of its source)."""
    import hashlib

    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def read_checked_npz(path: str | Path, source: str | Path) -> dict[str, Any] | None:
    """The arrays of the npz at ``path`` when it was built from exactly ``source``, else None.

    Shipped derived data (tables parsed from a dictionary, a weights table as arrays)
    records the sha256 of what it was built from; any other source, a missing or a
    damaged file gives None, and the caller derives the data itself.
    """
    import numpy as np

    try:
        with np.load(path, allow_pickle=False) as z:
            if str(z["source_sha256"]) != file_sha256(source):
                return None
            return {name: z[name] for name in z.files}
    except (OSError, ValueError, KeyError):
        return None


def write_checked_npz(path: str | Path, source: str | Path, **arrays: Any) -> None:
    """Write ``arrays`` as a compressed npz that records the sha256 of ``source`` (see :func:`read_checked_npz`)."""
    import numpy as np

    np.savez_compressed(path, source_sha256=np.array(file_sha256(source)), **arrays)


def jieba_dictionary() -> Path | None:
    """jieba's own dictionary file, found without importing jieba (its import is slow)."""
    import importlib.util

    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).with_name("dict.txt")
    return path if path.is_file() else None


def user_cache_dir() -> Path:
    """baogao's per-user cache directory: ``$XDG_CACHE_HOME/baogao``, else ``~/.cache/baogao``."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "baogao"


def derived_cache(stem: str, source: Path, version: str) -> Path | None:
    """Per-user cache file for data derived from ``source`` (None when ``source`` is unreadable).

    Keyed by the source's path, size and mtime, so a changed dictionary is
    derived again; lives under ``$XDG_CACHE_HOME/baogao`` (``~/.cache/baogao``).
    """
    import hashlib

    try:
        st = os.stat(source)
    except OSError:
        return None
    key = hashlib.sha256(f"{source}|{st.st_size}|{st.st_mtime_ns}|{version}".encode()).hexdigest()[:16]
    return user_cache_dir() / f"{stem}-{key}"


def write_cache(path: Path, data: bytes) -> None:
    """Write a cache file atomically; a read-only home only costs the derivation next time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:
        pass


def user_toml(path: str | Path, what: str) -> dict[str, Any]:
    """A user's TOML file (policy, theme lexicon): UTF-8, with or without the byte-order mark Notepad writes.

    Raises:
        PolicyError: cannot be read, is not UTF-8 (a GBK file saved by an editor), or is not TOML.
    """
    import tomllib

    from baogao.errors import PolicyError

    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise PolicyError(str(path), f"cannot read {what}: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PolicyError(str(path), f"{what} is not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(str(path), f"not valid TOML: {exc}") from None

"""Reading model files written with skops.

A skops file is a zip archive: ``schema.json`` describes the object tree node
by node, and numpy arrays sit beside it as ``.npy`` members. baogao's shipped
models are plain data (dicts, lists, numbers, strings, numpy arrays): for
those, this module rebuilds the tree itself, with ``np.load(allow_pickle=False)``
for the arrays — no code is run and nothing outside that list of types can be
built. Importing skops would import scikit-learn and SciPy (measured: about
120 MB of resident memory and 1 s of start-up per process) just to read a
dict.

A file that holds any other type (an estimator, a function) is handed to
``skops.io.load`` only when every type it names — beyond builtins and numpy —
is in the caller's explicit ``trusted`` list (skops's own default trust of
scikit-learn types is not relied upon): a type not listed is refused.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["UntrustedModelError", "load_skops", "plain_data_only"]

_KEY_TYPES = {"str": str, "int": int, "float": float, "bool": bool}
_CONTAINERS = {"DictNode", "ListNode", "TupleNode"}


class UntrustedModelError(ValueError):
    """The file holds types outside the trusted list (``types`` names them)."""

    def __init__(self, types: list[str]) -> None:
        super().__init__(f"untrusted types {types}")
        self.types = types


def _is_plain(node: Any) -> bool:
    if not isinstance(node, dict):
        return False
    loader = node.get("__loader__")
    if loader == "JsonNode":
        return node.get("__module__") == "builtins" and node.get("is_json") is True
    if loader == "NdArrayNode":
        return node.get("type") == "numpy" and isinstance(node.get("file"), str)
    if loader == "DictNode":
        keys = node.get("key_types", {}).get("content", [])
        return (
            node.get("__class__") == "dict"
            and all(k.get("__loader__") == "TypeNode" and k.get("__class__") in _KEY_TYPES for k in keys)
            and all(_is_plain(v) for v in node.get("content", {}).values())
        )
    if loader in ("ListNode", "TupleNode"):
        return node.get("__class__") in ("list", "tuple") and all(
            _is_plain(v) for v in node.get("content", [])
        )
    return False


_ALWAYS = ("builtins.", "numpy.")


def _types(node: Any) -> set[str]:
    """Every ``module.class`` an object tree names (builtins and numpy included)."""
    found: set[str] = set()
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, dict):
            if isinstance(n.get("__module__"), str) and isinstance(n.get("__class__"), str):
                found.add(f"{n['__module__']}.{n['__class__']}")
            stack.extend(n.values())
        elif isinstance(n, list):
            stack.extend(n)
    return found


def plain_data_only(schema: dict[str, Any]) -> bool:
    """Whether a skops schema holds only dicts, lists, tuples, JSON scalars and numeric/str arrays."""
    return _is_plain(schema)


def _build(node: dict[str, Any], archive: zipfile.ZipFile) -> Any:
    loader = node["__loader__"]
    if loader == "JsonNode":
        return json.loads(node["content"])
    if loader == "NdArrayNode":
        with archive.open(node["file"]) as f:
            return np.load(f, allow_pickle=False)
    if loader == "DictNode":
        key_types = [_KEY_TYPES[k["__class__"]] for k in node.get("key_types", {}).get("content", [])]
        items = list(node.get("content", {}).items())
        if len(key_types) != len(items):
            raise ValueError("dict keys and key types differ in length")
        return {
            kt(k) if kt is not bool else k == "True": _build(v, archive)
            for kt, (k, v) in zip(key_types, items)
        }
    values = [_build(v, archive) for v in node.get("content", [])]
    return values if loader == "ListNode" else tuple(values)


def load_skops(path: str | Path, *, trusted: Iterable[str] = ()) -> Any:
    """Load a skops file: plain data without skops, anything else through skops with ``trusted``.

    Raises:
        UntrustedModelError: the file holds a type that ``trusted`` does not list.
        ValueError, OSError, zipfile.BadZipFile: the file is not a readable skops archive.
    """
    path = Path(path)
    with zipfile.ZipFile(path) as archive:
        schema = json.loads(archive.read("schema.json"))
        if plain_data_only(schema):
            return _build(schema, archive)
    import skops.io as sio

    # skops trusts many scikit-learn types by default; baogao trusts only what the caller lists
    named = {t for t in _types(schema) if not t.startswith(_ALWAYS)}
    bad = sorted((named | set(sio.get_untrusted_types(file=path))) - set(trusted))
    if bad:
        raise UntrustedModelError(bad)
    return sio.load(path, trusted=list(trusted))

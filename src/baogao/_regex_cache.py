"""A per-user cache of compiled regular expressions, so that a process starts without compiling them.

baogao's recognizers, readers and extractors compile about 330 patterns when their modules
are imported, most with CJK character classes such as ``[\\u4e00-\\u9fff]``, whose compilation
in Python's ``re`` walks every code point of the range. On a short input (a cold ``baogao check``
of one page) that is a third of the run.

What ``re`` compiles a pattern to (the opcode list ``_sre.compile`` takes, its flags and its
groups) depends only on the pattern, the flags and the interpreter. :func:`preload` reads
those, as saved by an earlier process under the same interpreter, and hands the rebuilt
patterns to ``re``'s own cache of compiled patterns, so that every later ``re.compile`` of
the same pattern and flags is a dictionary lookup. At exit, the patterns this process
compiled itself are added to the file (:func:`_save`).

The file is JSON (no pickle), named after the interpreter's version and ``_sre``'s opcode
magic; ``_sre.compile`` checks every opcode list it is given, and an entry it refuses is
compiled as usual. Anything unexpected (another interpreter's ``re`` internals, an unreadable
or damaged file, a read-only home) leaves ``re`` as it is: the cache only ever saves time.
``BAOGAO_REGEX_CACHE=0`` switches it off.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

#: Most entries a file keeps (the newest); the package compiles about 330 patterns, and ``re``
#: keeps at most 512 compiled patterns in its cache.
MAX_ENTRIES = 440

#: The patterns rebuilt from the file, and those ``re`` had compiled before the package was
#: imported: what the file already holds, never saved again.
_loaded: set[tuple[str, int]] = set()
_known: set[tuple[str, int]] = set()


def cache_file() -> Path | None:
    """The cache file for this interpreter (None when the opcode format cannot be told)."""
    from baogao.resources import user_cache_dir

    try:
        import _sre

        magic = f"{_sre.MAGIC}-{_sre.CODESIZE}"
    except (ImportError, AttributeError):
        return None
    key = hashlib.sha256(f"{sys.version}|{magic}".encode()).hexdigest()[:16]
    return user_cache_dir() / f"regex-{_program()}-{key}.json"


def _program() -> str:
    """The running program's name (``baogao``, ``pytest``, a user's script): one file each, so that
    what one program compiles never crowds out another's patterns."""
    argv0 = Path(sys.argv[0]) if sys.argv and sys.argv[0] else Path("python")
    name = argv0.parent.name if argv0.stem == "__main__" else argv0.stem
    if name.startswith("-"):
        name = "python" + name  # python -m …, python -c … (while the package is imported)
    return re.sub(r"[^A-Za-z0-9_.-]", "_", name)[:40] or "python"


def _internals() -> tuple[Any, Any, Any, dict] | None:
    """``re``'s parser, compiler, ``_sre`` and its pattern cache, or None when they are not as expected."""
    try:
        import _sre
        from re import _compiler, _parser  # type: ignore[attr-defined]

        cache = re._cache  # type: ignore[attr-defined]
    except (ImportError, AttributeError):
        return None
    if not isinstance(cache, dict) or not hasattr(_compiler, "_code") or not hasattr(_parser, "parse"):
        return None
    return _parser, _compiler, _sre, cache


def preload() -> int:
    """Put the cached patterns into ``re``'s cache; returns how many (0 when off or absent)."""
    if os.environ.get("BAOGAO_REGEX_CACHE") == "0":
        return 0
    parts = _internals()
    path = cache_file()
    if parts is None or path is None:
        return 0
    _, _, sre, cache = parts
    atexit.register(_save, path)
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except Exception:  # noqa: BLE001 - unreadable, not JSON, nested too deep: as if there were no file
        _record(parts)  # no file yet: keep what re compiles, rather than compile it all again at exit
        return 0
    room = max(0, getattr(re, "_MAXCACHE", 512) - len(cache) - 64)  # leave room for the caller's own
    n = 0
    for entry in reversed(entries) if isinstance(entries, list) else ():  # the newest first
        if n >= room:
            break
        try:
            pattern, flags, code, groups, groupindex, indexgroup, final_flags = entry
            key = (str, pattern, flags)
            if key in cache:
                _known.add((pattern, flags))  # compiled before the package was imported
                continue
            compiled = sre.compile(pattern, final_flags, code, groups, groupindex, tuple(indexgroup))
        except Exception:  # noqa: BLE001, S112 - no valid entry here: compiled as usual when asked for
            continue
        cache[key] = compiled
        _loaded.add((pattern, flags))
        _known.add((pattern, flags))
        n += 1
    return n


def _entry(parser: Any, compiler: Any, pattern: str, flags: int) -> list[Any]:
    """What ``re``'s compiler gives ``_sre.compile`` for ``pattern`` (mirrors ``re._compiler.compile``)."""
    p = parser.parse(pattern, flags)
    code = compiler._code(p, flags)
    groupindex = dict(p.state.groupdict)
    indexgroup: list[str | None] = [None] * p.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    return [pattern, flags, list(code), p.state.groups - 1, groupindex, indexgroup, flags | p.state.flags]


#: Entries of the patterns compiled while :func:`_record` is on (the first run of a program).
_recorded: dict[tuple[str, int], list[Any]] = {}


def _record(parts: tuple[Any, Any, Any, dict]) -> None:
    """Until exit, compile string patterns as ``re._compiler.compile`` does, keeping each one's
    entry (so that :func:`_save` need not compile them a second time). Only on a run that found
    no file; ``re``'s compiler is given back at exit."""
    parser, compiler, sre, _ = parts
    original = compiler.compile

    def compile_and_keep(p: Any, flags: int = 0) -> Any:
        if type(p) is not str or flags & re.DEBUG or len(_recorded) >= MAX_ENTRIES:
            return original(p, flags)  # (a program compiling patterns by the thousand keeps the first)
        entry = _entry(parser, compiler, p, flags)
        _recorded[(p, flags)] = entry
        return sre.compile(p, entry[6], entry[2], entry[3], entry[4], tuple(entry[5]))

    compiler.compile = compile_and_keep
    atexit.register(setattr, compiler, "compile", original)  # (atexit runs last-registered first)


def _save(path: Path) -> None:
    """Add the string patterns this process compiled itself to the file (nothing when none).
    Runs at exit, where nothing may go wrong visibly: any failure only leaves the file as it was."""
    try:
        _add_new(path)
    except Exception:  # noqa: BLE001, S110 - the cache only ever saves time
        pass


def _add_new(path: Path) -> None:
    from baogao.resources import write_cache

    parts = _internals()
    if parts is None:
        return
    parser, compiler, _, cache = parts
    new = [
        (key[1], key[2]) for key in list(cache)
        if isinstance(key, tuple) and len(key) == 3 and key[0] is str and (key[1], key[2]) not in _known
    ]  # fmt: skip
    if not new:
        return
    try:
        old = json.loads(path.read_text(encoding="utf-8"))
    except Exception:  # noqa: BLE001 - an unreadable or damaged file is replaced
        old = []
    if not isinstance(old, list):
        old = []
    old = [e for e in old if isinstance(e, list) and len(e) == 7 and isinstance(e[0], str) and isinstance(e[1], int)]
    known = {(e[0], e[1]) for e in old}
    new = [key for key in new if key not in known]
    if not new:
        return  # (patterns the file holds that did not fit into re's cache this time)
    fresh = []
    for pattern, flags in new:
        try:
            fresh.append(_recorded.get((pattern, flags)) or _entry(parser, compiler, pattern, flags))
        except Exception:  # noqa: BLE001, S112 - a pattern this interpreter compiles otherwise is skipped
            continue
    seen = {(e[0], e[1]) for e in fresh}
    kept = [e for e in old if (e[0], e[1]) not in seen]
    entries = (kept + fresh)[-MAX_ENTRIES:]
    # (ASCII escapes: some patterns hold lone surrogates, which UTF-8 cannot encode)
    write_cache(path, json.dumps(entries, separators=(",", ":")).encode("ascii"))

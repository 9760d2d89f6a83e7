"""Time every compiled regex of the baogao package over adversarial strings.

Why: one catastrophic (super-linear) pattern turns a 1 MB scraped page into a
worker that never returns. This script collects every ``re.Pattern`` the
package holds — module-level constants (also inside dicts, lists, tuples) and
the patterns built lazily by zero-argument ``functools.lru_cache`` loaders
(metrics' candidate regex, the recognizers' tables) — and runs ``finditer``
over long repeats of the characters those patterns are built around.

Usage::

    python scripts/regex_timing.py --core --method subn \\
        --exclude '_NAV_RE|_MARKUP_RE$|_COUNTED|partial._patterns'   # known offenders never return
    python scripts/regex_timing.py                # table: worst time per pattern, ratio 1M/100k
    python scripts/regex_timing.py --n 1000000 --stream   # one line per (pattern, string); used by tests

A linear pattern shows a ratio near 10 between 1,000,000 and 100,000 characters;
a quadratic one shows ~100. ``tests/test_regex_linear.py`` runs ``--stream`` in a
subprocess and fails when one scan takes longer than its limit.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import importlib
import inspect
import pkgutil
import re
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any

#: Generators of adversarial strings of length ~n: runs of what patterns anchor on.
ADVERSARIAL: dict[str, Callable[[int], str]] = {
    "1*n": lambda n: "1" * n,
    "0*n+x": lambda n: "0" * (n - 1) + "x",
    "full-width 1*n": lambda n: "１" * n,
    "×*n": lambda n: "×" * n,
    "X*n": lambda n: "X" * n,
    "一*n": lambda n: "一" * n,
    "张*n": lambda n: "张" * n,
    "、*n": lambda n: "、" * n,
    "“*n": lambda n: "“" * n,
    "（*n": lambda n: "（" * n,
    "第*n": lambda n: "第" * n,
    "a@*n": lambda n: "a@" * (n // 2),
    "a.*n": lambda n: "a." * (n // 2),
    "1.*n": lambda n: "1." * (n // 2),
    "1,*n": lambda n: "1," * (n // 2),
    "1-*n": lambda n: "1 -" * (n // 3),
    "一、*n": lambda n: "一、" * (n // 2),
    "××公*n": lambda n: "××公" * (n // 3),
    "<a *n": lambda n: "<a " * (n // 3),
    "<!--*n": lambda n: "<!--" * (n // 4),
    "##p*n": lambda n: "##paid" * (n // 6),
    "<U+*n": lambda n: "<U+00" * (n // 5),
    "space*n": lambda n: " " * n,
    "LF*n": lambda n: "\n" * n,
    "http*n": lambda n: "http://a" * (n // 8),
    "mixed prefixes": lambda n: ("第一部分（一）1.一是×××万元“百分之从一、" * (n // 24 + 1))[:n],
}


def _is_lazy_loader(obj: Any, module: str) -> bool:
    if not isinstance(obj, functools._lru_cache_wrapper) or getattr(obj, "__module__", None) != module:
        return False
    try:
        params = inspect.signature(obj).parameters.values()
    except (TypeError, ValueError):
        return False
    return all(p.default is not p.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in params)


def _walk(obj: Any, path: str, out: dict[int, tuple[str, re.Pattern]], depth: int = 0) -> None:
    if isinstance(obj, re.Pattern):
        out.setdefault(id(obj), (path, obj))
        return
    if depth > 4:
        return
    if isinstance(obj, dict):
        for k, v in obj.items():
            _walk(v, f"{path}[{k!r}]", out, depth + 1)
    elif isinstance(obj, list | tuple | set | frozenset):
        for i, v in enumerate(obj):
            _walk(v, f"{path}[{i}]", out, depth + 1)
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            _walk(getattr(obj, f.name), f"{path}.{f.name}", out, depth + 1)


def collect_patterns(*, lazy: bool = True) -> list[tuple[str, re.Pattern]]:
    """Every compiled regex held at module level under ``baogao.*`` (and, with ``lazy``, by cached loaders)."""
    import baogao

    out: dict[int, tuple[str, re.Pattern]] = {}
    for info in pkgutil.walk_packages(baogao.__path__, "baogao."):
        if info.name.rsplit(".", 1)[-1] == "__main__":  # importing it would run the CLI
            continue
        module = importlib.import_module(info.name)
        for name, value in list(vars(module).items()):
            if lazy and _is_lazy_loader(value, info.name):
                try:
                    value = value()
                except Exception:  # noqa: BLE001, S112 - a loader that needs a missing model: nothing to time
                    continue
                name += "()"
            _walk(value, f"{info.name}.{name}", out)
    unique: dict[tuple[Any, int], tuple[str, re.Pattern]] = {}
    for name, pattern in sorted(out.values(), key=lambda item: item[0]):
        unique.setdefault((pattern.pattern, pattern.flags), (name, pattern))  # same regex, one timing
    return list(unique.values())


def subject(make: Callable[[int], str], n: int, pattern: re.Pattern) -> str | bytes:
    text = make(n)
    if isinstance(pattern.pattern, bytes):
        return text.encode("utf-8")[:n]
    return text


#: The strings the test suite runs at 1,000,000 characters (the rest only in this script, for time).
CORE = ("1*n", "0*n+x", "×*n", "一*n", "、*n", "“*n", "a@*n", "第*n", "（*n", "一、*n", "<!--*n", "mixed prefixes")


def scan(pattern: re.Pattern, text: str | bytes, *, method: str = "finditer") -> tuple[float, int]:
    """Seconds to find every match. ``subn`` runs the same search loop as ``finditer`` without
    building a Match object per hit (2-3x faster when a pattern matches at every position)."""
    t0 = time.perf_counter()
    if method == "subn":
        count = pattern.subn(pattern.pattern[:0], text)[1]
    else:
        deque(pattern.finditer(text), maxlen=0)
        count = -1  # not counted: counting in Python would dominate the time
    return time.perf_counter() - t0, count


def iter_times(n: int, patterns: list[tuple[str, re.Pattern]], *, method: str = "finditer",
               ) -> Iterator[tuple[int, str, str, float]]:
    cache: dict[tuple[str, bool], str | bytes] = {}
    for i, (name, pattern) in enumerate(patterns):
        for label, make in ADVERSARIAL.items():
            key = (label, isinstance(pattern.pattern, bytes))
            if key not in cache:
                cache[key] = subject(make, n, pattern)
            seconds, _ = scan(pattern, cache[key], method=method)
            yield i, name, label, seconds


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1_000_000, help="length of each adversarial string")
    ap.add_argument("--small", type=int, default=100_000, help="length for the ratio (table mode)")
    ap.add_argument("--stream", action="store_true", help="print 'START i name label' / 'DONE i seconds' lines")
    ap.add_argument("--top", type=int, default=25, help="rows of the table")
    ap.add_argument("--core", action="store_true", help="only the CORE strings (what the test runs)")
    ap.add_argument("--method", choices=("finditer", "subn"), default="finditer")
    ap.add_argument("--exclude", default=None,
                    help="regex over pattern names to leave out (known catastrophic ones never return)")
    args = ap.parse_args(argv)
    patterns = collect_patterns()
    if args.exclude:
        patterns = [(n, p) for n, p in patterns if not re.search(args.exclude, n)]
    if args.core:
        for label in list(ADVERSARIAL):
            if label not in CORE:
                del ADVERSARIAL[label]
    if args.stream:
        print(f"PATTERNS {len(patterns)} STRINGS {len(ADVERSARIAL)}", flush=True)
        strings: dict[tuple[str, bool], str | bytes] = {}
        for i, (name, pattern) in enumerate(patterns):
            for label, make in ADVERSARIAL.items():
                key = (label, isinstance(pattern.pattern, bytes))
                if key not in strings:
                    strings[key] = subject(make, args.n, pattern)
                print(f"START {i}\t{name}\t{label}", flush=True)
                seconds, _ = scan(pattern, strings[key], method=args.method)
                print(f"DONE {i}\t{seconds:.4f}", flush=True)
        print("END", flush=True)
        return 0

    big: dict[str, tuple[float, str]] = {}
    small: dict[str, float] = {}
    t_all = time.perf_counter()
    for _, name, label, seconds in iter_times(args.n, patterns, method=args.method):
        if seconds > big.get(name, (-1.0, ""))[0]:
            big[name] = (seconds, label)
    for i, (name, pattern) in enumerate(patterns):
        label = big[name][1]
        small[name] = scan(pattern, subject(ADVERSARIAL[label], args.small, pattern), method=args.method)[0]
    total = time.perf_counter() - t_all
    print(f"{len(patterns)} patterns x {len(ADVERSARIAL)} strings of {args.n:,} chars; {total:.1f} s in all")
    print(f"{'worst s':>8} {'ratio':>6}  {'string':<16} pattern")
    rows = sorted(big.items(), key=lambda kv: -kv[1][0])
    for name, (seconds, label) in rows[: args.top]:
        ratio = seconds / small[name] if small[name] > 1e-4 else float("nan")
        print(f"{seconds:8.4f} {ratio:6.1f}  {label:<16} {name}")
    worst = rows[0]
    ratios = [big[n][0] / small[n] for n in big if small[n] > 2e-3]
    print(f"worst: {worst[1][0]:.3f} s ({worst[0]} on {worst[1][1]}); "
          f"max ratio 1M/100k over scans > 2 ms at 100k: {max(ratios, default=float('nan')):.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

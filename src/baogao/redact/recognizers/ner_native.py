"""The NER tagger's inner loops as compiled C (``ner_kernels.c``), when a C compiler is at hand.

Numpy runs the tagger's three inner loops — summing ~45 weight rows per
character, Viterbi, forward-backward — as hundreds of small array operations
per batch. The same loops in C take a third of the time of the NER stage
(``scripts/bench_redact.py`` measures the NER alone both ways). The C file ships with the package
and is compiled once per machine with the system compiler (``$CC``, else ``cc``)
into the user's cache directory (``$XDG_CACHE_HOME/baogao``, else
``~/.cache/baogao``), keyed by the source's hash; later processes load the
library with ctypes in about a millisecond.

No compiler, a failed build, or ``BAOGAO_NATIVE=0`` in the environment: the
tagger uses its numpy code, which gives the same tags (a test compares both).
A compiler that fails is remembered (a ``.failed`` file beside the library),
so it is not retried at every start; delete that file to retry.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from functools import lru_cache
from pathlib import Path

import numpy as np

from baogao.resources import user_cache_dir

SOURCE = Path(__file__).with_name("ner_kernels.c")
ENV_SWITCH = "BAOGAO_NATIVE"
_COMPILE_TIMEOUT = 120

_i64 = np.ctypeslib.ndpointer(dtype=np.int64, flags="C_CONTIGUOUS")
_u8 = np.ctypeslib.ndpointer(dtype=np.uint8, flags="C_CONTIGUOUS")
_f32 = np.ctypeslib.ndpointer(dtype=np.float32, flags="C_CONTIGUOUS")
_f64 = np.ctypeslib.ndpointer(dtype=np.float64, flags="C_CONTIGUOUS")
_n = ctypes.c_int64


def enabled() -> bool:
    """Whether the environment allows the compiled kernels (``BAOGAO_NATIVE=0`` switches them off)."""
    return os.environ.get(ENV_SWITCH, "1").strip().lower() not in ("0", "false", "no", "off")


def library_path() -> Path:
    """Where the compiled library for this source, interpreter platform and compiler lives."""
    digest = hashlib.sha256(SOURCE.read_bytes()).hexdigest()[:16]
    plat = sysconfig.get_platform().replace("-", "_").replace(".", "_")
    suffix = ".dll" if sys.platform == "win32" else ".dylib" if sys.platform == "darwin" else ".so"
    return user_cache_dir() / f"ner_kernels-{digest}-{plat}{suffix}"


def _compiler() -> str | None:
    cc = os.environ.get("CC", "cc").split()
    return " ".join(cc) if cc and shutil.which(cc[0]) else None


def build(target: Path) -> bool | None:
    """Compile :data:`SOURCE` into ``target`` (atomically): True when built, False when the
    compiler failed, None when there is no compiler."""
    cc = _compiler()
    if cc is None:
        return None
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=target.stem + ".", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    try:
        done = subprocess.run(
            [*cc.split(), "-O2", "-shared", "-fPIC", "-o", tmp, str(SOURCE), "-lm"],
            capture_output=True,
            timeout=_COMPILE_TIMEOUT,
            check=False,
        )
        if done.returncode != 0:
            return False
        os.replace(tmp, target)  # two processes building at once: the last one wins, both whole
        return True
    except (OSError, subprocess.SubprocessError):
        return False
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


class Kernels:
    """The loaded library's functions, with their argument types declared."""

    def __init__(self, lib: ctypes.CDLL) -> None:
        self.emissions = lib.bg_emissions
        self.emissions.restype = None
        self.emissions.argtypes = [
            _i64, _n, _n, _u8, _i64, _i64, _i64, _i64, _i64, _n, _n, _f32, _n, _n, _f32,
        ]
        self.viterbi = lib.bg_viterbi
        self.viterbi.restype = None
        self.viterbi.argtypes = [_f64, _n, _f32, _i64, _n, _u8, _i64, _i64, _f64, _f64]
        self.marginals_chunks = lib.bg_marginals_chunks
        self.marginals_chunks.restype = None
        self.marginals_chunks.argtypes = [_f64, _n, _f32, _i64, _i64, _n, _i64, _f64, _f64]
        self.posteriors_chunks = lib.bg_posteriors_chunks
        self.posteriors_chunks.restype = None
        self.posteriors_chunks.argtypes = [_f64, _n, _f32, _i64, _i64, _n, _f64, _f64]
        self.span_candidates = lib.bg_span_candidates
        self.span_candidates.restype = ctypes.c_int64
        self.span_candidates.argtypes = [
            _f64, _n, _f32, _i64, _i64, _n, _i64, _n, ctypes.c_double, _n, _f64, _i64, _i64, _i64, _i64, _f64,
            _n, _f64,
        ]


@lru_cache(maxsize=1)
def kernels() -> Kernels | None:
    """The compiled kernels, building them on first use; None when they cannot be had (numpy then)."""
    if not enabled():
        return None
    try:
        lib_path = library_path()
        failed = lib_path.with_suffix(".failed")
        if not lib_path.is_file():
            if failed.is_file():
                return None
            built = build(lib_path)
            if built is False:  # a compiler that fails will fail again: do not retry at every start
                failed.write_text(
                    f"{_compiler()} could not build {SOURCE.name}; numpy is used. Delete this file to retry.\n",
                    encoding="utf-8",
                )
            if not built:
                return None
        return Kernels(ctypes.CDLL(str(lib_path)))
    except (OSError, AttributeError):  # (AttributeError: a library without a kernel this code needs)
        return None

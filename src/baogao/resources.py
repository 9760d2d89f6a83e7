"""Where the shipped dictionaries and models live.

In a wheel, ``models/`` is installed as ``baogao/models``; in a source checkout
(editable install, tests) it is the repository's top-level ``models/``. The
environment variable ``BAOGAO_MODELS`` overrides both.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path


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

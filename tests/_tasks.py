"""Picklable test tasks for the batch engine (module-level so pool and Dask workers can import them)."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from baogao.batch import WorkItem

_SETUP_PIDS: list[int] = []


def _text_of(item: WorkItem) -> str:
    if item.record is not None:
        return str(item.record["text"])
    return Path(item.path).read_text(encoding="utf-8")


@dataclass(frozen=True)
class CountCharsTask:
    """Counts characters and Han characters; can be told to fail, crash or dawdle on given ids.

    ``setups`` in each record is how many times setup ran in the process that made the record,
    so a test can tell "once per worker" from "once per chunk".
    """

    name: str = "count"
    fail_on: str | None = None
    crash_on: str | None = None
    delay: float = 0.0
    slow_first: int = 0

    def setup(self) -> None:
        _SETUP_PIDS.append(os.getpid())

    def run(self, item: WorkItem) -> list[dict]:
        if self.crash_on and item.id.endswith(self.crash_on):
            os._exit(3)  # a segfault-like death of the worker process
        if self.fail_on and item.id.endswith(self.fail_on):
            raise ValueError(f"boom on {item.id}")
        text = _text_of(item)
        pause = 0.25 if _index(item) < self.slow_first else self.delay
        if pause:
            time.sleep(pause)
        han = sum("\u4e00" <= ch <= "\u9fff" for ch in text)
        setups = _SETUP_PIDS.count(os.getpid())
        return [{"id": item.id, "source": item.path, "chars": len(text), "han": han, "setups": setups}]


def _index(item: WorkItem) -> int:
    digits = "".join(ch for ch in Path(item.id).stem if ch.isdigit())
    return int(digits) if digits else 0

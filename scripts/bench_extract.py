#!/usr/bin/env python3
"""Extraction throughput as a ratio to plain jieba on the same texts, in one run.

A thin front of scripts/bench.py: ``python scripts/bench_extract.py [CORPUS] [--jobs N]``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench

if __name__ == "__main__":
    sys.argv += ["--commands", "extract"]
    bench.main()

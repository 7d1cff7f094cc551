"""Timing helper shared by the benchmark scripts (run as ``python benchmarks/bench_*.py``)."""
from __future__ import annotations

import time


def best_of(f, repeat: int = 5) -> float:
    """Best wall time of ``repeat`` calls of ``f``, in seconds: the least disturbed run on a busy machine."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return min(times)

"""Synthetic data benchmark: cold and warm times of ``dtilib.demo``, with ratios.

Budget (issue 3): everything — ``points()``, ``scores()``, ``points(stages=True)``
and ``check()`` — under 1 s cold (a fresh interpreter, after ``import pandas``),
cached calls fast. The baseline is one ``scoring.score`` of the same data, so the
ratio says how many scorings the whole generation costs, whatever the machine.
Cold times are taken in fresh subprocesses (best of 3). Exits 1 if the budget is
missed.

    .venv/bin/python benchmarks/bench_demo.py
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

COLD = r"""
import json, time
import numpy, pandas
t0 = time.perf_counter()
from dtilib import demo
p = demo.points(); t1 = time.perf_counter()
s = demo.scores(); t2 = time.perf_counter()
st = demo.points(stages=True); t3 = time.perf_counter()
c = demo.check(p); t4 = time.perf_counter()
print(json.dumps({"points": t1 - t0, "scores": t2 - t1, "stages": t3 - t2, "check": t4 - t3,
                  "total": t4 - t0, "ok": bool(c["ok"].all())}))
"""

from _timing import best_of  # noqa: E402

BUDGET = 1.0




def main() -> int:
    runs = []
    for _ in range(3):
        out = subprocess.run([sys.executable, "-c", COLD], capture_output=True, text=True, check=True)
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    cold = min(runs, key=lambda r: r["total"])

    from dtilib import demo, scoring

    pts, fw = demo.points(), demo.framework()
    base = best_of(lambda: scoring.score(pts, fw))
    warm_points = best_of(lambda: demo.points())
    warm_scores = best_of(lambda: demo.scores())
    demo._generated.cache_clear()
    regen = best_of(lambda: (demo._generated.cache_clear(), demo._generated(2022)), repeat=3)

    print(f"baseline scoring.score (63 x 98 x 4):   {base * 1e3:8.1f} ms")
    for k in ("points", "scores", "stages", "check"):
        print(f"cold {k:<8}                          {cold[k] * 1e3:8.1f} ms")
    print(f"cold total (after import pandas)        {cold['total'] * 1e3:8.1f} ms "
          f"(budget {BUDGET * 1e3:.0f} ms) = {cold['total'] / base:6.1f} x scoring")
    print(f"generation only (warm imports)          {regen * 1e3:8.1f} ms = {regen / base:6.1f} x scoring")
    print(f"cached points() / scores() (copies)     {warm_points * 1e3:8.1f} / {warm_scores * 1e3:.1f} ms")
    print(f"all facts reproduced: {cold['ok']}")
    return 0 if cold["total"] < BUDGET and cold["ok"] else 1


if __name__ == "__main__":
    t = time.perf_counter()
    rc = main()
    print(f"(benchmark took {time.perf_counter() - t:.1f} s)")
    sys.exit(rc)

"""How fast is `dti report`? The loop a user would write vs the batch vs the cost of drawing.

Usage: .venv/bin/python benchmarks/bench_report.py [--jobs N] [--sample 3] [--communes 100]
       [--only default|communes]

Two batches, each measured in this one run:

* **default**: ``dti report --force --jobs N`` with no other option, the yearly
  batch ``make reports`` renders (overview, 63 profiles, the two trajectories);
* **communes**: a province's ~100 communes in one working sheet
  (``benchmarks/out/report/communes_2026.csv``, made here from a seeded random
  draw — illustrative benchmark input, never shipped), ``dti report --points
  that.csv --force --jobs N``: one assessment per commune and the ranking.

For each batch three costs per report, and their ratios:

1. **naive loop**: a sample of the batch's own reports (evenly spread through
   its plan, with the notebooks and parameters ``dti report`` itself would use),
   each through ``papermill`` and then ``jupyter nbconvert --to html --no-input``,
   one after another — what a shell loop does;
2. **batch**: the whole ``dti report`` command, timed from start to exit (its
   start-up, workers, kernels and index included), divided by its reports;
3. **floor**: the same sample's notebooks run in an already-warm IPython shell in
   this process, outputs formatted (PNG, HTML) as Jupyter would: the cost of
   computing and drawing a report, with no kernel, papermill or export, each
   sampled report weighed by how many reports of its kind the batch holds;
   divided by the workers, it is what a batch on N cores cannot go below.

Outputs go to benchmarks/out/report/ (not committed). The machine is shared and
its speed drifts: compare the ratios, which are measured minutes apart, rather
than seconds across runs.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
OUT = ROOT / "benchmarks" / "out" / "report"
SHEET = ROOT / "docs" / "examples" / "sheets" / "don_vi_bang_dai_2026.csv"


def env() -> dict[str, str]:
    e = dict(os.environ)
    e.pop("MPLBACKEND", None)  # kernels draw inline, as in JupyterLab
    e.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    return e


# ------------------------------------------------------------------ the communes' sheet
_PARTS = ["Tân", "Phú", "Hòa", "An", "Bình", "Thạnh", "Long", "Mỹ", "Đông", "Tây", "Trung", "Phước"]


def commune_sheet(path: Path, n: int = 100, seed: int = 2026) -> Path:
    """A working sheet of ``n`` communes in the long layout of docs/examples (``;``, decimal
    commas), every criterion of the example with points drawn at random (seeded)."""
    import csv

    rows = list(csv.DictReader(SHEET.open(encoding="utf-8"), delimiter=";"))
    first = rows[0]["Đơn vị"]
    criteria = [r for r in rows if r["Đơn vị"] == first]
    names = [f"Xã {a} {b}" for a in _PARTS for b in _PARTS if a != b][:n]
    rnd = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), delimiter=";")
        w.writeheader()
        for name in names:
            for c in criteria:
                mx = float(c["Điểm tối đa"].replace(",", "."))
                own = round(rnd.choice([0, 0.5, 0.7, 0.9, 1, 1]) * mx * 2) / 2
                appraised = round(own * rnd.choice([0.6, 0.8, 1, 1]) * 2) / 2
                w.writerow({**c, "Đơn vị": name, "Tự đánh giá": f"{own:g}".replace(".", ","),
                            "Thẩm định": f"{appraised:g}".replace(".", ",")})
    return path


# ------------------------------------------------------------------ the three costs
def reports_of(points: Path | None):
    """The reports ``dti report`` renders (with ``--points points`` when given), as it plans them."""
    from dtilib.report import plan

    return plan.sheet_plan(points) if points is not None else plan.plan()


def sample(reports, k: int):
    """``k`` reports spread evenly through the plan (first, middle, last for 3)."""
    if k >= len(reports):
        return list(reports)
    step = (len(reports) - 1) / max(1, k - 1)
    return [reports[round(i * step)] for i in range(k)]


def naive(reports, out: Path) -> float:
    """Seconds for papermill then nbconvert on each report, one after another."""
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    for i, r in enumerate(reports):
        nb = out / f"{i}-{r.stem}.ipynb"
        params = []
        for k, v in r.params.items():
            params += ["-y", json.dumps({k: v})] if isinstance(v, (list, dict)) or v is None else ["-p", k, str(v)]
        subprocess.run([str(BIN / "papermill"), str(r.notebook), str(nb), "-k", "python3", "--no-progress-bar",
                        "--log-level", "ERROR", *params], check=True, env=env(), cwd=ROOT, capture_output=True)
        subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(nb)],
                       check=True, env=env(), cwd=ROOT, capture_output=True)
    return time.perf_counter() - t0


def batch(out: Path, jobs: int, points: Path | None) -> tuple[float, int]:
    """Seconds for the whole ``dti report --force`` command, and the reports it rendered."""
    args = ["--points", str(points)] if points is not None else []
    t0 = time.perf_counter()
    done = subprocess.run([str(BIN / "dti"), "report", "--force", "--no-progress", "--jobs", str(jobs),
                           "--out", str(out), *args], env=env(), cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if done.returncode != 0:
        sys.exit(f"dti report failed:\n{done.stdout}\n{done.stderr}")
    return seconds, len(list(out.glob("*.json")))


def floor(reports) -> list[float]:
    """Seconds to compute and draw each report of the sample in an already-warm process
    (each notebook run once to warm it, then timed)."""
    import nbformat
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    import matplotlib

    matplotlib.use("module://matplotlib_inline.backend_inline")
    from matplotlib_inline.backend_inline import configure_inline_support

    from dtilib.report import kernel
    from dtilib.report.params import injected_source

    shell = InteractiveShell.instance()
    configure_inline_support(shell, "inline")
    kernel._warm()

    def run(r) -> float:
        nb = nbformat.read(r.notebook, as_version=4)
        cells = [c.source for c in nb.cells if c.cell_type == "code"]
        src = [cells[0], injected_source(r.params)] + cells[1:]
        t0 = time.perf_counter()
        with capture_output():
            for s in src:
                res = shell.run_cell(s, store_history=False)
                if not res.success:
                    raise RuntimeError(f"floor run failed for {r.stem}: {res.error_in_exec!r}")
        seconds = time.perf_counter() - t0
        for name in [k for k in shell.user_ns if k not in shell.user_ns_hidden]:
            del shell.user_ns[name]
        return seconds

    for r in reports:  # warm: imports, the data, each notebook's first figures
        run(r)
    return [run(r) for r in reports]


def per_report(some, seconds, reports) -> float:
    """The batch's compute per report from the sample's: each sampled report stands for the
    batch's reports of its kind (one heavy ranking among 100 commune pages is one in 101)."""
    from collections import Counter

    n, m = Counter(r.kind for r in reports), Counter(r.kind for r in some)
    return sum(s * n[r.kind] / m[r.kind] for r, s in zip(some, seconds)) / sum(n[k] for k in m)


def measure(name: str, points: Path | None, k: int, jobs: int) -> dict:
    reports = reports_of(points)
    some = sample(reports, k)
    print(f"{name} batch: {len(reports)} reports; naive sample: {', '.join(r.stem for r in some)}", flush=True)
    t_naive = naive(some, OUT / name / "naive") / len(some)
    print(f"  naive loop (papermill + nbconvert, one at a time): {t_naive:6.2f} s/report", flush=True)
    t_batch, n = batch(OUT / name / "batch", jobs, points)
    each = t_batch / n
    print(f"  dti report --force --jobs {jobs}: {t_batch:6.1f} s for {n} reports = {each:5.2f} s/report",
          flush=True)
    t_floor = per_report(some, floor(some), reports)
    print(f"  floor (compute + draw the sample in a warm process, weighed by kind): {t_floor:5.2f} s/report, /{jobs} workers = "
          f"{t_floor / jobs:5.2f} s", flush=True)
    print(f"  ratio naive / batch: {t_naive / each:5.1f}x   batch / floor: {each / (t_floor / jobs):4.2f}x",
          flush=True)
    return {"naive": t_naive, "batch": each, "floor": t_floor / jobs, "reports": n}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="runner workers (default: cores)")
    ap.add_argument("--sample", type=int, default=3, help="reports of each batch in the naive loop (default 3)")
    ap.add_argument("--communes", type=int, default=100, help="communes in the working sheet (default 100)")
    ap.add_argument("--only", choices=["default", "communes"], default=None, help="measure one batch only")
    args = ap.parse_args()
    shutil.rmtree(OUT, ignore_errors=True)
    print(f"{os.cpu_count()} cores; runner jobs={args.jobs}", flush=True)
    if args.only in (None, "default"):
        measure("default", None, args.sample, args.jobs)
    if args.only in (None, "communes"):
        sheet = commune_sheet(OUT / "communes_2026.csv", n=args.communes)
        measure("communes", sheet, args.sample, args.jobs)
    return 0


if __name__ == "__main__":
    sys.exit(main())

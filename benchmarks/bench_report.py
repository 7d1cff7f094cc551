"""How fast is `dti report`? The naive loop vs the warm runner vs the in-process floor.

Usage: .venv/bin/python benchmarks/bench_report.py [--n 4] [--jobs N] [--no-full] [--naive-all]

1. naive loop: for each province, ``papermill`` then ``jupyter nbconvert --to html
   --no-input``, one report after another (what a shell loop does): every report
   pays two interpreter start-ups, a kernel start, the imports and the data load;
2. ``dti report --notebooks profile --force --jobs N`` on the same provinces: warm
   kernels reused across reports (see dtilib/report/execute.py), whole command timed;
3. the in-process floor: the same notebook's cells run in an already-warm IPython
   shell in this process, charts rendered to PNG and tables to HTML — the cost of
   computing and drawing one report, with no kernel, papermill or export around it;
4. the real job: ``dti report --force`` for the default batch (overview + 63
   profiles), against the naive loop's per-report cost times 64 (a loop's cost is
   linear in the reports; ``--naive-all`` measures the naive loop on all 64 instead,
   ~10 minutes on 2 cores).

On a small sample the runner's fixed start-up (workers, kernels, imports: a few
seconds) weighs on the ratio; over the year's batch it is paid once.
Prints the per-report cost of each and the ratios. Output goes to
benchmarks/out/ (not committed).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
NOTEBOOK = ROOT / "notebooks" / "02_province_profile.ipynb"
SAMPLE = ["Lạng Sơn", "Bắc Kạn", "Đà Nẵng", "Hà Giang", "Cần Thơ", "Nghệ An", "Quảng Ninh", "Kon Tum",
          "Bình Dương", "Cà Mau", "Thái Bình", "Lào Cai"]


def env() -> dict[str, str]:
    e = dict(os.environ)
    e.pop("MPLBACKEND", None)  # kernels draw inline, as in JupyterLab
    e.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    return e


def naive(provinces: list[str], out: Path) -> float:
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    for i, prov in enumerate(provinces):
        nb = out / f"profile-{i}.ipynb"
        subprocess.run([str(BIN / "papermill"), str(NOTEBOOK), str(nb), "-k", "python3", "--no-progress-bar",
                        "--log-level", "ERROR", "-p", "province", prov, "-p", "year", "2022", "-p", "lang", "vi"],
                       check=True, env=env(), cwd=ROOT, capture_output=True)
        subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(nb)],
                       check=True, env=env(), cwd=ROOT, capture_output=True)
    return time.perf_counter() - t0


def naive_all(out: Path) -> float:
    """The naive loop over the default batch: the overview and the 63 profiles."""
    from dtilib.provinces import provinces as registry

    out.mkdir(parents=True, exist_ok=True)
    jobs = [(ROOT / "notebooks" / "01_overview.ipynb", [])] + [
        (NOTEBOOK, ["-p", "province", name]) for name in registry()["name_vi"]]
    t0 = time.perf_counter()
    for i, (nb_in, extra) in enumerate(jobs):
        nb = out / f"report-{i}.ipynb"
        subprocess.run([str(BIN / "papermill"), str(nb_in), str(nb), "-k", "python3", "--no-progress-bar",
                        "--log-level", "ERROR", "-p", "year", "2022", *extra],
                       check=True, env=env(), cwd=ROOT, capture_output=True)
        subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(nb)],
                       check=True, env=env(), cwd=ROOT, capture_output=True)
    return time.perf_counter() - t0


def runner(provinces: list[str] | None, out: Path, jobs: int) -> tuple[float, list[float]]:
    """Time ``dti report`` (whole command); ``provinces=None`` is the default batch."""
    args = ["--notebooks", "profile", "--provinces", *provinces] if provinces else []
    t0 = time.perf_counter()
    done = subprocess.run([str(BIN / "dti"), "report", "--force", "--no-progress", "--jobs", str(jobs),
                           "--out", str(out), *args], env=env(), cwd=ROOT, capture_output=True, text=True)
    total = time.perf_counter() - t0
    if done.returncode != 0:
        sys.exit(f"dti report failed:\n{done.stdout}\n{done.stderr}")
    each = [json.loads(p.read_text(encoding="utf-8"))["seconds"] for p in out.glob("*.json")]
    return total, each


def floor(provinces: list[str]) -> float:
    """Seconds to compute and draw one profile in an already-warm process (best of the sample)."""
    import nbformat
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    from dtilib.report.params import injected_source

    shell = InteractiveShell.instance()
    with capture_output():
        shell.run_cell("%matplotlib inline", store_history=False)
    nb = nbformat.read(NOTEBOOK, as_version=4)
    cells = [c.source for c in nb.cells if c.cell_type == "code"]
    times = []
    for prov in [provinces[0]] + provinces:  # the first run warms imports and caches
        src = [cells[0], injected_source({"province": prov, "year": 2022, "lang": "vi"})] + cells[1:]
        t0 = time.perf_counter()
        with capture_output() as cap:  # rich outputs are formatted (PNG, HTML) as Jupyter would
            for s in src:
                res = shell.run_cell(s, store_history=False)
                if not res.success:
                    raise RuntimeError(f"floor run failed for {prov}: {res.error_in_exec!r}")
        times.append(time.perf_counter() - t0)
        n_png = sum("image/png" in o.data for o in cap.outputs)
        if n_png < 5:
            raise RuntimeError(f"expected the profile's charts as PNG, got {n_png}")
        shell.reset(new_session=False)
    return min(times[1:])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=4, help="profiles in the sample (default 4)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="runner workers (default: cores)")
    ap.add_argument("--no-full", action="store_true", help="skip the full default batch (64 reports)")
    ap.add_argument("--naive-all", action="store_true",
                    help="also run the naive loop over all 64 reports instead of extrapolating")
    args = ap.parse_args()
    provinces = SAMPLE[: max(1, min(args.n, len(SAMPLE)))]
    out = ROOT / "benchmarks" / "out" / "report"
    shutil.rmtree(out, ignore_errors=True)
    n = len(provinces)
    print(f"sample: {n} province profiles (2022); {os.cpu_count()} cores; runner jobs={args.jobs}")

    t_naive = naive(provinces, out / "naive")
    print(f"naive loop (papermill + nbconvert per report): {t_naive:7.1f} s  = {t_naive / n:5.2f} s/report")
    t_run, each = runner(provinces, out / "runner", args.jobs)
    print(f"dti report (warm kernels, whole command):      {t_run:7.1f} s  = {t_run / n:5.2f} s/report"
          f"  (each report inside a warm worker: {min(each):.2f}–{max(each):.2f} s)")
    t_floor = floor(provinces)
    print(f"in-process floor (compute + draw one report):              {t_floor:5.2f} s/report"
          f"  (/{args.jobs} workers = {t_floor / args.jobs:.2f} s)")
    print(f"ratio naive / dti report on the sample: {t_naive / t_run:.1f}x")
    if args.no_full:
        return 0
    t_full, each = runner(None, out / "full", args.jobs)
    m = len(each)
    if args.naive_all:
        t_nfull, how = naive_all(out / "naive-full"), "measured"
    else:
        t_nfull, how = t_naive / n * m, f"{t_naive / n:.2f} s/report x {m}, extrapolated"
    print(f"default batch ({m} reports: overview + profiles):")
    print(f"  naive loop ({how}): {t_nfull:7.1f} s")
    print(f"  dti report --force --jobs {args.jobs}:        {t_full:7.1f} s  = {t_full / m:5.2f} s/report")
    print(f"  ratio naive / dti report: {t_nfull / t_full:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())

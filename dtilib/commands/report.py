"""``dti report``: render a year's reports (executed notebooks + self-contained HTML + index).

Default: the national overview and all 63 province profiles for 2022, into
``reports/2022/``, on as many warm workers as the machine has cores. Reports
whose inputs have not changed are skipped (``--force`` renders them anyway);
``--shard i/n`` renders the i-th of n parts, for fanning out over machines.
Exit status 1 when any report failed (each failure is named with its cell, on
stderr); the run ends with one summary line for a log. ``--quiet`` prints nothing
when all went well. One run at a time renders into an output folder (a lock in
it, :mod:`dtilib.report.lock`): a second waits ``--wait`` seconds or exits 1.
See ``docs/scheduling.md`` for cron and systemd recipes.
``--points`` a working sheet (a unit's own criteria, :mod:`dtilib.io.sheet`) renders the sheet
reports instead: notebooks 05 and 06, :func:`dtilib.report.plan.sheet_plan`.
"""
from __future__ import annotations

import argparse


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "report", help="render reports for a year (tạo báo cáo: sổ tay + HTML)",
        description="Render parameterized notebooks into executed .ipynb and self-contained HTML "
                    "reports, plus an index.html. Default: overview + all province profiles.")
    p.add_argument("--year", type=int, default=None,
                   help="assessment year (default: 2022 for the bundled data, the latest year of --points)")
    p.add_argument("--points", default=None, metavar="FILE|DIR",
                   help="your own data: a points file (CSV/XLSX), a working sheet or a folder of sheets "
                        "(default: the bundled data)")
    p.add_argument("--framework", default=None, metavar="FW",
                   help="framework of --points: a bundled id (see 'dti framework') or a YAML/CSV file "
                        "(default: the national DTI framework, or the one the sheet carries)")
    p.add_argument("--provinces", "--units", dest="provinces", nargs="+", default=None, metavar="NAME",
                   help="provinces or units to profile, any spelling; commas also separate "
                        "(default: all units of the data)")
    p.add_argument("--notebooks", default=None, metavar="LIST",
                   help="comma-separated: overview, profile, trajectories, zeros, or all "
                        "(default: overview,profile,trajectories; with --points: overview,profile)")
    p.add_argument("--out", default=None, metavar="DIR",
                   help="output folder (default: reports/<year>/, in the workspace's reports/ inside one)")
    p.add_argument("--jobs", "-j", type=int, default=None, help="parallel workers (default: CPU cores)")
    p.add_argument("--lang", default="vi", choices=["vi", "en"], help="report language (default: vi)")
    p.add_argument("--force", action="store_true", help="render even reports whose inputs are unchanged")
    p.add_argument("--shard", default=None, metavar="I/N", help="render only part I of N of the batch")
    p.add_argument("--notebooks-dir", default=None, metavar="DIR",
                   help="folder with the report notebooks (default: the project's notebooks/)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--list", action="store_true", help="list the reports this run would make, then exit")
    p.add_argument("--unit", default=None,
                   help="with a working sheet as --points: the unit (its name when the sheet does not say it; "
                        "with many units, the one to report on)")
    # scheduled runs (docs/scheduling.md)
    p.add_argument("--quiet", "-q", action="store_true",
                   help="print nothing when every report succeeds (errors still go to stderr); for cron")
    p.add_argument("--wait", type=float, default=0, metavar="SECONDS",
                   help="when another dti report is rendering into the same --out, wait up to "
                        "SECONDS for it to finish (default 0: say so and exit 1)")
    p.set_defaults(func=run)


def _split_names(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    out = [x.strip() for v in values for x in v.split(",")]
    return [x for x in out if x] or None


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..errors import DtiError
    from ..io.sheet import is_working_sheet
    from ..report import plan as planmod

    if args.jobs is not None and args.jobs < 1:
        raise DtiError("--jobs must be at least 1")
    sheet = bool(args.points) and is_working_sheet(args.points) and not args.notebooks
    if args.unit and not sheet:
        raise DtiError("--unit goes with --points and a working sheet; for the other reports use --units")
    if sheet:   # a working sheet: its own reports (05 per unit, 06 for many units)
        names = ([args.unit] if args.unit else []) + (_split_names(args.provinces) or [])
        reports = planmod.sheet_plan(args.points, units=names or None, year=args.year, lang=args.lang,
                                     notebooks=args.notebooks_dir)
        year = args.year or Path(args.points).name   # the summary line names the sheet
    else:
        reports = None
    if reports is None and args.points is None and args.year is not None:
        kinds = planmod.parse_kinds(args.notebooks)
        if set(kinds) & {"overview", "profile", "zeros"}:
            from ..demo import YEARS

            if args.year not in YEARS:
                raise DtiError(f"--year {args.year}: the bundled component data cover "
                               f"{min(YEARS)}–{max(YEARS)}; for other years give your own --points")
    if reports is None:
        reports = planmod.plan(args.year, provinces=_split_names(args.provinces), kinds=args.notebooks,
                               lang=args.lang, notebooks=args.notebooks_dir, data=args.points,
                               framework=args.framework)
        year = next((r.params["year"] for r in reports if "year" in r.params), args.year or planmod.DEFAULT_YEAR)
    part = planmod.parse_shard(args.shard)
    reports = planmod.shard(reports, part)
    from .. import paths

    default_out = f"sheet-{planmod.slug(Path(args.points).stem)}" if sheet else str(year)
    out = Path(args.out) if args.out else paths.reports_dir() / default_out
    if args.list:
        for r in reports:
            print(f"{r.stem}\t{r.title}")
        return 0
    from ..report.lock import hold
    from ..report.runner import run as run_reports

    quiet = getattr(args, "quiet", False)
    shard_text = f" (shard {part[0]}/{part[1]})" if part != (1, 1) else ""
    with hold(out, wait=getattr(args, "wait", 0), shard=part):
        if not quiet:
            used = paths.describe(args.notebooks_dir)
            print(used + (f", your data {args.points}" if args.points else ""), flush=True)
            print(f"{len(reports)} reports{shard_text} → {out}/", flush=True)
        summary = run_reports(reports, out, jobs=args.jobs, force=args.force,
                              progress=not (args.no_progress or quiet), lang=args.lang)
    _finish(summary, year, quiet)
    return summary.exit_code


def _finish(summary, year: int, quiet: bool) -> None:
    """End a run: each failure on stderr, then ONE summary line (stdout; stderr on failure if quiet).

    >>> import contextlib, io, sys
    >>> from dtilib.report.runner import Summary
    >>> with contextlib.redirect_stdout(io.StringIO()) as out:
    ...     _finish(Summary([{"stem": "overview", "status": "rendered"}], seconds=1.0), 2022, quiet=True)
    >>> out.getvalue()
    ''
    >>> _finish(Summary([{"stem": "overview", "status": "rendered"}], seconds=1.0), 2022, quiet=False)
    20...Z dti report 2022: rendered 1, skipped 0 (unchanged), failed 0 in 1.0 s
    """
    import sys
    import time

    lines = summary.text().splitlines()
    for line in lines[1:]:  # FAILED <stem> in cell ...: error
        print(line, file=sys.stderr, flush=True)
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    line = f"{stamp} dti report {year}: {lines[0]}"
    if not quiet:
        print(line, flush=True)
    elif summary.exit_code:
        print(line, file=sys.stderr, flush=True)

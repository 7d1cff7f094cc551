"""``dti report``: render a year's reports (executed notebooks + self-contained HTML + index).

Default: the national overview and all 63 province profiles for 2022, into
``reports/2022/``, on as many warm workers as the machine has cores. Reports
whose inputs have not changed are skipped (``--force`` renders them anyway);
``--shard i/n`` renders the i-th of n parts, for fanning out over machines.
Exit status 1 when any report failed (each failure is named with its cell).
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
    p.add_argument("--out", default=None, metavar="DIR", help="output folder (default: reports/<year>/)")
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
    if args.points and is_working_sheet(args.points) and not args.notebooks:
        return _run_sheet(args)
    if args.unit:
        raise DtiError("--unit goes with --points and a working sheet; for the other reports use --units")
    if args.points is None and args.year is not None:
        kinds = planmod.parse_kinds(args.notebooks)
        if set(kinds) & {"overview", "profile", "zeros"}:
            from ..demo import YEARS

            if args.year not in YEARS:
                raise DtiError(f"--year {args.year}: the bundled component data cover "
                               f"{min(YEARS)}–{max(YEARS)}; for other years give your own --points")
    reports = planmod.plan(args.year, provinces=_split_names(args.provinces), kinds=args.notebooks,
                           lang=args.lang, notebooks=args.notebooks_dir, data=args.points,
                           framework=args.framework)
    year = next((r.params["year"] for r in reports if "year" in r.params), args.year or planmod.DEFAULT_YEAR)
    part = planmod.parse_shard(args.shard)
    reports = planmod.shard(reports, part)
    out = Path(args.out) if args.out else Path("reports") / str(year)
    if args.list:
        for r in reports:
            print(f"{r.stem}\t{r.title}")
        return 0
    from ..report.runner import run as run_reports

    shard_text = f" (shard {part[0]}/{part[1]})" if part != (1, 1) else ""
    print(f"{len(reports)} reports{shard_text} → {out}/", flush=True)
    summary = run_reports(reports, out, jobs=args.jobs, force=args.force,
                          progress=not args.no_progress, lang=args.lang)
    print(summary.text(), flush=True)
    return summary.exit_code


def _run_sheet(args: argparse.Namespace) -> int:
    """``--points`` a working sheet: its own reports (05 per unit, 06 for many units); ``--unit``
    or ``--units`` choose the units reported on."""
    from pathlib import Path

    from ..report import plan as planmod
    from ..report.runner import run as run_reports

    names = _split_names(args.provinces) or []
    if args.unit:
        names = [args.unit] + names
    reports = planmod.sheet_plan(args.points, units=names or None, year=args.year, lang=args.lang,
                                 notebooks=args.notebooks_dir)
    reports = planmod.shard(reports, planmod.parse_shard(args.shard))
    out = Path(args.out) if args.out else Path("reports") / f"sheet-{planmod.slug(Path(args.points).stem)}"
    if args.list:
        for r in reports:
            print(f"{r.stem}\t{r.title}")
        return 0
    print(f"{len(reports)} reports → {out}/", flush=True)
    summary = run_reports(reports, out, jobs=args.jobs, force=args.force, progress=not args.no_progress,
                          lang=args.lang)
    print(summary.text(), flush=True)
    return summary.exit_code

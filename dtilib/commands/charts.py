"""``dti charts``: a unit-year's chart set as PNG, SVG and a PowerPoint deck."""
from __future__ import annotations

import argparse


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "charts", help="write a province's chart set: PNG, SVG, PowerPoint (biểu đồ cho họp đánh giá)",
        description="Draw the review-meeting charts of one unit and year (rank trajectory, score "
                    "change, main indicators against peers, component heatmap, distribution, tile maps "
                    "of the 63 and 34 units, rank robustness) and write them as PNG (300 dpi), SVG and "
                    "a 16:9 PowerPoint deck with one finding per slide. Uses the bundled illustrative "
                    "data unless --points is given; charts the data cannot support are left out with "
                    "a line saying why.")
    p.add_argument("--province", "--unit", dest="province", required=True,
                   help='province or unit, any spelling ("Bắc Kạn", "bac kan", "06", "Xã Tân Phú")')
    p.add_argument("--year", type=int, default=None,
                   help="assessment year, e.g. 2022 (default: the latest year in the data)")
    p.add_argument("--out", required=True, help="output folder (created if needed)")
    p.add_argument("--lang", default="vi", choices=["vi", "en"], help="language of titles and labels")
    p.add_argument("--format", default="png,svg,pptx",
                   help="comma-separated: png, svg, pptx (default all three)")
    p.add_argument("--dpi", type=int, default=300, help="PNG resolution (default 300)")
    p.add_argument("--charts", metavar="NAMES",
                   help="comma-separated subset of: rank_trajectories, change, indicator_profile, "
                        "indicator_radar, component_heatmap, component_heatmap_region, score_distribution, tile_map, "
                        "tile_map_post2025, rank_intervals (default all)")
    p.add_argument("--points", metavar="FILE",
                   help="your data: a points file (CSV/XLSX, see 'dti template') or a working sheet, "
                        "instead of the bundled illustrative set")
    p.add_argument("--framework", default=None,
                   help="framework of --points: a bundled id (see 'dti framework') or a YAML/CSV file "
                        "(default: the national DTI framework)")
    p.add_argument("--years", metavar="Y1,Y2",
                   help="years to accept in --points (default: the years the framework applies to), e.g. 2020,2021,2022,2023")
    p.add_argument("--draws", type=int, default=2000,
                   help="Monte Carlo draws for the rank-robustness chart (0 to leave it out)")
    p.set_defaults(func=run)


def parse_years(text: str | None) -> list[int] | None:
    """``"2020,2023"`` → ``[2020, 2023]``; a clear error otherwise.

    >>> parse_years("2020,2023"), parse_years(None)
    ([2020, 2023], None)
    """
    from ..errors import DtiError

    if not text:
        return None
    try:
        return [int(y) for y in text.split(",") if y.strip()]
    except ValueError:
        raise DtiError(f"--years {text}: expected years separated by commas, e.g. 2020,2023") from None


def run(args: argparse.Namespace) -> int:
    import sys

    from ..deck import export
    from ..dataset import open_dataset
    from ..errors import DtiError
    from ..labels import label

    if args.dpi < 10 or args.dpi > 1200:
        raise DtiError(f"--dpi {args.dpi}: expected 10 to 1200")
    if args.framework and not args.points:
        raise DtiError("--framework applies to your own --points file; the bundled data use the "
                       "national DTI framework (add --points FILE, or leave --framework out)")
    sheet_args = {"unit": args.province, "year": args.year} if args.points else {}  # a working sheet's own unit/year
    ds = open_dataset(args.points or "demo", framework=args.framework, years=parse_years(args.years),
                      lang=args.lang, **sheet_args)
    unit = ds.unit(args.province)
    year = args.year
    if year is None:
        year = max(ds.years)
    if int(year) not in ds.years:
        raise DtiError(f"--year {year}: the data have no scores for {year}; years in the data: "
                       f"{', '.join(map(str, ds.years))}")
    paths = export(unit, year, args.out, lang=args.lang, formats=args.format,
                   scores=ds, intervals=args.draws > 0, dpi=args.dpi, draws=max(args.draws, 1),
                   only=args.charts)
    for p in paths:
        print(p)
    for name, why in paths.left_out.items():
        print(f"{label('left_out', args.lang)}: {name} — {why}", file=sys.stderr)
    return 0

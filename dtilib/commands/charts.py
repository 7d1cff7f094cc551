"""``dti charts``: a province-year's chart set as PNG, SVG and a PowerPoint deck."""
from __future__ import annotations

import argparse


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "charts", help="write a province's chart set: PNG, SVG, PowerPoint (biểu đồ cho họp đánh giá)",
        description="Draw the review-meeting charts of one province and year (rank trajectory, score "
                    "change, main indicators against peers, component heatmap, distribution, tile maps "
                    "of the 63 and 34 units, rank robustness) and write them as PNG (300 dpi), SVG and "
                    "a 16:9 PowerPoint deck with one finding per slide. Uses the bundled synthetic data "
                    "unless --points is given; charts on synthetic data carry the 'illustrative data' "
                    "mark.")
    p.add_argument("--province", required=True, help='province, any spelling ("Bắc Kạn", "bac kan", "06")')
    p.add_argument("--year", required=True, type=int, help="assessment year, e.g. 2022")
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
                   help="component points (CSV/XLSX, see 'dti template') instead of the bundled "
                        "synthetic set")
    p.add_argument("--framework", default="dti-922", help="framework of --points (default dti-922)")
    p.add_argument("--years", metavar="Y1,Y2",
                   help="years to accept in --points (default: the years the framework applies to), e.g. 2020,2021,2022,2023")
    p.add_argument("--draws", type=int, default=2000,
                   help="Monte Carlo draws for the rank-robustness chart (0 to leave it out)")
    p.set_defaults(func=run)


def _scores_from(path: str, framework_id: str, years: str | None = None):
    from pathlib import Path

    from ..errors import DtiError
    from ..frameworks import load
    from ..scoring import ranks, score

    if not Path(path).is_file():
        raise DtiError(f"{path}: no such file")
    fw = load(framework_id).with_components_or_placeholders()
    try:
        from ..io import read_points
    except ImportError as exc:
        raise DtiError("reading --points needs dtilib.io, which this installation lacks") from exc
    yrs = None
    if years:
        try:
            yrs = [int(y) for y in years.split(",") if y.strip()]
        except ValueError:
            raise DtiError(f"--years {years}: expected years separated by commas, e.g. 2020,2023") from None
    return ranks(score(read_points(path, fw, years=yrs), fw))


def run(args: argparse.Namespace) -> int:
    from ..charts import export, file_source
    from ..errors import DtiError

    if args.dpi < 10 or args.dpi > 1200:
        raise DtiError(f"--dpi {args.dpi}: expected 10 to 1200")

    scores, sources = None, None
    if args.points:
        scores = _scores_from(args.points, args.framework, args.years)
        sources = [file_source(args.points)]
    paths = export(args.province, args.year, args.out, lang=args.lang, formats=args.format,
                   scores=scores, intervals=args.draws > 0, dpi=args.dpi, draws=max(args.draws, 1),
                   sources=sources, framework=args.framework, only=args.charts)
    for p in paths:
        print(p)
    return 0

"""``dti template OUT.xlsx``: an Excel template listing a framework's indicators to fill
(``--sheet``: a working sheet, :mod:`dtilib.io.sheet_template`)."""
from __future__ import annotations

import argparse


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("template", help="write an Excel template to fill with scores (mẫu nhập điểm)",
                       description="Write an Excel workbook listing the framework's indicators (codes, "
                                   "Vietnamese and English names, max points) with a sheet to fill; load it "
                                   "back with 'dti validate'.")
    p.add_argument("out", help="output .xlsx path")
    p.add_argument("--framework", default=None,
                   help="framework id or file (default: the national DTI framework, see 'dti framework')")
    p.add_argument("--province", action="append", dest="units", default=None,
                   help="pre-fill rows for this province (repeatable)")
    p.add_argument("--year", action="append", type=int, dest="years", default=None,
                   help="pre-fill rows for this year (repeatable)")
    p.add_argument("--sheet", action="store_true",
                   help="write a working sheet instead (bảng tự đánh giá): one row per criterion with maximum, "
                        "self-assessed, appraised, status, owner, deadline and notes, as 'dti validate' reads it")
    p.add_argument("--unit", default=None, help="with --sheet: the unit named in the title row (e.g. \"Xã Tân Lập\")")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..errors import DtiError
    from ..io.template import write_template

    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        raise DtiError(f"{out}: expected an .xlsx output path")
    if args.sheet:
        from ..io.sheet_template import write_sheet_template

        if args.years and len(args.years) > 1:
            raise DtiError("--sheet: one --year (a working sheet is one unit's assessment of one year)")
        path = write_sheet_template(args.framework, out, unit=args.unit, year=args.years[0] if args.years else None)
        print(f"wrote {path}")
        return 0
    if args.unit:
        raise DtiError("--unit goes with --sheet; for the points template use --province")
    path = write_template(args.framework, out, units=args.units, years=args.years)
    print(f"wrote {path}")
    return 0

"""``dti template OUT.xlsx``: an Excel template listing a framework's indicators to fill."""
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
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..errors import DtiError
    from ..io.template import write_template

    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        raise DtiError(f"{out}: expected an .xlsx output path")
    path = write_template(args.framework, out, units=args.units, years=args.years)
    print(f"wrote {path}")
    return 0

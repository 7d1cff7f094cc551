"""``dti build``: turn data/raw into data/processed (Parquet + CSV), reproducibly."""
from __future__ import annotations

import argparse


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("build", help="build data/processed from data/raw (dựng dữ liệu)",
                       description="Load every bundled published table (and the synthetic component "
                                   "dataset, marked as such) and write Parquet + CSV files and a manifest. "
                                   "Re-running gives identical bytes; data/raw is never written.")
    p.add_argument("--raw", default=None, help="raw folder (default: the project's data/raw or $DTILIB_RAW)")
    p.add_argument("--out", default=None, help="output folder (default: data/processed beside --raw, else the workspace's or "
                                       "checkout's data/processed, else ./data/processed)")
    p.add_argument("--no-synthetic", action="store_true", help="leave out the synthetic component dataset")
    p.add_argument("-q", "--quiet", action="store_true", help="print only the summary")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..build import build

    log = None if args.quiet else print
    m = build(args.raw, args.out, synthetic=not args.no_synthetic, log=log)
    print(f"{len(m)} files, {int(m.loc[m.file.str.endswith('.csv'), 'rows'].sum())} rows in tables; manifest.csv written")
    return 0

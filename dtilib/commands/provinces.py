"""``dti provinces``: list the registry or resolve names."""
from __future__ import annotations

import argparse


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("provinces", help="list provinces or resolve names (tra cứu tỉnh/thành)",
                       description="List the 63 pre-2025 provinces or the 34 post-2025 units, "
                                   "or resolve names however they are spelt.")
    p.add_argument("names", nargs="*", help="names to resolve (any spelling)")
    p.add_argument("--era", default="pre2025", choices=["pre2025", "post2025"],
                   help="which map: the 63 pre-2025 provinces (default) or the 34 post-2025 units")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..errors import UnknownProvinceError
    from ..provinces import provinces, resolve

    if not args.names:
        df = provinces(args.era)
        cols = ["key", "name_vi", "name_en", "region_en", "successor"] if args.era == "pre2025" \
            else ["key", "name_vi", "name_en", "admin_centre"]
        print(df[cols].to_string(index=False))
        return 0
    failed = 0
    for n in args.names:
        try:
            p = resolve(n, args.era)
            print(f"{n}\t{p.key}\t{p.name_vi}\t{p.name_en}")
        except UnknownProvinceError as exc:
            print(f"{n}\terror: {exc}")
            failed += 1
    return 1 if failed else 0

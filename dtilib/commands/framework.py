"""``dti framework``: list bundled frameworks, show one, or check a user's file."""
from __future__ import annotations

import argparse


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("framework", help="list, show or check index frameworks (bộ chỉ số)",
                       description="Without arguments, list the bundled frameworks. With an id or a "
                                   "YAML/CSV path, validate it and print its indicators.")
    p.add_argument("name", nargs="?", help="bundled id (dti-922, dti-2020, dti-2024, ict-index) or a file")
    p.add_argument("--components", action="store_true", help="also list components")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import pandas as pd

    from ..frameworks import available, load

    if not args.name:
        print(available().to_string(index=False))
        return 0
    fw = load(args.name)
    print(repr(fw))
    for k in ("name_en", "name_vi", "decision", "years", "status", "notes"):
        if fw.meta.get(k):
            print(f"{k}: {fw.meta[k]}")
    if not fw.components_known:
        print("components: the official component list is not public in our data")
    with pd.option_context("display.width", 160, "display.max_colwidth", 50):
        cols = ["code", "name_vi", "name_en", "max_points", "n_components", "scored"]
        print(fw.indicators()[cols].to_string(index=False))
        if len(fw.views):
            print(fw.views[["code", "name_en", "indicators", "max_points"]].to_string(index=False))
        if args.components and len(fw.components()):
            print(fw.components()[["code", "parent", "name_vi", "max_points"]].to_string(index=False))
    return 0

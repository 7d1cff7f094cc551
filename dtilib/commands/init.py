"""``dti init FOLDER``: lay out a workspace of one's own (see :mod:`dtilib.workspace`)."""
from __future__ import annotations

import argparse


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "init", help="make a workspace folder of your own (tạo thư mục làm việc)",
        description="Lay out an analysis folder: data/raw/ for your sheets and points files, "
                    "notebooks/ with the suite's notebooks to edit, reports/, a README and a Makefile. "
                    "Inside it, 'dti report' and 'dti lab' use its notebooks first. "
                    "Existing files are never overwritten.")
    p.add_argument("folder", help="the folder to lay out (created if missing; must not hold the files)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..workspace import create

    written = create(args.folder)
    nbs = sorted(p.name for p in written if p.suffix == ".ipynb")
    print(f"workspace {args.folder}: {len(written)} files, notebooks {', '.join(nbs)}")
    print(f"next: cd {args.folder} && dti report   (or: dti lab; see {args.folder}/README.md)")
    return 0

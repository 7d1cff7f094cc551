"""``dti validate PATH``: check a points file; list every problem or print a summary.

Problems, notes and the summary are in Vietnamese (default) or English (``--lang en``), each
problem naming file, row and column, each unit named as typed and as understood.
A working sheet (a unit's own criteria with maxima and self-assessed/appraised scores, see
:mod:`dtilib.io.sheet`) is read as it is, with ``--unit``/``--year`` where the sheet does not say them
and messages in Vietnamese (default) or English (``--lang en``).
"""
from __future__ import annotations

import argparse


def _years(text: str) -> list[int]:
    out: list[int] = []
    for part in text.split(","):
        part = part.strip()
        if "-" in part:
            a, b = part.split("-", 1)
            out += list(range(int(a), int(b) + 1))
        elif part:
            out.append(int(part))
    return out


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="check a points file (CSV/Excel) (kiểm tra tệp điểm)",
                       description="Check a file of scores (CSV or .xlsx, long or wide, English or Vietnamese "
                                   "headers) against a framework. Exit 0 and a summary when clean; exit 1 "
                                   "listing every problem as file:row:column otherwise. See docs/input-format.md.")
    p.add_argument("path", help="the .csv or .xlsx file")
    p.add_argument("--framework", default=None,
                   help="framework id or file (default: the national DTI framework, see 'dti framework')")
    p.add_argument("--sheet", default=None, help="Excel sheet to read (default: the one holding a table)")
    p.add_argument("--years", type=_years, default=None,
                   help="years to accept, e.g. 2020-2023 (default: the framework's years)")
    p.add_argument("--unit", default=None,
                   help="working sheet: the unit's name (xã, phường, sở …) when the sheet does not say it; "
                        "with many units, the one to check")
    p.add_argument("--year", type=int, default=None,
                   help="working sheet: the assessment year when the sheet does not say it")
    p.add_argument("--lang", choices=("vi", "en"), default="vi",
                   help="language of the messages and the summary (default: vi)")
    p.set_defaults(func=run)


def _run_sheet(args: argparse.Namespace) -> int:
    """A working sheet (a unit's own criteria): read it as it is; every problem, or a summary."""
    from ..errors import ValidationError
    from ..io.sheet import check_sheet

    data, problems = check_sheet(args.path, unit=args.unit, year=args.year, lang=args.lang)
    if problems:
        raise ValidationError(problems, args.lang)
    print(f"{args.path}: OK — {data.summary(args.lang)}")
    for n in data.notes:
        print(f"  {n}")
    return 0


def run(args: argparse.Namespace) -> int:
    from ..errors import ValidationError
    from ..io.load import check, summary
    from ..io.sheet import looks_like_sheet

    if looks_like_sheet(args.path):
        return _run_sheet(args)
    res = check(args.path, args.framework, sheet=args.sheet, years=args.years, lang=args.lang)
    if res.problems:
        raise ValidationError(res.problems, args.lang)
    from ..i18n import text
    from ..provinces import display_name, era_of

    s = summary(res.points)
    lang = args.lang
    print(text("labels", "validate_ok", lang, path=args.path, rows=s["rows"], units=s["provinces"],
               years=", ".join(map(str, s["years"])), indicators=s["indicators"],
               level=text("labels", {"indicator": "main_indicator"}.get(res.level, res.level or "none"), lang).lower(),
               zeros=s["zeros"], missing=s["missing"],
               stages=", ".join(text("labels", st, lang) for st in s["stages"])))
    typed = res.points.attrs.get("units_typed") or {}
    if typed:  # every unit as typed and what it was taken for
        shown = [name if era_of(key) == "own" else
                 (f"{name} → {display_name(key, lang)} ({key})" if name != display_name(key, "vi") else f"{name} ({key})")
                 for name, key in sorted(typed.items(), key=lambda kv: kv[1])]
        print("  " + text("labels", "validate_units", lang, units="; ".join(shown)))
    for note in res.notes:
        print(f"  {note}")
    return 0

"""The ``dti`` command line.

Subcommands live one per module in :mod:`dtilib.commands`; each module defines
``add_parser(subparsers)`` and sets ``func`` to a ``run(args) -> int``. Modules
are discovered, so adding a command never touches this file. Command modules
import heavy libraries inside ``run`` so ``dti --help`` stays fast.

Errors caused by input (:class:`~dtilib.errors.DtiError`) print one clear
message and exit 1; anything else prints a one-line internal error (the
traceback only with ``--debug``) and exits 3. No traceback by default.
"""
from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from . import __version__
from .errors import DtiError


def build_parser() -> argparse.ArgumentParser:
    """The ``dti`` argument parser, with one subcommand per module of :mod:`dtilib.commands`.

    >>> args = build_parser().parse_args(["provinces", "--era", "post2025", "Thái Nguyên"])
    >>> args.command, args.era, args.names
    ('provinces', 'post2025', ['Thái Nguyên'])
    """
    parser = argparse.ArgumentParser(
        prog="dti",
        description="dtilib: analyse Vietnam's provincial DTI and ICT Index "
                    "(Phân tích chỉ số chuyển đổi số cấp tỉnh).")
    parser.add_argument("--version", action="version", version=f"dtilib {__version__}")
    parser.add_argument("--debug", action="store_true", help="show Python tracebacks on internal errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    from . import commands

    for mod in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        if mod.name.startswith("_"):
            continue
        module = importlib.import_module(f"{commands.__name__}.{mod.name}")
        module.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run ``dti`` with ``argv`` (default: the command line); return the exit status.

    >>> main(["provinces", "tp hcm", "Bac Kan"])
    tp hcm   79  Hồ Chí Minh  Ho Chi Minh City
    Bac Kan  06  Bắc Kạn      Bac Kan
    0

    Bad input prints one ``error:`` line on stderr, no traceback, and returns 1:

    >>> import contextlib, sys
    >>> with contextlib.redirect_stderr(sys.stdout):
    ...     main(["framework", "no-such-framework.yaml"])
    error: no-such-framework.yaml: framework file not found
    1
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        return int(args.func(args) or 0)
    except DtiError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # last resort: never a traceback for the user
        if args.debug:
            raise
        print(f"internal error: {type(exc).__name__}: {exc} (run 'dti --debug ...' for details)",
              file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())

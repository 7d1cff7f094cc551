#!/usr/bin/env python
"""Which public functions and classes of dtilib have no runnable example (``>>>``) in their docstring?

Every public function's docstring should carry a short doctest (run by pytest's
``--doctest-modules``). This walks every module of the package, imports it, and
lists each public module-level function or class (name without a leading ``_``,
defined in that module, in a module whose name has no part starting with ``_``) whose docstring (for a class: its own or its
``__init__``'s) has no ``>>>`` line. The ``add_parser``/``run`` entry points of
``dtilib.commands.*`` are CLI plumbing, exercised by the CLI tests, and skipped.

    .venv/bin/python scripts/check_doc_examples.py            # report, exit 0
    .venv/bin/python scripts/check_doc_examples.py --strict   # exit 1 if anything lacks an example
    .venv/bin/python scripts/check_doc_examples.py dtilib.explorer dtilib.table_style   # only these modules

tests/test_doc_examples.py holds the modules already complete to this rule.
"""
from __future__ import annotations

import argparse
import importlib
import inspect
import pkgutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLI_PLUMBING = {"add_parser", "run"}


def modules(package: str = "dtilib") -> list[str]:
    """Names of the package and all its submodules, sorted."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    pkg = importlib.import_module(package)
    names = [package]
    for info in pkgutil.walk_packages(pkg.__path__, prefix=package + "."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            names.append(info.name)  # private modules (``_common``) are skipped
    return sorted(names)


def _has_example(doc: str | None) -> bool:
    return bool(doc) and any(line.lstrip().startswith(">>>") for line in doc.splitlines())


def missing_in(module_name: str) -> list[str]:
    """Qualified names of the public functions/classes of one module lacking a doctest example."""
    mod = importlib.import_module(module_name)
    out = []
    for name, obj in vars(mod).items():
        if name.startswith("_") or getattr(obj, "__module__", None) != module_name:
            continue
        if module_name.startswith("dtilib.commands.") and name in CLI_PLUMBING:
            continue
        if inspect.isfunction(obj):
            ok = _has_example(obj.__doc__)
        elif inspect.isclass(obj):
            init = obj.__dict__.get("__init__")
            ok = _has_example(obj.__doc__) or (init is not None and _has_example(init.__doc__))
        else:
            continue
        if not ok:
            out.append(f"{module_name}.{name}")
    return out


def report(names: list[str] | None = None) -> tuple[dict[str, list[str]], dict[str, str]]:
    """``({module: [names lacking examples]}, {module: import error})`` for ``names`` (default: all)."""
    missing: dict[str, list[str]] = {}
    errors: dict[str, str] = {}
    for m in names or modules():
        try:
            found = missing_in(m)
        except Exception as exc:  # a module that does not import is reported, not fatal
            errors[m] = f"{type(exc).__name__}: {exc}"
            continue
        if found:
            missing[m] = found
    return missing, errors


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("modules", nargs="*", help="module names (default: every dtilib module)")
    ap.add_argument("--strict", action="store_true", help="exit 1 when anything lacks an example")
    args = ap.parse_args(argv)
    missing, errors = report(args.modules or None)
    total = sum(len(v) for v in missing.values())
    for m, names in missing.items():
        print(f"{m}: {len(names)} without an example")
        for n in names:
            print(f"    {n}")
    for m, e in errors.items():
        print(f"{m}: could not import ({e})")
    print(f"{total} public function(s)/class(es) without a doctest example"
          + (f"; {len(errors)} module(s) not importable" if errors else ""))
    return 1 if args.strict and (total or errors) else 0


if __name__ == "__main__":
    sys.exit(main())

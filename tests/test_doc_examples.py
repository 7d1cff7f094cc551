"""Every public function has a runnable example in its docstring (run by --doctest-modules).

Strict for every module of dtilib; a new module is strict from the start: it is found on
disk, not listed by hand. NOT_YET can exempt a module while it is being written.
"""
from __future__ import annotations

import importlib.util
import sys
import textwrap

import pytest

from conftest import ROOT

# Modules (and their submodules) not yet held to the rule: remove them once complete.
NOT_YET: tuple[str, ...] = ()


def _not_yet(module: str) -> bool:
    return any(module == m or module.startswith(m + ".") for m in NOT_YET)


def _modules_on_disk() -> list[str]:
    """Public dtilib modules from the file tree (no imports at collection time)."""
    out = []
    for path in sorted((ROOT / "dtilib").rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        if any(part.startswith("_") for part in parts):
            continue  # private modules (``_common``) are skipped, as by the checker
        out.append(".".join(parts))
    return out


COMPLETE = [m for m in _modules_on_disk() if not _not_yet(m)]


@pytest.fixture(scope="module")
def checker():
    spec = importlib.util.spec_from_file_location("check_doc_examples", ROOT / "scripts" / "check_doc_examples.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.parametrize("module", COMPLETE)
def test_public_functions_have_examples(checker, module):
    assert checker.missing_in(module) == [], f"public names in {module} without a '>>>' example"


def test_strict_list_covers_every_module_the_checker_walks(checker):
    assert set(COMPLETE) == {m for m in checker.modules() if not _not_yet(m)}
    assert {"dtilib", "dtilib.labels", "dtilib.demo.generate", "dtilib.plots.style", "dtilib.deck",
            "dtilib.commands.lab"} <= set(COMPLETE)
    assert {"dtilib.report.runner", "dtilib.commands.report"} <= set(COMPLETE)


def test_checker_finds_a_function_without_example(checker, tmp_path, monkeypatch):
    (tmp_path / "docless_mod.py").write_text(textwrap.dedent('''
        """A module."""
        def documented():
            """Adds.

            >>> 1 + 1
            2
            """
        def bare():
            """No example here."""
        def _private():
            pass
        class Thing:
            def __init__(self):
                """Make one.

                >>> Thing() is not None
                True
                """
        class Other:
            """No example."""
    '''), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        assert checker.missing_in("docless_mod") == ["docless_mod.bare", "docless_mod.Other"]
    finally:
        sys.modules.pop("docless_mod", None)


def test_report_lists_modules(checker, capsys):
    assert "dtilib.explorer" in checker.modules()
    assert not any(part.startswith("_") for m in checker.modules() for part in m.split("."))
    assert checker.main(["dtilib.explorer"]) == 0
    assert "0 public function(s)/class(es) without a doctest example" in capsys.readouterr().out

"""Every public function has a runnable example in its docstring (run by --doctest-modules).

Strict for the modules listed in COMPLETE; scripts/check_doc_examples.py reports the rest.
"""
from __future__ import annotations

import importlib.util
import sys
import textwrap

import pytest

from conftest import ROOT

COMPLETE = ["dtilib.explore", "dtilib.display", "dtilib.commands.lab"]


@pytest.fixture(scope="module")
def checker():
    spec = importlib.util.spec_from_file_location("check_doc_examples", ROOT / "scripts" / "check_doc_examples.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.parametrize("module", COMPLETE)
def test_public_functions_have_examples(checker, module):
    assert checker.missing_in(module) == [], f"public names in {module} without a '>>>' example"


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
    assert "dtilib.explore" in checker.modules()
    assert not any(part.startswith("_") for m in checker.modules() for part in m.split("."))
    assert checker.main(["dtilib.explore"]) == 0
    assert "0 public function(s)/class(es) without a doctest example" in capsys.readouterr().out

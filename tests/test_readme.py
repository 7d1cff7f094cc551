"""The README's code runs as written: its ```python blocks are doctests, run in order."""
from __future__ import annotations

import doctest
import re

from conftest import ROOT

README = ROOT / "README.md"


def test_readme_examples_run_as_written():
    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"^```python\n(.*?)^```", text, flags=re.S | re.M)
    assert len(blocks) >= 2
    test = doctest.DocTestParser().get_doctest("\n\n".join(blocks), {}, "README.md", str(README), 0)
    out: list[str] = []
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test, out=out.append)
    assert runner.failures == 0, "".join(out)
    assert runner.tries >= 6


def test_readme_quick_start_is_the_two_make_verbs():
    text = README.read_text(encoding="utf-8")
    assert "make reports" in text and "make test" in text
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^reports:", makefile, flags=re.M) and re.search(r"^test:", makefile, flags=re.M)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci
    for link in re.findall(r"\]\(((?:docs|notebooks)/[^)#]+)\)", text):
        assert (ROOT / link).exists(), f"README links to a missing file: {link}"

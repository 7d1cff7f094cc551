"""docs/tutorial.md runs as written: every ```python block is a doctest, run in order, in one namespace."""
from __future__ import annotations

import doctest
import re

import pytest

from conftest import ROOT

TUTORIAL = ROOT / "docs" / "tutorial.md"
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _blocks(text: str) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", text, flags=re.S | re.M)


def test_every_python_block_is_a_doctest():
    blocks = _blocks(TUTORIAL.read_text(encoding="utf-8"))
    assert len(blocks) >= 8
    for b in blocks:
        code = [ln for ln in b.splitlines() if ln.strip()]
        assert code and code[0].startswith(">>> "), f"a code block that the tests would not run:\n{b}"


@pytest.mark.slow
def test_tutorial_runs_and_shows_what_it_says(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)                                  # the picture is written here
    text = TUTORIAL.read_text(encoding="utf-8")
    source = "\n\n".join(_blocks(text))                          # fences out, blocks kept in order
    test = doctest.DocTestParser().get_doctest(source, {"__name__": "tutorial"}, "docs/tutorial.md",
                                               str(TUTORIAL), 0)
    out: list[str] = []
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    try:
        runner.run(test, out=out.append)
    finally:
        import matplotlib.pyplot as plt

        plt.close("all")
    assert runner.failures == 0, "".join(out)
    assert runner.tries >= 30
    picture = tmp_path / "bac_kan_2022.png"
    assert picture.read_bytes().startswith(b"\x89PNG")


def test_the_picture_is_committed_and_linked():
    text = TUTORIAL.read_text(encoding="utf-8")
    links = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)
    assert {"img/bac_kan_2022.png", "img/explorer.png"} <= set(links)
    for link in links:
        png = (TUTORIAL.parent / link).read_bytes()
        assert png.startswith(b"\x89PNG") and len(png) < 400_000    # small enough to keep in git


@pytest.mark.parametrize("command", ["make lab", "dti lab"])
def test_setup_commands_named_in_the_tutorial_exist(command):
    text = TUTORIAL.read_text(encoding="utf-8")
    assert command in text
    if command == "make lab":
        assert re.search(r"^lab:", (ROOT / "Makefile").read_text(), flags=re.M)
    else:
        assert (ROOT / "dtilib" / "commands" / "lab.py").exists()

"""One tone-mark style in every text the project writes: the registry's ("Hòa Bình", "Thanh Hóa").

The old style puts the tone on the second vowel of a word-final oa, oe or uy
("hoà", "hoạ", "luỹ"); the registry and every label put it on the first ("hòa",
"họa", "lũy"). Lines that show a user typing the old style (``resolve("Thanh Hoá")``)
are examples of input and stay as they are.
"""
from __future__ import annotations

import re
import unicodedata

import pytest

from conftest import ROOT

TONES = "\u0300\u0301\u0309\u0303\u0323"
# in NFD: o/u, then the second vowel carrying the tone, at the end of a word (qu- is a consonant: "quý")
OLD = re.compile(rf"(?:[oO][aAeE]|(?<![qQ])[uU][yY])[{TONES}](?![\w\u0300-\u036f])")
# every text the project writes: data files, code (text.py documents matching the old style as input,
# provinces.csv keeps it as an alias), notebooks, docs
FILES = sorted({*(ROOT / "dtilib" / "data").glob("*.yaml"), *(ROOT / "dtilib" / "frameworks").glob("*.yaml"),
                *(p for p in (ROOT / "dtilib").rglob("*.py") if p.name != "text.py"),
                *(ROOT / "notebooks").glob("*.ipynb"), *(ROOT / "docs").glob("*.md"), ROOT / "README.md"})


def old_style(text: str) -> list[str]:
    """The words of ``text`` in the old tone-mark style."""
    out = []
    for line in text.splitlines():
        if "resolve(" in line or "fold(" in line:
            continue
        for word in re.findall(r"\w+", unicodedata.normalize("NFC", line)):
            if OLD.search(unicodedata.normalize("NFD", word) + " "):
                out.append(word)
    return out


def test_the_check_sees_the_old_style():
    assert old_style("Dữ liệu minh hoạ; Điểm luỹ kế; Hoà Bình; ủy ban thuỷ lợi hoặc") == ["hoạ", "luỹ", "Hoà", "thuỷ"]
    assert old_style("minh họa, lũy kế, Hòa Bình, hoạt động, loại, quý, khoản, Thanh Hóa") == []


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_old_tone_marks(path):
    assert old_style(path.read_text(encoding="utf-8")) == []


def test_labels_in_the_new_style():
    from dtilib.labels import SYNTHETIC_MARK

    assert SYNTHETIC_MARK["vi"] == "Dữ liệu minh họa — không chính thức"

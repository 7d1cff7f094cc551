"""The words of a points file's problems and notes, in the user's language.

Every text lives in ``dtilib/data/check_text.yaml`` (text section ``"check"`` of
:mod:`dtilib.i18n`); a problem there is ``KEY: {found: {vi, en}, expected: {vi, en}}``.
A key the file does not hold is a bug here, not a user's text: it raises ``KeyError``.

>>> print(problem("f.csv", 3, "Tỉnh", "unknown_province", "vi", name="Lang Sonn", close=""))
f.csv:3:Tỉnh: tên tỉnh 'Lang Sonn' không có trong danh mục; cần một tỉnh/thành phố trong danh mục
"""
from __future__ import annotations

from typing import Any

from ..errors import Problem
from ..i18n import check_lang, entry


def say(key: str, lang: str = "en", **fields: Any) -> str:
    """The text ``key`` (``"a.b"`` reaches into an entry) of the points-file texts in ``lang``.

    >>> say("roles.unit", "vi"), say("words.n_rows", "en", n=4)
    ('tỉnh', '4 rows')
    """
    check_lang(lang)
    e = entry("check", key)
    if e is None:
        raise KeyError(f"no text {key!r} in dtilib/data/check_text.yaml")
    return e[lang].format(**fields) if fields else e[lang]


def problem(file: str, row: int | None, column: str | None, key: str, lang: str = "en",
            found: str | None = None, expected: str | None = None, **fields: Any) -> Problem:
    """The :class:`~dtilib.errors.Problem` ``key`` in ``lang``: its ``found`` and ``expected``
    texts filled with ``fields`` (``found=``/``expected=`` name another entry's text, e.g.
    ``found="empty_cell"`` for the shared "an empty cell").

    >>> print(problem("f.csv", 2, "Năm", "year_out_of_range", "en", year=2019, framework="mine",
    ...               years="2021, 2022, 2023"))
    f.csv:2:Năm: found year 2019; expected a year framework mine applies to (2021, 2022, 2023); use --years to allow others
    """
    return Problem(file, row, column, say(f"{found or key}.found", lang, **fields),
                   say(f"{expected or key}.expected", lang, **fields), lang)

"""``read_points`` / ``validate`` / ``summary``: the public face of :mod:`dtilib.io`."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import Problem, ValidationError
from ..frameworks import Framework, default, load
from .check import Result, check_table
from .read import read_table


def _framework(framework: Framework | str | None) -> Framework:
    if framework is None:
        return default()
    return framework if isinstance(framework, Framework) else load(framework)


def check(path: str | Path, framework: Framework | str | None = None, mapping: dict | None = None,
          sheet: str | None = None, years=None, lang: str = "en") -> Result:
    """Read and check a file; the :class:`~dtilib.io.check.Result` holds points and problems,
    the problems and notes worded in ``lang`` ("en" or "vi").

    >>> res = check("no/such/file.csv")
    >>> res.problems[0].found, len(res.points)
    ('no such file', 0)
    >>> print(check("no/such/file.csv", lang="vi").problems[0])
    no/such/file.csv: không có tệp này; cần một tệp .csv hoặc .xlsx có thật
    """
    fw = _framework(framework)
    try:
        table = read_table(path, sheet=sheet, mapping=mapping, lang=lang)
    except ValidationError as exc:
        return Result(pd.DataFrame(), exc.problems)
    res = check_table(table, fw, mapping=mapping, years=set(years) if years is not None else None, lang=lang)
    res.notes = table.notes + res.notes
    res.points.attrs.update({"framework": fw.id, "level": res.level, "layout": res.layout,
                             "file": str(path), "sheet": table.sheet})
    return res


def read_points(path: str | Path, framework: Framework | str | None = None, mapping: dict | None = None,
                sheet: str | None = None, years=None, lang: str = "en") -> pd.DataFrame:
    """The tidy points of a user's file, or ValidationError listing every problem (in ``lang``).

    ``mapping`` maps the file's headers to ``unit, year, indicator, points,
    stage, self_assessed, appraised, final`` (or ``ignore``) where the built-in
    names do not match; ``sheet`` picks an Excel sheet; ``years`` replaces the
    framework's years. ``attrs["level"]`` says whether the file holds main
    indicators or components (score components against
    ``framework.with_placeholder_components()`` when the official list is not public).

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "d.csv"
    >>> _ = p.write_text("Province,Year,1,2\\nLang Son,2022,80,\\n", encoding="utf-8")  # wide
    >>> pts = read_points(p)
    >>> pts[["unit", "indicator", "points"]].values.tolist(), pts.attrs["layout"]
    ([['20', '1', 80.0], ['20', '2', nan]], 'wide')
    """
    res = check(path, framework, mapping, sheet, years, lang)
    if res.problems:
        raise ValidationError(res.problems, lang)
    return res.points


def validate(path: str | Path, framework: Framework | str | None = None, mapping: dict | None = None,
             sheet: str | None = None, years=None, lang: str = "en") -> list[Problem]:
    """Every problem in a file (empty list when it is clean), worded in ``lang``.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "d.csv"
    >>> _ = p.write_text("Tỉnh,Năm,Mã chỉ số,Điểm\\nLạng Sơn,2022,7,201\\n", encoding="utf-8")
    >>> [(pr.row, pr.column, pr.expected) for pr in validate(p)]
    [(2, 'Điểm', 'at most 200 (max of indicator 7)')]
    """
    return check(path, framework, mapping, sheet, years, lang).problems


def summary(points: pd.DataFrame) -> dict:
    """Counts a user checks after loading: rows, provinces, years, zeros, missing, stages.

    >>> import pandas as pd
    >>> summary(pd.DataFrame({"unit": ["06", "06"], "year": 2022, "indicator": ["1", "2"],
    ...                       "points": [0.0, float("nan")], "stage": "final"}))
    {'rows': 2, 'provinces': 1, 'years': [2022], 'indicators': 2, 'zeros': 1, 'missing': 1, 'stages': ['final']}
    """
    return {
        "rows": int(len(points)),
        "provinces": int(points["unit"].nunique()),
        "years": sorted(int(y) for y in points["year"].unique()),
        "indicators": int(points["indicator"].nunique()),
        "zeros": int((points["points"] == 0).sum()),
        "missing": int(points["points"].isna().sum()),
        "stages": sorted(points["stage"].unique()) if "stage" in points else ["final"],
    }

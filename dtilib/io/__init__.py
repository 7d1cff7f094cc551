"""Load a user's points file (CSV or Excel) with every problem reported at once.

``read_points(path, framework)`` returns the tidy points table of
``docs/data-model.md`` (``unit, year, indicator, points, stage, synthetic,
source``; ``source`` is ``file:row``) or raises
:class:`~dtilib.errors.ValidationError` listing **all** problems, each as
``file:row:column: found …; expected …``. ``validate(path, framework)``
returns the problems as a list (empty when the file is clean).

Accepted files (details in ``docs/input-format.md``):

* ``.csv`` in UTF-8 (with or without BOM), UTF-16 (with BOM, as Excel's
  "Unicode text"), Windows-1258; mojibake ("Báº¯c Káº¡n") is repaired; separator
  ``,`` ``;`` or tab — :mod:`dtilib.io.encoding`, :mod:`dtilib.io.read`;
* ``.xlsx``/``.xlsm``: the one sheet holding a table (or ``sheet=``);
* long (unit, year, indicator, points[, stage]) or wide (one column per
  indicator code); stages side by side as columns ``self_assessed``,
  ``appraised``, ``final`` — header names in English or Vietnamese
  (:mod:`dtilib.io.columns`, e.g. "Tỉnh", "Năm", "Mã chỉ số", "Điểm");
* the rules of :mod:`dtilib.io.check`: registry province names, framework
  years, known indicator codes, 0 ≤ points ≤ max, missing ≠ zero, no duplicates.

``write_template(framework, path)`` writes an Excel template to fill.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "diem.csv"
>>> _ = p.write_text("Tỉnh,Năm,Mã chỉ số,Điểm\\nBắc Kạn,2022,1,67.5\\nBac Kan,2022,2,\\n", encoding="utf-8")
>>> read_points(p)[["unit", "year", "indicator", "points", "stage"]]
  unit  year indicator  points  stage
0   06  2022         1    67.5  final
1   06  2022         2     NaN  final
>>> _ = p.write_text("Tỉnh,Năm,Mã chỉ số,Điểm\\nBắc Kạn,2022,1,167.5\\nAtlantis,2022,2,abc\\n", encoding="utf-8")
>>> for problem in validate(p): print(str(problem).replace(str(p), "diem.csv"))
diem.csv:2:Điểm: found 167.5 points; expected at most 100 (max of indicator 1)
diem.csv:3:Tỉnh: found unknown province 'Atlantis'; expected a province of the registry; closest: ...
diem.csv:3:Điểm: found text 'abc'; expected a number of points (decimal point or comma), or empty / NA when not reported
"""
from __future__ import annotations

from .load import read_points, summary, validate
from .template import write_template

__all__ = ["read_points", "summary", "validate", "write_template"]

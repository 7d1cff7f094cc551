"""Read a unit's working sheet as it is: its own criteria, scores, status, owner, deadline, notes.

A working sheet is what provinces, departments and communes keep their assessment in: title rows
("UBND XÃ TÂN LẬP", "BẢNG TỰ ĐÁNH GIÁ … NĂM 2026"), then a header such as

    Mã | Chỉ tiêu | Nhóm | Điểm tối đa | Tự đánh giá | Thẩm định | Chênh lệch | Trạng thái |
    Phụ trách | Hạn xử lý | Minh chứng/Ghi chú

(English or unaccented headers too; the words accepted are in ``dtilib/data/sheet.yaml``), one row
per criterion (``4.12``), group header rows ("I. Hạ tầng và Nền tảng số", no score) and a total
row ("Tổng cộng"). :func:`read_sheet` takes the framework from the sheet itself and returns a
:class:`SheetData`: the :class:`~dtilib.frameworks.Framework` (groups as depth-1 indicators,
criteria as leaves, the sheet's own names), tidy points (stages ``self_assessed``, ``appraised``
and ``final`` = appraised where the unit has any appraised score, else self-assessed), and a
criteria table (status, owner, deadline, notes, stated difference, source row).

Where the unit and year come from, first found wins: ``unit=``/``year=``; a ``Đơn vị``/``Năm``
column; the title rows; the sheet name (a workbook with one sheet per unit); the file name. With
many units (a unit column, a sheet per unit, a folder of sheets) ``unit=`` and ``year=`` select.

Every problem is reported at once (:class:`~dtilib.errors.ValidationError`), each naming file,
sheet, row and column, in Vietnamese (default) or English (``lang="en"``).

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "tu_danh_gia.csv"
>>> _ = p.write_text('UBND XÃ TÂN LẬP\\nBẢNG TỰ ĐÁNH GIÁ CHUYỂN ĐỔI SỐ NĂM 2026\\n'
...     'Mã,Chỉ tiêu,Điểm tối đa,Tự đánh giá,Thẩm định,Trạng thái\\n'
...     'I,Hạ tầng số,,,,\\n1.1,Cáp quang đến thôn,10,"7,5",6,Hoàn thành\\n1.2,Wifi công cộng,5,,0,Chua thuc hien\\n'
...     'Tổng cộng,,15,"7,5",6,\\n', encoding="utf-8")
>>> d = read_sheet(p)
>>> d.units, d.years, d.framework.max_points
(['Xã Tân Lập'], [2026], 15.0)
>>> d.framework.indicators()[["code", "name_vi", "max_points"]].values.tolist()
[['I', 'Hạ tầng số', 15.0]]
>>> d.points.pivot(index="indicator", columns="stage", values="points")
stage      appraised  final  self_assessed
indicator
1.1              6.0    6.0            7.5
1.2              0.0    0.0            NaN
>>> d.criteria["status"].tolist()
['done', 'not_started']
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import Problem, ValidationError
from ..text import fold
from .check import parse_points
from .columns import cell_text
from .sheet_cells import (_DATE_IN, _FILE_YEAR, SheetProblem, _blank, _col_letter, _fmt, _from_file_name, _lang, _number_text, _PARTS,
                          _spec, _text, column_role, message, note, parse_deadline, parse_status, resolve_unit,
                          status_label, unit_from_title, year_from_title)

# re-exported: the cell readers live in dtilib.io.sheet_cells
__all__ = ["SheetData", "SheetProblem", "check_sheet", "column_role", "dataset", "is_working_sheet",
           "looks_like_sheet", "parse_deadline", "parse_status", "read_sheet", "resolve_unit", "status_label",
           "unit_from_title", "year_from_title"]

HEADER_SEARCH = 30
SUFFIXES = {".csv", ".xlsx", ".xlsm"}
STAGES = ("self_assessed", "appraised")
_TOL = 0.01
_GROUP_NAME = re.compile(r"^\s*((?:[IVXLC]+)|[A-Z])\s*[.):\-–—]\s*(\S.*)$")
_ROMAN = re.compile(r"^(?:[IVXLC]+|[A-Z])\.?$")
_ROMAN_ONLY = re.compile(r"^(?:I{1,3}|IV|V|VI{0,3}|IX|X{1,3}|XI{0,3}|XIV|XV)\.?$")
_CODE = re.compile(r"^[A-Za-z]{0,3}\d+(?:\.\d+)*$")


# ---------------------------------------------------------------------------
# raw tables
# ---------------------------------------------------------------------------
@dataclass
class _Raw:
    path: Path
    file: str              # as shown in messages: "a.csv" or "a.xlsx[Sheet]"
    sheet: str | None
    rows: list              # [(row number, [values])], non-empty rows
    excel: bool
    n_sheets: int = 1


def _raw_csv(p: Path) -> _Raw:
    import csv
    import io

    from .encoding import decode

    dec = decode(p.read_bytes(), str(p))
    lines = [ln for ln in dec.text.splitlines() if ln.strip()][:HEADER_SEARCH]
    delim = max([",", ";", "\t"], key=lambda d: sum(ln.count(d) for ln in lines))
    reader = csv.reader(io.StringIO(dec.text, newline=""), delimiter=delim)
    rows, start = [], 1
    for rec in reader:
        line, start = start, reader.line_num + 1
        if any(c.strip() for c in rec):
            rows.append((line, [unicodedata.normalize("NFC", c).strip() for c in rec]))
    return _Raw(p, str(p), None, rows, False)


def _raw_excel(p: Path) -> list[_Raw]:
    import openpyxl

    wb = openpyxl.load_workbook(p, read_only=True, data_only=True)
    try:
        out = []
        for ws in wb.worksheets:
            rows = []
            for r, vals in enumerate(ws.iter_rows(values_only=True), start=1):
                vals = [unicodedata.normalize("NFC", v).strip() if isinstance(v, str) else v for v in vals]
                if any(not _blank(v) for v in vals):
                    rows.append((r, vals))
            out.append(_Raw(p, f"{p}[{ws.title}]", ws.title, rows, True, len(wb.worksheets)))
        return out
    finally:
        wb.close()


def _roles(values: list) -> dict[int, str]:
    return {i: r for i, r in ((i, column_role(v)) for i, v in enumerate(values)) if r is not None}


def _points_file_header(values: list) -> bool:
    """A header of a points file (dtilib.io.read_points): a province or a stage column."""
    marks = _spec()["points_file_headers"]
    for v in values:
        if _blank(v) or not isinstance(v, str):
            continue
        h = unicodedata.normalize("NFC", v)
        if any(c in marks for c in [fold(h)] + [fold(x) for x in _PARTS.split(h) if fold(x)]):
            return True
    return False


def _is_header(values: list) -> bool:
    roles = set(_roles(values).values())
    return bool(roles & {"code", "name"}) and "max" in roles and bool(roles & {"self_assessed", "appraised", "score"}) \
        and not _points_file_header(values)


def _is_numeric(v: object) -> bool:
    if isinstance(v, bool):
        return False
    if isinstance(v, (int, float)):
        return True
    return isinstance(v, str) and parse_points(v)[0] is not None and not _blank(v) and parse_points(v)[0] == parse_points(v)[0]


def _merge_header(upper: list, lower: list) -> list:
    """A two-row header ("Điểm" above "Tự đánh giá | Thẩm định"): the lower cell where it says something."""
    n = max(len(upper), len(lower))
    out = []
    for j in range(n):
        u = upper[j] if j < len(upper) else None
        lo = lower[j] if j < len(lower) else None
        out.append(lo if not _blank(lo) else u)
    return out


def _header_index(raw: _Raw) -> tuple[int, int, list] | None:
    """(first header row index, last header row index, header values) of a sheet, or None.

    A header is one row, or two when the row below adds column names (merged "Điểm" above
    "Tự đánh giá | Thẩm định") and holds no number.
    """
    rows = raw.rows[:HEADER_SEARCH]
    for i, (_, vals) in enumerate(rows):
        if i + 1 < len(rows):
            lower = rows[i + 1][1]
            if len(_roles(vals)) >= 2 and _roles(lower) and not any(_is_numeric(v) for v in lower):
                merged = _merge_header(vals, lower)
                if _is_header(merged) and set(_roles(merged).values()) != set(_roles(vals).values()):
                    return i, i + 1, merged
        if _is_header(vals):
            return i, i, list(vals)
    return None


def _near_header(raw: _Raw) -> tuple[int, list, list] | None:
    """(row, header, missing column kinds) of a row that is nearly a working sheet's header: criteria
    and self-assessed or appraised scores but no maximum."""
    for r, vals in raw.rows[:HEADER_SEARCH]:
        roles = set(_roles(vals).values())
        if _points_file_header(vals) or not roles & {"code", "name"}:
            continue
        scores = bool(roles & {"self_assessed", "appraised"})
        if scores and "max" not in roles:
            return r, [_text(v) for v in vals if not _blank(v)], ["max"]
    return None


def looks_like_sheet(path: str | Path) -> bool:
    """True when ``path`` is a working sheet, or nearly one (criteria and scores but no maximum column):
    ``dti validate`` then explains what the sheet lacks instead of reading it as a points file.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.csv"
    >>> _ = p.write_text("Mã,Chỉ tiêu,Tự đánh giá,Thẩm định\\n1,X,5,4\\n", encoding="utf-8")
    >>> is_working_sheet(p), looks_like_sheet(p)
    (False, True)
    """
    return is_working_sheet(path) or _any_sheet(path, _near_header)


def _read_raw(p: Path, problems: list, lang: str) -> list[_Raw]:
    def fail(key, **kw):
        problems.append(SheetProblem(str(p), None, None, *message(key, lang, **kw), lang))
        return []

    if not p.exists():
        return fail("unreadable", what="no such file" if lang == "en" else "không có tệp này")
    suffix = p.suffix.lower()
    if suffix not in SUFFIXES:
        return fail("unreadable", what=f"extension {suffix or '(none)'!r}" if lang == "en"
                    else f"đuôi tệp {suffix or '(không có)'!r}")
    try:
        if suffix == ".csv":
            return [_raw_csv(p)]
        return _raw_excel(p)
    except ValidationError as exc:
        problems.extend(exc.problems)
        return []
    except Exception as exc:  # a damaged workbook, a locked file
        return fail("unreadable", what=f"{type(exc).__name__}: {exc}")


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(f for f in path.iterdir() if f.is_file() and f.suffix.lower() in SUFFIXES
                      and not f.name.startswith(("~$", ".")))
    return [path]


def is_working_sheet(path: str | Path) -> bool:
    """True when ``path`` (a .csv/.xlsx file, or a folder of them) holds a working sheet: a header
    row with a criterion code or name, a maximum and a self-assessed or appraised score.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.csv").write_text("UBND XÃ A\\nMã,Chỉ tiêu,Điểm tối đa,Tự đánh giá\\n1,X,10,5\\n", encoding="utf-8")
    >>> _ = (d / "b.csv").write_text("Tỉnh,Năm,Mã chỉ số,Điểm\\nBắc Kạn,2022,1,67\\n", encoding="utf-8")
    >>> is_working_sheet(d / "a.csv"), is_working_sheet(d / "b.csv"), is_working_sheet(d), is_working_sheet("demo")
    (True, False, True, False)
    """
    return _any_sheet(path, _header_index)


def _any_sheet(path, header) -> bool:
    """True when a file (or a file of a folder) has a sheet whose rows ``header`` finds a header in."""
    p = Path(path)
    if not p.exists():
        return False
    for f in _files(p):
        try:
            raws = [_raw_csv(f)] if f.suffix.lower() == ".csv" else _raw_excel(f)
        except Exception:  # noqa: BLE001 - an unreadable file is not a working sheet
            continue
        if any(header(r) is not None for r in raws):
            return True
    return False


# ---------------------------------------------------------------------------
# the result
# ---------------------------------------------------------------------------
@dataclass
class SheetData:
    """What :func:`read_sheet` read: framework, tidy points, criteria table, units, years, notes.

    >>> SheetData.__dataclass_fields__.keys() >= {"framework", "points", "criteria", "units", "years"}
    True
    """

    framework: object
    points: pd.DataFrame
    criteria: pd.DataFrame
    units: list[str]
    years: list[int]
    files: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    resolved: dict = field(default_factory=dict)
    title: str = ""
    illustrative: bool = False
    dataset: object = None   # the Dataset made of it (:func:`dataset`), once made

    def summary(self, lang: str = "vi") -> str:
        """One line: units (as typed, and for provinces what they resolved to), years, criteria, groups.

        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.csv"
        >>> _ = p.write_text("Mã,Chỉ tiêu,Điểm tối đa,Tự đánh giá\\n1,A,10,5\\n2,B,10,\\n", encoding="utf-8")
        >>> read_sheet(p, unit="Bắc Kạn", year=2026).summary("en")
        '1 unit (Bắc Kạn → province Bắc Kạn), year 2026, 2 criteria in 0 groups, max 20; 1 of 2 criterion scores reported'
        """
        fw = self.framework
        shown = []
        for u in self.units:
            r = self.resolved.get(u) or {}
            if r.get("province") and not r.get("commune"):
                shown.append(f"{u} → {'province' if lang == 'en' else 'tỉnh'} {r['province']}")
            elif r.get("commune"):
                shown.append(f"{u} → {r['commune']}, {r['province']}")
            else:
                shown.append(u)
        n_crit = len(fw.leaves())
        n_grp = int(((fw.nodes["depth"] == 1) & fw.nodes["code"].isin(set(fw.nodes["parent"].dropna()))).sum())
        pts = self.points[self.points["stage"] == "final"]
        if lang == "en":
            return (f"{len(self.units)} unit{'s' if len(self.units) != 1 else ''} ({'; '.join(shown)}), "
                    f"year{'s' if len(self.years) != 1 else ''} {', '.join(map(str, self.years))}, {n_crit} criteria "
                    f"in {n_grp} groups, max {fw.max_points:g}; {int(pts['points'].notna().sum())} of {len(pts)} "
                    "criterion scores reported")
        return (f"{len(self.units)} đơn vị ({'; '.join(shown)}), năm {', '.join(map(str, self.years))}, "
                f"{n_crit} chỉ tiêu trong {n_grp} nhóm, tối đa {fw.max_points:g} điểm; có điểm "
                f"{int(pts['points'].notna().sum())}/{len(pts)} chỉ tiêu")


# ---------------------------------------------------------------------------
# reading one table
# ---------------------------------------------------------------------------
@dataclass
class _Crit:
    unit: str
    year: int | None
    code: str
    name: str
    group: str | None       # group key
    max: float
    values: dict            # stage -> float
    status: str | None
    owner: str
    deadline: object
    notes: str
    stated: float
    row: int
    file: str
    auto_code: bool = False
    deadline_text: str | None = None


@dataclass
class _Table:
    raw: _Raw
    unit: str | None
    year: int | None
    crits: list
    groups: dict            # key -> (code, name)
    notes: list
    has_unit_col: bool = False
    has_year_col: bool = False


def _read_table(raw: _Raw, where: tuple, problems: list, lang: str) -> _Table:
    file = raw.file
    s = _spec()

    def add(row, col, key, **kw):
        problems.append(SheetProblem(file, row, col, *message(key, lang, **kw), lang))

    first_hi, hi, hvals = where
    hrow = raw.rows[hi][0]
    header = [_text(v) for v in hvals]
    roles: dict[str, int] = {}
    also: dict[str, list] = {}      # a second notes / owner column ("Minh chứng" and "Ghi chú") is kept too
    for i, role in sorted(_roles(hvals).items()):
        if role in roles:
            if role in ("notes", "owner"):
                also.setdefault(role, []).append(i)
            elif role not in ("seq", "name", "group"):
                add(hrow, _colname(header, i, raw), "duplicate_column", role=header[i],
                    other=_colname(header, roles[role], raw))
            continue
        roles[role] = i
    if "code" not in roles and "seq" in roles:
        roles["code"] = roles.pop("seq")
    data = raw.rows[hi + 1:]
    if "unit" in roles:   # "Đơn vị" holding units of measure (%, điểm, hồ sơ) is not a unit column
        vals_u = [fold(_text(v[roles["unit"]])) for _, v in data if roles["unit"] < len(v) and not _blank(v[roles["unit"]])]
        if not vals_u or any(v in s["measure"] for v in vals_u):
            del roles["unit"]

    def colname(role: str) -> str:
        return _colname(header, roles[role], raw)

    # title rows: unit, year
    notes = [note("header_row", lang, row=hrow)]
    unit = year = None
    found_units = []
    for r, vals in raw.rows[:first_hi]:
        text = " ".join(_text(v) for v in vals if not _blank(v))
        if u := unit_from_title(text):
            found_units.append((fold(u).startswith(("tinh ", "thanh pho ")), r, u))   # a commune before its province
        if year is None and (y := year_from_title(text)):
            year = y
            notes.append(note("year_from_title", lang, year=y, row=r))
    if year is None:   # no "NĂM 2026": one year alone in the title rows ("… 2026", "ngày 15/3/2026")
        lone = {int(m.group(1)) for _, vals in raw.rows[:first_hi] for v in vals if isinstance(v, str)
                for m in _FILE_YEAR.finditer(v)}
        if len(lone) == 1:
            year = lone.pop()
            notes.append(note("year_from_title", lang, year=year, row=raw.rows[0][0]))
    if found_units:
        _, r, unit = min(found_units)
        notes.append(note("unit_from_title", lang, unit=unit, row=r))
    if unit is None and raw.sheet and raw.n_sheets > 1 and fold(raw.sheet) not in s["defaults"] \
            and not re.fullmatch(r"[\d\s._-]*", raw.sheet):
        unit = unicodedata.normalize("NFC", raw.sheet).strip()
        notes.append(note("unit_from_sheet", lang, unit=unit))
    fu, fy = _from_file_name(raw.path)
    if unit is None and fu and raw.n_sheets == 1:
        unit = fu
        notes.append(note("unit_from_file", lang, unit=fu))
    sy = _FILE_YEAR.search(raw.sheet or "")
    if year is None and sy:
        year = int(sy.group(1))
        notes.append(note("year_from_sheet", lang, year=year))
    if year is None and fy:
        year = fy
        notes.append(note("year_from_file", lang, year=fy))

    t = _Table(raw, unit, year, [], {}, notes, "unit" in roles, "year" in roles)

    def cell(vals, role):
        i = roles.get(role)
        return vals[i] if i is not None and i < len(vals) else None

    def joined(vals, role, sep):
        cells = [cell(vals, role)] + [vals[i] if i < len(vals) else None for i in also.get(role, [])]
        texts = [unicodedata.normalize("NFC", cell_text(v)).strip() for v in cells if not _blank(v)]
        return sep.join(texts)

    # codes that are parents of other codes ("4" above "4.1")
    codes = {_code(cell(v, "code")) for _, v in data} - {None, ""}   # each code once: a sheet of many
    parents = {c for c in codes if any(o.startswith(c + ".") for o in codes)}   # units repeats them
    current_group = None
    current_unit = None
    after_total = False
    group_rows = []          # (row, group key, stated values by role)
    seen: dict[tuple, int] = {}
    since_total: dict = {}
    n_auto = 0
    value_roles = [r for r in ("max", "self_assessed", "appraised", "score", "difference") if r in roles]
    for r, vals in data:
        extra = [v for i, v in enumerate(vals) if i >= len(header) or (not header[i] and not _blank(v))]
        if extra and "\n" not in str(extra[0]):
            add(r, f"{'cột' if lang == 'vi' else 'cell'} {len(header) + 1}" if not raw.excel
                else _col_letter(len(header)), "extra_cells", value=_text(extra[0]))
        code = _code(cell(vals, "code"))
        name = _text(cell(vals, "name"))
        # numbers
        nums, bad = {}, False
        for role in value_roles:
            raw_v = cell(vals, role)
            v, why = parse_points(_number_text(raw_v))
            if v is None:
                why_t = {"text": "chữ" if lang == "vi" else "text", "a date": "ngày" if lang == "vi" else "a date",
                         "a percentage": "phần trăm" if lang == "vi" else "a percentage"}.get(why, why)
                add(r, colname(role), "bad_number", why=why_t, value=_text(raw_v))
                v, bad = math.nan, True
            nums[role] = v
        label = fold(code or name)
        row_unit = _text(cell(vals, "unit")) if "unit" in roles else None
        if row_unit:
            current_unit = row_unit
        any_number = any(not math.isnan(v) for v in nums.values()) or bad
        # total row (a subtotal is checked against the rows since the last total, a total against all)
        texts = [fold(x) for x in (code, name, _text(cell(vals, "seq"))) if x]   # "Tổng cộng" in any first cell
        total_label = next((x for x in texts if any(x == tl or x.startswith(tl + " ") for tl in s["totals"])), None)
        if total_label and not _CODE.match(code):
            label = total_label
            key = current_unit if "unit" in roles else None
            above = since_total.pop(key, [])
            every = [c for c in t.crits if ("unit" not in roles or c.unit == key)]
            _check_total(above, nums, r, roles, colname, add, alternative=every)
            after_total = after_total or label in s["totals"]   # "Tổng cộng", not "Cộng nhóm I"
            continue
        if after_total and not any_number:
            continue   # below the total: signatures, dates, "Người lập biểu"
        has_score = any(not math.isnan(nums.get(k, math.nan)) for k in ("self_assessed", "appraised", "score"))
        gm = None
        if not code:
            gm = _GROUP_NAME.match(name)
        elif not _CODE.match(code):
            gm = _GROUP_NAME.match(code)
            if gm and name and gm.group(2).strip() != name:
                gm = None if _ROMAN.match(code) else gm
        roman = bool(code and _ROMAN_ONLY.match(code)) or bool(gm and _ROMAN_ONLY.match(gm.group(1)))
        no_max = math.isnan(nums.get("max", math.nan))
        is_group = (code in parents) or roman or (
            not has_score and (bool(gm) or bool(code and _ROMAN.match(code)) or (no_max and not code and name)))
        if is_group:
            if gm and not name:
                gcode, gname = gm.group(1), gm.group(2).strip()
            elif gm and not code:
                gcode, gname = gm.group(1), gm.group(2).strip()
            else:
                gcode, gname = (code.rstrip(".") or None), name or code
            gkey = gcode or gname
            t.groups.setdefault(gkey, (gcode, gname))
            current_group = gkey
            if any(not math.isnan(nums.get(k, math.nan)) for k in ("max", "self_assessed", "appraised", "score")):
                group_rows.append((r, gkey, nums))
            continue
        if not code and not name:
            if has_score or not math.isnan(nums.get("max", math.nan)):
                add(r, colname("code") if "code" in roles else colname("name"), "no_name")
            continue
        auto = False
        if not code:
            m = re.match(r"^\s*(\d+(?:\.\d+)*)[.)]?\s+\S", name)
            if m:
                code = m.group(1)
            else:
                n_auto += 1
                code, auto = str(n_auto), True
        # the criterion's group
        if "group" in roles and _text(cell(vals, "group")):
            gtext = _text(cell(vals, "group"))
            gm2 = _GROUP_NAME.match(gtext)
            gkey = gtext
            t.groups.setdefault(gkey, (gm2.group(1) if gm2 else None, gm2.group(2).strip() if gm2 else gtext))
        elif "." in code and code.rsplit(".", 1)[0] in parents:
            gkey = code.rsplit(".", 1)[0]
            while gkey not in t.groups and "." in gkey:   # deeper codes: the top-level parent is the group
                gkey = gkey.rsplit(".", 1)[0]
            if gkey not in t.groups:
                gkey = code.split(".")[0]
        elif current_group is not None:
            gkey = current_group
        elif "." in code:
            gkey = code.split(".")[0]
            t.groups.setdefault(gkey, (gkey, gkey))
        else:
            gkey = None
        # checks
        mx = nums.get("max", math.nan)
        if "max" in roles and _blank(cell(vals, "max")):
            add(r, colname("max"), "missing_max", code=code)
        elif not math.isnan(mx) and mx <= 0:
            add(r, colname("max"), "bad_max", value=_fmt(mx))
        values = {}
        for role, stage in (("self_assessed", "self_assessed"), ("appraised", "appraised"), ("score", "final")):
            if role not in roles:
                continue
            v = nums[role]
            if not math.isnan(v) and not math.isnan(mx) and mx > 0:
                if v < 0:
                    add(r, colname(role), "negative", value=_fmt(v), max=_fmt(mx))
                elif v > mx + 1e-9:
                    add(r, colname(role), "over_max", value=_fmt(v), max=_fmt(mx), code=code)
            values[stage] = v
        st = parse_status(cell(vals, "status"))
        if st is False:
            add(r, colname("status"), "bad_status", value=_text(cell(vals, "status")))
            st = None
        dl = parse_deadline(cell(vals, "deadline"))
        dl_text = None
        if dl is False:
            text = _text(cell(vals, "deadline"))
            inner = _DATE_IN.search(text)
            dl = parse_deadline(inner.group(0)) if inner else False
            if dl is False and re.search(r"\d\s*[/.\-]\s*\d", text):
                add(r, colname("deadline"), "bad_date", value=text)     # a date that is not one (31/02)
                dl = None
            elif dl is False:
                dl, dl_text = None, text     # "Thường xuyên", "Hằng năm": kept as said
            else:
                dl_text = text               # "Trước 30/6/2026": the date, and the words
        elif isinstance(cell(vals, "deadline"), str):
            dl_text = None
        notes_text = joined(vals, "notes", "\n")
        row_year = year
        if "year" in roles:
            yv = cell(vals, "year")
            if not _blank(yv):
                try:
                    row_year = int(float(str(yv).replace(",", ".")))
                    if not 1990 <= row_year <= 2100:
                        raise ValueError
                except ValueError:
                    add(r, colname("year"), "bad_year", value=_text(yv))
                    row_year = None
        u = current_unit if "unit" in roles else unit
        dkey = (u, row_year, gkey, code)
        if dkey in seen:
            add(r, colname("code") if "code" in roles else colname("name"), "duplicate_code", code=code, other=seen[dkey])
        else:
            seen[dkey] = r
        c = _Crit(u, row_year, code, name or code, gkey, mx, values, st, joined(vals, "owner", "; "), dl,
                  notes_text, nums.get("difference", math.nan), r, file, auto, dl_text)
        t.crits.append(c)
        since_total.setdefault(current_unit if "unit" in roles else None, []).append(c)
    _qualify_codes(t)
    # stated differences
    if "difference" in roles:
        pairs = [c for c in t.crits if not any(math.isnan(x) for x in
                 (c.stated, c.values.get("self_assessed", math.nan), c.values.get("appraised", math.nan)))]
        fwd = [c for c in pairs if abs(c.stated - (c.values["appraised"] - c.values["self_assessed"])) > _TOL]
        rev = [c for c in pairs if abs(c.stated - (c.values["self_assessed"] - c.values["appraised"])) > _TOL]
        if fwd and not rev:
            t.notes.append(note("difference_reversed", lang))
        else:
            for c in fwd:
                a, sv = c.values["appraised"], c.values["self_assessed"]
                add(c.row, colname("difference"), "difference", stated=_fmt(c.stated), expected=_fmt(a - sv),
                    appraised=_fmt(a), self=_fmt(sv))
    # group rows with stated values
    for r, gkey, nums in group_rows:
        mine = [c for c in t.crits if c.group == gkey]
        _check_total(mine, nums, r, roles, colname, add, group=t.groups[gkey][1])
    if not t.crits:
        add(hrow, None, "no_rows")
    return t


def _qualify_codes(t: _Table) -> None:
    """Numbering that restarts in each group (1, 2, 3 under I; 1, 2 under II): codes become "I.1", "II.1"."""
    groups_of: dict[tuple, set] = {}
    for c in t.crits:
        groups_of.setdefault((c.unit, c.year, c.code), set()).add(c.group)
    if not any(len(g) > 1 for g in groups_of.values()):
        return
    order = list(t.groups)
    for c in t.crits:
        if c.group is not None:
            gcode = t.groups[c.group][0] or f"G{order.index(c.group) + 1}"
            c.code = f"{gcode}.{c.code}"
            c.auto_code = False


def _colname(header: list, i: int, raw: _Raw) -> str:
    h = header[i] if i < len(header) and header[i] else "?"
    return f"{h} ({_col_letter(i)})" if raw.excel else h


def _code(v: object) -> str:
    s = _text(v)
    return s[:-1] if s.endswith(".") and len(s) > 1 else s


def _check_total(crits: list, nums: dict, row: int, roles: dict, colname, add, group: str | None = None,
                 alternative: list | None = None) -> None:
    for role, stage in (("max", None), ("self_assessed", "self_assessed"), ("appraised", "appraised"),
                        ("score", "final")):
        stated = nums.get(role, math.nan)
        if role not in roles or math.isnan(stated):
            continue
        vals = [c.max if stage is None else c.values.get(stage, math.nan) for c in crits]
        vals = [v for v in vals if not math.isnan(v)]
        if not vals:
            continue
        expect = sum(vals)
        if alternative is not None and len(alternative) != len(crits):
            alt = [c.max if stage is None else c.values.get(stage, math.nan) for c in alternative]
            alt = [v for v in alt if not math.isnan(v)]
            if alt and abs(stated - sum(alt)) <= _TOL:
                continue
        if abs(stated - expect) > _TOL:
            if group is None:
                add(row, colname(role), "total", stated=_fmt(stated), expected=_fmt(expect), n=len(vals))
            else:
                add(row, colname(role), "group_total", group=group, stated=_fmt(stated), expected=_fmt(expect))


# ---------------------------------------------------------------------------
# the whole read
# ---------------------------------------------------------------------------
def check_sheet(path: str | Path, unit: str | None = None, year: int | None = None,
                lang: str = "vi", select: bool = True) -> tuple[SheetData | None, list[Problem]]:
    """Read a working sheet (file or folder); return ``(data, [])`` or ``(None, problems)``.

    ``unit``/``year`` name the unit and year of a sheet that does not say them; with many units (or
    a year column) they also select, unless ``select`` is false (then they are only defaults and a
    sheet's own year wins).

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "bad.csv"
    >>> _ = p.write_text("Mã,Chỉ tiêu,Điểm tối đa,Tự đánh giá,Thẩm định,Chênh lệch\\n"
    ...                  "1,A,10,12,8,-4\\n2,B,0,1,1,0\\n3,C,5,4,3,2\\n", encoding="utf-8")
    >>> data, problems = check_sheet(p, unit="Xã A", year=2026, lang="en")
    >>> for pr in problems: print(str(pr).replace(str(p), "bad.csv"))
    bad.csv:2:Tự đánh giá: found 12 points; expected 0 to 10 (the maximum of criterion 1)
    bad.csv:3:Điểm tối đa: found maximum 0; expected a maximum greater than 0
    bad.csv:4:Chênh lệch: found a difference of 2; expected -1 (= appraised 3 − self-assessed 4)
    """
    lang = _lang(lang)
    problems: list[Problem] = []
    p = Path(path)
    files = _files(p) if p.exists() else [p]
    if p.is_dir() and not files:
        problems.append(SheetProblem(str(p), None, None, *message("empty_folder", lang), lang))
        return None, problems
    tables: list[_Table] = []
    skipped_files: list[Path] = []
    for f in files:
        raws = _read_raw(f, problems, lang)
        found = []
        for raw in raws:
            hi = _header_index(raw)
            if hi is None:
                continue
            found.append((raw, hi))
        if raws and not found and p.is_dir() and len(files) > 1:
            skipped_files.append(f)   # a folder may hold other tables too: noted, not a problem
        elif raws and not found and any(_near_header(r) for r in raws):
            for raw in raws:
                near = _near_header(raw)
                if near:
                    need = "Điểm tối đa" if lang == "vi" else "the maximum (Max points)"
                    problems.append(SheetProblem(raw.file, near[0], None, *message(
                        "missing_column", lang, header=", ".join(near[1]), need=need), lang))
        elif raws and not found:
            if raws[0].excel:
                problems.append(SheetProblem(str(f), None, None, *message(
                    "no_sheet", lang, sheets=", ".join(r.sheet for r in raws)), lang))
            else:
                problems.append(SheetProblem(str(f), None, None, *message("no_header", lang, n=HEADER_SEARCH), lang))
        n_data = len(found)
        skipped = [raw.sheet for raw in raws if raw.excel and raw.rows and all(raw is not r for r, _ in found)]
        for raw, hi in found:
            raw.n_sheets = n_data
            tables.append(_read_table(raw, hi, problems, lang))
        if found and skipped:
            tables[-1].notes += [note("skipped_sheet", lang, sheet=sh) for sh in skipped]
    if not tables and skipped_files and not problems:
        problems.append(SheetProblem(str(p), None, None, *message("no_header", lang, n=HEADER_SEARCH), lang))
    if problems:
        return None, _in_order(problems)
    if skipped_files:
        tables[0].notes += [note("skipped_file", lang, file=f.name) for f in skipped_files]
    _units_from_sheet_names(tables, lang)
    # unit and year of each table
    single = len(tables) == 1 and not tables[0].has_unit_col
    for t in tables:
        if single and unit and (select or t.unit is None):
            t.unit = unicodedata.normalize("NFC", str(unit)).strip()
        if not t.has_year_col and year is not None and (select or t.year is None):
            t.year = int(year)
        if not t.has_unit_col and t.unit is None:
            problems.append(SheetProblem(t.raw.file, None, None, *message("no_unit", lang), lang))
        if not t.has_year_col and t.year is None:
            problems.append(SheetProblem(t.raw.file, None, None, *message("no_year", lang), lang))
        for c in t.crits:
            if not t.has_unit_col:
                c.unit = t.unit
            if not t.has_year_col or c.year is None:
                c.year = t.year if c.year is None else c.year
            if c.unit is None and t.has_unit_col:
                problems.append(SheetProblem(t.raw.file, c.row, None, *message("no_unit", lang), lang))
            if c.year is None and t.year is None and t.has_year_col:
                problems.append(SheetProblem(t.raw.file, c.row, None, *message("no_year", lang), lang))
    seen_units: dict[tuple, str] = {}
    for t in tables:
        if t.has_unit_col:
            continue
        k = (fold(t.unit), t.year)
        if k in seen_units:
            problems.append(SheetProblem(t.raw.file, None, None, *message(
                "duplicate_unit", lang, unit=t.unit, year=t.year, other=seen_units[k]), lang))
        else:
            seen_units[k] = t.raw.file
    if problems:
        return None, problems
    crits = [c for t in tables for c in t.crits]
    # select a unit / year among many
    if unit and not single and select:
        want = fold(unit)
        units_all = list(dict.fromkeys(c.unit for c in crits))
        crits = [c for c in crits if fold(c.unit) == want]
        if not crits:
            problems.append(SheetProblem(str(p), None, None, *message(
                "unit_not_found", lang, unit=unit, units=", ".join(units_all)), lang))
    if year is not None and any(t.has_year_col for t in tables) and select:
        years_all = sorted({c.year for c in crits})
        crits = [c for c in crits if c.year == int(year)]
        if not crits and not problems:
            problems.append(SheetProblem(str(p), None, None, *message(
                "year_not_found", lang, year=year, years=", ".join(map(str, years_all))), lang))
    if problems:
        return None, problems
    fw, keys = _framework(tables, crits, p, problems, lang)
    if problems:
        return None, problems
    points, criteria = _tables(crits, keys, fw)
    units = list(dict.fromkeys(c.unit for c in crits))
    province = None
    for t in tables:
        for _, vals in t.raw.rows[:HEADER_SEARCH]:
            u = unit_from_title(" ".join(_text(v) for v in vals if not _blank(v)))
            if u and fold(u).startswith(("tinh ", "thanh pho ")):
                province = u
                break
    resolved = {u: resolve_unit(u, province) for u in units}
    notes = [f"{t.raw.file}: {n}" for t in tables for n in t.notes]
    data = SheetData(fw, points, criteria, units, sorted({int(c.year) for c in crits}),
                     [str(f) for f in files], notes, resolved, fw.meta.get("name_vi", ""))
    return data, []


def _units_from_sheet_names(tables: list, lang: str) -> None:
    """A workbook whose sheets all carry the same title unit (the province scoring them) and are named
    for their units: the sheet names are the units."""
    defaults = _spec()["defaults"]
    by_file: dict[Path, list] = {}
    for t in tables:
        if t.raw.excel and not t.has_unit_col:
            by_file.setdefault(t.raw.path, []).append(t)
    for ts in by_file.values():
        names = [unicodedata.normalize("NFC", t.raw.sheet).strip() for t in ts]
        same = len({(fold(t.unit or ""), t.year) for t in ts}) == 1   # every sheet the same unit and year
        if len(ts) > 1 and same and ts[0].unit is not None and len({fold(n) for n in names}) == len(ts) \
                and not any(fold(n) in defaults or re.fullmatch(r"[\d\s._-]*", n) for n in names):
            for t, n in zip(ts, names):
                t.notes.append(note("unit_from_sheet", lang, unit=n))
                t.unit = n


def _in_order(problems: list) -> list:
    """Problems by file, then row (stable: the order found within a row)."""
    first = {}
    for pr in problems:
        first.setdefault(pr.file, len(first))
    return sorted(problems, key=lambda pr: (first[pr.file], pr.row if pr.row is not None else -1))


def _framework(tables: list, crits: list, p: Path, problems: list, lang: str):
    """Criteria keyed by code (by folded name where the sheet had no codes) → one Framework."""
    from ..frameworks.model import _from_doc

    groups: dict[str, tuple] = {}
    for t in tables:
        for k, v in t.groups.items():
            groups.setdefault(k, v)
    order: dict[str, dict] = {}
    keys: dict[int, str] = {}
    auto = all(c.auto_code for c in crits)
    for c in crits:
        k = fold(c.name) if auto else c.code
        if k not in order:
            order[k] = {"code": str(len(order) + 1) if auto else c.code, "name": c.name, "group": c.group,
                        "max": c.max, "where": f"{c.file}:{c.row}"}
        else:
            o = order[k]
            if not math.isnan(c.max) and not math.isnan(o["max"]) and abs(c.max - o["max"]) > 1e-9:
                problems.append(SheetProblem(c.file, c.row, None, *message(
                    "max_differs", lang, code=c.code, value=_fmt(c.max), max=_fmt(o["max"]), other=o["where"]), lang))
            if math.isnan(o["max"]):
                o["max"] = c.max
        keys[id(c)] = order[k]["code"]
    if problems:
        return None, keys
    crit_codes = {o["code"] for o in order.values()}
    gcode: dict[str, str] = {}
    used = set(crit_codes) | {"TOTAL"}
    for i, (k, (code, _name)) in enumerate(groups.items(), start=1):
        c = str(code) if code else f"G{i}"
        while c in used:
            c = f"G{i}" if c != f"G{i}" else f"G{i}_"
        used.add(c)
        gcode[k] = c
    ind, by_group = [], {}
    for o in order.values():
        leaf = {"code": o["code"], "name_vi": o["name"], "name_en": o["name"],
                "max_points": None if math.isnan(o["max"]) else float(o["max"])}
        if o["group"] is not None and o["group"] in gcode:
            g = gcode[o["group"]]
            if g not in by_group:
                by_group[g] = {"code": g, "name_vi": groups[o["group"]][1], "name_en": groups[o["group"]][1],
                               "children": []}
                ind.append(by_group[g])
            by_group[g]["children"].append(leaf)
        else:
            ind.append(leaf)
    for g in by_group.values():
        mx = [ch["max_points"] for ch in g["children"]]
        g["max_points"] = None if any(m is None for m in mx) else float(sum(mx))
    tops = [i["max_points"] for i in ind]
    first = tables[0]
    title = ""
    for _, vals in first.raw.rows[:(_header_index(first.raw) or (0,))[0]]:
        text = " ".join(_text(v) for v in vals if not _blank(v))
        if year_from_title(text) or (text and not unit_from_title(text)):
            title = text
            break
    stem = p.stem if p.is_file() or not p.exists() else p.name
    doc = {"id": f"sheet:{stem}", "name_vi": title or stem, "name_en": title or stem, "total_code": "TOTAL",
           "max_points": None if any(m is None for m in tops) else float(sum(tops)), "aggregation": "sum",
           "index": "own", "own": True, "years": sorted({int(c.year) for c in crits}), "indicators": ind,
           "generated_codes": sorted(c for k, c in gcode.items() if not groups[k][0])}
    fw = _from_doc(doc, str(p))
    return fw, keys


def _tables(crits: list, keys: dict, fw) -> tuple[pd.DataFrame, pd.DataFrame]:
    parent = dict(zip(fw.nodes["code"], fw.nodes["parent"]))
    pts, rows = [], []
    has_appr = {}
    for c in crits:
        if not math.isnan(c.values.get("appraised", math.nan)):
            has_appr[(c.unit, c.year)] = True
    for c in crits:
        code = keys[id(c)]
        src = f"{c.file}:{c.row}"
        for stage in STAGES:
            if stage in c.values:
                pts.append((c.unit, int(c.year), code, c.values[stage], stage, False, src))
        if "final" in c.values:
            final = c.values["final"]
        elif has_appr.get((c.unit, c.year)):
            final = c.values.get("appraised", math.nan)
        else:
            final = c.values.get("self_assessed", math.nan)
        pts.append((c.unit, int(c.year), code, final, "final", False, src))
        g = parent.get(code)
        rows.append({"unit": c.unit, "year": int(c.year), "indicator": code, "name": c.name,
                     "group": None if g == "TOTAL" else g, "max_points": c.max,
                     "self_assessed": c.values.get("self_assessed", math.nan),
                     "appraised": c.values.get("appraised", math.nan), "final": final,
                     "status": c.status, "owner": c.owner or None,
                     "deadline": pd.Timestamp(c.deadline) if c.deadline else pd.NaT,
                     "deadline_text": c.deadline_text,
                     "notes": c.notes or None, "stated_difference": c.stated, "row": src})
    points = pd.DataFrame(pts, columns=["unit", "year", "indicator", "points", "stage", "synthetic", "source"])
    points["points"] = points["points"].astype(float)
    criteria = pd.DataFrame(rows, columns=["unit", "year", "indicator", "name", "group", "max_points",
                                           "self_assessed", "appraised", "final", "status", "owner", "deadline",
                                           "deadline_text", "notes", "stated_difference", "row"])
    criteria["deadline"] = pd.to_datetime(criteria["deadline"])
    points.attrs.update({"framework": fw.id, "level": "component", "layout": "sheet"})
    return points, criteria


def read_sheet(path: str | Path, unit: str | None = None, year: int | None = None,
               lang: str = "vi", select: bool = True) -> SheetData:
    """Read a working sheet (a .csv/.xlsx file, a workbook with a sheet per unit, or a folder of
    them) into a :class:`SheetData`; raise ValidationError listing every problem.

    >>> read_sheet("no/such/sheet.csv", lang="en")
    Traceback (most recent call last):
    ...
    dtilib.errors.ValidationError: 1 problem(s) found:
      no/such/sheet.csv: found no such file; expected a readable .csv or .xlsx file
    """
    data, problems = check_sheet(path, unit, year, lang, select)
    if problems:
        raise ValidationError(problems)
    return data


def dataset(path: str | Path, unit: str | None = None, year: int | None = None, lang: str = "vi",
            illustrative: bool = False, select: bool = False):
    """A working sheet as a :class:`~dtilib.dataset.Dataset` (what ``open_dataset(path)`` gives for a
    sheet): the sheet's framework, its points (stages self_assessed, appraised, final), era ``"own"``
    (units keyed by their names as typed), provenance the files with their SHA-256, and
    ``extra["criteria"]`` (status, owner, deadline, notes per criterion) and ``extra["sheet"]``
    (the :class:`SheetData`). ``unit``/``year`` name a sheet's unit and year where it does not say
    them; they select among many units only with ``select=True`` (a dataset keeps every unit, so a
    chart can compare one with the others).

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "xa_an_phu_2026.csv"
    >>> _ = p.write_text("Mã,Chỉ tiêu,Điểm tối đa,Tự đánh giá,Thẩm định\\n1,Cáp quang,10,8,6\\n2,Wifi,5,5,\\n",
    ...                  encoding="utf-8")
    >>> ds = dataset(p)
    >>> ds.era, ds.unit("xa an phu"), ds.years, ds.headline_stage
    ('own', 'Xã An Phu', [2026], 'final')
    >>> ds.totals()[["unit", "points", "max_points"]].values.tolist()
    [['Xã An Phu', 6.0, 15.0]]
    >>> ds.scores_at("self_assessed").query("indicator == 'TOTAL'")["points"].tolist()
    [13.0]
    """
    from ..dataset import Dataset, Provenance
    from ..files import sha256

    d = read_sheet(path, unit=unit, year=year, lang=lang, select=select)
    d.illustrative = d.illustrative or illustrative
    files = tuple((f, sha256(f)) for f in d.files if Path(f).is_file())
    prov = Provenance("illustrative", files=files, note="dtilib example working sheet") if d.illustrative \
        else Provenance("file", files=files)
    ds = Dataset(d.framework, d.points, era="own", provenance=prov, name=d.framework.id,
                 extra={"criteria": d.criteria, "sheet": d}, unit_names={u: u for u in d.units})
    d.dataset = ds
    return ds

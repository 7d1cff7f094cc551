"""The rules a points file must keep, checked all at once.

Layouts
    *long*: one row per unit × year × indicator, columns unit, year,
    indicator, points (and optionally stage); or instead of ``points`` one
    column per stage side by side (``self_assessed``, ``appraised``, ``final``).
    *wide*: unit, year (optionally stage) and one column per indicator code
    (header "7.03", "1" or "1. Nhận thức số").

Rules (each breach is one :class:`~dtilib.errors.Problem`, all reported together)
    * province names resolve in the registry (pre-2025 provinces, else post-2025 units);
    * years are whole numbers the framework was used for (``dti-922``: 2021–2023;
      a framework without listed years: 2000 to next year); ``years=`` widens this;
    * indicator codes are leaves of the framework — for a framework whose
      components are not public (``dti-922``) either its main indicators or
      the placeholder component codes of :meth:`Framework.with_placeholder_components`,
      but not both in one file;
    * points are numbers between 0 and the indicator's maximum. A decimal comma
      ("12,5") is read as 12.5; empty, ``NA``, ``N/A``, ``-`` mean *not reported*
      and stay NaN (missing is not zero); any other text is an error;
    * stage (if given) is self_assessed / appraised / final (English or Vietnamese);
    * a unit × year × indicator × stage appears once (spelling variants of one
      province count as the same unit).

Rows with no value and no province or no year (an untouched template row) are skipped;
a row with province and year but no value is kept as *not reported* (NaN).
"""
from __future__ import annotations

import datetime as _dt
import difflib
import math
import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import Problem, UnknownProvinceError
from ..frameworks import Framework
from ..provinces import display_name, era_of, key as unit_key
from .columns import STAGES, canonical, cell_text, code_aliases, header_code, stage_of
from .read import Table
from .words import problem, say

MISSING = {"", "na", "n/a", "nan", "null", "none", "-", "–", "—", "#n/a", "không có", "khong co"}
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_TOL = 1e-9


@dataclass
class Result:
    """Checked points and every problem found.

    >>> Result(_empty(), []).problems
    []
    """

    points: pd.DataFrame
    problems: list[Problem]
    layout: str = ""
    level: str = ""
    notes: list[str] = field(default_factory=list)


def allowed_years(fw: Framework) -> set[int]:
    """Years a framework applies to (see the module docstring).

    >>> from dtilib.frameworks import DEFAULT, load
    >>> sorted(allowed_years(load(DEFAULT)))
    [2021, 2022, 2023]
    """
    from ..frameworks import for_year

    this_year = _dt.date.today().year
    listed = {int(y) for y in (fw.meta.get("years") or [])}
    if not listed:
        return set(range(2000, this_year + 2))
    out = set(listed)
    for y in range(min(listed), this_year + 1):
        try:
            if for_year(y, str(fw.meta.get("index", "DTI"))).id == fw.id:
                out.add(y)
        except Exception:
            pass
    return out


def _fmt_years(ys: set[int]) -> str:
    ys = sorted(ys)
    if len(ys) > 3 and ys == list(range(ys[0], ys[-1] + 1)):
        return f"{ys[0]}–{ys[-1]}"
    return ", ".join(map(str, ys))


def parse_points(v: object) -> tuple[float | None, str | None]:
    """(value, None) or (None, reason). NaN for a missing marker.

    >>> parse_points("12,5"), parse_points(" NA "), parse_points("abc")[1]
    ((12.5, None), (nan, None), 'text')
    """
    if v is None:
        return math.nan, None
    if isinstance(v, bool):
        return None, "a true/false value"
    if isinstance(v, (int, float, np.integer, np.floating)):
        f = float(v)
        return (math.nan, None) if math.isnan(f) else (f, None)
    if isinstance(v, (_dt.date, _dt.datetime, _dt.time)):
        return None, "a date"
    s = unicodedata.normalize("NFC", str(v)).strip().replace("\u00a0", "")
    if s.lower() in MISSING:
        return math.nan, None
    s2 = s.replace(" ", "")
    if _DECIMAL_COMMA.match(s2):
        s2 = s2.replace(",", ".")
    if _NUMBER.match(s2):
        return float(s2), None
    if s2.endswith("%"):
        return None, "a percentage"
    return None, "text"


def _parse_year(v: object) -> int | None:
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        return int(v) if float(v).is_integer() else None
    s = str(v).strip()
    if re.fullmatch(r"\d{4}(\.0+)?", s):
        return int(float(s))
    return None


def _leaf_table(fw: Framework) -> tuple[dict[str, float], dict[str, str], Framework | None]:
    """Accepted codes → max points, code → level, and the placeholder framework if used."""
    maxima = fw.maxima()
    leaves = fw.leaves()
    codes = {str(c): float(maxima[c]) for c in leaves["code"]}
    level = {str(c): ("component" if d >= 2 else "indicator") for c, d in zip(leaves["code"], leaves["depth"])}
    ph = fw.with_components_or_placeholders()
    if ph is fw:
        return codes, level, None
    pm = ph.maxima()
    for c in ph.components()["code"]:
        codes[str(c)] = float(pm[c])
        level[str(c)] = "component"
    return codes, level, ph


def _unit_shown(typed: str, unit: str) -> str:
    """A unit as the user typed it and what it was taken for: ``Lang Son → Lạng Sơn (20)``.

    >>> _unit_shown("Lang Son", "20"), _unit_shown("Lạng Sơn", "20"), _unit_shown("Xã A", "Xã A")
    ('Lang Son → Lạng Sơn (20)', 'Lạng Sơn (20)', 'Xã A')
    """
    if era_of(unit) == "own":
        return typed
    name = display_name(unit, "vi")
    return f"{typed} ({unit})" if typed == name else f"{typed} → {name} ({unit})"


def check_table(t: Table, fw: Framework, mapping: dict | None = None,
                years: set[int] | None = None, lang: str = "en") -> Result:
    """Apply every rule to a read table; collect all problems, worded in ``lang``.

    >>> from dtilib.frameworks import DEFAULT, load
    >>> t = Table("f.csv", ["Tỉnh", "Năm", "Mã chỉ số", "Điểm"], [(2, ["Hà Nội", "2022", "1", "90"]),
    ...                                                           (3, ["Hà Nội", "2022", "2", "x"])])
    >>> r = check_table(t, load(DEFAULT))
    >>> len(r.points), [str(p) for p in r.problems]
    (1, ["f.csv:3:Điểm: found text 'x'; expected a number of points (decimal point or comma), or empty / NA when not reported"])
    >>> print(check_table(t, load(DEFAULT), lang="vi").problems[0])
    f.csv:3:Điểm: chữ 'x'; cần một số điểm (dấu chấm hoặc dấu phẩy thập phân), hoặc để trống / NA nếu không có số liệu
    """
    problems: list[Problem] = []
    file = t.file
    letters = t.letters

    def colname(i: int) -> str:
        h = t.header[i] if i < len(t.header) and t.header[i] else say("words.no_header", lang)
        return f"{h} ({letters[i]})" if letters else h

    def add(row, col, key, found=None, expected=None, **fields):
        problems.append(problem(file, row, col, key, lang, found, expected, **fields))

    def role_name(role):
        return say(f"roles.{role}", lang)

    def lost_letters(text):
        return say("words.lost_letters", lang) if ("?" in text or "\ufffd" in text) else ""

    if not t.header:
        add(1, None, "no_header")
        return Result(_empty(), problems)
    if not t.rows:
        add(None, None, "no_rows")
        return Result(_empty(), problems)

    codes, code_level, _ph = _leaf_table(fw)
    aliases = code_aliases(list(codes))
    roles: dict[str, list[int]] = {}
    code_cols: dict[int, str] = {}
    unknown_cols: list[int] = []
    for i, h in enumerate(t.header):
        role = canonical(h, mapping) if h else None
        if role in codes and mapping and h in mapping:  # user mapped a header to a code
            code_cols[i] = role
            continue
        if role is not None:
            roles.setdefault(role, []).append(i)
            continue
        code = header_code(h, aliases) if h else None
        if code is not None:
            code_cols[i] = code
        elif h:
            unknown_cols.append(i)
    for role, idx in roles.items():
        if role != "ignore" and len(idx) > 1:
            add(1, colname(idx[1]), "second_column", role=role_name(role), other=colname(idx[0]))
    value_roles = [r for r in ("points", *STAGES) if r in roles]
    layout = "long" if "indicator" in roles else ("wide" if code_cols else "")
    missing_cols = [r for r in ("unit", "year") if r not in roles]
    if layout == "long" and not value_roles:
        missing_cols.append("points")
    if not layout:
        missing_cols.append("indicator")
        if not value_roles:
            missing_cols.append("points")
    if missing_cols:
        add(1, None, "missing_columns", header=t.header, roles=", ".join(map(role_name, missing_cols)),
            lost=lost_letters("".join(t.header)))
        return Result(_empty(), problems)
    if layout == "long" and code_cols:
        for i in code_cols:
            add(1, colname(i), "long_and_wide")
    if layout == "wide" and value_roles:
        for r in value_roles:
            add(1, colname(roles[r][0]), "value_in_wide", role=role_name(r))
    if layout == "wide":
        for i in unknown_cols:
            add(1, colname(i), "unknown_header", header=t.header[i], framework=fw.id, codes=", ".join(list(codes)[:4]))
    if problems:
        return Result(_empty(), problems, layout)

    ui, yi = roles["unit"][0], roles["year"][0]
    si = roles["stage"][0] if "stage" in roles else None
    ii = roles["indicator"][0] if layout == "long" else None
    if layout == "long":
        value_cols = [(roles[r][0], None if r == "points" else r) for r in value_roles]
    else:
        value_cols = [(i, None) for i in code_cols]
    ok_years = years if years is not None else allowed_years(fw)
    own_units = fw.units == "own"  # a user's framework: units need not be provinces
    unit_cache: dict[str, object] = {}
    records = []
    for rownum, vals in t.rows:
        def cell(i):
            return vals[i] if i is not None and i < len(vals) else None

        def blank(v):
            return v is None or (isinstance(v, str) and not v.strip())

        if (blank(cell(ui)) or blank(cell(yi))) and all(blank(cell(i)) for i, _ in value_cols):
            continue  # untouched template row
        for i in range(len(vals)):
            if (i >= len(t.header) or not t.header[i]) and not blank(vals[i]):
                add(rownum, colname(i) if i < len(t.header) else say("words.cell", lang, n=i + 1),
                    "under_no_header", value=cell_text(vals[i]))
                break
        # unit
        raw_unit = cell(ui)
        unit = None
        if blank(raw_unit):
            add(rownum, colname(ui), "empty_unit", found="empty_cell")
        else:
            name = unicodedata.normalize("NFC", cell_text(raw_unit)).strip()
            if name not in unit_cache:
                try:
                    unit_cache[name] = unit_key(name)
                except UnknownProvinceError as exc:
                    unit_cache[name] = name if own_units else exc
            u = unit_cache[name]
            if isinstance(u, UnknownProvinceError):
                close = say("words.closest", lang, names=", ".join(u.candidates)) if u.candidates else ""
                add(rownum, colname(ui), "unknown_province", name=name, close=close + lost_letters(name))
            else:
                unit = u
        # year
        raw_year = cell(yi)
        year = _parse_year(raw_year)
        if blank(raw_year):
            add(rownum, colname(yi), "empty_year", found="empty_cell", years=_fmt_years(ok_years))
            year = None
        elif year is None:
            add(rownum, colname(yi), "bad_year", value=cell_text(raw_year), years=_fmt_years(ok_years))
        elif year not in ok_years:
            add(rownum, colname(yi), "year_out_of_range", year=year, framework=fw.id, years=_fmt_years(ok_years))
            year = None
        # stage column
        stage_cell = "final"
        if si is not None and not blank(cell(si)):
            st = stage_of(cell(si))
            if st is None:
                add(rownum, colname(si), "bad_stage", value=cell_text(cell(si)))
                stage_cell = None
            else:
                stage_cell = st
        # indicator (long)
        row_code = None
        if layout == "long":
            raw_code = cell(ii)
            if blank(raw_code):
                add(rownum, colname(ii), "empty_code", found="empty_cell", framework=fw.id)
            else:
                txt = cell_text(raw_code)
                row_code = aliases.get(txt)
                if row_code is None:
                    close = difflib.get_close_matches(txt, list(codes), n=3, cutoff=0.6)
                    hint = (say("words.closest", lang, names=", ".join(close)) if close
                            else say("words.examples", lang, codes=", ".join(list(codes)[:4])))
                    add(rownum, colname(ii), "unknown_code", code=txt, framework=fw.id, hint=hint)
        for ci, col_stage in value_cols:
            code = row_code if layout == "long" else code_cols[ci]
            stage = col_stage or stage_cell
            v, why = parse_points(cell(ci))
            if why is not None:
                problems.append(Problem(file, rownum, colname(ci), say(
                    "bad_points.found_text" if why == "text" else "bad_points.found", lang,
                    why=say(f"why.{why}", lang), value=cell_text(cell(ci))), say("bad_points.expected", lang), lang))
                v = None
            elif code is not None and not math.isnan(v):
                mx = codes[code]
                if v < -_TOL:
                    problems.append(Problem(file, rownum, colname(ci), say("negative.found", lang, value=f"{v:g}"), say(
                        "negative.expected" if not math.isnan(mx) else "negative.expected_no_max", lang,
                        max=f"{mx:g}", code=code), lang))
                    v = None
                elif not math.isnan(mx) and v > mx + _TOL:
                    add(rownum, colname(ci), "over_max", value=f"{v:g}", max=f"{mx:g}", code=code)
                    v = None
            if unit is not None and year is not None and code is not None and stage is not None and v is not None:
                records.append((unit, year, code, v, stage, rownum, ci, name))

    if not records and not problems:
        add(None, None, "no_filled_rows")
    df = pd.DataFrame(records, columns=["unit", "year", "indicator", "points", "stage", "src_row", "src_col",
                                        "typed"])
    if own_units and len(df) and (df["unit"].map(era_of) == "own").any():
        df["unit"] = df["typed"]  # a user's own units (communes, departments): named as typed, all of them
    # duplicates
    if len(df):
        key = ["unit", "year", "indicator", "stage"]
        dup = df.duplicated(key, keep="first")
        if dup.any():
            first = df.drop_duplicates(key, keep="first").set_index(key)[["src_row", "typed"]]
            for r in df[dup].itertuples():
                row0, typed0 = first.loc[(r.unit, r.year, r.indicator, r.stage)]
                add(r.src_row, colname(r.src_col), "duplicate", unit=_unit_shown(r.typed, r.unit), year=r.year,
                    code=r.indicator, stage=role_name(r.stage), first=row0,
                    typed=say("words.typed", lang, name=typed0) if typed0 != r.typed else "")
        # one level per file
        lv = df["indicator"].map(code_level)
        if _ph is not None and lv.nunique() > 1:  # main indicators and placeholder components mixed
            comp_rows = df[lv == "indicator"]
            for r in comp_rows.itertuples():
                add(r.src_row, colname(r.src_col), "mixed_levels", code=r.indicator,
                    indicators=", ".join(fw.indicators()["code"][:3]), components=", ".join(_ph.components()["code"][:2]))
    level = "" if df.empty else ("component" if (df["indicator"].map(code_level) == "component").any()
                                 else "indicator")
    problems.sort(key=lambda p: (p.row if p.row is not None else 0))
    typed = dict(zip(df["typed"], df["unit"])) if len(df) else {}
    df = df.drop(columns="typed")
    out = df.sort_values("src_row", kind="stable").reset_index(drop=True)
    out.attrs["units_typed"] = typed  # each name as the user typed it → the unit it stands for
    out["source"] = [f"{file}:{r}" for r in out["src_row"]]
    out = out.drop(columns=["src_row", "src_col"])
    out["year"] = out["year"].astype("int64")
    out["points"] = out["points"].astype(float)
    out.insert(5, "synthetic", False)
    return Result(out, problems, layout, level)


def _empty() -> pd.DataFrame:
    return pd.DataFrame({"unit": pd.Series(dtype=str), "year": pd.Series(dtype="int64"),
                         "indicator": pd.Series(dtype=str), "points": pd.Series(dtype=float),
                         "stage": pd.Series(dtype=str)})

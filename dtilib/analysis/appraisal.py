"""What a working sheet says: totals by group, points lost at appraisal, criteria to act on, units ranked.

The input is a unit's (or many units') working sheet as read by :func:`dtilib.io.sheet.read_sheet`:
a :class:`~dtilib.io.sheet.SheetData`, a Dataset holding one (its ``extra["criteria"]``), or the
criteria table itself with its framework. The criteria table has one row per unit × year ×
criterion: ``unit, year, indicator, name, group, max_points, self_assessed, appraised, final,
status, owner, deadline, notes``. Every total, rank and mean carries its coverage: criteria
reported (``n_reported``) of criteria in the framework (``n_criteria``), and ``coverage_share``.

>>> import pandas as pd
>>> from dtilib.analysis.appraisal import example
>>> data = example()
>>> group_totals(data, unit="Xã A")[["indicator", "name", "self_assessed", "appraised", "n_reported", "n_criteria"]]
  indicator     name  self_assessed  appraised  n_reported  n_criteria
0         I  Hạ tầng           12.0        6.0           2           2
1        II  Dịch vụ            5.0        5.0           1           2
2     TOTAL      NaN           17.0       11.0           3           4
"""
from __future__ import annotations

import datetime as _dt

import numpy as np
import pandas as pd

from ..errors import DtiError

STAGES = ("self_assessed", "appraised", "final")
_CRIT_COLS = ["unit", "year", "indicator", "name", "group", "max_points", "self_assessed", "appraised", "final",
              "status", "owner", "deadline", "notes"]


def example():
    """A two-unit, four-criterion sheet to try the functions on (``Xã A``, ``Xã B``; 2026).

    >>> example().units
    ['Xã A', 'Xã B']
    """
    import tempfile
    from pathlib import Path

    from ..io.sheet import read_sheet

    text = ("Đơn vị;Năm;Mã;Chỉ tiêu;Nhóm;Điểm tối đa;Tự đánh giá;Thẩm định;Trạng thái;Phụ trách;Hạn xử lý\n"
            "Xã A;2026;1.1;Cáp quang;I. Hạ tầng;10;8;6;Hoàn thành;Phòng Kinh tế;30/06/2026\n"
            "Xã A;2026;1.2;Wifi;I. Hạ tầng;5;4;0;Cần bổ sung minh chứng;Văn phòng;15/05/2026\n"
            "Xã A;2026;2.1;Hồ sơ trực tuyến;II. Dịch vụ;10;5;5;Đang thực hiện;Văn phòng;31/12/2026\n"
            "Xã A;2026;2.2;Chữ ký số;II. Dịch vụ;5;;;Chưa thực hiện;Phòng Kinh tế;\n"
            "Xã B;2026;1.1;Cáp quang;I. Hạ tầng;10;10;10;Hoàn thành;Phòng Kinh tế;\n"
            "Xã B;2026;1.2;Wifi;I. Hạ tầng;5;5;5;Hoàn thành;Văn phòng;\n"
            "Xã B;2026;2.1;Hồ sơ trực tuyến;II. Dịch vụ;10;8;4;Cần bổ sung minh chứng;Văn phòng;01/03/2026\n"
            "Xã B;2026;2.2;Chữ ký số;II. Dịch vụ;5;5;5;Hoàn thành;Phòng Kinh tế;\n")
    d = Path(tempfile.mkdtemp()) / "vi_du.csv"
    d.write_text(text, encoding="utf-8")
    return read_sheet(d)


def _flat_example():
    """The example's criteria as a framework without groups (criteria straight under the total).

    >>> [c for c in _flat_example().nodes["code"]]
    ['TOTAL', '1.1', '1.2', '2.1', '2.2']
    """
    from ..frameworks.model import _from_doc

    leaves = example().framework.leaves()
    doc = {"id": "flat", "max_points": float(leaves["max_points"].sum()),
           "indicators": [{"code": c, "name_vi": n, "name_en": n, "max_points": float(m)}
                          for c, n, m in zip(leaves["code"], leaves["name_vi"], leaves["max_points"])]}
    return _from_doc(doc, "flat")


def inputs(data, framework=None) -> tuple[pd.DataFrame, object]:
    """(criteria table, framework) from a SheetData, a Dataset, a scores frame carrying its Dataset,
    or a criteria table with ``framework=``.

    >>> crit, fw = inputs(example())
    >>> len(crit), fw.id
    (8, 'sheet:vi_du')
    >>> from dtilib.io.sheet import dataset
    >>> ds = dataset(example().files[0])
    >>> len(inputs(ds)[0]), len(inputs(ds.scores)[0])     # a Dataset, or a table it made
    (8, 8)
    """
    from ..dataset import dataset_of

    crit = fw = None
    ds = dataset_of(data) if not (isinstance(data, pd.DataFrame) and {"status", "owner"} <= set(data.columns)) \
        else None
    if hasattr(data, "criteria") and hasattr(data, "framework"):
        crit, fw = data.criteria, data.framework
    elif ds is not None:
        crit, fw = (ds.extra or {}).get("criteria"), ds.framework
    elif isinstance(data, pd.DataFrame):
        crit, fw = data, framework
    if crit is None or fw is None:
        raise DtiError("these analyses need a working sheet (dtilib.io.sheet.read_sheet) or its criteria "
                       "table with its framework")
    missing = [c for c in _CRIT_COLS if c not in crit.columns]
    if missing:
        raise DtiError(f"criteria table lacks column(s) {', '.join(missing)}")
    return crit, (framework or fw)


def _select(crit: pd.DataFrame, unit=None, year=None) -> pd.DataFrame:
    out = crit
    if year is None and len(out):
        year = int(out["year"].max())
    if year is not None:
        out = out[out["year"].astype(int) == int(year)]
    if unit is not None:
        from ..text import fold

        hit = out[out["unit"].map(fold) == fold(unit)]
        if hit.empty:
            raise DtiError(f"no unit {unit!r} in the sheet; units: {', '.join(dict.fromkeys(out['unit']))}")
        out = hit
    return out


def _names(fw) -> dict:
    return dict(zip(fw.nodes["code"], fw.nodes["name_vi"]))


def _has_groups(fw) -> bool:
    return bool((fw.nodes["depth"] >= 2).any())


def group_totals(data, unit=None, year=None, framework=None) -> pd.DataFrame:
    """Points by group and in total, self-assessed, appraised and final, with index and coverage.

    One row per unit × group (framework order) and a ``TOTAL`` row: ``max_points``,
    ``self_assessed``, ``appraised``, ``final`` (sums of reported criteria; NaN when none is
    reported), ``self_index``/``appraised_index``/``final_index`` (points ÷ max), ``gap`` (appraised
    − self-assessed over criteria with both), ``n_reported`` (criteria with a final score),
    ``n_criteria``, ``coverage_share``. ``year`` defaults to the latest. The ``TOTAL`` row has no name
    (a report says "Tổng" / "Total" in its language).

    >>> t = group_totals(example(), unit="Xã B")
    >>> t[["indicator", "final", "final_index", "gap", "coverage_share"]].round(3).values.tolist()
    [['I', 15.0, 1.0, 0.0, 1.0], ['II', 9.0, 0.6, -4.0, 1.0], ['TOTAL', 24.0, 0.8, -4.0, 1.0]]
    """
    crit, fw = inputs(data, framework)
    sel = _select(crit, unit, year)
    names = _names(fw)
    leaves = fw.leaves()
    groups = [c for c in fw.indicators()["code"] if c in set(fw.nodes["parent"].dropna())]
    rows = []
    for (u, y), c in sel.groupby(["unit", "year"], sort=False):
        for g in groups + [fw.total_code]:
            mine = c if g == fw.total_code else c[c["group"] == g]
            n_crit = len(leaves) if g == fw.total_code else int((leaves["parent"] == g).sum())
            both = mine[mine["self_assessed"].notna() & mine["appraised"].notna()]
            row = {"unit": u, "year": int(y), "indicator": g, "name": None if g == fw.total_code else names.get(g, g),
                   "max_points": float(fw.node(g)["max_points"])}
            for s in STAGES:
                v = mine[s]
                row[s] = float(v.sum()) if v.notna().any() else np.nan
                row[f"{'self' if s == 'self_assessed' else s}_index"] = row[s] / row["max_points"] \
                    if row["max_points"] > 0 else np.nan
            row["gap"] = float((both["appraised"] - both["self_assessed"]).sum()) if len(both) else np.nan
            row["n_reported"] = int(mine["final"].notna().sum())
            row["n_criteria"] = n_crit
            row["coverage_share"] = row["n_reported"] / n_crit if n_crit else np.nan
            rows.append(row)
    return pd.DataFrame(rows)


def appraisal_losses(data, unit=None, year=None, by: str = "criterion", framework=None) -> pd.DataFrame:
    """Points lost at appraisal (self-assessed − appraised), largest first, ``by`` "criterion" or "group".

    Criteria where both scores are reported count (``n_compared`` of ``n_criteria`` say how many);
    a criterion raised at appraisal has a negative loss. ``share_lost`` is the share of all points
    lost (of positive losses).

    >>> appraisal_losses(example(), unit="Xã A")[["indicator", "name", "points_lost"]].values.tolist()
    [['1.2', 'Wifi', 4.0], ['1.1', 'Cáp quang', 2.0], ['2.1', 'Hồ sơ trực tuyến', 0.0]]
    >>> appraisal_losses(example(), unit="Xã A", by="group")[["indicator", "points_lost", "n_compared", "n_criteria"]].values.tolist()
    [['I', 6.0, 2, 2], ['II', 0.0, 1, 2]]
    """
    crit, fw = inputs(data, framework)
    sel = _select(crit, unit, year)
    both = sel[sel["self_assessed"].notna() & sel["appraised"].notna()].copy()
    both["points_lost"] = both["self_assessed"] - both["appraised"]
    names = _names(fw)
    if by == "criterion":
        out = both[["unit", "year", "indicator", "name", "group", "max_points", "self_assessed", "appraised",
                    "points_lost", "notes"]].copy()
        out["group_name"] = out["group"].map(lambda g: names.get(g) if g is not None else None)
    elif by == "group":
        if not _has_groups(fw):
            return pd.DataFrame(columns=["unit", "year", "indicator", "name", "self_assessed", "appraised",
                                         "points_lost", "n_compared", "n_criteria", "share_lost"])
        leaves = fw.leaves()
        out = (both.groupby(["unit", "year", "group"], sort=False)
               .agg(self_assessed=("self_assessed", "sum"), appraised=("appraised", "sum"),
                    points_lost=("points_lost", "sum"), n_compared=("indicator", "size")).reset_index()
               .rename(columns={"group": "indicator"}))
        out.insert(3, "name", out["indicator"].map(names))
        out["n_criteria"] = out["indicator"].map(leaves.groupby("parent").size()).astype("int64")
    else:
        raise DtiError(f"appraisal_losses: by must be 'criterion' or 'group', not {by!r}")
    lost = out["points_lost"].clip(lower=0)
    out["share_lost"] = lost / lost.sum() if lost.sum() > 0 else 0.0
    return out.sort_values("points_lost", ascending=False, kind="stable").reset_index(drop=True)


def criteria_by_status(data, unit=None, year=None, statuses=("not_started", "evidence_needed"),
                       framework=None) -> pd.DataFrame:
    """Criteria whose status is one of ``statuses`` (default: not started, evidence needed), with
    group, owner, deadline and notes, in the order of ``statuses`` then of the sheet.

    >>> criteria_by_status(example(), unit="Xã A")[["indicator", "status", "owner"]].values.tolist()
    [['2.2', 'not_started', 'Phòng Kinh tế'], ['1.2', 'evidence_needed', 'Văn phòng']]
    """
    crit, fw = inputs(data, framework)
    sel = _select(crit, unit, year)
    order = {s: i for i, s in enumerate(statuses)}
    out = sel[sel["status"].isin(list(statuses))].copy()
    out["_o"] = out["status"].map(order)
    out = out.sort_values("_o", kind="stable").drop(columns="_o")
    names = _names(fw)
    out["group_name"] = out["group"].map(lambda g: names.get(g) if g is not None else None)
    if "deadline_text" not in out:
        out["deadline_text"] = None
    return out[["unit", "year", "indicator", "name", "group_name", "max_points", "final", "status", "owner",
                "deadline", "deadline_text", "notes"]].reset_index(drop=True)


def zero_criteria(data, unit=None, year=None, stage: str = "final", framework=None) -> pd.DataFrame:
    """Criteria scoring exactly 0 at ``stage`` (not reported is not zero), largest maximum first.

    >>> zero_criteria(example(), unit="Xã A")[["indicator", "name", "max_points"]].values.tolist()
    [['1.2', 'Wifi', 5.0]]
    """
    crit, fw = inputs(data, framework)
    if stage not in STAGES:
        raise DtiError(f"zero_criteria: stage must be one of {', '.join(STAGES)}")
    sel = _select(crit, unit, year)
    out = sel[sel[stage] == 0].copy()
    names = _names(fw)
    out["group_name"] = out["group"].map(lambda g: names.get(g) if g is not None else None)
    out = out.sort_values("max_points", ascending=False, kind="stable")
    return out[["unit", "year", "indicator", "name", "group_name", "max_points", "status", "owner", "notes"]] \
        .reset_index(drop=True)


def action_table(data, unit=None, year=None, today: _dt.date | str | None = None, framework=None) -> pd.DataFrame:
    """What is left to do, by responsible office: criteria not done or short of their maximum.

    One row per such criterion: ``owner`` (empty owner last), ``indicator``, ``name``, ``status``,
    ``deadline`` (``deadline_text`` the words of one that is not a date: "Thường xuyên"),
    ``points_to_gain`` (max − final; the whole maximum when not reported),
    ``overdue`` (deadline before ``today`` and not done; ``today`` defaults to the current date),
    ``days_left``. Sorted by office, then deadline.

    >>> t = action_table(example(), unit="Xã A", today="2026-06-01")
    >>> t[["owner", "indicator", "points_to_gain", "overdue", "days_left"]].values.tolist()
    [['Phòng Kinh tế', '1.1', 4.0, False, 29], ['Phòng Kinh tế', '2.2', 5.0, False, <NA>], ['Văn phòng', '1.2', 5.0, True, -17], ['Văn phòng', '2.1', 5.0, False, 213]]
    """
    crit, fw = inputs(data, framework)
    sel = _select(crit, unit, year)
    day = pd.Timestamp(today if today is not None else _dt.date.today()).normalize()
    final = sel["final"]
    todo = sel[(sel["status"] != "done") | final.isna() | (final < sel["max_points"])].copy()
    todo["points_to_gain"] = todo["max_points"] - todo["final"].fillna(0.0)
    dl = pd.to_datetime(todo["deadline"])
    todo["overdue"] = (dl < day) & (todo["status"] != "done")
    todo["days_left"] = (dl - day).dt.days.astype("Int64")
    todo["_owner"] = todo["owner"].isna()
    todo = todo.sort_values(["_owner", "owner", "deadline"], kind="stable", na_position="last")
    names = _names(fw)
    todo["group_name"] = todo["group"].map(lambda g: names.get(g) if g is not None else None)
    if "deadline_text" not in todo:
        todo["deadline_text"] = None
    return todo[["unit", "year", "owner", "indicator", "name", "group_name", "status", "final", "max_points",
                 "points_to_gain", "deadline", "deadline_text", "overdue", "days_left", "notes"]].reset_index(drop=True)


def unit_ranking(data, year=None, stage: str = "final", by: str = "total", framework=None) -> pd.DataFrame:
    """Units ranked on the total (``by="total"``) or within each group (``by="group"``) at ``stage``.

    Ranked on the index (points ÷ max, rounded to 4 decimals; ties share a rank). An unreported
    criterion counts as 0 in the points, and the coverage says so: ``n_reported`` of
    ``n_criteria``, ``complete`` True when all are reported. ``rank_note`` is
    ``"incomplete_data"`` on every row when any unit ranked has incomplete data (the ranking then
    compares units on partly missing sheets). ``n_units`` counts the units ranked.

    >>> len(unit_ranking(example(), by="group")), unit_ranking(example().criteria, framework=_flat_example(), by="group").empty
    (4, True)
    >>> r = unit_ranking(example())
    >>> r[["unit", "points", "index", "rank", "n_reported", "n_criteria", "complete", "rank_note"]].values.tolist()
    [['Xã B', 24.0, 0.8, 1, 4, 4, True, 'incomplete_data'], ['Xã A', 11.0, 0.3667, 2, 3, 4, False, 'incomplete_data']]
    """
    from ._common import rank_values

    totals = group_totals(data, year=year, framework=framework)
    if totals.empty:
        return totals
    _, fw = inputs(data, framework)
    if by == "total":
        t = totals[totals["indicator"] == fw.total_code]
    elif by == "group":
        t = totals[totals["indicator"] != fw.total_code]
    else:
        raise DtiError(f"unit_ranking: by must be 'total' or 'group', not {by!r}")
    cols = ["unit", "year", "indicator", "name", "points", "max_points", "index", "rank", "n_units",
            "n_reported", "n_criteria", "coverage_share", "complete", "rank_note"]
    if t.empty:   # by group on a sheet without groups
        return pd.DataFrame(columns=cols)
    t = t.copy()
    t["points"] = t[stage].fillna(0.0)
    t.loc[t["n_reported"] == 0, "points"] = np.nan
    t["index"] = (t["points"] / t["max_points"]).round(4)
    t["complete"] = t["n_reported"] == t["n_criteria"]
    parts = []
    for _, g in t.groupby(["year", "indicator"], sort=False):
        g = g.copy()
        g["rank"] = rank_values(g["index"].to_numpy())
        g["rank"] = g["rank"].where(g["rank"] > 0)
        g["n_units"] = int(g["index"].notna().sum())
        g["rank_note"] = "incomplete_data" if not g["complete"].all() else ""
        parts.append(g.sort_values(["rank", "unit"], na_position="last", kind="stable"))
    out = pd.concat(parts, ignore_index=True)
    out["rank"] = out["rank"].astype("Int64")
    return out[cols]


def self_vs_appraised(data, year=None, framework=None) -> pd.DataFrame:
    """Per unit: self-assessed and appraised totals over the criteria with both, the gap, and counts.

    ``gap`` = appraised − self-assessed (negative: the appraisal took points off), ``gap_share`` =
    gap ÷ self-assessed; ``n_lowered``/``n_raised`` criteria changed at appraisal; ``n_compared`` of
    ``n_criteria`` criteria have both scores. Largest loss first.

    >>> self_vs_appraised(example())[["unit", "self_assessed", "appraised", "gap", "n_lowered", "n_compared"]].values.tolist()
    [['Xã A', 17.0, 11.0, -6.0, 2, 3], ['Xã B', 28.0, 24.0, -4.0, 1, 4]]
    """
    crit, fw = inputs(data, framework)
    sel = _select(crit, None, year)
    n_crit = len(fw.leaves())
    rows = []
    for (u, y), c in sel.groupby(["unit", "year"], sort=False):
        both = c[c["self_assessed"].notna() & c["appraised"].notna()]
        d = both["appraised"] - both["self_assessed"]
        s, a = float(both["self_assessed"].sum()), float(both["appraised"].sum())
        rows.append({"unit": u, "year": int(y), "self_assessed": s if len(both) else np.nan,
                     "appraised": a if len(both) else np.nan, "gap": a - s if len(both) else np.nan,
                     "gap_share": (a - s) / s if s > 0 else np.nan,
                     "n_lowered": int((d < 0).sum()), "n_raised": int((d > 0).sum()),
                     "n_compared": int(len(both)), "n_criteria": n_crit,
                     "coverage_share": len(both) / n_crit if n_crit else np.nan})
    out = pd.DataFrame(rows)
    if out.empty:
        return out
    return out.sort_values("gap_share", kind="stable", na_position="last").reset_index(drop=True)


def unit_profiles(data, year=None, framework=None) -> pd.DataFrame:
    """One line per unit: total and rank, strongest and weakest group (by final index), zero-scoring
    criteria, criteria not started or missing evidence, points lost at appraisal, coverage.

    >>> p = unit_profiles(example())
    >>> p[["unit", "rank", "best_group", "weakest_group", "n_zero", "n_not_started", "n_evidence_needed"]].values.tolist()
    [['Xã B', 1, 'Hạ tầng', 'Dịch vụ', 0, 0, 1], ['Xã A', 2, 'Hạ tầng', 'Dịch vụ', 1, 1, 1]]
    """
    crit, fw = inputs(data, framework)
    rank = unit_ranking(data, year=year, framework=framework)
    if rank.empty:
        return rank
    y = int(rank["year"].iloc[0])
    groups = group_totals(data, year=y, framework=framework)
    groups = groups[groups["indicator"] != fw.total_code]
    sel = _select(crit, None, y)
    rows = []
    for r in rank.itertuples():
        g = groups[groups["unit"] == r.unit].dropna(subset=["final_index"]).sort_values("final_index", kind="stable")
        c = sel[sel["unit"] == r.unit]
        both = c[c["self_assessed"].notna() & c["appraised"].notna()]
        rows.append({"unit": r.unit, "year": y, "points": r.points, "max_points": r.max_points, "index": r.index,
                     "rank": r.rank, "n_units": r.n_units,
                     "best_group": g["name"].iloc[-1] if len(g) else None,
                     "weakest_group": g["name"].iloc[0] if len(g) else None,
                     "n_zero": int((c["final"] == 0).sum()),
                     "n_not_started": int((c["status"] == "not_started").sum()),
                     "n_evidence_needed": int((c["status"] == "evidence_needed").sum()),
                     "points_lost": float((both["self_assessed"] - both["appraised"]).sum()),
                     "n_reported": r.n_reported, "n_criteria": r.n_criteria, "coverage_share": r.coverage_share})
    out = pd.DataFrame(rows)
    out["rank"] = out["rank"].astype("Int64")
    return out

"""Frameworks are data: Decision 922 structure, unknowns said, bad files rejected clearly."""
from __future__ import annotations

import math
import textwrap

import pytest

from dtilib import FrameworkError
from dtilib.frameworks import available, for_year, load

MAIN_922 = {"1": (100, 10), "2": (100, 11), "3": (100, 7), "4": (100, 13), "5": (100, 12),
            "6": (0, 3), "7": (200, 22), "8": (150, 12), "9": (150, 8)}


def test_decision_922_maxima_and_counts():
    fw = load("dti-922")
    ind = fw.indicators().set_index("code")
    assert {c: (r.max_points, r.n_components) for c, r in ind.iterrows()} == MAIN_922
    assert fw.max_points == 1000 and ind["max_points"].sum() == 1000
    assert int(ind["n_components"].sum()) == 98
    assert not ind.loc["6", "scored"], "smart city is reported, not scored"


def test_pillar_views_overlap_700_650_650():
    fw = load("dti-922")
    v = fw.views.set_index("code")
    assert v["max_points"].to_dict() == {"GOV": 700, "ECO": 650, "SOC": 650}
    foundation = {"1", "2", "3", "4", "5", "6"}
    assert set(v.loc["GOV", "indicators"]) == foundation | {"7"}
    assert set(v.loc["ECO", "indicators"]) == foundation | {"8"}
    assert set(v.loc["SOC", "indicators"]) == foundation | {"9"}
    assert fw.blocks.set_index("code")["max_points"].to_dict() == {"foundation": 500, "activity": 500}


def test_unknowns_are_said_not_invented():
    fw24 = load("dti-2024")
    assert len(fw24.indicators()) == 8 and "6" not in set(fw24.indicators()["code"])
    assert fw24.indicators()["max_points"].isna().all()
    fw20 = load("dti-2020")
    assert list(fw20.indicators()["code"]) == ["P1", "P2", "P3"]
    assert fw20.indicators()["weight"].isna().all() and math.isnan(fw20.max_points)
    assert not load("dti-922").components_known
    assert load("ict-index").meta["aggregation"] == "unknown"


def test_placeholder_components_add_up():
    fw = load("dti-922").with_placeholder_components()
    comp = fw.components()
    assert len(comp) == 98 and (comp["name_status"] == "placeholder").all()
    sums = comp.groupby("parent")["max_points"].sum()
    assert sums.to_dict() == {c: float(m) for c, (m, _) in MAIN_922.items()}
    assert fw.ancestor_at(1)["9.08"] == "9"


def test_for_year_and_available():
    assert for_year(2021).id == "dti-922" and for_year(2020).id == "dti-2020"
    assert for_year(2017, "ICT").id == "ict-index"
    assert set(available()["id"]) == {"dti-922", "dti-2020", "dti-2024", "ict-index"}


def _write(tmp_path, text, name="fw.yaml"):
    p = tmp_path / name
    p.write_text(textwrap.dedent(text), encoding="utf-8")
    return p


def test_user_yaml_framework_with_nested_components(tmp_path):
    p = _write(tmp_path, """
        id: commune-dti
        name_vi: Bộ chỉ số cấp xã
        max_points: 100
        indicators:
          - code: A
            name_vi: Nhận thức
            max_points: 40
            children:
              - {code: A1, name_vi: Tuyên truyền, max_points: 25}
              - {code: A2, name_vi: Kế hoạch, max_points: 15}
          - {code: B, name_vi: Hạ tầng, max_points: 60}
    """)
    fw = load(str(p))
    assert list(fw.leaves()["code"]) == ["A1", "A2", "B"]
    assert fw.node("A1")["depth"] == 2


def test_user_csv_framework(tmp_path):
    p = _write(tmp_path, "code,parent,name_vi,name_en,max_points\nA,,Nhận thức,Awareness,40\n"
                         "A1,A,Tuyên truyền,Outreach,40\nB,,Hạ tầng,Infrastructure,60\n", "fw.csv")
    fw = load(str(p))
    assert fw.max_points == 100 and list(fw.leaves()["code"]) == ["A1", "B"]


@pytest.mark.parametrize("body,message", [
    ("""
     id: x
     max_points: 100
     indicators:
       - {code: A, max_points: 50}
       - {code: A, max_points: 50}
     """, "duplicate code 'A'"),
    ("""
     id: x
     max_points: 100
     indicators:
       - {code: A, max_points: 60}
       - {code: B, max_points: 50}
     """, "maxima do not add up: children A, B sum to 110, expected 100"),
    ("""
     id: x
     max_points: 10
     indicators:
       - {code: A, max_points: 10}
     components:
       - {code: A1, parent: Z, max_points: 10}
     """, "parent 'Z' does not exist"),
    ("""
     id: x
     max_points: 10
     indicators:
       - {code: A, max_points: ten}
     """, "max_points 'ten' is not a number"),
    ("""
     id: x
     indicators: [
     """, "not valid YAML"),
])
def test_validation_errors_name_the_entry(tmp_path, body, message):
    p = _write(tmp_path, body)
    with pytest.raises(FrameworkError) as exc:
        load(str(p))
    assert message in str(exc.value)
    assert str(p) in str(exc.value)


def test_csv_orphan_and_duplicate_rows_are_named(tmp_path):
    p = _write(tmp_path, "code,parent,max_points\nA,,10\nA1,Q,10\n", "bad.csv")
    with pytest.raises(FrameworkError, match=r"row 3 \(code 'A1'\): parent 'Q'"):
        load(str(p))
    p = _write(tmp_path, "code,parent,max_points\nA,,10\nA,,10\n", "dup.csv")
    with pytest.raises(FrameworkError, match=r"duplicate code\(s\) A \(rows 3\)"):
        load(str(p))


def test_names_are_whole_in_every_bundled_framework():
    # a comma inside an unquoted YAML flow value ends it: "Smart city (reported"
    assert load("dti-922").indicators().set_index("code").loc["6", "name_en"] == "Smart city (reported, not scored)"
    for fid in available()["id"]:
        ind = load(fid).indicators()
        for col in ("name_en", "name_vi"):
            for name in ind[col].dropna().astype(str):
                assert name.count("(") == name.count(")"), f"{fid}: truncated name {name!r}"


def test_framework_years_are_stated_once():
    # dti framework, dti validate and for_year all read the YAML `years:` list
    from dtilib.io.check import allowed_years

    for fid in ("dti-922", "dti-2020", "dti-2024", "ict-index"):
        fw = load(fid)
        years = [int(y) for y in fw.meta["years"]]
        assert sorted(allowed_years(fw)) == years, fid
        if fid != "ict-index":
            assert all(for_year(y).id == fid for y in years)
    assert load("dti-922").meta["years"] == [2021, 2022, 2023]

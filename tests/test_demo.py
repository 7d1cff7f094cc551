"""dtilib.demo: the synthetic component data reproduce every published fact."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dtilib import demo, scoring
from dtilib.errors import DtiError
from dtilib.provinces import provinces


@pytest.fixture(scope="module")
def pts():
    return demo.points()


def test_every_published_fact_is_reproduced(pts):
    c = demo.check(pts)
    assert len(c) == len(demo.facts()) > 400
    bad = c[~c["ok"]]
    assert bad.empty, bad[["unit", "year", "indicator", "measure", "value", "achieved"]].to_string()


def test_every_published_figure_of_2020_2023_is_a_fact_or_listed_with_a_reason():
    from dtilib import datasets

    f = datasets.published_figures()
    f = f[f["year"].between(2020, 2023) & (f["framework"] != "ict-index")]
    facts = demo.facts()
    have = set(zip(facts["unit"], facts["year"], facts["indicator"], facts["measure"]))
    unmet = demo.unmet()
    listed = set(zip(unmet["unit"], unmet["year"], unmet["indicator"], unmet["measure"], unmet["value"]))
    assert unmet["reason"].str.len().gt(20).all()
    missing = []
    for r in f.itertuples(index=False):
        if (r.unit, r.year, r.indicator, r.measure) in have and r.preferred:
            continue
        if r.indicator == "TOTAL" and r.measure == "points" and (r.unit, r.year, "TOTAL", "index") in have:
            continue  # = index x 1000, covered by the index fact
        if (r.unit, r.year, r.indicator, r.measure, r.value) not in listed:
            missing.append((r.unit, r.year, r.indicator, r.measure, r.value))
    assert not missing, missing
    # the losing versions of conflicts are listed, the preferred ones reproduced
    kg = facts[(facts.unit == "91") & (facts.year == 2020) & (facts.indicator == "TOTAL") & (facts.measure == "rank")]
    assert kg["value"].tolist() == [9.0]
    assert ((unmet.unit == "91") & (unmet.year == 2020) & (unmet.value == 8)).any()
    # 2024 is not generated: every 2024 figure is listed
    assert (unmet["year"] == 2024).sum() == len(datasets.published_figures().query(
        "year == 2024 and framework != 'ict-index'"))


def test_seed_only_facts_are_met_and_say_so():
    f = demo.facts()
    seed = f[f["status"] == "seed_only"]
    assert {("06", 2022, "TOTAL", "points"), ("06", 2022, "TOTAL", "n_zero")} <= set(
        zip(seed["unit"], seed["year"], seed["indicator"], seed["measure"]))
    assert set(f["status"]) <= {"published", "published_list_order", "derived", "ambiguous", "secondary",
                                "seed_only", "conflicting"}


def test_facts_trace_to_an_input_row():
    f = demo.facts()
    assert f["source_file"].str.len().gt(0).all()
    raw = f[f["source_file"].str.startswith("data/raw/")]
    assert len(raw) >= len(f) - 2
    assert set(f["source_file"]) - {"data/raw/dti_results.csv", "data/raw/dti_group_ranks.csv",
                                     "data/raw/dti_2022_group_indices.csv", "data/raw/dti_aggregates.csv"} \
        <= {"../shared/seeds/002_d8f20103a555f93a.txt"}
    assert raw["source_row"].str.fullmatch(r"\d+").all()


def test_headline_facts(pts):
    s = scoring.ranks(scoring.score(pts, demo.framework()))
    tot = s[s["indicator"] == "TOTAL"].set_index(["year", "unit"])
    # Bắc Kạn 59 / 51 / 63, 394.13 in 2022 = 320.11 + 74.02
    assert [int(tot.loc[(y, "06"), "rank"]) for y in (2020, 2021, 2022)] == [59, 51, 63]
    assert tot.loc[(2022, "06"), "points"] == pytest.approx(394.13, abs=1e-6)
    assert tot.loc[(2022, "06"), "points"] - tot.loc[(2021, "06"), "points"] == pytest.approx(74.02, abs=1e-6)
    # the tie at 15 in 2022: Thanh Hóa and Yên Bái, no 16th
    r22 = tot.loc[2022, "rank"]
    assert sorted(r22[r22 == 15].index) == ["15", "38"]
    assert (r22 == 16).sum() == 0
    assert sorted(r22.unique()) == sorted(set(range(1, 64)) - {16})
    # Bắc Kạn's 34 zero-scoring components in 2022
    fw = demo.framework()
    bk = pts[(pts["unit"] == "06") & (pts["year"] == 2022)]
    scored = bk["indicator"].map(fw.maxima()) > 0
    assert int(((bk["points"] == 0) & scored).sum()) == 34
    # provincial means
    for year, mean in ((2020, 0.3026), (2021, 0.4014), (2023, 0.6783)):
        assert tot.loc[year, "index"].mean() == pytest.approx(mean, abs=1e-4)


def test_top_five_group_profiles_recombine_to_published_totals(pts):
    s = scoring.score(pts[pts["year"] == 2022], demo.framework())
    s = s.set_index(["unit", "indicator"])
    published = {"48": 0.8002, "79": 0.7163, "22": 0.7024, "46": 0.6975, "92": 0.6924}
    for unit, dti in published.items():
        groups = s.loc[[(unit, g) for g in "12345789"], "points"]
        assert groups.sum() / 1000 == pytest.approx(dti, abs=1e-4)
        assert np.isnan(s.loc[(unit, "6"), "index"])  # smart city: not scored


def test_shape_flags_and_ranges(pts):
    fw = demo.framework()
    assert set(pts["unit"]) == set(provinces(era="pre2025")["key"])
    assert sorted(pts["year"].unique()) == [2020, 2021, 2022, 2023]
    assert len(pts) == 63 * 4 * len(fw.leaves())
    assert not pts.duplicated(["unit", "year", "indicator", "stage"]).any()
    assert pts["synthetic"].all() and (pts["status"] == "synthetic").all()
    assert (pts["stage"] == "final").all()
    assert (pts["source"] == "dtilib.demo seed=2022").all()
    mx = pts["indicator"].map(fw.maxima())
    ok = pts["points"].isna() | ((pts["points"] >= 0) & (pts["points"] <= mx + 1e-9))
    assert ok.all()
    # cents: every value has at most two decimals
    v = pts["points"].dropna().to_numpy()
    assert np.allclose(v * 100, np.round(v * 100))


def test_missing_is_kept_apart_from_zero(pts):
    miss = pts[pts["points"].isna()]
    assert 0 < len(miss) <= 10
    assert set(miss["year"]) == {2020}
    assert "06" not in set(miss["unit"])
    fact_units = set(demo.facts().query("year == 2020")["unit"])
    assert not set(miss["unit"]) & fact_units
    assert (pts["points"] == 0).sum() > 10 * len(miss)  # zeros are common, missing is rare


def test_zeros_are_commoner_for_weaker_provinces():
    s = demo.scores()
    comp = s[(s["level"] == "component") & (s["max_points"] > 0) & (s["year"] == 2022)]
    zeros = comp.assign(z=comp["points"] == 0).groupby("unit")["z"].sum()
    rank = s[(s["indicator"] == "TOTAL") & (s["year"] == 2022)].set_index("unit")["rank"]
    top, bottom = rank[rank <= 10].index, rank[rank >= 54].index
    assert zeros[bottom].mean() > zeros[top].mean()


def test_stages_for_appraisal_gaps():
    p = demo.points(stages=True, years=(2022,))
    assert set(p["stage"]) == {"self_assessed", "appraised", "final"}
    w = p.pivot_table(index=["unit", "indicator"], columns="stage", values="points")
    assert (w["self_assessed"] >= w["final"] - 1e-9).mean() > 0.95  # usually claims at least final
    assert (w["self_assessed"] > w["final"]).mean() > 0.1
    assert (w["appraised"] == w["final"]).all()
    mx = w.index.get_level_values("indicator").map(demo.framework().maxima())
    assert ((w["self_assessed"] >= 0) & (w["self_assessed"] <= np.asarray(mx) + 1e-9)).all()
    # scoring the final stage of the staged table gives the same scores
    a = scoring.score(p, demo.framework())
    b = scoring.score(demo.points(years=(2022,)), demo.framework())
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True))


def test_deterministic_and_cached_copies():
    a, b = demo.points(), demo.points()
    pd.testing.assert_frame_equal(a, b)
    a.loc[0, "points"] = -1.0
    assert demo.points().loc[0, "points"] != -1.0  # callers get copies
    s1, s2 = demo.scores(), demo.scores()
    pd.testing.assert_frame_equal(s1, s2)


def test_other_seed_differs_but_keeps_the_facts():
    p0, p1 = demo.points(seed=2022), demo.points(seed=7)
    assert not np.array_equal(p0["points"].to_numpy(), p1["points"].to_numpy())
    assert (p1["source"] == "dtilib.demo seed=7").all()
    c = demo.check(p1)
    assert c["ok"].all(), c[~c["ok"]].to_string()


def test_framework_seed_named_components():
    fw = demo.framework()
    comp = fw.components()
    named = comp[comp["name_status"] == "seed_named"]
    assert len(named) == 13
    assert (comp["name_status"].isin(["placeholder", "seed_named"])).all()
    assert len(fw.leaves()) == 98
    assert fw.indicators().set_index("code")["max_points"].sum() == 1000


def test_scores_match_scoring_of_points():
    s = demo.scores()
    expect = scoring.ranks(scoring.score(demo.points(), demo.framework()))
    pd.testing.assert_frame_equal(s.reset_index(drop=True), expect.reset_index(drop=True))


def test_unknown_year_is_a_clear_error():
    with pytest.raises(DtiError, match="years must be among"):
        demo.points(years=(2019,))


@pytest.mark.e2e
def test_facts_file_is_in_sync_with_data_raw(root, tmp_path):
    import subprocess
    import sys

    out = tmp_path / "facts.csv"
    subprocess.run([sys.executable, str(root / "scripts" / "make_demo_facts.py"), str(out)],
                   check=True, capture_output=True)
    fresh = pd.read_csv(out, dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "demo_unmet.csv", dtype=str, keep_default_na=False),
                                  pd.read_csv(root / "dtilib" / "data" / "demo_unmet.csv", dtype=str,
                                              keep_default_na=False))
    bundled = pd.read_csv(root / "dtilib" / "data" / "demo_facts.csv", dtype=str, keep_default_na=False)
    raw = fresh["source_file"].str.startswith("data/raw/")  # the seed file may not be checked out
    pd.testing.assert_frame_equal(fresh[raw].reset_index(drop=True),
                                  bundled[raw.to_numpy()].reset_index(drop=True))
    assert len(fresh) == len(bundled)


def test_check_catches_a_broken_dataset(pts):
    broken = pts.copy()
    hit = (broken["unit"] == "06") & (broken["year"] == 2022) & (broken["points"] == 0) & \
        broken["indicator"].str.startswith("9.")
    first = broken.index[hit][0]
    broken.loc[first, "points"] = 1.0  # Bắc Kạn 2022: one zero component gets a point
    c = demo.check(broken).set_index(["unit", "year", "indicator", "measure"])["ok"]
    assert not c[("06", 2022, "TOTAL", "n_zero")]
    assert not c[("06", 2022, "9", "points")]
    assert not c[("06", 2022, "TOTAL", "points")]
    assert c[("48", 2022, "TOTAL", "rank")]
    # a year left out: its facts are not met (achieved is NaN), the others are
    only = demo.check(pts[pts["year"] == 2022])
    assert only.loc[only["year"] == 2022, "ok"].all()
    assert not only.loc[only["year"] != 2022, "ok"].any()

"""Analyses checked against small cases worked out by hand."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import dtilib.analysis as da
from dtilib.errors import DtiError
from dtilib.frameworks import load
from dtilib.provinces import provinces
from dtilib.scoring import ranks, score

MAXIMA = {"1": 100.0, "2": 100.0, "3": 100.0, "4": 100.0, "5": 100.0, "7": 200.0, "8": 150.0, "9": 150.0}


def _scores_from_indicators(rows) -> pd.DataFrame:
    """Scores frame (indicator + total rows) from (unit, year, indicator, points) tuples."""
    ind = pd.DataFrame(rows, columns=["unit", "year", "indicator", "points"])
    ind["level"] = "indicator"
    ind["max_points"] = ind["indicator"].map(MAXIMA)
    tot = ind.groupby(["unit", "year"], as_index=False)["points"].sum()
    tot["indicator"], tot["level"], tot["max_points"] = "TOTAL", "total", 1000.0
    s = pd.concat([ind, tot], ignore_index=True)
    s["index"] = s["points"] / s["max_points"]
    s["n_missing"], s["synthetic"] = 0, False
    return s


@pytest.fixture(scope="module")
def bac_kan_case() -> pd.DataFrame:
    """Bắc Kạn's 2022 story by hand: 320.11 → 394.13 (+74.02), rank 51 → 63.

    62 other provinces: in 2021, 50 of them above Bắc Kạn (400..449 points), 12 below
    (300..311); in 2022 all 62 above 394.13 (the 12 low ones rose to 395..406).
    Bắc Kạn gained on indicators 1 (+30.00), 7 (+40.02) and 9 (+10), lost 6 on 3.
    """
    keys = [k for k in provinces("pre2025")["key"] if k != "06"]
    rows = []
    for i, k in enumerate(keys):
        if i < 50:
            t21, t22 = 400.0 + i, 410.0 + i
        else:
            t21, t22 = 300.0 + (i - 50), 395.0 + (i - 50)
        # put the whole total on indicator 7/8/9 evenly-ish: 7 gets 40 %, 8 and 9 30 %
        for y, t in ((2021, t21), (2022, t22)):
            rows += [(k, y, "7", 0.4 * t), (k, y, "8", 0.3 * t), (k, y, "9", 0.3 * t)]
    bk21 = {"1": 30.0, "2": 40.0, "3": 50.0, "4": 20.0, "5": 30.0, "7": 80.11, "8": 40.0, "9": 30.0}
    bk22 = {"1": 60.0, "2": 40.0, "3": 44.0, "4": 20.0, "5": 30.0, "7": 120.13, "8": 40.0, "9": 40.0}
    rows += [("06", 2021, k, v) for k, v in bk21.items()] + [("06", 2022, k, v) for k, v in bk22.items()]
    return _scores_from_indicators(rows)


def test_change_bac_kan_score_up_rank_down(bac_kan_case):
    c = da.change(bac_kan_case, 2021, 2022)
    bk = c.set_index("unit").loc["06"]
    assert bk["points_from"] == pytest.approx(320.11)
    assert bk["points_to"] == pytest.approx(394.13)
    assert bk["points_change"] == pytest.approx(74.02)
    assert (bk["rank_from"], bk["rank_to"], bk["rank_change"]) == (51, 63, -12)
    assert bool(bk["score_up_rank_down"])
    assert len(c) == 63 and set(c["level"]) == {"total"}
    # the 12 provinces that were below Bắc Kạn each passed it: one place up
    assert sorted(c.loc[c["rank_change"] != 0, "rank_change"].tolist()) == [-12] + [1] * 12


def test_change_indicator_level_and_ties():
    s = _scores_from_indicators([("a", 1, "1", 50.0), ("b", 1, "1", 50.0), ("c", 1, "1", 10.0),
                                 ("a", 2, "1", 40.0), ("b", 2, "1", 60.0), ("c", 2, "1", 60.0)])
    c = da.change(s, 1, 2, level="indicator").set_index("unit")
    # year 1: a, b tie at 1, c 3rd; year 2: b, c tie at 1, a 3rd
    assert c["rank_from"].tolist() == [1, 1, 3]
    assert c["rank_to"].tolist() == [3, 1, 1]
    assert c["rank_change"].tolist() == [-2, 0, 2]
    assert c["points_change"].tolist() == [-10.0, 10.0, 50.0]


def test_change_unknown_year_is_clear_error(bac_kan_case):
    with pytest.raises(DtiError, match="no scores for year 2019"):
        da.change(bac_kan_case, 2019, 2022)


def test_movers_lists_biggest_risers_and_fallers(bac_kan_case):
    m = da.movers(bac_kan_case, 2021, 2022, n=3)
    assert m["direction"].tolist() == ["up"] * 3 + ["down"]  # only Bắc Kạn fell
    up = m[m["direction"] == "up"]
    assert (up["rank_change"] == 1).all()
    # risers tie on places: the bigger points gain comes first (all +95), then unit key
    assert up["unit"].tolist() == sorted(up["unit"])
    assert m[m["direction"] == "down"]["unit"].tolist() == ["06"]
    s = _scores_from_indicators([("a", 1, "1", 3.0), ("b", 1, "1", 2.0), ("c", 1, "1", 1.0),
                                 ("a", 2, "1", 1.0), ("b", 2, "1", 2.0), ("c", 2, "1", 3.0)])
    m = da.movers(s, 1, 2, n=5)
    assert list(zip(m["unit"], m["rank_change"], m["direction"])) == [("c", 2, "up"), ("a", -2, "down")]


def test_rank_change_explained_adds_up_and_blames_others(bac_kan_case):
    e = da.rank_change_explained(bac_kan_case, "Bắc Kạn", 2021, 2022)
    assert e["places"].sum() == pytest.approx(-12)
    assert (e["rank_from"].iloc[0], e["rank_to"].iloc[0]) == (51, 63)
    assert e["share"].sum() == pytest.approx(1.0)
    by = e.set_index("player")
    # Bắc Kạn's own +74.02 alone would have kept it 51st (394.13 < 400, the 50th);
    # the others moving alone would have sent it to 63rd: the fall is the others' progress
    own = by.drop(index="others")
    assert by.loc["others", "places"] < -11 and by.loc["others", "share"] > 0.9
    assert own["places"].sum() == pytest.approx(-12 - by.loc["others", "places"])
    assert by.loc["others", "rank_if_alone"] == 63  # stood still at 320.11 → last
    for k in ("1", "7", "9"):
        assert by.loc[k, "places"] > 0
    assert by.loc["3", "places"] <= 0
    for k in ("2", "4", "5", "8"):
        assert by.loc[k, "places"] == 0  # no change, no part
    # one-at-a-time counterfactual for indicator 7 (+40.02 → 360.13; beats nobody new among 2021)
    assert by.loc["7", "rank_if_alone"] == 51
    assert by.loc["others", "points_change"] == pytest.approx(
        (50 * 10 + 12 * 95) / 62, abs=1e-6)


def test_rank_change_explained_two_units_by_hand():
    # a: 20 → 30 (only indicator 1 moves, +10); b: 24 → 40. From rank 2 to rank 2.
    s = _scores_from_indicators([("a", 1, "1", 10.0), ("a", 1, "2", 10.0), ("b", 1, "1", 12.0),
                                 ("b", 1, "2", 12.0), ("a", 2, "1", 20.0), ("a", 2, "2", 10.0),
                                 ("b", 2, "1", 20.0), ("b", 2, "2", 20.0)])
    e = da.rank_change_explained(s, "a", 1, 2).set_index("player")
    # v({1}) = +1 place, v({others}) = 0, v({1, others}) = 0 → Shapley: 1 → +0.5, others → -0.5
    assert e.loc["1", "places"] == pytest.approx(0.5)
    assert e.loc["others", "places"] == pytest.approx(-0.5)
    assert e.loc["2", "places"] == 0
    assert e["share"].isna().all()  # no rank change to share


def test_zero_and_missing_are_kept_apart():
    fw = load("dti-922").with_placeholder_components()
    p = pd.DataFrame({"unit": ["06", "06", "06", "20", "20"], "year": 2022,
                      "indicator": ["1.01", "1.02", "6.01", "1.01", "1.02"],
                      "points": [0.0, np.nan, 0.0, 3.0, 0.0], "synthetic": True})
    s = score(p, fw)
    z = da.zero_indicators(s)
    # 6.01 has maximum 0: not a "zero-scoring" component
    assert sorted(zip(z["unit"], z["indicator"])) == [("06", "1.01"), ("20", "1.02")]
    m = da.missing_indicators(s, unit="Bắc Kạn", year=2022)
    # 1.02 reported NaN; and every component never reported is missing too (98 - 3 given)
    assert "1.02" in set(m["indicator"]) and "1.01" not in set(m["indicator"])
    # 98 components, 2 reported (1.01, 6.01), 2 unscored never listed (6.02, 6.03)
    assert len(m) == 98 - 2 - 2
    zc = da.zero_counts(s, 2022).set_index("indicator")
    assert zc.loc["1.01", ["n_zero", "n_missing", "n_reported"]].tolist() == [1, 0, 2]
    assert zc.loc["1.02", ["n_zero", "n_missing", "n_reported"]].tolist() == [1, 1, 1]
    assert zc.loc["1.02", "share_zero"] == 1.0
    assert zc.loc["1.01", "units_zero"] == "06"
    assert zc["n_zero"].is_monotonic_decreasing
    # main-indicator level: indicator 1 of Bắc Kạn is 0 points reported → zero
    zi = da.zero_indicators(s, level="indicator")
    assert zi["indicator"].tolist() == ["1"] and zi["unit"].tolist() == ["06"]


def test_peer_stats_by_hand():
    rows = [("06", 2022, "1", 40.0), ("19", 2022, "1", 60.0), ("01", 2022, "1", 90.0), ("20", 2022, "1", 50.0),
            ("06", 2022, "7", 100.0), ("19", 2022, "7", 80.0), ("01", 2022, "7", 120.0), ("20", 2022, "7", 60.0)]
    s = _scores_from_indicators(rows)
    r = da.peer_stats(s, "06", 2022).set_index("indicator")
    # Bắc Kạn (06), Thái Nguyên (19), Lạng Sơn (20) are NMM; Hà Nội (01) RRD
    assert r.loc["1", "peer_group"] == "NMM" and r.loc["1", "n_peers"] == 3
    assert r.loc["1", "peer_mean"] == pytest.approx(50.0)
    assert r.loc["1", "national_mean"] == pytest.approx(60.0)
    assert (r.loc["1", "best"], r.loc["1", "best_unit"]) == (90.0, "01")
    assert r.loc["7", "peer_mean"] == pytest.approx(80.0)
    assert r.loc["7", "peer_mean_index"] == pytest.approx(0.4)
    assert (r.loc["7", "rank"], r.loc["7", "rank_in_peers"]) == (2, 1)
    assert r.loc["TOTAL", "points"] == 140.0 and r.loc["TOTAL", "best"] == 210.0
    sel = da.peer_stats(s, "06", 2022, peers=["Hà Nội"]).set_index("indicator")
    assert sel.loc["1", "n_peers"] == 2 and sel.loc["1", "peer_mean"] == 65.0


def test_identical_input_identical_output(bac_kan_case):
    a = da.rank_change_explained(bac_kan_case, "06", 2021, 2022)
    b = da.rank_change_explained(bac_kan_case.sample(frac=1, random_state=1), "06", 2021, 2022)
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(da.change(bac_kan_case, 2021, 2022),
                                  da.change(bac_kan_case.sample(frac=1, random_state=2), 2021, 2022))


def test_points_lost_by_hand(bac_kan_case):
    pl = da.points_lost(bac_kan_case, "06", 2022)
    # 2022: 1: 60/100, 2: 40/100, 3: 44/100, 4: 20/100, 5: 30/100, 7: 120.13/200, 8: 40/150, 9: 40/150
    lost = dict(zip(pl["indicator"], pl["points_lost"]))
    assert lost == pytest.approx({"1": 40, "2": 60, "3": 56, "4": 80, "5": 70, "7": 79.87, "8": 110, "9": 110})
    assert pl["indicator"].tolist()[:2] == ["8", "9"] and pl["rank_lost"].tolist()[:3] == [1, 1, 3]
    assert pl["points_lost"].sum() == pytest.approx(1000 - 394.13)
    assert pl["cum_share"].iloc[-1] == pytest.approx(1.0)


def test_appraisal_gap_three_stages_missing_not_zero():
    p = pd.DataFrame({
        "unit": "06", "year": 2022,
        "indicator": ["1.01"] * 3 + ["1.02"] * 3 + ["1.03"] * 2,
        "stage": ["self_assessed", "appraised", "final"] * 2 + ["self_assessed", "appraised"],
        "points": [8.0, 5.0, 6.0, 10.0, 10.0, 10.0, 4.0, np.nan]})
    g = da.appraisal_gap(p).set_index("indicator")
    assert g.loc["1.01", ["appraised_gap", "final_gap", "final_vs_appraised"]].tolist() == [-3.0, -2.0, 1.0]
    assert g.loc["1.02", "appraised_gap"] == 0.0
    assert np.isnan(g.loc["1.03", "appraised"]) and np.isnan(g.loc["1.03", "appraised_gap"])
    assert g.index[0] == "1.01"  # biggest cut first
    fw = load("dti-922").with_placeholder_components()
    gi = da.appraisal_gap(p, framework=fw, level="indicator").set_index("indicator")
    assert gi.loc["1", ["self_assessed", "appraised", "final"]].tolist() == [22.0, 15.0, 16.0]
    with pytest.raises(DtiError, match="at least two"):
        da.appraisal_gap(p[p["stage"] == "final"])


def test_strengths_weaknesses_by_hand(bac_kan_case):
    sw = da.strengths_weaknesses(bac_kan_case, "06", 2022, n=2)
    # only Bắc Kạn has indicators 1-5: rank 1 there; on 7, 8, 9 it is last (63rd) → weaknesses
    assert sw["type"].tolist() == ["strength", "strength", "weakness", "weakness"]
    assert set(sw.loc[sw["type"] == "strength", "indicator"]) <= {"1", "2", "3", "4", "5"}
    assert (sw.loc[sw["type"] == "strength", "rank"] == 1).all()
    weak = sw[sw["type"] == "weakness"]
    assert set(weak["indicator"]) <= {"7", "8", "9"} and (weak["rank"] == 63).all()
    assert (weak["vs_best"] < 0).all()
    fw = load("dti-922")
    named = da.strengths_weaknesses(bac_kan_case, "06", 2022, n=1, framework=fw, lang="en")
    assert named["name"].notna().all()


def _tiny_points():
    """Three provinces, DTI 922 with placeholder components; totals 30, 20, 10."""
    return pd.DataFrame({"unit": ["06", "06", "20", "01"], "year": 2022,
                         "indicator": ["1.01", "7.01", "7.01", "7.01"],
                         "points": [4.0, 6.0, 20.0, 30.0], "synthetic": True})


def test_improvement_plan_reaches_target_rank_with_fewest_components():
    fw = load("dti-922").with_placeholder_components()
    plan = da.improvement_plan(_tiny_points(), fw, "06", 2022, target_rank=1)
    # Bắc Kạn 10 points, rank 3; rank 1 needs 30 (tie with Hà Nội shares rank 1) → 20 more.
    # largest gaps: 9.01..9.06 are 19 points each → two components: 19 + 1
    assert plan.attrs["current_rank"] == 3 and plan.attrs["needed"] == pytest.approx(20)
    assert plan["component"].tolist() == ["9.01", "9.02"]
    assert plan["gain"].tolist() == [19.0, 1.0]
    assert plan["cumulative_points"].tolist() == [29.0, 30.0]
    assert plan["projected_rank"].tolist() == [2, 1]
    assert (plan["focal_unit"] == "").all() and plan["synthetic"].all()
    assert plan["indicator"].tolist() == ["9", "9"]


def test_improvement_plan_effort_and_targets():
    fw = load("dti-922").with_placeholder_components()
    # make every component of indicator 9 hard (effort 100) → the planner turns to 7.xx (gap 9/10)
    effort = {f"9.{i:02d}": 100.0 for i in range(1, 9)}
    plan = da.improvement_plan(_tiny_points(), fw, "06", 2022, target_points=25, effort=effort)
    assert plan["cumulative_points"].iloc[-1] == pytest.approx(25)
    assert not plan["component"].str.startswith("9.").any()
    assert plan["gain_per_effort"].is_monotonic_decreasing
    # already there: empty plan
    assert da.improvement_plan(_tiny_points(), fw, "01", 2022, target_rank=1).empty
    with pytest.raises(DtiError, match="out of reach"):
        da.improvement_plan(_tiny_points(), fw, "06", 2022, target_points=2000)
    with pytest.raises(DtiError, match="unknown component"):
        da.improvement_plan(_tiny_points(), fw, "06", 2022, target_rank=1, effort={"9.99": 2.0})
    with pytest.raises(DtiError, match="exactly one"):
        da.improvement_plan(_tiny_points(), fw, "06", 2022)


def test_rank_intervals_by_hand_and_deterministic():
    # a dominates b on every indicator: a is always ranked above b, whatever the weights
    rows = [("a", 2022, k, 0.9 * m) for k, m in MAXIMA.items()] + \
           [("b", 2022, k, 0.5 * m) for k, m in MAXIMA.items()] + \
           [("c", 2022, k, (0.8 if k in ("1", "2") else 0.3) * m) for k, m in MAXIMA.items()]
    s = _scores_from_indicators(rows)
    r = da.rank_intervals(s, 2022, draws=3000, seed=1).set_index("unit")
    assert r.loc["a", ["rank", "median_rank", "lo", "hi"]].tolist() == [1, 1, 1, 1]
    # b (0.5 everywhere) vs c (0.8 on 200 of 1000 points, 0.3 elsewhere: 0.40): b always 2nd
    assert r.loc["b", ["rank", "lo", "hi"]].tolist() == [2, 2, 2]
    assert r.loc["a", "index"] == pytest.approx(0.9)
    # zero spread: the interval collapses to the nominal rank
    z = da.rank_intervals(s, 2022, draws=50, spread=0.0)
    assert (z["lo"] == z["rank"]).all() and (z["hi"] == z["rank"]).all()
    pd.testing.assert_frame_equal(da.rank_intervals(s, 2022, draws=500, seed=3),
                                  da.rank_intervals(s, 2022, draws=500, seed=3))


def test_rank_intervals_63_provinces_sensible():
    # speed is measured in benchmarks/bench_engine.py, not here
    rng = np.random.default_rng(7)
    keys = provinces("pre2025")["key"].tolist()
    rows = [(u, 2022, k, round(float(rng.uniform(0.2, 0.9)) * m, 2)) for u in keys for k, m in MAXIMA.items()]
    s = _scores_from_indicators(rows)
    r = da.rank_intervals(s, 2022, draws=10000)
    assert len(r) == 63 and (r["lo"] <= r["median_rank"]).all() and (r["median_rank"] <= r["hi"]).all()
    assert ((r["lo"] <= r["rank"]) & (r["rank"] <= r["hi"])).mean() > 0.9


# --- on the bundled synthetic data (dtilib.demo reproduces the published facts) -------------

@pytest.fixture(scope="module")
def demo_scores():
    from dtilib import demo

    return demo.scores()


def test_demo_bac_kan_2021_2022(demo_scores):
    c = da.change(demo_scores, 2021, 2022).set_index("unit").loc["06"]
    assert c["points_change"] == pytest.approx(74.02)
    assert (c["rank_from"], c["rank_to"], c["rank_change"]) == (51, 63, -12)
    assert bool(c["score_up_rank_down"]) and bool(c["synthetic"])
    e = da.rank_change_explained(demo_scores, "Bắc Kạn", 2021, 2022).set_index("player")
    assert e["places"].sum() == pytest.approx(-12)
    assert e.loc["others", "places"] < -12  # others' progress outweighs Bắc Kạn's own gains
    assert e.drop(index="others")["places"].sum() > 0
    assert list(e.index) == ["1", "2", "3", "4", "5", "7", "8", "9", "others"]
    own = da.change(demo_scores, 2021, 2022, level="indicator")
    own = own[(own["unit"] == "06") & (own["indicator"] != "6")].set_index("indicator")["points_change"]
    np.testing.assert_allclose(e.loc[own.index, "points_change"].to_numpy(float), own.to_numpy(float))


def test_demo_zero_components_and_plan(demo_scores):
    from dtilib import demo

    assert len(da.zero_indicators(demo_scores, "06", 2022)) == 34  # the published count
    assert da.missing_indicators(demo_scores, year=2022).empty
    plan = da.improvement_plan(demo.points(), demo.framework(), "06", 2022, target_rank=51)
    assert plan.attrs["current_rank"] == 63
    assert plan["projected_rank"].iloc[-1] <= 51 and (plan["projected_rank"].iloc[:-1] > 51).all()
    assert plan["gain"].iloc[:-1].is_monotonic_decreasing
    assert (plan["current"] + plan["gain"] <= plan["max_points"] + 1e-9).all()
    r = da.rank_intervals(demo_scores, 2022, draws=2000).set_index("unit")
    assert r.loc["06", "rank"] == 63 and r.loc["48", "rank"] == 1  # Đà Nẵng first


def test_shapley_exact_and_sampled_agree_on_additive_games():
    from dtilib.analysis.change import _shapley

    w = np.arange(1.0, 15.0)

    def additive(s):
        return float(sum(w[i] for i in s))

    np.testing.assert_allclose(_shapley(additive, 6), w[:6])
    np.testing.assert_allclose(_shapley(additive, 14), w)  # 14 players: sampled orders, still exact here

    def glove(s):  # 0 and 1 together are worth 1; alone nothing → 1/2 each
        return float({0, 1} <= set(s))

    np.testing.assert_allclose(_shapley(glove, 3), [0.5, 0.5, 0.0])


@pytest.mark.e2e
def test_every_engine_function_has_an_example_and_no_plotting_import():
    import subprocess
    import sys

    from dtilib import composite, scoring

    funcs = [getattr(da, n) for n in da.__all__] + [
        scoring.score, scoring.ranks, scoring.totals, scoring.reaggregate, composite.normalise,
        composite.aggregate, composite.equal_weights, composite.framework_weights]
    assert [f.__name__ for f in funcs if ">>>" not in (f.__doc__ or "")] == []
    code = ("import sys, dtilib.analysis, dtilib.composite, dtilib.scoring; "
            "print([m for m in ('matplotlib', 'seaborn', 'papermill') if m in sys.modules])")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip() == "[]"

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

"""Scoring: hand-worked aggregation, missing ≠ zero, ranks, re-aggregation, published totals, speed."""
from __future__ import annotations


import numpy as np
import pandas as pd
import pytest

from dtilib import scoring
from dtilib.errors import DtiError, FrameworkError
from dtilib.frameworks import load
from dtilib.provinces import merger_map, provinces, resolve


@pytest.fixture(scope="module")
def fw():
    return load("dti-922").with_placeholder_components()


def random_points(fw, years=(2020, 2021, 2022, 2023), seed=0, missing=0.0):
    comps = fw.components()
    units = provinces("pre2025")["key"].tolist()
    grid = pd.MultiIndex.from_product([units, list(years), comps["code"]],
                                      names=["unit", "year", "indicator"]).to_frame(index=False)
    mx = grid["indicator"].map(dict(zip(comps["code"], comps["max_points"]))).to_numpy()
    rng = np.random.default_rng(seed)
    pts = np.round(rng.random(len(grid)) * mx, 2)
    if missing:
        pts[rng.random(len(grid)) < missing] = np.nan
    grid["points"] = pts
    grid["synthetic"] = True
    return grid


def naive_score(points, fw):
    """Reference: walk each leaf up its ancestors with a pandas merge + group-by."""
    anc = []
    parent = dict(zip(fw.nodes["code"], fw.nodes["parent"]))
    for leaf in fw.leaves()["code"]:
        c = leaf
        while isinstance(c, str):
            anc.append((leaf, c))
            c = parent.get(c)
    links = pd.DataFrame(anc, columns=["indicator", "node"])
    m = points.merge(links, on="indicator")
    g = m.groupby(["unit", "year", "node"])
    return pd.DataFrame({"points": g["points"].sum(min_count=1),
                         "n_missing": g["points"].apply(lambda s: int(s.isna().sum()))})


def test_hand_worked_small_case(fw):
    pts = pd.DataFrame({"unit": ["06"] * 4, "year": 2022, "indicator": ["1.01", "1.02", "7.01", "9.08"],
                        "points": [10.0, 0.0, 9.0, np.nan]})
    s = scoring.score(pts, fw).set_index("indicator")
    assert s.loc["1", ["points", "n_missing"]].tolist() == [10.0, 8]  # 10 components, 2 reported
    assert s.loc["1.02", "points"] == 0.0 and s.loc["1.02", "n_missing"] == 0  # zero is reported
    assert np.isnan(s.loc["9.08", "points"]) and s.loc["9.08", "n_missing"] == 1
    assert np.isnan(s.loc["9", "points"])  # nothing reported under 9: missing, not 0
    assert s.loc["TOTAL", "points"] == 19.0 and s.loc["TOTAL", "index"] == pytest.approx(0.019)
    # pillar views share indicators 1-6: GOV adds 7, ECO 8, SOC 9
    assert s.loc["GOV", "points"] == 19.0 and s.loc["GOV", "max_points"] == 700.0
    assert s.loc["ECO", "points"] == 10.0 and s.loc["SOC", "points"] == 10.0
    assert set(s["level"]) == {"component", "indicator", "total", "view"}
    assert len(s) == 1 + 9 + 98 + 3
    no_views = scoring.score(pts, fw, views=False)
    assert "view" not in set(no_views["level"]) and len(no_views) == 108


def test_duplicates_add_up_stage_filter_and_unknown_codes(fw):
    pts = pd.DataFrame({"unit": "20", "year": 2021, "indicator": ["1.01", "1.01", "1.01"],
                        "points": [2.0, 3.0, 9.0], "stage": ["final", "final", "self_assessed"]})
    s = scoring.score(pts, fw).set_index("indicator")
    assert s.loc["1.01", "points"] == 5.0
    sa = scoring.score(pts, fw, stage="self_assessed").set_index("indicator")
    assert sa.loc["1.01", "points"] == 9.0
    with pytest.raises(FrameworkError, match="not leaves"):
        scoring.score(pts.assign(indicator="1.99"), fw)


def test_matches_naive_reference_and_is_deterministic(fw):
    pts = random_points(fw, years=(2021, 2022), seed=3, missing=0.05)
    s = scoring.score(pts, fw, views=False)
    ref = naive_score(pts, fw)
    got = s.set_index(["unit", "year", "indicator"])
    ref.index.names = ["unit", "year", "indicator"]
    got = got.loc[ref.index]
    np.testing.assert_allclose(got["points"].to_numpy(float), ref["points"].to_numpy(float), rtol=1e-12)
    assert (got["n_missing"].to_numpy() == ref["n_missing"].to_numpy()).all()
    shuffled = scoring.score(pts.sample(frac=1, random_state=9).reset_index(drop=True), fw, views=False)
    pd.testing.assert_frame_equal(s, shuffled)


def test_ranks_official_rule_and_peers():
    s = pd.DataFrame({"unit": ["01", "06", "19", "20", "79"], "year": 2022, "indicator": "TOTAL",
                      "index": [0.70001, 0.70004, 0.5, 0.6, 0.9]})
    r = scoring.ranks(s).set_index("unit")["rank"]
    # 0.70001 and 0.70004 both round to 0.7000: shared 2nd, no 3rd
    assert r.to_dict() == {"01": 2, "06": 2, "19": 5, "20": 4, "79": 1}
    from dtilib.analysis import peer_groups

    p = scoring.ranks(s, peers=peer_groups("region")).set_index("unit")
    # NMM: 06 (0.7000), 20 (0.6), 19 (0.5)
    assert p.loc[["06", "20", "19"], "rank"].tolist() == [1, 2, 3]
    assert p.loc["01", "rank"] == 1 and p.loc["01", "peer_group"] == "RRD"


def test_published_2022_top_five_from_group_points():
    raw = pd.read_csv("data/raw/dti_2022_group_indices.csv", dtype={"group_code": str})
    raw["unit"] = [resolve(n).key for n in raw["province_vi"]]
    raw["indicator"] = raw["group_code"].str.split("_").str[0]
    groups = raw[raw["indicator"] != "TOTAL"][["unit", "year", "indicator", "group_points"]]
    s = scoring.score(groups.rename(columns={"group_points": "points"}), load("dti-922"))
    t = scoring.totals(s).set_index("unit")
    pub = raw[raw["indicator"] == "TOTAL"].set_index("unit")
    top = pub[pub["dti_rank"] <= 5].sort_values("dti_rank")
    assert top["group_points"].tolist() == [800.2, 716.3, 702.4, 697.5, 692.4]
    for u in top.index:
        assert t.loc[u, "index"] == pytest.approx(pub.loc[u, "group_index_0_1"], abs=1e-4)
    assert t.loc[top.index, "rank"].tolist() == [1, 2, 3, 4, 5]
    assert t.loc["06", "points"] == pytest.approx(394.13)  # seed_unverified Bắc Kạn 2022


def test_reaggregate_to_34_units_by_hand():
    # Bắc Kạn (06) and Thái Nguyên (19) → N19; Hà Nội alone → N01
    ind = pd.DataFrame({"unit": ["06", "06", "19", "19", "01", "01"], "year": 2022,
                        "indicator": ["1", "7", "1", "7", "1", "7"], "level": "indicator",
                        "points": [40.0, 100.0, 80.0, np.nan, 70.0, 150.0],
                        "max_points": [100.0, 200.0] * 3})
    tot = ind.groupby("unit", as_index=False)["points"].sum().assign(
        year=2022, indicator="TOTAL", level="total", max_points=1000.0)
    s = pd.concat([ind, tot], ignore_index=True)
    r = scoring.reaggregate(s).set_index(["unit", "indicator"])
    assert r.loc[("N19", "1"), "points"] == 60.0 and r.loc[("N19", "1"), "n_units"] == 2
    # 19 did not report 7: the average is over the provinces that have it
    assert r.loc[("N19", "7"), "points"] == 100.0 and r.loc[("N19", "7"), "n_units"] == 1
    # total = sum of the averaged main indicators (60 + 100), not the mean of totals (110)
    assert r.loc[("N19", "TOTAL"), "points"] == 160.0
    assert r.loc[("N19", "TOTAL"), "index"] == pytest.approx(0.16)
    assert r.loc[("N01", "TOTAL"), "points"] == 220.0
    ranked = scoring.ranks(r.reset_index())
    tot34 = ranked[ranked["indicator"] == "TOTAL"].set_index("unit")["rank"]
    assert tot34.to_dict() == {"N01": 1, "N19": 2}
    with pytest.raises(DtiError, match="unknown target"):
        scoring.reaggregate(s, to="pre2025")


def test_reaggregate_full_map_gives_34_units(fw):
    s = scoring.score(random_points(fw, years=(2022,), seed=1), fw)
    r = scoring.reaggregate(s)
    assert r["unit"].nunique() == 34 == merger_map()["new_key"].nunique()
    t = scoring.totals(r)
    assert len(t) == 34 and t["rank"].min() == 1 and t["rank"].max() <= 34
    # N19 = mean of Bắc Kạn and Thái Nguyên on each main indicator
    ind = s[(s["level"] == "indicator") & s["unit"].isin(["06", "19"])].groupby("indicator")["points"].mean()
    n19 = r[(r["unit"] == "N19") & (r["level"] == "indicator")].set_index("indicator")["points"]
    np.testing.assert_allclose(n19.reindex(ind.index).to_numpy(float), ind.to_numpy(float))
    assert r.loc[r["unit"] == "N01", "n_units"].eq(1).all()

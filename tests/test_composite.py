"""Composite-index methods against hand-worked values and the published DTI 2022 top five."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dtilib import composite
from dtilib.errors import DtiError
from dtilib.frameworks import load
from dtilib.provinces import resolve

RAW = "data/raw/dti_2022_group_indices.csv"


def _d():
    return pd.DataFrame({"unit": list("abcdabcd"), "year": 2022, "indicator": ["x"] * 4 + ["y"] * 4,
                         "value": [0.0, 5.0, 10.0, np.nan, 4.0, 2.0, 2.0, 8.0]})


def test_minmax_by_hand_with_direction_and_bounds():
    n = composite.normalise(_d(), "minmax", direction={"y": -1}, bounds=(0, 100))
    x = n[n["indicator"] == "x"]["value"].tolist()
    y = n[n["indicator"] == "y"]["value"].tolist()
    assert x[:3] == [0.0, 50.0, 100.0] and np.isnan(x[3])  # missing stays missing
    # lower is better on y: 2 is best (100), 8 worst (0), 4 → (−4 − −8)/(−2 − −8) = 4/6
    assert y == pytest.approx([100 * 4 / 6, 100.0, 100.0, 0.0])
    assert n["raw"].tolist()[:3] == [0.0, 5.0, 10.0]


def test_zscore_rank_target_frontier_by_hand():
    d = _d()
    z = composite.normalise(d, "zscore")
    xz = z[z["indicator"] == "x"]["value"].tolist()
    assert xz[:3] == pytest.approx([-1.0, 0.0, 1.0])  # mean 5, sd 5
    r = composite.normalise(d, "rank")
    assert r[r["indicator"] == "y"]["value"].tolist() == [3.0, 1.0, 1.0, 4.0]
    t = composite.normalise(d, "target", target={"x": 5.0, "y": 6.0})
    assert t[t["indicator"] == "x"]["value"].tolist()[:3] == [0.0, 1.0, 1.0]
    assert t[t["indicator"] == "y"]["value"].tolist() == pytest.approx([0.5, 0.0, 0.0, 1.0])
    f = composite.normalise(d, "frontier")
    assert f[f["indicator"] == "y"]["value"].tolist() == [0.5, 0.25, 0.25, 1.0]
    # normalisation is per year too
    two = pd.concat([d, d.assign(year=2023, value=d["value"] * 2)])
    m = composite.normalise(two, "minmax")
    assert m.groupby("year")["value"].max().tolist() == [1.0, 1.0]
    with pytest.raises(DtiError, match="unknown method"):
        composite.normalise(d, "softmax")
    with pytest.raises(DtiError, match="target="):
        composite.normalise(d, "target")


def test_aggregate_arithmetic_geometric_by_hand():
    d = _d()
    a = composite.aggregate(d, {"x": 1.0, "y": 3.0}).set_index("unit")
    assert a.loc["a", "value"] == pytest.approx((0 * 1 + 4 * 3) / 4)
    assert a.loc["d", "value"] == pytest.approx(8.0) and a.loc["d", "n_used"] == 1  # x missing
    assert a["year"].tolist() == [2022] * 4
    n = composite.normalise(d, "minmax", bounds=(1, 10))
    g = composite.aggregate(n, method="geometric").set_index("unit")
    # b: x → 5.5, y → (2-2)/6*9+1 = 1 → sqrt(5.5)
    assert g.loc["b", "value"] == pytest.approx(np.sqrt(5.5))
    with pytest.raises(DtiError, match="> 0"):
        composite.aggregate(d, method="geometric")


def _published_top5():
    raw = pd.read_csv(RAW, dtype={"group_code": str})
    raw["unit"] = [resolve(n).key for n in raw["province_vi"]]
    raw["indicator"] = raw["group_code"].str.split("_").str[0]
    return raw


def test_published_2022_top_five_recombined():
    raw = _published_top5()
    groups = raw[raw["indicator"] != "TOTAL"].rename(columns={"group_index_0_1": "value"})
    w = composite.framework_weights(load("dti-922"))
    comp = composite.aggregate(groups[["unit", "year", "indicator", "value"]], w).set_index("unit")
    published = raw[raw["indicator"] == "TOTAL"].set_index("unit")
    top = published[published["dti_rank"] <= 5].sort_values("dti_rank")
    assert top["group_points"].tolist() == [800.2, 716.3, 702.4, 697.5, 692.4]
    for u in top.index:
        assert comp.loc[u, "value"] == pytest.approx(published.loc[u, "group_index_0_1"], abs=1e-4)
    assert comp.loc[top.index, "n_used"].tolist() == [8] * 5
    # Bắc Kạn 2022 (seed_unverified group points): the 8 groups add up to 394.13
    assert comp.loc["06", "value"] * 1000 == pytest.approx(394.13, abs=0.1)

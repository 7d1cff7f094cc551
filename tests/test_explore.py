"""The explorer behind notebooks/00_explore.ipynb: callbacks called directly with new values."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dtilib import explore
from dtilib.errors import DtiError, UnknownProvinceError
from dtilib.frameworks import load
from dtilib.labels import SYNTHETIC_MARK
from dtilib.provinces import provinces
from dtilib.scoring import score

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def points() -> pd.DataFrame:
    """Seeded component points for all 63 provinces, 2021-2022, with zeros and unreported cells."""
    fw = load("dti-922").with_placeholder_components()
    leaves = fw.leaves()
    rng = np.random.default_rng(11)
    frames = []
    for year in (2021, 2022):
        for unit in provinces("pre2025")["key"]:
            level = rng.uniform(0.2, 0.9)
            share = np.clip(rng.normal(level, 0.3, len(leaves)), 0, 1)
            frames.append(pd.DataFrame({"unit": unit, "year": year, "indicator": leaves["code"].to_numpy(),
                                        "points": np.round(leaves["max_points"].to_numpy() * share, 2)}))
    pts = pd.concat(frames, ignore_index=True)
    pts.loc[pts.sample(frac=0.02, random_state=3).index, "points"] = np.nan
    pts["synthetic"] = True
    return pts


@pytest.fixture(scope="module")
def scores(points) -> pd.DataFrame:
    return score(points, load("dti-922").with_placeholder_components())


@pytest.fixture
def ex(scores) -> explore.Explorer:
    return explore.Explorer(scores=scores, units=["Bắc Kạn"], year=2022, peers="region", lang="en")


def _totals(scores: pd.DataFrame, year: int) -> pd.Series:
    t = scores[(scores["indicator"] == "TOTAL") & (scores["year"] == year)].set_index("unit")["index"].round(4)
    return t.rank(method="min", ascending=False).astype(int)


def test_default_view_answers_the_question(ex, scores):
    v = ex.view
    assert ex.state == {"index": "DTI", "year": 2022, "units": ["06"], "peers": "region", "lang": "en"}
    row = v.tables["overview"].iloc[0]
    r22, r21 = _totals(scores, 2022), _totals(scores, 2021)
    assert row["unit"] == "06" and row["rank"] == r22["06"]
    assert row["rank_change"] == r21["06"] - r22["06"]          # positive = moved up
    nmm = provinces("pre2025").query("region == 'NMM'")["key"]
    assert row["n_peers"] == len(nmm) == 14
    assert row["peer_rank"] == 1 + (r22[nmm] < r22["06"]).sum()
    assert row["published_rank"] == 63                            # the real 2022 rank, alongside
    assert set(v.tables) >= {"overview", "profile", "strengths_weaknesses", "why", "zeros", "peers", "history"}
    why = v.tables["why"]
    assert why["indicator"].iloc[-1] == "others" and why["indicator_name"].iloc[-1] == "Other provinces' progress"
    assert why["places"].sum() == pytest.approx(row["rank_change"])  # the parts add up to the change
    assert v.synthetic and SYNTHETIC_MARK["en"] in v.to_html()
    assert v.png().startswith(PNG)
    assert v.title == "DTI 2022: Bac Kan — compared with Same socio-economic region"


def test_profile_against_peers_national_and_best(ex, scores):
    prof = ex.view.tables["profile"].set_index("indicator")
    assert list(prof.index) == ["1", "2", "3", "4", "5", "7", "8", "9"]   # smart city is not scored
    ind = scores[(scores["level"] == "indicator") & (scores["year"] == 2022)]
    nmm = set(provinces("pre2025").query("region == 'NMM'")["key"])
    for code in ("3", "7"):
        vals = ind[ind["indicator"] == code].set_index("unit")["points"]
        assert prof.loc[code, "points"] == pytest.approx(vals["06"])
        assert prof.loc[code, "peer_mean"] == pytest.approx(vals[vals.index.isin(nmm)].mean())
        assert prof.loc[code, "national_mean"] == pytest.approx(vals.mean())
        assert prof.loc[code, "best"] == pytest.approx(vals.max())
    sw = ex.view.tables["strengths_weaknesses"]
    strong, weak = sw[sw["label"] == "Strength"], sw[sw["label"] == "Weakness"]
    assert len(strong) + len(weak) == len(sw) and 1 <= len(strong) <= 3 and len(weak) == 3
    # the word never contradicts the figure beside it: strengths at or above the peers, weaknesses below
    assert (strong["vs_peers"] >= 0).all() and (weak["vs_peers"] < 0).all()
    assert strong["rank"].is_monotonic_increasing and weak["rank"].is_monotonic_decreasing
    assert sw["vs_peers"].tolist() == pytest.approx(
        (prof.loc[sw["indicator"], "index"] - prof.loc[sw["indicator"], "peer_mean"]
         / prof.loc[sw["indicator"], "max_points"]).tolist())


def test_zero_and_missing_components_counted_apart(ex, points):
    z = ex.view.tables["zeros"].set_index("indicator")
    mine = points[(points["unit"] == "06") & (points["year"] == 2022) & ~points["indicator"].str.startswith("6.")]
    main = mine["indicator"].str.split(".").str[0]                 # smart city (6) is not scored
    assert z["n_zero"].to_dict() == mine["points"].eq(0).groupby(main).sum().to_dict()
    assert z["n_missing"].to_dict() == mine["points"].isna().groupby(main).sum().to_dict()
    assert "6" not in z.index and z["n_components"].sum() == 95


def test_on_year_callback(ex, scores):
    v = ex.on_year({"new": 2021, "old": 2022, "name": "value"})
    assert ex.state["year"] == 2021 and v.year == 2021
    row = v.tables["overview"].iloc[0]
    assert row["rank"] == _totals(scores, 2021)["06"]
    assert pd.isna(row["rank_change"])                             # no earlier year in the data
    v = ex.on_year({"new": 2019})
    assert list(v.tables) == ["history"] and v.figure is None
    assert "No DTI data for Bac Kan in 2019." in v.messages
    assert "Years with data: 2021, 2022." in v.messages


def test_on_units_callback_resolves_names_and_rejects_unknown(ex, scores):
    v = ex.on_units({"new": ("lang son", "Bac Kan", "20")})
    assert ex.state["units"] == ["20", "06"]
    assert list(v.tables["overview"]["unit"]) == ["20", "06"]
    assert list(v.tables["profile"]["unit"].unique()) == ["20", "06"]
    with pytest.raises(UnknownProvinceError, match="closest"):
        ex.on_units({"new": ["Bac Kann"]})
    assert ex.state["units"] == ["20", "06"]                        # a bad value changes nothing
    v = ex.on_units({"new": []})
    assert v.messages == ["Select at least one province."] and v.tables == {}


def test_on_peers_callback(ex, scores):
    r22 = _totals(scores, 2022)
    v = ex.on_peers({"new": "national"})
    assert v.tables["overview"]["n_peers"].iloc[0] == 63
    assert v.tables["overview"]["peer_rank"].iloc[0] == r22["06"]
    v = ex.on_peers({"new": "rank_band"})
    band_lo = (r22["06"] - 1) // 10 * 10 + 1
    peers = v.tables["peers"]
    assert peers["rank"].between(band_lo, band_lo + 9).all() and "06" in set(peers["unit"])
    assert len(peers) == r22.between(band_lo, band_lo + 9).sum()
    with pytest.raises(DtiError, match="peer set"):
        ex.on_peers({"new": "planet"})
    assert ex.state["peers"] == "rank_band"


def test_post2025_peer_set_uses_the_34_new_units(ex, scores):
    v = ex.on_peers({"new": "post2025"})
    assert v.units == ["N19"] and "Bac Kan is part of Thai Nguyen from 1 July 2025." in v.messages
    ov = v.tables["overview"].iloc[0]
    assert ov["unit"] == "N19" and ov["n_peers"] == 34
    ind = scores[(scores["year"] == 2022) & (scores["level"] == "indicator") & scores["unit"].isin(["06", "19"])]
    means = ind.groupby("indicator")["points"].mean()
    prof = v.tables["profile"].set_index("indicator")
    assert prof.loc["7", "points"] == pytest.approx(means["7"])
    assert ov["points"] == pytest.approx(means.sum())
    assert "published_rank" not in v.tables["overview"]             # no published ranks for the 34
    v = ex.on_units({"new": ["Bắc Kạn", "Thái Nguyên", "Hà Nội"]})
    assert v.units == ["N19", "N01"]                                 # two old provinces, one new unit
    assert v.messages == ["Bac Kan is part of Thai Nguyen from 1 July 2025."]
    ex.on_units({"new": ["Bắc Kạn"]})
    back = ex.on_peers({"new": "region"})
    assert back.units == ["06"]


def test_ict_index_uses_published_results(scores):
    ex = explore.Explorer(scores=scores, index="ICT", units=["Đà Nẵng", "Lào Cai"], year=2017,
                          peers="national", lang="en")
    ov = ex.view.tables["overview"].set_index("unit")
    assert ov.loc["48", "rank"] == 1 and ov.loc["10", "rank"] == 7
    assert not ex.view.synthetic and SYNTHETIC_MARK["en"] not in ex.view.to_html()
    assert any("sparse published figures" in m for m in ex.view.messages)
    v = ex.on_year({"new": 2023})
    assert list(v.tables["overview"]["unit"]) == ["48"]
    assert "No ICT data for Lao Cai in 2023." in v.messages
    v = ex.on_peers({"new": "post2025"})
    assert v.peers == "national" and any("34 new units" in m for m in v.messages)
    v = ex.on_index({"new": "DTI"})
    assert v.index == "DTI" and v.year == 2022                      # back to a DTI year
    v = ex.on_index({"new": "ICT"})
    assert v.year == 2022 and 2022 in ex.years("ICT")               # the 2022 ICT edition (Sept 2023) exists


def test_language_switch(ex):
    v = ex.on_lang({"new": "vi"})
    assert v.title == "DTI 2022: Bắc Kạn — so sánh với Cùng vùng kinh tế - xã hội"
    html = v.table_html()
    assert "Xếp hạng" in html and "Bắc Kạn" in html and SYNTHETIC_MARK["vi"] in html
    assert set(v.tables["strengths_weaknesses"]["label"]) == {"Điểm mạnh", "Điểm yếu"}
    with pytest.raises(DtiError, match="language"):
        ex.on_lang({"new": "fr"})


def test_widgets_drive_the_view(ex):
    box = ex.widget()
    c = ex.controls
    assert c["year"].options == (2021, 2022) and c["units"].value == ("06",)
    names = [n for n, _ in c["units"].options]  # Vietnamese alphabetical order: Bạc Liêu before Bắc Giang, Đ after D
    assert names.index("Bạc Liêu") < names.index("Bắc Giang") < names.index("Bình Định") < names.index("Bình Thuận")
    assert names.index("Đồng Tháp") < names.index("Gia Lai") and names[-1] == "Yên Bái"
    before = ex._outputs["tables"].value
    c["year"].value = 2021                                           # as a user would, through observe
    assert ex.state["year"] == 2021 and ex._outputs["tables"].value != before
    assert "2021" in ex._outputs["title"].value
    c["units"].value = ("06", "20")
    assert ex.state["units"] == ["06", "20"]
    c["lang"].value = "vi"
    assert c["year"].description == "Năm" and "Tổng quan" in ex._outputs["tables"].value
    assert bytes(ex._outputs["figure"].value).startswith(PNG)
    ex.update(year=2022, peers="national")                           # code changes move the controls
    assert c["year"].value == 2022 and c["peers"].value == "national"
    c["year"].value = 2021
    c["units"].value = ()
    assert "Hãy chọn ít nhất một tỉnh/thành." in ex._outputs["messages"].value
    assert ex._outputs["figure"].layout.display == "none"
    assert box is ex.widget()


def test_display_bundle_has_live_widget_and_static_view(ex):
    bundle = ex._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    html = bundle["text/html"]
    assert "data:image/png;base64," in html and "Overview" in html and "Bac Kan" in html


def test_bad_settings_are_refused(ex):
    with pytest.raises(DtiError, match="unknown index"):
        ex.update(index="PCI")
    with pytest.raises(DtiError, match="unknown explorer setting"):
        ex.update(province="Hà Nội")
    with pytest.raises(DtiError, match="whole number"):
        ex.update(year="next")
    assert ex.state["index"] == "DTI" and ex.state["year"] == 2022

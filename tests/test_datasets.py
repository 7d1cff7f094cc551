"""Bundled published data: loads cleanly, provenance on every row, and the
2022 top-five group points recombine to the published totals."""
from __future__ import annotations

import shutil

import pandas as pd
import pytest

from dtilib import datasets, frameworks, scoring
from dtilib.errors import DtiError, ValidationError


def test_every_bundled_table_loads_with_provenance():
    tables = datasets.load_all()
    assert set(tables) == set(datasets.LOADERS)
    for name, df in tables.items():
        assert len(df) > 0, name
        for col in ("status", "source"):
            assert col in df and df[col].notna().all() and (df[col] != "").all(), (name, col)
        if "unit" in df:
            assert df["unit"].notna().all(), name


def test_every_raw_row_is_loaded_once():
    # no row silently dropped: raw line counts equal table rows (ICT is long)
    raw = {p.stem: len(pd.read_csv(p, dtype=str)) for p in datasets.raw_files()}
    assert len(datasets.dti_results()) == raw["dti_results"] == 120
    assert len(datasets.dti_group_points()) == raw["dti_2022_group_indices"] - 6  # minus 6 TOTAL rows
    ict = datasets.ict_results()
    assert (ict["indicator"] == "ICT").sum() == raw["ict_index_results"]


def test_2022_ranking_complete_with_tie_at_15():
    r = datasets.dti_results()
    r22 = r[(r.year == 2022) & (r.ranking_group == "63_provinces")]
    assert r22["unit"].nunique() == 63
    assert sorted(r22["rank"]) == sorted(list(range(1, 16)) + [15] + list(range(17, 64)))


def test_seed_figures_stay_marked():
    g = datasets.dti_group_points()
    bk = g[g.unit == "06"]
    assert len(bk) == 8 and (bk["status"] == "seed_unverified").all() and bk["unverified"].all()
    assert round(bk["points"].sum(), 2) == 394.13
    assert not g[g.unit == "48"]["unverified"].any()
    r = datasets.dti_results()
    assert r.loc[(r.unit == "06") & (r.year == 2022), "unverified"].item()
    ict = datasets.ict_results()
    assert ict.loc[(ict.unit == "20") & (ict.year == 2020), "unverified"].all()


def test_post_merger_ranking_uses_new_unit_keys():
    r = datasets.dti_results()
    new = r[r.ranking_group == "34_provinces_post_merger"]
    assert new["unit"].str.startswith("N").all()
    assert new.set_index("unit").loc["N46", "name_vi"] == "Huế"


@pytest.mark.parametrize("unit,total", [("48", 800.2), ("79", 716.3), ("22", 702.4),
                                        ("46", 697.5), ("92", 692.4)])
def test_top_five_group_points_recombine_to_published_totals(unit, total):
    fw = frameworks.load("dti-922")  # no components: the main indicators are the leaves
    g = datasets.dti_group_points()
    pts = g[(g.unit == unit) & (g.year == 2022)][["unit", "year", "indicator", "points"]]
    assert len(pts) == 8
    s = scoring.score(pts, fw).set_index("indicator")
    published = datasets.dti_results().query("year == 2022 and unit == @unit").iloc[0]
    assert published["points"] == total
    assert s.loc["TOTAL", "points"] == pytest.approx(total, abs=0.1)  # ±0.0001 on the 0-1 index
    assert abs(s.loc["TOTAL", "index"] - published["index"]) <= 0.0001
    # and the published group index is points / the framework's maximum
    idx = s.loc[pts["indicator"], "index"].to_numpy()
    assert (abs(idx - g[(g.unit == unit)]["index"].to_numpy()) <= 0.00005).all()


def test_raw_folder_override_and_clear_errors(tmp_path, monkeypatch):
    for p in datasets.raw_files():
        shutil.copy(p, tmp_path / p.name)
    f = tmp_path / "dti_group_ranks.csv"
    f.write_text(f.read_text(encoding="utf-8").replace("Bắc Kạn", "Atlantis", 1), encoding="utf-8")
    monkeypatch.setenv("DTILIB_RAW", str(tmp_path))
    assert datasets.raw_dir() == tmp_path
    with pytest.raises(ValidationError) as e:
        datasets.dti_group_ranks()
    assert "dti_group_ranks.csv:2:province_vi" in str(e.value) and "Atlantis" in str(e.value)
    (tmp_path / "dti_results.csv").unlink()
    with pytest.raises(DtiError, match="dti_results.csv"):
        datasets.dti_results()

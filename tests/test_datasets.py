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
    assert len(datasets.dti_results()) == raw["dti_results"] == 180
    assert len(datasets.dti_group_points()) == raw["dti_2022_group_indices"] - 6  # minus 6 TOTAL rows
    assert len(datasets.dti_group_ranks()) == raw["dti_group_ranks"] == 142
    ict = datasets.ict_results()
    assert (ict["indicator"] == "ICT").sum() == raw["ict_index_results"] == 93


def test_raw_files_are_the_shared_published_files_byte_for_byte(root):
    shared = root.parent / "shared" / "data" / "published"
    if not shared.is_dir():
        pytest.skip("../shared/data/published not checked out here")
    for p in sorted(shared.glob("*.csv")):
        assert (datasets.raw_dir() / p.name).read_bytes() == p.read_bytes(), p.name


def test_coverage_per_year_is_what_the_sources_readme_states():
    r = datasets.dti_results()
    r = r[r.preferred & r["rank"].notna()]
    n = r.groupby(["year", "ranking_group"])["unit"].nunique().to_dict()
    assert n[(2020, "63_provinces")] == 37 and n[(2021, "63_provinces")] == 37
    assert n[(2022, "63_provinces")] == 63 and n[(2023, "63_provinces")] == 17
    assert n[(2024, "63_provinces")] == 6 and n[(2024, "34_provinces_post_merger")] == 14


def test_2022_ranking_complete_with_tie_at_15():
    r = datasets.dti_results()
    r22 = r[(r.year == 2022) & (r.ranking_group == "63_provinces")]
    assert r22["unit"].nunique() == 63
    assert sorted(r22["rank"]) == sorted(list(range(1, 16)) + [15] + list(range(17, 64)))


def test_seed_figures_stay_marked():
    g = datasets.dti_group_points()
    bk = g[g.unit == "06"]
    assert len(bk) == 8 and (bk["status"] == "seed_unverified").all() and bk["unverified"].all()
    assert (bk["points_status"] == "seed_only").all() and (bk["index_status"] == "seed_only").all()
    assert round(bk["points"].sum(), 2) == 394.13
    top = g[g.unit == "48"]
    assert not top["unverified"].any()
    assert (top["index_status"] == "published").all() and (top["points_status"] == "derived").all()


def test_status_is_per_figure_not_per_row():
    r = datasets.dti_results()
    bk = r[(r.unit == "06") & (r.year == 2022)].iloc[0]
    # Bắc Kạn 2022: rank 63 from dti.gov.vn is published; its 394.13 is seed-only
    assert bk["rank"] == 63 and bk["rank_status"] == "published" and not bk["unverified"]
    assert bk["score_status"] == "seed_only" and bk["points"] == pytest.approx(394.1)
    assert "dti.gov.vn" in bk["source"]
    ict = datasets.ict_results()
    ls = ict[(ict.unit == "20") & (ict.indicator == "ICT")].set_index("year")
    # Lạng Sơn 2017 ICT: rank 58 published (corroborated by stttt.langson), index 0.1897 seed-only
    assert ls.loc[2017, "rank"] == 58 and ls.loc[2017, "rank_status"] == "published"
    assert ls.loc[2017, "index"] == 0.1897 and ls.loc[2017, "index_status"] == "seed_only"
    assert not ls.loc[2017, "unverified"]
    # Lạng Sơn 2020 ICT: rank 21, only in the seed article
    assert ls.loc[2020, "rank"] == 21 and ls.loc[2020, "rank_status"] == "seed_only" and ls.loc[2020, "unverified"]
    assert ls["rank"].tolist() == [61, 58, 32, 21]
    it = ict[(ict.unit == "20") & (ict.indicator == "it_application")].set_index("year")
    assert (it["index_status"] == "seed_only").all() and (it["rank_status"] == "seed_only").all()
    # a row whose note says the pillar scores are only in a third-party compilation
    dn = r[(r.unit == "48") & (r.year == 2020)].iloc[0]
    assert dn["rank_status"] == "published" and dn["score_status"] == "published"
    assert dn["gov_rank_status"] == "published" and dn["gov_index_status"] == "secondary"
    # sourced+derived: rank and score stated, pillars derived
    nt = r[(r.unit == "58") & (r.year == 2021)].iloc[0]
    assert (nt["rank_status"], nt["score_status"], nt["gov_index_status"]) == ("published", "published", "derived")
    # a list-order rank; a figure not given has no status
    ln = r[(r.unit == "20") & (r.year == 2023)].iloc[0]
    assert ln["rank_status"] == "published_list_order" and ln["score_status"] == ""
    known = set(datasets.figure_statuses()["status"]) | {""}
    cols = [c for c in r.columns if c.endswith("_status")]
    assert set(r[cols].to_numpy().ravel()) <= known


def test_conflicts_kept_with_one_preferred_row():
    r = datasets.dti_results()
    one = r[r.preferred]
    assert not one.duplicated(["unit", "year", "ranking_group"]).any()
    assert len(r) - len(one) == 4  # Quảng Ninh 2020, Kiên Giang 2020, Cần Thơ 2021, Hà Nội 2023
    pick = one.set_index(["unit", "year"])["rank"]
    assert pick[("91", 2020)] == 9 and pick[("92", 2021)] == 15 and pick[("01", 2023)] == 6
    both = r[(r.unit == "91") & (r.year == 2020)]
    assert sorted(both["rank"]) == [8, 9] and (both["rank_status"] == "conflicting").all()
    assert both["source"].nunique() == 2
    c = datasets.conflicts()
    assert {("22", 2020), ("91", 2020), ("92", 2021), ("01", 2023), ("10", 2015), ("82", 2018),
            ("22", 2023), ("27", 2023)} <= set(zip(c["unit"], c["year"]))
    assert c.groupby(["unit", "year", "framework", "indicator", "measure"])["preferred"].sum().eq(1).all()
    # Quảng Ninh 2020: the two rows agree on the rank (not a conflict) but not on the pillar values
    qn = c[(c.unit == "22") & (c.year == 2020)]
    assert set(qn["indicator"]) == {"GOV", "ECO"}
    gov = qn[qn.indicator == "GOV"].set_index("value")["preferred"]
    assert gov[0.4513] and not gov[0.5293]  # a stated figure beats our arithmetic (see the rule)


def test_citations_never_show_a_file_path():
    from dtilib import citations

    f = datasets.published_figures()
    for col in ("citation", "citation_en"):
        assert f[col].str.len().gt(0).all()
        assert not f[col].str.contains("seeds/|\\.txt", regex=True).any()
    every = set()
    for df in datasets.load_all().values():
        if "source" in df:
            every |= {p for s in df["source"] for p in citations.split_source(s)}
    for part in every:
        for lang in ("vi", "en"):
            text = citations.cite(part, lang)
            assert "seeds/" not in text and ".txt" not in text, text
    # every web address has a publisher from the domain table, none falls back to a bare host
    doms = citations.citation_table().query("kind == 'domain'")["key"]
    for part in every:
        if part.startswith("http"):
            host = part.split("/")[2].lower()
            assert any(host == d or host.endswith("." + d) for d in doms), host
    seed = datasets.cite("seeds/002_d8f20103a555f93a.txt (news article)", "en")
    assert "Bắc Kạn" in seed and "news article only" in seed
    assert datasets.cite("https://baolangson.vn/x/455867-llang-son-dung-thu-16-ve-chuyen-doi-so.html", "vi") \
        .startswith("Báo Lạng Sơn: “llang son dung thu 16 ve chuyen doi so”")
    with pytest.raises(DtiError, match="lang"):
        datasets.cite("https://dti.gov.vn/xep-hang-2022", "fr")


def test_published_figures_table():
    f = datasets.published_figures()
    one = f[f.preferred]
    assert not one.duplicated(["unit", "year", "ranking_group", "framework", "indicator", "measure"]).any()
    t = one[(one.indicator == "TOTAL") & (one.measure == "rank") & (one.framework != "ict-index")]
    assert t.groupby(["year", "ranking_group"]).size().to_dict() == {
        (2020, "63_provinces"): 37, (2021, "63_provinces"): 37, (2022, "63_provinces"): 63,
        (2023, "63_provinces"): 17, (2024, "34_provinces_post_merger"): 14, (2024, "63_provinces"): 6}
    key = one.set_index(["unit", "year", "framework", "indicator", "measure"])
    assert key.loc[("06", 2022, "dti-922", "TOTAL", "rank"), "status"] == "published"
    assert key.loc[("06", 2022, "dti-922", "TOTAL", "points"), "value"] == 394.13
    assert key.loc[("06", 2022, "dti-922", "TOTAL", "points"), "status"] == "seed_only"
    assert key.loc[("48", 2022, "dti-922", "TOTAL", "points"), "value"] == 800.2
    assert key.loc[("06", 2021, "dti-922", "7", "rank"), "value"] == 62
    assert key.loc[("20", 2017, "ict-index", "TOTAL", "rank"), "status"] == "published"
    assert key.loc[("20", 2017, "ict-index", "TOTAL", "index"), "status"] == "seed_only"
    assert key.loc[("20", 2020, "ict-index", "TOTAL", "rank"), "value"] == 21
    assert key.loc[("48", 2022, "dti-922", "3", "index"), "value"] == 0.8253  # in two files: one row
    assert set(one[one.framework == "dti-922"]["indicator"]) == set("12345789") | {"TOTAL", "GOV", "ECO", "SOC"}
    assert one[one.ranking_group == "34_provinces_post_merger"]["unit"].str.startswith("N").all()
    assert (one.loc[one.framework == "dti-2020", "year"] == 2020).all()
    assert set(f["status"]) <= set(datasets.figure_statuses()["status"])


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

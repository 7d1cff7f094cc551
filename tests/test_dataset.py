"""One dataset flows through every layer: framework, units and provenance travel with the data.

The reproductions of the structure review (shared/reviews/2026-12-structure.md) and a user's own
framework and points file going through the engine, the plots, the chart set, the report plan and
the explorer with the user's names — never the national framework's.
"""
from __future__ import annotations

import pandas as pd
import pytest

from dtilib import analysis, plots
from dtilib.dataset import Dataset, dataset_of, open_dataset
from dtilib.errors import DtiError, UnknownProvinceError
from dtilib.frameworks import load_file
from dtilib.scoring import ranks, reaggregate, score

NATIONAL_NAMES = ("Nhận thức số", "Digital awareness", "Thể chế số", "Hoạt động chính quyền số")


@pytest.fixture(scope="module")
def own(tmp_path_factory):
    d = tmp_path_factory.mktemp("own")
    (d / "mine.yaml").write_text(
        "id: mine\nname_vi: Bộ chỉ số chuyển đổi số cấp xã\nname_en: Commune DTI\nmax_points: 100\n"
        "indicators:\n"
        '  - {code: "1", name_vi: "Hạ tầng cơ sở", name_en: "Basic infrastructure", max_points: 60}\n'
        '  - {code: "2", name_vi: "Dịch vụ công", name_en: "Public services", max_points: 40}\n', encoding="utf-8")
    rows = ["Đơn vị,Năm,Mã chỉ số,Điểm"]
    for unit, a, b, a0, b0 in (("Xã Tân Phú", 30, 20, 20, 10), ("Phường Hòa Bình", 40, 10, 35, 5),
                               ("Sở Nội vụ", 55, 35, 50, 30)):
        rows += [f"{unit},2025,1,{a}", f"{unit},2025,2,{b}", f"{unit},2024,1,{a0}", f"{unit},2024,2,{b0}"]
    (d / "diem.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return d


def test_review_reproduction_a_users_framework_keeps_its_names(tmp_path):
    p = tmp_path / "mine.csv"
    p.write_text("code,parent,name_vi,name_en,max_points\n1,,Hạ tầng,Infrastructure,60\n2,,Dịch vụ,Services,40\n",
                 encoding="utf-8")
    s = ranks(score(pd.DataFrame({"unit": ["06", "20"] * 2, "year": 2022, "indicator": ["1", "1", "2", "2"],
                                  "points": [30, 50, 10, 20]}), load_file(p)))
    ax = plots.indicator_profile(s, "06", 2022, lang="en")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Infrastructure (60)", "Services (40)"]


def test_review_reproduction_one_name_one_unit_on_post2025_scores():
    from dtilib.plots._examples import example_scores

    new = ranks(reaggregate(example_scores().query("year == 2022").drop(columns="rank")))
    assert analysis.peer_stats(new, "Thái Nguyên", 2022)["unit"].iloc[0] == "N19"
    ax = plots.tile_map(new, year=2022, highlight="Thái Nguyên")
    assert [p.get_gid() for p in ax.patches if p.get_linewidth() > 1.5] == ["highlight:N19"]
    assert dataset_of(new) is None  # re-aggregated scores are about other units: no stale dataset


def test_the_users_file_is_a_dataset_of_its_own_units(own):
    ds = open_dataset(own / "diem.csv", own / "mine.yaml")
    assert ds.era == "own" and ds.years == [2024, 2025] and not ds.synthetic
    assert ds.provenance.kind == "file" and ds.provenance.files[0][0].endswith("diem.csv")
    assert ds.unit("PHUONG HOA BINH") == "Phường Hòa Bình" and ds.unit("Phường Hoà Bình") == "Phường Hòa Bình"
    with pytest.raises(UnknownProvinceError, match="closest: Xã Tân Phú"):
        ds.unit("Xã Tân Phước")
    t = ds.totals(2025)
    assert t[["unit", "points", "rank"]].values.tolist() == [
        ["Sở Nội vụ", 90.0, 1], ["Phường Hòa Bình", 50.0, 2], ["Xã Tân Phú", 50.0, 2]]
    assert dataset_of(ds.scores.query("year == 2025")) is ds


def test_findings_and_charts_on_the_users_data_use_the_users_names(own, tmp_path):
    from dtilib.deck import chart_plan, export
    from dtilib.findings import findings

    ds = open_dataset(own / "diem.csv", own / "mine.yaml")
    f = findings(ds, "Xã Tân Phú", 2025, lang="vi")
    assert "Hạ tầng cơ sở" in f["indicator_profile"] and "trung bình 3 đơn vị" in f["score_distribution"]
    assert "cả nước" not in " ".join(f.values())
    charts, left = chart_plan(ds, "Xã Tân Phú", 2025, lang="en")
    assert {"component_heatmap", "tile_map", "tile_map_post2025"} <= set(left)
    assert left["component_heatmap"] == "the data have no component scores"
    written = export("Xã Tân Phú", 2025, tmp_path, lang="vi", scores=ds, formats="svg,pptx", dpi=30, draws=50)
    svg = " ".join(p.read_text(encoding="utf-8") for p in written if p.suffix == ".svg")
    assert "Hạ tầng cơ sở" in svg and not any(n in svg for n in NATIONAL_NAMES)
    from pptx import Presentation

    deck = Presentation(str(next(p for p in written if p.suffix == ".pptx")))
    text = " ".join(sh.text_frame.text for s in deck.slides for sh in s.shapes if sh.has_text_frame)
    assert "diem.csv (sha256 " in text and not any(n in text for n in NATIONAL_NAMES)


def test_the_report_plan_and_context_take_the_users_data(own):
    from dtilib.report.context import open_report
    from dtilib.report.plan import plan

    reps = plan(None, data=own / "diem.csv", framework=own / "mine.yaml", kinds="overview,profile")
    assert [r.stem for r in reps] == ["overview", "profile-phuong-hoa-binh", "profile-so-noi-vu",
                                      "profile-xa-tan-phu"]
    ctx = open_report(reps[1].params["data"], reps[1].params["framework"], year=reps[1].params["year"],
                      unit=reps[1].params["province"], lang="en")
    assert ctx.unit == "Phường Hòa Bình" and ctx.prev == 2024 and not ctx.registry
    assert ctx.say("overview_title", year=2025) == "Commune DTI 2025: overview of the units"
    with pytest.raises(DtiError, match="years in the data: 2024, 2025"):
        open_report(own / "diem.csv", own / "mine.yaml", year=2022)


def test_the_explorer_takes_the_users_data(own):
    from dtilib.explorer import Explorer

    ex = Explorer(data=own / "diem.csv", framework=own / "mine.yaml", units=["xa tan phu"], lang="vi")
    v = ex.view
    assert ex.own and ex.indexes == ("DTI",) and ex.peer_kinds == ("national",)
    assert v.title.startswith("Bộ chỉ số chuyển đổi số cấp xã 2025: Xã Tân Phú")
    prof = v.tables["profile"]
    assert set(prof["indicator_name"]) == {"Hạ tầng cơ sở", "Dịch vụ công"}
    assert "published_rank" not in v.tables["overview"]
    html = v.to_html()
    assert not any(n in html for n in NATIONAL_NAMES)
    with pytest.raises(DtiError, match="expected DTI"):
        ex.update(index="ICT")


def test_the_national_framework_id_is_set_in_one_place():
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[1] / "dtilib"
    hits = [p.relative_to(root).as_posix() for p in root.rglob("*.py")
            if "frameworks" not in p.parts and '"dti-922"' in p.read_text(encoding="utf-8")]
    assert hits == []


def test_demo_dataset_is_marked_illustrative_and_cached():
    ds = Dataset.demo()
    assert ds.synthetic and ds.provenance.kind == "illustrative" and Dataset.demo() is ds
    assert "minh họa" in ds.describe("vi").lower()


def test_finding_a_unit_by_name_does_not_score_the_data():
    demo = Dataset.demo()
    ds = Dataset.from_points(demo.points, demo.framework)  # the same points, nothing scored yet
    assert ds.unit("Bac Kan") == "06" and ds.unit("Lạng Sơn") == "20"
    assert ds._scores == {}  # a name lookup reads the points, not the scores

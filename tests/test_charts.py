"""dti charts / dtilib.deck: the chart set as PNG, SVG and a PowerPoint deck."""
from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from dtilib import __version__
from dtilib.deck import CHARTS, export, findings
from dtilib.labels import SYNTHETIC_MARK
from dtilib.plots._examples import example_scores


@pytest.fixture(scope="module")
def scores() -> pd.DataFrame:
    return example_scores()


@pytest.mark.e2e
def test_import_charts_is_cheap():
    code = ("import sys, dtilib.deck, dtilib.commands.charts; "
            "bad = [m for m in ('matplotlib', 'seaborn', 'pptx') if m in sys.modules]; "
            "assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_findings_are_computed_from_the_data(scores):
    tot = scores[scores.indicator == "TOTAL"].set_index(["unit", "year"])
    a, b = tot.loc[("06", 2021)], tot.loc[("06", 2022)]
    dp = b["points"] - a["points"]
    dr = int(a["rank"] - b["rank"])
    f = findings(scores, "bac kan", 2022, lang="en")
    conj = "but" if dp * dr < 0 else "and"
    places = f"{dr:+d}".replace("-", "−")
    assert f["change"] == (f"Bac Kan 2021→2022: {dp:+.2f} points {conj} {places} places "
                           f"({int(a['rank'])} → {int(b['rank'])})")
    path = " → ".join(str(int(tot.loc[("06", y), "rank"])) for y in (2020, 2021, 2022, 2023))
    assert f["rank_trajectories"] == f"Bac Kan: rank {path} (2020–2023)"
    comp = scores[(scores.unit == "06") & (scores.year == 2022) & (scores.level == "component")
                  & (scores.max_points > 0)]
    assert f["component_heatmap"] == (f"Bac Kan 2022: {(comp.points == 0).sum()} components scored zero, "
                                      f"{comp.points.isna().sum()} not reported")
    assert "Thai Nguyen" in f["tile_map_post2025"]  # Bắc Kạn merged into Thái Nguyên
    vi = findings(scores, "Bắc Kạn", 2022, lang="vi")
    assert vi["change"].startswith("Bắc Kạn 2021→2022: ") and " bậc (" in vi["change"]
    assert set(vi) == set(f) == set(CHARTS) - {"rank_intervals"}


def test_no_change_chart_without_previous_year(scores):
    f = findings(scores[scores.year >= 2022], "06", 2022, lang="en")
    assert "change" not in f


@pytest.mark.slow
def test_export_writes_png_svg_and_deck(scores, tmp_path):
    from pptx import Presentation

    out = tmp_path / "charts"
    paths = export("Bắc Kạn", 2022, out, lang="vi", scores=scores, formats="png,pptx", dpi=30,
                   draws=200, sources=["example.csv (sha256 0123)"])
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(p.name for p in paths)  # nothing else, no temporary files left
    pngs = [p for p in paths if p.suffix == ".png"]
    assert len(pngs) == len(CHARTS)
    assert all(p.stat().st_size > 1000 for p in paths)
    deck = next(p for p in paths if p.suffix == ".pptx")
    prs = Presentation(str(deck))
    assert abs(prs.slide_width / prs.slide_height - 16 / 9) < 0.01
    slides = list(prs.slides)
    assert len(slides) == 1 + len(CHARTS) + 1
    assert slides[0].shapes.title.text == "Bắc Kạn: Chỉ số DTI năm 2022"
    assert SYNTHETIC_MARK["vi"] in " ".join(sh.text_frame.text for sh in slides[0].shapes if sh.has_text_frame)
    iv_find = findings(scores, "06", 2022, "vi")
    titles = [s.shapes.title.text for s in slides[1:-1]]
    assert titles[:-1] == [iv_find[c] for c in CHARTS if c != "rank_intervals"]
    assert titles[-1].startswith("Bắc Kạn 2022: hạng ")
    for s in slides[1:-1]:
        assert sum(1 for sh in s.shapes if sh.shape_type == 13) == 1  # one picture per slide
    last = slides[-1]
    assert last.shapes.title.text == "Nguồn gốc dữ liệu"
    body = " ".join(sh.text_frame.text for sh in last.shapes if sh.has_text_frame)
    assert "example.csv (sha256 0123)" in body and SYNTHETIC_MARK["vi"] in body
    assert f"Phiên bản dtilib: {__version__}" in body and "dti-922" in body


def test_export_svg(scores, tmp_path):
    paths = export("Bắc Kạn", 2022, tmp_path, lang="en", scores=scores, formats="svg",
                   only="change,tile_map")
    assert [p.name for p in paths] == ["02_change_06_2022_en.svg", "08_tile_map_06_2022_en.svg"]
    text = paths[0].read_text(encoding="utf-8")
    assert text.lstrip().startswith("<?xml") and "<svg" in text[:1000]


def test_export_png_is_300_dpi(scores, tmp_path):
    from PIL import Image

    (p,) = export("Lạng Sơn", 2022, tmp_path, lang="en", scores=scores, formats="png",
                  only="rank_trajectories")
    with Image.open(p) as im:
        assert im.size == (4000, 2250)  # 13.333 × 7.5 in at 300 dpi
        assert round(im.info["dpi"][0]) == 300


def test_export_bad_input(scores, tmp_path):
    from dtilib.errors import DtiError, UnknownProvinceError

    with pytest.raises(DtiError, match="unknown format"):
        export("06", 2022, tmp_path, scores=scores, formats="gif")
    with pytest.raises(DtiError, match="unknown chart"):
        export("06", 2022, tmp_path, scores=scores, only="pie")
    with pytest.raises(DtiError, match="no total score for Bac Kan in 2030"):
        export("06", 2030, tmp_path, scores=scores, formats="png")
    with pytest.raises(UnknownProvinceError):
        export("Atlantis", 2022, tmp_path, scores=scores)
    assert list(tmp_path.iterdir()) == []


def test_cli_charts(monkeypatch, tmp_path, capsys, scores):
    import dtilib.deck as charts
    from dtilib.cli import main

    from dtilib import dataset
    from dtilib.plots._examples import example_points

    example = dataset.Dataset.from_points(example_points(), provenance=dataset.Provenance("illustrative"))
    monkeypatch.setattr(dataset, "_demo", lambda seed: example)
    rc = main(["charts", "--province", "Bắc Kạn", "--year", "2022", "--out", str(tmp_path),
               "--lang", "en", "--format", "png,pptx", "--dpi", "30", "--charts", "change,tile_map"])
    assert rc == 0
    printed = capsys.readouterr().out.split()
    assert sorted(p.rsplit("/", 1)[-1] for p in printed) == sorted(
        ["02_change_06_2022_en.png", "08_tile_map_06_2022_en.png", "dti_charts_06_2022_en.pptx"])
    from pptx import Presentation

    prs = Presentation(str(tmp_path / "dti_charts_06_2022_en.pptx"))
    assert [s.shapes.title.text for s in prs.slides][1].startswith("Bac Kan 2021→2022: ")
    assert len(prs.slides) == 4


def test_cli_errors_are_one_line(tmp_path, capsys):
    from dtilib.cli import main

    assert main(["charts", "--province", "Atlantis", "--year", "2022", "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "Atlantis" in err and "Traceback" not in err
    assert main(["charts", "--province", "06", "--year", "2022", "--out", str(tmp_path),
                 "--format", "gif"]) == 1
    assert "unknown format" in capsys.readouterr().err
    assert main(["charts", "--province", "06", "--year", "2022", "--out", str(tmp_path),
                 "--points", str(tmp_path / "nope.csv")]) == 1
    assert "no such file" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.e2e
def test_dti_charts_on_bundled_demo_data(tmp_path, dti_bin):
    """The README path: `dti charts` on the bundled synthetic set (Bắc Kạn 2022: 51 → 63)."""
    r = subprocess.run([dti_bin, "charts", "--province", "Bắc Kạn", "--year", "2022", "--out",
                        str(tmp_path), "--lang", "en", "--format", "pptx", "--draws", "200", "--dpi", "40"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    from pptx import Presentation

    prs = Presentation(str(tmp_path / "dti_charts_06_2022_en.pptx"))
    titles = [s.shapes.title.text for s in prs.slides]
    assert len(titles) == 1 + len(CHARTS) + 1
    assert titles[2].startswith("Bac Kan 2021→2022: +") and "(51 → 63)" in titles[2]


def test_cli_charts_from_a_points_file(tmp_path, capsys):
    """An analyst's own component points (CSV) → the deck; findings match scoring them directly."""
    from pptx import Presentation

    from dtilib.cli import main
    from dtilib.plots._examples import example_points

    pts = example_points()
    pts = pts[pts.year.isin([2021, 2022])]
    csv = tmp_path / "diem_thanh_phan.csv"
    pts[["unit", "year", "indicator", "points"]].to_csv(csv, index=False)
    out = tmp_path / "out"
    rc = main(["charts", "--province", "Lạng Sơn", "--year", "2022", "--out", str(out), "--lang", "en",
               "--format", "pptx", "--dpi", "30", "--points", str(csv), "--years", "2021,2022",
               "--charts", "change,tile_map_post2025"])
    assert rc == 0, capsys.readouterr().err
    prs = Presentation(str(out / "dti_charts_20_2022_en.pptx"))
    titles = [s.shapes.title.text for s in prs.slides]
    want = findings(example_scores()[lambda d: d.year.isin([2021, 2022])], "20", 2022, "en")
    assert titles[1:3] == [want["change"], want["tile_map_post2025"]]
    assert titles[2].startswith("On the 34-unit map, Lang Son ranks ")  # not merged in 2025
    body = " ".join(sh.text_frame.text for sh in prs.slides[-1].shapes if sh.has_text_frame)
    assert "diem_thanh_phan.csv (sha256 " in body
    assert SYNTHETIC_MARK["en"] not in body  # the analyst's file is not flagged synthetic


def test_dti_charts_help_names_every_chart_of_the_set():
    """The --charts help is kept beside the parser (dti --help stays fast); it must not drift from CHARTS."""
    import argparse

    from dtilib.commands import charts as cmd

    sub = argparse.ArgumentParser().add_subparsers()
    cmd.add_parser(sub)
    helptext = " ".join(sub.choices["charts"].format_help().split())
    for name in CHARTS:
        assert name in helptext, f"dti charts --help does not list {name}"

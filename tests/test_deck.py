"""Every slide of every kind of deck is laid out within the slide, nothing overlapping, one title.

The decks are opened with python-pptx and every shape's geometry is read back
from the file: inside the slide, non-zero size, the title clear of the body and
the picture, no text under 18 pt, the picture as large as the space allows.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

pytestmark = pytest.mark.slow  # each test draws a whole deck (several seconds)

from dtilib import deck as charts
from dtilib.deck import CHARTS, MIN_PT, PICTURE_BOX, build_deck, export
from dtilib.plots._examples import example_points, example_scores

EMU_PER_IN = 914400


@pytest.fixture(scope="module")
def scores() -> pd.DataFrame:
    return example_scores()


def _box(sh):
    return sh.left, sh.top, sh.left + sh.width, sh.top + sh.height


def _overlap(a, b) -> bool:
    (l1, t1, r1, b1), (l2, t2, r2, b2) = _box(a), _box(b)
    return min(r1, r2) > max(l1, l2) and min(b1, b2) > max(t1, t2)


def check_deck(path: Path) -> list:
    """Assert the layout rules on every slide of the deck at ``path``; return its slides."""
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER

    prs = Presentation(str(path))
    W, H = prs.slide_width, prs.slide_height
    assert abs(W / H - 16 / 9) < 0.01
    slides = list(prs.slides)
    for i, s in enumerate(slides, start=1):
        shapes = list(s.shapes)
        assert shapes, f"slide {i} is empty"
        for sh in shapes:
            where = f"slide {i}, {sh.name}"
            # geometry is read from the slide itself: None or 0 means inherited from the 4:3 layout
            assert sh.left is not None and sh.top is not None, where
            assert sh.width > 0 and sh.height > 0, f"{where}: zero size"
            assert sh.left >= 0 and sh.top >= 0, f"{where}: starts outside the slide"
            assert sh.left + sh.width <= W and sh.top + sh.height <= H, f"{where}: ends outside the slide"
            if sh.has_text_frame:
                for para in sh.text_frame.paragraphs:
                    for run in para.runs:
                        assert run.font.size is not None and run.font.size.pt >= MIN_PT, \
                            f"{where}: {run.text!r} at {run.font.size}"
        titles = [sh for sh in shapes if sh.is_placeholder
                  and sh.placeholder_format.type in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)]
        assert len(titles) == 1, f"slide {i}: {len(titles)} titles"
        title = titles[0]
        assert title.text_frame.text.strip(), f"slide {i}: empty title"
        for sh in shapes:
            if sh is not title:
                assert not _overlap(title, sh), f"slide {i}: {sh.name} overlaps the title"
                assert sh.top >= title.top + title.height, f"slide {i}: {sh.name} above the title's end"
        pics = [sh for sh in shapes if sh.shape_type == MSO_SHAPE_TYPE.PICTURE]
        if 1 < i < len(slides):
            assert len(pics) == 1, f"slide {i}: {len(pics)} pictures"
            p = pics[0]
            box_w, box_h = (round(v * EMU_PER_IN) for v in PICTURE_BOX)
            # as large as fits: it touches the box on one side and keeps the image's proportions
            assert max(p.width / box_w, p.height / box_h) > 0.99, f"slide {i}: picture shrunk"
            px_w, px_h = p.image.size
            assert abs(p.width / p.height - px_w / px_h) < 0.01, f"slide {i}: picture distorted"
        else:
            assert not pics
    first, last = slides[0], slides[-1]
    assert len([sh for sh in first.shapes if sh.has_text_frame and sh.text_frame.text.strip()]) >= 2
    body = " ".join(sh.text_frame.text for sh in last.shapes if sh.has_text_frame)
    assert "sha256 " in body
    return slides


def test_vietnamese_deck_of_the_full_set(scores, tmp_path):
    paths = export("Bắc Kạn", 2022, tmp_path, lang="vi", scores=scores, formats="pptx", dpi=30, draws=100,
                   sources=["diem.csv (sha256 0123456789ab)"])
    slides = check_deck(paths[-1])
    assert len(slides) == len(CHARTS) + 2


def test_english_deck(scores, tmp_path):
    paths = export("Lạng Sơn", 2022, tmp_path, lang="en", scores=scores, formats="pptx", dpi=30,
                   intervals=False)
    slides = check_deck(paths[-1])
    assert slides[0].shapes.title.text == "Lang Son: DTI 2022"


def test_deck_for_a_year_without_a_previous_year(scores, tmp_path):
    paths = export("06", 2020, tmp_path, lang="vi", scores=scores, formats="pptx", dpi=30, intervals=False)
    slides = check_deck(paths[-1])
    assert not any("2019→2020" in s.shapes.title.text for s in slides)


def test_deck_from_a_user_points_file(tmp_path, capsys):
    from dtilib.cli import main

    pts = example_points()
    csv = tmp_path / "diem_thanh_phan.csv"
    pts[pts.year.isin([2021, 2022])][["unit", "year", "indicator", "points"]].to_csv(csv, index=False)
    rc = main(["charts", "--province", "Lạng Sơn", "--year", "2022", "--out", str(tmp_path / "out"),
               "--format", "pptx", "--dpi", "30", "--points", str(csv), "--years", "2021,2022"])
    assert rc == 0, capsys.readouterr().err
    slides = check_deck(tmp_path / "out" / "dti_charts_20_2022_vi.pptx")
    body = " ".join(sh.text_frame.text for sh in slides[-1].shapes if sh.has_text_frame)
    assert "diem_thanh_phan.csv (sha256 " in body


def test_bundled_demo_deck_lists_its_files_with_checksums():
    from dtilib.files import sha256

    lines = charts.provenance(example_scores(), "en", charts.demo_sources(), "dti")
    text = "\n".join(lines)
    pkg = Path(charts.__file__).resolve().parent
    for f in ("demo_facts.csv", "demo_components.yaml"):
        assert f"dtilib/data/{f} (sha256 {sha256(pkg / 'data' / f)[:12]})" in text
    assert "data/raw/dti_results.csv (sha256 " in text and "dti.gov.vn" in text


def test_long_findings_fit_two_lines_and_stay_legible(tmp_path):
    import matplotlib.pyplot as plt
    from pptx import Presentation

    fig, ax = plt.subplots(figsize=PICTURE_BOX)
    fig.savefig(tmp_path / "c.png", dpi=20)
    plt.close(fig)
    long = ("2022: Bắc Kạn có 34 chỉ số thành phần bị điểm 0; các tỉnh vùng Trung du và miền núi phía Bắc: "
            "trung bình 9,5 chỉ số thành phần bị điểm 0 mỗi tỉnh")
    short = "Bắc Kạn 2022: hạng 63/63"
    build_deck(tmp_path / "d.pptx", "06", 2022, "vi", [(long, tmp_path / "c.png"), (short, tmp_path / "c.png")],
               ["Tệp dữ liệu: " + "x.csv (sha256 0123456789ab); " * 12], synthetic=True)
    check_deck(tmp_path / "d.pptx")
    prs = Presentation(str(tmp_path / "d.pptx"))
    sizes = []
    for s in list(prs.slides)[1:3]:
        t = s.shapes.title
        size = t.text_frame.paragraphs[0].runs[0].font.size.pt
        width_pt = (t.width / EMU_PER_IN - 0.2) * 72 / 1.06
        assert charts._wrap(t.text_frame.text, size, width_pt, bold=True) <= 2
        assert 2 * size * 1.2 <= t.height / EMU_PER_IN * 72  # two lines fit the title's height
        sizes.append(size)
    assert sizes[0] < sizes[1]  # the long finding is shrunk, the short one is not


@pytest.mark.parametrize("name", [c for c in CHARTS if c != "rank_intervals"])
def test_deck_picture_does_not_repeat_the_chart_title(scores, name, tmp_path):
    """The slide's title is the finding; the chart drawn for the slide has no title of its own."""
    import matplotlib.pyplot as plt

    ch = next(c for c in charts.chart_set(scores, "06", 2022, "en") if c.name == name)
    ax = ch.draw()
    fig = ax.get_figure(root=True)
    drawn = [a.get_title() for a in fig.axes if a.get_title()] + ([fig.get_suptitle()] if fig.get_suptitle() else [])
    assert drawn, f"{name}: the exported chart has a title"
    charts.deck_image(fig, tmp_path / "c.png", dpi=20)
    left = [t.get_text() for t in fig.findobj(plt.Text) if t.get_visible()]
    assert not any(d in left for d in drawn)
    w, h = fig.get_size_inches()
    assert abs(w / h - PICTURE_BOX[0] / PICTURE_BOX[1]) < 1e-6  # the shape of the space under the title
    assert abs(w * charts.DECK_TYPE_SCALE - PICTURE_BOX[0]) < 1e-6  # drawn smaller, placed enlarged
    plt.close(fig)

"""Every report notebook executes on the bundled data and reads like a report.

One batch through the real runner (two warm workers): overview, the Lạng Sơn
profile (Vietnamese) and the Bắc Kạn profile (English), both trajectories, the
national and the Lạng Sơn zero diagnosis.
"""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from dtilib.labels import SYNTHETIC_MARK
from dtilib.report import html as rhtml
from dtilib.report import plan as rplan
from dtilib.report.runner import run

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    reps = rplan.plan(2022, provinces=["Lạng Sơn"], kinds="all", notebooks=NOTEBOOKS)
    reps += rplan.plan(2022, provinces=["Bắc Kạn"], kinds="profile", notebooks=NOTEBOOKS, lang="en")
    summary = run(reps, out, jobs=2, progress=False)
    return out, reps, summary


def page(out: Path, stem: str) -> str:
    return (out / f"{stem}.html").read_text(encoding="utf-8")


def text_of(html_text: str) -> str:
    """The visible text: no style sheets, scripts or tags."""
    body = re.sub(r"<(style|script)[^>]*>.*?</\1>", " ", html_text, flags=re.S | re.I)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def test_every_notebook_has_a_parameters_cell_and_no_outputs():
    for path in sorted(NOTEBOOKS.glob("0[1-4]_*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1, path.name
        assert "lang = " in tagged[0].source
        for c in nb.cells:
            if c.cell_type == "code":
                assert not c.outputs and c.execution_count is None, f"{path.name} is committed with outputs"


@pytest.mark.e2e
def test_all_notebooks_execute(rendered):
    out, reps, summary = rendered
    assert summary.exit_code == 0, summary.text()
    assert {r["status"] for r in summary.results} == {"rendered"}
    assert {r.kind for r in reps} == {"overview", "profile", "trajectories", "zeros"}
    for r in reps:
        assert (out / f"{r.stem}.ipynb").is_file()
        html_text = page(out, r.stem)
        assert rhtml.external_references(html_text) == [], r.stem
        assert 'class="dti-provenance"' in html_text and "sha256" in html_text, r.stem
        body = text_of(html_text)
        for code in ("import ", "dp.", "styled(", "display(", "def "):
            assert code not in body, f"code {code!r} shows in {r.stem}"
        assert "Traceback" not in body and "Error" not in body


@pytest.mark.e2e
def test_reports_read_like_reports(rendered):
    out, reps, _ = rendered
    for r in reps:
        html_text = page(out, r.stem)
        n_charts = len(re.findall(r"<img ", html_text))
        n_findings = html_text.count('class="dti-finding"')
        assert n_findings >= max(1, n_charts), r.stem  # a sentence of finding for every chart
        assert re.search(r"<h1[^>]*>", html_text) and re.search(r"<h2[^>]*>", html_text)
        synthetic = r.kind != "trajectories"  # trajectories draw published figures only
        assert (SYNTHETIC_MARK[r.params["lang"]] in html_text) == synthetic, r.stem


@pytest.mark.e2e
def test_profile_names_the_province_and_its_rank(rendered):
    out, _, _ = rendered
    vi = text_of(page(out, "profile-20-lang-son"))
    assert "Lạng Sơn xếp hạng 6/63 năm 2022" in vi
    assert "Thứ hạng 2022 đã công bố: 6 — nguồn: Bộ TT" in vi and "dti.gov.vn" in vi
    assert "Kế hoạch cải thiện để đạt hạng 1" in vi
    en = text_of(page(out, "profile-06-bac-kan.en"))
    assert "Bac Kan ranks 63 of 63 in 2022" in en
    assert "Improvement plan to reach rank 58" in en and "Peers in the region" in en
    assert "Xếp hạng" not in en  # the whole report switches language


@pytest.mark.e2e
def test_trajectories_show_the_published_stories(rendered):
    out, _, _ = rendered
    ict = text_of(page(out, "trajectories-ict"))
    # status per figure: the 2017 rank is published (only its index is seed-only); the 2020 rank is seed-only
    assert "61 (2016) → 58 (2017) → 32 (2018) → 21† (2020)" in ict
    assert "Ứng dụng CNTT 2017: 0.1541†, xếp hạng 60†" in ict      # the sub-index evidence that is public
    assert "seeds/" not in ict and ".txt" not in ict                  # sources a reader can follow
    dti = text_of(page(out, "trajectories-dti"))
    assert "59 (2020) → 51 (2021) → 63 (2022)" in dti


@pytest.mark.e2e
def test_overview_and_zero_diagnosis(rendered):
    out, _, _ = rendered
    ov = text_of(page(out, "overview"))
    assert "63 tỉnh/thành phố được đánh giá" in ov and "Đà Nẵng" in ov
    assert "Thay đổi thứ hạng 2021→2022" in ov
    z = text_of(page(out, "zeros-20-lang-son"))
    assert "Lạng Sơn" in z and "điểm 0" in z
    index = page(out, "index")  # one language per page: the 6 Vietnamese reports here,
    assert index.count("<li>") == 6 and 'href="index.en.html"' in index
    index_en = page(out, "index.en")  # the English one on the English page, linking back
    assert index_en.count("<li>") == 1 and 'href="profile-06-bac-kan.en.html"' in index_en
    assert 'href="index.html"' in index_en

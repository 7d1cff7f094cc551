"""The report index: Vietnamese alphabetical order, one language per page, each page linking the other."""
from __future__ import annotations

import json
import re
from pathlib import Path

from dtilib.report import plan as rplan
from dtilib.report.index import write_index
from dtilib.text import sort_key_vi

EIGHT = ["Hưng Yên", "Bình Thuận", "Đồng Tháp", "Bạc Liêu", "Hòa Bình", "Bình Định", "Hải Dương", "Bắc Giang"]
VI_ORDER = ["Bạc Liêu", "Bắc Giang", "Bình Định", "Bình Thuận", "Đồng Tháp", "Hải Dương", "Hòa Bình", "Hưng Yên"]


def _fake_render(folder: Path, reps) -> None:
    """What a successful render leaves for the index: the page and its sidecar (written last)."""
    folder.mkdir(parents=True, exist_ok=True)
    for r in reps:
        (folder / f"{r.stem}.html").write_text("<html></html>", encoding="utf-8")
        (folder / f"{r.stem}.json").write_text(json.dumps(
            {"title": r.title, "kind": r.kind, "params": r.params, "unit": r.unit,
             "rendered_at": "2026-12-01T00:00:00Z"}, ensure_ascii=False), encoding="utf-8")


def _listed(page: str) -> list[str]:
    return re.findall(r'<li><a href="profile-[^"]+">([^<]+?) — ', page)


def test_sort_key_vi_letters_before_tones():
    assert sorted(EIGHT, key=sort_key_vi) == VI_ORDER
    assert sorted(["Đà Nẵng", "Điện Biên", "Gia Lai", "Cần Thơ"], key=sort_key_vi) == \
        ["Cần Thơ", "Đà Nẵng", "Điện Biên", "Gia Lai"]  # đ after d, before e: not last


def test_index_lists_eight_provinces_in_vietnamese_order(tmp_path):
    _fake_render(tmp_path, rplan.plan(2022, provinces=EIGHT, kinds="profile"))
    page = write_index(tmp_path).read_text(encoding="utf-8")
    assert _listed(page) == VI_ORDER
    assert '<html lang="vi">' in page and "index.en.html" not in page
    assert not (tmp_path / "index.en.html").exists()


def test_one_english_report_does_not_turn_the_index_english(tmp_path):
    _fake_render(tmp_path, rplan.plan(2022, provinces=EIGHT, kinds="overview,profile"))
    vi_before = (write_index(tmp_path)).read_text(encoding="utf-8")
    _fake_render(tmp_path, rplan.plan(2022, provinces=["Bắc Kạn"], kinds="profile", lang="en"))
    en_path = write_index(tmp_path, lang="en")  # as the runner does after an English run
    vi = (tmp_path / "index.html").read_text(encoding="utf-8")
    en = en_path.read_text(encoding="utf-8")
    assert en_path.name == "index.en.html"
    assert '<html lang="vi">' in vi and "Báo cáo DTI 2022" in vi and "DTI reports" not in vi
    assert vi.replace(' · <a href="index.en.html" hreflang="en" lang="en">English</a>', "") == vi_before
    assert '<html lang="en">' in en and "DTI reports 2022" in en and "Báo cáo DTI" not in en
    assert 'href="profile-06-bac-kan.en.html"' in en and 'profile-06-bac-kan.en.html' not in vi
    assert "hồ sơ" not in en and "Hồ sơ tỉnh" not in en  # no Vietnamese titles on the English page
    assert 'href="index.html"' in en and 'href="index.en.html"' in vi


def test_a_folder_of_english_reports_only_opens_on_the_english_page(tmp_path):
    _fake_render(tmp_path, rplan.plan(2022, provinces=EIGHT, kinds="profile", lang="en"))
    write_index(tmp_path, lang="en")
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert page == (tmp_path / "index.en.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "Báo cáo" not in page
    from dtilib.provinces import resolve

    assert _listed(page) == sorted(resolve(n).name_en for n in EIGHT)  # English names, alphabetical

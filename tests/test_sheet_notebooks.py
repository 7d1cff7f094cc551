"""The working-sheet reports (notebooks 05 and 06) run with papermill on just ``data=<path>`` and show
the sheet's own names and totals, nothing of the national framework, user text escaped."""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

import sheet_fixtures as fx

pytestmark = pytest.mark.e2e  # every test here runs a notebook in a kernel

ROOT = Path(__file__).resolve().parents[1]
NB = ROOT / "notebooks"
HOSTILE = '<script>alert("x")</script> & <b>bold</b>'


def _run(name: str, tmp_path: Path, **params) -> tuple[str, str]:
    import papermill as pm

    from dtilib.report.html import export_html

    out = tmp_path / f"{name}.out.ipynb"
    pm.execute_notebook(str(NB / f"{name}.ipynb"), str(out), parameters=params, kernel_name="python3",
                        cwd=str(tmp_path), progress_bar=False)
    nb = nbformat.read(out, as_version=4)
    html_text = export_html(nb, name, params.get("lang", "vi"))
    body = re.sub(r"<(style|script)[^>]*>.*?</\1>", " ", html_text, flags=re.S | re.I)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))
    return html_text, text


def _national_labels() -> set[str]:
    from dtilib.frameworks import load

    out = set()
    for fid in ("dti-922", "dti-2024"):
        ind = load(fid).indicators()
        out |= set(ind["name_vi"]) | set(ind["name_en"])
    return {s for s in out if s}


def _hostile_workbook(tmp_path: Path) -> Path:
    import openpyxl

    p = fx.write_xlsx_units(tmp_path / "cac_xa.xlsx")
    wb = openpyxl.load_workbook(p)
    ws = wb["Tân Lập"]
    for row in ws.iter_rows(min_row=5):
        if row[1].value == "1.2":
            row[2].value = HOSTILE
            row[10].value = "Ghi chú " + HOSTILE
    wb["Phú Minh"]["A1"] = "UBND XÃ PHÚ MINH <img src=x onerror=alert(1)>"
    wb.save(p)
    return p


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    return _hostile_workbook(tmp_path_factory.mktemp("sheets"))


def test_notebooks_have_a_parameters_cell_and_no_outputs():
    for name in ("05_unit_assessment", "06_unit_ranking"):
        nb = nbformat.read(NB / f"{name}.ipynb", as_version=4)
        tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1 and "data = None" in tagged[0].source and "lang = " in tagged[0].source
        assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


def test_unit_report_on_a_workbook(workbook, tmp_path):
    html_text, text = _run("05_unit_assessment", tmp_path, data=str(workbook), unit="xa tan lap")
    sa, ap = fx.totals("Tân Lập")
    assert "Xã Tân Lập — kết quả tự đánh giá và thẩm định năm 2026" in text
    assert f"Tự đánh giá {sa:g} điểm, thẩm định {ap:g} điểm trên tối đa 100" in text
    for _, g, crits in fx.GROUPS:
        assert g in text
    assert "Tỷ lệ hồ sơ trực tuyến toàn trình" in text and "Phòng Văn hóa - Xã hội" in text
    assert "<script>alert" not in html_text and "<b>bold</b>" not in html_text
    assert "&lt;script&gt;alert" in html_text
    assert not [s for s in _national_labels() if s in text]
    assert "Dữ liệu minh hoạ" not in text          # the user's own data, not illustrative


def test_ranking_report_on_a_folder_in_english(tmp_path):
    folder = fx.write_folder(tmp_path / "xa")
    html_text, text = _run("06_unit_ranking", tmp_path, data=str(folder), lang="en")
    assert "Units ranked — 2026" in text
    assert "Xã Phú Minh ranks first" in text and "ranked among units with incomplete data" in text
    for u in fx.UNITS:
        assert f"Xã {u}:" in text        # a profile line per unit
    assert "Self-assessed versus appraised, by unit" in text
    assert not [s for s in _national_labels() if s in text]


def test_unit_report_on_one_csv_with_year_and_unit_parameters(tmp_path):
    p = fx.write_csv(tmp_path / "sheet.csv", "Hòa Bình", title_unit=False)
    _, text = _run("05_unit_assessment", tmp_path, data=str(p), unit="Xã Hòa Bình", year=2026, lang="en",
                   today="2026-08-20")
    sa, ap = fx.totals("Hòa Bình")
    assert f"Self-assessed {sa:g} points, appraised {ap:g} of 100" in text and "7 of 8 criteria reported" in text
    assert "overdue as of 20/08/2026" in text


def test_dti_report_points_renders_each_unit_and_the_ranking(workbook, tmp_path, capsys):
    from dtilib.cli import main

    out = tmp_path / "bao_cao"
    assert main(["report", "--points", str(workbook), "--out", str(out), "--no-progress", "-j", "1"]) == 0
    stems = sorted(p.stem for p in out.glob("*.html"))
    assert len(stems) == 5 and "units" in stems and "sheet-xa-tan-lap" in stems
    for f in out.glob("*.html"):
        text = f.read_text(encoding="utf-8")
        assert "<img src=x" not in text and "<script>alert" not in text, f.name
    assert "&lt;img src=x onerror=alert" in (out / "units.html").read_text(encoding="utf-8")
    page = (out / "sheet-xa-tan-lap.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    assert "Xã Tân Lập — kết quả tự đánh giá và thẩm định năm 2026" in page
    # a second run with the same file renders nothing again; a changed file does
    assert main(["report", "--points", str(workbook), "--out", str(out), "--no-progress", "-j", "1"]) == 0
    assert "skipped 4" in capsys.readouterr().out


def test_dti_report_points_bad_sheet_exit_1_nothing_written(tmp_path, capsys):
    from dtilib.cli import main

    bad = ROOT / "docs" / "examples" / "sheets" / "bad" / "bang_loi_2026.csv"
    out = tmp_path / "nothing"
    assert main(["report", "--points", str(bad), "--out", str(out), "--no-progress"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and f"{bad}:4:Tự đánh giá" in err
    assert not out.exists()


def test_dti_charts_points_on_a_sheet_naming_neither_unit_nor_year(tmp_path, capsys):
    from dtilib.cli import main

    p = fx.write_csv(tmp_path / "sheet.csv", "Hòa Bình", title_unit=False)
    (tmp_path / "sheet.csv").write_text(p.read_text(encoding="utf-8-sig").replace(" NĂM 2026", ""), encoding="utf-8")
    out = tmp_path / "charts"
    assert main(["charts", "--points", str(p), "--unit", "Xã Hòa Bình", "--year", "2026", "--out", str(out),
                 "--charts", "indicator_profile", "--format", "png", "--draws", "0"]) == 0
    assert [f.name for f in out.glob("*.png")] == ["03_indicator_profile_xa-hoa-binh_2026_vi.png"]


def test_reports_on_a_sheet_without_groups_or_appraisal(tmp_path):
    p = tmp_path / "xa_moc_chau_2026.csv"
    p.write_text("Mã,Chỉ tiêu,Điểm tối đa,Tự đánh giá,Trạng thái,Phụ trách\n1,Cáp quang,10,8,Hoàn thành,VP\n"
                 "2,Wifi,10,0,Chưa thực hiện,\n3,Camera,5,,Cần bổ sung minh chứng,VP\n", encoding="utf-8")
    _, text = _run("05_unit_assessment", tmp_path, data=str(p), lang="en")
    assert "Self-assessed 8 points, appraised – of 25" in text and "No appraised scores yet" in text
    _, text = _run("06_unit_ranking", tmp_path, data=str(p), lang="en")
    assert "One unit only (Xã Moc Chau: 8 points" in text

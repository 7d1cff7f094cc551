"""Working sheets read as they are (dtilib.io.sheet): realistic sheets, and bad ones."""
from __future__ import annotations

import datetime as dt
import math

import pytest

import sheet_fixtures as fx
from dtilib.errors import ValidationError
from dtilib.io.sheet import check_sheet, is_working_sheet, read_sheet

GROUP_NAMES = [g for _, g, _ in fx.GROUPS]


def _final_total(d, unit, stage):
    p = d.points[(d.points["unit"] == unit) & (d.points["stage"] == stage)]
    return p["points"].sum()


def test_csv_with_title_rows_and_decimal_commas(tmp_path):
    d = read_sheet(fx.write_csv(tmp_path / "tan_lap.csv"))
    assert d.units == ["Xã Tân Lập"] and d.years == [2026]
    fw = d.framework
    assert fw.id == "sheet:tan_lap" and fw.max_points == 100.0
    assert fw.indicators()["name_vi"].tolist() == GROUP_NAMES
    assert fw.indicators()["max_points"].tolist() == [22.5, 37.5, 40.0]
    assert fw.leaves()["code"].tolist() == fx.CODES
    sa, ap = fx.totals("Tân Lập")
    assert _final_total(d, "Xã Tân Lập", "self_assessed") == pytest.approx(sa)
    assert _final_total(d, "Xã Tân Lập", "appraised") == pytest.approx(ap)
    assert _final_total(d, "Xã Tân Lập", "final") == pytest.approx(ap)
    c = d.criteria.set_index("indicator")
    assert c.loc["1.3", "max_points"] == 7.5
    assert c.loc["1.1", "notes"] == "Báo cáo số 12/BC-UBND\nẢnh chụp hiện trường"
    assert c["status"].tolist()[:4] == ["done", "in_progress", "evidence_needed", "not_started"]
    assert c.loc["1.1", "deadline"].date() == dt.date(2026, 6, 10)
    assert c.loc["1.2", "owner"] == "Phòng Văn hóa - Xã hội"


def test_semicolon_csv_unit_from_argument(tmp_path):
    p = fx.write_csv(tmp_path / "sheet.csv", title_unit=False, sep=";")
    data, problems = check_sheet(p)
    assert data is None and len(problems) == 1 and "--unit" in problems[0].expected
    d = read_sheet(p, unit="Phường Ba Đình")
    assert d.units == ["Phường Ba Đình"]


def test_unit_and_year_from_file_name(tmp_path):
    p = tmp_path / "xa_hoa_binh_2025.csv"
    p.write_text("Mã,Chỉ tiêu,Điểm tối đa,Tự đánh giá\n1,Cáp quang,10,5\n2,Wifi,10,\n", encoding="utf-8")
    d = read_sheet(p)
    assert d.units == ["Xã Hoa Binh"] and d.years == [2025]
    pts = d.points[d.points["stage"] == "self_assessed"]
    assert math.isnan(pts.set_index("indicator").loc["2", "points"])  # blank = not reported, not zero
    assert d.framework.indicators()["code"].tolist() == ["1", "2"]   # no groups: criteria at depth 1


def test_workbook_one_sheet_per_unit(tmp_path):
    d = read_sheet(fx.write_xlsx_units(tmp_path / "cac_xa.xlsx"))
    assert d.units == ["Xã Tân Lập", "Xã Phú Minh", "Xã Hòa Bình"]
    for u in fx.UNITS:
        sa, ap = fx.totals(u)
        assert _final_total(d, f"Xã {u}", "self_assessed") == pytest.approx(sa)
        assert _final_total(d, f"Xã {u}", "appraised") == pytest.approx(ap)
    c = d.criteria
    assert (c["notes"].dropna().str.contains("\n")).all() and c["notes"].notna().sum() == 9
    assert c["deadline"].notna().all()
    assert any("Hướng dẫn" in n for n in d.notes)
    # a unit chosen among many
    one = read_sheet(tmp_path / "cac_xa.xlsx", unit="xa phu minh")
    assert one.units == ["Xã Phú Minh"]


def test_long_table_with_unit_column_vietnamese_and_english(tmp_path):
    for english in (False, True):
        d = read_sheet(fx.write_long(tmp_path / f"long_{english}.csv", english=english))
        assert d.units == [f"Xã {u}" for u in fx.UNITS] and d.years == [2026]
        assert d.framework.indicators()["name_vi"].tolist() == GROUP_NAMES
        assert d.criteria["status"].tolist()[:4] == ["done", "in_progress", "evidence_needed", "not_started"]
        hb = d.points[(d.points["unit"] == "Xã Hòa Bình") & (d.points["stage"] == "self_assessed")]
        assert hb["points"].isna().sum() == 1


def test_folder_of_sheets(tmp_path):
    folder = fx.write_folder(tmp_path / "xa")
    assert is_working_sheet(folder)
    d = read_sheet(folder)
    assert d.units == [f"Xã {u}" for u in fx.UNITS]
    assert d.framework.id == "sheet:xa"


def test_title_unit_province_resolves(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text("UBND TỈNH BẮC KẠN\nKẾT QUẢ TỰ ĐÁNH GIÁ NĂM 2026\nMã,Chỉ tiêu,Điểm tối đa,Tự đánh giá\n1,A,10,5\n",
                 encoding="utf-8")
    d = read_sheet(p)
    assert d.units == ["Tỉnh Bắc Kạn"] and d.resolved["Tỉnh Bắc Kạn"]["province"] == "Bắc Kạn"
    assert "tỉnh Bắc Kạn" in d.summary()


BAD = ("UBND XÃ TÂN LẬP\nNĂM 2026\n"
       "Mã,Chỉ tiêu,Điểm tối đa,Tự đánh giá,Thẩm định,Chênh lệch,Trạng thái,Hạn xử lý\n"
       "1.1,Cáp quang,10,12,8,-4,Hoàn thành,30/06/2026\n"          # 12 > 10
       "1.2,Wifi,0,0,0,0,Hoàn thành,\n"                              # max 0
       "1.3,Camera,5,4,3,2,xong rồi,31/02/2026\n"                   # diff, status, date
       "1.4,Họp,5,abc,,,,\n"                                         # text
       "1.1,Cáp quang lặp,10,1,1,0,,\n"                              # duplicate code
       "Tổng cộng,,30,99,,,,\n")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_bad_sheet_one_message_per_problem(tmp_path, lang):
    p = tmp_path / "bad.csv"
    p.write_text(BAD, encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        read_sheet(p, lang=lang)
    got = [(pr.row, pr.column) for pr in err.value.problems]
    assert got == [(4, "Tự đánh giá"), (5, "Điểm tối đa"), (6, "Trạng thái"), (6, "Hạn xử lý"), (6, "Chênh lệch"),
                   (7, "Tự đánh giá"), (8, "Mã"), (9, "Tự đánh giá")]
    text = str(err.value)
    assert f"{p}:4:Tự đánh giá" in text
    if lang == "vi":
        assert "cần từ 0 đến 10 (điểm tối đa của chỉ tiêu 1.1)" in text and "Chưa thực hiện" in text
    else:
        assert "expected 0 to 10 (the maximum of criterion 1.1)" in text and "Not started" in text


def test_bad_total_and_group_rows_in_excel(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Xã A"
    ws.append(["UBND XÃ AN PHÚ"])
    ws.append(["NĂM 2026"])
    ws.append(["Mã", "Chỉ tiêu", "Điểm tối đa", "Tự đánh giá", "Thẩm định"])
    ws.append(["1", "Hạ tầng", 20, 15, None])       # a parent row with its own (wrong) totals
    ws.append(["1.1", "Cáp quang", 10, 8, 7])
    ws.append(["1.2", "Wifi", 5, 4, 4])
    ws.append(["Tổng cộng", None, 15, 13, 11])
    wb.save(tmp_path / "a.xlsx")
    data, problems = check_sheet(tmp_path / "a.xlsx", lang="en")
    assert [(p.file.endswith("a.xlsx[Xã A]"), p.row, p.column) for p in problems] == [
        (True, 4, "Điểm tối đa (C)"), (True, 4, "Tự đánh giá (D)"), (True, 7, "Tự đánh giá (D)")]
    assert "found a total of 13; expected 12 (the sum of the 2 criterion rows above)" in str(problems[2])
    assert "found group Hạ tầng: 20; expected 15" in str(problems[0])


def test_not_a_sheet_and_differing_maxima(tmp_path):
    p = tmp_path / "plain.csv"
    p.write_text("Tỉnh,Năm,Mã chỉ số,Điểm\nBắc Kạn,2022,1,67\n", encoding="utf-8")
    assert not is_working_sheet(p)
    _, problems = check_sheet(p, lang="en")
    assert "no header row of a working sheet" in problems[0].found
    d = tmp_path / "two"
    d.mkdir()
    (d / "a.csv").write_text("UBND XÃ A\nMã,Chỉ tiêu,Điểm tối đa,Tự đánh giá\n1,X,10,5\n", encoding="utf-8")
    (d / "b.csv").write_text("UBND XÃ B\nMã,Chỉ tiêu,Điểm tối đa,Tự đánh giá\n1,X,20,5\n", encoding="utf-8")
    _, problems = check_sheet(d, year=2026, lang="en")
    assert len(problems) == 1 and problems[0].row == 3 and "as in" in problems[0].expected


def test_reversed_difference_convention_is_accepted(tmp_path):
    p = tmp_path / "r.csv"
    p.write_text("Mã,Chỉ tiêu,Điểm tối đa,Tự đánh giá,Thẩm định,Chênh lệch\n1,A,10,8,6,2\n2,B,10,5,5,0\n",
                 encoding="utf-8")
    d = read_sheet(p, unit="Xã A", year=2026, lang="en")
    assert any("self-assessed − appraised" in n for n in d.notes)


def test_example_sheets_read(root):
    ex = root / "docs" / "examples" / "sheets"
    files = sorted(ex.glob("*.*"))
    assert len(files) >= 3
    for f in files:
        if f.suffix in (".csv", ".xlsx"):
            assert is_working_sheet(f), f
            d = read_sheet(f)
            assert d.units and d.years


# --- analysis on sheets (dtilib.analysis.appraisal) --------------------------------------------
def test_analysis_on_a_workbook_of_units(tmp_path):
    from dtilib.analysis import appraisal as ap

    d = read_sheet(fx.write_xlsx_units(tmp_path / "x.xlsx"))
    tot = ap.group_totals(d, unit="Xã Tân Lập")
    sa, a = fx.totals("Tân Lập")
    row = tot.set_index("indicator").loc["TOTAL"]
    assert (row["self_assessed"], row["appraised"], row["n_criteria"]) == (pytest.approx(sa), pytest.approx(a), 8)
    assert tot["name"].tolist()[:3] == GROUP_NAMES
    loss = ap.appraisal_losses(d, unit="Xã Tân Lập")
    assert loss["points_lost"].is_monotonic_decreasing and loss.iloc[0]["indicator"] == "1.2"   # 5 → 2
    by_group = ap.appraisal_losses(d, unit="Xã Tân Lập", by="group")
    assert by_group["points_lost"].sum() == pytest.approx(sa - a)
    rank = ap.unit_ranking(d)
    assert rank["unit"].tolist() == ["Xã Phú Minh", "Xã Tân Lập", "Xã Hòa Bình"]
    assert rank["rank_note"].eq("incomplete_data").all()             # Hòa Bình left one criterion blank
    assert rank.set_index("unit").loc["Xã Hòa Bình", "n_reported"] == 7
    gap = ap.self_vs_appraised(d)
    assert set(gap["unit"]) == set(rank["unit"]) and (gap["gap"] <= 0).all()
    todo = ap.action_table(d, unit="Xã Hòa Bình", today="2026-08-20")
    assert todo["owner"].is_monotonic_increasing and todo["overdue"].any()
    assert set(ap.criteria_by_status(d, unit="Xã Hòa Bình")["status"]) == {"not_started", "evidence_needed"}
    assert (ap.zero_criteria(d, unit="Xã Phú Minh")["indicator"]).tolist() == ["1.3"]
    prof = ap.unit_profiles(d)
    assert len(prof) == 3 and prof["coverage_share"].min() == pytest.approx(7 / 8)


def test_commune_names_are_kept_and_never_refused(tmp_path):
    pytest.importorskip("vietnamadminunits")
    from dtilib.io.sheet import resolve_unit

    r = resolve_unit("Phường Ba Đình", "Thành phố Hà Nội")
    assert r["unit"] == "Phường Ba Đình" and r["commune"] == "Phường Ba Đình"
    p = tmp_path / "s.csv"
    p.write_text("UBND THÀNH PHỐ HÀ NỘI\nUBND PHƯỜNG BA ĐÌNH\nNĂM 2026\nMã,Chỉ tiêu,Điểm tối đa,Tự đánh giá\n1,A,10,5\n",
                 encoding="utf-8")
    d = read_sheet(p)
    assert d.units == ["Phường Ba Đình"] and d.resolved["Phường Ba Đình"]["commune"] == "Phường Ba Đình"


# --- dti validate and dti template --sheet ---------------------------------------------------------
def test_dti_validate_accepts_sheets(tmp_path, capsys):
    from dtilib.cli import main

    x = fx.write_xlsx_units(tmp_path / "cac_xa.xlsx")
    assert main(["validate", str(x)]) == 0
    out = capsys.readouterr().out
    assert "OK — 3 đơn vị (Xã Tân Lập; Xã Phú Minh; Xã Hòa Bình), năm 2026, 8 chỉ tiêu trong 3 nhóm" in out
    p = fx.write_csv(tmp_path / "sheet.csv", title_unit=False)
    assert main(["validate", str(p), "--unit", "Tỉnh Lạng Sơn", "--year", "2026", "--lang", "en"]) == 0
    assert "1 unit (Tỉnh Lạng Sơn → province Lạng Sơn), year 2026" in capsys.readouterr().out


def test_dti_validate_bad_sheet_exit_1_every_problem(tmp_path, capsys):
    from dtilib.cli import main

    p = tmp_path / "bad.csv"
    p.write_text(BAD, encoding="utf-8")
    before = sorted(tmp_path.iterdir())
    assert main(["validate", str(p)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "8 lỗi:" in err  # the summary line in the default language too
    assert f"{p}:4:Tự đánh giá: 12 điểm; cần từ 0 đến 10" in err
    assert f"{p}:9:Tự đánh giá: tổng 99; cần 17" in err
    assert sorted(tmp_path.iterdir()) == before      # nothing written
    q = fx.write_csv(tmp_path / "sheet.csv", title_unit=False)
    assert main(["validate", str(q)]) == 1
    assert "--unit" in capsys.readouterr().err


def test_template_sheet_round_trip_and_text_never_formula(tmp_path, capsys):
    import openpyxl

    from dtilib.cli import main

    fw = tmp_path / "bo_chi_tieu_xa.csv"
    fw.write_text("code,parent,name_vi,name_en,max_points\n"
                  "HT,,Hạ tầng số,Infrastructure,15\nDV,,=Dịch vụ số,Services,10\n"
                  "HT.1,HT,Cáp quang,Fibre,10\nHT.2,HT,@Wifi,Wifi,5\nDV.1,DV,+Hồ sơ trực tuyến,Online,10\n",
                  encoding="utf-8")
    out = tmp_path / "mau.xlsx"
    assert main(["template", "--framework", str(fw), str(out), "--sheet", "--unit", "Xã Tân Lập",
                 "--year", "2026"]) == 0
    wb = openpyxl.load_workbook(out)
    ws = wb.active
    typed = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value[:1] in "=+-@"]
    assert len(typed) == 3 and all(c.data_type == "s" for c in typed)
    for r in range(5, ws.max_row + 1):   # fill it as a user would
        code = ws.cell(r, 1).value
        if code in ("HT.1", "HT.2", "DV.1"):
            ws.cell(r, 4, {"HT.1": 8, "HT.2": "4,5", "DV.1": 10}[code])
            ws.cell(r, 5, {"HT.1": 7, "HT.2": 4, "DV.1": 6}[code])
            ws.cell(r, 7, "Hoàn thành")
    wb.save(out)
    d = read_sheet(out)
    assert d.units == ["Xã Tân Lập"] and d.years == [2026]
    assert d.framework.indicators()["name_vi"].tolist() == ["Hạ tầng số", "=Dịch vụ số"]
    assert d.framework.leaves()["code"].tolist() == ["HT.1", "HT.2", "DV.1"]
    fin = d.points[d.points["stage"] == "self_assessed"].set_index("indicator")["points"]
    assert fin.to_dict() == {"HT.1": 8.0, "HT.2": 4.5, "DV.1": 10.0}
    assert main(["validate", str(out)]) == 0


# --- quirks of sheets as they are kept -----------------------------------------------------------
def test_two_row_header_restarting_numbering_subtotals_and_signatures(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["ỦY BAN NHÂN DÂN"])
    ws.append(["XÃ ĐỒNG TÂM"])
    ws.append(["KẾT QUẢ TỰ ĐÁNH GIÁ CHUYỂN ĐỔI SỐ - Năm: 2026"])
    ws.append(["STT", "Nội dung đánh giá", "Đơn vị tính", "Điểm tối đa", "Kết quả", None, "Tình trạng",
               "Đơn vị chủ trì", "Thời hạn", "Minh chứng", "Ghi chú"])
    ws.append([None, None, None, None, "Tự chấm", "Thẩm định"])
    ws.merge_cells("A4:A5")
    ws.merge_cells("E4:F4")
    ws.append(["I", "HẠ TẦNG SỐ"])
    ws.append([1, "Cáp quang", "%", "10 điểm", 8, 7, "Hoàn thành (đã nghiệm thu)", "Phòng Kinh tế", "Tháng 6/2026",
               "BC 12", "đã gửi"])
    ws.append([2, "Wi-Fi", "điểm", 5, "Không áp dụng", None, "Chưa hoàn thành", "Văn phòng", "Quý III/2026"])
    ws.append(["Cộng nhóm I", None, None, 15, 8, 7])
    ws.append(["II", "DỊCH VỤ SỐ"])
    ws.append([1, "Hồ sơ trực tuyến", "%", 20, 15, 12, "Chờ bổ sung minh chứng", "Văn phòng", "31/12/2026"])
    ws.append(["Tổng cộng", None, None, 35, 23, 19])
    ws.append([])
    ws.append([None, "Người lập biểu", None, None, None, None, None, "CHỦ TỊCH"])
    ws.append([None, "(Ký, ghi rõ họ tên)"])
    wb.save(tmp_path / "dong_tam.xlsx")
    d = read_sheet(tmp_path / "dong_tam.xlsx")
    assert d.units == ["Xã Đồng Tâm"] and d.years == [2026]
    assert d.framework.leaves()["code"].tolist() == ["I.1", "I.2", "II.1"]
    assert d.framework.indicators()["name_vi"].tolist() == ["HẠ TẦNG SỐ", "DỊCH VỤ SỐ"]
    c = d.criteria.set_index("indicator")
    assert c.loc["I.1", "max_points"] == 10 and math.isnan(c.loc["I.2", "self_assessed"])
    assert c["status"].tolist() == ["done", "in_progress", "evidence_needed"]
    assert c.loc["I.1", "deadline"].date() == dt.date(2026, 6, 30) and c.loc["I.2", "deadline"].date() == dt.date(2026, 9, 30)
    assert c.loc["I.1", "notes"] == "BC 12\nđã gửi" and c.loc["I.1", "owner"] == "Phòng Kinh tế"


def test_workbook_titled_by_the_province_with_a_sheet_per_commune(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    for i, name in enumerate(["Xã An Bình", "Phường Đông Hải"]):
        ws = wb.active if i == 0 else wb.create_sheet()
        ws.title = name
        ws.append(["UBND TỈNH THANH HÓA"])
        ws.append(["BẢNG CHẤM ĐIỂM CẤP XÃ NĂM 2026"])
        ws.append(["Mã", "Chỉ tiêu", "Điểm tối đa", "Tự đánh giá"])
        ws.append(["1", "Cáp quang", 10, 5 + i])
    wb.save(tmp_path / "thanh_hoa.xlsx")
    d = read_sheet(tmp_path / "thanh_hoa.xlsx")
    assert d.units == ["Xã An Bình", "Phường Đông Hải"]
    # the same unit twice is a problem, not a silent double count
    two = tmp_path / "two"
    two.mkdir()
    for f in ("a.csv", "b.csv"):
        (two / f).write_text("UBND XÃ AN BÌNH\nNĂM 2026\nMã,Chỉ tiêu,Điểm tối đa,Tự đánh giá\n1,X,10,5\n", encoding="utf-8")
    _, problems = check_sheet(two, lang="en")
    assert len(problems) == 1 and "a second time" in problems[0].found and problems[0].file.endswith("b.csv")


def test_folder_with_other_files_skips_them(tmp_path):
    folder = fx.write_folder(tmp_path / "xa")
    (folder / "danh_sach.csv").write_text("Tên,Địa chỉ\nA,B\n", encoding="utf-8")
    d = read_sheet(folder)
    assert len(d.units) == 3 and any("danh_sach.csv" in n for n in d.notes)


def test_deadlines_in_words_and_a_typographic_minus(tmp_path):
    p = tmp_path / "dl.csv"
    p.write_text("Mã,Chỉ tiêu,Điểm tối đa,Tự đánh giá,Thẩm định,Chênh lệch,Hạn xử lý\n"
                 "1,A,10,8,6,−2,Thường xuyên\n2,B,10,5,5,0,Trước 30/6/2026\n3,C,10,5,5,0,31/02/2026\n",
                 encoding="utf-8")
    _, problems = check_sheet(p, unit="Xã A", year=2026, lang="en")
    assert [(x.row, x.column) for x in problems] == [(4, "Hạn xử lý")]       # only the impossible date
    p.write_text(p.read_text(encoding="utf-8").replace("31/02/2026", ""), encoding="utf-8")
    c = read_sheet(p, unit="Xã A", year=2026).criteria
    assert c["deadline_text"].tolist()[:2] == ["Thường xuyên", "Trước 30/6/2026"]
    assert c["deadline"].iloc[1].date() == dt.date(2026, 6, 30) and c["stated_difference"].iloc[0] == -2


def test_points_files_are_not_working_sheets(tmp_path, capsys):
    from dtilib.cli import main
    from dtilib.io import write_template

    old = write_template("dti-922", tmp_path / "mau.xlsx", units=["Bắc Kạn"], years=[2022])
    assert not is_working_sheet(old)
    assert main(["validate", str(old), "--lang", "en"]) == 0 and "1 unit(s)" in capsys.readouterr().out
    p = tmp_path / "stages.csv"
    p.write_text("Tỉnh,Năm,Mã chỉ số,Tên chỉ số,Điểm tối đa,Tự đánh giá,Thẩm định\nBắc Kạn,2022,1,X,100,60,55\n",
                 encoding="utf-8")
    assert not is_working_sheet(p)


def test_a_sheet_without_maximum_is_told_so(tmp_path, capsys):
    from dtilib.cli import main

    p = tmp_path / "nomax.csv"
    p.write_text("UBND XÃ A\nMã,Chỉ tiêu,Tự đánh giá,Thẩm định\n1,X,5,4\n", encoding="utf-8")
    assert main(["validate", str(p), "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert f"{p}:2: found columns Mã, Chỉ tiêu, Tự đánh giá, Thẩm định; expected also a column for the maximum" in err
    assert "second indicator column" not in err


def test_english_sheet_with_a_total_row_and_a_lone_year_in_the_title(tmp_path):
    p = tmp_path / "sheet.csv"
    p.write_text("Digital transformation self-assessment 2026\n"
                 "No.,Code,Criterion,Group,Max points,Self-assessed,Appraised,Difference,Status,Owner,Deadline,Evidence/Notes\n"
                 "1,A1,Fibre to every village,Infrastructure,10,8,7,-1,Done,Office,2026-06-30,\"Report 12\nPhotos\"\n"
                 "2,A2,Public Wi-Fi,Infrastructure,5,4,4,0,Needs evidence,Culture office,,\n"
                 "3,B1,Online services,Services,20,15,,,in progress,Office,31/12/2026,\n"
                 "Total,,,,35,27,11,,,,,\n", encoding="utf-8")
    d = read_sheet(p, unit="Ward 1", lang="en")
    assert d.years == [2026] and d.units == ["Ward 1"]
    assert d.framework.indicators()["name_vi"].tolist() == ["Infrastructure", "Services"]
    assert d.criteria["status"].tolist() == ["done", "evidence_needed", "in_progress"]
    assert d.criteria["notes"].iloc[0] == "Report 12\nPhotos"

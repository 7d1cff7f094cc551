"""Realistic working sheets, written by the tests that read them (tests/test_sheet.py and the notebook tests).

The criteria, groups and offices are invented but shaped like the sheets communes and departments keep:
title rows above the table, group header rows, a total row, decimal commas, multi-line notes.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

HEADER = ["STT", "Mã", "Chỉ tiêu", "Điểm tối đa", "Tự đánh giá", "Thẩm định", "Chênh lệch", "Trạng thái",
          "Phụ trách", "Hạn xử lý", "Minh chứng/Ghi chú"]

# (code, name, max) under (group code, group name)
GROUPS = [
    ("I", "Hạ tầng và Nền tảng số", [
        ("1.1", "Tỷ lệ thôn, tổ dân phố có cáp quang", 10.0),
        ("1.2", "Điểm Wi-Fi công cộng <miễn phí>", 5.0),
        ("1.3", "Hệ thống camera giám sát & an ninh", 7.5)]),
    ("II", "Chính quyền số", [
        ("2.1", "Tỷ lệ hồ sơ trực tuyến toàn trình", 20.0),
        ("2.2", "Cán bộ có chữ ký số cá nhân", 10.0),
        ("2.3", "Họp trực tuyến với tỉnh", 7.5)]),
    ("III", "Xã hội số", [
        ("3.1", "Tổ công nghệ số cộng đồng hoạt động", 15.0),
        ("3.2", "Người dân có tài khoản định danh điện tử mức 2", 25.0)]),
]
CODES = [c for _, _, crits in GROUPS for c, _, _ in crits]
MAXIMA = {c: m for _, _, crits in GROUPS for c, _, m in crits}
OFFICES = ["Văn phòng HĐND và UBND", "Phòng Văn hóa - Xã hội", "Phòng Kinh tế"]
STATUS = ["Hoàn thành", "Đang thực hiện", "Cần bổ sung minh chứng", "Chưa thực hiện"]

# self-assessed, appraised per unit (None = not reported)
UNITS = {
    "Tân Lập": ([8, 5, 7.5, 18, 10, 6, 12, 20], [7, 2, 7.5, 15, 10, 6, 10, 18.5]),
    "Phú Minh": ([10, 4.5, 0, 20, 8, 7.5, 15, 22], [9, 4.5, 0, 20, 6, 7.5, 15, 22]),
    "Hòa Bình": ([6, 0, 5, 12, None, 3, 9, 15], [6, 0, 2.5, 10, None, 3, 6, 12]),
}


def comma(x) -> str:
    """A number as a Vietnamese sheet writes it ("7,5")."""
    if x is None:
        return ""
    return (f"{x:g}").replace(".", ",")


def criterion_rows(unit: str):
    """(kind, values) rows for one unit: group rows, criteria rows, then the total row."""
    sa, ap = UNITS[unit]
    i = 0
    for gcode, gname, crits in GROUPS:
        yield "group", [None, gcode, gname]
        for code, name, mx in crits:
            s, a = sa[i], ap[i]
            diff = None if s is None or a is None else a - s
            deadline = dt.date(2026, 6 + i % 4, 10 + i)
            note = f"Báo cáo số {i + 12}/BC-UBND\nẢnh chụp hiện trường" if i % 3 == 0 else None
            yield "crit", [i + 1, code, name, mx, s, a, diff, STATUS[i % 4], OFFICES[i % 3], deadline, note]
            i += 1
    yield "total", [None, "Tổng cộng", None, sum(MAXIMA.values()), sum(x for x in sa if x is not None),
                    sum(x for x in ap if x is not None)]


def totals(unit: str) -> tuple[float, float]:
    sa, ap = UNITS[unit]
    return sum(x for x in sa if x is not None), sum(x for x in ap if x is not None)


def write_csv(path: Path, unit: str = "Tân Lập", title_unit: bool = True, sep: str = ",") -> Path:
    """One unit's sheet as CSV: title rows, decimal commas, dd/mm/yyyy deadlines, multi-line notes."""
    import csv

    path = Path(path)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, delimiter=sep)
        if title_unit:
            w.writerow([f"UBND XÃ {unit.upper()}"] + [""] * 10)
        w.writerow(["BẢNG TỰ ĐÁNH GIÁ CHỈ SỐ CHUYỂN ĐỔI SỐ CẤP XÃ NĂM 2026"] + [""] * 10)
        w.writerow([])
        w.writerow(HEADER)
        for kind, vals in criterion_rows(unit):
            out = []
            for j, v in enumerate(vals):
                if isinstance(v, dt.date):
                    out.append(v.strftime("%d/%m/%Y"))
                elif isinstance(v, float) or (isinstance(v, int) and j >= 3):
                    out.append(comma(v))
                else:
                    out.append("" if v is None else str(v))
            w.writerow(out)
    return path


def _sheet(ws, unit: str) -> None:
    from openpyxl.styles import Alignment, Font

    ws.merge_cells("A1:K1")
    ws["A1"] = f"ỦY BAN NHÂN DÂN XÃ {unit.upper()}"
    ws.merge_cells("A2:K2")
    ws["A2"] = "BẢNG TỰ ĐÁNH GIÁ, THẨM ĐỊNH CHỈ SỐ CHUYỂN ĐỔI SỐ NĂM 2026"
    ws["A1"].font = ws["A2"].font = Font(bold=True)
    ws.append([])
    ws.append(HEADER)
    for kind, vals in criterion_rows(unit):
        vals = list(vals)
        if kind == "crit":
            vals[4] = comma(vals[4]) if isinstance(vals[4], float) and not float(vals[4]).is_integer() else vals[4]
            vals[9] = dt.datetime.combine(vals[9], dt.time())
        ws.append(vals)
        if kind == "group":
            ws.merge_cells(start_row=ws.max_row, start_column=3, end_row=ws.max_row, end_column=11)
        if kind == "crit" and vals[10]:
            ws.cell(ws.max_row, 11).alignment = Alignment(wrap_text=True)


def write_xlsx_units(path: Path, units=("Tân Lập", "Phú Minh", "Hòa Bình"), guide: bool = True) -> Path:
    """A workbook with one sheet per unit (merged title cells, group rows, total row) and a guide sheet."""
    import openpyxl

    wb = openpyxl.Workbook()
    first = True
    for u in units:
        ws = wb.active if first else wb.create_sheet()
        ws.title = u
        first = False
        _sheet(ws, u)
    if guide:
        g = wb.create_sheet("Hướng dẫn", 0)
        g["A1"] = "Nhập điểm vào cột Tự đánh giá; để trống nếu chưa có."
    wb.save(path)
    return Path(path)


def write_long(path: Path, english: bool = False) -> Path:
    """One long table, every unit's rows under a unit column, a group column, no title rows."""
    import csv

    head = (["Unit", "Year", "Code", "Criterion", "Group", "Max points", "Self-assessed", "Appraised", "Status",
             "Owner", "Deadline", "Notes"] if english else
            ["Đơn vị", "Năm", "Mã", "Chỉ tiêu", "Nhóm", "Điểm tối đa", "Tự đánh giá", "Thẩm định", "Trạng thái",
             "Phụ trách", "Hạn xử lý", "Ghi chú"])
    status_en = ["done", "in progress", "evidence needed", "not started"]
    with Path(path).open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(head)
        for u in UNITS:
            sa, ap = UNITS[u]
            i = 0
            for _gcode, gname, crits in GROUPS:
                for code, name, mx in crits:
                    st = status_en[i % 4] if english else STATUS[i % 4]
                    w.writerow([f"Xã {u}", 2026, code, name, gname, comma(mx), comma(sa[i]), comma(ap[i]), st,
                                OFFICES[i % 3], f"{10 + i:02d}/0{6 + i % 4}/2026", ""])
                    i += 1
    return Path(path)


def write_folder(folder: Path) -> Path:
    """A folder of one CSV per unit (unit from each title row)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for i, u in enumerate(UNITS):
        write_csv(folder / f"bang_diem_{i + 1}.csv", u)
    return folder

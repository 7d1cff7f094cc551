"""A blank working sheet for a framework, in the form :func:`dtilib.io.sheet.read_sheet` reads back.

Title rows (the unit, "… NĂM <year>"), the header ``Mã | Chỉ tiêu | Điểm tối đa | Tự đánh giá |
Thẩm định | Chênh lệch | Trạng thái | Phụ trách | Hạn xử lý | Minh chứng/Ghi chú``, a group row per
main indicator with its criteria below, and a ``Tổng cộng`` row. Status offers the four statuses
(Excel list). Text is written as text, never as a formula (a name starting with ``=`` ``+`` ``-``
``@`` stays a string).

>>> import tempfile, pathlib
>>> from dtilib.io.sheet import read_sheet
>>> fw = pathlib.Path(tempfile.mkdtemp()) / "xa.csv"
>>> _ = fw.write_text("code,parent,name_vi,name_en,max_points\\nA,,Hạ tầng,Infra,15\\nA1,A,Cáp quang,Fibre,10\\n"
...                   "A2,A,=Wifi công cộng,Wifi,5\\n", encoding="utf-8")
>>> p = write_sheet_template(str(fw), fw.with_suffix(".xlsx"), unit="Xã Tân Lập", year=2026)
>>> d = read_sheet(p)
>>> d.units, d.years, d.framework.leaves()[["code", "name_vi", "max_points"]].values.tolist()
(['Xã Tân Lập'], [2026], [['A1', 'Cáp quang', 10.0], ['A2', '=Wifi công cộng', 5.0]])
"""
from __future__ import annotations

import math
from pathlib import Path

from ..files import atomic_write
from ..frameworks import Framework, load
from ..package_data import package_yaml

HEADER = ["Mã", "Chỉ tiêu", "Điểm tối đa", "Tự đánh giá", "Thẩm định", "Chênh lệch", "Trạng thái", "Phụ trách",
          "Hạn xử lý", "Minh chứng/Ghi chú"]
WIDTHS = (10, 60, 12, 12, 12, 12, 24, 26, 14, 50)
_FORMULA_START = ("=", "+", "-", "@")


def text_cell(cell, value) -> None:
    """Put ``value`` in an openpyxl ``cell``; text that Excel would run as a formula stays text.

    >>> from openpyxl import Workbook
    >>> c = Workbook().active["A1"]
    >>> text_cell(c, "=HYPERLINK(\\"http://x\\")"); c.data_type, c.value
    ('s', '=HYPERLINK("http://x")')
    """
    cell.value = value
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        cell.data_type = "s"


def _title_unit(unit: str | None) -> str:
    """The first title row, read back as the unit exactly as typed: "Đơn vị: Xã Tân Lập".

    >>> _title_unit("Phòng Văn hóa - Xã hội"), _title_unit(None)
    ('Đơn vị: Phòng Văn hóa - Xã hội', 'Đơn vị: ……………………')
    """
    return f"Đơn vị: {unit}" if unit else "Đơn vị: ……………………"


def write_sheet_template(framework: Framework | str, path: str | Path, unit: str | None = None,
                         year: int | None = None) -> Path:
    """Write a working sheet for ``framework`` to ``path`` (.xlsx, through a temporary file).

    Criteria are the framework's leaves with a positive maximum, under a group row per main
    indicator (where the framework has components); a leaf with an unknown maximum gets an empty
    "Điểm tối đa" cell to fill.

    >>> import tempfile, pathlib
    >>> from openpyxl import load_workbook
    >>> from dtilib.frameworks import DEFAULT
    >>> p = write_sheet_template(DEFAULT, pathlib.Path(tempfile.mkdtemp()) / "s.xlsx", year=2022)
    >>> ws = load_workbook(p).active
    >>> [c.value for c in ws[4]][:4], ws["A5"].value, ws["B5"].value
    (['Mã', 'Chỉ tiêu', 'Điểm tối đa', 'Tự đánh giá'], '1', 'Nhận thức số')
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    fw = framework if isinstance(framework, Framework) else load(framework)
    fw2 = fw.with_components_or_placeholders()
    nodes = fw2.nodes
    parents = set(nodes["parent"].dropna())
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    group_fill = PatternFill("solid", fgColor="F2F2F2")

    wb = Workbook()
    ws = wb.active
    ws.title = (unit or "Bảng điểm")[:31].translate({ord(c): " " for c in "[]:*?/\\"})
    n_col = len(HEADER)
    text_cell(ws.cell(1, 1), _title_unit(unit))
    name = fw.meta.get("name_vi") or fw.id
    text_cell(ws.cell(2, 1), f"BẢNG TỰ ĐÁNH GIÁ — {name}" + (f" — NĂM {int(year)}" if year else " — NĂM ……"))
    for r in (1, 2):
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=n_col)
        ws.cell(r, 1).font = bold
    for j, h in enumerate(HEADER, start=1):
        c = ws.cell(4, j, h)
        c.font, c.fill = bold, fill
        c.alignment = Alignment(wrap_text=True, vertical="center")
    row = 5
    total = 0.0
    unknown = False

    def leaf_row(code, nm, mx):
        nonlocal row, total, unknown
        text_cell(ws.cell(row, 1), str(code))
        text_cell(ws.cell(row, 2), nm)
        if mx is None or math.isnan(mx):
            unknown = True
        else:
            ws.cell(row, 3, float(mx))
            total += float(mx)
        ws.cell(row, 10).alignment = Alignment(wrap_text=True, vertical="top")
        ws.cell(row, 9).number_format = "DD/MM/YYYY"
        row += 1

    for ind in nodes[nodes["depth"] == 1].itertuples():
        mx = float(ind.max_points)
        if ind.code in parents:
            kids = nodes[nodes["parent"] == ind.code]
            kids = kids[~(kids["max_points"] <= 0)]
            if kids.empty:
                continue
            text_cell(ws.cell(row, 1), str(ind.code))
            text_cell(ws.cell(row, 2), ind.name_vi)
            for j in range(1, n_col + 1):
                ws.cell(row, j).fill = group_fill
                ws.cell(row, j).font = bold
            row += 1
            for k in kids.itertuples():
                leaf_row(k.code, k.name_vi, float(k.max_points))
        elif not mx <= 0:
            leaf_row(ind.code, ind.name_vi, mx)
    last = row - 1
    ws.cell(row, 1, "Tổng cộng").font = bold
    if not unknown:
        ws.cell(row, 3, total).font = bold
    for j, w in enumerate(WIDTHS, start=1):
        ws.column_dimensions[chr(64 + j)].width = w
    ws.freeze_panes = "C5"
    labels = package_yaml("sheet.yaml")["status_labels"]
    dv = DataValidation(type="list", formula1='"' + ",".join(v["vi"] for v in labels.values()) + '"',
                        allow_blank=True, showErrorMessage=False)
    dv.add(f"G5:G{max(last, 5)}")
    pts = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                         showErrorMessage=True, errorTitle="Điểm không hợp lệ / Invalid points",
                         error="Điểm từ 0 đến điểm tối đa; để trống nếu chưa có. "
                               "Points from 0 to the maximum; empty when not reported.")
    pts.add(f"D5:E{max(last, 5)}")
    ws.add_data_validation(dv)
    ws.add_data_validation(pts)
    return atomic_write(path, wb.save)

"""An Excel template for an analyst to fill with real scores and load back.

Sheets:

* ``Hướng dẫn - Guide``: how to fill it, in Vietnamese and English;
* ``Chỉ số - Indicators``: the framework's leaves to score — code, parent,
  Vietnamese and English names, max points, and whether the name is official
  or a placeholder (the 98 DTI 922 component names are not public);
* ``Điểm - Points``: the long table to fill — Tỉnh (Province), Năm (Year),
  Mã chỉ số (Code), Điểm (Points), Giai đoạn (Stage), with the maximum beside
  each code. One block of rows per province × year given (``units``, ``years``),
  or one blank block to copy. The points column only accepts numbers from 0 to
  the row's maximum (Excel data validation) and stage offers a list.

:func:`dtilib.io.read_points` reads the filled file back.

>>> import tempfile, pathlib
>>> from dtilib.io import read_points
>>> p = write_template(None, pathlib.Path(tempfile.mkdtemp()) / "t.xlsx", units=["Bắc Kạn"], years=[2022])
>>> pts = read_points(p)
>>> len(pts), int(pts["points"].isna().sum()), pts["indicator"].iloc[0]
(98, 98, '1.01')
"""
from __future__ import annotations

from pathlib import Path

from ..files import atomic_write
from ..frameworks import Framework, default, load
from ..provinces import resolve

POINTS_SHEET = "Điểm - Points"
INDICATOR_SHEET = "Chỉ số - Indicators"
GUIDE_SHEET = "Hướng dẫn - Guide"
HEADER = ["Tỉnh (Province)", "Năm (Year)", "Mã chỉ số (Code)", "Điểm (Points)", "Giai đoạn (Stage)",
          "Điểm tối đa (Max)", "Tên chỉ số (Name)"]
GUIDE = [
    ("Mẫu nhập điểm chỉ số", "Score entry template"),
    ("Mỗi dòng: một tỉnh × một năm × một chỉ số.", "One row per province × year × indicator."),
    ("Tỉnh: tên tỉnh, có hoặc không dấu (ví dụ: Bắc Kạn).", "Province: any spelling (e.g. Bac Kan)."),
    ("Điểm: từ 0 đến điểm tối đa của chỉ số; để trống nếu chưa có số liệu (để trống KHÁC điểm 0).",
     "Points: 0 to the indicator's maximum; leave empty when not reported (empty is NOT zero)."),
    ("Giai đoạn: tự đánh giá, thẩm định hoặc chính thức (mặc định: chính thức).",
     "Stage: self_assessed, appraised or final (default: final)."),
    ("Kiểm tra tệp: dti validate <tệp>.xlsx", "Check the file: dti validate <file>.xlsx"),
]


def write_template(framework: Framework | str | None = None, path: str | Path = "dti_template.xlsx",
                   units: list[str] | None = None, years: list[int] | None = None) -> Path:
    """Write the template to ``path`` (through a temporary file) and return the path.

    >>> import tempfile, pathlib
    >>> from openpyxl import load_workbook
    >>> p = write_template(None, pathlib.Path(tempfile.mkdtemp()) / "mau.xlsx")
    >>> load_workbook(p).sheetnames
    ['Điểm - Points', 'Hướng dẫn - Guide', 'Chỉ số - Indicators']
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    fw = framework if isinstance(framework, Framework) else (default() if framework is None else load(framework))
    fw2 = fw.with_components_or_placeholders()
    leaves = fw2.leaves()
    unit_names = [resolve(u).name_vi for u in units] if units else [None]
    year_list = list(years) if years else [None]
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")

    wb = Workbook()
    guide = wb.active
    guide.title = GUIDE_SHEET
    guide.append(["Tiếng Việt", "English"])
    for vi, en in GUIDE:
        guide.append([vi, en])
    guide.append([])
    guide.append([f"Bộ chỉ số: {fw.meta.get('name_vi', fw.id)} ({fw.id})",
                  f"Framework: {fw.meta.get('name_en', fw.id)} ({fw.id})"])
    if fw2 is not fw:
        guide.append(["Tên và điểm tối đa của các chỉ số thành phần chưa được công bố: mã và tên là giả định "
                      "(placeholder). Có thể nhập điểm theo chỉ số chính (mã 1–9) thay vào đó.",
                      "The component names and maxima are not public: codes and names are placeholders. "
                      "Main indicators (codes 1–9) may be entered instead."])
    for c in "AB":
        guide.column_dimensions[c].width = 80
    for cell in guide[1]:
        cell.font = bold

    ind = wb.create_sheet(INDICATOR_SHEET)
    ind.append(["Mã (Code)", "Chỉ số cha (Parent)", "Tên (Tiếng Việt)", "Name (English)",
                "Điểm tối đa (Max)", "Tính điểm (Scored)", "Tên (Name status)"])
    rows = fw2.nodes[fw2.nodes["depth"] >= 1]
    for r in rows.itertuples():
        mx = None if r.max_points != r.max_points else float(r.max_points)
        ind.append([str(r.code), None if r.parent is None or r.parent != r.parent else str(r.parent),
                    r.name_vi, r.name_en, mx, "có / yes" if bool(r.scored) else "không / no", r.name_status])
    for c, w in zip("ABCDEFG", (10, 10, 50, 50, 14, 14, 14)):
        ind.column_dimensions[c].width = w

    pts = wb.create_sheet(POINTS_SHEET, 0)
    pts.append(HEADER)
    for cell in pts[1]:
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True)
    for u in unit_names:
        for y in year_list:
            for leaf in leaves.itertuples():
                mx = None if leaf.max_points != leaf.max_points else float(leaf.max_points)
                pts.append([u, y, str(leaf.code), None, None, mx, leaf.name_vi])
    n = pts.max_row
    for c, w in zip("ABCDEFG", (22, 10, 16, 14, 18, 14, 50)):
        pts.column_dimensions[c].width = w
    pts.freeze_panes = "A2"
    dv = DataValidation(type="custom", formula1="AND(ISNUMBER(D2),D2>=0,OR(F2=\"\",D2<=F2))", allow_blank=True,
                        showErrorMessage=True, errorTitle="Điểm không hợp lệ / Invalid points",
                        error="Điểm từ 0 đến điểm tối đa; để trống nếu chưa có. "
                              "Points from 0 to the maximum; empty when not reported.")
    dv.add(f"D2:D{max(n, 2) + 500}")
    st = DataValidation(type="list", formula1='"self_assessed,appraised,final"', allow_blank=True)
    st.add(f"E2:E{max(n, 2) + 500}")
    pts.add_data_validation(dv)
    pts.add_data_validation(st)

    return atomic_write(path, wb.save)

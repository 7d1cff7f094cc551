"""Loading users' points files: what a new user really produces, through the real CLI."""
from __future__ import annotations

import math
import subprocess
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from dtilib import frameworks, scoring
from dtilib.errors import ValidationError
from dtilib.io import read_points, validate, write_template
from dtilib.io.encoding import encode_cp1258

HEADER = "Tỉnh,Năm,Mã chỉ số,Điểm\n"
GOOD = HEADER + "Bắc Kạn,2022,1,67.5\nBắc Kạn,2022,2,40\nBắc Kạn,2022,7,0\nĐà Nẵng,2022,1,\n"


def _xlsx(path: Path, sheets: dict[str, list[list]]) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
    wb.save(path)
    return path


def _mojibake(text: str) -> str:
    """UTF-8 bytes read as Windows-1252 (undefined bytes kept as C1 controls, as Excel does)."""
    return "".join(bytes([b]).decode("cp1252") if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else chr(b)
                   for b in text.encode("utf-8"))


# ---------------------------------------------------------------------------
# good files: every encoding and layout a user produces reads the same points
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["utf8", "utf8-bom", "utf16", "utf16-be", "cp1258", "mojibake", "nfd",
                                  "semicolon-decimal-comma"])
def test_encodings_and_separators_read_the_same_points(tmp_path, kind):
    text = GOOD
    if kind == "semicolon-decimal-comma":
        text = text.replace(",", ";").replace("67.5", "67,5")
    data = {
        "utf8": lambda t: t.encode("utf-8"),
        "utf8-bom": lambda t: t.encode("utf-8-sig"),
        "utf16": lambda t: t.encode("utf-16"),
        "utf16-be": lambda t: b"\xfe\xff" + t.encode("utf-16-be"),
        "cp1258": encode_cp1258,
        "mojibake": lambda t: _mojibake(t).encode("utf-8"),
        "nfd": lambda t: unicodedata.normalize("NFD", t).encode("utf-8"),
        "semicolon-decimal-comma": lambda t: t.encode("utf-8"),
    }[kind](text)
    p = tmp_path / "diem.csv"
    p.write_bytes(data)
    pts = read_points(p, "dti-922")
    assert pts["unit"].tolist() == ["06", "06", "06", "48"]
    assert pts["points"].tolist()[:3] == [67.5, 40.0, 0.0]
    assert math.isnan(pts["points"].iloc[3])  # missing stays missing, not zero
    assert (pts["stage"] == "final").all() and not pts["synthetic"].any()


def test_wide_layout_with_excel_numeric_headers_and_total_column(tmp_path):
    p = _xlsx(tmp_path / "wide.xlsx", {"DTI": [
        ["BẢNG ĐIỂM DTI 2022"], [],  # a title above the header is skipped
        ["STT", "Tên tỉnh", "Năm", 1, 2, "3. Hạ tầng số", "Tổng"],
        [1, "Bac Kan", 2022, 67.5, 40, None, 107.5],
        [2, "TP. Hồ Chí Minh", 2022, 89.17, 90, 82.58, 261.75],
    ]})
    pts = read_points(p, "dti-922")
    assert pts.attrs["layout"] == "wide"
    assert len(pts) == 6 and pts["points"].isna().sum() == 1
    assert set(pts["indicator"]) == {"1", "2", "3"} and set(pts["unit"]) == {"06", "79"}


def test_stages_side_by_side_are_kept(tmp_path):
    p = tmp_path / "stages.csv"
    p.write_text("Tỉnh,Năm,Mã chỉ số,Điểm tự đánh giá,Điểm thẩm định\n"
                 "Bắc Kạn,2022,5,30,17.04\nBắc Kạn,2022,9,26.13,26.13\n", encoding="utf-8")
    pts = read_points(p)
    wide = pts.pivot(index="indicator", columns="stage", values="points")
    assert wide.loc["5", "self_assessed"] == 30 and wide.loc["5", "appraised"] == 17.04
    # a stage column in long form works too, and scoring picks one stage
    p.write_text("Tỉnh,Năm,Mã chỉ số,Giai đoạn,Điểm\nBắc Kạn,2022,5,tự đánh giá,30\n"
                 "Bắc Kạn,2022,5,chính thức,17.04\n", encoding="utf-8")
    pts = read_points(p)
    s = scoring.score(pts, frameworks.load("dti-922")).set_index("indicator")
    assert s.loc["5", "points"] == 17.04


def test_excel_cells_with_mojibake_are_repaired(tmp_path):
    p = _xlsx(tmp_path / "m.xlsx", {"S": [[_mojibake("Tỉnh"), "Năm", "Mã chỉ số", _mojibake("Điểm")],
                                          [_mojibake("Thừa Thiên Huế"), 2022, 1, 95]]})
    pts = read_points(p)
    assert pts["unit"].tolist() == ["46"] and pts["points"].tolist() == [95.0]


def test_component_codes_and_user_mapping(tmp_path):
    p = tmp_path / "c.csv"
    p.write_text("Province name,Y,Code,Value\nLạng Sơn,2022,7.10,4\nLạng Sơn,2022,7.03,0\n", encoding="utf-8")
    pts = read_points(p, "dti-922", mapping={"Province name": "unit", "Y": "year"})
    assert pts.attrs["level"] == "component" and pts["indicator"].tolist() == ["7.10", "7.03"]
    s = scoring.score(pts, frameworks.load("dti-922").with_placeholder_components())
    assert s.set_index("indicator").loc["7", "points"] == 4


def test_template_round_trip(tmp_path):
    out = write_template("dti-922", tmp_path / "mau.xlsx", units=["Bắc Kạn"], years=[2022])
    from openpyxl import load_workbook

    wb = load_workbook(out)
    assert wb.sheetnames[0] == "Điểm - Points" and "Chỉ số - Indicators" in wb.sheetnames
    ind = list(wb["Chỉ số - Indicators"].iter_rows(values_only=True))
    assert ("7", "TOTAL", "Hoạt động chính quyền số", "Digital government activities", 200.0) == ind[7][:5]
    ws = wb["Điểm - Points"]
    assert ws.data_validations.dataValidation  # points limited to 0..max in Excel
    for r in range(2, ws.max_row + 1):  # fill: 1 point on every scored component, Excel-style
        ws.cell(r, 4, 1 if ws.cell(r, 6).value else 0)  # smart city (max 0) is not scored
    ws.cell(2, 4).value = None  # one left unreported
    wb.save(out)
    pts = read_points(out, "dti-922")
    assert len(pts) == 98 and pts["points"].isna().sum() == 1 and pts["points"].sum() == 94
    assert (pts["unit"] == "06").all()


# ---------------------------------------------------------------------------
# malformed files: each found in-process with its row and column
# ---------------------------------------------------------------------------
def test_all_problems_reported_together(tmp_path):
    p = tmp_path / "bad.csv"
    p.write_text(HEADER + "Bắc Kạn,2022,1,167.5\n"     # row 2: above max
                 "Atlantis,2022,2,10\n"                 # row 3: unknown province
                 "Bắc Kạn,2022,3,-1\n"                  # row 4: negative
                 "Bắc Kạn,2022,4,abc\n"                 # row 5: text
                 "Bắc Kạn,2099,5,10\n"                  # row 6: unknown year
                 "Bắc Kạn,2022,10,10\n"                 # row 7: unknown code
                 "Bắc Kạn,2022,9,12,5\n"                # row 8: unquoted decimal comma → a cell under no header
                 "Bac Kan,2022,9,12\n", encoding="utf-8")  # row 9: duplicate of row 8 (same unit)
    problems = validate(p)
    where = {(pr.row, pr.column.split(" (")[0]) for pr in problems}
    assert {(2, "Điểm"), (3, "Tỉnh"), (4, "Điểm"), (5, "Điểm"), (6, "Năm"), (7, "Mã chỉ số"), (8, "cell 5"),
            (9, "Điểm")} <= where
    text = "\n".join(map(str, problems))
    assert f"{p}:2:Điểm: found 167.5 points; expected at most 100" in text
    assert "closest" in text and "first on row 8" in text
    with pytest.raises(ValidationError) as e:
        read_points(p)
    assert len(e.value.problems) == len(problems) >= 8


def test_mixed_levels_and_wide_unknown_columns(tmp_path):
    p = tmp_path / "mixed.csv"
    p.write_text(HEADER + "Bắc Kạn,2022,1,10\nBắc Kạn,2022,7.03,2\n", encoding="utf-8")
    assert "main indicator 1 in a file of component points" in str(validate(p)[0])
    p.write_text("Tỉnh,Năm,1,2,Colour\nBắc Kạn,2022,1,2,red\n", encoding="utf-8")
    (pr,) = validate(p)
    assert pr.row == 1 and pr.column == "Colour" and "indicator code" in pr.expected


def test_lost_letters_and_unrepairable_mojibake(tmp_path):
    p = tmp_path / "lost.csv"
    p.write_bytes(GOOD.encode("cp1252", errors="replace"))  # Excel "CSV" on an English Windows
    (pr,) = validate(p)  # the headers lost their letters too
    assert pr.row == 1 and "letters were lost" in pr.expected
    p.write_bytes(GOOD.encode("utf-8").decode("cp1252", errors="replace").encode("utf-8"))
    (pr,) = validate(p)
    assert "mojibake" in pr.found and pr.row == 1


# ---------------------------------------------------------------------------
# the same, as a user meets them: `dti validate` exits 1, names file:row:column,
# no traceback, writes nothing
# ---------------------------------------------------------------------------
def _cases(d: Path) -> dict[str, tuple[Path, list[str]]]:
    c: dict[str, tuple[Path, list[str]]] = {}

    def csv(name, text, *expect, enc="utf-8"):
        p = d / name
        p.write_bytes(text.encode(enc) if isinstance(text, str) else text)
        c[name] = (p, [str(p) + e if e.startswith(":") else e for e in expect])

    csv("unknown_encoding.csv", "Tỉnh,Năm,Mã chỉ số,Điểm\nМосква,2022,1,5\n".encode("utf-8").replace(
        "Москва".encode(), "Москва".encode("cp1251")), "unknown encoding")
    csv("mojibake_broken.csv", GOOD.encode("utf-8").decode("cp1252", errors="replace"), ":1", "mojibake")
    csv("wrong_header.csv", "Name,When,What,How much\nBắc Kạn,2022,1,5\n", ":1", "columns for unit, year")
    csv("unknown_province.csv", HEADER + "Bắc Kạn,2022,1,5\nBắc Kan Xyz,2022,1,5\n", ":3:Tỉnh",
        "unknown province")
    csv("duplicate_rows.csv", HEADER + "Bắc Kạn,2022,1,5\nBac Kan,2022,1,5\n", ":3:Điểm", "first on row 2")
    csv("above_max.csv", HEADER + "Bắc Kạn,2022,7,250\n", ":2:Điểm", "at most 200")
    csv("negative.csv", HEADER + "Bắc Kạn,2022,7,-3\n", ":2:Điểm", "negative points")
    csv("text_in_number.csv", HEADER + "Bắc Kạn,2022,7,mười\n", ":2:Điểm", "text 'mười'")
    csv("empty.csv", b"", "empty file")
    csv("header_only.csv", HEADER, "no data rows")
    csv("scores.txt", GOOD, "rename it to .csv")
    csv("bom_bad_year.csv", HEADER + "Bắc Kạn,năm 2022,7,3\n", ":2:Năm", "whole number", enc="utf-8-sig")
    csv("utf16_unknown_code.csv", HEADER + "Bắc Kạn,2022,7.99,3\n", ":2:Mã chỉ số", "unknown indicator code",
        enc="utf-16")
    csv("fake.xlsx", GOOD, "not an Excel workbook")
    two = _xlsx(d / "two_sheets.xlsx", {"Ghi chú": [["Điểm DTI 2022 — bản nháp"]],
                                        "Dữ liệu": [["Tỉnh", "Năm", "Mã chỉ số", "Điểm"],
                                                    ["Bắc Kạn", 2022, 1, 5], ["Bắc Kạn", 2022, 2, "12..5"]]})
    c["two_sheets.xlsx"] = (two, [f"{two}[Dữ liệu]:3:Điểm (D)", "12..5"])
    both = _xlsx(d / "both_sheets.xlsx", {"A": [["Tỉnh", "Năm", "Mã chỉ số", "Điểm"], ["Bắc Kạn", 2022, 1, 5]],
                                          "B": [["Tỉnh", "Năm", "Mã chỉ số", "Điểm"], ["Bắc Kạn", 2022, 2, 5]]})
    c["both_sheets.xlsx"] = (both, ["several sheets", "--sheet"])
    c["missing.csv"] = (d / "missing.csv", [str(d / "missing.csv"), "no such file"])
    return c


def test_malformed_files_through_the_cli(tmp_path, capsys, monkeypatch):
    """Every case through the command-line entry point, in-process (fast)."""
    from dtilib.cli import main

    cases = _cases(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    monkeypatch.chdir(tmp_path)
    failures = []
    for name, (path, expect) in cases.items():
        rc = main(["validate", str(path), "--lang", "en"])
        cap = capsys.readouterr()
        out = cap.out + cap.err
        if rc != 1 or "Traceback" in out or not all(e in out for e in expect):
            failures.append(f"{name}: rc={rc}, expected {expect} in:\n{out}")
    assert not failures, "\n\n".join(failures)
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written


SUBPROCESS_CASES = ["mojibake_broken.csv", "unknown_province.csv", "two_sheets.xlsx", "scores.txt"]


@pytest.mark.e2e
def test_malformed_files_through_the_real_dti_command(tmp_path, dti_bin):
    cases = {k: v for k, v in _cases(tmp_path).items() if k in SUBPROCESS_CASES}
    before = sorted(p.name for p in tmp_path.iterdir())

    def run(item):
        name, (path, _) = item
        return name, subprocess.run([dti_bin, "validate", str(path), "--lang", "en"], capture_output=True, text=True,
                                    timeout=120, cwd=tmp_path)

    with ThreadPoolExecutor(3) as pool:
        results = dict(pool.map(run, cases.items()))
    failures = []
    for name, r in results.items():
        out = r.stdout + r.stderr
        expect = cases[name][1]
        if r.returncode != 1 or "Traceback" in out or not all(e in out for e in expect):
            failures.append(f"{name}: rc={r.returncode}, expected {expect} in:\n{out}")
    assert not failures, "\n\n".join(failures)
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written


@pytest.mark.e2e
def test_clean_file_through_the_cli(tmp_path, dti_bin):
    p = _xlsx(tmp_path / "data.xlsx", {"Ghi chú": [["nothing here"]],
                                      "Dữ liệu": [["Tỉnh", "Năm", "Mã chỉ số", "Điểm"], ["Bắc Kạn", 2022, 1, 0],
                                                  ["Bắc Kạn", 2022, 2, None], ["Hà Nội", 2022, 1, "12,5"]]})
    r = subprocess.run([dti_bin, "validate", str(p), "--lang", "en"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "3 rows, 2 unit(s)" in r.stdout and "1 zero(s), 1 not reported" in r.stdout
    assert "Bắc Kạn (06)" in r.stdout and "Hà Nội (01)" in r.stdout  # the units as typed, with their keys
    vi = subprocess.run([dti_bin, "validate", str(p)], capture_output=True, text=True, timeout=120)
    assert "ĐẠT — 3 dòng, 2 đơn vị" in vi.stdout  # Vietnamese by default
    assert "sheet 'Dữ liệu'" in r.stdout


def test_users_own_framework_template_and_scores(tmp_path):
    """A province scoring its departments with its own framework file."""
    fwfile = tmp_path / "so_ban_nganh.csv"
    fwfile.write_text("code,parent,name_vi,name_en,max_points\nA,,Nhóm A,Group A,10\n"
                      "A1,A,Tiêu chí A1,Criterion A1,4\nA2,A,Tiêu chí A2,Criterion A2,6\nB,,Nhóm B,Group B,5\n",
                      encoding="utf-8")
    fw = frameworks.load(fwfile)
    out = write_template(fw, tmp_path / "t.xlsx", units=["Lạng Sơn"], years=[2024])
    from openpyxl import load_workbook

    wb = load_workbook(out)
    ws = wb["Điểm - Points"]
    assert [ws.cell(r, 3).value for r in range(2, 5)] == ["A1", "A2", "B"]
    for r, v in zip(range(2, 5), (3, "6", 0)):
        ws.cell(r, 4).value = v
    wb.save(out)
    pts = read_points(out, fw)
    s = scoring.score(pts, fw).set_index("indicator")
    assert s.loc["A", "points"] == 9 and s.loc["TOTAL", "points"] == 9 and s.loc["B", "points"] == 0


def test_one_problem_on_many_rows_reads_as_one_line(tmp_path):
    """A whole column wrong (here every year) is one line naming the rows, not thousands."""
    from dtilib.errors import ValidationError
    from dtilib.frameworks import load
    from dtilib.io import read_points

    f = tmp_path / "scores.csv"
    rows = "".join(f"Bắc Kạn,2019,1.{i:02d},1\n" for i in range(1, 9))
    f.write_text("unit,year,indicator,points\n" + rows + "Atlantis,2022,1.01,1\n", encoding="utf-8")
    with pytest.raises(ValidationError) as e:
        read_points(f, load("dti-922").with_placeholder_components())
    lines = str(e.value).splitlines()
    assert len(e.value.problems) == 9                       # every problem is kept
    assert any(":rows 2–9:year: found year 2019" in ln and "(8 rows)" in ln for ln in lines)
    assert any(":10:" in ln and "Atlantis" in ln for ln in lines)
    assert len(lines) == 3                                  # the head line + two

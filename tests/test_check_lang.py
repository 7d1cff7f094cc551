"""A points file's problems in the user's language: Vietnamese on the command line by default,
English with ``--lang en`` (and in the library by default); file, row and column named in every
line; the units named as the user typed them and what they were taken for."""
from __future__ import annotations

import re
import string
import subprocess

import pytest

from dtilib.errors import ValidationError
from dtilib.i18n import section
from dtilib.io import read_points, validate
from dtilib.io.load import check

HEADER = "Tỉnh,Năm,Mã chỉ số,Điểm\n"
BAD = (HEADER
       + "Lang Sonn,2022,1,50\n"    # row 2: unknown province (a typo of Lạng Sơn)
       + "Lang Son,2022,2,60\n"     # row 3: Lạng Sơn without diacritics
       + "Lạng Sơn,2022,2,61\n"     # row 4: the same unit, indicator and year again
       + "Bắc Kạn,2022,3,-5\n"      # row 5: negative points
       + "Bắc Kạn,20x2,4,10\n"      # row 6: a year that is not a number
       + "Bắc Kạn,2019,5,10\n"      # row 7: a year the framework was not used for
       + "Bắc Kạn,2022,9,abc\n")    # row 8: text for points


@pytest.fixture
def bad(tmp_path):
    p = tmp_path / "bad.csv"
    p.write_text(BAD, encoding="utf-8")
    return p


def test_problems_in_vietnamese_name_file_row_and_column(bad):
    problems = validate(bad, lang="vi")
    lines = [str(p) for p in problems]
    assert [(p.row, p.column) for p in problems] == [(2, "Tỉnh"), (4, "Điểm"), (5, "Điểm"), (6, "Năm"),
                                                     (7, "Năm"), (8, "Điểm")]
    assert lines[0] == (f"{bad}:2:Tỉnh: tên tỉnh 'Lang Sonn' không có trong danh mục; "
                        "cần một tỉnh/thành phố trong danh mục; gần nhất: Lạng Sơn, Quảng Ninh, Long An")
    assert lines[1].startswith(f"{bad}:4:Điểm: giá trị thứ hai cho Lạng Sơn (20) năm 2022 chỉ số 2 (chính thức); "
                               "lần đầu ở dòng 3 (ghi là 'Lang Son'); cần ")
    assert lines[2] == f"{bad}:5:Điểm: điểm âm -5; cần điểm từ 0 đến 100 (điểm tối đa của chỉ số 3)"
    assert lines[3] == f"{bad}:6:Năm: '20x2'; cần một năm viết bằng số nguyên (2021, 2022, 2023)"
    assert lines[4].startswith(f"{bad}:7:Năm: năm 2019; cần một năm mà khung chỉ số")
    assert lines[5].startswith(f"{bad}:8:Điểm: chữ 'abc'; cần một số điểm")
    for line in lines:  # no English word left around or inside a Vietnamese line
        assert not re.search(r"\b(found|expected|closest|points|indicator|year|row)\b", line), line


def test_the_same_file_in_english_is_worded_as_before(bad):
    lines = [str(p) for p in validate(bad)]  # the library's default stays English
    assert lines == [str(p) for p in validate(bad, lang="en")]
    assert lines[0] == (f"{bad}:2:Tỉnh: found unknown province 'Lang Sonn'; expected a province of the registry; "
                        "closest: Lạng Sơn, Quảng Ninh, Long An")
    assert lines[1] == (f"{bad}:4:Điểm: found a second value for Lạng Sơn (20) 2022 indicator 2 (final); "
                        "first on row 3 (typed 'Lang Son'); expected each province × year × indicator (× stage) once")
    assert lines[2] == f"{bad}:5:Điểm: found negative points -5; expected points between 0 and 100 (max of indicator 3)"
    assert lines[5] == (f"{bad}:8:Điểm: found text 'abc'; expected a number of points (decimal point or comma), "
                        "or empty / NA when not reported")


def test_a_duplicate_names_the_unit_as_typed_and_what_it_was_taken_for(tmp_path):
    p = tmp_path / "dup.csv"
    p.write_text(HEADER + "Lạng Sơn,2022,1,5\nLang Son,2022,1,6\nLạng Sơn,2022,2,5\nLạng Sơn,2022,2,5\n",
                 encoding="utf-8")
    vi = [str(x) for x in validate(p, lang="vi")]
    en = [str(x) for x in validate(p, lang="en")]
    assert f"{p}:3:Điểm: giá trị thứ hai cho Lang Son → Lạng Sơn (20) năm 2022 chỉ số 1 (chính thức); " \
           "lần đầu ở dòng 2 (ghi là 'Lạng Sơn')" in vi[0]
    assert "a second value for Lang Son → Lạng Sơn (20) 2022 indicator 1 (final); first on row 2 (typed 'Lạng Sơn')" \
        in en[0]
    # the same spelling twice: no "as typed" note, the unit and its code still named
    assert f"{p}:5:Điểm: giá trị thứ hai cho Lạng Sơn (20) năm 2022 chỉ số 2 (chính thức); lần đầu ở dòng 4; cần" \
        in vi[1]


def test_an_unknown_province_is_offered_the_closest_in_both_languages(tmp_path):
    p = tmp_path / "p.csv"
    p.write_text(HEADER + "Bac Kann,2022,1,5\n", encoding="utf-8")
    (vi,) = validate(p, lang="vi")
    (en,) = validate(p, lang="en")
    assert "gần nhất: Bắc Kạn" in vi.expected and "closest: Bắc Kạn" in en.expected
    assert vi.lang == "vi" and en.lang == "en"


def test_the_head_line_and_grouped_rows_follow_the_language(tmp_path):
    p = tmp_path / "years.csv"
    p.write_text(HEADER + "".join(f"Bắc Kạn,2019,{i},1\n" for i in (1, 2, 3, 4, 5)), encoding="utf-8")
    with pytest.raises(ValidationError) as e:
        read_points(p, lang="vi")
    lines = str(e.value).splitlines()
    assert lines[0] == "5 lỗi:" and len(lines) == 2
    assert lines[1].startswith(f"  {p}:dòng 2–6:Năm: năm 2019; cần ") and lines[1].endswith("(5 dòng)")
    with pytest.raises(ValidationError) as e:
        read_points(p)
    lines = str(e.value).splitlines()
    assert lines[0] == "5 problem(s) found:"
    assert lines[1].startswith(f"  {p}:rows 2–6:Năm: found year 2019; expected ") and lines[1].endswith("(5 rows)")


def test_unreadable_files_and_encodings_in_vietnamese(tmp_path):
    missing = tmp_path / "missing.csv"
    (pr,) = validate(missing, lang="vi")
    assert str(pr) == f"{missing}: không có tệp này; cần một tệp .csv hoặc .xlsx có thật"
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0 not really")
    (pr,) = validate(old, lang="vi")
    assert pr.found == "tệp Excel định dạng cũ (.xls)" and "sổ tính .xlsx" in pr.expected
    cyr = tmp_path / "cyr.csv"
    cyr.write_bytes((HEADER + "Москва,2022,1,5\n").encode("utf-8").replace("Москва".encode(), "Москва".encode("cp1251")))
    (pr,) = validate(cyr, lang="vi")
    assert pr.found.startswith("văn bản ở bảng mã không xác định") and "CSV UTF-8" in pr.expected
    (pr,) = validate(cyr, lang="en")
    assert pr.found.startswith("text in an unknown encoding")


def test_the_notes_of_a_read_follow_the_language(tmp_path):
    p = tmp_path / "semi.csv"
    p.write_bytes("Tỉnh;Năm;Mã chỉ số;Điểm\nBắc Kạn;2022;1;12,5\n".encode("utf-8-sig"))
    assert check(p, lang="vi").notes == ["bảng mã UTF-8 with BOM", "dấu phân cách ';'"]
    assert check(p).notes == ["encoding UTF-8 with BOM", "separator ';'"]


def test_cli_prints_vietnamese_by_default_and_english_on_request(bad, capsys):
    from dtilib.cli import main

    assert main(["validate", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: 6 lỗi:\n") and f"{bad}:5:Điểm: điểm âm -5; cần" in err
    assert "found" not in err and "Traceback" not in err
    assert main(["validate", str(bad), "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: 6 problem(s) found:\n") and f"{bad}:5:Điểm: found negative points -5" in err


def test_every_text_in_both_languages_with_the_same_fields():
    fields = string.Formatter()

    def names(s):
        return sorted({f for _, f, _, _ in fields.parse(s) if f})

    def walk(node, path):
        if "vi" in node:
            yield path, node
            return
        for k, v in node.items():
            yield from walk(v, f"{path}.{k}" if path else k)

    texts = list(walk(section("check"), ""))
    assert len(texts) > 60
    for key, e in texts:
        assert set(e) == {"vi", "en"}, key
        assert e["en"] and (e["vi"] or key == "words.found"), key
        assert names(e["vi"]) == names(e["en"]), key


def test_every_key_the_code_asks_for_is_in_the_store():
    """A key missing from check_text.yaml would raise (say() is strict) only when a user met that problem."""
    import pathlib

    import dtilib.io as io_pkg
    from dtilib.io.words import say

    root = pathlib.Path(io_pkg.__file__).parent
    src = "".join((root / f).read_text(encoding="utf-8") for f in ("check.py", "read.py", "encoding.py"))
    problems = set(re.findall(r'(?:add|_fail|_refuse|problem)\([^"\n]*?"([a-z_]+)"', src))
    assert {"unknown_province", "duplicate", "over_max", "no_file", "binary", "mojibake"} <= problems
    for key in problems:
        found = "empty_cell" if key in ("empty_unit", "empty_year", "empty_code") else key
        expected = "save_as_utf8" if key in ("bad_bom", "binary", "unknown_encoding") else key
        for lang in ("vi", "en"):
            say(f"{found}.found", lang)
            say(f"{expected}.expected", lang)
    for key in re.findall(r'say\(\s*f?"([a-z_.]+)"', src):
        say(key, "vi")


@pytest.mark.e2e
def test_dti_validate_a_bad_file_in_vietnamese(bad, dti_bin):
    r = subprocess.run([dti_bin, "validate", str(bad)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 1
    assert "Traceback" not in r.stderr + r.stdout
    assert "6 lỗi:" in r.stderr
    assert f"{bad}:2:Tỉnh: tên tỉnh 'Lang Sonn' không có trong danh mục" in r.stderr
    assert f"{bad}:4:Điểm: giá trị thứ hai cho Lạng Sơn (20)" in r.stderr and "ghi là 'Lang Son'" in r.stderr

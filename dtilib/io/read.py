"""Read a CSV or Excel file into header + numbered rows, before any checking.

CSV: bytes decoded by :mod:`dtilib.io.encoding`; the separator is the one of
``,`` ``;`` (Excel with Vietnamese regional settings) or tab that the header
line uses most. Row numbers are the file's line numbers (header = 1).

Excel (.xlsx/.xlsm): read with openpyxl (cell values, not formulas). The header
is the first of the sheet's first 20 rows that names a province column; title
rows above it are skipped. Without ``sheet=``, the sheet is the one sheet whose
header names a province column and a value column; several such sheets need
``sheet=``. Row numbers are the sheet's row numbers; problems name the file as
``book.xlsx[Sheet]``.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "x.csv"
>>> _ = p.write_bytes("Tỉnh;Năm;Mã chỉ số;Điểm\\nHà Nội;2022;1;12,5\\n".encode("utf-8-sig"))
>>> t = read_table(p)
>>> t.header, t.rows, t.encoding
(['Tỉnh', 'Năm', 'Mã chỉ số', 'Điểm'], [(2, ['Hà Nội', '2022', '1', '12,5'])], 'UTF-8 with BOM')
"""
from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ValidationError
from .columns import canonical
from .encoding import _MOJIBAKE, decode, repair_mojibake
from .words import problem, say

CSV_SUFFIXES = {".csv"}
EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
MAX_HEADER_SEARCH = 20


@dataclass
class Table:
    """A file's header and its non-empty rows as ``(row number, values)``.

    >>> Table("f.csv", ["Tỉnh"], [(2, ["Hà Nội"])]).rows
    [(2, ['Hà Nội'])]
    """

    file: str
    header: list[str]
    rows: list[tuple[int, list]]
    encoding: str | None = None
    sheet: str | None = None
    notes: list[str] = field(default_factory=list)
    letters: list[str] = field(default_factory=list)
    header_row: int = 1


def _fail(file: str, key: str, lang: str, row: int | None = None, column: str | None = None, **fields):
    return ValidationError([problem(file, row, column, key, lang, **fields)], lang)


def read_table(path: str | Path, sheet: str | None = None, mapping: dict | None = None,
               lang: str = "en") -> Table:
    """Read ``path`` (.csv, .xlsx, .xlsm); raise ValidationError on unreadable files,
    worded in ``lang`` ("en" or "vi"; the notes too).

    >>> read_table("scores.xls")
    Traceback (most recent call last):
    ...
    dtilib.errors.ValidationError: 1 problem(s) found:
      scores.xls: found no such file; expected an existing .csv or .xlsx file
    >>> read_table("scores.xls", lang="vi")
    Traceback (most recent call last):
    ...
    dtilib.errors.ValidationError: 1 lỗi:
      scores.xls: không có tệp này; cần một tệp .csv hoặc .xlsx có thật
    """
    p = Path(path)
    file = str(path)
    if not p.exists():
        raise _fail(file, "no_file", lang)
    if p.is_dir():
        raise _fail(file, "folder", lang)
    suffix = p.suffix.lower()
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise _fail(file, "unreadable", lang, why=exc.strerror or exc) from None
    if not data.strip(b"\x00\t\r\n \xef\xbb\xbf\xff\xfe"):
        raise _fail(file, "empty_file", lang)
    is_zip = data[:4] == b"PK\x03\x04"
    if suffix == ".xls":
        raise _fail(file, "old_excel", lang)
    if suffix in EXCEL_SUFFIXES:
        if not is_zip:
            raise _fail(file, "not_workbook", lang, suffix=suffix)
        return _read_excel(p, file, sheet, mapping, lang)
    if suffix in CSV_SUFFIXES:
        if is_zip:
            raise _fail(file, "workbook_as_csv", lang)
        if sheet is not None:
            raise _fail(file, "sheet_of_csv", lang, sheet=sheet)
        return _read_csv(data, file, lang)
    kind = "workbook" if is_zip else "text_table" if b"," in data[:2000] or b";" in data[:2000] else "file"
    raise _fail(file, "other_extension", lang, kind=say(f"other_extension.{kind}", lang),
                suffix=suffix or say("other_extension.none", lang),
                hint=say("other_extension.hint", lang) if kind == "text_table" else "")


def _read_csv(data: bytes, file: str, lang: str = "en") -> Table:
    dec = decode(data, file, lang)
    text = dec.text
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    delim = max([",", ";", "\t"], key=lambda d: first.count(d))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    header: list[str] | None = None
    rows: list[tuple[int, list]] = []
    start = 1
    try:
        for rec in reader:
            line = start
            start = reader.line_num + 1
            if not any(c.strip() for c in rec):
                continue
            if header is None:
                header = [c.strip() for c in rec]
                continue
            rows.append((line, [c.strip() for c in rec]))
    except csv.Error as exc:
        raise _fail(file, "bad_csv", lang, row=reader.line_num, why=exc) from None
    notes = [say("notes.encoding", lang, desc=dec.description)]
    if dec.repaired_lines:
        notes.append(say("notes.repaired", lang, n=len(dec.repaired_lines)))
    if delim != ",":
        notes.append(say("notes.separator", lang, sep=say("notes.tab", lang) if delim == chr(9) else repr(delim)))
    return Table(file, header or [], rows, dec.description, None, notes)


def _text(v: str) -> str:
    """An Excel text cell: NFC, stripped, mojibake repaired."""
    v = unicodedata.normalize("NFC", v).strip()
    if _MOJIBAKE.search(v):
        fixed = repair_mojibake(v)
        if fixed is not None:
            return fixed
    return v


def _col_letter(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def _sheet_table(ws, file: str, mapping: dict | None, lang: str = "en") -> Table | None:
    """The sheet's table if a header row with a province column is found."""
    header, hrow, rows = None, None, []
    for r_idx, values in enumerate(ws.iter_rows(values_only=True), start=1):
        vals = list(values)
        if header is None:
            if r_idx > MAX_HEADER_SEARCH:
                return None
            names = [canonical(_text(v) if isinstance(v, str) else v, mapping) if v is not None else None
                     for v in vals]
            if "unit" in names:
                header, hrow = ["" if v is None else _text(str(v)) for v in vals], r_idx
            continue
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in vals):
            continue
        vals = [_text(v) if isinstance(v, str) else v for v in vals]
        rows.append((r_idx, vals))
    if header is None:
        return None
    width = max([len(header)] + [len(v) for _, v in rows])
    header += [""] * (width - len(header))
    rows = [(r, v + [None] * (width - len(v))) for r, v in rows]
    t = Table(f"{file}[{ws.title}]", header, rows, None, ws.title, [say("notes.sheet", lang, sheet=ws.title, row=hrow)],
              [_col_letter(i) for i in range(width)], hrow)
    return t


def _read_excel(p: Path, file: str, sheet: str | None, mapping: dict | None, lang: str = "en") -> Table:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(p, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise _fail(file, "damaged_workbook", lang, why=f"{type(exc).__name__}: {exc}") from None
    try:
        names = wb.sheetnames
        if sheet is not None:
            if sheet not in names:
                raise _fail(file, "no_such_sheet", lang, sheet=sheet, sheets=", ".join(names))
            t = _sheet_table(wb[sheet], file, mapping, lang)
            if t is None:
                raise _fail(f"{file}[{sheet}]", "no_header_in_sheet", lang, row=1, n=MAX_HEADER_SEARCH)
            return t
        found = [t for t in (_sheet_table(wb[n], file, mapping, lang) for n in names) if t is not None]
        found = [t for t in found if t.rows] or found
        if not found:
            raise _fail(file, "no_sheet_with_header", lang, sheets=", ".join(names), n=MAX_HEADER_SEARCH)
        if len(found) > 1:
            raise _fail(file, "several_sheets", lang, sheets=", ".join(t.sheet for t in found))
        t = found[0]
        if len(names) > 1:
            t.notes[0] = say("notes.sheet_of", lang, sheet=t.sheet, n=len(names), row=t.header_row)
        return t
    finally:
        wb.close()

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

from ..errors import Problem, ValidationError
from .columns import canonical
from .encoding import _MOJIBAKE, decode, repair_mojibake

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


def _fail(file: str, found: str, expected: str, row: int | None = None, column: str | None = None):
    return ValidationError([Problem(file, row, column, found, expected)])


def read_table(path: str | Path, sheet: str | None = None, mapping: dict | None = None) -> Table:
    """Read ``path`` (.csv, .xlsx, .xlsm); raise ValidationError on unreadable files.

    >>> read_table("scores.xls")
    Traceback (most recent call last):
    ...
    dtilib.errors.ValidationError: 1 problem(s) found:
      scores.xls: found no such file; expected an existing .csv or .xlsx file
    """
    p = Path(path)
    file = str(path)
    if not p.exists():
        raise _fail(file, "no such file", "an existing .csv or .xlsx file")
    if p.is_dir():
        raise _fail(file, "a folder", "a .csv or .xlsx file")
    suffix = p.suffix.lower()
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise _fail(file, f"a file that cannot be read ({exc.strerror or exc})",
                    "a readable .csv or .xlsx file (close it in Excel, check permissions)") from None
    if not data.strip(b"\x00\t\r\n \xef\xbb\xbf\xff\xfe"):
        raise _fail(file, "an empty file", "a header row and at least one data row")
    is_zip = data[:4] == b"PK\x03\x04"
    if suffix == ".xls":
        raise _fail(file, "an old-format Excel file (.xls)",
                    "an .xlsx workbook (Excel: File → Save As → Excel Workbook) or a CSV UTF-8 file")
    if suffix in EXCEL_SUFFIXES:
        if not is_zip:
            raise _fail(file, f"a file named {suffix} that is not an Excel workbook",
                        "an .xlsx saved by Excel or LibreOffice (or rename a CSV file to .csv)")
        return _read_excel(p, file, sheet, mapping)
    if suffix in CSV_SUFFIXES:
        if is_zip:
            raise _fail(file, "an Excel workbook named .csv", "rename the file to .xlsx, or save it as CSV UTF-8")
        if sheet is not None:
            raise _fail(file, f"sheet {sheet!r} asked of a CSV file", "sheet only with .xlsx files")
        return _read_csv(data, file)
    kind = "an Excel workbook" if is_zip else "a text table" if b"," in data[:2000] or b";" in data[:2000] else "a file"
    raise _fail(file, f"{kind} with extension {suffix or '(none)'!r}",
                "a .csv or .xlsx file" + (" — if this is a comma/semicolon separated table, rename it to .csv"
                                          if kind == "a text table" else ""))


def _read_csv(data: bytes, file: str) -> Table:
    dec = decode(data, file)
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
        raise _fail(file, f"unreadable CSV ({exc})", "a comma-separated table", row=reader.line_num) from None
    notes = [f"encoding {dec.description}"]
    if dec.repaired_lines:
        n = len(dec.repaired_lines)
        notes.append(f"repaired garbled Vietnamese text (mojibake) on {n} line(s)")
    if delim != ",":
        notes.append(f"separator {'tab' if delim == chr(9) else repr(delim)}")
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


def _sheet_table(ws, file: str, mapping: dict | None) -> Table | None:
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
    t = Table(f"{file}[{ws.title}]", header, rows, None, ws.title, [f"sheet {ws.title!r}, header on row {hrow}"],
              [_col_letter(i) for i in range(width)])
    return t


def _read_excel(p: Path, file: str, sheet: str | None, mapping: dict | None) -> Table:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(p, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise _fail(file, f"a damaged or unsupported workbook ({type(exc).__name__}: {exc})",
                    "an .xlsx saved by Excel or LibreOffice") from None
    try:
        names = wb.sheetnames
        if sheet is not None:
            if sheet not in names:
                raise _fail(file, f"no sheet {sheet!r} (sheets: {', '.join(names)})", "an existing sheet name")
            t = _sheet_table(wb[sheet], file, mapping)
            if t is None:
                raise _fail(f"{file}[{sheet}]", f"no header row naming a province column in the first "
                            f"{MAX_HEADER_SEARCH} rows", "a header such as Tỉnh | Năm | Mã chỉ số | Điểm", row=1)
            return t
        found = [t for t in (_sheet_table(wb[n], file, mapping) for n in names) if t is not None]
        found = [t for t in found if t.rows] or found
        if not found:
            raise _fail(file, f"no sheet with a header row naming a province column (sheets: {', '.join(names)})",
                        "a header such as Tỉnh | Năm | Mã chỉ số | Điểm (or Province | Year | Code | Points) "
                        f"in the first {MAX_HEADER_SEARCH} rows of one sheet")
        if len(found) > 1:
            raise _fail(file, f"data on several sheets ({', '.join(t.sheet for t in found)})",
                        "one sheet chosen with --sheet NAME (sheet=...)")
        t = found[0]
        if len(names) > 1:
            t.notes[0] = f"data found on sheet {t.sheet!r} of {len(names)}" + t.notes[0][len(f"sheet {t.sheet!r}"):]
        return t
    finally:
        wb.close()

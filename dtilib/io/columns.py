"""Column mapping: which header means unit, year, indicator, points or stage.

Headers are compared after folding (no diacritics, any case, ``_``/``-``/``/``
as spaces), so "Mã chỉ số", "MA CHI SO" and "ma_chi_so" are the same. A header
of the form "Tỉnh / Province" or "Điểm (Points)" matches on either part.

=================  ===========================================================
column             accepted headers (folded)
=================  ===========================================================
unit               unit, province, tinh, tinh thanh, tinh thanh pho, ten tinh,
                   dia phuong, don vi, province vi, ma tinh
year               year, nam, nam danh gia, ky danh gia
indicator          indicator, code, indicator code, ma chi so, ma, chi so,
                   ma chi tieu, chi tieu, ma tieu chi
points             points, point, score, diem, diem so, so diem, diem dat,
                   diem dat duoc, value, gia tri
stage              stage, giai doan, buoc, loai diem
self_assessed      self assessed, diem tu danh gia, tu danh gia, tu cham
appraised          appraised, diem tham dinh, tham dinh
final              final, diem chinh thuc, chinh thuc, diem cuoi cung
(ignored)          stt, no, name, ten, ten chi so, indicator name, name vi,
                   name en, province en, ghi chu, note, source, nguon, status,
                   max, max points, diem toi da, total, tong, tong diem
=================  ===========================================================

A user mapping (``{"Their header": "points"}``) is tried first.

>>> canonical("Mã chỉ số"), canonical("ĐIỂM"), canonical("Tỉnh / Province"), canonical("Điểm thẩm định")
('indicator', 'points', 'unit', 'appraised')
>>> canonical("Ghi chú"), canonical("Colour") is None
('ignore', True)
>>> stage_of("Tự đánh giá"), stage_of("thẩm định"), stage_of("FINAL")
('self_assessed', 'appraised', 'final')
"""
from __future__ import annotations

import re

from ..text import fold

ALIASES: dict[str, tuple[str, ...]] = {
    "unit": ("unit", "province", "tinh", "tinh thanh", "tinh thanh pho", "ten tinh", "dia phuong",
             "don vi", "province vi", "ma tinh", "tinh tp", "ten tinh thanh pho", "ten don vi"),
    "year": ("year", "nam", "nam danh gia", "ky danh gia"),
    "indicator": ("indicator", "code", "indicator code", "ma chi so", "ma", "chi so", "ma chi tieu",
                  "chi tieu", "ma tieu chi", "component", "ma chi so thanh phan"),
    "points": ("points", "point", "score", "diem", "diem so", "so diem", "diem dat", "diem dat duoc",
               "value", "gia tri"),
    "stage": ("stage", "giai doan", "buoc", "loai diem"),
    "self_assessed": ("self assessed", "self assessment", "diem tu danh gia", "tu danh gia", "tu cham",
                      "diem tu cham"),
    "appraised": ("appraised", "appraisal", "diem tham dinh", "tham dinh"),
    "final": ("final", "diem chinh thuc", "chinh thuc", "diem cuoi cung", "ket qua"),
    "ignore": ("stt", "no", "name", "ten", "ten chi so", "indicator name", "name vi", "name en",
               "province en", "ghi chu", "note", "notes", "source", "nguon", "status", "max", "max points",
               "diem toi da", "toi da", "total", "tong", "tong diem", "level", "cap"),
}
STAGES = ("self_assessed", "appraised", "final")
_STAGE_VALUES = {
    "self_assessed": ("self assessed", "self", "tu danh gia", "tu cham"),
    "appraised": ("appraised", "appraisal", "tham dinh"),
    "final": ("final", "chinh thuc", "cuoi cung", "ket qua", "official"),
}
_LOOKUP = {a: k for k, aliases in ALIASES.items() for a in aliases}
_STAGE_LOOKUP = {a: k for k, aliases in _STAGE_VALUES.items() for a in aliases}
_PARTS = re.compile(r"[/()\[\]|]")


def _candidates(header: str) -> list[str]:
    h = str(header)
    out = [fold(h)]
    out += [fold(p) for p in _PARTS.split(h) if fold(p)]
    return out


def canonical(header: object, mapping: dict[str, str] | None = None) -> str | None:
    """The canonical column a header stands for ('ignore' for known extras), or None.

    >>> canonical("Điểm (Points)"), canonical("Their header", {"Their header": "points"})
    ('points', 'points')
    """
    if header is None:
        return None
    h = str(header).strip()
    if mapping:
        if h in mapping:
            return mapping[h]
        folded = {fold(k): v for k, v in mapping.items()}
        if fold(h) in folded:
            return folded[fold(h)]
    for c in _candidates(h):
        if c in _LOOKUP:
            return _LOOKUP[c]
    return None


def stage_of(value: object) -> str | None:
    """The stage a cell names (English or Vietnamese), or None.

    >>> stage_of("Chính thức"), stage_of("draft") is None
    ('final', True)
    """
    return _STAGE_LOOKUP.get(fold(str(value)))


def code_aliases(codes: list[str]) -> dict[str, str]:
    """Spellings of indicator codes as they arrive from spreadsheets → the code.

    Excel turns "7.10" into the number 7.1 and "1" into 1.0; headers may read
    "1. Nhận thức số". Aliases that would be ambiguous are left out.

    >>> a = code_aliases(["1", "7.10", "7.01"])
    >>> a["1.0"], a["7.1"], a["7.10"], a["7.01"]
    ('1', '7.10', '7.10', '7.01')
    """
    out: dict[str, str] = {}
    clash: set[str] = set()
    for c in codes:
        forms = {c, c.lower(), c.upper()}
        try:
            f = float(c)
            forms |= {repr(f), str(f), f"{f:g}"}
        except ValueError:
            pass
        for form in forms:
            if form in out and out[form] != c:
                clash.add(form)
            out.setdefault(form, c)
    for c in codes:  # an exact code always wins over another code's alias
        out[c] = c
        clash.discard(c)
    return {k: v for k, v in out.items() if k not in clash}


_LEADING_CODE = re.compile(r"^\s*([A-Za-z]{0,3}\d+(?:\.\d+)*)\s*(?:[.:)\-–—]\s*|\s+)\S")


def header_code(header: object, aliases: dict[str, str]) -> str | None:
    """The indicator code a wide-format header names: "7.03", 7.03 or "1. Nhận thức số".

    >>> header_code("1. Nhận thức số", code_aliases(["1", "2"])), header_code(2.0, code_aliases(["1", "2"]))
    ('1', '2')
    """
    if header is None:
        return None
    h = cell_text(header)
    if h in aliases:
        return aliases[h]
    m = _LEADING_CODE.match(h)
    if m and m.group(1) in aliases:
        return aliases[m.group(1)]
    return None


def cell_text(v: object) -> str:
    """A cell as text: numbers from Excel without a spurious ".0".

    >>> cell_text(2022.0), cell_text(7.1), cell_text(" Hà Nội ")
    ('2022', '7.1', 'Hà Nội')
    """
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()

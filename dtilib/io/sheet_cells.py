"""The cells of a working sheet: what a header means, statuses, deadlines, numbers, the unit and
year a title row names, and the words of every message (``dtilib/data/sheet.yaml``).

Used by :mod:`dtilib.io.sheet`, which reads whole sheets.

>>> column_role("Tự đánh giá"), parse_status("Hoàn thành"), unit_from_title("UBND XÃ TÂN LẬP")
('self_assessed', 'done', 'Xã Tân Lập')
"""
from __future__ import annotations

import datetime as _dt
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import Problem
from ..package_data import package_yaml
from ..text import fold, strip_diacritics
from .columns import cell_text

STATUSES = ("not_started", "in_progress", "evidence_needed", "done")
_PARTS = re.compile(r"[()\[\]|]")
_UNIT_SUFFIX = re.compile(r"\s*(?:điểm|đ|diem|pts?|points?)\.?$", re.IGNORECASE)
_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_DATE_IN = re.compile(r"\b\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4}\b")
_YMD = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$")
_MONTH = re.compile(r"^(?:thang\s*)?(\d{1,2})\s*[/.\- ]\s*(\d{4})$")
_QUARTER = re.compile(r"^(?:quy|q)\s*(iv|iii|ii|i|\d)\s*[/.\- ]\s*(?:nam\s*)?(\d{4})$")
_FILE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


# ---------------------------------------------------------------------------
# the text store
# ---------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _spec() -> dict:
    doc = package_yaml("sheet.yaml")
    roles = {}
    for role, names in doc["columns"].items():
        for n in names:
            roles[fold(str(n))] = role
    statuses = {fold(str(a)): code for code, names in doc["statuses"].items() for a in names}
    return {"roles": roles, "statuses": statuses, "doc": doc,
            "totals": [fold(t) for t in doc["total_labels"]],
            "points_file_headers": {fold(m) for m in doc["points_file_headers"]},
            "measure": {fold(m) for m in doc["measure_words"]} | {"%"},
            "not_applicable": {fold(m) for m in doc["not_applicable"]},
            "status_keywords": [(fold(k), v) for k, v in doc["status_keywords"]],
            "defaults": {fold(s) for s in doc["default_sheet_names"]},
            "units": [(re.compile(u["pattern"]), u["kinds"]) for u in doc["title_units"]],
            "year": re.compile(doc["title_year"]), "name_end": re.compile(doc["title_name_end"])}


def _lang(lang: str) -> str:
    if lang not in ("vi", "en"):
        raise ValueError(f"unknown language {lang!r}; expected 'vi' or 'en'")
    return lang


def message(key: str, lang: str = "vi", **values) -> tuple[str, str]:
    """(found, expected) of the problem ``key`` in ``lang``, from ``dtilib/data/sheet.yaml``.

    >>> message("bad_max", "en", value="0")
    ('maximum 0', 'a maximum greater than 0')
    """
    m = _spec()["doc"]["messages"][key][_lang(lang)]
    return m["found"].format(**values), m["expected"].format(**values)


def note(key: str, lang: str = "vi", **values) -> str:
    """A note of a read (where the unit or year came from …) in ``lang``.

    >>> note("year_from_file", "en", year=2026)
    'year 2026 taken from the file name'
    """
    return _spec()["doc"]["notes"][key][_lang(lang)].format(**values)


def status_label(code: str | None, lang: str = "vi") -> str | None:
    """The label of a status code in ``lang``.

    >>> status_label("evidence_needed"), status_label("done", "en")
    ('Cần bổ sung minh chứng', 'Done')
    """
    if code is None or (isinstance(code, float) and math.isnan(code)):
        return None
    return _spec()["doc"]["status_labels"][code][_lang(lang)]


@dataclass(frozen=True)
class SheetProblem(Problem):
    """A :class:`~dtilib.errors.Problem` worded in the user's language.

    >>> print(SheetProblem("a.csv", 7, "Tự đánh giá", "12 điểm", "từ 0 đến 10", "vi"))
    a.csv:7:Tự đánh giá: 12 điểm; cần từ 0 đến 10
    """

    lang: str = "vi"

    def __str__(self) -> str:
        words = _spec()["doc"]["words"]
        where = self.file + (f":{self.row}" if self.row is not None else "") + (f":{self.column}" if self.column else "")
        found = f"{words['found'][self.lang]} {self.found}".strip()
        return f"{where}: {found}; {words['expected'][self.lang]} {self.expected}"


# ---------------------------------------------------------------------------
# cells
# ---------------------------------------------------------------------------
def column_role(header: object) -> str | None:
    """What a working-sheet header stands for (``code``, ``name``, ``max``, ``self_assessed`` …) or None.

    >>> column_role("Điểm tối đa"), column_role("DIEM TU DANH GIA"), column_role("Minh chứng/Ghi chú")
    ('max', 'self_assessed', 'notes')
    >>> column_role("Appraised (Thẩm định)"), column_role("Màu") is None
    ('appraised', True)
    """
    if header is None:
        return None
    h = unicodedata.normalize("NFC", str(header)).strip()
    if not h:
        return None
    roles = _spec()["roles"]
    for c in [fold(h)] + [fold(p) for p in _PARTS.split(h) if fold(p)] + [fold(p) for p in h.split("/") if fold(p)]:
        if c in roles:
            return roles[c]
    return None


def parse_status(value: object) -> str | None | bool:
    """A status code from a cell (Vietnamese with or without diacritics, English); None when empty,
    False when not understood.

    >>> parse_status("Cần bổ sung minh chứng"), parse_status("chua thuc hien"), parse_status("Done")
    ('evidence_needed', 'not_started', 'done')
    >>> parse_status("Hoàn thành (đã có QĐ)"), parse_status("Chưa hoàn thành"), parse_status("Chờ bổ sung minh chứng")
    ('done', 'in_progress', 'evidence_needed')
    >>> parse_status(""), parse_status("maybe")
    (None, False)
    """
    if _blank(value):
        return None
    f = fold(str(value))
    hit = _spec()["statuses"].get(f)
    if hit is not None:
        return hit
    for word, code in _spec()["status_keywords"]:   # "Hoàn thành (đã có quyết định)", "Chưa hoàn thành"
        if re.search(rf"\b{re.escape(word)}\b", f):
            return code
    return False


def parse_deadline(value: object) -> _dt.date | None | bool:
    """A deadline from a cell: an Excel date or serial, dd/mm/yyyy, yyyy-mm-dd, a month ("tháng 6/2026",
    "06/2026": its last day) or a quarter ("Quý III/2026"); None when empty, False when not a date.

    >>> parse_deadline("30/06/2026"), parse_deadline(46203), parse_deadline("soon")
    (datetime.date(2026, 6, 30), datetime.date(2026, 6, 30), False)
    >>> parse_deadline("Tháng 6/2026"), parse_deadline("Quý III/2026"), parse_deadline("2026/12/31")
    (datetime.date(2026, 6, 30), datetime.date(2026, 9, 30), datetime.date(2026, 12, 31))
    """
    if _blank(value):
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 200000:
            return _dt.date(1899, 12, 30) + _dt.timedelta(days=int(value))
        return False
    s = str(value).strip()
    try:
        m = _YMD.match(s)
        if m:
            return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        m = _MONTH.match(fold(s))
        if m:
            y, mo = int(m.group(2)), int(m.group(1))
            return _dt.date(y + (mo == 12), mo % 12 + 1, 1) - _dt.timedelta(days=1)
        m = _QUARTER.match(fold(s))
        if m:
            q = {"i": 1, "ii": 2, "iii": 3, "iv": 4}.get(m.group(1), None) or int(m.group(1))
            if 1 <= q <= 4:
                return _dt.date(int(m.group(2)) + (q == 4), (3 * q) % 12 + 1, 1) - _dt.timedelta(days=1)
            return False
        m = _DATE.match(s)
        if m:
            return _dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        m = _ISO.match(s)
        if m:
            return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return False
    return False


def _blank(v: object) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or (isinstance(v, str) and not v.strip())


def _text(v: object) -> str:
    if _blank(v):
        return ""
    return unicodedata.normalize("NFC", cell_text(v)).strip()


def _fold_chars(s: str) -> str:
    """Lower case without diacritics, one character for one (so positions match the original)."""
    out = []
    for ch in s:
        b = strip_diacritics(ch).lower()
        out.append(b[0] if b else " ")
    return "".join(out)


def _fmt(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".") if not math.isnan(x) else "–"


def _col_letter(i: int) -> str:
    s, i = "", i + 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


# ---------------------------------------------------------------------------
# unit and year from titles and names
# ---------------------------------------------------------------------------
def _name_case(name: str, kind: str) -> str:
    name = name.strip(" .:-–—")
    if name.isupper() or name.islower():
        if kind in ("Sở", "Ban"):
            name = name[:1] + name[1:].lower()
        else:
            name = name.title()
    return name


def unit_from_title(text: str) -> str | None:
    """The unit a title row names: "UBND XÃ TÂN LẬP" → "Xã Tân Lập"; None when it names none.

    >>> unit_from_title("ỦY BAN NHÂN DÂN PHƯỜNG BA ĐÌNH"), unit_from_title("UBND xã Tân Lập - năm 2026")
    ('Phường Ba Đình', 'Xã Tân Lập')
    >>> unit_from_title("SỞ THÔNG TIN VÀ TRUYỀN THÔNG"), unit_from_title("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    ('Sở Thông tin và truyền thông', None)
    """
    s = _spec()
    orig = unicodedata.normalize("NFC", str(text)).strip()
    folded = _fold_chars(orig)
    for pat, kinds in s["units"]:
        m = pat.search(folded)
        if not m:
            continue
        kind = kinds.get(re.sub(r"\s+", " ", m.group(1)), m.group(1))
        start = m.start(2)
        end_m = s["name_end"].search(folded, start)
        end = end_m.start() if end_m else len(orig)
        name = _name_case(orig[start:end], kind)
        if any(ch.isalnum() for ch in name) and fold(name) not in {"nhan dan"}:
            return f"{kind} {name}".strip()
    return None


def year_from_title(text: str) -> int | None:
    """The year a title row names ("… NĂM 2026").

    >>> year_from_title("BẢNG TỰ ĐÁNH GIÁ CHỈ SỐ CHUYỂN ĐỔI SỐ NĂM 2026"), year_from_title("Kế hoạch")
    (2026, None)
    """
    m = _spec()["year"].search(_fold_chars(unicodedata.normalize("NFC", str(text))))
    return int(m.group(1)) if m else None


def _from_file_name(p: Path) -> tuple[str | None, int | None]:
    stem = unicodedata.normalize("NFC", p.stem)
    ym = _FILE_YEAR.search(stem)
    year = int(ym.group(1)) if ym else None
    bare = re.sub(r"[_\-.]+", " ", _FILE_YEAR.sub(" ", stem)).strip()
    unit = unit_from_title(bare) if bare else None
    return unit, year


def resolve_unit(name: str, province: str | None = None) -> dict:
    """What a unit name resolves to: a province of the registry, or a post-2025 commune/ward (where
    the optional ``vietnamadminunits`` package knows it, given its province); never refused.

    >>> resolve_unit("Bắc Kạn")["province"]
    'Bắc Kạn'
    >>> r = resolve_unit("Xã Không Có Thật")
    >>> r["unit"], r["province"], r["commune"]
    ('Xã Không Có Thật', None, None)
    """
    from ..errors import UnknownProvinceError
    from ..provinces import resolve

    out = {"unit": name, "province": None, "province_key": None, "commune": None}
    bare = re.sub(r"^(tinh|thanh pho)\s+", "", fold(name))
    if not re.match(r"^(xa|phuong|thi tran|dac khu|so|ban)\s", fold(name)):
        try:
            p = resolve(bare)
            out.update(province=p.name_vi, province_key=p.key)
            return out
        except (UnknownProvinceError, ValueError):
            pass
    if province and re.match(r"^(xa|phuong|thi tran|dac khu)\s", fold(name)):
        try:
            from vietnamadminunits import parse_address  # optional: absent at run time is fine
        except Exception:
            return out
        try:
            u = parse_address(f"{name}, {province}")
            if u.ward:
                out.update(commune=u.ward, province=u.province)
        except Exception:
            pass
    return out



def _number_text(v: object) -> object:
    """A score cell as parse_points reads it: "10 điểm" → "10"; "Không áp dụng" → empty."""
    if not isinstance(v, str):
        return v
    t = v.strip().replace("\u2212", "-").replace("\u2013", "-")   # a typographic minus is a minus
    if fold(t) in _spec()["not_applicable"]:
        return ""
    return _UNIT_SUFFIX.sub("", t)

"""Rich notebook display of dtilib tables: bilingual headers, number formats, marks.

Any tidy dtilib table (see ``docs/data-model.md``) can be shown three ways:

* ``styled(df, lang="vi")`` returns a pandas ``Styler``;
* the accessor ``df.dti.show(lang)`` does the same for any DataFrame (registered
  when this module is imported; ``df.dti.html()`` gives the HTML text);
* ``as_table(df)`` returns a :class:`Table`, a DataFrame subclass that displays
  itself styled in Jupyter with no further code. Analysis functions can return
  ``as_table(result)`` so results render richly by default; a ``Table`` is a
  DataFrame in every other respect (equality, arithmetic, ``to_csv``), and
  frames derived from it stay tables.

What the styling does (column kinds come from ``dtilib/data/display.yaml``):

* headers in Vietnamese (``lang="vi"``), English (``"en"``) or both
  (``"both"`` → ``"Xếp hạng / Rank"``);
* points to 2 decimals, indices (0–1) to 4, differences with a sign (``+74.02``,
  ``−0.0312``), ranks as whole numbers, rank changes as ``▲ 3`` (moved up) /
  ``▼ 12`` (moved down);
* zero shaded and bold, missing shown as a grey ``–`` (missing ≠ zero);
* ``unit`` keys shown as province names;
* a caption carrying ``dtilib.labels.SYNTHETIC_MARK`` when any row is synthetic,
  and rows flagged ``seed_unverified`` or ``unverified`` (the flag of
  :mod:`dtilib.datasets`), or with ``status == "seed_unverified"``, shaded and
  marked ``†``, with a note in the caption.

>>> import pandas as pd
>>> df = pd.DataFrame({"unit": ["06", "20"], "year": 2022, "points": [394.13, 0.0],
...                    "rank": [63, 40], "rank_change": [-12, 3]})
>>> html = styled(df, lang="both").to_html()
>>> "Xếp hạng / Rank" in html and "Bắc Kạn" in html and "▼ 12" in html and "▲ 3" in html
True
"""
from __future__ import annotations

import html
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from . import labels as _labels
from .labels import SYNTHETIC_MARK, is_synthetic
from .package_data import package_yaml

if TYPE_CHECKING:  # pragma: no cover
    from pandas.io.formats.style import Styler

LANGS = ("vi", "en", "both")
MISSING = "–"
SEED_MARK = "†"
ZERO_STYLE = "background-color: #ffd7b5; font-weight: bold"
MISSING_STYLE = "color: #9e9e9e"
SEED_ROW_STYLE = "background-color: #fff6d5; font-style: italic"
UP_STYLE = "color: #1b7f3b"
DOWN_STYLE = "color: #c62828"
DEFAULT_MAX_ROWS = 200


@lru_cache(maxsize=1)
def _spec() -> dict[str, Any]:
    doc = package_yaml("display.yaml")
    kinds = {col: kind for kind, cols in doc["kinds"].items() for col in cols}
    return {"kinds": kinds, "suffixes": doc["suffixes"], "hidden": list(doc["hidden"]),
            "name_columns": list(doc["name_columns"]), "labels": doc["labels"],
            "values": doc.get("values") or {}}


def _check_lang(lang: str) -> str:
    from .i18n import check_lang

    return check_lang(lang, both=True)


def header(column: str, lang: str = "vi") -> str:
    """The header shown for ``column``: from dtilib.labels, else display.yaml, else as is.

    >>> header("rank"), header("rank", "en"), header("rank_change", "both")
    ('Xếp hạng', 'Rank', 'Thay đổi thứ hạng / Rank change')
    >>> header("points_from", "en"), header("my_column")
    ('Points (from)', 'my_column')
    """
    _check_lang(lang)
    col = str(column)
    from .i18n import entry

    extra = entry("tables", col)
    vi = _labels.label(col, "vi")
    en = _labels.label(col, "en")
    if vi == col and en == col and extra:
        vi, en = extra["vi"], extra["en"]
    if lang == "both":
        return vi if vi == en else f"{vi} / {en}"
    return vi if lang == "vi" else en


def _text(key: str, lang: str) -> str:
    from .i18n import entry as lookup

    entry = lookup("tables", key)
    if entry is None:
        entry = {"vi": _labels.label(key, "vi"), "en": _labels.label(key, "en")}
    if lang == "both":
        return entry["vi"] if entry["vi"] == entry["en"] else f"{entry['vi']} / {entry['en']}"
    return entry[lang]


def _mark(lang: str) -> str:
    if lang == "both":
        return f"{SYNTHETIC_MARK['vi']} / {SYNTHETIC_MARK['en']}"
    return SYNTHETIC_MARK[lang]


def column_kind(column: str, dtype: Any = None) -> str:
    """How a column is formatted: points, index, signed, signed_index, rank, rank_change, count, share,
    flag or text.

    >>> [column_kind(c) for c in ["points", "index", "rank_change", "tech_infra_rank", "unit"]]
    ['points', 'index', 'rank_change', 'rank', 'text']
    >>> column_kind("anything", np.dtype(float)), column_kind("anything", np.dtype(int))
    ('points', 'count')
    >>> column_kind("score_up_rank_down"), column_kind("anything", np.dtype(bool))
    ('flag', 'flag')
    """
    spec = _spec()
    col = str(column)
    if col in spec["kinds"]:
        return spec["kinds"][col]
    for suffix, kind in spec["suffixes"].items():
        if col.endswith(suffix):
            return kind
    if dtype is not None and pd.api.types.is_bool_dtype(dtype):
        return "flag"
    if dtype is not None and pd.api.types.is_integer_dtype(dtype):
        return "count"
    if dtype is not None and pd.api.types.is_float_dtype(dtype):
        return "points"
    return "text"


def rank_change_text(value: Any) -> str:
    """Format a rank change (positive = moved up): ``▲ 3``, ``▼ 12``, ``= 0``, ``–`` if missing.

    >>> rank_change_text(3), rank_change_text(-12), rank_change_text(0), rank_change_text(None)
    ('▲ 3', '▼ 12', '= 0', '–')
    """
    if value is None or pd.isna(value):
        return MISSING
    v = int(round(float(value)))
    if v > 0:
        return f"▲ {v}"
    if v < 0:
        return f"▼ {-v}"
    return "= 0"


def _signed(decimals: int):
    zero = format(0.0, f".{decimals}f")

    def fmt(v: Any) -> str:
        if pd.isna(v):
            return MISSING
        if round(float(v), decimals) == 0:
            return zero
        return format(float(v), f"+.{decimals}f").replace("-", "−")
    return fmt


def _formatter(kind: str):
    def num(fmt: str):
        return lambda v: MISSING if pd.isna(v) else format(float(v), fmt)

    def whole(v: Any) -> str:
        if pd.isna(v):
            return MISSING
        f = float(v)
        return str(int(f)) if f == int(f) else format(f, ".2f")

    return {
        "points": num(".2f"),
        "index": num(".4f"),
        "signed": _signed(2),
        "signed_index": _signed(4),
        "rank": whole,
        "count": whole,
        "share": num(".1%"),
        "rank_change": rank_change_text,
        "flag": lambda v: MISSING if pd.isna(v) else ("✓" if bool(v) else ""),
    }.get(kind)


def _is_synthetic(df: pd.DataFrame) -> bool:
    return bool(df.attrs.get("synthetic", False)) or is_synthetic(df)


def _seed_rows(df: pd.DataFrame) -> pd.Series:
    flag = pd.Series(False, index=df.index)
    for col in ("seed_unverified", "unverified"):
        if col in df.columns:
            flag |= df[col].fillna(False).astype(bool).to_numpy()
    if "status" in df.columns:
        flag |= df["status"].astype("string").fillna("").eq("seed_unverified").to_numpy()
    return flag


def _name_column(df: pd.DataFrame) -> str | None:
    for c in _spec()["name_columns"]:
        if c in df.columns:
            return c
    return None


def _unit_name(key: Any, lang: str) -> Any:
    from .provinces import name

    if key is None or (not isinstance(key, str) and pd.isna(key)):
        return key
    return name(str(key), "en" if lang == "en" else "vi", default=key)


def _uuid(view: pd.DataFrame, lang: str, caption: str | None) -> str:
    """A CSS id prefix derived from the content, so the same table gives the same HTML."""
    import hashlib

    h = hashlib.sha1(f"{lang}|{caption}|{list(map(str, view.columns))}|{view.shape}".encode())
    # the cells' reprs: exact for numbers, the same on every run (hashing a string copy of the
    # table with pandas took 25 times longer)
    h.update(repr(list(view.index)).encode("utf-8"))
    h.update(repr(view.to_numpy(object).tolist()).encode("utf-8"))
    return "dti" + h.hexdigest()[:10]


def _value_label(entry: dict | None, lang: str, default: Any) -> Any:
    if not entry:
        return default
    return f"{entry['vi']} / {entry['en']}" if lang == "both" else entry[lang]


def styled(df: pd.DataFrame, lang: str = "vi", caption: str | None = None,
           max_rows: int | None = DEFAULT_MAX_ROWS, unit_names: bool = True) -> "Styler":
    """A pandas ``Styler`` showing ``df`` the dtilib way (see the module docstring).

    ``lang`` is "vi", "en" or "both"; ``caption`` is put first in the caption;
    ``max_rows`` limits the rows shown (None = all; the caption then says
    "Showing 200 of 6000 rows"). The data are not changed: ``styler.data``
    holds the rows shown, with ``unit`` keys replaced by names when
    ``unit_names`` is true.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"unit": ["06", "06"], "indicator": ["7.03", "7.04"],
    ...                    "points": [0.0, float("nan")], "index": [0.0, None],
    ...                    "synthetic": True})
    >>> html = styled(df, "en").to_html()
    >>> "Illustrative data — not official" in html, "#ffd7b5" in html, ">–<" in html
    (True, True, True)
    >>> "synthetic" in styled(df).data.columns   # shown as a caption, not a column
    False
    >>> styled(df.assign(level="component"), "vi").data["level"].tolist()   # values in the language too
    ['thành phần', 'thành phần']
    >>> "<b>" in styled(pd.DataFrame({"name": ["<b>Xã A & B</b>"]})).to_html()   # user text is escaped
    False
    """
    _check_lang(lang)
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"styled() needs a DataFrame, got {type(df).__name__}")
    spec = _spec()
    total = len(df)
    seed = _seed_rows(df)
    synthetic = _is_synthetic(df)
    view = pd.DataFrame(df, copy=True)
    if max_rows is not None and total > max_rows:
        view, seed = view.iloc[:max_rows], seed.iloc[:max_rows]
    view = view.drop(columns=[c for c in spec["hidden"] if c in view.columns])
    # per-cell marks: a column "<col>_mark" ("*" illustrative, "†" one article only) is shown after
    # each value of <col>, where it stands, and not as a column of its own
    marks = {c[: -len("_mark")]: view.pop(c) for c in list(view.columns)
             if c.endswith("_mark") and c[: -len("_mark")] in view.columns}
    uniform: dict[str, str] = {}  # column -> the one mark all its rows carry
    if synthetic and not marks:
        # a table of illustrative figures with no per-figure marks: every figure is marked "*"
        # where it stands (years and counts of rows are not figures of the data)
        for c in view.columns:
            if (pd.api.types.is_numeric_dtype(view[c].dtype) and not pd.api.types.is_bool_dtype(view[c].dtype)
                    and column_kind(c, view[c].dtype) not in ("count", "flag", "text")
                    and not str(c).startswith("published")  # a published figure beside them is not,
                    and c != "max_points"):  # nor a framework's maximum (placeholder components say so in their name)
                uniform[c] = "*"
    if type(view) is not pd.DataFrame:
        view = pd.DataFrame(view)
    view.attrs = {}
    name_col = _name_column(view)
    if name_col is not None and (seed.any() or (name_col == "unit" and unit_names)):
        names = view[name_col].astype(object)
        if name_col == "unit" and unit_names:
            names = names.map(lambda k: _unit_name(k, lang))
        names = names.where(~seed.to_numpy(), names.astype(str) + f" {SEED_MARK}")
        view[name_col] = names

    for col, table in (spec.get("values") or {}).items():
        if col in view.columns and not pd.api.types.is_numeric_dtype(view[col].dtype):
            view[col] = view[col].map(lambda v, t=table: _value_label(t.get(v), lang, v))

    st = view.style.set_uuid(_uuid(view, lang, caption))
    kinds = {c: column_kind(c, view[c].dtype) for c in view.columns}
    numeric = [c for c in view.columns
               if kinds[c] != "text" and pd.api.types.is_numeric_dtype(view[c].dtype)]
    # one format call for every column (a call per column cost a lookup of the table each time);
    # a mark the same on every row goes into its column's format, others are set row by row
    fmts = {c: (_formatter(kinds[c]) if c in numeric else None) for c in view.columns}
    by_row = {}
    for c, col_marks in marks.items():
        col_marks = col_marks.astype(str).where(col_marks.notna(), "")
        if col_marks.nunique() == 1:
            uniform[c] = col_marks.iloc[0]
        else:
            by_row[c] = col_marks
    for c, m in uniform.items():
        if m:
            base = fmts[c] or (lambda v: str(v))
            fmts[c] = lambda v, base=base, m=m: f"{base(v)}{m}"
    st = st.format(fmts, na_rep=MISSING, escape="html")  # user text stays text
    for c, col_marks in by_row.items():
        for m in sorted(set(col_marks) - {""}):
            rows = view.index[(col_marks == m).to_numpy()]
            base = fmts[c] or (lambda v: str(v))
            st = st.format(lambda v, base=base, m=m: MISSING if pd.isna(v) else f"{base(v)}{m}",
                           subset=pd.IndexSlice[rows, [c]])

    value_cols = [c for c in numeric if kinds[c] in ("points", "index")]
    if value_cols:
        st = st.map(lambda v: ZERO_STYLE if (not pd.isna(v) and v == 0) else "", subset=value_cols)
    st = st.map(lambda v: MISSING_STYLE if (v is None or (np.ndim(v) == 0 and pd.isna(v))) else "")
    rc = [c for c in numeric if kinds[c] == "rank_change"]
    if rc:
        st = st.map(lambda v: "" if pd.isna(v) else (UP_STYLE if v > 0 else DOWN_STYLE if v < 0 else ""),
                    subset=rc)
    if seed.any():
        rows = np.repeat(seed.to_numpy()[:, None], view.shape[1], axis=1)
        st = st.apply(lambda d: np.where(rows, SEED_ROW_STYLE, ""), axis=None)

    # text left (names on one line), numbers right, each header aligned with its column
    # (one CSS rule per column, not one per cell: the same look for a fraction of the page)
    align = {c: "right" if c in numeric else "left" for c in view.columns}
    cell = {"right": "text-align: right;", "left": "text-align: left; white-space: nowrap;"}
    rules = []  # the rules pandas writes for {column: [rules]}, by position (its lookup per column cost more)
    for i, c in enumerate(view.columns):
        rules += [{"selector": f"th.col_heading.col{i}", "props": f"text-align: {align[c]};"},
                  {"selector": f"td.col{i}", "props": cell[align[c]]}]
    st = st.set_table_styles(rules, overwrite=False)
    st = st.relabel_index([html.escape(header(c, lang), quote=False) for c in view.columns], axis="columns")
    if isinstance(view.index, pd.RangeIndex) or view.index.equals(pd.RangeIndex(len(view))):
        st = st.hide(axis="index")

    parts = [caption] if caption else []
    if synthetic:
        parts.append(f"⚠ {_mark(lang)}")
    if seed.any():
        parts.append(_text("seed_mark", lang))
    # the legend only for what this table holds: a zero (in a points/index column), a missing value
    has_zero = bool(value_cols) and bool((view[value_cols] == 0).to_numpy().any())
    has_missing = bool(view.isna().to_numpy().any())
    notes = ([_text("zero_note", lang)] if has_zero else []) + ([_text("missing_note", lang)] if has_missing else [])
    if notes:
        parts.append("; ".join(notes))
    if max_rows is not None and total > max_rows:
        parts.append(_text("rows_shown", lang).format(shown=max_rows, total=total))
    if parts:
        st = st.set_caption(html.escape(" · ".join(parts), quote=False))
    st = st.set_table_styles([
        {"selector": "caption", "props": "caption-side: top; text-align: left; font-size: 0.9em;"},
        {"selector": "th", "props": "padding: 2px 8px;"},
        {"selector": "td", "props": "padding: 2px 8px;"},
    ], overwrite=False)
    return st


class Table(pd.DataFrame):
    """A DataFrame that shows itself styled (:func:`styled`) in Jupyter.

    The language comes from ``df.attrs["lang"]`` (default "vi"). Everything
    else behaves as a plain DataFrame.

    >>> t = as_table(pd.DataFrame({"unit": ["06"], "rank": [63]}), lang="en")
    >>> isinstance(t, pd.DataFrame), "Bac Kan" in t._repr_html_()
    (True, True)
    >>> type(t[t["rank"] > 1]).__name__   # frames derived from a Table stay tables
    'Table'
    """

    @property
    def _constructor(self):
        return Table

    def _repr_html_(self) -> str:
        lang = self.attrs.get("lang", "vi")
        limit = pd.get_option("display.max_rows") or DEFAULT_MAX_ROWS
        return styled(self, lang=lang, max_rows=limit, caption=self.attrs.get("caption")).to_html()


def as_table(df: pd.DataFrame, lang: str | None = None, caption: str | None = None) -> Table:
    """Wrap ``df`` as a :class:`Table` (no copy of the data) so it renders richly by default.

    >>> t = as_table(pd.DataFrame({"rank_change": [-12]}), lang="both", caption="Bắc Kạn")
    >>> t.attrs["lang"], "▼ 12" in t._repr_html_()
    ('both', True)
    """
    t = Table(df)
    t.attrs = dict(getattr(df, "attrs", {}))
    if lang is not None:
        t.attrs["lang"] = _check_lang(lang)
    if caption is not None:
        t.attrs["caption"] = caption
    return t


@pd.api.extensions.register_dataframe_accessor("dti")
class DtiAccessor:
    """``df.dti.show(lang)`` → Styler; ``df.dti.html(lang)`` → HTML text.

    >>> import dtilib.table_style
    >>> df = pd.DataFrame({"unit": ["06"], "index": [0.3941]})
    >>> "0.3941" in df.dti.html("en")
    True
    """

    def __init__(self, df: pd.DataFrame):
        self._df = df

    def show(self, lang: str = "vi", **kwargs: Any) -> "Styler":
        """The styled table (same arguments as :func:`styled`)."""
        return styled(self._df, lang=lang, **kwargs)

    def html(self, lang: str = "vi", **kwargs: Any) -> str:
        """The styled table as HTML text."""
        return styled(self._df, lang=lang, **kwargs).to_html()

    def table(self, lang: str | None = None) -> Table:
        """The frame as a :class:`Table` (renders richly by default)."""
        return as_table(self._df, lang=lang)


# ---------------------------------------------------------------------------------------------
# Jupyter: dtilib tables shown styled with no extra code

_AUTO: dict[str, Any] = {"lang": "both"}


def is_dtilib_table(df: pd.DataFrame) -> bool:
    """True for a frame shaped like dtilib's tidy tables (see ``docs/data-model.md``).

    That is: a ``synthetic`` flag, or a ``unit`` column beside at least one column
    whose format dtilib knows (points, index, rank, …). Other frames keep
    pandas' own display.

    >>> is_dtilib_table(pd.DataFrame({"unit": ["06"], "rank": [63]}))
    True
    >>> is_dtilib_table(pd.DataFrame({"unit": ["06"], "price": [1.0]})), is_dtilib_table(pd.DataFrame({"a": [1]}))
    (False, False)
    """
    if not isinstance(df, pd.DataFrame) or isinstance(df.columns, pd.MultiIndex):
        return False
    cols = [str(c) for c in df.columns]
    if "synthetic" in cols:
        return True
    return "unit" in cols and any(column_kind(c) != "text" for c in cols if c != "unit")


def _html(df: pd.DataFrame) -> str | None:
    """text/html formatter for DataFrames in IPython: styled for dtilib tables, pandas' own otherwise."""
    if is_dtilib_table(df):
        try:
            lang = df.attrs.get("lang", _AUTO["lang"])
            limit = pd.get_option("display.max_rows") or DEFAULT_MAX_ROWS
            return styled(df, lang=lang, max_rows=limit, caption=df.attrs.get("caption")).to_html()
        except Exception:  # pragma: no cover - never let display break a notebook
            pass
    return pd.DataFrame._repr_html_(df)


def auto_display(on: bool = True, lang: str | None = None, shell: Any = None) -> bool:
    """Show dtilib tables styled in Jupyter without extra code; return True when it is on.

    Registers an IPython ``text/html`` formatter for DataFrames: a frame that
    :func:`is_dtilib_table` recognises (any output of ``dtilib.scoring``,
    ``dtilib.analysis``, ``dtilib.datasets``) renders as :func:`styled` — headers
    in ``lang`` (default "both": Vietnamese / English; a frame's
    ``attrs["lang"]`` wins), number formats, ▲/▼, zero and missing marked, the
    synthetic mark; any other frame keeps pandas' display. ``import dtilib``
    turns it on inside a Jupyter kernel; ``auto_display(False)`` turns it off.
    Outside IPython it does nothing and returns False.

    >>> auto_display()          # not in a notebook here
    False
    """
    if lang is not None:
        _AUTO["lang"] = _check_lang(lang)
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:  # pragma: no cover - IPython is a dependency of ipykernel
            return False
        shell = get_ipython()
    if shell is None or not hasattr(shell, "display_formatter"):
        return False
    fmt = shell.display_formatter.formatters["text/html"]
    if on:
        fmt.for_type(pd.DataFrame, _html)
    else:
        fmt.type_printers.pop(pd.DataFrame, None)
    return on

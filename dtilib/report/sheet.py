"""What the working-sheet reports (notebooks 05 and 06) show: tables, sentences, charts, footer.

Everything a reader sees comes from the sheet (criterion and group names, units, maxima) or from
``dtilib/data/sheet.yaml`` (headers and sentences in Vietnamese and English); nothing from the
national framework. Tables go through :func:`dtilib.table_style.styled`, which escapes user text.

>>> data = load(None)
>>> data.units
['Xã Tân Lập', 'Xã Phú Minh', 'Xã Hòa Bình']
>>> say("total", "en"), column("owner", "vi")
('Total', 'Phụ trách')
"""
from __future__ import annotations

import datetime as _dt
import html
from importlib import resources
from pathlib import Path

import pandas as pd

from ..package_data import package_yaml

EXAMPLE = "sheet_example_2026.csv"


def _doc() -> dict:
    return package_yaml("sheet.yaml")


def say(key: str, lang: str = "vi", **values) -> str:
    """A report sentence from ``dtilib/data/sheet.yaml`` with ``values`` filled in.

    >>> say("zeros_finding", "en", n=2, pts="15")
    '2 criteria score 0, missing 15 points (a blank criterion is not reported, not counted as 0).'
    """
    return _doc()["report_text"][key][lang].format(**values)


def column(name: str, lang: str = "vi") -> str:
    """The header of a column in the sheet reports (the name itself when none is listed).

    >>> column("points_lost", "en"), column("something")
    ('Points lost at appraisal', 'something')
    """
    entry = _doc()["report_columns"].get(name)
    return entry[lang] if entry else name


def example_path() -> Path:
    """The example working sheet shipped with dtilib (three communes, illustrative figures).

    >>> example_path().name
    'sheet_example_2026.csv'
    """
    return Path(str(resources.files("dtilib").joinpath("data", EXAMPLE)))


def load(data: str | Path | None, year: int | None = None, lang: str = "vi", unit: str | None = None):
    """The :class:`~dtilib.io.sheet.SheetData` a report is about: ``data`` a file or folder, or None
    for the example (then ``data.illustrative`` is True). ``unit`` selects a unit among many. Read
    as ``open_dataset(data)`` reads it (:func:`dtilib.io.sheet.dataset`); its Dataset is ``.dataset``.

    >>> load(None).illustrative, load(None, unit="xa phu minh").units
    (True, ['Xã Phú Minh'])
    """
    from ..io.sheet import dataset

    example = data in (None, "", "example")
    ds = dataset(example_path() if example else Path(data), unit=unit, year=year, lang=lang, illustrative=example,
                 select=True)
    return ds.extra["sheet"]


def num(x, decimals: int = 2) -> str:
    """A number as reports print it: ``7.5``, ``12``, ``–`` when missing.

    >>> num(7.50), num(12.0), num(float("nan")), num(0.35, 0)
    ('7.5', '12', '–', '0')
    """
    if x is None or pd.isna(x):
        return "–"
    s = f"{float(x):.{decimals}f}"
    return s.rstrip("0").rstrip(".") if "." in s else s


def pct(x) -> str:
    """A share as a percentage: ``87.5%``.

    >>> pct(0.875), pct(float("nan"))
    ('87.5%', '–')
    """
    return "–" if x is None or pd.isna(x) else f"{100 * float(x):.1f}".rstrip("0").rstrip(".") + "%"


_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()#+!|~"})


def heading(text: str, level: int = 2):
    """A Markdown heading (in the report's table of contents) whose text, a unit's or a group's name
    from the sheet, stays text: HTML and Markdown marks are escaped.

    >>> heading("Xã <b>A</b> *1*", 1).data
    '# Xã &lt;b&gt;A&lt;/b&gt; \\\\*1\\\\*'
    """
    from IPython.display import Markdown

    safe = html.escape(str(text).replace("\n", " "), quote=False).translate(_MD_SPECIAL)
    return Markdown("#" * level + " " + safe)


def banner(data, lang: str = "vi"):
    """The illustrative-data mark when a report runs on the example sheet (empty otherwise).

    >>> "minh họa" in banner(load(None)).data, banner(load(None), "en").data.count("Illustrative")
    (True, 1)
    """
    from IPython.display import HTML

    from ..labels import SYNTHETIC_MARK

    if not getattr(data, "illustrative", False):
        return HTML("")
    return HTML(f'<div class="dti-synthetic" role="note"><strong>⚠ {html.escape(SYNTHETIC_MARK[lang])}</strong>'
                f"<br><small>{html.escape(say('example_note', lang))}</small></div>")


def table(df: pd.DataFrame, lang: str = "vi", caption: str | None = None, max_rows: int | None = 200,
          framework=None):
    """``df`` styled (:func:`dtilib.table_style.styled`, text escaped) with the sheet reports' headers,
    statuses in words, dates as dd/mm/yyyy and the TOTAL row named. With ``framework``, a column of
    group codes the reader made up (the sheet named its groups without codes) is left out.

    >>> import pandas as pd
    >>> t = table(pd.DataFrame({"name": ["<b>Wifi</b>"], "status": ["evidence_needed"],
    ...                         "deadline": [pd.Timestamp("2026-06-30")]}), "en")
    >>> h = t.to_html()
    >>> "&lt;b&gt;Wifi" in h, "Evidence needed" in h, "30/06/2026" in h, "Responsible" in h
    (True, True, True, False)
    """
    from ..table_style import styled
    from ..io.sheet import status_label

    view = pd.DataFrame(df).copy()
    made_up = set((framework.meta.get("generated_codes") or []) if framework is not None else [])
    if made_up and "indicator" in view.columns:
        codes = set(view["indicator"]) - {framework.total_code}
        if codes and codes <= made_up:
            view = view.drop(columns="indicator")
    for c in view.columns:
        if c == "status":
            view[c] = view[c].map(lambda s: status_label(s, lang) if isinstance(s, str) else None)
        elif c in ("deadline", "next_deadline"):
            shown = pd.to_datetime(view[c]).map(lambda d: d.strftime("%d/%m/%Y") if not pd.isna(d) else None)
            if c == "deadline" and "deadline_text" in view.columns:   # "Thường xuyên", "Trước 30/6/2026"
                shown = view["deadline_text"].where(view["deadline_text"].notna(), shown)
            view[c] = shown
        elif c == "rank_note":
            view[c] = view[c].map(lambda s: say("rank_note_incomplete", lang) if s == "incomplete_data" else "")
    if "indicator" in df.columns and "name" in view.columns:
        view.loc[(df["indicator"] == "TOTAL").to_numpy(), "name"] = say("total", lang)
    for c in view.columns:
        if c == "owner":
            view[c] = view[c].fillna(say("actions_no_owner", lang))
    view = view.drop(columns=[c for c in ("deadline_text",) if c in view.columns])
    st = styled(view, lang=lang, caption=caption, max_rows=max_rows, unit_names=False)
    shown = list(st.data.columns)
    wrap = [c for c in ("notes", "name", "deadline") if c in shown]
    if wrap:   # multi-line evidence notes keep their lines; long names wrap
        st = st.set_properties(subset=wrap, **{"white-space": "pre-line", "min-width": "12em"})
    return st.relabel_index([html.escape(column(c, lang), quote=False) for c in shown], axis="columns")


def office_summary(actions: pd.DataFrame) -> pd.DataFrame:
    """Per responsible office: items left, points to gain, overdue items, next deadline.

    >>> from dtilib.analysis.appraisal import action_table, example
    >>> office_summary(action_table(example(), unit="Xã A", today="2026-06-01")).values.tolist()[0][:4]
    ['Phòng Kinh tế', 2, 9.0, 0]
    """
    a = actions.assign(owner=actions["owner"].fillna(""))
    out = (a.groupby("owner", sort=False)
           .agg(n_todo=("indicator", "size"), points_to_gain=("points_to_gain", "sum"),
                n_overdue=("overdue", "sum"), next_deadline=("deadline", "min")).reset_index())
    out["n_overdue"] = out["n_overdue"].astype("int64")
    out["owner"] = out["owner"].replace("", None)
    return out


def bars(frame: pd.DataFrame, label: str, series: dict, lang: str = "vi", xlabel: str | None = None):
    """A horizontal paired bar chart: one bar group per row of ``frame`` (labelled by ``label``), one
    bar per ``series`` entry ``{column: legend text}``. Returns the matplotlib Axes.

    >>> import pandas as pd
    >>> ax = bars(pd.DataFrame({"name": ["A", "B"], "x": [1.0, 2.0]}), "name", {"x": "X"})
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['A', 'B']
    """
    import matplotlib.pyplot as plt
    import numpy as np

    n = len(frame)
    # laid out "tight" (the names on the left take what they need), asked for when the figure is
    # made: switching a house-style figure from constrained layout afterwards warned every time
    fig, ax = plt.subplots(figsize=(9, max(2.0, 0.45 * n * max(1, len(series)) + 1)), layout="tight")
    h = 0.8 / max(1, len(series))
    y = np.arange(n)
    def plain(t) -> str:  # a name with "$" is text, not matplotlib mathtext
        return str(t).replace("$", r"\$")

    for i, (col, legend) in enumerate(series.items()):
        ax.barh(y + i * h, frame[col].astype(float).fillna(0.0).to_numpy(), height=h, label=plain(legend))
    ax.set_yticks(y + h * (len(series) - 1) / 2)
    ax.set_yticklabels([plain(v) for v in frame[label]])
    ax.invert_yaxis()
    if xlabel:
        ax.set_xlabel(xlabel)
    if len(series) > 1:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return ax


def footer(data, params: dict | None = None, lang: str = "vi", now: _dt.datetime | None = None):
    """The provenance of a sheet report: the user's files with SHA-256, the sheet's own criteria,
    dtilib's version, the parameters and the time (nothing about the national data).

    >>> f = footer(load(None), params={"data": None}, lang="en")
    >>> "sheet_example_2026.csv" in f.data and "the sheet&#x27;s own criteria" in f.data
    True
    """
    from IPython.display import HTML

    from ..files import sha256
    from .provenance import code_version

    fw = data.framework
    esc = html.escape
    when = (now or _dt.datetime.now(_dt.timezone.utc)).strftime("%Y-%m-%d %H:%M UTC")
    rows = "".join(f"<tr><td>{esc(Path(f).name)}</td><td><code>{esc(sha256(f))}</code></td></tr>"
                   for f in data.files if Path(f).is_file())
    ptext = ", ".join(f"{k}={v!r}" for k, v in (params or {}).items())
    fw_text = say("prov_framework_text", lang, n=len(fw.leaves()), max=num(fw.max_points))
    parts = ['<footer class="dti-provenance">', f"<h2>{esc(say('prov_title', lang))}</h2><ul>",
             f"<li>{esc(say('prov_framework', lang))}: {esc(fw_text)}</li>",
             f"<li>{esc(say('prov_version', lang))}: <code>{esc(code_version())}</code></li>",
             f"<li>{esc(say('prov_params', lang))}: <code>{esc(ptext)}</code></li>",
             f"<li>{esc(say('prov_time', lang))}: {esc(when)}</li></ul>",
             f"<table><thead><tr><th>{esc(say('prov_file', lang))}</th><th>sha256</th></tr></thead>"
             f"<tbody>{rows}</tbody></table></footer>"]
    return HTML("".join(parts))

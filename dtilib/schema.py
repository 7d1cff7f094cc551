"""The contract of a scores table, and the questions every layer asks of one.

A scores table is the output of :func:`dtilib.scoring.score` (see
``docs/data-model.md``): one row per unit × year × node with ``unit, year,
indicator, level, points, max_points, index, n_missing, synthetic`` and, once
ranked, ``rank``. It carries its framework (and, when a
:class:`~dtilib.dataset.Dataset` made it, the dataset) in ``DataFrame.attrs``.
The rules below are decided here once — which unit a name means, a unit's
display name, an indicator's name, whether a node is scored, whether a table is
ranked — and asked for everywhere else (analysis, plots, the deck, reports,
the explorer).

>>> from dtilib.dataset import Dataset
>>> s = Dataset.demo().scores
>>> unit_key("bac kan", s), unit_name("06", "en", s), indicator_name("7", "vi", s)
('06', 'Bac Kan', 'Hoạt động chính quyền số')
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from .errors import DtiError

SCORES = ["unit", "year", "indicator", "level", "points", "max_points"]


def require(data: Any, columns: list[str], what: str) -> None:
    """Raise :class:`~dtilib.DtiError` naming the columns ``data`` lacks.

    >>> require(pd.DataFrame({"unit": []}), ["unit", "year"], "peer_stats")
    Traceback (most recent call last):
    ...
    dtilib.errors.DtiError: peer_stats: data lacks column(s) year; expected the output of dtilib.scoring.score (see docs/data-model.md)
    """
    if not isinstance(data, pd.DataFrame):
        raise DtiError(f"{what}: data must be a pandas DataFrame or a dtilib Dataset, got {type(data).__name__}")
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise DtiError(f"{what}: data lacks column(s) {', '.join(missing)}; "
                       f"expected the output of dtilib.scoring.score (see docs/data-model.md)")


def scores_of(data: Any) -> pd.DataFrame:
    """The scores table of a Dataset, or the table itself.

    >>> from dtilib.dataset import Dataset
    >>> scores_of(Dataset.demo()) is Dataset.demo().scores
    True
    """
    from .dataset import as_scores

    return as_scores(data)


def unit_key(unit: Any, data: Any = None) -> str:
    """The unit key ``unit`` names in ``data``: the dataset's resolver when the table
    carries one, else :func:`dtilib.provinces.key` among the table's units.

    >>> import pandas as pd
    >>> new = pd.DataFrame({"unit": ["N19", "N01"]})
    >>> unit_key("Thái Nguyên", new), unit_key("Thái Nguyên", pd.DataFrame({"unit": ["19"]}))
    ('N19', '19')
    """
    from .dataset import dataset_of
    from .provinces import key

    ds = dataset_of(data)
    if ds is not None:
        return ds.unit(unit)
    among = None
    if isinstance(data, pd.DataFrame) and "unit" in data.columns and len(data):
        among = list(pd.unique(data["unit"].astype(str)))
    return key(unit, among=among)


def unit_name(key: str, lang: str = "vi", data: Any = None) -> str:
    """Display name of a unit key: the dataset's name for it, the registry's, or the key.

    >>> unit_name("79", "en"), unit_name("Sở Nội vụ", "en")
    ('Ho Chi Minh City', 'Sở Nội vụ')
    """
    from .dataset import dataset_of
    from .provinces import display_name

    ds = dataset_of(data)
    if ds is not None:
        return ds.unit_name(str(key), lang)
    return display_name(str(key), lang)


def indicator_name(code: str, lang: str = "vi", data: Any = None) -> str:
    """Display name of an indicator code in the framework ``data`` was scored against;
    the code itself when the table carries no framework (never another framework's names).

    >>> from dtilib.dataset import Dataset
    >>> indicator_name("1", "en", Dataset.demo().scores), indicator_name("1", "en", pd.DataFrame())
    ('Digital awareness', '1')
    """
    from .dataset import indicator_name as name
    from .scoring import framework_of

    return name(str(code), lang, framework_of(data))


def total_code(data: Any) -> str:
    """The code of the total node (``"TOTAL"`` for every bundled framework).

    >>> total_code(pd.DataFrame({"indicator": ["T"], "level": ["total"]}))
    'T'
    """
    from .scoring import framework_of

    fw = framework_of(data)
    if fw is not None:
        return fw.total_code
    if isinstance(data, pd.DataFrame) and "level" in data:
        t = data.loc[data["level"] == "total", "indicator"]
        if len(t):
            return str(t.iloc[0])
    return "TOTAL"


def is_scored(df: pd.DataFrame) -> pd.Series:
    """Rows of scored nodes: the framework's ``scored`` flag where the table carries
    its framework, else a positive (or unknown) maximum. Drops DTI indicator 6.

    >>> is_scored(pd.DataFrame({"max_points": [100.0, 0.0, float("nan")]})).tolist()
    [True, False, True]
    """
    from .scoring import framework_of

    ok = (df["max_points"].astype(float).fillna(1.0) > 0 if "max_points" in df
          else pd.Series(True, index=df.index))
    fw = framework_of(df)
    if fw is not None and "indicator" in df:
        scored = dict(zip(fw.nodes["code"].astype(str), fw.nodes["scored"].astype(bool)))
        ok &= ~df["indicator"].astype(str).map(scored).eq(False)
    return ok


def main_indicators(data: pd.DataFrame) -> pd.DataFrame:
    """Scored main-indicator rows (``level == "indicator"``).

    >>> main_indicators(pd.DataFrame({"level": ["indicator", "indicator", "total"],
    ...                               "max_points": [100.0, 0.0, 1000.0]})).shape[0]
    1
    """
    d = data[data["level"] == "indicator"]
    return d[is_scored(d)]


def is_ranked(data: pd.DataFrame) -> bool:
    """True when the table has ranks (a ``rank`` column with at least one value).

    >>> is_ranked(pd.DataFrame({"rank": [None]})), is_ranked(pd.DataFrame({"rank": [1]}))
    (False, True)
    """
    return "rank" in data.columns and bool(data["rank"].notna().any())


def with_ranks(data: pd.DataFrame) -> pd.DataFrame:
    """``data`` ranked by the official rule (:func:`dtilib.scoring.ranks`) unless it already is.

    >>> with_ranks(pd.DataFrame({"unit": ["a", "b"], "year": 2022, "indicator": "TOTAL",
    ...                          "index": [0.4, 0.5]}))["rank"].tolist()
    [2, 1]
    """
    if is_ranked(data):
        return data
    from .scoring import ranks

    return ranks(data.drop(columns=[c for c in ("rank",) if c in data]))

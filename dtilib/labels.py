"""Bilingual labels for everything shown to users (Vietnamese and English).

Labels live in ``dtilib/data/labels.yaml``; names of indicators and provinces come
from the framework and the province registry.

>>> label("rank", "vi"), label("rank", "en")
('Xếp hạng', 'Rank')
>>> SYNTHETIC_MARK["en"]
'Illustrative data — not official'
"""
from __future__ import annotations

from .package_data import package_yaml

LANGS = ("vi", "en")


def _labels() -> dict[str, dict[str, str]]:
    return package_yaml("labels.yaml")


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is "vi" or "en", else raise ``ValueError``.

    >>> check_lang("en")
    'en'
    >>> check_lang("fr")
    Traceback (most recent call last):
    ...
    ValueError: unknown language 'fr'; expected 'vi' or 'en'
    """
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected 'vi' or 'en'")
    return lang


def label(key: str, lang: str = "vi") -> str:
    """The label for ``key`` in ``lang``; the key itself when there is none.

    >>> label("rank", "en"), label("year", "vi")
    ('Rank', 'Năm')
    >>> label("no_such_key", "en")
    'no_such_key'
    """
    check_lang(lang)
    entry = _labels().get(key)
    return entry[lang] if entry else key


def labels(lang: str = "vi") -> dict[str, str]:
    """All labels in one language, as ``{key: label}``.

    >>> en = labels("en")
    >>> en["rank"], labels("vi")["rank"]
    ('Rank', 'Xếp hạng')
    >>> set(en) == set(labels("vi"))
    True
    """
    check_lang(lang)
    return {k: v[lang] for k, v in _labels().items()}


SYNTHETIC_MARK = {"vi": "Dữ liệu minh họa — không chính thức", "en": "Illustrative data — not official"}


def is_synthetic(*frames) -> bool:
    """True when any of the tables has a row flagged ``synthetic``: the mark must then be shown.

    One rule for tables, charts, reports and slides; a table without the column is
    not synthetic, and an unset (missing) flag counts as not synthetic.

    >>> import pandas as pd
    >>> is_synthetic(pd.DataFrame({"synthetic": [False, True]})), is_synthetic(pd.DataFrame({"x": [1]}))
    (True, False)
    >>> is_synthetic(pd.DataFrame({"x": [1]}), pd.DataFrame({"synthetic": [None, True]}))
    True
    """
    for f in frames:
        cols = getattr(f, "columns", None)
        if cols is not None and "synthetic" in cols and bool(f["synthetic"].fillna(False).astype(bool).any()):
            return True
    return False

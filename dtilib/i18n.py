"""The one bilingual text store and its one lookup: every word dtilib shows, in Vietnamese and English.

The store is the set of text files in ``dtilib/data`` named in :data:`STORE`, one
section per owner (labels of tables and charts, report sentences, table headers,
the explorer, working sheets); each entry is ``key: {vi: …, en: …}``. Every layer
asks :func:`text`; ``lang`` is checked in one place, :func:`check_lang`, and an
unknown language is an error everywhere — never a silent fall back to Vietnamese.

>>> text("labels", "rank", "en"), text("report", "plan", "vi", target=5)
('Rank', 'Kế hoạch cải thiện để đạt hạng 5')
>>> text("labels", "rank", "fr")
Traceback (most recent call last):
...
ValueError: unknown language 'fr'; expected 'vi' or 'en'
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from .package_data import package_yaml

LANGS = ("vi", "en")

# section → (file in dtilib/data, the mapping inside it that holds the texts; None = the whole file)
STORE: dict[str, tuple[str, str | None]] = {
    "labels": ("labels.yaml", None),          # tables, charts, slides, findings
    "report": ("report_text.yaml", None),     # report sentences, index page, provenance footer
    "tables": ("display.yaml", "labels"),     # table headers labels.yaml does not name
    "values": ("display.yaml", "values"),     # categorical values shown in tables
    "explorer": ("explore.yaml", None),       # the explorer (nested: section.key)
    "sheet": ("sheet.yaml", None),            # working-sheet reading and its problems
    "check": ("check_text.yaml", None),       # points files: their problems and the notes of a read
}


def check_lang(lang: str, both: bool = False) -> str:
    """Return ``lang`` if it is "vi" or "en" (or "both" where two-language headers are
    allowed), else raise ``ValueError``: the one language check.

    >>> check_lang("en"), check_lang("both", both=True)
    ('en', 'both')
    """
    if lang in LANGS or (both and lang == "both"):
        return lang
    expected = "'vi', 'en' or 'both'" if both else "'vi' or 'en'"
    raise ValueError(f"unknown language {lang!r}; expected {expected}")


@lru_cache(maxsize=None)
def section(name: str) -> dict[str, Any]:
    """All entries of one section of the store (``{key: {vi, en}}``; nested for the explorer).

    >>> section("labels")["rank"]["vi"]
    'Xếp hạng'
    """
    if name not in STORE:
        raise KeyError(f"no text section {name!r}; sections: {', '.join(STORE)}")
    file, inner = STORE[name]
    try:
        doc = package_yaml(file)
    except FileNotFoundError:  # an optional section (e.g. sheets) missing from this installation
        return {}
    doc = doc.get(inner) or {} if inner else doc
    return {k: v for k, v in doc.items() if isinstance(v, dict)}


def entry(section_name: str, key: str) -> dict[str, str] | None:
    """The ``{vi, en}`` entry of ``key`` (``"a.b"`` reaches into a nested section), or None.

    >>> entry("explorer", "peers.post2025")["en"]
    'The 34 new units (after the 2025 merger)'
    """
    node: Any = section(section_name)
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node if isinstance(node, dict) and "vi" in node else None


def text(section_name: str, key: str, lang: str = "vi", default: str | None = None, **fields: Any) -> str:
    """The text ``key`` of a section in ``lang``, with ``fields`` filled in.

    A key the store does not hold returns ``default`` (the key itself when no default
    is given): a user's own column or code is shown as it is.

    >>> text("tables", "points_from", "en"), text("labels", "no_such_key", "en")
    ('Points (from)', 'no_such_key')
    """
    check_lang(lang)
    e = entry(section_name, key)
    if e is None:
        return key if default is None else default
    s = e[lang]
    return s.format(**fields) if fields else s


def both(section_name: str, key: str, **fields: Any) -> str:
    """``"vi / en"`` (one of them when they are the same): for two-language headers.

    >>> both("labels", "rank")
    'Xếp hạng / Rank'
    """
    vi, en = text(section_name, key, "vi", **fields), text(section_name, key, "en", **fields)
    return vi if vi == en else f"{vi} / {en}"

"""Report prose in Vietnamese and English (``dtilib/data/report_text.yaml``) and display helpers.

Notebooks build every heading and finding sentence from these templates and
values computed from the data, so ``lang`` switches the whole report.

>>> say("lost_finding", "en", lost="311.22", share="49%", a="Digital society", b="Digital government")[:38]
'The province is 311.22 points short of'
>>> heading("Tổng quan", 2).data
'## Tổng quan'
"""
from __future__ import annotations

import html

from ..package_data import package_yaml


def _text() -> dict[str, dict[str, str]]:
    return package_yaml("report_text.yaml")


def say(key: str, lang: str = "vi", **values) -> str:
    """The sentence ``key`` in ``lang`` with ``values`` filled in.

    >>> say("plan", "vi", target=5), say("plan", "en", target=5)
    ('Kế hoạch cải thiện để đạt hạng 5', 'Improvement plan to reach rank 5')
    """
    from ..labels import check_lang

    return _text()[key][check_lang(lang)].format(**values)


def has(key: str) -> bool:
    """True when the text store has a sentence ``key``.

    >>> has("plan"), has("no_such_sentence")
    (True, False)
    """
    return key in _text()


def texts(prefix: str, lang: str = "vi") -> dict[str, str]:
    """Every template whose key starts with ``prefix + "_"``, in ``lang``, keyed without the prefix.

    >>> texts("prov", "en")["title"]
    'Provenance'
    """
    from ..labels import check_lang

    lang = check_lang(lang)
    n = len(prefix) + 1
    return {k[n:]: v[lang] for k, v in _text().items() if k.startswith(prefix + "_")}


def heading(text: str, level: int = 2):
    """A Markdown heading (shown as a heading in the report and its table of contents).

    >>> heading("Điểm bị mất", 3).data
    '### Điểm bị mất'
    """
    from IPython.display import Markdown

    return Markdown("#" * level + " " + text.replace("\n", " "))


def finding(text: str):
    """One finding sentence, shown under its heading (text, escaped).

    >>> finding("rank 5 < 6").data
    '<p class="dti-finding">rank 5 &lt; 6</p>'
    """
    from IPython.display import HTML

    return HTML(f'<p class="dti-finding">{html.escape(text)}</p>')

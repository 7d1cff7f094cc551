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



def _text() -> dict[str, dict[str, str]]:
    from ..i18n import section

    return section("report")


def say(key: str, lang: str = "vi", **values) -> str:
    """The sentence ``key`` in ``lang`` with ``values`` filled in.

    >>> say("plan", "vi", target=5), say("plan", "en", target=5)
    ('Kế hoạch cải thiện để đạt hạng 5', 'Improvement plan to reach rank 5')
    """
    from ..i18n import entry, text

    if entry("report", key) is None:
        raise KeyError(f"no report sentence {key!r}")
    return text("report", key, lang, **values)


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
    >>> heading("<img src=x onerror=alert(1)> *Xã A*", 1).data
    '# &lt;img src=x onerror=alert\\\\(1\\\\)&gt; \\\\*Xã A\\\\*'
    """
    import re

    from IPython.display import Markdown

    # a unit's or a criterion's name typed by a user is text, never markup: HTML escaped,
    # Markdown's own punctuation backslash-escaped
    safe = re.sub(r"([\\`*_{}\[\]()#+!|~])", r"\\\1", html.escape(text.replace("\n", " "), quote=False))
    return Markdown("#" * level + " " + safe)


def finding(text: str):
    """One finding sentence, shown under its heading (text, escaped).

    >>> finding("rank 5 < 6").data
    '<p class="dti-finding">rank 5 &lt; 6</p>'
    """
    from IPython.display import HTML

    return HTML(f'<p class="dti-finding">{html.escape(text)}</p>')

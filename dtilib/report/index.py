"""``index.html`` and ``index.en.html``: self-contained pages linking the reports in an output folder.

One language per page: ``index.html`` lists the Vietnamese reports in Vietnamese,
``index.en.html`` (written when English reports exist) the English ones in
English, and each links to the other. Within a kind, reports are listed in
Vietnamese alphabetical order of their titles (:func:`dtilib.text.sort_key_vi`).
Built from the sidecar files (``<stem>.json``) that a successful render writes
last, so it lists exactly the complete reports — rendered in this run or kept
from an earlier one — whichever shard made them.

>>> import json, tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "overview.html").write_text("<html></html>")
>>> _ = (d / "overview.json").write_text(json.dumps({"title": "Tổng quan", "kind": "overview",
...     "params": {"year": 2022}, "rendered_at": "2026-01-01T00:00:00Z"}))
>>> page = write_index(d, lang="vi").read_text(encoding="utf-8")
>>> 'href="overview.html"' in page and "Tổng quan" in page
True
"""
from __future__ import annotations

import html
import json
import os
from pathlib import Path
from ..text import sort_key_vi
from .text import texts

_ORDER = ["overview", "profile", "trajectories", "zeros", "units", "sheet"]
_CSS = """body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans","DejaVu Sans",Arial,sans-serif;
max-width:1000px;margin:0 auto;padding:1.5em 2em;color:#222}h1{margin-bottom:.2em}
ul.dti-reports{columns:2;list-style:none;padding:0}ul.dti-reports li{margin:.25em 0;break-inside:avoid}
small{color:#666}a{color:#0b57a4}"""


def reports_in(folder: Path) -> list[dict]:
    """The complete reports in ``folder``: sidecar data plus ``stem``, sorted by kind and title.

    A sidecar without its HTML page (an interrupted write) does not count.

    >>> import json, tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> for stem in ("profile-06-bac-kan", "overview", "half-written"):
    ...     _ = (d / f"{stem}.json").write_text(json.dumps({"title": stem, "kind": stem.split("-")[0]}))
    >>> for stem in ("profile-06-bac-kan", "overview"):
    ...     _ = (d / f"{stem}.html").write_text("<html></html>")
    >>> [m["stem"] for m in reports_in(d)]
    ['overview', 'profile-06-bac-kan']
    """
    out = []
    for side in sorted(Path(folder).glob("*.json")):
        stem = side.stem
        if not (side.with_suffix(".html")).is_file():
            continue
        try:
            meta = json.loads(side.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(meta, dict) or "title" not in meta:
            continue
        out.append({**meta, "stem": stem})
    rank = {k: i for i, k in enumerate(_ORDER)}
    return sorted(out, key=lambda m: (rank.get(m.get("kind"), 99), sort_key_vi(m["title"]), m["stem"]))


def report_lang(meta: dict) -> str:
    """The language of a report from its sidecar: its ``lang`` parameter, else its stem.

    >>> report_lang({"params": {"lang": "en"}}), report_lang({"stem": "overview.en"}), report_lang({"stem": "overview"})
    ('en', 'en', 'vi')
    """
    lang = (meta.get("params") or {}).get("lang")
    if lang in ("vi", "en"):
        return lang
    return "en" if str(meta.get("stem", "")).endswith(".en") else "vi"


PAGES = {"vi": "index.html", "en": "index.en.html"}


def write_index(folder: str | os.PathLike, lang: str = "vi") -> Path:
    """Write the index pages of ``folder`` (through temporary files); return the ``lang`` page's path.

    ``index.html`` always (the Vietnamese reports), ``index.en.html`` when English
    reports exist; ``lang`` only picks which path is returned, so rendering one
    English report never turns ``index.html`` English. A folder of English
    reports only gets the English page as ``index.html`` too. Nothing is written
    when a page would not change.

    >>> import json, tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> p = write_index(d, lang="en")
    >>> p.name, "0 báo cáo" in p.read_text(encoding="utf-8"), write_index(d).stat().st_mtime_ns == p.stat().st_mtime_ns
    ('index.html', True, True)
    >>> for stem, title, lg in (("overview", "Tổng quan", "vi"), ("overview.en", "Overview", "en")):
    ...     _ = (d / f"{stem}.html").write_text("<html></html>")
    ...     _ = (d / f"{stem}.json").write_text(json.dumps({"title": title, "kind": "overview",
    ...         "params": {"year": 2022, "lang": lg}}))
    >>> en = write_index(d, lang="en")
    >>> en.name, 'href="index.html"' in en.read_text(encoding="utf-8"), 'href="index.en.html"' in p.read_text(encoding="utf-8")
    ('index.en.html', True, True)
    """
    folder = Path(folder)
    from ..i18n import check_lang

    lang = check_lang(lang)
    items = reports_in(folder)
    by_lang = {lg: [m for m in items if report_lang(m) == lg] for lg in PAGES}
    pages = ["vi"] + (["en"] if by_lang["en"] else [])
    stale = folder / PAGES["en"]
    if "en" not in pages and stale.is_file():
        stale.unlink()
    if by_lang["en"] and not by_lang["vi"]:
        # English reports only: index.html (the page a folder opens on) is the English page too
        en = _write_page(folder, "en", by_lang["en"], [])
        _write_page(folder, "en", by_lang["en"], [], name=PAGES["vi"])
        return en if lang == "en" else folder / PAGES["vi"]
    written = {lg: _write_page(folder, lg, by_lang[lg], [o for o in pages if o != lg]) for lg in pages}
    return written.get(lang, written["vi"])


def _write_page(folder: Path, lang: str, items: list[dict], others: list[str], name: str | None = None) -> Path:
    t = texts("index", lang)
    esc = html.escape
    year = next((m.get("params", {}).get("year") for m in items if m.get("params", {}).get("year")), None)
    title = t["title"] + (f" {year}" if year else "")
    links = " · ".join(f'<a href="{PAGES[o]}" hreflang="{o}" lang="{o}">{esc(texts("index", o)["this_lang"])}</a>'
                       for o in others)
    parts = [f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
             f'<meta name="viewport" content="width=device-width, initial-scale=1">'
             f"<title>{esc(title)}</title><style>{_CSS}</style></head><body>",
             f"<h1>{esc(title)}</h1><p><small>{esc(t['count'].format(n=len(items)))}"
             + (f" · {links}" if links else "") + "</small></p>"]
    groups: dict[str, list[dict]] = {}
    for m in items:
        groups.setdefault(m.get("kind") if m.get("kind") in _ORDER else "other", []).append(m)
    for kind in _ORDER + ["other"]:
        if kind not in groups:
            continue
        parts.append(f"<h2>{esc(t[kind])}</h2><ul class=\"dti-reports\">")
        for m in groups[kind]:
            href = esc(m["stem"] + ".html", quote=True)
            nb = esc(m["stem"] + ".ipynb", quote=True)
            when = esc(str(m.get("rendered_at", "")).replace("T", " ").replace("Z", " UTC"))
            parts.append(f'<li><a href="{href}">{esc(m["title"])}</a> '
                         f'<small>(<a href="{nb}">{esc(t["ipynb"])}</a>; {esc(t["rendered"])} {when})</small></li>')
        parts.append("</ul>")
    parts.append("</body></html>")
    path = folder / (name or PAGES[lang])
    text = "".join(parts)
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return path  # unchanged: a run that skipped everything rewrites nothing
    tmp = folder / f".{path.name}.{os.getpid()}.tmp"
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return path

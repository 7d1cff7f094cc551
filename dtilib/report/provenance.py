"""Where a report's numbers come from: data files with checksums, versions, parameters, time.

Every rendered report ends with :func:`footer` and, when any input is
synthetic, starts with :func:`banner` (the "illustrative data" mark). The same
checksums feed the runner's incremental fingerprints (:func:`data_digest`), so
"the data changed" means exactly "a file listed in the footer changed".

Input files are the bundled published data (``data/raw/*``, or ``$DTILIB_RAW``),
the package's data files (``dtilib/data/*``) and the framework definitions
(``dtilib/frameworks/*.yaml``).

>>> files = data_files()
>>> any(p.name == "dti_results.csv" for p in files) and any(p.name == "labels.yaml" for p in files)
True
>>> len(sha256(files[0]))
64
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import html
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from .. import paths
from ..datasets import raw_dir
from ..files import sha256
from ..labels import is_synthetic
from .text import texts

PACKAGE = Path(__file__).resolve().parents[1]
ROOT = paths.project_root() or PACKAGE.parent  # file names are shown relative to this


def data_files() -> list[Path]:
    """Every input data file a report may read, sorted: raw data, package data, frameworks.

    >>> [p.parent.name for p in data_files()][:1], "dti_provincial_922.yaml" in [p.name for p in data_files()]
    (['raw'], True)
    """
    out: list[Path] = []
    for folder, pattern in ((raw_dir().expanduser().resolve(), "*"), (PACKAGE / "data", "*"), (PACKAGE / "frameworks", "*.yaml")):
        if folder.is_dir():
            out += sorted(p for p in folder.glob(pattern) if p.is_file() and not p.name.startswith("."))
    return out


def _bases() -> tuple[str, ...]:
    """The folders a file's shown path is relative to: the project, the workspace, raw/'s parent."""
    ws = paths.workspace()
    return (str(ROOT), *([str(ws)] if ws else []), str(raw_dir().expanduser().resolve().parent))


def _display_path(p: Path, bases: tuple[str, ...] | None = None) -> str:
    return _relative(str(p), bases or _bases())


@lru_cache(maxsize=1024)
def _relative(p: str, bases: tuple[str, ...]) -> str:
    # resolved once per file and set of bases: every page's footer lists the same ~30 files
    for base in bases:
        try:
            return Path(p).resolve().relative_to(base).as_posix()
        except ValueError:
            continue
    return p


def checksums() -> list[dict[str, str]]:
    """``[{"file": "data/raw/dti_results.csv", "sha256": "…"}, …]`` for :func:`data_files`.

    >>> rows = checksums()
    >>> "data/raw/dti_results.csv" in [r["file"] for r in rows], all(len(r["sha256"]) == 64 for r in rows)
    (True, True)
    """
    bases = _bases()
    return [{"file": _display_path(p, bases), "sha256": sha256(p)} for p in data_files()]


def data_digest() -> str:
    """One SHA-256 over every input file's name and checksum (part of each fingerprint).

    >>> data_digest() == data_digest() and len(data_digest()) == 64
    True
    """
    h = hashlib.sha256()
    for row in checksums():
        h.update(f"{row['file']}\0{row['sha256']}\n".encode())
    return h.hexdigest()


@lru_cache(maxsize=1)
def code_version() -> str:
    """dtilib's version plus a digest of its Python sources and templates.

    A development checkout keeps the same version number while the code
    changes; the digest makes a report re-render when the code that drew it did.
    The command-line front end and the interactive explorer are left out: they
    never run inside a report.

    >>> code_version().startswith("0.")
    True
    """
    from .. import __version__

    h = hashlib.sha256()
    skip = {"commands", "__pycache__"}
    for p in sorted(PACKAGE.rglob("*")):
        rel = p.relative_to(PACKAGE)
        if rel.parts[0] in skip or rel.name in {"cli.py", "explorer.py"} or "__pycache__" in rel.parts:
            continue
        if p.is_file() and p.suffix in {".py", ".j2", ".css", ".json"}:
            h.update(p.relative_to(PACKAGE).as_posix().encode() + b"\0" + p.read_bytes())
    return f"{__version__}+{h.hexdigest()[:12]}"


class _Html:
    """A bit of HTML that Jupyter displays as HTML (and prints as text elsewhere)."""

    def __init__(self, html_text: str, text: str):
        self._html, self._text = html_text, text

    def _repr_html_(self) -> str:
        return self._html

    def __repr__(self) -> str:
        return self._text


def _mark(lang: str) -> str:
    from ..labels import SYNTHETIC_MARK, check_lang

    return SYNTHETIC_MARK[check_lang(lang)]


def banner(*frames: Any, lang: str = "vi", synthetic: bool | None = None) -> _Html:
    """The visible "illustrative data" mark, shown when any input table is synthetic.

    Empty when nothing is synthetic, so a notebook can call it unconditionally.

    >>> import pandas as pd
    >>> banner(pd.DataFrame({"synthetic": [True]}), lang="en")
    Illustrative data — not official
    >>> banner(pd.DataFrame({"synthetic": [False]}), lang="en")
    <BLANKLINE>
    """
    syn = is_synthetic(*frames) if synthetic is None else synthetic
    if not syn:
        return _Html("", "")
    mark = _mark(lang)
    note = texts("prov", lang)["synthetic_note"]
    return _Html(f'<div class="dti-synthetic" role="note"><strong>⚠ {html.escape(mark)}</strong>'
                 f"<br><small>{html.escape(note)}</small></div>", mark)


def footer(*frames: Any, params: dict | None = None, lang: str = "vi",
           framework: Any = None, synthetic: bool | None = None,
           now: _dt.datetime | None = None) -> _Html:
    """The provenance footer: data files and SHA-256, framework, dtilib version, parameters, time.

    ``frames`` are the tables (or the :class:`~dtilib.dataset.Dataset`) the report
    used; when any has ``synthetic == True`` (or ``synthetic=True`` is given) the
    footer carries the illustrative-data mark. The framework is the dataset's
    (or ``framework``: a Framework, a bundled id or a file); a user's own data
    files are listed first with their checksums.

    >>> f = footer(params={"province": "Lạng Sơn", "year": 2022}, lang="en", synthetic=True)
    >>> text = f._repr_html_()
    >>> "data/raw/dti_results.csv" in text, "Illustrative data" in text, "Lạng Sơn" in text
    (True, True, True)
    """
    from ..labels import check_lang

    check_lang(lang)
    t = texts("prov", lang)
    from ..dataset import dataset_of
    from ..frameworks import Framework, load
    from ..scoring import framework_of

    datasets = [d for d in (dataset_of(f) for f in frames) if d is not None]
    tables = [f for f in frames if not hasattr(f, "provenance")]
    syn = (is_synthetic(*tables) or any(d.synthetic for d in datasets)) if synthetic is None else synthetic
    when = (now or _dt.datetime.now(_dt.timezone.utc)).strftime("%Y-%m-%d %H:%M UTC")
    fw_text = ""
    fw = framework if isinstance(framework, Framework) else (load(framework) if framework else None)
    if fw is None:
        fw = next((framework_of(f) for f in frames if framework_of(f) is not None), None)
    own_files = [(p, h) for d in datasets for p, h in d.provenance.files]
    if fw is not None:
        meta = fw.meta
        fw_text = " · ".join(str(x) for x in (meta.get("id"), meta.get(f"name_{lang}"),
                                               meta.get("decision")) if x)
    esc = html.escape
    rows = "".join(f"<tr><td>{esc(Path(p).name)}</td><td><code>{esc(h)}</code></td></tr>" for p, h in own_files)
    fw_path = Path(str(fw.meta.get("path", ""))) if fw is not None else None
    if own_files and fw_path is not None and fw_path.is_file():  # the user's own framework file
        rows += f"<tr><td>{esc(fw_path.name)}</td><td><code>{sha256(fw_path)}</code></td></tr>"
    if not own_files:  # the bundled data: every file a report may read
        rows += "".join(f"<tr><td>{esc(r['file'])}</td><td><code>{r['sha256']}</code></td></tr>"
                        for r in checksums())
    params_text = json.dumps(params or {}, ensure_ascii=False, sort_keys=True, default=str)
    parts = ['<footer class="dti-provenance">', f"<h2>{esc(t['title'])}</h2>"]
    if syn:
        parts.append(f'<p class="dti-synthetic"><strong>⚠ {esc(_mark(lang))}</strong> — '
                     f"{esc(t['synthetic_note'])}</p>")
    parts.append("<ul>")
    if fw_text:
        parts.append(f"<li>{esc(t['framework'])}: {esc(fw_text)}</li>")
    parts.append(f"<li>{esc(t['version'])}: <code>{esc(code_version())}</code></li>")
    parts.append(f"<li>{esc(t['params'])}: <code>{esc(params_text)}</code></li>")
    parts.append(f"<li>{esc(t['time'])}: {esc(when)}</li></ul>")
    parts.append(f"<table><thead><tr><th>{esc(t['file'])}</th><th>sha256</th></tr></thead>"
                 f"<tbody>{rows}</tbody></table></footer>")
    text = f"{t['title']}: dtilib {code_version()}, {params_text}, {when}" + (
        f" — {_mark(lang)}" if syn else "")
    return _Html("".join(parts), text)

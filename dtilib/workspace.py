"""A workspace of one's own: ``dti init FOLDER`` lays out an analysis folder.

The layout follows cookiecutter-data-science::

    FOLDER/
    ├── dtilib-workspace.toml   marker: dtilib.paths.workspace() finds it walking up from the cwd
    ├── README.md               what goes where, and the commands
    ├── Makefile                make reports / report-quiet / lab / validate
    ├── .gitignore              reports/ and data/processed/ are rebuilt, not kept
    ├── data/raw/README.md      the user's working sheets and points files go here
    ├── data/processed/         derived tables
    ├── notebooks/00_…04_*.ipynb  the suite's notebooks, numbered starting points to edit
    └── reports/                rendered reports

Inside it ``dti report`` and ``dti lab`` use the workspace's notebooks first
(:mod:`dtilib.paths`). Nothing existing is overwritten: when any file the
layout would write is already there, nothing is written at all.

>>> import tempfile
>>> ws = Path(tempfile.mkdtemp()) / "ws"
>>> written = create(ws)
>>> sorted(p.relative_to(ws).as_posix() for p in written)[:4]
['.gitignore', 'Makefile', 'README.md', 'data/processed/.gitkeep']
>>> from dtilib import paths
>>> paths.workspace(ws / "notebooks") == ws.resolve()
True
"""
from __future__ import annotations

import datetime as _dt
import os
import string
from importlib import resources
from pathlib import Path

from .errors import DtiError

# template file in dtilib/templates/workspace -> (path in the workspace, fill in $name/$version/$created)
TEMPLATES = {
    "dtilib-workspace.toml": ("dtilib-workspace.toml", True),
    "README.md": ("README.md", True),
    "Makefile": ("Makefile", False),
    "gitignore": (".gitignore", False),
    "data_raw_README.md": ("data/raw/README.md", False),
}
KEEP = ("data/processed/.gitkeep", "reports/.gitkeep")


def _template(name: str) -> str:
    return resources.files("dtilib").joinpath("templates", "workspace", name).read_text(encoding="utf-8")


def layout(folder: str | os.PathLike) -> dict[Path, bytes]:
    """Every file ``dti init`` writes into ``folder``, with its content (nothing written yet).

    >>> files = layout("ws")
    >>> Path("ws/notebooks/02_province_profile.ipynb") in files, Path("ws/data/raw/README.md") in files
    (True, True)
    """
    from . import __version__, paths

    folder = Path(folder)
    fill = {"name": folder.resolve().name or "workspace", "version": __version__,
            "created": _dt.date.today().isoformat()}
    out: dict[Path, bytes] = {}
    for name, (dest, templated) in TEMPLATES.items():
        text = _template(name)
        if templated:
            text = string.Template(text).safe_substitute(fill)
        out[folder / dest] = text.encode("utf-8")
    for rel in KEEP:
        out[folder / rel] = b""
    for nb in sorted(paths.package_notebooks().glob("*.ipynb")):
        out[folder / "notebooks" / nb.name] = nb.read_bytes()
    return out


def create(folder: str | os.PathLike) -> list[Path]:
    """Lay out a workspace in ``folder`` (created if needed); return the files written.

    Refuses, writing nothing, when ``folder`` is a file or any file it would write exists.

    >>> import tempfile
    >>> ws = Path(tempfile.mkdtemp())
    >>> _ = create(ws)
    >>> create(ws)
    Traceback (most recent call last):
    ...
    dtilib.errors.DtiError: ...: already has dtilib-workspace.toml, README.md, Makefile, ... (... files); nothing was written — choose an empty or new folder
    """
    folder = Path(folder).expanduser()
    if folder.exists() and not folder.is_dir():
        raise DtiError(f"{folder}: exists and is not a folder")
    files = layout(folder)
    clash = [p for p in files if p.exists() or p.is_symlink()]
    if clash:
        names = [p.relative_to(folder).as_posix() for p in clash]
        shown = ", ".join(names[:3]) + (", ..." if len(names) > 3 else "")
        raise DtiError(f"{folder}: already has {shown} ({len(names)} files); nothing was written "
                       "— choose an empty or new folder")
    for path, data in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "xb") as fh:  # never replaces a file that appeared meanwhile
            fh.write(data)
    return list(files)

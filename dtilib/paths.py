"""The one locator: where the report notebooks, the published data and a workspace are.

Three places can hold the suite's notebooks (``notebooks/``) and the bundled
published figures (``data/raw/``), tried in this order:

1. **the workspace**: a folder laid out by ``dti init`` (it holds the marker file
   ``dtilib-workspace.toml``), found by walking up from the current folder;
2. **the checkout**: the repository folder holding ``pyproject.toml`` and
   ``dtilib/`` (a clone, or an editable install), the one source of truth;
3. **the package**: ``dtilib/_bundle/`` inside an installed wheel.

Why a copy at build time rather than moving the files into the package: the
checkout keeps the cookiecutter layout (``notebooks/`` and ``data/raw/`` at the
top, ``data/raw`` never rewritten by code) and stays the only copy in the
repository. ``setup.py`` copies ``notebooks/*.ipynb`` and ``data/raw/*`` into
``dtilib/_bundle/notebooks`` and ``dtilib/_bundle/raw`` of the built wheel
(``MANIFEST.in`` carries them in the sdist); nothing is copied for an editable
install, which finds the checkout instead. A setuptools package-dir mapping
would do the same for wheels, but maps a sub-package of ``dtilib`` onto a
folder outside it, which editable installs handle poorly.

Environment overrides, checked first: ``DTILIB_RAW`` (published data folder),
``DTILIB_NOTEBOOKS`` (notebooks folder), ``DTILIB_WORKSPACE`` (workspace folder).

>>> (raw_dir() / "dti_results.csv").is_file(), (notebooks_dir() / "01_overview.ipynb").is_file()
(True, True)
>>> origin(raw_dir()) in {"checkout", "package", "workspace", "DTILIB_RAW"}
True
"""
from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from .errors import DtiError

MARKER = "dtilib-workspace.toml"
PUBLISHED_MARK = "dti_results.csv"  # a folder holds the published tables when it has this file
REPORT_MARK = "01_overview.ipynb"   # a folder holds the report notebooks when it has this file
PACKAGE = Path(__file__).resolve().parent


def bundle() -> Path:
    """The package's own copy of the notebooks and published data (``dtilib/_bundle``).

    Present in an installed wheel; absent (and not needed) in a checkout.

    >>> bundle().name
    '_bundle'
    """
    return Path(str(resources.files("dtilib").joinpath("_bundle")))


def project_root() -> Path | None:
    """The repository checkout dtilib runs from (``pyproject.toml`` + ``dtilib/``), or None.

    >>> root = project_root()
    >>> root is None or (root / "pyproject.toml").is_file()
    True
    """
    root = PACKAGE.parent
    if (root / "pyproject.toml").is_file() and (root / "dtilib" / "__init__.py").is_file():
        return root
    return None


def workspace(start: str | os.PathLike | None = None) -> Path | None:
    """The ``dti init`` workspace holding ``start`` (default: the current folder), or None.

    ``$DTILIB_WORKSPACE`` names one explicitly; otherwise the nearest folder at
    or above ``start`` that holds ``dtilib-workspace.toml``.

    >>> import tempfile
    >>> ws = Path(tempfile.mkdtemp())
    >>> _ = (ws / MARKER).write_text("")
    >>> (ws / "notebooks").mkdir()
    >>> workspace(ws / "notebooks") == ws.resolve(), workspace(tempfile.gettempdir()) is None
    (True, True)
    """
    env = os.environ.get("DTILIB_WORKSPACE")
    if env and start is None:
        d = Path(env).expanduser()
        if not (d / MARKER).is_file():
            raise DtiError(f"DTILIB_WORKSPACE={env}: no {MARKER} there (make one with: dti init FOLDER)")
        return d.resolve()
    here = Path(start if start is not None else Path.cwd()).expanduser().resolve()
    for d in (here, *here.parents):
        if (d / MARKER).is_file():
            return d
    return None


def _candidates(sub: tuple[str, ...], bundled: str) -> list[tuple[Path, str]]:
    out: list[tuple[Path, str]] = []
    ws = workspace()
    if ws is not None:
        out.append((ws.joinpath(*sub), "workspace"))
    root = project_root()
    if root is not None:
        out.append((root.joinpath(*sub), "checkout"))
    out.append((bundle() / bundled, "package"))
    return out


def raw_dir() -> Path:
    """The folder holding the published CSV files (``dti_results.csv``, ``SOURCES.md``, …).

    ``$DTILIB_RAW``; else the workspace's ``data/raw`` when it holds the
    published tables (a user who placed updated copies there); else the
    checkout's ``data/raw``; else the package's bundled copy.

    >>> (raw_dir() / "SOURCES.md").is_file()
    True
    """
    env = os.environ.get("DTILIB_RAW")
    if env:
        return Path(env).expanduser()
    for d, _ in _candidates(("data", "raw"), "raw"):
        if (d / PUBLISHED_MARK).is_file():
            return d.resolve()
    raise DtiError("the published data (data/raw) were not found in this workspace, the dtilib "
                   "checkout or the installed package; set DTILIB_RAW to the folder holding them")


def notebooks_dir(explicit: str | os.PathLike | None = None) -> Path:
    """The folder with the report notebooks (``01_overview.ipynb`` …).

    ``explicit`` (``--notebooks-dir``); else ``$DTILIB_NOTEBOOKS``; else the
    workspace's ``notebooks/`` when it holds the report notebooks; else the
    checkout's; else the package's bundled copy.

    >>> (notebooks_dir() / "02_province_profile.ipynb").is_file()
    True
    >>> notebooks_dir("no/such/folder")
    Traceback (most recent call last):
    ...
    dtilib.errors.DtiError: no such folder: no/such/folder
    """
    given = explicit or os.environ.get("DTILIB_NOTEBOOKS")
    if given:
        d = Path(given).expanduser()
        if not d.is_dir():
            raise DtiError(f"no such folder: {d}")
        return d.resolve()
    for d, _ in _candidates(("notebooks",), "notebooks"):
        if (d / REPORT_MARK).is_file():
            return d.resolve()
    raise DtiError("the report notebooks were not found in this workspace, the dtilib checkout or "
                   "the installed package; use --notebooks-dir FOLDER (or make a workspace: dti init FOLDER)")


def processed_dir() -> Path:
    """Where ``dti build`` writes derived tables by default: ``data/processed`` of the workspace,
    else of the checkout, else of the current folder (never inside the installed package).

    >>> processed_dir().parts[-2:]
    ('data', 'processed')
    """
    for base in (workspace(), project_root(), Path.cwd()):
        if base is not None:
            return base / "data" / "processed"
    return Path("data") / "processed"  # pragma: no cover - cwd is always a folder


def reports_dir() -> Path:
    """Where ``dti report`` writes by default: the workspace's ``reports/``, else ``./reports``.

    >>> reports_dir() == Path("reports") or reports_dir().name == "reports"
    True
    """
    ws = workspace()
    return ws / "reports" if ws is not None else Path("reports")


def package_notebooks() -> Path:
    """The suite's own notebooks (checkout, else package), ignoring any workspace: what ``dti init`` copies.

    >>> (package_notebooks() / "00_explore.ipynb").is_file()
    True
    """
    for d, where in _candidates(("notebooks",), "notebooks"):
        if where != "workspace" and (d / REPORT_MARK).is_file():
            return d.resolve()
    raise DtiError("the suite's notebooks are missing from this dtilib installation; reinstall dtilib")


def origin(path: str | os.PathLike) -> str:
    """Where ``path`` lies: ``"workspace"``, ``"checkout"``, ``"package"``, or ``"elsewhere"``.

    ``"DTILIB_RAW"`` / ``"DTILIB_NOTEBOOKS"`` when that variable names it.

    >>> origin(bundle() / "raw")
    'package'
    >>> origin("/")
    'elsewhere'
    """
    p = Path(path).expanduser().resolve()
    for var in ("DTILIB_RAW", "DTILIB_NOTEBOOKS"):
        if os.environ.get(var) and Path(os.environ[var]).expanduser().resolve() == p:
            return var
    ws = workspace()
    places = [(bundle().resolve(), "package"), (ws, "workspace"), (project_root(), "checkout")]
    for base, name in places:
        if base is not None and (p == base or base in p.parents):
            return name
    return "elsewhere"


def describe(notebooks: str | os.PathLike | None = None) -> str:
    """One line naming the notebooks and published data a command uses, and where they come from.

    ``notebooks`` is an explicit notebooks folder (``--notebooks-dir``).

    >>> describe().startswith("using notebooks ")
    True
    """
    nb, raw = notebooks_dir(notebooks), raw_dir()
    return f"using notebooks {nb} ({_said(origin(nb))}), published data {raw} ({_said(origin(raw))})"


def _said(where: str) -> str:
    return {"workspace": "this workspace's", "checkout": "the dtilib checkout's",
            "package": "the installed package's"}.get(where, where)

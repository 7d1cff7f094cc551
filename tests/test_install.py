"""dtilib installs like a library: sdist and wheel build, and the wheel works from an empty folder.

Builds the sdist and, from it, the wheel (``python -m build``), installs the wheel
into a fresh virtual environment (no system site-packages, no PYTHONPATH, no
checkout in sight) and, in an empty folder outside the checkout, runs what a new
user would: ``dti --version``, ``dti report --provinces "Bắc Kạn" --out r``,
``dti init ws`` and ``dti report`` inside ``ws``. Each must exit 0 and write
self-contained HTML.

The dependencies' wheels are cached in ``$TMPDIR/dtilib-wheelhouse-<hash>``
(keyed by pyproject.toml), so only the first run downloads them; without the
cache and without a reachable package index the test is skipped, saying why.
"""
from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

TIMEOUT = 900


def _sh(cmd, cwd=None, env=None, timeout=TIMEOUT) -> subprocess.CompletedProcess:
    done = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)
    assert done.returncode == 0, f"{' '.join(map(str, cmd))} → {done.returncode}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


def _index_reachable() -> bool:
    import socket

    try:
        with socket.create_connection(("pypi.org", 443), timeout=5):
            return True
    except OSError:
        return False


def _clean_env(venv: Path) -> dict[str, str]:
    """The environment of a user who has just installed the wheel: nothing of the checkout."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PYTHON", "DTILIB_", "VIRTUAL_ENV", "JUPYTER", "PIP_REQUIRE"))}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(venv)
    env["MPLBACKEND"] = "Agg"
    return env


@pytest.fixture(scope="module")
def dist(root, tmp_path_factory) -> Path:
    pytest.importorskip("build", reason="the 'build' package (pip install -e '.[test]') builds the sdist and wheel")
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(root)], cwd=root,
                          capture_output=True, text=True, timeout=TIMEOUT)
    if done.returncode != 0 and not _index_reachable():
        pytest.skip("no package index reachable: python -m build cannot fetch setuptools for its "
                    "isolated build environment")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return out


@pytest.fixture(scope="module")
def venv(dist, root, tmp_path_factory) -> Path:
    wheel = next(dist.glob("dtilib-*.whl"))
    key = hashlib.sha256((root / "pyproject.toml").read_bytes()).hexdigest()[:12]
    house = Path(tempfile.gettempdir()) / f"dtilib-wheelhouse-{key}"
    if not (house / ".complete").is_file():
        if not _index_reachable():
            pytest.skip(f"no package index reachable and no cached wheels in {house}: "
                        "cannot install the wheel's dependencies")
        import shutil

        shutil.rmtree(house, ignore_errors=True)  # an incomplete cache from an interrupted run
        staging = house.with_name(f"{house.name}.{os.getpid()}.tmp")
        _sh([sys.executable, "-m", "pip", "download", "--quiet", "--dest", staging, wheel])
        for p in staging.glob("dtilib-*.whl"):
            p.unlink()  # keep the dependencies only
        (staging / ".complete").write_text(key)
        try:
            os.rename(staging, house)  # whole or not at all: a concurrent run may have won
        except OSError:
            shutil.rmtree(staging, ignore_errors=True)
    v = tmp_path_factory.mktemp("venv") / "v"
    _sh([sys.executable, "-m", "venv", v])  # fresh: no --system-site-packages
    assert "include-system-site-packages = false" in (v / "pyvenv.cfg").read_text()
    _sh([v / "bin" / "python", "-m", "pip", "install", "--quiet", "--no-compile", "--no-index",
         "--find-links", house, wheel], env=_clean_env(v))
    return v


def _self_contained(page: str) -> None:
    from dtilib.report.html import external_references

    assert external_references(page) == []
    refs = re.findall(r"""(?:src|href)\s*=\s*["']([^"']*)""", page)
    assert not [r for r in refs if r.strip().lower().startswith(("http:", "https:", "//"))]
    assert re.search(r'<img[^>]+src="data:image/png;base64,', page)


def test_sdist_carries_notebooks_and_data(dist, root):
    import tarfile

    sdist = next(dist.glob("dtilib-*.tar.gz"))
    with tarfile.open(sdist) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    for p in [*(root / "notebooks").glob("*.ipynb"), *(root / "data" / "raw").iterdir()]:
        assert p.relative_to(root).as_posix() in names
    assert "setup.py" in names and not any(n.startswith(("reports/", "data/processed/")) and
                                           not n.endswith("README.md") for n in names)


def test_wheel_carries_notebooks_and_data(dist, root):
    import zipfile

    wheel = next(dist.glob("dtilib-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for p in (root / "notebooks").glob("*.ipynb"):
        assert f"dtilib/_bundle/notebooks/{p.name}" in names
    for p in (root / "data" / "raw").iterdir():
        assert f"dtilib/_bundle/raw/{p.name}" in names
    assert "dtilib/templates/workspace/Makefile" in names


def test_installed_wheel_renders_from_an_empty_folder(venv, tmp_path, root):
    import dtilib

    empty = tmp_path / "empty"
    empty.mkdir()
    env = _clean_env(venv)
    dti = venv / "bin" / "dti"
    assert root not in empty.parents
    version = _sh([dti, "--version"], cwd=empty, env=env)
    assert version.stdout.strip() == f"dtilib {dtilib.__version__}"
    where = _sh([venv / "bin" / "python", "-c", "import dtilib; print(dtilib.__file__)"], cwd=empty, env=env)
    assert str(venv) in where.stdout and str(root) not in where.stdout

    # 1. outside any workspace: the package's own notebooks and published data
    done = _sh([dti, "report", "--provinces", "Bắc Kạn", "--out", "r", "--no-progress"], cwd=empty, env=env)
    assert "(the installed package's)" in done.stdout.splitlines()[0]
    assert "rendered 4, skipped 0 (unchanged), failed 0" in done.stdout  # + the DTI and ICT trajectories
    for stem in ("overview", "profile-06-bac-kan", "trajectories-dti", "trajectories-ict"):
        page = (empty / "r" / f"{stem}.html").read_text(encoding="utf-8")
        _self_contained(page)
        assert "dtilib/_bundle/raw/dti_results.csv" in page  # provenance names the bundled copy
    assert "Bắc Kạn" in (empty / "r" / "profile-06-bac-kan.html").read_text(encoding="utf-8")
    assert (empty / "r" / "index.html").is_file()

    # 2. a workspace: its notebooks come first
    _sh([dti, "init", "ws"], cwd=empty, env=env)
    ws = empty / "ws"
    assert (ws / "dtilib-workspace.toml").is_file() and (ws / "notebooks" / "01_overview.ipynb").is_file()
    again = subprocess.run([str(dti), "init", "ws"], cwd=empty, env=env, capture_output=True, text=True)
    assert again.returncode == 1 and "nothing was written" in again.stderr
    done = _sh([dti, "report", "--provinces", "Lạng Sơn", "--no-progress"], cwd=ws, env=env)
    assert f"using notebooks {ws.resolve() / 'notebooks'} (this workspace's)" in done.stdout
    assert "failed 0" in done.stdout
    for stem in ("overview", "profile-20-lang-son"):
        _self_contained((ws / "reports" / "2022" / f"{stem}.html").read_text(encoding="utf-8"))

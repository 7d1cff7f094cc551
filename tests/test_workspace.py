"""``dti init`` and the one locator (dtilib.paths): workspace first, then checkout, then package."""
from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path

import pytest

from dtilib import paths
from dtilib.cli import main
from dtilib.errors import DtiError
from dtilib.report import plan as rplan

REPORT_NOTEBOOKS = ["01_overview.ipynb", "02_province_profile.ipynb", "03_rank_trajectories.ipynb",
                    "04_zero_indicators.ipynb"]


@pytest.fixture(autouse=True)
def _no_overrides(monkeypatch):
    for var in ("DTILIB_RAW", "DTILIB_NOTEBOOKS", "DTILIB_WORKSPACE"):
        monkeypatch.delenv(var, raising=False)


def _run(*argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def ws(tmp_path) -> Path:
    code, out, err = _run("init", str(tmp_path / "ws"))
    assert code == 0, err
    assert "00_explore.ipynb" in out and "dti report" in out
    return tmp_path / "ws"


def test_init_lays_out_a_workspace(ws, root):
    assert (ws / paths.MARKER).is_file()
    for rel in ("README.md", "Makefile", ".gitignore", "data/raw/README.md", "data/processed",
                "reports"):
        assert (ws / rel).exists(), rel
    names = sorted(p.name for p in (ws / "notebooks").glob("*.ipynb"))
    assert names == sorted(p.name for p in (root / "notebooks").glob("*.ipynb"))
    for name in names:  # copies of the suite's notebooks, byte for byte
        assert (ws / "notebooks" / name).read_bytes() == (root / "notebooks" / name).read_bytes()
    readme = (ws / "data/raw/README.md").read_text(encoding="utf-8")
    assert "points files" in readme and "dti validate" in readme
    top = (ws / "README.md").read_text(encoding="utf-8")
    assert "dti report" in top and "dti lab" in top and "$version" not in top
    make = (ws / "Makefile").read_text(encoding="utf-8")
    assert "\treport --" not in make and "$(DTI) report" in make and "$(DTI) lab" in make


def test_init_never_overwrites(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "README.md").write_text("my notes", encoding="utf-8")
    code, out, err = _run("init", str(folder))
    assert code == 1 and out == ""
    assert err.startswith(f"error: {folder}: already has README.md (1 files); nothing was written")
    assert "Traceback" not in err
    assert sorted(p.name for p in folder.iterdir()) == ["README.md"]
    assert (folder / "README.md").read_text(encoding="utf-8") == "my notes"
    (tmp_path / "afile").write_text("x")
    code, _, err = _run("init", str(tmp_path / "afile"))
    assert code == 1 and "is not a folder" in err


def test_init_into_an_unrelated_nonempty_folder_keeps_its_files(tmp_path):
    (tmp_path / "notes.txt").write_text("keep me")
    assert _run("init", str(tmp_path))[0] == 0
    assert (tmp_path / "notes.txt").read_text() == "keep me"
    assert (tmp_path / paths.MARKER).is_file()


def test_workspace_is_found_walking_up(ws, monkeypatch):
    monkeypatch.chdir(ws / "data" / "raw")
    assert paths.workspace() == ws.resolve()
    monkeypatch.chdir(ws.parent)
    assert paths.workspace() is None


def test_inside_a_workspace_its_notebooks_come_first(ws, monkeypatch, root):
    monkeypatch.chdir(ws / "notebooks")
    assert paths.notebooks_dir() == (ws / "notebooks").resolve()
    assert paths.origin(paths.notebooks_dir()) == "workspace"
    reps = rplan.plan(2022, provinces=["Bắc Kạn"], kinds="profile")
    assert reps[0].notebook == (ws / "notebooks" / "02_province_profile.ipynb").resolve()
    # the workspace's data/raw holds the user's sheets, not the published tables: those come
    # from the checkout (or, installed, from the package)
    assert paths.raw_dir() != (ws / "data" / "raw").resolve()
    assert (paths.raw_dir() / "dti_results.csv").is_file()
    line = paths.describe()
    assert f"using notebooks {(ws / 'notebooks').resolve()} (this workspace's)" in line
    assert "published data" in line


def test_published_copies_in_the_workspace_are_used(ws, monkeypatch, root):
    for p in (root / "data" / "raw").iterdir():
        shutil.copy(p, ws / "data" / "raw" / p.name)
    monkeypatch.chdir(ws)
    assert paths.raw_dir() == (ws / "data" / "raw").resolve()
    from dtilib import datasets

    assert datasets.raw_dir() == paths.raw_dir()
    assert "published data " + str((ws / "data" / "raw").resolve()) + " (this workspace's)" in paths.describe()


def test_a_workspace_without_report_notebooks_falls_back(ws, monkeypatch, root):
    for name in REPORT_NOTEBOOKS:
        (ws / "notebooks" / name).unlink()
    monkeypatch.chdir(ws)
    assert paths.notebooks_dir() == (root / "notebooks").resolve()
    assert paths.origin(paths.notebooks_dir()) == "checkout"


def test_environment_overrides(ws, tmp_path, monkeypatch):
    monkeypatch.setenv("DTILIB_NOTEBOOKS", str(ws / "notebooks"))
    assert paths.notebooks_dir() == (ws / "notebooks").resolve()
    assert paths.notebooks_dir(tmp_path) == tmp_path.resolve()  # --notebooks-dir wins
    monkeypatch.setenv("DTILIB_RAW", str(tmp_path))
    assert paths.raw_dir() == tmp_path and paths.origin(tmp_path) == "DTILIB_RAW"
    monkeypatch.setenv("DTILIB_WORKSPACE", str(ws))
    assert paths.workspace() == ws.resolve()
    monkeypatch.setenv("DTILIB_WORKSPACE", str(tmp_path / "nowhere"))
    with pytest.raises(DtiError, match="no dtilib-workspace.toml there"):
        paths.workspace()


def test_checkout_is_the_source_of_truth(root, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    assert paths.project_root() == root
    assert paths.raw_dir() == (root / "data" / "raw").resolve()
    assert paths.notebooks_dir() == (root / "notebooks").resolve()
    assert paths.package_notebooks() == (root / "notebooks").resolve()


def test_one_locator(root):
    """Every module finds notebooks and data through dtilib.paths, none on its own."""
    offenders = []
    for p in sorted((root / "dtilib").rglob("*.py")):
        if p.name == "paths.py":
            continue
        text = p.read_text(encoding="utf-8")
        if 'Path(__file__).resolve().parents[2] / "notebooks"' in text or '"data" / "raw"' in text:
            offenders.append(p.relative_to(root).as_posix())
    assert offenders == []


def test_version_has_one_source(root):
    import dtilib

    text = (root / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in text and 'version = {attr = "dtilib.__version__"}' in text
    with pytest.raises(SystemExit) as exc, contextlib.redirect_stdout(io.StringIO()) as out:
        main(["--version"])
    assert exc.value.code == 0 and out.getvalue().strip() == f"dtilib {dtilib.__version__}"


def test_reports_use_a_kernel_of_this_python_even_when_python3_is_another(tmp_path, monkeypatch):
    """A user-level ``python3`` kernel of another environment must not run the reports."""
    import json
    import sys

    from dtilib.report import kernelspec

    other = tmp_path / "jp" / "kernels" / "python3"
    other.mkdir(parents=True)
    (other / "kernel.json").write_text(json.dumps({
        "argv": ["/opt/elsewhere/bin/python3", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (elsewhere)", "language": "python"}), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jp"))
    assert kernelspec.kernel_argv("python3")[0] == "/opt/elsewhere/bin/python3"
    name = kernelspec.report_kernel()
    assert name != "python3"
    assert kernelspec.kernel_argv(name)[0] == sys.executable
    import os

    assert os.environ["JUPYTER_PATH"].split(os.pathsep)[1] == str(tmp_path / "jp")
    assert kernelspec.report_kernel() == name  # idempotent: JUPYTER_PATH not extended twice
    assert os.environ["JUPYTER_PATH"].count(os.pathsep) == 1


def test_reports_go_to_the_workspace_from_any_subfolder(ws, monkeypatch, tmp_path):
    monkeypatch.chdir(ws / "notebooks")
    assert paths.reports_dir() == ws.resolve() / "reports"
    code, out, err = _run("report", "--provinces", "Bắc Kạn", "--list")
    assert code == 0 and "profile-06-bac-kan" in out
    monkeypatch.chdir(tmp_path)
    assert paths.reports_dir() == Path("reports")

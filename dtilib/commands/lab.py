"""``dti lab``: open JupyterLab on notebooks/ with the project's kernel registered.

The notebooks are the workspace's (``dti init``) when run inside one, else the
checkout's, else the installed package's (:func:`dtilib.paths.notebooks_dir`);
the first line printed says which.

The environment that runs ``dti`` is registered once as the Jupyter kernel
``dtilib`` ("Python (dtilib)") with ``python -m ipykernel install --sys-prefix``,
so notebooks always run with this environment's dtilib, whatever other
Python kernels the machine has. Then JupyterLab starts on ``notebooks/`` with
``dtilib`` as the default kernel, opening on the explorer (``00_explore.ipynb``):
from a fresh clone, ``make lab`` is all it takes.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

KERNEL_NAME = "dtilib"
KERNEL_DISPLAY = "Python (dtilib)"
START_NOTEBOOK = "00_explore.ipynb"


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("lab", help="open JupyterLab on notebooks/ (mở JupyterLab để khám phá dữ liệu)",
                       description="Start JupyterLab in the project's notebooks/ folder with this "
                                   "environment registered as the 'dtilib' kernel.")
    p.add_argument("--no-browser", action="store_true", help="do not open a web browser")
    p.add_argument("--port", type=int, default=None,
                   help="port to listen on (default: JupyterLab's, 8888 or the next free one)")
    p.add_argument("--dir", default=None,
                   help="folder to open (default: the workspace's notebooks/, else the suite's)")
    p.add_argument("--notebook", default=START_NOTEBOOK,
                   help=f"notebook to open first, inside the folder (default: {START_NOTEBOOK} when present)")
    p.add_argument("--points", default=None, metavar="FILE|DIR",
                   help="explore your own data: writes explore-<name>.ipynb (the explorer with this data "
                        "as its parameter) into the current folder and opens it")
    p.add_argument("--framework", default=None, metavar="FW",
                   help="framework of --points: a bundled id or a YAML/CSV file")
    p.set_defaults(func=run)


def explorer_for(points: str, framework: str | None, folder: Path, out_dir: Path) -> Path:
    """Write the explorer notebook with ``points`` (and ``framework``) as its data parameters
    into ``out_dir``; return its path. The data are checked first, so a bad file stops here.

    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> _ = (d / "f.yaml").write_text('id: f\\nmax_points: 10\\nindicators:\\n  - {code: "A", name_vi: "Hạ tầng", '
    ...     'name_en: "Infrastructure", max_points: 10}\\n', encoding="utf-8")
    >>> _ = (d / "x.csv").write_text("Đơn vị,Năm,Mã chỉ số,Điểm\\nXã A,2025,A,5\\n", encoding="utf-8")
    >>> nb = explorer_for(str(d / "x.csv"), str(d / "f.yaml"), notebooks_dir(), d)
    >>> nb.name, "x.csv" in nb.read_text(encoding="utf-8")
    ('explore-x.ipynb', True)
    """
    import nbformat
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    from ..dataset import open_dataset
    from ..errors import DtiError
    from ..report.plan import slug

    src = folder / START_NOTEBOOK
    if not src.is_file():
        raise DtiError(f"no explorer notebook {src}")
    data = Path(points).expanduser().resolve()
    fw = str(Path(framework).expanduser().resolve()) if framework and Path(framework).is_file() else framework
    ds = open_dataset(data, fw)  # ValidationError names file, row and column
    params = {"data": str(data), "framework": fw, "year": max(ds.years), "provinces": None, "peers": "national"}
    nb = parameterize_notebook(load_notebook_node(str(src)), params)
    out = out_dir / f"explore-{slug(data.stem) or 'data'}.ipynb"
    nbformat.write(nb, out)
    return out


def notebooks_dir(explicit: str | None = None) -> Path:
    """The folder JupyterLab opens: ``explicit``, else the workspace's, checkout's or package's notebooks/.

    See :func:`dtilib.paths.notebooks_dir`.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> notebooks_dir(str(folder)) == folder.resolve()
    True
    >>> notebooks_dir(str(folder / "nope"))
    Traceback (most recent call last):
    ...
    dtilib.errors.DtiError: no such folder: ...nope
    """
    from .. import paths

    return paths.notebooks_dir(explicit)


def kernel_installed(python: str | None = None) -> bool:
    """True when the ``dtilib`` kernel exists and runs ``python`` (default: this interpreter).

    >>> isinstance(kernel_installed(), bool)
    True
    """
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        spec = KernelSpecManager().get_kernel_spec(KERNEL_NAME)
    except NoSuchKernel:
        return False
    exe = spec.argv[0] if spec.argv else ""
    want = Path(python or sys.executable)
    try:
        return Path(exe).resolve() == want.resolve() or Path(exe) == want
    except OSError:
        return False


def ensure_kernel() -> Path:
    """Register this environment as the ``dtilib`` kernel if it is not; return the spec folder.

    Runs ``python -m ipykernel install --sys-prefix --name dtilib``, so the
    spec lives inside the environment (``.venv/share/jupyter/kernels/dtilib``).
    Safe to call again: an existing registration for this interpreter is kept.

    >>> spec = ensure_kernel()
    >>> spec.name, kernel_installed()
    ('dtilib', True)
    """
    import subprocess

    from jupyter_client.kernelspec import KernelSpecManager

    from ..errors import DtiError

    if not kernel_installed():
        cmd = [sys.executable, "-m", "ipykernel", "install", "--sys-prefix",
               "--name", KERNEL_NAME, "--display-name", KERNEL_DISPLAY]
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode != 0:
            raise DtiError("could not register the dtilib kernel: "
                           + (done.stderr.strip().splitlines() or ["ipykernel failed"])[-1])
    return Path(KernelSpecManager().find_kernel_specs()[KERNEL_NAME])


def lab_command(folder: Path, port: int | None = None, browser: bool = True,
                notebook: str | None = None) -> list[str]:
    """The JupyterLab command line ``dti lab`` runs; ``notebook`` (inside ``folder``) opens first.

    >>> cmd = lab_command(Path("notebooks"), port=8890, browser=False, notebook="00_explore.ipynb")
    >>> cmd[1:3], "--port=8890" in cmd, "--no-browser" in cmd
    (['-m', 'jupyterlab'], True, True)
    >>> [c for c in cmd if "default_url" in c]
    ['--LabApp.default_url=/lab/tree/00_explore.ipynb']
    """
    cmd = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={folder}",
           f"--MappingKernelManager.default_kernel_name={KERNEL_NAME}"]
    if notebook:
        from urllib.parse import quote

        cmd.append(f"--LabApp.default_url=/lab/tree/{quote(notebook)}")
    if port is not None:
        cmd += [f"--port={port}", "--ServerApp.port_retries=0"]
    if not browser:
        cmd.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")  # containers often run as root; JupyterLab refuses without it
    return cmd


def run(args: argparse.Namespace) -> int:
    import importlib.util

    from ..errors import DtiError

    if importlib.util.find_spec("jupyterlab") is None:
        raise DtiError("JupyterLab is not installed in this environment; "
                       "install it with: pip install -e '.[lab]' (or run make lab)")
    if args.port is not None and not 0 < args.port < 65536:
        raise DtiError(f"--port must be between 1 and 65535, got {args.port}")
    folder = notebooks_dir(args.dir)
    if getattr(args, "points", None):
        nb = explorer_for(args.points, args.framework, folder, Path.cwd())
        print(f"explorer on {args.points} → {nb}", flush=True)
        folder, args.notebook = nb.parent, nb.name
    elif getattr(args, "framework", None):
        raise DtiError("--framework applies to your own --points data")
    spec = ensure_kernel()
    argv0 = json.loads((spec / "kernel.json").read_text(encoding="utf-8"))["argv"][0]
    print(f"kernel {KERNEL_NAME!r} ({KERNEL_DISPLAY}) → {argv0}", flush=True)
    from .. import paths

    print(paths.describe(folder), flush=True)
    if paths.origin(folder) == "package":
        print("(these are the installed package's notebooks; for copies of your own to edit, "
              "run: dti init FOLDER, then dti lab inside it)", flush=True)
    print(f"opening JupyterLab in {folder} (Ctrl-C to stop)", flush=True)
    notebook = getattr(args, "notebook", None)
    if notebook and not (folder / notebook).is_file():
        if notebook != START_NOTEBOOK:
            raise DtiError(f"no notebook {notebook!r} in {folder}")
        notebook = None  # another folder without the explorer: open the folder itself
    cmd = lab_command(folder, args.port, browser=not args.no_browser, notebook=notebook)
    if os.name == "posix":
        os.execv(cmd[0], cmd)  # JupyterLab takes over this process (signals go straight to it)
    import subprocess

    return subprocess.call(cmd)

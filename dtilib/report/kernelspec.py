"""Which Jupyter kernel runs the reports: one that runs *this* Python, where dtilib is.

``python3`` is the default: in a virtual environment with ipykernel its spec
says ``python``, which jupyter_client maps to the running interpreter. But a
``python3`` spec found earlier on the Jupyter path (one registered with
``ipykernel install --user`` from another environment, say) names another
interpreter, where dtilib may be missing or older. Then the reports run on a
spec made here for this interpreter, in a folder of its own put first on
``JUPYTER_PATH`` (inherited by the worker processes). No ``make`` step, no
``ipykernel install`` needed: an installed wheel works as is.

>>> spec = kernel_argv(report_kernel())
>>> runs_this_python(spec)
True
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path

DEFAULT = "python3"


def runs_this_python(argv: list[str]) -> bool:
    """True when a kernel spec's ``argv`` starts this interpreter.

    The bare names ``python``/``python3``/``python3.X`` are mapped to the running
    interpreter by jupyter_client; a path must be this interpreter's own path
    (not resolved: two virtual environments share one binary behind symlinks).

    >>> runs_this_python(["python", "-m", "ipykernel_launcher"]), runs_this_python([sys.executable])
    (True, True)
    >>> runs_this_python(["/opt/other/bin/python3", "-m", "ipykernel_launcher"])
    False
    """
    if not argv:
        return False
    names = {"python", f"python{sys.version_info[0]}", f"python{sys.version_info[0]}.{sys.version_info[1]}"}
    if argv[0] in names:
        return True
    return os.path.abspath(os.path.expanduser(argv[0])) == os.path.abspath(sys.executable)


def kernel_argv(name: str) -> list[str]:
    """The command line of kernel spec ``name`` (``[]`` when there is no such spec).

    >>> kernel_argv("no-such-kernel-here")
    []
    """
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        return list(KernelSpecManager().get_kernel_spec(name).argv)
    except NoSuchKernel:
        return []


def report_kernel(name: str = DEFAULT) -> str:
    """The kernel name to run reports on: ``name`` if it runs this Python, else one made for it.

    >>> report_kernel() in {"python3"} or report_kernel().startswith("dtilib-report-")
    True
    """
    if runs_this_python(kernel_argv(name)):
        return name
    return _own_spec()


def _own_spec() -> str:
    """Write a kernel spec for this interpreter and put its folder first on ``JUPYTER_PATH``."""
    digest = hashlib.sha256(sys.executable.encode()).hexdigest()[:10]
    name = f"dtilib-report-{digest}"
    uid = os.getuid() if hasattr(os, "getuid") else "user"
    base = Path(tempfile.gettempdir()) / f"dtilib-jupyter-{uid}"
    spec_dir = base / "kernels" / name
    spec_dir.mkdir(parents=True, exist_ok=True)
    spec = {"argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": f"Python (dtilib, {sys.executable})", "language": "python",
            "metadata": {"debugger": False}}
    tmp = spec_dir / f".kernel.json.{os.getpid()}"
    tmp.write_text(json.dumps(spec, indent=1), encoding="utf-8")
    os.replace(tmp, spec_dir / "kernel.json")
    paths = [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p]
    if str(base) not in paths:
        os.environ["JUPYTER_PATH"] = os.pathsep.join([str(base), *paths])
    return name

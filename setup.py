"""Build hook: ship the checkout's report notebooks and published data inside the wheel.

The repository keeps ONE copy of each, where the cookiecutter layout puts them:
``notebooks/*.ipynb`` and ``data/raw/*`` (``data/raw`` is never rewritten by code).
At build time they are copied into the built package as ``dtilib/_bundle/notebooks``
and ``dtilib/_bundle/raw``, so an installed dtilib finds them as package resources
(see ``dtilib/paths.py``). ``MANIFEST.in`` carries them in the sdist, so a wheel
built from the sdist gets them too. An editable install copies nothing: it finds
the checkout itself. Everything else about the package is in ``pyproject.toml``.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
BUNDLE = {  # folder inside dtilib/_bundle -> (source folder in the checkout, file pattern)
    "notebooks": ("notebooks", "*.ipynb"),
    "raw": ("data/raw", "*"),
}


class build_py_with_bundle(build_py):
    """``build_py`` that also copies the notebooks and published data into ``dtilib/_bundle``."""

    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        for sub, (src, pattern) in BUNDLE.items():
            files = sorted(p for p in (HERE / src).glob(pattern)
                           if p.is_file() and not p.name.startswith("."))
            if not files:
                raise SystemExit(f"setup.py: nothing to bundle in {src}/ ({pattern})")
            dest = Path(self.build_lib) / "dtilib" / "_bundle" / sub
            if dest.exists():
                shutil.rmtree(dest)
            dest.mkdir(parents=True)
            for p in files:
                shutil.copy2(p, dest / p.name)


setup(cmdclass={"build_py": build_py_with_bundle})

"""dtilib: analysis suite for Vietnam's provincial Digital Transformation Index.

Heavy libraries (matplotlib, seaborn, papermill) are imported lazily by the
modules that need them, so ``import dtilib`` stays fast.

>>> import dtilib
>>> dtilib.resolve("Lạng Sơn").key
'20'
"""
from __future__ import annotations

from .errors import DtiError, FrameworkError, Problem, UnknownProvinceError, ValidationError

__version__ = "0.1.0"

_LAZY = {"provinces": "provinces", "resolve": "provinces"}


def __getattr__(name: str):
    # pandas is imported on first use, so `import dtilib` (and `dti --help`) stay fast
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'dtilib' has no attribute {name!r}")

__all__ = [
    "DtiError", "FrameworkError", "Problem", "UnknownProvinceError", "ValidationError",
    "provinces", "resolve", "__version__",
]

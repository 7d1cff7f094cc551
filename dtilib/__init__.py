"""dtilib: analysis suite for Vietnam's provincial Digital Transformation Index.

Heavy libraries (matplotlib, papermill, nbconvert, python-pptx) are imported lazily by the
modules that need them, so ``import dtilib`` stays fast.

>>> import dtilib
>>> dtilib.resolve("Lạng Sơn").key
'20'
"""
from __future__ import annotations

from .errors import DtiError, FrameworkError, Problem, UnknownProvinceError, ValidationError
from .provinces import provinces, resolve

__version__ = "0.1.0"


def _notebook_display() -> None:
    """In a Jupyter kernel, show dtilib tables styled with no extra code (dtilib.table_style.auto_display)."""
    import sys

    if "ipykernel" in sys.modules:
        from .table_style import auto_display

        auto_display()


_notebook_display()

__all__ = [
    "DtiError", "FrameworkError", "Problem", "UnknownProvinceError", "ValidationError",
    "provinces", "resolve", "__version__",
]

"""Rendering the yearly reports: parameterized notebooks → executed .ipynb + self-contained HTML.

The pieces, one job each:

* :mod:`~dtilib.report.params`: which values may be passed to a notebook (data only);
* :mod:`~dtilib.report.plan`: which reports a run makes, ``--shard i/n``, fingerprints;
* :mod:`~dtilib.report.execute`: the warm-kernel papermill engine and the worker task;
* :mod:`~dtilib.report.html`: HTML without input cells, no outside requests;
* :mod:`~dtilib.report.index`: the ``index.html`` linking every report;
* :mod:`~dtilib.report.provenance`: data checksums, versions, the footer every report shows;
* :mod:`~dtilib.report.runner`: the batch (pool of warm workers, progress, summary).

Only :mod:`provenance` is imported here (notebooks call :func:`footer` and
:func:`banner`); papermill and nbconvert are imported by the modules that need them.

>>> from dtilib.report import footer
>>> "sha256" in footer(params={"year": 2022}, lang="en")._repr_html_()
True
"""
from __future__ import annotations

from .provenance import banner, footer

__all__ = ["banner", "footer"]

"""Code that runs *inside* a warm report kernel (see :mod:`dtilib.report.execute`).

``_warm`` imports what the notebooks use and fills dtilib's caches once per
kernel; ``_reset`` runs before every report so that each one starts like a
fresh kernel: empty namespace, execution count 1, no open figures, default
matplotlib settings, the kernel's starting working directory. Imported
modules and dtilib's caches (the parsed data) stay warm — that is the point.
"""
from __future__ import annotations

import gc
import importlib
import os

# modules the notebooks import; missing optional ones are skipped
WARM_MODULES = ("numpy", "pandas", "matplotlib", "matplotlib.pyplot", "matplotlib_inline.backend_inline",
                "dtilib", "dtilib.table_style", "dtilib.scoring", "dtilib.frameworks",
                "dtilib.report", "dtilib.report.text", "dtilib.datasets", "dtilib.demo", "dtilib.analysis",
                "dtilib.plots", "dtilib.findings", "dtilib.dataset", "dtilib.report.context")

_STATE: dict = {}


def _warm() -> list[str]:
    """Import the notebooks' modules and load the bundled data; return the modules imported."""
    done = []
    for name in WARM_MODULES:
        try:
            importlib.import_module(name)
            done.append(name)
        except Exception:  # an optional helper module missing or broken: the notebook will say so
            pass
    for fn in ("dtilib.demo:scores", "dtilib.demo:points", "dtilib.demo:framework",
               "dtilib.datasets:dti_results", "dtilib.datasets:ict_results",
               "dtilib.report.text:_text", "dtilib.labels:_labels", "dtilib.provinces:provinces"):
        mod, attr = fn.split(":")
        try:
            getattr(importlib.import_module(mod), attr)()
        except Exception:
            pass
    try:
        from dtilib.dataset import Dataset

        Dataset.demo()
    except Exception:
        pass
    import matplotlib

    _STATE["rc"] = matplotlib.rcParams.copy()
    _STATE["cwd"] = os.getcwd()
    lean_flush()
    tune_gc()
    return done


def lean_flush(streams=None) -> list:
    """Let the kernel's stdout/stderr skip a flush when nothing was written since the last.

    ipykernel flushes both streams before every ``display()`` and at the end of
    every cell, and each flush hands a task to its I/O thread and waits for it
    to come back, even with nothing to send: a profile page's 40 displays and
    13 cells made some 140 such round trips, about 80 ms of every report spent
    waiting. A stream with nothing buffered has nothing to send ahead of the
    display, so its order on the wire is kept. Streams that are not
    ipykernel's (or a version without its ``_flush_pending`` flag) are left as
    they are. Returns the streams changed.

    >>> lean_flush()  # a plain Python process: sys.stdout is not a kernel stream
    []
    """
    import sys

    changed = []
    for stream in streams if streams is not None else (sys.stdout, sys.stderr):
        flush = getattr(stream, "flush", None)
        if not hasattr(stream, "_flush_pending") or getattr(flush, "_dti_lean", False):
            continue

        def lean(stream=stream, flush=flush):
            # write() sets _flush_pending until the I/O thread has taken the text (ipykernel.iostream)
            if stream._flush_pending or getattr(stream, "_subprocess_flush_pending", False):
                flush()

        lean._dti_lean = True
        stream.flush = lean
        changed.append(stream)
    return changed


def tune_gc() -> None:
    """Set the cyclic garbage collector for a long-lived batch process.

    The modules and data loaded at start-up live as long as the process: frozen
    out of the collector's sight, a full collection walks one report's objects,
    not all of pandas and matplotlib (~200,000 objects). And a report allocates
    hundreds of thousands of short-lived objects (every artist of every chart):
    with the default threshold (a collection every 700 allocations) the
    collector ran some 70 times per report; every 50,000 it runs a few times,
    for about a sixth less time per report (``benchmarks/bench_report.py``).
    Cycles are still collected, a report's worth at a time.

    >>> before = gc.get_threshold()
    >>> tune_gc(); gc.get_threshold()[0]
    50000
    >>> gc.unfreeze(); gc.set_threshold(*before)
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)


def _reset() -> None:
    """Give the next report a clean kernel: namespace, counters, figures, settings, cwd."""
    import matplotlib
    import matplotlib.pyplot as plt

    ip = get_ipython()  # noqa: F821 (defined inside an IPython kernel)
    # like ip.reset(), without its full gc.collect() (~0.2 s with pandas and matplotlib loaded)
    ns, hidden = ip.user_ns, ip.user_ns_hidden
    for name in [k for k in ns if k not in hidden]:
        del ns[name]
    ns.get("Out", {}).clear()
    if isinstance(ns.get("In"), list):
        del ns["In"][1:]
    ip.execution_count = 1
    plt.close("all")
    if "rc" in _STATE:
        with __import__("warnings").catch_warnings():
            __import__("warnings").simplefilter("ignore")
            matplotlib.rcParams.update(_STATE["rc"])
    if "cwd" in _STATE:
        os.chdir(_STATE["cwd"])

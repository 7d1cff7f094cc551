"""Speed never changes a result: a profile rendered after another report of the batch (its
year's tables kept, its charts' fields kept) is the profile rendered from nothing.

The batch shares work between the reports of one warm kernel: the year's tables
(``Dataset.memo``: figures index, a year's rows, post-2025 totals) and the charts'
fields (``dtilib.plots.layers``). This runs the profile notebook's cells in one
IPython shell, as a warm report kernel does, and compares every output.
"""
from __future__ import annotations

import base64
import hashlib

import matplotlib
import nbformat
import pytest

pytestmark = pytest.mark.slow  # three notebook runs in-process, some seconds each


@pytest.fixture(scope="module")
def shell():
    from IPython.core.interactiveshell import InteractiveShell

    matplotlib.use("module://matplotlib_inline.backend_inline")
    from matplotlib_inline.backend_inline import configure_inline_support

    sh = InteractiveShell.instance()
    configure_inline_support(sh, "inline")
    yield sh
    InteractiveShell.clear_instance()  # the rest of the suite runs outside IPython again
    matplotlib.use("Agg")


def _render(shell, province: str) -> list[tuple[str, str]]:
    """Every rich output of the profile notebook for ``province``: (mime type, content), PNGs as digests."""
    import matplotlib.pyplot as plt
    from IPython.utils.capture import capture_output

    from dtilib.report.params import injected_source

    plt.close("all")  # as a report kernel's reset does: figures other tests left open are not shown
    from dtilib.report.plan import notebooks_dir

    nb = nbformat.read(notebooks_dir() / "02_province_profile.ipynb", as_version=4)
    cells = [c.source for c in nb.cells if c.cell_type == "code"]
    src = [cells[0], injected_source({"province": province, "year": 2022, "lang": "vi"})] + cells[1:]
    with capture_output() as cap:
        for s in src:
            res = shell.run_cell(s, store_history=False)
            assert res.success, res.error_in_exec
    for name in [k for k in shell.user_ns if k not in shell.user_ns_hidden]:
        del shell.user_ns[name]
    out = []
    for o in cap.outputs:
        for mime in ("text/html", "image/png"):
            if mime in o.data:
                v = o.data[mime]
                if mime == "image/png":
                    v = hashlib.sha256(base64.b64decode(v) if isinstance(v, str) else v).hexdigest()
                out.append((mime, v))
    return out


def _forget(ds) -> None:
    """Drop everything a batch shares: the dataset's kept tables and the kept chart fields."""
    from dtilib.plots import layers

    ds.__dict__.pop("_memo", None)
    layers._FIELDS.clear()


def test_a_profile_after_another_report_is_the_profile_from_nothing(shell):
    from dtilib.dataset import Dataset
    from dtilib.plots import layers

    ds = Dataset.demo()
    _forget(ds)
    alone = _render(shell, "Bắc Kạn")  # nothing shared yet: every table and field made for it
    _forget(ds)
    _render(shell, "Lạng Sơn")  # the batch's previous report fills the shared work
    hits = layers.cache_info()["hits"]
    after = _render(shell, "Bắc Kạn")
    assert layers.cache_info()["hits"] >= hits + 3  # it did take kept fields (bump chart, tile map, ...)
    assert "_memo" in ds.__dict__ and any(k[0] == "year_rows" for k in ds.__dict__["_memo"] if isinstance(k, tuple))
    assert [m for m, _ in after].count("image/png") == 5
    assert len(after) == len(alone)
    for (m1, a), (m2, b) in zip(alone, after):
        assert m1 == m2
        assert a == b, f"{m1} output differs with shared work"

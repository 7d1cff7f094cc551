"""notebooks/00_explore.ipynb executes headless (defaults → static view) and takes papermill parameters."""
from __future__ import annotations

import re

import nbformat
import pytest

from dtilib.labels import SYNTHETIC_MARK

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::RuntimeWarning")

WIDGET = "application/vnd.jupyter.widget-view+json"


def _outputs(nb) -> list[dict]:
    return [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]


def _cell(nb, cell_id: str):
    return next(c for c in nb.cells if c.get("id") == cell_id)


def _explorer_html(nb) -> str:
    bundles = [o["data"] for o in _outputs(nb) if WIDGET in o.get("data", {})]
    assert len(bundles) == 1, "the explorer cell shows one live widget"
    return bundles[0]["text/html"]


def test_notebook_is_committed_clean(root):
    nb = nbformat.read(root / "notebooks" / "00_explore.ipynb", as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "dtilib"
    assert [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])], "papermill parameters cell"
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), "committed without outputs"


@pytest.mark.e2e
def test_defaults_render_a_static_view(root):
    from nbclient import NotebookClient

    nb = nbformat.read(root / "notebooks" / "00_explore.ipynb", as_version=4)
    NotebookClient(nb, kernel_name="dtilib", timeout=180,
                   resources={"metadata": {"path": str(root / "notebooks")}}).execute()
    assert not [o for o in _outputs(nb) if o["output_type"] == "error"]
    html = _explorer_html(nb)
    assert "DTI 2022: Bắc Kạn" in html and "Tổng quan" in html
    assert SYNTHETIC_MARK["vi"] in html
    png = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', html)
    assert png and len(png[0]) > 10_000                      # the chart is embedded, not linked
    assert ">394.13*<" in html and "▼ 12" in html             # Bắc Kạn 2022: 394.13 points, down 12 places
    movers = _cell(nb, "movers-code").outputs[0]["data"]["text/html"]
    # a plain engine DataFrame, styled with no extra code (import dtilib in a kernel turns it on)
    assert "Thay đổi thứ hạng / Rank change" in movers and "▲ 34" in movers and "▼ 23" in movers
    assert SYNTHETIC_MARK["vi"] in movers


@pytest.mark.e2e
def test_papermill_parameters(root, tmp_path):
    import papermill as pm

    out = tmp_path / "explore.ipynb"
    pm.execute_notebook(str(root / "notebooks" / "00_explore.ipynb"), str(out), kernel_name="dtilib",
                        parameters={"provinces": ["Lang Son", "Quảng Ninh"], "year": 2021, "lang": "en",
                                    "peers": "national"},
                        cwd=str(root / "notebooks"), progress_bar=False)
    nb = nbformat.read(out, as_version=4)
    html = _explorer_html(nb)
    assert "DTI 2021: Lang Son, Quang Ninh — compared with All 63 provinces" in html
    assert SYNTHETIC_MARK["en"] in html and "Overview" in html
    comparison = _cell(nb, "comparison").outputs[0]["data"]["text/html"]
    assert "Lang Son" in comparison and ">34<" in comparison          # ranked among the 34 new units

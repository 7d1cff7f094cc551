"""The PNG a report page shows is the canvas matplotlib drew, pixel for pixel.

dtilib writes the inline PNG itself (dtilib.plots.png) instead of through
Pillow, for speed; these tests hold it to the pixels and to the PNG format any
reader (here Pillow) decodes.
"""
from __future__ import annotations

import io
from binascii import a2b_base64

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PIL import Image  # noqa: E402

from dtilib import plots  # noqa: E402
from dtilib.dataset import Dataset  # noqa: E402
from dtilib.plots import png  # noqa: E402


def _decode(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


@pytest.mark.parametrize("shape", [(1, 1, 4), (7, 13, 4), (5, 3, 3), (585, 1040, 4)])
def test_encode_round_trips_every_pixel(shape):
    rgba = np.random.default_rng(0).integers(0, 256, size=shape, dtype=np.uint8)
    im = _decode(png.encode(rgba, dpi=78))
    assert im.mode == ("RGBA" if shape[2] == 4 else "RGB")
    assert np.array_equal(np.asarray(im), rgba)
    assert round(im.info["dpi"][0]) == 78


def test_encode_refuses_what_is_not_an_image():
    with pytest.raises(ValueError, match="uint8"):
        png.encode(np.zeros((4, 4, 4), float))
    with pytest.raises(ValueError, match="height, width"):
        png.encode(np.zeros((4, 4), np.uint8))


def _savefig_pixels(fig) -> np.ndarray:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=fig.dpi, bbox_inches=None)
    return np.asarray(_decode(buf.getvalue()))


@pytest.mark.parametrize("chart", ["heatmap", "bump", "waterfall"])
def test_figure_png_is_what_savefig_draws(chart):
    s = Dataset.demo().scores
    ax = {"heatmap": lambda: plots.component_heatmap(s, unit="20", lang="vi"),
          "bump": lambda: plots.rank_trajectories(s, highlight=["20"], lang="vi"),
          "waterfall": lambda: plots.change_waterfall(s, "20", 2021, 2022, lang="vi")}[chart]()
    fig = ax.figure
    try:
        ours = np.asarray(_decode(png.figure_png(fig)))
        assert ours.shape == (585, 1040, 4)  # the screen size: 13.33 x 7.5 in at 78 dpi
        assert np.array_equal(ours, _savefig_pixels(fig))
    finally:
        plt.close(fig)


@pytest.fixture
def shell():
    from IPython.core.interactiveshell import InteractiveShell

    matplotlib.use("module://matplotlib_inline.backend_inline")
    from matplotlib_inline.backend_inline import configure_inline_support

    sh = InteractiveShell.instance()
    configure_inline_support(sh, "inline")
    yield sh
    InteractiveShell.clear_instance()
    matplotlib.use("Agg")


def test_jupyter_shows_house_charts_through_this_encoder(shell):
    plots.apply_style()
    fig, ax = plt.subplots()
    ax.plot([0, 1, 2], [2, 0, 1])
    try:
        data, _ = shell.display_formatter.format(fig)
        shown = a2b_base64(data["image/png"])
        assert shown.startswith(png.SIGNATURE)
        assert b"Software" not in shown  # written here: matplotlib's Pillow path names itself
        assert np.array_equal(np.asarray(_decode(shown)), _savefig_pixels(fig))
    finally:
        plt.close(fig)
    empty = plt.figure()
    try:
        assert "image/png" not in shell.display_formatter.format(empty)[0]  # nothing drawn: no image
    finally:
        plt.close(empty)

"""The chart set of one province-year, exported as PNG, SVG and a PowerPoint deck.

``export(unit, year, out)`` draws the review-meeting charts of :mod:`dtilib.plots`
for one province and year, writes each as PNG (300 dpi) and SVG, and builds a
16:9 deck (python-pptx): a title slide, one chart per slide whose title is a
one-line finding computed from the data ("Bắc Kạn 2021→2022: +74.02 points but
−12 places (51 → 63)"), and a provenance slide (data files, synthetic mark,
dtilib version, framework). Every file is written to a temporary name and
renamed, so an interrupted run never leaves a half-written file.

This module imports matplotlib and python-pptx only inside functions, so it is
cheap to import. The sentences come from :mod:`dtilib.findings`; charts the data
cannot support are left out, with the reason:

>>> from dtilib.plots._examples import example_scores
>>> charts, left = chart_plan(example_scores(), "Bắc Kạn", 2020, lang="en")
>>> charts[0].name, left["change"]
('rank_trajectories', 'no 2019 scores to compare with')
"""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable

import pandas as pd

from .errors import DtiError
from .files import atomic_write, sha256
from .analysis.peers import region_peers  # noqa: F401 - the chart set's peers; dtilib.deck.region_peers kept
from .findings import findings  # noqa: F401 - the slide titles; dtilib.deck.findings kept for callers
from .labels import SYNTHETIC_MARK, check_lang, is_synthetic, label

FORMATS = ("png", "svg", "pptx")
# order of the chart set (file names are NN_<name>.<ext>)
CHARTS = ("rank_trajectories", "change", "indicator_profile", "indicator_radar", "component_heatmap",
          "component_heatmap_region",
          "score_distribution", "tile_map", "tile_map_post2025", "rank_intervals")


def _name(key: str, lang: str, data=None) -> str:
    from .schema import unit_name

    return unit_name(key, lang, data)


@dataclass
class Chart:
    """One chart of the set: its name, the slide title, and how to draw it.

    >>> from dtilib.plots._examples import example_scores
    >>> ch = chart_set(example_scores(), "06", 2022, lang="en")[0]
    >>> ch
    Chart(name='rank_trajectories', finding='Bac Kan: rank 54 → 54 → 59 → 54 (2020–2023)')
    >>> ax = ch.draw()  # the matplotlib Axes of the chart
    >>> ax.get_title()
    'Rank over the years: Total score'
    >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
    """

    name: str
    finding: str
    draw: Callable[[], object] = field(repr=False)


def chart_plan(data, unit: str, year: int, lang: str = "vi",
               intervals: pd.DataFrame | None = None) -> tuple[list[Chart], dict[str, str]]:
    """The charts that can be drawn for one unit-year, in slide order, and the ones left
    out with the reason (in ``lang``): a chart that needs what the data lack (component
    scores, a previous year, a map of the provinces) is left out, never a failure.

    >>> from dtilib.plots._examples import example_scores
    >>> charts, left = chart_plan(example_scores(), "06", 2020, lang="en")
    >>> left["change"]
    'no 2019 scores to compare with'
    """
    from . import plots
    from .dataset import dataset_of
    from .provinces import era_of_keys
    from .schema import scores_of, unit_key

    scores = scores_of(data)
    key = unit_key(unit, scores)
    year = int(year)
    f = findings(scores, key, year, lang, intervals)
    years = sorted(scores["year"].astype(int).unique())
    ds = dataset_of(scores)
    era = ds.era if ds is not None else era_of_keys(scores["unit"].astype(str).unique())
    def region_heatmap():  # the region's peers and name, looked up once
        units, region = region_peers(scores, key, year, lang)
        return plots.component_heatmap(scores, year=year, unit=key, units=units, lang=lang,
                                       title=f"{label('chart_heatmap_units', lang).format(year=year)} — {region}")

    draws: dict[str, Callable[[], object]] = {
        "rank_trajectories": lambda: plots.rank_trajectories(scores, highlight=[key], lang=lang),
        "change": lambda: plots.change_waterfall(scores, key, year - 1, year, lang=lang),
        "indicator_profile": lambda: plots.indicator_profile(scores, key, year, lang=lang),
        "indicator_radar": lambda: plots.indicator_radar(scores, key, year, lang=lang),
        "component_heatmap": lambda: plots.component_heatmap(scores, unit=key, lang=lang)
        if len(years) > 1 else plots.component_heatmap(scores, year=year, lang=lang),
        "component_heatmap_region": lambda: region_heatmap(),
        "score_distribution": lambda: plots.score_distribution(scores, year, highlight=[key], lang=lang),
        "tile_map": lambda: plots.tile_map(scores, year=year, highlight=[key], lang=lang),
        "tile_map_post2025": lambda: plots.tile_map(_post2025(scores, year), year=year, highlight=[key],
                                                    lang=lang),
        "rank_intervals": lambda: plots.rank_intervals(intervals, highlight=[key], around=10, lang=lang,
                                                       synthetic=plots.is_synthetic(scores) or None),
    }
    registry = era in ("pre2025", "post2025")
    has_components = bool((scores["level"] == "component").any())
    n_ind = int(((scores["level"] == "indicator") & (scores["year"].astype(int) == year)
                 & (scores["unit"] == key)).sum())
    reasons = {
        "change": label("left_out_no_previous", lang).format(year=year - 1),
        "component_heatmap": label("left_out_no_components", lang),
        "component_heatmap_region": label("left_out_no_components", lang) if not has_components
        else label("left_out_no_region", lang) if registry else label("left_out_regions_provinces", lang),
        "tile_map": label("left_out_not_provinces", lang),
        "tile_map_post2025": label("left_out_not_pre2025", lang) if registry
        else label("left_out_not_provinces", lang),
        "rank_intervals": label("left_out_no_intervals", lang),
        "indicator_profile": label("left_out_no_indicators", lang),
        "indicator_radar": label("left_out_no_indicators", lang) if not n_ind
        else label("left_out_radar_few", lang),
    }
    if "indicator_radar" in f and n_ind < 3:
        del f["indicator_radar"]  # a radar of one or two spokes says nothing
    charts = [Chart(n, f[n], draws[n]) for n in CHARTS if n in f]
    left = {n: reasons.get(n, label("left_out_no_data", lang)) for n in CHARTS if n not in f}
    return charts, left


def chart_set(data, unit: str, year: int, lang: str = "vi",
              intervals: pd.DataFrame | None = None) -> list[Chart]:
    """The charts of one unit-year, in slide order, each with its finding (:func:`chart_plan`).

    Without rank intervals that chart is left out:

    >>> from dtilib.plots._examples import example_scores
    >>> [c.name for c in chart_set(example_scores(), "Bắc Kạn", 2022, lang="en")]  # doctest: +NORMALIZE_WHITESPACE
    ['rank_trajectories', 'change', 'indicator_profile', 'indicator_radar', 'component_heatmap',
     'component_heatmap_region', 'score_distribution', 'tile_map', 'tile_map_post2025']
    """
    return chart_plan(data, unit, year, lang, intervals)[0]


def _post2025(scores: pd.DataFrame, year: int) -> pd.DataFrame:
    from .scoring import reaggregate

    return reaggregate(scores[scores["year"].astype(int) == int(year)])


def _formats(formats: Iterable[str] | str) -> list[str]:
    if isinstance(formats, str):
        formats = [f.strip() for f in formats.split(",") if f.strip()]
    fm = [f.lower().lstrip(".") for f in formats]
    bad = [f for f in fm if f not in FORMATS]
    if bad or not fm:
        raise DtiError(f"unknown format(s) {', '.join(bad) or '(none)'}; choose from {', '.join(FORMATS)}")
    return fm


class Written(list):
    """The paths :func:`export` wrote (a list), with ``left_out``: chart → why it was left out.

    >>> w = Written(["a.png"]); w.left_out = {"tile_map": "the map shows provinces"}
    >>> list(w), w.left_out["tile_map"]
    (['a.png'], 'the map shows provinces')
    """

    left_out: dict[str, str]


def export(unit: str, year: int, out: str | os.PathLike, lang: str = "vi",
           formats: Iterable[str] | str = FORMATS, scores=None,
           intervals: pd.DataFrame | None | bool = True, dpi: int = 300, deck_dpi: int | None = None,
           draws: int = 2000, sources: list[str] | None = None, framework=None,
           only: Iterable[str] | str | None = None) -> Written:
    """Write the chart set of ``unit`` in ``year`` to the folder ``out``; return the paths written.

    ``scores``: a :class:`~dtilib.dataset.Dataset` or a scores frame
    (``dtilib.scoring.score`` output, ranked or not); default the bundled
    illustrative set. ``intervals``: the engine's rank intervals, or True to
    compute them (``dtilib.analysis.rank_intervals`` with ``draws``), or
    False/None to skip that chart. ``sources`` names the data for the
    provenance slide (default: the dataset's own provenance). PNG at ``dpi``
    (300 by default); the deck embeds PNGs at ``deck_dpi`` (default
    ``min(dpi, 200)``). ``only`` keeps some of :data:`CHARTS` (names, or a
    comma-separated string). Charts the data cannot support are left out;
    the result's ``left_out`` says why.

    One chart as SVG (the full set with PNGs and the deck takes a few seconds):

    >>> import tempfile
    >>> from dtilib.plots._examples import example_scores
    >>> with tempfile.TemporaryDirectory() as out:
    ...     paths = export("Bắc Kạn", 2022, out, lang="en", scores=example_scores(),
    ...                    formats="svg", only="score_distribution", intervals=False)
    ...     [p.name for p in paths]
    ['07_score_distribution_06_2022_en.svg']
    """
    from .dataset import Dataset, dataset_of
    from .schema import scores_of, unit_key, with_ranks

    check_lang(lang)
    fm = _formats(formats)
    out = Path(out)
    deck_dpi = deck_dpi or min(dpi, 200)
    if isinstance(only, str):
        only = [c.strip() for c in only.split(",") if c.strip()]
    if only is not None:
        bad = sorted(set(only) - set(CHARTS))
        if bad:
            raise DtiError(f"unknown chart(s) {', '.join(bad)}; choose from {', '.join(CHARTS)}")
    if out.exists() and not out.is_dir():
        raise DtiError(f"{out}: exists and is not a folder")
    data = Dataset.demo() if scores is None else scores
    ds = dataset_of(data)
    scores = with_ranks(scores_of(data))
    if sources is None and ds is not None:
        if ds.provenance.kind == "illustrative":
            sources = demo_sources()
        else:
            sources = [ds.describe(lang)] + [file_source(p) for p, _ in ds.provenance.files]
    if framework is None:
        from .scoring import framework_of

        framework = framework_of(scores)
    key = unit_key(unit, scores)
    tot = scores[(scores["level"] == "total") & (scores["unit"] == key)]
    if int(year) not in set(tot["year"].astype(int)):
        have = sorted(int(y) for y in tot["year"].unique())
        raise DtiError(f"no total score for {_name(key, 'en', scores)} in {year}; "
                       f"years with a score: {', '.join(map(str, have)) or 'none'}")
    if only is not None and "rank_intervals" not in only:
        intervals = None
    if intervals is True:
        from .analysis import rank_intervals

        try:
            intervals = rank_intervals(scores, int(year), draws=draws, seed=0)
        except DtiError:
            intervals = None
    elif intervals is False:
        intervals = None
    charts, left = chart_plan(scores, key, year, lang, intervals)
    if only is not None:
        charts = [c for c in charts if c.name in only]
        left = {k: v for k, v in left.items() if k in only}

    import matplotlib.pyplot as plt

    written = Written()
    written.left_out = left
    slides: list[tuple[str, Path]] = []
    tmpdir = tempfile.TemporaryDirectory(prefix="dti-charts-")
    try:
        for ch in charts:
            ax = ch.draw()
            fig = ax.get_figure(root=True)
            stem = f"{CHARTS.index(ch.name) + 1:02d}_{ch.name}_{_file_key(key)}_{year}_{lang}"
            for ext in ("png", "svg"):
                if ext in fm:
                    p = out / f"{stem}.{ext}"
                    atomic_write(p, lambda t, ext=ext: fig.savefig(t, format=ext, dpi=dpi))
                    written.append(p)
            if "pptx" in fm:
                img = Path(tmpdir.name) / f"{stem}.png"
                deck_image(fig, img, deck_dpi)  # untitled, slide-sized (after the titled exports)
                slides.append((ch.finding, img))
            plt.close(fig)
        if "pptx" in fm:
            deck = out / f"dti_charts_{_file_key(key)}_{year}_{lang}.pptx"
            prov = provenance(scores, lang, sources, framework, intervals, draws)
            atomic_write(deck, lambda t: build_deck(t, key, year, lang, slides, prov,
                                                     synthetic=is_synthetic(scores), data=scores))
            written.append(deck)
    finally:
        tmpdir.cleanup()
    return written


def _index_name(data, lang: str) -> str:
    """The index's short name for the deck title: "DTI", or a user framework's own name."""
    from .scoring import framework_of

    fw = framework_of(data) if data is not None else None
    if fw is None or fw.units == "provinces":
        short = str(fw.meta.get("index", "DTI")) if fw is not None else "DTI"
        return f"Chỉ số {short}" if lang == "vi" else short
    return str(fw.meta.get(f"name_{lang}") or fw.meta.get("name_vi") or fw.id)


def _file_key(key: str) -> str:
    """A unit key fit for a file name (a user's unit "Xã Tân Phú" → "xa-tan-phu")."""
    from .provinces import era_of
    from .report.plan import slug

    return key if era_of(key) != "own" else (slug(key) or "unit")


_ROOT = Path(__file__).resolve().parent.parent


def demo_sources() -> list[str]:
    """The files behind ``dtilib.demo.scores()``, each with its checksum, for the provenance slide.

    The package's generator inputs, then the published tables in ``data/raw/``
    their facts were read from (named in ``demo_facts.csv``'s ``source_file``):

    >>> src = demo_sources()
    >>> src[0], src[1].startswith("dtilib/data/demo_facts.csv (sha256 ")
    ('dtilib.demo.scores(seed=2022)', True)
    >>> any(s.startswith("data/raw/dti_results.csv (sha256 ") for s in src)
    True
    """
    from .datasets import raw_dir

    pkg = Path(__file__).resolve().parent / "data"
    facts = pkg / "demo_facts.csv"
    out = ["dtilib.demo.scores(seed=2022)", file_source(facts), file_source(pkg / "demo_components.yaml")]
    named = pd.read_csv(facts, usecols=["source_file"], dtype=str)["source_file"].dropna()
    for f in sorted(set(named), key=lambda f: (not f.startswith("data/raw/"), f)):
        p = raw_dir() / f.removeprefix("data/raw/") if f.startswith("data/raw/") else _ROOT / f
        if p.is_file():
            out.append(file_source(p))
    return out


def file_source(path: str | os.PathLike) -> str:
    """``path (sha256 abcdef123456)`` — a data file as named on the provenance slide.

    The path is shown relative to the project folder when it lies inside it, else
    by its name; the checksum is the first 12 hex digits of its SHA-256.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = Path(d, "points.csv")
    ...     _ = p.write_text("unit,year,indicator,points\\n06,2022,1.01,0\\n", encoding="utf-8")
    ...     file_source(p)
    'points.csv (sha256 1dcccaa77b24)'
    """
    p = Path(path)
    h = sha256(p)[:12]
    try:
        shown = p.resolve().relative_to(_ROOT).as_posix()
    except ValueError:
        shown = p.name
    return f"{shown} (sha256 {h})"


def provenance(scores: pd.DataFrame, lang: str, sources: list[str] | None, framework,
               intervals: pd.DataFrame | None = None, draws: int | None = None) -> list[str]:
    """The lines of the provenance slide, one paragraph each.

    The data files with their SHA-256 (one per line), where the published figures
    come from when ``data/raw/`` is among them, the "not official" mark for
    synthetic scores, the framework with its file's checksum, the years, and the
    dtilib version and time of generation last:

    >>> from dtilib.plots._examples import example_scores
    >>> from dtilib.frameworks import default
    >>> lines = provenance(example_scores(), "en", ["points.csv (sha256 1dcccaa77b24)"], default())
    >>> lines[:3]
    ['Data files (SHA-256):', '• points.csv (sha256 1dcccaa77b24)', 'Illustrative data — not official']
    >>> lines[3].startswith("Framework: ") and "dti_provincial_922.yaml (sha256 " in lines[3]
    True
    >>> lines[4]
    'Year: 2020, 2021, 2022, 2023'
    >>> lines[-1].startswith("Generated: ") and lines[-1].endswith(" UTC")
    True
    """
    from . import __version__
    from .frameworks import Framework, load

    fw = framework if isinstance(framework, Framework) else load(framework)
    framework = fw.id
    sources = list(sources or [])
    head = f"{label('data_files', lang)} (SHA-256)"
    if sources and "sha256" not in sources[0]:  # what was computed from the files, e.g. the demo generator
        head += f" — {sources.pop(0)}"
    lines = [head + ":"] + ([f"• {s}" for s in sources] or ["• —"])
    if any("data/raw/" in s for s in sources or []):
        lines.append(label("published_sources", lang))
    if is_synthetic(scores):
        lines.append(SYNTHETIC_MARK[lang])
    fw_line = (f"{label('framework', lang)}: {fw.meta.get('name_' + lang, framework)} "
               f"({framework}; {fw.meta.get('decision', '')})").replace("; )", ")")
    fw_file = Path(str(fw.meta.get("path", "")))
    if not fw_file.is_absolute():
        fw_file = _ROOT / fw_file
    if fw_file.is_file():
        fw_line += f"; {fw_file.name} (sha256 {sha256(fw_file)[:12]})"
    lines.append(fw_line)
    years = sorted(scores["year"].astype(int).unique())
    lines.append(f"{label('year', lang)}: {', '.join(map(str, years))}")
    if intervals is not None and draws:
        lines.append(f"{label('chart_rank_intervals', lang).format(level='90%')}: "
                     f"{draws} Monte Carlo, seed 0")
    lines.append(f"{label('dtilib_version', lang)}: {__version__}")
    lines.append(f"{label('generated', lang)}: {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC")
    return lines


# ---- the deck: slide geometry in inches (16:9 widescreen), every shape placed explicitly ----
SLIDE_W, SLIDE_H = 40 / 3, 7.5
MARGIN = 0.35
TITLE_TOP, TITLE_H = 0.15, 1.15          # a chart slide's finding: one or two lines
PICTURE_TOP, PICTURE_BOTTOM = TITLE_TOP + TITLE_H + 0.05, 0.1
PICTURE_BOX = (SLIDE_W - 2 * 0.15, SLIDE_H - PICTURE_TOP - PICTURE_BOTTOM)  # width, height
MIN_PT = 18                              # nothing on a slide is smaller (read from the back of the room)
DECK_TYPE_SCALE = 1.0                    # drawn at the slide's own size, placed at 100 %: 14 pt ticks read as
                                         # 14 pt (1.2 was tried: tile-map and waterfall labels then collide)
_INSET = 0.1                             # python-pptx's default text-frame inset, each side


def _text_width_pt(text: str, size: float, bold: bool = False) -> float:
    """Width in points of one line of ``text`` in DejaVu Sans (the deck's font).

    >>> _text_width_pt("ab", 20) < _text_width_pt("ab", 20, bold=True) < _text_width_pt("abab", 20)
    True
    """
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    prop = FontProperties(family="DejaVu Sans", weight="bold" if bold else "normal", size=size)
    return TextToPath().get_text_width_height_descent(text, prop, ismath=False)[0]


def _wrap(text: str, size: float, width_pt: float, bold: bool = False) -> int:
    """How many lines ``text`` takes at ``size`` pt in a box ``width_pt`` wide (greedy word wrap).

    >>> _wrap("a short line", 20, 500), _wrap("word " * 40, 20, 500) > 2
    (1, True)
    """
    lines, cur = 1, ""
    for word in text.split():
        trial = f"{cur} {word}".strip()
        if cur and _text_width_pt(trial, size, bold) > width_pt:
            lines, cur = lines + 1, word
        else:
            cur = trial
    return lines


def fit_size(paragraphs: list[str], width_in: float, height_in: float, sizes: Iterable[float],
             bold: bool = False, max_lines: int | None = None, spacing: float = 1.2) -> float:
    """The largest of ``sizes`` (pt) at which ``paragraphs`` fit a text box of that size.

    Widths are measured in DejaVu Sans with a 6 % allowance for other renderers;
    ``max_lines`` caps the lines of each paragraph. The smallest size is returned
    when none fits (it is never below :data:`MIN_PT` in the deck).

    >>> fit_size(["Bac Kan 2022: rank 63 of 63"], 12.6, 1.1, (28, 24, 20), bold=True, max_lines=1)
    28
    >>> long = ["Bac Kan 2021→2022: +74.02 points but −12 places (51 → 63); national mean 560.40 points"]
    >>> fit_size(long, 12.6, 1.1, (28, 24, 20), bold=True, max_lines=2)  # two lines of 28 pt
    28
    >>> fit_size(long, 12.6, 1.1, (28, 24, 20), bold=True, max_lines=1)  # one line only at 20 pt
    20
    """
    width_pt = (width_in - 2 * _INSET) * 72 / 1.06
    height_pt = (height_in - 2 * 0.05) * 72
    sizes = list(sizes)
    for size in sizes:
        n = [_wrap(p, size, width_pt, bold) for p in paragraphs]
        if max_lines and max(n, default=1) > max_lines:
            continue
        if sum(n) * size * spacing <= height_pt:
            return size
    return sizes[-1]


def deck_image(fig, path: str | os.PathLike, dpi: int = 200) -> None:
    """Save ``fig`` for a chart slide: untitled (the slide's title is the finding), sized to the slide.

    The figure is resized to :data:`PICTURE_BOX`, so the picture is placed at 100 %
    and the chart's type is as large on the slide as it was drawn. Call it after
    the titled PNG/SVG exports: it changes the figure.

    >>> import tempfile, matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(); _ = ax.set_title("Component scores"); _ = fig.suptitle("DTI")
    >>> with tempfile.TemporaryDirectory() as d:
    ...     deck_image(fig, Path(d, "c.png"), dpi=20)
    ...     from PIL import Image; Image.open(Path(d, "c.png")).size == (int(PICTURE_BOX[0] * 20), int(PICTURE_BOX[1] * 20))
    True
    >>> ax.get_title(), fig.get_suptitle(); plt.close(fig)
    ('', '')
    """
    for ax in fig.axes:
        for loc in ("center", "left", "right"):
            ax.set_title("", loc=loc)
    if fig.get_suptitle():
        fig.suptitle("")
    fig.set_size_inches(PICTURE_BOX[0] / DECK_TYPE_SCALE, PICTURE_BOX[1] / DECK_TYPE_SCALE)
    fig.savefig(path, format="png", dpi=dpi * DECK_TYPE_SCALE)


def build_deck(path: Path, unit: str, year: int, lang: str, slides: list[tuple[str, Path]],
               provenance_lines: list[str], synthetic: bool = False, data=None) -> None:
    """A 16:9 deck: title slide, one picture per slide under its finding, provenance last.

    Every shape has its position and size set (nothing is left to the template's
    4:3 placeholders), the finding is the one title of its slide, shrunk to fit
    one or two lines, and no text is smaller than :data:`MIN_PT` points.

    >>> import tempfile
    >>> import matplotlib.pyplot as plt
    >>> from pptx import Presentation
    >>> with tempfile.TemporaryDirectory() as d:
    ...     fig, ax = plt.subplots(figsize=(4, 2.25))
    ...     fig.savefig(Path(d, "chart.png"), dpi=30); plt.close(fig)
    ...     build_deck(Path(d, "deck.pptx"), "06", 2022, "en", [("Bac Kan 2022: rank 63 of 63", Path(d, "chart.png"))],
    ...                ["Data files: points.csv"], synthetic=True)
    ...     deck = Presentation(str(Path(d, "deck.pptx")))
    >>> [s.shapes.title.text for s in deck.slides]
    ['Bac Kan: DTI 2022', 'Bac Kan 2022: rank 63 of 63', 'Provenance']
    >>> round(deck.slide_width / deck.slide_height, 3)  # 16:9
    1.778
    >>> all(sh.top >= 0 and sh.height > 0 for s in deck.slides for sh in s.shapes)
    True
    """
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE
    from pptx.util import Emu, Inches, Pt

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(SLIDE_W), Inches(SLIDE_H)
    font = "DejaVu Sans"
    text_w = SLIDE_W - 2 * MARGIN

    def place(shape, left, top, width, height):
        # all four at once: setting only some leaves the others 0 in the slide XML
        shape.left, shape.top, shape.width, shape.height = Inches(left), Inches(top), Inches(width), Inches(height)

    def fill(shape, paragraphs, size, bold=False, colour=None, anchor=MSO_ANCHOR.TOP, bullets=False):
        tf = shape.text_frame
        tf.word_wrap = True
        tf.auto_size = MSO_AUTO_SIZE.NONE
        tf.vertical_anchor = anchor
        tf.text = paragraphs[0]
        for p in paragraphs[1:]:
            tf.add_paragraph().text = p
        for para in tf.paragraphs:
            if not bullets:  # a placeholder's bullet and hanging indent off
                pPr = para._p.get_or_add_pPr()
                pPr.set("marL", "0")
                pPr.set("indent", "0")
                if pPr.find("{http://schemas.openxmlformats.org/drawingml/2006/main}buNone") is None:
                    pPr.insert(0, pPr.makeelement("{http://schemas.openxmlformats.org/drawingml/2006/main}buNone", {}))
            para.space_before, para.space_after, para.line_spacing = Pt(0), Pt(size * 0.15), 1.0
            for run in para.runs:
                run.font.size = Pt(size)
                run.font.bold = bold
                run.font.name = font
                if colour:
                    run.font.color.rgb = RGBColor.from_string(colour)
        return tf

    # 1. title slide: the title in the upper half, subtitle (and the synthetic mark) below it
    s = prs.slides.add_slide(prs.slide_layouts[0])
    title = label("deck_title", lang).format(province=_name(unit, lang, data), year=year, index=_index_name(data, lang))
    place(s.shapes.title, MARGIN, 1.6, text_w, 2.2)
    fill(s.shapes.title, [title], fit_size([title], text_w, 2.2, (44, 40, 36, 32, 28), bold=True, max_lines=2),
         bold=True, anchor=MSO_ANCHOR.BOTTOM)
    sub = s.placeholders[1]
    place(sub, MARGIN, 4.0, text_w, 2.0)
    lines = [label("deck_subtitle", lang)] + ([label("deck_marks", lang), SYNTHETIC_MARK[lang]] if synthetic else [])
    fill(sub, lines, fit_size(lines, text_w, 2.0, (28, 24, 20, MIN_PT)), colour="444444")
    if synthetic:
        run = sub.text_frame.paragraphs[-1].runs[0]
        run.font.color.rgb = RGBColor.from_string("B00020")
        run.font.bold = True

    # 2. one chart per slide: the finding as the only title, the picture as large as fits below it
    box_w, box_h = PICTURE_BOX
    for finding, img in slides:
        s = prs.slides.add_slide(prs.slide_layouts[5])
        t = s.shapes.title
        place(t, MARGIN, TITLE_TOP, text_w, TITLE_H)
        size = fit_size([finding], text_w, TITLE_H, (30, 28, 26, 24), bold=True, max_lines=1)
        if _wrap(finding, size, (text_w - 2 * _INSET) * 72 / 1.06, bold=True) > 1:  # two lines, then
            size = fit_size([finding], text_w, TITLE_H, (28, 26, 24, 22, 20, MIN_PT), bold=True, max_lines=2)
        fill(t, [finding], size, bold=True, anchor=MSO_ANCHOR.MIDDLE)
        pic = s.shapes.add_picture(str(img), 0, 0)
        scale = min(Inches(box_w) / pic.width, Inches(box_h) / pic.height)
        w, h = Emu(int(pic.width * scale)), Emu(int(pic.height * scale))
        pic.width, pic.height = w, h
        pic.left = Emu(int((prs.slide_width - w) / 2))
        pic.top = Emu(int(Inches(PICTURE_TOP) + (Inches(box_h) - h) / 2))

    # 3. provenance: title at the top, the sources and checksums in the body below it
    s = prs.slides.add_slide(prs.slide_layouts[1])
    place(s.shapes.title, MARGIN, 0.25, text_w, 1.0)
    fill(s.shapes.title, [label("provenance", lang)], 32, bold=True, anchor=MSO_ANCHOR.MIDDLE)
    body = s.placeholders[1]
    body_top = 1.35
    body_h = SLIDE_H - body_top - 0.25
    place(body, MARGIN, body_top, text_w, body_h)
    fill(body, provenance_lines, fit_size(provenance_lines, text_w, body_h, (22, 20, MIN_PT), spacing=1.4))
    prs.save(str(path))

"""The chart set of one province-year, exported as PNG, SVG and a PowerPoint deck.

``export(unit, year, out)`` draws the review-meeting charts of :mod:`dtilib.plots`
for one province and year, writes each as PNG (300 dpi) and SVG, and builds a
16:9 deck (python-pptx): a title slide, one chart per slide whose title is a
one-line finding computed from the data ("Bắc Kạn 2021→2022: +74.02 points but
−12 places (51 → 63)"), and a provenance slide (data files, synthetic mark,
dtilib version, framework). Every file is written to a temporary name and
renamed, so an interrupted run never leaves a half-written file.

This module imports matplotlib and python-pptx only inside functions, so it is
cheap to import; :func:`findings` needs neither.

>>> from dtilib.plots._examples import example_scores
>>> f = findings(example_scores(), "Bắc Kạn", 2022, lang="en")
>>> f["change"]
'Bac Kan 2021→2022: +0.52 points but −5 places (54 → 59)'
>>> f["rank_trajectories"]
'Bac Kan: rank 54 → 54 → 59 → 54 (2020–2023)'
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
from .labels import SYNTHETIC_MARK, check_lang, is_synthetic, label

FORMATS = ("png", "svg", "pptx")
# order of the chart set (file names are NN_<name>.<ext>)
CHARTS = ("rank_trajectories", "change", "indicator_profile", "indicator_radar", "component_heatmap",
          "component_heatmap_region",
          "score_distribution", "tile_map", "tile_map_post2025", "rank_intervals")


def _signed(x: float, fmt: str = ".2f") -> str:
    from .findings import signed

    return signed(x, fmt)


def _name(key: str, lang: str, data=None) -> str:
    from .schema import unit_name

    return unit_name(key, lang, data)


def findings(data, unit: str, year: int, lang: str = "vi",
             intervals: pd.DataFrame | None = None) -> dict[str, str]:
    """The slide titles: :func:`dtilib.findings.findings` (kept here for old callers).

    >>> from dtilib.plots._examples import example_scores
    >>> findings(example_scores(), "Bắc Kạn", 2022, lang="en")["rank_trajectories"]
    'Bac Kan: rank 54 → 54 → 59 → 54 (2020–2023)'
    """
    from .findings import findings as computed

    return computed(data, unit, year, lang, intervals)


def region_peers(scores: pd.DataFrame, unit: str, year: int, lang: str = "vi") -> tuple[list[str], str]:
    """:func:`dtilib.analysis.peers.region_peers` (kept here for old callers).

    >>> from dtilib.plots._examples import example_scores
    >>> len(region_peers(example_scores(), "06", 2022, "en")[0])
    14
    """
    from .analysis.peers import region_peers as peers

    return peers(scores, unit, year, lang)


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
    draws: dict[str, Callable[[], object]] = {
        "rank_trajectories": lambda: plots.rank_trajectories(scores, highlight=[key], lang=lang),
        "change": lambda: plots.change_waterfall(scores, key, year - 1, year, lang=lang),
        "indicator_profile": lambda: plots.indicator_profile(scores, key, year, lang=lang),
        "indicator_radar": lambda: plots.indicator_radar(scores, key, year, lang=lang),
        "component_heatmap": lambda: plots.component_heatmap(scores, unit=key, lang=lang)
        if len(years) > 1 else plots.component_heatmap(scores, year=year, lang=lang),
        "component_heatmap_region": lambda: plots.component_heatmap(
            scores, year=year, unit=key, units=region_peers(scores, key, year, lang)[0], lang=lang,
            title=f"{label('chart_heatmap_units', lang).format(year=year)} — "
                  f"{region_peers(scores, key, year, lang)[1]}"),
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
        else label("left_out_no_region", lang),
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
        sources = [ds.describe(lang)]
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
                img = out / f"{stem}.png"
                if "png" not in fm or deck_dpi != dpi:
                    img = Path(tmpdir.name) / f"{stem}.png"
                    fig.savefig(img, format="png", dpi=deck_dpi)
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


def _file_key(key: str) -> str:
    """A unit key fit for a file name (a user's unit "Xã Tân Phú" → "xa-tan-phu")."""
    from .provinces import era_of
    from .report.plan import slug

    return key if era_of(key) != "own" else (slug(key) or "unit")


def file_source(path: str | os.PathLike) -> str:
    """``name (sha256 abcdef123456)`` — a data file as named on the provenance slide.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = Path(d, "points.csv")
    ...     _ = p.write_text("unit,year,indicator,points\\n06,2022,1.01,0\\n", encoding="utf-8")
    ...     file_source(p)
    'points.csv (sha256 1dcccaa77b24)'
    """
    p = Path(path)
    h = sha256(p)[:12]
    return f"{p.name} (sha256 {h})"


def provenance(scores: pd.DataFrame, lang: str, sources: list[str] | None, framework,
               intervals: pd.DataFrame | None = None, draws: int | None = None) -> list[str]:
    """The lines of the provenance slide.

    Synthetic scores get the "not official" mark; the dtilib version and the time
    of generation come last:

    >>> from dtilib.plots._examples import example_scores
    >>> from dtilib.frameworks import default
    >>> lines = provenance(example_scores(), "en", ["points.csv (sha256 1dcccaa77b24)"], default())
    >>> lines[:2]
    ['Data files: points.csv (sha256 1dcccaa77b24)', 'Illustrative data — not official']
    >>> lines[3]
    'Year: 2020, 2021, 2022, 2023'
    >>> lines[-1].startswith("Generated: ") and lines[-1].endswith(" UTC")
    True
    """
    from . import __version__
    from .frameworks import Framework, load

    fw = framework if isinstance(framework, Framework) else load(framework)
    framework = fw.id
    lines = [f"{label('data_files', lang)}: {'; '.join(sources) if sources else '—'}"]
    if is_synthetic(scores):
        lines.append(SYNTHETIC_MARK[lang])
    years = sorted(scores["year"].astype(int).unique())
    lines.append(f"{label('framework', lang)}: {fw.meta.get('name_' + lang, framework)} "
                 f"({framework}; {fw.meta.get('decision', '')})".replace("; )", ")"))
    lines.append(f"{label('year', lang)}: {', '.join(map(str, years))}")
    if intervals is not None and draws:
        lines.append(f"{label('chart_rank_intervals', lang).format(level='90%')}: "
                     f"{draws} Monte Carlo, seed 0")
    lines.append(f"{label('dtilib_version', lang)}: {__version__}")
    lines.append(f"{label('generated', lang)}: {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC")
    return lines


def build_deck(path: Path, unit: str, year: int, lang: str, slides: list[tuple[str, Path]],
               provenance_lines: list[str], synthetic: bool = False, data=None) -> None:
    """A 16:9 deck: title slide, one picture per slide under its finding, provenance last.

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
    """
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.util import Emu, Inches, Pt

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    W, H = prs.slide_width, prs.slide_height
    font = "DejaVu Sans"

    def style_text(frame, size, bold=False, colour=None):
        for para in frame.paragraphs:
            for run in para.runs:
                run.font.size = Pt(size)
                run.font.bold = bold
                run.font.name = font
                if colour:
                    run.font.color.rgb = RGBColor.from_string(colour)

    s = prs.slides.add_slide(prs.slide_layouts[0])
    s.shapes.title.text = label("deck_title", lang).format(province=_name(unit, lang, data), year=year)
    s.shapes.title.left, s.shapes.title.width = Inches(0.8), W - Inches(1.6)
    style_text(s.shapes.title.text_frame, 40, bold=True)
    sub = s.placeholders[1]
    sub.left, sub.width = Inches(0.8), W - Inches(1.6)
    sub.text = label("deck_subtitle", lang)
    if synthetic:
        sub.text_frame.add_paragraph().text = SYNTHETIC_MARK[lang]
    style_text(sub.text_frame, 24)
    if synthetic:
        style_text_run = sub.text_frame.paragraphs[-1].runs[0]
        style_text_run.font.color.rgb = RGBColor.from_string("B00020")
        style_text_run.font.bold = True

    for finding, img in slides:
        s = prs.slides.add_slide(prs.slide_layouts[5])
        t = s.shapes.title
        t.text = finding
        t.left, t.top, t.width, t.height = Inches(0.4), Inches(0.2), W - Inches(0.8), Inches(0.9)
        style_text(t.text_frame, 26 if len(finding) < 80 else 22, bold=True)
        top = Inches(1.15)
        h = H - top - Inches(0.1)
        w = Emu(int(h * 16 / 9))
        if w > W - Inches(0.4):
            w = W - Inches(0.4)
            h = Emu(int(w * 9 / 16))
        s.shapes.add_picture(str(img), Emu(int((W - w) / 2)), top, width=w, height=h)

    s = prs.slides.add_slide(prs.slide_layouts[1])
    s.shapes.title.text = label("provenance", lang)
    style_text(s.shapes.title.text_frame, 32, bold=True)
    body = s.placeholders[1]
    body.left, body.width = Inches(0.8), W - Inches(1.6)
    body.height = H - body.top - Inches(0.4)
    tf = body.text_frame
    tf.text = provenance_lines[0]
    for line in provenance_lines[1:]:
        tf.add_paragraph().text = line
    style_text(tf, 18)
    prs.save(str(path))

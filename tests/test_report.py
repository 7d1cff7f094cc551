"""The report runner: plan, shards, incremental skip, failures, parameter safety, HTML.

These tests use small stand-in notebooks (same parameters as the real ones,
one chart and the provenance footer each) so that they exercise the runner
quickly; ``tests/test_notebooks.py`` executes the real notebooks.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from dtilib.errors import DtiError
from dtilib.report import execute, html as rhtml, params as rparams, plan as rplan
from dtilib.report.runner import run

FILES = {"overview": "01_overview.ipynb", "profile": "02_province_profile.ipynb",
         "trajectories": "03_rank_trajectories.ipynb", "zeros": "04_zero_indicators.ipynb"}
PARAMS = 'data = "demo"\nyear = 2022\nlang = "vi"\nprovince = "Lạng Sơn"\nindex = "DTI"\nfail_for = None\nkill_for = None\n'
BODY = [
    "import matplotlib.pyplot as plt\nfrom IPython.display import Markdown, display\n"
    "from dtilib.report import banner, footer",
    "display(Markdown('# KIND · ' + province + f' · {year}'))\nbanner(lang=lang, synthetic=True)",
    "if fail_for is not None and province == fail_for:\n"
    "    raise ValueError(f'injected failure for {province}')\n"
    "if kill_for is not None and province == kill_for:\n"
    "    import os; os._exit(1)  # the kernel dies",
    "fig, ax = plt.subplots(figsize=(3, 2))\nax.plot([3, 1, 2])\nax.set_title(province)\nplt.show()",
    "print(repr(province))",
    "footer(params=dict(year=year, province=province, lang=lang), lang=lang, synthetic=True)",
]


def make_notebooks(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for kind, name in FILES.items():
        nb = nbformat.v4.new_notebook()
        p = nbformat.v4.new_code_cell(PARAMS)
        p.metadata["tags"] = ["parameters"]
        nb.cells = [p] + [nbformat.v4.new_code_cell(src.replace("KIND", kind)) for src in BODY]
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, folder / name)
    return folder


@pytest.fixture(scope="module")
def nbdir(tmp_path_factory) -> Path:
    return make_notebooks(tmp_path_factory.mktemp("nbs"))


@pytest.fixture(scope="module")
def warm():
    """One warm kernel for the in-process (jobs=1) runs of this module."""
    execute._register_engine()
    execute._start_kernel()
    yield
    execute._stop_kernel()


def test_plan_default_is_overview_63_profiles_and_the_published_trajectories(nbdir):
    reps = rplan.plan(2022, notebooks=nbdir)
    assert len(reps) == 66
    assert sum(r.kind == "profile" for r in reps) == 63 and reps[0].stem == "overview"
    assert [r.stem for r in reps if r.kind == "trajectories"] == ["trajectories-dti", "trajectories-ict"]
    assert len({r.stem for r in reps}) == 66
    # the unit is resolved once, in the plan, and passed by its key; the data source is a plain value
    assert all(set(r.params) == {"year", "lang", "province", "data"} and r.params["data"] == "demo"
               for r in reps if r.kind == "profile")
    assert {r.params["province"] for r in reps if r.kind == "profile"} >= {"06", "20"}


def test_plan_on_a_users_file_lists_the_users_units(nbdir, tmp_path):
    fw = tmp_path / "mine.yaml"
    fw.write_text('id: mine\nname_vi: Bộ chỉ số xã\nname_en: Commune index\nmax_points: 100\nindicators:\n'
                  '  - {code: "A", name_vi: "Hạ tầng cơ sở", name_en: "Basic infrastructure", max_points: 60}\n'
                  '  - {code: "B", name_vi: "Dịch vụ công", name_en: "Public services", max_points: 40}\n',
                  encoding="utf-8")
    pts = tmp_path / "xa.csv"
    pts.write_text("Đơn vị,Năm,Mã chỉ số,Điểm\nXã Tân Phú,2025,A,30\nXã Tân Phú,2025,B,20\n"
                   "Phường Hòa Bình,2025,A,40\nPhường Hòa Bình,2025,B,10\n", encoding="utf-8")
    reps = rplan.plan(None, notebooks=nbdir, data=pts, framework=fw)
    assert [r.stem for r in reps] == ["overview", "profile-phuong-hoa-binh", "profile-xa-tan-phu"]
    prof = reps[1]
    assert prof.params == {"year": 2025, "lang": "vi", "province": "Phường Hòa Bình",
                           "data": str(pts.resolve()), "framework": str(fw.resolve())}
    assert prof.title == "Phường Hòa Bình — hồ sơ DTI 2025" or "Phường Hòa Bình" in prof.title
    # the user's file and framework are part of the fingerprint: edit the file, the report re-renders
    before = prof.fingerprint("d", "v")[0]
    pts.write_text(pts.read_text(encoding="utf-8").replace(",30", ",31"), encoding="utf-8")
    again = rplan.plan(None, notebooks=nbdir, data=pts, framework=fw)[1]
    assert again.fingerprint("d", "v")[0] != before
    with pytest.raises(DtiError, match="years in the data: 2025"):
        rplan.plan(2022, notebooks=nbdir, data=pts, framework=fw)
    with pytest.raises(DtiError, match="trajectories"):
        rplan.plan(None, kinds="trajectories", notebooks=nbdir, data=pts, framework=fw)
    with pytest.raises(DtiError, match="--framework applies"):
        rplan.plan(2022, notebooks=nbdir, framework=fw)


def test_plan_rejects_bad_input_clearly(nbdir):
    with pytest.raises(DtiError, match="unknown notebook"):
        rplan.plan(2022, kinds="overview,nonsense", notebooks=nbdir)
    with pytest.raises(DtiError, match="Atlantis"):
        rplan.plan(2022, provinces=["Atlantis"], notebooks=nbdir)
    with pytest.raises(DtiError):
        rplan.plan(2022, lang="fr", notebooks=nbdir)


def test_shards_are_disjoint_and_cover_the_batch(nbdir):
    reps = rplan.plan(2022, kinds="all", notebooks=nbdir)
    parts = [rplan.shard(reps, f"{i}/4") for i in range(1, 5)]
    stems = [r.stem for p in parts for r in p]
    assert sorted(stems) == sorted(r.stem for r in reps) and len(stems) == len(set(stems))
    assert max(map(len, parts)) - min(map(len, parts)) <= 1
    for bad in ("0/3", "4/3", "x", "1/0"):
        with pytest.raises(DtiError):
            rplan.parse_shard(bad)


HOSTILE = 'Lạng Sơn"\n__import__("pathlib").Path(MARK).touch()\n#\'\'\' \\" \\\\n'


def test_parameters_are_injected_as_literals_only():
    src = rparams.injected_source({"province": HOSTILE, "year": 2022, "lang": "vi"})
    assert rparams.literal_values(src) == {"province": HOSTILE, "year": 2022, "lang": "vi"}
    with pytest.raises(DtiError):
        rparams.check({"province": object()})
    with pytest.raises(DtiError):
        rparams.check({"not an identifier": 1})


@pytest.mark.e2e
def test_hostile_province_name_cannot_inject_code(nbdir, tmp_path, warm):
    mark = tmp_path / "injected"
    evil = HOSTILE.replace("MARK", repr(str(mark)))
    rep = rplan.Report("profile", nbdir / FILES["profile"], {"year": 2022, "lang": "vi", "province": evil},
                       "evil", "evil")
    summary = run([rep], tmp_path / "out", jobs=1, progress=False)
    assert summary.exit_code == 0, summary.text()
    assert not mark.exists()
    nb = nbformat.read(tmp_path / "out" / "evil.ipynb", as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert rparams.literal_values(injected[0].source)["province"] == evil
    printed = "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))
    assert repr(evil) in printed  # the notebook received the exact string, as data


def _mtimes(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in folder.iterdir() if p.suffix in {".html", ".ipynb"}}


@pytest.mark.e2e
def test_run_skip_and_failure_keep_good_copies(nbdir, tmp_path, warm):
    out = tmp_path / "2022"
    names = ["Lạng Sơn", "Bắc Kạn", "Hà Nội"]
    reps = rplan.plan(2022, provinces=names, kinds="overview,profile", notebooks=nbdir)
    first = run(reps, out, jobs=1, progress=False)
    assert [r["status"] for r in first.results] == ["rendered"] * 4, first.text()
    for r in reps:
        page = (out / f"{r.stem}.html").read_text(encoding="utf-8")
        assert r.params.get("province", "") in page
        side = json.loads((out / f"{r.stem}.json").read_text(encoding="utf-8"))
        assert side["fingerprint"] == r.task(out, side["inputs"]["data"], side["inputs"]["dtilib"])["fingerprint"]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{r.stem}.html"' in index for r in reps)

    # second run with nothing changed: everything skipped, nothing rewritten
    before = _mtimes(out)
    second = run(reps, out, jobs=1, progress=False)
    assert [r["status"] for r in second.results] == ["skipped"] * 4 and second.exit_code == 0
    assert _mtimes(out) == before

    # failures injected: an error in one report, a dying kernel in another; the others
    # render (after the kernel is replaced) and the earlier good copies stay
    good = {s: (out / f"{s}.html").read_bytes() for s in ("profile-06-bac-kan", "profile-01-ha-noi")}
    # (the plan passes each unit by its registry key: Bắc Kạn is "06", Hà Nội "01")
    bad = rplan.plan(2022, provinces=names, kinds="overview,profile", notebooks=nbdir,
                     extra={"fail_for": "06", "kill_for": "01"})
    third = run(bad, out, jobs=1, progress=False)
    status = {r["stem"]: r["status"] for r in third.results}
    assert status == {"overview": "rendered", "profile-01-ha-noi": "failed", "profile-06-bac-kan": "failed",
                      "profile-20-lang-son": "rendered"}
    assert third.exit_code == 1
    for stem, data in good.items():
        assert (out / f"{stem}.html").read_bytes() == data
    assert (out / "profile-06-bac-kan.failed.ipynb").is_file()
    text = third.text()
    assert "FAILED profile-06-bac-kan in cell" in text and "injected failure for 06" in text
    assert "fail_for" in text  # names the failing cell by its code
    assert "FAILED profile-01-ha-noi" in text and "Kernel died" in text
    assert not list(out.glob(".*tmp*"))

    # --force re-renders unchanged reports
    forced = run(reps, out, jobs=1, progress=False, force=True)
    assert [r["status"] for r in forced.results] == ["rendered"] * 4


@pytest.mark.e2e
def test_html_is_self_contained(nbdir, tmp_path, warm):
    reps = rplan.plan(2022, provinces=["Hà Nội"], kinds="profile", notebooks=nbdir, lang="en")
    run(reps, tmp_path, jobs=1, progress=False)
    page = (tmp_path / f"{reps[0].stem}.html").read_text(encoding="utf-8")
    assert reps[0].stem.endswith(".en")
    assert rhtml.external_references(page) == []
    refs = re.findall(r"""(?:src|href)\s*=\s*["']([^"']*)""", page)
    assert not [r for r in refs if r.strip().lower().startswith(("http:", "https:", "//"))]  # not base64 by chance
    assert "<script src" not in page and "mathjax" not in page.lower() and "require.js" not in page
    assert re.search(r'<img[^>]+src="data:image/png;base64,', page)
    assert "fig, ax = plt.subplots" not in page  # no code in the report
    assert "Illustrative data — not official" in page and "sha256" in page
    assert '<html lang="en">' in page


@pytest.mark.e2e
def test_parallel_cli_run_with_shards(nbdir, tmp_path, dti_bin):
    out = tmp_path / "cli"
    base = [dti_bin, "report", "--year", "2022", "--provinces", "Lạng Sơn, Bắc Kạn", "Hà Nội",
            "--notebooks", "overview,profile", "--notebooks-dir", str(nbdir), "--out", str(out), "--no-progress"]
    listed = subprocess.run(base + ["--list"], capture_output=True, text=True, check=True).stdout
    assert len(listed.strip().splitlines()) == 4
    done = subprocess.run(base + ["--shard", "1/2", "--jobs", "2"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr + done.stdout
    assert "rendered 2, skipped 0" in done.stdout and "failed 0" in done.stdout
    assert len(list(out.glob("*.html"))) == 3  # two reports + index
    again = subprocess.run(base + ["--shard", "1/2"], capture_output=True, text=True)
    assert "rendered 0, skipped 2" in again.stdout
    bad = subprocess.run(base + ["--provinces", "Atlantis"], capture_output=True, text=True)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr and "Atlantis" in bad.stderr


def test_plan_names_and_parameters(nbdir):
    reps = rplan.plan(2022, provinces=["Lạng Sơn", "bac kan"], kinds=["overview", "profile"], notebooks=nbdir)
    assert [r.stem for r in reps] == ["overview", "profile-06-bac-kan", "profile-20-lang-son"]
    assert reps[2].params == {"year": 2022, "lang": "vi", "province": "20", "data": "demo"}
    assert [r.stem for r in rplan.shard(reps, "2/2")] == ["profile-06-bac-kan"]
    assert [r.stem for r in rplan.plan(2022, kinds="trajectories", notebooks=nbdir)] == [
        "trajectories-dti", "trajectories-ict"]


@pytest.mark.e2e
def test_cli_refuses_a_year_without_data(dti_bin):
    done = subprocess.run([dti_bin, "report", "--year", "2024", "--list"], capture_output=True, text=True)
    assert done.returncode == 1 and "2020–2023" in done.stderr and "Traceback" not in done.stderr


def test_leftovers_of_an_interrupted_run_are_cleaned(tmp_path):
    import os

    from dtilib.report.runner import remove_stale_temporaries

    dead = tmp_path / ".profile-20-lang-son.html.999999999.tmp"
    alive = tmp_path / f".overview.{os.getpid()}.tmp.ipynb"
    good = tmp_path / "overview.html"
    for p in (dead, alive, good):
        p.write_text("x")
    assert remove_stale_temporaries(tmp_path) == [dead]
    assert alive.exists() and good.exists() and not dead.exists()


def test_exported_chart_has_its_finding_as_alternative_text_and_outputs_are_focusable():
    import nbformat

    from dtilib.report.html import export_html

    png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    cell = nbformat.v4.new_code_cell("x", outputs=[
        nbformat.v4.new_output("display_data", {"text/html": '<p class="dti-finding">Bắc Kạn &lt;b&gt; 63/63</p>'}),
        nbformat.v4.new_output("display_data", {"image/png": png}),
        nbformat.v4.new_output("display_data", {"image/png": png})])
    nb = nbformat.v4.new_notebook(cells=[cell])
    before = nbformat.writes(nb)
    page = export_html(nb, "T <i>", lang="vi")
    assert page.count('alt="Bắc Kạn &lt;b&gt; 63/63"') == 2  # the sentence shown above, escaped
    assert "<title>T &lt;i&gt;</title>" in page
    assert nbformat.writes(nb) == before  # the executed notebook (kept as .ipynb) is not touched
    bare = export_html(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x", outputs=[
        nbformat.v4.new_output("display_data", {"image/png": png})])]), "T")
    assert 'alt="No description has been provided for this image"' in bare
    assert page.count('tabindex="0"') == 3 and "<b>" not in page
    heading = nbformat.v4.new_code_cell("x", outputs=[nbformat.v4.new_output(
        "display_data", {"text/markdown": "# Lạng Sơn &lt;b&gt; — 2022"})])
    page = export_html(nbformat.v4.new_notebook(cells=[heading]), "T")
    assert "Lạng Sơn" in page and "—" in page and "&#7841;" not in page  # letters, not references
    assert "<b>" not in page


def test_printed_text_and_displays_keep_their_order_in_a_warm_kernel(tmp_path, warm):
    # the warm kernel skips stream flushes with nothing buffered (kernel.lean_flush); text
    # printed before a display must still come before it, in every cell
    nb = nbformat.v4.new_notebook()
    p = nbformat.v4.new_code_cell('lang = "vi"')
    p.metadata["tags"] = ["parameters"]
    nb.cells = [p, nbformat.v4.new_code_cell(
        "from IPython.display import Markdown, display\n"
        "print('one')\ndisplay(Markdown('two'))\nprint('three', end='')\nprint('four')\n"
        "display(Markdown('five'))\ndisplay(Markdown('six'))\nprint('seven')"),
        nbformat.v4.new_code_cell("display(Markdown('eight'))\nprint('nine')")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, tmp_path / "order.ipynb")
    rep = rplan.Report("profile", tmp_path / "order.ipynb", {"lang": "vi"}, "order", "order")
    assert run([rep], tmp_path / "out", jobs=1, progress=False).exit_code == 0
    done = nbformat.read(tmp_path / "out" / "order.ipynb", as_version=4)
    seen = [o.get("text") or o["data"]["text/markdown"] for c in done.cells[1:] for o in c.outputs]
    assert " ".join(seen).split() == ["one", "two", "threefour", "five", "six", "seven", "eight", "nine"]


def test_lean_flush_skips_only_a_flush_with_nothing_to_send():
    from dtilib.report.kernel import lean_flush

    class Stream:  # the two flags of ipykernel's OutStream, and its flush
        def __init__(self):
            self._flush_pending, self._subprocess_flush_pending, self.flushed = False, False, 0

        def flush(self):
            self.flushed += 1
            self._flush_pending = False

    s = Stream()
    assert lean_flush([s]) == [s] and lean_flush([s]) == []  # once
    s.flush()
    assert s.flushed == 0  # nothing written since the last flush: no round trip
    s._flush_pending = True  # as OutStream.write() leaves it
    s.flush()
    assert s.flushed == 1 and not s._flush_pending

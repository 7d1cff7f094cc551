"""A rendered report in a real headless browser (Debian's chromium, driven by playwright).

The set-up installs chromium where it is missing (``scripts/ensure-chromium``,
``apt-get install -y chromium``); if that is impossible the test fails saying so.
Checked: no request leaves the machine (every non-``file://`` request is
recorded and blocked), no console errors, every image has loaded with a real
size, and the page names the province and its rank.
"""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from dtilib.report import plan as rplan
from dtilib.report.runner import run

pytestmark = pytest.mark.e2e  # every test here starts a process (see pyproject markers)

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def chromium() -> str:
    done = subprocess.run([str(ROOT / "scripts" / "ensure-chromium")], capture_output=True, text=True,
                          timeout=900)
    if done.returncode != 0 or not done.stdout.strip():
        pytest.fail("headless chromium is needed for the browser tests and could not be installed: "
                    + (done.stderr.strip().splitlines() or ["scripts/ensure-chromium failed"])[-1])
    return done.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("browser")
    reps = rplan.plan(2022, provinces=["Bắc Kạn"], kinds="profile", notebooks=ROOT / "notebooks")
    summary = run(reps, out, jobs=1, progress=False)
    assert summary.exit_code == 0, summary.text()
    return out


def open_page(chromium: str, path: Path) -> dict:
    from playwright.sync_api import sync_playwright

    outside, errors = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            page = browser.new_page()

            def route(r):
                if r.request.url.startswith(("file://", "data:")):
                    r.continue_()
                else:
                    outside.append(r.request.url)
                    r.abort()

            page.route("**/*", route)
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(path.as_uri(), wait_until="load")
            page.wait_for_load_state("networkidle")
            images = page.eval_on_selector_all(
                "img", "els => els.map(e => ({complete: e.complete, width: e.naturalWidth}))")
            text = page.inner_text("body")
            links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
        finally:
            browser.close()
    return {"outside": outside, "errors": errors, "images": images, "text": text, "links": links}


def test_profile_page_in_headless_chromium(chromium, report_dir):
    seen = open_page(chromium, report_dir / "profile-06-bac-kan.html")
    assert seen["outside"] == [], "the report requested outside addresses"
    assert seen["errors"] == []
    assert len(seen["images"]) >= 5
    assert all(i["complete"] and i["width"] > 0 for i in seen["images"])
    assert "Bắc Kạn xếp hạng 63/63 năm 2022" in seen["text"]
    assert "Dữ liệu minh họa — không chính thức" in seen["text"]


def test_index_page_links_reports(chromium, report_dir):
    seen = open_page(chromium, report_dir / "index.html")
    assert seen["outside"] == [] and seen["errors"] == []
    assert "profile-06-bac-kan.html" in seen["links"]
    assert all((report_dir / link).is_file() for link in seen["links"])


def test_the_check_catches_outside_requests(chromium, tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text('<html><body><img src="https://cdn.example.invalid/x.png">'
                   '<script src="http://cdn.example.invalid/require.js"></script></body></html>')
    seen = open_page(chromium, bad)
    assert len(seen["outside"]) == 2
    assert not all(i["complete"] and i["width"] > 0 for i in seen["images"])

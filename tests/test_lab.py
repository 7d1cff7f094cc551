"""``dti lab`` starts JupyterLab on notebooks/ with the 'dtilib' kernel registered, and the explorer
notebook runs there live: its widgets drive the view in a real (headless) browser."""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest

pytestmark = pytest.mark.e2e  # every test here starts a process (see pyproject markers)

TOKEN = "dtilib-test-token"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str):
    req = urllib.request.Request(url, headers={"Authorization": f"token {TOKEN}"})
    with urllib.request.urlopen(req, timeout=5) as r:
        return json.loads(r.read().decode())


@pytest.fixture(scope="module")
def lab(dti_bin, root, tmp_path_factory):
    """A running ``dti lab --no-browser`` server: (base url, log text reader)."""
    tmp = tmp_path_factory.mktemp("lab")
    port = _free_port()
    settings = tmp / "settings" / "@jupyterlab" / "docmanager-extension"
    settings.mkdir(parents=True)
    # the browser test runs the notebook: never autosave its outputs into the repository
    (settings / "plugin.jupyterlab-settings").write_text('{"autosave": false}', encoding="utf-8")
    env = dict(os.environ, JUPYTER_TOKEN=TOKEN, JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
               JUPYTER_CONFIG_DIR=str(tmp / "config"), JUPYTERLAB_SETTINGS_DIR=str(tmp / "settings"))
    log = open(tmp / "lab.log", "w+")
    proc = subprocess.Popen([dti_bin, "lab", "--no-browser", "--port", str(port)], cwd=root, env=env,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"

    def output() -> str:
        log.seek(0)
        return log.read()

    try:
        deadline = time.monotonic() + 90
        status = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                status = _get(f"{base}/api/status")
                break
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.5)
        assert status is not None, f"JupyterLab did not answer on port {port}:\n{output()[-2000:]}"
        yield base, output
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        log.close()
    assert proc.poll() is not None


def test_lab_serves_notebooks_with_dtilib_kernel(lab):
    base, output = lab
    specs = _get(f"{base}/api/kernelspecs")
    assert "dtilib" in specs["kernelspecs"]
    assert specs["kernelspecs"]["dtilib"]["spec"]["display_name"] == "Python (dtilib)"
    assert specs["default"] == "dtilib"
    contents = _get(f"{base}/api/contents")   # the server's root is notebooks/
    names = {c["name"] for c in contents["content"]}
    assert "00_explore.ipynb" in names
    assert "kernel 'dtilib'" in output()
    req = urllib.request.Request(f"{base}/", headers={"Authorization": f"token {TOKEN}"})
    with urllib.request.urlopen(req, timeout=10) as r:      # the browser lands on the explorer
        assert r.geturl().endswith("/lab/tree/00_explore.ipynb")


def _chromium() -> str | None:
    for c in (os.environ.get("DTI_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser",
              shutil.which("chromium")):
        if c and os.access(c, os.X_OK):
            return c
    return None


def test_explorer_widgets_drive_the_view_in_jupyterlab(lab, tmp_path):
    """Open 00_explore.ipynb in JupyterLab, run it, change the year and the language with the
    controls, as an analyst would; the view follows and the page logs no error."""
    chromium = _chromium()
    if chromium is None:
        pytest.skip("no Chromium (apt-get install chromium, or set DTI_CHROMIUM)")
    sync_api = pytest.importorskip("playwright.sync_api")
    base, _ = lab
    shot = tmp_path / "jupyterlab.png"
    titles = "() => [...document.querySelectorAll('.jupyter-widgets h3')].map(e => e.innerText).join('|')"
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(f"{base}/lab/tree/00_explore.ipynb?token={TOKEN}")
            page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
            # run only once the kernel has started (a run asked for earlier can be dropped)
            page.get_by_text("Python (dtilib) | Idle").wait_for(timeout=90_000)
            page.get_by_role("menuitem", name="Run", exact=True).click()
            page.get_by_text("Run All Cells", exact=True).click()
            page.wait_for_selector(".jupyter-widgets .widget-dropdown select", timeout=120_000)
            page.wait_for_function(f"() => ({titles})().includes('DTI 2022: Bắc Kạn')", timeout=60_000)
            page.locator(".jupyter-widgets .widget-dropdown select").first.select_option("2021")
            page.wait_for_function(f"() => ({titles})().includes('DTI 2021: Bắc Kạn')", timeout=60_000)
            page.locator(".jupyter-widgets .widget-toggle-buttons button", has_text="en").first.click()
            page.wait_for_function(f"() => ({titles})().includes('DTI 2021: Bac Kan — compared with')",
                                   timeout=60_000)
            page.wait_for_function("() => [...document.querySelectorAll('.jupyter-widgets h4')]"
                                   ".some(e => e.innerText === 'Overview')", timeout=60_000)  # tables follow
            img = page.locator(".jupyter-widgets img").first
            assert img.evaluate("e => e.naturalWidth") > 300          # the chart arrived as an image
            assert errors == []
        except Exception:
            page.screenshot(path=str(shot))   # what the analyst would have seen
            raise
        finally:
            browser.close()


def test_lab_rejects_bad_folder_and_port(dti_bin, tmp_path):
    r = subprocess.run([dti_bin, "lab", "--no-browser", "--dir", str(tmp_path / "nope")],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 1 and "no such folder" in r.stderr and "Traceback" not in r.stderr
    r = subprocess.run([dti_bin, "lab", "--no-browser", "--port", "70000"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 1 and "--port" in r.stderr
    r = subprocess.run([dti_bin, "lab", "--no-browser", "--notebook", "nope.ipynb"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 1 and "no notebook 'nope.ipynb'" in r.stderr and "Traceback" not in r.stderr

"""``dti lab`` starts JupyterLab on notebooks/ with the 'dtilib' kernel registered."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest

TOKEN = "dtilib-test-token"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str):
    req = urllib.request.Request(url, headers={"Authorization": f"token {TOKEN}"})
    with urllib.request.urlopen(req, timeout=5) as r:
        return json.loads(r.read().decode())


def test_lab_serves_notebooks_with_dtilib_kernel(dti_bin, root, tmp_path):
    port = _free_port()
    env = dict(os.environ, JUPYTER_TOKEN=TOKEN, JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
               JUPYTER_CONFIG_DIR=str(tmp_path / "config"))
    log = open(tmp_path / "lab.log", "w+")
    proc = subprocess.Popen([dti_bin, "lab", "--no-browser", "--port", str(port)], cwd=root, env=env,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        status = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                status = _get(f"{base}/api/status")
                break
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.5)
        log.seek(0)
        out = log.read()
        assert status is not None, f"JupyterLab did not answer on port {port}:\n{out[-2000:]}"
        specs = _get(f"{base}/api/kernelspecs")
        assert "dtilib" in specs["kernelspecs"]
        assert specs["kernelspecs"]["dtilib"]["spec"]["display_name"] == "Python (dtilib)"
        assert specs["default"] == "dtilib"
        contents = _get(f"{base}/api/contents")   # the server's root is notebooks/
        names = {c["name"] for c in contents["content"]}
        assert "00_explore.ipynb" in names
        assert "kernel 'dtilib'" in out
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


def test_lab_rejects_bad_folder_and_port(dti_bin, tmp_path):
    r = subprocess.run([dti_bin, "lab", "--no-browser", "--dir", str(tmp_path / "nope")],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 1 and "no such folder" in r.stderr and "Traceback" not in r.stderr
    r = subprocess.run([dti_bin, "lab", "--no-browser", "--port", "70000"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 1 and "--port" in r.stderr

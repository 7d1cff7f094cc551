"""Scheduled runs of ``dti report``: --quiet, the one log line, and the output-folder lock.

The lock is tested in this process (two open files of one lock conflict like two
processes do) and end to end: a second ``dti report`` spawned while a first one is
rendering into the same folder says so and exits 1, or waits with ``--wait``.
"""
from __future__ import annotations

import os
import re
import subprocess
import threading
import time
from pathlib import Path

import nbformat
import pytest

from dtilib.errors import DtiError
from dtilib.report import lock

LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ dti report 2022: rendered \d+, skipped \d+ "
                      r"\(unchanged\), failed \d+ in [\d.]+ s → .*index\.html$")


def test_lock_refuses_a_second_holder_naming_the_first(tmp_path):
    with lock.hold(tmp_path) as info:
        with pytest.raises(DtiError, match=rf"another dti report is running on {re.escape(str(tmp_path))} "
                                           rf"\(pid {info['pid']}, started .* UTC\); use --wait"):
            with lock.hold(tmp_path):
                pass
        t0 = time.monotonic()
        with pytest.raises(DtiError, match="waited 0.5 s"):
            with lock.hold(tmp_path, wait=0.5):
                pass
        assert time.monotonic() - t0 >= 0.45
    with lock.hold(tmp_path):  # released at the end of the block
        pass


def test_lock_waits_for_the_first_holder(tmp_path):
    got = threading.Event()
    release = threading.Event()

    def first():
        with lock.hold(tmp_path):
            got.set()
            release.wait(10)

    t = threading.Thread(target=first)
    t.start()
    got.wait(10)
    threading.Timer(0.5, release.set).start()
    t0 = time.monotonic()
    with lock.hold(tmp_path, wait=20) as info:
        assert info["pid"] == os.getpid()
    assert 0.3 < time.monotonic() - t0 < 10
    t.join()


def test_shards_have_locks_of_their_own(tmp_path):
    with lock.hold(tmp_path, shard=(1, 2)):
        with lock.hold(tmp_path, shard=(2, 2)):
            pass
        with pytest.raises(DtiError, match=r"dti report \(shard 1/2\) is running"):
            with lock.hold(tmp_path, shard=(1, 2)):
                pass


def test_negative_wait_is_an_error(tmp_path):
    with pytest.raises(DtiError, match="--wait must be 0 or more"):
        with lock.hold(tmp_path, wait=-1):
            pass


# ------------------------------------------------------------------ end to end
SLOW_PARAMS = 'data = "demo"\nyear = 2022\nlang = "vi"\nprovince = "Lạng Sơn"\n'
SLOW_BODY = [
    "import os, time\nfrom dtilib.report import footer",
    "time.sleep(float(os.environ.get('DTI_TEST_SLEEP', '0')))",
    "from dtilib.provinces import resolve\nname = resolve(province).name_vi",
    "if os.environ.get('DTI_TEST_FAIL') == name:\n    raise ValueError(f'injected failure for {name}')",
    "print(province)",
    "footer(params=dict(year=year, province=province), lang=lang, synthetic=True)",
]


@pytest.fixture(scope="module")
def nbdir(tmp_path_factory) -> Path:
    """A stand-in profile notebook that sleeps ``$DTI_TEST_SLEEP`` s and fails on request."""
    folder = tmp_path_factory.mktemp("slow-nbs")
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell(SLOW_PARAMS)
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [cell] + [nbformat.v4.new_code_cell(src) for src in SLOW_BODY]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, folder / "02_province_profile.ipynb")
    return folder


def _cmd(dti_bin, nbdir, out, *extra):
    return [dti_bin, "report", "--notebooks", "profile", "--provinces", "Bắc Kạn",
            "--notebooks-dir", str(nbdir), "--out", str(out), "--jobs", "1", *extra]


def _env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DTI_TEST_")}
    env.update(extra)
    return env


@pytest.mark.e2e
def test_quiet_prints_nothing_on_success_and_one_line_otherwise(dti_bin, nbdir, tmp_path):
    out = tmp_path / "out"
    quiet = subprocess.run(_cmd(dti_bin, nbdir, out, "--quiet"), capture_output=True, text=True,
                           env=_env(), timeout=300)
    assert quiet.returncode == 0, quiet.stderr
    assert quiet.stdout == "" and quiet.stderr == ""
    assert (out / "profile-06-bac-kan.html").is_file()

    loud = subprocess.run(_cmd(dti_bin, nbdir, out, "--no-progress"), capture_output=True, text=True,
                          env=_env(), timeout=300)
    assert loud.returncode == 0, loud.stderr
    lines = loud.stdout.strip().splitlines()
    assert lines[0].startswith(f"using notebooks {nbdir}") and "published data" in lines[0]
    assert LOG_LINE.match(lines[-1]), lines[-1]
    assert "rendered 0, skipped 1" in lines[-1]

    failed = subprocess.run(_cmd(dti_bin, nbdir, out, "--quiet", "--force"), capture_output=True,
                            text=True, env=_env(DTI_TEST_FAIL="Bắc Kạn"), timeout=300)
    assert failed.returncode == 1
    assert failed.stdout == ""
    assert "FAILED profile-06-bac-kan in cell" in failed.stderr
    assert "injected failure for Bắc Kạn" in failed.stderr
    assert LOG_LINE.match(failed.stderr.strip().splitlines()[-1])
    assert "Traceback" not in failed.stderr


@pytest.mark.e2e
def test_a_second_run_on_the_same_folder_does_not_render(dti_bin, nbdir, tmp_path):
    out = tmp_path / "out"
    first = subprocess.Popen(_cmd(dti_bin, nbdir, out, "--no-progress"), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=_env(DTI_TEST_SLEEP="6"))
    try:
        deadline = time.monotonic() + 60
        while lock.holder(out).get("pid") != first.pid:
            assert first.poll() is None, first.communicate()
            assert time.monotonic() < deadline, "the first run never took the lock"
            time.sleep(0.1)
        second = subprocess.run(_cmd(dti_bin, nbdir, out, "--no-progress"), capture_output=True,
                                text=True, env=_env(), timeout=120)
        assert first.poll() is None, "the first run ended too early for this test"
        assert second.returncode == 1
        assert f"another dti report is running on {out} (pid {first.pid}, started " in second.stderr
        assert second.stdout == "" and "Traceback" not in second.stderr
        third = subprocess.run(_cmd(dti_bin, nbdir, out, "--no-progress", "--wait", "240"),
                               capture_output=True, text=True, env=_env(), timeout=300)
        stdout, stderr = first.communicate(timeout=300)
    finally:
        if first.poll() is None:
            first.kill()
    assert first.returncode == 0, stderr
    assert "rendered 1, skipped 0" in stdout.strip().splitlines()[-1]
    assert third.returncode == 0, third.stderr
    assert "rendered 0, skipped 1" in third.stdout.strip().splitlines()[-1]  # the first did the work

"""The command line: help lists the subcommands; errors are one clear line, no traceback."""
from __future__ import annotations

import subprocess

import pytest

pytestmark = pytest.mark.e2e  # every test here starts a process (see pyproject markers)


def run(dti_bin, *args):
    return subprocess.run([dti_bin, *args], capture_output=True, text=True, timeout=120)


def test_help_lists_subcommands(dti_bin):
    r = run(dti_bin, "--help")
    assert r.returncode == 0
    for cmd in ("provinces", "framework"):
        assert cmd in r.stdout


def test_resolve_from_command_line(dti_bin):
    r = run(dti_bin, "provinces", "Thanh Hoá", "hcm")
    assert r.returncode == 0 and "Thanh Hóa" in r.stdout and "Hồ Chí Minh" in r.stdout
    r = run(dti_bin, "provinces", "Atlantis")
    assert r.returncode == 1 and "Traceback" not in r.stdout + r.stderr


def test_bad_framework_file_is_one_clear_error(dti_bin, tmp_path):
    p = tmp_path / "fw.yaml"
    p.write_text("id: x\nmax_points: 10\nindicators:\n  - {code: A, max_points: 4}\n", encoding="utf-8")
    r = run(dti_bin, "framework", str(p))
    assert r.returncode == 1
    assert "Traceback" not in r.stderr and "maxima do not add up" in r.stderr and str(p) in r.stderr

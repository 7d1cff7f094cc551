"""Test-suite guard: the unit suite (``pytest -m "not e2e and not slow"``) starts no process.

Tests that start a process (a Jupyter kernel, JupyterLab, a browser, a ``dti``
subprocess, a venv build) carry the ``e2e`` marker (``slow`` for the wheel
install). When the marker expression leaves ``e2e`` out, starting a process in
any other test fails it, naming the test: the split cannot silently rot.
Doctests that start processes are listed in :data:`E2E_DOCTESTS`.
"""
from __future__ import annotations

import os
import subprocess

import pytest

E2E_DOCTESTS = {  # doctest item names (module.function) that start a process
    "dtilib.commands.lab.ensure_kernel",
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if type(item).__name__ == "DoctestItem" and item.name in E2E_DOCTESTS:
            item.add_marker(pytest.mark.e2e)


def _unit_only(config) -> bool:
    expr = (config.getoption("markexpr", "") or "").replace(" ", "")
    return "note2e" in expr


@pytest.fixture(autouse=True)
def _no_process_in_unit_tests(request, monkeypatch):
    if not _unit_only(request.config) or request.node.get_closest_marker("e2e"):
        yield
        return
    node = request.node.nodeid

    def refuse(*args, **kwargs):
        raise AssertionError(f"{node} starts a process but is not marked e2e "
                             f"(@pytest.mark.e2e): the unit suite must not")

    monkeypatch.setattr(subprocess.Popen, "_execute_child", refuse)
    for name in ("fork", "forkpty", "execv", "execve", "posix_spawn", "posix_spawnp", "system"):
        if hasattr(os, name):
            monkeypatch.setattr(os, name, refuse)
    import multiprocessing.util

    monkeypatch.setattr(multiprocessing.util, "spawnv_passfds", refuse)
    yield

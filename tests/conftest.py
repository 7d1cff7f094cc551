from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def dti_bin() -> str:
    """Path of the installed ``dti`` console script (same environment as the tests)."""
    return str(Path(sys.executable).with_name("dti"))

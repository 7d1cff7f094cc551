"""`dti build`: data/raw → data/processed, identical bytes on a re-run, raw never written."""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess

import pandas as pd
import pytest

from dtilib import build as B
from dtilib import datasets
from dtilib.errors import DtiError


def _hashes(d):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(d.iterdir()) if p.is_file()}


@pytest.fixture()
def raw(tmp_path):
    d = tmp_path / "data" / "raw"
    d.mkdir(parents=True)
    for p in datasets.raw_files():
        shutil.copy(p, d / p.name)
    return d


def test_build_twice_gives_identical_bytes_and_never_touches_raw(raw, tmp_path):
    raw_before = _hashes(raw)
    out1, out2 = tmp_path / "p1", tmp_path / "p2"
    m1 = B.build(raw, out1)
    m2 = B.build(raw, out2)
    h1, h2 = _hashes(out1), _hashes(out2)
    assert h1 == h2 and len(h1) == len(m1) + 1  # + manifest.csv
    assert _hashes(raw) == raw_before
    assert m1.equals(m2)
    # the manifest is true: checksums and row counts of what is on disk
    man = pd.read_csv(out1 / "manifest.csv", encoding="utf-8-sig")
    assert dict(zip(man["file"], man["sha256"])) == {k: v for k, v in h1.items() if k != "manifest.csv"}
    # a rebuild in place leaves files untouched (times too)
    mtimes = {p.name: p.stat().st_mtime_ns for p in out1.iterdir()}
    B.build(raw, out1)
    assert {p.name: p.stat().st_mtime_ns for p in out1.iterdir()} == mtimes
    assert not [p for p in out1.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.slow
def test_outputs_round_trip_and_keep_provenance(raw, tmp_path):
    out = tmp_path / "p"
    B.build(raw, out, synthetic=False)
    for stem in B.TABLES:
        pq = pd.read_parquet(out / f"{stem}.parquet")
        csv = pd.read_csv(out / f"{stem}.csv", encoding="utf-8-sig", dtype={"unit": str, "old_key": str})
        assert len(pq) == len(csv) > 0 and list(pq.columns) == list(csv.columns)
        assert {"status", "source"} <= set(pq.columns)
    r = pd.read_parquet(out / "dti_results.parquet")
    bk = r[(r.unit == "06") & (r.year == 2022)].iloc[0]
    assert bk["rank_status"] == "published" and bk["score_status"] == "seed_only"
    assert not (out / f"{B.SYNTHETIC_STEM}.parquet").exists()


def test_synthetic_dataset_is_flagged_in_data_and_name(raw, tmp_path):
    out = tmp_path / "p"
    msgs = []
    m = B.build(raw, out, log=msgs.append)
    name = f"{B.SYNTHETIC_STEM}.parquet"
    assert name in set(m["file"]) and any("illustrative data" in s for s in msgs)
    df = pd.read_parquet(out / name)
    assert df["synthetic"].all() and (df["status"] == "synthetic").all()
    assert m.set_index("file").loc[name, "synthetic"]


@pytest.mark.slow
def test_refuses_to_write_into_raw_and_fails_cleanly(raw, tmp_path, monkeypatch):
    before = _hashes(raw)
    with pytest.raises(DtiError, match="never written"):
        B.build(raw, raw / "processed")
    with pytest.raises(DtiError, match="never written"):
        B.build(raw, raw)
    assert _hashes(raw) == before and not (raw / "processed").exists()
    # a failure while writing leaves the earlier good file and no half file
    out = tmp_path / "p"
    B.build(raw, out, synthetic=False)
    good = _hashes(out)
    (raw / "dti_aggregates.csv").write_text((raw / "dti_aggregates.csv").read_text(encoding="utf-8")
                                            .replace("0.3026", "0.3027"), encoding="utf-8")

    def boom(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        B.build(raw, out, synthetic=False)
    assert _hashes(out) == good


@pytest.mark.e2e
def test_dti_build_command_twice_identical_bytes(raw, tmp_path, dti_bin):
    """Two separate `dti build` runs (synthetic set included when available) give the same bytes."""
    outs = [tmp_path / "a" / "processed", tmp_path / "b" / "processed"]
    raw_before = _hashes(raw)
    for out in outs:
        r = subprocess.run([dti_bin, "build", "--raw", str(raw), "--out", str(out), "-q"],
                           capture_output=True, text=True, timeout=120)
        assert r.returncode == 0, r.stderr
    assert (outs[0] / "manifest.csv").exists() and (outs[0] / "dti_results.parquet").exists()
    assert _hashes(outs[0]) == _hashes(outs[1])
    assert _hashes(raw) == raw_before
    r = subprocess.run([dti_bin, "build", "--raw", str(raw), "--out", str(raw / "x")],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 1 and "Traceback" not in r.stderr and "never written" in r.stderr
    assert _hashes(raw) == raw_before and not (raw / "x").exists()

"""``data/raw`` → ``data/processed``: every tidy table as Parquet and CSV.

* Reads only; never writes into the raw folder (an output folder inside it is refused).
* Deterministic: the same inputs give byte-identical files (Parquet written by
  pyarrow with fixed options and no timestamps; CSV UTF-8 with BOM so Excel
  shows Vietnamese, ``\\n`` line ends). Files whose bytes would not change are
  not rewritten, so their times stay too.
* Atomic: each file is written to a temporary name in the output folder and
  renamed; a failure never leaves a half-written file. All tables are built
  in memory before the first write.
* ``manifest.csv`` lists each file with rows, SHA-256 and the raw files (and
  their SHA-256) it comes from.
* The synthetic component dataset of :mod:`dtilib.demo` is added as
  ``dti_components_synthetic.*`` (``synthetic`` column True, ``status``
  "synthetic") when that module is available; otherwise it is skipped with a message.

>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> m = build(out=out, synthetic=False)
>>> sorted(m["file"])[:4]
['dti_aggregates.csv', 'dti_aggregates.parquet', 'dti_framework_groups.csv', 'dti_framework_groups.parquet']
>>> build(out=out, synthetic=False)["sha256"].equals(m["sha256"])
True
"""
from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pandas as pd

from . import datasets
from .errors import DtiError
from .files import write_atomic

# output stem → (loader name, raw files it reads)
TABLES = {
    "dti_results": ("dti_results", ["dti_results.csv"]),
    "dti_group_points": ("dti_group_points", ["dti_2022_group_indices.csv"]),
    "dti_group_ranks": ("dti_group_ranks", ["dti_group_ranks.csv"]),
    "dti_aggregates": ("aggregates", ["dti_aggregates.csv"]),
    "ict_results": ("ict_results", ["ict_index_results.csv"]),
    "it_application_2017": ("it_application_2017", ["mic_egov_it_application_2017.csv"]),
    "dti_framework_groups": ("dti_framework_groups", ["dti_framework_groups.csv"]),
    "province_merger_2025": ("province_merger_2025", ["province_merger_2025.csv"]),
    "published_figures": ("published_figures", ["dti_results.csv", "dti_2022_group_indices.csv",
                                                "dti_group_ranks.csv", "ict_index_results.csv"]),
}
SYNTHETIC_STEM = "dti_components_synthetic"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def parquet_bytes(df: pd.DataFrame) -> bytes:
    """Parquet of ``df`` with fixed options; the same frame gives the same bytes.

    >>> df = pd.DataFrame({"unit": ["06"], "points": [1.5]})
    >>> parquet_bytes(df) == parquet_bytes(df.copy()), parquet_bytes(df)[:4]
    (True, b'PAR1')
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(df.reset_index(drop=True), preserve_index=False)
    buf = io.BytesIO()
    pq.write_table(table, buf, compression="zstd", compression_level=9, use_dictionary=True,
                   write_statistics=True, version="2.6", data_page_version="1.0", store_schema=True)
    return buf.getvalue()


def csv_bytes(df: pd.DataFrame) -> bytes:
    """CSV in UTF-8 with BOM (Excel shows Vietnamese), ``\\n`` line ends.

    >>> csv_bytes(pd.DataFrame({"tinh": ["Ha Noi"]}))
    b'\\xef\\xbb\\xbftinh\\nHa Noi\\n'
    """
    return df.to_csv(index=False, lineterminator="\n").encode("utf-8-sig")


def _synthetic() -> tuple[pd.DataFrame | None, str]:
    from . import demo

    try:
        df = demo.points()  # a fresh copy, flagged synthetic=True, status "synthetic"
    except Exception as exc:  # the published tables are still built
        return None, f"synthetic component dataset skipped: dtilib.demo.points() failed ({type(exc).__name__}: {exc})"
    return df.reset_index(drop=True), f"{SYNTHETIC_STEM}: illustrative data — not official"


def build(raw: str | Path | None = None, out: str | Path | None = None, synthetic: bool = True,
          log=None) -> pd.DataFrame:
    """Write every table to ``out``; return the manifest (file, rows, sha256, …).

    >>> import tempfile
    >>> m = build(out=Path(tempfile.mkdtemp()), synthetic=False)
    >>> row = m.set_index("file").loc["dti_results.parquet"]
    >>> int(row["rows"]), row["sources"]
    (180, 'dti_results.csv')
    """
    raw_d = Path(raw) if raw is not None else datasets.raw_dir()
    if out is not None:
        out_d = Path(out)
    elif raw is not None:
        out_d = raw_d.parent / "processed"
    else:  # the workspace's or checkout's data/processed, never inside an installed package
        from . import paths

        out_d = paths.processed_dir()
    if not raw_d.is_dir():
        raise DtiError(f"{raw_d}: raw data folder not found")
    r, o = raw_d.resolve(), out_d.resolve()
    if o == r or r in o.parents:
        raise DtiError(f"{out_d}: output folder is inside the raw data folder {raw_d}; "
                       "data/raw is never written — choose another --out")
    say = log or (lambda msg: None)
    raw_sha = {p.name: _sha(p.read_bytes()) for p in datasets.raw_files(raw_d)}
    frames: dict[str, tuple[pd.DataFrame, list[str], bool]] = {}
    for stem, (loader, sources) in TABLES.items():
        missing = [s for s in sources if s not in raw_sha]
        if missing:
            raise DtiError(f"{raw_d}: missing raw file(s) {', '.join(missing)}")
        frames[stem] = (datasets.LOADERS[loader](raw_d), sources, False)
    if synthetic:
        df, msg = _synthetic()
        say(msg)
        if df is not None:
            frames[SYNTHETIC_STEM] = (df, [], True)
    blobs: list[tuple[str, bytes, int, int, list[str], bool]] = []
    for stem, (df, sources, synth) in frames.items():
        blobs.append((f"{stem}.parquet", parquet_bytes(df), len(df), df.shape[1], sources, synth))
        blobs.append((f"{stem}.csv", csv_bytes(df), len(df), df.shape[1], sources, synth))
    out_d.mkdir(parents=True, exist_ok=True)
    rows = []
    for name, data, n, ncol, sources, synth in blobs:
        changed = write_atomic(out_d / name, data)
        say(f"{'wrote' if changed else 'unchanged'} {out_d / name} ({n} rows)")
        rows.append({"file": name, "rows": n, "columns": ncol, "sha256": _sha(data), "synthetic": synth,
                     "sources": ";".join(sources) if sources else "dtilib.demo (generated)",
                     "source_sha256": ";".join(raw_sha[s] for s in sources)})
    manifest = pd.DataFrame(rows).sort_values("file", kind="stable").reset_index(drop=True)
    write_atomic(out_d / "manifest.csv", csv_bytes(manifest))
    return manifest

"""The batch: skip what is current, render the rest on warm workers, index, summary.

``jobs`` worker processes (default: the machine's cores) each own one warm
kernel (:mod:`dtilib.report.execute`); reports go to whichever worker is free,
the overview first (it is the longest). One failure never stops the batch.
A report is *current* — and skipped unless ``force`` — when its sidecar
``<stem>.json`` holds the same fingerprint (data files, notebook, parameters,
dtilib version) and its ``.html`` and ``.ipynb`` exist.
"""
from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from .plan import Report

_COST = {"overview": 0, "zeros": 1, "trajectories": 2, "profile": 3}  # longest first


@dataclass
class Summary:
    """Outcome of a run: one dict per report (``stem, title, status, seconds, error, cell``).

    >>> s = Summary([{"stem": "overview", "status": "rendered"},
    ...              {"stem": "profile-06-bac-kan", "status": "failed", "error": "ValueError: bad",
    ...               "cell": {"index": 7, "execution_count": 6, "source": "plan = ..."}}], seconds=3.2)
    >>> print(s.text())
    rendered 1, skipped 0 (unchanged), failed 1 in 3.2 s
    FAILED profile-06-bac-kan in cell 7 [6] `plan = ...`: ValueError: bad
    >>> s.exit_code
    1
    """

    results: list[dict] = field(default_factory=list)
    seconds: float = 0.0
    out_dir: Path | None = None
    index: Path | None = None

    def _with(self, status: str) -> list[dict]:
        return [r for r in self.results if r["status"] == status]

    @property
    def rendered(self) -> list[dict]:
        return self._with("rendered")

    @property
    def skipped(self) -> list[dict]:
        return self._with("skipped")

    @property
    def failed(self) -> list[dict]:
        return self._with("failed")

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def text(self) -> str:
        """The end-of-run summary, naming each failure and the cell that failed."""
        lines = [f"rendered {len(self.rendered)}, skipped {len(self.skipped)} (unchanged), "
                 f"failed {len(self.failed)} in {self.seconds:.1f} s"
                 + (f" → {self.index}" if self.index else "")]
        for r in self.failed:
            where = ""
            if r.get("cell"):
                c = r["cell"]
                where = f" in cell {c['index']} [{c.get('execution_count')}] `{c.get('source', '')}`"
            lines.append(f"FAILED {r['stem']}{where}: {r.get('error')}")
        return "\n".join(lines)


def remove_stale_temporaries(out: Path) -> list[Path]:
    """Delete temporary files left by an interrupted run (their writer process is gone).

    Temporary names carry the writer's process id (``.<name>.<pid>.tmp…``), so files
    of a shard still running on this machine are left alone.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / ".overview.html.999999999.tmp").write_text("x")
    >>> [p.name for p in remove_stale_temporaries(d)], list(d.iterdir())
    (['.overview.html.999999999.tmp'], [])
    """
    import re

    removed = []
    for p in out.glob(".*tmp*"):
        m = re.search(r"\.(\d+)\.tmp", p.name)
        if not m:
            continue
        try:
            os.kill(int(m.group(1)), 0)
            continue  # the writer is alive
        except ProcessLookupError:
            pass
        except OSError:
            continue  # exists but not ours to signal: alive
        p.unlink(missing_ok=True)
        removed.append(p)
    return removed


def is_current(task: dict) -> bool:
    """True when the report in ``task["out_dir"]`` was rendered from exactly these inputs.

    >>> import json, tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> for ext in ("html", "ipynb"):
    ...     _ = (d / f"overview.{ext}").write_text("x")
    >>> _ = (d / "overview.json").write_text(json.dumps({"fingerprint": "abc"}))
    >>> is_current({"out_dir": d, "stem": "overview", "fingerprint": "abc"})
    True
    >>> is_current({"out_dir": d, "stem": "overview", "fingerprint": "changed"})
    False
    """
    out = Path(task["out_dir"])
    side = out / f"{task['stem']}.json"
    if not (side.is_file() and (out / f"{task['stem']}.html").is_file()
            and (out / f"{task['stem']}.ipynb").is_file()):
        return False
    try:
        return json.loads(side.read_text(encoding="utf-8")).get("fingerprint") == task["fingerprint"]
    except (OSError, ValueError):
        return False


def run(reports: Sequence[Report], out_dir: str | os.PathLike, jobs: int | None = None,
        force: bool = False, progress: bool = True, lang: str = "vi",
        kernel_name: str | None = None) -> Summary:
    """Render ``reports`` into ``out_dir``; write ``index.html``; return the :class:`Summary`.

    Reports already current are skipped without starting any kernel:

    >>> import tempfile
    >>> run([], tempfile.mkdtemp(), progress=False).text().startswith("rendered 0, skipped 0")
    True
    """
    from . import execute, provenance
    from .index import write_index

    t0 = time.perf_counter()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(out)
    digest, code = provenance.data_digest(), provenance.code_version()
    tasks = [r.task(out, digest, code) for r in reports]
    from .kernelspec import report_kernel

    kernel = kernel_name or report_kernel(execute.KERNEL_NAME)  # one that runs this Python
    for t in tasks:
        t["kernel"] = kernel
    summary = Summary(out_dir=out)
    todo = []
    for t in tasks:
        if not force and is_current(t):
            summary.results.append({"stem": t["stem"], "title": t["title"], "kind": t["kind"],
                                    "status": "skipped", "seconds": 0.0, "error": None, "cell": None})
        else:
            todo.append(t)
    todo.sort(key=lambda t: (_COST.get(t["kind"], 9), t["stem"]))
    if todo:
        summary.results += _render_all(todo, jobs, progress, kernel, cwd=str(Path(todo[0]["notebook"]).parent))
    summary.index = write_index(out, lang=lang)
    summary.seconds = time.perf_counter() - t0
    return summary


def _bar(total: int, progress: bool):
    from tqdm.auto import tqdm

    return tqdm(total=total, unit="report", desc="dti report", disable=not progress,
                file=sys.stderr, dynamic_ncols=True, leave=True)


def _render_all(todo: list[dict], jobs: int | None, progress: bool, kernel: str, cwd: str) -> list[dict]:
    from . import execute

    jobs = max(1, min(int(jobs or os.cpu_count() or 1), len(todo)))
    results: list[dict] = []
    with _bar(len(todo), progress) as bar:
        def done(res: dict) -> None:
            results.append(res)
            bar.update(1)
            if res["status"] == "failed":
                bar.write(f"failed: {res['stem']}: {res.get('error')}", file=sys.stderr)

        if jobs == 1:
            for res in execute._render_in_process(todo, kernel, cwd):
                done(res)
            return results
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor, as_completed
        from concurrent.futures.process import BrokenProcessPool

        ctx = mp.get_context("spawn")  # no fork of a process with threads (tqdm, zmq)
        with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=execute._init_worker,
                                 initargs=(kernel, cwd)) as pool:
            futures = {pool.submit(execute._render, t): t for t in todo}
            for fut in as_completed(futures):
                t = futures[fut]
                try:
                    res = fut.result()
                except BrokenProcessPool as exc:
                    res = {"stem": t["stem"], "title": t["title"], "kind": t["kind"], "status": "failed",
                           "seconds": 0.0, "error": f"worker process died: {exc}", "cell": None}
                except Exception as exc:  # pragma: no cover - _render() catches its own errors
                    res = {"stem": t["stem"], "title": t["title"], "kind": t["kind"], "status": "failed",
                           "seconds": 0.0, "error": f"{type(exc).__name__}: {exc}", "cell": None}
                done(res)
    return results

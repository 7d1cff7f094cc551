"""Executing one report: papermill with a warm, reused kernel; then HTML; then atomic rename.

Why a warm kernel (measured in ``benchmarks/bench_report.py``): a naive
``papermill`` + ``jupyter nbconvert`` loop spends most of each report starting
two Python processes, a kernel, and importing pandas/matplotlib/dtilib and
parsing the data again — several seconds — while computing and drawing one
report takes a fraction of that. Options considered:

1. *papermill per report* (the naive loop, or ``papermill.execute_notebook`` in a
   pool): pays kernel start + imports every time.
2. *in-process IPython ``InteractiveShell``*: no kernel at all, but we would
   have to re-implement output capture (display data, inline figures, errors)
   and lose papermill's error reporting.
3. **chosen**: each worker process keeps ONE long-lived kernel (nbclient's
   ``KernelManager`` + client) that has already imported the libraries and
   loaded the data (``dtilib.report.kernel._warm``). A papermill *engine*
   (:class:`WarmEngine`, registered under the name ``"dtilib-warm"`` through
   papermill's engine registry) hands that kernel to papermill's own notebook
   client, so papermill semantics are unchanged: ``parameters`` cell,
   ``injected-parameters`` cell, papermill metadata, ``PapermillExecutionError``
   naming the failing cell. Before each report the kernel is reset
   (``dtilib.report.kernel._reset``): fresh namespace, execution count 1.
   If the kernel dies it is restarted, and only that report fails.

The per-report cost is then compute + draw + HTML export, near the in-process floor.

Measured with ``benchmarks/bench_report.py`` on the 2-core development machine,
whose speed drifts by a quarter from one minute to the next (so: ratios from one
run). 2026-12-02, the default batch of 66 reports: the naive loop 7.9–11.2 s per
report, ``dti report --force --jobs 2`` 0.41–0.77 s per report, 13.5–20.0x over
seven runs (16x or more in six); a province's 100 communes from one working sheet: naive 7.1–9.8 s,
batch 0.25–0.40 s, 25–29x. What each report costs now is mostly computing and
drawing it: the shared work (``dtilib.plots.layers``, ``Dataset.memo``) takes
the frames of the bump chart, tile map, heatmap, indicator profile and
waterfall and the year's tables out of it; the inline PNG is written in one
zlib pass (``dtilib.plots.png``). The kernels start without ipykernel's
fd-capture threads and without its nap after each cell, skip flushes of empty
streams (``kernel.lean_flush``), and both kernels and workers collect garbage a
report at a time (``kernel.tune_gc``). A third worker on two cores was slower,
so ``jobs`` defaults to the number of cores.
"""
from __future__ import annotations

import json
import logging
import os
import sys
import time
from pathlib import Path
from typing import Any

ENGINE_NAME = "dtilib-warm"
KERNEL_NAME = "python3"  # jupyter_client maps this spec's "python" to the running interpreter
CELL_TIMEOUT = 600  # seconds per cell
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"

_KERNEL: dict[str, Any] = {}
log = logging.getLogger("dtilib.report")


# ---------------------------------------------------------------- the warm kernel
def kernel_env() -> dict[str, str]:
    """Environment for report kernels: figures inline (even if MPLBACKEND=Agg outside).

    >>> kernel_env()["MPLBACKEND"]
    'module://matplotlib_inline.backend_inline'
    """
    env = dict(os.environ)
    env["MPLBACKEND"] = INLINE_BACKEND
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    env.setdefault("PYTHONWARNINGS", "ignore::DeprecationWarning")
    try:  # the kernel reads the published data this process found (its cwd may lie elsewhere)
        from .. import paths

        env.setdefault("DTILIB_RAW", str(paths.raw_dir()))
    except Exception:  # noqa: BLE001 - the notebook itself then says what is missing
        pass
    return env


WARM_CODE = "from dtilib.report import kernel as _dti_kernel\n_dti_kernel._warm()\ndel _dti_kernel"


def _start_kernel(kernel_name: str = KERNEL_NAME, cwd: str | None = None,
                 meanwhile=None) -> tuple[Any, Any]:
    """Start (once per process) the warm kernel and return ``(km, kc)``.

    ``meanwhile()`` runs in a thread of this process while the kernel boots,
    imports and loads its data (a worker imports papermill and builds the HTML
    exporter then: the two start-ups overlap instead of adding up).
    """
    if _KERNEL.get("km") is not None and _alive(_KERNEL["km"]):
        return _KERNEL["km"], _KERNEL["kc"]
    _stop_kernel()
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.utils import run_sync

    # the async manager/client pair is what nbclient (papermill's executor) drives
    km = AsyncKernelManager(kernel_name=kernel_name)
    import subprocess

    # the kernel's own stderr only carries start-up chatter; cell output travels over iopub
    # no input history: nothing to keep, and concurrent kernels would contend for its sqlite file;
    # no half-millisecond nap after each cell for stdout to catch up (nbclient waits for the
    # kernel's idle message, which comes after every output, before it moves on)
    run_sync(km.start_kernel)(cwd=cwd or os.getcwd(), env=kernel_env(),
                              extra_arguments=["--HistoryManager.enabled=False", "--IPKernelApp.capture_fd_output=False",
                                               "--IPythonKernel._execute_sleep=0"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    side = _Background(meanwhile) if meanwhile is not None else None
    kc = km.client()
    kc.start_channels()
    run_sync(kc.wait_for_ready)(timeout=120)
    msg_id = kc.execute(WARM_CODE, silent=True, store_history=False, allow_stdin=False)
    while True:
        reply = run_sync(kc.get_shell_msg)(timeout=300)
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    if side is not None:
        side.join()
    if reply["content"].get("status") != "ok":
        raise RuntimeError(f"kernel warm-up failed: {reply['content'].get('ename')}: "
                           f"{reply['content'].get('evalue')}")
    _KERNEL.update(km=km, kc=kc, name=kernel_name, cwd=cwd)
    return km, kc


class _Background:
    """Run ``fn`` in a thread; ``join()`` re-raises its exception here."""

    def __init__(self, fn):
        import threading

        self.error: BaseException | None = None

        def target():
            try:
                fn()
            except BaseException as exc:  # noqa: BLE001 - handed back in join()
                self.error = exc

        self.thread = threading.Thread(target=target, name="dti-report-prepare", daemon=True)
        self.thread.start()

    def join(self) -> None:
        self.thread.join()
        if self.error is not None:
            raise self.error


def _alive(km) -> bool:
    from jupyter_core.utils import run_sync

    try:
        return bool(run_sync(km.is_alive)())
    except Exception:
        return False


def _stop_kernel() -> None:
    """Shut the warm kernel down (if this process has one)."""
    km, kc = _KERNEL.pop("km", None), _KERNEL.pop("kc", None)
    if kc is not None:
        try:
            kc.stop_channels()
        except Exception:
            pass
    if km is not None:
        try:
            from jupyter_core.utils import run_sync

            run_sync(km.shutdown_kernel)(now=True)
        except Exception:
            pass


RESET_CODE = "__import__('dtilib.report.kernel', fromlist=['_reset'])._reset()"


def _engine_class():
    from nbclient.util import ensure_async, run_sync
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine
    from papermill.utils import merge_kwargs, remove_args

    class WarmClient(PapermillNotebookClient):
        """papermill's notebook client, resetting the reused kernel before the first cell.

        The reset goes through the client's own request/reply machinery (the
        same channels and event loop that then run the cells).
        """

        async def _async_reset(self) -> None:
            msg_id = self.kc.execute(RESET_CODE, silent=True, store_history=False, allow_stdin=False)
            reply = await self.async_wait_for_reply(msg_id)
            if reply is None or reply["content"].get("status") != "ok":
                content = (reply or {}).get("content", {})
                raise RuntimeError(f"kernel reset failed: {content.get('ename')}: {content.get('evalue')}")
            while True:  # drain this request's output so the first cell starts clean
                msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=30))
                if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status"
                        and msg["content"].get("execution_state") == "idle"):
                    break

        def papermill_execute_cells(self):
            run_sync(self._async_reset)()
            return super().papermill_execute_cells()

    class WarmEngine(NBClientEngine):
        """papermill engine running notebooks in this process's warm kernel."""

        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None,
                                     stderr_file=None, start_timeout=60, execution_timeout=None,
                                     **kwargs):
            km, kc = _start_kernel(_KERNEL.get("name") or kernel_name, _KERNEL.get("cwd"))
            kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
            final = merge_kwargs(kwargs, timeout=execution_timeout or CELL_TIMEOUT,
                                 startup_timeout=start_timeout, kernel_name=kernel_name,
                                 log=log, log_output=log_output, stdout_file=stdout_file,
                                 stderr_file=stderr_file)
            client = WarmClient(nb_man, km=km, **final)
            client.kc = kc  # an attribute, not a constructor argument, in nbclient
            return client.execute(cleanup_kc=False)  # keep the kernel for the next report

    return WarmEngine


def _register_engine() -> None:
    """Register :class:`WarmEngine` with papermill as ``"dtilib-warm"`` (idempotent)."""
    from papermill.engines import papermill_engines

    if ENGINE_NAME not in papermill_engines._engines:
        papermill_engines.register(ENGINE_NAME, _engine_class())


# ---------------------------------------------------------------- worker process
def _prepare_worker() -> None:
    """Import papermill/nbconvert and build the HTML exporters (while the kernel warms up)."""
    _register_engine()

    from .html import _css, _exporter

    _css()
    for lang in ("vi", "en"):
        _exporter(lang)


def _init_worker(kernel_name: str = KERNEL_NAME, cwd: str | None = None) -> None:
    """Pool initializer: register the engine and start this worker's warm kernel."""
    import multiprocessing.util

    logging.getLogger("papermill").setLevel(logging.ERROR)
    _KERNEL.update(name=kernel_name, cwd=cwd)
    _start_kernel(kernel_name, cwd, meanwhile=_prepare_worker)
    from .kernel import tune_gc

    tune_gc()  # the worker too handles a report's worth of objects (messages, notebook, page) at a time
    # pool workers leave through os._exit: atexit would not run, a Finalize does
    multiprocessing.util.Finalize(None, _stop_kernel, exitpriority=10)


def _atomic_write(path: Path, data: bytes | str) -> Path:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return tmp


def _first_line(src: str) -> str:
    for line in (src or "").splitlines():
        if line.strip():
            return line.strip()[:120]
    return ""


def _render(task: dict[str, Any]) -> dict[str, Any]:
    """Render one report; never raises. ``task`` is :meth:`dtilib.report.plan.Report.task`.

    On success writes ``<stem>.ipynb``, ``<stem>.html`` and the sidecar
    ``<stem>.json`` (fingerprint), each through a temporary name and a rename,
    the sidecar last. On failure the earlier good files stay untouched; the
    failed notebook is kept as ``<stem>.failed.ipynb`` for inspection.
    """
    import nbformat
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    from .html import export_html

    _register_engine()
    out = Path(task["out_dir"])
    out.mkdir(parents=True, exist_ok=True)
    stem = task["stem"]
    tmp_nb = out / f".{stem}.{os.getpid()}.tmp.ipynb"
    result = {"stem": stem, "title": task["title"], "kind": task["kind"], "status": "failed",
              "seconds": 0.0, "error": None, "cell": None}
    t0 = time.perf_counter()
    try:
        nb = pm.execute_notebook(task["notebook"], str(tmp_nb), parameters=task["params"],
                                 engine_name=ENGINE_NAME, kernel_name=task.get("kernel", KERNEL_NAME),
                                 progress_bar=False, request_save_on_cell_execute=False,
                                 execution_timeout=task.get("timeout", CELL_TIMEOUT))
        html_text = export_html(nb, title=task["title"], lang=task["params"].get("lang", "vi"))
    except PapermillExecutionError as exc:
        result.update(error=f"{exc.ename}: {exc.evalue}".strip(),
                      cell={"index": exc.cell_index, "execution_count": exc.exec_count,
                            "source": _first_line(exc.source)})
        if tmp_nb.exists():
            os.replace(tmp_nb, out / f"{stem}.failed.ipynb")
        result["seconds"] = time.perf_counter() - t0
        return result
    except Exception as exc:  # kernel died, timeout, export error...: this report only
        result["error"] = f"{type(exc).__name__}: {exc}".strip()
        if type(exc).__name__ in {"DeadKernelError", "CellTimeoutError", "RuntimeError"}:
            _stop_kernel()  # a fresh warm kernel for the next report
        tmp_nb.unlink(missing_ok=True)
        result["seconds"] = time.perf_counter() - t0
        return result
    seconds = time.perf_counter() - t0
    sidecar = {"fingerprint": task["fingerprint"], "inputs": task["inputs"], "title": task["title"],
               "kind": task["kind"], "params": task["params"], "unit": task.get("unit"),
               "rendered_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
               "seconds": round(seconds, 3)}
    tmp_html = _atomic_write(out / f"{stem}.html", html_text)
    tmp_json = _atomic_write(out / f"{stem}.json", json.dumps(sidecar, ensure_ascii=False, indent=1))
    os.replace(tmp_nb, out / f"{stem}.ipynb")
    os.replace(tmp_html, out / f"{stem}.html")
    os.replace(tmp_json, out / f"{stem}.json")  # last: the sidecar marks a complete report
    (out / f"{stem}.failed.ipynb").unlink(missing_ok=True)
    result.update(status="rendered", seconds=seconds)
    del nb, nbformat
    return result


def _render_in_process(tasks: list[dict], kernel_name: str = KERNEL_NAME, cwd: str | None = None):
    """Render ``tasks`` one after another in this process's warm kernel (``--jobs 1``)."""
    init_needed = _KERNEL.get("km") is None
    if init_needed:
        _register_engine()
        _KERNEL.update(name=kernel_name, cwd=cwd)
        _start_kernel(kernel_name, cwd)
    try:
        for task in tasks:
            yield _render(task)
    finally:
        if init_needed:
            _stop_kernel()


if __name__ == "__main__":  # pragma: no cover - debugging aid: render one task given as JSON
    print(json.dumps(_render(json.loads(sys.argv[1])), indent=1))

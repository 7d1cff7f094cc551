"""One ``dti report`` at a time per output folder: an OS file lock in the folder.

Two overlapping scheduled runs on one output folder must not both render (they
would race on the same files). The run holds ``fcntl.flock`` on
``<out>/.dti-report.lock``; the operating system releases it when the process
ends, however it ends, so a crashed run never leaves a stale lock behind. The
file itself stays (it holds the holder's pid and start time, for the message).

Shards (``--shard i/n``) of one batch render disjoint reports, so each shard
has a lock of its own (``.dti-report.shard-2-of-4.lock``): the shards of a batch
may share a folder, two runs of the same shard may not.

A second run either gives up at once (``wait=0``, the default: it exits 1
saying which run holds the folder) or waits up to ``wait`` seconds for the
first to finish, then renders — usually skipping everything, since the first
run just brought the reports up to date.

>>> import tempfile
>>> out = Path(tempfile.mkdtemp())
>>> with hold(out) as info:
...     info["pid"] == os.getpid()
True
>>> with hold(out):  # released: it can be taken again
...     pass
"""
from __future__ import annotations

import contextlib
import json
import os
import time
from pathlib import Path
from typing import Iterator

from ..errors import DtiError

LOCK_NAME = ".dti-report.lock"
POLL = 0.2  # seconds between attempts while waiting


def _try_lock(fh) -> bool:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        try:
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


def lock_name(shard: tuple[int, int] | None = None) -> str:
    """The lock file's name for a whole run or one shard ``(i, n)``.

    >>> lock_name(), lock_name((2, 4)), lock_name((1, 1))
    ('.dti-report.lock', '.dti-report.shard-2-of-4.lock', '.dti-report.lock')
    """
    if shard is None or tuple(shard) == (1, 1):
        return LOCK_NAME
    return f".dti-report.shard-{shard[0]}-of-{shard[1]}.lock"


def holder(out: str | os.PathLike, shard: tuple[int, int] | None = None) -> dict:
    """What the lock file of ``out`` says about the run holding it (``{}`` when unreadable).

    >>> import tempfile
    >>> holder(tempfile.mkdtemp())
    {}
    """
    try:
        return json.loads((Path(out) / lock_name(shard)).read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return {}


@contextlib.contextmanager
def hold(out: str | os.PathLike, wait: float = 0,
         shard: tuple[int, int] | None = None) -> Iterator[dict]:
    """Hold the report lock of ``out`` (created if needed) for the ``with`` block.

    ``shard`` ``(i, n)`` takes that shard's lock instead of the whole run's.

    When another process holds it: wait up to ``wait`` seconds, then raise
    :class:`~dtilib.errors.DtiError` naming that run's pid and start time.
    Yields what the lock file now records (``pid``, ``started``).

    >>> import tempfile
    >>> with hold(tempfile.mkdtemp(), wait=1) as info:
    ...     sorted(info)
    ['out', 'pid', 'started']
    """
    if wait < 0:
        raise DtiError(f"--wait must be 0 or more seconds, got {wait:g}")
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / lock_name(shard)
    fh = open(path, "a+", encoding="utf-8")
    try:
        deadline = time.monotonic() + wait
        while not _try_lock(fh):
            if time.monotonic() >= deadline:
                other = holder(folder, shard)
                who = ", ".join(x for x in (f"pid {other['pid']}" if other.get("pid") else "",
                                            f"started {other['started']}" if other.get("started") else "")
                                if x)
                waited = f"; waited {wait:g} s" if wait else "; use --wait SECONDS to wait for it"
                what = f" (shard {shard[0]}/{shard[1]})" if lock_name(shard) != LOCK_NAME else ""
                raise DtiError(f"another dti report{what} is running on {folder}"
                               + (f" ({who})" if who else "") + waited)
            time.sleep(min(POLL, max(0.0, deadline - time.monotonic())) or POLL)
        info = {"pid": os.getpid(), "started": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
                "out": str(folder)}
        fh.seek(0)
        fh.truncate()
        fh.write(json.dumps(info))
        fh.flush()
        yield info
    finally:
        fh.close()  # closing the file releases the lock

"""Writing output files safely: through a temporary file in the same folder, then a rename.

A failure half-way (an exception, a full disk, Ctrl-C) leaves the earlier good file
untouched and no half-written one behind. Used by ``dti build``, ``dti template`` and
``dti charts``. (The report runner stages its files under names carrying the process
id instead, so that a later run can tell a live shard's files from an interrupted
one's: see :mod:`dtilib.report.runner`.)

>>> import tempfile
>>> from pathlib import Path
>>> p = Path(tempfile.mkdtemp()) / "sub" / "a.txt"
>>> write_atomic(p, b"x"), write_atomic(p, b"x"), p.read_bytes()
(True, False, b'x')
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Callable


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write(path: str | os.PathLike, write: Callable[[Path], None]) -> Path:
    """Call ``write(tmp)`` on a temporary path beside ``path``, then rename it over ``path``.

    The temporary name ends with ``path``'s suffix, so writers that infer the format
    from the extension (matplotlib's ``savefig``) work unchanged. On any error the
    temporary file is removed and ``path`` is left as it was.

    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> _ = (d / "good.txt").write_text("earlier good copy")
    >>> def broken(tmp):
    ...     tmp.write_text("half"); raise OSError("disk full")
    >>> atomic_write(d / "good.txt", broken)
    Traceback (most recent call last):
    OSError: disk full
    >>> (d / "good.txt").read_text(), sorted(p.name for p in d.iterdir())
    ('earlier good copy', ['good.txt'])
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=f".tmp{path.suffix}", dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private; give it the usual mode
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_atomic(path: str | os.PathLike, data: bytes) -> bool:
    """Write ``data`` to ``path`` through :func:`atomic_write`; False (nothing written) when unchanged.

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "a.csv"
    >>> write_atomic(p, b"a,b\\n"), write_atomic(p, b"a,b\\n"), write_atomic(p, b"a,c\\n")
    (True, False, True)
    """
    path = Path(path)
    if path.exists() and path.read_bytes() == data:
        return False

    def _write(tmp: Path) -> None:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())

    atomic_write(path, _write)
    return True


@lru_cache(maxsize=512)
def _sha256_cached(path: str, mtime_ns: int, size: int) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def sha256(path: str | os.PathLike) -> str:
    """Hex SHA-256 of a file (cached while the file's mtime and size are unchanged).

    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
    >>> _ = f.write_bytes(b"abc")
    >>> sha256(f)[:16]
    'ba7816bf8f01cfea'
    """
    st = os.stat(path)
    return _sha256_cached(str(path), st.st_mtime_ns, st.st_size)

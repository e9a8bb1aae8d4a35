"""Atomic file writes: a temp file in the same folder, fsync, then rename.

A crash never leaves a half-written report: readers see the old file or the new one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

__all__ = ["write_bytes_atomic", "write_text_atomic"]


def plain_file_mode() -> int:
    """The permissions a plain ``open(path, "w")`` would give a new file (``0o666 & ~umask``).

    ``tempfile.mkstemp`` creates 0600 files: outputs written through a temporary file get
    these permissions back before the rename, so a shared report folder stays readable.

    Examples
    --------
    >>> 0 < plain_file_mode() <= 0o666
    True
    """
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def write_bytes_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically; create parent folders; return ``path``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out" / "r.json"
    >>> write_bytes_atomic(target, b"{}").read_bytes()
    b'{}'
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp creates 0600 files; give the report the permissions a plain write would
        os.fchmod(fd, plain_file_mode())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).replace(path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            Path(tmp).unlink()
        raise
    return path


def write_text_atomic(path: Path, text: str) -> Path:
    """Write UTF-8 ``text`` to ``path`` atomically; return ``path``."""
    return write_bytes_atomic(path, text.encode("utf-8"))

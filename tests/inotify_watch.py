"""Linux inotify for tests: which files of some folders were written, moved or opened.

Shared by ``tests/test_crash_safety.py`` (inputs are never written) and
``tests/test_fuzz.py`` (hostile expressions never open a file). Where inotify is missing
(not Linux, no libc), :attr:`Inotify.active` is false and :meth:`events` returns nothing, so
the callers keep their other checks.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import struct
from collections.abc import Iterable
from pathlib import Path

__all__ = ["IN_ACCESS", "IN_OPEN", "WRITES", "Inotify"]

IN_ACCESS, IN_MODIFY, IN_ATTRIB, IN_CLOSE_WRITE, IN_OPEN = 0x1, 0x2, 0x4, 0x8, 0x20
IN_MOVED_FROM, IN_MOVED_TO, IN_CREATE, IN_DELETE = 0x40, 0x80, 0x100, 0x200
IN_DELETE_SELF, IN_MOVE_SELF = 0x400, 0x800
WRITES = (
    IN_MODIFY
    | IN_ATTRIB
    | IN_CLOSE_WRITE
    | IN_MOVED_FROM
    | IN_MOVED_TO
    | IN_CREATE
    | IN_DELETE
    | IN_DELETE_SELF
    | IN_MOVE_SELF
)
"""Any write, attribute change, creation, deletion or move."""

_EVENT = struct.Struct("iIII")  # wd, mask, cookie, len; then the name, NUL-padded


class Inotify:
    """Watch ``folders`` (not recursively) for the events in ``mask``."""

    def __init__(self, folders: Iterable[Path], mask: int) -> None:
        self.fd = -1
        self.paths: dict[int, Path] = {}
        name = ctypes.util.find_library("c")
        if name is None:
            return
        libc = ctypes.CDLL(name, use_errno=True)
        if not hasattr(libc, "inotify_init1"):
            return
        fd = libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        if fd < 0:
            return
        self.fd = fd
        for folder in folders:
            wd = libc.inotify_add_watch(fd, os.fsencode(folder), mask)
            if wd >= 0:
                self.paths[wd] = folder

    @property
    def active(self) -> bool:
        """Whether events are being recorded."""
        return self.fd >= 0 and bool(self.paths)

    def events(self) -> list[tuple[Path | None, str, int]]:
        """The events since the last call: (folder, file name or ``""``, mask)."""
        if self.fd < 0:
            return []
        seen: list[tuple[Path | None, str, int]] = []
        while True:
            try:
                chunk = os.read(self.fd, 65536)
            except BlockingIOError:
                return seen
            offset = 0
            while offset < len(chunk):
                wd, mask, _cookie, size = _EVENT.unpack_from(chunk, offset)
                start = offset + _EVENT.size
                name = chunk[start : start + size].rstrip(b"\0").decode()
                seen.append((self.paths.get(wd), name, mask))
                offset = start + size

    def close(self) -> None:
        """Stop watching."""
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

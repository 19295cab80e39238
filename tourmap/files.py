"""Writing files so that nothing is ever half-written, nor left behind."""

from __future__ import annotations

import contextlib
import os
import re
import stat
from pathlib import Path
from typing import BinaryIO


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, then rename it over ``path``.

    ``path`` naming a symbolic link writes through it: the file it points to is replaced
    and the link stays. The file keeps the permissions it had, or a new one gets what the
    user's umask gives (the temporary file alone would be private to its owner).

    Where the system has unnamed temporary files (Linux's O_TMPFILE), the data is written
    to one and given a name only to be renamed at once: a process killed while it writes
    leaves nothing behind. Elsewhere the temporary name carries the writer's process id,
    and the next write beside it removes what a dead writer left.
    """
    path = Path(os.path.realpath(path)) if path.is_symlink() else path
    mode = _mode_for(path)
    _remove_stale(path)
    tmp = _write_unnamed(path, data, mode) or _write_named(path, data, mode)
    try:
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_unnamed(path: Path, data: bytes, mode: int) -> str | None:
    """``data`` in an unnamed file beside ``path``, named (a temporary name) once written;
    None where the system or the file system cannot do that."""
    if not hasattr(os, "O_TMPFILE") or not os.path.isdir("/proc/self/fd"):
        return None
    try:
        fd = os.open(path.parent, os.O_TMPFILE | os.O_WRONLY | os.O_CLOEXEC, mode)
    except OSError:
        return None
    with os.fdopen(fd, "wb") as handle:
        _fill(handle, data, mode)
        tmp = _temporary_name(path)
        try:
            os.link(f"/proc/self/fd/{handle.fileno()}", tmp, follow_symlinks=True)
        except OSError:  # e.g. EXDEV on an overlay file system
            return None
    return tmp


def _write_named(path: Path, data: bytes, mode: int) -> str:
    tmp = _temporary_name(path)
    try:
        with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600), "wb") as handle:
            _fill(handle, data, mode)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def _fill(handle: BinaryIO, data: bytes, mode: int) -> None:
    if hasattr(os, "fchmod"):
        os.fchmod(handle.fileno(), mode)
    handle.write(data)
    handle.flush()
    os.fsync(handle.fileno())


def _temporary_name(path: Path) -> str:
    return str(path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"))


_STALE = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[0-9a-f]{8}\.tmp$")


def _remove_stale(path: Path) -> None:
    """Remove temporary files of ``path`` whose writer is gone (killed mid-write)."""
    with contextlib.suppress(OSError):
        for entry in os.scandir(path.parent):
            found = _STALE.match(entry.name)
            if found and found["name"] == path.name and not process_alive(int(found["pid"])):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask

"""Reading the tour file while the window starts.

Before the window can show a tour, the file must be validated (pydantic: its import and
validator cost about 100 ms of Python) and drawn into page data. Done on a thread, that
Python competes with the main thread, which imports Qt and then serves Chromium's start:
the page came up 40 ms later. So the command line starts the reading before it imports
Qt, in a forked child process: the child validates on the second core while the parent
imports PySide6, and hands back the tour (plain dataclasses, see :mod:`tourmap.model`) and
the page data as one pickle. The main process never imports pydantic on the way to the
first frame.

Files above :data:`FORK_BELOW` are read on a thread instead: pickling a tour of 10,000
stops back would cost more than reading it in parallel saves. Where ``os.fork`` is
missing (or threads are already running, when forking is unsafe) the thread is used too.
"""

from __future__ import annotations

import gc
import os
import pickle
import select
import sys
import threading
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tourmap.errors import TourError

if TYPE_CHECKING:
    from tourmap.model import Tour

#: Files at least this big are read on a thread (see the module's docstring).
FORK_BELOW = 2 * 1024 * 1024


def read_tour(path: Path, trim: bool = True) -> tuple[Tour, bytes]:
    """The tour in ``path`` and its page data for the app; raises TourError.

    ``trim``: give the memory the reading freed back to the system (see load_tour).
    """
    from tourmap._perf import gc_paused
    from tourmap.loader import load_tour
    from tourmap.page import PageOptions, page_json

    # The collector paused for the page data too, and the new tour frozen out of its way
    # before it runs again: on a thread beside the window, its first collection walked the
    # million new objects with the GIL held and froze the window for 100-500 ms.
    with gc_paused():
        tour = load_tour(path, trim=trim)
        page = page_json(tour, PageOptions(mode="app"))
        gc.freeze()
    if trim and len(tour.stops) >= 1000:  # its page data was tens of megabytes of dicts, now dropped
        from tourmap._perf import release_free_memory

        release_free_memory()
    return tour, page


def _outcome(path: Path, trim: bool = True) -> tuple[str, Any]:
    """("ok", (tour, page data)), or ("bad", the TourError): what the child pipes back,
    and what a reading keeps."""
    try:
        return ("ok", read_tour(path, trim))
    except TourError as error:
        return ("bad", error)


class TourReading:
    """A tour file being read in the background; :meth:`result` waits for it.

    :meth:`fileno` becomes readable when the result is in, for an event loop to watch.
    """

    def __init__(self, path: Path, trim: bool = True) -> None:
        self.path = path
        self._trim = trim
        self._read_fd, self._write_fd = os.pipe()
        self._pid = 0
        self._thread: threading.Thread | None = None
        self._outcome: tuple[str, Any] | None = None
        self._thread_outcome: tuple[str, Any] | None = None
        #: True when the background reading failed and the file was read in this process.
        self.read_here = False

    @classmethod
    def start(cls, path: Path, thread: bool = True, trim: bool = True) -> TourReading:
        """Fork the reading off, or start it on a thread; with ``thread=False``, a reading
        that cannot fork waits for :meth:`start_thread` (or the first question about it).
        ``trim=False``: a thread beside a running window leaves the allocator alone (see
        load_tour): a trim of a big heap stalled the event loop for 200 ms.

        The command line starts the reading before it imports Qt, and so without a thread:
        a thread importing pydantic while the main thread imports PySide6 (whose signature
        loader hooks the import system) made an import fail now and then.
        """
        reading = cls(path, trim)
        if _can_fork() and _size(path) < FORK_BELOW:
            reading._fork()
        elif thread:
            reading.start_thread()
        return reading

    def start_thread(self) -> None:
        """Start reading on a thread, unless a child or a thread reads already."""
        if self._pid or self._thread is not None:
            return
        self._thread = threading.Thread(target=self._work_in_thread, name="tourmap-read", daemon=True)
        self._thread.start()

    def fileno(self) -> int:
        self.start_thread()
        return self._read_fd

    def done(self) -> bool:
        self.start_thread()
        return self._outcome is not None or bool(select.select([self._read_fd], [], [], 0)[0])

    def result(self) -> tuple[Tour, bytes]:
        """The tour and its page data; raises :class:`TourError` for a bad file."""
        self.start_thread()
        if self._outcome is None:
            self._outcome = self._collect()
        kind, value = self._outcome
        if kind == "bad":
            raise value
        if kind == "failed":  # the child died or broke: read the file here, say it ourselves
            self.read_here = True
            self._outcome = _outcome(self.path)
            return self.result()
        if kind == "raised":
            raise value
        return value

    # -- child process --------------------------------------------------------------------

    def _fork(self) -> None:
        pid = os.fork()
        if pid:
            os.close(self._write_fd)
            self._pid = pid
            return
        # The child: nothing but the reading, then leave without running the parent's
        # exit handlers or flushing its buffers.
        status = 0
        try:
            os.close(self._read_fd)
            data = pickle.dumps(_outcome(self.path), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(self._write_fd, "wb") as out:
                out.write(data)
        except BaseException:
            traceback.print_exc()
            status = 1
        finally:
            os._exit(status)

    def _collect(self) -> tuple[str, Any]:
        if self._thread is not None:
            self._thread.join()
            os.close(self._read_fd)
            assert self._thread_outcome is not None
            return self._thread_outcome
        chunks = []
        with os.fdopen(self._read_fd, "rb") as source:
            while chunk := source.read(1 << 20):
                chunks.append(chunk)
        os.waitpid(self._pid, 0)
        try:
            return pickle.loads(b"".join(chunks))
        except Exception:
            return ("failed", None)

    # -- thread ---------------------------------------------------------------------------

    def _work_in_thread(self) -> None:
        try:
            self._thread_outcome = _outcome(self.path, self._trim)
        except BaseException as error:
            self._thread_outcome = ("raised", error)
        finally:
            os.write(self._write_fd, b"\n")
            os.close(self._write_fd)


def _can_fork() -> bool:
    # fork() copies only the calling thread; with others running (Qt's and Chromium's
    # included, which Python does not count), a lock one of them held would stay locked in
    # the child forever. The command line starts the reading before any exist.
    if not (hasattr(os, "fork") and sys.platform.startswith("linux")):
        return False
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return threading.active_count() == 1


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # missing or unreadable: the reader says so, quickly

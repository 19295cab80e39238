"""Small tools for the hot paths of big tours."""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while building many small objects.

    A tour of 10,000 stops is a million Python objects; every few hundred new objects the
    collector may walk them all, which tripled the time to load and to build its page.
    Nothing built under it forms reference cycles, so there is nothing to collect.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def release_free_memory() -> None:
    """Give the heap's free pages back to the system (glibc's ``malloc_trim``).

    Reading a tour of 10,000 stops frees about 100 MiB of parser working memory that the
    C allocator would otherwise keep mapped for the life of the process. Elsewhere a no-op.
    """
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        trim = ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # musl and other C libraries
        return
    trim(0)


def free_piecewise(parts: list[Any]) -> None:
    """Empty ``parts`` one item at a time. Freed at once, the page data or the stops of a
    10,000-stop tour go in one cascade of deallocations that holds the GIL for 70-80 ms;
    item by item, a thread doing this lets the window's thread run between items."""
    while parts:
        parts.pop()


def free_in_background(parts: list[Any]) -> None:
    """:func:`free_piecewise` on a thread: the caller's last references to ``parts``'
    items may go now, cheaply (the list keeps them until the thread drops them)."""
    threading.Thread(target=free_piecewise, args=(parts,), name="tourmap-free", daemon=True).start()

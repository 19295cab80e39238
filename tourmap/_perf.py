"""Small tools for the hot paths of big tours."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


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

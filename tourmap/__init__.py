"""tourmap: put a diplomatic tour on a map.

The package root is Qt-free: importing it (or running ``tourmap validate``) never loads
PySide6. The GUI and the offscreen renderer live in :mod:`tourmap._qt`.

The names below load on first use (PEP 562): the window's start-up reads the tour in a
child process (pydantic lives there) while this one imports PySide6, so importing the
package must not pull the loader in.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_LAZY = {
    "TourError": "tourmap.errors",
    "load_tour": "tourmap.loader",
    "save_tour": "tourmap.loader",
    "AgendaItem": "tourmap.model",
    "Source": "tourmap.model",
    "Stop": "tourmap.model",
    "Tour": "tourmap.model",
}

if TYPE_CHECKING:
    from tourmap.errors import TourError
    from tourmap.loader import load_tour, save_tour
    from tourmap.model import AgendaItem, Source, Stop, Tour


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'tourmap' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])


__all__ = ["AgendaItem", "Source", "Stop", "Tour", "TourError", "__version__", "load_tour", "save_tour"]

"""tourmap: put a diplomatic tour on a map.

The package root is Qt-free: importing it (or running ``tourmap validate``) never loads
PySide6. The GUI and the offscreen renderer live in :mod:`tourmap._qt`.
"""

from __future__ import annotations

__version__ = "0.1.0"

from tourmap.errors import TourError
from tourmap.loader import load_tour, save_tour
from tourmap.model import AgendaItem, Source, Stop, Tour

__all__ = ["AgendaItem", "Source", "Stop", "Tour", "TourError", "__version__", "load_tour", "save_tour"]

"""Floor: a bare QWebEngineView process showing a minimal Leaflet page with one marker.

    python bench/probe_floor.py        (prints one "BENCH {json}" line)

The least any Leaflet-in-Qt app can do: start Python, import PySide6, start WebEngine, load
the vendored Leaflet from a file:// page, add one marker, paint two frames. No tourmap code.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c

T0 = c.t0()


def main() -> int:
    c.chromium_flags()
    from PySide6 import QtWebEngineWidgets  # noqa: F401  (must come before the QApplication)
    from PySide6.QtWidgets import QApplication

    t_import = time.time()
    app = QApplication([sys.argv[0]])
    folder = Path(tempfile.mkdtemp(prefix="tourmap-bench-floor-"))
    page = folder / "floor.html"
    page.write_text(c.leaflet_page("var map = L.map('map').setView([35.7, 139.7], 3); L.marker([35.7, 139.7]).addTo(map);"), encoding="utf-8")

    marks: dict[str, float] = {}
    view, markers = c.load_bare_page(page, marks, 60, what="floor page")
    memory = c.memory_tree()
    memory['cpu_s'] = c.cpu_tree()
    c.emit(
        {
            "probe": "floor",
            "ready_s": marks["ready"] - T0,
            "import_s": t_import - T0,
            "load_finished_s": marks.get("load_finished", float("nan")) - T0,
            "markers": markers,
            **memory,
        }
    )
    view.close()
    del view, app
    return 0


if __name__ == "__main__":
    sys.exit(main())

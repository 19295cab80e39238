"""Warm export: PNG exports of the bundled tour from an open window, plus a bare page load.

    python bench/probe_export.py [--runs N] [--size 1600x1000]     (one "BENCH {json}" line)

One process: the main window on the bundled tour, ready. Then ``window.export_to`` with an
ExportRequest for a PNG: the first call creates the window's offscreen renderer and loads
the export page ("first in window"); later calls reuse it ("warm"). For comparison, the
same process loads the minimal Leaflet page (one marker, vendored Leaflet, file://) in a
new bare QWebEngineView until the marker is painted ("bare page load, warm engine").
The cold export (a fresh ``python -m tourmap export`` process) is timed by run.py.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def bare_load(folder: Path) -> float:
    from PySide6.QtCore import QUrl
    from PySide6.QtWebEngineWidgets import QWebEngineView

    page = folder / f"bare-{time.monotonic_ns()}.html"
    page.write_text(c.leaflet_page("var map = L.map('map').setView([35.7, 139.7], 3); L.marker([35.7, 139.7]).addTo(map);"), encoding="utf-8")
    view = QWebEngineView()
    view.resize(1600, 1000)
    marks: dict[str, float] = {}
    view.titleChanged.connect(lambda title: marks.setdefault("ready", time.perf_counter()) if title.startswith("bench-ready:") else None)
    view.show()
    t0 = time.perf_counter()
    view.load(QUrl.fromLocalFile(str(page)))
    c.spin(lambda: "ready" in marks, 60, 1, "bare page")
    elapsed = marks["ready"] - t0
    view.close()
    view.deleteLater()
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--size", default="1600x1000")
    args = parser.parse_args()
    size = tuple(int(v) for v in args.size.split("x"))

    from PySide6.QtWidgets import QApplication

    import tourmap.app  # noqa: F401  (flags and scheme before the QApplication)
    from tourmap.app import create_window
    from tourmap.exporting import ExportRequest

    _app = QApplication.instance() or QApplication([sys.argv[0]])  # kept alive for the run
    window = create_window()
    window.resize(1400, 900)
    window.show()
    c.spin(lambda: window.map.is_ready, 120, 5, "map ready")
    c.sleep_qt(0.3)
    folder = Path(tempfile.mkdtemp(prefix="tourmap-bench-export-"))

    times = []
    sizes = []
    for n in range(args.runs + 1):
        out = folder / f"export-{n}.png"
        t0 = time.perf_counter()
        window.export_to(ExportRequest(output=out, size=size))
        times.append(time.perf_counter() - t0)
        sizes.append(out.stat().st_size)
        c.sleep_qt(0.1)
    bare = []
    for _ in range(max(3, args.runs // 2)):
        bare.append(bare_load(folder))
        c.sleep_qt(0.1)
    c.emit(
        {
            "probe": "export_warm",
            "size": list(size),
            "first_in_window_s": times[0],
            "warm_s": times[1:],
            "png_bytes": sizes[-1],
            "bare_page_load_warm_s": bare,
        }
    )
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())

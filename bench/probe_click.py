"""Click to panel: real mouse clicks on map markers until the panel shows that stop's agenda.

    python bench/probe_click.py [TOUR] [--clicks N]      (prints one "BENCH {json}" line)

One process, one window (1400x900). Each click is a QTest mouse click on the web view's
focus proxy at the marker's on-screen position; the clock runs from just before the click
until ``window.panel.visible_item_titles()`` lists exactly that stop's agenda titles
(the old cards deleted, the new ones built). Consecutive clicks go to different stops, so
each one changes the selection. The time the selection model changed is recorded too, to
split page + bridge from the panel's own work.

For tours drawn on a canvas (no element per marker) the map is zoomed in on one region
and the clicks go to dots at least 30 px from any other stop, at positions computed by
Leaflet itself (``latLngToContainerPoint``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

STATE = "window.tourmap.stateJson()"
FIND_MAP = "Object.keys(window).filter(function (k) { return k.indexOf('map_') === 0 && window[k] instanceof L.Map; })[0]"


def open_window(path: str | None):
    from tourmap.app import create_window

    window = create_window(path)
    window.resize(1400, 900)
    window.show()
    c.spin(lambda: window.map.is_ready, 120, 5, "map ready")
    c.spin(lambda: c.run_js(window.map.page(), STATE)["ready"], 60, 5, "page ready")
    return window


def settle(window) -> dict:
    """Marker positions once they stop moving (pan/fly animations end)."""
    last = None
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        state = c.run_js(window.map.page(), STATE)
        positions = [(m["id"], round(m["x"]), round(m["y"])) for m in state["markers"]] + [tuple(state["center"]), state["zoom"]]
        if positions == last:
            return state
        last = positions
        c.sleep_qt(0.05)
    return state


def canvas_targets(window, count: int) -> list[tuple[str, float, float]]:
    """Isolated dots in view after zooming in: (stop id, x, y) in view coordinates."""
    tour = window.tour
    page = window.map.page()
    name = c.run_js(page, FIND_MAP)
    dots = "window.tourmap.dotsInView()"
    # Zoom in on the middle stop of the tour, where a random walk leaves dots of its own.
    middle = tour.stops[len(tour.stops) // 2]
    c.run_js(page, f"window['{name}'].setView([{middle.lat}, {middle.lon}], 6, {{animate: false}}); true")
    settle(window)
    points = c.run_js(page, dots)
    w, h = window.map.width(), window.map.height()
    chosen = []
    for stop_id, x, y in points:
        if not (60 < x < w - 60 and 60 < y < h - 60):
            continue
        if all((x - x2) ** 2 + (y - y2) ** 2 > 30**2 for other, x2, y2 in points if other != stop_id):
            chosen.append((stop_id, x, y))
        if len(chosen) >= count:
            break
    return chosen


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("tour", nargs="?")
    parser.add_argument("--clicks", type=int, default=40)
    args = parser.parse_args()

    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    import tourmap.app  # noqa: F401  (flags and scheme before the QApplication)

    _app = QApplication.instance() or QApplication([sys.argv[0]])  # kept alive for the run
    window = open_window(args.tour)
    tour = window.tour
    panel = window.panel
    target = window.map.focusProxy() or window.map
    from tourmap.page.builder import CANVAS_THRESHOLD

    canvas = len(tour.stops) > CANVAS_THRESHOLD
    initial = settle(window)

    def expected(stop_id: str) -> list[str]:
        stop = tour.stops[tour.stop_index[stop_id]]
        return sorted(item.title for item in stop.agenda)  # the probe sets no filter

    if canvas:
        targets = canvas_targets(window, 8)
        if len(targets) < 2:
            raise SystemExit("no isolated dots to click")
    marks: dict[str, float] = {}
    panel.selection.currentChanged.connect(lambda *_: marks.setdefault("selection", time.perf_counter()))

    total, to_selection, misses = [], [], 0
    for n in range(args.clicks):
        if canvas:
            stop_id, x, y = targets[n % len(targets)]
        else:
            state = settle(window)
            markers = state["markers"]
            current = state["selected"]
            candidates = [m for m in markers if m["id"] != current]
            marker = candidates[n % len(candidates)]
            stop_id, x, y = marker["id"], marker["x"], marker["y"]
        want = expected(stop_id)
        marks.clear()
        t0 = time.perf_counter()
        QTest.mouseClick(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(round(x), round(y)))
        try:
            c.spin(lambda: window.selected_stop_id() == stop_id and sorted(panel.visible_item_titles()) == want, 5, 1, f"panel for {stop_id}")
        except TimeoutError:
            misses += 1
            continue
        t1 = time.perf_counter()
        total.append(t1 - t0)
        if "selection" in marks:
            to_selection.append(marks["selection"] - t0)
        QTest.mouseMove(target, QPoint(5, 5))
        c.sleep_qt(0.12)
    c.emit(
        {
            "probe": "click",
            "tour": args.tour or "bundled",
            "stops": len(tour.stops),
            "canvas": canvas,
            "selected_at_start": initial["selected"],
            "clicks": len(total),
            "misses": misses,
            "click_to_panel_s": total,
            "click_to_selection_s": to_selection,
            "median_ms": round(statistics.median(total) * 1000, 2) if total else None,
            **c.memory_tree(),
        }
    )
    sys.stdout.flush()
    os._exit(0 if total and not misses else 3)


if __name__ == "__main__":
    sys.exit(main())

"""Responsiveness of a big tour once it is on screen: list -> map selection, panning,
zooming and the agenda filter.

    python bench/probe_interact.py TOUR [--repeat N]       (prints one "BENCH {json}" line)

One process, one window (1400x900) on TOUR, ready. Then:

* select (list -> map): ``window.select_stop(id)`` as the stop list does it; the time the
  Python side takes (panel built, list scrolled, page told), and the time until the page
  has that stop's marker in the DOM with ``data-selected="true"``. The map then flies
  there (0.6 s); the longest gap between animation frames during the flight is recorded.
* pan: ``map.panBy([300, 0])`` without animation, timed in the page from the call until
  two animation frames later (everything redrawn); and a real mouse drag (QTest press,
  12 moves, release) with the longest frame gap during it.
* zoom: ``map.setZoom(z +- 1)`` without animation, likewise.
* filter: typing a word into the agenda search field (QTest key clicks): time per
  keystroke, and from the last key until the stop list is filtered (includes the field's
  120 ms debounce), plus how long the filter itself ran.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import itertools

import _common as c
from probe_click import FIND_MAP, open_window, settle

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SELECTED = "(function(){var n=document.querySelector('[data-selected=\"true\"][data-stop-id]');return n?n.dataset.stopId:'';})()"
FRAMES_START = (
    "window.__tmFrames=[];window.__tmFramesOn=true;"
    "(function f(t){window.__tmFrames.push(t);if(window.__tmFramesOn)requestAnimationFrame(f);})(performance.now());true"
)
FRAMES_STOP = "window.__tmFramesOn=false;JSON.stringify(window.__tmFrames)"
TIMED = """
(function () {
  window.__tmTimed = null;
  var m = window[%(map)s];
  var t0 = performance.now();
  %(action)s;
  var t1 = performance.now();
  requestAnimationFrame(function () { requestAnimationFrame(function () {
    window.__tmTimed = JSON.stringify({sync: t1 - t0, frames: performance.now() - t0});
  }); });
  return true;
})()
"""


def max_gap_ms(frames: list[float]) -> float:
    return round(max((b - a for a, b in itertools.pairwise(frames)), default=0.0), 1)


def timed(page, name: str, action: str) -> dict:
    c.run_js(page, TIMED % {"map": repr(name), "action": action})
    return c.spin(lambda: c.run_js(page, "window.__tmTimed"), 10, 1, "timed action")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("tour")
    parser.add_argument("--repeat", type=int, default=8)
    args = parser.parse_args()

    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    import tourmap.app  # noqa: F401

    _app = QApplication.instance() or QApplication([sys.argv[0]])  # kept alive for the run
    window = open_window(args.tour)
    page = window.map.page()
    tour = window.tour
    settle(window)
    name = c.run_js(page, FIND_MAP)
    result: dict = {"probe": "interact", "tour": args.tour, "stops": len(tour.stops)}

    # -- list -> map selection ----------------------------------------------------------
    step = max(1, len(tour.stops) // (args.repeat + 1))
    py_ms, page_ms, fly_gap = [], [], []
    for k in range(args.repeat):
        stop = tour.stops[(k + 1) * step]
        c.run_js(page, FRAMES_START)
        t0 = time.perf_counter()
        window.select_stop(stop.id)
        t1 = time.perf_counter()
        c.spin(lambda: c.run_js(page, SELECTED) == stop.id, 10, 1, f"{stop.id} selected in page")
        t2 = time.perf_counter()
        c.sleep_qt(0.8)  # the flight
        fly_gap.append(max_gap_ms(c.run_js(page, FRAMES_STOP)))
        py_ms.append((t1 - t0) * 1000)
        page_ms.append((t2 - t0) * 1000)
    result["select_python_ms"] = py_ms
    result["select_to_page_ms"] = page_ms
    result["select_fly_max_frame_gap_ms"] = fly_gap

    # -- pan and zoom -----------------------------------------------------------------------
    c.run_js(page, f"window['{name}'].setView([20, 0], 2, {{animate: false}}); true")
    settle(window)
    pans = [timed(page, name, f"m.panBy([{300 if k % 2 else -300}, 0], {{animate: false}})") for k in range(args.repeat)]
    result["pan_sync_ms"] = [p["sync"] for p in pans]
    result["pan_to_frame_ms"] = [p["frames"] for p in pans]
    zooms = [timed(page, name, f"m.setZoom(m.getZoom() + {1 if k % 2 == 0 else -1}, {{animate: false}})") for k in range(args.repeat)]
    result["zoom_sync_ms"] = [z["sync"] for z in zooms]
    result["zoom_to_frame_ms"] = [z["frames"] for z in zooms]

    target = window.map.focusProxy() or window.map
    drag_gaps = []
    for k in range(max(3, args.repeat // 2)):
        c.run_js(page, FRAMES_START)
        x0, y0 = window.map.width() // 2, window.map.height() // 2
        QTest.mousePress(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(x0, y0))
        for i in range(1, 13):
            QTest.mouseMove(target, QPoint(x0 + (i * 15 if k % 2 == 0 else -i * 15), y0 + i * 3))
            c.sleep_qt(0.016)
        QTest.mouseRelease(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(x0 + (180 if k % 2 == 0 else -180), y0 + 36))
        c.sleep_qt(0.4)
        drag_gaps.append(max_gap_ms(c.run_js(page, FRAMES_STOP)))
    result["drag_max_frame_gap_ms"] = drag_gaps

    # -- agenda filter ----------------------------------------------------------------------
    panel = window.panel
    filter_ms: list[float] = []
    original = panel._apply_filter

    def apply_filter() -> None:
        t = time.perf_counter()
        original()
        filter_ms.append((time.perf_counter() - t) * 1000)

    panel._search_timer.timeout.disconnect()
    panel._search_timer.timeout.connect(apply_filter)
    done: dict[str, float] = {}
    panel.filterChanged.connect(lambda: done.setdefault("t", time.perf_counter()))
    per_key, last_to_filtered, matches = [], [], []
    for word in ("cable", "semiconductor", "fisheries", "kyodo")[: max(2, args.repeat // 2)]:
        panel.search.clear()
        c.sleep_qt(0.3)
        filter_ms.clear()
        done.clear()
        panel.search.setFocus()
        t0 = time.perf_counter()
        QTest.keyClicks(panel.search, word)
        t1 = time.perf_counter()
        c.spin(lambda: "t" in done, 30, 1, "filter applied")
        per_key.append((t1 - t0) * 1000 / len(word))
        last_to_filtered.append((done["t"] - t1) * 1000)
        model = panel.model
        matches.append(sum(1 for row in range(model.rowCount()) if model.data(model.index(row), model.MatchesRole)))
    result["filter_keystroke_ms"] = per_key
    result["filter_last_key_to_filtered_ms"] = last_to_filtered
    result["filter_run_ms"] = filter_ms[-1:] if filter_ms else []
    result["filter_matching_stops"] = matches
    panel.search.clear()
    result.update(c.memory_tree())
    c.emit(result)
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())

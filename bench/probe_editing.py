"""Editing a big tour (issue 14): marker drag, undo of a move, Save, an item's title.

    python bench/probe_editing.py TOUR [--repeat N]       (prints one "BENCH {json}" line)

One window (1400x900) on TOUR, ready, a stop in the middle selected (its DOM marker is
the draggable one on a big tour's canvas).

* drag step: a real mouse drag of the selected marker (QTest press, 40 moves, release);
  the page times each step from its drag event to the next animation frame (the frame
  that shows the moved legs), ``dragSteps`` in its state, and the step's own work (two
  great circles, two lines and labels moved), ``dragWork``. Median and 95th percentile.
  Offscreen, frames come when Chromium's software compositor gets to them: run it on a
  display (Xvfb) for frame times a screen would give.
* undo of a move: after the drag's MoveStop, ``undo_stack.undo()`` - the Python side
  (document swap, list, panel, page told), then until the page has the stop back.
* save: ``window.save_to(path)`` of the whole tour (canonical text, atomic write).
* item title: an EditItem of the selected stop's first item, pushed, until the panel's
  agenda shows the new title (the panel is updated in the push, synchronously).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c
from probe_click import STATE, open_window, settle

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Its edits are journalled: never into the user's state folder (tourmap would offer them back).
os.environ.setdefault("TOURMAP_STATE_DIR", tempfile.mkdtemp(prefix="tourmap-bench-state-"))


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("tour")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    c.chromium_flags()
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    import tourmap._qt.scheme  # noqa: F401
    from tourmap._qt import commands

    app = QApplication.instance() or QApplication([])
    window = open_window(args.tour)
    document = window.document
    tour = document.tour
    stop = tour.stops[len(tour.stops) // 2]
    window.select_stop(stop.id)
    page = window.map.page()
    target = window.map.focusProxy() or window.map

    steps: list[float] = []
    work: list[float] = []
    undo_python: list[float] = []
    undo_page: list[float] = []
    for _ in range(args.repeat):
        state = settle(window)
        marker = next(m for m in state["markers"] if m["id"] == stop.id)
        start = QPoint(round(marker["x"]), round(marker["y"]))
        before = document.undo_stack.index()
        QTest.mousePress(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
        for k in range(1, 41):
            QTest.mouseMove(target, start + QPoint(2 * k, k), 15)
        QTest.mouseRelease(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start + QPoint(80, 40), 15)
        c.spin(lambda before=before: document.undo_stack.index() > before, 10, what="the drag's move")
        c.sleep_qt(0.1)  # the last step's frame
        state = c.run_js(page, STATE)
        steps += state["dragSteps"]
        work += state["dragWork"]
        original = stop.lat
        t = time.perf_counter()
        document.undo_stack.undo()
        undo_python.append(time.perf_counter() - t)
        script = f"JSON.stringify(TM.stopById({stop.id!r}).lat)"
        c.spin(lambda: float(c.run_js(page, script)) == original, 10, what="the page's stop back")
        undo_page.append(time.perf_counter() - t)

    saves = []
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "tour.json"
        for _ in range(args.repeat):
            t = time.perf_counter()
            assert window.save_to(out)
            saves.append(time.perf_counter() - t)

    titles = []
    for n in range(args.repeat):
        title = f"Edited title {n}"
        t = time.perf_counter()
        document.push(commands.EditItem(document, stop.id, 0, title=title))
        c.spin(lambda title=title: title in window.panel.visible_item_titles(), 10, what="the new title in the panel")
        titles.append(time.perf_counter() - t)

    steps.sort()
    c.emit(
        {
            "probe": "editing",
            "tour": args.tour,
            "stops": len(tour.stops),
            "drag_step_ms_median": round(statistics.median(steps), 2),
            "drag_step_ms_p95": round(steps[int(0.95 * (len(steps) - 1))], 2),
            "drag_steps": len(steps),
            "drag_step_work_ms_median": round(statistics.median(work), 2),
            "undo_move_python_ms_median": _ms(statistics.median(undo_python)),
            "undo_move_to_page_ms_median": _ms(statistics.median(undo_page)),
            "save_s_median": round(statistics.median(saves), 3),
            "item_title_in_panel_ms_median": _ms(statistics.median(titles)),
        }
    )
    document.load(document.tour, None)  # no question at close
    window.close()
    app.quit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

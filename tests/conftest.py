"""Shared setup. Qt needs the app's URL scheme registered before the QApplication exists,
and pytest-qt creates that on first use of ``qapp``: so register it here, at import."""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if os.environ["QT_QPA_PLATFORM"] == "offscreen":
    # The offscreen screen is 800x800 by default, and the window fits itself to its screen:
    # tests get the 1600x1000 screen that xdrive.sh's Xvfb has, so windows keep their size.
    _screen = Path(tempfile.mkdtemp(prefix="tourmap-test-screen-")) / "screen.json"
    _screen.write_text(json.dumps({"screens": [{"name": "test", "x": 0, "y": 0, "width": 1600, "height": 1000, "logicalDpi": 96}]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_screen}"
# Settings written by tests go to a throwaway folder, never the developer's own.
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="tourmap-test-config-")
os.environ["TOURMAP_CACHE_DIR"] = tempfile.mkdtemp(prefix="tourmap-test-cache-")
os.environ["TOURMAP_STATE_DIR"] = tempfile.mkdtemp(prefix="tourmap-test-state-")  # recovery journals

from tourmap._qt.environment import prepare_webengine

prepare_webengine()
import tourmap._qt.scheme  # noqa: E402,F401  (registers tourmap:// before the QApplication)

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parents[1]


def wait_until(predicate: Callable[[], Any], timeout: float = 15.0, message: str = "condition") -> Any:
    """Spin the Qt event loop until ``predicate`` is truthy (usable outside qtbot's scope)."""
    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {message}")
        loop = QEventLoop()
        QTimer.singleShot(10, loop.quit)
        loop.exec()
        QCoreApplication.processEvents()


def run_js(view: Any, script: str, timeout: float = 10.0) -> Any:
    """Evaluate a script returning JSON text in the view's page; return the parsed value."""
    box: dict[str, Any] = {}
    view.page().runJavaScript(script, 0, lambda value: box.setdefault("value", value))
    wait_until(lambda: "value" in box, timeout, f"JavaScript: {script[:60]}")
    value = box["value"]
    return json.loads(value) if isinstance(value, str) and value else value


def leaflet_js(window: Any) -> str:
    """JavaScript naming the page's Leaflet map (folium calls it map_<hash>)."""
    name = run_js(window.map, "JSON.stringify(Object.keys(window).filter(function (k) { return k.indexOf('map_') === 0 && window[k] instanceof L.Map; })[0])")
    return f"window[{name!r}]"


def map_state(window: Any) -> dict[str, Any]:
    """The page's state; empty while a page is between loads (no tourmap object yet)."""
    state = run_js(window.map, "window.tourmap ? window.tourmap.stateJson() : '{}'")
    return state if isinstance(state, dict) else {}


def wait_map_ready(window: Any) -> None:
    """The map usable and its land drawn (the page says ready before the basemap is in)."""
    wait_until(lambda: window.map.is_ready, 20.0, "map ready")
    wait_until(lambda: map_state(window).get("ready") and map_state(window).get("basemap") == "loaded", 10.0, "page ready, basemap drawn")


def wait_map_still(window: Any) -> dict[str, Any]:
    """Wait until no pan, zoom or flight is under way and marker positions stop moving."""
    last: list[Any] = [None]

    def settled() -> dict[str, Any] | None:
        state = map_state(window)
        positions = [(m["id"], round(m["x"]), round(m["y"])) for m in state.get("markers", [])]
        if not state.get("ready") or state.get("moving"):
            return None
        if positions == last[0]:
            return state
        last[0] = positions
        time.sleep(0.05)
        return None

    return wait_until(settled, 10.0, "map to settle")


def click_marker(window: Any, stop_id: str) -> None:
    """A real mouse click at the marker's on-screen position (to the view's focus proxy)."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    state = wait_map_still(window)
    marker = next(m for m in state["markers"] if m["id"] == stop_id)
    target = window.map.focusProxy() or window.map
    QTest.mouseClick(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(round(marker["x"]), round(marker["y"])))


@pytest.fixture(scope="session")
def main_window(qapp: Any) -> Iterator[Any]:
    """One window on the bundled tour for the whole session: WebEngine pages are not free.

    Tests that change the window put it back (tour, selection, filter) when they finish.
    """
    from tourmap.app import create_window

    window = create_window()
    window.resize(1400, 900)
    window.show()
    wait_map_ready(window)
    yield window
    window.document.load(window.document.tour, window.path)  # no unsaved edits to ask about
    window.close()


@pytest.fixture
def window(main_window: Any) -> Iterator[Any]:
    """The shared window, reset to the bundled tour with nothing selected and no filter."""
    from tourmap.paths import bundled_tour

    if main_window.path != bundled_tour() or main_window.document.undo_stack.count() or main_window.document.dirty:
        from tourmap.loader import load_tour

        main_window.set_tour(load_tour(bundled_tour()), bundled_tour())  # edits dropped, no question asked
        wait_map_ready(main_window)
    main_window.panel.clear_filter()
    main_window.panel.selection.clearCurrentIndex()
    main_window.panel.selection.clearSelection()
    main_window.fit_all()
    if main_window.error_dialog is not None:
        main_window.error_dialog.close()
        main_window.error_dialog = None
    yield main_window


@pytest.fixture
def reframed(window: Any) -> Iterator[Any]:
    """The shared window, put back in frame at once after the test (the map at rest)."""
    yield window
    run_js(window.map, "window.tourmap.fitAll(false); 1")

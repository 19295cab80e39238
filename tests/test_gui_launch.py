"""The real launch path (tourmap.app.run, what `tourmap FILE` does), in its own process.

The page loads while a worker thread reads the tour, and the window is laid out off
screen until the tour is known to be good: when it shows, the map is ready, drawn for the
size it has, with every stop in view.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tourmap.paths import bundled_tour

pytestmark = pytest.mark.gui

SCRIPT = r"""
import json, sys
from pathlib import Path
import tourmap.app as app_module
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

app = QApplication([sys.argv[0]])
report = {}

def finish(text):
    report["page"] = json.loads(text)
    print("REPORT " + json.dumps(report), flush=True)
    app.exit(0)

def check():
    shown = [w for w in app.topLevelWidgets() if w.objectName() == "mainWindow" and w.isVisible()]
    if not shown or not shown[0].map.is_ready:
        QTimer.singleShot(20, check)
        return
    window = shown[0]
    report["off_screen"] = window.testAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    report["view"] = [window.map.width(), window.map.height()]
    report["rows"] = window.panel.model.rowCount()
    window.map.page().runJavaScript(
        "JSON.stringify({size: [innerWidth, innerHeight], ready: document.documentElement.dataset.ready,"
        " markers: Array.from(document.querySelectorAll('[data-stop-id]')).map(function (n) {"
        " var r = n.getBoundingClientRect(); return [n.dataset.stopId, r.left + r.width / 2, r.top + r.height / 2]; })})",
        0, finish)

QTimer.singleShot(0, check)
QTimer.singleShot(30000, lambda: app.exit(3))
sys.exit(app_module.run(Path(sys.argv[1])))
"""


def test_launch_shows_a_ready_map_framed_for_its_window(tmp_path):
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "config"), QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", SCRIPT, str(bundled_tour())], capture_output=True, text=True, timeout=90, env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(next(line for line in result.stdout.splitlines() if line.startswith("REPORT "))[7:])
    assert report["off_screen"] is False
    assert report["rows"] == 3
    page = report["page"]
    assert page["ready"] == "true"
    assert page["size"] == report["view"], "the page must know the view's real size"
    width, height = report["view"]
    ids = [m[0] for m in page["markers"]]
    assert ids == ["sepang", "tokyo", "seoul"]
    # Framed: every marker well inside the view (the page pads the tour by 64 px).
    for stop_id, x, y in page["markers"]:
        assert 40 <= x <= width - 40 and 40 <= y <= height - 40, (stop_id, x, y, width, height)


@pytest.mark.parametrize(("name", "status"), [("SIGINT", 130), ("SIGTERM", 143)])
def test_a_signal_closes_the_window_with_its_conventional_status(tmp_path, name, status):
    """Ctrl+C in the terminal stops the window, whose event loop waits in C++ (where Python
    runs no signal handler): exit 130, no traceback, the window's settings saved."""
    script = (
        "import os, signal, sys\nfrom pathlib import Path\nimport tourmap.app as app_module\n"
        "from PySide6.QtCore import QTimer\nfrom PySide6.QtWidgets import QApplication\n"
        "app = QApplication([sys.argv[0]])\n"
        "def check():\n"
        "    shown = [w for w in app.topLevelWidgets() if w.objectName() == 'mainWindow' and w.isVisible() and w.map.is_ready]\n"
        f"    os.kill(os.getpid(), signal.{name}) if shown else QTimer.singleShot(20, check)\n"
        "QTimer.singleShot(0, check)\n"
        "sys.exit(app_module.run(Path(sys.argv[1])))\n"
    )
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "config"), QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", script, str(bundled_tour())], capture_output=True, text=True, timeout=90, env=env)
    assert result.returncode == status, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert list((tmp_path / "config").rglob("*.conf")), "settings saved on the way out"


IMPORT_SCRIPT = r"""
import json, sys
from pathlib import Path
import tourmap.app as app_module
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

app = QApplication([sys.argv[0]])

def check():
    shown = [w for w in app.topLevelWidgets() if w.objectName() == "mainWindow" and w.isVisible()]
    if not shown or not shown[0].map.is_ready or shown[0].tour.title != sys.argv[2]:
        QTimer.singleShot(20, check)
        return
    window = shown[0]
    ids = [stop.id for stop in window.tour.stops]
    print("REPORT " + json.dumps({"ids": ids, "path": str(window.path), "dirty": window.document.dirty}), flush=True)
    window.document.undo_stack.setClean()  # no question about unsaved changes on the way out
    app.exit(0)

QTimer.singleShot(0, check)
QTimer.singleShot(30000, lambda: app.exit(3))
sys.exit(app_module.run(Path(sys.argv[1])))
"""


def test_launch_on_a_geojson_file_imports_it_as_a_new_unsaved_tour(tmp_path):
    from tourmap import load_tour
    from tourmap.formats import format_named

    tour = load_tour(bundled_tour())
    data = tmp_path / "asia.geojson"
    format_named("geojson").write(tour, data)
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_STATE_HOME=str(tmp_path / "state"), QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", IMPORT_SCRIPT, str(data), tour.title], capture_output=True, text=True, timeout=90, env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(next(line for line in result.stdout.splitlines() if line.startswith("REPORT "))[7:])
    assert report == {"ids": ["sepang", "tokyo", "seoul"], "path": "None", "dirty": True}

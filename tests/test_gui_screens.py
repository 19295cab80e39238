"""Any screen, any size: a restored window fits its screen; a small window keeps the stop
list usable."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from helpers_tour import minimal_tour, write_json
from PySide6.QtWidgets import QApplication

pytestmark = pytest.mark.gui

SCRIPT = r"""
import sys
import tourmap.app
from PySide6.QtWidgets import QApplication
app = QApplication([sys.argv[0]])
from tourmap._qt.main_window import MainWindow
window = MainWindow()
if sys.argv[1] == "save":
    window.resize(1400, 900)
window.show()
app.processEvents()
if sys.argv[1] == "save":
    window.save_settings()
room, frame = window.screen().availableGeometry(), window.frameGeometry()
print("GEOMETRY", room.width(), room.height(), frame.x(), frame.y(), frame.width(), frame.height(), flush=True)
window.discard()
"""


def _run(tmp_path, mode: str, **env: str) -> list[int]:
    screen = tmp_path / "screen.json"  # the offscreen platform's screen: 1600 x 1000 pixels
    screen.write_text(json.dumps({"screens": [{"name": "s", "x": 0, "y": 0, "width": 1600, "height": 1000, "logicalDpi": 96, "dpr": 1}]}))
    full = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "config"), QT_QPA_PLATFORM=f"offscreen:configfile={screen}", **env)
    result = subprocess.run([sys.executable, "-c", SCRIPT, mode], capture_output=True, text=True, timeout=90, env=full)
    assert result.returncode == 0, result.stderr[-2000:]
    line = next(line for line in result.stdout.splitlines() if line.startswith("GEOMETRY "))
    return [int(v) for v in line.split()[1:]]


def test_a_restored_window_is_never_larger_than_its_screen(tmp_path):
    """Saved at 1400 x 900 on a 1600 x 1000 screen; opened again at QT_SCALE_FACTOR=2 the
    screen holds 800 x 500 (device-independent pixels)."""
    room_w, room_h, _x, _y, w, h = _run(tmp_path, "save")
    assert (room_w, room_h) == (1600, 1000) and w >= 1400 and h >= 900  # with the frame
    room_w, room_h, x, y, w, h = _run(tmp_path, "load", QT_SCALE_FACTOR="2")
    assert (room_w, room_h) == (800, 500)
    assert w <= room_w and h <= room_h, (w, h)
    assert 0 <= x <= room_w - w and 0 <= y <= room_h - h, (x, y)


def test_at_800_by_600_the_stop_list_shows_rows_and_keeps_the_selected_one_in_view(window, tmp_path, qtbot):
    doc = minimal_tour()
    template = doc["stops"][0]
    doc["stops"] = [dict(template, id=f"s{i}", name=f"Stop {i + 1}", lat=10 + i * 0.5, lon=100 + i * 0.5) for i in range(30)]
    path = write_json(tmp_path / "thirty.json", doc)
    before = window.size()
    assert window.open_path(path)
    stops = window.panel.stop_list
    try:
        window.resize(1400, 900)
        window.select_stop("s20")
        qtbot.waitUntil(lambda: stops.viewport().rect().contains(stops.visualRect(stops.currentIndex())))
        window.resize(800, 600)
        QApplication.processEvents()
        qtbot.waitUntil(lambda: window.height() == 600)
        row = stops.sizeHintForRow(0)
        assert stops.viewport().height() >= 4 * row, (stops.viewport().height(), row)
        assert stops.viewport().rect().contains(stops.visualRect(stops.currentIndex())), "the selected stop is in view"
        # Next Stop at the small size scrolls along.
        for _ in range(5):
            window.step(1)
        assert window.selected_stop_id() == "s25"
        assert stops.viewport().rect().contains(stops.visualRect(stops.currentIndex()))
    finally:
        window.resize(before)

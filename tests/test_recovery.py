"""Nothing lost: unsaved edits are journalled within 2 s and offered back after a crash;
a save killed at any moment leaves the old file or the new one, whole, and no temporary
files."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import wait_map_ready

from tourmap import recovery
from tourmap._qt import commands
from tourmap.loader import load_tour, save_tour
from tourmap.paths import bundled_tour

pytestmark = pytest.mark.gui


def _copy(tmp_path: Path) -> Path:
    path = tmp_path / "tour.json"
    path.write_bytes(bundled_tour().read_bytes())
    return path


def test_unsaved_edits_are_journalled_within_two_seconds_and_saving_removes_them(window, tmp_path, qtbot):
    path = _copy(tmp_path)
    assert window.open_path(path)
    journal = recovery.journal_path()
    assert not journal.exists()
    window.document.push(commands.EditTour(window.document, title="Journalled"))
    edited = time.monotonic()
    qtbot.waitUntil(journal.exists, timeout=2000)
    assert time.monotonic() - edited < 2.0
    head, tour = journal.read_bytes().split(b"\n", 1)
    assert json.loads(head)["path"] == str(path) and json.loads(tour)["title"] == "Journalled"
    assert window.save()
    qtbot.waitUntil(lambda: not journal.exists(), timeout=2000)


_CRASH = """
import os, signal, sys
from PySide6.QtWidgets import QApplication
from tourmap.app import create_window
from tourmap._qt import commands
app = QApplication([])
window = create_window(sys.argv[1])
window.show()
window.document.push(commands.EditTour(window.document, title="Edited before the crash"))
window.document.push(commands.MoveStop(window.document, "tokyo", 36.0, 140.0))
from PySide6.QtCore import QTimer
QTimer.singleShot(2500, lambda: os.kill(os.getpid(), signal.SIGKILL))
app.exec()
"""


def test_after_a_kill_the_next_start_offers_the_edits_back(window, tmp_path, qtbot):
    path = _copy(tmp_path)
    before = path.read_bytes()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", _CRASH, str(path)], env=env, capture_output=True, timeout=120)
    assert result.returncode == -signal.SIGKILL, result.stderr[-2000:]
    assert path.read_bytes() == before  # the file was never touched
    box = window.offer_recovery()
    assert box is not None and box.objectName() == "recoveryDialog" and box.isVisible()
    assert str(path) in box.text()
    assert "last written at" in box.informativeText()
    next(b for b in box.buttons() if b.text() == "Restore").click()
    wait_map_ready(window)
    assert window.path == path and window.tour.title == "Edited before the crash"
    assert window.tour.stops[1].lat == 36.0
    assert window.document.dirty and window.isWindowModified()
    assert recovery.left_behind() == []  # offered once


def test_discarding_removes_the_journal(window, tmp_path):
    tour = load_tour(bundled_tour())
    journal = recovery.write(tour, None, recovery.journal_path(pid=2**22 + 12345))  # a process that is gone
    box = window.offer_recovery()
    assert box is not None and "an untitled tour" in box.text()
    next(b for b in box.buttons() if b.text() == "Discard").click()
    assert not journal.exists()
    assert not window.document.dirty


def test_a_journal_the_rules_refuse_is_said_on_restore_and_removed(window):
    journal = recovery.journal_path(pid=2**22 + 12346)  # a process that is gone
    journal.write_bytes(b'{"path": null, "written": "2026-11-27T10:00:00+00:00"}\n{"format": "tourmap/1", "title": ""}')
    title = window.tour.title
    box = window.offer_recovery()  # start-up reads the head line only
    assert box is not None
    next(b for b in box.buttons() if b.text() == "Restore").click()
    assert window.error_dialog is not None and "journal" in window.error_dialog.text() + window.error_dialog.informativeText()
    assert not journal.exists() and window.tour.title == title and not window.document.dirty


_SAVER = """
import sys
from pathlib import Path
from tourmap.loader import load_tour, save_tour
from tourmap.editing import edit_tour
path = Path(sys.argv[1])
tours = [load_tour(path)]
tours.append(edit_tour(tours[0], title="The other version", summary="x" * 20_000))
print("ready", flush=True)
i = 0
while True:
    i += 1
    save_tour(tours[i % 2], path)
"""


def test_a_save_killed_at_any_moment_leaves_a_whole_file_and_no_temporary_ones(tmp_path):
    # Where Linux can give an unnamed temporary file a name (O_TMPFILE and linkat; not
    # on every file system) a killed save leaves nothing; elsewhere it may leave its
    # temporary file, named with its process id, which the next save beside it removes.
    path = _copy(tmp_path)
    from tourmap.editing import edit_tour
    from tourmap.writing import tour_bytes

    first = load_tour(path)
    versions = {tour_bytes(first), tour_bytes(edit_tour(first, title="The other version", summary="x" * 20_000))}
    path.write_bytes(tour_bytes(first))
    rng = random.Random(14)
    pids = []
    for _ in range(25):
        child = subprocess.Popen([sys.executable, "-c", _SAVER, str(path)], stdout=subprocess.PIPE, text=True)
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.05))
        child.send_signal(signal.SIGKILL)
        child.wait()
        pids.append(child.pid)
        assert path.read_bytes() in versions  # old or new, never a mix
        left = [p.name for p in tmp_path.iterdir() if p.name != "tour.json"]
        assert all(any(name.startswith(f".tour.json.{pid}.") for pid in pids) for name in left), left  # only killed saves' own
    save_tour(first, path)
    assert [p.name for p in tmp_path.iterdir()] == ["tour.json"]  # the next save removed what was left

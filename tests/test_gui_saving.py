"""Files in the editing window: New, Save, Save As, the questions before edits are lost,
and the file watcher, which takes our own save for what it is and never overwrites edits."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
from conftest import ROOT, wait_map_ready
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from tourmap._qt import commands
from tourmap.loader import load_tour
from tourmap.paths import bundled_tour
from tourmap.writing import tour_bytes

pytestmark = pytest.mark.gui

SCHEMA = json.loads((ROOT / "resources" / "schema" / "tour.schema.json").read_text(encoding="utf-8"))


def _copy(tmp_path: Path, name: str = "tour.json") -> Path:
    path = tmp_path / name
    path.write_bytes(bundled_tour().read_bytes())
    return path


def _answer(dialog_name: str, button: Callable[[QMessageBox], object]) -> list[str]:
    """Press a button of the modal question ``dialog_name`` as soon as it shows."""
    seen: list[str] = []

    def poll() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.objectName() == dialog_name:
            seen.append(box.text())
            button(box).click()  # type: ignore[attr-defined]
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    return seen


def test_save_writes_a_valid_canonical_file_and_clears_the_star(window, tmp_path):
    path = _copy(tmp_path)
    assert window.open_path(path)
    wait_map_ready(window)
    document = window.document
    document.push(commands.EditStop(document, "tokyo", name="Tokyo <b>edited</b>", lat=35.7))
    assert window.isWindowModified() and "[*]" in window.windowTitle()
    assert window.save()
    assert not window.isWindowModified()
    text = path.read_bytes()
    assert text == tour_bytes(document.tour)
    assert text.endswith(b"}\n") and b'\n  "title"' in text and b"<b>edited</b>" in text
    jsonschema.validate(json.loads(text), SCHEMA)  # the independent validator agrees
    result = subprocess.run([sys.executable, "-m", "tourmap", "validate", str(path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert load_tour(path) == document.tour
    assert [p.name for p in tmp_path.iterdir()] == ["tour.json"]  # no temporary file left


def test_open_and_save_without_edits_changes_nothing(window, tmp_path):
    path = _copy(tmp_path)
    before = path.read_bytes()
    assert window.open_path(path)
    assert window.save_to(path)
    assert path.read_bytes() == before


def test_save_keeps_the_mode_and_is_not_taken_for_an_outside_change(window, tmp_path, qtbot):
    path = _copy(tmp_path)
    path.chmod(0o640)
    assert window.open_path(path)
    if not window.action_watch.isChecked():
        window.action_watch.trigger()
    document = window.document
    document.push(commands.MoveStop(document, "seoul", 37.0, 127.0))
    document.push(commands.MoveStop(document, "seoul", 37.1, 127.1))
    assert window.save()
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    qtbot.wait(900)  # the watcher's delay and then some
    assert window.outside_dialog is None
    assert document.undo_stack.count() == 2 and not document.dirty  # not reloaded
    assert str(path) in window.watcher.files()  # still watched after the file was replaced


def test_an_outside_change_with_unsaved_edits_asks_and_keeps_them(window, tmp_path, qtbot):
    path = _copy(tmp_path)
    assert window.open_path(path)
    if not window.action_watch.isChecked():
        window.action_watch.trigger()
    document = window.document
    document.push(commands.EditTour(document, title="My edit"))
    data = json.loads(path.read_text(encoding="utf-8"))
    data["title"] = "Their edit"
    path.write_text(json.dumps(data), encoding="utf-8")
    qtbot.waitUntil(lambda: window.outside_dialog is not None and window.outside_dialog.isVisible(), timeout=5000)
    box = window.outside_dialog
    assert box.objectName() == "outsideChangeDialog"
    keep = next(b for b in box.buttons() if b.text() == "Keep My Edits")
    keep.click()
    assert document.tour.title == "My edit" and document.dirty
    assert json.loads(path.read_text(encoding="utf-8"))["title"] == "Their edit"  # nothing overwritten
    # A second outside change asks again; this time the file wins.
    data["title"] = "Their second edit"
    path.write_text(json.dumps(data), encoding="utf-8")
    qtbot.waitUntil(lambda: window.outside_dialog is not None and window.outside_dialog.isVisible(), timeout=5000)
    next(b for b in window.outside_dialog.buttons() if b.text() == "Reload and Lose My Edits").click()
    qtbot.waitUntil(lambda: window.tour.title == "Their second edit", timeout=5000)
    assert not document.dirty and document.undo_stack.count() == 0


def test_new_tour_asks_before_unsaved_edits_go(window):
    document = window.document
    document.push(commands.EditTour(document, title="Edited"))
    seen = _answer("unsavedDialog", lambda box: box.button(QMessageBox.StandardButton.Cancel))
    assert not window.new_tour()
    assert seen and "Save the changes" in seen[0]
    assert document.tour.title == "Edited" and document.dirty
    _answer("unsavedDialog", lambda box: box.button(QMessageBox.StandardButton.Discard))
    assert window.new_tour()
    assert window.path is None and not document.dirty and len(document.tour.stops) == 1
    assert "untitled" in window.windowTitle()
    wait_map_ready(window)


def test_undoing_every_edit_after_opening_is_clean_again(window, tmp_path):
    path = _copy(tmp_path)
    assert window.open_path(path)
    document = window.document
    opened = document.tour
    for lat in (10.0, 20.0, 30.0):
        document.push(commands.MoveStop(document, "tokyo", lat, 139.0))
    assert window.isWindowModified()
    while document.undo_stack.canUndo():
        window.action_undo.trigger()
    assert document.tour is opened and not window.isWindowModified()
    assert os.path.getsize(path) == len(bundled_tour().read_bytes())


def test_an_export_shows_unsaved_edits(window, tmp_path):
    from pypdf import PdfReader

    from tourmap.exporting import ExportRequest

    path = _copy(tmp_path)
    assert window.open_path(path)
    document = window.document
    document.push(commands.EditStop(document, "tokyo", name="Tokyo, edited and unsaved"))
    out = window.export_to(ExportRequest(tmp_path / "brief.pdf", what="briefing"))
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(out).pages)
    assert "Tokyo, edited and unsaved" in text
    assert document.dirty and b"edited and unsaved" not in path.read_bytes()  # the file as it was

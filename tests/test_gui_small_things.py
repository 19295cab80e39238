"""Small things a person notices (issue 12, section 6): Open Recent, Help > Tour Format,
where the Open dialog starts, Next Stop with nothing selected, grouped numbers, the
right-click menus of the map and the stop list."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_js, wait_map_still, wait_until
from helpers_tour import minimal_tour, write_json
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMenu, QTextBrowser

from tourmap import settings
from tourmap._qt.settings_store import app_settings
from tourmap.paths import bundled_tour
from tourmap.wording import count

pytestmark = pytest.mark.gui


def test_open_recent_drops_files_that_are_gone_and_shows_full_paths(window, tmp_path):
    kept = write_json(tmp_path / "kept.json", minimal_tour())
    gone = write_json(tmp_path / "gone.json", minimal_tour())
    for path in (gone, kept):
        window.remember_recent(path)
    gone.unlink()
    window.recent_menu.aboutToShow.emit()  # what opening the menu does
    entries = [a for a in window.recent_menu.actions() if not a.isSeparator()]
    assert [a.toolTip() for a in entries][:1] == [str(kept.resolve())]
    assert str(gone.resolve()) not in [a.toolTip() for a in entries]
    assert str(gone.resolve()) not in app_settings().value(settings.RECENT_FILES.name)
    assert window.recent_menu.toolTipsVisible()


def test_tour_format_is_rendered_in_a_window_that_closes(window, qtbot):
    window.findChild(QAction, "actionTourFormat").trigger()
    dialog = window.findChild(type(window.findChild(QTextBrowser, "formatText").window()), "formatDialog")
    qtbot.waitUntil(dialog.isVisible)
    assert not dialog.isModal()
    text = dialog.findChild(QTextBrowser, "formatText")
    shown = text.toPlainText()
    assert "Rules" in shown and "figures" in shown
    assert "## " not in shown and "```" not in shown, "Markdown is rendered, not shown as source"
    headings = [b for b in _blocks(text) if b.blockFormat().headingLevel()]
    assert headings, "headings are headings"
    close = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close)
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.findChild(QTextBrowser, "formatText") is None)


def _blocks(text: QTextBrowser) -> list:
    block, blocks = text.document().begin(), []
    while block.isValid():
        blocks.append(block)
        block = block.next()
    return blocks


def test_the_open_dialog_starts_where_a_file_was_last_opened_else_at_home(window, tmp_path):
    app_settings().remove(settings.LAST_DIRECTORY.name)
    assert window.open_folder() == Path.home()
    assert window.open_folder() != bundled_tour().parent
    folder = tmp_path / "tours"
    folder.mkdir()
    assert window.open_path(write_json(folder / "mine.json", minimal_tour()))
    assert window.open_folder() == folder.resolve()


def test_next_stop_with_nothing_selected_selects_the_first(window, qtbot):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    # Focus on the list (Qt would make its first row current, unselected) selects nothing.
    window.panel.stop_list.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(window.panel.stop_list.hasFocus)
    assert not window.panel.selection.currentIndex().isValid()
    assert window.selected_stop_id() is None
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.selected_stop_id() == "sepang"
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.selected_stop_id() == "tokyo"


def test_numbers_are_grouped(window):
    assert count(10_000, "stop") == "10,000 stops"
    assert count(1, "agenda item") == "1 agenda item"
    assert window.status_label.text() == "3 stops · 15 agenda items · 2 legs · 6,494 km"


def test_right_click_on_the_map_copies_the_coordinates_there(window, qtbot):
    window.select_stop("tokyo")
    wait_map_still(window)
    target = window.map.focusProxy() or window.map
    point = QPoint(target.width() // 2 - 60, target.height() // 2 + 30)
    there = run_js(window.map, f"JSON.stringify(TM.state.map.containerPointToLatLng([{point.x()}, {point.y()}]))")
    QTest.mouseClick(target, Qt.MouseButton.RightButton, Qt.KeyboardModifier.NoModifier, point)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=5000)
    menu = QApplication.activePopupWidget()
    assert menu.objectName() == "mapContextMenu"
    names = [a.objectName() for a in menu.actions() if not a.isSeparator()]
    assert names[-3:] == ["actionCopyCoordinates", "actionFitAll", "actionExportSnapshot"]
    next(a for a in menu.actions() if a.objectName() == "actionCopyCoordinates").trigger()
    menu.close()
    assert QGuiApplication.clipboard().text() == f"{there['lat']:.5f}, {there['lng']:.5f}"


def test_right_click_on_a_stop_in_the_list_selects_it_and_copies_its_coordinates(window, qtbot):
    view = window.panel.stop_list
    rect = view.visualRect(window.panel.model.index(1))  # Tokyo
    at = view.viewport().mapTo(window, rect.center())
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    # Through the window, as the platform delivers it: the press becomes a context menu event.
    QTest.mouseClick(window.windowHandle(), Qt.MouseButton.RightButton, Qt.KeyboardModifier.NoModifier, at)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=5000)
    menu = QApplication.activePopupWidget()
    assert menu.objectName() == "stopListContextMenu"
    assert window.selected_stop_id() == "tokyo"
    assert [a.text() for a in menu.actions() if not a.isSeparator()] == ["Copy Coordinates", "Show &All Stops", "&Export Snapshot…"]
    next(a for a in menu.actions() if a.objectName() == "actionCopyCoordinates").trigger()
    menu.close()
    assert QGuiApplication.clipboard().text() == "35.67620, 139.65030"
    wait_until(lambda: window.statusBar().currentMessage() == "Copied 35.67620, 139.65030", message="said so")

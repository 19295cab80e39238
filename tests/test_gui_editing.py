"""Editing in the window: commands on the document reach the list, the panel and the map
(without a page reload), undo and redo are named in the Edit menu, a marker drag with the
real mouse is one undo step and Esc cancels it."""

from __future__ import annotations

import json

import pytest
from conftest import map_state, run_js, wait_map_ready, wait_map_still, wait_until
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from tourmap import editing
from tourmap._qt import commands
from tourmap.paths import bundled_tour

pytestmark = pytest.mark.gui


def _marker(window, stop_id):
    return next(m for m in map_state(window)["markers"] if m["id"] == stop_id)


def _page_stop(window, stop_id):
    return run_js(window.map, f"JSON.stringify(TM.stopById({stop_id!r}))")


def _leg_labels(window) -> list[str]:
    """The legs' distance labels on show (labels.js hides those with no room)."""
    script = (
        "JSON.stringify(Array.from(document.querySelectorAll('div.tm-leg-label[data-leg]')).filter(n => n.style.display !== 'none').map(n => n.textContent))"
    )
    return sorted(run_js(window.map, script))


def _leg_distances(window) -> list[str]:
    """Every leg's distance in the page's data, shown or not (a leg label with no room, in
    a small map, gives way to the markers and the stops' names)."""
    return sorted(run_js(window.map, "JSON.stringify(TM.state.data.legs.map(l => l.label))"))


def _mark_page(window):
    """A value on the page that a reload would lose."""
    run_js(window.map, "window.__noReload = 'kept'; JSON.stringify(true)")


def _page_kept(window) -> bool:
    return run_js(window.map, "JSON.stringify(window.__noReload || null)") == "kept"


def test_a_move_reaches_the_map_without_a_reload_and_undoes(window):
    document = window.document
    original = document.tour
    _mark_page(window)
    labels_before = _leg_distances(window)
    document.push(commands.MoveStop(document, "tokyo", 43.06, 141.35))  # to Sapporo
    wait_until(lambda: _page_stop(window, "tokyo")["lat"] == 43.06, message="the page's stop moved")
    # Both legs have new distances; those on show are new ones.
    wait_until(lambda: len(_leg_distances(window)) == 2 and not set(_leg_distances(window)) & set(labels_before), message="new leg distances")
    wait_until(lambda: _leg_labels(window) and set(_leg_labels(window)) <= set(_leg_distances(window)), message="new leg labels")
    assert _page_kept(window)
    assert window.isWindowModified()
    document.undo_stack.undo()
    wait_until(lambda: _page_stop(window, "tokyo")["lat"] == original.stops[1].lat, message="the move undone on the page")
    assert document.tour is original and not window.isWindowModified()
    wait_until(lambda: _leg_distances(window) == labels_before, message="the old distances back")
    assert _page_kept(window)


def test_adding_and_deleting_stops_updates_list_panel_and_markers(window):
    document = window.document
    window.select_stop("tokyo")
    stop = editing.make_stop(document.tour, name="Osaka", city="Osaka", country="Japan", lat=34.69, lon=135.5)
    _mark_page(window)
    document.push(commands.AddStop(document, stop, document.insert_index()))  # after the selected stop
    assert [s.id for s in document.tour.stops] == ["sepang", "tokyo", "osaka", "seoul"]
    assert window.panel.model.rowCount() == 4
    assert window.selected_stop_id() == "osaka"
    wait_until(lambda: [m["id"] for m in map_state(window)["markers"]] == ["sepang", "tokyo", "osaka", "seoul"], message="four markers")
    assert _page_kept(window)
    document.push(commands.DeleteStop(document, "osaka"))
    assert window.selected_stop_id() == "seoul"
    wait_until(lambda: [m["id"] for m in map_state(window)["markers"]] == ["sepang", "tokyo", "seoul"], message="three markers")
    document.undo_stack.undo()
    assert window.selected_stop_id() == "osaka"
    document.undo_stack.undo()
    assert window.selected_stop_id() == "tokyo" and window.panel.model.rowCount() == 3


def test_undoing_a_move_made_with_nothing_selected_leaves_no_row_highlighted(window):
    """The stop list highlights what the panel shows: after the undo, neither shows a stop."""
    document = window.document
    document.push(commands.MoveStop(document, "tokyo", 43.06, 141.35))  # a drag selects the stop
    assert window.selected_stop_id() == "tokyo" and window.panel.selection.selectedIndexes()
    document.undo_stack.undo()
    assert window.selected_stop_id() is None and window.panel.current_stop() is None
    assert not window.panel.selection.selectedIndexes()


def _drag(window, start: QPoint, points: list[QPoint], release: bool = True) -> None:
    """A real press, moves and (optionally) release on the view's focus proxy."""
    target = window.map.focusProxy() or window.map
    QTest.mousePress(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for point in points:
        QTest.mouseMove(target, point, 20)
    if release:
        QTest.mouseRelease(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[-1], 20)


def test_dragging_a_marker_moves_the_stop_in_one_undo_step(window, qtbot, tmp_path):
    path = tmp_path / "tour.json"
    path.write_bytes(bundled_tour().read_bytes())
    assert window.open_path(path)
    wait_map_ready(window)
    document = window.document
    original = document.tour
    marker = _marker(wait_map_still(window) and window, "tokyo")
    start = QPoint(round(marker["x"]), round(marker["y"]))
    steps = [start + QPoint(dx, dy) for dx, dy in ((5, 5), (20, 10), (40, 20), (60, 40))]
    _drag(window, start, steps)
    wait_until(lambda: document.undo_stack.count() == 1, message="one move on the stack")
    moved = document.tour.stops[1]
    assert (moved.lat, moved.lon) != (original.stops[1].lat, original.stops[1].lon)
    assert moved.lat < original.stops[1].lat and moved.lon > original.stops[1].lon  # down and right
    assert document.undo_stack.undoText() == "Move Tokyo"
    assert window.action_undo.text() == "&Undo Move Tokyo"
    wait_until(lambda: _page_stop(window, "tokyo")["lat"] == moved.lat, message="the page's stop where it was dropped")
    assert window.save()
    saved = json.loads(path.read_text(encoding="utf-8"))["stops"][1]
    assert (saved["lat"], saved["lon"]) == (moved.lat, moved.lon)  # read back from the file
    window.action_undo.trigger()
    assert document.tour is original


def test_escape_cancels_a_drag(window):
    document = window.document
    marker = _marker(wait_map_still(window) and window, "seoul")
    start = QPoint(round(marker["x"]), round(marker["y"]))
    _drag(window, start, [start + QPoint(10, 10), start + QPoint(50, 30)], release=False)
    wait_until(lambda: map_state(window).get("dragging"), message="a drag under way")
    target = window.map.focusProxy() or window.map
    QTest.keyClick(target, Qt.Key.Key_Escape)
    wait_until(lambda: not map_state(window).get("dragging"), message="the drag cancelled")
    QTest.mouseRelease(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start + QPoint(50, 30), 20)
    QTest.qWait(300)
    assert document.undo_stack.count() == 0
    back = _marker(window, "seoul")
    assert abs(back["x"] - marker["x"]) <= 1 and abs(back["y"] - marker["y"]) <= 1


def test_stop_keys_reorder_delete_and_undo(window, qtbot):
    document = window.document
    from PySide6.QtWidgets import QApplication

    window.select_stop("sepang")
    window.activateWindow()  # shortcuts work in the active window (another test's may be)
    window.panel.stop_list.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.panel.stop_list, timeout=3000)
    qtbot.keyClick(window.panel.stop_list, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert [s.id for s in document.tour.stops] == ["tokyo", "sepang", "seoul"]
    assert window.selected_stop_id() == "sepang"
    assert window.action_undo.text() == "&Undo Reorder Sepang"
    wait_until(lambda: [m["id"] for m in map_state(window)["markers"]] == ["tokyo", "sepang", "seoul"], message="markers renumbered")
    qtbot.keyClick(window.panel.stop_list, Qt.Key.Key_Delete)
    assert [s.id for s in document.tour.stops] == ["tokyo", "seoul"]
    window.action_undo.trigger()
    window.action_undo.trigger()
    assert [s.id for s in document.tour.stops] == ["sepang", "tokyo", "seoul"] and not document.dirty


def test_the_stop_editor_explains_a_bad_value_and_keeps_it_out(window, qtbot):
    document = window.document
    window.select_stop("tokyo")
    window.action_edit_stop.trigger()
    editor = window.stop_editor
    lat = editor.fields["lat"]
    assert lat.text() == "35.6762"
    lat.input.selectAll()
    qtbot.keyClicks(lat.input, "95")
    qtbot.waitUntil(lambda: lat.error.isVisible(), timeout=2000)
    assert "between -90 and 90" in lat.error.text()
    qtbot.keyClick(lat.input, Qt.Key.Key_Return)
    assert document.undo_stack.count() == 0 and document.tour.stops[1].lat == 35.6762
    lat.input.selectAll()
    qtbot.keyClicks(lat.input, "35.7")
    qtbot.keyClick(lat.input, Qt.Key.Key_Return)
    assert document.tour.stops[1].lat == 35.7 and not lat.error.isVisible()
    name = editor.fields["name"]
    name.input.selectAll()
    qtbot.keyClicks(name.input, "Tokyo Bay <i>")
    qtbot.keyClick(name.input, Qt.Key.Key_Return)
    assert document.tour.stops[1].name == "Tokyo Bay <i>" and document.tour.stops[1].id == "tokyo"
    assert window.panel.model.data(window.panel.model.index(1)).startswith("2.  Tokyo Bay <i>")
    assert document.undo_stack.undoText() == "Rename Tokyo"
    window.stop_dock.hide()


def test_right_click_adds_a_stop_there(window, qtbot):
    from PySide6.QtWidgets import QApplication, QMenu

    document = window.document
    window.select_stop("tokyo")
    wait_map_still(window)
    target = window.map.focusProxy() or window.map
    point = QPoint(target.width() // 2 + 37, target.height() // 2 + 41)
    there = run_js(window.map, f"JSON.stringify(TM.state.map.containerPointToLatLng([{point.x()}, {point.y()}]))")
    QTest.mouseClick(target, Qt.MouseButton.RightButton, Qt.KeyboardModifier.NoModifier, point)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=5000)
    menu = QApplication.activePopupWidget()
    action = next(a for a in menu.actions() if a.text() == "Add Stop Here")
    action.trigger()
    menu.close()
    assert len(document.tour.stops) == 4
    added = document.tour.stops[2]  # after the selected stop
    assert window.selected_stop_id() == added.id
    assert (added.lat, added.lon) == (round(there["lat"], 6), round(there["lng"], 6))  # right under the click
    wait_until(lambda: any(m["id"] == added.id for m in map_state(window)["markers"]), message="the new marker")
    window.stop_dock.hide()


def test_dropping_a_stop_in_the_list_reorders_the_tour(window, qtbot):
    # The drag's start is the list's own; the offscreen platform cannot carry a drag
    # between windows, so the drop is the real drop events Qt would deliver.
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    document = window.document
    view, model = window.panel.stop_list, window.panel.model
    viewport = view.viewport()
    data = model.mimeData([model.index(0)])
    last = view.visualRect(model.index(2))
    at = QPointF(last.center().x(), last.bottom() - 2)  # the lower half of the last row: after it
    move = Qt.DropAction.MoveAction
    for event in (
        QDragEnterEvent(at.toPoint(), move, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier),
        QDragMoveEvent(at.toPoint(), move, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier),
        QDropEvent(at, move, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier),
    ):
        QApplication.sendEvent(viewport, event)
    qtbot.waitUntil(lambda: [s.id for s in document.tour.stops] == ["tokyo", "seoul", "sepang"], timeout=5000)
    assert document.undo_stack.count() == 1
    wait_until(lambda: [m["id"] for m in map_state(window)["markers"]] == ["tokyo", "seoul", "sepang"], message="markers follow the list")
    window.action_undo.trigger()
    assert [s.id for s in document.tour.stops] == ["sepang", "tokyo", "seoul"]


def _pick_tokyos_first_item(window) -> tuple[str | None, int | None]:
    """Tokyo selected and its first item current in the agenda (topic rows are headings)."""
    window.select_stop("tokyo")
    view, agenda = window.panel.agenda_view, window.panel.agenda
    row = next(r for r in range(agenda.rowCount()) if agenda.index(r).data(agenda.ItemRole) is not None)
    view.setCurrentIndex(agenda.index(row))
    return window.selected_item()


def test_agenda_items_are_edited_duplicated_and_deleted(window, qtbot):
    document = window.document
    stop_id, index = _pick_tokyos_first_item(window)
    assert stop_id == "tokyo"
    item = document.tour.stops[1].agenda[index]
    window.action_edit_item.trigger()
    editor = window.item_editor
    assert editor.fields["title"].text() == item.title
    status = editor.fields["status"]
    status.input.selectAll()
    qtbot.keyClicks(status.input, "maybe")
    qtbot.waitUntil(lambda: status.error.isVisible(), timeout=2000)
    assert "agreed" in status.error.text()  # the format's words, next to the field
    qtbot.keyClick(status.input, Qt.Key.Key_Return)
    assert document.undo_stack.count() == 0
    status.input.selectAll()
    qtbot.keyClicks(status.input, "agreed")
    title = editor.fields["title"]
    title.input.selectAll()
    qtbot.keyClicks(title.input, "A new title <b>")
    qtbot.keyClick(title.input, Qt.Key.Key_Return)
    edited = document.tour.stops[1].agenda[index]
    assert (edited.title, edited.status.value) == ("A new title <b>", "agreed")
    assert "A new title <b>" in window.panel.visible_item_titles()
    count = len(document.tour.stops[1].agenda)
    window.action_duplicate_item.trigger()
    assert len(document.tour.stops[1].agenda) == count + 1
    window.action_undo.trigger()
    window.action_undo.trigger()
    assert document.tour.stops[1].agenda[index] is item and not document.dirty
    window.item_dock.hide()


def test_sources_are_added_edited_and_a_cited_one_is_kept(window, qtbot):
    document = window.document
    window.action_edit_tour.trigger()
    editor = window.tour_editor
    assert editor.sources.count() == 1
    from PySide6.QtWidgets import QPushButton

    editor.findChild(QPushButton, "deleteSourceButton").click()
    assert "cite" in editor.message.text() and len(document.tour.sources) == 1  # in use: kept, and said why
    editor.findChild(QPushButton, "addSourceButton").click()
    assert len(document.tour.sources) == 2 and editor.sources.currentRow() == 1
    publisher = editor.source_form.fields["publisher"]
    publisher.input.selectAll()
    qtbot.keyClicks(publisher.input, "Wire service")
    qtbot.keyClick(publisher.input, Qt.Key.Key_Return)
    assert document.tour.sources[1].publisher == "Wire service"
    editor.findChild(QPushButton, "deleteSourceButton").click()
    assert len(document.tour.sources) == 1  # cited by nothing: gone
    window.tour_dock.hide()


def test_an_items_figures_are_added_edited_and_removed_with_the_keyboard(window, qtbot):
    from PySide6.QtWidgets import QPushButton

    from tourmap.model import Figure

    document = window.document
    _stop_id, index = _pick_tokyos_first_item(window)
    item = document.tour.stops[1].agenda[index]
    window.action_edit_item.trigger()
    figures = window.item_editor.figures
    add = figures.findChild(QPushButton, "addFigureButton")
    add.setFocus()
    qtbot.keyClick(add, Qt.Key.Key_Space)
    assert len(document.tour.stops[1].agenda[index].figures) == len(item.figures) + 1
    label, amount = figures.fields["figureLabel"], figures.fields["figureAmount"]
    assert window.focusWidget() is label.input and label.input.selectedText() == "New figure"
    qtbot.keyClicks(label.input, "Investment <b>")  # typed over the new figure's label
    qtbot.keyClick(label.input, Qt.Key.Key_Return)
    amount.input.selectAll()
    qtbot.keyClicks(amount.input, "lots")
    qtbot.waitUntil(lambda: amount.error.isVisible(), timeout=2000)
    assert "number" in amount.error.text()  # the rule's reason, next to the field
    qtbot.keyClick(amount.input, Qt.Key.Key_Return)
    assert document.tour.stops[1].agenda[index].figures[-1].amount == 0 and document.undo_stack.count() == 2
    amount.input.selectAll()
    qtbot.keyClicks(amount.input, "550000000000")
    qualifier, currency = figures.fields["figureQualifier"], figures.fields["figureCurrency"]
    qualifier.input.selectAll()
    qtbot.keyClicks(qualifier.input, "up to")
    qtbot.keyClicks(currency.input, "USD")
    qtbot.keyClick(currency.input, Qt.Key.Key_Return)
    figure = document.tour.stops[1].agenda[index].figures[-1]
    assert figure == Figure(label="Investment <b>", amount=550_000_000_000, currency="USD", qualifier="up to")
    assert figures.list.item(figures.list.count() - 1).text() == "up to USD 550 billion — Investment <b>"
    figures.list.setFocus()
    qtbot.keyClick(figures.list, Qt.Key.Key_Delete)
    assert document.tour.stops[1].agenda[index].figures == item.figures
    while document.undo_stack.canUndo():
        window.action_undo.trigger()
    assert document.tour.stops[1].agenda[index] is item and not document.dirty
    window.item_dock.hide()

"""Two-way sync between the map and the panel, with real clicks on real markers."""

from __future__ import annotations

import sys

import pytest
from conftest import click_marker, map_state, run_js, wait_map_still, wait_until
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QAction

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("stop_id", ["sepang", "tokyo", "seoul"])
def test_clicking_a_marker_selects_the_stop_and_shows_its_agenda(window, stop_id):
    click_marker(window, stop_id)
    wait_until(lambda: window.selected_stop_id() == stop_id, message=f"{stop_id} selected")
    stop = window.tour.stops[window.tour.stop_index[stop_id]]
    assert sorted(window.panel.visible_item_titles()) == sorted(i.title for i in stop.agenda)
    state = wait_map_still(window)
    selected = {m["id"]: m["selected"] for m in state["markers"]}
    assert selected[stop_id] == "true"
    assert list(selected.values()).count("true") == 1


# -- helpers ------------------------------------------------------------------------------

def _stop(window, stop_id):
    return window.tour.stops[window.tour.stop_index[stop_id]]


def _distance(center, stop):
    return ((center[0] - stop.lat) ** 2 + (center[1] - stop.lon) ** 2) ** 0.5


def _selected_markers(state):
    return [m["id"] for m in state["markers"] if m["selected"] == "true"]


def _wait_page_selected(window, stop_id):
    """The page agrees on the selection and the flight is over."""
    wait_until(lambda: map_state(window).get("selected") == stop_id, message=f"page selects {stop_id}")
    state = wait_map_still(window)
    assert state["selected"] == stop_id
    assert _selected_markers(state) == [stop_id]
    return state


def _in_view(window, state):
    width, height = run_js(window.map, "JSON.stringify([window.innerWidth, window.innerHeight])")
    return {m["id"]: 0 <= m["x"] <= width and 0 <= m["y"] <= height for m in state["markers"]}


# -- list to map --------------------------------------------------------------------------

@pytest.mark.parametrize("stop_id", ["tokyo", "seoul", "sepang"])
def test_selecting_in_the_list_marks_and_flies_to_the_stop(window, stop_id):
    before = wait_map_still(window)
    stop = _stop(window, stop_id)
    index = window.panel.model.index(window.panel.model.row_of(stop_id))
    window.panel.selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    after = _wait_page_selected(window, stop_id)
    assert window.selected_stop_id() == stop_id
    assert _distance(after["center"], stop) < _distance(before["center"], stop)
    assert _distance(after["center"], stop) < 0.5
    assert after["zoom"] >= 5


def test_keyboard_in_the_stop_list_walks_the_map(window, qtbot):
    stop_list = window.panel.stop_list
    window.select_stop("sepang")
    _wait_page_selected(window, "sepang")
    stop_list.setFocus()
    for key, expected in ((Qt.Key.Key_Down, "tokyo"), (Qt.Key.Key_Down, "seoul"), (Qt.Key.Key_Up, "tokyo")):
        qtbot.keyClick(stop_list, key)
        assert window.selected_stop_id() == expected
        wait_until(lambda: _selected_markers(map_state(window)) == [expected], message=f"marker {expected} selected")
    state = _wait_page_selected(window, "tokyo")
    assert _distance(state["center"], _stop(window, "tokyo")) < 0.5


def test_clicking_the_same_marker_twice_keeps_it_selected(window):
    click_marker(window, "tokyo")
    wait_until(lambda: window.selected_stop_id() == "tokyo", message="tokyo selected")
    clicks = map_state(window)["clicks"]
    click_marker(window, "tokyo")
    wait_until(lambda: map_state(window).get("clicks") == clicks + 1, message="second click reached the page")
    assert window.selected_stop_id() == "tokyo"
    state = _wait_page_selected(window, "tokyo")
    assert state["ready"] is True
    # And the page still follows the app afterwards.
    window.select_stop("seoul")
    _wait_page_selected(window, "seoul")


# -- actions ------------------------------------------------------------------------------

def _walk(window, step, expected):
    seen = []
    for stop_id in expected:
        step()
        assert window.selected_stop_id() == stop_id
        # The page marks the stop at once; no need to sit through each flight.
        wait_until(lambda: _selected_markers(map_state(window)) == [stop_id], message=f"marker {stop_id} selected")
        seen.append(stop_id)
    return seen


def test_next_and_previous_actions_walk_the_tour_and_stop_at_the_ends(window):
    next_action = window.findChild(QAction, "actionNextStop")
    prev_action = window.findChild(QAction, "actionPrevStop")
    assert next_action is not None and prev_action is not None
    _walk(window, next_action.trigger, ["sepang", "tokyo", "seoul", "seoul"])
    _walk(window, prev_action.trigger, ["tokyo", "sepang", "sepang"])


def test_next_and_previous_shortcuts(window, qtbot):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.select_stop("sepang")
    _wait_page_selected(window, "sepang")
    alt = Qt.KeyboardModifier.AltModifier
    _walk(window, lambda: qtbot.keyClick(window, Qt.Key.Key_Right, alt), ["tokyo", "seoul", "seoul"])
    _walk(window, lambda: qtbot.keyClick(window, Qt.Key.Key_Left, alt), ["tokyo", "sepang", "sepang"])


def test_fit_all_brings_every_marker_back_into_view(window):
    window.select_stop("tokyo")
    state = _wait_page_selected(window, "tokyo")
    assert not all(_in_view(window, state).values()), "flying to Tokyo should leave some stop off screen"
    fit = window.findChild(QAction, "actionFitAll")
    assert fit is not None
    fit.trigger()
    wait_until(lambda: all(_in_view(window, wait_map_still(window)).values()), message="all markers in view")
    state = wait_map_still(window)
    assert sorted(m["id"] for m in state["markers"]) == ["seoul", "sepang", "tokyo"]
    assert all(_in_view(window, state).values())
    assert window.selected_stop_id() == "tokyo"  # framing the tour keeps the selection


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="True and None are immortal from Python 3.12: their counts never move")
def test_a_long_session_does_not_drain_shared_refcounts(window, qtbot):
    """Hundreds of selections and filter changes must not eat references to True or None.

    PySide6 6.12.0 drops one reference to True on every Python-side ``signal.emit()`` and
    one to None whenever a model's ``data()`` returns None to Qt. On Python < 3.12 those
    objects are not immortal: after a few thousand clicks the process aborts with
    "Fatal Python error: bool_dealloc" (or none_dealloc). On 3.12+ the counts are fixed.
    """
    import gc

    window.select_stop("tokyo")
    gc.collect()
    true_before, none_before = sys.getrefcount(True), sys.getrefcount(None)
    trade = window.panel.topic_buttons["trade"]
    for i in range(100):
        window.select_stop(("tokyo", "seoul")[i % 2])
        trade.toggle()
        window.panel.stop_list.viewport().repaint()
    gc.collect()
    true_lost = true_before - sys.getrefcount(True)
    none_lost = none_before - sys.getrefcount(None)
    assert trade.isChecked()
    assert true_lost < 50 and none_lost < 50, f"lost {true_lost} references to True and {none_lost} to None"

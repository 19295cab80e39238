"""A tour above the canvas threshold: dots on one canvas instead of an element per stop.

Real mouse clicks on dots select stops; the hovered dot's tooltip names it; the selected
stop gets the one DOM marker (with data-selected) and the list follows.
"""

from __future__ import annotations

import math
from typing import Any

import pytest
from conftest import map_state, run_js, wait_map_ready, wait_until
from helpers_tour import minimal_tour, write_json
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from tourmap.page.builder import CANVAS_THRESHOLD

STOPS = CANVAS_THRESHOLD + 100


def _big_tour() -> dict[str, Any]:
    """Stops on a spiral round the world: spaced out at zoom 5, crossing the antimeridian."""
    doc = minimal_tour()
    template = doc["stops"][0]
    doc["stops"] = [
        {
            **template,
            "id": f"s{n:04d}",
            "name": f"Stop {n}",
            "lat": round(-60 + 120 * n / STOPS, 4),
            "lon": round(((n * 37.3) % 360) - 180, 4),
            "agenda": template.get("agenda", [])[:1],
        }
        for n in range(STOPS)
    ]
    return doc


@pytest.fixture
def big(window, tmp_path) -> Any:
    path = write_json(tmp_path / "big.json", _big_tour())
    assert window.open_path(path)
    wait_map_ready(window)
    yield window
    # the shared window goes back to the bundled tour in the `window` fixture


def _map_name(window) -> str:
    return run_js(window.map, "JSON.stringify(Object.keys(window).filter(function (k) { return k.indexOf('map_') === 0 && window[k] instanceof L.Map; })[0])")


def _isolated_dots(window) -> list[tuple[str, float, float]]:
    """Dots well inside the view (selecting one does not pan the map) with no other dot
    within 30 px (where a click cannot be ambiguous)."""
    dots = run_js(window.map, "window.tourmap.dotsInView()")
    w, h = window.map.width(), window.map.height()
    return [
        (stop_id, x, y)
        for stop_id, x, y in dots
        if 0.15 * w < x < 0.85 * w and 0.15 * h < y < 0.85 * h and all(math.hypot(x - x2, y - y2) > 30 for other, x2, y2 in dots if other != stop_id)
    ]


def test_big_tour_draws_dots_on_a_canvas(big):
    state = map_state(big)
    assert state["ready"] is True
    assert state["markers"] == []  # no element per stop
    assert run_js(big.map, "JSON.stringify(document.querySelectorAll('.leaflet-tm-dots-pane canvas').length)") == 1
    assert len(run_js(big.map, "window.tourmap.dotsInView()")) > STOPS * 0.9  # the whole tour is framed


def test_real_clicks_on_dots_select_their_stops(big):
    name = _map_name(big)
    run_js(big.map, f"window['{name}'].setView([0, 0], 4, {{animate: false}}); 1")
    wait_until(lambda: map_state(big).get("zoom") == 4, message="zoom 4")
    view = big.map.focusProxy() or big.map
    clicked: list[str] = []
    for _ in range(3):
        stop_id, x, y = next(t for t in _isolated_dots(big) if t[0] not in clicked)
        QTest.mouseMove(view, QPoint(round(x), round(y)))
        tip = "JSON.stringify(Array.from(document.querySelectorAll('.leaflet-tooltip-pane .tm-tip-name')).map(n => n.textContent))"
        wait_until(lambda: any(t.endswith(f"Stop {int(stop_id[1:])}") for t in run_js(big.map, tip)), message=f"tooltip of {stop_id}")
        QTest.mouseClick(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(round(x), round(y)))
        wait_until(lambda: big.selected_stop_id() == stop_id, message=f"{stop_id} selected")
        # The selected stop is drawn as the one DOM marker, marked selected.
        wait_until(lambda: [m["id"] for m in map_state(big)["markers"] if m["selected"] == "true"] == [stop_id], message="selected marker")
        clicked.append(stop_id)


def test_a_click_between_dots_selects_nothing(big):
    name = _map_name(big)
    run_js(big.map, f"window['{name}'].setView([0, 0], 6, {{animate: false}}); 1")
    wait_until(lambda: map_state(big).get("zoom") == 6, message="zoom 6")
    dots = run_js(big.map, "window.tourmap.dotsInView()")
    w, h = big.map.width(), big.map.height()
    # A point at least 40 px from every dot.
    spot = next(
        (x, y)
        for x in range(60, w - 60, 20)
        for y in range(60, h - 60, 20)
        if all(math.hypot(x - dx, y - dy) > 40 for _, dx, dy in dots)
    )
    clicks = map_state(big)["clicks"]
    QTest.mouseClick(big.map.focusProxy() or big.map, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(*spot))
    QTest.qWait(150)
    assert map_state(big)["clicks"] == clicks
    assert big.selected_stop_id() is None


def test_selecting_in_the_list_marks_the_stop_on_the_canvas_map(big):
    big.select_stop("s0123")
    wait_until(lambda: [m["id"] for m in map_state(big)["markers"] if m["selected"] == "true"] == ["s0123"], message="selected marker")


def test_dots_stay_under_their_stops_after_small_and_large_pans(big):
    # A small pan moves the canvas without drawing it again, a large one draws it anew:
    # either way the pixel under a stop is the stop's dot.
    from PySide6.QtGui import QColor

    name = _map_name(big)
    run_js(big.map, f"window['{name}'].setView([0, 0], 4, {{animate: false}}); 1")
    wait_until(lambda: map_state(big).get("zoom") == 4, message="zoom 4")
    for dx in (40, -60, 700):
        run_js(big.map, f"window['{name}'].panBy([{dx}, 25], {{animate: false}}); 1")
        wait_until(lambda: not map_state(big).get("moving"), message="pan over")
        QTest.qWait(150)  # a frame or two
        dots = _isolated_dots(big)
        assert dots, "isolated dots in view"
        image = big.map.grab().toImage()
        ratio = image.devicePixelRatio()
        for stop_id, x, y in dots[:5]:
            colour = QColor(image.pixel(round(x * ratio), round(y * ratio)))
            # The dot's fill (#1f3b5a), not land, sea or route.
            assert (colour.red(), colour.green(), colour.blue()) == (0x1F, 0x3B, 0x5A), (dx, stop_id, colour.name())


ROUTE_PIXELS = """(function () {
  var canvas = document.querySelector('.leaflet-tm-dots-pane canvas'), ctx = canvas.getContext('2d');
  var px = ctx.getImageData(0, 0, canvas.width, canvas.height).data, route = 0;
  // The route's colour (#2b6f94, a little transparent) where no dot covers it.
  for (var i = 0; i < px.length; i += 4)
    if (px[i + 3] > 100 && Math.abs(px[i] - 43) < 12 && Math.abs(px[i + 1] - 111) < 12 && Math.abs(px[i + 2] - 148) < 12) route++;
  return JSON.stringify(route);
})()"""

TOGGLE_ROUTE = """(function () {
  var label = Array.from(document.querySelectorAll('.leaflet-control-layers-overlays label')).find(function (l) { return l.textContent.trim() === 'Route'; });
  label.querySelector('input').click();
  return JSON.stringify(label.querySelector('input').checked);
})()"""


def test_route_is_drawn_under_the_dots_and_the_layer_control_hides_it(big):
    assert run_js(big.map, "JSON.stringify(document.querySelectorAll('.leaflet-pane canvas').length)") == 2  # land; route and dots
    shown = run_js(big.map, ROUTE_PIXELS)
    assert shown > 500, shown
    try:
        assert run_js(big.map, TOGGLE_ROUTE) is False
        wait_until(lambda: run_js(big.map, ROUTE_PIXELS) == 0, message="route hidden")
    finally:
        if run_js(big.map, "JSON.stringify(document.querySelector('.leaflet-control-layers-overlays input').checked)") is False:
            run_js(big.map, TOGGLE_ROUTE)
    wait_until(lambda: run_js(big.map, ROUTE_PIXELS) == shown, message="route shown again")


def _dot_alpha(window, x: float, y: float) -> int:
    """The dots canvas's alpha at a container point (0: nothing drawn there)."""
    script = (
        "(function(){var c=document.querySelector('.leaflet-tm-dots-pane canvas'), r=c.getBoundingClientRect(),"
        f"k=c.width/r.width, p=c.getContext('2d').getImageData(Math.round(({x}-r.left)*k), Math.round(({y}-r.top)*k), 1, 1).data;"
        "return JSON.stringify(p[3]);})()"
    )
    return run_js(window.map, script)


def test_the_filter_dims_dots_with_no_matching_item(big, qtbot):
    name = _map_name(big)
    run_js(big.map, f"window['{name}'].setView([0, 0], 4, {{animate: false}}); TM.state.dots.showRoute(false); 1")  # the dots alone
    wait_until(lambda: map_state(big).get("zoom") == 4, message="zoom 4")
    stop_id, x, y = _isolated_dots(big)[0]
    qtbot.keyClicks(big.panel.search, big.tour.stops[big.tour.stop_index[stop_id]].name)
    qtbot.waitUntil(lambda: big.panel.lit_stops() is not None)
    lit = big.panel.lit_stops()
    _other, x2, y2 = next(t for t in _isolated_dots(big) if t[0] not in lit)
    assert stop_id in lit and _dot_alpha(big, x, y) > 200
    wait_until(lambda: len(run_js(big.map, "window.tourmap.dimmedJson()")) == STOPS - len(lit), message="the page to dim the other stops")
    assert _dot_alpha(big, x, y) > 200
    assert 0 < _dot_alpha(big, x2, y2) < 100
    big.panel.search.clear()
    wait_until(lambda: run_js(big.map, "window.tourmap.dimmedJson()") == [], message="the page to light every stop")
    assert _dot_alpha(big, x2, y2) > 200

"""After any flight the map shows what a fresh drawing of the same view shows.

Leaflet's flyTo moves the map's pixel origin without moving its panes: a canvas layer that
skipped its redraw at the end kept the land (or the big tour's route and dots) of the
place it left, and the marker landed in an empty sea. Each test flies between every
ordered pair of stops through the app's own selection, waits for the flight to end,
grabs the map, draws the same view again from scratch and compares the two grabs.
"""

from __future__ import annotations

from itertools import pairwise, permutations
from typing import Any

import pytest
from conftest import leaflet_js, map_state, run_js, wait_map_ready, wait_until
from helpers_tour import minimal_tour, write_json
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest

from tourmap.page.builder import CANVAS_THRESHOLD

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("reframed")]

#: Auckland, Honolulu, Los Angeles: flights across the antimeridian both ways.
PACIFIC = (
    ("auckland", -36.8485, 174.7633),
    ("honolulu", 21.3069, -157.8583),
    ("los-angeles", 34.0522, -118.2437),
)


def every_ordered_pair(ids: list[str]) -> list[str]:
    """A walk that takes every ordered pair of stops once (an Euler circuit: Hierholzer)."""
    unused = {a: [b for b in ids if b != a] for a in ids}
    stack, walk = [ids[0]], []
    while stack:
        here = stack[-1]
        if unused[here]:
            stack.append(unused[here].pop())
        else:
            walk.append(stack.pop())
    return walk[::-1]


def _grab(window: Any) -> QImage:
    """The map as on screen once the page has painted two frames and Qt has the result."""
    run_js(window.map, "window.__tmPainted = false; requestAnimationFrame(() => requestAnimationFrame(() => { window.__tmPainted = true; })); 1")
    wait_until(lambda: run_js(window.map, "window.__tmPainted === true") is True, message="two frames")
    # Qt may still hold an older frame of the page (a busy machine): grab until two agree.
    image, previous = QImage(), None
    for _ in range(20):
        QCoreApplication.processEvents()
        image = window.map.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
        if image == previous:
            break
        previous = image
        QTest.qWait(30)
    return image.scaled(image.width() // 8, image.height() // 8, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation)


def _differing_share(a: QImage, b: QImage) -> float:
    """The share of (downscaled) pixels that differ visibly: a one-pixel shift of a coast
    blurs into a small difference, a missing land mass or route does not."""
    assert a.size() == b.size()
    differ = 0
    for y in range(a.height()):
        for x in range(a.width()):
            p, q = a.pixel(x, y), b.pixel(x, y)
            if max(abs((p >> s & 0xFF) - (q >> s & 0xFF)) for s in (0, 8, 16)) > 12:
                differ += 1
    return differ / (a.width() * a.height())


def _differs_from_a_fresh_drawing(window: Any, leaflet: str) -> float:
    """The share of the map as it is now that differs from the same view drawn from
    scratch (a view reset makes every layer draw anew)."""
    shown = _grab(window)
    run_js(window.map, f"{leaflet}.setView({leaflet}.getCenter(), {leaflet}.getZoom(), {{reset: true}}); 1")
    return _differing_share(shown, _grab(window))


def _fly_everywhere(window: Any, zoom: int | None = None, ids: list[str] | None = None) -> None:
    leaflet = leaflet_js(window)
    ids = ids or [stop.id for stop in window.tour.stops]
    wait_until(lambda: not map_state(window).get("moving"), message="the map at rest")  # the fixture frames the tour
    if zoom is not None:
        run_js(window.map, f"{leaflet}.setZoom({zoom}, {{animate: false}}); 1")
    failures = []
    walk = every_ordered_pair(ids)
    for here, there in pairwise(walk):
        window.select_stop(there)
        wait_until(lambda: (s := map_state(window)).get("selected") == there and not s.get("moving"), message=f"flight to {there}")
        share = _differs_from_a_fresh_drawing(window, leaflet)
        if share > 0.01:
            failures.append(f"{here} -> {there}: {share:.0%} of the map differs")
    assert not failures, failures


def test_flights_between_the_bundled_stops_draw_the_land_they_end_on(window):
    _fly_everywhere(window, zoom=8)


def test_flights_across_the_antimeridian_draw_the_land_they_end_on(window, tmp_path):
    doc = minimal_tour()
    template = doc["stops"][0]
    doc["stops"] = [{**template, "id": stop_id, "name": stop_id.title(), "lat": lat, "lon": lon} for stop_id, lat, lon in PACIFIC]
    assert window.open_path(write_json(tmp_path / "pacific.json", doc))
    wait_map_ready(window)
    _fly_everywhere(window)


def test_flights_over_a_big_tour_draw_its_route_and_dots(window, tmp_path):
    # Above the canvas threshold the route and the dots are one canvas of their own.
    doc = minimal_tour()
    template = doc["stops"][0]
    count = CANVAS_THRESHOLD + 1
    doc["stops"] = [
        {**template, "id": f"s{n}", "name": f"Stop {n}", "lat": round(-50 + 100 * n / count, 4), "lon": round((n * 37.3) % 360 - 180, 4)}
        for n in range(count)
    ]
    assert window.open_path(write_json(tmp_path / "big.json", doc))
    wait_map_ready(window)
    _fly_everywhere(window, ids=["s0", f"s{count - 1}"])


def test_every_ordered_pair_is_walked_once():
    walk = every_ordered_pair(["a", "b", "c", "d"])
    steps = list(pairwise(walk))
    assert sorted(steps) == sorted(permutations("abcd", 2))


def test_labels_wait_for_the_end_of_a_flight(window):
    # Placed on the way (the new selection asks for a placement), they stayed where the
    # flight left them while the markers flew on.
    window.select_stop("seoul")
    wait_until(lambda: (s := map_state(window)).get("selected") == "seoul" and not s.get("moving"), message="at Seoul")
    script = (
        "JSON.stringify([JSON.parse(window.tourmap.stateJson()).moving,"
        " document.querySelector('.leaflet-tm-labels-pane').style.visibility])"
    )
    window.select_stop("sepang")
    seen = []
    while not seen or seen[-1][0]:
        seen.append(tuple(run_js(window.map, script)))
    during = {visibility for moving, visibility in seen if moving}
    assert during == {"hidden"}, seen
    wait_until(lambda: run_js(window.map, script)[1] == "", message="labels shown after the flight")


def test_every_way_of_moving_the_map_ends_drawn(window):
    # Not only flights: framing, an animated setView and pan, a new window size and a new
    # zoom factor (the page's pixel ratio) each end on the map a fresh drawing shows.
    leaflet = leaflet_js(window)
    moves = {
        "zoom in at Tokyo": lambda: run_js(window.map, f"{leaflet}.setView([35.68, 139.65], 7); 1"),
        "pan": lambda: run_js(window.map, f"{leaflet}.panBy([-500, 300]); 1"),
        "show all": window.fit_all,
        "smaller window": lambda: window.resize(1000, 700),
        "bigger window": lambda: window.resize(1400, 900),
        "zoom factor 1.5": lambda: window.map.setZoomFactor(1.5),
        "zoom factor 1": lambda: window.map.setZoomFactor(1.0),
        "a flight cut short by show all": lambda: (window.select_stop("seoul"), QTest.qWait(250), window.fit_all()),
        # The page asked to fly (as the app asks it) the moment a zoom animation starts.
        "a flight asked for during a zoom": lambda: run_js(
            window.map, f"{leaflet}.once('zoomanim', function () {{ window.tourmap.select('sepang', true); }}); {leaflet}.zoomIn(); 1"
        ),
    }
    # Every move ends with a moveend (a resize's comes 200 ms later): count them.
    run_js(window.map, f"window.__tmMoves = 0; {leaflet}.on('moveend', function () {{ window.__tmMoves++; }}); 1")
    failures = []
    for name, move in moves.items():
        wait_until(lambda: not map_state(window).get("moving"), message="the map at rest")
        before = run_js(window.map, "window.__tmMoves")
        move()
        wait_until(lambda: run_js(window.map, "window.__tmMoves") > before and not map_state(window).get("moving"), message=f"{name} over")
        share = _differs_from_a_fresh_drawing(window, leaflet)
        if share > 0.01:
            failures.append(f"{name}: {share:.0%} of the map differs")
    assert not failures, failures

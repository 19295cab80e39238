"""Tooltips and labels stay whole at the map's edges: a stop's tooltip goes to the side
where it fits and moves in; a stop's or a leg's label is inside the map or left out, and
the selected stop's label, which always shows, is moved in."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import leaflet_js, map_state, run_js, wait_map_still, wait_until
from PySide6.QtCore import QPoint
from PySide6.QtTest import QTest

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("reframed")]

#: Where a stop is put before hovering it: at each edge and near two corners; "free" is
#: the middle of the widest stretch of that edge that no control covers (see _free_x).
CORNERS = [(0.99, 0.5), (0.01, 0.5), ("free", 0.01), ("free", 0.99), (0.99, 0.8), (0.01, 0.2)]

BOXES = """JSON.stringify({
  map: document.querySelector('.leaflet-container').getBoundingClientRect(),
  controls: Array.from(document.querySelectorAll('.leaflet-control')).map(n => n.getBoundingClientRect()),
  tips: Array.from(document.querySelectorAll('.leaflet-tooltip'))
    .filter(n => getComputedStyle(n).visibility !== 'hidden' && n.style.opacity !== '0')  // a closed one fades out
    .map(n => ({label: n.classList.contains('tm-leg-label'), text: n.textContent, box: n.getBoundingClientRect()}))
})"""


def _outside(box: dict[str, float], area: dict[str, float]) -> bool:
    return box["left"] < area["left"] - 0.5 or box["top"] < area["top"] - 0.5 or box["right"] > area["right"] + 0.5 or box["bottom"] > area["bottom"] + 0.5


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


def _put(window: Any, leaflet: str, stop_id: str, fx: float, fy: float) -> tuple[int, int]:
    """Pan without animation so the stop's marker sits at (fx, fy) of the map."""
    marker = next(m for m in wait_map_still(window)["markers"] if m["id"] == stop_id)
    x, y = round(fx * window.map.width()), round(fy * window.map.height())
    run_js(window.map, f"{leaflet}.panBy([{marker['x'] - x}, {marker['y'] - y}], {{animate: false}}); 1")
    marker = next(m for m in wait_map_still(window)["markers"] if m["id"] == stop_id)
    return round(marker["x"]), round(marker["y"])


def _free_x(window: Any, fy: float) -> float:
    """The middle of the widest stretch of the row at fy that no map control covers."""
    w, y = window.map.width(), fy * window.map.height()
    covered = sorted((c["left"], c["right"]) for c in run_js(window.map, BOXES)["controls"] if c["top"] - 20 <= y <= c["bottom"] + 20)
    gaps, x = [], 0.0
    for left, right in [*covered, (w, w)]:
        gaps.append((left - x, (x + left) / 2))
        x = max(x, right)
    return max(gaps)[1] / w


def _beside_the_zoom_buttons(window: Any) -> tuple[float, float]:
    """Left of the zoom buttons (top left), where a tooltip on either side goes under them."""
    control = next(c for c in run_js(window.map, BOXES)["controls"] if c["top"] < 20 and c["left"] < 20)
    return 4 / window.map.width(), (control["top"] + control["bottom"]) / 2 / window.map.height()


@pytest.mark.parametrize(("fx", "fy"), [*CORNERS, ("control", "control")])
def test_a_tooltip_at_the_edge_is_whole_and_clear_of_the_controls(window, fx, fy):
    leaflet = leaflet_js(window)
    stop = window.tour.stops[window.tour.stop_index["seoul"]]
    if fx == "control":
        fx, fy = _beside_the_zoom_buttons(window)
    elif fx == "free":
        fx = _free_x(window, fy)
    x, y = _put(window, leaflet, "seoul", fx, fy)
    target = window.map.focusProxy() or window.map
    QTest.mouseMove(target, QPoint(window.map.width() // 2, window.map.height() // 2))
    QTest.mouseMove(target, QPoint(min(max(x, 2), window.map.width() - 2), min(max(y, 2), window.map.height() - 2)))

    def shown() -> tuple[dict[str, Any], dict[str, Any]] | None:
        boxes = run_js(window.map, BOXES)
        tips = [t for t in boxes["tips"] if stop.name in t["text"]]
        return (tips[0], boxes) if tips else None

    tip, boxes = wait_until(shown, message="the tooltip")
    assert not _outside(tip["box"], boxes["map"]), (tip["box"], boxes["map"])
    assert not [c for c in boxes["controls"] if _overlap(tip["box"], c)], (tip["box"], boxes["controls"])
    QTest.mouseMove(target, QPoint(window.map.width() // 2, window.map.height() // 2))


LABELS = """JSON.stringify({
  map: document.querySelector('.leaflet-container').getBoundingClientRect(),
  labels: Array.from(document.querySelectorAll('.tm-stop-label, .tm-leg-label'))
    .filter(n => getComputedStyle(n).display !== 'none' && getComputedStyle(n).visibility !== 'hidden')
    .map(n => ({text: n.textContent, box: n.getBoundingClientRect()}))
})"""


def test_labels_at_the_edges_are_whole(window):
    leaflet = leaflet_js(window)
    window.select_stop("seoul")
    wait_until(lambda: map_state(window).get("selected") == "seoul", message="selected")
    # Top right, under the layer control, no place is free: the label goes over others.
    for fx, fy in [*CORNERS, (0.99, 0.01)]:
        # The selected stop (its label always shows) near each edge in turn, the others
        # wherever that puts them: every label is inside the map or left out.
        _put(window, leaflet, "seoul", _free_x(window, fy) if fx == "free" else fx, fy)
        run_js(window.map, "window.__tmPlaced = false; requestAnimationFrame(() => requestAnimationFrame(() => { window.__tmPlaced = true; })); 1")
        wait_until(lambda: run_js(window.map, "window.__tmPlaced === true") is True, message="labels placed")
        boxes = run_js(window.map, LABELS)
        assert any("Seoul" in t["text"] for t in boxes["labels"]), (fx, fy)
        assert not [t for t in boxes["labels"] if _outside(t["box"], boxes["map"])], (fx, fy, boxes)

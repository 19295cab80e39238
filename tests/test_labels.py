"""Stop labels and leg labels: placed from the page's own layout, none overlapping another,
a marker or the export's furniture; the layer control and the export option turn them off."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import run_js, wait_until
from helpers_tour import european_tour, write_json

#: Boxes in CSS pixels from getBoundingClientRect: visible labels, markers, export furniture.
LAYOUT = """(function () {
  function box(n) { var b = n.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; }
  function shown(n) { return getComputedStyle(n).display !== 'none' && getComputedStyle(n.parentNode).visibility !== 'hidden'; }
  function all(q) { return Array.prototype.slice.call(document.querySelectorAll(q)); }
  return JSON.stringify({
    labels: all('[data-label-for]').filter(shown).map(function (n) { return {id: n.dataset.labelFor, text: n.textContent, box: box(n)}; }),
    legs: all('.tm-leg-label').filter(shown).map(function (n) { return {text: n.textContent, box: box(n)}; }),
    markers: all('[data-stop-id]').map(function (n) { return {id: n.dataset.stopId, box: box(n)}; }),
    furniture: all('.tm-furniture').map(box),
    size: [window.innerWidth, window.innerHeight]
  });
})()"""

SIZES = [(640, 480), (1200, 675), (1600, 1000), (480, 800)]


def overlap(a: list[float], b: list[float], slack: float = 0.5) -> bool:
    return a[0] + slack < b[2] and b[0] + slack < a[2] and a[1] + slack < b[3] and b[1] + slack < a[3]


def check_layout(layout: dict[str, Any]) -> None:
    labels = [label["box"] for label in layout["labels"]] + [leg["box"] for leg in layout["legs"]]
    w, h = layout["size"]
    for i, a in enumerate(labels):
        assert a[0] >= 0 and a[1] >= 0 and a[2] <= w and a[3] <= h, f"label outside the map: {a}"
        for b in labels[i + 1 :]:
            assert not overlap(a, b), f"labels overlap: {a} {b}"
        for marker in layout["markers"]:
            assert not overlap(a, marker["box"]), f"label {a} covers marker {marker}"
        for piece in layout["furniture"]:
            assert not overlap(a, piece), f"label {a} under furniture {piece}"
    for i, piece in enumerate(layout["furniture"]):
        for marker in layout["markers"]:
            assert not overlap(piece, marker["box"]), f"furniture {piece} covers marker {marker}"
        for other in layout["furniture"][i + 1 :]:
            assert not overlap(piece, other), f"furniture {piece} runs into {other}"


@pytest.fixture(scope="module")
def renderer(qapp) -> Iterator[Any]:
    from tourmap._qt.export import MapRenderer

    r = MapRenderer()
    yield r
    r.close()


@pytest.fixture(scope="module")
def europe(tmp_path_factory) -> Any:
    from tourmap.loader import load_tour

    return load_tour(write_json(tmp_path_factory.mktemp("europe") / "europe.json", european_tour()))


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("which", ["bundled", "europe"])
def test_export_labels_never_overlap_markers_labels_or_furniture(renderer, europe, which, size):
    from tourmap.loader import load_tour
    from tourmap.paths import bundled_tour

    tour = europe if which == "europe" else load_tour(bundled_tour())
    renderer.render_map(tour, size)
    layout = run_js(renderer.view, LAYOUT)
    check_layout(layout)
    names = {label["text"] for label in layout["labels"]}
    assert len(names) >= len(tour.stops) * 2 // 3, names  # most stops get their name
    assert {label["id"] for label in layout["labels"]} <= {s.id for s in tour.stops}
    assert len(layout["furniture"]) >= 3  # title, legend, scale bar, credit


def test_selected_stop_label_always_shows_and_brussels_stays_visible(renderer, europe):
    for stop in ("brussels", "vienna", "bratislava"):
        renderer.render_map(europe, (640, 480), stop=stop)
        layout = run_js(renderer.view, LAYOUT)
        check_layout(layout)
        assert stop in {label["id"] for label in layout["labels"]}
    furniture = run_js(renderer.view, "JSON.stringify(Array.from(document.querySelectorAll('.tm-furniture')).map(n => n.textContent))")
    legend = next(text for text in furniture if "Route" in text)
    for row in ("Stop, in tour order", "Selected: Bratislava", "Route (geodesic), 3,789 km", "Leg distance"):
        assert row in legend, legend
    assert "European capitals" in furniture
    assert any(text.startswith("Sources: Publisher") and "Natural Earth" in text for text in furniture), furniture
    assert any(text.endswith(" km") and text[0].isdigit() for text in furniture), "a scale bar"
    renderer.render_map(europe, (800, 600))
    layout = run_js(renderer.view, LAYOUT)
    assert "Selected" not in " ".join(run_js(renderer.view, "JSON.stringify(Array.from(document.querySelectorAll('.tm-legend')).map(n => n.textContent))"))
    assert "264 km" in {leg["text"] for leg in layout["legs"]} or len(layout["legs"]) >= 6
    assert "Brussels" in {label["text"] for label in layout["labels"]}


def test_window_labels_follow_the_layer_control(window):
    from conftest import wait_map_still

    wait_map_still(window)
    layout = wait_until(lambda: (lambda v: v if v["labels"] else None)(run_js(window.map, LAYOUT)), message="labels")
    check_layout({**layout, "furniture": []})
    assert {label["id"] for label in layout["labels"]} == {s.id for s in window.tour.stops}
    toggle = "document.querySelectorAll('.leaflet-control-layers-overlays input')[%d].click(); 'true'"
    names = run_js(window.map, "JSON.stringify(Array.from(document.querySelectorAll('.leaflet-control-layers-overlays label')).map(n => n.textContent.trim()))")
    assert names == ["Route", "Stops", "Stop names"]
    try:
        run_js(window.map, toggle % 2)
        wait_until(lambda: not run_js(window.map, LAYOUT)["labels"], message="labels off")
    finally:
        run_js(window.map, toggle % 2)
    wait_until(lambda: run_js(window.map, LAYOUT)["labels"], message="labels back")


def test_no_labels_option_leaves_names_off(renderer, europe):
    from tourmap.exporting import ExportRequest

    renderer.export_bytes(europe, ExportRequest(Path("x.png"), size=(800, 600), labels=False))
    layout = run_js(renderer.view, LAYOUT)
    assert layout["labels"] == [] and layout["legs"], layout


def test_inset_locator_outlines_the_frame_on_a_world_map(renderer, europe):
    from tourmap.exporting import ExportRequest

    renderer.export_bytes(europe, ExportRequest(Path("x.png"), size=(1000, 700), inset=True))
    layout = run_js(renderer.view, LAYOUT)
    check_layout(layout)  # the inset is furniture: it covers no stop and no label
    frame = run_js(renderer.view, "JSON.stringify(window.TM.layout().items.filter(function (i) { return i.kind === 'shape'; }))")
    sea, land, outline = frame
    assert len(land["lines"]) > 50  # the world's coasts
    x0, y0 = min(outline["lines"][0][0::2]), min(outline["lines"][0][1::2])
    x1, y1 = max(outline["lines"][0][0::2]), max(outline["lines"][0][1::2])
    width, height = sea["lines"][0][2], sea["lines"][0][5]
    assert 0.45 * width < x0 < x1 < 0.6 * width, "Europe lies just east of Greenwich"
    assert 0 < y0 < y1 < 0.5 * height, "and north of the equator"
    renderer.export_bytes(europe, ExportRequest(Path("x.png"), size=(1000, 700)))
    assert run_js(renderer.view, "JSON.stringify(document.querySelectorAll('.tm-inset').length)") == 0


def test_a_big_tour_labels_only_what_fits_and_never_a_dot(renderer, tmp_path):
    """2,000 stops as dots (canvas): a few hundred names at most, none over a dot, the selected stop's always."""
    import random

    from helpers_tour import minimal_tour

    from tourmap.loader import load_tour

    rng = random.Random(17)
    doc = minimal_tour()
    template = doc["stops"][0]
    doc["stops"] = [
        {**template, "id": f"s{n:04d}", "name": f"Town {n}", "lat": round(rng.uniform(38, 58), 4), "lon": round(rng.uniform(-8, 28), 4)}
        for n in range(2000)
    ]
    tour = load_tour(write_json(tmp_path / "big.json", doc))
    renderer.render_map(tour, (1200, 800), stop="s1000")
    layout = run_js(renderer.view, LAYOUT)
    dots = run_js(renderer.view, "window.tourmap.dotsInView()")
    assert len(dots) > 1500
    check_layout(layout)  # labels, the selected stop's marker and the furniture
    # No label covers a dot; the selected stop's, which always shows, may where nothing is free.
    for label in layout["labels"]:
        if label["id"] != "s1000":
            for _stop_id, x, y in dots:
                assert not overlap(label["box"], [x - 4, y - 4, x + 4, y + 4]), (label, x, y)
    ids = [label["id"] for label in layout["labels"]]
    assert 5 <= len(ids) <= 300 and "s1000" in ids
    assert any(label["text"] == "1001. Town 1000" for label in layout["labels"])  # a dot has no number: the label says it

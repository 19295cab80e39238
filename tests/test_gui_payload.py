"""Tour text that looks like HTML or script is shown as typed, in the panel and on the map."""

from __future__ import annotations

import pytest
from conftest import DATA, map_state, run_js, wait_map_ready, wait_map_still, wait_until
from PySide6 import QtGui
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel

pytestmark = pytest.mark.gui

PAYLOAD_TOUR = DATA / "gui-payload-tour.json"


@pytest.fixture
def payload_window(window):
    """The shared window on the payload tour; the ``window`` fixture puts the bundled one back."""
    assert window.open_path(PAYLOAD_TOUR)
    wait_map_ready(window)
    assert window.path == PAYLOAD_TOUR
    assert window.tour.stops[0].name == "<b>bold</b> First"
    return window


def test_long_topic_names_do_not_squeeze_the_map(window):
    """Topic toggles for many long topics wrap and elide; they must not widen the panel."""
    sizes = window.splitter.sizes()
    map_width = run_js(window.map, "JSON.stringify(window.innerWidth)")
    assert window.open_path(PAYLOAD_TOUR)
    wait_map_ready(window)
    assert sum(len(t) for t in window.panel.topic_buttons) > 80
    assert window.splitter.sizes() == sizes
    wait_until(lambda: run_js(window.map, "JSON.stringify(window.innerWidth)") == map_width, message="map keeps its width")
    state = wait_map_still(window)
    assert all(0 <= m["x"] <= map_width for m in state["markers"]), state["markers"]


def _shown(text: str) -> str:
    """What a user reads for text Qt shows with AutoText (tooltips): markup when it looks like markup."""
    if QtGui.Qt.mightBeRichText(text):
        document = QTextDocument()
        document.setHtml(text)
        return document.toPlainText()
    return text


def _panel_labels(window):
    return [label for label in window.panel.findChildren(QLabel) if label.text()]


def _agenda_texts(window):
    """The agenda's rows as the delegate draws them (with QTextLayout: plain text, never markup)."""
    model = window.panel.agenda
    return [line for r in range(model.rowCount()) for line in model.index(r).data(Qt.ItemDataRole.AccessibleTextRole).split("\n")]


def test_panel_shows_payloads_as_plain_text(payload_window):
    window = payload_window
    for stop in window.tour.stops:
        window.select_stop(stop.id)
        labels = _panel_labels(window)
        assert labels
        for label in labels:
            assert label.textFormat() == Qt.TextFormat.PlainText, (label.objectName(), label.text())
        texts = [label.text() for label in labels] + _agenda_texts(window)
        assert window.tour.title in texts  # with its "</title><script>…" intact
        assert f"{window.tour.stop_index[stop.id] + 1}. {stop.name}" in texts
        assert any("<script>" in t for t in texts)
        assert [i.title for i in stop.agenda if i.title not in texts] == []
    window.select_stop("first")
    joined = "\n".join([label.text() for label in _panel_labels(window)] + _agenda_texts(window))
    for literal in (
        '<img src=x onerror="window.__pwned=1"> summary',
        "<script>window.__pwned=1</script> detail",
        '“<img src=x onerror="window.__pwned=1"> quote” — <script>window.__pwned=1</script> speaker',
        "<script>window.__pwned=1</script>, <b>bold</b>, <img",
        "<b>bold</b>  (1)",
    ):
        assert literal in joined


def test_tooltips_and_list_show_payloads_as_typed(payload_window):
    window = payload_window
    model = window.panel.model
    for row, stop in enumerate(window.tour.stops):
        index = model.index(row)
        assert stop.name in model.data(index, Qt.ItemDataRole.DisplayRole)
        assert _shown(model.data(index, Qt.ItemDataRole.ToolTipRole)) == stop.place.label()
    assert _shown(window.panel.subtitle.toolTip()) == window.tour.summary
    for topic, button in window.panel.topic_buttons.items():
        assert topic in _shown(button.toolTip())
    assert window.windowTitle().startswith(window.tour.title)


def test_page_runs_no_payload_and_shows_it_as_text(payload_window):
    window = payload_window
    state = map_state(window)
    assert state["ready"] is True and state["basemap"] == "loaded"
    assert [m["id"] for m in state["markers"]] == ["first", "second", "third"]
    assert run_js(window.map, "JSON.stringify(typeof window.__pwned)") == "undefined"
    assert run_js(window.map, "JSON.stringify(document.title)") == window.tour.title
    # No element came out of tour text: no images, no inline handlers, no stray scripts.
    assert run_js(window.map, "JSON.stringify(document.querySelectorAll('img:not([class*=leaflet-]), svg[onload], [onerror]').length)") == 0
    inside = "[data-stop-id] *:not(.tm-pin), .leaflet-tooltip-pane img, .leaflet-tooltip-pane b"
    assert run_js(window.map, f"JSON.stringify(document.querySelectorAll('{inside}').length)") == 0
    labels = run_js(window.map, "JSON.stringify(Array.from(document.querySelectorAll('[data-stop-id]')).map(n => n.getAttribute('aria-label')))")
    assert labels == [f"{n}. {s.name}" for n, s in enumerate(window.tour.stops, 1)]

    # Hover every marker: its tooltip holds the name as literal text, and still nothing ran.
    target = window.map.focusProxy() or window.map
    for marker, stop in zip(wait_map_still(window)["markers"], window.tour.stops):
        QTest.mouseMove(target, QPoint(5, 5))
        QTest.mouseMove(target, QPoint(round(marker["x"]), round(marker["y"])))
        script = "JSON.stringify(Array.from(document.querySelectorAll('.tm-tip-name')).map(n => n.textContent))"
        wait_until(lambda: f"{stop.id and window.tour.stop_index[stop.id] + 1}. {stop.name}" in run_js(window.map, script), message=f"tooltip of {stop.id}")
    QTest.mouseMove(target, QPoint(5, 5))
    tips = run_js(window.map, "JSON.stringify(Array.from(document.querySelectorAll('.leaflet-tooltip-pane .tm-tooltip')).map(n => n.textContent))")
    assert any("<b>bold</b> First" in t for t in tips)
    markup = ".leaflet-tooltip-pane b, .leaflet-tooltip-pane img, .leaflet-tooltip-pane script"
    assert run_js(window.map, f"JSON.stringify(document.querySelectorAll('{markup}').length)") == 0
    assert run_js(window.map, "JSON.stringify(typeof window.__pwned)") == "undefined"

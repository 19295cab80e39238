"""The native briefing panel: agenda grouping, item cards, search and topic filters."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QLineEdit, QListView, QToolButton

from tourmap.model import Status

pytestmark = pytest.mark.gui


def _labels(window, name):
    """Texts of the panel's labels with this objectName, in layout order (live widgets only)."""
    layout = window.panel.agenda_layout
    found = []
    for i in range(layout.count()):
        widget = layout.itemAt(i).widget()
        if widget is None:
            continue
        if isinstance(widget, QLabel) and widget.objectName() == name:
            found.append(widget.text())
        found += [label.text() for label in widget.findChildren(QLabel, name)]
    return found


def _cards(window):
    layout = window.panel.agenda_layout
    widgets = [layout.itemAt(i).widget() for i in range(layout.count())]
    return [w for w in widgets if isinstance(w, QFrame) and w.objectName() == "agendaItem"]


def _matches(window):
    model = window.panel.model
    return {model.data(model.index(r), model.StopIdRole): model.data(model.index(r), model.MatchesRole) for r in range(model.rowCount())}


def _dimmed(window):
    model = window.panel.model
    return {model.data(model.index(r), model.StopIdRole) for r in range(model.rowCount()) if model.data(model.index(r), Qt.ItemDataRole.ForegroundRole) is not None}


def _titles(window, stop_id):
    stop = window.tour.stops[window.tour.stop_index[stop_id]]
    return [i.title for i in stop.agenda]


def test_panel_object_names(window):
    assert window.findChild(QListView, "stopList") is window.panel.stop_list
    assert window.findChild(QLineEdit, "agendaSearch") is window.panel.search
    assert window.panel.objectName() == "agendaPanel"
    assert window.map.objectName() == "mapView"


def test_without_a_selection_the_panel_says_what_to_do(window):
    assert _labels(window, "agendaHint")
    assert _cards(window) == []


def test_sepang_has_no_agenda_items(window):
    window.select_stop("sepang")
    assert _labels(window, "stopHeading") == ["1. Sepang"]
    assert _labels(window, "agendaEmpty") == ["No agenda items recorded for this stop."]
    assert _cards(window) == []


def test_tokyo_groups_trade_then_security_then_the_rest(window):
    window.select_stop("tokyo")
    headings = _labels(window, "topicHeading")
    topics = [h.split()[0] for h in headings]
    assert topics[:2] == ["Trade", "Security"]
    assert topics[2:] == sorted(topics[2:]) and "Diplomacy" in topics[2:]
    stop = window.tour.stops[window.tour.stop_index["tokyo"]]
    for heading in headings:
        topic = heading.split()[0].lower()
        assert heading.endswith(f"({sum(1 for i in stop.agenda if i.topic == topic)})")
    # Cards follow their heading: all trade cards come before any security card.
    assert [c.property("topic") for c in _cards(window)] == sorted((i.topic for i in stop.agenda), key=["trade", "security", "diplomacy"].index)


def test_each_item_card_shows_title_status_and_source(window):
    window.select_stop("tokyo")
    cards = _cards(window)
    assert len(cards) == len(_titles(window, "tokyo"))
    statuses = {s.value for s in Status}
    source = window.tour.sources[0]
    for card in cards:
        (title,) = [w.text() for w in card.findChildren(QLabel, "itemTitle")]
        (status,) = [w.text() for w in card.findChildren(QLabel, "itemStatus")]
        (citation,) = [w.text() for w in card.findChildren(QLabel, "itemSource")]
        assert title in _titles(window, "tokyo")
        assert status in statuses
        assert citation.startswith(f"Source: {source.publisher}, “{source.title}”")
    assert set(window.panel.visible_item_titles()) == set(_titles(window, "tokyo"))


def test_search_filters_items_and_dims_stops_without_matches(window, qtbot):
    window.select_stop("tokyo")
    assert _matches(window) == {"sepang": True, "tokyo": True, "seoul": True}
    assert _dimmed(window) == set()
    search = window.panel.search
    search.setFocus()
    qtbot.keyClicks(search, "missile")
    assert search.text() == "missile"
    qtbot.waitUntil(lambda: _labels(window, "itemTitle") == ["Advanced missile systems"])
    assert _labels(window, "topicHeading") == ["Security  (1)"]
    assert _matches(window) == {"sepang": False, "tokyo": True, "seoul": False}
    assert _dimmed(window) == {"sepang", "seoul"}
    # A dimmed stop stays selectable and says nothing matches.
    window.select_stop("seoul")
    assert _cards(window) == []
    assert _labels(window, "agendaEmpty") == [f"No agenda items match the filter ({len(_titles(window, 'seoul'))} hidden)."]
    # Clearing with real keys brings everything back.
    qtbot.keyClick(search, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(search, Qt.Key.Key_Backspace)
    assert search.text() == ""
    qtbot.waitUntil(lambda: sorted(_labels(window, "itemTitle")) == sorted(_titles(window, "seoul")))
    assert _matches(window) == {"sepang": True, "tokyo": True, "seoul": True}
    assert _dimmed(window) == set()


def test_topic_toggle_hides_trade_items_and_back(window, qtbot):
    window.select_stop("seoul")
    trade = window.findChild(QToolButton, "topicFilter_trade")
    assert trade is not None and trade.isChecked()
    trade_titles = {i.title for i in window.tour.stops[2].agenda if i.topic == "trade"}
    assert trade_titles and trade_titles <= set(_labels(window, "itemTitle"))
    qtbot.mouseClick(trade, Qt.MouseButton.LeftButton)
    assert not trade.isChecked()
    shown = set(_labels(window, "itemTitle"))
    assert shown == set(_titles(window, "seoul")) - trade_titles
    assert not any(h.startswith("Trade") for h in _labels(window, "topicHeading"))
    assert _matches(window) == {"sepang": False, "tokyo": True, "seoul": True}
    qtbot.mouseClick(trade, Qt.MouseButton.LeftButton)
    assert trade.isChecked()
    assert set(_labels(window, "itemTitle")) == set(_titles(window, "seoul"))
    assert _labels(window, "topicHeading")[0].startswith("Trade")
    assert _matches(window) == {"sepang": True, "tokyo": True, "seoul": True}


def test_many_long_topics_wrap_instead_of_widening_the_panel(window, tmp_path):
    import json

    from tourmap.paths import bundled_tour

    doc = json.loads(bundled_tour().read_text(encoding="utf-8"))
    item = doc["stops"][1]["agenda"][0]
    doc["stops"][1]["agenda"] = [{**item, "topic": f"topic number {n} with a rather long name"} for n in range(12)]
    path = tmp_path / "topics.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    width = window.panel.width()
    assert window.open_path(path)
    buttons = list(window.panel.topic_buttons.values())
    assert len(buttons) == len(window.tour.topics()) >= 14
    from conftest import wait_until

    wait_until(lambda: len({b.geometry().top() for b in buttons}) > 2, message="toggles to wrap onto several lines")
    assert window.panel.width() == width
    assert all(b.geometry().right() <= window.panel.topic_row.width() for b in buttons)
    assert buttons[-1].toolTip() and "with a rather long name" in buttons[-1].toolTip()


def test_escape_in_the_filter_field_clears_it(window, qtbot):
    from PySide6.QtCore import Qt

    search = window.panel.search
    search.setFocus()
    qtbot.keyClicks(search, "missile")
    assert search.text() == "missile"
    qtbot.keyClick(search, Qt.Key.Key_Escape)
    assert search.text() == ""

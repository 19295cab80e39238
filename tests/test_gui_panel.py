"""The native briefing panel: agenda grouping, item cards, search and topic filters."""

from __future__ import annotations

import pytest
from conftest import map_state, wait_until
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QListView, QPushButton, QToolButton

pytestmark = pytest.mark.gui


def _labels(window, name):
    """Texts the panel shows under this name: its labels, the agenda's item titles and topic headings."""
    panel = window.panel
    if name == "itemTitle":
        return panel.visible_item_titles()
    if name == "topicHeading":
        model = panel.agenda
        rows = [model.index(r) for r in range(model.rowCount())]
        return [i.data() for i in rows if i.data(model.ItemRole) is None]
    return [label.text() for label in panel.findChildren(QLabel, name) if label.isVisibleTo(panel) and label.text()]


def _cards(window):
    """The agenda's item rows, as (topic, item), in order."""
    model = window.panel.agenda
    rows = [model.index(r) for r in range(model.rowCount())]
    return [(i.data(model.TopicRole), i.data(model.ItemRole)) for i in rows if i.data(model.ItemRole) is not None]


def _matches(window):
    model = window.panel.model
    return {model.data(model.index(r), model.StopIdRole): model.data(model.index(r), model.MatchesRole) for r in range(model.rowCount())}


def _dimmed(window):
    model = window.panel.model
    rows = (model.index(r) for r in range(model.rowCount()))
    return {model.data(index, model.StopIdRole) for index in rows if model.data(index, Qt.ItemDataRole.ForegroundRole) is not None}


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
    assert [topic for topic, _ in _cards(window)] == sorted((i.topic for i in stop.agenda), key=["trade", "security", "diplomacy"].index)


def test_each_item_card_shows_title_status_and_source(window, qtbot):
    from PySide6.QtGui import QGuiApplication

    window.select_stop("tokyo")
    view, model = window.panel.agenda_view, window.panel.agenda
    cards = _cards(window)
    order = ["trade", "security", "diplomacy"]
    assert [item.title for _, item in cards] == [i.title for i in sorted(window.tour.stops[1].agenda, key=lambda i: order.index(i.topic))]
    source = window.tour.sources[0]
    texts = [model.index(r).data(Qt.ItemDataRole.AccessibleTextRole) for r in range(model.rowCount()) if model.index(r).data(model.ItemRole)]
    for (_, item), text in zip(cards, texts):
        title, status, *_, citation = text.split("\n")
        assert (title, status.split(",")[0]) == (item.title, item.status.value)
        assert citation.startswith(f"Source: {source.publisher}, “{source.title}”")
    # The first card is drawn where the view says, tall enough for its lines, on screen.
    first = model.index(1)
    rect = view.visualRect(first)
    assert rect.top() >= 0 and rect.height() > 3 * view.fontMetrics().height() and rect.width() > 200
    image = view.viewport().grab().toImage()
    area = ((x, y) for x in range(rect.left() + 12, rect.left() + 120) for y in range(rect.top() + 8, rect.top() + 24))
    inked = sum(1 for x, y in area if image.pixelColor(x, y).lightness() < 100)
    assert inked > 20, "the card's title is drawn"
    # A card is selectable with the mouse and Ctrl+C copies it as text.
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.currentIndex().row() == 1
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == texts[0]


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
    assert _labels(window, "filterCount") == [f"1 of {window.tour.agenda_count()} items"]
    assert _matches(window) == {"sepang": False, "tokyo": True, "seoul": False}
    assert _dimmed(window) == {"sepang", "seoul"}
    # The map dims the same stops.
    dimmed = {"sepang": "true", "tokyo": "false", "seoul": "true"}
    wait_until(lambda: {m["id"]: m["dimmed"] for m in map_state(window)["markers"]} == dimmed, message="dimmed markers")
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
    wait_until(lambda: {m["dimmed"] for m in map_state(window)["markers"]} == {"false"}, message="markers lit again")


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


def test_many_long_topics_fold_into_a_searchable_list(window, qtbot, tmp_path):
    import json

    from conftest import wait_until

    from tourmap.paths import bundled_tour

    doc = json.loads(bundled_tour().read_text(encoding="utf-8"))
    item = doc["stops"][1]["agenda"][0]
    doc["stops"][1]["agenda"] = [{**item, "topic": f"topic number {n} with a rather long name"} for n in range(12)]
    path = tmp_path / "topics.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    width = window.panel.width()
    assert window.open_path(path)
    panel = window.panel
    buttons = list(panel.topic_buttons.values())
    assert list(panel.topic_buttons)[:2] == ["trade", "security"] and len(buttons) == 6 < len(window.tour.topics()) == 16
    more = window.findChild(QToolButton, "topicMore")
    assert more.isVisible() and more.text() == "All 16 topics…"
    wait_until(lambda: len({b.geometry().top() for b in buttons}) > 1, message="toggles to wrap onto several lines")
    assert panel.width() == width
    assert all(b.geometry().right() <= panel.topic_row.width() for b in [*buttons, more])
    # Every topic is in the list: find one by typing, toggle it with the keyboard.
    qtbot.mouseClick(more, Qt.MouseButton.LeftButton)
    popup = panel.topic_popup
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClicks(popup.search, "number 11")
    assert popup.proxy.rowCount() == 1
    qtbot.keyClick(popup.search, Qt.Key.Key_Down)
    qtbot.keyClick(popup.list, Qt.Key.Key_Space)
    assert panel.topics.hidden == {"topic number 11 with a rather long name"}
    assert more.text() == "All 16 topics (1 hidden)…"
    assert _labels(window, "filterCount") == [f"{window.tour.agenda_count() - 1} of {window.tour.agenda_count()} items"]
    window.select_stop("tokyo")
    assert len(_labels(window, "itemTitle")) == 11
    qtbot.mouseClick(popup.findChild(QPushButton, "topicShowAll"), Qt.MouseButton.LeftButton)
    assert panel.topics.hidden == set() and len(_labels(window, "itemTitle")) == 12
    popup.close()


def test_one_stop_with_10000_items_lays_out_only_what_is_on_screen(window, qtbot, tmp_path):
    from helpers_tour import heavy_stop_tour, write_json

    path = write_json(tmp_path / "heavy.json", heavy_stop_tour(10_000))
    assert window.open_path(path)
    window.select_stop("second")
    view, model = window.panel.agenda_view, window.panel.agenda
    assert model.rowCount() == 10_003  # three headings
    qtbot.waitUntil(lambda: view.visualRect(model.index(1)).height() > 0)
    measured = len(view.delegate._heights)
    assert 0 < measured < 100, measured
    # The keyboard reaches the last card, and still only about a screenful more is measured.
    window.activateWindow()
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    qtbot.keyClick(view, Qt.Key.Key_End)
    last = model.index(model.rowCount() - 1)
    qtbot.waitUntil(lambda: view.viewport().rect().intersects(view.visualRect(last)))
    assert view.currentIndex() == last and last.data() == "Item 9998"
    assert len(view.delegate._heights) < 200
    # The filter: a count over the whole tour, and the list narrowed to the matches.
    qtbot.keyClicks(window.panel.search, "item 99")
    qtbot.waitUntil(lambda: _labels(window, "filterCount") == ["111 of 10,000 items"])
    assert len(_labels(window, "itemTitle")) == 111


def test_3000_topics_build_a_handful_of_toggles(window, qtbot, tmp_path):
    from helpers_tour import heavy_stop_tour, write_json

    path = write_json(tmp_path / "topics.json", heavy_stop_tour(3000, topics=3000))
    assert window.open_path(path)
    panel = window.panel
    assert len(panel.topic_buttons) == 6
    assert len(panel.findChildren(QToolButton)) < 20
    assert panel.topic_more.text() == "All 3,002 topics…"
    popup = panel.show_topic_list()
    qtbot.keyClicks(popup.search, "topic 0299")
    assert [popup.proxy.index(r, 0).data(panel.topics.TopicRole) for r in range(popup.proxy.rowCount())] == [f"topic 0299{n}" for n in range(10)]
    qtbot.mouseClick(popup.findChild(QPushButton, "topicHideAll"), Qt.MouseButton.LeftButton)
    assert _labels(window, "filterCount") == ["0 of 3,000 items"]
    assert _dimmed(window) == {"first", "second"}
    popup.close()


def test_stop_names_and_places_are_searched(window, qtbot):
    search = window.panel.search
    qtbot.keyClicks(search, "seoul")  # the name of a stop, in none of its items
    qtbot.waitUntil(lambda: window.panel.lit_stops() is not None)
    assert _matches(window) == {"sepang": False, "tokyo": False, "seoul": True}
    seoul = len(_titles(window, "seoul"))
    assert _labels(window, "filterCount") == [f"{seoul} of {window.tour.agenda_count()} items"]
    window.select_stop("seoul")
    assert sorted(_labels(window, "itemTitle")) == sorted(_titles(window, "seoul"))
    search.clear()
    qtbot.keyClicks(search, "malaysia")  # a place: Sepang has no items, yet it is found
    qtbot.waitUntil(lambda: window.panel.lit_stops() == {"sepang"})
    assert _labels(window, "filterCount") == [f"0 of {window.tour.agenda_count()} items"]


def test_another_tour_clears_the_filter_and_the_scroll_a_reload_keeps_them(window, qtbot, tmp_path):
    from helpers_tour import write_json

    from tourmap.paths import bundled_tour

    panel = window.panel
    qtbot.keyClicks(panel.search, "missile")
    panel.topic_buttons["trade"].click()
    qtbot.waitUntil(lambda: panel.count.isVisible())
    assert window.reload()
    assert panel.search.text() == "missile" and panel.topics.hidden == {"trade"} and panel.count.isVisible()
    doc = __import__("json").loads(bundled_tour().read_text(encoding="utf-8"))
    doc["stops"] = [{**doc["stops"][0], "id": f"s{n}", "name": f"Stop {n}"} for n in range(300)]
    path = write_json(tmp_path / "long.json", doc)
    assert window.open_path(path)
    assert panel.search.text() == "" and panel.topics.hidden == set() and not panel.count.isVisible()
    assert panel.lit_stops() is None and _dimmed(window) == set()
    bar = panel.stop_list.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum())
    assert bar.value() > 0
    assert window.open_path(bundled_tour())
    assert window.open_path(path)
    assert panel.stop_list.verticalScrollBar().value() == 0


def test_escape_in_the_filter_field_clears_it(window, qtbot):
    from PySide6.QtCore import Qt

    search = window.panel.search
    search.setFocus()
    qtbot.keyClicks(search, "missile")
    assert search.text() == "missile"
    qtbot.keyClick(search, Qt.Key.Key_Escape)
    assert search.text() == ""


def test_a_stop_summary_takes_the_height_of_its_text(window, qtbot):
    """No blank band between the stop's place and its agenda: the summary is as tall as its
    wrapped lines (a short one, one line; a long one scrolls past SummaryArea.MAX_HEIGHT)."""
    area, label = window.panel.summary_area, window.panel.stop_summary
    line = label.fontMetrics().height()
    for stop_id in ("sepang", "tokyo", "seoul"):
        window.select_stop(stop_id)
        qtbot.waitUntil(lambda: label.height() <= area.viewport().height() <= label.height() + line)
        assert not area.verticalScrollBar().isVisible()  # all of it shows
        assert area.height() > 2 * line  # these wrap: several lines
    label.setText("One line.")  # what a short summary gets
    area.updateGeometry()
    qtbot.waitUntil(lambda: area.height() < 2 * line)
    label.setText("A long summary. " * 60)
    area.updateGeometry()
    qtbot.waitUntil(lambda: area.height() == area.MAX_HEIGHT and area.verticalScrollBar().isVisible())
    window.select_stop("sepang")

"""The add-stop dialog with real key presses: offline candidates as you type, arrows and
Enter, online only when asked (a fake Nominatim on 127.0.0.1), one sentence on errors."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import map_state
from fake_nominatim import fake_nominatim
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from tourmap import places, settings
from tourmap._qt.add_stop import AddStopDialog
from tourmap._qt.preferences import PlacePreferences, place_preferences, save_place_preferences

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module", autouse=True)
def place_index() -> None:
    places.ensure_index()


@pytest.fixture
def preferences() -> Iterator[None]:
    saved = place_preferences()
    yield
    save_place_preferences(saved)


@pytest.fixture
def dialog(qtbot) -> Iterator[AddStopDialog]:
    dialog = AddStopDialog()
    qtbot.addWidget(dialog)
    dialog.start()
    qtbot.waitUntil(lambda: dialog._index_ready, timeout=60_000)
    yield dialog
    dialog.reject()


def rows(dialog: AddStopDialog) -> list[str]:
    return [dialog.candidates.item(i).text() for i in range(dialog.candidates.count())]


def test_online_lookup_is_off_by_default():
    assert settings.PLACES_ONLINE.default is False
    assert place_preferences() == PlacePreferences(False, "https://nominatim.openstreetmap.org")


def test_candidates_as_you_type_arrows_and_enter(qtbot, dialog):
    assert dialog.query.hasFocus() or dialog.focusWidget() is dialog.query
    qtbot.keyClicks(dialog.query, "Gyeong")
    assert rows(dialog)[:2] == ["Gyeongsan-si — South Korea · 266,951 people", "Gyeongju — South Korea · 245,365 people"]
    assert dialog.candidates.currentRow() == 0
    qtbot.keyClick(dialog.query, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.query, Qt.Key.Key_Down)
    assert dialog.candidates.currentRow() == 2
    qtbot.keyClick(dialog.query, Qt.Key.Key_Up)
    assert dialog.candidates.currentRow() == 1
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    chosen = dialog.chosen()
    assert chosen is not None and (chosen.name, chosen.country_code) == ("Gyeongju", "KR")


def test_diacritics_and_qualifiers_as_typed(qtbot, dialog):
    for typed, first in (("Sao Paulo", "São Paulo — Brazil"), ("reykjavik", "Reykjavík — Iceland"), ("Paris, Texas", "Paris — Texas, United States")):
        dialog.query.clear()
        qtbot.keyClicks(dialog.query, typed)
        assert rows(dialog)[0].startswith(first), rows(dialog)


def test_other_scripts_from_an_input_method(qtbot, dialog):
    """Kanji arrive as an input method's commit (QTest cannot type them as keys)."""
    for text in ("東", "京"):
        event = QInputMethodEvent()
        event.setCommitString(text)
        QApplication.sendEvent(dialog.query, event)
    assert dialog.query.text() == "東京"
    assert rows(dialog)[0].startswith("Tokyo — Japan")


def test_nothing_offline_with_online_off_says_where_to_turn_it_on(qtbot, dialog, preferences):
    save_place_preferences(PlacePreferences(False, "http://127.0.0.1:9"))
    qtbot.keyClicks(dialog.query, "Qqzxv")
    assert rows(dialog) == []
    assert "Preferences" in dialog.status.text()
    assert not dialog.search_online.isEnabled()
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)  # nothing to pick, nothing asked
    assert dialog.isVisible()


def test_online_only_when_asked_then_attribution(qtbot, dialog, preferences):
    with fake_nominatim() as server:
        save_place_preferences(PlacePreferences(True, server.url))
        qtbot.keyClicks(dialog.query, "Qqzxv Town")
        assert rows(dialog) == [] and server.requests == []  # typing asks nothing online
        assert "Enter" in dialog.status.text() and dialog.search_online.isEnabled()
        qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.candidates.count() > 0, timeout=10_000)
        assert len(server.requests) == 1 and server.requests[0].query["q"] == ["Qqzxv Town"]
        assert rows(dialog)[0] == "Qqzxv Town — Tokyo, Japan · 9,733,276 people"
        assert dialog.attribution.isVisibleTo(dialog) and "OpenStreetMap" in dialog.attribution.text()
        with qtbot.waitSignal(dialog.accepted, timeout=2000):
            qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
        chosen = dialog.chosen()
        assert chosen is not None and chosen.source == "Nominatim"
        # Typing again shows offline candidates, without the attribution.
        dialog.start()
        qtbot.keyClicks(dialog.query, "Busan")
        assert rows(dialog)[0].startswith("Busan — South Korea") and not dialog.attribution.isVisibleTo(dialog)
        assert len(server.requests) == 1


def test_online_error_is_one_sentence_and_nothing_sticks(qtbot, dialog, preferences):
    with fake_nominatim() as server:
        save_place_preferences(PlacePreferences(True, server.url))
        qtbot.keyClicks(dialog.query, "status 503")
        qtbot.mouseClick(dialog.search_online, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "HTTP 503" in dialog.status.text(), timeout=10_000)
        assert dialog.status.text() == f"The geocoding server {server.url} failed (HTTP 503): search again later."
        assert dialog.search_online.isEnabled() and rows(dialog) == []


def test_an_index_that_cannot_be_made_is_one_sentence(qtbot, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("TOURMAP_CACHE_DIR", str(blocker / "cache"))
    dialog = AddStopDialog()
    qtbot.addWidget(dialog)
    dialog.start()
    qtbot.waitUntil(lambda: "cannot be made" in dialog.status.text(), timeout=10_000)
    assert dialog.status.text() == f"The place index cannot be made in {blocker / 'cache'}: Not a directory."
    qtbot.keyClicks(dialog.query, "Tokyo")
    assert rows(dialog) == [] and dialog.isVisible()
    dialog.reject()


# -- in the window ------------------------------------------------------------------------


def _visible(window, name: str):
    from conftest import wait_until
    from PySide6.QtWidgets import QDialog

    return wait_until(lambda: next((d for d in window.findChildren(QDialog, name) if d.isVisible()), None), message=name)


def test_preferences_turn_online_lookup_on_and_set_the_server(qtbot, window, preferences):
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QCheckBox, QLineEdit

    window.findChild(QAction, "actionPreferences").trigger()
    dialog = _visible(window, "preferencesDialog")
    try:
        online, server = dialog.findChild(QCheckBox, "placesOnline"), dialog.findChild(QLineEdit, "placesServer")
        assert not online.isChecked() and server.text() == "https://nominatim.openstreetmap.org"
        qtbot.mouseClick(online, Qt.MouseButton.LeftButton, pos=QPoint(8, online.height() // 2))  # the box itself
        assert online.isChecked()
        server.selectAll()
        qtbot.keyClicks(server, "http://nominatim.example.org:8080")
        qtbot.keyClick(server, Qt.Key.Key_Return)
        assert place_preferences() == PlacePreferences(True, "http://nominatim.example.org:8080")
    finally:
        dialog.close()
        dialog.deleteLater()


def test_about_credits_geonames_and_openstreetmap(window):
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QPlainTextEdit

    window.findChild(QAction, "actionAbout").trigger()
    dialog = _visible(window, "aboutDialog")
    try:
        text = dialog.findChild(QPlainTextEdit).toPlainText()
    finally:
        dialog.close()
        dialog.deleteLater()
    assert "GeoNames (https://www.geonames.org) — CC BY 4.0" in text
    assert "© OpenStreetMap contributors — ODbL" in text


def test_add_stop_flow_puts_the_place_after_the_selected_stop_in_one_undo_step(qtbot, window):
    from conftest import wait_until
    from PySide6.QtGui import QAction

    document = window.document
    original, undo_count = document.tour, document.undo_stack.count()
    document.set_current_stop("tokyo")
    window.findChild(QAction, "actionAddStop").trigger()
    dialog = _visible(window, "addStopDialog")
    qtbot.waitUntil(lambda: dialog._index_ready and dialog._near is not None, timeout=60_000)
    try:
        qtbot.keyClicks(dialog.query, "Busan")
        assert rows(dialog)[0] == "Busan — South Korea · 3,285,147 people"
        qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
        wait_until(lambda: len(document.tour.stops) == 4, message="a fourth stop")
        stop = document.tour.stops[2]
        assert [s.id for s in document.tour.stops] == ["sepang", "tokyo", "busan", "seoul"]
        assert (stop.name, stop.place.city, stop.place.country, stop.place.venue) == ("Busan", "Busan", "South Korea", None)
        assert (stop.lat, stop.lon) == (35.10168, 129.03004)
        assert document.current_stop == "busan" and window.isWindowModified()
        assert document.undo_stack.count() == undo_count + 1
        wait_until(lambda: "busan" in {m["id"] for m in map_state(window)["markers"]}, message="Busan's marker")
        window.findChild(QAction, "actionUndo").trigger()
        assert document.tour is original
    finally:
        dialog.reject()


def test_the_view_centre_ranks_ties(window):
    """The page hands back where it looks (what the flow passes as ``near``)."""
    from conftest import wait_until

    answers: list[object] = []
    window.map.api.center(answers.append)
    wait_until(lambda: answers, message="the page's answer")
    (center,) = answers
    assert isinstance(center, tuple) and -90 <= center[0] <= 90 and -180 <= center[1] <= 180


def test_add_stop_here_is_named_after_the_nearest_place_within_50_km():
    from tourmap._qt.add_stop import nearest_place

    near_tokyo = nearest_place(35.70, 139.70)
    assert near_tokyo is not None and near_tokyo.country_code == "JP"
    assert nearest_place(0.0, -30.0) is None  # open ocean: no place within 50 km


def test_add_stop_here_names_the_stop_after_the_nearest_place(qtbot, window):
    from conftest import run_js, wait_map_still
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QMenu

    document = window.document
    original = document.tour
    window.select_stop("tokyo")
    wait_map_still(window)
    run_js(window.map, "TM.state.map.setView([35.69, 139.69], 9, {animate: false}); 1")  # ~300 m a pixel
    wait_map_still(window)
    target = window.map.focusProxy() or window.map
    point = QPoint(target.width() // 2 + 30, target.height() // 2 + 20)  # beside Tokyo's marker, ~10 km
    there = run_js(window.map, f"JSON.stringify(TM.state.map.containerPointToLatLng([{point.x()}, {point.y()}]))")
    QTest.mouseClick(target, Qt.MouseButton.RightButton, Qt.KeyboardModifier.NoModifier, point)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=5000)
    menu = QApplication.activePopupWidget()
    next(a for a in menu.actions() if a.objectName() == "actionAddStopHere").trigger()
    menu.close()
    try:
        added = document.tour.stops[2]
        expected = places.nearest(round(there["lat"], 6), round(there["lng"], 6))
        assert expected is not None and expected.country_code == "JP"
        assert (added.name, added.place.city, added.place.country) == (expected.name, expected.name, "Japan")
    finally:
        window.stop_dock.hide()
        window.findChild(QAction, "actionUndo").trigger()
    assert document.tour is original

"""The add-stop dialog with real key presses: offline candidates as you type, arrows and
Enter, online only when asked (a fake Nominatim on 127.0.0.1), one sentence on errors."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fake_nominatim import fake_nominatim
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QInputMethodEvent
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
    dialog = AddStopDialog(near=lambda: None)
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

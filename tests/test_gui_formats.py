"""File > Import and File > Export Data in the window: a new unsaved tour from GeoJSON, KML,
GPX or CSV (with the CSV preview and its rows to settle), and the tour out again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import shiboken6
from conftest import map_state, wait_map_ready, wait_until
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QMessageBox, QTableWidget

from tourmap.formats import geojson, gpx, kml
from tourmap.loader import load_tour
from tourmap.paths import bundled_tour

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def _bundled_tour_after(window):
    """Imports leave an unsaved tour with no file: the bundled tour goes back, unasked."""
    yield
    if window.path != bundled_tour():
        window.set_tour(load_tour(bundled_tour()), bundled_tour())
        assert not window.document.dirty  # an import's unsaved state does not stick
        wait_map_ready(window)


def _markers(window) -> list[str]:
    return [m["id"] for m in map_state(window)["markers"]]


def _close_notes(window) -> None:
    if window.notes_box is not None and window.notes_box.isVisible():
        window.notes_box.close()


def test_file_menu_offers_import_and_export_data(window):
    actions = {a.objectName(): a for a in window.menuBar().actions()[0].menu().actions()}
    assert actions["actionImport"].text() == "&Import…" and actions["actionImport"].shortcut().toString() == "Ctrl+I"
    assert actions["actionExportData"].text() == "Export &Data…"
    assert window.findChild(QAction, "actionImport") is actions["actionImport"]
    from tourmap._qt.main_window import OPEN_FILTER

    first = OPEN_FILTER.split(";;")[0]
    for pattern in ("*.json", "*.geojson", "*.kml", "*.gpx", "*.csv"):
        assert pattern in first


@pytest.mark.parametrize("fmt", ["geojson", "kml", "gpx"])
def test_import_opens_a_new_unsaved_tour(window, tmp_path, qtbot, fmt):
    tour = load_tour(bundled_tour())
    path = tmp_path / f"trip.{fmt}"
    {"geojson": geojson, "kml": kml, "gpx": gpx}[fmt].write(tour, path)
    assert window.open_path(path)  # File > Open takes every format; this one comes in as an import
    wait_map_ready(window)
    assert window.path is None and window.document.dirty
    assert window.isWindowModified() and "untitled" in window.windowTitle()
    assert [s.name for s in window.tour.stops] == ["Sepang", "Tokyo", "Seoul"]
    assert _markers(window) == [s.id for s in window.tour.stops]
    assert window.panel.model.rowCount() == 3
    if fmt == "geojson":
        assert window.tour == tour
        assert window.notes_box is None or not window.notes_box.isVisible()
    else:
        box = window.notes_box
        qtbot.waitUntil(box.isVisible)
        assert box.objectName() == "formatNotes" and "names no sources" in box.informativeText()
        # Wide enough for its title ("Imported trip.kml — tourmap") beside the title bar's buttons.
        assert box.width() >= box.fontMetrics().horizontalAdvance(f"{box.windowTitle()} — tourmap") + 120
        _close_notes(window)


def test_import_of_a_bad_file_says_why_and_keeps_the_tour(window, tmp_path, qtbot):
    path = tmp_path / "bad.kml"
    path.write_text("<kml><Placemark>", encoding="utf-8")
    assert window.import_path(path) is False
    dialog = window.error_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert f"{path}: 1:17: invalid XML" in dialog.text()
    assert window.path == bundled_tour() and not window.document.dirty
    dialog.close()
    window.error_dialog = None
    shiboken6.delete(dialog)  # gone, not hidden: other tests look for the next one by name


def test_csv_preview_shows_the_mapping_and_the_rows_to_settle(window, tmp_path, qtbot):
    path = tmp_path / "stops.csv"
    path.write_bytes("\ufeffName;Latitude;Longitude;Colour\r\nTokyo;35,6762;139,6503;red\r\nParis;;;\r\nAtlantis-under-the-sea;;;\r\n".encode())
    assert window.import_path(path)
    dialog = window.csv_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert window.path == bundled_tour()  # nothing imported yet
    mapping = dialog.findChild(QTableWidget, "columnMapping")
    assert [(mapping.item(r, 0).text(), mapping.item(r, 1).text()) for r in range(mapping.rowCount())] == [
        ("Name", "stop name"),
        ("Latitude", "latitude"),
        ("Longitude", "longitude"),
        ("Colour", "not read"),
    ]
    rows = dialog.findChild(QTableWidget, "rowsToSettle")
    assert [(rows.item(r, 0).text(), rows.item(r, 1).text()) for r in range(rows.rowCount())] == [("3", "Paris"), ("4", "Atlantis-under-the-sea")]
    import_button = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not import_button.isEnabled()  # nothing is guessed
    paris, atlantis = (rows.cellWidget(r, 2) for r in range(2))
    assert isinstance(paris, QComboBox) and paris.count() >= 4  # choose, two Parises at least, leave out
    assert atlantis.count() == 2
    # Paris: the first candidate (the biggest, in France); Atlantis: left out. By keyboard.
    for box in (paris, atlantis):
        box.setFocus()
        qtbot.keyClick(box, Qt.Key.Key_Down)
    assert "France" in paris.currentText() and atlantis.currentText() == "Leave this row out"
    assert import_button.isEnabled()
    qtbot.mouseClick(import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    wait_map_ready(window)
    assert window.path is None and window.document.dirty
    assert [(s.name, round(s.lat)) for s in window.tour.stops] == [("Tokyo", 36), ("Paris", 49)]
    assert window.tour.stops[1].place.country == "France"
    assert _markers(window) == ["tokyo", "paris"]
    qtbot.waitUntil(window.notes_box.isVisible)
    notes = window.notes_box.informativeText()
    assert "Colour" in notes and "line 4" in notes and "gazetteer" in notes
    _close_notes(window)


def test_export_data_writes_each_format_and_lists_what_it_cannot_carry(window, tmp_path, qtbot):
    out = tmp_path / "tour.gpx"
    assert window.export_data_to(out)
    assert [w.name for w in gpx.read(out).stops] == ["Sepang", "Tokyo", "Seoul"]
    box = window.notes_box
    qtbot.waitUntil(box.isVisible)
    assert "GPX does not carry 15 agenda items" in box.informativeText()
    _close_notes(window)
    out = tmp_path / "tour"
    assert window.export_data_to(out, "geojson")
    assert json.loads((tmp_path / "tour.geojson").read_text(encoding="utf-8"))["title"] == window.tour.title
    out = tmp_path / "items.csv"
    assert window.export_data_to(out, "csv", agenda_rows=True)
    assert out.read_text(encoding="utf-8-sig").count("\n") == 17
    _close_notes(window)
    assert not window.document.dirty and window.path == bundled_tour()
    wait_until(lambda: not window.notes_box.isVisible())
    assert isinstance(window.notes_box, QMessageBox)


def test_export_data_takes_the_typed_extension_over_the_filter():
    from tourmap._qt.main_window import export_choice

    assert export_choice(Path("out.kml"), "GeoJSON (*.geojson)") == (None, False)  # KML, by its name
    assert export_choice(Path("out"), "GPX (*.gpx)") == ("gpx", False)
    assert export_choice(Path("items.csv"), "CSV, a row per agenda item (*.csv)") == ("csv", True)
    assert export_choice(Path("stops.csv"), "GeoJSON (*.geojson)") == (None, False)

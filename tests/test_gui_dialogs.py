"""Export Snapshot dialog, About and Tour Format: what a user reaches through the menus."""

from __future__ import annotations

from pathlib import Path

from conftest import wait_until
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QDialog, QLineEdit, QPlainTextEdit, QSpinBox


def open_export_dialog(window) -> QDialog:
    window.findChild(QAction, "actionExportSnapshot").trigger()
    return wait_until(lambda: next((d for d in window.findChildren(QDialog, "exportDialog") if d.isVisible()), None), message="export dialog")


def test_export_dialog_writes_the_size_and_scale_asked_for(window, tmp_path, qtbot):
    dialog = open_export_dialog(window)
    try:
        dialog.findChild(QSpinBox, "exportWidth").setValue(900)
        dialog.findChild(QSpinBox, "exportHeight").setValue(600)
        scale = dialog.findChild(QComboBox, "exportScale")
        scale.setCurrentIndex(scale.findData(2))
        assert "1800 × 1200" in dialog.findChild(type(dialog.pixels), "exportPixels").text()
        assert dialog.findChild(QComboBox, "exportPreset").currentText() == "Custom"
        path = dialog.findChild(QLineEdit, "exportPath")
        path.setText(str(tmp_path / "snapshot"))  # no extension: PNG is assumed
        dialog.accept()
        assert not dialog.isVisible()
    finally:
        dialog.close()
    image = QImage(str(tmp_path / "snapshot.png"))
    assert (image.width(), image.height()) == (1800, 1200)


def test_export_dialog_keeps_itself_open_and_explains_a_bad_folder(window, tmp_path):
    dialog = open_export_dialog(window)
    try:
        dialog.findChild(QLineEdit, "exportPath").setText(str(tmp_path / "nowhere" / "map.png"))
        dialog.accept()
        assert dialog.isVisible()
        assert "does not exist" in dialog.error.text()
    finally:
        dialog.close()
    assert not (tmp_path / "nowhere").exists()


def test_export_dialog_survives_a_file_name_typed_from_scratch_and_asks_for_one(window, qtbot):
    """Clearing the field and typing "/..." goes through "" and "/": no name yet, no crash."""
    dialog = open_export_dialog(window)
    try:
        path = dialog.findChild(QLineEdit, "exportPath")
        path.selectAll()
        QTest.keyClick(path, Qt.Key.Key_Backspace)
        QTest.keyClicks(path, "/")
        assert path.text() == "/" and dialog.pixels.text().startswith("Image: ")  # pytest-qt fails on a slot's exception
        dialog.accept()
        assert dialog.isVisible() and "give the file a name" in dialog.error.text()
    finally:
        dialog.close()


def test_export_dialog_whole_window_and_pdf_briefing(window, tmp_path):
    window.select_stop("seoul")
    dialog = open_export_dialog(window)
    try:
        what = dialog.findChild(QComboBox, "exportWhat")
        what.setCurrentIndex(what.findData("window"))
        assert not dialog.findChild(QSpinBox, "exportWidth").isEnabled()
        dialog.findChild(QLineEdit, "exportPath").setText(str(tmp_path / "window.png"))
        dialog.accept()
    finally:
        dialog.close()
    image = QImage(str(tmp_path / "window.png"))
    assert (image.width(), image.height()) == (window.width(), window.height())

    dialog = open_export_dialog(window)
    try:
        what = dialog.findChild(QComboBox, "exportWhat")
        what.setCurrentIndex(what.findData("map"))
        dialog.findChild(QLineEdit, "exportPath").setText(str(tmp_path / "brief.pdf"))
        dialog.accept()
    finally:
        dialog.close()
    assert (tmp_path / "brief.pdf").read_bytes()[:5] == b"%PDF-"


def test_export_dialog_briefing_is_a_choice_of_its_own_and_presets_speak_of_pages(window, tmp_path):
    from PySide6.QtWidgets import QCheckBox

    window.select_stop(None)
    dialog = open_export_dialog(window)
    try:
        what = dialog.findChild(QComboBox, "exportWhat")
        path = dialog.findChild(QLineEdit, "exportPath")
        preset = dialog.findChild(QComboBox, "exportPreset")
        pixels = dialog.findChild(type(dialog.pixels), "exportPixels")
        what.setCurrentIndex(what.findData("map"))
        path.setText(str(tmp_path / "map.png"))
        assert what.itemText(what.findData("briefing")) == "Briefing (PDF)"
        preset.setCurrentIndex(preset.findData("a4-landscape"))
        assert not dialog.findChild(QSpinBox, "exportWidth").isEnabled()
        assert pixels.text() == "Image: 3508 × 2480 pixels, 300 dpi"
        path.setText(str(tmp_path / "map.pdf"))
        assert pixels.text().startswith("Page: A4 landscape (297 × 210 mm)")
        what.setCurrentIndex(what.findData("briefing"))
        assert path.text().endswith("map.pdf") and pixels.text().startswith("Pages:")
        assert not dialog.findChild(QCheckBox, "exportLabels").isEnabled()
        what.setCurrentIndex(what.findData("map"))
        path.setText(str(tmp_path / "map.png"))
        preset.setCurrentIndex(preset.findData("social"))
        assert (dialog.findChild(QSpinBox, "exportWidth").value(), dialog.findChild(QSpinBox, "exportHeight").value()) == (1200, 675)
        assert pixels.text() == "Image: 1200 × 675 pixels, 96 dpi"
        what.setCurrentIndex(what.findData("briefing"))
        assert path.text().endswith("map.pdf")  # a briefing is a PDF
    finally:
        preset.setCurrentIndex(0)
        dialog.close()


def test_export_dialog_error_goes_when_its_cause_changes(window, tmp_path):
    dialog = open_export_dialog(window)
    try:
        path = dialog.findChild(QLineEdit, "exportPath")
        path.setText(str(tmp_path / "nowhere" / "map.png"))
        dialog.accept()
        assert "does not exist" in dialog.error.text()
        path.setText(str(tmp_path / "map.png"))
        assert dialog.error.text() == ""
    finally:
        dialog.close()


def test_about_names_the_version_the_vendored_licences_and_the_tour_sources(window):
    from tourmap import __version__

    window.findChild(QAction, "actionAbout").trigger()
    dialog = wait_until(lambda: next((d for d in window.findChildren(QDialog, "aboutDialog") if d.isVisible()), None), message="about")
    try:
        text = dialog.findChild(QPlainTextEdit).toPlainText()
    finally:
        dialog.close()
        dialog.deleteLater()
    assert f"tourmap {__version__}" in text
    for needle in ("Leaflet", "Natural Earth", "folium", "Qt ", "Trump arrives in Tokyo"):
        assert needle in text


def test_tour_format_documentation_is_shipped(window):
    from tourmap.paths import resource

    doc = resource("schema", "tour-format.md")
    assert doc.is_file()
    assert '"format": "tourmap/1"' in doc.read_text(encoding="utf-8")
    assert Path(resource("schema", "tour.schema.json")).is_file()


class _EmacsLineEdit(QLineEdit):
    """A text field that claims Ctrl+E, as every QLineEdit does on X11 ("end of line")."""

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride:
            event.accept()
            return True
        return super().event(event)


def test_export_shortcut_works_while_a_text_field_claims_it(window):
    field = _EmacsLineEdit(window.panel)
    field.show()
    try:
        window.activateWindow()
        field.setFocus()
        wait_until(field.hasFocus, message="focus in the field")
        QTest.keyClick(field, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
        dialog = wait_until(lambda: next((d for d in window.findChildren(QDialog, "exportDialog") if d.isVisible()), None), message="export dialog")
        dialog.reject()
        dialog.deleteLater()
    finally:
        field.deleteLater()

"""Edit > Preferences: online place lookup (off by default) and the geocoding server."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from tourmap import settings
from tourmap._qt.settings_store import app_settings


@dataclass(frozen=True)
class PlacePreferences:
    online: bool
    server: str


def place_preferences() -> PlacePreferences:
    store = app_settings()
    online = str(store.value(settings.PLACES_ONLINE.name, settings.PLACES_ONLINE.default)).lower() in ("true", "1")
    server = str(store.value(settings.PLACES_SERVER.name, settings.PLACES_SERVER.default) or "").strip()
    return PlacePreferences(online, server or settings.PLACES_SERVER.default)


def save_place_preferences(preferences: PlacePreferences) -> None:
    store = app_settings()
    store.setValue(settings.PLACES_ONLINE.name, preferences.online)
    store.setValue(settings.PLACES_SERVER.name, preferences.server.strip() or settings.PLACES_SERVER.default)
    store.sync()


class PreferencesDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle("Preferences")
        current = place_preferences()
        self.online = QCheckBox("Look places up online when I ask")
        self.online.setObjectName("placesOnline")
        self.online.setChecked(current.online)
        self.server = QLineEdit(current.server)
        self.server.setObjectName("placesServer")
        self.server.setPlaceholderText(settings.PLACES_SERVER.default)
        note = QLabel(
            "Places are found offline first. Online, the name you typed is sent to this Nominatim server,"
            " only when you press Search Online (at most one request a second; answers are kept)."
            " Use your own server for more than the occasional search."
        )
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.online)
        form.addRow("Nominatim server:", self.server)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def accept(self) -> None:
        save_place_preferences(PlacePreferences(self.online.isChecked(), self.server.text()))
        super().accept()

"""The app's QSettings and typed reads of its keys (see :mod:`tourmap.settings`).

Shared by the main window and its dialogs, so neither imports the other for them.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

from tourmap import settings


def app_settings() -> QSettings:
    return QSettings(settings.ORGANIZATION, settings.APPLICATION)


def get_bytes(store: QSettings, key: settings.Key[bytes]) -> QByteArray:
    value = store.value(key.name, QByteArray(key.default))
    return value if isinstance(value, QByteArray) else QByteArray(key.default)


def get_int(store: QSettings, key: settings.Key[int]) -> int:
    try:
        return int(str(store.value(key.name, key.default)))
    except ValueError:
        return key.default


def get_list(store: QSettings, key: settings.Key[list[str]]) -> list[str]:
    """A list as QSettings hands it back: one item comes back as a plain string."""
    value = store.value(key.name, key.default)
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value] if isinstance(value, (list, tuple)) else list(key.default)

"""Every persistent setting, with its default, in one place.

The Qt side stores these through QSettings (which writes its file atomically); nothing
else invents a key.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

ORGANIZATION = "tourmap"
APPLICATION = "tourmap"


@dataclass(frozen=True)
class Key(Generic[T]):
    name: str
    default: T


WINDOW_GEOMETRY: Key[bytes] = Key("window/geometry", b"")
MAIN_SPLITTER: Key[bytes] = Key("window/mainSplitter", b"")
PANEL_SPLITTER: Key[bytes] = Key("window/panelSplitter", b"")
RECENT_FILES: Key[list[str]] = Key("files/recent", [])
LAST_DIRECTORY: Key[str] = Key("files/lastDirectory", "")
WATCH_FILE: Key[bool] = Key("files/watch", True)
EXPORT_SIZE: Key[str] = Key("export/size", "1600x1000")
EXPORT_SCALE: Key[int] = Key("export/scale", 1)
EXPORT_WHAT: Key[str] = Key("export/what", "map")
EXPORT_PRESET: Key[str] = Key("export/preset", "")
EXPORT_LABELS: Key[bool] = Key("export/labels", True)
EXPORT_DIRECTORY: Key[str] = Key("export/directory", "")

RECENT_LIMIT = 8

# Places (tourmap.places): online lookup is off until the user turns it on.
PLACES_ONLINE: Key[bool] = Key("places/online", False)
PLACES_SERVER: Key[str] = Key("places/server", "https://nominatim.openstreetmap.org")

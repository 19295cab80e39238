"""Tours in other formats: GeoJSON, KML, GPX and CSV, and the tour file itself.

Each format is a module with ``read(path) -> Tour``, ``load(path) -> Imported`` (the tour
and what the file did not carry) and ``write(tour, path) -> warnings`` (what the format
cannot carry); writes are atomic. :data:`FORMATS` maps names and file extensions to them.
No Qt here: the command line and the window both use it. This module itself stays light
(no pydantic): start-up asks it whether a file is an import before Qt is imported.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from tourmap.errors import TourError

if TYPE_CHECKING:
    from tourmap.formats._common import Imported
    from tourmap.model import Tour

__all__ = ["FORMATS", "Format", "format_named", "format_of", "is_import", "load", "write"]


@dataclass(frozen=True)
class Format:
    name: str
    label: str
    extensions: tuple[str, ...]
    module: str

    def _impl(self) -> ModuleType:
        return importlib.import_module(self.module)

    def load(self, path: str | os.PathLike[str]) -> Imported:
        imported: Imported = self._impl().load(path)
        return imported

    def write(self, tour: Tour, path: str | os.PathLike[str], **options: Any) -> list[str]:
        warnings: list[str] = self._impl().write(tour, path, **options)
        return warnings

    def file_filter(self) -> str:
        """'GeoJSON (*.geojson)', for file dialogs."""
        return f"{self.label} ({' '.join('*' + e for e in self.extensions)})"


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("tour", "Tour file", (".json",), "tourmap.formats.tour"),
        Format("geojson", "GeoJSON", (".geojson",), "tourmap.formats.geojson"),
        Format("kml", "KML", (".kml",), "tourmap.formats.kml"),
        Format("gpx", "GPX", (".gpx",), "tourmap.formats.gpx"),
        Format("csv", "CSV", (".csv", ".tsv"), "tourmap.formats.csv"),
    )
}


def format_named(name: str) -> Format:
    try:
        return FORMATS[name.lower()]
    except KeyError:
        raise TourError(name, "", f"unknown format; known: {', '.join(FORMATS)}") from None


def is_import(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` names a file of another format than the tour file's (by its
    extension): the window imports it as a new, unsaved tour instead of opening it."""
    suffix = Path(path).suffix.lower()
    return any(suffix in f.extensions for f in FORMATS.values() if f.name != "tour")


def format_of(path: str | os.PathLike[str], name: str | None = None) -> Format:
    """The format called ``name``, or the one ``path``'s extension names."""
    if name:
        return format_named(name)
    suffix = Path(path).suffix.lower()
    for candidate in FORMATS.values():
        if suffix in candidate.extensions:
            return candidate
    known = ", ".join(e for f in FORMATS.values() for e in f.extensions)
    raise TourError(path, "", f"cannot tell the format from the extension {suffix or '(none)'!r} ({known}); name it with --from or --to")


def load(path: str | os.PathLike[str], name: str | None = None) -> Imported:
    return format_of(path, name).load(path)


def write(tour: Tour, path: str | os.PathLike[str], name: str | None = None, **options: Any) -> list[str]:
    return format_of(path, name).write(tour, path, **options)

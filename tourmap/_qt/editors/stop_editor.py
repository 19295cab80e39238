"""The selected stop's fields in a form beside the agenda: name, place, coordinates,
dates and summary, checked as they are typed; each finished edit is one undo step."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from tourmap import editing
from tourmap._qt.commands import EditStop
from tourmap._qt.document import Change, TourDocument
from tourmap._qt.editors.fields import FieldForm, number, optional, text

FIELDS = ("name", "city", "country", "venue", "lat", "lon", "arrive", "depart", "summary")


class StopEditor(FieldForm):
    def __init__(self, document: TourDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stopEditor")
        self.document = document
        self.add("Name", "name", text)
        self.add("City", "city", text)
        self.add("Country", "country", text)
        self.add("Venue", "venue", optional)
        self.add("Latitude", "lat", number)
        self.add("Longitude", "lon", number)
        self.add("Arrive", "arrive", optional).input.setPlaceholderText("YYYY-MM-DD")
        self.add("Depart", "depart", optional).input.setPlaceholderText("YYYY-MM-DD")
        self.add("Summary", "summary", optional, multiline=True)
        document.tourChanged.connect(self._tour_changed)
        document.currentStopChanged.connect(lambda _id: self.refresh())
        self.refresh()

    def _tour_changed(self, change: Change) -> None:
        stop_id = self.document.current_stop
        if change.whole or change.order or (stop_id and stop_id in change.stops):
            self.refresh()

    def refresh(self) -> None:
        """Show the selected stop (fields disabled when none is)."""
        has_stop = self.document.loaded and self.document.current_stop is not None
        self.setEnabled(has_stop)
        self.load(self.current() if has_stop else dict.fromkeys(FIELDS))

    def current(self) -> dict[str, Any]:
        tour = self.document.tour
        stop = tour.stops[tour.stop_index[self.document.current_stop or ""]]
        return {
            "name": stop.name,
            "city": stop.place.city,
            "country": stop.place.country,
            "venue": stop.place.venue,
            "lat": stop.lat,
            "lon": stop.lon,
            "arrive": stop.arrive.isoformat() if stop.arrive else None,
            "depart": stop.depart.isoformat() if stop.depart else None,
            "summary": stop.summary,
        }

    def check(self, changes: dict[str, Any]) -> None:
        tour = self.document.tour
        editing.edit_stop(tour, tour.stop_index[self.document.current_stop or ""], **changes)

    def commit(self, changes: dict[str, Any]) -> None:
        self.document.push(EditStop(self.document, self.document.current_stop or "", **changes))

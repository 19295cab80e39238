"""The tour's title and summary, checked as they are typed; each edit one undo step."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from tourmap import editing
from tourmap._qt.commands import EditTour
from tourmap._qt.document import Change, TourDocument
from tourmap._qt.editors.fields import FieldForm, optional, text


class TourEditor(FieldForm):
    def __init__(self, document: TourDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tourEditor")
        self.document = document
        self.add("Title", "title", text)
        self.add("Summary", "summary", optional, multiline=True)
        document.tourChanged.connect(self._tour_changed)
        self._tour_changed(Change(whole=True))

    def _tour_changed(self, change: Change) -> None:
        if self.document.loaded and (change.whole or change.tour):
            self.load(self.current())

    def current(self) -> dict[str, Any]:
        tour = self.document.tour
        return {"title": tour.title, "summary": tour.summary}

    def check(self, changes: dict[str, Any]) -> None:
        editing.edit_tour(self.document.tour, **changes)

    def commit(self, changes: dict[str, Any]) -> None:
        self.document.push(EditTour(self.document, **changes))

"""The selected agenda item's fields (topic, title, detail, status, parties, source,
cited, figures, quote), checked as they are typed; each finished edit is one undo step.

The status is one of the format's words, the topic any word (the tour's are offered), the
source the id of one of the tour's sources; each is offered as it is typed, and the rule
says which words there are when a value is not one.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from tourmap import editing
from tourmap._qt.commands import EditItem
from tourmap._qt.document import Change, TourDocument
from tourmap._qt.editors.fields import FieldForm, optional, text
from tourmap._qt.editors.figure_editor import FigureEditor
from tourmap.model import AgendaItem, Quote, Status

FIELDS = ("topic", "title", "detail", "status", "parties", "source", "cited", "quote_text", "quote_by")


def _parties(value: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in value.split(",") if p.strip())


class ItemEditor(FieldForm):
    def __init__(self, document: TourDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("itemEditor")
        self.document = document
        self.stop_id: str | None = None
        self.index: int | None = None
        self.add("Topic", "topic", text)
        self.add("Title", "title", text)
        self.add("Detail", "detail", optional, multiline=True)
        self.add("Status", "status", text)
        self.add("Parties", "parties", _parties)
        self.add("Source", "source", text)
        self.add("Cited", "cited", optional)
        self.figures = FigureEditor(document)
        self.form.addRow("Figures", self.figures)
        self.add("Quote", "quote_text", optional)
        self.add("Quote by", "quote_by", optional)
        document.tourChanged.connect(self._tour_changed)
        self.set_item(None, None)

    def set_item(self, stop_id: str | None, index: int | None) -> None:
        """Edit item ``index`` of the stop (None: no item)."""
        self.stop_id, self.index = stop_id, index
        self.refresh()

    def _tour_changed(self, change: Change) -> None:
        if change.whole or change.order or (self.stop_id and self.stop_id in change.stops):
            self.refresh()

    def _item(self) -> AgendaItem | None:
        return self.document.item(self.stop_id, self.index)

    def refresh(self) -> None:
        item = self._item()
        self.setEnabled(item is not None)
        self.figures.set_item(self.stop_id, self.index)
        if item is not None:  # what the fields take, offered as they are typed
            tour = self.document.tour
            self._offer("status", [s.value for s in Status])
            self._offer("topic", tour.topics())
            self._offer("source", [s.id for s in tour.sources])
        self.load(self.current() if item is not None else dict.fromkeys(FIELDS))

    def _offer(self, name: str, words: list[str]) -> None:
        line = self.fields[name].input
        if isinstance(line, QLineEdit):
            completer = QCompleter(words, line)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            line.setCompleter(completer)

    def current(self) -> dict[str, Any]:
        item = self._item()
        assert item is not None
        return {
            "topic": item.topic,
            "title": item.title,
            "detail": item.detail,
            "status": item.status.value,
            "parties": item.parties,
            "source": item.source,
            "cited": item.cited,
            "quote_text": item.quote.text if item.quote else None,
            "quote_by": item.quote.by if item.quote else None,
        }

    def _fields(self, changes: dict[str, Any]) -> dict[str, Any]:
        """The form's changes as the item's fields: the quote's two parts make one Quote."""
        fields = {k: v for k, v in changes.items() if not k.startswith("quote_")}
        if "quote_text" in changes or "quote_by" in changes:
            now = self.current()
            text_, by = changes.get("quote_text", now["quote_text"]), changes.get("quote_by", now["quote_by"])
            fields["quote"] = Quote(text=text_ or "", by=by or "") if (text_ or by) else None
        return fields

    def check(self, changes: dict[str, Any]) -> None:
        tour = self.document.tour
        try:
            editing.edit_item(tour, tour.stop_index[self.stop_id or ""], self.index or 0, **self._fields(changes))
        except editing.EditError as error:
            # quote.text -> the quote's own field
            field = {"quote.text": "quote_text", "quote.by": "quote_by"}.get(error.field, error.field)
            raise editing.EditError(field, error.reason) from None

    def commit(self, changes: dict[str, Any]) -> None:
        self.document.push(EditItem(self.document, self.stop_id or "", self.index or 0, **self._fields(changes)))

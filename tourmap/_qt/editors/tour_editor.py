"""The tour's title and summary, and its sources, checked as they are typed; each edit
one undo step. A source that items cite cannot be deleted (the reason says which)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QPushButton, QVBoxLayout, QWidget

from tourmap import editing
from tourmap._qt.commands import AddSource, DeleteSource, EditSource, EditTour
from tourmap._qt.document import Change, TourDocument
from tourmap._qt.editors.fields import FieldForm, optional, text


class _TourForm(FieldForm):
    def __init__(self, document: TourDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.add("Title", "title", text)
        self.add("Summary", "summary", optional, multiline=True)

    def current(self) -> dict[str, Any]:
        tour = self.document.tour
        return {"title": tour.title, "summary": tour.summary}

    def check(self, changes: dict[str, Any]) -> None:
        editing.edit_tour(self.document.tour, **changes)

    def commit(self, changes: dict[str, Any]) -> None:
        self.document.push(EditTour(self.document, **changes))


class _SourceForm(FieldForm):
    def __init__(self, document: TourDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.source_id: str | None = None
        self.add("Publisher", "publisher", text)
        self.add("Title", "title", text)
        self.add("Date", "date", text).input.setPlaceholderText("YYYY-MM-DD")
        self.add("URL", "url", optional)
        self.add("Note", "note", optional, multiline=True)

    def _index(self) -> int:
        return next(i for i, s in enumerate(self.document.tour.sources) if s.id == self.source_id)

    def current(self) -> dict[str, Any]:
        source = self.document.tour.sources[self._index()]
        return {"publisher": source.publisher, "title": source.title, "date": source.date.isoformat(), "url": source.url, "note": source.note}

    def check(self, changes: dict[str, Any]) -> None:
        editing.edit_source(self.document.tour, self._index(), **changes)

    def commit(self, changes: dict[str, Any]) -> None:
        self.document.push(EditSource(self.document, self.source_id or "", **changes))


class TourEditor(QWidget):
    def __init__(self, document: TourDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tourEditor")
        self.document = document
        self.form = _TourForm(document)
        self.fields = self.form.fields
        self.sources = QListWidget()
        self.sources.setObjectName("sourceList")
        self.source_form = _SourceForm(document)
        add = QPushButton("Add Source")
        add.setObjectName("addSourceButton")
        add.clicked.connect(self.add_source)
        delete = QPushButton("Delete Source")
        delete.setObjectName("deleteSourceButton")
        delete.clicked.connect(self.delete_source)
        self.message = QLabel()
        self.message.setObjectName("sourceMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #a23a2a; font-size: 11px;")
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(delete)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(QLabel("Sources"))
        layout.addWidget(self.sources)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.source_form)
        layout.addStretch(1)
        self.sources.currentRowChanged.connect(self._source_chosen)
        document.tourChanged.connect(self._tour_changed)
        self._tour_changed(Change(whole=True))

    def _tour_changed(self, change: Change) -> None:
        if not self.document.loaded or not (change.whole or change.tour):
            return
        self.form.load(self.form.current())
        keep = self.source_form.source_id
        self.sources.blockSignals(True)
        self.sources.clear()
        for source in self.document.tour.sources:
            self.sources.addItem(f"{source.publisher} — {source.title} ({source.date:%d %b %Y})")
        ids = [s.id for s in self.document.tour.sources]
        self.sources.setCurrentRow(ids.index(keep) if keep in ids else 0)
        self.sources.blockSignals(False)
        self._source_chosen(self.sources.currentRow())

    def _source_chosen(self, row: int) -> None:
        sources = self.document.tour.sources
        self.source_form.source_id = sources[row].id if 0 <= row < len(sources) else None
        self.source_form.setEnabled(self.source_form.source_id is not None)
        if self.source_form.source_id is not None:
            self.source_form.load(self.source_form.current())
        self.message.clear()

    def add_source(self) -> None:
        tour = self.document.tour
        source = editing.make_source(tour, publisher="Publisher", title="New source", date=dt.date.today())
        self.source_form.source_id = source.id
        self.document.push(AddSource(self.document, source))
        self.source_form.fields["publisher"].input.setFocus()

    def delete_source(self) -> None:
        source_id = self.source_form.source_id
        if source_id is None:
            return
        try:
            self.document.push(DeleteSource(self.document, source_id))
        except editing.EditError as error:
            self.message.setText(f"Not deleted: {error.reason}")

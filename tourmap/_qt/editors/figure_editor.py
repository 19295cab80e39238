"""The figures of the agenda item being edited: a list with Add and Remove, and the chosen
figure's label, amount, currency, unit and qualifier, checked as they are typed.

Each change (a figure added, removed or edited) is one undoable edit of the item's
``figures``; a value the model refuses is explained next to its field and kept out.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCompleter, QHBoxLayout, QListWidget, QPushButton, QVBoxLayout, QWidget

from tourmap import editing
from tourmap._qt.commands import EditItem
from tourmap._qt.document import TourDocument
from tourmap._qt.editors.fields import FieldForm, number, optional, text
from tourmap.model import QUALIFIERS, AgendaItem, Figure

# A figure's fields by the names of their inputs (``figureAmountField``, ``figureAmountError``).
NAMES = {"label": "figureLabel", "amount": "figureAmount", "currency": "figureCurrency", "unit": "figureUnit", "qualifier": "figureQualifier"}
FIELDS = {name: field for field, name in NAMES.items()}


class _FigureForm(FieldForm):
    """The fields of figure ``row`` of the item; an edit replaces that one figure."""

    def __init__(self, editor: FigureEditor) -> None:
        super().__init__()
        self.editor = editor
        self.row: int | None = None
        outer = self.layout()
        assert outer is not None
        outer.setContentsMargins(0, 0, 0, 0)  # inside the item's form, flush with its fields
        self.add("Label", NAMES["label"], text)
        self.add("Amount", NAMES["amount"], number)
        self.add("Currency", NAMES["currency"], optional).input.setPlaceholderText("USD (or a unit)")
        self.add("Unit", NAMES["unit"], optional).input.setPlaceholderText("tonnes, % of GDP")
        qualifier = self.add("Qualifier", NAMES["qualifier"], text).input
        completer = QCompleter(list(QUALIFIERS), qualifier)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        qualifier.setCompleter(completer)  # type: ignore[union-attr]

    def _figures(self) -> tuple[tuple[Figure, ...], int]:
        item = self.editor.item()
        assert item is not None and self.row is not None
        return item.figures, self.row

    def current(self) -> dict[str, Any]:
        figures, row = self._figures()
        return {name: getattr(figures[row], field) for field, name in NAMES.items()}

    def _changed(self, changes: dict[str, Any]) -> tuple[Figure, ...]:
        """The item's figures with this one changed."""
        figures, row = self._figures()
        new = dataclasses.replace(figures[row], **{FIELDS[k]: v for k, v in changes.items()})
        return figures[:row] + (new,) + figures[row + 1 :]

    def check(self, changes: dict[str, Any]) -> None:
        try:
            self.editor.check(self._changed(changes))
        except editing.EditError as error:  # figures[0].amount -> the amount's own field
            raise editing.EditError(NAMES.get(error.field.split(".")[-1], ""), error.reason) from None

    def commit(self, changes: dict[str, Any]) -> None:
        self.editor.commit(self._changed(changes))


class FigureEditor(QWidget):
    def __init__(self, document: TourDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("figureEditor")
        self.document = document
        self.stop_id: str | None = None
        self.index: int | None = None
        self.list = QListWidget()
        self.list.setObjectName("figureList")
        self.list.setMaximumHeight(90)
        self.list.setWordWrap(True)  # a long label wraps in the narrow dock
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.currentRowChanged.connect(self._chosen)
        self.list.installEventFilter(self)  # Delete in the list removes the figure
        add = QPushButton("Add Figure")
        add.setObjectName("addFigureButton")
        add.clicked.connect(self.add_figure)
        self.remove = QPushButton("Remove Figure")
        self.remove.setObjectName("removeFigureButton")
        self.remove.clicked.connect(self.remove_figure)
        self.form = _FigureForm(self)
        self.fields = self.form.fields
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(self.remove)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        layout.addWidget(self.form)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.list and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Delete:
            self.remove_figure()
            return True
        return super().eventFilter(watched, event)

    def item(self) -> AgendaItem | None:
        return self.document.item(self.stop_id, self.index)

    def set_item(self, stop_id: str | None, index: int | None) -> None:
        """Show the figures of item ``index`` of the stop, keeping the chosen row."""
        self.stop_id, self.index = stop_id, index
        item = self.item()
        figures = item.figures if item is not None else ()
        keep = self.list.currentRow()
        self.list.blockSignals(True)
        self.list.clear()
        self.list.addItems([f"{f.display()} — {f.label}" for f in figures])  # as the agenda panel shows them
        self.list.setCurrentRow(min(max(keep, 0), len(figures) - 1))
        self.list.blockSignals(False)
        self._chosen(self.list.currentRow())

    def _chosen(self, row: int) -> None:
        item = self.item()
        self.form.row = row if item is not None and 0 <= row < len(item.figures) else None
        self.form.setEnabled(self.form.row is not None)
        self.remove.setEnabled(self.form.row is not None)
        self.form.load(self.form.current() if self.form.row is not None else dict.fromkeys(self.fields))

    def check(self, figures: tuple[Figure, ...]) -> None:
        tour = self.document.tour
        editing.edit_item(tour, tour.stop_index[self.stop_id or ""], self.index or 0, figures=figures)

    def commit(self, figures: tuple[Figure, ...]) -> None:
        self.document.push(EditItem(self.document, self.stop_id or "", self.index or 0, figures=figures))

    def add_figure(self) -> None:
        """A new figure at the end, chosen, its label ready to be typed over."""
        item = self.item()
        if item is None:
            return
        self.commit((*item.figures, Figure(label="New figure", amount=0)))
        self.list.setCurrentRow(len(item.figures))
        label = self.fields[NAMES["label"]].input
        label.setFocus()
        label.selectAll()

    def remove_figure(self) -> None:
        item, row = self.item(), self.form.row
        if item is not None and row is not None:
            self.commit(item.figures[:row] + item.figures[row + 1 :])

"""The stops as a Qt list model. Its selection model is the one truth of what is selected."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6 import QtGui
from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

if TYPE_CHECKING:
    from tourmap._qt.document import Change
    from tourmap.model import Stop, Tour

Index = QModelIndex | QPersistentModelIndex


class StopListModel(QAbstractListModel):
    StopIdRole = Qt.ItemDataRole.UserRole + 1
    StopRole = Qt.ItemDataRole.UserRole + 2
    MatchesRole = Qt.ItemDataRole.UserRole + 3  # does the stop have items matching the filter

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._stops: tuple[Stop, ...] = ()
        self._matches: set[str] | None = None

    def set_tour(self, tour: Tour | None) -> None:
        self.beginResetModel()
        self._stops = tour.stops if tour else ()
        self._matches = None
        self.endResetModel()

    def update(self, tour: Tour, change: Change) -> None:
        """Follow an edit: rows added, removed or reordered reset the model; stops edited
        in place repaint their rows only."""
        if change.order:
            self.beginResetModel()
            self._stops = tour.stops
            self.endResetModel()
            return
        self._stops = tour.stops
        for stop_id in change.stops:
            row = tour.stop_index.get(stop_id, -1)
            if row >= 0:
                self.dataChanged.emit(self.index(row), self.index(row))

    def set_matches(self, matches: set[str] | None) -> None:
        """Stops with items passing the filter; None when no filter is set."""
        if matches == self._matches:
            return
        self._matches = matches
        if self._stops:
            self.dataChanged.emit(self.index(0), self.index(len(self._stops) - 1), [self.MatchesRole, Qt.ItemDataRole.ForegroundRole])

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._stops)

    def stop(self, row: int) -> Stop | None:
        return self._stops[row] if 0 <= row < len(self._stops) else None

    def row_of(self, stop_id: str) -> int:
        for row, stop in enumerate(self._stops):
            if stop.id == stop_id:
                return row
        return -1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        stop = self.stop(index.row()) if index.isValid() else None
        if stop is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            dates = stop.date_label() or "no date given"
            return f"{index.row() + 1}.  {stop.name}\n     {dates} · {_count_label(stop)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return QtGui.Qt.convertFromPlainText(stop.place.label(), Qt.WhiteSpaceMode.WhiteSpaceNormal)  # as typed, never as markup
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"Stop {index.row() + 1}: {stop.name}, {stop.date_label() or 'no date given'}"
        if role == self.StopIdRole:
            return stop.id
        if role == self.StopRole:
            return stop
        if role == self.MatchesRole:
            return self._matches is None or stop.id in self._matches
        if role == Qt.ItemDataRole.ForegroundRole and self._matches is not None and stop.id not in self._matches:
            return QColor(140, 148, 156)  # no item passes the filter: dimmed, still selectable
        return None


def _count_label(stop: Stop) -> str:
    n = len(stop.agenda)
    return "no agenda items" if n == 0 else f"{n} agenda item{'s' if n != 1 else ''}"

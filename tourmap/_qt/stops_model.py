"""The stops as a Qt list model. Its selection model is the one truth of what is selected."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6 import QtGui
from PySide6.QtCore import QAbstractListModel, QByteArray, QMimeData, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from tourmap.wording import count

if TYPE_CHECKING:
    from tourmap._qt.document import Change
    from tourmap.model import Stop, Tour

Index = QModelIndex | QPersistentModelIndex

STOP_MIME = "application/x-tourmap-stop-id"


class StopListModel(QAbstractListModel):
    StopIdRole = Qt.ItemDataRole.UserRole + 1
    StopRole = Qt.ItemDataRole.UserRole + 2
    MatchesRole = Qt.ItemDataRole.UserRole + 3  # does the stop have items matching the filter

    #: A stop dragged to a new place in the list (its id, its new index): the window
    #: makes that a command; the rows change when the tour does.
    stopDropped = Signal(str, int)

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

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled  # drops land between stops
        return super().flags(index) | Qt.ItemFlag.ItemIsDragEnabled

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [STOP_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:  # noqa: N802
        data = QMimeData()
        rows = [i.row() for i in indexes if i.isValid()]
        if rows:
            data.setData(STOP_MIME, QByteArray(self._stops[rows[0]].id.encode("utf-8")))
        return data

    def moveRows(self, parent: Index, row: int, count: int, destination: Index, child: int) -> bool:  # noqa: N802
        """The list view's own drag within itself: said as ``stopDropped``, done by the document."""
        if parent.isValid() or destination.isValid() or count != 1 or not 0 <= row < len(self._stops):
            return False
        self._dropped(self._stops[row].id, child)
        return True

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:  # noqa: N802
        """A stop dropped from a drag the view did not start itself."""
        stop_id = bytes(data.data(STOP_MIME).data()).decode("utf-8")
        if action != Qt.DropAction.MoveAction or not any(s.id == stop_id for s in self._stops):
            return False
        self._dropped(stop_id, len(self._stops) if row < 0 else row)
        return True

    def _dropped(self, stop_id: str, before: int) -> None:
        """``stop_id`` dropped before row ``before``."""
        row = self.row_of(stop_id)
        to = before if before <= row else before - 1
        if to != row:
            self.stopDropped.emit(stop_id, max(0, min(to, len(self._stops) - 1)))

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
    return "no agenda items" if n == 0 else count(n, "agenda item")

"""The open tour: the one owner of the tour, its file, its unsaved state and its undo stack.

Views (the stop list, the agenda panel, the map, the export) never keep a tour of their
own for long: they read ``document.tour`` and follow its signals. Every change is a
command (:mod:`tourmap._qt.commands`) pushed on the undo stack, each swapping one
immutable tour for the next, so undo and redo are swaps too, and the tour is valid at
every moment.

Public API (stable; the add-stop flow, File > Import and the editors build on it):

- ``document.tour``: the current :class:`~tourmap.model.Tour` (never None once loaded).
- ``document.path``: its file, or None for a tour not saved yet.
- ``document.undo_stack``: the ``QUndoStack``; its clean state is "saved".
- ``document.dirty``: unsaved changes (not clean, or a tour that never had a file).
- ``document.push(command)``: do a command and put it on the stack.
- ``document.load(tour, path, modified=False)``: a tour opened, reloaded, imported or new;
  the stack starts empty. ``modified=True`` (an import): unsaved until saved.
- ``document.current_stop`` (and ``set_current_stop(stop_id)``): the selected stop's id.
- Signals: ``tourChanged(Change)`` after every change (a load has ``Change.whole``),
  ``dirtyChanged(bool)``, ``pathChanged()``, ``currentStopChanged(str)`` ("" for none).

Commands take stop ids, not rows; new stops go after the selected stop:
``document.push(AddStop(document, stop, document.insert_index()))``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

if TYPE_CHECKING:
    from tourmap.model import AgendaItem, Tour


@dataclass(frozen=True)
class Change:
    """What a change touched, so that each view redoes only that much.

    ``whole``: a new tour altogether (opened, reloaded, new). ``order``: stops were added,
    removed or reordered. ``stops``: ids of stops whose fields or agenda changed (their
    marker, their row, their agenda). ``tour``: the title, summary or sources.
    """

    whole: bool = False
    order: bool = False
    stops: tuple[str, ...] = ()
    tour: bool = False


WHOLE = Change(whole=True)


class TourDocument(QObject):
    tourChanged = Signal(object)  # Change
    dirtyChanged = Signal(bool)
    pathChanged = Signal()
    currentStopChanged = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._clean_changed)
        self._tour: Tour | None = None
        self._path: Path | None = None
        self._current = ""

    # -- state ------------------------------------------------------------------------------

    @property
    def tour(self) -> Tour:
        assert self._tour is not None, "no tour loaded yet"
        return self._tour

    @property
    def loaded(self) -> bool:
        return self._tour is not None

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def dirty(self) -> bool:
        return self._tour is not None and not self.undo_stack.isClean()

    @property
    def current_stop(self) -> str | None:
        return self._current or None

    def set_current_stop(self, stop_id: str | None) -> None:
        stop_id = stop_id if self._tour is not None and stop_id in self._tour.stop_index else ""
        if stop_id != self._current:
            self._current = stop_id or ""
            self.currentStopChanged.emit(self._current)

    def item(self, stop_id: str | None, index: int | None) -> AgendaItem | None:
        """Item ``index`` of the stop's agenda, or None when there is no such item (the
        editors ask again after every change: an undo may have taken it away)."""
        if self._tour is None or stop_id is None or index is None:
            return None
        row = self._tour.stop_index.get(stop_id)
        agenda = self._tour.stops[row].agenda if row is not None else ()
        return agenda[index] if 0 <= index < len(agenda) else None

    def _clean_changed(self, clean: bool) -> None:
        self.dirtyChanged.emit(not clean and self._tour is not None)

    def insert_index(self) -> int:
        """Where a new stop goes: after the selected stop, or at the end."""
        tour = self.tour
        return tour.stop_index[self._current] + 1 if self._current else len(tour.stops)

    # -- changes ----------------------------------------------------------------------------

    def load(self, tour: Tour, path: Path | None, *, modified: bool = False) -> None:
        """A tour opened, reloaded, imported or new: no history, saved unless ``modified``."""
        self._tour = tour
        self.undo_stack.clear()  # cleanChanged, if it was not clean, says dirtyChanged
        if path != self._path:
            self._path = path
            self.pathChanged.emit()
        if modified:
            self.undo_stack.resetClean()  # no state of the stack is the saved one
        elif not self.undo_stack.isClean():  # clear() keeps a reset clean state (after an import)
            self.undo_stack.setClean()
        if self._current not in tour.stop_index:
            self._current = ""
        self.tourChanged.emit(WHOLE)

    def push(self, command: QUndoCommand) -> None:
        self.undo_stack.push(command)

    def saved(self, path: Path) -> None:
        """The tour is on disk at ``path`` now."""
        if path != self._path:
            self._path = path
            self.pathChanged.emit()
        self.undo_stack.setClean()

    def swap(self, tour: Tour, change: Change, current: str | None) -> None:
        """For commands: ``tour`` is the document's now; ``current`` the stop to select."""
        self._tour = tour
        if self._current not in tour.stop_index:
            self._current = ""
        self.tourChanged.emit(change)
        if current is not None:
            self.set_current_stop(current)

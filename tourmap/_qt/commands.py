"""One undo command per kind of edit, each swapping one immutable tour for the next.

A command works out its new tour when it is made (:mod:`tourmap.editing`, the model's
rules): a refused edit raises :class:`~tourmap.editing.EditError` there and never reaches
the stack. Redo puts the new tour in the document, undo the old one, both the very same
objects each time, so undoing every change gives back the tour as opened.

    document.push(MoveStop(document, "tokyo", 35.7, 139.7))   # Edit menu: "Undo Move Tokyo"

Stops are named by id; where a new stop goes is an index (see
:meth:`TourDocument.insert_index`). Each command also says which stop to select after
it is done and after it is undone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

from tourmap import editing
from tourmap._qt.document import Change, TourDocument

if TYPE_CHECKING:
    from tourmap.model import AgendaItem, Source, Stop, Tour


class TourCommand(QUndoCommand):
    """A change from ``before`` to ``after`` (the document's tour when it was made)."""

    def __init__(self, document: TourDocument, text: str, after: Tour, change: Change, *, select: str | None = None) -> None:
        super().__init__(text)
        self.document = document
        self.before = document.tour
        self.after = after
        self.change = change
        self._select_before = document.current_stop or ""
        self._select_after = select if select is not None else self._select_before
        self.setObsolete(after is self.before)  # an edit that changes nothing is no step

    def redo(self) -> None:
        self.document.swap(self.after, self.change, self._select_after)

    def undo(self) -> None:
        self.document.swap(self.before, self.change, self._select_before)


def _index(document: TourDocument, stop_id: str) -> int:
    index = document.tour.stop_index.get(stop_id)
    if index is None:
        raise editing.EditError("", f"no stop {stop_id!r} in the tour")
    return index


# -- stops -------------------------------------------------------------------------------


class MoveStop(TourCommand):
    """A stop at new coordinates: one marker drag, one step."""

    def __init__(self, document: TourDocument, stop_id: str, lat: float, lon: float) -> None:
        index = _index(document, stop_id)
        after = editing.move_stop(document.tour, index, lat, lon)
        super().__init__(document, f"Move {document.tour.stops[index].name}", after, Change(stops=(stop_id,)), select=stop_id)


class AddStop(TourCommand):
    """``stop`` inserted at ``index`` (its id made unique), then selected."""

    def __init__(self, document: TourDocument, stop: Stop, index: int) -> None:
        after = editing.add_stop(document.tour, stop, index)
        added = after.stops[index]
        super().__init__(document, f"Add {added.name}", after, Change(order=True, stops=(added.id,)), select=added.id)
        self.stop_id = added.id


class DeleteStop(TourCommand):
    """The stop removed; the one after it (or before, at the end) is selected."""

    def __init__(self, document: TourDocument, stop_id: str) -> None:
        index = _index(document, stop_id)
        tour = document.tour
        if len(tour.stops) == 1:
            raise editing.EditError("", "a tour has at least one stop: add another before deleting this one")
        after = editing.delete_stop(tour, index)
        neighbour = after.stops[min(index, len(after.stops) - 1)].id
        super().__init__(document, f"Delete {tour.stops[index].name}", after, Change(order=True, stops=(stop_id,)), select=neighbour)
        self._select_before = stop_id


class ReorderStop(TourCommand):
    """The stop moved to position ``to`` (0-based) in the tour's order."""

    def __init__(self, document: TourDocument, stop_id: str, to: int) -> None:
        index = _index(document, stop_id)
        after = editing.reorder_stop(document.tour, index, to)
        super().__init__(document, f"Reorder {document.tour.stops[index].name}", after, Change(order=True, stops=(stop_id,)), select=stop_id)


class EditStop(TourCommand):
    """Fields of a stop: name, city, country, venue, lat, lon, arrive, depart, summary."""

    def __init__(self, document: TourDocument, stop_id: str, **changes: Any) -> None:
        index = _index(document, stop_id)
        stop = document.tour.stops[index]
        after = editing.edit_stop(document.tour, index, **changes)
        what = "Rename" if set(changes) == {"name"} else "Move" if set(changes) <= {"lat", "lon"} else "Edit"
        super().__init__(document, f"{what} {stop.name}", after, Change(stops=(stop_id,)), select=stop_id)


# -- agenda items -------------------------------------------------------------------------


def _item_text(verb: str, title: str) -> str:
    return f"{verb} “{title if len(title) <= 40 else title[:39] + '…'}”"


class AddItem(TourCommand):
    def __init__(self, document: TourDocument, stop_id: str, item: AgendaItem, index: int | None = None) -> None:
        si = _index(document, stop_id)
        after = editing.add_item(document.tour, si, item, index)
        super().__init__(document, _item_text("Add", item.title), after, Change(stops=(stop_id,)), select=stop_id)


class _ItemChange(TourCommand):
    """A change to the item at ``index`` of a stop's agenda, named after that item."""

    verb = "Edit"

    def __init__(self, document: TourDocument, stop_id: str, index: int, edit: Callable[[Tour, int], Tour]) -> None:
        si = _index(document, stop_id)
        title = document.tour.stops[si].agenda[index].title
        super().__init__(document, _item_text(self.verb, title), edit(document.tour, si), Change(stops=(stop_id,)), select=stop_id)


class EditItem(_ItemChange):
    """Fields of the item at ``index`` of the stop's agenda."""

    def __init__(self, document: TourDocument, stop_id: str, index: int, **changes: Any) -> None:
        super().__init__(document, stop_id, index, lambda tour, si: editing.edit_item(tour, si, index, **changes))


class DuplicateItem(_ItemChange):
    verb = "Duplicate"

    def __init__(self, document: TourDocument, stop_id: str, index: int) -> None:
        super().__init__(document, stop_id, index, lambda tour, si: editing.duplicate_item(tour, si, index))


class DeleteItem(_ItemChange):
    verb = "Delete"

    def __init__(self, document: TourDocument, stop_id: str, index: int) -> None:
        super().__init__(document, stop_id, index, lambda tour, si: editing.delete_item(tour, si, index))


class ReorderItem(_ItemChange):
    verb = "Reorder"

    def __init__(self, document: TourDocument, stop_id: str, index: int, to: int) -> None:
        super().__init__(document, stop_id, index, lambda tour, si: editing.reorder_item(tour, si, index, to))


# -- the tour and its sources ---------------------------------------------------------------


class EditTour(TourCommand):
    """The tour's title and summary."""

    def __init__(self, document: TourDocument, **changes: Any) -> None:
        after = editing.edit_tour(document.tour, **changes)
        what = "Title" if set(changes) == {"title"} else "Summary" if set(changes) == {"summary"} else "Tour"
        super().__init__(document, f"Edit {what}", after, Change(tour=True))


class AddSource(TourCommand):
    def __init__(self, document: TourDocument, source: Source, index: int | None = None) -> None:
        after = editing.add_source(document.tour, source, index)
        super().__init__(document, f"Add Source {source.publisher}", after, Change(tour=True))


class EditSource(TourCommand):
    def __init__(self, document: TourDocument, source_id: str, **changes: Any) -> None:
        index = _source_index(document, source_id)
        after = editing.edit_source(document.tour, index, **changes)
        super().__init__(document, f"Edit Source {document.tour.sources[index].publisher}", after, Change(tour=True, stops=_citing(document.tour, source_id)))


class DeleteSource(TourCommand):
    """Refused (EditError) while an item cites the source."""

    def __init__(self, document: TourDocument, source_id: str) -> None:
        index = _source_index(document, source_id)
        after = editing.delete_source(document.tour, index)
        super().__init__(document, f"Delete Source {document.tour.sources[index].publisher}", after, Change(tour=True))


def _source_index(document: TourDocument, source_id: str) -> int:
    for index, source in enumerate(document.tour.sources):
        if source.id == source_id:
            return index
    raise editing.EditError("", f"no source {source_id!r} in the tour")


def _citing(tour: Tour, source_id: str) -> tuple[str, ...]:
    """Stops whose items cite the source: their panels show its citation."""
    return tuple(dict.fromkeys(tour.stops[si].id for si, _ in editing.source_users(tour, source_id)))

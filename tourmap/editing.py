"""Edits of a tour: each takes a valid tour and gives the next one, or says why not.

Tours are immutable; an edit builds the records it changes and keeps every other one as
it was (a moved stop in a tour of 10,000 is one new Stop and one new tuple of stops). The
new records go through the model's own rules, as the loader applies them
(:func:`tourmap.loader.check_record`): a value that would make the tour invalid raises
:class:`EditError` naming the field and the reason, and the tour is never built. So the
tour an editor holds is valid at every moment.

Qt-free: the undo commands of :mod:`tourmap._qt.commands` call these, and so do tests.
New records get ids made from their names as slugs (:func:`slugify`), kept unique
(:func:`unique_id`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from collections.abc import Collection
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import ValidationError

from tourmap.loader import check_record
from tourmap.model import AgendaItem, Place, Source, Stop, Tour

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails

_R = TypeVar("_R")
_T = TypeVar("_T")


class EditError(ValueError):
    """An edit the tour's rules refuse. ``field`` names the field as the file does
    (``lat``, ``place.city``, ``figures[0].amount``; "" for the record as a whole)."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}" if field else reason)
        self.field = field
        self.reason = reason


# -- ids --------------------------------------------------------------------------------


def slugify(text: str, fallback: str = "stop") -> str:
    """``"Kuala Lumpur (KLIA)"`` -> ``"kuala-lumpur-klia"``: letters without accents,
    digits, single dashes; ``fallback`` when nothing is left (a name in another script)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")
    return slug or fallback


def unique_id(name: str, taken: Collection[str], fallback: str = "stop") -> str:
    """A slug of ``name`` that is not in ``taken``: ``tokyo``, then ``tokyo-2``, ..."""
    base = slugify(name, fallback)
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


# -- checking ---------------------------------------------------------------------------

_TAGS = re.compile(r"^(function-|constrained-|tuple\[|list\[|nullable|union|literal|lax-|json-)|^(str|float|int|bool|date|none|enum|dataclass|[A-Z]\w*)$")


def _field_of(loc: list[Any]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif not _TAGS.search(part):
            path = f"{path}.{part}" if path else part
    return path


def _reason(error: ErrorDetails) -> str:
    kind, message = error["type"], error["msg"]
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "missing":
        return "is required"
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    return message


def check(record: _R) -> _R:
    """``record`` checked by the model's rules, normalised as the loader would (text
    stripped, dates from ``YYYY-MM-DD``); EditError for the first rule it breaks."""
    try:
        return check_record(record)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        loc = list(first["loc"]) + list((first.get("ctx") or {}).get("subpath", []))
        raise EditError(_field_of(loc), _reason(first)) from None
    except (TypeError, ValueError) as error:  # a value of a type the field never takes
        raise EditError("", str(error)) from None


def check_deep(record: _R) -> _R:
    """:func:`check` for a record made in code, with the records it holds (a stop's place
    and items, an item's figures and quote) checked first."""
    parts = {f.name: _deep(getattr(record, f.name), f.name) for f in dataclasses.fields(record)}  # type: ignore[arg-type]
    return check(dataclasses.replace(record, **parts))  # type: ignore[type-var]


def _deep(value: Any, name: str) -> Any:
    """``value`` with the records in it checked; errors name the field they are under."""
    at = name
    try:
        if dataclasses.is_dataclass(value):
            return check_deep(value)
        if isinstance(value, tuple) and value and dataclasses.is_dataclass(value[0]):
            out = []
            for i, part in enumerate(value):
                at = f"{name}[{i}]"
                out.append(check_deep(part))
            return tuple(out)
    except EditError as error:
        raise EditError(f"{at}.{error.field}" if error.field else at, error.reason) from None
    return value


def changed(record: _R, **changes: Any) -> _R:
    """``record`` with ``changes``, checked; the same object when that changes nothing."""
    try:
        new = dataclasses.replace(record, **{k: _deep(v, k) for k, v in changes.items()})  # type: ignore[type-var]
    except TypeError as error:  # an unknown field
        raise EditError("", str(error)) from None
    new = check(new)
    return record if new == record else new


def _tour(tour: Tour, **changes: Any) -> Tour:
    """The tour with new parts; its own rules (unique ids, sources named) run again."""
    return check(dataclasses.replace(tour, **changes))


def _with_stop(tour: Tour, index: int, stop: Stop) -> Tour:
    """The tour with the stop at ``index`` replaced by ``stop`` (the same id).

    The tour's own rules are run on a tour of this one stop: its items must name the
    tour's sources. Ids stay unique (the id is the one it had), and no other stop changed:
    a tour of 10,000 stops is not checked again whole for an edit of one.
    """
    check(dataclasses.replace(tour, stops=(stop,)))
    return dataclasses.replace(tour, stops=_replaced(tour.stops, index, stop))


def _replaced(items: tuple[_T, ...], index: int, item: _T) -> tuple[_T, ...]:
    return items[:index] + (item,) + items[index + 1 :]


def _moved(items: tuple[_T, ...], index: int, to: int) -> tuple[_T, ...]:
    rest = items[:index] + items[index + 1 :]
    return rest[:to] + (items[index],) + rest[to:]


def _in_range(index: int, items: tuple[Any, ...], what: str, *, end: bool = False) -> None:
    if not 0 <= index < len(items) + end:
        raise EditError("", f"no {what} at position {index + 1}")


# -- the tour ----------------------------------------------------------------------------


def new_tour(title: str = "Untitled tour") -> Tour:
    """A tour to start writing: one source and one stop, which the format requires."""
    return check(
        Tour(
            format="tourmap/1",
            title=title,
            sources=(Source(id="source", publisher="Publisher", title="Title of the source", date=dt.date.today()),),
            stops=(Stop(id="first-stop", name="First stop", place=Place(city="City", country="Country"), lat=0.0, lon=0.0),),
        )
    )


def edit_tour(tour: Tour, **changes: Any) -> Tour:
    """Title and summary (``summary=None`` removes it)."""
    if set(changes) - {"title", "summary"}:
        raise EditError("", f"not a tour field: {', '.join(sorted(set(changes) - {'title', 'summary'}))}")
    return changed(tour, **changes)


# -- stops -------------------------------------------------------------------------------


def make_stop(tour: Tour, *, name: str, city: str, country: str, lat: float, lon: float, venue: str | None = None, **fields: Any) -> Stop:
    """A new stop for ``tour``, its id a slug of its name not used in the tour; checked."""
    return check_deep(Stop(id=unique_id(name, tour.stop_index), name=name, place=Place(city=city, country=country, venue=venue), lat=lat, lon=lon, **fields))


def add_stop(tour: Tour, stop: Stop, index: int) -> Tour:
    """``stop`` inserted at ``index``; its id made unique in the tour if it is taken."""
    _in_range(index, tour.stops, "place for a stop", end=True)
    if stop.id in tour.stop_index:
        stop = dataclasses.replace(stop, id=unique_id(stop.id, tour.stop_index))
    stop = check_deep(stop)
    return _tour(tour, stops=tour.stops[:index] + (stop,) + tour.stops[index:])


def delete_stop(tour: Tour, index: int) -> Tour:
    _in_range(index, tour.stops, "stop")
    return _tour(tour, stops=tour.stops[:index] + tour.stops[index + 1 :])


def reorder_stop(tour: Tour, index: int, to: int) -> Tour:
    _in_range(index, tour.stops, "stop")
    _in_range(to, tour.stops, "place for a stop")
    return tour if index == to else _tour(tour, stops=_moved(tour.stops, index, to))


def move_stop(tour: Tour, index: int, lat: float, lon: float) -> Tour:
    """The stop at new coordinates (a dragged marker)."""
    return edit_stop(tour, index, lat=lat, lon=lon)


def edit_stop(tour: Tour, index: int, **changes: Any) -> Tour:
    """Fields of the stop at ``index``; ``city``, ``country`` and ``venue`` edit its place.

    Its id stays (ids are made once, from the name the stop was created with)."""
    _in_range(index, tour.stops, "stop")
    stop = tour.stops[index]
    place = {k: changes.pop(k) for k in ("city", "country", "venue") if k in changes}
    if place:
        changes["place"] = dataclasses.replace(stop.place, **place)  # checked with the stop
    if "id" in changes or "agenda" in changes:
        raise EditError("", "a stop's id and agenda are not edited here")
    new = changed(stop, **changes)
    return tour if new is stop else _with_stop(tour, index, new)


# -- agenda items ------------------------------------------------------------------------


def _with_agenda(tour: Tour, stop_index: int, agenda: tuple[AgendaItem, ...], index: int) -> Tour:
    """The stop with a new agenda; a tour rule broken by item ``index`` (its source) is
    reported on the item's own field."""
    stop = tour.stops[stop_index]
    try:
        return _with_stop(tour, stop_index, dataclasses.replace(stop, agenda=agenda))
    except EditError as error:
        raise EditError(error.field.removeprefix(f"stops[0].agenda[{index}]."), error.reason) from None


def add_item(tour: Tour, stop_index: int, item: AgendaItem, index: int | None = None) -> Tour:
    """``item`` into the stop's agenda at ``index`` (at the end when None)."""
    _in_range(stop_index, tour.stops, "stop")
    agenda = tour.stops[stop_index].agenda
    index = len(agenda) if index is None else index
    _in_range(index, agenda, "place for an item", end=True)
    return _with_agenda(tour, stop_index, agenda[:index] + (check_deep(item),) + agenda[index:], index)


def edit_item(tour: Tour, stop_index: int, index: int, **changes: Any) -> Tour:
    """Fields of an item: ``topic``, ``title``, ``status``, ``figures`` (a tuple of
    Figure), ``quote`` (a Quote or None), ... A ``source`` must name one of the tour's."""
    _in_range(stop_index, tour.stops, "stop")
    agenda = tour.stops[stop_index].agenda
    _in_range(index, agenda, "item")
    item = agenda[index]
    new = changed(item, **changes)
    return tour if new is item else _with_agenda(tour, stop_index, _replaced(agenda, index, new), index)


def duplicate_item(tour: Tour, stop_index: int, index: int) -> Tour:
    """A copy of the item right after it."""
    _in_range(stop_index, tour.stops, "stop")
    agenda = tour.stops[stop_index].agenda
    _in_range(index, agenda, "item")
    copy = dataclasses.replace(agenda[index])  # an object of its own: editors tell items apart by identity
    return _with_agenda(tour, stop_index, agenda[: index + 1] + (copy,) + agenda[index + 1 :], index + 1)


def delete_item(tour: Tour, stop_index: int, index: int) -> Tour:
    _in_range(stop_index, tour.stops, "stop")
    agenda = tour.stops[stop_index].agenda
    _in_range(index, agenda, "item")
    return _with_agenda(tour, stop_index, agenda[:index] + agenda[index + 1 :], index)


def reorder_item(tour: Tour, stop_index: int, index: int, to: int) -> Tour:
    _in_range(stop_index, tour.stops, "stop")
    agenda = tour.stops[stop_index].agenda
    _in_range(index, agenda, "item")
    _in_range(to, agenda, "place for an item")
    return tour if index == to else _with_agenda(tour, stop_index, _moved(agenda, index, to), to)


# -- sources -----------------------------------------------------------------------------


def source_users(tour: Tour, source_id: str) -> list[tuple[int, int]]:
    """(stop index, item index) of every item citing the source."""
    return [(si, ai) for si, stop in enumerate(tour.stops) for ai, item in enumerate(stop.agenda) if item.source == source_id]


def make_source(tour: Tour, *, publisher: str, title: str, date: Any, url: str | None = None, note: str | None = None) -> Source:
    """A new source, its id a slug of its title not used in the tour; checked."""
    taken = {s.id for s in tour.sources}
    return check_deep(Source(id=unique_id(title, taken, "source"), publisher=publisher, title=title, date=date, url=url, note=note))


def add_source(tour: Tour, source: Source, index: int | None = None) -> Tour:
    index = len(tour.sources) if index is None else index
    _in_range(index, tour.sources, "place for a source", end=True)
    return _tour(tour, sources=tour.sources[:index] + (check_deep(source),) + tour.sources[index:])


def edit_source(tour: Tour, index: int, **changes: Any) -> Tour:
    """Fields of a source. A new id is refused while items cite the old one."""
    _in_range(index, tour.sources, "source")
    source = tour.sources[index]
    if "id" in changes and changes["id"] != source.id and source_users(tour, source.id):
        raise EditError("id", f"{len(source_users(tour, source.id))} agenda items cite {source.id!r}: the id stays while they do")
    new = changed(source, **changes)
    return tour if new is source else _tour(tour, sources=_replaced(tour.sources, index, new))


def delete_source(tour: Tour, index: int) -> Tour:
    """Refused while any item cites the source: it never vanishes from under them."""
    _in_range(index, tour.sources, "source")
    source = tour.sources[index]
    users = source_users(tour, source.id)
    if users:
        si, ai = users[0]
        raise EditError("", f"{len(users)} agenda item{'s' if len(users) != 1 else ''} cite {source.id!r} (the first: {tour.stops[si].name}, item {ai + 1})")
    return _tour(tour, sources=tour.sources[:index] + tour.sources[index + 1 :])

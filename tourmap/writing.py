"""A tour as the text of its file: the one canonical form every save writes.

Stable for version control: fields in the format's order (the model's field order), two
spaces of indent, UTF-8 with text as typed (no ``\\u`` escapes), a final newline. A value
equal to its field's default (no value, an empty list, ``"qualifier": "exactly"``) is left
out, except a stop's ``agenda``, which is always written (an empty agenda is news). A
number with no fraction is written without one (``550000000000``, not ``550000000000.0``).
So a file written here, read and written again, comes out byte for byte the same.

orjson writes the text: the json module's indenting encoder is pure Python and takes
seconds for a tour of 10,000 stops.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from enum import Enum
from functools import cache
from operator import attrgetter
from typing import Any

import orjson

from tourmap._perf import gc_paused
from tourmap.model import Stop, Tour

_ALWAYS = {(Stop, "agenda")}
_WRITE = object()  # the "default" of a field that is always written


@cache
def _plan(kind: type) -> tuple[tuple[tuple[str, Any], ...], Callable[[Any], tuple[Any, ...]]]:
    """Each field's name and the default that leaves it out, and a getter of all values."""
    fields = dataclasses.fields(kind)
    skip = [_WRITE if (kind, f.name) in _ALWAYS else (None if f.default is dataclasses.MISSING else f.default) for f in fields]
    names = tuple(f.name for f in fields)
    return tuple(zip(names, skip)), attrgetter(*names)


def _value(value: Any) -> Any:
    kind = type(value)
    if kind is float:
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    if kind is tuple:
        return [v if type(v) is str else _value(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if dataclasses.is_dataclass(value):
        return record_dict(value)
    return value


def record_dict(record: Any, **given: Any) -> dict[str, Any]:
    """A tour, or one of its parts, as the JSON object its file holds; ``given``: fields
    whose JSON value is made already."""
    plan, values = _plan(type(record))  # type: ignore[arg-type]  # mypy takes type(x) for unhashable
    out: dict[str, Any] = {}
    for (name, skip), value in zip(plan, values(record)):
        if name in given:
            out[name] = given[name]
        elif value is None or value == skip or (value == () and skip is not _WRITE):
            continue
        else:
            out[name] = value if type(value) is str else _value(value)
    return out


#: The stops of the tour last made into a record, and their JSON objects. Tours are
#: immutable and an edit swaps the stops it touches, so the next tour shares the rest,
#: object for object: a save or a journal after an edit converts only the stops edited
#: (10,000 stops and 100,000 items: 0.5 s of Python, ~50 MiB kept). The stops are held
#: here, so an ``id`` found among them is that very stop.
_last: tuple[tuple[Stop, ...], list[dict[str, Any]]] = ((), [])


def tour_record(tour: Tour) -> dict[str, Any]:
    """``record_dict(tour)``, reusing the JSON objects of stops written before."""
    global _last
    stops, records = _last  # one read: the journal's thread may write it meanwhile
    known = dict(zip(map(id, stops), records))
    made = [known.get(id(stop)) or record_dict(stop) for stop in tour.stops]
    _last = (tour.stops, made)
    return record_dict(tour, stops=made)


def tour_bytes(tour: Tour) -> bytes:
    """The file's bytes for ``tour``."""
    with gc_paused():  # a million small objects, no cycles among them
        return orjson.dumps(tour_record(tour), option=orjson.OPT_INDENT_2) + b"\n"

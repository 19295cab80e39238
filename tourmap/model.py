"""The tour model: checked once at the door, trusted everywhere after.

Every rule about what a valid tour is lives here, on the fields of these dataclasses (as
:mod:`tourmap.constraints` markers) and in the record rules below; the loader builds a
pydantic validator from them, turns bytes into these objects and errors into
:class:`~tourmap.errors.TourError`. Importing this module does not import pydantic.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from dataclasses import dataclass
from enum import Enum
from functools import cached_property, lru_cache
from typing import Annotated, Any, Literal, TypeVar, get_args

from typing_extensions import dataclass_transform

from tourmap.constraints import CONFIG, After, Before, MinItems, Number, checked, documented, rule_error
from tourmap.constraints import Text as _Str
from tourmap.topics import PRIMARY_TOPICS, topic_sort_key

FORMAT = "tourmap/1"


_T = TypeVar("_T")

_SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _no_control_chars(value: str) -> str:
    # Tabs and newlines are fine in prose; other control characters are almost always a
    # broken export and would corrupt one-line messages and widgets.
    found = _CONTROL.search(value)
    if found:
        raise ValueError(f"control character U+{ord(found.group()):04X} is not allowed")
    return value


Text = Annotated[str, _Str(strip=True, min_length=1, max_length=20_000), After(_no_control_chars)]
ShortText = Annotated[str, _Str(strip=True, min_length=1, max_length=300), After(_no_control_chars)]
Word = Annotated[str, _Str(strip=True, lower=True, min_length=1, max_length=40, pattern=r"^[^\s].*$"), After(_no_control_chars)]


def _iso_date_string(value: object) -> object:
    # pydantic would take 1761523200 (or "1761523200", or "2025-10-26T00:00") as a date;
    # a date in a tour file is written out as YYYY-MM-DD and nothing else.
    if isinstance(value, str) and _ISO_DAY.match(value):
        return value
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    raise ValueError("must be a date written as YYYY-MM-DD")


Day = Annotated[dt.date, Before(_iso_date_string), documented(pattern=_ISO_DAY.pattern)]


def _slug(value: str) -> str:
    if not _SLUG.match(value):
        raise ValueError("must be a slug: lower-case letters, digits, '-' or '_' between them")
    return value


Slug = Annotated[str, _Str(min_length=1, max_length=80), After(_slug), documented(pattern=_SLUG.pattern)]


class Status(str, Enum):
    """How firm an agenda item is, as the source tells it."""

    EXPECTED = "expected"
    REPORTED = "reported"
    PROPOSED = "proposed"
    PLEDGED = "pledged"
    AGREED = "agreed"
    ANNOUNCED = "announced"
    SIGNED = "signed"
    POSTPONED = "postponed"
    CANCELLED = "cancelled"


@dataclass_transform(frozen_default=True, kw_only_default=True)  # what type checkers need to see the dataclass
def _record(cls: type[_T]) -> type[_T]:
    """The tour's parts: frozen dataclasses with slots, keyword-only like the JSON.

    A tour of 10,000 stops holds 100,000 agenda items; slots keep each a quarter of the
    size of an object with a ``__dict__``. ``__pydantic_config__`` is read by the loader's
    validator (see :data:`tourmap.constraints.CONFIG`).
    """
    cls.__pydantic_config__ = CONFIG  # type: ignore[attr-defined]
    return dataclass(frozen=True, slots=True, kw_only=True)(cls)


@_record
class Source:
    """A document the tour is written from."""

    id: Slug
    publisher: ShortText
    title: ShortText
    date: Day
    url: Annotated[str, _Str(max_length=2000, pattern=r"^https?://\S+$"), After(_no_control_chars)] | None = None
    note: Text | None = None


@_record
class Place:
    city: ShortText
    country: ShortText
    venue: ShortText | None = None

    def label(self) -> str:
        return f"{self.venue}, {self.city}, {self.country}" if self.venue else f"{self.city}, {self.country}"


Qualifier = Literal["exactly", "about", "up to", "at least"]
QUALIFIERS: tuple[str, ...] = get_args(Qualifier)


@_record
class Figure:
    """A number the source gives, e.g. an investment amount, kept with its unit."""

    label: ShortText
    # Strict: a JSON number, not "5" or true (ints are fine).
    amount: Annotated[float, Number(strict=True, finite=True)]
    currency: Annotated[str, _Str(pattern=r"^[A-Z]{3}$")] | None = None
    unit: ShortText | None = None
    qualifier: Qualifier = "exactly"

    def display(self) -> str:
        amount = self.amount
        scaled = next(
            (f"{amount / scale:g} {word}" for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")) if abs(amount) >= scale),
            f"{amount:,g}",
        )
        # A currency code goes before the amount ("USD 70 billion"), a unit after it
        # ("3.5 % of GDP", "36,000 tonnes").
        text = f"{self.currency} {scaled}" if self.currency else f"{scaled} {self.unit}" if self.unit else scaled
        return text if self.qualifier == "exactly" else f"{self.qualifier} {text}"


@_record
class Quote:
    """A short quoted phrase, always with who said it."""

    text: Annotated[str, _Str(strip=True, min_length=1, max_length=400), After(_no_control_chars)]
    by: ShortText


@_record
class AgendaItem:
    topic: Word
    title: ShortText
    detail: Text | None = None
    status: Status
    parties: tuple[ShortText, ...] = ()
    source: Slug
    cited: Annotated[ShortText | None, documented(description="Who the source cites for this item, e.g. 'Reuters'.")] = None
    figures: tuple[Figure, ...] = ()
    quote: Quote | None = None

    def text_blob(self) -> str:
        """Everything searchable in the item, lower-cased once."""
        parts = [self.topic, self.title, self.detail or "", self.status.value, *self.parties, self.cited or ""]
        if self.quote:
            parts += [self.quote.text, self.quote.by]
        return "\n".join(parts).casefold()


def _reject_non_numbers(value: object) -> object:
    # pydantic would coerce "35.6" and True; coordinates are numbers in the file or wrong.
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError("must be a number")
    return value


def _finite(name: str, low: float, high: float) -> After:
    def check(value: float) -> float:
        if not math.isfinite(value):
            raise ValueError(f"{name} must be a finite number")
        if not low <= value <= high:
            raise ValueError(f"{name} must be between {low:g} and {high:g}")
        return value

    return After(check)


# The range lives in the validator (for the message); the schema still tells editors about it.
Latitude = Annotated[float, _finite("latitude", -90, 90), Before(_reject_non_numbers), documented(minimum=-90, maximum=90)]
Longitude = Annotated[float, _finite("longitude", -180, 180), Before(_reject_non_numbers), documented(minimum=-180, maximum=180)]


def _dates_in_order(stop: Stop) -> Stop:
    if stop.arrive and stop.depart and stop.depart < stop.arrive:
        raise rule_error(("depart",), f"depart {stop.depart} is before arrive {stop.arrive}")
    return stop


@checked(_dates_in_order)
@_record
class Stop:
    id: Slug
    name: ShortText
    place: Place
    lat: Latitude
    lon: Longitude
    arrive: Day | None = None
    depart: Day | None = None
    summary: Text | None = None
    agenda: tuple[AgendaItem, ...] = ()

    def date_label(self) -> str:
        """'27 Oct 2025', '27–29 Oct 2025', or '' when the source gives no date."""
        a, d = self.arrive, self.depart
        if a and d and a != d:
            return f"{_fmt(a)} – {_fmt(d)}"
        return _fmt(a or d) if (a or d) else ""

    def topic_counts(self) -> dict[str, int]:
        return dict(sorted(Counter(i.topic for i in self.agenda).items(), key=lambda kv: topic_sort_key(kv[0])))


@lru_cache(maxsize=4096)  # a big tour repeats its dates; strftime is the slow part of its page data
def _fmt(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def _unique_ids(what: str, noun: str) -> After:
    def check(records: tuple[Any, ...]) -> tuple[Any, ...]:
        seen: dict[str, int] = {}
        for index, record in enumerate(records):
            if record.id in seen:
                # Numbered from 1, as the window numbers them.
                raise rule_error((index, "id"), f"duplicate {what} {record.id!r} (also {noun} {seen[record.id] + 1})")
            seen[record.id] = index
        return records

    return After(check)


def _sources_exist(tour: Tour) -> Tour:
    known = {s.id for s in tour.sources}
    for si, stop in enumerate(tour.stops):
        for ai, item in enumerate(stop.agenda):
            if item.source not in known:
                raise rule_error(
                    ("stops", si, "agenda", ai, "source"),
                    f"names no source: {item.source!r} (known: {', '.join(sorted(known))})",
                )
    return tour


@checked(_sources_exist)
@dataclass(frozen=True, kw_only=True)
class Tour:
    """A whole tour file. No slots: it caches its lookups (there is one per file)."""

    __pydantic_config__ = CONFIG

    format: Annotated[Literal["tourmap/1"], documented(description="File format and version; always 'tourmap/1'.")]
    title: ShortText
    summary: Text | None = None
    sources: Annotated[tuple[Source, ...], MinItems(1), _unique_ids("source id", "source")]
    stops: Annotated[tuple[Stop, ...], MinItems(1), _unique_ids("stop id", "stop")]

    @cached_property
    def source_by_id(self) -> dict[str, Source]:
        return {s.id: s for s in self.sources}

    @cached_property
    def stop_index(self) -> dict[str, int]:
        return {s.id: i for i, s in enumerate(self.stops)}

    def citation(self, item: AgendaItem) -> str:
        """How an item's source is cited, in the panel and in the briefing alike."""
        source = self.source_by_id[item.source]
        text = f"Source: {source.publisher}, “{source.title}”, {source.date:%d %b %Y}"
        return f"{text}; citing {item.cited}" if item.cited else text

    def agenda_count(self) -> int:
        return sum(len(s.agenda) for s in self.stops)

    def date_range(self) -> tuple[dt.date, dt.date] | None:
        days = [d for s in self.stops for d in (s.arrive, s.depart) if d]
        return (min(days), max(days)) if days else None

    def date_range_label(self) -> str:
        span = self.date_range()
        if not span:
            return ""
        first, last = span
        return _fmt(first) if first == last else f"{_fmt(first)} – {_fmt(last)}"

    def topics(self) -> list[str]:
        return sorted({i.topic for s in self.stops for i in s.agenda} | set(PRIMARY_TOPICS), key=topic_sort_key)

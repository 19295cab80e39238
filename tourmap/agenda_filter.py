"""The agenda filter: which items and stops pass a search text and a set of hidden topics.

No Qt: the panel, the stop list and the map all ask the same rules. A stop's name and
place are searched too, so "Tokyo" finds the Tokyo stop and all of its items.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tourmap.model import AgendaItem, Stop, Tour


@dataclass(frozen=True)
class AgendaFilter:
    """``text`` is matched case-insensitively; ``hidden`` names the topics switched off."""

    text: str = ""
    hidden: frozenset[str] = field(default_factory=frozenset)

    @cached_property
    def needle(self) -> str:
        return self.text.strip().casefold()

    @property
    def active(self) -> bool:
        return bool(self.needle or self.hidden)


@dataclass(frozen=True)
class FilterResult:
    """What a filter leaves of a tour: the stops lit (None: no filter) and the item count."""

    lit: frozenset[str] | None
    shown: int
    total: int


def stop_text(stop: Stop) -> str:
    """A stop's own searchable text: its name and its place."""
    return f"{stop.name}\n{stop.place.label()}".casefold()


class SearchIndex:
    """Each stop's and item's searchable text, worked out once per tour: a tour of 10,000
    stops has 100,000 items to look through per keystroke."""

    def __init__(self, tour: Tour) -> None:
        self.tour = tour

    @cached_property
    def _stops(self) -> list[str]:
        return [stop_text(s) for s in self.tour.stops]

    @cached_property
    def _items(self) -> list[list[tuple[str, str]]]:
        return [[(i.topic, i.text_blob()) for i in s.agenda] for s in self.tour.stops]

    @cached_property
    def total(self) -> int:
        return self.tour.agenda_count()

    def result(self, f: AgendaFilter) -> FilterResult:
        if not f.active:
            return FilterResult(None, self.total, self.total)
        needle, hidden = f.needle, f.hidden
        lit: set[str] = set()
        shown = 0
        for stop, name, items in zip(self.tour.stops, self._stops, self._items):
            whole = needle in name  # the stop itself matches: all its items do
            n = sum(1 for topic, blob in items if topic not in hidden and (whole or needle in blob))
            shown += n
            if n or (needle and whole):
                lit.add(stop.id)
        return FilterResult(frozenset(lit), shown, self.total)

    def items(self, stop: Stop, f: AgendaFilter) -> list[AgendaItem]:
        """The stop's items that pass, in file order."""
        if not f.active:
            return list(stop.agenda)
        needle, hidden = f.needle, f.hidden
        whole = needle in self._stops[self.tour.stop_index[stop.id]]
        blobs = self._items[self.tour.stop_index[stop.id]]
        return [item for item, (topic, blob) in zip(stop.agenda, blobs) if topic not in hidden and (whole or needle in blob)]


def count_label(shown: int, total: int) -> str:
    """'12 of 100,000 items'."""
    return f"{shown:,} of {total:,} item{'s' if total != 1 else ''}"

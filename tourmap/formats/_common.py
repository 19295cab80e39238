"""What the formats share: a valid tour built from what a file holds, and the route line.

A file in another format holds stops in its own terms (a feature, a placemark, a row).
Each reader turns them into :class:`Draft` records; :func:`build_tour` makes them a tour
by the model's own rules (:func:`tourmap.loader.validate_part`), naming the feature, the
placemark or the line in every error. What the file did not hold is reported in the
warnings, never made up: a missing country is written ``unknown``, a missing title is the
file's name, and a file that names no sources is cited as the tour's one source.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from tourmap._perf import gc_paused
from tourmap.editing import slugify
from tourmap.errors import TourError
from tourmap.loader import validate_part
from tourmap.model import FORMAT, Stop, Tour

#: The country of a stop whose file does not say (the model needs one).
UNKNOWN_COUNTRY = "unknown"
#: The source an imported tour cites when its file names none.
IMPORT_SOURCE_ID = "imported"
#: A route line holds about this many points at most, however long the tour: geodesic
#: arcs every 100 km for a small tour, coarser for a tour of thousands of stops.
ROUTE_POINTS = 30_000

_P = ParamSpec("_P")
_R = TypeVar("_R")

_SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
_PATH_IN_STOPS = re.compile(r"^stops\[(\d+)\]\.?(.*)$")


def without_gc(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """For every read and write: a big tour is a million small objects, and the cyclic
    collector walking them over and over tripled the time (as the loader found)."""

    @functools.wraps(function)
    def paused(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with gc_paused():
            return function(*args, **kwargs)

    return paused


@dataclass(frozen=True)
class Imported:
    """A tour read from another format, with what the file did not carry or what was left out."""

    tour: Tour
    warnings: tuple[str, ...] = ()


@dataclass
class Draft:
    """One stop as its file gives it; ``where`` names it in messages ("feature 3", "line 7")."""

    where: str
    lat: Any
    lon: Any
    name: str | None = None
    id: str | None = None
    city: str | None = None
    country: str | None = None
    venue: str | None = None
    arrive: Any = None
    depart: Any = None
    summary: str | None = None
    agenda: Any = ()


def build_tour(
    path: Path,
    drafts: Sequence[Draft],
    *,
    title: str | None,
    summary: str | None = None,
    sources: Any = None,
    warnings: Sequence[str] = (),
) -> Imported:
    """The drafts as one valid tour, or TourError naming the draft and the field."""
    notes = list(warnings)
    if not drafts:
        raise TourError(path, "", "holds no stops (no point with coordinates)")
    title = _text(title)
    if title is None:
        title = path.stem[:300] or path.name[:300]
        notes.append(f"the file has no title: the tour is named {title!r} after the file")
    if sources is None:
        sources = [import_source(path)]
        notes.append(f"the file names no sources: the tour cites the file itself (source {IMPORT_SOURCE_ID!r})")
    taken: set[str] = set()
    unnamed: list[str] = []
    no_country: list[str] = []
    stops: list[Stop] = []
    for number, draft in enumerate(drafts, 1):
        name = _text(draft.name)
        if name is None:
            name = f"Stop {number}"
            unnamed.append(draft.where)
        country = _text(draft.country)
        if country is None:
            country = UNKNOWN_COUNTRY
            no_country.append(draft.where)
        given = _text(draft.id)
        stop_id = unique_slug(given if given and _SLUG.match(given) else slugify(given or name), taken)
        place = {"city": _text(draft.city) or name, "country": country, "venue": _text(draft.venue)}
        record = {
            "id": stop_id,
            "name": name,
            "place": {k: v for k, v in place.items() if v is not None},
            "lat": draft.lat,
            "lon": draft.lon,
            "arrive": draft.arrive or None,
            "depart": draft.depart or None,
            "summary": _text(draft.summary),
            "agenda": draft.agenda,
        }
        stops.append(_validated(Stop, {k: v for k, v in record.items() if v is not None}, path, draft.where))
    if unnamed:
        notes.append(f"no name given, named 'Stop N' by their order: {listing(unnamed)}")
    if no_country:
        notes.append(f"no country given, written {UNKNOWN_COUNTRY!r}: {listing(no_country)}")
    document = {"format": FORMAT, "title": title, "summary": _text(summary), "sources": sources, "stops": stops}
    try:
        tour = validate_part(Tour, {k: v for k, v in document.items() if v is not None}, path)
    except TourError as error:
        found = _PATH_IN_STOPS.match(error.place)
        if not found:
            raise
        where = drafts[int(found.group(1))].where
        raise TourError(path, f"{where}, {found.group(2)}" if found.group(2) else where, error.reason) from None
    return Imported(tour, tuple(notes))


def _validated(kind: type[Stop], record: dict[str, Any], path: Path, where: str) -> Stop:
    try:
        return validate_part(kind, record, path)
    except TourError as error:
        raise TourError(path, where if error.place == "$" else f"{where}, {error.place}", error.reason) from None


def import_source(path: Path) -> dict[str, str]:
    """The file itself as a source: its name, and the day it was last changed."""
    try:
        day = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.timezone.utc).date()
    except OSError:
        day = dt.datetime.now(dt.timezone.utc).date()
    return {"id": IMPORT_SOURCE_ID, "publisher": "Imported file", "title": path.name[:300], "date": day.isoformat()}


def _text(value: Any) -> str | None:
    """A string with something in it, stripped; None for anything else."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def unique_slug(wanted: str, taken: set[str]) -> str:
    slug, n = wanted, 1
    while slug in taken:
        n += 1
        slug = f"{wanted[:70]}-{n}"
    taken.add(slug)
    return slug


def listing(places: Sequence[str], limit: int = 5) -> str:
    """'feature 1, feature 4' or 'line 2, line 3, … (40 in all)'."""
    shown = ", ".join(places[:limit])
    return shown if len(places) <= limit else f"{shown}, … ({len(places)} in all)"


def iso_day(value: str | None) -> str | None:
    """The date part of an ISO date or date-time ("2025-10-27T09:00:00Z" -> "2025-10-27"),
    or of GDAL's "2025/10/27"; other text is returned as it is, for the model to refuse
    with its own message."""
    text = _text(value)
    if text and re.match(r"^\d{4}([-/])\d{2}\1\d{2}(?:[T ]|$)", text):
        return text[:10].replace("/", "-")
    return text


# -- the route ---------------------------------------------------------------------------


def route_lines(stops: Sequence[Stop]) -> list[list[tuple[float, float]]]:
    """The route as geodesic arcs in (lon, lat), cut at the antimeridian (RFC 7946 §3.1.9):
    one line, or more where it crosses; every longitude within [-180, 180]."""
    from tourmap.geo import FAST_LEGS, great_circle_route, route

    if len(stops) < 2:
        return []
    # About ROUTE_POINTS points in all: a point every 100 km, or fewer on a long tour.
    many = len(stops) - 1 >= FAST_LEGS
    tour_km = sum(_rough_km(a, b) for a, b in itertools.pairwise(stops)) if many else 0.0
    step = max(100.0, tour_km / max(1, ROUTE_POINTS - len(stops)))
    points: list[tuple[float, float]] = []
    for arc in (great_circle_route if many else route)(stops, step_km=step, max_points=64):
        points.extend(arc if not points else arc[1:])
    lines: list[list[tuple[float, float]]] = []
    line: list[tuple[float, float]] = []
    previous: tuple[float, float, int] | None = None
    for lat, lon in points:
        world = math.floor((lon + 180.0) / 360.0)
        if previous is not None and world != previous[2]:
            plat, plon, pworld = previous
            east = world > pworld
            edge = -180.0 + 360.0 * max(world, pworld)  # the antimeridian between them, unwrapped
            cross = plat + (lat - plat) * (edge - plon) / (lon - plon)
            line.append((180.0 if east else -180.0, round(cross, 5)))
            lines.append(line)
            line = [(-180.0 if east else 180.0, round(cross, 5))]
        line.append((round(lon - 360.0 * world, 5), lat))
        previous = (lat, lon, world)
    lines.append(line)
    return [part for part in lines if len(part) > 1]


def _rough_km(a: Stop, b: Stop) -> float:
    """Great-circle distance on a sphere: enough to choose the route's step."""
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b.lon - a.lon) / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))

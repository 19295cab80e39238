"""GeoJSON (RFC 7946): a FeatureCollection with a Point per stop and the route.

Each stop's feature carries everything the tour file holds for it (id, number, name,
city, country, venue, dates, summary, and its agenda items in full); the collection
carries the tour's title, summary and sources as foreign members (RFC 7946 §6.1). The
route is a LineString of geodesic arcs, a MultiLineString where it crosses the
antimeridian (§3.1.9). tour -> GeoJSON -> tour gives the same tour.

Reading takes any FeatureCollection of points (QGIS, uMap, geojson.io): properties with
the names above are used, the rest is reported.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import orjson

from tourmap.errors import TourError
from tourmap.files import write_atomic
from tourmap.formats._common import Draft, Imported, build_tour, iso_day, listing, route_lines, without_gc
from tourmap.loader import parse_json, read_limited
from tourmap.model import Tour

NAME = "geojson"
EXTENSIONS = (".geojson",)

#: Stop properties read back, with the other names other tools give them.
_NAMES = {"name": ("name", "title", "Name", "NAME")}
_KNOWN = {"kind", "id", "number", "name", "city", "country", "venue", "place", "arrive", "depart", "date", "summary", "description", "agenda", "title"}


@without_gc
def write(tour: Tour, path: str | os.PathLike[str]) -> list[str]:
    """Write ``tour`` atomically; nothing is lost, so no warnings."""
    write_atomic(Path(path), dumps(tour))
    return []


def dumps(tour: Tour) -> bytes:
    """The collection as UTF-8 JSON. orjson writes the model's records as they are (dates
    as YYYY-MM-DD, statuses as their words, absent values as null): a tour of 10,000 stops
    in a fraction of a second."""
    features: list[dict[str, Any]] = []
    for number, stop in enumerate(tour.stops, 1):
        place = stop.place
        properties = {
            "kind": "stop",
            "id": stop.id,
            "number": number,
            "name": stop.name,
            "city": place.city,
            "country": place.country,
            "venue": place.venue,
            "arrive": stop.arrive,
            "depart": stop.depart,
            "summary": stop.summary,
            "agenda": stop.agenda,
        }
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [stop.lon, stop.lat]}, "properties": properties})
    lines = route_lines(tour.stops)
    if lines:
        geometry = {"type": "LineString", "coordinates": lines[0]} if len(lines) == 1 else {"type": "MultiLineString", "coordinates": lines}
        features.append({"type": "Feature", "geometry": geometry, "properties": {"kind": "route", "name": "Route", "stops": len(tour.stops)}})
    collection: dict[str, Any] = {"type": "FeatureCollection", "title": tour.title}
    if tour.summary is not None:
        collection["summary"] = tour.summary
    collection |= {"sources": tour.sources, "features": features}
    return orjson.dumps(collection) + b"\n"


def read(path: str | os.PathLike[str]) -> Tour:
    return load(path).tour


@without_gc
def load(path: str | os.PathLike[str]) -> Imported:
    path = Path(path)
    collection = _parse(read_limited(path), path)
    if collection.get("type") == "Feature":
        features: Any = [collection]
    elif collection.get("type") == "FeatureCollection":
        features = collection.get("features")
        if not isinstance(features, list):
            raise TourError(path, "features", "must be an array of features")
    else:
        raise TourError(path, "type", f"a GeoJSON FeatureCollection or Feature is needed, not {str(collection.get('type'))[:40]!r}")
    drafts: list[Draft] = []
    others: list[str] = []
    unused: set[str] = set()
    for index, feature in enumerate(features, 1):
        where = f"feature {index}"
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise TourError(path, where, "is not a GeoJSON Feature")
        geometry = feature.get("geometry")
        properties = feature.get("properties") or {}
        if not isinstance(properties, dict):
            raise TourError(path, f"{where}, properties", "must be an object or null")
        kind = geometry.get("type") if isinstance(geometry, dict) else None
        if kind != "Point" or not isinstance(geometry, dict):
            if properties.get("kind") != "route":  # our own route: drawn from the stops again
                others.append(f"{where} ({kind or 'no geometry'})")
            continue
        lon, lat = _point(geometry, path, where)
        unused |= set(properties) - _KNOWN
        drafts.append(_draft(properties, where, lat, lon))
    warnings = []
    if others:
        warnings.append(f"left out, not points: {listing(others)}")
    if unused:
        warnings.append(f"properties not kept: {', '.join(sorted(unused)[:10])}")
    title = collection.get("title") or collection.get("name")
    return build_tour(
        path,
        drafts,
        title=title if isinstance(title, str) else None,
        summary=collection.get("summary") if isinstance(collection.get("summary"), str) else None,
        sources=collection.get("sources"),
        warnings=warnings,
    )


def _parse(data: bytes, path: Path) -> dict[str, Any]:
    """The JSON document: orjson for speed (strict JSON; a key given twice keeps its last
    value), the loader's reader for the line and column of what is wrong."""
    try:
        document = orjson.loads(data.removeprefix(b"\xef\xbb\xbf"))
    except orjson.JSONDecodeError:
        document = parse_json(data, path)
    if not isinstance(document, dict):
        raise TourError(path, "$", "a GeoJSON document is a JSON object")
    return document


def _point(geometry: dict[str, Any], path: Path, where: str) -> tuple[Any, Any]:
    coordinates = geometry.get("coordinates")
    if not isinstance(coordinates, list) or not 2 <= len(coordinates) <= 3:
        raise TourError(path, f"{where}, coordinates", "a Point's coordinates are [longitude, latitude]")
    return coordinates[0], coordinates[1]


def _draft(properties: dict[str, Any], where: str, lat: Any, lon: Any) -> Draft:
    given = properties.get("place")
    place: dict[str, Any] = given if isinstance(given, dict) else {}
    name = next((properties[k] for k in _NAMES["name"] if isinstance(properties.get(k), str)), None)
    agenda = properties.get("agenda") or ()
    if isinstance(agenda, str):  # written by a tool that keeps nested values as JSON text (GDAL)
        try:
            agenda = json.loads(agenda)
        except ValueError:
            pass
    return Draft(
        where=where,
        lat=lat,
        lon=lon,
        name=name,
        id=properties.get("id") if isinstance(properties.get("id"), (str, int)) else None,
        city=properties.get("city") or place.get("city"),
        country=properties.get("country") or place.get("country"),
        venue=properties.get("venue") or place.get("venue"),
        arrive=iso_day(properties.get("arrive") or properties.get("date")),
        depart=iso_day(properties.get("depart")),
        summary=properties.get("summary") or properties.get("description"),
        agenda=agenda,
    )

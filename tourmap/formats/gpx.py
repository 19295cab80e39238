"""GPX 1.1 (with gpxpy), for GPS devices, OsmAnd, Garmin BaseCamp and QGIS.

Written: the tour's title and summary as the file's metadata, a waypoint per stop (name,
its summary as the description, its place as the comment, its arrival as the time) and a
route through the stops in order. GPX has no room for ids, countries, departures, agenda
items or sources: they are reported, not carried.

Read: the waypoints, or (a file with none) the points of its first route, with their name,
description and time. A track is a recording, not a list of stops: a file with only tracks
is refused. The XML is checked with defusedxml first: a DTD's entities are refused before
anything they name is read (gpxpy's own parser would take them).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import gpxpy
import gpxpy.gpx

from tourmap.errors import TourError
from tourmap.files import write_atomic
from tourmap.formats._common import Draft, Imported, build_tour, without_gc
from tourmap.formats.kml import parse_xml
from tourmap.loader import read_limited
from tourmap.model import Tour

NAME = "gpx"
EXTENSIONS = (".gpx",)


@without_gc
def write(tour: Tour, path: str | os.PathLike[str]) -> list[str]:
    write_atomic(Path(path), dumps(tour).encode("utf-8"))
    lost = ["stop ids", "countries", "departure dates", "sources"]
    if tour.agenda_count():
        lost.insert(0, f"{tour.agenda_count()} agenda items")
    return [f"GPX does not carry {', '.join(lost)}"]


def dumps(tour: Tour) -> str:
    gpx = gpxpy.gpx.GPX()
    gpx.creator = "tourmap"
    gpx.name = tour.title
    gpx.description = tour.summary
    route = gpxpy.gpx.GPXRoute(name=tour.title)
    for stop in tour.stops:
        time = dt.datetime.combine(stop.arrive, dt.time(), dt.timezone.utc) if stop.arrive else None
        gpx.waypoints.append(
            gpxpy.gpx.GPXWaypoint(stop.lat, stop.lon, name=stop.name, description=stop.summary, comment=stop.place.label(), time=time)
        )
        route.points.append(gpxpy.gpx.GPXRoutePoint(stop.lat, stop.lon, name=stop.name))
    gpx.routes.append(route)
    return gpx.to_xml(version="1.1")


def read(path: str | os.PathLike[str]) -> Tour:
    return load(path).tour


@without_gc
def load(path: str | os.PathLike[str]) -> Imported:
    path = Path(path)
    data = read_limited(path)
    parse_xml(data, path)  # entities refused, syntax errors with their line
    try:
        gpx = gpxpy.parse(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise TourError(path, "", "not valid UTF-8") from None
    except gpxpy.gpx.GPXException as error:
        raise TourError(path, "", f"not GPX: {str(error).splitlines()[0][:200]}") from None
    warnings = []
    points: list[gpxpy.gpx.GPXWaypoint | gpxpy.gpx.GPXRoutePoint]
    if gpx.waypoints:
        points, kind = list(gpx.waypoints), "waypoint"
        if gpx.tracks:
            warnings.append(f"left out: {len(gpx.tracks)} tracks (the waypoints are the stops)")
    elif gpx.routes:
        points, kind = list(gpx.routes[0].points), "route point"
        if len(gpx.routes) > 1 or gpx.tracks:
            warnings.append(f"left out: {len(gpx.routes) - 1} more routes and {len(gpx.tracks)} tracks (the first route's points are the stops)")
    elif gpx.tracks:
        raise TourError(path, "", "holds only tracks: a recording, not a list of stops; mark the stops as waypoints")
    else:
        raise TourError(path, "", "holds no waypoints or routes")
    drafts = [
        Draft(
            where=f"{kind} {index}",
            lat=point.latitude,
            lon=point.longitude,
            name=point.name,
            arrive=point.time.astimezone(dt.timezone.utc).date() if point.time and point.time.tzinfo else (point.time.date() if point.time else None),
            summary=point.description,
        )
        for index, point in enumerate(points, 1)
    ]
    warnings.append("GPX carries no places: each stop's city is its name")
    return build_tour(path, drafts, title=gpx.name or (gpx.routes[0].name if gpx.routes else None), summary=gpx.description, warnings=warnings)

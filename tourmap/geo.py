"""Geography on the WGS-84 ellipsoid: legs, route arcs and bounds.

Distances come from geopy's geodesic (Karney's algorithm); arc points come from
geographiclib, which geopy depends on. Longitudes of an arc are unwrapped so that Leaflet
draws a leg across the antimeridian as one continuous curve instead of a line round the
world.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

from geographiclib.geodesic import Geodesic
from geopy.distance import geodesic

from tourmap.model import Stop, Tour

_WGS84 = Geodesic.WGS84


@dataclass(frozen=True, slots=True)
class Leg:
    start: Stop
    end: Stop
    km: float

    @property
    def label(self) -> str:
        return f"{self.km:,.0f} km"


def distance_km(a: Stop, b: Stop) -> float:
    return float(geodesic((a.lat, a.lon), (b.lat, b.lon), ellipsoid="WGS-84").km)


def legs(tour: Tour) -> list[Leg]:
    """One leg between each pair of consecutive stops, in tour order."""
    return [Leg(a, b, distance_km(a, b)) for a, b in zip(tour.stops, tour.stops[1:])]


def total_km(tour: Tour) -> float:
    return sum(leg.km for leg in legs(tour))


def arc(a: tuple[float, float], b: tuple[float, float], step_km: float = 100.0, max_points: int = 64) -> list[tuple[float, float]]:
    """Points along the geodesic from ``a`` to ``b`` as (lat, lon), longitudes unwrapped.

    The first longitude is ``a``'s own; later ones may leave [-180, 180] so that the line
    stays continuous across the antimeridian.
    """
    line = _WGS84.InverseLine(a[0], a[1], b[0], b[1], Geodesic.STANDARD | Geodesic.DISTANCE_IN | Geodesic.LONG_UNROLL)
    count = max(2, min(max_points, math.ceil(line.s13 / 1000.0 / step_km) + 1))
    points = []
    for i in range(count):
        position = line.Position(line.s13 * i / (count - 1), Geodesic.LATITUDE | Geodesic.LONGITUDE | Geodesic.LONG_UNROLL)
        points.append((round(position["lat2"], 5), round(position["lon2"], 5)))
    return points


def route(stops: Sequence[Stop], step_km: float = 100.0, max_points: int = 64) -> list[list[tuple[float, float]]]:
    """One arc per leg. Each arc starts where the previous one ended, so longitudes stay
    continuous along the whole route (a tour round the world keeps going east)."""
    arcs: list[list[tuple[float, float]]] = []
    offset = 0.0
    for a, b in zip(stops, stops[1:]):
        points = arc((a.lat, a.lon), (b.lat, b.lon), step_km, max_points)
        points = [(lat, lon + offset) for lat, lon in points]
        offset = points[-1][1] - b.lon
        arcs.append(points)
    return arcs


def unwrapped_lons(stops: Sequence[Stop]) -> list[float]:
    """Stop longitudes shifted by whole turns to follow the route's unwrapped arcs."""
    lons = [stops[0].lon] if stops else []
    for stop in stops[1:]:
        previous = lons[-1]
        lon = stop.lon + 360.0 * round((previous - stop.lon) / 360.0)
        # Take the short way round, as the geodesic does.
        if lon - previous > 180:
            lon -= 360
        elif previous - lon > 180:
            lon += 360
        lons.append(lon)
    return lons


def bounds(points: Sequence[tuple[float, float]]) -> tuple[tuple[float, float], tuple[float, float]]:
    """South-west and north-east corners of the smallest box holding every point.

    Longitudes are treated as a circle: points at 179 and -179 give a box 2 degrees wide
    across the antimeridian (east may then exceed 180), not one 358 degrees wide.
    """
    if not points:
        raise ValueError("bounds of no points")
    lats = [p[0] for p in points]
    lons = sorted({p[1] if -180.0 <= p[1] < 180.0 else ((p[1] + 180.0) % 360.0) - 180.0 for p in points})
    # The widest gap between neighbouring longitudes is the part of the world to leave out.
    gaps = [(lons[(i + 1) % len(lons)] - lons[i]) % 360.0 for i in range(len(lons))]
    if len(lons) == 1:
        west = east = lons[0]
    else:
        widest = max(range(len(gaps)), key=gaps.__getitem__)
        west = lons[(widest + 1) % len(lons)]
        east = lons[widest]
        if east < west:
            east += 360.0
    return (min(lats), west), (max(lats), east)

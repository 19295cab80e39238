"""Geography on the WGS-84 ellipsoid: legs, route arcs and bounds.

Distances are geodesics on the WGS-84 ellipsoid by Karney's algorithm, from geographiclib
(the library geopy's ``geodesic`` uses; calling it directly gives the same numbers and
keeps geopy, with its geocoders and HTTP stack, out of start-up), or for long tours from
PROJ's implementation of the same algorithm (pyproj), which is in C. Arc points come from
geographiclib too. Longitudes of an arc are unwrapped so that Leaflet draws a leg across
the antimeridian as one continuous curve instead of a line round the world.
"""

from __future__ import annotations

import itertools
import math
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from geographiclib.geodesic import Geodesic

if TYPE_CHECKING:
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
    return float(_WGS84.Inverse(a.lat, a.lon, b.lat, b.lon, Geodesic.DISTANCE)["s12"]) / 1000.0


#: From this many legs on, distances come from PROJ (see _distances_km).
FAST_LEGS = 500

#: id(tour) -> (weak reference to the tour, its legs). Tours are immutable, and the window,
#: the page and the status line all ask for the same tour's legs.
_LEGS: dict[int, tuple[weakref.ref[Tour], tuple[Leg, ...]]] = {}


def legs(tour: Tour) -> list[Leg]:
    """One leg between each pair of consecutive stops, in tour order."""
    key = id(tour)
    hit = _LEGS.get(key)
    if hit is not None and hit[0]() is tour:
        return list(hit[1])
    stops = tour.stops
    if len(stops) - 1 >= FAST_LEGS:
        result = tuple(Leg(a, b, km) for a, b, km in zip(stops, stops[1:], _distances_km(stops)))
    else:
        result = tuple(Leg(a, b, distance_km(a, b)) for a, b in itertools.pairwise(stops))

    def forget(ref: weakref.ref[Tour], key: int = key) -> None:
        entry = _LEGS.get(key)
        if entry is not None and entry[0] is ref:
            del _LEGS[key]

    try:
        _LEGS[key] = (weakref.ref(tour, forget), result)
    except TypeError:  # not weakly referenceable: just don't cache
        pass
    return list(result)


def _distances_km(stops: Sequence[Stop]) -> list[float]:
    """Distances between consecutive stops by PROJ's geodesic (Karney's algorithm, as
    geographiclib's; in C, all legs in one call): 10,000 legs in 30 ms instead of 1.6 s
    in pure Python (bench/README.md, issue 12). Imported here, when a long tour needs it:
    the import costs more than a short tour's legs."""
    from pyproj import Geod

    lats = [s.lat for s in stops]
    lons = [s.lon for s in stops]
    metres = Geod(ellps="WGS84").inv(lons[:-1], lats[:-1], lons[1:], lats[1:], return_back_azimuth=False)[2]
    return [m / 1000.0 for m in metres]


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
    for a, b in itertools.pairwise(stops):
        points = arc((a.lat, a.lon), (b.lat, b.lon), step_km, max_points)
        points = [(lat, lon + offset) for lat, lon in points]
        offset = points[-1][1] - b.lon
        arcs.append(points)
    return arcs


def great_circle_route(stops: Sequence[Stop], step_km: float = 100.0, max_points: int = 64) -> list[list[tuple[float, float]]]:
    """:func:`route` for a tour of :data:`FAST_LEGS` legs or more: great circles on a sphere,
    as the page draws a big tour's legs, many times quicker than geodesics on the
    ellipsoid. A leg between near-antipodes takes the geodesic, which alone knows which
    way round to go."""
    arcs: list[list[tuple[float, float]]] = []
    sin, cos, atan2, radians, degrees = math.sin, math.cos, math.atan2, math.radians, math.degrees
    previous_lon = stops[0].lon if stops else 0.0
    for a, b in itertools.pairwise(stops):
        p1, l1, p2, l2 = radians(a.lat), radians(a.lon), radians(b.lat), radians(b.lon)
        x1, y1, z1 = cos(p1) * cos(l1), cos(p1) * sin(l1), sin(p1)
        x2, y2, z2 = cos(p2) * cos(l2), cos(p2) * sin(l2), sin(p2)
        angle = atan2(math.sqrt((y1 * z2 - z1 * y2) ** 2 + (z1 * x2 - x1 * z2) ** 2 + (x1 * y2 - y1 * x2) ** 2), x1 * x2 + y1 * y2 + z1 * z2)
        if angle > math.pi - 1e-3:
            points = arc((a.lat, a.lon), (b.lat, b.lon), step_km, max_points)
        else:
            count = max(2, min(max_points, math.ceil(angle * 6371.0 / step_km) + 1))
            points = [(a.lat, a.lon)]
            for i in range(1, count - 1):
                t = i / (count - 1)
                if angle:
                    f1, f2 = sin((1 - t) * angle) / sin(angle), sin(t * angle) / sin(angle)
                else:
                    f1, f2 = 1.0, 0.0
                x, y, z = f1 * x1 + f2 * x2, f1 * y1 + f2 * y2, f1 * z1 + f2 * z2
                points.append((round(degrees(atan2(z, math.hypot(x, y))), 5), round(degrees(atan2(y, x)), 5)))
            points.append((b.lat, b.lon))
        unwrapped = []
        for lat, lon in points:
            lon += 360.0 * round((previous_lon - lon) / 360.0)
            unwrapped.append((lat, lon))
            previous_lon = lon
        arcs.append(unwrapped)
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

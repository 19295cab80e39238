"""Geography on the WGS-84 ellipsoid: legs, route arcs and bounds.

Distances are geodesics on the WGS-84 ellipsoid by Karney's algorithm, from geographiclib
(the library geopy's ``geodesic`` uses; calling it directly gives the same numbers and
keeps geopy, with its geocoders and HTTP stack, out of start-up). Arc points come from
geographiclib too. Longitudes of an arc are unwrapped so that Leaflet draws a leg across
the antimeridian as one continuous curve instead of a line round the world.
"""

from __future__ import annotations

import math
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING
from collections.abc import Sequence

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


#: From this many legs on, distances are computed for all legs at once (see _distances_km).
VECTOR_LEGS = 500

#: id(tour) -> (weak reference to the tour, its legs). Tours are immutable, and the window,
#: the page and the status line all ask for the same tour's legs.
_LEGS: dict[int, tuple[weakref.ref[Tour], tuple[Leg, ...]]] = {}


def legs(tour: Tour) -> list[Leg]:
    """One leg between each pair of consecutive stops, in tour order.

    Tours of :data:`VECTOR_LEGS` legs or more get their distances from a vectorised
    Vincenty solution (agreeing with Karney's to well under a millimetre; pairs where it
    does not converge, near antipodes, fall back to Karney): one numpy pass instead of
    tens of microseconds per leg in pure Python.
    """
    key = id(tour)
    hit = _LEGS.get(key)
    if hit is not None and hit[0]() is tour:
        return list(hit[1])
    stops = tour.stops
    if len(stops) - 1 >= VECTOR_LEGS:
        result = tuple(Leg(a, b, km) for a, b, km in zip(stops, stops[1:], _distances_km(stops)))
    else:
        result = tuple(Leg(a, b, distance_km(a, b)) for a, b in zip(stops, stops[1:]))

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
    """Geodesic distance between consecutive stops, vectorised (Vincenty's inverse method on
    WGS-84; pairs that do not converge are solved by Karney's algorithm instead)."""
    import numpy as np  # only tours of thousands of stops come here

    a_axis, flat = _WGS84.a, _WGS84.f
    b_axis = (1.0 - flat) * a_axis
    lat = np.radians(np.fromiter((s.lat for s in stops), float, len(stops)))
    lon = np.radians(np.fromiter((s.lon for s in stops), float, len(stops)))
    big_l = lon[1:] - lon[:-1]
    big_l = (big_l + math.pi) % (2.0 * math.pi) - math.pi
    u = np.arctan((1.0 - flat) * np.tan(lat))
    sin_u, cos_u = np.sin(u), np.cos(u)
    sin_u1, cos_u1, sin_u2, cos_u2 = sin_u[:-1], cos_u[:-1], sin_u[1:], cos_u[1:]
    lam = big_l.copy()
    converged = np.zeros(len(lam), dtype=bool)
    with np.errstate(invalid="ignore", divide="ignore"):
        for _ in range(200):
            sin_lam, cos_lam = np.sin(lam), np.cos(lam)
            sin_sigma = np.hypot(cos_u2 * sin_lam, cos_u1 * sin_u2 - sin_u1 * cos_u2 * cos_lam)
            cos_sigma = sin_u1 * sin_u2 + cos_u1 * cos_u2 * cos_lam
            sigma = np.arctan2(sin_sigma, cos_sigma)
            sin_alpha = np.where(sin_sigma == 0, 0.0, cos_u1 * cos_u2 * sin_lam / sin_sigma)
            cos2_alpha = 1.0 - sin_alpha**2
            cos_2sm = np.where(cos2_alpha == 0, 0.0, cos_sigma - 2.0 * sin_u1 * sin_u2 / cos2_alpha)
            c = flat / 16.0 * cos2_alpha * (4.0 + flat * (4.0 - 3.0 * cos2_alpha))
            previous = lam
            lam = big_l + (1.0 - c) * flat * sin_alpha * (sigma + c * sin_sigma * (cos_2sm + c * cos_sigma * (-1.0 + 2.0 * cos_2sm**2)))
            converged = np.abs(lam - previous) < 1e-12
            if converged.all():
                break
        u_sq = cos2_alpha * (a_axis**2 - b_axis**2) / b_axis**2
        big_a = 1.0 + u_sq / 16384.0 * (4096.0 + u_sq * (-768.0 + u_sq * (320.0 - 175.0 * u_sq)))
        big_b = u_sq / 1024.0 * (256.0 + u_sq * (-128.0 + u_sq * (74.0 - 47.0 * u_sq)))
        delta = big_b * sin_sigma * (cos_2sm + big_b / 4.0 * (cos_sigma * (-1.0 + 2.0 * cos_2sm**2) - big_b / 6.0 * cos_2sm * (-3.0 + 4.0 * sin_sigma**2) * (-3.0 + 4.0 * cos_2sm**2)))
        metres = b_axis * big_a * (sigma - delta)
    km = (metres / 1000.0).tolist()
    # Near-antipodal pairs: Vincenty's iteration does not settle; Karney's always does.
    bad = ~converged | ~np.isfinite(metres) | (np.abs(lam) > math.pi)
    for index in np.flatnonzero(bad).tolist():
        km[index] = distance_km(stops[index], stops[index + 1])
    return km


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

"""Offline search of the place index: exact names, then prefixes, then alternate names.

Ties go to the larger place, then to the one nearer a given point (the map's view).
A comma adds a qualifier that narrows: a country's code or name, or a US state
("Paris, US", "Busan, KR", "Paris, Texas"); a qualifier the index does not know is ignored.
"""

from __future__ import annotations

import math
import sqlite3
from dataclasses import dataclass

from tourmap.places.index import connect
from tourmap.places.text import fold, successor

GEONAMES = "GeoNames"
EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class Place:
    """A place a stop can be named after, from the offline index or an online geocoder."""

    name: str
    ascii_name: str
    country_code: str  # ISO 3166 alpha-2; "" when a geocoder did not say
    country: str
    admin1: str  # the first-level region's name where the data gives it (US states), else ""
    lat: float
    lon: float
    population: int  # 0 when unknown
    geonameid: int | None  # None for online results
    source: str  # "GeoNames" or the geocoder's name, e.g. "Nominatim"

    def label(self) -> str:
        """"Paris, Texas, United States": the name with what tells it apart."""
        return ", ".join(part for part in (self.name, self.admin1, self.country) if part)


# Best first: the place's own name exactly, its own name as a prefix, an alternate name
# exactly, an alternate name as a prefix (main, prefix).
_TIERS = ((1, False), (1, True), (0, False), (0, True))
_COLUMNS = "p.name, p.ascii_name, p.country_code, p.country, p.admin1, p.lat, p.lon, p.population, p.id"
#: A prefix that more names share than this is read in order of population (the first
#: matches come early); a rarer one is read by its key range and sorted.
_COMMON_PREFIX = 2000


def search(query: str, *, limit: int = 10, near: tuple[float, float] | None = None) -> list[Place]:
    """Places whose name matches ``query``, best first (see the module's docstring)."""
    name, *qualifiers = query.split(",")
    q = fold(name)
    if not q or limit <= 0:
        return []
    connection = connect()
    where, params = _qualifier_filter(connection, qualifiers)
    order = "n.population DESC"
    if near is not None:
        connection.create_function("km", 4, distance_km, deterministic=True)
        order += ", km(p.lat, p.lon, :near_lat, :near_lon)"
        params.update(near_lat=near[0], near_lon=near[1])
    found: dict[int, Place] = {}
    for main, prefix in _TIERS:
        params.update(main=main, q=q, q_end=successor(q))
        if not prefix:
            match = "n.key = :q"
        elif _is_common(connection, params):
            match, order_by = "+n.key > :q AND +n.key < :q_end", order  # + keeps the key index out
        else:
            match, order_by = "n.key > :q AND n.key < :q_end", "+" + order  # + keeps the rank index out
        rows = connection.execute(
            f"SELECT {_COLUMNS} FROM name n JOIN place p ON p.id = n.id WHERE n.main = :main AND {match} {where}"
            f" ORDER BY {order_by if prefix else order}",
            params,
        )
        for row in rows:  # read lazily: stop at the limit
            found.setdefault(int(row[-1]), _place(row))
            if len(found) == limit:
                return list(found.values())
    return list(found.values())


def _is_common(connection: sqlite3.Connection, params: dict[str, object]) -> bool:
    (count,) = connection.execute(
        "SELECT count(*) FROM (SELECT 1 FROM name WHERE main = :main AND key > :q AND key < :q_end LIMIT :cap)",
        {**params, "cap": _COMMON_PREFIX},
    ).fetchone()
    return bool(count >= _COMMON_PREFIX)


def nearest(lat: float, lon: float, *, within_km: float = 50) -> Place | None:
    """The indexed place nearest to (lat, lon), if one lies within ``within_km``."""
    band = math.degrees(within_km / EARTH_RADIUS_KM)
    rows = connect().execute(f"SELECT {_COLUMNS} FROM place p WHERE lat BETWEEN ? AND ?", (lat - band, lat + band))
    best = min(((distance_km(row[5], row[6], lat, lon), row) for row in rows), default=None, key=lambda pair: pair[0])
    if best is None or best[0] > within_km:
        return None
    return _place(best[1])


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine): ranks and bounds, not survey work."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def _qualifier_filter(connection: sqlite3.Connection, qualifiers: list[str]) -> tuple[str, dict[str, object]]:
    """SQL that keeps places in every region the qualifiers name ("Texas" -> US, TX)."""
    clauses: list[str] = []
    params: dict[str, object] = {}
    for qualifier in filter(None, map(fold, qualifiers)):
        regions = connection.execute(
            "SELECT DISTINCT country_code, admin1_code FROM region WHERE key = ?1 OR ' ' || key || ' ' LIKE '% ' || ?1 || ' %'",
            (qualifier,),
        ).fetchall()
        options = []
        for country_code, admin1_code in regions:
            n = len(params)
            params[f"c{n}"], params[f"a{n + 1}"] = country_code, admin1_code
            options.append(f"(p.country_code = :c{n}" + (f" AND p.admin1_code = :a{n + 1})" if admin1_code else ")"))
        if options:
            clauses.append(f"AND ({' OR '.join(options)})")
    return " ".join(clauses), params


def _place(row: tuple[str, str, str, str, str, float, float, int, int]) -> Place:
    name, ascii_name, country_code, country, admin1, lat, lon, population, geonameid = row
    return Place(
        name=str(name), ascii_name=str(ascii_name), country_code=str(country_code), country=str(country),
        admin1=str(admin1), lat=float(lat), lon=float(lon), population=int(population),
        geonameid=int(geonameid), source=GEONAMES,
    )

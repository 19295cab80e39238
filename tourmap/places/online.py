"""Online geocoding, only when the user asks: geopy's Nominatim, politely.

One rate limiter per process keeps at least a second between requests (the public
server's policy); answers are cached in the place index's SQLite file, keyed by provider,
server, query and parameters, so asking again makes no request. Every failure becomes one
:class:`GeocodingError` whose message is one sentence for the user.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import time
from typing import Any
from urllib.parse import urlsplit

from geopy import exc
from geopy.adapters import RequestsAdapter
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim

from tourmap import __version__
from tourmap.places.gazetteer import Place
from tourmap.places.index import PlaceIndexError, connect
from tourmap.places.text import plain

PROVIDER = "Nominatim"
DEFAULT_SERVER = "https://nominatim.openstreetmap.org"
USER_AGENT = f"tourmap/{__version__}"
#: What the OpenStreetMap Foundation asks to be shown where its data is used.
ATTRIBUTION = "Search results © OpenStreetMap contributors (ODbL)"
ATTRIBUTION_URL = "https://www.openstreetmap.org/copyright"
MIN_DELAY_SECONDS = 1.0
TIMEOUT_SECONDS = 10.0


class GeocodingError(Exception):
    """A failed online lookup; ``str()`` is one sentence for the user."""


def geocode(query: str, *, server: str = DEFAULT_SERVER, limit: int = 10, timeout: float = TIMEOUT_SECONDS) -> list[Place]:
    """Candidates for ``query`` from a Nominatim server, best first, from the cache if asked before."""
    query = " ".join(query.split())
    if not query:
        return []
    scheme, domain = _split_server(server)
    params = json.dumps({"limit": limit, "addressdetails": True, "extratags": True}, sort_keys=True)
    key = (PROVIDER, f"{scheme}://{domain}", query, params)
    try:
        connection = connect(gazetteer=False)
    except PlaceIndexError as error:
        raise GeocodingError(str(error)) from error
    connection.execute(
        "CREATE TABLE IF NOT EXISTS geocode (provider TEXT, server TEXT, query TEXT, params TEXT,"
        " results TEXT NOT NULL, fetched REAL NOT NULL, PRIMARY KEY (provider, server, query, params))"
    )
    row = connection.execute("SELECT results FROM geocode WHERE provider = ? AND server = ? AND query = ? AND params = ?", key).fetchone()
    if row is not None:
        return [Place(**fields) for fields in json.loads(row[0])]
    # geopy's adapter retries twice on its own, behind the rate limiter's back: no retries.
    no_retries = functools.partial(RequestsAdapter, max_retries=0)
    nominatim = Nominatim(scheme=scheme, domain=domain, user_agent=USER_AGENT, timeout=timeout, adapter_factory=no_retries)
    locations = _request(nominatim, query, limit=limit, addressdetails=True, extratags=True, server=key[1])
    found = [_place(location.raw) for location in locations or ()]
    connection.execute(
        "INSERT OR REPLACE INTO geocode VALUES (?, ?, ?, ?, ?, ?)",
        (*key, json.dumps([dataclasses.asdict(place) for place in found], ensure_ascii=False), time.time()),
    )
    return found


def _split_server(server: str) -> tuple[str, str]:
    """"https://host:8080/nominatim" -> ("https", "host:8080/nominatim"), as geopy takes it."""
    parts = urlsplit(server.strip() if "://" in server else f"https://{server.strip()}")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise GeocodingError(f"The geocoding server address {server!r} is not an http(s) URL.")
    return parts.scheme, parts.netloc + parts.path.rstrip("/")


def _request(nominatim: Any, query: str, *, server: str, **options: Any) -> Any:
    try:
        return _limiter(nominatim, query, **options)
    except exc.GeopyError as error:
        raise GeocodingError(_sentence(error, server)) from error


def _call(nominatim: Any, query: str, **options: Any) -> Any:
    return nominatim.geocode(query, exactly_one=False, **options)


#: The one rate limiter of this process, whatever the server (importing this module is
#: what asking online costs: nothing else imports it).
_limiter = RateLimiter(_call, min_delay_seconds=MIN_DELAY_SECONDS, max_retries=0, swallow_exceptions=False)


def _sentence(error: Exception, server: str) -> str:
    status = getattr(error.__cause__, "status_code", None)
    if status == 429 or isinstance(error, exc.GeocoderRateLimited):
        return f"The geocoding server {server} asks for fewer requests (HTTP 429): wait a minute, then search again."
    if status is not None and status >= 500:
        return f"The geocoding server {server} failed (HTTP {status}): search again later."
    # geopy's requests adapter reports a read timeout as "unavailable", with these words.
    if isinstance(error, exc.GeocoderTimedOut) or "timed out" in str(error):
        return f"The geocoding server {server} did not answer in time: check the network, then search again."
    if isinstance(error, exc.GeocoderUnavailable):
        return f"The geocoding server {server} cannot be reached: check the network, or the server address in Preferences."
    if status is not None:
        return f"The geocoding server {server} refused the search (HTTP {status}): check its address in Preferences."
    return f"The geocoding server {server} sent an answer tourmap cannot read: check its address in Preferences."


def _place(raw: dict[str, Any]) -> Place:
    address = raw.get("address") or {}
    name = raw.get("name") or str(raw.get("display_name", "")).split(",")[0].strip()
    try:
        population = int(str((raw.get("extratags") or {}).get("population", "0")).replace(",", ""))
    except ValueError:
        population = 0
    return Place(
        name=name,
        ascii_name=plain(name),
        country_code=str(address.get("country_code", "")).upper(),
        country=str(address.get("country", "")),
        admin1=str(address.get("state") or address.get("region") or ""),
        lat=float(raw["lat"]),
        lon=float(raw["lon"]),
        population=population,
        geonameid=None,
        source=PROVIDER,
    )

"""The online geocoder against a fake Nominatim on 127.0.0.1: real geopy, real HTTP.

The rate limiter is one per process, so requests in these tests come a second apart;
the tests that need a fresh query use a unique one (the cache would answer otherwise).
"""

from __future__ import annotations

import time
import uuid

import pytest
from fake_nominatim import closed_port_url, fake_nominatim

from tourmap import __version__
from tourmap.places import online


@pytest.fixture(scope="module")
def server():
    with fake_nominatim() as fake:
        yield fake


def unique(word: str = "Tokyo") -> str:
    return f"{word} {uuid.uuid4().hex[:8]}"


def test_results_become_places(server):
    query = unique()
    found = online.geocode(query, server=server.url, limit=5)
    assert [(p.name, p.country_code, p.country, p.admin1, p.population, p.geonameid, p.source) for p in found] == [
        (query, "JP", "Japan", "Tokyo", 9733276, None, "Nominatim"),
        (f"{query} Street", "AU", "Australia", "New South Wales", 0, None, "Nominatim"),
    ]
    assert (found[0].lat, found[0].lon) == (35.6768601, 139.7638947)
    request = server.requests[-1]
    assert request.path == "/search"
    assert request.query["q"] == [query] and request.query["limit"] == ["5"] and request.query["format"] == ["json"]
    assert request.user_agent == f"tourmap/{__version__}"  # names the app and its version


def test_requests_are_at_least_a_second_apart(server):
    before = len(server.requests)
    for _ in range(2):
        online.geocode(unique(), server=server.url)
    first, second = (r.at for r in server.requests[before:])
    assert second - first >= 0.95


def test_a_repeated_query_is_answered_from_the_cache(server):
    query = unique()
    first = online.geocode(query, server=server.url)
    count = len(server.requests)
    started = time.monotonic()
    again = online.geocode(f"  {query} ", server=server.url)
    assert again == first
    assert len(server.requests) == count  # no request
    assert time.monotonic() - started < 0.5  # and no wait for the rate limiter
    online.geocode(query, server=server.url, limit=3)  # other parameters: asked again
    assert len(server.requests) == count + 1


def test_nothing_found_is_an_empty_list_and_cached(server):
    assert online.geocode("nothing", server=server.url) == []
    count = len(server.requests)
    assert online.geocode("nothing", server=server.url) == []
    assert len(server.requests) == count


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("status 429", "asks for fewer requests (HTTP 429)"),
        ("status 503", "failed (HTTP 503)"),
        ("slow", "did not answer in time"),
        ("status 403", "refused the search (HTTP 403)"),
    ],
)
def test_server_errors_are_one_sentence(server, query, words):
    count = len(server.requests)
    with pytest.raises(online.GeocodingError) as error:
        online.geocode(query, server=server.url, timeout=0.5)
    message = str(error.value)
    assert words in message and server.url in message
    assert "\n" not in message and message.endswith(".")
    assert len(server.requests) == count + 1  # geopy's own retries are off: one request


def test_an_error_is_not_cached_and_nothing_sticks(server):
    with pytest.raises(online.GeocodingError, match=r"failed \(HTTP 502\): search again later\.$"):
        online.geocode("status 502", server=server.url)
    count = len(server.requests)
    with pytest.raises(online.GeocodingError):
        online.geocode("status 502", server=server.url)
    assert len(server.requests) == count + 1
    assert online.geocode(unique(), server=server.url)


def test_no_network_is_one_sentence():
    url = closed_port_url()
    with pytest.raises(online.GeocodingError, match=r"^The geocoding server .* cannot be reached: check the network"):
        online.geocode(unique(), server=url, timeout=2)


def test_a_server_that_is_not_a_url():
    with pytest.raises(online.GeocodingError, match="is not an http"):
        online.geocode("Tokyo", server="ftp://example.org")


def test_server_with_a_path_prefix(server):
    query = unique()
    online.geocode(query, server=server.url + "/nominatim/")
    assert server.requests[-1].path == "/nominatim/search"

"""The app's URL scheme handler: generated documents, reserved ones and their eviction."""

from __future__ import annotations

import pytest

from tourmap._qt.scheme import BASE_URL, AppSchemeHandler

pytestmark = pytest.mark.gui


@pytest.fixture
def handler(qapp):
    return AppSchemeHandler()


def test_published_pages_get_unique_urls(handler):
    first, second = handler.publish("<p>a</p>"), handler.publish("<p>a</p>")
    assert first != second and first.toString().startswith(BASE_URL)
    assert handler._lookup(first.path().lstrip("/")) == (b"text/html; charset=utf-8", b"<p>a</p>")


def test_a_reserved_document_is_not_found_until_fulfilled(handler):
    name = handler.reserve()
    assert name.endswith(".json")
    assert handler._lookup(name) is None  # requests for it wait (see requestStarted)
    handler.fulfil(name, b'{"x": 1}')
    assert handler._lookup(name) == (b"application/json; charset=utf-8", b'{"x": 1}')


def test_a_reserved_document_outlives_the_eviction_of_old_pages(handler):
    name = handler.reserve()
    urls = [handler.publish(f"<p>{n}</p>") for n in range(30)]
    assert handler._lookup(urls[0].path().lstrip("/")) is None  # the oldest pages went
    assert handler._lookup(urls[-1].path().lstrip("/")) is not None
    handler.fulfil(name, b"{}")
    assert handler._lookup(name) == (b"application/json; charset=utf-8", b"{}")


def test_resources_are_served_with_their_types_and_nothing_outside(handler):
    assert handler._lookup("tm/core.js")[0] == b"application/javascript; charset=utf-8"
    assert handler._lookup("tourmap.css")[0] == b"text/css; charset=utf-8"
    assert handler._lookup("basemap/countries-110m.json")[0] == b"application/json; charset=utf-8"
    assert handler._lookup("vendor/leaflet/images/marker-icon.png")[0] == b"image/png"
    assert handler._lookup("../pyproject.toml") is None
    assert handler._lookup("vendor/../../../pyproject.toml") is None

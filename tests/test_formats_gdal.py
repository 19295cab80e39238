"""Readers that are not ours: GDAL (through pyogrio) and gpxpy read what we write, and
what GDAL writes from our files comes back in."""

from __future__ import annotations

import struct

import gpxpy
import pytest
from helpers_tour import BUNDLED_TOUR

from tourmap.formats import geojson, gpx, kml
from tourmap.loader import load_tour

pyogrio = pytest.importorskip("pyogrio")
raw = pytest.importorskip("pyogrio.raw")


@pytest.fixture(scope="module")
def tour():
    return load_tour(BUNDLED_TOUR)


def _xy(wkb: bytes) -> tuple[float, float]:
    """A WKB point's x, y (little or big endian, 2D or with Z)."""
    order = "<" if wkb[0] == 1 else ">"
    return struct.unpack(f"{order}dd", wkb[5:21])


def _layer(path, layer, where=None):
    meta, _fids, geometry, values = raw.read(path, layer=layer, where=where)
    rows = [dict(zip(meta["fields"], row)) for row in zip(*values)]
    return rows, [_xy(bytes(g)) for g in geometry]


def test_gdal_reads_our_geojson(tmp_path, tour):
    path = tmp_path / "tour.geojson"
    geojson.write(tour, path)
    ((layer, _kind),) = pyogrio.list_layers(path)
    assert layer == "tour"
    assert pyogrio.read_info(path)["features"] == len(tour.stops) + 1  # the stops and the route
    rows, points = _layer(path, layer, where="kind = 'stop'")
    assert [r["name"] for r in rows] == [s.name for s in tour.stops]
    assert [r["id"] for r in rows] == [s.id for s in tour.stops]
    assert [r["country"] for r in rows] == [s.place.country for s in tour.stops]
    assert points == [(s.lon, s.lat) for s in tour.stops]
    routes, _points = _layer(path, layer, where="kind = 'route'")
    assert len(routes) == 1


def test_gdal_reads_our_kml(tmp_path, tour):
    path = tmp_path / "tour.kml"
    kml.write(tour, path)
    layers = {name for name, _ in pyogrio.list_layers(path)}
    assert "Stops" in layers
    rows, points = _layer(path, "Stops")
    assert [r["Name"] for r in rows] == [s.name for s in tour.stops]
    assert points == [(s.lon, s.lat) for s in tour.stops]
    assert [r["city"] for r in rows] == [s.place.city for s in tour.stops]
    tokyo = rows[1]
    assert str(tokyo["begin"]).startswith("2025-10-27")
    assert "Trade:" in tokyo["description"] and "&#x27;" not in tokyo["description"]


def test_gdal_and_gpxpy_read_our_gpx(tmp_path, tour):
    path = tmp_path / "tour.gpx"
    gpx.write(tour, path)
    rows, points = _layer(path, "waypoints")
    assert [r["name"] for r in rows] == [s.name for s in tour.stops]
    assert points == [(s.lon, s.lat) for s in tour.stops]
    assert [r["desc"] for r in rows] == [s.summary for s in tour.stops]
    assert pyogrio.read_info(path, layer="routes", force_feature_count=True)["features"] == 1
    assert pyogrio.read_info(path, layer="route_points", force_feature_count=True)["features"] == len(tour.stops)
    parsed = gpxpy.parse(path.read_text(encoding="utf-8"))
    assert parsed.version == "1.1"
    assert [(w.name, w.latitude, w.longitude) for w in parsed.waypoints] == [(s.name, s.lat, s.lon) for s in tour.stops]
    assert str(parsed.waypoints[1].time.date()) == "2025-10-27"
    assert [p.name for p in parsed.routes[0].points] == [s.name for s in tour.stops]


def _gdal_convert(source, target, driver, layer=None, where=None, **options):
    meta, _fids, geometry, values = raw.read(source, where=where)
    raw.write(target, geometry, values, meta["fields"], driver=driver, geometry_type="Point", crs="EPSG:4326", layer=layer, **options)


def test_kml_written_by_gdal_from_our_geojson_imports(tmp_path, tour):
    source = tmp_path / "tour.geojson"
    geojson.write(tour, source)
    target = tmp_path / "gdal.kml"
    _gdal_convert(source, target, "LIBKML", layer="stops", where="kind = 'stop'")
    imported = kml.load(target)
    stops = imported.tour.stops
    assert [(s.id, s.name, s.lat, s.lon, s.place, s.arrive, s.depart, s.summary) for s in stops] == [
        (s.id, s.name, s.lat, s.lon, s.place, s.arrive, s.depart, s.summary) for s in tour.stops
    ]


def test_gpx_written_by_gdal_from_our_geojson_imports(tmp_path, tour):
    source = tmp_path / "tour.geojson"
    geojson.write(tour, source)
    meta, _fids, geometry, values = raw.read(source, where="kind = 'stop'", columns=["name", "summary"])
    target = tmp_path / "gdal.gpx"
    fields = ["name" if f == "name" else "desc" for f in meta["fields"]]
    raw.write(target, geometry, values, fields, driver="GPX", geometry_type="Point", crs="EPSG:4326", layer="waypoints")
    imported = gpx.load(target)
    assert [(s.name, s.lat, s.lon, s.summary) for s in imported.tour.stops] == [(s.name, s.lat, s.lon, s.summary) for s in tour.stops]

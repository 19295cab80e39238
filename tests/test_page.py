"""The map page: built with folium, offline, and tour text only ever as JSON."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import DATA
from hypothesis import given
from hypothesis import strategies as st

from tourmap.loader import load_tour
from tourmap.page import PageOptions, build_page, page_data
from tourmap.page.builder import build_page_with_folium
from tourmap.paths import bundled_tour, web_dir

MAP_ID = re.compile(r"map_[0-9a-f]{32}")


def _same_page(a: str, b: str) -> bool:
    return MAP_ID.sub("map_ID", a) == MAP_ID.sub("map_ID", b)


@pytest.mark.parametrize("tour_file", [bundled_tour(), DATA / "payload-tour.json", DATA / "gui-payload-tour.json"])
@pytest.mark.parametrize("options", [PageOptions(), PageOptions(mode="export", selected=None, title="A <b>title</b> & more", online_layers=())])
def test_cached_skeleton_gives_exactly_the_page_folium_renders(tour_file, options):
    tour = load_tour(tour_file)
    assert _same_page(build_page(tour, options), build_page_with_folium(tour, options))


def test_page_loads_nothing_from_the_network():
    html = build_page(load_tour(bundled_tour()))
    for url in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert not url.startswith(("http:", "https:", "//")), url
        assert (web_dir() / url).is_file() or url == "qwebchannel.js", url


def test_tour_text_reaches_the_page_only_as_escaped_json():
    tour = load_tour(DATA / "gui-payload-tour.json")
    html = build_page(tour)
    body = html.split("<body>", 1)[1]
    # Every "<" of the tour text arrives as \u003c inside a JSON string: no tag can open.
    assert "<script>window" not in body and "</title><script>" not in html
    assert "<img" not in body and "<b>" not in body
    data = json.loads(re.search(r"window\.tourmap\.init\(map_[0-9a-f]+, (.*)\);\s*</script>", html, re.S).group(1))
    assert [s["name"] for s in data["stops"]] == [s.name for s in tour.stops]


def test_page_data_frames_every_stop_and_labels_each_leg():
    data = page_data(load_tour(bundled_tour()))
    (south, west), (north, east) = data["bounds"]
    for stop in data["stops"]:
        assert south <= stop["lat"] <= north and west <= stop["lon"] <= east
    assert [leg["label"] for leg in data["legs"]] == ["5,342 km", "1,152 km"]
    assert data["canvas"] is False


def test_vendored_libraries_come_with_their_licences():
    root = Path(web_dir())
    assert (root / "vendor" / "leaflet" / "LICENSE").is_file()
    assert (root.parent / "basemap" / "LICENSE").is_file()


def test_baked_basemap_matches_its_topojson():
    """resources/basemap/land-*.bin are what `make basemap` bakes from the committed TopoJSON."""
    from tourmap.page.basemap import bake_all

    baked = bake_all(Path(web_dir()).parent / "basemap")
    assert len(baked) == 2
    for path, data in baked.items():
        assert path.read_bytes() == data, f"{path.name} is stale: run make basemap"


def test_baked_basemap_holds_the_land_and_borders():
    import math
    import struct
    from array import array

    data = (Path(web_dir()).parent / "basemap" / "land-110m.bin").read_bytes()
    assert data[:4] == b"TMB1"
    rings, lines, points = struct.unpack("<III", data[4:16])
    starts = array("I", data[16 : 16 + 4 * (rings + lines + 1)])
    xy = array("f", data[16 + 4 * len(starts) :])
    assert len(xy) == 2 * points and starts[0] == 0 and starts[-1] == points and list(starts) == sorted(starts)
    assert rings > 100 and lines > 100  # islands and lakes; borders between countries
    # World units: x past 1 only where a ring goes on across the antimeridian (Chukotka, Fiji).
    assert 0 <= min(xy[1::2]) and max(xy[1::2]) <= 1
    assert -0.01 < min(xy[0::2]) and 1 < max(xy[0::2]) < 1.05
    # Japan's coast passes near Tokyo: a ring point within 100 km at 1:110m (Mercator
    # stretches distances by 1/cos(latitude); a world unit is 40,075 km at the equator).
    tokyo = (139.77 / 360 + 0.5, 0.5 - math.atanh(math.sin(math.radians(35.68))) / (2 * math.pi))
    shore = zip(xy[0 : 2 * starts[rings] : 2], xy[1 : 2 * starts[rings] : 2])
    nearest = min(math.hypot(x - tokyo[0], y - tokyo[1]) for x, y in shore) * 40075 * math.cos(math.radians(35.68))
    assert nearest < 100, nearest


def test_a_route_round_the_world_stays_on_one_world():
    from helpers_tour import minimal_tour

    from tourmap.loader import validate_document

    doc = minimal_tour()
    template = doc["stops"][0]
    lons = [0, 90, 180, -90, 0, 90]  # eastward, one and a quarter turns
    doc["stops"] = [{**template, "id": f"s{i}", "name": f"S{i}", "lat": 10.0, "lon": float(lon), "agenda": []} for i, lon in enumerate(lons)]
    data = page_data(validate_document(doc))
    assert [s["lon"] for s in data["stops"]] == [float(lon) for lon in lons]
    (_, west), (_, east) = data["bounds"]
    assert (west, east) == (-180.0, 180.0)
    for leg, stop in zip(data["legs"], data["stops"]):
        assert leg["points"][0][1] == pytest.approx(stop["lon"])
        steps = [abs(b[1] - a[1]) for a, b in zip(leg["points"], leg["points"][1:])]
        assert max(steps) < 20  # continuous, never a jump round the world


@given(st.text())
def test_title_escaping_is_jinjas(text):
    # The skeleton is filled without Jinja; its escaping must be Jinja's |e to the letter.
    from markupsafe import escape

    from tourmap.page.builder import _escape

    assert _escape(text) == str(escape(text))

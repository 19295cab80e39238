"""GeoJSON, KML, GPX and CSV: round trips, files from elsewhere, bad and hostile input,
and ``tourmap convert``. (Readers that are not ours check our files in test_formats_gdal.)"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from helpers_tour import BUNDLED_TOUR, full_tour, minimal_tour, payload_tour

import tourmap.loader
from tourmap.cli import main
from tourmap.errors import TourError
from tourmap.formats import FORMATS, format_of, geojson, gpx, kml
from tourmap.formats import csv as csv_format
from tourmap.formats._common import route_lines
from tourmap.loader import load_tour, validate_document
from tourmap.model import Tour

TOURS = {"bundled": lambda: load_tour(BUNDLED_TOUR), "full": lambda: validate_document(full_tour()), "payload": lambda: validate_document(payload_tour())}


def _pacific() -> Tour:
    """Fiji -> Samoa -> Tonga: the route crosses the antimeridian twice."""
    data = minimal_tour()
    data["stops"] = [
        {"id": "suva", "name": "Suva", "place": {"city": "Suva", "country": "Fiji"}, "lat": -18.1416, "lon": 178.4419},
        {"id": "apia", "name": "Apia", "place": {"city": "Apia", "country": "Samoa"}, "lat": -13.8507, "lon": -171.7514},
        {"id": "nuku", "name": "Nuku'alofa", "place": {"city": "Nuku'alofa", "country": "Tonga"}, "lat": -21.1394, "lon": -175.2049, "arrive": "2025-11-02"},
        {"id": "suva-2", "name": "Suva again", "place": {"city": "Suva", "country": "Fiji"}, "lat": -18.1416, "lon": 178.4419},
    ]
    return validate_document(data)


def _without_agenda(tour: Tour) -> tuple:
    return tuple(replace(s, agenda=()) for s in tour.stops)


# -- round trips -------------------------------------------------------------------------


@pytest.mark.parametrize("which", sorted(TOURS))
def test_geojson_round_trip_is_the_same_tour(tmp_path, which):
    tour = TOURS[which]()
    path = tmp_path / "tour.geojson"
    assert geojson.write(tour, path) == []
    imported = geojson.load(path)
    assert imported.tour == tour
    assert imported.warnings == ()


def test_geojson_is_rfc7946(tmp_path):
    tour = load_tour(BUNDLED_TOUR)
    path = tmp_path / "tour.geojson"
    geojson.write(tour, path)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["type"] == "FeatureCollection"
    assert document["title"] == tour.title and document["summary"] == tour.summary
    assert [s["id"] for s in document["sources"]] == [s.id for s in tour.sources]
    points = [f for f in document["features"] if f["geometry"]["type"] == "Point"]
    assert [f["geometry"]["coordinates"] for f in points] == [[s.lon, s.lat] for s in tour.stops]
    tokyo = points[1]["properties"]
    assert tokyo["id"] == "tokyo" and tokyo["number"] == 2 and tokyo["country"] == "Japan"
    assert len(tokyo["agenda"]) == len(tour.stops[1].agenda)
    assert tokyo["agenda"][0]["source"] == tour.stops[1].agenda[0].source
    (route,) = [f for f in document["features"] if f["properties"]["kind"] == "route"]
    assert route["geometry"]["type"] == "LineString"
    line = route["geometry"]["coordinates"]
    assert line[0] == [tour.stops[0].lon, tour.stops[0].lat] and line[-1] == [tour.stops[-1].lon, tour.stops[-1].lat]
    assert len(line) > 20  # geodesic arcs, not three straight segments


def test_route_is_cut_at_the_antimeridian(tmp_path):
    tour = _pacific()
    lines = route_lines(tour.stops)
    assert len(lines) == 3  # east over 180, back west over it, and the part between
    for line in lines:
        assert all(-180.0 <= lon <= 180.0 for lon, _ in line)
        assert all(abs(b[0] - a[0]) < 10 for a, b in itertools.pairwise(line)), "no segment runs round the world"
    assert lines[0][-1][0] == 180.0 and lines[1][0][0] == -180.0
    assert lines[0][-1][1] == lines[1][0][1]  # the two ends meet
    assert lines[1][-1][0] == -180.0 and lines[2][0][0] == 180.0
    path = tmp_path / "pacific.geojson"
    geojson.write(tour, path)
    route = json.loads(path.read_text(encoding="utf-8"))["features"][-1]["geometry"]
    assert route["type"] == "MultiLineString" and len(route["coordinates"]) == 3
    assert geojson.read(path) == tour


@pytest.mark.parametrize("which", sorted(TOURS))
def test_kml_round_trip_keeps_all_but_agenda_and_sources(tmp_path, which):
    tour = TOURS[which]()
    path = tmp_path / "tour.kml"
    warnings = kml.write(tour, path)
    assert any("agenda items" in w for w in warnings) == bool(tour.agenda_count())
    assert any("sources" in w for w in warnings)
    imported = kml.load(path)
    assert _without_agenda(imported.tour) == _without_agenda(tour)
    assert (imported.tour.title, imported.tour.summary) == (tour.title, tour.summary)
    assert [s.id for s in imported.tour.sources] == ["imported"]
    assert any("names no sources" in w for w in imported.warnings)


def test_kml_description_is_plain_escaped_text_by_topic(tmp_path):
    tour = validate_document(payload_tour())
    path = tmp_path / "tour.kml"
    kml.write(tour, path)
    text = path.read_text(encoding="utf-8")
    assert "<script>" not in text
    root = kml.parse_xml(path.read_bytes(), path)
    ns = "{http://www.opengis.net/kml/2.2}"
    description = root.find(f"{ns}Document/{ns}Folder/{ns}Placemark/{ns}description").text
    # Google Earth reads a description as HTML: markup in the data must arrive escaped.
    assert "<" not in description and "&lt;script&gt;alert(1)&lt;/script&gt;" in description
    full = validate_document(full_tour())
    kml.write(full, path)
    root = kml.parse_xml(path.read_bytes(), path)
    description = root.find(f"{ns}Document/{ns}Folder/{ns}Placemark/{ns}description").text
    assert description.index("Trade:") < description.index("Security:") < description.index("Critical minerals:")
    assert "- Trade framework (signed)" in description
    span = root.find(f"{ns}Document/{ns}Folder/{ns}Placemark/{ns}TimeSpan")
    assert [e.text for e in span] == ["2025-10-26", "2025-10-27"]


@pytest.mark.parametrize("which", sorted(TOURS))
def test_gpx_round_trip_keeps_names_positions_arrivals_and_summaries(tmp_path, which):
    tour = TOURS[which]()
    path = tmp_path / "tour.gpx"
    (warning,) = gpx.write(tour, path)
    assert "stop ids" in warning and "departure dates" in warning
    assert ("agenda items" in warning) == bool(tour.agenda_count())
    imported = gpx.load(path)
    got = [(s.name, s.lat, s.lon, s.arrive, s.summary, s.place.country) for s in imported.tour.stops]
    assert got == [(s.name, s.lat, s.lon, s.arrive, s.summary, "unknown") for s in tour.stops]
    assert imported.tour.title == tour.title
    assert any("no country given" in w for w in imported.warnings)


def test_csv_round_trip_of_the_stop_columns(tmp_path):
    tour = validate_document(full_tour())
    path = tmp_path / "tour.csv"
    (warning,) = csv_format.write(tour, path)
    assert "4 agenda items" in warning and "summaries" in warning
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    assert data.splitlines()[0] == b"\xef\xbb\xbfnumber,id,name,city,country,lat,lon,arrive,depart,items"
    imported = csv_format.load(path)
    strip = [replace(s, agenda=(), summary=None, place=replace(s.place, venue=None)) for s in tour.stops]
    assert list(imported.tour.stops) == strip
    assert imported.tour.title == "tour"
    assert imported.warnings and all("columns not read" not in w for w in imported.warnings)


def test_tsv_is_written_with_tabs_and_reads_back(tmp_path):
    tour = load_tour(BUNDLED_TOUR)
    path = tmp_path / "tour.tsv"
    csv_format.write(tour, path)
    assert path.read_text(encoding="utf-8-sig").splitlines()[0].split("\t")[:3] == ["number", "id", "name"]
    assert [s.id for s in csv_format.read(path).stops] == [s.id for s in tour.stops]


def test_csv_agenda_rows(tmp_path):
    tour = validate_document(full_tour())
    path = tmp_path / "items.csv"
    csv_format.write(tour, path, agenda_rows=True)
    import csv

    rows = list(csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines()))
    assert len(rows) == tour.agenda_count()
    assert rows[0]["id"] == "kul" and rows[0]["topic"] == "trade" and rows[0]["status"] == "signed"
    assert rows[0]["parties"] == "United States; Malaysia"
    assert rows[0]["figures"].startswith("Investment: up to USD 70 billion")
    assert rows[-1]["id"] == "tokyo" and rows[-1]["quote"] == "“Golden age” (Prime Minister)"


# -- files from elsewhere ------------------------------------------------------------------


def test_spreadsheet_csv_imports(tmp_path):
    """Saved as a spreadsheet saves it: BOM, CRLF, semicolons, decimal commas, quoted
    cells holding the delimiter, a quote and a line break; loose column names."""
    text = (
        "Stop Name;Country;Latitude;Longitude;Date;Notes;Colour\r\n"
        '"Tokyo, Akasaka";Japan;35,6762;139,6503;2025-10-27;"Talks; with ""PM""\r\nand lunch";red\r\n'
        "\r\n"
        "Busan;South Korea;35.1796;129.0756;2025-10-29;;\r\n"
    )
    path = tmp_path / "Asia trip.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    sheet = csv_format.open_sheet(path)
    assert sheet.delimiter == ";"
    assert {f: sheet.headers[i] for f, i in sheet.mapping.items()} == {
        "lat": "Latitude",
        "lon": "Longitude",
        "name": "Stop Name",
        "country": "Country",
        "arrive": "Date",
        "summary": "Notes",
    }
    imported = csv_format.load(path, lookup=lambda q: [])
    tokyo, busan = imported.tour.stops
    assert (tokyo.id, tokyo.name, tokyo.lat, tokyo.lon, str(tokyo.arrive)) == ("tokyo-akasaka", "Tokyo, Akasaka", 35.6762, 139.6503, "2025-10-27")
    assert tokyo.summary == 'Talks; with "PM"\nand lunch'
    assert (busan.place.country, busan.lat) == ("South Korea", 35.1796)
    assert imported.tour.title == "Asia trip"
    assert any("Colour" in w for w in imported.warnings)


@pytest.mark.parametrize(
    ("header", "delimiter"),
    [("lat,lng,city", ","), ("y\tx\tplace", "\t"), ("LATITUDE;LONG;NAME", ";"), ("Latitude,Longitude,Name", ",")],
)
def test_csv_column_names_and_delimiters(tmp_path, header, delimiter):
    path = tmp_path / "s.csv"
    path.write_text(header + "\n" + delimiter.join(["48.8566", "2.3522", "Paris"]) + "\n", encoding="utf-8")
    (stop,) = csv_format.read(path).stops
    assert (stop.name, stop.place.city, stop.lat, stop.lon) == ("Paris", "Paris", 48.8566, 2.3522)


def test_csv_utf16_from_a_spreadsheet(tmp_path):
    path = tmp_path / "s.csv"
    path.write_bytes("name\tlat\tlon\tcountry\nSão Paulo\t-23.55\t-46.63\tBrazil\n".encode("utf-16"))
    (stop,) = csv_format.read(path).stops
    assert (stop.id, stop.name) == ("sao-paulo", "São Paulo")


@dataclass
class _Place:
    name: str
    country_code: str
    lat: float
    lon: float
    population: int = 0


GAZETTEER = {
    "Tokyo": [_Place("Tokyo", "JP", 35.6895, 139.6917, 8_000_000)],
    "Paris": [_Place("Paris", "FR", 48.8534, 2.3488, 2_000_000), _Place("Paris", "US", 33.6609, -95.5555, 25_000)],
    "Paris, FR": [_Place("Paris", "FR", 48.8534, 2.3488, 2_000_000)],
    "Sao Paulo": [_Place("São Paulo", "BR", -23.5475, -46.6361, 10_000_000)],
}


def _lookup(query: str) -> list[_Place]:
    return GAZETTEER.get(query, [])


def test_csv_rows_without_coordinates_are_looked_up_never_guessed(tmp_path):
    path = tmp_path / "names.csv"
    path.write_text("name,country,lat,lon\nTokyo,,,\nParis,,,\nParis,FR,,\nSao Paulo,,,\nAtlantis,,,\nBusan,,35.18,129.08\n", encoding="utf-8")
    sheet = csv_format.open_sheet(path)
    resolution = csv_format.resolve(sheet, _lookup)
    assert {line: p.name for line, p in resolution.found.items()} == {2: "Tokyo", 4: "Paris", 5: "São Paulo"}
    assert [(u.line, u.query, len(u.candidates)) for u in resolution.unsettled] == [(3, "Paris", 2), (6, "Atlantis", 0)]
    with pytest.raises(csv_format.UnsettledRows) as caught:
        csv_format.load(path, lookup=_lookup)
    assert len(caught.value.lines()) == 2
    assert caught.value.lines()[0].startswith(f"{path}: line 3: ") and "could be 2 places" in caught.value.lines()[0]
    assert "Atlantis" in caught.value.lines()[1]
    # The person settles: line 3 is the Paris in Texas, line 6 is left out.
    imported = csv_format.build(sheet, places={**resolution.found, 3: resolution.unsettled[0].candidates[1]}, skip={6})
    assert [(s.name, s.place.country, s.lat) for s in imported.tour.stops] == [
        ("Tokyo", "JP", 35.6895),
        ("Paris", "US", 33.6609),
        ("Paris", "FR", 48.8534),
        ("Sao Paulo", "BR", -23.5475),
        ("Busan", "unknown", 35.18),
    ]
    assert [s.id for s in imported.tour.stops] == ["tokyo", "paris", "paris-2", "sao-paulo", "busan"]
    assert any("line 6" in w for w in imported.warnings) and any("gazetteer" in w for w in imported.warnings)


def test_csv_names_found_in_the_offline_gazetteer(tmp_path, capsys):
    path = tmp_path / "names.csv"
    path.write_text("city,date\nTokyo,2025-10-27\nSao Paulo,\nreykjavik,\n", encoding="utf-8")
    out = tmp_path / "out.json"
    assert main(["convert", str(path), str(out)]) == 0
    tokyo, sao_paulo, reykjavik = load_tour(out).stops
    assert (tokyo.name, tokyo.place.country, round(tokyo.lat), round(tokyo.lon)) == ("Tokyo", "Japan", 36, 140)
    assert (sao_paulo.id, round(sao_paulo.lat)) == ("sao-paulo", -24)
    assert (reykjavik.name, round(reykjavik.lat)) == ("reykjavik", 64)
    assert "coordinates from the gazetteer: line 2 (Tokyo, JP)" in capsys.readouterr().err
    # Two Parises, and a place that is nowhere: listed, one line each, nothing written.
    path.write_text("city\nParis\nAtlantis-under-the-sea\nTokyo\n", encoding="utf-8")
    out.unlink()
    assert main(["convert", str(path), str(out)]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 2 and not out.exists()
    assert lines[0].startswith(f"{path}: line 2: no coordinates, and 'Paris' could be") and "France" in lines[0] and "United States" in lines[0]
    assert lines[1].startswith(f"{path}: line 3: no coordinates, and 'Atlantis-under-the-sea' is not in the gazetteer")


def test_foreign_geojson_imports_and_reports_what_it_leaves_out(tmp_path):
    document = {
        "type": "FeatureCollection",
        "name": "My map",
        "features": [
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [139.65, 35.67, 40]}, "properties": {"name": "東京", "marker-color": "#f00"}},
            {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}, "properties": {}},
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [129.07, 35.17]},
                "properties": {"name": "Busan", "date": "2025-10-29T10:00:00+09:00"},
            },
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [129.2, 35.8]}, "properties": None},
        ],
    }
    path = tmp_path / "map.geojson"
    path.write_text(json.dumps(document), encoding="utf-8")
    imported = geojson.load(path)
    tokyo, busan, third = imported.tour.stops
    assert (tokyo.id, tokyo.name, tokyo.lat) == ("stop", "東京", 35.67)
    assert str(busan.arrive) == "2025-10-29"
    assert third.name == "Stop 3"
    assert imported.tour.title == "My map"
    text = " | ".join(imported.warnings)
    assert "feature 2 (Polygon)" in text and "marker-color" in text and "feature 4" in text and "feature 1" in text


def test_foreign_kml_imports(tmp_path):
    text = """<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>Layer</name>
<Folder><name>A</name><Folder><name>B</name>
<Placemark><name>Tokyo</name><description><![CDATA[<b>bold</b> note]]></description>
<TimeStamp><when>2025-10-27T09:00:00Z</when></TimeStamp><Point><coordinates> 139.65,35.67,0 </coordinates></Point></Placemark>
</Folder></Folder>
<Placemark><name>Line</name><LineString><coordinates>0,0 1,1</coordinates></LineString></Placemark>
</Document></kml>"""
    path = tmp_path / "layer.kml"
    path.write_text(text, encoding="utf-8")
    imported = kml.load(path)
    (stop,) = imported.tour.stops
    assert (stop.name, stop.lat, stop.lon, str(stop.arrive)) == ("Tokyo", 35.67, 139.65, "2025-10-27")
    assert stop.summary == "<b>bold</b> note"  # kept as the literal text it is
    assert imported.tour.title == "Layer"
    assert any("Placemark 2" in w for w in imported.warnings)


def test_gpx_route_without_waypoints_and_track_only(tmp_path):
    route = """<gpx version="1.1" creator="x" xmlns="http://www.topografix.com/GPX/1/1"><rte><name>Trip</name>
<rtept lat="35.67" lon="139.65"><name>Tokyo</name></rtept><rtept lat="35.17" lon="129.07"><name>Busan</name></rtept></rte></gpx>"""
    path = tmp_path / "r.gpx"
    path.write_text(route, encoding="utf-8")
    tour = gpx.read(path)
    assert [s.name for s in tour.stops] == ["Tokyo", "Busan"] and tour.title == "Trip"
    path.write_text(
        '<gpx version="1.1" creator="x" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg><trkpt lat="1" lon="2"/></trkseg></trk></gpx>',
        encoding="utf-8",
    )
    with pytest.raises(TourError, match="only tracks"):
        gpx.read(path)


# -- bad and hostile input -----------------------------------------------------------------------

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<{root}><name>&lol3;</name></{root}>"""


def _external(secret: Path, root: str) -> str:
    return f"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY secret SYSTEM "file://{secret}">]>
<{root}><name>&secret;</name></{root}>"""


@pytest.mark.parametrize(("suffix", "root"), [(".kml", "kml"), (".gpx", "gpx")])
def test_hostile_xml_is_refused_without_reading_what_it_names(tmp_path, capsys, suffix, root):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    for text in (BILLION_LAUGHS.format(root=root), _external(secret, root)):
        source = tmp_path / f"hostile{suffix}"
        source.write_text(text, encoding="utf-8")
        out = tmp_path / "out.geojson"
        assert main(["convert", str(source), str(out)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith(f"{source}: ") and "entities" in err
        assert "TOP-SECRET" not in err and "Traceback" not in err
        assert not out.exists()


def _one_point(coordinates: list[float], properties: dict) -> str:
    feature = {"type": "Feature", "geometry": {"type": "Point", "coordinates": coordinates}, "properties": properties}
    return json.dumps({"type": "FeatureCollection", "features": [feature]})


BAD = [
    ("geojson", "bad.geojson", '{"type": "FeatureCollection", "features": [', ": 1:44: invalid JSON"),
    ("geojson", "bad.geojson", '{"type": "Topology"}', "type: a GeoJSON FeatureCollection"),
    ("geojson", "bad.geojson", _one_point([200, 10], {"name": "X"}), "feature 1, lon: longitude must be between -180 and 180"),
    ("geojson", "bad.geojson", _one_point([1, 10], {"name": "X", "arrive": "27/10/2025"}), "feature 1, arrive: must be a date written as YYYY-MM-DD"),
    (
        "geojson",
        "bad.geojson",
        _one_point([1, 10], {"name": "X", "agenda": [{"topic": "trade", "title": "T", "status": "done", "source": "imported"}]}),
        "feature 1, agenda[0].status",
    ),
    ("geojson", "bad.geojson", '{"type": "FeatureCollection", "features": []}', "holds no stops"),
    ("kml", "bad.kml", "<kml><Document><Placemark>", ": 1:27: invalid XML"),
    ("kml", "bad.kml", "<kml><Placemark><name>A</name><Point><coordinates>east,north</coordinates></Point></Placemark></kml>", "Placemark 1, coordinates"),
    ("kml", "bad.kml", "<gpx/>", "not KML"),
    ("gpx", "bad.gpx", '<gpx version="1.1"><wpt lat="95" lon="1"><name>A</name></wpt></gpx>', "waypoint 1, lat: latitude must be between -90 and 90"),
    ("gpx", "bad.gpx", "<gpx><wpt></gpx>", ": 1:13: invalid XML"),
    ("gpx", "bad.gpx", '<gpx version="1.1"><wpt lat="x" lon="1"><name>A</name></wpt></gpx>', "not GPX"),
    ("csv", "bad.csv", "", "line 1: the file is empty"),
    ("csv", "bad.csv", "colour,size\nred,1\n", "line 1: no column of names or coordinates"),
    ("csv", "bad.csv", "name,lat,lon\nA,1,2\nB,north,3\n", "line 3, lat: not a number: 'north'"),
    ("csv", "bad.csv", "name,lat,lon\nA,1,\n", "line 2: a latitude needs a longitude"),
    ("csv", "bad.csv", "name,lat,lon,date\nA,1,2,2025-13-01\n", "line 2, arrive"),
    ("csv", "bad.csv", "name,lat,lon\nA,1,2,3,4\n", "line 2: 5 cells"),
    ("csv", "bad.csv", b"name,lat,lon\nS\xe3o,1,2\n", "line 2: not valid UTF-8"),
]


@pytest.mark.parametrize(("fmt", "name", "content", "expected"), BAD, ids=[f"{b[0]}-{i}" for i, b in enumerate(BAD)])
def test_bad_input_one_line_exit_2_nothing_written(tmp_path, capsys, fmt, name, content, expected):
    source = tmp_path / name
    source.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    out = tmp_path / "out.json"
    assert main(["convert", str(source), str(out)]) == 2
    out_text, err = capsys.readouterr()
    assert out_text == "" and err.count("\n") == 1, err
    assert err.startswith(f"{source}: ") and expected in err, err
    assert not out.exists() and list(tmp_path.iterdir()) == [source]


@pytest.mark.parametrize("suffix", [".geojson", ".kml", ".gpx", ".csv"])
def test_any_bytes_give_a_tour_or_one_tour_error(tmp_path, suffix):
    """Whatever a file holds, a reader answers with a tour or a TourError, nothing else."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    seeds = {
        ".geojson": b'{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{}}]}',
        ".kml": b"<kml><Placemark><name>A</name><Point><coordinates>1,2</coordinates></Point></Placemark></kml>",
        ".gpx": b'<gpx version="1.1"><wpt lat="1" lon="2"><name>A</name></wpt></gpx>',
        ".csv": b"name,lat,lon\nA,1,2\n",
    }
    path = tmp_path / f"f{suffix}"
    seed = seeds[suffix]

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.binary(max_size=200), st.integers(0, len(seed)), st.integers(0, len(seed)))
    def check(noise: bytes, start: int, end: int) -> None:
        path.write_bytes(seed[:start] + noise + seed[end:])
        try:
            format_of(path).load(path)
        except TourError as error:
            assert "\n" not in str(error)

    check()


def test_size_limit_is_the_tour_files(tmp_path, monkeypatch, capsys):
    source = tmp_path / "big.csv"
    source.write_text("name,lat,lon\n" + "A,1,2\n" * 100, encoding="utf-8")
    monkeypatch.setattr(tourmap.loader, "MAX_BYTES", 100)
    assert main(["convert", str(source), str(tmp_path / "out.geojson")]) == 2
    assert "tour files are limited to 100 bytes" in capsys.readouterr().err


# -- the command ---------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".geojson", ".kml", ".gpx", ".csv"])
def test_convert_each_way(tmp_path, capsys, suffix):
    out = tmp_path / f"tour{suffix}"
    assert main(["convert", str(BUNDLED_TOUR), str(out)]) == 0
    stdout, err = capsys.readouterr()
    assert stdout == f"ok: {out}: 3 stops, 15 agenda items\n"
    assert (suffix == ".geojson") == (err == "")
    back = tmp_path / "back.json"
    assert main(["convert", str(out), str(back)]) == 0
    assert [s.name for s in load_tour(back).stops] == ["Sepang", "Tokyo", "Seoul"]


def test_convert_format_flags(tmp_path, capsys):
    out = tmp_path / "tour.txt"
    assert main(["convert", str(BUNDLED_TOUR), str(out), "--to", "geojson"]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["type"] == "FeatureCollection"
    back = tmp_path / "back.data"
    assert main(["convert", str(out), str(back), "--from", "geojson", "--to", "tour"]) == 0
    assert load_tour(back) == load_tour(BUNDLED_TOUR)
    capsys.readouterr()
    assert main(["convert", str(out), str(tmp_path / "x.geojson")]) == 2
    assert "cannot tell the format" in capsys.readouterr().err
    assert main(["convert", str(BUNDLED_TOUR), str(tmp_path / "x.kml"), "--to", "shapefile"]) == 2
    assert "unknown format" in capsys.readouterr().err
    assert main(["convert", str(BUNDLED_TOUR), str(tmp_path / "x.csv"), "--agenda-rows"]) == 0
    assert (tmp_path / "x.csv").read_text(encoding="utf-8-sig").count("\n") == 1 + 1 + 15  # header, Sepang (no items), the items


def test_convert_in_a_real_process_never_imports_qt(tmp_path):
    out = tmp_path / "tour.kml"
    code = (
        "import sys; from tourmap.cli import main; rc = main(sys.argv[1:]); "
        "assert not any(m.startswith(('PySide6', 'shiboken6')) for m in sys.modules), 'Qt imported'; sys.exit(rc)"
    )
    result = subprocess.run([sys.executable, "-c", code, "convert", str(BUNDLED_TOUR), str(out)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert out.exists()
    bad = tmp_path / "bad.gpx"
    bad.write_text("<gpx", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "tourmap", "convert", str(bad), str(tmp_path / "o.json")], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_registry():
    assert set(FORMATS) == {"tour", "geojson", "kml", "gpx", "csv"}
    assert format_of("a.GeoJSON").name == "geojson" and format_of("a.tsv").name == "csv" and format_of("a.json").name == "tour"
    assert FORMATS["kml"].file_filter() == "KML (*.kml)"

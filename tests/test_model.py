"""The model's rules, round trips through dump/save, topic order and date labels."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import subprocess
import sys
from collections import Counter

import pytest
from helpers_tour import BUNDLED_TOUR, PAYLOAD_TOUR, PAYLOADS, all_strings, full_tour, minimal_tour, payload_tour, write_json
from pydantic import TypeAdapter, ValidationError

from tourmap.errors import TourError
from tourmap.loader import dump_tour, load_tour, save_tour, validate_document
from tourmap.model import PRIMARY_TOPICS, Figure, Status, Stop, Tour, topic_sort_key


def _stop(**fields) -> Stop:
    base = {"id": "s", "name": "S", "place": {"city": "C", "country": "K"}, "lat": 0, "lon": 0}
    return TypeAdapter(Stop).validate_python({**base, **fields})


# -- basic validity -------------------------------------------------------------------


def test_minimal_tour_is_valid():
    tour = validate_document(minimal_tour())
    assert [s.id for s in tour.stops] == ["first", "second"]
    assert tour.agenda_count() == 1
    assert tour.source_by_id["src"].publisher == "Publisher"
    assert tour.stop_index == {"first": 0, "second": 1}


def test_full_tour_is_valid_and_fills_every_optional_field():
    tour = validate_document(full_tour())

    def unset(model, where):
        names = [f.name for f in dataclasses.fields(model)]
        missing = [f"{where}.{name}" for name in names if getattr(model, name) in (None, ())]
        for name in names:
            value = getattr(model, name)
            children = value if isinstance(value, tuple) else (value,)
            for i, child in enumerate(children):
                if dataclasses.is_dataclass(child):
                    missing += unset(child, f"{where}.{name}[{i}]")
        return missing

    # The round-trip test below is only as good as this: nothing optional left out.
    assert unset(tour, "tour") == []


def test_frozen():
    tour = validate_document(minimal_tour())
    with pytest.raises(dataclasses.FrozenInstanceError):
        tour.title = "changed"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        tour.stops[0].name = "changed"  # type: ignore[misc]


def test_whitespace_is_stripped_and_topics_lower_cased():
    doc = minimal_tour()
    doc["title"] = "  Padded title \n"
    doc["stops"][1]["agenda"][0]["topic"] = "  Trade "
    tour = validate_document(doc)
    assert tour.title == "Padded title"
    assert tour.stops[1].agenda[0].topic == "trade"


@pytest.mark.parametrize("text", ["a\tb", "line one\nline two", "crlf\r\nline"])
def test_tabs_and_newlines_are_allowed_in_prose(text):
    doc = minimal_tour()
    doc["summary"] = text
    assert validate_document(doc).summary == text


@pytest.mark.parametrize("ch", ["\x00", "\x07", "\x1b", "\x1f"])
def test_control_characters_are_rejected(ch):
    doc = minimal_tour()
    doc["stops"][0]["name"] = f"bad{ch}name"
    with pytest.raises(TourError) as info:
        validate_document(doc, "t.json")
    assert info.value.place == "stops[0].name"
    assert f"U+{ord(ch):04X}" in info.value.reason


@pytest.mark.parametrize("slug", ["a", "tokyo", "kuala-lumpur", "stop_2", "x1-y2_z3"])
def test_good_slugs(slug):
    doc = minimal_tour()
    doc["stops"][0]["id"] = slug
    assert validate_document(doc).stops[0].id == slug


@pytest.mark.parametrize("slug", ["Tokyo", "-a", "a-", "a--b", "a b", "", "é", "<b>", "a/b"])
def test_bad_slugs(slug):
    doc = minimal_tour()
    doc["stops"][0]["id"] = slug
    with pytest.raises(TourError) as info:
        validate_document(doc)
    assert info.value.place == "stops[0].id"


@pytest.mark.parametrize(("lat", "lon"), [(90, 180), (-90, -180), (0, 0), (0.5, -0.5), (-0.0, 179.999999)])
def test_coordinate_limits_are_inclusive(lat, lon):
    stop = _stop(lat=lat, lon=lon)
    assert (stop.lat, stop.lon) == (lat, lon)
    assert isinstance(stop.lat, float)


@pytest.mark.parametrize("value", [True, False, "1", None, [1], {"v": 1}, float("nan"), float("inf")])
def test_coordinates_must_be_finite_numbers(value):
    with pytest.raises(ValidationError):
        _stop(lat=value)


def test_figure_amount_must_be_a_number():
    assert Figure(label="x", amount=3).amount == 3.0
    for bad in ("3", True, float("nan"), float("inf")):
        with pytest.raises(ValidationError):
            TypeAdapter(Figure).validate_python({"label": "x", "amount": bad})


@pytest.mark.parametrize("value", ["2025-10-26", dt.date(2025, 10, 26)])
def test_dates_accepted(value):
    assert _stop(arrive=value).arrive == dt.date(2025, 10, 26)


@pytest.mark.parametrize(
    "value",
    ["26/10/2025", "2025-10-26T00:00:00", "2025-10-26 ", "20251026", "1761523200", 1761523200, 1761523200.0, True, "2025-02-29", "", "2025-1-5"],
)
def test_dates_must_be_written_out(value):
    with pytest.raises(ValidationError):
        _stop(arrive=value)


def test_depart_not_before_arrive():
    assert _stop(arrive="2025-10-27", depart="2025-10-27").depart == dt.date(2025, 10, 27)
    doc = minimal_tour()
    doc["stops"][1].update(arrive="2025-10-28", depart="2025-10-27")
    with pytest.raises(TourError) as info:
        validate_document(doc, "t.json")
    assert info.value.place == "stops[1].depart"
    assert "before arrive 2025-10-28" in info.value.reason


def test_every_status_is_accepted():
    doc = minimal_tour()
    for status in Status:
        doc["stops"][1]["agenda"][0]["status"] = status.value
        assert validate_document(doc).stops[1].agenda[0].status is status


def test_unique_ids_and_known_sources():
    doc = minimal_tour()
    doc["stops"][1]["id"] = "first"
    with pytest.raises(TourError, match=r"stop 2 \(Second\): id: duplicate stop id 'first' \(also stop 1\)"):
        validate_document(doc, "t.json")
    doc = minimal_tour()
    doc["stops"][1]["agenda"][0]["source"] = "other"
    with pytest.raises(TourError, match=r"stop 2 \(Second\), item 1 \(A deal\): source: names no source: 'other' \(known: src\)"):
        validate_document(doc, "t.json")


def test_unknown_keys_are_errors_everywhere():
    for where in ([], ["stops", 0], ["stops", 0, "place"], ["sources", 0], ["stops", 1, "agenda", 0]):
        doc = minimal_tour()
        node = doc
        for part in where:
            node = node[part]
        node["extra"] = 1
        with pytest.raises(TourError, match="unknown field"):
            validate_document(doc)


def test_text_length_limits():
    doc = minimal_tour()
    doc["title"] = "t" * 300
    doc["summary"] = "s" * 20_000
    validate_document(doc)
    doc["title"] = "t" * 301
    with pytest.raises(TourError, match="at most 300"):
        validate_document(doc)


# -- round trips ----------------------------------------------------------------------


def test_full_tour_dump_is_identical_to_the_input():
    assert dump_tour(validate_document(full_tour())) == full_tour()


@pytest.mark.parametrize("make", [minimal_tour, full_tour, payload_tour], ids=["minimal", "full", "payload"])
def test_round_trip_through_save_and_load(tmp_path, make):
    original = validate_document(make())
    path = tmp_path / "tour.json"
    save_tour(original, path)
    again = load_tour(path)
    assert again == original
    assert dump_tour(again) == dump_tour(original)
    # save_tour writes UTF-8 JSON with a trailing newline and leaves no temporary files.
    assert path.read_bytes().endswith(b"}\n")
    assert [p.name for p in tmp_path.iterdir()] == ["tour.json"]


def test_save_replaces_an_existing_file(tmp_path):
    path = write_json(tmp_path / "tour.json", {"old": True})
    save_tour(validate_document(full_tour()), path)
    assert load_tour(path) == validate_document(full_tour())


def test_bundled_tour_round_trips(tmp_path):
    bundled = load_tour(BUNDLED_TOUR)
    path = tmp_path / "again.json"
    save_tour(bundled, path)
    assert load_tour(path) == bundled
    assert dump_tour(load_tour(path)) == dump_tour(bundled)
    # Nothing in the file is dropped by loading: the dump holds every key the file has.
    original = json.loads(BUNDLED_TOUR.read_text(encoding="utf-8"))

    def keys(node, where=""):
        if isinstance(node, dict):
            return {f"{where}.{k}" for k in node} | {x for k, v in node.items() for x in keys(v, f"{where}.{k}")}
        if isinstance(node, list):
            return {x for i, v in enumerate(node) for x in keys(v, f"{where}[{i}]")}
        return set()

    nulls = {k for k in keys(original) if _get(original, k) is None}
    assert keys(original) - nulls <= keys(dump_tour(bundled))


def _get(node, dotted):
    import re

    for name, index in re.findall(r"\.([^.\[]+)|\[(\d+)\]", dotted):
        node = node[name] if name else node[int(index)]
    return node


def test_bundled_tour_shape():
    tour = load_tour(BUNDLED_TOUR)
    assert [s.id for s in tour.stops] == ["sepang", "tokyo", "seoul"]
    assert tour.stops[0].agenda == ()
    assert tour.agenda_count() == sum(len(s.agenda) for s in tour.stops) > 0


def test_payload_tour_loads_and_keeps_text_literally():
    tour = load_tour(PAYLOAD_TOUR)
    stored = json.loads(PAYLOAD_TOUR.read_text(encoding="utf-8"))
    assert stored == payload_tour(), "tests/data/payload-tour.json is out of date with helpers_tour.payload_tour()"
    dumped = dump_tour(tour)
    # Every string comes back exactly as written (the dump only adds empty defaults).
    assert Counter(all_strings(dumped)) == Counter(all_strings(stored))
    texts = all_strings(dumped)
    for payload in PAYLOADS:
        assert payload in texts
    assert not any("&lt;" in t or "&amp;" in t or "&quot;" in t for t in texts)
    assert tour.title == "<script>alert(1)</script>"
    assert tour.stops[0].agenda[0].topic == "<script>alert(1)</script>"
    assert tour.sources[0].url == 'https://example.org/?q="><script>alert(1)</script>'


# -- topics and labels -----------------------------------------------------------------


def test_topic_sort_key_puts_trade_and_security_first():
    topics = ["zoning", "security", "ai", "trade", "diplomacy"]
    assert sorted(topics, key=topic_sort_key) == ["trade", "security", "ai", "diplomacy", "zoning"]
    assert PRIMARY_TOPICS == ("trade", "security")


def test_tour_topics_always_include_the_primary_ones():
    doc = minimal_tour()
    doc["stops"][1]["agenda"][0]["topic"] = "energy"
    assert validate_document(doc).topics() == ["trade", "security", "energy"]
    assert validate_document(full_tour()).topics() == ["trade", "security", "ai", "critical minerals"]


def test_topic_counts_are_ordered():
    doc = minimal_tour()
    item = doc["stops"][1]["agenda"][0]
    doc["stops"][1]["agenda"] = [dict(item, topic=t) for t in ["zoo", "security", "ai", "trade", "security"]]
    counts = validate_document(doc).stops[1].topic_counts()
    assert list(counts.items()) == [("trade", 1), ("security", 2), ("ai", 1), ("zoo", 1)]
    assert validate_document(doc).stops[0].topic_counts() == {}


@pytest.mark.parametrize(
    ("arrive", "depart", "label"),
    [
        (None, None, ""),
        ("2025-10-27", None, "27 Oct 2025"),
        (None, "2025-10-29", "29 Oct 2025"),
        ("2025-10-27", "2025-10-27", "27 Oct 2025"),
        ("2025-10-27", "2025-10-29", "27 Oct 2025 – 29 Oct 2025"),
        ("2025-12-31", "2026-01-02", "31 Dec 2025 – 2 Jan 2026"),
        ("2025-01-05", None, "5 Jan 2025"),
    ],
)
def test_stop_date_label(arrive, depart, label):
    fields = {k: v for k, v in (("arrive", arrive), ("depart", depart)) if v}
    assert _stop(**fields).date_label() == label


def test_tour_date_range():
    doc = minimal_tour()
    tour = validate_document(doc)
    assert tour.date_range() is None and tour.date_range_label() == ""
    doc["stops"][0]["arrive"] = "2025-10-26"
    assert validate_document(doc).date_range_label() == "26 Oct 2025"
    doc["stops"][1]["depart"] = "2025-10-29"
    tour = validate_document(doc)
    assert tour.date_range() == (dt.date(2025, 10, 26), dt.date(2025, 10, 29))
    assert tour.date_range_label() == "26 Oct 2025 – 29 Oct 2025"


@pytest.mark.parametrize(
    ("fields", "text"),
    [
        ({"amount": 70e9, "currency": "USD"}, "USD 70 billion"),
        ({"amount": 1.5e12, "currency": "USD", "qualifier": "up to"}, "up to USD 1.5 trillion"),
        ({"amount": 2.5e6, "currency": "EUR", "qualifier": "about"}, "about EUR 2.5 million"),
        ({"amount": 1500}, "1,500"),
        ({"amount": -3e9, "currency": "JPY", "qualifier": "at least"}, "at least JPY -3 billion"),
        ({"amount": 3.5, "unit": "% of GDP"}, "3.5 % of GDP"),
        ({"amount": 36000, "unit": "tonnes"}, "36,000 tonnes"),
        ({"amount": 2.4e6, "unit": "barrels a day", "qualifier": "about"}, "about 2.4 million barrels a day"),
    ],
)
def test_figure_display(fields, text):
    assert Figure(label="x", **fields).display() == text


def test_place_label():
    assert _stop(place={"city": "Sepang", "country": "Malaysia", "venue": "KLIA"}).place.label() == "KLIA, Sepang, Malaysia"
    assert _stop().place.label() == "C, K"


def test_text_blob_is_case_folded_and_complete():
    tour = validate_document(full_tour())
    blob = tour.stops[0].agenda[0].text_blob()
    for word in ("trade framework", "tariff schedule.", "signed", "united states", "reuters", "a great deal", "a spokesperson"):
        assert word in blob


def test_tour_is_model():
    assert [f.name for f in dataclasses.fields(Tour)] == ["format", "title", "summary", "sources", "stops"]


def test_model_imports_without_pydantic():
    """The window uses the model while the loader's validator is built elsewhere (in the
    reading child): nothing the window's process imports on the way to its first frame
    may pull pydantic in (asking tourmap.formats whether a file is an import once did)."""
    code = (
        "import sys, tourmap.model, tourmap.page, tourmap.cli, tourmap.formats, tourmap.app, tourmap._qt.main_window;"
        " sys.exit('pydantic' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0

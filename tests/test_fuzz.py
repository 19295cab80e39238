"""Property tests: whatever the bytes, parse_tour returns a Tour or raises TourError."""

from __future__ import annotations

import json
import math
import tempfile
from pathlib import Path
from typing import Any

import pytest
from helpers_tour import full_tour, minimal_tour
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tourmap.errors import TourError
from tourmap.loader import _read_by_stop, dump_tour, load_tour, parse_tour, save_tour, validate_document
from tourmap.model import Status, Tour

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _parse(data: bytes) -> Tour | None:
    """parse_tour, asserting that a refusal is a well-formed TourError."""
    try:
        return parse_tour(data, "fuzz.json")
    except TourError as error:
        line = str(error)
        assert line.startswith("fuzz.json: ")
        assert "\n" not in line and "\r" not in line
        line.encode("utf-8")  # printable: no lone surrogates
        return None


# -- arbitrary input ------------------------------------------------------------------

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
)
json_values = st.recursive(
    json_scalars,
    lambda children: st.one_of(st.lists(children, max_size=5), st.dictionaries(st.text(max_size=10), children, max_size=5)),
    max_leaves=30,
)


@FUZZ
@given(st.binary(max_size=2000))
@example(b"")
@example(b"\xef\xbb\xbf")
@example(b"\xff\xfe{\x00}\x00")
@example(b"[" * 5000)
@example(b'{"a":' * 3000)
@example(b'{"format": "tourmap/1", "stops": NaN}')
@example(b"1" * 6000)
@example(b'"\\ud800"')
def test_arbitrary_bytes(data):
    _parse(data)


@FUZZ
@given(json_values)
def test_arbitrary_json_values(value):
    assert _parse(json.dumps(value).encode("utf-8")) is None


@FUZZ
@given(st.dictionaries(st.sampled_from(["format", "title", "summary", "sources", "stops", "extra"]), json_values, max_size=6))
def test_arbitrary_objects_with_tour_keys(document):
    document.setdefault("format", "tourmap/1")
    assert _parse(json.dumps(document).encode("utf-8")) is None


# -- mutations of a valid tour ---------------------------------------------------------


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


FULL_PATHS = _paths(full_tour())


def _apply(document: Any, path: tuple[Any, ...], action: str, value: Any) -> Any:
    parent = document
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if action == "delete":
        del parent[last]
    elif action == "replace":
        parent[last] = value
    elif action == "insert" and isinstance(parent, list):
        parent.insert(last, value)
    elif action == "add-key" and isinstance(parent, dict):
        parent[f"{last}_extra"] = value
    elif action == "duplicate" and isinstance(parent, list):
        parent.append(json.loads(json.dumps(parent[last])))
    return document


mutation = st.tuples(
    st.sampled_from(FULL_PATHS),
    st.sampled_from(["delete", "replace", "insert", "add-key", "duplicate"]),
    json_values,
)


@FUZZ
@given(st.lists(mutation, min_size=1, max_size=4))
def test_mutated_tours(mutations):
    document = full_tour()
    for path, action, value in mutations:
        try:
            _apply(document, path, action, value)
        except (KeyError, IndexError, TypeError):
            pass  # an earlier mutation removed or replaced the path
    tour = _parse(json.dumps(document).encode("utf-8"))
    if tour is not None:
        assert parse_tour(json.dumps(dump_tour(tour)).encode("utf-8")) == tour


@FUZZ
@given(st.binary(min_size=1, max_size=8), st.integers(min_value=0))
def test_corrupted_bytes_of_a_valid_tour(junk, where):
    data = json.dumps(minimal_tour(), indent=1).encode("utf-8")
    at = where % len(data)
    _parse(data[:at] + junk + data[at + len(junk) :])


# -- valid tours round-trip ------------------------------------------------------------

_letters = st.characters(blacklist_categories=("Cc", "Cs"))
text = st.text(_letters, min_size=1, max_size=25).filter(lambda s: s.strip() != "")
prose = st.text(st.one_of(_letters, st.sampled_from("\n\t")), min_size=1, max_size=60).filter(lambda s: s.strip() != "")
slug = st.from_regex(r"[a-z0-9]{1,6}(?:[-_][a-z0-9]{1,6}){0,2}", fullmatch=True)
day = st.dates().map(lambda d: d.isoformat())
topic = st.one_of(st.sampled_from(["trade", "security", "energy", "ai"]), text.filter(lambda s: len(s.strip().lower()) <= 40))


def _optional(draw, strategy, key, into):
    if draw(st.booleans()):
        into[key] = draw(strategy)


@st.composite
def figures(draw):
    figure = {"label": draw(text), "amount": draw(st.one_of(st.integers(-(10**15), 10**15), st.floats(allow_nan=False, allow_infinity=False)))}
    _optional(draw, st.from_regex(r"[A-Z]{3}", fullmatch=True), "currency", figure)
    _optional(draw, text, "unit", figure)
    _optional(draw, st.sampled_from(["exactly", "about", "up to", "at least"]), "qualifier", figure)
    return figure


@st.composite
def tours(draw):
    source_ids = draw(st.lists(slug, min_size=1, max_size=3, unique=True))
    sources = []
    for sid in source_ids:
        source = {"id": sid, "publisher": draw(text), "title": draw(text), "date": draw(day)}
        _optional(draw, st.from_regex(r"https?://[a-z]{1,10}\.[a-z]{2,3}/[A-Za-z0-9_?=&%-]{0,20}", fullmatch=True), "url", source)
        _optional(draw, prose, "note", source)
        sources.append(source)
    stops = []
    for sid in draw(st.lists(slug, min_size=1, max_size=4, unique=True)):
        stop = {
            "id": sid,
            "name": draw(text),
            "place": {"city": draw(text), "country": draw(text)},
            "lat": draw(st.floats(-90, 90)),
            "lon": draw(st.floats(-180, 180)),
        }
        _optional(draw, text, "venue", stop["place"])
        dates = sorted(draw(st.lists(st.dates(), min_size=0, max_size=2)))
        if dates:
            keys = draw(st.sampled_from([("arrive", "depart"), ("arrive",), ("depart",)]))
            for key, value in zip(keys, dates if len(keys) == 2 else dates[-1:]):
                stop[key] = value.isoformat()
        _optional(draw, prose, "summary", stop)
        agenda = []
        for _ in range(draw(st.integers(0, 3))):
            item = {
                "topic": draw(topic),
                "title": draw(text),
                "status": draw(st.sampled_from([s.value for s in Status])),
                "source": draw(st.sampled_from(source_ids)),
            }
            _optional(draw, prose, "detail", item)
            _optional(draw, st.lists(text, max_size=3), "parties", item)
            _optional(draw, text, "cited", item)
            _optional(draw, st.lists(figures(), max_size=2), "figures", item)
            _optional(draw, st.fixed_dictionaries({"text": text, "by": text}), "quote", item)
            agenda.append(item)
        if agenda or draw(st.booleans()):
            stop["agenda"] = agenda
        stops.append(stop)
    tour = {"format": "tourmap/1", "title": draw(text), "sources": sources, "stops": stops}
    _optional(draw, prose, "summary", tour)
    return tour


@FUZZ
@given(tours())
def test_valid_tours_load_and_round_trip(document):
    data = json.dumps(document, ensure_ascii=draw_ascii(document)).encode("utf-8")
    tour = parse_tour(data, "generated.json")  # must not raise
    assert len(tour.stops) == len(document["stops"])
    for stop, raw in zip(tour.stops, document["stops"]):
        assert math.isclose(stop.lat, raw["lat"]) or stop.lat == raw["lat"]
    again = parse_tour(json.dumps(dump_tour(tour), ensure_ascii=False).encode("utf-8"))
    assert again == tour
    assert dump_tour(again) == dump_tour(tour)


@FUZZ
@given(tours(), st.sampled_from([None, 0, 2, "\t"]))
def test_reading_stop_by_stop_gives_what_reading_the_document_gives(document, indent):
    # parse_tour reads good files stop by stop and falls back to the whole-document path;
    # both must build the same tour, whatever the layout of the JSON.
    text = json.dumps(document, indent=indent, ensure_ascii=draw_ascii(document))
    by_stop = _read_by_stop(text)
    assert by_stop is not None  # a valid file takes the fast path
    assert by_stop == validate_document(json.loads(text))


@FUZZ
@given(tours(), st.sampled_from([None, 2]), st.lists(st.integers(1, 60), min_size=1, max_size=20))
def test_reading_in_pieces_gives_what_reading_the_document_gives(document, indent, cuts):
    # load_tour hands the text over in pieces of a megabyte: a key, a string, a number or
    # a stop may be cut anywhere.
    text = json.dumps(document, indent=indent, ensure_ascii=draw_ascii(document))
    pieces, at, k = [], 0, 0
    while at < len(text):
        pieces.append(text[at : at + cuts[k % len(cuts)]])
        at += cuts[k % len(cuts)]
        k += 1
    assert _read_by_stop(pieces) == validate_document(json.loads(text))


@pytest.mark.parametrize(
    "text",
    [
        '{"format": "tourmap/1", "format": "tourmap/1"}',  # duplicate at the top
        '{"a": 1} x',  # trailing data
        '[]',
        '{"format": "tourmap/1", "stops": [{"lat": NaN}]}',
        '{"format": "tourmap/1", "stops": [{"id": "a", "id": "b"}]}',
    ],
)
def test_anything_odd_leaves_the_fast_path(text):
    assert _read_by_stop(text) is None
    assert _read_by_stop(list(text)) is None  # a character at a time


def draw_ascii(document: dict[str, Any]) -> bool:
    # Alternate between escaped and raw UTF-8 so both readings are exercised.
    return len(document["title"]) % 2 == 0


@settings(max_examples=25, deadline=None)
@given(tours())
def test_valid_tours_survive_save_and_load(document):
    tour = parse_tour(json.dumps(document).encode("utf-8"))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "tour.json"
        save_tour(tour, path)
        assert load_tour(path) == tour

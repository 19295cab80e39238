"""Write the corpus of broken tour files under tests/data/broken/ and what each must report.

Run once after changing it (the output is committed; tests never regenerate it):

    python tests/data/make_broken.py

Each case is (file name, bytes, expected PLACE, a fragment of the expected REASON). PLACE is
matched exactly: a JSON path such as ``stops[1].lat``, ``line:col`` for syntax, or ``$``;
``*:*`` stands for any ``line:col``.
The expectations go to tests/data/broken-expected.json.
"""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from helpers_tour import BROKEN, BROKEN_EXPECTED, minimal_tour  # noqa: E402

Case = tuple[str, bytes, str, str]


def _dump(document: Any) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def mutated(change: Callable[[dict[str, Any]], Any]) -> bytes:
    document = minimal_tour()
    change(document)
    return _dump(document)


def _set(path: tuple[Any, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        node = document
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value

    return change


def _delete(path: tuple[Any, ...]) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        node = document
        for part in path[:-1]:
            node = node[part]
        del node[path[-1]]

    return change


def _both(*changes: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        for one in changes:
            one(document)

    return change


def _text_with(replace: str, by: str) -> bytes:
    """The minimal tour as text with one literal replacement (for things json.dumps won't write)."""
    text = _dump(minimal_tour()).decode("utf-8")
    assert text.count(replace) == 1, replace
    return text.replace(replace, by).encode("utf-8")


def _place_of(data: bytes, needle: bytes, skip: int = 0) -> str:
    """line:col (1-based, in characters) of the first ``needle``, plus ``skip`` bytes."""
    offset = data.index(needle) + skip
    before = data[:offset].decode("utf-8", "replace")
    return f"{before.count(chr(10)) + 1}:{len(before) - (before.rfind(chr(10)) + 1) + 1}"


DEPTH = 100_000
ITEM = ("stops", 1, "agenda", 0)


def cases() -> list[Case]:
    out: list[Case] = []

    def add(name: str, data: bytes, place: str, reason: str) -> None:
        out.append((name, data, place, reason))

    # -- wrong types ------------------------------------------------------------------
    add("type-title-number.json", mutated(_set(("title",), 42)), "title", "valid string")
    add("type-title-object.json", mutated(_set(("title",), {"en": "Tour"})), "title", "valid string")
    add("type-stops-object.json", mutated(_set(("stops",), {"first": {}})), "stops", "must be an array")
    add("type-sources-null.json", mutated(_set(("sources",), None)), "sources", "must be an array")
    add("type-stop-null.json", mutated(_set(("stops", 0), None)), "stops[0]", "must be an object")
    add("type-agenda-string.json", mutated(_set(("stops", 1, "agenda"), "none")), "stops[1].agenda", "must be an array")
    add("type-place-string.json", mutated(_set(("stops", 0, "place"), "Tokyo, Japan")), "stops[0].place", "must be an object")
    add("type-city-number.json", mutated(_set(("stops", 0, "place", "city"), 5)), "stops[0].place.city", "valid string")
    add("type-parties-string.json", mutated(_set((*ITEM, "parties"), "Japan")), "stops[1].agenda[0].parties", "must be an array")
    add(
        "type-figure-amount-string.json",
        mutated(_set((*ITEM, "figures"), [{"label": "Deal", "amount": "5"}])),
        "stops[1].agenda[0].figures[0].amount",
        "valid number",
    )
    add("type-format-number.json", mutated(_set(("format",), 1)), "format", "unknown format")
    # -- missing fields ---------------------------------------------------------------
    add("missing-format.json", mutated(_delete(("format",))), "format", "missing 'format'")
    add("missing-title.json", mutated(_delete(("title",))), "title", "required field is missing")
    add("missing-sources.json", mutated(_delete(("sources",))), "sources", "required field is missing")
    add("missing-stop-lat.json", mutated(_delete(("stops", 1, "lat"))), "stops[1].lat", "required field is missing")
    add("missing-place-country.json", mutated(_delete(("stops", 0, "place", "country"))), "stops[0].place.country", "required field is missing")
    add("missing-agenda-status.json", mutated(_delete((*ITEM, "status"))), "stops[1].agenda[0].status", "required field is missing")
    add("missing-quote-by.json", mutated(_set((*ITEM, "quote"), {"text": "Words"})), "stops[1].agenda[0].quote.by", "required field is missing")
    add("empty-stops.json", mutated(_set(("stops",), [])), "stops", "at least 1 item")
    add("empty-title.json", mutated(_set(("title",), "   ")), "title", "at least 1 character")
    # -- coordinates ------------------------------------------------------------------
    add("lat-91.json", mutated(_set(("stops", 1, "lat"), 91)), "stops[1].lat", "between -90 and 90")
    add("lat-minus-90.5.json", mutated(_set(("stops", 0, "lat"), -90.5)), "stops[0].lat", "between -90 and 90")
    add("lon-minus-181.json", mutated(_set(("stops", 1, "lon"), -181)), "stops[1].lon", "between -180 and 180")
    add("lon-180.0001.json", mutated(_set(("stops", 0, "lon"), 180.0001)), "stops[0].lon", "between -180 and 180")
    add("lat-string.json", mutated(_set(("stops", 1, "lat"), "35.6762")), "stops[1].lat", "must be a number")
    add("lon-boolean.json", mutated(_set(("stops", 1, "lon"), True)), "stops[1].lon", "must be a number")
    add("lat-null.json", mutated(_set(("stops", 0, "lat"), None)), "stops[0].lat", "must be a number")
    add("lat-array.json", mutated(_set(("stops", 0, "lat"), [2.7, 101.7])), "stops[0].lat", "must be a number")
    add("lat-1e400.json", _text_with('"lat": 35.6762', '"lat": 1e400'), "stops[1].lat", "finite")
    data = _text_with('"lat": 35.6762', '"lat": NaN')
    add("lat-nan-literal.json", data, _place_of(data, b"NaN"), "NaN is not valid JSON")
    data = _text_with('"lon": 139.6503', '"lon": Infinity')
    add("lon-infinity-literal.json", data, _place_of(data, b"Infinity"), "Infinity is not valid JSON")
    data = _text_with('"lon": 101.7072', '"lon": -Infinity')
    add("lon-minus-infinity-literal.json", data, _place_of(data, b"-Infinity"), "-Infinity is not valid JSON")
    data = _text_with('"lat": 2.7456', '"lat": ' + "1" * 5000)
    add("lat-5000-digits.json", data, _place_of(data, b'"lat": 111', skip=7), "5000 digits")
    # -- encodings --------------------------------------------------------------------
    data = _text_with('"title": "Minimal tour"', '"title": "Minimal @@ tour"').replace(b"@@", b"\xff\xfe")
    add("invalid-utf8.json", data, _place_of(data, b"\xff"), "not valid UTF-8")
    data = _text_with('"city": "Tokyo"', '"city": "Tokyo@@"').replace(b"@@", b"\xe6\x9d")  # a cut-off character
    add("truncated-utf8-sequence.json", data, _place_of(data, b"\xe6\x9d"), "not valid UTF-8")
    data = _text_with('"city": "Tokyo"', '"city": "Zürich"').decode("utf-8").encode("latin-1")
    add("latin1.json", data, _place_of(data, b"\xfc"), "not valid UTF-8")
    add("utf16.json", _dump(minimal_tour()).decode("utf-8").encode("utf-16"), "1:1", "UTF-16")
    add("utf16-be.json", b"\xfe\xff" + _dump(minimal_tour()).decode("utf-8").encode("utf-16-be"), "1:1", "UTF-16")
    add("binary-png.json", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "1:1", "not valid UTF-8")
    add("lone-surrogate-title.json", _text_with('"title": "Minimal tour"', '"title": "Minimal \\ud800 tour"'), "title", "string")
    # -- identity and references ------------------------------------------------------
    add("duplicate-stop-id.json", mutated(_set(("stops", 1, "id"), "first")), "stops[1].id", "duplicate stop id 'first'")
    add(
        "duplicate-source-id.json",
        mutated(lambda d: d["sources"].append(dict(d["sources"][0], title="Again"))),
        "sources[1].id",
        "duplicate source id 'src'",
    )
    data = _text_with('"lat": 35.6762,', '"lat": 35.6762,\n      "lat": 36.0,')
    add("duplicate-json-key.json", data, _place_of(data, b'"lat": 36.0'), "duplicate key 'lat'")
    data = _text_with('"title": "Minimal tour",', '"title": "Minimal tour",\n  "title": "Other",')
    add("duplicate-json-key-top.json", data, _place_of(data, b'"title": "Other"'), "duplicate key 'title'")
    add("agenda-source-unknown.json", mutated(_set((*ITEM, "source"), "nowhere")), "stops[1].agenda[0].source", "names no source: 'nowhere'")
    # -- format and unknown fields ----------------------------------------------------
    add("unknown-format.json", mutated(_set(("format",), "tourmap/2")), "format", 'unknown format "tourmap/2"')
    add("unknown-field-top.json", mutated(_set(("titel",), "Typo")), "titel", "unknown field")
    add("unknown-field-stop.json", mutated(_set(("stops", 0, "lattitude"), 2.7)), "stops[0].lattitude", "unknown field")
    add("misspelt-lat.json", mutated(_both(_delete(("stops", 0, "lat")), _set(("stops", 0, "lattitude"), 2.7))), "stops[0].lat", "required field is missing")
    add("unknown-field-item.json", mutated(_set((*ITEM, "colour"), "red")), "stops[1].agenda[0].colour", "unknown field")
    # -- JSON syntax --------------------------------------------------------------------
    whole = _dump(minimal_tour())
    cut = whole[: len(whole) // 2]
    add("truncated.json", cut, "*:*", "invalid JSON")
    add("truncated-in-string.json", b'{"format": "tourmap/1", "title": "Minim', "1:34", "Unterminated string")
    add("empty.json", b"", "1:1", "the file is empty")
    add("whitespace-only.json", b"  \n\t\n", "1:1", "the file is empty")
    add("trailing-comma.json", _text_with('"title": "Minimal tour",', '"title": "Minimal tour",,'), "*:*", "invalid JSON")
    add("comment.json", b'// a tour\n{"format": "tourmap/1"}\n', "1:1", "invalid JSON")
    add("single-quotes.json", b"{'format': 'tourmap/1'}", "1:2", "invalid JSON")
    add("two-documents.json", _dump(minimal_tour()) + _dump(minimal_tour()), "*:*", "Extra data")
    add("top-level-array.json", _dump([minimal_tour()]), "$", "a tour is a JSON object, not array")
    add("top-level-string.json", b'"tourmap/1"', "$", "not string")
    add("top-level-null.json", b"null", "$", "not null")
    add("top-level-number.json", b"42\n", "$", "not number")
    add("deep-nesting-arrays.json", b"[" * DEPTH + b"]" * DEPTH, "1:201", "nested too deeply")
    add("deep-nesting-objects.json", b'{"a":' * (DEPTH // 5) + b"1" + b"}" * (DEPTH // 5), "1:1001", "nested too deeply")
    prefix = b'{"format": "tourmap/1", "title": '
    add("deep-nesting-in-title.json", prefix + b"[" * DEPTH + b"]" * DEPTH + b"}", f"1:{len(prefix) + 200}", "nested too deeply")
    add("deep-nesting-unclosed.json", b"[" * DEPTH, "1:201", "nested too deeply")
    add("nesting-300-in-title.json", _text_with('"title": "Minimal tour"', '"title": ' + "[" * 300 + "]" * 300), "title", "valid string")
    # -- sizes and characters ---------------------------------------------------------
    add("huge-title.json", mutated(_set(("title",), "T" * 25_000)), "title", "at most 300 characters")
    add("huge-summary.json", mutated(_set(("summary",), "S" * 20_001)), "summary", "at most 20000 characters")
    add("huge-stop-id.json", mutated(_set(("stops", 0, "id"), "a" * 81)), "stops[0].id", "at most 80 characters")
    add("control-char-title.json", mutated(_set(("title",), "Bell\u0007tour")), "title", "control character U+0007")
    add("control-char-escape-name.json", mutated(_set(("stops", 1, "name"), "\u001b[31mRed")), "stops[1].name", "control character U+001B")
    add(
        "control-char-nul-quote.json",
        mutated(_set((*ITEM, "quote"), {"text": "a\u0000b", "by": "X"})),
        "stops[1].agenda[0].quote.text",
        "control character U+0000",
    )
    data = _text_with('"title": "Minimal tour"', '"title": "Minimal @@tour"').replace(b"@@", b"\x01")
    add("control-char-raw-byte.json", data, _place_of(data, b"\x01"), "Invalid control character")
    add("topic-too-long.json", mutated(_set((*ITEM, "topic"), "t" * 41)), "stops[1].agenda[0].topic", "at most 40 characters")
    # -- dates ------------------------------------------------------------------------
    add(
        "depart-before-arrive.json",
        mutated(_both(_set(("stops", 0, "arrive"), "2025-10-27"), _set(("stops", 0, "depart"), "2025-10-26"))),
        "stops[0].depart",
        "depart 2025-10-26 is before arrive 2025-10-27",
    )
    add("date-slashes.json", mutated(_set(("stops", 0, "arrive"), "26/10/2025")), "stops[0].arrive", "YYYY-MM-DD")
    add("date-month-13.json", mutated(_set(("stops", 0, "arrive"), "2025-13-01")), "stops[0].arrive", "month")
    add("date-feb-30.json", mutated(_set(("stops", 1, "depart"), "2025-02-30")), "stops[1].depart", "day")
    add("date-timestamp-number.json", mutated(_set(("sources", 0, "date"), 1761523200)), "sources[0].date", "YYYY-MM-DD")
    add("date-timestamp-string.json", mutated(_set(("sources", 0, "date"), "1761523200")), "sources[0].date", "YYYY-MM-DD")
    add("date-with-time.json", mutated(_set(("stops", 1, "arrive"), "2025-10-27T09:00:00Z")), "stops[1].arrive", "YYYY-MM-DD")
    add("date-words.json", mutated(_set(("stops", 1, "arrive"), "27 October 2025")), "stops[1].arrive", "YYYY-MM-DD")
    # -- enums ------------------------------------------------------------------------
    add("status-unknown.json", mutated(_set((*ITEM, "status"), "done")), "stops[1].agenda[0].status", "'signed'")
    add("status-upper-case.json", mutated(_set((*ITEM, "status"), "SIGNED")), "stops[1].agenda[0].status", "'signed'")
    add(
        "qualifier-unknown.json",
        mutated(_set((*ITEM, "figures"), [{"label": "X", "amount": 1, "qualifier": "roughly"}])),
        "stops[1].agenda[0].figures[0].qualifier",
        "'about'",
    )
    # -- markup where it also breaks a rule -------------------------------------------
    add("html-stop-id.json", mutated(_set(("stops", 0, "id"), "<script>alert(1)</script>")), "stops[0].id", "must be a slug")
    add(
        "html-source-id.json",
        mutated(_both(_set(("sources", 0, "id"), '"><img src=x onerror=alert(1)>'), _set((*ITEM, "source"), '"><img src=x onerror=alert(1)>'))),
        "sources[0].id",
        "must be a slug",
    )
    add("html-agenda-source.json", mutated(_set((*ITEM, "source"), "<b>bold</b>")), "stops[1].agenda[0].source", "must be a slug")
    add("html-url-javascript.json", mutated(_set(("sources", 0, "url"), "javascript:alert(1)")), "sources[0].url", "pattern")
    add("html-url-spaces.json", mutated(_set(("sources", 0, "url"), 'https://x.org/"><img src=x onerror=alert(1)>')), "sources[0].url", "pattern")
    add(
        "html-currency.json",
        mutated(_set((*ITEM, "figures"), [{"label": "X", "amount": 1, "currency": "<b>"}])),
        "stops[1].agenda[0].figures[0].currency",
        "pattern",
    )
    add("html-status.json", mutated(_set((*ITEM, "status"), "<script>alert(1)</script>")), "stops[1].agenda[0].status", "'signed'")
    add("html-date.json", mutated(_set(("stops", 0, "arrive"), "<b>bold</b>")), "stops[0].arrive", "YYYY-MM-DD")
    add("html-lat.json", mutated(_set(("stops", 0, "lat"), "<script>alert(1)</script>")), "stops[0].lat", "must be a number")
    add("html-huge-title.json", mutated(_set(("title",), "<script>" + "x" * 20_001 + "</script>")), "title", "at most 300 characters")
    return out


def main() -> None:
    shutil.rmtree(BROKEN, ignore_errors=True)
    BROKEN.mkdir(parents=True)
    expected: dict[str, dict[str, str]] = {}
    for name, data, place, reason in cases():
        assert name not in expected, name
        (BROKEN / name).write_bytes(data)
        expected[name] = {"place": place, "reason": reason}
    BROKEN_EXPECTED.write_text(json.dumps(expected, indent=2, sort_keys=True, ensure_ascii=True) + "\n", encoding="utf-8")
    print(f"wrote {len(expected)} files to {BROKEN}")


if __name__ == "__main__":
    main()

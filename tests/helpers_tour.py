"""Shared test data as plain functions (no fixtures, no Qt): import what you need.

Every function returns a fresh object, so tests may mutate what they get.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
DATA = TESTS / "data"
BROKEN = DATA / "broken"
BROKEN_EXPECTED = DATA / "broken-expected.json"
PAYLOAD_TOUR = DATA / "payload-tour.json"
BUNDLED_TOUR = ROOT / "resources" / "tours" / "asia-2025-10.json"
SCHEMA_FILE = ROOT / "resources" / "schema" / "tour.schema.json"

#: Text that would do something if a page or widget ever treated data as markup.
PAYLOADS = (
    "<script>alert(1)</script>",
    "<b>bold</b>",
    '"><img src=x onerror=alert(1)>',
)


def minimal_tour() -> dict[str, Any]:
    """The smallest valid tour with two stops (so there is a leg) and one agenda item."""
    return {
        "format": "tourmap/1",
        "title": "Minimal tour",
        "sources": [{"id": "src", "publisher": "Publisher", "title": "A report", "date": "2025-10-26"}],
        "stops": [
            {"id": "first", "name": "First", "place": {"city": "Sepang", "country": "Malaysia"}, "lat": 2.7456, "lon": 101.7072},
            {
                "id": "second",
                "name": "Second",
                "place": {"city": "Tokyo", "country": "Japan"},
                "lat": 35.6762,
                "lon": 139.6503,
                "agenda": [{"topic": "trade", "title": "A deal", "status": "signed", "source": "src"}],
            },
        ],
    }


EUROPEAN_CAPITALS = (
    ("paris", "Paris", "France", 48.8566, 2.3522),
    ("brussels", "Brussels", "Belgium", 50.8503, 4.3517),
    ("amsterdam", "Amsterdam", "Netherlands", 52.3676, 4.9041),
    ("luxembourg", "Luxembourg", "Luxembourg", 49.6116, 6.1319),
    ("berlin", "Berlin", "Germany", 52.52, 13.405),
    ("prague", "Prague", "Czechia", 50.0755, 14.4378),
    ("vienna", "Vienna", "Austria", 48.2082, 16.3738),
    ("bratislava", "Bratislava", "Slovakia", 48.1486, 17.1077),
    ("budapest", "Budapest", "Hungary", 47.4979, 19.0402),
    ("ljubljana", "Ljubljana", "Slovenia", 46.0569, 14.5058),
    ("bern", "Bern", "Switzerland", 46.948, 7.4474),
    ("london", "London", "United Kingdom", 51.5072, -0.1276),
)


def european_tour() -> dict[str, Any]:
    """A dozen capitals close together: labels and leg distances compete for room."""
    tour = minimal_tour()
    tour["title"] = "European capitals"
    tour["stops"] = [
        {"id": sid, "name": name, "place": {"city": name, "country": country}, "lat": lat, "lon": lon}
        for sid, name, country, lat, lon in EUROPEAN_CAPITALS
    ]
    return tour


def full_tour() -> dict[str, Any]:
    """A valid tour that fills every optional field, in the canonical form ``dump_tour`` writes
    (floats for numbers, lower-case topics, stripped text), so ``dump(load(d)) == d``."""
    return {
        "format": "tourmap/1",
        "title": "Full tour",
        "summary": "Every field.\nTwo lines, with a\ttab.",
        "sources": [
            {
                "id": "wh-2025",
                "publisher": "The White House",
                "title": "Schedule",
                "date": "2025-10-24",
                "url": "https://example.org/schedule?x=1&y=2",
                "note": "Times are local.",
            },
            {"id": "wire_2", "publisher": "A wire", "title": "Report", "date": "2025-10-28", "url": "http://example.com/r", "note": "Second source."},
        ],
        "stops": [
            {
                "id": "kul",
                "name": "Kuala Lumpur",
                "place": {"city": "Sepang", "country": "Malaysia", "venue": "KLIA"},
                "lat": 2.7456,
                "lon": 101.7072,
                "arrive": "2025-10-26",
                "depart": "2025-10-27",
                "summary": "Summit.",
                "agenda": [
                    {
                        "topic": "trade",
                        "title": "Trade framework",
                        "detail": "Tariff schedule.",
                        "status": "signed",
                        "parties": ["United States", "Malaysia"],
                        "source": "wh-2025",
                        "cited": "Reuters",
                        "figures": [
                            {"label": "Investment", "amount": 70000000000.0, "currency": "USD", "unit": "dollars", "qualifier": "up to"},
                            {"label": "Jobs", "amount": 1500.0, "currency": "USD", "unit": "jobs", "qualifier": "about"},
                        ],
                        "quote": {"text": "A great deal", "by": "A spokesperson"},
                    },
                    {
                        "topic": "security",
                        "title": "Ceasefire",
                        "detail": "Witnessed.",
                        "status": "announced",
                        "parties": ["Thailand", "Cambodia"],
                        "source": "wire_2",
                        "cited": "AP",
                        "figures": [{"label": "Observers", "amount": 12.5, "currency": "EUR", "unit": "teams", "qualifier": "at least"}],
                        "quote": {"text": "Peace", "by": "Someone"},
                    },
                    {
                        "topic": "critical minerals",
                        "title": "Rare earths",
                        "detail": "Supply.",
                        "status": "pledged",
                        "parties": ["Malaysia"],
                        "source": "wh-2025",
                        "cited": "Bloomberg",
                        "figures": [{"label": "Tonnes", "amount": -3.25, "currency": "MYR", "unit": "t", "qualifier": "exactly"}],
                        "quote": {"text": "Quoted", "by": "Minister"},
                    },
                ],
            },
            {
                "id": "tokyo",
                "name": "Tokyo",
                "place": {"city": "Tokyo", "country": "Japan", "venue": "Akasaka Palace"},
                "lat": 35.6762,
                "lon": 139.6503,
                "arrive": "2025-10-27",
                "depart": "2025-10-29",
                "summary": "Alliance.",
                "agenda": [
                    {
                        "topic": "ai",
                        "title": "Technology",
                        "detail": "Chips.",
                        "status": "agreed",
                        "parties": ["Japan"],
                        "source": "wire_2",
                        "cited": "Nikkei",
                        "figures": [{"label": "Fund", "amount": 550000000000.0, "currency": "USD", "unit": "dollars", "qualifier": "exactly"}],
                        "quote": {"text": "Golden age", "by": "Prime Minister"},
                    }
                ],
            },
        ],
    }


def payload_tour() -> dict[str, Any]:
    """A valid tour whose every free-text field holds a markup payload (data is data)."""
    p1, p2, p3 = PAYLOADS
    url = 'https://example.org/?q="><script>alert(1)</script>'
    return {
        "format": "tourmap/1",
        "title": p1,
        "summary": f"{p2} {p3}",
        "sources": [
            {"id": "src", "publisher": p2, "title": p3, "date": "2025-10-26", "url": url, "note": p1},
        ],
        "stops": [
            {
                "id": "first",
                "name": p1,
                "place": {"city": p2, "country": p3, "venue": p1},
                "lat": 2.7456,
                "lon": 101.7072,
                "arrive": "2025-10-26",
                "depart": "2025-10-27",
                "summary": p3,
                "agenda": [
                    {
                        "topic": p1,
                        "title": p2,
                        "detail": p3,
                        "status": "signed",
                        "parties": [p1, p2, p3],
                        "source": "src",
                        "cited": p3,
                        "figures": [{"label": p1, "amount": 1.0, "unit": p2, "qualifier": "about"}],
                        "quote": {"text": p3, "by": p1},
                    },
                    {"topic": p2, "title": p1, "status": "expected", "source": "src"},
                    {"topic": p3, "title": p3, "status": "reported", "source": "src"},
                ],
            },
            {
                "id": "second",
                "name": p3,
                "place": {"city": p1, "country": p2},
                "lat": 35.6762,
                "lon": 139.6503,
                "summary": p2,
                "agenda": [{"topic": "trade", "title": p1, "detail": p2, "status": "agreed", "source": "src", "parties": [p3]}],
            },
        ],
    }


def all_strings(value: Any) -> list[str]:
    """Every string value (not key) in a JSON-like structure."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in all_strings(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in all_strings(v)]
    return []


def write_json(path: Path, document: Any) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def run_tourmap(*args: str, timeout: float = 60, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m tourmap ARGS`` in a real process, from the checkout, without a display."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "tourmap", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
    )


def heavy_stop_tour(items: int, topics: int = 3) -> dict[str, Any]:
    """Two stops, the second with ``items`` agenda items spread over ``topics`` topics:
    the shapes that once built a widget per item and a button per topic."""
    doc = minimal_tour()
    doc["stops"][1]["agenda"] = [
        {
            "topic": f"topic {n % topics:05d}",
            "title": f"Item {n}",
            "detail": f"Detail of item {n}, long enough to wrap onto a second line of the card.",
            "status": "expected",
            "source": "src",
        }
        for n in range(items)
    ]
    return doc

"""Generate a synthetic, valid tour file of any size for benchmarks and scale tests.

    python bench/make_tour.py 10000 -o /tmp/tour-10k.json [--items 10] [--seed 1]

Stops are spread over the whole world: mostly short hops (a regional swing), with jumps
to a random place now and then, and a deliberate hop across the antimeridian every
so often (Fiji <-> Samoa style), so every tour of 20 stops or more crosses it both ways.
Each stop gets ``--items`` agenda items with mixed topics (trade, security and others),
statuses, parties, some figures and quotes, all citing one of a few sources; dates
advance through the tour. Output is deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
import sys
from pathlib import Path
from typing import Any

TOPICS = ("trade", "security", "trade", "security", "energy", "climate", "health", "technology", "culture")
STATUSES = ("expected", "reported", "proposed", "pledged", "agreed", "announced", "signed", "postponed", "cancelled")
COUNTRIES = (
    "Japan", "South Korea", "Malaysia", "Viet Nam", "Fiji", "Samoa", "Tonga", "New Zealand", "Chile", "Peru",
    "Kenya", "Ghana", "Brazil", "Canada", "Norway", "India", "Indonesia", "Mexico", "Egypt", "Australia",
)
SUBJECTS = (
    "tariff schedule", "port access", "semiconductor supply", "joint exercises", "maritime patrols",
    "LNG contracts", "grain corridor", "vaccine production", "undersea cable", "critical minerals",
    "visa facilitation", "fisheries accord", "cyber defence", "rail financing", "debt relief",
)
VERBS = ("Talks on", "Agreement on", "Review of", "Framework for", "Memorandum on", "Dispute over")
SYLLABLES = ("ka", "lo", "ma", "ri", "su", "ten", "vo", "na", "pe", "zu", "ba", "sha", "ni", "tor", "el")


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def _positions(n: int, rng: random.Random) -> list[tuple[float, float]]:
    """A walk over the world: (lat, lon) with lon in [-180, 180)."""
    points: list[tuple[float, float]] = []
    lat, lon = rng.uniform(-40, 60), rng.uniform(-180, 180)
    for i in range(n):
        if i and i % 20 == 10:
            # Across the antimeridian: from just west of it to just east, or back.
            lat = rng.uniform(-30, 30)
            lon = 178.0 + rng.uniform(0, 1.9) if (i // 20) % 2 == 0 else -178.0 - rng.uniform(0, 1.9)
        elif i and i % 20 == 11:
            lat += rng.uniform(-3, 3)
            lon = -177.0 - rng.uniform(0, 2) if lon > 0 else 177.0 + rng.uniform(0, 2)
        elif i and rng.random() < 0.15:
            lat, lon = math.degrees(math.asin(rng.uniform(-0.93, 0.96))), rng.uniform(-180, 180)  # anywhere
        elif i:
            lat += rng.gauss(0, 4)
            lon += rng.gauss(2, 6)  # drifts east, so long walks go round the world
        lat = max(-70.0, min(75.0, lat))
        lon = ((lon + 180.0) % 360.0) - 180.0
        points.append((round(lat, 4), round(lon, 4)))
    return points


def _item(rng: random.Random, stop_index: int, k: int, sources: list[str], country: str) -> dict[str, Any]:
    topic = TOPICS[(stop_index + k) % len(TOPICS)] if k < 3 else rng.choice(TOPICS)
    subject = rng.choice(SUBJECTS)
    item: dict[str, Any] = {
        "topic": topic,
        "title": f"{rng.choice(VERBS)} {subject} ({stop_index + 1}.{k + 1})",
        "detail": f"Delegations from the United States and {country} discuss the {subject}; "
        f"officials describe item {k + 1} of stop {stop_index + 1} as {rng.choice(('early', 'advanced', 'stalled', 'close to agreement'))}.",
        "status": rng.choice(STATUSES),
        "parties": ["United States", country] if rng.random() < 0.8 else ["United States"],
        "source": rng.choice(sources),
    }
    if rng.random() < 0.3:
        item["cited"] = rng.choice(("Reuters", "AP", "AFP", "Kyodo"))
    if rng.random() < 0.2:
        item["figures"] = [
            {
                "label": f"Value of the {subject}",
                "amount": float(rng.randint(1, 900)) * 1e6,
                "currency": "USD",
                "qualifier": rng.choice(("exactly", "about", "up to", "at least")),
            }
        ]
    if rng.random() < 0.1:
        item["quote"] = {"text": f"a new chapter for the {subject}", "by": f"Minister {_name(rng)}"}
    return item


def make_tour(n: int, items: int = 10, seed: int = 1) -> dict[str, Any]:
    if n < 1:
        raise ValueError("a tour needs at least one stop")
    rng = random.Random(seed)
    start = dt.date(2025, 1, 6)
    sources = [
        {
            "id": f"report-{i + 1}",
            "publisher": f"Wire service {i + 1}",
            "title": f"Tour coverage, part {i + 1}",
            "date": (start + dt.timedelta(days=30 * i)).isoformat(),
        }
        for i in range(5)
    ]
    source_ids = [s["id"] for s in sources]
    day = start
    stops = []
    for i, (lat, lon) in enumerate(_positions(n, rng)):
        country = rng.choice(COUNTRIES)
        city = _name(rng)
        stop: dict[str, Any] = {
            "id": f"stop-{i + 1:05d}",
            "name": f"{city} {i + 1}",
            "place": {"city": city, "country": country},
            "lat": lat,
            "lon": lon,
        }
        if rng.random() < 0.95:  # a few stops without dates, as in real sources
            stay = rng.choice((0, 0, 1, 2))
            stop["arrive"] = day.isoformat()
            stop["depart"] = (day + dt.timedelta(days=stay)).isoformat()
            day += dt.timedelta(days=stay + rng.choice((0, 1)))
        if rng.random() < 0.5:
            stop["summary"] = f"Stop {i + 1} of the synthetic tour in {city}, {country}."
        stop["agenda"] = [_item(rng, i, k, source_ids, country) for k in range(items)]
        stops.append(stop)
    return {
        "format": "tourmap/1",
        "title": f"Synthetic world tour ({n:,} stops)",
        "summary": f"Generated by bench/make_tour.py with seed {seed}: {n} stops, {items} agenda items each.",
        "sources": sources,
        "stops": stops,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic tour file with N stops.")
    parser.add_argument("n", type=int, help="number of stops")
    parser.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    parser.add_argument("--items", type=int, default=10, help="agenda items per stop (default 10)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args(argv)
    text = json.dumps(make_tour(args.n, args.items, args.seed), ensure_ascii=False, indent=1) + "\n"
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

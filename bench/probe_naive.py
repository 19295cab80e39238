"""The naive folium way, for comparison: one folium.Marker and one folium.PolyLine per stop.

    python bench/probe_naive.py TOUR        (prints one "BENCH {json}" line)

A fresh process reads the tour with plain ``json`` (no validation, which flatters it),
adds a folium.Marker (with a tooltip: name and date) per stop and a folium.PolyLine per leg,
saves the HTML, points folium's CDN links at the vendored Leaflet (and drops jQuery,
Bootstrap and Font Awesome, which Marker and Tooltip do not need), then loads the file in a
bare QWebEngineView until every marker is in the DOM and two frames have been painted.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import itertools

import _common as c

T0 = c.t0()


def offline(html: str) -> str:
    """folium's CDN links -> vendored Leaflet; every other remote asset removed."""
    html = re.sub(r'<script src="https?://[^"]*/leaflet\.js"></script>', f'<script src="{(c.LEAFLET / "leaflet.js").as_uri()}"></script>', html)
    css = (c.LEAFLET / "leaflet.css").as_uri()
    html = re.sub(r'<link rel="stylesheet" href="https?://[^"]*/leaflet\.css"/>', f'<link rel="stylesheet" href="{css}"/>', html)
    html = re.sub(r'<script src="https?://[^"]*"></script>\s*', "", html)
    html = re.sub(r'<link rel="stylesheet" href="https?://[^"]*"/>\s*', "", html)
    remote = re.findall(r'(?:src|href)="(https?://[^"]*)"', html)
    if remote:
        raise SystemExit(f"naive page still references remote assets: {remote}")
    head, sep, tail = html.rpartition("</html>")
    return head + c.READY_SCRIPT + sep + tail if sep else html + c.READY_SCRIPT


def build(tour_path: Path, out: Path) -> tuple[int, dict[str, float]]:
    import folium

    marks = {"import_folium": time.time()}
    tour = json.loads(tour_path.read_text(encoding="utf-8"))
    stops = tour["stops"]
    marks["read_json"] = time.time()
    fmap = folium.Map(location=[stops[0]["lat"], stops[0]["lon"]], zoom_start=2, tiles=None)
    for n, stop in enumerate(stops, 1):
        date = " – ".join(d for d in (stop.get("arrive"), stop.get("depart")) if d)
        folium.Marker([stop["lat"], stop["lon"]], tooltip=f"{n}. {stop['name']} {date}".strip()).add_to(fmap)
    for a, b in itertools.pairwise(stops):
        folium.PolyLine([[a["lat"], a["lon"]], [b["lat"], b["lon"]]], weight=2.5).add_to(fmap)
    marks["folium_objects"] = time.time()
    fmap.save(str(out))
    marks["saved"] = time.time()
    out.write_text(offline(out.read_text(encoding="utf-8")), encoding="utf-8")
    marks["offline"] = time.time()
    return len(stops), marks


def main() -> int:
    tour_path = Path(sys.argv[1])
    folder = Path(tempfile.mkdtemp(prefix="tourmap-bench-naive-"))
    page = folder / "naive.html"
    count, marks = build(tour_path, page)

    c.chromium_flags()
    from PySide6 import QtWebEngineWidgets  # noqa: F401  (must come before the QApplication)
    from PySide6.QtWidgets import QApplication

    app = QApplication([sys.argv[0]])
    view, markers = c.load_bare_page(page, marks, 900, what="naive page")
    memory = c.memory_tree()
    c.emit(
        {
            "probe": "naive",
            "tour": str(tour_path),
            "stops": count,
            "markers": markers,
            "ok": markers == count,
            "ready_s": marks["ready"] - T0,
            "html_mib": round(page.stat().st_size / 2**20, 2),
            "phases_s": {k: round(v - T0, 4) for k, v in sorted(marks.items(), key=lambda kv: kv[1])},
            **memory,
        }
    )
    del view, app
    return 0


if __name__ == "__main__":
    sys.exit(main())

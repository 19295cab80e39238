"""Tour to map page (HTML text). Pure Python: the Qt side only serves what this returns."""

from __future__ import annotations

import hashlib
import importlib.util
import itertools
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import orjson

from tourmap._perf import free_piecewise, gc_paused

if TYPE_CHECKING:
    from tourmap.model import Stop, Tour

# The model, geography and the loader load when a tour is drawn, not for the app's empty
# shell page (build_shell), which is built while the tour is still being read.

# folium (tourmap.page.elements) is imported only when a page skeleton has to be rendered:
# importing it costs more than the rest of start-up together. See _skeleton().

#: Above this many stops, markers are drawn on one canvas instead of one element each.
CANVAS_THRESHOLD = 500
#: Above this many legs, distance labels are left off the route.
LEG_LABEL_LIMIT = 200
#: Above this many stops the page draws the route itself, as great circles (close enough
#: to the geodesics at the zoom levels where thousands of legs are seen, and no arcs to
#: compute or send), and each stop keeps its own longitude: a route of thousands of legs
#: may circle the world dozens of times, and unwrapped longitudes would scatter it over
#: as many world copies.
FAST_ROUTE_THRESHOLD = CANVAS_THRESHOLD
#: Unwrapped longitudes spread wider than this mean the route goes round the world.
WORLD_SPAN = 300.0

BASEMAP = "basemap/land-50m.bin"  # baked from world-atlas: see tourmap.page.basemap
#: In the app, below this zoom level the page draws the coarser 1:110m basemap instead.
BASEMAP_COARSE = "basemap/land-110m.bin"
BASEMAP_COARSE_BELOW_ZOOM = 3
BASEMAP_ATTRIBUTION = "Natural Earth (public domain), via world-atlas"


@dataclass(frozen=True)
class OnlineLayer:
    name: str
    url: str
    attribution: str
    max_zoom: int = 19


#: Offered in the layer control, off by default; the map never needs them.
ONLINE_LAYERS: tuple[OnlineLayer, ...] = (
    OnlineLayer(
        "OpenStreetMap (online)",
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "© OpenStreetMap contributors",
    ),
)


@dataclass(frozen=True)
class PageOptions:
    """How one page differs from another: the app's interactive map or an export frame."""

    mode: Literal["app", "export"] = "app"
    selected: str | None = None
    title: str | None = None
    #: Export frames: draw the title box (a PDF page that prints the title itself does not).
    caption: bool = True
    #: The stops' name labels (the app's layer control turns them off too).
    labels: bool = True
    #: Export frames: a small world map with the frame's outline.
    inset: bool = False
    #: Export frames of the window's view: {"bounds": [[s, w], [n, e]], "route": bool, "stops": bool};
    #: None frames the whole tour.
    view: dict[str, Any] | None = None
    online_layers: tuple[OnlineLayer, ...] = field(default=ONLINE_LAYERS)
    canvas_threshold: int = CANVAS_THRESHOLD


def page_data(tour: Tour, options: PageOptions = PageOptions()) -> dict[str, Any]:
    """Everything the page script needs, as plain JSON values."""
    with gc_paused():
        return _page_data(tour, options)


def _page_data(tour: Tour, options: PageOptions) -> dict[str, Any]:
    from tourmap.geo import arc, bounds, legs, route, unwrapped_lons

    stops = tour.stops
    many = len(stops) > FAST_ROUTE_THRESHOLD
    tour_legs = legs(tour) if len(stops) <= 20_000 else []
    if many:
        # The page draws great circles between consecutive stops itself (see tm/route.js,
        # greatCircle): a megabyte and a half less to send, and no arcs to compute here.
        lons = [s.lon for s in stops]
        arcs: list[list[tuple[float, float]]] = []
        # Frame the stops; a tour spread round the world gets the whole of one world.
        (south, west), (north, east) = bounds([(s.lat, s.lon) for s in stops])
        if east - west > 180.0:
            west, east = -180.0, 180.0
    else:
        arcs = route(stops, step_km=100.0, max_points=64)
        lons = unwrapped_lons(stops)
        if max(lons) - min(lons) > WORLD_SPAN:
            # A route round the world: unwrapped, it would stretch over several world
            # copies. Keep each stop on one world and let each arc start at its own stop.
            lons = [s.lon for s in stops]
            arcs = [arc((a.lat, a.lon), (b.lat, b.lon), 100.0, 64) for a, b in itertools.pairwise(stops)]
            lats = [s.lat for s in stops]
            (south, west), (north, east) = (min(lats), -180.0), (max(lats), 180.0)
        else:
            points = [(s.lat, lon) for s, lon in zip(stops, lons)] + [p for a in arcs for p in a]
            (south, west), (north, east) = bounds(points)
    label_legs = len(tour_legs) <= LEG_LABEL_LIMIT
    return {
        "title": options.title or tour.title,
        "caption": options.caption,
        "labels": options.labels,
        "inset": options.inset,
        "view": options.view,
        # The credit line of an export: the tour's own sources, each publisher once.
        "sources": list(dict.fromkeys(source.publisher for source in tour.sources)),
        "dates": tour.date_range_label(),
        "selected": options.selected,
        "canvas": len(stops) > options.canvas_threshold,
        "bounds": [[south, west], [north, east]],
        "totalKm": round(sum(leg.km for leg in tour_legs), 1),
        # Big tours: no "legs"; the page joins consecutive stops by great circles, each
        # leg starting at its stop's own longitude (a route that circles the world dozens
        # of times stays on one world) and drawn again one world over where it runs past
        # +-180.
        "greatCircles": {"stepKm": 300.0, "maxPoints": 24} if many and len(tour_legs) else None,
        "stops": [_stop_record(n, s, lon) for n, (s, lon) in enumerate(zip(stops, lons), 1)],
        "legs": [
            {
                "from": leg.start.id,
                "to": leg.end.id,
                "km": round(leg.km, 1),
                "label": leg.label if label_legs else None,
                "points": arc,
            }
            for leg, arc in zip(tour_legs, arcs)
        ],
        **_page_setup(options),
    }


def _stop_record(n: int, stop: Stop, lon: float) -> dict[str, Any]:
    return {"id": stop.id, "n": n, "name": stop.name, "date": stop.date_label(), "lat": stop.lat, "lon": lon}


def stop_record(tour: Tour, index: int) -> dict[str, Any]:
    """The page's record of one stop of a big tour (its own longitude; see _page_data),
    for an edit that changes it in place."""
    return _stop_record(index + 1, tour.stops[index], tour.stops[index].lon)


def _page_setup(options: PageOptions) -> dict[str, Any]:
    """The part of the page data that does not depend on the tour."""
    return {
        "mode": options.mode,
        "basemap": {
            "url": BASEMAP,
            "attribution": BASEMAP_ATTRIBUTION,
            # Exports always get the detailed one: they are looked at closely, and at once.
            "coarse": {"url": BASEMAP_COARSE, "belowZoom": BASEMAP_COARSE_BELOW_ZOOM} if options.mode == "app" else None,
            # The inset locator's world map.
            "inset": BASEMAP_COARSE if options.inset else None,
        },
        "online": [
            {"name": o.name, "url": o.url, "attribution": o.attribution, "maxZoom": o.max_zoom}
            for o in options.online_layers
        ],
    }


def build_page(tour: Tour, options: PageOptions = PageOptions()) -> str:
    """The HTML of the map page. Relative URLs resolve against where the app serves it.

    folium renders the page once per kind of page (mode, scripts, tile hosts) with
    placeholders for the title, the start location and the tour data; that skeleton is
    kept in memory and in the user's cache folder, and each tour is filled in with the same
    escaping folium's templates apply (``|e`` and ``|tojson``). The result is the page
    folium would render, without importing folium on every start. ``TOURMAP_PAGE_CACHE=0``
    turns the cache folder off.
    """
    with gc_paused():
        skeleton = _skeleton(_page_kind(options))
        values = {
            "title": _escape(options.title or tour.title),
            "location": json.dumps([float(tour.stops[0].lat), float(tour.stops[0].lon)]),
            "data": _htmlsafe_json(_payload(tour, options)),
        }
        return _fill(skeleton, values)


def build_shell(data_url: str, options: PageOptions = PageOptions()) -> str:
    """The app's page without a tour: it fetches ``data_url`` (the bytes of
    :func:`page_json`) and draws the tour when they arrive.

    The app loads this page while it is still reading the tour file, so Chromium starts,
    Leaflet loads and the basemap is prepared in parallel with Python's work.
    """
    with gc_paused():
        skeleton = _skeleton(_page_kind(options))
        values = {
            "title": _escape(options.title or "tourmap"),
            "location": json.dumps(_SHELL_LOCATION),
            "data": _htmlsafe_json({"fetch": data_url, **_page_setup(options)}),
        }
        return _fill(skeleton, values)


def page_json(tour: Tour, options: PageOptions = PageOptions()) -> bytes:
    """What a shell page fetches: the page data as UTF-8 JSON (read with JSON.parse,
    never placed in markup, so it needs no HTML escaping). orjson: the json module took
    100 ms for a 10,000-stop tour, the GIL held (a reload's thread froze the window)."""
    data = page_data(tour, options)
    text = orjson.dumps(data)
    for key in ("stops", "legs"):  # built afresh for this call, and the bulk of it
        free_piecewise(data[key])
    return text


def build_page_with_folium(tour: Tour, options: PageOptions = PageOptions()) -> str:
    """The page rendered by folium directly, without the skeleton cache (for checks)."""
    with gc_paused():
        return _render(_page_kind(options), options.title or tour.title, [tour.stops[0].lat, tour.stops[0].lon], _payload(tour, options))


def _payload(tour: Tour, options: PageOptions) -> Any:
    """What goes to ``tourmap.init``: the page data, for big tours as JSON text."""
    data = page_data(tour, options)
    if len(tour.stops) > FAST_ROUTE_THRESHOLD:
        # Megabytes of data: as a string for JSON.parse, which reads it several times
        # faster than the JavaScript parser reads the same object literal.
        return json.dumps(data, sort_keys=True)
    return data


# -- the page skeleton -------------------------------------------------------------------------

_SKELETON_FORMAT = "1"
#: The page script, one file per layer (resources/web/tm/), in load order: each file adds
#: its part to the ``TM`` namespace that core.js declares with the page's one state object.
PAGE_SCRIPTS = tuple(
    f"tm/{name}.js"
    for name in ("core", "tooltip", "canvas", "land", "dots", "markers", "route", "labels", "selection", "filter", "edit", "furniture", "layout", "app")
)
_TITLE = "tourmap-title-placeholder-5e1f0c"
_DATA = "tourmap-data-placeholder-5e1f0c"
_LOCATION = [12.3456789, 98.7654321]
#: Where a shell page's map starts; it frames the tour once the data is in.
_SHELL_LOCATION = [20.0, 0.0]


@dataclass(frozen=True)
class _PageKind:
    scripts: tuple[str, ...]
    styles: tuple[str, ...]
    tile_hosts: tuple[str, ...]


@dataclass(frozen=True)
class _Skeleton:
    parts: tuple[str, ...]  # text around the holes; len(parts) == len(holes) + 1
    holes: tuple[str, ...]  # "title", "location" or "data"


_SKELETONS: dict[_PageKind, _Skeleton] = {}


def _page_kind(options: PageOptions) -> _PageKind:
    scripts = []
    if options.mode == "app":
        scripts.append("qwebchannel.js")
    scripts.extend(PAGE_SCRIPTS)
    hosts = sorted({_origin(o.url) for o in options.online_layers})
    return _PageKind(tuple(scripts), ("tourmap.css",), tuple(hosts))


def _render(kind: _PageKind, title: str, location: list[float], data: Any) -> str:
    from tourmap.page.elements import Assets, OfflineMap, PageMeta, TourLayer

    fmap = OfflineMap(
        location=location,
        zoom_start=3,
        tiles=None,
        prefer_canvas=False,
        world_copy_jump=False,
        zoom_snap=0.25,
        zoom_control=True,
        attribution_control=True,
    )
    fmap.add_child(Assets(scripts=list(kind.scripts), styles=list(kind.styles)))
    fmap.add_child(PageMeta(title=title, tile_hosts=list(kind.tile_hosts)))
    fmap.add_child(TourLayer(data))
    return fmap.get_root().render()


def _skeleton(kind: _PageKind) -> _Skeleton:
    cached = _SKELETONS.get(kind)
    if cached is not None:
        return cached
    path = _cache_file(kind)
    skeleton = _read_skeleton(path) if path else None
    if skeleton is None:
        skeleton = _make_skeleton(kind)
        if path:
            _write_skeleton(path, skeleton)
    _SKELETONS[kind] = skeleton
    return skeleton


def _fill(skeleton: _Skeleton, values: dict[str, str]) -> str:
    out = [skeleton.parts[0]]
    for hole, part in zip(skeleton.holes, skeleton.parts[1:]):
        out.append(values[hole])
        out.append(part)
    return "".join(out)


def _make_skeleton(kind: _PageKind) -> _Skeleton:
    html = _render(kind, _TITLE, _LOCATION, _DATA)
    markers = {
        "title": _escape(_TITLE),
        "location": json.dumps(_LOCATION),
        "data": _htmlsafe_json(_DATA),
    }
    found = []
    for hole, marker in markers.items():
        if html.count(marker) != 1:
            raise RuntimeError(f"page skeleton: expected one {hole} placeholder, found {html.count(marker)}")
        found.append((html.index(marker), hole, marker))
    parts, holes, at = [], [], 0
    for index, hole, marker in sorted(found):
        parts.append(html[at:index])
        holes.append(hole)
        at = index + len(marker)
    parts.append(html[at:])
    return _Skeleton(tuple(parts), tuple(holes))


def _cache_file(kind: _PageKind) -> Path | None:
    """Where this kind of skeleton is kept; None when caching is off or cannot be keyed."""
    if os.environ.get("TOURMAP_PAGE_CACHE", "1") in ("0", "false", "no"):
        return None
    key = hashlib.sha256()
    key.update(f"{_SKELETON_FORMAT}|{sys.version_info[:2]}|{kind!r}".encode())
    here = Path(__file__).resolve().parent
    try:
        for source in (here / "builder.py", here / "elements.py"):
            key.update(source.read_bytes())
        # Installed versions of what renders the page: any reinstall changes the key.
        for package in ("folium", "branca", "jinja2", "markupsafe"):
            spec = importlib.util.find_spec(package)
            if spec is None or not spec.origin or not os.path.isfile(spec.origin):
                return None
            stat = os.stat(spec.origin)
            key.update(f"|{package}|{spec.origin}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    except OSError:
        return None
    return _cache_dir() / f"page-skeleton-{key.hexdigest()[:24]}.json"


def _cache_dir() -> Path:
    if folder := os.environ.get("TOURMAP_CACHE_DIR"):
        return Path(folder)
    if sys.platform.startswith("win"):
        return Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local") / "tourmap" / "cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "tourmap"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "tourmap"


def _read_skeleton(path: Path) -> _Skeleton | None:
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        parts, holes = tuple(stored["parts"]), tuple(stored["holes"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if len(parts) != len(holes) + 1 or sorted(holes) != ["data", "location", "title"] or not all(isinstance(p, str) for p in parts):
        return None
    return _Skeleton(parts, holes)


def _write_skeleton(path: Path, skeleton: _Skeleton) -> None:
    """Best effort: a read-only home only means folium renders on every start."""
    from tourmap.files import write_atomic

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps({"parts": skeleton.parts, "holes": skeleton.holes}).encode("utf-8"))
    except OSError:
        pass


#: markupsafe.escape's table (what Jinja's ``|e`` applies), without loading markupsafe's
#: C extension on the way to the first page (9 ms); tests check the two agree.
_HTML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "'": "&#39;", '"': "&#34;"})


def _escape(text: str) -> str:
    """Jinja's ``|e``."""
    return text.translate(_HTML_ESCAPES)


def _htmlsafe_json(value: Any) -> str:
    """Jinja's ``|tojson``: JSON with sorted keys, safe inside <script> and attributes."""
    return (
        json.dumps(value, sort_keys=True)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("'", "\\u0027")
    )


def _origin(url: str) -> str:
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}"

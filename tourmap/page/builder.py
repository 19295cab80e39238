"""Tour to map page (HTML text). Pure Python: the Qt side only serves what this returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from tourmap.geo import bounds, legs, route, unwrapped_lons
from tourmap.model import Tour
from tourmap.page.elements import Assets, OfflineMap, PageMeta, TourLayer

#: Above this many stops, markers are drawn on one canvas instead of one element each.
CANVAS_THRESHOLD = 500
#: Above this many legs, distance labels are left off the route.
LEG_LABEL_LIMIT = 200

BASEMAP = "basemap/countries-50m.json"
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
    online_layers: tuple[OnlineLayer, ...] = field(default=ONLINE_LAYERS)
    canvas_threshold: int = CANVAS_THRESHOLD


def page_data(tour: Tour, options: PageOptions = PageOptions()) -> dict[str, Any]:
    """Everything the page script needs, as plain JSON values."""
    stops = tour.stops
    many = len(stops) > 1000
    arcs = route(stops, step_km=300.0 if many else 100.0, max_points=6 if many else 64)
    lons = unwrapped_lons(stops)
    tour_legs = legs(tour) if len(stops) <= 20_000 else []
    label_legs = len(tour_legs) <= LEG_LABEL_LIMIT
    points = [(s.lat, lon) for s, lon in zip(stops, lons)] + [p for a in arcs for p in a]
    (south, west), (north, east) = bounds(points)
    return {
        "mode": options.mode,
        "title": options.title or tour.title,
        "dates": tour.date_range_label(),
        "selected": options.selected,
        "canvas": len(stops) > options.canvas_threshold,
        "bounds": [[south, west], [north, east]],
        "stops": [
            {
                "id": s.id,
                "n": n,
                "name": s.name,
                "date": s.date_label(),
                "lat": s.lat,
                "lon": lon,
            }
            for n, (s, lon) in enumerate(zip(stops, lons), 1)
        ],
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
        "basemap": {"url": BASEMAP, "attribution": BASEMAP_ATTRIBUTION},
        "online": [
            {"name": o.name, "url": o.url, "attribution": o.attribution, "maxZoom": o.max_zoom}
            for o in options.online_layers
        ],
    }


def build_page(tour: Tour, options: PageOptions = PageOptions()) -> str:
    """The HTML of the map page. Relative URLs resolve against where the app serves it."""
    fmap = OfflineMap(
        location=[tour.stops[0].lat, tour.stops[0].lon],
        zoom_start=3,
        tiles=None,
        prefer_canvas=False,
        world_copy_jump=False,
        zoom_snap=0.25,
        zoom_control=True,
        attribution_control=True,
    )
    scripts = ["vendor/topojson-client/topojson-client.min.js"]
    if options.mode == "app":
        scripts.append("qwebchannel.js")
    scripts.append("tourmap.js")
    fmap.add_child(Assets(scripts=scripts, styles=["tourmap.css"]))
    hosts = sorted({_origin(o.url) for o in options.online_layers})
    fmap.add_child(PageMeta(title=options.title or tour.title, tile_hosts=hosts))
    fmap.add_child(TourLayer(page_data(tour, options)))
    return fmap.get_root().render()


def _origin(url: str) -> str:
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}"

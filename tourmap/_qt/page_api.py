"""Every call Python makes into a map page, the window's and the export's, in one place.

The page script's public object is ``window.tourmap`` (resources/web/tm/app.js); what comes
back from the page arrives through the bridge (:mod:`tourmap._qt.bridge`). Values reach
JavaScript only as JSON (tour text included), never pasted into script text otherwise.
Answers that are arrays come back as JSON text (PySide6 6.12 hands JS arrays over as
empty strings).

Edits reach the page without a reload: :meth:`PageApi.update_stops` moves and renames
stops in place (their markers and their legs), :meth:`PageApi.update_tour` rebuilds the
tour's layers from new page data and keeps the view.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Literal

from PySide6.QtWebEngineCore import QWebEnginePage

Fly = Literal["fly", "pan", "instant", "stay"]


def js(value: Any) -> str:
    """A Python value as a JavaScript literal (JSON is one)."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


class PageApi:
    """Typed calls into one page; each does nothing on a page that is not built yet."""

    def __init__(self, page: QWebEnginePage) -> None:
        self._page = page

    def run(self, script: str, answer: Callable[[Any], None] | None = None) -> None:
        """Run ``script``; ``answer`` gets its value (parsed when it is JSON text of an array
        or object)."""
        if answer is None:
            self._page.runJavaScript(script, 0)
        else:
            self._page.runJavaScript(script, 0, lambda value: answer(_parsed(value)))

    def _call(self, name: str, *args: str, answer: Callable[[Any], None] | None = None) -> None:
        self.run(f"window.tourmap && window.tourmap.built() ? window.tourmap.{name}({', '.join(args)}) : null", answer)

    # -- the window's map -------------------------------------------------------------------

    def select(self, stop_id: str | None, fly: Fly = "pan") -> None:
        """Show ``stop_id`` selected (None: nothing). ``fly``: fly there, pan there when it
        is out of view, jump there, or leave the view as it is."""
        mode = {"fly": "true", "pan": "false", "instant": '"instant"', "stay": '"stay"'}[fly]
        self._call("select", js(stop_id), mode)

    def fit_all(self, animate: bool = True) -> None:
        self._call("fitAll", js(animate))

    def set_filter(self, lit: list[int] | None) -> None:
        """Dim the stops not in ``lit`` (indexes in tour order); None: no filter."""
        self._call("setFilter", js(lit))

    def update_tour(self, data: bytes) -> None:
        """The tour's layers rebuilt from ``data`` (:func:`tourmap.page.page_json`); the view
        and the selection stay."""
        self._call("update", data.decode("utf-8"))

    def update_stops(self, stops: list[dict[str, Any]], total_km: float | None = None) -> None:
        """Stops changed in place (the page's stop records: id, n, name, date, lat, lon):
        their markers move and their legs are drawn again."""
        self._call("updateStops", js(stops), js(total_km))

    def view(self, answer: Callable[[Any], None]) -> None:
        """What the map shows, for an export of it: bounds, layers shown, selection, filter
        (see ``viewJson`` in app.js); {} before the tour is drawn."""
        self.run("window.tourmap && window.tourmap.built() ? window.tourmap.viewJson() : '{}'", answer)

    def center(self, answer: Callable[[tuple[float, float] | None], None]) -> None:
        """The map view's centre (lat, lon), or None before the tour is drawn."""

        def parsed(value: Any) -> None:
            center = _parsed(value)
            answer((float(center[0]), float(center[1])) if isinstance(center, list) and len(center) == 2 else None)

        self.run("window.tourmap && window.tourmap.built() ? window.tourmap.centerJson() : 'null'", parsed)

    def latlng_at(self, x: int, y: int, answer: Callable[[Any], None]) -> None:
        """The map's [lat, lon] at a point of the view (CSS pixels), or None."""
        self._call("latLngAt", js(x), js(y), answer=answer)

    def state(self, answer: Callable[[Any], None]) -> None:
        """The page's state for tests and benchmarks (see ``stateJson`` in app.js)."""
        self.run("window.tourmap && window.tourmap.built() ? window.tourmap.stateJson() : '{}'", answer)

    # -- the export's page ------------------------------------------------------------------

    def is_ready(self, answer: Callable[[bool], None]) -> None:
        self.run("document.documentElement.dataset.ready", lambda value: answer(value == "true"))

    def frame(self, stop_id: str | None, view: bool = False) -> None:
        """The export's view: the window's (``view``: the page has it), on the stop, or the whole tour."""
        if view:
            self.select(stop_id, "stay")
            self._call("frame")
        elif stop_id:
            self.select(stop_id, "instant")
        else:
            self.select(None)
            self.fit_all(False)

    def layout(self, answer: Callable[[Any], None]) -> None:
        """The frame as laid out, for the vector writer (see ``layoutJson`` in app.js)."""
        self.run("window.tourmap.layoutJson()", answer)

    def stop_points(self, answer: Callable[[Any], None]) -> None:
        """[x, y] of every stop in the map's container (CSS pixels), in tour order."""
        self.run("window.tourmap.stopPointsJson()", answer)

    def request_paint(self) -> None:
        """Mark the page once two animation frames have been painted (see :meth:`painted`)."""
        self.run("window.__tmPainted = false; requestAnimationFrame(function(){requestAnimationFrame(function(){window.__tmPainted = true;});}); true")

    def painted(self, answer: Callable[[bool], None]) -> None:
        self.run("window.__tmPainted === true", lambda value: answer(value is True))


def _parsed(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ("{", "["):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value

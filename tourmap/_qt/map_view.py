"""The map: a QWebEngineView on the app's page, and a page that stays where it is put."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineSettings
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QWidget

from tourmap._qt.bridge import MapBridge
from tourmap._qt.page_api import PageApi
from tourmap._qt.scheme import HOST, SCHEME, app_profile
from tourmap.page import PageOptions, build_shell, page_json
from tourmap.page.builder import FAST_ROUTE_THRESHOLD, stop_record

if TYPE_CHECKING:
    from tourmap.model import Tour

log = logging.getLogger(__name__)


class MapPage(QWebEnginePage):
    """Refuses to navigate away from the app's page; links open in the system browser."""

    def __init__(self, parent: QWidget | None = None) -> None:
        profile, _ = app_profile()
        super().__init__(profile, parent)
        self.console: list[tuple[int, str]] = []
        settings = self.settings()
        settings.setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, False)
        settings.setAttribute(QWebEngineSettings.WebAttribute.JavascriptCanOpenWindows, False)
        settings.setAttribute(QWebEngineSettings.WebAttribute.PluginsEnabled, False)
        settings.setAttribute(QWebEngineSettings.WebAttribute.ShowScrollBars, False)

    def acceptNavigationRequest(self, url: QUrl | str, kind: QWebEnginePage.NavigationType, is_main_frame: bool) -> bool:  # noqa: N802
        url = QUrl(url)
        if url.scheme() == SCHEME.decode() and url.host() == HOST:
            return True
        if kind == QWebEnginePage.NavigationType.NavigationTypeLinkClicked and url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)
        log.info("refused navigation to %s", url.toString())
        return False

    # Qt takes a null page as a refusal; PySide6's stubs do not say the result may be None.
    def createWindow(self, kind: QWebEnginePage.WebWindowType) -> QWebEnginePage | None:  # type: ignore[override]  # noqa: N802
        return None  # target=_blank and window.open: refused; links go through acceptNavigationRequest

    def javaScriptConsoleMessage(self, level: QWebEnginePage.JavaScriptConsoleMessageLevel, message: str, line: int, source: str) -> None:  # noqa: N802
        self.console.append((int(level.value), message))
        del self.console[:-200]
        log.debug("js %s:%s: %s", source, line, message)


class MapView(QWebEngineView):
    """The tour on a map. Selection comes in through :meth:`show_selection`, edits through
    :meth:`update_tour` and :meth:`update_stops`; clicks and drags go out through
    ``bridge.markerClicked`` and ``bridge.markerMoved``. ``mapReady`` fires once per
    loaded page."""

    mapReady = Signal()
    #: A right-click on the map: the point (view coordinates) and the map's lat, lon there.
    contextMenuAt = Signal(QPoint, float, float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mapView")
        self.setMinimumSize(QSize(320, 240))
        self.setAcceptDrops(False)  # dropped tour files go to the window
        # A right-click asks the page where it was (see request_context_menu).
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)
        self._page = MapPage(self)
        self.setPage(self._page)
        self.bridge = MapBridge(self)
        self._channel = QWebChannel(self._page)
        self._channel.registerObject("bridge", self.bridge)
        self._page.setWebChannel(self._channel)
        self.api = PageApi(self._page)
        self.bridge.ready.connect(self._on_ready)
        self._ready = False
        self._selected = ""
        self._pending: str | None = None  # the page's tour data, not yet sent
        self.tour: Tour | None = None  # the tour on the page

    def _context_menu(self, pos: QPoint) -> None:
        if not self._ready:
            return
        zoom = self._page.zoomFactor() or 1.0

        def answered(at: object) -> None:
            if isinstance(at, list) and len(at) == 2:
                self.contextMenuAt.emit(pos, float(at[0]), float(at[1]))

        self.api.latlng_at(round(pos.x() / zoom), round(pos.y() / zoom), answered)

    @property
    def is_ready(self) -> bool:
        return self._ready

    def begin(self) -> None:
        """Load the page before the tour is known; :meth:`show_tour` completes it.

        Chromium starts, Leaflet loads and the basemap is prepared while Python still
        reads the tour file: most of what a start-up waits for happens in parallel.
        """
        self._ready = False
        _, handler = app_profile()
        self._pending = handler.reserve()
        self.load(handler.publish(build_shell(self._pending, PageOptions(mode="app"))))

    def show_tour(self, tour: Tour, selected: str | None = None, data: bytes | None = None) -> None:
        """Draw ``tour``; ``data`` is its :func:`~tourmap.page.page_json`, when made already."""
        if self._pending is None:
            self.begin()
        self._ready = False
        self._selected = selected or ""
        self.tour = tour
        _, handler = app_profile()
        pending, self._pending = self._pending, None
        assert pending is not None
        handler.fulfil(pending, data if data is not None else page_json(tour, PageOptions(mode="app", selected=selected)))

    def _on_ready(self) -> None:
        self._ready = True
        self.mapReady.emit()

    def show_selection(self, stop_id: str | None, fly: bool) -> None:
        self._selected = stop_id or ""
        self.api.select(stop_id, "fly" if fly else "pan")

    def show_filter(self, lit: Iterable[int] | None) -> None:
        """Dim the stops not in ``lit`` (indexes in tour order); None: no filter."""
        self.api.set_filter(None if lit is None else sorted(lit))

    def fit_all(self) -> None:
        self.api.fit_all(True)

    def update_tour(self, tour: Tour) -> None:
        """The page follows an edited tour without loading again: its layers are rebuilt
        (a small tour, or stops added, removed or reordered)."""
        self.tour = tour
        self.api.update_tour(page_json(tour, PageOptions(mode="app")))

    def update_stops(self, tour: Tour, stop_ids: tuple[str, ...]) -> None:
        """Stops of ``tour`` changed in place: their markers and legs are redrawn, nothing
        else. A tour small enough for a marker per stop is rebuilt instead (its legs are
        geodesics unwrapped along the route, worked out here; a big tour's are great
        circles the page draws itself)."""
        self.tour = tour
        if len(tour.stops) <= FAST_ROUTE_THRESHOLD:
            self.update_tour(tour)
            return
        records = [stop_record(tour, tour.stop_index[i]) for i in stop_ids if i in tour.stop_index]
        self.api.update_stops(records)


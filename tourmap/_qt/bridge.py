"""The one object shared with the page over the QWebChannel: what the page tells the app.

The page reports what the user did (``stopClicked``, ``stopMoved``) and that it is ready
(``pageReady``); these come out as Qt signals. Python's calls into the page (selection,
framing, the agenda filter, edits) go through :mod:`tourmap._qt.page_api`. The page never
decides selection itself when the bridge is there: the app answers a click by selecting.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot


class MapBridge(QObject):
    markerClicked = Signal(str)
    markerMoved = Signal(str, float, float)  # stop id, lat, lon: one finished drag
    ready = Signal()

    @Slot(str)
    def stopClicked(self, stop_id: str) -> None:  # noqa: N802 (a JavaScript-facing name)
        self.markerClicked.emit(stop_id)

    @Slot(str, float, float)
    def stopMoved(self, stop_id: str, lat: float, lon: float) -> None:  # noqa: N802
        self.markerMoved.emit(stop_id, lat, lon)

    @Slot()
    def pageReady(self) -> None:  # noqa: N802
        self.ready.emit()

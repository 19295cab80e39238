"""The one object shared with the page over the QWebChannel: the only seam to JavaScript.

The page reports what the user did (``stopClicked``) and that it is ready (``pageReady``);
Python tells the page what is selected (``selectionChanged``), when to frame the tour
(``fitAllRequested``) and which stops the agenda filter leaves (``filterChanged``). The page never decides selection itself when the bridge is there.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot


class MapBridge(QObject):
    # Python -> page
    selectionChanged = Signal(str, bool)  # stop id ("" for none), fly there
    fitAllRequested = Signal()
    filterChanged = Signal(str)  # JSON: indexes of the stops passing the agenda filter, or null
    # page -> Python, re-emitted as Qt signals for the rest of the app
    markerClicked = Signal(str)
    ready = Signal()

    @Slot(str)
    def stopClicked(self, stop_id: str) -> None:  # noqa: N802 (a JavaScript-facing name)
        self.markerClicked.emit(stop_id)

    @Slot()
    def pageReady(self) -> None:  # noqa: N802
        self.ready.emit()

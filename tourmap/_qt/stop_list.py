"""The list of stops: a QListView that stays usable in a small window."""

from __future__ import annotations

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

#: Rows the list shows at the least, however small the window (800x600 and less).
MIN_ROWS = 4


class StopList(QListView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # A row is a name and a line of dates and counts (see StopListModel), with the
        # style's margins round them.
        row = 2 * self.fontMetrics().lineSpacing() + 12
        self.setMinimumHeight(MIN_ROWS * row + 2 * self.frameWidth())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        """Shrinking the window (or the panel's splitter) keeps the selected stop in view."""
        super().resizeEvent(event)
        current = self.currentIndex()
        if current.isValid():
            self.scrollTo(current, QAbstractItemView.ScrollHint.EnsureVisible)

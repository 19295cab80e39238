"""The list of stops: a QListView that stays usable in a small window."""

from __future__ import annotations

from PySide6.QtGui import QFocusEvent, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QAbstractScrollArea, QListView, QWidget

#: Rows the list shows at the least, however small the window (800x600 and less).
MIN_ROWS = 4


class StopList(QListView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # A row is a name and a line of dates and counts (see StopListModel), with the
        # style's margins round them.
        row = 2 * self.fontMetrics().lineSpacing() + 12
        self.setMinimumHeight(MIN_ROWS * row + 2 * self.frameWidth())

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        """Focus alone selects nothing. QAbstractItemView makes the first row current
        (without selecting it) when a list with no current row gets the focus: the window
        would show that stop as if chosen, and Next Stop would go to the second."""
        if self.currentIndex().isValid():
            super().focusInEvent(event)
        else:
            QAbstractScrollArea.focusInEvent(self, event)
            self.viewport().update()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        """Shrinking the window (or the panel's splitter) keeps the selected stop in view."""
        super().resizeEvent(event)
        current = self.currentIndex()
        if current.isValid():
            self.scrollTo(current, QAbstractItemView.ScrollHint.EnsureVisible)

"""A message above the map that stays until it is dismissed or no longer true.

The status bar's messages vanish after seconds; a reload that failed, with each of its
problems, or a tour file that is gone, must still be there when the person looks up.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPlainTextEdit, QStyle, QToolButton, QVBoxLayout, QWidget

#: Problems shown before the list scrolls.
VISIBLE_LINES = 6


class MessageBar(QFrame):
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#messageBar { background: #fff4df; border: 1px solid #d9a441; border-radius: 3px; } #messageBar QLabel { color: #3a2a00; }")
        self.kind = ""
        self.title = QLabel()
        self.title.setObjectName("messageTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # file names and tour text are data
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.details = QPlainTextEdit()
        self.details.setObjectName("messageDetails")
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.details.setFrameShape(QFrame.Shape.NoFrame)
        self.details.setStyleSheet("background: transparent;")
        close = QToolButton()
        close.setObjectName("messageClose")
        close.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_TitleBarCloseButton))
        close.setToolTip("Dismiss this message")
        close.setAccessibleName("Dismiss message")
        close.setAutoRaise(True)
        close.clicked.connect(self.dismiss)
        text = QVBoxLayout()
        text.setContentsMargins(0, 0, 0, 0)
        text.addWidget(self.title)
        text.addWidget(self.details)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addLayout(text, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_message(self, kind: str, title: str, lines: Sequence[str] = ()) -> None:
        """Show ``title`` and one line per item of ``lines`` (plain text); ``kind`` names
        the message so that what resolves it can clear it (see :meth:`clear`)."""
        self.kind = kind
        self.title.setText(title)
        self.details.setPlainText("\n".join(lines))
        self.details.setVisible(bool(lines))
        rows = min(len(lines), VISIBLE_LINES)
        line_height = self.details.fontMetrics().lineSpacing()
        self.details.setFixedHeight(rows * line_height + 2 * int(self.details.document().documentMargin()) + 4)
        self.show()

    def clear(self, kind: str | None = None) -> None:
        """Hide the message (only one of ``kind``, when given)."""
        if kind is None or kind == self.kind:
            self.kind = ""
            self.hide()

    def dismiss(self) -> None:
        self.clear()
        self.dismissed.emit()

    def lines(self) -> list[str]:
        text = self.details.toPlainText()
        return text.split("\n") if text else []

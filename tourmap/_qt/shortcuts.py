"""Window shortcuts that text fields must not take for themselves."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget


class WindowShortcutsFirst(QObject):
    """Lets a few of a window's shortcuts through its text fields.

    On X11 a QLineEdit claims Ctrl+E ("end of line", Emacs style) in its ShortcutOverride,
    so Export Snapshot never fired while the filter field had the focus. A shortcut
    override left unaccepted goes to the window's actions instead. The filter sits on
    the widget with the focus only: one on the application would see every event.
    """

    def __init__(self, window: QWidget, actions: Sequence[QAction]) -> None:
        super().__init__(window)
        self._window = window
        self._actions = tuple(actions)
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusChanged.connect(self._focus_changed)

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if old is not None:
            old.removeEventFilter(self)
        if new is not None and new.window() is self._window:
            new.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
            return False
        pressed = QKeySequence(event.keyCombination())
        return any(
            action.isEnabled() and shortcut.matches(pressed) == QKeySequence.SequenceMatch.ExactMatch
            for action in self._actions
            for shortcut in action.shortcuts()
        )

"""Following a tour file on disk through every way programs write files.

An editor may write the file in place, rename a new file over it, or delete it and write
it again (``git checkout`` does). QFileSystemWatcher drops a path when its file goes, so
the folder is watched too: when the file comes back it is watched again and counts as
changed. While it is gone the window says so.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal


class FileFollower(QObject):
    #: The file may have changed (written, replaced, or back after being gone). Signals
    #: come in bursts while a program writes: this one comes once, after a short quiet.
    changed = Signal()
    #: The file went (True) or came back (False).
    missingChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None, settle_ms: int = 300) -> None:
        super().__init__(parent)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._poke)
        self._watcher.directoryChanged.connect(self._poke)
        self._timer = QTimer(self, singleShot=True, interval=settle_ms)
        self._timer.timeout.connect(self._settle)
        self.path: Path | None = None
        self.missing = False

    def follow(self, path: Path | None) -> None:
        """Follow ``path`` (None: nothing)."""
        self._timer.stop()
        if watched := self._watcher.files() + self._watcher.directories():
            self._watcher.removePaths(watched)
        self.path = path
        if path is not None:
            if path.parent.is_dir():
                self._watcher.addPath(str(path.parent))
            if path.exists():
                self._watcher.addPath(str(path))
        self._set_missing(path is not None and not path.exists())

    def files(self) -> list[str]:
        return self._watcher.files()

    def _poke(self, _name: str) -> None:
        self._timer.start()

    def _settle(self) -> None:
        path = self.path
        if path is None:
            return
        there = path.exists()
        if there and str(path) not in self._watcher.files():
            self._watcher.addPath(str(path))  # back, or replaced: the watcher dropped it
        self._set_missing(not there)
        if there:
            self.changed.emit()

    def _set_missing(self, missing: bool) -> None:
        if missing != self.missing:
            self.missing = missing
            self.missingChanged.emit(missing)

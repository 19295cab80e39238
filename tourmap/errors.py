"""The one error type users see."""

from __future__ import annotations

from pathlib import Path


class TourError(Exception):
    """A tour file that cannot be used, with where and why.

    ``str(error)`` is the one line the CLI prints and the GUI shows: ``FILE: PLACE: REASON``.
    """

    def __init__(self, file: str | Path, place: str, reason: str) -> None:
        self.file = str(file)
        self.place = place
        self.reason = reason
        super().__init__(self.line())

    def line(self) -> str:
        parts = [self.file, self.place, self.reason] if self.place else [self.file, self.reason]
        # One line, whatever the data held: newlines in a bad value would split the message.
        return ": ".join(parts).replace("\r", "\\r").replace("\n", "\\n")

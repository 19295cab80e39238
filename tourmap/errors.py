"""The one error type users see."""

from __future__ import annotations

import os
import re

#: Exit statuses of the commands: 2 is for what the user can fix on the command line (a bad
#: tour file, a bad option or output path); 1 for failures they cannot fix there (no
#: display, a render that did not finish, a full disk).
EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2


class TourError(Exception):
    """A tour file that cannot be used, with where and why.

    ``str(error)`` is the one line the CLI prints and the GUI shows: ``FILE: PLACE: REASON``.
    """

    def __init__(self, file: str | os.PathLike[str], place: str, reason: str) -> None:
        self.file = str(file)
        self.place = place
        self.reason = reason
        super().__init__(self.line())

    def line(self) -> str:
        parts = [self.file, self.place, self.reason] if self.place else [self.file, self.reason]
        return one_line(": ".join(parts))


def one_line(text: str) -> str:
    """``text`` with control characters and lone surrogates escaped: newlines in a value
    (or a file name) would split a message, other control characters (e.g. terminal
    escapes) would act on the terminal, and a surrogate (a "\\ud800" escape, or a byte
    of a file name that is not UTF-8) could not be printed or encoded at all."""
    return _CONTROL.sub(_escape, text)


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    return _NAMED.get(ch) or (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")

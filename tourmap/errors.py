"""The one error type users see."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from typing import Any

#: Exit statuses of the commands: 2 is for what the user can fix on the command line (a bad
#: tour file, a bad option or output path); 1 for failures they cannot fix there (no
#: display, a render that did not finish, a full disk).
EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2


class TourError(Exception):
    """A tour file that cannot be used, with where and why.

    ``str(error)`` is the one line the CLI prints for a file it cannot open:
    ``FILE: PLACE: REASON``, with a count of any further problems. :meth:`lines` has every
    problem, one line each (``tourmap validate``, the window's message).

    ``place`` says where as the file's structure does (``stops[2].lat``, ``3:14``);
    ``where``, when given, as the window numbers it (``stop 3 (Brussels): lat``), and is
    what the lines show. ``more``: further problems as (place, where, reason);
    ``uncounted``: how many problems beyond those were left out.
    """

    def __init__(
        self,
        file: str | os.PathLike[str],
        place: str,
        reason: str,
        *,
        where: str | None = None,
        more: Sequence[tuple[str, str, str]] = (),
        uncounted: int = 0,
    ) -> None:
        self.file = str(file)
        self.place = place
        self.reason = reason
        self.where = place if where is None else where
        self.more = tuple(more)
        self.uncounted = uncounted
        super().__init__(self.line())

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled whole (a tour is read in a child process at start-up)."""
        return (_rebuild, (self.file, self.place, self.reason, self.where, self.more, self.uncounted))

    def line(self) -> str:
        others = len(self.more) + self.uncounted
        tail = f" [and {others:,} more problem{'s' if others > 1 else ''}]" if others else ""
        return self._line(self.where, self.reason + tail)

    def lines(self, *, with_file: bool = True) -> list[str]:
        """Every problem, one line each: the first, those in ``more``, then a count of the
        rest. ``with_file=False``: without the file name (where a title names it)."""
        lines = [self._line(self.where, self.reason, with_file)]
        lines += [self._line(where, reason, with_file) for _, where, reason in self.more]
        if self.uncounted:
            lines.append(self._line("", f"and {self.uncounted:,} more problem{'s' if self.uncounted > 1 else ''}", with_file))
        return lines

    def _line(self, where: str, reason: str, with_file: bool = True) -> str:
        parts = [self.file] if with_file else []
        parts += [where, reason] if where else [reason]
        return one_line(": ".join(parts))


def one_line(text: str) -> str:
    """``text`` with control characters and lone surrogates escaped: newlines in a value
    (or a file name) would split a message, other control characters (e.g. terminal
    escapes) would act on the terminal, and a surrogate (a "\\ud800" escape, or a byte
    of a file name that is not UTF-8) could not be printed or encoded at all."""
    return _CONTROL.sub(_escape, text)


def _rebuild(file: str, place: str, reason: str, where: str, more: tuple[tuple[str, str, str], ...], uncounted: int) -> TourError:
    return TourError(file, place, reason, where=where, more=more, uncounted=uncounted)


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    return _NAMED.get(ch) or (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")

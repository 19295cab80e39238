"""The recovery journal: unsaved edits written aside, so that a crash loses nothing.

While a tour has unsaved changes, the window writes it (whole, as the file's own text
would be) to a journal in the user's state folder (platformdirs: ``~/.local/state/tourmap``
on Linux), with the file it belongs to and the time. Saving, or undoing back to the saved
tour, removes the journal; so does closing after Save or Discard. A journal still there
when tourmap starts is from a run that ended without either: the window offers it back.

One journal per running tourmap (named by its process id): two windows never write over
each other's, and a journal whose process is still alive is not offered. A journal is two
JSON texts: one line saying whose and when, then the tour; start-up reads only the line
(a journalled tour of 10,000 stops took two seconds to check), the tour is read and
checked when the user restores it.

Qt-free: the window times the writes (see ``MainWindow._journal_*``); the writing itself
can run on a worker thread, since tours are immutable.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

import orjson

from tourmap.errors import TourError
from tourmap.files import process_alive, write_atomic
from tourmap.model import Tour
from tourmap.writing import tour_record

_NAME = re.compile(r"^journal-(?P<pid>\d+)\.json$")


def journal_dir() -> Path:
    override = os.environ.get("TOURMAP_STATE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_state_path

    return user_state_path("tourmap", appauthor=False)


def journal_path(pid: int | None = None) -> Path:
    return journal_dir() / f"journal-{os.getpid() if pid is None else pid}.json"


#: The head line's longest: a path and a time.
_HEAD_LIMIT = 64 * 1024


@dataclass(frozen=True)
class Recovered:
    """A journal left by a run that ended with unsaved changes."""

    journal: Path
    path: Path | None  # the tour's file; None for one never saved
    written: dt.datetime  # when the edits were journalled, local time

    def tour(self) -> Tour:
        """The journalled tour, checked by the loader's rules; TourError if they refuse it."""
        from tourmap.loader import validate_document

        try:
            with self.journal.open("rb") as journal:
                journal.readline(_HEAD_LIMIT)
                record = orjson.loads(journal.read())
        except (OSError, ValueError) as error:
            raise TourError(self.journal, "", f"the journal cannot be read ({error})") from None
        return validate_document(record, self.journal)

    def discard(self) -> None:
        self.journal.unlink(missing_ok=True)


def write(tour: Tour, path: Path | None, journal: Path | None = None) -> Path:
    """Journal ``tour`` (the document's file: ``path``); atomically, as saves are."""
    journal = journal or journal_path()
    journal.parent.mkdir(parents=True, exist_ok=True)
    head = {"path": str(path) if path else None, "written": dt.datetime.now().astimezone().isoformat(timespec="seconds")}
    write_atomic(journal, orjson.dumps(head) + b"\n" + orjson.dumps(tour_record(tour)))
    return journal


def remove(journal: Path | None = None) -> None:
    (journal or journal_path()).unlink(missing_ok=True)


def left_behind() -> list[Recovered]:
    """Journals of runs that are over, newest first; one whose head line cannot be read
    is removed: it holds nothing to offer. Their tours are read only when restored."""
    try:
        entries = list(journal_dir().iterdir())
    except OSError:
        return []
    found: list[Recovered] = []
    for journal in entries:
        named = _NAME.match(journal.name)
        if not named or int(named["pid"]) == os.getpid() or process_alive(int(named["pid"])):
            continue
        try:
            with journal.open("rb") as file:
                head = orjson.loads(file.readline(_HEAD_LIMIT))
            written = dt.datetime.fromisoformat(head["written"])
            path = Path(head["path"]) if head.get("path") else None
        except (OSError, ValueError, KeyError, TypeError):
            journal.unlink(missing_ok=True)
            continue
        found.append(Recovered(journal, path, written))
    return sorted(found, key=lambda r: r.written, reverse=True)

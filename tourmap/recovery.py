"""The recovery journal: unsaved edits written aside, so that a crash loses nothing.

While a tour has unsaved changes, the window writes it (whole, as the file's own text
would be) to a journal in the user's state folder (platformdirs: ``~/.local/state/tourmap``
on Linux), with the file it belongs to and the time. Saving, or undoing back to the saved
tour, removes the journal; so does closing after Save or Discard. A journal still there
when tourmap starts is from a run that ended without either: the window offers it back.

One journal per running tourmap (named by its process id): two windows never write over
each other's, and a journal whose process is still alive is not offered.

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
from tourmap.writing import record_dict

_NAME = re.compile(r"^journal-(?P<pid>\d+)\.json$")


def journal_dir() -> Path:
    override = os.environ.get("TOURMAP_STATE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_state_path

    return user_state_path("tourmap", appauthor=False)


def journal_path(pid: int | None = None) -> Path:
    return journal_dir() / f"journal-{os.getpid() if pid is None else pid}.json"


@dataclass(frozen=True)
class Recovered:
    """A journal left by a run that ended with unsaved changes."""

    journal: Path
    tour: Tour
    path: Path | None  # the tour's file; None for one never saved
    written: dt.datetime  # when the edits were journalled, local time

    def discard(self) -> None:
        self.journal.unlink(missing_ok=True)


def write(tour: Tour, path: Path | None, journal: Path | None = None) -> Path:
    """Journal ``tour`` (the document's file: ``path``); atomically, as saves are."""
    journal = journal or journal_path()
    journal.parent.mkdir(parents=True, exist_ok=True)
    entry = {
        "path": str(path) if path else None,
        "written": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "tour": record_dict(tour),
    }
    write_atomic(journal, orjson.dumps(entry))
    return journal


def remove(journal: Path | None = None) -> None:
    (journal or journal_path()).unlink(missing_ok=True)


def left_behind() -> list[Recovered]:
    """Journals of runs that are over, newest first; a journal that cannot be read (cut
    short, or of a tour the rules now refuse) is removed: it holds nothing to offer."""
    from tourmap.loader import validate_document

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
            entry = orjson.loads(journal.read_bytes())
            tour = validate_document(entry["tour"], journal)
            written = dt.datetime.fromisoformat(entry["written"])
            path = Path(entry["path"]) if entry.get("path") else None
        except (OSError, ValueError, KeyError, TypeError, TourError):
            journal.unlink(missing_ok=True)
            continue
        found.append(Recovered(journal, tour, path, written))
    return sorted(found, key=lambda r: r.written, reverse=True)

"""Reading the tour in the background at start-up: a forked child, or a thread for big files."""

from __future__ import annotations

import hashlib
import json
import select
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from helpers_tour import BROKEN, BUNDLED_TOUR, minimal_tour, write_json

from tourmap import reading
from tourmap.errors import TourError
from tourmap.loader import load_tour
from tourmap.page import PageOptions, page_json
from tourmap.reading import TourReading

needs_fork = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the child process is Linux only")


def _expected(path: Path) -> tuple[object, bytes]:
    tour = load_tour(path)
    return tour, page_json(tour, PageOptions(mode="app"))


def _in_fresh_process(script: str) -> dict[str, object]:
    """Run ``script`` in a new interpreter: no threads yet, so the reading forks there."""
    prelude = (
        "import json, os, signal, sys\nfrom pathlib import Path\nfrom tourmap.reading import TourReading\n"
        f"r = TourReading.start(Path({str(BUNDLED_TOUR)!r}))\n"
    )
    out = subprocess.run([sys.executable, "-c", prelude + script], capture_output=True, text=True, check=True, timeout=60)
    return json.loads(out.stdout.strip().splitlines()[-1])


@needs_fork
def test_child_hands_back_the_tour_and_its_page_data_without_pydantic_in_the_parent():
    result = _in_fresh_process(
        "import hashlib\n"
        "tour, page = r.result()\n"
        "print(json.dumps({'forked': bool(r._pid), 'pydantic': 'pydantic' in sys.modules, 'repr': repr(tour),"
        " 'page': hashlib.sha256(page).hexdigest()}))\n"
    )
    tour, page = _expected(BUNDLED_TOUR)
    assert result == {"forked": True, "pydantic": False, "repr": repr(tour), "page": hashlib.sha256(page).hexdigest()}


@needs_fork
def test_child_that_dies_is_replaced_by_reading_here():
    result = _in_fresh_process(
        "os.kill(r._pid, signal.SIGKILL)  # long before it has imported pydantic\n"
        "tour, page = r.result()\n"
        "again = r.result()[0]\n"
        "print(json.dumps({'read_here': r.read_here, 'repr': repr(tour), 'same': again is tour}))\n"
    )
    assert result == {"read_here": True, "repr": repr(load_tour(BUNDLED_TOUR)), "same": True}


def test_no_fork_while_other_threads_run():
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not reading._can_fork()
    finally:
        stop.set()
        other.join()


def test_result_equals_reading_in_process(tmp_path):
    path = write_json(tmp_path / "t.json", minimal_tour())
    started = TourReading.start(path)
    assert started.result() == _expected(path)
    assert started.result() == _expected(path)  # asked again: the same answer, no second read
    assert not started.read_here


@pytest.mark.parametrize("name", ["comment.json", "depart-before-arrive.json", "duplicate-stop-id.json", "empty.json"])
def test_bad_file_gives_the_loaders_own_error(name):
    path = BROKEN / name
    with pytest.raises(TourError) as direct:
        load_tour(path)
    with pytest.raises(TourError) as background:
        TourReading.start(path).result()
    assert str(background.value) == str(direct.value)
    assert (background.value.file, background.value.place, background.value.reason) == (direct.value.file, direct.value.place, direct.value.reason)


def test_missing_file(tmp_path):
    with pytest.raises(TourError, match="no such file"):
        TourReading.start(tmp_path / "nope.json").result()


def test_big_file_is_read_on_a_thread(tmp_path, monkeypatch):
    path = write_json(tmp_path / "t.json", minimal_tour())
    monkeypatch.setattr(reading, "FORK_BELOW", 10)
    started = TourReading.start(path)
    assert started._pid == 0 and started._thread is not None, "a big file is read on a thread"
    assert started.result() == _expected(path)


def test_fileno_becomes_readable_when_the_result_is_in(tmp_path):
    path = write_json(tmp_path / "t.json", minimal_tour())
    started = TourReading.start(path)
    assert select.select([started.fileno()], [], [], 30)[0]
    assert started.done()
    assert started.result()[0] == load_tour(path)


def test_a_reading_started_without_a_thread_waits_for_one(tmp_path, monkeypatch):
    """The command line may not start a thread before Qt is imported; the first question
    about the reading starts it."""
    path = write_json(tmp_path / "t.json", minimal_tour())
    monkeypatch.setattr(reading, "FORK_BELOW", 10)  # too big to fork
    started = TourReading.start(path, thread=False)
    assert started._pid == 0 and started._thread is None
    assert select.select([started.fileno()], [], [], 30)[0]  # fileno() started it
    assert started._thread is not None
    assert started.result() == _expected(path)

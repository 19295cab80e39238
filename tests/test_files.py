"""Writing files: atomic, through symbolic links, and nothing left behind by a killed writer."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tourmap.files import write_atomic
from tourmap.loader import read_limited

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="POSIX files")


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_symlink_is_written_through_and_stays_a_link(tmp_path):
    target = tmp_path / "real" / "map.png"
    target.parent.mkdir()
    target.write_bytes(b"old")
    link = tmp_path / "link.png"
    link.symlink_to(target)
    write_atomic(link, b"new")
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["link.png", "map.png", "real"]


def test_a_dangling_symlink_creates_its_target(tmp_path):
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "made.json")
    write_atomic(link, b"{}")
    assert link.is_symlink() and (tmp_path / "made.json").read_bytes() == b"{}"


def test_what_a_killed_writer_left_goes_on_the_next_write(tmp_path):
    out = tmp_path / "map.png"
    stale = tmp_path / f".map.png.{_dead_pid()}.0123abcd.tmp"
    stale.write_bytes(b"half a picture")
    busy = tmp_path / f".map.png.{os.getpid()}.89abcdef.tmp"  # a writer still at work
    busy.write_bytes(b"")
    other = tmp_path / f".other.png.{_dead_pid()}.0123abcd.tmp"  # another file's: not ours to judge
    other.write_bytes(b"")
    write_atomic(out, b"picture")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([out.name, busy.name, other.name])


def test_a_writer_killed_mid_write_leaves_only_its_marked_temporary_file(tmp_path):
    """kill -9 while the data goes out: the old file is intact, and what is left (if the
    system could not keep it unnamed) is cleaned up by the next write."""
    out = tmp_path / "map.png"
    out.write_bytes(b"old")
    code = "import sys; from pathlib import Path; from tourmap.files import write_atomic; write_atomic(Path(sys.argv[1]), b'x' * (200 << 20))"
    child = subprocess.Popen([sys.executable, "-c", code, str(out)])
    try:
        child.wait(timeout=0.8)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
    if child.returncode == 0:  # a quick machine finished before the kill: the new file, whole
        assert out.stat().st_size == 200 << 20
    else:
        assert out.read_bytes() == b"old"
    assert {p.name for p in tmp_path.iterdir()} <= {out.name, *(p.name for p in tmp_path.glob(f".map.png.{child.pid}.*.tmp"))}
    write_atomic(out, b"new")
    assert [p.name for p in tmp_path.iterdir()] == [out.name] and out.read_bytes() == b"new"


def test_a_fifo_is_refused_without_blocking(tmp_path):
    """Every format reads through read_limited: a FIFO (no writer) would block an open."""
    from tourmap.errors import TourError

    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    with pytest.raises(TourError, match="is not a regular file"):
        read_limited(fifo)

"""Broken tour files: each is refused with one line ``FILE: PLACE: REASON`` per problem,
the place named as the window numbers it (``stop 2 (Second): lat``).

The corpus lives in tests/data/broken/ (written by tests/data/make_broken.py) with the
expected place and a fragment of the reason for each file in tests/data/broken-expected.json.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import sys
import tempfile
from pathlib import Path

import pytest
from helpers_tour import BROKEN, BROKEN_EXPECTED, BUNDLED_TOUR, PAYLOAD_TOUR, full_tour, minimal_tour, run_tourmap, write_json

import tourmap.loader
from tourmap.cli import main
from tourmap.errors import TourError
from tourmap.loader import load_tour, parse_tour, validate_document, where_in

EXPECTED: dict[str, dict[str, str]] = json.loads(BROKEN_EXPECTED.read_text(encoding="utf-8"))
FILES = sorted(p.name for p in BROKEN.iterdir())
LINE_COL = re.compile(r"\d+:\d+")


def test_corpus_is_complete():
    assert len(FILES) >= 30
    assert set(FILES) == set(EXPECTED), "run: python tests/data/make_broken.py"


def _where(path: Path | str, place: str) -> str:
    """The expected place (a path in the file) as the message names it."""
    try:
        where = where_in(json.loads(Path(path).read_text(encoding="utf-8")), place)
    except (ValueError, RecursionError):  # not JSON (or not UTF-8): places are line:column there
        return place
    return TourError("f", "", "r", where=where).line()[len("f: ") : -len(": r")]  # escaped as in a line


def _check_line(line: str, path, name: str) -> None:
    expected = EXPECTED[name]
    assert line.startswith(f"{path}: "), line
    rest = line[len(f"{path}: ") :]
    if expected["place"] == "*:*":
        place, sep, reason = rest.partition(": ")
        assert sep, f"no PLACE: REASON in {line!r}"
        assert LINE_COL.fullmatch(place), line
    else:
        where = _where(path, expected["place"])
        assert rest.startswith(f"{where}: "), (line, where)
        reason = rest[len(where) + 2 :]
    assert expected["reason"] in reason, line
    assert "Traceback" not in line
    assert len(line) < 600, "a bad value must be shortened, not echoed whole"
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]", line), "control characters must be escaped"


@pytest.mark.parametrize("name", FILES)
def test_validate_reports_every_problem_one_line_each(name, capsys):
    path = BROKEN / name
    assert main(["validate", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    with pytest.raises(TourError) as info:
        load_tour(path)
    lines = err.splitlines()
    assert lines == info.value.lines(), err
    assert err.endswith("\n")
    _check_line(lines[0], path, name)


@pytest.mark.parametrize("name", FILES)
def test_load_tour_raises_tour_error(name):
    path = BROKEN / name
    with pytest.raises(TourError) as info:
        load_tour(path)
    error = info.value
    assert error.file == str(path)
    assert str(error) == error.line()
    _check_line(str(error), path, name)


@pytest.mark.parametrize(
    "name",
    ["lat-91.json", "duplicate-json-key.json", "deep-nesting-arrays.json", "invalid-utf8.json", "control-char-escape-name.json", "huge-title.json"],
)
def test_validate_in_a_real_process(name):
    path = BROKEN / name
    result = run_tourmap("validate", str(path))
    assert result.returncode == 2, result
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines, result.stderr
    _check_line(lines[0], path, name)


def test_the_whole_corpus_in_one_real_process():
    paths = [str(BROKEN / name) for name in FILES]
    result = run_tourmap("validate", *paths)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    firsts = [next(line for line in lines if line.startswith(f"{path}: ")) for path in paths]
    assert len(lines) == sum(len(_error_of(Path(path)).lines()) for path in paths)
    for line, path, name in zip(firsts, paths, FILES):
        _check_line(line, path, name)


def _error_of(path: Path) -> TourError:
    with pytest.raises(TourError) as info:
        load_tour(path)
    return info.value


# -- specific places ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "line"),
    [
        ("lat-91.json", "stop 2 (Second): lat: latitude must be between -90 and 90 (got 91)"),
        ("lon-minus-181.json", "stop 2 (Second): lon: longitude must be between -180 and 180 (got -181)"),
        ("lat-string.json", 'stop 2 (Second): lat: must be a number (got "35.6762")'),
        ("lon-boolean.json", "stop 2 (Second): lon: must be a number (got true)"),
        ("duplicate-stop-id.json", "stop 2 (Second): id: duplicate stop id 'first' (also stop 1)"),
        ("agenda-source-unknown.json", "stop 2 (Second), item 1 (A deal): source: names no source: 'nowhere' (known: src)"),
        ("missing-stop-lat.json", "stop 2 (Second): lat: required field is missing"),
        ("unknown-field-top.json", "titel: unknown field (check the spelling against the tour format)"),
        ("unknown-format.json", "format: unknown format \"tourmap/2\"; this version of tourmap reads 'tourmap/1'"),
        ("top-level-array.json", "$: a tour is a JSON object, not array"),
        ("empty.json", "1:1: the file is empty"),
        ("truncated-in-string.json", "1:34: invalid JSON: Unterminated string starting at"),
        ("utf16.json", "1:1: the file is UTF-16; save it as UTF-8"),
        ("control-char-title.json", 'title: control character U+0007 is not allowed (got "Bell\\u0007tour")'),
    ],
)
def test_exact_messages(name, line):
    path = BROKEN / name
    with pytest.raises(TourError) as info:
        load_tour(path)
    assert str(info.value) == f"{path}: {line}"


def test_line_and_column_point_at_the_problem():
    for name in ("duplicate-json-key.json", "lat-nan-literal.json", "lon-infinity-literal.json", "invalid-utf8.json", "control-char-raw-byte.json"):
        path = BROKEN / name
        with pytest.raises(TourError) as info:
            load_tour(path)
        line, column = map(int, info.value.place.split(":"))
        text = path.read_bytes().decode("utf-8", "replace").split("\n")[line - 1]
        at = text[column - 1 :]
        expect = {
            "duplicate-json-key.json": '"lat": 36.0',
            "lat-nan-literal.json": "NaN",
            "lon-infinity-literal.json": "Infinity",
            "invalid-utf8.json": "\ufffd",
            "control-char-raw-byte.json": "\x01",
        }[name]
        assert at.startswith(expect), (name, line, column, text)


def test_huge_values_are_shortened():
    with pytest.raises(TourError) as info:
        load_tour(BROKEN / "huge-title.json")
    assert 'got "TTTTTTTTTT' in info.value.reason
    assert "…" in info.value.reason
    with pytest.raises(TourError) as info:
        load_tour(BROKEN / "lat-5000-digits.json")
    assert len(str(info.value)) < 300
    doc = minimal_tour()
    doc["stops"][0]["lat"] = 10**400
    with pytest.raises(TourError) as info:
        validate_document(doc, "t.json")
    assert info.value.place == "stops[0].lat" and len(str(info.value)) < 300


def test_one_bad_item_is_one_problem():
    # pydantic also says "stops: too short" when the only stop is invalid; that is an echo.
    doc = minimal_tour()
    doc["stops"] = doc["stops"][:1]
    doc["stops"][0]["lat"] = 91
    with pytest.raises(TourError) as info:
        validate_document(doc, "t.json")
    assert str(info.value) == "t.json: stop 1 (First): lat: latitude must be between -90 and 90 (got 91)"
    assert info.value.lines() == [str(info.value)]


def test_more_problems_are_counted():
    doc = minimal_tour()
    doc["stops"][0]["lat"] = 91
    doc["stops"][1]["lon"] = 200
    doc["title"] = ""
    with pytest.raises(TourError) as info:
        validate_document(doc, "t.json")
    assert info.value.place == "title"
    assert str(info.value).endswith("[and 2 more problems]")
    assert info.value.lines() == [
        "t.json: title: String should have at least 1 character (got \"\")",
        "t.json: stop 1 (First): lat: latitude must be between -90 and 90 (got 91)",
        "t.json: stop 2 (Second): lon: longitude must be between -180 and 180 (got 200)",
    ]


def test_problems_past_the_limit_are_counted():
    doc = minimal_tour()
    doc["stops"] = [dict(doc["stops"][0], id=f"s{n}", lat=91) for n in range(tourmap.loader.MAX_PROBLEMS + 5)]
    with pytest.raises(TourError) as info:
        validate_document(doc, "t.json")
    lines = info.value.lines()
    assert len(lines) == tourmap.loader.MAX_PROBLEMS + 1
    assert lines[-1] == "t.json: and 5 more problems"
    assert str(info.value).endswith(f"[and {tourmap.loader.MAX_PROBLEMS + 4} more problems]")


def test_terminal_escapes_never_reach_the_terminal(capsys):
    path = BROKEN / "control-char-escape-name.json"
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err
    assert "\\u001b[31mRed" in err


# -- good files -----------------------------------------------------------------------


def test_bundled_and_payload_tours_load():
    assert load_tour(BUNDLED_TOUR).stops[0].id == "sepang"
    assert load_tour(PAYLOAD_TOUR).title == "<script>alert(1)</script>"


def test_utf8_bom_and_crlf_are_fine(tmp_path):
    text = json.dumps(minimal_tour(), indent=2).replace("\n", "\r\n")
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert load_tour(path).title == "Minimal tour"


def test_non_ascii_text_is_kept(tmp_path):
    doc = minimal_tour()
    doc["stops"][1]["place"]["city"] = "東京"
    doc["title"] = "Tour \u00e9t\u00e9 \U0001f30f"
    tour = load_tour(write_json(tmp_path / "t.json", doc))
    assert tour.stops[1].place.city == "東京"
    assert tour.title.endswith("\U0001f30f")


def test_parse_tour_names_the_source():
    with pytest.raises(TourError) as info:
        parse_tour(b"[]", "clipboard")
    assert str(info.value) == "clipboard: $: a tour is a JSON object, not array"
    with pytest.raises(TourError) as info:
        parse_tour(b"[]")
    assert info.value.file == "<tour>"


# -- the file itself ------------------------------------------------------------------


def test_nonexistent_path(tmp_path, capsys):
    path = tmp_path / "nope.json"
    assert main(["validate", str(path)]) == 2
    assert capsys.readouterr().err == f"{path}: no such file\n"


def test_directory(tmp_path, capsys):
    assert main(["validate", str(tmp_path)]) == 2
    assert capsys.readouterr().err == f"{tmp_path}: is a directory, not a tour file\n"


def test_fifo_is_not_read(tmp_path, capsys):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert main(["validate", str(fifo)]) == 2  # opened without blocking, refused once open (fstat)
    assert capsys.readouterr().err == f"{fifo}: is not a regular file\n"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs /proc")
def test_read_error_is_one_line():
    # A regular file that cannot be read: /proc/self/mem fails with EIO at offset 0.
    with pytest.raises(TourError) as info:
        load_tour("/proc/self/mem")
    assert str(info.value).startswith("/proc/self/mem: ")
    assert "\n" not in str(info.value)


@pytest.fixture
def unreadable_file():
    """A tour file with mode 000 in a folder anyone may enter (pytest's own are 0700)."""
    folder = Path(tempfile.mkdtemp(prefix="tourmap-unreadable-"))
    folder.chmod(0o755)
    path = write_json(folder / "secret.json", minimal_tour())
    path.chmod(0)
    yield path
    shutil.rmtree(folder)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file(unreadable_file, capsys):
    assert main(["validate", str(unreadable_file)]) == 2
    assert capsys.readouterr().err == f"{unreadable_file}: permission denied\n"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to become another user")
def test_unreadable_file_as_root(unreadable_file, capsys):
    # Root reads anything, so drop the effective uid to 'nobody' for the read: a real
    # permission check by the kernel, then back to root.
    assert os.access(tempfile.gettempdir(), os.X_OK)
    os.seteuid(65534)
    try:
        status = main(["validate", str(unreadable_file)])
    finally:
        os.seteuid(0)
    assert status == 2
    assert capsys.readouterr().err == f"{unreadable_file}: permission denied\n"


def test_file_over_the_size_limit(tmp_path, monkeypatch, capsys):
    path = write_json(tmp_path / "big.json", minimal_tour())
    size = path.stat().st_size
    monkeypatch.setattr(tourmap.loader, "MAX_BYTES", size - 1)
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{path}: ") and err.count("\n") == 1
    assert f"{size:,} bytes" in err and "limited to" in err
    monkeypatch.setattr(tourmap.loader, "MAX_BYTES", size)
    assert main(["validate", str(path)]) == 0


def test_saved_files_get_the_usual_permissions(tmp_path):
    from tourmap.files import write_atomic

    new = tmp_path / "new.json"
    old_umask = os.umask(0o022)
    try:
        write_atomic(new, b"{}")
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(new.stat().st_mode) == 0o644, "not private to the owner like a temporary file"
    kept = tmp_path / "kept.json"
    kept.write_bytes(b"{}")
    kept.chmod(0o640)
    write_atomic(kept, b"[]")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640 and kept.read_bytes() == b"[]"


@pytest.mark.parametrize("piece", [1, 3, 7, 64])
def test_files_are_read_in_pieces_with_the_same_result(tmp_path, monkeypatch, piece):
    """load_tour reads a file a megabyte at a time; any cut gives the same tour, and a
    bad file still gets the whole-file message."""
    from tourmap import loader

    monkeypatch.setattr(loader, "_PIECE", piece)
    document = full_tour()
    document["stops"][0]["lat"] = 12.3456789012  # a number long enough to be cut
    good = write_json(tmp_path / "good.json", document)
    assert load_tour(good) == parse_tour(good.read_bytes(), good)
    assert load_tour(BUNDLED_TOUR) == parse_tour(BUNDLED_TOUR.read_bytes(), BUNDLED_TOUR)
    bom = tmp_path / "bom.json"
    bom.write_bytes(b"\xef\xbb\xbf" + good.read_bytes())
    assert load_tour(bom) == load_tour(good)
    bad = tmp_path / "bad.json"
    text = good.read_bytes()
    bad.write_bytes(text[: len(text) // 2] + b"\xff" + text[len(text) // 2 :])  # not UTF-8, mid-file
    with pytest.raises(TourError) as streamed:
        load_tour(bad)
    with pytest.raises(TourError) as whole:
        parse_tour(bad.read_bytes(), bad)
    assert str(streamed.value) == str(whole.value) and "UTF-8" in str(streamed.value)


def test_one_stop_spread_over_many_pieces_is_read_whole(tmp_path, monkeypatch):
    """A stop much bigger than a piece: read on in growing steps, the same tour in the end."""
    from helpers_tour import heavy_stop_tour

    path = write_json(tmp_path / "one-big-stop.json", heavy_stop_tour(3000))
    monkeypatch.setattr(tourmap.loader, "_PIECE", 256)
    tour = load_tour(path)
    assert tour == parse_tour(path.read_bytes())
    assert [i.title for i in tour.stops[1].agenda] == [f"Item {n}" for n in range(3000)]


@pytest.mark.parametrize("where", ["top", "stop", "item"])
def test_thousands_of_unknown_keys_are_counted_not_each_reported(tmp_path, where):
    doc = minimal_tour()
    extra = {f"key{n:05d}": n for n in range(30_000)}
    target = {"top": doc, "stop": doc["stops"][0], "item": doc["stops"][1]["agenda"][0]}[where]
    target.update(extra)
    path = write_json(tmp_path / "keys.json", doc)
    with pytest.raises(TourError) as caught:
        load_tour(path)
    place = {"top": "", "stop": "stops[0].", "item": "stops[1].agenda[0]."}[where] + "key00000"
    assert caught.value.place == place
    assert str(caught.value).endswith("unknown field (check the spelling against the tour format) [and 29,999 more problems]")
    assert caught.value.lines()[-1].endswith(": and 29,999 more problems")


def test_a_few_unknown_keys_are_reported_as_before():
    doc = minimal_tour()
    doc["stops"][0]["colour"] = "red"
    with pytest.raises(TourError) as caught:
        validate_document(doc)
    assert (caught.value.place, caught.value.reason) == ("stops[0].colour", "unknown field (check the spelling against the tour format)")


@pytest.mark.parametrize(
    ("encoding", "name"), [("utf-32", "UTF-32"), ("utf-32-le", "UTF-32"), ("utf-32-be", "UTF-32"), ("utf-16", "UTF-16"), ("utf-16-be", "UTF-16")]
)
def test_wide_encodings_are_named(tmp_path, encoding, name):
    path = tmp_path / "wide.json"
    path.write_bytes(BUNDLED_TOUR.read_text(encoding="utf-8").encode(encoding))
    with pytest.raises(TourError) as caught:
        load_tour(path)
    assert (caught.value.place, caught.value.reason) == ("1:1", f"the file is {name}; save it as UTF-8")

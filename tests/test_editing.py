"""Edits of a tour (tourmap.editing) and their undo commands: the model's rules refuse bad
values with the field and the reason; undoing every edit gives the tour back exactly."""

from __future__ import annotations

import dataclasses

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tourmap import editing
from tourmap.editing import EditError
from tourmap.loader import load_tour
from tourmap.model import AgendaItem, Figure, Quote, Status
from tourmap.paths import bundled_tour
from tourmap.writing import record_dict, tour_bytes

TOUR = load_tour(bundled_tour())


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        ({"lat": 91}, "lat", "latitude must be between -90 and 90"),
        ({"lon": float("nan")}, "lon", "longitude must be a finite number"),
        ({"lat": "35"}, "lat", "must be a number"),
        ({"name": "   "}, "name", "must not be empty"),
        ({"city": ""}, "place.city", "must not be empty"),
        ({"arrive": "2025-10-30", "depart": "2025-10-01"}, "depart", "before arrive"),
        ({"arrive": "27 Oct"}, "arrive", "YYYY-MM-DD"),
        ({"summary": "bad \x07 bell"}, "summary", "control character"),
    ],
)
def test_stop_edits_that_break_a_rule_name_the_field(changes, field, reason):
    with pytest.raises(EditError) as caught:
        editing.edit_stop(TOUR, 1, **changes)
    assert caught.value.field == field
    assert reason in caught.value.reason


def test_a_stop_edit_is_normalised_like_the_loader_and_shares_the_rest():
    after = editing.edit_stop(TOUR, 1, name="  Tokyo <b>  ", arrive="2025-10-27")
    assert after.stops[1].name == "Tokyo <b>"  # stripped, kept literally
    assert str(after.stops[1].arrive) == "2025-10-27"
    assert after.stops[0] is TOUR.stops[0] and after.stops[2] is TOUR.stops[2]
    assert after.sources[0] is TOUR.sources[0]
    assert editing.edit_stop(TOUR, 1, name="Tokyo") is TOUR  # nothing changed: the same tour


def test_item_edits_check_figures_quotes_and_sources():
    with pytest.raises(EditError) as caught:
        editing.edit_item(TOUR, 1, 0, figures=(Figure(label="ok", amount=1.0), Figure(label="x", amount=1.0, currency="usd")))
    assert caught.value.field == "figures[1].currency"
    with pytest.raises(EditError) as caught:
        editing.edit_item(TOUR, 1, 0, quote=Quote(text="", by="someone"))
    assert caught.value.field == "quote.text"
    with pytest.raises(EditError) as caught:
        editing.edit_item(TOUR, 1, 0, source="no-such-source")
    assert caught.value.field == "source" and "names no source" in caught.value.reason
    after = editing.edit_item(TOUR, 1, 0, status=Status.AGREED, title="New title")
    assert after.stops[1].agenda[0].title == "New title" and after.stops[1].agenda[1] is TOUR.stops[1].agenda[1]


def test_a_source_in_use_cannot_vanish_or_change_its_id():
    with pytest.raises(EditError, match="cite 'article-2025-10-27'"):
        editing.delete_source(TOUR, 0)
    with pytest.raises(EditError, match="the id stays"):
        editing.edit_source(TOUR, 0, id="renamed")
    source = editing.make_source(TOUR, publisher="Wire", title="Second report", date="2025-10-29")
    assert source.id == "second-report"
    with_two = editing.add_source(TOUR, source)
    assert editing.delete_source(with_two, 1).sources == TOUR.sources


def test_new_stops_get_unique_slug_ids():
    assert editing.slugify("Kuala Lumpur (KLIA) ") == "kuala-lumpur-klia"
    assert editing.slugify("Ōsaka") == "osaka"
    assert editing.slugify("東京") == "stop"
    stop = editing.make_stop(TOUR, name="Tokyo", city="Tokyo", country="Japan", lat=35.0, lon=139.0)
    assert stop.id == "tokyo-2"
    after = editing.add_stop(TOUR, dataclasses.replace(stop, id="tokyo"), 2)  # a taken id is made unique
    assert [s.id for s in after.stops] == ["sepang", "tokyo", "tokyo-2", "seoul"]
    with pytest.raises(EditError) as caught:
        editing.make_stop(TOUR, name="Nowhere", city="X", country="Y", lat=0.0, lon=200.0)
    assert caught.value.field == "lon"


def test_the_last_stop_cannot_be_deleted():
    tour = editing.new_tour()
    with pytest.raises(EditError, match="at least 1"):
        editing.delete_stop(tour, 0)


# -- commands --------------------------------------------------------------------------------

ITEM = AgendaItem(topic="trade", title="A new item", status=Status.EXPECTED, source="article-2025-10-27")


def _edit(document, kind: int, a: int, b: int, text: str):
    """One edit picked by numbers (for hypothesis); None when the tour refuses it."""
    from tourmap._qt import commands as c

    tour = document.tour
    stop = tour.stops[a % len(tour.stops)]
    items = len(stop.agenda)
    makers = [
        lambda: c.MoveStop(document, stop.id, (b % 170) - 85.0, (a * 37 % 360) - 180.0),
        lambda: c.AddStop(document, editing.make_stop(tour, name=text or "Stop", city="City", country="Land", lat=1.0, lon=2.0), b % (len(tour.stops) + 1)),
        lambda: c.DeleteStop(document, stop.id),
        lambda: c.ReorderStop(document, stop.id, b % len(tour.stops)),
        lambda: c.EditStop(document, stop.id, name=text),
        lambda: c.AddItem(document, stop.id, dataclasses.replace(ITEM, title=text or "Item"), b % (items + 1)),
        lambda: c.EditItem(document, stop.id, b % max(items, 1), title=text),
        lambda: c.DuplicateItem(document, stop.id, b % max(items, 1)),
        lambda: c.DeleteItem(document, stop.id, b % max(items, 1)),
        lambda: c.ReorderItem(document, stop.id, b % max(items, 1), a % max(items, 1)),
        lambda: c.EditTour(document, title=text),
    ]
    try:
        return makers[kind % len(makers)]()
    except (EditError, IndexError):
        return None


def _written_afresh(tour) -> bytes:
    return orjson.dumps(record_dict(tour), option=orjson.OPT_INDENT_2) + b"\n"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 100), st.integers(0, 100), st.integers(0, 100), st.text(max_size=12)), min_size=1, max_size=25))
def test_random_edits_then_as_many_undos_give_back_the_tour(qapp, edits):
    from tourmap._qt.document import TourDocument

    document = TourDocument()
    document.load(TOUR, bundled_tour())
    done = 0
    for kind, a, b, text in edits:
        command = _edit(document, kind, a, b, text)
        if command is not None:
            before = document.undo_stack.count()
            document.push(command)
            done += document.undo_stack.count() - before
            assert tour_bytes(document.tour) == _written_afresh(document.tour)  # stops reused only when unchanged
    final = document.tour
    assert document.dirty == (done > 0)
    for _ in range(done):
        document.undo_stack.undo()
    assert document.tour is TOUR
    assert tour_bytes(TOUR) == _written_afresh(TOUR)
    assert not document.dirty
    for _ in range(done):
        document.undo_stack.redo()
    assert document.tour is final


def test_commands_are_named_for_the_edit_menu(qapp):
    from tourmap._qt import commands as c
    from tourmap._qt.document import TourDocument

    document = TourDocument()
    document.load(TOUR, bundled_tour())
    document.push(c.MoveStop(document, "tokyo", 35.7, 139.8))
    assert document.undo_stack.undoText() == "Move Tokyo"
    assert document.dirty and document.current_stop == "tokyo"
    document.push(c.EditStop(document, "tokyo", name="Tokyo"))  # no change: no step
    assert document.undo_stack.count() == 1
    with pytest.raises(EditError):
        c.MoveStop(document, "tokyo", 95.0, 0.0)
    assert document.undo_stack.count() == 1
    document.undo_stack.undo()
    assert document.tour is TOUR and not document.dirty


def test_a_document_loaded_after_an_import_is_clean_again(qapp):
    from tourmap._qt.document import TourDocument

    document = TourDocument()
    document.load(TOUR, None, modified=True)
    assert document.dirty
    document.load(TOUR, bundled_tour())
    assert not document.dirty

"""Two-way sync between the map and the panel, with real clicks on real markers."""

from __future__ import annotations

import pytest

from conftest import click_marker, map_state, wait_map_still, wait_until


@pytest.mark.parametrize("stop_id", ["sepang", "tokyo", "seoul"])
def test_clicking_a_marker_selects_the_stop_and_shows_its_agenda(window, stop_id):
    click_marker(window, stop_id)
    wait_until(lambda: window.selected_stop_id() == stop_id, message=f"{stop_id} selected")
    stop = window.tour.stops[window.tour.stop_index[stop_id]]
    assert sorted(window.panel.visible_item_titles()) == sorted(i.title for i in stop.agenda)
    state = wait_map_still(window)
    selected = {m["id"]: m["selected"] for m in state["markers"]}
    assert selected[stop_id] == "true"
    assert list(selected.values()).count("true") == 1

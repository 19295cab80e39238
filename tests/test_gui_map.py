"""The map page itself: basemap, markers, route, tooltips, no errors, no way out, no network."""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
import textwrap

import pytest
from conftest import ROOT, map_state, run_js, wait_map_ready, wait_map_still, wait_until
from PySide6.QtCore import QObject, QPoint, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtTest import QTest
from PySide6.QtWebEngineCore import QWebEnginePage

pytestmark = pytest.mark.gui

STOPS = [("sepang", "1"), ("tokyo", "2"), ("seoul", "3")]


def test_page_loads_basemap_and_three_numbered_markers(window):
    wait_map_ready(window)
    state = map_state(window)
    assert state["ready"] is True
    assert state["basemap"] == "loaded"
    markers = run_js(
        window.map,
        "JSON.stringify(Array.from(document.querySelectorAll('[data-stop-id]'))"
        ".map(n => [n.dataset.stopId, n.textContent.trim()]))",
    )
    assert [tuple(m) for m in markers] == STOPS
    # The basemap really drew land (its colour, on its canvas), not just the graticule.
    land = run_js(
        window.map,
        """(function () {
          var canvas = document.querySelector('canvas.tm-land'), ctx = canvas.getContext('2d');
          var px = ctx.getImageData(0, 0, canvas.width, canvas.height).data, land = 0;
          for (var i = 0; i < px.length; i += 4) if (px[i] === 0xf6 && px[i + 1] === 0xf3 && px[i + 2] === 0xea && px[i + 3] === 255) land++;
          return JSON.stringify(land / (px.length / 4));
        })()""",
    )
    assert land > 0.2, land  # East Asia: a third of the view is land


def test_route_and_leg_labels_are_drawn(window):
    labels = run_js(window.map, "JSON.stringify(Array.from(document.querySelectorAll('.tm-leg-label')).map(n => n.textContent))")
    assert len(labels) == 2
    assert all("km" in label for label in labels), labels
    routes = run_js(window.map, "JSON.stringify(Array.from(document.querySelectorAll('path.tm-route')).map(n => n.getAttribute('d') || ''))")
    assert len(routes) == 2
    assert all(len(d) > 10 for d in routes), routes


@pytest.mark.parametrize("stop_id", ["sepang", "tokyo", "seoul"])
def test_hovering_a_marker_shows_name_and_date_as_text(window, stop_id):
    stop = window.tour.stops[window.tour.stop_index[stop_id]]
    state = wait_map_still(window)
    marker = next(m for m in state["markers"] if m["id"] == stop_id)
    target = window.map.focusProxy() or window.map
    QTest.mouseMove(target, QPoint(5, 5))  # somewhere else first, so the hover is a new one
    QTest.mouseMove(target, QPoint(round(marker["x"]), round(marker["y"])))
    script = (
        "JSON.stringify(Array.from(document.querySelectorAll('.tm-tooltip:not(.tm-leg-label)'))"
        ".map(n => ({text: n.textContent, html: n.querySelector('.tm-tip-name') ? n.querySelector('.tm-tip-name').textContent : ''})))"
    )
    tips = wait_until(lambda: [t for t in run_js(window.map, script) if stop.name in t["html"]], message=f"{stop_id} tooltip")
    text = tips[0]["text"]
    number = window.tour.stop_index[stop_id] + 1
    assert f"{number}. {stop.name}" in text
    assert stop.date_label() in text
    QTest.mouseMove(target, QPoint(5, 5))


def test_no_javascript_errors(window):
    # A fresh load of the tour, so errors while building the page count too; the console
    # list is the page's, kept across loads, so only what comes after ``start`` is ours.
    start = len(window.map.page().console)
    assert window.reload()
    wait_map_ready(window)
    assert map_state(window)["basemap"] == "loaded"
    # Exercise the page a little so errors in selection and fitting would show up too.
    window.select_stop("tokyo")
    wait_until(lambda: map_state(window).get("selected") == "tokyo", message="tokyo selected in page")
    window.fit_all()
    wait_map_still(window)
    errors = [message for level, message in window.map.page().console[start:] if level == QWebEnginePage.JavaScriptConsoleMessageLevel.ErrorMessageLevel.value]
    assert errors == []


def test_page_refuses_navigation_away(window):
    page = window.map.page()
    for kind in (QWebEnginePage.NavigationType.NavigationTypeTyped, QWebEnginePage.NavigationType.NavigationTypeRedirect):
        assert page.acceptNavigationRequest(QUrl("https://example.com"), kind, True) is False
    assert page.acceptNavigationRequest(QUrl("file:///etc/passwd"), QWebEnginePage.NavigationType.NavigationTypeTyped, True) is False
    # The app's own pages are fine: otherwise the map could never load.
    assert page.acceptNavigationRequest(page.url(), QWebEnginePage.NavigationType.NavigationTypeTyped, True) is True


class _UrlSink(QObject):
    """Where the system browser would be asked to go (so no real browser starts in a test)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url.toString())


def test_script_navigation_keeps_the_page(window, caplog):
    caplog.set_level(logging.INFO, logger="tourmap._qt.map_view")
    sink = _UrlSink()
    for scheme in ("http", "https"):
        QDesktopServices.setUrlHandler(scheme, sink, "open")
    try:
        url_before = window.map.page().url()
        run_js(window.map, "window.__stillHere = 'yes'; location.href = 'https://example.com/'; JSON.stringify(1)")
        wait_until(
            lambda: any("example.com" in r.getMessage() for r in caplog.records) or window.map.page().url().scheme() != "tourmap",
            message="navigation request decided",
        )
        assert window.map.page().url().scheme() == "tourmap"
        assert window.map.page().url() == url_before
        # Same document, still answering: a navigation would have wiped the variable.
        assert run_js(window.map, "JSON.stringify(window.__stillHere || null)") == "yes"
        assert map_state(window)["ready"] is True
    finally:
        for scheme in ("http", "https"):
            QDesktopServices.unsetUrlHandler(scheme)


def test_page_references_nothing_on_the_network(window):
    assert run_js(window.map, "JSON.stringify(document.querySelectorAll('script[src^=http],link[href^=http]').length)") == 0
    sources = run_js(
        window.map,
        "JSON.stringify(Array.from(document.querySelectorAll('script[src],link[href],img[src]')).map(n => n.src || n.href))",
    )
    assert sources, "the page loads its scripts from somewhere"
    assert all(s.startswith("tourmap://app/") for s in sources), sources


OFFLINE_SCRIPT = textwrap.dedent(
    """
    import json, sys
    sys.path.insert(0, {tests!r})
    from tourmap.app import create_window  # registers the scheme before the QApplication
    from PySide6.QtWidgets import QApplication
    from conftest import map_state, wait_map_ready
    app = QApplication([])
    window = create_window()
    window.resize(1200, 800)
    window.show()
    wait_map_ready(window)
    print("STATE " + json.dumps(map_state(window)))
    window.close()
    """
)


def _can_unshare_network() -> bool:
    if not sys.platform.startswith("linux") or shutil.which("unshare") is None:
        return False
    try:
        return subprocess.run(["unshare", "-n", "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def test_map_works_without_network(tmp_path):
    if not _can_unshare_network():
        pytest.skip("cannot cut the network here (needs unshare -n, i.e. root or user namespaces)")
    script = tmp_path / "offline.py"
    script.write_text(OFFLINE_SCRIPT.format(tests=str(ROOT / "tests")), encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"))
    # Prove the namespace really has no route out before trusting the result.
    probe = subprocess.run(
        ["unshare", "-n", sys.executable, "-c", "import socket; socket.create_connection(('1.1.1.1', 80), timeout=3)"],
        capture_output=True,
        timeout=30,
    )
    assert probe.returncode != 0
    result = subprocess.run(["unshare", "-n", sys.executable, str(script)], capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path)
    lines = [line for line in result.stdout.splitlines() if line.startswith("STATE ")]
    assert result.returncode == 0 and lines, result.stderr[-2000:]
    state = json.loads(lines[0][len("STATE ") :])
    assert state["ready"] is True
    assert state["basemap"] == "loaded"
    assert sorted(m["id"] for m in state["markers"]) == ["seoul", "sepang", "tokyo"]

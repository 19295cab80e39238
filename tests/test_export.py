"""Snapshot export: from the command line (cold, headless) and from the window (warm)."""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import sys
import unicodedata
import zlib
from pathlib import Path

import pytest
from conftest import ROOT
from helpers_tour import EUROPEAN_CAPITALS, european_tour, write_json

from tourmap.exporting import ExportRequest

SELECTED = (0xC8, 0x45, 0x1B)  # --tm-pin-selected
PIN = (0x1F, 0x3B, 0x5A)  # --tm-pin
LAND = (0xF6, 0xF3, 0xEA)
SEA = (0xDB, 0xE7, 0xEF)


def tourmap(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "tourmap", *args], capture_output=True, text=True, timeout=timeout, env=full_env, cwd=ROOT)


def png_chunks(path: Path) -> tuple[tuple[int, int], dict[str, str]]:
    """Width, height and text chunks (and the resolution as "dpi"), read with the standard library."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, size, texts = 8, (0, 0), {}
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            size = struct.unpack(">II", body[:8])
        elif kind == b"pHYs":
            x, y, unit = struct.unpack(">IIB", body)
            assert unit == 1 and x == y  # per metre
            texts["dpi"] = str(round(x * 0.0254))
        elif kind == b"tEXt":
            key, _, value = body.partition(b"\0")
            texts[key.decode("latin-1")] = value.decode("latin-1")
        elif kind == b"zTXt":
            key, _, rest = body.partition(b"\0")
            texts[key.decode("latin-1")] = zlib.decompress(rest[1:]).decode("latin-1")
        elif kind == b"iTXt":
            key, _, rest = body.partition(b"\0")
            compressed, _method = rest[0], rest[1]
            _lang, _, rest = rest[2:].partition(b"\0")
            _tkey, _, text = rest.partition(b"\0")
            texts[key.decode("latin-1")] = (zlib.decompress(text) if compressed else text).decode("utf-8")
        pos += 12 + length
    return size, texts


def colour_share(image, rgb: tuple[int, int, int], tolerance: int = 10, step: int = 3) -> float:
    from PySide6.QtGui import QColor

    hits = total = 0
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            c = QColor(image.pixel(x, y))
            total += 1
            if abs(c.red() - rgb[0]) <= tolerance and abs(c.green() - rgb[1]) <= tolerance and abs(c.blue() - rgb[2]) <= tolerance:
                hits += 1
    return hits / total


def centroid(image, rgb: tuple[int, int, int], tolerance: int = 12) -> tuple[float, float] | None:
    from PySide6.QtGui import QColor

    xs, ys = [], []
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            c = QColor(image.pixel(x, y))
            if abs(c.red() - rgb[0]) <= tolerance and abs(c.green() - rgb[1]) <= tolerance and abs(c.blue() - rgb[2]) <= tolerance:
                xs.append(x)
                ys.append(y)
    return (sum(xs) / len(xs), sum(ys) / len(ys)) if xs else None


# -- command line, cold ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cli_exports(tmp_path_factory) -> dict[str, Path]:
    """A handful of cold CLI exports, made once for the module (each is a whole process)."""
    out = tmp_path_factory.mktemp("cli-export")
    env = {"QT_QPA_PLATFORM": ""}  # the CLI must pick offscreen itself when there is no display
    env_no_display = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    jobs = {
        "default": ["-o", str(out / "tour.png")],
        "tokyo": ["-o", str(out / "tokyo.png"), "--stop", "tokyo"],
        "small2x": ["-o", str(out / "small2x.png"), "--size", "700x450", "--scale", "2", "--title", "Custom <b>title</b>"],
        "pdf": ["-o", str(out / "briefing.pdf")],
        "a4": ["-o", str(out / "a4.png"), "--preset", "a4-portrait"],
        "letter": ["-o", str(out / "letter.pdf"), "--preset", "letter-landscape", "--what", "map"],
        "svg": ["-o", str(out / "europe.svg"), "--size", "800x600", str(write_json(out / "europe.json", european_tour()))],
        "vector": ["-o", str(out / "europe.pdf"), "--size", "800x600", "--what", "map", str(out / "europe.json")],
        "svg_png": ["-o", str(out / "europe.png"), "--size", "800x600", str(out / "europe.json")],
    }
    paths = {}
    for name, args in jobs.items():
        result = subprocess.run([sys.executable, "-m", "tourmap", "export", *args], capture_output=True, text=True, timeout=180, env=env_no_display, cwd=ROOT)
        assert result.returncode == 0, result.stderr
        paths[name] = Path(args[1])
    del env
    return paths


def test_default_png_is_exactly_1600_by_1000_with_text_chunks(cli_exports):
    (w, h), texts = png_chunks(cli_exports["default"])
    assert (w, h) == (1600, 1000)
    assert texts["Title"] == "US President's Asia tour, late October 2025"
    assert texts["Software"].startswith("tourmap ")
    assert "Trump arrives in Tokyo" in texts["Source"]


def test_scale_multiplies_the_pixel_size_and_title_is_kept_literally(cli_exports):
    (w, h), texts = png_chunks(cli_exports["small2x"])
    assert (w, h) == (1400, 900)
    assert texts["Title"] == "Custom <b>title</b>"
    assert texts["dpi"] == "192"  # 96 per CSS pixel


def test_print_preset_png_covers_the_sheet_at_300_dpi_and_records_it(cli_exports):
    (w, h), texts = png_chunks(cli_exports["a4"])
    assert (w, h) == (2480, 3508)  # 210 x 297 mm at 300 dpi
    assert texts["dpi"] == "300"
    (w, h), texts = png_chunks(cli_exports["default"])
    assert texts["dpi"] == "96"


def test_print_preset_pdf_page_has_the_true_paper_size(cli_exports):
    from pypdf import PdfReader

    box = PdfReader(cli_exports["letter"]).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (792, 612)  # 11 x 8.5 in


@pytest.mark.parametrize(
    ("name", "pixels"),
    [("social", (1200, 675)), ("slide", (1920, 1080)), ("a4-landscape", (3508, 2480)), ("letter-portrait", (2550, 3300))],
)
def test_presets_have_the_sizes_of_their_names(name, pixels):
    from tourmap.exporting import PRESETS

    request = ExportRequest.from_preset(Path("x.png"), PRESETS[name])
    assert request.pixel_size == pixels
    assert request.resolution == (300 if PRESETS[name].paper else 96)


def test_the_map_is_not_blank(qapp, cli_exports):
    from PySide6.QtGui import QImage

    image = QImage(str(cli_exports["default"]))
    assert colour_share(image, LAND, 6) > 0.05, "basemap land missing"
    assert colour_share(image, SEA, 6) > 0.05, "basemap sea missing"
    assert colour_share(image, PIN, 12, step=1) > 0.0003, "no marker colour"


def test_stop_export_differs_and_highlights_the_stop_near_the_centre(qapp, cli_exports):
    from PySide6.QtGui import QImage

    whole = QImage(str(cli_exports["default"]))
    tokyo = QImage(str(cli_exports["tokyo"]))
    assert whole != tokyo
    assert centroid(whole, SELECTED) is None, "nothing is highlighted in the whole-tour frame"
    # The middle of the frame (the legend shows the selected pin too, in a corner).
    cx, cy = centroid(tokyo.copy(400, 250, 800, 500), SELECTED)
    assert abs(cx - 400) < 60 and abs(cy - 250) < 60, (cx, cy)


def test_pdf_briefing_has_a_cover_and_a_page_per_stop_with_real_text(cli_exports):
    from pypdf import PdfReader

    from tourmap.loader import load_tour
    from tourmap.paths import bundled_tour

    tour = load_tour(bundled_tour())
    reader = PdfReader(cli_exports["pdf"])
    assert len(reader.pages) == 1 + len(tour.stops)

    def text(page) -> str:
        return " ".join(unicodedata.normalize("NFKC", page.extract_text()).split())

    pages = [text(p) for p in reader.pages]
    assert tour.title in pages[0]
    for number, stop in enumerate(tour.stops, 1):
        page = pages[number]
        assert f"{number}. {stop.name}" in page
        for item in stop.agenda:
            assert " ".join(item.title.split()) in page
            assert item.status.value in page
        if not stop.agenda:
            assert "No agenda items recorded for this stop." in page


SVG = "{http://www.w3.org/2000/svg}"


def test_svg_is_vector_with_a_text_element_for_every_labelled_stop(cli_exports):
    import xml.etree.ElementTree as ET

    root = ET.parse(cli_exports["svg"]).getroot()
    assert root.tag == f"{SVG}svg" and root.get("viewBox") == "0 0 800 600"
    texts = ["".join(t.itertext()).strip() for t in root.iter(f"{SVG}text")]
    for _id, name, *_ in EUROPEAN_CAPITALS:
        assert name in texts, (name, texts)
    assert "European capitals" in texts and any(t.endswith(" km") for t in texts)
    assert any(t.startswith("Sources: Publisher") for t in texts)
    assert not list(root.iter(f"{SVG}image")), "the SVG holds a bitmap"
    paths = list(root.iter(f"{SVG}path"))
    assert len(paths) > 20 and sum(len(p.get("d", "")) for p in paths) > 20_000  # land, borders, route, pins


def test_vector_map_pdf_has_every_stop_name_as_text_and_no_image(cli_exports):
    from pypdf import PdfReader

    page = PdfReader(cli_exports["vector"]).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (600, 450)  # 800 x 600 CSS px at 96 dpi
    readings = [" ".join(page.extract_text().split())]
    if shutil.which("pdftotext"):  # poppler's reading too, where it is installed
        readings.append(subprocess.run(["pdftotext", str(cli_exports["vector"]), "-"], capture_output=True, text=True, check=True).stdout)
    for text in readings:
        for _id, name, *_ in EUROPEAN_CAPITALS:
            assert name in text, (name, text)
    assert list(page.images) == [], "the map PDF holds an image"


def test_vector_and_png_frames_agree(qapp, cli_exports):
    """Same frame, same colours: the SVG drawn by Qt and the page's PNG share land, sea and pins."""
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    png = QImage(str(cli_exports["svg_png"]))
    drawn = QImage(800, 600, QImage.Format.Format_RGB32)
    drawn.fill(QColor("white"))
    painter = QPainter(drawn)
    QSvgRenderer(str(cli_exports["svg"])).render(painter)
    painter.end()
    for colour, tolerance in ((LAND, 6), (SEA, 6), (PIN, 12)):
        a, b = colour_share(png, colour, tolerance), colour_share(drawn, colour, tolerance)
        assert abs(a - b) < max(0.02, 0.15 * a), (colour, a, b)
    assert centroid(png, PIN) and centroid(drawn, PIN)
    (ax, ay), (bx, by) = centroid(png, PIN), centroid(drawn, PIN)
    assert abs(ax - bx) < 8 and abs(ay - by) < 8



@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--stop", "nowhere"], "no stop with id 'nowhere'"),
        (["--size", "12x34"], "between 100 and 8000"),
        (["--size", "wide"], "WIDTHxHEIGHT"),
        (["--scale", "7"], "scale must be 1, 2 or 3"),
        (["--preset", "a4-landscape", "--size", "800x600"], "a preset sets the size and scale"),
        (["--preset", "poster"], "invalid choice: 'poster'"),
        (["OUT:.gif"], "unknown image format"),
        (["OUT:missing-folder/x.png"], "does not exist"),
        (["TOUR:bad"], "invalid JSON"),
    ],
)
def test_export_errors_exit_2_with_one_line_and_leave_nothing(tmp_path, args, needle):
    out = tmp_path / "map.png"
    tour: list[str] = []
    extra: list[str] = []
    for arg in args:
        if arg.startswith("OUT:"):
            out = tmp_path / arg[4:]
        elif arg == "TOUR:bad":
            bad = tmp_path / "bad.json"
            bad.write_text('{"format": "tourmap/1", "title": ', encoding="utf-8")
            tour = [str(bad)]
        else:
            extra.append(arg)
    result = tourmap("export", *tour, "-o", str(out), *extra)
    assert result.returncode == 2, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0], result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_export_into_an_unwritable_folder_fails_cleanly(tmp_path):
    if os.geteuid() == 0:
        target = Path("/proc/tourmap-cannot-write.png")  # not writable even for root
    else:
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o500)
        target = locked / "x.png"
    result = tourmap("export", "-o", str(target))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert not target.exists()


def test_export_that_does_not_finish_exits_1_not_2(tmp_path):
    """A render that times out is not the user's input to fix: exit 1, one line, no file."""
    out = tmp_path / "map.png"
    script = (
        "import sys\n"
        "import tourmap._qt.export as export\n"
        "real = export.MapRenderer.__init__\n"
        "export.MapRenderer.__init__ = lambda self, timeout=0.001: real(self, timeout)  # no page loads that fast\n"
        "from tourmap.cli import main\n"
        "sys.exit(main(['export', '-o', sys.argv[1]]))\n"
    )
    result = subprocess.run([sys.executable, "-c", script, str(out)], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 1, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "export failed: the map did not load" in lines[0], result.stderr
    assert not out.exists()


# -- from the window, warm ---------------------------------------------------------------------


@pytest.mark.parametrize(("size", "scale"), [((800, 500), 1), ((640, 400), 3), ((1200, 700), 2)])
def test_window_export_renders_exactly_the_requested_pixels(window, tmp_path, size, scale):
    from PySide6.QtGui import QImage

    before = window.map.size()
    out = window.export_to(ExportRequest(tmp_path / "snap.png", size=size, scale=scale))
    image = QImage(str(out))
    assert (image.width(), image.height()) == (size[0] * scale, size[1] * scale)
    assert window.map.size() == before, "the window's map must not resize"
    assert colour_share(image, LAND, 6) > 0.05


def test_window_briefing_image_and_jpeg(window, tmp_path):
    from PySide6.QtGui import QImage

    window.select_stop("tokyo")
    jpg = window.export_to(ExportRequest(tmp_path / "brief.jpg", what="briefing", stop=window.selected_stop_id()))
    image = QImage(str(jpg))
    assert (image.width(), image.height()) == (1600, 1000)
    assert jpg.read_bytes()[:3] == b"\xff\xd8\xff"


def test_window_export_error_keeps_nothing(window, tmp_path):
    from tourmap.errors import TourError

    with pytest.raises(TourError, match="unknown image format"):
        window.export_to(ExportRequest(tmp_path / "x.bmp"))
    assert list(tmp_path.iterdir()) == []


def test_copy_map_puts_an_image_on_the_clipboard(window):
    from PySide6.QtGui import QGuiApplication

    QGuiApplication.clipboard().clear()
    window.findChild(__import__("PySide6.QtGui", fromlist=["QAction"]).QAction, "actionCopyMap").trigger()
    image = QGuiApplication.clipboard().image()
    assert not image.isNull()
    assert image.width() == window.map.width()
    assert colour_share(image, LAND, 6) > 0.05
    # Drawn by the export's page: no zoom buttons, no layer control.
    from conftest import run_js

    assert run_js(window.renderer().view, "JSON.stringify(document.querySelectorAll('.leaflet-control-zoom, .leaflet-control-layers').length)") == 0



RELOAD_SCRIPT = r"""
import copy, json, sys
sys.path.insert(0, sys.argv[1])
import tourmap.app  # the scheme, before the QApplication
from PySide6.QtWidgets import QApplication
from helpers_tour import minimal_tour
from tourmap._qt.export import MapRenderer
from tourmap.loader import validate_document

app = QApplication([sys.argv[0]])
renderer = MapRenderer()
doc = minimal_tour()
for stop, (lat, lon) in zip(doc["stops"], [(-23.5, -46.6), (-34.6, -58.4)]):  # in South America
    stop["lat"], stop["lon"] = lat, lon
moved = validate_document(doc)
first = validate_document(minimal_tour())  # the same title and stop count, in Asia
# Objects of its size made right after it fill its block of memory: when it is freed, the
# allocator hands its address to the next object of that size (a pool that was full goes
# first), as it would to a reloaded tour.
padding = [copy.copy(moved) for _ in range(5000)]
asia = renderer.render_map(first, (400, 300))
address = id(first)
del first  # freed here: nothing else holds it (no gc.collect: it would reuse the address itself)
tries = [copy.copy(moved)]
while id(tries[-1]) != address and len(tries) < 100_000:
    tries.append(copy.copy(moved))
reloaded = tries[-1]
america = renderer.render_map(reloaded, (400, 300))
again = renderer.render_map(reloaded, (400, 300))
print("RESULT " + json.dumps({"reused": id(reloaded) == address, "tries": len(tries), "same_key": [reloaded.title, len(reloaded.stops)] == ["Minimal tour", 2],
                              "differs": america != asia, "stable": again == america}), flush=True)
renderer.close()
"""


def test_export_after_a_reload_draws_the_new_tour_even_at_the_old_tours_address(tmp_path):
    """The warm renderer keeps its page for the same tour; a reloaded tour, even one that
    took the freed tour's address (its id()), title and stop count, gets a page of its own.
    In a process of its own: in a long test session the allocator may not give the address
    back soon."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"))
    result = subprocess.run([sys.executable, "-c", RELOAD_SCRIPT, str(ROOT / "tests")], capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(next(line for line in result.stdout.splitlines() if line.startswith("RESULT "))[7:])
    tries = report.pop("tries")
    assert report == {"reused": True, "same_key": True, "differs": True, "stable": True}, tries


def test_window_map_export_takes_the_view_on_screen_with_its_layers(window, tmp_path):
    from conftest import map_state, run_js, wait_map_still
    from PySide6.QtGui import QImage

    window.select_stop("seoul")
    run_js(window.map, "window.TM.state.map.setView([37.0, 129.0], 6, {animate: false}); 'true'")
    toggle = "document.querySelectorAll('.leaflet-control-layers-overlays input')[0].click(); 'true'"
    run_js(window.map, toggle)  # the route off
    try:
        shown = wait_map_still(window)
        view = window.current_view()
        out = window.export_to(ExportRequest(tmp_path / "view.png", size=(800, 500), stop="seoul", view=view))
    finally:
        run_js(window.map, toggle)
    page = window.renderer().view
    exported = run_js(page, "window.tourmap.stateJson()")
    assert abs(exported["center"][0] - shown["center"][0]) < 0.05 and abs(exported["center"][1] - shown["center"][1]) < 0.05
    assert exported["selected"] == "seoul"
    assert run_js(page, "JSON.stringify(document.querySelectorAll('path.tm-route').length)") == 0
    assert "Route" not in run_js(page, "JSON.stringify(document.querySelector('.tm-legend').textContent)")
    assert QImage(str(out)).width() == 800
    window.export_to(ExportRequest(tmp_path / "whole.png", size=(800, 500)))  # no view: the whole tour
    assert run_js(page, "JSON.stringify(document.querySelectorAll('path.tm-route').length)") == 2
    assert map_state(window)["selected"] == "seoul"


def _long_tour(tmp_path: Path, stops: int) -> Path:
    sys.path.insert(0, str(ROOT / "bench"))
    from make_tour import make_tour  # type: ignore[import-not-found]

    return write_json(tmp_path / f"tour-{stops}.json", make_tour(stops, 2, 1))


def test_a_long_briefing_shows_progress_and_shares_one_map(tmp_path):
    """Past OWN_MAPS_UP_TO stops the pages share the cover's map (the PDF holds one map
    image), each with its stop ringed; stderr tells the pages as they are made."""
    from pypdf import PdfReader

    from tourmap._qt.export import OWN_MAPS_UP_TO

    stops = OWN_MAPS_UP_TO + 10
    out = tmp_path / "long.pdf"
    result = tourmap("export", str(_long_tour(tmp_path, stops)), "-o", str(out))
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == f"long.pdf: page 1 of {stops + 1}" and lines[-1] == f"long.pdf: page {stops + 1} of {stops + 1}"
    assert 5 <= len(lines) <= 12  # a line at every tenth of the way, not one per page
    reader = PdfReader(out)
    assert len(reader.pages) == stops + 1
    assert out.read_bytes().count(b"/Subtype /Image") == 1, "one map image, drawn on every page"
    assert f"{stops // 2}." in reader.pages[stops // 2].extract_text().split()


def test_a_briefing_over_the_page_limit_is_refused_on_the_command_line(tmp_path):
    from tourmap.exporting import BRIEFING_PAGE_LIMIT

    out = tmp_path / "huge.pdf"
    result = tourmap("export", str(_long_tour(tmp_path, BRIEFING_PAGE_LIMIT)), "-o", str(out))
    assert result.returncode == 2 and not out.exists()
    assert result.stderr == f"{out}: a briefing of 1,001 pages is over the limit of 1,000; export the map alone with --what map\n"


def test_a_briefing_in_the_window_shows_a_progress_dialog_that_cancels(window, tmp_path, qtbot):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from tourmap.errors import TourError

    assert window.open_path(_long_tour(tmp_path, 40))
    out = tmp_path / "cancelled.pdf"
    QTimer.singleShot(0, lambda: window.export_progress.cancel())  # at the first page's events
    with pytest.raises(TourError, match="export cancelled; nothing was written"):
        window.export_to(ExportRequest(output=out, size=(1600, 1000), scale=1))
    assert not out.exists()
    done = tmp_path / "done.pdf"
    assert window.export_to(ExportRequest(output=done, size=(1600, 1000), scale=1)) == done
    assert done.read_bytes().startswith(b"%PDF")
    qtbot.wait(600)  # past the dialog's minimum duration: it must not show up late
    assert not window.export_progress.isVisible() and QApplication.activeModalWidget() is None

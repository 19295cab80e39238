"""Files in the window's life: bad files, reload, watching, recent files, drops, settings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA, map_state, wait_map_ready, wait_until
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox, QToolButton

from tourmap.errors import TourError
from tourmap.loader import load_tour
from tourmap.paths import bundled_tour

pytestmark = pytest.mark.gui

BAD = DATA / "broken" / "date-month-13.json"


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "config"), PYTHONFAULTHANDLER="1")
    env.update(extra)
    return env


def _tour_copy(tmp_path: Path, name: str = "tour.json") -> tuple[Path, dict]:
    data = json.loads(bundled_tour().read_text(encoding="utf-8"))
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path, data


def _save_atomically(path: Path, data: dict) -> None:
    """What editors do: write a new file next to it, then rename it over the old one."""
    temp = path.with_name(path.name + ".tmp")
    temp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(temp, path)


def _page_stop_ids(window) -> list[str]:
    return [m["id"] for m in map_state(window)["markers"]]


def _set_watch(window, on: bool) -> None:
    if window.action_watch.isChecked() != on:
        window.action_watch.trigger()
    assert window.action_watch.isChecked() == on


# -- bad files ----------------------------------------------------------------------------

@pytest.mark.parametrize("bad", [BAD, Path("does-not-exist.json")], ids=["invalid", "missing"])
def test_bad_file_on_the_command_line_exits_2_with_one_line(tmp_path, bad):
    bad = bad if bad.is_absolute() else tmp_path / bad
    env = _env(tmp_path, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-m", "tourmap", str(bad)], capture_output=True, text=True, timeout=60, env=env, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert str(bad) in lines[0]
    assert result.stdout == ""


def _load_error(path: Path) -> TourError:
    with pytest.raises(TourError) as caught:
        load_tour(path)
    return caught.value


def test_bad_file_on_the_command_line_shows_no_window(tmp_path):
    # The map page starts loading while the tour is read (tourmap.app.run); a bad file ends
    # that before any window is shown, and Qt shuts down without a word on stderr.
    script = (
        "import sys\n"
        "from tourmap.cli import main\n"
        f"code = main([{str(BAD)!r}])\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication.instance()\n"
        "assert app is not None  # Qt did start: the check is about the window\n"
        "print([w.objectName() for w in app.topLevelWidgets() if w.isVisible()])\n"
        "sys.exit(code)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, env=_env(tmp_path, QT_QPA_PLATFORM="offscreen"))
    assert result.returncode == 2, result.stderr
    assert result.stdout.strip() == "[]"
    assert result.stderr.splitlines() == [str(_load_error(BAD))]


def test_tourmap_gui_shows_a_bad_file_in_a_dialog_and_still_exits_2(tmp_path):
    """The desktop entry's command: nobody reads its stderr, so the problems are shown."""
    script = (
        "import json, sys\n"
        "import tourmap.app\n"
        "from PySide6.QtCore import QTimer\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from tourmap.cli import gui_main\n"
        "app = QApplication([sys.argv[0]])\n"
        "def look():\n"
        "    box = QApplication.activeModalWidget()\n"
        "    if box is None:\n"
        "        QTimer.singleShot(20, look)\n"
        "        return\n"
        "    print('DIALOG ' + json.dumps([box.objectName(), box.text(), box.informativeText()]), flush=True)\n"
        "    box.accept()\n"
        "QTimer.singleShot(0, look)\n"
        f"sys.exit(gui_main([{str(BAD)!r}]))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, env=_env(tmp_path, QT_QPA_PLATFORM="offscreen"))
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines() == [str(_load_error(BAD))]
    name, text, details = json.loads(next(line for line in result.stdout.splitlines() if line.startswith("DIALOG "))[7:])
    assert (name, text) == ("badFileDialog", f"Cannot open {BAD.name}")
    assert details.splitlines() == [f"In {BAD.parent}:", *_load_error(BAD).lines(with_file=False)]


def test_bad_file_without_a_display_exits_2_not_1(tmp_path):
    # Two problems: the file is the one to report (it is what the user can fix here).
    env = _env(tmp_path)
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        env.pop(name, None)
    result = subprocess.run([sys.executable, "-m", "tourmap", str(BAD)], capture_output=True, text=True, timeout=60, env=env, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines() == [str(_load_error(BAD))]


def test_no_display_exits_1_with_one_sentence(tmp_path):
    env = _env(tmp_path)
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        env.pop(name, None)
    result = subprocess.run([sys.executable, "-m", "tourmap"], capture_output=True, text=True, timeout=60, env=env, cwd=tmp_path)
    assert result.returncode == 1, (result.returncode, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert "display" in lines[0].lower()
    assert "core dumped" not in result.stderr.lower() and "fatal" not in result.stderr.lower()
    assert not list(tmp_path.glob("core*"))


def test_opening_a_bad_file_shows_an_error_and_keeps_the_tour(window, qtbot):
    title, path = window.tour.title, window.path
    expected = _load_error(BAD)
    assert window.open_path(BAD) is False
    dialog = window.error_dialog
    assert isinstance(dialog, QMessageBox)
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.objectName() == "errorDialog"
    assert window.findChild(QMessageBox, "errorDialog") is dialog
    assert str(expected) in dialog.text()
    assert dialog.textFormat() == Qt.TextFormat.PlainText
    # The tour on screen is untouched, panel and page.
    assert (window.tour.title, window.path) == (title, path)
    assert window.panel.title.text() == title
    assert _page_stop_ids(window) == ["sepang", "tokyo", "seoul"]
    dialog.close()


def test_opening_a_file_with_several_problems_lists_them_all(window, tmp_path, qtbot):
    path, data = _tour_copy(tmp_path)
    data["stops"][0]["lat"] = 95
    data["stops"][1]["lon"] = 200
    path.write_text(json.dumps(data), encoding="utf-8")
    assert window.open_path(path) is False
    dialog = window.error_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.text().splitlines() == _load_error(path).lines()
    assert len(dialog.text().splitlines()) == 2
    dialog.close()


# -- reload -------------------------------------------------------------------------------

def test_reload_keeps_the_selected_stop(window, tmp_path, qtbot):
    path, data = _tour_copy(tmp_path)
    reload_action = window.findChild(QAction, "actionReload")
    assert reload_action is not None
    if sys.platform != "darwin":  # Refresh is Cmd+R there
        assert QKeySequence(Qt.Key.Key_F5) in reload_action.shortcuts()
    _set_watch(window, False)  # this test is about F5, not the watcher
    try:
        assert window.open_path(path)
        wait_map_ready(window)
        window.select_stop("tokyo")
        data["title"] = "Edited tour"
        data["stops"][0]["name"] = "Sepang (edited)"
        _save_atomically(path, data)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        with qtbot.waitSignal(window.tourLoaded, timeout=5000):
            qtbot.keyClick(window, Qt.Key.Key_F5)
        assert window.tour.title == "Edited tour"
        assert window.panel.title.text() == "Edited tour"
        assert window.selected_stop_id() == "tokyo"
        assert window.panel.current_stop().id == "tokyo"
        wait_map_ready(window)
        wait_until(lambda: map_state(window).get("selected") == "tokyo", message="page keeps tokyo selected")
        assert [m["id"] for m in map_state(window)["markers"] if m["selected"] == "true"] == ["tokyo"]

        # A stop that is gone cannot stay selected; the rest still loads.
        del data["stops"][1]
        _save_atomically(path, data)
        assert window.reload() is True
        assert window.selected_stop_id() is None
        wait_map_ready(window)
        assert _page_stop_ids(window) == ["sepang", "seoul"]
    finally:
        _set_watch(window, True)


def test_watched_file_reloads_when_replaced_on_disk(window, tmp_path, qtbot):
    path, data = _tour_copy(tmp_path)
    _set_watch(window, True)
    assert window.open_path(path)
    wait_map_ready(window)
    assert str(path) in window.watcher.files()
    for title in ("First save", "Second save"):  # the watcher survives the rename, twice
        data["title"] = title
        _save_atomically(path, data)
        qtbot.waitUntil(lambda: window.tour.title == title, timeout=5000)
        assert window.windowTitle().startswith(title)
        assert window.panel.title.text() == title
        wait_map_ready(window)
    data["stops"].append({"id": "busan", "name": "Busan", "place": {"city": "Busan", "country": "South Korea"}, "lat": 35.1796, "lon": 129.0756})
    _save_atomically(path, data)
    qtbot.waitUntil(lambda: window.panel.model.rowCount() == 4, timeout=5000)
    wait_map_ready(window)
    assert _page_stop_ids(window) == ["sepang", "tokyo", "seoul", "busan"]


def test_watched_file_with_an_error_keeps_the_tour(window, tmp_path, qtbot):
    path, data = _tour_copy(tmp_path)
    _set_watch(window, True)
    assert window.open_path(path)
    wait_map_ready(window)
    path_text = BAD.read_text(encoding="utf-8")
    temp = path.with_name("tour.json.tmp")
    temp.write_text(path_text, encoding="utf-8")
    os.replace(temp, path)
    qtbot.waitUntil(lambda: "Not reloaded" in window.statusBar().currentMessage(), timeout=5000)
    assert window.tour.title == data["title"]
    assert window.error_dialog is None or not window.error_dialog.isVisible()  # quiet: no dialog for a half-saved file
    data["title"] = "Fixed again"
    _save_atomically(path, data)
    qtbot.waitUntil(lambda: window.tour.title == "Fixed again", timeout=5000)


def test_watched_file_deleted_and_written_again_is_followed(window, tmp_path, qtbot):
    """rm, then write it again (as git checkout does), then edit it in place; twice. While
    it is gone the window says so; when it is back it is read and watched again."""
    path, data = _tour_copy(tmp_path)
    _set_watch(window, True)
    assert window.open_path(path)
    wait_map_ready(window)
    bar = window.message_bar
    for round_ in (1, 2):
        path.unlink()
        qtbot.waitUntil(lambda: bar.isVisible() and bar.kind == "missing", timeout=5000)
        assert bar.title.text() == f"tour.json is gone from {tmp_path}"
        assert window.tour.title == data["title"]  # the tour as last read stays
        data["title"] = f"Back {round_}"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        qtbot.waitUntil(lambda: window.tour.title == f"Back {round_}", timeout=5000)
        assert not bar.isVisible()
        data["title"] = f"Edited {round_}"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")  # in place
        qtbot.waitUntil(lambda: window.tour.title == f"Edited {round_}", timeout=5000)
        assert window.panel.title.text() == f"Edited {round_}"
    assert str(path) in window.watcher.files()


def test_a_reload_that_fails_lists_every_problem_above_the_map_until_dismissed(window, tmp_path, qtbot):
    path, data = _tour_copy(tmp_path)
    _set_watch(window, True)
    assert window.open_path(path)
    wait_map_ready(window)
    bar = window.message_bar
    assert not bar.isVisible()
    broken = json.loads(json.dumps(data))
    broken["stops"][0]["lat"] = 95
    broken["stops"][2]["lon"] = 200
    broken["stops"][2]["arrive"] = "soon"
    _save_atomically(path, broken)
    qtbot.waitUntil(lambda: bar.isVisible() and bar.kind == "reload", timeout=5000)
    first, third = data["stops"][0]["name"], data["stops"][2]["name"]
    assert bar.lines() == [
        f"stop 1 ({first}): lat: latitude must be between -90 and 90 (got 95)",
        f"stop 3 ({third}): lon: longitude must be between -180 and 180 (got 200)",
        f"stop 3 ({third}): arrive: must be a date written as YYYY-MM-DD (got \"soon\")",
    ]
    assert bar.title.text() == "tour.json was not reloaded (3 problems); the window shows the tour as last read"
    assert bar.geometry().bottom() <= window.map.geometry().top(), "above the map"
    qtbot.wait(3500)  # longer than a status message lasts
    assert bar.isVisible()
    assert window.tour.title == data["title"]
    # Dismissed by its close button, it stays away until the next problem.
    close = bar.findChild(QToolButton, "messageClose")
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    assert not bar.isVisible()
    # A later good save clears a shown message too.
    _save_atomically(path, broken | {"title": ""})
    qtbot.waitUntil(lambda: bar.isVisible(), timeout=5000)
    data["title"] = "Mended"
    _save_atomically(path, data)
    qtbot.waitUntil(lambda: window.tour.title == "Mended", timeout=5000)
    assert not bar.isVisible()


# -- recent files and drops -----------------------------------------------------------------

def test_recent_menu_lists_and_reopens_an_opened_file(window, tmp_path):
    path, _ = _tour_copy(tmp_path, "recent-tour.json")
    menu = window.findChild(QMenu, "menuRecent")
    assert menu is not None
    assert window.open_path(path)
    wait_map_ready(window)
    assert menu.isEnabled()
    first = menu.actions()[0]
    assert first.toolTip() == str(path.resolve())
    assert "recent-tour.json" in first.text()
    assert window.open_path(bundled_tour())
    wait_map_ready(window)
    entry = next(a for a in menu.actions() if a.toolTip() == str(path.resolve()))
    entry.trigger()
    assert window.path is not None and window.path.resolve() == path.resolve()
    assert window.tour.title == json.loads(path.read_text(encoding="utf-8"))["title"]
    wait_map_ready(window)


def _drag_events(path_or_text):
    mime = QMimeData()
    if isinstance(path_or_text, Path):
        mime.setUrls([QUrl.fromLocalFile(str(path_or_text))])
    else:
        mime.setText(path_or_text)
    args = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    try:  # PySide6 >= 6.12 takes a QPointF (the QPoint form is deprecated); older ones a QPoint
        enter = QDragEnterEvent(QPointF(700, 450), *args)
    except TypeError:
        enter = QDragEnterEvent(QPoint(700, 450), *args)
    drop = QDropEvent(QPointF(700, 450), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    return mime, enter, drop


def test_dropping_a_tour_file_opens_it(window, tmp_path):
    path, data = _tour_copy(tmp_path, "dropped.json")
    data["title"] = "Dropped tour"
    data["stops"] = data["stops"][1:]
    path.write_text(json.dumps(data), encoding="utf-8")

    _mime, enter, drop = _drag_events("just some text")
    enter.ignore()
    QApplication.sendEvent(window, enter)
    assert not enter.isAccepted()

    _mime, enter, drop = _drag_events(path)
    enter.ignore()
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop.ignore()
    QApplication.sendEvent(window, drop)
    assert drop.isAccepted()
    assert window.path == path
    assert window.tour.title == "Dropped tour"
    wait_map_ready(window)
    assert _page_stop_ids(window) == ["tokyo", "seoul"]


# -- settings -------------------------------------------------------------------------------

def test_geometry_and_splitters_persist(window, qtbot):
    from tourmap._qt.main_window import MainWindow

    # Restoring fits the window on its screen, so pick a size that fits (offscreen: 800x800).
    available = window.screen().availableGeometry()
    width, height = min(1000, available.width() - 40), min(700, available.height() - 60)
    window.resize(width, height)
    qtbot.waitUntil(lambda: window.size().width() == width)
    window.splitter.setSizes([300, width - 300])
    window.panel.splitter.setSizes([300, 300])
    sizes, panel_sizes, geometry = window.splitter.sizes(), window.panel.splitter.sizes(), window.geometry()
    assert sizes[0] == 300 and (width, height) != (1400, 900)
    window.save_settings()
    second = MainWindow()
    try:
        second.show()
        qtbot.waitExposed(second)
        assert second.size() == geometry.size()  # where it lands is the window manager's call
        assert second.splitter.sizes() == sizes
        assert second.panel.splitter.sizes() == panel_sizes
    finally:
        second.close()
        with qtbot.waitSignal(second.destroyed, timeout=5000):  # its WebEngine page too, before the profile goes
            second.deleteLater()
        window.resize(1400, 900)
        window.splitter.setSizes([380, 1020])
        window.panel.splitter.setSizes([230, 670])
        qtbot.waitUntil(lambda: window.size().width() == 1400)
        window.save_settings()


def test_reading_and_reloading_leave_the_event_loop_running(window, tmp_path):
    """The file is read on a thread: timers fire and the window draws while it is read."""
    import threading

    from PySide6.QtCore import QTimer

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from make_tour import make_tour  # type: ignore[import-not-found]

    path = tmp_path / "tour-2k.json"
    path.write_text(json.dumps(make_tour(2000, 10, 1)), encoding="utf-8")
    ticks: list[str] = []
    timer = QTimer(interval=5, timeout=lambda: ticks.append(threading.current_thread().name))
    timer.start()
    try:
        assert window.open_path(path)
        opened = len(ticks)
        assert opened > 0, "no timer fired while the file was read"
        assert window.reload()
        assert len(ticks) > opened, "no timer fired while the file was read again"
    finally:
        timer.stop()
    assert set(ticks) == {"MainThread"} and len(window.tour.stops) == 2000

"""The GUI entry point. Importing it registers the app's URL scheme, which Qt needs done
before the QApplication exists; so import it (or :mod:`tourmap._qt.scheme`) first."""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from tourmap._qt import scheme as _scheme  # noqa: F401  (registers tourmap:// at import)
from tourmap._qt.environment import NoDisplayError, check_display, prepare_webengine, quiet_qt_messages
from tourmap.errors import TourError

if TYPE_CHECKING:
    from tourmap._qt.main_window import MainWindow
    from tourmap.model import Tour

prepare_webengine()

#: Exit status for a bad tour file (as the CLI's).
EXIT_BAD_FILE = 2


def create_window(path: str | Path | None = None) -> MainWindow:
    """The main window on ``path`` or the bundled tour, ready to show.

    A QApplication must exist. Raises :class:`tourmap.TourError` for a bad file.
    """
    from tourmap._qt.main_window import open_window

    return open_window(path)


def run(path: Path) -> int:
    """Open the window on ``path`` and run the event loop.

    Returns 2 with the loader's line for a bad file (no window opens), 1 with a sentence
    when no window can open here. The map page starts loading before the tour is read: the
    tour is loaded on a worker thread while the main thread keeps Chromium going.
    """
    try:
        check_display()
    except NoDisplayError as error:
        from tourmap.loader import load_tour

        try:  # a bad file is the first thing to fix
            load_tour(path)
        except TourError as bad:
            print(bad, file=sys.stderr)
            return EXIT_BAD_FILE
        print(error, file=sys.stderr)
        return 1
    quiet_qt_messages()
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QIcon
    from PySide6.QtWidgets import QApplication

    from tourmap import __version__, settings
    from tourmap._qt.main_window import MainWindow, open_window
    from tourmap._qt.map_view import MapView
    from tourmap.paths import resource

    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setOrganizationName(settings.ORGANIZATION)
    app.setApplicationName(settings.APPLICATION)
    app.setApplicationDisplayName("tourmap")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("io.github.tourmap.Tourmap")
    app.setWindowIcon(QIcon(str(resource("icons", "tourmap.svg"))))

    view = MapView()
    view.begin()  # Chromium starts on the page now; the tour comes later
    window = MainWindow(map_view=view)
    # Laid out and drawing, but not on screen until the tour is known to be good: the page
    # gets the view's real size (a hidden view has none) and frames the tour once.
    window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    window.show()
    loading = TourLoading(path)
    loading.start()
    try:
        tour, page = loading.wait()  # in the event loop: the page keeps loading meanwhile
    except TourError as error:
        print(error, file=sys.stderr)
        window.discard()
        return EXIT_BAD_FILE
    window.map.show_tour(tour, data=page)
    open_window(path, tour, window=window)  # the panel, the title, recent files
    _report_unexpected_errors(window)
    window.hide()
    window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, False)
    window.show()
    return app.exec()


class TourLoading:
    """Loads a tour and makes its page data on a worker thread.

    The main thread waits in Qt's event loop, serving the map page and Chromium's own
    work; the GIL goes back and forth, but Chromium's processes and threads run in parallel
    with the import of the model and the validation of the file. (Building the window on
    the main thread meanwhile was tried: it holds up the page's loading by more than it
    saves; the window is built before.)
    """

    def __init__(self, path: Path) -> None:
        from PySide6.QtCore import QEventLoop, QObject, Signal

        class Done(QObject):
            finished = Signal()

        self._path = path
        self._box: dict[str, object] = {}
        self._done = Done()
        self._loop = QEventLoop()
        self._done.finished.connect(self._loop.quit)  # queued: reaches wait()'s loop
        self._thread = threading.Thread(target=self._work, name="tourmap-load", daemon=True)
        self._switch = sys.getswitchinterval()

    def start(self) -> None:
        sys.setswitchinterval(0.001)  # the main thread answers the page's requests promptly
        self._thread.start()

    def wait(self) -> tuple[Tour, bytes]:
        """The tour and its page data; raises TourError, or whatever else the worker raised."""
        try:
            if "result" not in self._box and "error" not in self._box:
                self._loop.exec()
            self._thread.join()
        finally:
            sys.setswitchinterval(self._switch)
        if "error" in self._box:
            raise self._box["error"]  # type: ignore[misc]
        return self._box["result"]  # type: ignore[return-value]

    def _work(self) -> None:
        try:
            from tourmap.loader import load_tour
            from tourmap.page import PageOptions, page_json

            tour = load_tour(self._path)
            self._box["result"] = (tour, page_json(tour, PageOptions(mode="app")))
        except BaseException as error:  # noqa: BLE001  (handed to the main thread)
            self._box["error"] = error
        finally:
            self._done.finished.emit()


def _report_unexpected_errors(window) -> None:
    """A bug in a slot must not vanish into stderr: keep the window, tell the user once."""
    import traceback

    from PySide6.QtWidgets import QMessageBox

    def hook(kind, value, tb) -> None:  # type: ignore[no-untyped-def]
        traceback.print_exception(kind, value, tb)
        if issubclass(kind, KeyboardInterrupt):
            return
        box = QMessageBox(QMessageBox.Icon.Critical, "tourmap", f"Something went wrong: {value}", parent=window)
        box.setInformativeText("The tour on screen is unchanged. Details were printed on the terminal.")
        box.open()

    sys.excepthook = hook


def main() -> int:
    from tourmap.cli import main as cli_main

    return cli_main()


if __name__ == "__main__":
    sys.exit(main())

"""The GUI entry point. Importing it registers the app's URL scheme, which Qt needs done
before the QApplication exists; so import it (or :mod:`tourmap._qt.scheme`) first."""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tourmap._qt import scheme as _scheme  # noqa: F401  (registers tourmap:// at import)
from tourmap._qt.environment import NoDisplayError, check_display, prepare_webengine, quiet_qt_messages
from tourmap.errors import EXIT_FAILURE, EXIT_USAGE, TourError
from tourmap.reading import TourReading

if TYPE_CHECKING:
    from types import TracebackType

    from PySide6.QtWidgets import QWidget

    from tourmap._qt.main_window import MainWindow
    from tourmap.model import Tour

prepare_webengine()


def create_window(path: str | Path | None = None) -> MainWindow:
    """The main window on ``path`` or the bundled tour, ready to show.

    A QApplication must exist. Raises :class:`tourmap.TourError` for a bad file.
    """
    from tourmap._qt.main_window import open_window

    return open_window(path)


def run(path: Path, reading: TourReading | None = None, *, error_dialog: bool = False) -> int:
    """Open the window on ``path`` and run the event loop.

    A GeoJSON, KML, GPX or CSV file is imported as a new, unsaved tour once the window
    is up (a CSV file through its preview); a file that cannot be imported is said in a
    dialog over an untitled tour. Returns 2 with the loader's line for a bad tour file (no window opens; with
    ``error_dialog``, a dialog lists its problems first), 1 with a sentence when no
    window can open here. The tour is read in the background (``reading``, which the
    command line starts before it imports Qt) while the map page starts loading.
    """
    from tourmap.formats import is_import

    importing = is_import(path)  # another format: the window imports it once it is up
    if not importing:
        reading = reading or TourReading.start(path, thread=False)  # a thread starts in _wait
    try:
        check_display()
    except NoDisplayError as error:
        try:  # a bad file is the first thing to fix
            if reading is not None:
                reading.result()
        except TourError as bad:
            print(bad, file=sys.stderr)
            return EXIT_USAGE
        print(error, file=sys.stderr)
        return EXIT_FAILURE
    quiet_qt_messages()
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtGui import QGuiApplication, QIcon
    from PySide6.QtWidgets import QApplication

    from tourmap import __version__, settings
    from tourmap._qt.main_window import MainWindow, open_window
    from tourmap._qt.map_view import MapView
    from tourmap.paths import resource

    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0]])
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
    if importing:
        from tourmap.editing import new_tour

        window.set_tour(new_tour(), None)  # what the import replaces (or keeps, if it fails)
        QTimer.singleShot(0, lambda: window.import_path(path))
    else:
        assert reading is not None
        try:
            tour, page = _wait(reading)  # in the event loop: the page keeps loading meanwhile
        except TourError as error:
            print(error, file=sys.stderr)
            window.discard()
            if error_dialog:
                _show_bad_file(error)
            return EXIT_USAGE
        window.map.show_tour(tour, data=page)
        open_window(path, tour, window=window)  # the panel, the title, recent files
    _report_unexpected_errors(window)
    window.hide()
    window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, False)
    window.show()
    QTimer.singleShot(0, window.offer_recovery)  # unsaved changes a crash left behind
    # What start-up built lives as long as the app: out of the collector's way for good
    # (the command line paused the collector while it was built).
    gc.freeze()
    gc.enable()
    _quit_on_signals(window)
    return app.exec()


def _quit_on_signals(window: QWidget) -> None:
    """Ctrl+C (SIGINT) and SIGTERM close the window (its settings saved) and exit with
    128 + the signal's number, 130 for Ctrl+C.

    Python runs its signal handlers between bytecodes, never while Qt's event loop waits
    in C++; the wake-up descriptor makes the loop call back into Python on a signal.
    """
    import contextlib
    import signal
    import socket

    from PySide6.QtCore import QSocketNotifier
    from PySide6.QtWidgets import QApplication

    wake, wakeup = socket.socketpair()
    wake.setblocking(False)
    wakeup.setblocking(False)
    signal.set_wakeup_fd(wakeup.fileno(), warn_on_full_buffer=False)
    notifier = QSocketNotifier(wake.fileno(), QSocketNotifier.Type.Read, window)

    def drain() -> None:
        """Python code runs: so does the handler. Qt may call again with nothing left to read."""
        with contextlib.suppress(BlockingIOError):
            wake.recv(64)

    notifier.activated.connect(drain)

    def quit_with(number: int, _frame: object, _sockets: tuple[socket.socket, ...] = (wake, wakeup)) -> None:
        window.close()
        QApplication.exit(128 + number)

    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, quit_with)


def _wait(reading: TourReading) -> tuple[Tour, bytes]:
    """The reading's result, serving Qt's events (the page's requests) until it is in.

    A reading that did not fork starts its thread here, once the main thread has imported
    all it needs (see TourReading.start).
    """
    if not reading.done():
        from PySide6.QtCore import QEventLoop, QSocketNotifier

        loop = QEventLoop()
        notifier = QSocketNotifier(reading.fileno(), QSocketNotifier.Type.Read)
        notifier.activated.connect(loop.quit)
        loop.exec()
        notifier.setEnabled(False)
    return reading.result()


def _show_bad_file(error: TourError) -> None:
    """The file's problems in a dialog, when the window was started from a desktop entry
    or a file manager: nobody sees its stderr."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Critical, "tourmap", f"Cannot open {Path(error.file).name}")
    box.setObjectName("badFileDialog")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setInformativeText("\n".join([f"In {Path(error.file).parent}:", *error.lines(with_file=False)]))
    box.exec()


def _report_unexpected_errors(window: QWidget) -> None:
    """A bug in a slot must not vanish into stderr: keep the window, tell the user once."""
    import traceback

    from PySide6.QtWidgets import QMessageBox

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        traceback.print_exception(kind, value, tb)
        if issubclass(kind, KeyboardInterrupt):
            return
        box = QMessageBox(QMessageBox.Icon.Critical, "tourmap", f"Something went wrong: {value}", parent=window)
        box.setInformativeText("The tour on screen is unchanged. Details were printed on the terminal.")
        box.open()

    sys.excepthook = hook

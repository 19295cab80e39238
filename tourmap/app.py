"""The GUI entry point. Importing it registers the app's URL scheme, which Qt needs done
before the QApplication exists; so import it (or :mod:`tourmap._qt.scheme`) first."""

from __future__ import annotations

import sys
from pathlib import Path

from tourmap._qt import scheme as _scheme  # noqa: F401  (registers tourmap:// at import)
from tourmap._qt.environment import NoDisplayError, check_display, prepare_webengine, quiet_qt_messages
from tourmap.model import Tour

prepare_webengine()


def create_window(path: str | Path | None = None):  # -> tourmap._qt.main_window.MainWindow
    """The main window on ``path`` or the bundled tour, ready to show.

    A QApplication must exist. Raises :class:`tourmap.TourError` for a bad file.
    """
    from tourmap._qt.main_window import open_window

    return open_window(path)


def run(path: Path, tour: Tour | None = None) -> int:
    """Open the window and run the event loop; 1 with a sentence when no window can open."""
    try:
        check_display()
    except NoDisplayError as error:
        print(error, file=sys.stderr)
        return 1
    quiet_qt_messages()
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QIcon
    from PySide6.QtWidgets import QApplication

    from tourmap import __version__, settings
    from tourmap._qt.main_window import open_window
    from tourmap.paths import resource

    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setOrganizationName(settings.ORGANIZATION)
    app.setApplicationName(settings.APPLICATION)
    app.setApplicationDisplayName("tourmap")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("io.github.tourmap.Tourmap")
    app.setWindowIcon(QIcon(str(resource("icons", "tourmap.svg"))))
    window = open_window(path, tour)
    _report_unexpected_errors(window)
    window.show()
    return app.exec()


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

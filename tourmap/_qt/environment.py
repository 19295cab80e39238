"""Get the process ready for Qt WebEngine, or say in one sentence why it cannot start."""

from __future__ import annotations

import os
import sys

#: System libraries Qt's xcb plugin loads that the PySide6 wheels do not ship.
XCB_LIBRARIES = {
    "xcb-cursor": "libxcb-cursor0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-keysyms": "libxcb-keysyms1",
}


class NoDisplayError(RuntimeError):
    """The window cannot open here; the message says why and what to do."""


def prepare_webengine() -> None:
    """Chromium refuses to run as root with its sandbox; root here is a container or CI."""
    flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
    wanted = ["--disable-background-networking", "--disable-component-update"]
    if not os.environ.get("TOURMAP_DEBUG"):
        wanted.append("--log-level=3")  # Chromium's own chatter (dbus, GPU probing) off stderr
    if hasattr(os, "geteuid") and os.geteuid() == 0 and "--no-sandbox" not in flags:
        wanted.append("--no-sandbox")
    missing = [flag for flag in wanted if flag not in flags]
    if missing:
        os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = " ".join([flags, *missing]).strip()


def use_offscreen_for_export() -> None:
    """Export draws into images, never on a screen: offscreen works with or without a
    display and does not need the xcb libraries. An explicit QT_QPA_PLATFORM still wins."""
    if not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


def check_display() -> None:
    """Raise NoDisplayError instead of letting Qt abort the process."""
    if not sys.platform.startswith("linux"):
        return
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform.startswith(("offscreen", "minimal", "vnc", "eglfs", "linuxfb")):
        return
    if not _display_available():
        raise NoDisplayError(
            "tourmap cannot open its window: no display was found (neither DISPLAY nor WAYLAND_DISPLAY is set). "
            "Run it in a desktop session, under xvfb-run, or use 'tourmap export' for images without a display."
        )
    if platform.startswith("wayland") or (not platform and os.environ.get("WAYLAND_DISPLAY") and not os.environ.get("DISPLAY")):
        return
    import ctypes.util  # here only: it costs 10 ms of start-up (subprocess, zipfile)

    missing = [package for lib, package in XCB_LIBRARIES.items() if ctypes.util.find_library(lib) is None]
    if missing:
        raise NoDisplayError(
            "tourmap cannot open its window: Qt's X11 (xcb) plugin needs system libraries that are missing: "
            f"{', '.join(missing)}. Install them, e.g. 'sudo apt-get install {' '.join(missing)}'."
        )


def _display_available() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def quiet_qt_messages() -> None:
    """Keep Qt's start-up chatter (no GPU, software rendering) off stderr.

    Command-line errors are one line; Qt's warnings about the missing GPU would bury it.
    Set TOURMAP_DEBUG=1 to see everything.
    """
    if os.environ.get("TOURMAP_DEBUG"):
        return
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def handler(kind: QtMsgType, _context: object, message: str) -> None:
        if kind in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            print(f"Qt: {message}", file=sys.stderr)

    qInstallMessageHandler(handler)

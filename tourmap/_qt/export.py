"""Snapshots of the map, rendered offscreen at any size: PNG and JPEG, SVG and a map PDF in
vector (see tourmap._qt.vector), and a PDF briefing.

A hidden QWebEngineView of its own loads the export variant of the page (title, legend,
attribution; no controls) at W*N x H*N device pixels with a zoom factor of N, so the page
lays out at W x H CSS pixels and draws N times sharper. The main window's map is never
resized, so nothing flickers.
"""

from __future__ import annotations

import json
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QEvent, QEventLoop, QIODevice, QMarginsF, QPointF, QRectF, QSize, QSizeF, Qt, QTimer
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QImageWriter,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWebEngineWidgets import QWebEngineView

from tourmap import __version__
from tourmap._qt import vector
from tourmap._qt.map_view import MapPage
from tourmap._qt.page_api import PageApi
from tourmap._qt.scheme import app_profile
from tourmap.exporting import BRIEFING_PANEL_WIDTH, CSS_DPI, ExportRequest
from tourmap.model import Stop, Tour, topic_sort_key
from tourmap.page import PageOptions, build_page

INK = QColor("#1c2b39")
MUTED = QColor("#5b6b78")
ACCENT = QColor("#1f3b5a")


@dataclass(frozen=True)
class Frame:
    """What an export page shows besides the tour itself."""

    caption: bool = True  # the title box (a briefing page prints its title beside the map)
    labels: bool = True
    inset: bool = False
    view: str | None = None  # the window's view (see ExportRequest.view)

    @classmethod
    def of(cls, request: ExportRequest) -> Frame:
        return cls(labels=request.labels, inset=request.inset, view=request.view)


#: Briefings of more stops than this mark each stop on one shared map of the whole tour
#: (drawn once; the PDF holds it once): a map of its own per page took 0.2-0.4 s a page.
OWN_MAPS_UP_TO = 30

#: Told (pages done, pages in all) after each page; False cancels the export.
Progress = Callable[[int, int], bool]


class ExportCancelled(Exception):
    """The user stopped a long export (see Progress)."""


class ExportError(RuntimeError):
    """Rendering failed (page did not load in time, nothing painted)."""


class MapRenderer:
    """Renders tour maps offscreen. Keep one around: the second render is the cheap one."""

    def __init__(self, timeout: float = 30.0) -> None:
        self.timeout = timeout
        self.view = QWebEngineView()
        self.view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        self.view.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        self.page = MapPage(self.view)
        self.view.setPage(self.page)
        self.api = PageApi(self.page)
        # The page on the view: which tour (a weak reference: it dies with the tour, where
        # an id() can pass to a later tour, a reload, once the first is freed) and how it
        # was built.
        self._loaded_tour: weakref.ref[Tour] | None = None
        self._loaded_key: tuple[object, ...] | None = None

    def close(self) -> None:
        """Pages go before the profile they use, or Qt warns at exit."""
        self.view.close()
        self.page.deleteLater()
        self.view.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    # -- low level --------------------------------------------------------------------------

    def _wait(self, predicate: Callable[[], bool], what: str) -> None:
        deadline = time.monotonic() + self.timeout
        loop = QEventLoop()
        while not predicate():
            if time.monotonic() > deadline:
                raise ExportError(f"the map did not {what} within {self.timeout:.0f} s")
            QTimer.singleShot(5, loop.quit)
            loop.exec()

    def _ask(self, question: Callable[[Callable[[Any], None]], None]) -> Any:
        """The answer to one of the page API's questions, waiting for it."""
        box: dict[str, object] = {}

        def answer(value: Any) -> None:
            box["v"] = value

        question(answer)
        self._wait(lambda: "v" in box, "answer")
        return box["v"]

    def _load(self, tour: Tour, size: tuple[int, int], scale: int, title: str | None, selected: str | None, frame: Frame, pixels: bool = True) -> None:
        """The page up at ``size`` on ``selected`` (or the frame's view), laid out; with
        ``pixels``, also composited, for a grab."""
        w, h = size
        self.view.resize(w * scale, h * scale)
        if not self.view.isVisible():
            self.view.show()
        key = (size, scale, title, frame)
        if self._loaded_tour is None or self._loaded_tour() is not tour or key != self._loaded_key:
            _, handler = app_profile()
            view = json.loads(frame.view) if frame.view else None
            options = PageOptions(
                mode="export", selected=selected, title=title, caption=frame.caption, labels=frame.labels, inset=frame.inset, view=view, online_layers=()
            )
            url = handler.publish(build_page(tour, options), stem="export")
            done: dict[str, bool] = {}
            self.page.loadFinished.connect(lambda ok: done.setdefault("ok", ok))
            self.page.setZoomFactor(scale)
            self.view.load(url)
            self._wait(lambda: "ok" in done, "load")
            self.page.loadFinished.disconnect()
            if not done["ok"]:
                raise ExportError("the map page failed to load")
            self.page.setZoomFactor(scale)
            self._wait(lambda: self._ask(self.api.is_ready), "become ready")
            self._loaded_tour, self._loaded_key = weakref.ref(tour), key
        else:
            self.api.frame(selected, view=frame.view is not None)  # the same page already up: move the view instead of loading again
        self._settle(pixels)

    def _settle(self, pixels: bool = True) -> None:
        """Wait for two animation frames (the labels are placed in the first), then, for
        ``pixels``, for the compositor to hand Qt the result."""
        self.api.request_paint()
        self._wait(lambda: self._ask(self.api.painted), "paint")
        if not pixels:
            return
        loop = QEventLoop()
        QTimer.singleShot(120, loop.quit)
        loop.exec()

    # -- images -----------------------------------------------------------------------------

    def render_map(
        self, tour: Tour, size: tuple[int, int], scale: int = 1, stop: str | None = None, title: str | None = None, frame: Frame = Frame()
    ) -> QImage:
        self._load(tour, size, scale, title, stop, frame)
        image = self._steady_grab()
        target = QSize(size[0] * scale, size[1] * scale)
        if image.size() != target:  # a HiDPI screen grabs at its own ratio
            image = image.scaled(target, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation)
        if image.isNull() or _is_blank(image):
            raise ExportError("the map rendered blank")
        image.setDevicePixelRatio(1.0)
        return image

    def _steady_grab(self, tries: int = 12) -> QImage:
        """The view's picture once two grabs in a row agree: on a busy machine the
        compositor may hand Qt the page's last frame (the land's canvas, the labels) later
        than the settling wait allows."""
        image = self.view.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
        for _ in range(tries):
            loop = QEventLoop()
            QTimer.singleShot(40, loop.quit)
            loop.exec()
            again = self.view.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
            if again == image:
                break
            image = again
        return image

    def render_briefing_image(self, tour: Tour, size: tuple[int, int], scale: int, stop: str | None, title: str | None) -> QImage:
        """The map with the selected stop's agenda beside it, still exactly W*N x H*N."""
        w, h = size
        panel = BRIEFING_PANEL_WIDTH
        map_image = self.render_map(tour, (w - panel, h), scale, stop, title)
        image = QImage(w * scale, h * scale, QImage.Format.Format_RGB32)
        image.setDotsPerMeterX(3780)  # 96 dpi, so point sizes match the screen's
        image.setDotsPerMeterY(3780)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.drawImage(panel * scale, 0, map_image)
        painter.scale(scale, scale)
        chosen = tour.stops[tour.stop_index[stop]] if stop else None
        doc = stop_document(tour, chosen, panel - 40, point_size=10.5) if chosen else tour_document(tour, panel - 40, point_size=10.5)
        _draw_fitted(painter, doc, QRectF(20, 20, panel - 40, h - 40))
        painter.setPen(QColor("#d5dbe0"))
        painter.drawLine(panel, 0, panel, h)
        painter.end()
        return image

    # -- files ------------------------------------------------------------------------------

    def export_bytes(self, tour: Tour, request: ExportRequest, source: str = "", progress: Progress | None = None) -> bytes:
        """The finished file's bytes; the caller writes them atomically. ``progress``: told
        after each page of a briefing PDF (see Progress)."""
        title = request.title or tour.title
        if request.format == "pdf":
            return self.briefing_pdf(tour, request, progress) if request.kind == "briefing" else self.map_pdf(tour, request)
        if request.format == "svg":
            return self.map_svg(tour, request)
        if request.kind == "briefing":
            image = self.render_briefing_image(tour, request.size, request.scale, request.stop, request.title)
        else:
            image = self.render_map(tour, request.size, request.scale, request.stop, request.title, Frame.of(request))
        image = _cropped(image, request.pixel_size)
        dots_per_metre = round(request.resolution / 0.0254)
        image.setDotsPerMeterX(dots_per_metre)
        image.setDotsPerMeterY(dots_per_metre)
        image.setText("Title", title)
        image.setText("Software", f"tourmap {__version__}")
        image.setText("Source", source_text(tour, source))
        return image_bytes(image, request.format)

    def layout(self, tour: Tour, request: ExportRequest) -> dict[str, Any]:
        """The frame as the page laid it out, for the vector writer (see tourmap._qt.vector)."""
        self._load(tour, request.size, 1, request.title, request.stop, Frame.of(request), pixels=False)
        layout = self._ask(self.api.layout)
        if not isinstance(layout, dict):
            raise ExportError("the map gave no layout")
        return layout

    def map_svg(self, tour: Tour, request: ExportRequest) -> bytes:
        return vector.svg_bytes(self.layout(tour, request), request.title or tour.title)

    def map_pdf(self, tour: Tour, request: ExportRequest) -> bytes:
        """One page, the map in vector: paths and real text, no image."""
        layout = self.layout(tour, request)
        buffer, writer = _pdf_writer(request.title or tour.title, _page_size(request))
        vector.paint_page(writer, layout)
        return bytes(buffer.data().data())

    def briefing_pdf(self, tour: Tour, request: ExportRequest, progress: Progress | None = None) -> bytes:
        """A cover with the whole tour, then one page per stop: map, dates, agenda.

        Text is laid out with QTextDocument and painted into the PDF, so it stays real,
        selectable text. Up to OWN_MAPS_UP_TO stops, each page has a map centred on its
        stop; a longer tour's pages share the cover's map, with the page's stop ringed.
        ExportCancelled when ``progress`` says so.
        """
        title = request.title or tour.title
        buffer, writer = _pdf_writer(title, _page_size(request) if request.paper else None)
        page = QRectF(0, 0, writer.width(), writer.height())
        dpi = writer.resolution()
        margin = dpi * 0.45
        painter = QPainter(writer)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        map_w = page.width() * 0.6 - margin * 1.5
        map_h = page.height() - margin * 2
        css = (int(map_w * 96 / dpi), int(map_h * 96 / dpi))  # map at 96 CSS px per inch
        map_rect = QRectF(margin, margin, map_w, map_h)
        text_rect = QRectF(map_rect.right() + margin, margin, page.width() - map_rect.right() - margin * 2, map_h)
        text_scale = dpi / 96.0

        text_width = text_rect.width() / text_scale
        pages = len(tour.stops) + 1

        shared = len(tour.stops) > OWN_MAPS_UP_TO
        overview = self.render_map(tour, css, 2, None, title, Frame(caption=False)) if shared else None
        points = self._ask(self.api.stop_points) if shared else None
        ring = QPen(QColor("#c8451b"), dpi / 96.0 * 4)

        def page_with(stop: Stop | None, doc: QTextDocument, number: int) -> None:
            # The page prints the title beside the map; the map itself needs no title box.
            if overview is None:
                painter.drawImage(map_rect, self.render_map(tour, css, 2, stop.id if stop else None, title, Frame(caption=False)))
            else:
                painter.drawImage(map_rect, overview)  # the same QImage: the PDF holds it once
                if stop is not None and isinstance(points, list):
                    x, y = points[tour.stop_index[stop.id]]
                    centre = QPointF(map_rect.left() + x * map_w / css[0], map_rect.top() + y * map_h / css[1])
                    if map_rect.contains(centre):
                        painter.save()
                        painter.setPen(ring)
                        painter.setBrush(Qt.BrushStyle.NoBrush)
                        painter.drawEllipse(centre, dpi / 96.0 * 14, dpi / 96.0 * 14)
                        painter.restore()
            painter.save()
            painter.translate(text_rect.topLeft())
            painter.scale(text_scale, text_scale)
            _draw_fitted(painter, doc, QRectF(0, 0, text_width, text_rect.height() / text_scale))
            painter.restore()
            _footer(painter, page, margin, f"{title} · page {number} of {pages}")

        try:
            page_with(None, tour_document(tour, text_width, point_size=10.5, title=title), 1)
            for number, stop in enumerate(tour.stops, 2):
                if progress is not None and not progress(number - 1, pages):
                    raise ExportCancelled
                writer.newPage()
                page_with(stop, stop_document(tour, stop, text_width, point_size=10.5), number)
            if progress is not None:
                progress(pages, pages)
        finally:
            painter.end()
        return bytes(buffer.data().data())


# -- text layout (no HTML: every string goes in through insertText) ---------------------------


class _Doc:
    def __init__(self, width: float, point_size: float) -> None:
        self.doc = QTextDocument()
        self.doc.setDocumentMargin(0)
        self.doc.setTextWidth(width)
        font = QFont()
        font.setFamilies(["Noto Sans", "DejaVu Sans", "Liberation Sans", "Arial"])
        font.setPointSizeF(point_size)
        # No "fi"/"fl" ligatures: text pulled out of the PDF should search as typed.
        font.setFeature(QFont.Tag("liga"), 0)
        font.setFeature(QFont.Tag("clig"), 0)
        self.doc.setDefaultFont(font)
        self.cursor = QTextCursor(self.doc)
        self.size = point_size
        self.first = True

    def para(
        self,
        text: str,
        *,
        scale: float = 1.0,
        bold: bool = False,
        italic: bool = False,
        color: QColor = INK,
        space_before: float = 2.0,
        indent: float = 0.0,
    ) -> None:
        block = QTextBlockFormat()
        block.setTopMargin(space_before)
        block.setLeftMargin(indent)
        fmt = QTextCharFormat()
        fmt.setFontPointSize(self.size * scale)
        fmt.setFontWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
        fmt.setFontItalic(italic)
        fmt.setForeground(color)
        if self.first:
            self.cursor.setBlockFormat(block)
            self.cursor.setBlockCharFormat(fmt)
            self.first = False
        else:
            self.cursor.insertBlock(block, fmt)
        self.cursor.insertText(text, fmt)


def tour_document(tour: Tour, width: float, point_size: float = 10.5, title: str | None = None) -> QTextDocument:
    d = _Doc(width, point_size)
    d.para(title or tour.title, scale=1.8, bold=True, color=ACCENT, space_before=0)
    if span := tour.date_range_label():
        d.para(span, color=MUTED)
    if tour.summary:
        d.para(tour.summary, space_before=8)
    d.para("Stops", scale=1.15, bold=True, color=ACCENT, space_before=12)
    for number, stop in enumerate(tour.stops, 1):
        counts = ", ".join(f"{n:,} {t}" for t, n in stop.topic_counts().items()) or "no agenda items"
        d.para(f"{number}. {stop.name} — {stop.place.label()}", bold=True, space_before=5)
        d.para(" · ".join(p for p in (stop.date_label() or "no date given", counts) if p), color=MUTED, indent=14)
    d.para("Sources", scale=1.15, bold=True, color=ACCENT, space_before=12)
    for source in tour.sources:
        d.para(f"{source.publisher}: “{source.title}”, {source.date:%d %b %Y}", color=MUTED, space_before=3)
    return d.doc


def stop_document(tour: Tour, stop: Stop, width: float, point_size: float = 10.5) -> QTextDocument:
    d = _Doc(width, point_size)
    number = tour.stop_index[stop.id] + 1
    d.para(f"{number}. {stop.name}", scale=1.8, bold=True, color=ACCENT, space_before=0)
    d.para(" · ".join(p for p in (stop.place.label(), stop.date_label()) if p), color=MUTED)
    if stop.summary:
        d.para(stop.summary, space_before=8)
    if not stop.agenda:
        d.para("No agenda items recorded for this stop.", italic=True, color=MUTED, space_before=12)
        return d.doc
    for topic in sorted({i.topic for i in stop.agenda}, key=topic_sort_key):
        d.para(topic[:1].upper() + topic[1:], scale=1.15, bold=True, color=ACCENT, space_before=12)
        for item in (i for i in stop.agenda if i.topic == topic):
            d.para(item.title, bold=True, space_before=6)
            d.para(" · ".join([item.status.value, *([", ".join(item.parties)] if item.parties else [])]), scale=0.9, color=MUTED)
            if item.detail:
                d.para(item.detail, scale=0.95)
            for figure in item.figures:
                d.para(f"{figure.display()} — {figure.label}", scale=0.95)
            if item.quote:
                d.para(f"“{item.quote.text}” — {item.quote.by}", scale=0.95, italic=True)
            d.para(tour.citation(item), scale=0.85, color=MUTED)
    return d.doc


def _draw_fitted(painter: QPainter, doc: QTextDocument, rect: QRectF) -> None:
    """Draw ``doc`` into ``rect``, shrinking it (down to 60 %) rather than running off the page."""
    height = doc.size().height()
    factor = 1.0 if height <= rect.height() else max(0.6, rect.height() / height)
    painter.save()
    painter.translate(rect.topLeft())
    painter.scale(factor, factor)
    if factor < 1.0:
        doc.setTextWidth(rect.width() / factor)
    doc.drawContents(painter, QRectF(0, 0, rect.width() / factor, rect.height() / factor))
    painter.restore()


def _footer(painter: QPainter, page: QRectF, margin: float, text: str) -> None:
    painter.save()
    font = QFont()
    font.setPointSizeF(8)
    painter.setFont(font)
    painter.setPen(MUTED)
    box = QRectF(margin, page.height() - margin * 0.8, page.width() - 2 * margin, margin * 0.6)
    footer = f"{text} · tourmap {__version__} · basemap: Natural Earth"
    painter.drawText(box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, footer)
    painter.restore()


# -- helpers ------------------------------------------------------------------------------------


def _page_size(request: ExportRequest) -> QPageSize:
    """The sheet of a print preset, else the map's size at 96 CSS pixels per inch."""
    if request.paper:
        paper = request.paper
        return QPageSize(QSizeF(paper.width_mm, paper.height_mm), QPageSize.Unit.Millimeter, paper.name)
    return QPageSize(QSizeF(request.size[0], request.size[1]) * 72 / CSS_DPI, QPageSize.Unit.Point, "Map")


def _cropped(image: QImage, size: tuple[int, int]) -> QImage:
    """A print preset lays the map out a few pixels over its sheet: keep the sheet's centre."""
    w, h = size
    if (image.width(), image.height()) == (w, h):
        return image
    return image.copy((image.width() - w) // 2, (image.height() - h) // 2, w, h)


def _pdf_writer(title: str, page_size: QPageSize | None) -> tuple[QBuffer, QPdfWriter]:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(title)
    writer.setCreator(f"tourmap {__version__}")
    writer.setResolution(150)
    if page_size is None:
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape, QMarginsF(0, 0, 0, 0)))
    else:
        writer.setPageLayout(QPageLayout(page_size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    return buffer, writer


def image_bytes(image: QImage, fmt: str) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buffer, fmt.encode())
    if fmt == "jpeg":
        writer.setQuality(92)
    for key in image.textKeys():
        writer.setText(key, image.text(key))
    if not writer.write(image):
        raise ExportError(f"could not encode the image: {writer.errorString()}")
    buffer.close()
    return bytes(data.data())


def source_text(tour: Tour, source: str = "") -> str:
    cited = "; ".join(f"{s.publisher}: {s.title} ({s.date.isoformat()})" for s in tour.sources)
    return f"{source} — {cited}" if source else cited


def _is_blank(image: QImage) -> bool:
    """True when every sampled pixel has the same colour (a page that never painted)."""
    w, h = image.width(), image.height()
    first = image.pixel(0, 0)
    return all(image.pixel(x * (w - 1) // 7, y * (h - 1) // 7) == first for x in range(8) for y in range(8))


def copy_map_to_clipboard(image: QImage) -> None:
    """Edit > Copy Map's image onto the clipboard."""
    QGuiApplication.clipboard().setImage(image)


__all__ = ["ExportError", "Frame", "MapRenderer", "copy_map_to_clipboard", "image_bytes"]

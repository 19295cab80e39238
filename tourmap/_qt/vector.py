"""Vector snapshots: the frame the page laid out (``window.tourmap.layoutJson()``, see
resources/web/tm/layout.js) painted with QPainter into an SVG or a PDF.

Land, borders, the graticule, the route and the markers become paths; every label, number
and line of the title, legend and credit becomes text (selectable, searchable). Nothing is
placed here: positions, sizes and colours are the page's, so the SVG, the PDF and the PNG
of the same frame agree.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QLineF, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPdfWriter, QPen
from PySide6.QtSvg import QSvgGenerator

from tourmap import __version__

Layout = dict[str, Any]

_RGB = re.compile(r"rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:[,\s/]+([\d.]+))?\s*\)")
_WEIGHTS = [
    QFont.Weight.Thin, QFont.Weight.ExtraLight, QFont.Weight.Light, QFont.Weight.Normal, QFont.Weight.Medium,
    QFont.Weight.DemiBold, QFont.Weight.Bold, QFont.Weight.ExtraBold, QFont.Weight.Black,
]


def css_color(text: str | None, alpha: float = 1.0) -> QColor:
    """A computed CSS colour (``rgb(...)``, ``rgba(...)``, ``#hex`` or a name) as a QColor."""
    if not text:
        return QColor(0, 0, 0, 0)
    match = _RGB.fullmatch(text.strip())
    if match:
        r, g, b, a = match.groups()
        color = QColor(round(float(r)), round(float(g)), round(float(b)))
        color.setAlphaF(float(a if a is not None else 1.0) * alpha)
        return color
    color = QColor.fromString(text.strip())
    color.setAlphaF(color.alphaF() * alpha)
    return color


def _families(css: str) -> list[str]:
    return [name.strip().strip("\"'") for name in css.split(",") if name.strip()]


def _path(lines: Sequence[Sequence[float]], closed: bool) -> QPainterPath:
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.OddEvenFill)  # lakes are holes
    for line in lines:
        path.moveTo(line[0], line[1])
        for i in range(2, len(line) - 1, 2):
            path.lineTo(line[i], line[i + 1])
        if closed:
            path.closeSubpath()
    return path


def _pen(color: QColor, width: float, dash: Sequence[float] = ()) -> QPen:
    pen = QPen(color, width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    if dash:
        pen.setDashPattern([d / width for d in dash])  # Qt counts dashes in pen widths
    return pen


def paint(painter: QPainter, layout: Layout) -> None:
    """Paint the frame in CSS pixels (the caller scales the painter to the page)."""
    w, h = layout["size"]
    colors = layout["colors"]
    dpi = painter.device().logicalDpiY()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setClipRect(QRectF(0, 0, w, h))
    painter.fillRect(QRectF(0, 0, w, h), css_color(colors["sea"]))
    painter.strokePath(_path(layout["graticule"], False), _pen(css_color(colors["graticule"], 0.8), 0.6))
    land = _path(layout["land"], True)
    painter.fillPath(land, css_color(colors["land"]))
    painter.strokePath(land, _pen(css_color(colors["coast"]), 0.7))
    painter.strokePath(_path(layout["borders"], False), _pen(css_color(colors["border"]), 0.6, (3, 2)))
    painter.strokePath(_path(layout["route"], False), _pen(css_color(colors["route"], 0.9), layout["routeWidth"]))
    dots = layout["dots"]
    if dots:
        painter.setPen(_pen(QColor("white"), 1))
        pin = css_color(colors["pin"])
        for i in range(0, len(dots), 3):
            painter.setOpacity(0.25 if dots[i + 2] else 1.0)
            painter.setBrush(pin)
            painter.drawEllipse(QPointF(dots[i], dots[i + 1]), 4, 4)
        painter.setOpacity(1.0)
    for item in layout["items"]:
        painter.setOpacity(item.get("opacity", 1.0))
        kind = item["kind"]
        if kind == "box":
            _box(painter, item)
        elif kind == "line":
            painter.setPen(QPen(css_color(item["stroke"]), item["width"]))
            painter.drawLine(QLineF(*item["points"]))
        elif kind == "text":
            _text(painter, item, dpi)
        elif kind == "shape":
            _shape(painter, item)
    painter.setOpacity(1.0)


def _box(painter: QPainter, item: dict[str, Any]) -> None:
    x, y, w, h = item["rect"]
    path = QPainterPath()
    radius = item["radius"]
    if radius:
        path.addRoundedRect(QRectF(x, y, w, h), radius, radius)
    else:
        path.addRect(QRectF(x, y, w, h))
    painter.fillPath(path, QBrush(css_color(item["fill"])))
    if item["stroke"] and item["width"]:
        inset = item["width"] / 2  # CSS borders lie inside the box
        border = QPainterPath()
        r = max(0.0, radius - inset)
        border.addRoundedRect(QRectF(x + inset, y + inset, w - 2 * inset, h - 2 * inset), r, r)
        painter.strokePath(border, QPen(css_color(item["stroke"]), item["width"]))


def _shape(painter: QPainter, item: dict[str, Any]) -> None:
    """Lines drawn on a canvas of the page (the inset locator), kept inside that canvas."""
    painter.save()
    painter.translate(item["x"], item["y"])
    painter.setClipRect(QRectF(0, 0, *item["clip"]), Qt.ClipOperation.IntersectClip)
    path = _path(item["lines"], item["closed"])
    if item["fill"]:
        painter.fillPath(path, css_color(item["fill"]))
    if item["stroke"]:
        painter.strokePath(path, _pen(css_color(item["stroke"]), item["width"]))
    painter.restore()


def _text(painter: QPainter, item: dict[str, Any], dpi: float) -> None:
    font = QFont()
    font.setFamilies(_families(item["family"]))
    font.setPointSizeF(item["size"] * 72.0 / dpi)  # CSS pixels are the painter's units
    font.setWeight(_WEIGHTS[max(0, min(8, round(item["weight"] / 100) - 1))])
    font.setItalic(item["italic"])
    # No "fi"/"fl" ligatures: text pulled out of the file should search as typed.
    font.setFeature(QFont.Tag("liga"), 0)
    font.setFeature(QFont.Tag("clig"), 0)
    painter.setFont(font)
    painter.setPen(css_color(item["color"]))
    x, y, w, h = item["rect"]
    flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextDontClip | Qt.TextFlag.TextSingleLine
    painter.drawText(QRectF(x, y, w, h), int(flags), item["text"])


def svg_bytes(layout: Layout, title: str) -> bytes:
    w, h = layout["size"]
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(QSize(w, h))
    generator.setViewBox(QRectF(0, 0, w, h))
    generator.setResolution(96)
    generator.setTitle(title)
    generator.setDescription(f"tourmap {__version__}")
    painter = QPainter(generator)
    paint(painter, layout)
    painter.end()
    buffer.close()
    return bytes(data.data())


def paint_page(writer: QPdfWriter, layout: Layout) -> None:
    """The frame scaled to fill the writer's page, centred."""
    w, h = layout["size"]
    painter = QPainter(writer)
    scale = min(writer.width() / w, writer.height() / h)
    painter.translate((writer.width() - w * scale) / 2, (writer.height() - h * scale) / 2)
    painter.scale(scale, scale)
    paint(painter, layout)
    painter.end()

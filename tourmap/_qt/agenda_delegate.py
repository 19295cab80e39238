"""How an agenda row is drawn: a topic heading, or an item as a card.

Text is laid out with QTextLayout, which never reads markup: ``<b>`` in a tour file is
drawn as typed. Only rows on screen are laid out; heights are remembered per width.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QTextLayout, QTextOption
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from tourmap._qt.agenda_model import AgendaModel

if TYPE_CHECKING:
    from tourmap.model import AgendaItem

Index = QModelIndex | QPersistentModelIndex

STATUS_COLOURS = {
    "expected": "#8a6d1f",
    "reported": "#7a5a9e",
    "proposed": "#7a5a9e",
    "pledged": "#2b6f94",
    "agreed": "#2f7d4a",
    "announced": "#2f7d4a",
    "signed": "#2f7d4a",
    "postponed": "#9a5b22",
    "cancelled": "#a23a2a",
}
INK, MUTED, ACCENT = QColor("#1d2730"), QColor("#5b6b78"), QColor("#1f3b5a")
CARD, CARD_EDGE, RULE = QColor("#f7f9fa"), QColor("#e1e6ea"), QColor("#d5dbe0")

PAD_X, PAD_Y, GAP, MARGIN = 10.0, 8.0, 3.0, 4.0
DETAIL_LINES, QUOTE_LINES = 12, 4  # a 20,000-character detail is cut here; Copy has it whole


@dataclass
class _Text:
    layout: QTextLayout
    pos: QPointF
    colour: QColor
    height: float


def _lay_out(text: str, font: QFont, width: float, max_lines: int = 0) -> tuple[QTextLayout, float]:
    """Wrap ``text`` to ``width`` (words, or anywhere for a word too long), ``max_lines`` at most."""
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout = QTextLayout(text.replace("\n", "\u2028"), font)
    layout.setTextOption(option)
    leading = QFontMetricsF(font).leading()
    height = 0.0
    layout.beginLayout()
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(max(width, 1.0))
        line.setPosition(QPointF(0, height))
        height += line.height() + leading
        if max_lines and layout.lineCount() >= max_lines:
            break
    layout.endLayout()
    return layout, height


class AgendaDelegate(QStyledItemDelegate):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._heights: dict[tuple[int, int], int] = {}

    def forget(self) -> None:
        """Drop remembered heights (a new stop or filter: new rows)."""
        self._heights.clear()

    def _fonts(self, option: QStyleOptionViewItem) -> dict[str, QFont]:
        base = QFont(option.font)
        bold, small, small_bold, italic, heading = QFont(base), QFont(base), QFont(base), QFont(base), QFont(base)
        bold.setWeight(QFont.Weight.DemiBold)
        small.setPointSizeF(base.pointSizeF() * 0.85)
        small_bold.setPointSizeF(base.pointSizeF() * 0.85)
        small_bold.setWeight(QFont.Weight.Bold)
        italic.setItalic(True)
        heading.setWeight(QFont.Weight.Bold)
        return {"base": base, "bold": bold, "small": small, "small_bold": small_bold, "italic": italic, "heading": heading}

    def _card(self, item: AgendaItem, citation: str, option: QStyleOptionViewItem, width: float) -> tuple[list[_Text], float]:
        fonts = self._fonts(option)
        inner = width - 2 * MARGIN - 2 * PAD_X
        x = MARGIN + PAD_X
        y = MARGIN + PAD_Y
        texts: list[_Text] = []

        def add(text: str, font: str, colour: QColor, max_lines: int = 0, dx: float = 0.0, advance: bool = True) -> _Text:
            nonlocal y
            layout, height = _lay_out(text, fonts[font], inner - dx, max_lines)
            entry = _Text(layout, QPointF(x + dx, y), colour, height)
            texts.append(entry)
            if advance:
                y += height + GAP
            return entry

        add(item.title, "bold", INK)
        status = item.status.value
        status_width = QFontMetricsF(fonts["small_bold"]).horizontalAdvance(status) + 8
        first = add(status, "small_bold", QColor(STATUS_COLOURS.get(status, "#555555")), 1, advance=not item.parties)
        if item.parties:
            parties = add(", ".join(item.parties), "small", MUTED, dx=status_width, advance=False)
            y += max(first.height, parties.height) + GAP
        if item.detail:
            add(item.detail, "base", INK, DETAIL_LINES)
        for figure in item.figures:
            add(f"{figure.display()} — {figure.label}", "base", INK)
        if item.quote:
            add(f"“{item.quote.text}” — {item.quote.by}", "italic", INK, QUOTE_LINES)
        add(citation, "small", MUTED)
        return texts, y - GAP + PAD_Y + MARGIN

    def _heading(self, text: str, option: QStyleOptionViewItem, width: float) -> tuple[list[_Text], float]:
        layout, height = _lay_out(text, self._fonts(option)["heading"], width - 2 * MARGIN, 2)
        return [_Text(layout, QPointF(MARGIN, 10.0), ACCENT, height)], 10.0 + height + 4.0

    def _rows(self, option: QStyleOptionViewItem, index: Index, width: float) -> tuple[list[_Text], float]:
        item = index.data(AgendaModel.ItemRole)
        if item is None:
            return self._heading(index.data(Qt.ItemDataRole.DisplayRole) or "", option, width)
        return self._card(item, index.data(AgendaModel.CitationRole) or "", option, width)

    def _width(self, option: QStyleOptionViewItem) -> float:
        view = self.parent()
        return float(view.viewport().width()) if isinstance(view, QWidget) and hasattr(view, "viewport") else float(option.rect.width())

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        width = int(self._width(option))
        key = (index.row(), width)
        height = self._heights.get(key)
        if height is None:
            self.initStyleOption(option, index)
            height = self._heights[key] = int(self._rows(option, index, width)[1] + 0.999)
        return QSize(width, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        self.initStyleOption(option, index)
        rect = QRectF(option.rect)
        texts, height = self._rows(option, index, rect.width())
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.translate(rect.topLeft())
        if index.data(AgendaModel.ItemRole) is None:
            painter.setPen(QPen(RULE, 1))
            painter.drawLine(QPointF(MARGIN, height - 1.5), QPointF(rect.width() - MARGIN, height - 1.5))
        else:
            selected = bool(option.state & QStyle.StateFlag.State_Selected)
            painter.setPen(QPen(ACCENT if selected else CARD_EDGE, 2 if selected else 1))
            painter.setBrush(CARD)
            painter.drawRoundedRect(QRectF(MARGIN, MARGIN, rect.width() - 2 * MARGIN, height - 2 * MARGIN), 6, 6)
        for text in texts:
            painter.setPen(text.colour)
            text.layout.draw(painter, text.pos)
        painter.restore()

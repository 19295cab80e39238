"""The briefing side of the window: the stops, then the selected stop's agenda.

Native widgets, not a web page. Every piece of tour text goes into a plain-text label, so
``<b>`` or ``<script>`` in a tour file is shown as typed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtGui
from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from tourmap._qt.flow_layout import FlowLayout
from tourmap._qt.stops_model import StopListModel
from tourmap.topics import topic_sort_key

if TYPE_CHECKING:
    from tourmap.model import AgendaItem, Stop, Tour

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


TOPIC_BUTTON_TEXT_WIDTH = 140


def plain_label(text: str, object_name: str = "", *, wrap: bool = True) -> QLabel:
    """A label that never interprets its text as markup."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if object_name:
        label.setObjectName(object_name)
    return label


def plain_tooltip(text: str) -> str:
    """Tooltips take markup when text looks like it; tour text must show as typed."""
    return QtGui.Qt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal) if text else ""


def topic_heading(topic: str) -> str:
    return topic[:1].upper() + topic[1:]


class AgendaPanel(QWidget):
    """Stop list, filter, and the agenda of the current stop."""

    filterChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agendaPanel")
        self._tour: Tour | None = None
        self._stop: Stop | None = None
        self._index: tuple[Tour, list[list[tuple[str, str]]]] | None = None  # see _search_index

        self.title = plain_label("", "tourTitle")
        self.subtitle = plain_label("", "tourSubtitle")

        self.model = StopListModel(self)
        self.stop_list = QListView()
        self.stop_list.setObjectName("stopList")
        self.stop_list.setModel(self.model)
        self.stop_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.stop_list.setUniformItemSizes(True)  # thousands of stops stay cheap to lay out
        self.stop_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.stop_list.setAccessibleName("Stops")
        self.selection: QItemSelectionModel = self.stop_list.selectionModel()

        self.search = QLineEdit()
        self.search.setObjectName("agendaSearch")
        self.search.setPlaceholderText("Filter agenda items")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Filter agenda items")
        self.search.setToolTip(f"Show only items containing this text ({QKeySequence(QKeySequence.StandardKey.Find).toString(QKeySequence.SequenceFormat.NativeText)})")
        self._search_timer = QTimer(self, singleShot=True, interval=120)
        self._search_timer.timeout.connect(self._apply_filter)
        self.search.textChanged.connect(self._search_timer.start)
        self.search.installEventFilter(self)  # Escape clears it

        # The topic toggles wrap onto more lines: many or long topics never widen the panel.
        self.topic_row = QWidget()
        self.topic_row.setObjectName("topicBar")
        self.topic_bar = FlowLayout(self.topic_row)
        self.topic_buttons: dict[str, QToolButton] = {}

        self.agenda_content = QWidget()
        self.agenda_content.setObjectName("agendaContent")
        self.agenda_layout = QVBoxLayout(self.agenda_content)
        self.agenda_layout.setContentsMargins(12, 8, 12, 12)
        self.agenda_layout.setSpacing(8)
        self.agenda_view = QScrollArea()
        self.agenda_view.setObjectName("agendaView")
        self.agenda_view.setWidgetResizable(True)
        self.agenda_view.setFrameShape(QFrame.Shape.NoFrame)
        self.agenda_view.setWidget(self.agenda_content)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(12, 12, 12, 4)
        top_layout.setSpacing(4)
        top_layout.addWidget(self.title)
        top_layout.addWidget(self.subtitle)
        top_layout.addWidget(self.stop_list, 1)

        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 4, 0, 0)
        bottom_layout.setSpacing(6)
        filters = QVBoxLayout()
        filters.setContentsMargins(12, 0, 12, 0)
        filters.addWidget(self.search)
        filters.addWidget(self.topic_row)
        bottom_layout.addLayout(filters)
        bottom_layout.addWidget(self.agenda_view, 1)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("panelSplitter")
        self.splitter.addWidget(top)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([230, 670])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        self.selection.currentChanged.connect(self._current_changed)
        self._apply_style()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.search and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() == Qt.Key.Key_Escape and self.search.text():
                self.search.clear()
                return True
        return super().eventFilter(watched, event)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(380, 800)

    # -- tour and selection -------------------------------------------------------------

    def set_tour(self, tour: Tour) -> None:
        self._tour = tour
        self.title.setText(tour.title)
        parts = [p for p in (tour.date_range_label(), f"{len(tour.stops)} stop{'s' if len(tour.stops) != 1 else ''}") if p]
        self.subtitle.setText(" · ".join(parts))
        self.subtitle.setToolTip(plain_tooltip(tour.summary or ""))
        self._build_topic_buttons(tour.topics())
        self.model.set_tour(tour)
        self._stop = None
        self._apply_filter()

    def current_stop(self) -> Stop | None:
        return self._stop

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._stop = self.model.stop(current.row()) if current.isValid() else None
        self._render_agenda()

    # -- filter ---------------------------------------------------------------------------

    def _build_topic_buttons(self, topics: list[str]) -> None:
        previous = {t: b.isChecked() for t, b in self.topic_buttons.items()}
        while self.topic_bar.count():
            item = self.topic_bar.takeAt(0)
            if widget := item.widget():
                widget.deleteLater()
        self.topic_buttons = {}
        for topic in topics:
            button = QToolButton()
            button.setObjectName(f"topicFilter_{topic}")
            # A long topic is elided on its button; the tooltip has it whole.
            button.setText(button.fontMetrics().elidedText(topic_heading(topic), Qt.TextElideMode.ElideRight, TOPIC_BUTTON_TEXT_WIDTH))
            button.setCheckable(True)
            button.setChecked(previous.get(topic, True))
            button.setToolTip(plain_tooltip(f"Show {topic} items"))
            button.setAccessibleName(f"Show {topic} items")
            button.setAutoRaise(False)
            button.toggled.connect(self._apply_filter)
            self.topic_buttons[topic] = button
            self.topic_bar.addWidget(button)
        self.topic_bar.invalidate()

    def enabled_topics(self) -> set[str]:
        return {t for t, b in self.topic_buttons.items() if b.isChecked()}

    def _criteria(self) -> tuple[str, set[str]]:
        """The filter as it stands: lower-cased search text ('' matches all) and topics on."""
        return self.search.text().strip().casefold(), self.enabled_topics()

    @staticmethod
    def _match(topic: str, blob: str, needle: str, topics: set[str]) -> bool:
        return topic in topics and needle in blob

    def passes(self, item: AgendaItem) -> bool:
        return self._match(item.topic, item.text_blob(), *self._criteria())

    def _apply_filter(self) -> None:
        tour = self._tour
        filtering = bool(self.search.text().strip()) or len(self.enabled_topics()) < len(self.topic_buttons)
        if tour is None or not filtering:
            self.model.set_matches(None)
        else:
            # The criteria and each item's text worked out once: a tour of 10,000 stops has
            # 100,000 items to look through per keystroke.
            needle, topics = self._criteria()
            index = self._search_index(tour)
            self.model.set_matches({s.id for s, items in zip(tour.stops, index) if any(self._match(t, blob, needle, topics) for t, blob in items)})
        self._render_agenda()
        self.filterChanged.emit()

    def _search_index(self, tour: Tour) -> list[list[tuple[str, str]]]:
        """(topic, searchable text) of every item, per stop; built on first use per tour."""
        cached = self._index
        if cached is None or cached[0] is not tour:
            cached = (tour, [[(i.topic, i.text_blob()) for i in s.agenda] for s in tour.stops])
            self._index = cached
        return cached[1]

    # -- agenda ---------------------------------------------------------------------------

    def _clear_agenda(self) -> None:
        while self.agenda_layout.count():
            item = self.agenda_layout.takeAt(0)
            if widget := item.widget():
                widget.deleteLater()

    def _render_agenda(self) -> None:
        """Build widgets for the current stop only: cost follows one stop, not the tour."""
        self._clear_agenda()
        stop, tour = self._stop, self._tour
        add = self.agenda_layout.addWidget
        if stop is None or tour is None:
            add(plain_label("Select a stop on the map or in the list to read its agenda.", "agendaHint"))
            self.agenda_layout.addStretch(1)
            return
        number = tour.stop_index[stop.id] + 1
        add(plain_label(f"{number}. {stop.name}", "stopHeading"))
        meta = " · ".join(p for p in (stop.place.label(), stop.date_label()) if p)
        add(plain_label(meta, "stopMeta"))
        if stop.summary:
            add(plain_label(stop.summary, "stopSummary"))
        if not stop.agenda:
            add(plain_label("No agenda items recorded for this stop.", "agendaEmpty"))
            self.agenda_layout.addStretch(1)
            return
        needle, topics = self._criteria()
        shown = [i for i in stop.agenda if self._match(i.topic, i.text_blob(), needle, topics)]
        if not shown:
            add(plain_label(f"No agenda items match the filter ({len(stop.agenda)} hidden).", "agendaEmpty"))
        for topic in sorted({i.topic for i in shown}, key=topic_sort_key):
            items = [i for i in shown if i.topic == topic]
            add(plain_label(f"{topic_heading(topic)}  ({len(items)})", "topicHeading"))
            for item in items:
                add(self._item_card(item))
        self.agenda_layout.addStretch(1)

    def _item_card(self, item: AgendaItem) -> QFrame:
        tour = self._tour
        assert tour is not None
        card = QFrame()
        card.setObjectName("agendaItem")
        card.setProperty("topic", item.topic)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(3)
        layout.addWidget(plain_label(item.title, "itemTitle"))
        status = plain_label(item.status.value, "itemStatus", wrap=False)
        status.setStyleSheet(f"color: {STATUS_COLOURS.get(item.status.value, '#555')};")
        status.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(status)
        if item.parties:
            row.addWidget(plain_label(", ".join(item.parties), "itemParties"), 1)
        else:
            row.addStretch(1)
        layout.addLayout(row)
        if item.detail:
            layout.addWidget(plain_label(item.detail, "itemDetail"))
        for figure in item.figures:
            layout.addWidget(plain_label(f"{figure.display()} — {figure.label}", "itemFigure"))
        if item.quote:
            layout.addWidget(plain_label(f"“{item.quote.text}” — {item.quote.by}", "itemQuote"))
        layout.addWidget(plain_label(tour.citation(item), "itemSource"))
        return card

    def visible_item_titles(self) -> list[str]:
        """What the agenda shows now, for tests and accessibility checks."""
        return [w.text() for w in self.agenda_content.findChildren(QLabel, "itemTitle")]

    def _apply_style(self) -> None:
        self.setStyleSheet(
            """
            QLabel#tourTitle { font-size: 15px; font-weight: 600; }
            QLabel#tourSubtitle, QLabel#stopMeta { color: #5b6b78; }
            QListView#stopList { border: 1px solid #d5dbe0; border-radius: 4px; padding: 2px; }
            QListView#stopList::item { padding: 5px 4px; }
            QListView#stopList::item:selected { background: #1f3b5a; color: white; }
            QLabel#stopHeading { font-size: 16px; font-weight: 600; }
            QLabel#topicHeading { font-size: 12px; font-weight: 700; color: #1f3b5a;
                                  padding-top: 8px; border-bottom: 1px solid #d5dbe0; }
            QFrame#agendaItem { background: #f7f9fa; border: 1px solid #e1e6ea; border-radius: 6px; }
            QLabel#itemTitle { font-weight: 600; }
            QLabel#itemStatus { font-size: 11px; font-weight: 700; }
            QLabel#itemParties, QLabel#itemSource { color: #5b6b78; font-size: 11px; }
            QLabel#itemQuote { font-style: italic; }
            QLabel#agendaEmpty, QLabel#agendaHint { color: #5b6b78; font-style: italic; padding: 8px 0; }
            QToolButton { padding: 2px 8px; border: 1px solid #c5ccd3; border-radius: 10px; }
            QToolButton:checked { background: #1f3b5a; color: white; border-color: #1f3b5a; }
            """
        )

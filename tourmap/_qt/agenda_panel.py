"""The briefing side of the window: the stops, the filter, then the selected stop's agenda.

Native widgets, not a web page, and model/view throughout: the stop list, the agenda and
the topic list draw only the rows on screen, so a stop with 10,000 items or a tour with
100,000 topics opens as fast as a small one. Tour text is drawn as plain text, never markup.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from PySide6 import QtGui
from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence, QRegion, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from tourmap._qt.agenda_delegate import AgendaDelegate
from tourmap._qt.agenda_model import AgendaModel, TopicModel, topic_heading
from tourmap._qt.flow_layout import FlowLayout
from tourmap._qt.stop_list import StopList
from tourmap._qt.stops_model import StopListModel
from tourmap.agenda_filter import AgendaFilter, FilterResult, SearchIndex, count_label
from tourmap.topics import PRIMARY_TOPICS

if TYPE_CHECKING:
    from tourmap._qt.document import Change
    from tourmap.model import AgendaItem, Stop, Tour

TOPIC_BUTTONS = 6  # toggles shown in the bar; more topics than this fold into a list
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


class SummaryArea(QScrollArea):
    """As tall as its wrapped text at its width, up to ``MAX_HEIGHT`` (then it scrolls).

    A plain scroll area took the layout's spare room: a one-line summary floated in ~4
    lines of blank space between the stop's place and its agenda.
    """

    MAX_HEIGHT = 110

    def __init__(self, label: QLabel) -> None:
        super().__init__()
        self.setObjectName("stopSummaryArea")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setWidget(label)
        self._label = label

    def sizeHint(self) -> QSize:  # noqa: N802
        # The lines at the width left beside a scroll bar: then the text fits with the bar
        # or without, and the bar does not come and go (nor stay for nothing).
        width = self.width() - 2 * self.frameWidth() - self.verticalScrollBar().sizeHint().width()
        return QSize(super().sizeHint().width(), min(self.MAX_HEIGHT, self._label.heightForWidth(max(width, 1))))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        """Below a scroll bar's height (Qt's minimum): the bar shows only past MAX_HEIGHT."""
        return QSize(super().minimumSizeHint().width(), self.sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # the text wraps anew: another height


class AgendaView(QTreeView):
    """The agenda as a flat list of cards, scrolled a card at a time: only the cards on
    screen are ever measured (a per-pixel scroll would measure every card)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agendaView")
        self.setAccessibleName("Agenda")
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setIndentation(0)
        self.setUniformRowHeights(False)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerItem)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setFrameShape(QFrame.Shape.NoFrame)
        # The panel's own background: the cards draw theirs, and a stop without items shows
        # no empty box. (Hiding the view instead laid out every row again when it showed.)
        self.viewport().setAutoFillBackground(False)
        self.setMouseTracking(False)
        self.delegate = AgendaDelegate(self)
        self.setItemDelegate(self.delegate)

    def setModel(self, model: AgendaModel) -> None:  # type: ignore[override]  # noqa: N802
        super().setModel(model)
        model.modelAboutToBeReset.connect(self.delegate.forget)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.delegate.forget()  # cards wrap anew at the new width
            self.scheduleDelayedItemsLayout()

    def visualRect(self, index: QModelIndex | QPersistentModelIndex) -> QRect:  # noqa: N802
        """Empty for a row off screen: Qt finds a row's place by measuring every card from
        the top of the viewport to it (10,000 cards when the current row jumps to the end)."""
        if index.isValid() and index.model() is self.model():
            top = self.verticalScrollBar().value()
            bottom = self.indexAt(QPoint(0, self.viewport().height() - 1))
            if not top <= index.row() <= (bottom.row() if bottom.isValid() else self.model().rowCount() - 1):
                return QRect()
        return super().visualRect(index)

    def visualRegionForSelection(self, selection: QItemSelection) -> QRegion:  # noqa: N802
        """Through :meth:`visualRect`: Qt's own walks every card above the selected one."""
        region = QRegion()
        for index in selection.indexes():
            region += self.visualRect(index)
        return region

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.matches(QKeySequence.StandardKey.Copy) and self.currentIndex().isValid():
            QGuiApplication.clipboard().setText(self.currentIndex().data(Qt.ItemDataRole.AccessibleTextRole) or "")
            return
        super().keyPressEvent(event)


class TopicPopup(QFrame):
    """Every topic, searchable, each with a check box: for tours with more than a handful."""

    def __init__(self, topics: TopicModel, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("topicPopup")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(topics)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterRole(TopicModel.TopicRole)
        self.search = QLineEdit()
        self.search.setObjectName("topicSearch")
        self.search.setPlaceholderText("Find a topic")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.list = QListView()
        self.list.setObjectName("topicList")
        self.list.setAccessibleName("Topics")
        self.list.setUniformItemSizes(True)
        self.list.setModel(self.proxy)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        show_all, hide_all = QPushButton("Show All"), QPushButton("Hide All")
        show_all.setObjectName("topicShowAll")
        hide_all.setObjectName("topicHideAll")
        show_all.clicked.connect(lambda: topics.set_all(True))
        hide_all.clicked.connect(lambda: topics.set_all(False))
        buttons = QHBoxLayout()
        buttons.addWidget(show_all)
        buttons.addWidget(hide_all)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.search.installEventFilter(self)
        self.resize(300, 360)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        # Down from the search field goes to the list: type, arrow down, Space to toggle.
        if watched is self.search and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Down:
            self.list.setFocus()
            if not self.list.currentIndex().isValid() and self.proxy.rowCount():
                self.list.setCurrentIndex(self.proxy.index(0, 0))
            return True
        return super().eventFilter(watched, event)


class AgendaPanel(QWidget):
    """Stop list, filter, and the agenda of the current stop."""

    filterChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agendaPanel")
        self._tour: Tour | None = None
        self._stop: Stop | None = None
        self._index: SearchIndex | None = None
        self._result = FilterResult(None, 0, 0)

        self.title = plain_label("", "tourTitle")
        self.subtitle = plain_label("", "tourSubtitle")

        self.model = StopListModel(self)
        self.stop_list = StopList()
        self.stop_list.setObjectName("stopList")
        self.stop_list.setModel(self.model)
        self.stop_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.stop_list.setUniformItemSizes(True)  # thousands of stops stay cheap to lay out
        self.stop_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.stop_list.setAccessibleName("Stops")
        # Stops are reordered by dragging them in the list (StopListModel.moveRows).
        self.stop_list.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.stop_list.setDragDropOverwriteMode(False)
        self.stop_list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.stop_list.setDropIndicatorShown(True)
        self.selection: QItemSelectionModel = self.stop_list.selectionModel()

        self.search = QLineEdit()
        self.search.setObjectName("agendaSearch")
        self.search.setPlaceholderText("Filter stops and agenda items")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Filter stops and agenda items")
        find = QKeySequence(QKeySequence.StandardKey.Find).toString(QKeySequence.SequenceFormat.NativeText)
        self.search.setToolTip(f"Show only items containing this text, in the item or its stop's name or place ({find})")
        self._search_timer = QTimer(self, singleShot=True, interval=120)
        self._search_timer.timeout.connect(self._apply_filter)
        self.search.textChanged.connect(self._search_timer.start)
        self.search.installEventFilter(self)  # Escape clears it
        self.count = plain_label("", "filterCount", wrap=False)
        self.count.setVisible(False)

        # A handful of topic toggles wrap onto more lines; the rest fold into a list.
        self.topics = TopicModel(self)
        self.topics.hiddenChanged.connect(self._topics_changed)
        self.topic_row = QWidget()
        self.topic_row.setObjectName("topicBar")
        self.topic_bar = FlowLayout(self.topic_row)
        self.topic_buttons: dict[str, QToolButton] = {}
        self.topic_more = QToolButton(self.topic_row)
        self.topic_more.setVisible(False)
        self.topic_more.setObjectName("topicMore")
        self.topic_more.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.topic_more.clicked.connect(self.show_topic_list)
        self.topic_popup: TopicPopup | None = None

        self.stop_heading = plain_label("", "stopHeading")
        self.stop_meta = plain_label("", "stopMeta")
        self.stop_summary = plain_label("", "stopSummary")
        self.summary_area = SummaryArea(self.stop_summary)  # a long summary scrolls; the agenda keeps the room
        self.hint = plain_label("Select a stop on the map or in the list to read its agenda.", "agendaHint")
        self.empty = plain_label("", "agendaEmpty")

        self.agenda = AgendaModel(self)
        self.agenda_view = AgendaView()
        self.agenda_view.setModel(self.agenda)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(12, 12, 12, 4)
        top_layout.setSpacing(4)
        top_layout.addWidget(self.title)
        top_layout.addWidget(self.subtitle)
        top_layout.addWidget(self.stop_list, 1)

        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(12, 4, 12, 0)
        bottom_layout.setSpacing(6)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.count)
        bottom_layout.addLayout(search_row)
        bottom_layout.addWidget(self.topic_row)
        for widget in (self.stop_heading, self.stop_meta, self.summary_area, self.hint, self.empty):
            bottom_layout.addWidget(widget)
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
        self._render_agenda()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.search and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() == Qt.Key.Key_Escape and self.search.text():
                self.search.clear()
                return True
        return super().eventFilter(watched, event)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(380, 800)

    # -- tour and selection -------------------------------------------------------------

    def set_tour(self, tour: Tour, *, keep_filter: bool = False) -> None:
        """Show ``tour``. A reload keeps the filter; another tour starts afresh, at the top."""
        self._tour = tour
        self._index = SearchIndex(tour)
        self._show_heading(tour)
        if not keep_filter:
            self._search_timer.stop()
            self.search.blockSignals(True)
            self.search.clear()
            self.search.blockSignals(False)
        self.topics.set_tour(tour, keep_hidden=keep_filter)
        self._build_topic_buttons()
        self.model.set_tour(tour)
        self._stop = None
        if not keep_filter:
            self.stop_list.scrollToTop()
        self._apply_filter()

    def update_tour(self, tour: Tour, change: Change) -> None:
        """Follow an edit of the tour: the filter stays; what it touched is shown again."""
        old, self._tour = self._tour, tour
        self._index = SearchIndex(tour)
        self._show_heading(tour)  # its dates and its count of stops may have changed
        if old is None or any(_topics_of(old, i) != _topics_of(tour, i) for i in change.stops):
            self.topics.set_tour(tour, keep_hidden=True)
            self._build_topic_buttons()
        self.model.update(tour, change)
        if self._stop is not None:
            row = tour.stop_index.get(self._stop.id)
            self._stop = tour.stops[row] if row is not None else None
        self._apply_filter()  # which stops and items pass may have changed

    def _show_heading(self, tour: Tour) -> None:
        self.title.setText(tour.title)
        stops = len(tour.stops)
        parts = [p for p in (tour.date_range_label(), f"{stops:,} stop{'s' if stops != 1 else ''}") if p]
        self.subtitle.setText(" · ".join(parts))
        self.subtitle.setToolTip(plain_tooltip(tour.summary or ""))

    def current_stop(self) -> Stop | None:
        return self._stop

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._stop = self.model.stop(current.row()) if current.isValid() else None
        self._render_agenda()

    # -- filter ---------------------------------------------------------------------------

    def _build_topic_buttons(self) -> None:
        while self.topic_bar.count():
            item = self.topic_bar.takeAt(0)
            widget = item.widget() if item else None
            if widget is not None and widget is not self.topic_more:
                widget.deleteLater()
        self.topic_buttons = {}
        if self.topic_popup is not None:
            self.topic_popup.deleteLater()
            self.topic_popup = None
        topics = self.topics.topics()
        folded = len(topics) > TOPIC_BUTTONS + 2  # a "More" for one or two would only add a click
        for topic in self._topics_for_buttons() if folded else topics:
            button = QToolButton()
            button.setObjectName(f"topicFilter_{topic}")
            # A long topic is elided on its button; the tooltip has it whole.
            button.setText(button.fontMetrics().elidedText(topic_heading(topic), Qt.TextElideMode.ElideRight, TOPIC_BUTTON_TEXT_WIDTH))
            button.setCheckable(True)
            button.setChecked(self.topics.is_shown(topic))
            button.setToolTip(plain_tooltip(f"Show {topic} items"))
            button.setAccessibleName(f"Show {topic} items")
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Tab reaches the toggles; Space flips one
            button.toggled.connect(lambda on, t=topic: self.topics.set_shown(t, on))
            self.topic_buttons[topic] = button
            self.topic_bar.addWidget(button)
        self.topic_more.setVisible(folded)
        if folded:
            self.topic_bar.addWidget(self.topic_more)
            self._label_more()
        self.topic_bar.invalidate()

    def _topics_for_buttons(self) -> list[str]:
        """Trade and security, then the topics with the most items."""
        counts = self.topics.counts()
        rest = sorted((t for t in counts if t not in PRIMARY_TOPICS), key=lambda t: (-counts[t], t))
        return [*PRIMARY_TOPICS, *rest][:TOPIC_BUTTONS]

    def _label_more(self) -> None:
        total, hidden = self.topics.rowCount(), len(self.topics.hidden)
        text = f"All {total:,} topics…" if not hidden else f"All {total:,} topics ({hidden:,} hidden)…"
        self.topic_more.setText(text)
        self.topic_more.setToolTip("Find topics and choose which to show")
        self.topic_more.setAccessibleName(text)

    def show_topic_list(self) -> TopicPopup:
        """The searchable list of every topic, under its button."""
        if self.topic_popup is None:
            self.topic_popup = TopicPopup(self.topics, self)
        popup = self.topic_popup
        popup.move(self.topic_more.mapToGlobal(self.topic_more.rect().bottomLeft()))
        popup.show()
        popup.search.setFocus()
        return popup

    def _topics_changed(self) -> None:
        for topic, button in self.topic_buttons.items():
            button.blockSignals(True)
            button.setChecked(self.topics.is_shown(topic))
            button.blockSignals(False)
        if self.topic_more.isVisible():
            self._label_more()
        self._apply_filter()

    def criteria(self) -> AgendaFilter:
        return AgendaFilter(self.search.text(), frozenset(self.topics.hidden))

    def clear_filter(self) -> None:
        self.search.clear()
        self.topics.set_all(True)
        self._apply_filter()

    def lit_stops(self) -> frozenset[str] | None:
        """Stops with an item passing the filter; None when nothing is filtered."""
        return self._result.lit

    def _apply_filter(self) -> None:
        self._search_timer.stop()
        criteria = self.criteria()
        self._result = self._index.result(criteria) if self._index else FilterResult(None, 0, 0)
        self.model.set_matches(set(self._result.lit) if self._result.lit is not None else None)
        self.count.setText(count_label(self._result.shown, self._result.total))
        self.count.setVisible(criteria.active)
        self._render_agenda()
        self.filterChanged.emit()

    # -- agenda ---------------------------------------------------------------------------

    def _render_agenda(self) -> None:
        """The current stop's header and its items that pass the filter."""
        stop, tour = self._stop, self._tour
        shown: list[AgendaItem] = []
        self.hint.setVisible(stop is None or tour is None)
        if stop is None or tour is None or self._index is None:
            for widget in (self.stop_heading, self.stop_meta, self.summary_area, self.empty):
                widget.setVisible(False)
        else:
            self.stop_heading.setText(f"{tour.stop_index[stop.id] + 1}. {stop.name}")
            self.stop_meta.setText(" · ".join(p for p in (stop.place.label(), stop.date_label()) if p))
            self.stop_summary.setText(stop.summary or "")
            self.summary_area.updateGeometry()
            self.stop_heading.setVisible(True)
            self.stop_meta.setVisible(True)
            self.summary_area.setVisible(bool(stop.summary))
            shown = self._index.items(stop, self.criteria())
            if not stop.agenda:
                self.empty.setText("No agenda items recorded for this stop.")
            elif not shown:
                self.empty.setText(f"No agenda items match the filter ({len(stop.agenda):,} hidden).")
            self.empty.setVisible(not shown)
        self.agenda.set_items(tour, shown)
        self.agenda_view.scrollToTop()

    def visible_item_titles(self) -> list[str]:
        """The titles of the items the agenda shows now, in order, for tests and checks."""
        return [item.title for item in self.agenda.items()]

    def _apply_style(self) -> None:
        self.setStyleSheet(
            """
            QLabel#tourTitle { font-size: 15px; font-weight: 600; }
            QLabel#tourSubtitle, QLabel#stopMeta, QLabel#filterCount { color: #5b6b78; }
            QListView#stopList { border: 1px solid #d5dbe0; border-radius: 4px; padding: 2px; }
            QListView#stopList::item { padding: 5px 4px; }
            QListView#stopList::item:selected { background: #1f3b5a; color: white; }
            QLabel#stopHeading { font-size: 16px; font-weight: 600; }
            QLabel#agendaEmpty, QLabel#agendaHint { color: #5b6b78; font-style: italic; padding: 8px 0; }
            QToolButton { padding: 2px 8px; border: 1px solid #c5ccd3; border-radius: 10px; }
            QToolButton:checked { background: #1f3b5a; color: white; border-color: #1f3b5a; }
            """
        )


def _topics_of(tour: Tour, stop_id: str) -> Counter[str]:
    row = tour.stop_index.get(stop_id)
    return Counter(i.topic for i in tour.stops[row].agenda) if row is not None else Counter()

"""Qt models behind the agenda panel: the current stop's items, and the topics to filter on.

Both hold plain Python data and answer only for the rows a view asks about, so a stop
with 10,000 items or a tour with 100,000 topics costs what is on screen.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from tourmap.topics import topic_sort_key

if TYPE_CHECKING:
    from tourmap.model import AgendaItem, Tour

Index = QModelIndex | QPersistentModelIndex


def topic_heading(topic: str) -> str:
    return topic[:1].upper() + topic[1:]


def item_text(item: AgendaItem, citation: str) -> str:
    """An item as plain text, line by line: what a screen reader reads and Copy copies."""
    lines = [item.title, ", ".join((item.status.value, *item.parties))]
    if item.detail:
        lines.append(item.detail)
    lines += [f"{f.display()} — {f.label}" for f in item.figures]
    if item.quote:
        lines.append(f"“{item.quote.text}” — {item.quote.by}")
    lines.append(citation)
    return "\n".join(lines)


class AgendaModel(QAbstractListModel):
    """The current stop's items that pass the filter, grouped under topic headings.

    A row is a heading (``ItemRole`` is None) or an item card. No ``flags`` of its own:
    QAbstractListModel's, in C++, say every row is enabled, selectable and childless, and
    a tree view asks for them row by row at each layout (400,000 calls into Python took
    seconds for one big stop).
    """

    ItemRole = Qt.ItemDataRole.UserRole + 1  # the AgendaItem, or None on a heading row
    TopicRole = Qt.ItemDataRole.UserRole + 2
    CitationRole = Qt.ItemDataRole.UserRole + 3

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._tour: Tour | None = None
        self._rows: list[tuple[str, AgendaItem | None, int]] = []  # (topic, item, heading count)

    def set_items(self, tour: Tour | None, items: list[AgendaItem]) -> None:
        """Group ``items`` (already filtered) by topic, trade and security first."""
        groups: dict[str, list[AgendaItem]] = {}
        for item in items:
            groups.setdefault(item.topic, []).append(item)
        rows: list[tuple[str, AgendaItem | None, int]] = []
        for topic in sorted(groups, key=topic_sort_key):
            rows.append((topic, None, len(groups[topic])))
            rows += [(topic, item, 0) for item in groups[topic]]
        self.beginResetModel()
        self._tour, self._rows = tour, rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def items(self) -> list[AgendaItem]:
        return [item for _, item, _ in self._rows if item is not None]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        topic, item, count = self._rows[index.row()]
        if role == self.TopicRole:
            return topic
        if role == self.ItemRole:
            return item
        if item is None:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return f"{topic_heading(topic)}  ({count:,})"
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return item.title
        if role == self.CitationRole:
            return self._tour.citation(item) if self._tour else ""
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return item_text(item, self._tour.citation(item) if self._tour else "")
        return None


class TopicModel(QAbstractListModel):
    """Every topic of the tour with how many items it has, checked when shown."""

    hiddenChanged = Signal()
    TopicRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._topics: list[str] = []
        self._counts: Counter[str] = Counter()
        self.hidden: set[str] = set()

    def set_tour(self, tour: Tour | None, keep_hidden: bool = False) -> None:
        self.beginResetModel()
        self._counts = Counter(i.topic for s in tour.stops for i in s.agenda) if tour else Counter()
        self._topics = tour.topics() if tour else []
        known = set(self._topics)
        self.hidden = {t for t in self.hidden if t in known} if keep_hidden else set()
        self.endResetModel()

    def topics(self) -> list[str]:
        return self._topics

    def counts(self) -> Counter[str]:
        """Items per topic over the whole tour."""
        return self._counts

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._topics)

    def flags(self, index: Index) -> Qt.ItemFlag:
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._topics):
            return None
        topic = self._topics[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{topic_heading(topic)}  ({self._counts[topic]:,})"
        if role == self.TopicRole:
            return topic
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Unchecked if topic in self.hidden else Qt.CheckState.Checked
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole:
            return False
        self.set_shown(self._topics[index.row()], Qt.CheckState(value) == Qt.CheckState.Checked)
        return True

    def is_shown(self, topic: str) -> bool:
        return topic not in self.hidden

    def set_shown(self, topic: str, shown: bool) -> None:
        if shown == (topic not in self.hidden):
            return
        (self.hidden.discard if shown else self.hidden.add)(topic)
        # Sorted by topic_sort_key: a binary search finds the row among 100,000 topics.
        index = self.index(bisect_left(self._topics, topic_sort_key(topic), key=topic_sort_key))
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.hiddenChanged.emit()

    def set_all(self, shown: bool) -> None:
        hidden = set() if shown else set(self._topics)
        if hidden == self.hidden:
            return
        self.hidden = hidden
        if self._topics:
            self.dataChanged.emit(self.index(0), self.index(len(self._topics) - 1), [Qt.ItemDataRole.CheckStateRole])
        self.hiddenChanged.emit()

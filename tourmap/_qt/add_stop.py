"""The add-stop flow: type a place name, pick a candidate, get a stop after the selected one.

Candidates come from the offline index as you type (a few milliseconds a keystroke). The
index is built on a worker thread the first time the flow opens; an online search runs on
a worker thread too, and only when asked (Search Online, or Enter when nothing offline
matches). The window never waits for either.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tourmap._qt.preferences import place_preferences
from tourmap.places import Place

if TYPE_CHECKING:
    from tourmap._qt.document import TourDocument

LIMIT = 12
_PLACE = Qt.ItemDataRole.UserRole


class _Worker(QObject):
    """Runs one call on a Python thread; its answer comes back on the GUI thread as a signal."""

    done = Signal(int, object)
    failed = Signal(int, str)

    def run(self, ticket: int, call: Callable[[], object], errors: tuple[type[Exception], ...]) -> None:
        def work() -> None:
            try:
                result = call()
            except errors as error:
                self.failed.emit(ticket, str(error))
            except Exception as error:  # an index that cannot be written, a broken install
                self.failed.emit(ticket, f"Places cannot be looked up: {error}")
            else:
                self.done.emit(ticket, result)

        threading.Thread(target=work, name="tourmap-places", daemon=True).start()


def add_place_as_stop(document: TourDocument, place: Place) -> None:
    """One undoable step: a stop named after ``place``, after the selected stop."""
    from tourmap import editing
    from tourmap._qt.commands import AddStop

    stop = editing.make_stop(
        document.tour,
        name=place.name,
        city=place.name,
        country=place.country or place.country_code,
        lat=round(place.lat, 6),
        lon=round(place.lon, 6),
    )
    document.push(AddStop(document, stop, document.insert_index()))


def prepare_index() -> bool:
    """Whether the place index is ready; if not, it is built on a worker thread now (the
    map's context menu asks as it opens, so that "Add Stop Here" finds it built)."""
    from tourmap import places

    global _building
    if not places.index_needs_build():
        return True
    if _building is None or not _building.is_alive():
        _building = threading.Thread(target=_build_quietly, name="tourmap-places", daemon=True)
        _building.start()
    return False


_building: threading.Thread | None = None


def _build_quietly() -> None:
    """A build nobody waits for: if the cache folder cannot be written, the stop is named
    by its coordinates, as without an index (the add-stop dialog says why)."""
    from tourmap import places

    try:
        places.ensure_index()
    except places.PlaceIndexError:
        pass


def nearest_place(lat: float, lon: float) -> Place | None:
    """The gazetteer place within 50 km that "Add Stop Here" names a stop after.

    Never waits for a build: with no index yet, None now (the stop keeps a plain name)
    while the index is built for the next time.
    """
    from tourmap import places

    return places.nearest(lat, lon, within_km=50) if prepare_index() else None


def describe(place: Place) -> str:
    """One line a person can choose by: name, region, country, population."""
    population = f" · {place.population:,} people" if place.population else ""
    where = ", ".join(part for part in (place.admin1, place.country or place.country_code) if part)
    return f"{place.name} — {where}{population}" if where else f"{place.name}{population}"


class AddStopDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("addStopDialog")
        self.setWindowTitle("Add Stop")
        self._near: tuple[float, float] | None = None
        self._ticket = 0
        self._index_ready = False
        self._online_results = False

        self.query = QLineEdit()
        self.query.setObjectName("placeQuery")
        self.query.setPlaceholderText("City or town, e.g. Busan, Sao Paulo or Paris, Texas")
        self.query.setClearButtonEnabled(True)
        self.candidates = QListWidget()
        self.candidates.setObjectName("placeCandidates")
        self.candidates.setMinimumSize(460, 260)
        self.status = QLabel()
        self.status.setObjectName("placeStatus")
        self.status.setWordWrap(True)
        self.search_online = QPushButton("Search &Online")
        self.search_online.setObjectName("searchOnline")
        self.search_online.setAutoDefault(False)
        self.attribution = QLabel()
        self.attribution.setObjectName("osmAttribution")
        self.attribution.setOpenExternalLinks(True)
        self.attribution.setTextFormat(Qt.TextFormat.RichText)
        self.attribution.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Add Stop")

        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.search_online)
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.candidates, 1)
        layout.addLayout(row)
        layout.addWidget(self.attribution)
        layout.addWidget(self.buttons)

        self._index_worker = _Worker(self)
        self._index_worker.done.connect(self._index_built)
        self._index_worker.failed.connect(self._index_failed)
        self._online_worker = _Worker(self)
        self._online_worker.done.connect(self._online_found)
        self._online_worker.failed.connect(self._online_failed)
        self.query.textChanged.connect(self._search_offline)
        self.query.installEventFilter(self)
        self.candidates.itemActivated.connect(lambda _item: self.accept())
        self.candidates.currentItemChanged.connect(self._update_ok)
        self.search_online.clicked.connect(self._ask_online)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    # -- opening ----------------------------------------------------------------------------

    def start(self) -> None:
        """Open empty, the index building on a worker thread if it must."""
        self._ticket += 1
        self._near = None
        self.query.clear()
        self._show([], online=False)
        self._update_online_button()
        if not self._index_ready:
            from tourmap.places import PlaceIndexError, ensure_index

            self.status.setText("Preparing the place index (the first time only, a few seconds)…")
            self._index_worker.run(0, ensure_index, (PlaceIndexError,))
        self.query.setFocus()
        self.open()

    def set_near(self, point: tuple[float, float] | None) -> None:
        """Where the map looks: of two equally big places, the nearer one comes first."""
        self._near = point
        if self.query.text().strip():
            self._search_offline()

    def chosen(self) -> Place | None:
        item = self.candidates.currentItem()
        return item.data(_PLACE) if item is not None else None

    # -- keys: the field keeps the focus, arrows walk the list, Enter picks ---------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.query and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                self._walk(key)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._enter()
                return True
        return super().eventFilter(watched, event)

    def _walk(self, key: int) -> None:
        count = self.candidates.count()
        if not count:
            return
        step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 5, Qt.Key.Key_PageUp: -5}[Qt.Key(key)]
        self.candidates.setCurrentRow(max(0, min(count - 1, self.candidates.currentRow() + step)))

    def _enter(self) -> None:
        if self.chosen() is not None:
            self.accept()
        elif self.query.text().strip() and self.search_online.isEnabled():
            self._ask_online()

    # -- offline ----------------------------------------------------------------------------

    def _search_offline(self) -> None:
        self._ticket += 1  # an online answer still on its way is for an older text
        text = self.query.text()
        if not self._index_ready:
            return
        from tourmap.places import PlaceIndexError, search

        try:
            found = search(text, limit=LIMIT, near=self._near) if text.strip() else []
        except PlaceIndexError as error:  # the cache folder went away meanwhile
            self.status.setText(str(error))
            return
        self._show(found, online=False)
        if found or not text.strip():
            self.status.setText("")
        elif place_preferences().online:
            self.status.setText("No place of that name offline: press Enter to search online.")
        else:
            self.status.setText("No place of that name offline. Online search can be turned on in Edit > Preferences.")
        self._update_online_button()

    def _index_built(self, _ticket: int, _result: object) -> None:
        self._index_ready = True
        self.status.setText("")
        self._search_offline()

    def _index_failed(self, _ticket: int, message: str) -> None:
        self.status.setText(message)

    # -- online -----------------------------------------------------------------------------

    def _ask_online(self) -> None:
        text = self.query.text().strip()
        preferences = place_preferences()
        if not text or not preferences.online:
            return
        from tourmap.places import online

        self._ticket += 1
        ticket = self._ticket
        self.search_online.setEnabled(False)
        self.status.setText(f"Searching {preferences.server}…")
        self._online_worker.run(ticket, lambda: online.geocode(text, server=preferences.server, limit=LIMIT), (online.GeocodingError,))

    def _online_found(self, ticket: int, found: object) -> None:
        if ticket != self._ticket:
            return
        places = list(found) if isinstance(found, list) else []
        self._show(places, online=True)
        self.status.setText("" if places else "The online search found no place of that name either.")
        self._update_online_button()

    def _online_failed(self, ticket: int, message: str) -> None:
        if ticket != self._ticket:
            return
        self.status.setText(message)
        self._update_online_button()

    # -- the list ---------------------------------------------------------------------------

    def _show(self, places: list[Place], *, online: bool) -> None:
        self.candidates.clear()
        for place in places:
            item = QListWidgetItem(describe(place))
            item.setData(_PLACE, place)
            item.setToolTip(f"{place.lat:.4f}, {place.lon:.4f} · {place.source}")
            self.candidates.addItem(item)
        if places:
            self.candidates.setCurrentRow(0)
        self._online_results = online and bool(places)
        if self._online_results:
            from tourmap.places.online import ATTRIBUTION, ATTRIBUTION_URL

            self.attribution.setText(f'<a href="{ATTRIBUTION_URL}">{ATTRIBUTION}</a>')
        self.attribution.setVisible(self._online_results)
        self._update_ok()

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.chosen() is not None)

    def _update_online_button(self) -> None:
        enabled = place_preferences().online
        self.search_online.setEnabled(enabled and bool(self.query.text().strip()))
        self.search_online.setToolTip("" if enabled else "Turn on online lookup in Edit > Preferences")

"""The main window: map and briefing side by side, files, actions and settings."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import shiboken6
from PySide6.QtCore import QEventLoop, QItemSelectionModel, QModelIndex, QPoint, QSize, QSocketNotifier, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QGuiApplication, QIcon, QKeySequence, QShowEvent, QUndoCommand
from PySide6.QtWidgets import QDockWidget, QFileDialog, QLabel, QMainWindow, QMenu, QMessageBox, QProgressDialog, QSplitter, QVBoxLayout, QWidget

import tourmap
from tourmap import recovery, settings
from tourmap._perf import free_in_background
from tourmap._qt.agenda_panel import AgendaPanel
from tourmap._qt.document import Change, TourDocument
from tourmap._qt.file_follower import FileFollower
from tourmap._qt.map_view import MapView
from tourmap._qt.message_bar import MessageBar
from tourmap._qt.settings_store import app_settings, get_bytes, get_list
from tourmap._qt.shortcuts import WindowShortcutsFirst
from tourmap.errors import TourError
from tourmap.files import write_atomic
from tourmap.formats import FORMATS, is_import
from tourmap.geo import total_km
from tourmap.paths import bundled_tour, resource
from tourmap.reading import TourReading
from tourmap.wording import count

if TYPE_CHECKING:
    from tourmap._qt.add_stop import AddStopDialog
    from tourmap._qt.export import MapRenderer
    from tourmap._qt.import_dialog import CsvImportDialog
    from tourmap.exporting import ExportRequest
    from tourmap.model import Tour

# The window reads tours on a thread (tourmap.reading.TourReading) while its event loop
# runs; at start-up the tour is read in a child process instead (see tourmap.reading).

log = logging.getLogger(__name__)

TOUR_FILTER = "Tour files (*.json);;All files (*)"
#: File > Open reads every format there is; anything but a tour file comes in as an import.
_DATA_FILTERS = "GeoJSON (*.geojson);;KML (*.kml);;GPX (*.gpx);;CSV (*.csv *.tsv);;All files (*)"
OPEN_FILTER = f"Tours and data (*.json *.geojson *.kml *.gpx *.csv *.tsv);;Tour files (*.json);;{_DATA_FILTERS}"
IMPORT_FILTER = f"Data files (*.geojson *.kml *.gpx *.csv *.tsv);;{_DATA_FILTERS}"
#: File > Export Data: the format and its options for each choice of the dialog.
EXPORT_DATA = {
    "GeoJSON (*.geojson)": ("geojson", False),
    "KML (*.kml)": ("kml", False),
    "GPX (*.gpx)": ("gpx", False),
    "CSV, a row per stop (*.csv)": ("csv", False),
    "CSV, a row per agenda item (*.csv)": ("csv", True),
}


def export_choice(path: Path, chosen: str) -> tuple[str | None, bool]:
    """The format and the CSV option for a name and the filter chosen in Export Data: an
    extension that names a data format wins over the filter ("out.kml" is KML whatever
    the filter said); the filter decides for a name without one."""
    fmt, agenda_rows = EXPORT_DATA.get(chosen, (None, False))
    if is_import(path) and not (fmt == "csv" and path.suffix.lower() in FORMATS["csv"].extensions):
        return None, False
    return fmt, agenda_rows


_T = TypeVar("_T")


class MainWindow(QMainWindow):
    tourLoaded = Signal()

    def __init__(self, parent: QWidget | None = None, map_view: MapView | None = None) -> None:
        """``map_view``: a view already loading its page (see :meth:`MapView.begin`)."""
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle("tourmap")
        icon_path = resource("icons", "tourmap.svg")
        if icon_path.is_file():
            self.setWindowIcon(QIcon(str(icon_path)))
        self.setAcceptDrops(True)
        self.document = TourDocument(self)
        self._add_stop_dialog: AddStopDialog | None = None  # made on first use, then kept
        self.error_dialog: QMessageBox | None = None
        self.notes_box: QMessageBox | None = None  # what an import or export did not carry
        self.csv_dialog: CsvImportDialog | None = None  # the CSV preview, while it is open
        self.export_progress: QProgressDialog | None = None  # the last briefing's, for tests
        self._from_map = False
        # set_tour's stop to keep, whether the file was reloaded, its page data if made
        self._loading: tuple[str | None, bool, bytes | None] = (None, False, None)
        self._syncing = False  # views are being brought up to date with the document
        self._renderer: MapRenderer | None = None

        self.map = map_view or MapView()
        self.panel = AgendaPanel()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.panel)
        self.message_bar = MessageBar()
        map_area = QWidget()
        map_area.setObjectName("mapArea")
        map_layout = QVBoxLayout(map_area)
        map_layout.setContentsMargins(0, 0, 0, 0)
        map_layout.setSpacing(0)
        map_layout.addWidget(self.message_bar)
        map_layout.addWidget(self.map, 1)
        self.splitter.addWidget(map_area)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([380, 1020])
        self.setCentralWidget(self.splitter)

        self.status_label = QLabel()
        self.status_label.setObjectName("tourStatus")
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addPermanentWidget(self.status_label)

        self.watcher = FileFollower(self)
        self.watcher.changed.connect(self._disk_changed)
        self.watcher.missingChanged.connect(self._file_missing)
        self._on_disk: tuple[int, int, int] | None = None  # the file as last read or saved (see _signature)
        self.outside_dialog: QMessageBox | None = None

        self._create_actions()
        WindowShortcutsFirst(self, [self.action_export])
        self._create_menus()
        self._create_editors()

        self._status_timer = QTimer(self, singleShot=True, interval=150)
        self._status_timer.timeout.connect(self._update_status)
        # Unsaved edits go to the recovery journal within a second (tourmap.recovery),
        # written on a worker thread: tours are immutable.
        self._journal_timer = QTimer(self, singleShot=True, interval=1000)
        self._journal_timer.timeout.connect(self._journal_write)
        self._journal_worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tourmap-journal")
        self.recovery_dialog: QMessageBox | None = None

        self.panel.selection.currentChanged.connect(self._current_changed)
        self.panel.model.stopDropped.connect(self._stop_dropped)
        self.map.contextMenuAt.connect(self._map_context_menu)
        self.panel.stop_list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.panel.stop_list.customContextMenuRequested.connect(self._stop_list_context_menu)
        self.map.bridge.markerClicked.connect(self._marker_clicked)
        self.map.bridge.markerMoved.connect(self._marker_moved)
        self.map.mapReady.connect(self._map_ready)
        self.panel.filterChanged.connect(self._filter_changed)
        self.document.tourChanged.connect(self._tour_changed)
        self.document.dirtyChanged.connect(self._update_title)
        self.document.dirtyChanged.connect(self._journal_follow)
        self.document.pathChanged.connect(self._update_title)
        self.document.currentStopChanged.connect(self._document_selected)
        self._fitted = False  # to the screen, once shown (see showEvent)
        self._restore_settings()

    @property
    def tour(self) -> Tour | None:
        """The document's tour (what every view and export shows), None before the first."""
        return self.document.tour if self.document.loaded else None

    @property
    def path(self) -> Path | None:
        return self.document.path

    # -- actions --------------------------------------------------------------------------

    def _action(
        self,
        name: str,
        text: str,
        slot: Callable[..., object],
        shortcut: QKeySequence | str | QKeySequence.StandardKey | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)  # shortcuts work even while the menu bar is hidden
        return action

    def _create_actions(self) -> None:
        a = self._action
        self.action_new = a("actionNewTour", "&New Tour", self.new_tour, "Ctrl+N", "Start a new tour")
        self.action_open = a("actionOpen", "&Open Tour…", self.open_dialog, QKeySequence.StandardKey.Open, "Open a tour file")
        self.action_save = a("actionSave", "&Save", self.save, "Ctrl+S", "Save the tour to its file")
        self.action_save_as = a("actionSaveAs", "Save &As…", self.save_as, "Ctrl+Shift+S", "Save the tour to a new file")
        self.action_reload = a("actionReload", "&Reload", self._reload_asking, QKeySequence.StandardKey.Refresh, "Read the tour file again")
        self.action_import = a("actionImport", "&Import…", self.import_dialog, "Ctrl+I", "Open a GeoJSON, KML, GPX or CSV file as a new, unsaved tour")
        self.action_export_data = a("actionExportData", "Export &Data…", self.export_data_dialog, None, "Save the tour as GeoJSON, KML, GPX or CSV")
        self.action_export = a("actionExportSnapshot", "&Export Snapshot…", self.export_dialog, "Ctrl+E", "Save the map as PNG, JPEG or PDF")
        self.action_quit = a("actionQuit", "&Quit", self.close, QKeySequence.StandardKey.Quit)
        self.action_copy = a("actionCopyMap", "&Copy Map", self.copy_map, "Ctrl+Shift+C", "Copy the map image to the clipboard")
        self.action_find = a("actionFind", "&Find in Agenda", self._focus_search, QKeySequence.StandardKey.Find)
        self.action_preferences = a("actionPreferences", "&Preferences…", self.preferences, QKeySequence.StandardKey.Preferences)
        self.action_add_stop = a("actionAddStop", "&Add Stop…", self.add_stop, "Ctrl+Shift+N", "Add a stop by place name, after the selected stop")
        self.action_next = a("actionNextStop", "&Next Stop", lambda: self.step(1), "Alt+Right", "Select the next stop")
        self.action_prev = a("actionPrevStop", "&Previous Stop", lambda: self.step(-1), "Alt+Left", "Select the previous stop")
        self.action_fit = a("actionFitAll", "Show &All Stops", self.fit_all, "Ctrl+0", "Frame the whole tour")
        self.action_watch = a("actionWatchFile", "Reload &Automatically", self._toggle_watch, None, "Reload when the file changes on disk")
        self.action_watch.setCheckable(True)
        self.action_about = a("actionAbout", "&About tourmap", self.about)
        self.action_format = a("actionTourFormat", "&Tour Format", self.open_format_docs)
        # "Undo Move Tokyo": the stack names the command it would undo or redo.
        self.action_undo = self.document.undo_stack.createUndoAction(self, "&Undo")
        self.action_undo.setObjectName("actionUndo")
        self.action_undo.setShortcut(QKeySequence("Ctrl+Z"))
        self.action_redo = self.document.undo_stack.createRedoAction(self, "&Redo")
        self.action_redo.setObjectName("actionRedo")
        self.action_redo.setShortcut(QKeySequence("Ctrl+Shift+Z"))
        self.addActions([self.action_undo, self.action_redo])
        self.action_delete_stop = a("actionDeleteStop", "&Delete Stop", self.delete_stop, QKeySequence.StandardKey.Delete, "Delete the selected stop")
        self.action_stop_up = a("actionMoveStopUp", "Move Stop &Up", lambda: self.move_stop_by(-1), "Ctrl+Shift+Up", "Move the stop earlier in the tour")
        self.action_stop_down = a("actionMoveStopDown", "Move Stop Do&wn", lambda: self.move_stop_by(1), "Ctrl+Shift+Down", "Move the stop later in the tour")
        self.action_add_item = a("actionAddItem", "Add Agenda &Item", self.add_item, "Ctrl+Shift+I", "Add an item to the stop's agenda")
        self.action_edit_item = a("actionEditItem", "Edit Agenda Item", self.edit_item, "Ctrl+Shift+E", "Edit the selected agenda item")
        self.action_duplicate_item = a("actionDuplicateItem", "D&uplicate Agenda Item", self.duplicate_item, "Ctrl+Shift+D", "Copy the item")
        self.action_delete_item = a("actionDeleteItem", "Delete Agenda Item", self.delete_item, "Ctrl+Shift+Del", "Delete the item")
        self.action_item_up = a("actionMoveItemUp", "Move Agenda Item Up", lambda: self.move_item_by(-1), "Ctrl+Alt+Up", "Move the item up")
        self.action_item_down = a("actionMoveItemDown", "Move Agenda Item Down", lambda: self.move_item_by(1), "Ctrl+Alt+Down", "Move the item down")
        self.action_edit_tour = a("actionEditTour", "Edit &Tour Title and Summary", self.edit_tour, None, "Edit the tour's title and summary")
        self.action_edit_stop = a("actionEditStop", "&Edit Stop", self.edit_stop, "F2", "Edit the selected stop's name, place, coordinates and dates")

    def _create_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self.action_new)
        file_menu.addAction(self.action_open)
        self.recent_menu = QMenu("Open &Recent", self)
        self.recent_menu.setObjectName("menuRecent")
        self.recent_menu.setToolTipsVisible(True)  # the full path of each
        self.recent_menu.aboutToShow.connect(self._rebuild_recent_menu)  # files may have gone meanwhile
        file_menu.addMenu(self.recent_menu)
        file_menu.addAction(self.action_reload)
        file_menu.addAction(self.action_watch)
        file_menu.addSeparator()
        file_menu.addAction(self.action_save)
        file_menu.addAction(self.action_save_as)
        file_menu.addSeparator()
        file_menu.addAction(self.action_import)
        file_menu.addAction(self.action_export_data)
        file_menu.addAction(self.action_export)
        file_menu.addSeparator()
        file_menu.addAction(self.action_quit)
        edit_menu = bar.addMenu("&Edit")
        edit_menu.addAction(self.action_undo)
        edit_menu.addAction(self.action_redo)
        edit_menu.addSeparator()
        for action in (self.action_add_stop, self.action_edit_stop, self.action_delete_stop, self.action_stop_up, self.action_stop_down):
            edit_menu.addAction(action)
        edit_menu.addSeparator()
        for action in (
            self.action_add_item,
            self.action_edit_item,
            self.action_duplicate_item,
            self.action_delete_item,
            self.action_item_up,
            self.action_item_down,
            self.action_edit_tour,
        ):
            edit_menu.addAction(action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.action_copy)
        edit_menu.addAction(self.action_find)
        edit_menu.addSeparator()
        edit_menu.addAction(self.action_preferences)
        view_menu = bar.addMenu("&View")
        view_menu.addAction(self.action_prev)
        view_menu.addAction(self.action_next)
        view_menu.addAction(self.action_fit)
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.action_format)
        help_menu.addAction(self.action_about)

    def _create_editors(self) -> None:
        from tourmap._qt.editors.stop_editor import StopEditor

        self.stop_editor = StopEditor(self.document)
        self.stop_dock = QDockWidget("Stop", self)
        self.stop_dock.setObjectName("stopEditorDock")
        self.stop_dock.setWidget(self.stop_editor)
        self.stop_dock.setAllowedAreas(Qt.DockWidgetArea.LeftDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.stop_dock)
        self.stop_dock.hide()
        from tourmap._qt.editors.item_editor import ItemEditor
        from tourmap._qt.editors.tour_editor import TourEditor

        self.item_editor = ItemEditor(self.document)
        self.item_dock = QDockWidget("Agenda item", self)
        self.item_dock.setObjectName("itemEditorDock")
        self.item_dock.setWidget(self.item_editor)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.item_dock)
        self.item_dock.hide()
        self.tour_editor = TourEditor(self.document)
        self.tour_dock = QDockWidget("Tour", self)
        self.tour_dock.setObjectName("tourEditorDock")
        self.tour_dock.setWidget(self.tour_editor)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.tour_dock)
        self.tour_dock.hide()
        self.panel.agenda_view.selectionModel().currentChanged.connect(lambda *_: self._item_selected())
        self.document.currentStopChanged.connect(lambda _id: self.item_editor.set_item(None, None))

    # -- editing agenda items -----------------------------------------------------------------

    def selected_item(self) -> tuple[str, int] | None:
        """(stop id, index in its agenda) of the item current in the agenda (or, once the
        agenda is shown again after an edit, the one in the item editor), or None."""
        stop_id, tour = self.document.current_stop, self.tour
        if stop_id is None or tour is None:
            return None
        agenda = tour.stops[tour.stop_index[stop_id]].agenda
        item = self.panel.agenda_view.currentIndex().data(self.panel.agenda.ItemRole)
        if item is None:
            editing = self.item_editor
            return (stop_id, editing.index) if editing.stop_id == stop_id and editing.index is not None and editing.index < len(agenda) else None
        return next(((stop_id, i) for i, it in enumerate(agenda) if it is item), None)

    def _item_selected(self) -> None:
        chosen = self.selected_item()
        if chosen is not None:
            self.item_editor.set_item(*chosen)

    def add_item(self) -> None:
        from tourmap._qt.commands import AddItem
        from tourmap.model import AgendaItem, Status

        stop_id, tour = self.document.current_stop, self.tour
        if stop_id is None or tour is None:
            return
        item = AgendaItem(topic="trade", title="New item", status=Status.EXPECTED, source=tour.sources[0].id)
        if self._push(lambda: AddItem(self.document, stop_id, item)):
            self.item_editor.set_item(stop_id, len(tour.stops[tour.stop_index[stop_id]].agenda))
            self.edit_item()

    def _item_command(self, make: Callable[[str, int], QUndoCommand]) -> None:
        chosen = self.selected_item()
        if chosen is not None:
            self._push(lambda: make(*chosen))

    def duplicate_item(self) -> None:
        from tourmap._qt.commands import DuplicateItem

        self._item_command(lambda stop_id, i: DuplicateItem(self.document, stop_id, i))

    def delete_item(self) -> None:
        from tourmap._qt.commands import DeleteItem

        self._item_command(lambda stop_id, i: DeleteItem(self.document, stop_id, i))

    def move_item_by(self, delta: int) -> None:
        from tourmap._qt.commands import ReorderItem

        self._item_command(lambda stop_id, i: ReorderItem(self.document, stop_id, i, i + delta))

    def edit_item(self) -> None:
        self.item_dock.show()
        self.item_dock.raise_()
        self.item_editor.fields["title"].input.setFocus()

    def edit_tour(self) -> None:
        self.tour_dock.show()
        self.tour_dock.raise_()
        self.tour_editor.fields["title"].input.setFocus()

    # -- editing stops ------------------------------------------------------------------------

    def _push(self, make: Callable[[], QUndoCommand]) -> bool:
        """Make a command and push it; a change the tour's rules refuse is said in the
        status bar and changes nothing."""
        from tourmap.editing import EditError

        try:
            self.document.push(make())
        except EditError as error:
            self.statusBar().showMessage(f"Not done: {error.reason}", 8000)
            return False
        return True

    def add_stop_at(self, lat: float, lon: float) -> bool:
        """"Add Stop Here": a stop at the point, after the selected one, named after the
        gazetteer's place within 50 km (or by its coordinates); then the stop editor opens."""
        from tourmap._qt.add_stop import nearest_place
        from tourmap._qt.commands import AddStop
        from tourmap.editing import make_stop

        if self.tour is None:
            return False
        place = nearest_place(lat, lon)
        name = place.name if place else f"Stop at {lat:.3f}, {lon:.3f}"
        city, country = (place.name, place.country or place.country_code) if place else ("City", "Country")

        def command() -> AddStop:
            stop = make_stop(self.document.tour, name=name, city=city, country=country or "Country", lat=round(lat, 6), lon=round(lon, 6))
            return AddStop(self.document, stop, self.document.insert_index())

        done = self._push(command)
        if done:
            self.edit_stop()
        return done

    def delete_stop(self) -> None:
        from tourmap._qt.commands import DeleteStop

        stop_id = self.document.current_stop
        if stop_id:
            self._push(lambda: DeleteStop(self.document, stop_id))

    def move_stop_by(self, delta: int) -> None:
        from tourmap._qt.commands import ReorderStop

        stop_id, tour = self.document.current_stop, self.tour
        if stop_id and tour is not None:
            to = tour.stop_index[stop_id] + delta
            if 0 <= to < len(tour.stops):
                self._push(lambda: ReorderStop(self.document, stop_id, to))

    def _stop_dropped(self, stop_id: str, to: int) -> None:
        from tourmap._qt.commands import ReorderStop

        # After the drag is over: the list is reset by the change.
        QTimer.singleShot(0, lambda: self._push(lambda: ReorderStop(self.document, stop_id, to)))

    def edit_stop(self) -> None:
        self.stop_dock.show()
        self.stop_dock.raise_()
        self.stop_editor.fields["name"].input.setFocus()

    def _map_context_menu(self, pos: QPoint, lat: float, lon: float) -> None:
        """Right-click on the map: what can be done at that point, then the common actions."""
        from tourmap._qt.add_stop import prepare_index

        prepare_index()  # built while the menu is open, if it is not yet: Add Stop Here names by it
        menu = QMenu(self)
        menu.setObjectName("mapContextMenu")
        add = menu.addAction("Add Stop Here")
        add.setObjectName("actionAddStopHere")
        add.triggered.connect(lambda: self.add_stop_at(lat, lon))
        menu.addSeparator()
        self._add_common_actions(menu, (lat, lon))
        self.map_menu = menu
        menu.popup(self.map.mapToGlobal(pos))

    def _stop_list_context_menu(self, pos: QPoint) -> None:
        """Right-click on a stop in the list: it is selected, and the menu is about it."""
        view = self.panel.stop_list
        index = view.indexAt(pos)
        stop = self.panel.model.stop(index.row()) if index.isValid() else None
        if stop is not None:
            self.select_stop(stop.id)
        menu = QMenu(self)
        menu.setObjectName("stopListContextMenu")
        self._add_common_actions(menu, (stop.lat, stop.lon) if stop else None)
        self.list_menu = menu
        menu.popup(view.viewport().mapToGlobal(pos))

    def _add_common_actions(self, menu: QMenu, point: tuple[float, float] | None) -> None:
        """The actions every context menu ends with (a menu adds its own above them)."""
        copy = menu.addAction("Copy Coordinates")
        copy.setObjectName("actionCopyCoordinates")
        copy.setEnabled(point is not None)
        if point is not None:
            text = f"{point[0]:.5f}, {point[1]:.5f}"
            copy.setToolTip(text)
            copy.triggered.connect(lambda: self._copy_text(text))
        menu.addAction(self.action_fit)
        menu.addAction(self.action_export)

    def _copy_text(self, text: str) -> None:
        QGuiApplication.clipboard().setText(text)
        self.statusBar().showMessage(f"Copied {text}", 4000)

    # -- tour -----------------------------------------------------------------------------

    def open_path(self, path: str | Path) -> bool:
        """Load a tour; on failure say why and keep what is on screen. Unsaved changes
        are offered for saving first (Cancel keeps them and opens nothing)."""
        path = Path(path)
        if is_import(path):
            return self.import_path(path)
        if not self.maybe_save():
            return False
        try:
            tour, page = self._read(path)
        except TourError as error:
            self.show_error("Cannot open tour", "\n".join(error.lines()))  # every problem, one a line
            return False
        self.set_tour(tour, path, page=page)
        self.remember_recent(path)
        return True

    def _read(self, path: Path) -> tuple[Tour, bytes]:
        """The tour in ``path`` and its page data, read on a thread while this waits in an
        event loop of its own: the window keeps drawing and answering while a 30 MB file
        is read. Raises TourError."""
        reading = TourReading.start(path, trim=False)
        if not reading.done():
            loop = QEventLoop()
            notifier = QSocketNotifier(reading.fileno(), QSocketNotifier.Type.Read)
            notifier.activated.connect(loop.quit)
            if not reading.done():
                loop.exec()
            notifier.setEnabled(False)
        return reading.result()

    def set_tour(
        self, tour: Tour, path: Path | None, keep: str | None = None, *, reloaded: bool = False, page: bytes | None = None, modified: bool = False
    ) -> None:
        """A new tour in the document (opened, reloaded, imported, new): no undo history.
        ``keep``: the stop to keep selected; ``reloaded``: the same file read again, so the
        filter stays; ``page``: its page data, when made already; ``modified``: unsaved
        until saved (an import)."""
        self.document.set_current_stop(None)
        selected = keep if keep and keep in tour.stop_index else None
        self._loading = (selected, reloaded, page)
        # The old tour's stops are freed on a thread, one at a time (see free_piecewise),
        # wherever its last reference goes: at once, 10,000 stops stalled the window 60 ms.
        old = list(self.document.tour.stops) if self.document.loaded and self.document.tour is not tour else []
        try:
            self.document.load(tour, path, modified=modified)
        finally:
            self._loading = (None, False, None)
        free_in_background(old)
        del old
        if selected:
            self._set_current(selected, from_map=True)
        self._on_disk = _signature(path) if path else None
        self.message_bar.clear()  # what it said was about the tour before this one
        self._watch(path)
        self.tourLoaded.emit()

    # -- following the document ---------------------------------------------------------------

    def _tour_changed(self, change: Change) -> None:
        tour = self.document.tour
        self._syncing = True
        try:
            if change.whole:
                selected, reloaded, page = self._loading
                self.panel.set_tour(tour, keep_filter=reloaded)
                if self.map.tour is not tour or selected:  # at start-up the map has it already
                    self.map.show_tour(tour, selected=selected, data=page)
            else:
                self.panel.update_tour(tour, change)
                if change.order:
                    self.map.update_tour(tour)
                elif change.stops:
                    self.map.update_stops(tour, change.stops)
                self._restore_current()
        finally:
            self._syncing = False
        self._update_title()
        self._journal_follow()
        if change.whole:
            self._update_status()
        else:
            self._filter_changed()  # stops may have moved in the order
            self._status_timer.start()  # a big tour's distances take a moment: not per keystroke

    def _restore_current(self) -> None:
        """The list's current row back on the document's stop after its rows changed."""
        stop_id = self.document.current_stop
        row = self.panel.model.row_of(stop_id) if stop_id else -1
        index = self.panel.model.index(row) if row >= 0 else QModelIndex()
        if self.panel.selection.currentIndex() != index:
            self.panel.selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def _document_selected(self, stop_id: str) -> None:
        """A command selected a stop (an added one, the neighbour of a deleted one)."""
        if self._syncing or stop_id == (self.selected_stop_id() or ""):
            return
        if stop_id:
            self._set_current(stop_id, from_map=True)
        else:
            self.panel.selection.clear()  # the highlight too, not only the current row
            self.map.show_selection(None, fly=False)

    def _update_title(self) -> None:
        tour, path = self.tour, self.path
        if tour is None:
            return
        name = path.name if path else "untitled"
        self.setWindowTitle(f"{tour.title} — {name}[*] — tourmap")
        self.setWindowFilePath(str(path) if path else "")
        self.setWindowModified(self.document.dirty)

    def _update_status(self) -> None:
        tour = self.tour
        if tour is not None:
            stops = len(tour.stops)
            parts = [count(stops, "stop"), count(tour.agenda_count(), "agenda item"), count(stops - 1, "leg"), f"{total_km(tour):,.0f} km"]
            self.status_label.setText(" · ".join(parts))

    def _marker_moved(self, stop_id: str, lat: float, lon: float) -> None:
        """One finished marker drag: one undo step."""
        from tourmap._qt.commands import MoveStop
        from tourmap.editing import EditError

        try:
            self.document.push(MoveStop(self.document, stop_id, round(lat, 6), round(lon, 6)))
        except EditError as error:
            self.statusBar().showMessage(f"Not moved: {error.reason}", 8000)
            self.map.update_tour(self.document.tour)  # the marker goes back

    def _reload_asking(self) -> None:
        if self.maybe_save():
            self.reload()

    def new_tour(self) -> bool:
        """File > New Tour: an untitled tour with one stop and one source to fill in."""
        from tourmap.editing import new_tour

        if not self.maybe_save():
            return False
        self.set_tour(new_tour(), None)
        return True

    # -- the recovery journal -------------------------------------------------------------------

    def _journal_follow(self) -> None:
        """Unsaved edits: journal them within a second (once per second while editing goes
        on); none: no journal."""
        if self.document.dirty:
            if not self._journal_timer.isActive():
                self._journal_timer.start()
        else:
            self._journal_timer.stop()
            self._journal_worker.submit(recovery.remove)

    def _journal_write(self) -> None:
        if self.document.dirty:
            self._journal_worker.submit(recovery.write, self.document.tour, self.path)

    def offer_recovery(self) -> QMessageBox | None:
        """Unsaved changes left by a run that ended without saving them: offered back, the
        newest first; Restore opens them as an unsaved document, Discard removes them."""
        found = recovery.left_behind()
        if not found or self.recovery_dialog is not None:
            return None
        left = found[0]
        name = str(left.path) if left.path else "an untitled tour"
        box = QMessageBox(QMessageBox.Icon.Question, "Recover unsaved changes", f"tourmap ended with unsaved changes to {name}.", parent=self)
        box.setObjectName("recoveryDialog")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText(f"They were last written at {left.written:%H:%M:%S on %d %b %Y}. Restore them (unsaved), or discard them?")
        restore = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(restore)

        def answered() -> None:
            self.recovery_dialog = None
            if box.clickedButton() is restore and self.maybe_save():
                try:
                    tour = left.tour()
                except TourError as error:
                    self.show_error("Cannot restore the unsaved changes", "\n".join(error.lines()))
                else:
                    self.set_tour(tour, left.path, modified=True)
            left.discard()  # restored: this run journals it again; discarded: gone
            QTimer.singleShot(0, self.offer_recovery)  # the next one, if any

        box.finished.connect(answered)
        self.recovery_dialog = box
        box.open()
        return box

    # -- saving ---------------------------------------------------------------------------------

    def maybe_save(self) -> bool:
        """Before unsaved changes would be lost: Save, Discard or Cancel. True to go on."""
        if not self.document.dirty:
            return True
        name = self.path.name if self.path else "untitled"
        box = QMessageBox(QMessageBox.Icon.Warning, "Unsaved changes", f"Save the changes to {name}?", parent=self)
        box.setObjectName("unsavedDialog")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText("Your changes are lost if you don't save them.")
        box.setStandardButtons(QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def save(self) -> bool:
        """File > Save; a tour with no file of its own (new, imported, the bundled one)
        asks for one."""
        path = self.path
        if path is None or path.resolve() == bundled_tour().resolve():
            return self.save_as()
        return self.save_to(path)

    def save_as(self) -> bool:
        store = app_settings()
        own = self.path if self.path and self.path.resolve() != bundled_tour().resolve() else None
        suggested = own or Path(str(store.value(settings.LAST_DIRECTORY.name, "") or Path.home())) / "tour.json"
        name, _ = QFileDialog.getSaveFileName(self, "Save Tour As", str(suggested), TOUR_FILTER)
        if not name:
            return False
        store.setValue(settings.LAST_DIRECTORY.name, str(Path(name).parent))
        return self.save_to(Path(name))

    def save_to(self, path: Path) -> bool:
        """Write the tour to ``path`` atomically, in the format's canonical form; the file
        watcher is told it was us. False (and the reason shown) when it cannot be written."""
        from tourmap.writing import tour_bytes

        tour = self.tour
        if tour is None:
            return False
        try:
            write_atomic(path, tour_bytes(tour))
        except OSError as error:
            self.show_error("Cannot save tour", f"{path}: {error.strerror or error}")
            return False
        self._on_disk = _signature(path)
        self.document.saved(path)
        self.remember_recent(path)
        self._watch(path)
        self.statusBar().showMessage(f"Saved {path}", 4000)
        return True

    def reload(self) -> bool:
        """Read the file again; when it cannot be, the problems are listed above the map."""
        if self.path is None:
            return False
        keep = self.selected_stop_id()
        try:
            tour, page = self._read(self.path)
        except TourError as error:
            # Not a dialog: the file is often half-written, and a later save mends it. The
            # message stays until then, or until dismissed.
            self.statusBar().showMessage("Not reloaded: see the message above the map", 10000)
            problems = error.lines(with_file=False)
            self.message_bar.show_message(
                "reload",
                f"{self.path.name} was not reloaded ({count(len(problems), 'problem')}); the window shows the tour as last read",
                problems,
            )
            self._watch(self.path)
            return False
        self.set_tour(tour, self.path, keep=keep, reloaded=True, page=page)
        self.statusBar().showMessage("Reloaded", 3000)
        return True

    def show_error(self, title: str, message: str) -> None:
        """Window-modal and non-blocking: the tour stays on screen behind it."""
        if self.error_dialog is not None:
            self.error_dialog.close()
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, self)
        box.setObjectName("errorDialog")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.open()
        self.error_dialog = box

    def open_dialog(self) -> None:
        """Starts where a file was last opened (or saved), else in the home folder: never in
        the install folder the bundled tour comes from."""
        name, _ = QFileDialog.getOpenFileName(self, "Open Tour", str(self.open_folder()), OPEN_FILTER)
        if name:
            self.open_path(name)

    def open_folder(self) -> Path:
        last = str(app_settings().value(settings.LAST_DIRECTORY.name, settings.LAST_DIRECTORY.default) or "")
        return Path(last) if last and Path(last).is_dir() else Path.home()

    # -- other formats ------------------------------------------------------------------------

    def import_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Import", str(self.open_folder()), IMPORT_FILTER)
        if name:
            app_settings().setValue(settings.LAST_DIRECTORY.name, str(Path(name).parent))
            self.import_path(name)

    def import_path(self, path: str | Path) -> bool:
        """A GeoJSON, KML, GPX or CSV file as a new tour with no file of its own (Save asks
        for one). A CSV file is previewed first (:attr:`csv_dialog`); the import happens
        when the preview is accepted. False when nothing was or will be imported."""
        from tourmap.formats import format_of
        from tourmap.formats.csv import default_lookup, open_sheet, resolve

        path = Path(path)
        if not self.maybe_save():
            return False
        try:
            fmt = format_of(path)
            if fmt.name == "tour":
                return self.open_path(path)
            if fmt.name != "csv":
                imported = fmt.load(path)
                self._imported(path, imported.tour, imported.warnings)
                return True
            sheet = open_sheet(path)
            resolution = self._off_the_event_loop(lambda: resolve(sheet, default_lookup), f"Looking up {path.name}'s place names…")
        except TourError as error:
            self.show_error("Cannot import", str(error))
            return False
        from tourmap._qt.import_dialog import CsvImportDialog

        dialog = CsvImportDialog(sheet, resolution, self)
        dialog.accepted.connect(lambda: self._csv_accepted(path, dialog))
        dialog.finished.connect(dialog.deleteLater)
        self.csv_dialog = dialog
        dialog.open()
        return True

    def _off_the_event_loop(self, work: Callable[[], _T], message: str) -> _T:
        """``work()`` on a thread while the window keeps drawing (the gazetteer's index is
        built the first time it is used: seconds); its result, or what it raised."""
        box: dict[str, Any] = {}

        def run() -> None:
            try:
                box["value"] = work()
            except BaseException as error:  # handed back to this thread below
                box["error"] = error

        thread = threading.Thread(target=run, name="tourmap-import", daemon=True)
        thread.start()
        self.statusBar().showMessage(message)
        loop = QEventLoop()
        timer = QTimer()
        timer.setInterval(20)
        timer.timeout.connect(lambda: None if thread.is_alive() else loop.quit())
        timer.start()
        if thread.is_alive():
            loop.exec()
        timer.stop()
        thread.join()
        self.statusBar().clearMessage()
        if "error" in box:
            raise box["error"]
        value: _T = box["value"]
        return value

    def _csv_accepted(self, path: Path, dialog: CsvImportDialog) -> None:
        if dialog.imported is not None:
            self._imported(path, dialog.imported.tour, dialog.imported.warnings)

    def _imported(self, path: Path, tour: Tour, warnings: tuple[str, ...] | list[str]) -> None:
        self.set_tour(tour, None, modified=True)
        self.show_notes(f"Imported {path.name}", warnings)

    def export_data_dialog(self) -> None:
        tour = self.tour
        if tour is None:
            return
        stem = self.path.stem if self.path else "tour"
        name, chosen = QFileDialog.getSaveFileName(self, "Export Data", str(self.open_folder() / f"{stem}.geojson"), ";;".join(EXPORT_DATA))
        if name:
            app_settings().setValue(settings.LAST_DIRECTORY.name, str(Path(name).parent))
            self.export_data_to(Path(name), *export_choice(Path(name), chosen))

    def export_data_to(self, path: Path, fmt: str | None = None, agenda_rows: bool = False) -> bool:
        """Write the tour as ``fmt`` (else as ``path``'s extension says); what the format
        cannot carry is listed in a note."""
        from tourmap.formats import format_of

        tour = self.tour
        if tour is None:
            return False
        try:
            target = format_of(path, fmt)
            if not path.suffix:
                path = path.with_suffix(target.extensions[0])
            warnings = target.write(tour, path, **({"agenda_rows": True} if agenda_rows else {}))
        except TourError as error:
            self.show_error("Cannot export", str(error))
            return False
        except OSError as error:
            self.show_error("Cannot export", f"{path}: {error.strerror or error}")
            return False
        self.show_notes(f"Exported {path.name}", warnings)
        return True

    def show_notes(self, done: str, notes: tuple[str, ...] | list[str]) -> None:
        """``done`` in the status bar; what a format did not carry, if anything, in a note
        that does not block the window."""
        self.statusBar().showMessage(done, 6000)
        if not notes:
            return
        box = QMessageBox(QMessageBox.Icon.Information, done, done + ".", QMessageBox.StandardButton.Ok, self)
        box.setObjectName("formatNotes")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText("\n".join(f"• {note}" for note in notes))
        # QMessageBox sizes itself to its text alone: the notes (and its title) had ~20 em.
        box.setStyleSheet("QLabel#qt_msgbox_informativelabel { min-width: 28em; }")
        box.finished.connect(box.deleteLater)
        self.notes_box = box
        box.open()

    # -- selection: the stop list's selection model is the one truth ------------------------

    def selected_stop_id(self) -> str | None:
        index = self.panel.selection.currentIndex()
        return self.panel.model.data(index, self.panel.model.StopIdRole) if index.isValid() else None

    def _set_current(self, stop_id: str, *, from_map: bool) -> None:
        row = self.panel.model.row_of(stop_id)
        if row < 0:
            return
        index = self.panel.model.index(row)
        self._from_map = from_map
        try:
            if self.panel.selection.currentIndex() == index:
                self._current_changed(index, index)  # same stop again: still tell the map
            else:
                self.panel.selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.panel.stop_list.scrollTo(index)
        finally:
            self._from_map = False

    def select_stop(self, stop_id: str) -> None:
        self._set_current(stop_id, from_map=False)

    def _marker_clicked(self, stop_id: str) -> None:
        self._set_current(stop_id, from_map=True)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing:
            return
        stop = self.panel.model.stop(current.row()) if current.isValid() else None
        self.document.set_current_stop(stop.id if stop else None)
        # A click on the map needs no flight: the stop is already under the pointer.
        self.map.show_selection(stop.id if stop else None, fly=not self._from_map)
        if stop:
            self.statusBar().showMessage(f"{current.row() + 1}. {stop.name} — {stop.place.label()}", 5000)

    def _map_ready(self) -> None:
        stop_id = self.selected_stop_id()
        if stop_id:
            self.map.show_selection(stop_id, fly=False)
        self._filter_changed()

    def _filter_changed(self) -> None:
        """The map dims what the stop list dims."""
        lit, tour = self.panel.lit_stops(), self.tour
        if tour is not None and self.map.tour is tour:
            self.map.show_filter(None if lit is None else (tour.stop_index[i] for i in lit))

    def step(self, delta: int) -> None:
        rows = self.panel.model.rowCount()
        if not rows:
            return
        # The list may have a current row that is not selected (focus gives it one): with
        # no stop selected, Next Stop goes to the first and Previous Stop to the last.
        current = self.panel.selection.currentIndex()
        chosen = current.isValid() and self.panel.selection.isSelected(current)
        row = (current.row() + delta) if chosen else (0 if delta > 0 else rows - 1)
        row = max(0, min(rows - 1, row))
        stop = self.panel.model.stop(row)
        if stop:
            self.select_stop(stop.id)

    def fit_all(self) -> None:
        self.map.fit_all()

    def _focus_search(self) -> None:
        self.panel.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.panel.search.selectAll()

    # -- files on disk ----------------------------------------------------------------------

    def _watch(self, path: Path | None) -> None:
        self.watcher.follow(path if self.action_watch.isChecked() else None)

    def _file_missing(self, missing: bool) -> None:
        path = self.path
        if missing and path is not None:
            self.message_bar.show_message(
                "missing",
                f"{path.name} is gone from {path.parent}",
                ["The window keeps the tour as last read, and reads the file again when it is back."],
            )
        else:
            self.message_bar.clear("missing")

    def _disk_changed(self) -> None:
        """The file changed on disk: our own save is no change; a tour with no unsaved
        edits is read again; with unsaved edits the user chooses, nothing is overwritten."""
        path = self.path
        if path is None:
            return
        if _signature(path) == self._on_disk:
            self._watch(path)  # a replaced file drops out of the watcher
            return
        if not self.document.dirty:
            self.reload()
            return
        self._watch(path)
        if self.outside_dialog is not None:
            return  # already asking
        box = QMessageBox(QMessageBox.Icon.Question, "Tour changed on disk", f"{path.name} was changed by another program.", parent=self)
        box.setObjectName("outsideChangeDialog")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText("Reload it and lose your unsaved edits, or keep your edits (saving them will replace the file)?")
        reload_button = box.addButton("Reload and Lose My Edits", QMessageBox.ButtonRole.DestructiveRole)
        keep_button = box.addButton("Keep My Edits", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep_button)

        def answered() -> None:
            self.outside_dialog = None
            if box.clickedButton() is reload_button:
                self.reload()
            else:
                self._on_disk = _signature(path)  # asked once per change

        box.finished.connect(answered)
        self.outside_dialog = box
        box.open()

    def _toggle_watch(self, on: bool) -> None:
        app_settings().setValue(settings.WATCH_FILE.name, on)
        self._watch(self.path)

    def remember_recent(self, path: Path) -> None:
        """A file of the user's, opened or saved: first in Open Recent, and its folder is
        where the Open dialog starts."""
        store = app_settings()
        store.setValue(settings.LAST_DIRECTORY.name, str(path.resolve().parent))
        recent = [p for p in get_list(store, settings.RECENT_FILES) if p != str(path.resolve())]
        recent.insert(0, str(path.resolve()))
        store.setValue(settings.RECENT_FILES.name, recent[: settings.RECENT_LIMIT])
        self._rebuild_recent_menu()

    def _rebuild_recent_menu(self) -> None:
        """Files that are gone are dropped (here and in the settings); each entry shows
        its full path in a tooltip."""
        self.recent_menu.clear()
        store = app_settings()
        listed = get_list(store, settings.RECENT_FILES)
        recent = [name for name in listed if Path(name).is_file()]
        if recent != listed:
            store.setValue(settings.RECENT_FILES.name, recent)
        for number, name in enumerate(recent, 1):
            action = self.recent_menu.addAction(f"&{number} {Path(name).name}")
            action.setToolTip(name)
            action.setStatusTip(name)
            action.triggered.connect(lambda _=False, n=name: self.open_path(n))
        self.recent_menu.setEnabled(bool(recent))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        files = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.open_path(files[0])

    # -- export -----------------------------------------------------------------------------

    def export_dialog(self) -> None:
        from tourmap._qt.export_dialog import ExportDialog

        if self.tour is not None:
            ExportDialog(self, parent=self).open()

    def renderer(self) -> MapRenderer:
        """The window's own offscreen renderer, kept warm between exports."""
        from tourmap._qt.export import MapRenderer

        if self._renderer is None:
            self._renderer = MapRenderer()
        return self._renderer

    def export_to(self, request: ExportRequest) -> Path:
        """Render and write ``request`` (an ExportRequest); TourError says what went wrong."""
        from tourmap._qt.export import ExportCancelled, ExportError
        from tourmap.exporting import briefing_pages, check_request

        if self.tour is None:
            raise TourError("export", "", "no tour is open")
        request = check_request(self.tour, request)
        briefing = request.format == "pdf" and request.kind == "briefing"
        if briefing and not self._confirm_long_briefing(briefing_pages(self.tour)):
            raise TourError(request.output, "", "export cancelled; nothing was written")
        progress = self._briefing_progress(request) if briefing else None
        try:
            data = self.renderer().export_bytes(self.tour, request, str(self.path or ""), progress)
            write_atomic(request.output, data)
        except ExportCancelled:
            raise TourError(request.output, "", "export cancelled; nothing was written") from None
        except ExportError as error:
            raise TourError(request.output, "", f"export failed: {error}") from None
        except OSError as error:
            raise TourError(request.output, "", f"cannot write: {error.strerror or error}") from None
        finally:
            if progress is not None and self.export_progress is not None:
                self.export_progress.reset()  # hidden, and its timer to show itself stopped
        self.statusBar().showMessage(f"Exported {request.output}", 5000)
        return request.output

    def _confirm_long_briefing(self, pages: int) -> bool:
        """Above BRIEFING_PAGE_LIMIT pages, ask first (the command line refuses)."""
        from tourmap.exporting import BRIEFING_PAGE_LIMIT

        if pages <= BRIEFING_PAGE_LIMIT:
            return True
        box = QMessageBox(QMessageBox.Icon.Question, "Long Briefing", f"The briefing will have {pages:,} pages.", parent=self)
        box.setObjectName("longBriefingQuestion")
        box.setInformativeText(f"Making it takes about {max(1, pages // 600)} minute(s) or more. Export it anyway?")
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Yes

    def _briefing_progress(self, request: ExportRequest) -> Callable[[int, int], bool]:
        """A window-modal progress dialog for a briefing's pages; False once cancelled."""
        if self.export_progress is not None:
            self.export_progress.deleteLater()
        dialog = QProgressDialog(f"Writing {request.output.name}…", "Cancel", 0, 100, self)
        dialog.setObjectName("exportProgress")
        dialog.setWindowTitle("Export")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(400)
        self.export_progress = dialog

        def report(done: int, total: int) -> bool:
            if dialog.maximum() != total:
                dialog.setMaximum(total)
            dialog.setLabelText(f"Writing {request.output.name}: page {done:,} of {total:,}")
            dialog.setValue(done)  # a modal dialog's setValue lets events in: Cancel is seen
            return not dialog.wasCanceled()

        return report

    def export_window(self, output: Path) -> Path:
        from tourmap._qt.export import image_bytes

        suffix = output.suffix.lower()
        if suffix not in (".png", ".jpg", ".jpeg"):
            raise TourError(output, "", "the whole window can be saved as .png or .jpg")
        if not output.parent.is_dir():
            raise TourError(output, "", f"folder {str(output.parent)!r} does not exist")
        try:
            write_atomic(output, image_bytes(self.grab().toImage(), "png" if suffix == ".png" else "jpeg"))
        except OSError as error:
            raise TourError(output, "", f"cannot write: {error.strerror or error}") from None
        return output

    def current_view(self) -> str | None:
        """What the map shows (JSON text from its page: bounds, layers, selection, filter),
        for an export of it; None when the page cannot tell (no tour drawn yet)."""
        box: dict[str, object] = {}

        def answer(value: object) -> None:
            box["view"] = value

        self.map.api.view(answer)
        loop = QEventLoop()
        for _ in range(400):  # two seconds at most
            if "view" in box:
                break
            QTimer.singleShot(5, loop.quit)
            loop.exec()
        view = box.get("view")
        return json.dumps(view) if isinstance(view, dict) and view.get("bounds") else None

    def copy_map(self) -> None:
        """The map as it is on screen, without its zoom buttons and layer control: the
        export's rendering of the current view at the map's size."""
        from tourmap._qt.export import ExportError, Frame, copy_map_to_clipboard

        if self.tour is None:
            return
        ratio = max(1, min(3, round(self.map.devicePixelRatioF())))
        try:
            image = self.renderer().render_map(
                self.tour, (self.map.width(), self.map.height()), ratio, self.selected_stop_id(), None, Frame(view=self.current_view())
            )
        except ExportError as error:
            self.statusBar().showMessage(f"Copy Map failed: {error}", 6000)
            return
        copy_map_to_clipboard(image)
        self.statusBar().showMessage(f"Map copied to the clipboard ({image.width()} × {image.height()})", 4000)

    # -- help -------------------------------------------------------------------------------

    def add_stop(self) -> None:
        """The add-stop flow: a place picked by name becomes a stop after the selected one."""
        from tourmap._qt.add_stop import AddStopDialog

        if not self.document.loaded:
            return
        if self._add_stop_dialog is None:
            self._add_stop_dialog = AddStopDialog(self)
            self._add_stop_dialog.accepted.connect(self._add_chosen_place)
        dialog = self._add_stop_dialog
        dialog.start()
        self.map.api.center(dialog.set_near)  # ties go to places nearer the view

    def _add_chosen_place(self) -> None:
        from tourmap._qt.add_stop import add_place_as_stop
        from tourmap.editing import EditError

        place = self._add_stop_dialog.chosen() if self._add_stop_dialog is not None else None
        if place is None:
            return
        try:
            add_place_as_stop(self.document, place)
        except EditError as error:
            self.statusBar().showMessage(f"Not added: {error.reason}", 8000)

    def preferences(self) -> None:
        from tourmap._qt.preferences import PreferencesDialog

        PreferencesDialog(self).open()

    def about(self) -> None:
        from tourmap._qt.about import show_about

        show_about(self, self.tour)

    def open_format_docs(self) -> None:
        from tourmap._qt.about import show_format_docs

        show_format_docs(self)

    # -- settings ---------------------------------------------------------------------------

    def _restore_settings(self) -> None:
        store = app_settings()
        geometry = get_bytes(store, settings.WINDOW_GEOMETRY)
        if geometry.isEmpty() or not self.restoreGeometry(geometry):
            self.resize(1400, 900)
        self._fit_on_screen()
        state = get_bytes(store, settings.MAIN_SPLITTER)
        if not state.isEmpty():
            self.splitter.restoreState(state)
        state = get_bytes(store, settings.PANEL_SPLITTER)
        if not state.isEmpty():
            self.panel.splitter.restoreState(state)
        watch = store.value(settings.WATCH_FILE.name, settings.WATCH_FILE.default)
        self.action_watch.setChecked(str(watch).lower() not in ("false", "0"))
        self._rebuild_recent_menu()

    def _fit_on_screen(self) -> None:
        """Never larger than the screen the window opens on, nor partly off it: geometry
        saved on a bigger screen, or at a smaller scale factor (QT_SCALE_FACTOR), is more
        than this screen holds, and restoreGeometry keeps the size."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return
        room = screen.availableGeometry()
        frame, inner = self.frameGeometry(), self.geometry()
        border = QSize(frame.width() - inner.width(), frame.height() - inner.height())
        fits = QSize(min(inner.width(), room.width() - border.width()), min(inner.height(), room.height() - border.height()))
        if fits != inner.size():
            self.resize(fits.expandedTo(self.minimumSizeHint()))
        frame = self.frameGeometry()
        x = max(room.left(), min(frame.left(), room.right() + 1 - frame.width()))
        y = max(room.top(), min(frame.top(), room.bottom() + 1 - frame.height()))
        if (x, y) != (frame.left(), frame.top()):
            self.move(x, y)

    def save_settings(self) -> None:
        store = app_settings()
        store.setValue(settings.WINDOW_GEOMETRY.name, self.saveGeometry())
        store.setValue(settings.MAIN_SPLITTER.name, self.splitter.saveState())
        store.setValue(settings.PANEL_SPLITTER.name, self.panel.splitter.saveState())
        store.sync()

    def discard(self) -> None:
        """Delete the window now, settings untouched, while the application and the web
        profile still exist (a page outliving its profile crashes Chromium at exit)."""
        self.map.stop()
        shiboken6.delete(self)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._fitted:  # the frame is known once the window is on screen
            self._fitted = True
            self._fit_on_screen()
            # A window manager tells the frame's size a moment after the window maps.
            QTimer.singleShot(400, self._fit_on_screen)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self.maybe_save():
            event.ignore()
            return
        self._journal_timer.stop()
        self._journal_worker.submit(recovery.remove)
        self._journal_worker.shutdown(wait=True)  # saved or discarded: nothing to recover
        self.save_settings()
        if self._renderer is not None:
            self._renderer.close()
            self._renderer = None
        super().closeEvent(event)


def _signature(path: Path) -> tuple[int, int, int] | None:
    """What tells one version of a file from another without reading it."""
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size, info.st_ino)


def open_window(path: str | Path | None = None, tour: Tour | None = None, *, window: MainWindow | None = None) -> MainWindow:
    """A window on ``path`` (or the bundled tour), loading it unless ``tour`` is given.

    Raises TourError for a bad file. A file of the user's goes into the recent files; the
    bundled tour does not. ``window``: one built already (the start-up builds it while
    the tour loads; see :func:`tourmap.app.run`).
    """
    tour_path = Path(path) if path is not None else bundled_tour()
    tour = tour or tourmap.load_tour(tour_path)
    window = window or MainWindow()
    window.set_tour(tour, tour_path)
    if tour_path.resolve() != bundled_tour().resolve():
        window.remember_recent(tour_path)
    return window


__all__ = ["MainWindow", "open_window"]

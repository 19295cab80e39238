"""File > Export Snapshot: what, how big, how sharp, where."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from tourmap import settings
from tourmap._qt.settings_store import app_settings, get_int
from tourmap.errors import TourError
from tourmap.exporting import CSS_DPI, DEFAULT_SIZE, FORMATS, PRESETS, ExportRequest, Preset

if TYPE_CHECKING:
    from tourmap.model import Tour

DEFAULT = Preset("default", DEFAULT_SIZE)
#: The size choices: the default, the named presets (as ``tourmap export --preset``), Custom.
SIZES: list[tuple[str, Preset | None]] = [
    (f"{DEFAULT_SIZE[0]} × {DEFAULT_SIZE[1]} (default)", DEFAULT),
    *((p.label, p) for p in PRESETS.values()),
    ("Custom", None),
]
WHAT = [("Map", "map"), ("Briefing (PDF)", "briefing"), ("Whole window", "window")]
FILE_TYPES = "PNG image (*.png);;JPEG image (*.jpg *.jpeg);;SVG drawing (*.svg);;PDF (*.pdf)"


class ExportTarget(Protocol):
    """What the dialog needs of the main window (which opens it)."""

    @property
    def tour(self) -> Tour | None: ...
    @property
    def path(self) -> Path | None: ...
    def selected_stop_id(self) -> str | None: ...
    def current_view(self) -> str | None: ...
    def export_to(self, request: ExportRequest) -> Path: ...
    def export_window(self, output: Path) -> Path: ...


class ExportDialog(QDialog):
    def __init__(self, window: ExportTarget, parent: QWidget) -> None:
        super().__init__(parent)
        self.window_ = window
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export Snapshot")
        store = app_settings()

        self.what = _named(QComboBox(), "exportWhat")
        for text, key in WHAT:
            self.what.addItem(text, key)
        self.what.setCurrentIndex(max(0, self.what.findData(store.value(settings.EXPORT_WHAT.name, settings.EXPORT_WHAT.default))))

        self.preset = _named(QComboBox(), "exportPreset")
        for text, preset in SIZES:
            self.preset.addItem(text, preset.name if preset else None)
        self.width_box = _named(QSpinBox(minimum=100, maximum=8000, suffix=" px", singleStep=100), "exportWidth")
        self.height_box = _named(QSpinBox(minimum=100, maximum=8000, suffix=" px", singleStep=100), "exportHeight")
        saved = str(store.value(settings.EXPORT_SIZE.name, settings.EXPORT_SIZE.default))
        try:
            w, h = (int(v) for v in saved.split("x"))
        except ValueError:
            w, h = DEFAULT_SIZE
        self.width_box.setValue(w)
        self.height_box.setValue(h)
        self.scale = _named(QComboBox(), "exportScale")
        for n in (1, 2, 3):
            self.scale.addItem(f"{n}×" + (" (HiDPI)" if n > 1 else ""), n)
        self.scale.setCurrentIndex(max(0, self.scale.findData(get_int(store, settings.EXPORT_SCALE))))
        self.labels = _named(QCheckBox("Stop names on the map"), "exportLabels")
        self.labels.setChecked(str(store.value(settings.EXPORT_LABELS.name, settings.EXPORT_LABELS.default)).lower() != "false")
        self.inset = _named(QCheckBox("Inset world map locating the frame"), "exportInset")
        self.title_edit = _named(QLineEdit(), "exportTitle")
        self.title_edit.setPlaceholderText(window.tour.title if window.tour else "")
        folder = str(store.value(settings.EXPORT_DIRECTORY.name, "") or Path.home())
        stem = (window.path.stem if window.path else "tour").removesuffix(".tour")
        self.path_edit = _named(QLineEdit(str(Path(folder) / f"{stem}.png")), "exportPath")
        browse = _named(QPushButton("Browse…"), "exportBrowse")
        browse.clicked.connect(self._browse)
        self.pixels = _named(QLabel(), "exportPixels")
        self.error = _named(QLabel(), "exportError")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #a23a2a;")

        size_row = QHBoxLayout()
        size_row.addWidget(self.width_box)
        size_row.addWidget(QLabel("×"))
        size_row.addWidget(self.height_box)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        form = QFormLayout()
        form.addRow("&What:", self.what)
        form.addRow("&Size:", self.preset)
        form.addRow("", _wrap(size_row))
        form.addRow("S&cale:", self.scale)
        form.addRow("&Title:", self.title_edit)
        form.addRow("", self.labels)
        form.addRow("", self.inset)
        form.addRow("&File:", _wrap(path_row))
        form.addRow("", self.pixels)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

        saved_preset = self.preset.findData(str(store.value(settings.EXPORT_PRESET.name, settings.EXPORT_PRESET.default) or ""))
        if saved_preset >= 0 and PRESETS.get(self.preset.itemData(saved_preset)):
            self.preset.setCurrentIndex(saved_preset)
            self._preset_chosen()
        else:
            self._sizes_changed()
        self.preset.currentIndexChanged.connect(self._preset_chosen)
        for box in (self.width_box, self.height_box):
            box.valueChanged.connect(self._sizes_changed)
        self.scale.currentIndexChanged.connect(self._update)
        self.what.currentIndexChanged.connect(self._what_chosen)
        self.path_edit.textChanged.connect(self._update)
        # An error speaks of the choices made when Save was pressed: a new choice clears it.
        for signal in (
            self.what.currentIndexChanged,
            self.preset.currentIndexChanged,
            self.scale.currentIndexChanged,
            self.width_box.valueChanged,
            self.height_box.valueChanged,
            self.path_edit.textChanged,
            self.title_edit.textChanged,
        ):
            signal.connect(self.error.clear)

    def _chosen_preset(self) -> Preset | None:
        name = self.preset.currentData()
        return DEFAULT if name == DEFAULT.name else PRESETS.get(name) if name else None

    def _preset_chosen(self) -> None:
        preset = self._chosen_preset()
        if preset:
            for box, value in zip((self.width_box, self.height_box), preset.size):
                box.blockSignals(True)
                box.setValue(value)
                box.blockSignals(False)
            self.scale.setCurrentIndex(self.scale.findData(preset.scale))
        self._update()

    def _sizes_changed(self) -> None:
        size = (self.width_box.value(), self.height_box.value())
        index = next((i for i, (_, p) in enumerate(SIZES) if p and not p.paper and p.size == size), len(SIZES) - 1)
        self.preset.blockSignals(True)
        self.preset.setCurrentIndex(index)
        self.preset.blockSignals(False)
        self._update()

    def _what_chosen(self) -> None:
        """A briefing is a PDF: the file name follows the choice."""
        path = Path(self.path_edit.text().strip())
        if self.what.currentData() == "briefing" and path.suffix.lower() != ".pdf" and path.name:
            self.path_edit.setText(str(path.with_suffix(".pdf")))
        elif self.what.currentData() == "window" and path.suffix.lower() not in (".png", ".jpg", ".jpeg") and path.name:
            self.path_edit.setText(str(path.with_suffix(".png")))
        self._update()

    def _update(self) -> None:
        what = self.what.currentData()
        preset = self._chosen_preset()
        paper = preset.paper if preset else None
        for field in (self.preset, self.title_edit):
            field.setEnabled(what != "window")
        for size in (self.width_box, self.height_box, self.scale):
            size.setEnabled(what != "window" and not paper)
        for option in (self.labels, self.inset):
            option.setEnabled(what == "map")
        if what == "window":
            self.pixels.setText("The window as it is on screen.")
            return
        request = self.request()
        fmt = request.format
        if fmt == "pdf":
            sheet = paper.label if paper else f"{request.size[0] * 25.4 / CSS_DPI:.0f} × {request.size[1] * 25.4 / CSS_DPI:.0f} mm"
            if request.kind == "briefing":
                self.pixels.setText(f"Pages: a cover and one per stop, {paper.label if paper else 'A4 landscape'}")
            else:
                self.pixels.setText(f"Page: {sheet}, vector")
        elif fmt == "svg":
            self.pixels.setText(f"Drawing: {request.size[0]} × {request.size[1]} pixels, vector")
        else:
            w, h = request.pixel_size
            self.pixels.setText(f"Image: {w} × {h} pixels, {request.resolution} dpi")

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Export Snapshot", self.path_edit.text(), FILE_TYPES)
        if name:
            self.path_edit.setText(name)

    def request(self) -> ExportRequest:
        path = Path(self.path_edit.text().strip()).expanduser()
        if path.suffix.lower() not in FORMATS:
            path = path if path.name else path / "untitled"  # "" or "/" while the name is typed
            path = path.with_name(path.name + (".pdf" if self.what.currentData() == "briefing" else ".png"))
        preset = self._chosen_preset()
        fields = {
            "stop": self.window_.selected_stop_id(),
            "what": "briefing" if self.what.currentData() == "briefing" else "map",
            "title": self.title_edit.text().strip() or None,
            "labels": self.labels.isChecked(),
            "inset": self.inset.isChecked(),
        }
        if preset and preset.paper:
            return ExportRequest.from_preset(path, preset, **fields)
        return ExportRequest(output=path, size=(self.width_box.value(), self.height_box.value()), scale=int(self.scale.currentData()), **fields)  # type: ignore[arg-type]

    def accept(self) -> None:
        if not Path(self.path_edit.text().strip()).name:
            self.error.setText("File: give the file a name, e.g. map.png")
            return
        request = self.request()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            if self.what.currentData() == "window":
                written = self.window_.export_window(request.output)
            elif request.kind == "map":  # what is on screen, scaled to the size chosen
                written = self.window_.export_to(replace(request, view=self.window_.current_view()))
            else:
                written = self.window_.export_to(request)
        except TourError as error:
            self.error.setText(str(error))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        store = app_settings()
        store.setValue(settings.EXPORT_SIZE.name, f"{request.size[0]}x{request.size[1]}")
        store.setValue(settings.EXPORT_SCALE.name, request.scale)
        store.setValue(settings.EXPORT_PRESET.name, self.preset.currentData() or "")
        store.setValue(settings.EXPORT_LABELS.name, request.labels)
        store.setValue(settings.EXPORT_WHAT.name, self.what.currentData())
        store.setValue(settings.EXPORT_DIRECTORY.name, str(written.parent))
        super().accept()


W = TypeVar("W", bound=QWidget)


def _named(widget: W, name: str) -> W:
    """``widget`` with its objectName (what tests and style sheets find it by)."""
    widget.setObjectName(name)
    return widget


def _wrap(layout: QLayout) -> QWidget:
    widget = QWidget()
    layout.setContentsMargins(0, 0, 0, 0)
    widget.setLayout(layout)
    return widget

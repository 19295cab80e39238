"""File > Export Snapshot: what, how big, how sharp, where."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from tourmap import settings
from tourmap.errors import TourError
from tourmap.exporting import FORMATS, ExportRequest

PRESETS: list[tuple[str, tuple[int, int] | None]] = [
    ("1600 × 1000 (default)", (1600, 1000)),
    ("1920 × 1080 (Full HD)", (1920, 1080)),
    ("1280 × 720 (slides)", (1280, 720)),
    ("1200 × 1200 (square)", (1200, 1200)),
    ("1000 × 1400 (portrait)", (1000, 1400)),
    ("Custom", None),
]
WHAT = [("Map only", "map"), ("Map with the selected stop's agenda", "briefing"), ("Whole window", "window")]


class ExportDialog(QDialog):
    def __init__(self, window) -> None:  # window: MainWindow
        super().__init__(window)
        self.window_ = window
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export Snapshot")
        from tourmap._qt.main_window import app_settings

        store = app_settings()

        self.what = QComboBox(objectName="exportWhat")
        for text, key in WHAT:
            self.what.addItem(text, key)
        self.what.setCurrentIndex(max(0, self.what.findData(store.value(settings.EXPORT_WHAT.name, settings.EXPORT_WHAT.default))))

        self.preset = QComboBox(objectName="exportPreset")
        for text, size in PRESETS:
            self.preset.addItem(text, size)
        self.width_box = QSpinBox(objectName="exportWidth", minimum=100, maximum=8000, suffix=" px", singleStep=100)
        self.height_box = QSpinBox(objectName="exportHeight", minimum=100, maximum=8000, suffix=" px", singleStep=100)
        saved = str(store.value(settings.EXPORT_SIZE.name, settings.EXPORT_SIZE.default))
        try:
            w, h = (int(v) for v in saved.split("x"))
        except ValueError:
            w, h = 1600, 1000
        self.width_box.setValue(w)
        self.height_box.setValue(h)
        self.scale = QComboBox(objectName="exportScale")
        for n in (1, 2, 3):
            self.scale.addItem(f"{n}×" + (" (HiDPI)" if n > 1 else ""), n)
        self.scale.setCurrentIndex(max(0, self.scale.findData(int(store.value(settings.EXPORT_SCALE.name, settings.EXPORT_SCALE.default) or 1))))
        self.title_edit = QLineEdit(objectName="exportTitle")
        self.title_edit.setPlaceholderText(window.tour.title if window.tour else "")
        folder = str(store.value(settings.EXPORT_DIRECTORY.name, "") or Path.home())
        stem = (window.path.stem if window.path else "tour").removesuffix(".tour")
        self.path_edit = QLineEdit(str(Path(folder) / f"{stem}.png"), objectName="exportPath")
        browse = QPushButton("Browse…", objectName="exportBrowse")
        browse.clicked.connect(self._browse)
        self.pixels = QLabel(objectName="exportPixels")
        self.error = QLabel(objectName="exportError")
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
        form.addRow("&File:", _wrap(path_row))
        form.addRow("", self.pixels)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

        self.preset.currentIndexChanged.connect(self._preset_chosen)
        for box in (self.width_box, self.height_box):
            box.valueChanged.connect(self._sizes_changed)
        self.scale.currentIndexChanged.connect(self._update)
        self.what.currentIndexChanged.connect(self._update)
        self._sizes_changed()

    def _preset_chosen(self) -> None:
        size = self.preset.currentData()
        if size:
            self.width_box.blockSignals(True)
            self.height_box.blockSignals(True)
            self.width_box.setValue(size[0])
            self.height_box.setValue(size[1])
            self.width_box.blockSignals(False)
            self.height_box.blockSignals(False)
        self._update()

    def _sizes_changed(self) -> None:
        size = (self.width_box.value(), self.height_box.value())
        index = next((i for i, (_, s) in enumerate(PRESETS) if s == size), len(PRESETS) - 1)
        self.preset.blockSignals(True)
        self.preset.setCurrentIndex(index)
        self.preset.blockSignals(False)
        self._update()

    def _update(self) -> None:
        window_only = self.what.currentData() == "window"
        for widget in (self.preset, self.width_box, self.height_box, self.scale, self.title_edit):
            widget.setEnabled(not window_only)
        if window_only:
            self.pixels.setText("The window as it is on screen.")
        else:
            n = self.scale.currentData()
            self.pixels.setText(f"Image: {self.width_box.value() * n} × {self.height_box.value() * n} pixels")

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Export Snapshot", self.path_edit.text(), "PNG image (*.png);;JPEG image (*.jpg *.jpeg);;PDF briefing (*.pdf)")
        if name:
            self.path_edit.setText(name)

    def request(self) -> ExportRequest:
        path = Path(self.path_edit.text().strip()).expanduser()
        if path.suffix.lower() not in FORMATS:
            path = path.with_name(path.name + ".png")
        what = self.what.currentData()
        stop = self.window_.selected_stop_id()
        return ExportRequest(
            output=path,
            size=(self.width_box.value(), self.height_box.value()),
            scale=int(self.scale.currentData()),
            stop=stop,
            what="briefing" if what == "briefing" else ("map" if path.suffix.lower() != ".pdf" or what == "map" else None),
            title=self.title_edit.text().strip() or None,
        )

    def accept(self) -> None:
        from tourmap._qt.main_window import app_settings

        request = self.request()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            if self.what.currentData() == "window":
                written = self.window_.export_window(request.output)
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
        store.setValue(settings.EXPORT_WHAT.name, self.what.currentData())
        store.setValue(settings.EXPORT_DIRECTORY.name, str(written.parent))
        super().accept()


def _wrap(layout) -> QWidget:
    widget = QWidget()
    layout.setContentsMargins(0, 0, 0, 0)
    widget.setLayout(layout)
    return widget

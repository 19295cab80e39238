"""The CSV import preview: which column is read as what, and the rows left to settle.

Nothing is imported until the person has seen the column mapping and settled every row
that has a place name and no coordinates (a gazetteer place picked, or the row left
out): the gazetteer is never trusted to guess between two Parises.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tourmap.errors import TourError
from tourmap.formats._common import Imported
from tourmap.formats.csv import Place, Resolution, Sheet, Unsettled, build

#: What each field the sheet can fill is called in the preview.
FIELD_LABELS = {
    "name": "stop name",
    "city": "city",
    "country": "country",
    "venue": "venue",
    "lat": "latitude",
    "lon": "longitude",
    "id": "stop id",
    "arrive": "arrival date",
    "depart": "departure date",
    "summary": "summary",
}
CHOOSE = "Choose a place…"
LEAVE_OUT = "Leave this row out"


class CsvImportDialog(QDialog):
    """Preview of a CSV file; ``imported`` holds the tour once accepted."""

    def __init__(self, sheet: Sheet, resolution: Resolution, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("csvImportDialog")
        self.setWindowTitle(f"Import {sheet.path.name}")
        self.sheet = sheet
        self.resolution = resolution
        self.imported: Imported | None = None
        delimiter = {",": "commas", ";": "semicolons", "\t": "tabs"}[sheet.delimiter]
        about = QLabel(f"{len(sheet.rows)} rows, cells separated by {delimiter}. Each column is read as:", self)
        about.setTextFormat(Qt.TextFormat.PlainText)

        self.mapping_table = QTableWidget(len(sheet.headers), 2, self)
        self.mapping_table.setObjectName("columnMapping")
        self.mapping_table.setHorizontalHeaderLabels(["Column in the file", "Read as"])
        read_as = {index: FIELD_LABELS[field] for field, index in sheet.mapping.items()}
        for row, header in enumerate(sheet.headers):
            self.mapping_table.setItem(row, 0, QTableWidgetItem(header))
            self.mapping_table.setItem(row, 1, QTableWidgetItem(read_as.get(row, "not read")))
        _fit(self.mapping_table)

        unsettled = resolution.unsettled
        rows = "1 row has" if len(unsettled) == 1 else f"{len(unsettled)} rows have"
        settle_label = QLabel(
            f"{rows} a place name and no coordinates, and the gazetteer has no single place of that name: pick the place, or leave the row out."
            if unsettled
            else "Every row has coordinates or a place the gazetteer knows.",
            self,
        )
        settle_label.setWordWrap(True)
        self.settle_table = QTableWidget(len(unsettled), 3, self)
        self.settle_table.setObjectName("rowsToSettle")
        self.settle_table.setHorizontalHeaderLabels(["Line", "Name", "Place"])
        self.choices: list[QComboBox] = []
        for row, item in enumerate(unsettled):
            self.settle_table.setItem(row, 0, QTableWidgetItem(str(item.line)))
            self.settle_table.setItem(row, 1, QTableWidgetItem(item.query))
            self.settle_table.setCellWidget(row, 2, self._choice(item))
        _fit(self.settle_table)
        self.settle_table.setVisible(bool(unsettled))

        self.error_label = QLabel(self)
        self.error_label.setObjectName("importError")
        self.error_label.setWordWrap(True)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Import")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        for widget in (about, self.mapping_table, settle_label, self.settle_table, self.error_label, self.buttons):
            layout.addWidget(widget)
        self.resize(640, 520)
        self.mapping_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # to read, not to visit
        self.settle_table.setTabKeyNavigation(False)  # Tab goes from one place to choose to the next
        if self.choices:
            self.choices[0].setFocus()
        self._update()

    def _choice(self, item: Unsettled) -> QComboBox:
        box = QComboBox(self.settle_table)
        box.addItem(CHOOSE, None)
        for place in item.candidates:
            label = place.label() if hasattr(place, "label") else f"{place.name}, {place.country_code}"
            box.addItem(f"{label} ({place.lat:.2f}, {place.lon:.2f})", place)
        box.addItem(LEAVE_OUT, LEAVE_OUT)
        box.currentIndexChanged.connect(self._update)
        self.choices.append(box)
        return box

    def _update(self) -> None:
        settled = all(box.currentIndex() > 0 for box in self.choices)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(settled)

    def places(self) -> tuple[dict[int, Place], set[int]]:
        """The gazetteer's places by line (found and picked) and the lines left out."""
        places = dict(self.resolution.found)
        skip: set[int] = set()
        for item, box in zip(self.resolution.unsettled, self.choices, strict=True):
            choice = box.currentData()
            if choice == LEAVE_OUT:
                skip.add(item.line)
            elif choice is not None:
                places[item.line] = choice
        return places, skip

    def accept(self) -> None:
        places, skip = self.places()
        try:
            self.imported = build(self.sheet, places=places, skip=skip)
        except TourError as error:
            self.error_label.setText(str(error))
            self.error_label.show()
            return
        super().accept()


def _fit(table: QTableWidget) -> None:
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)

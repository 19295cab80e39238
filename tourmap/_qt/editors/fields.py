"""A form's fields, each with its rule's message right under it.

A field holds text as typed; :class:`FieldForm` turns it into the value the model takes
(None for an empty optional field), asks an edit function whether the tour would stay
valid, and shows the reason next to the field when not. Nothing invalid reaches the
document: only a whole, valid change is pushed as one command.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from tourmap.editing import EditError

Parse = Callable[[str], Any]


def text(value: str) -> str:
    return value


def optional(value: str) -> str | None:
    return value if value.strip() else None


def number(value: str) -> float | str:
    """A number as typed ("35.6762", "-0,5"), or the text itself for the rule to refuse."""
    try:
        return float(value.strip().replace(",", "."))
    except ValueError:
        return value


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple):
        return ", ".join(value)
    if isinstance(value, float):
        return f"{value:.6f}".rstrip("0").rstrip(".")
    return str(value)


class Field(QWidget):
    """An input and, under it, the reason its value is refused (hidden while it is fine)."""

    edited = Signal()  # the user finished editing (focus left, Return)
    changed = Signal()  # every keystroke

    def __init__(self, name: str, parse: Parse, multiline: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.parse = parse
        self.input: QLineEdit | QPlainTextEdit
        if multiline:
            self.input = QPlainTextEdit()
            self.input.setTabChangesFocus(True)
            self.input.setFixedHeight(72)
            self.input.textChanged.connect(self.changed)
        else:
            self.input = QLineEdit()
            self.input.textEdited.connect(lambda _text: self.changed.emit())
            self.input.editingFinished.connect(self.edited)
        self.input.setObjectName(f"{name}Field")
        self.error = QLabel()
        self.error.setObjectName(f"{name}Error")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #a23a2a; font-size: 11px;")
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(self.input)
        layout.addWidget(self.error)

    def text(self) -> str:
        return self.input.toPlainText() if isinstance(self.input, QPlainTextEdit) else self.input.text()

    def set_value(self, value: Any) -> None:
        shown = _shown(value)
        if self.text() != shown:
            if isinstance(self.input, QPlainTextEdit):
                self.input.blockSignals(True)
                self.input.setPlainText(shown)
                self.input.blockSignals(False)
            else:
                self.input.setText(shown)
        self.show_error("")

    def value(self) -> Any:
        return self.parse(self.text())

    def show_error(self, reason: str) -> None:
        self.error.setText(reason)
        self.error.setVisible(bool(reason))
        self.input.setProperty("invalid", bool(reason))
        self.input.setStyleSheet("border: 1px solid #a23a2a;" if reason else "")


class FieldForm(QWidget):
    """Fields in a form; ``check(changes)`` raises EditError for a change the tour refuses,
    ``commit(changes)`` applies a valid one (pushes its command)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fields: dict[str, Field] = {}
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        outer = QVBoxLayout(self)
        outer.addLayout(self.form)
        outer.addStretch(1)  # the fields stay together at the top of a tall dock
        self._check_timer = QTimer(self, singleShot=True, interval=150)
        self._check_timer.timeout.connect(self.check_now)
        self._loading = False

    def add(self, label: str, name: str, parse: Parse = text, multiline: bool = False) -> Field:
        field = Field(name, parse, multiline)
        field.changed.connect(self._check_timer.start)
        field.edited.connect(self.apply)
        if multiline:  # a multi-line field is applied when it loses focus (see eventFilter)
            field.input.installEventFilter(self)
        self.fields[name] = field
        self.form.addRow(label, field)
        return field

    def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.Type.FocusOut:
            self.apply()
        return super().eventFilter(watched, event)

    # -- for subclasses ----------------------------------------------------------------------

    def current(self) -> dict[str, Any]:
        """The values the record has now, by field name."""
        raise NotImplementedError

    def check(self, changes: dict[str, Any]) -> None:
        raise NotImplementedError

    def commit(self, changes: dict[str, Any]) -> None:
        raise NotImplementedError

    # -- the rules ---------------------------------------------------------------------------

    def load(self, values: dict[str, Any]) -> None:
        self._loading = True
        try:
            for name, value in values.items():
                self.fields[name].set_value(value)
        finally:
            self._loading = False

    def changes(self) -> dict[str, Any]:
        """The fields whose value differs from the record's."""
        now = self.current()
        return {name: f.value() for name, f in self.fields.items() if f.value() != now.get(name)}

    def check_now(self) -> bool:
        """Explain, next to each field, why its value would be refused; True when all pass."""
        if self._loading:
            return True
        changes = self.changes()
        ok = True
        for name, field in self.fields.items():
            reason = ""
            if name in changes:
                try:
                    self.check({name: changes[name]})
                except EditError as error:
                    reason, ok = error.reason, False
            field.show_error(reason)
        if ok and len(changes) > 1:
            try:
                self.check(changes)  # rules across fields (depart after arrive)
            except EditError as error:
                self.fields.get(error.field.split(".")[-1], next(iter(self.fields.values()))).show_error(error.reason)
                ok = False
        return ok

    def apply(self) -> None:
        """Push the fields' changes as one command when every one passes."""
        if self._loading:
            return
        self._check_timer.stop()
        changes = self.changes()
        if changes and self.check_now():
            self.commit(changes)

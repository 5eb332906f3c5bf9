"""The one form protocol: fields declared once, checked, saved through the Store, and the
dialog stays open with everything typed when saving fails.

A form lists its `FIELDS` (key, label, kind, required, choices); the layout, the reading
of the values and the loading of an existing record all come from that list. OK runs
`validate()` (one sentence or None), then `save()`, which hands the form's Edit to the
Store; a refusal or a fault (disk full, read-only file, ...) is shown in the dialog's
message line and the dialog stays open. Only a successful save closes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.models.server_faults import server_sentence
from app.models.vocab import AGENCIES
from app.services.editing.editor import Changes, Edit
from app.services.editing.validation import ValidationError
from app.views.common.presentation import refuse_in_presentation
from app.views.common.screen_fit import ScrollArea
from app.views.common.widgets import DateField, combo, select_data
from app.views.shell.store import Store

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

KINDS = ("text", "lines", "date", "optional_date", "choice", "agency", "check", "number")


@dataclass(frozen=True)
class Field:
    """One field of a form. `kind` is one of KINDS; "agency" is a drop-down of the usual
    agencies that also takes typed text; "number" treats its minimum as "not known"."""

    key: str
    label: str
    kind: str = "text"
    required: bool = False
    choices: tuple[tuple[str, Any], ...] = ()  # (label, value); or from FormDialog.options
    attr: str = ""  # the widget's attribute name on the form; the key by default
    placeholder: str = ""
    tip: str = ""
    row: str = ""  # check boxes with the same row are laid side by side
    box: str = ""  # check boxes with the same box are grouped under that title
    height: int = 0  # for "lines"
    minimum: int = 0  # for "number"
    maximum: int = 99
    special: str = ""  # for "number": the text shown at the minimum ("not known")

    @property
    def name(self) -> str:
        return self.attr or self.key


def label_text(field: Field) -> str:
    return field.label + (" *" if field.required else "")


class FormDialog(QDialog):
    """Add (`record_id` None) or edit one record; subclasses declare FIELDS and `build`.

    `load(session)` reads what the form offers (`self.options[key]`: the (label, value)
    items of a data-dependent drop-down) and returns the values it opens with.
    """

    FIELDS: Sequence[Field] = ()
    TITLES = ("Add", "Edit")  # window title when adding, when editing
    MIN_WIDTH = 480
    INTRO = ""  # a line above the fields
    NOTE = ""  # a line below the fields
    OK_TEXT = ""  # the OK button's text, when not "OK"
    # The fields scroll when the dialog is smaller than they want (large text, a small
    # screen: views/common/screen_fit.py fits the dialog to the screen); the message line
    # and the OK and Cancel buttons stay below them, always in view.
    SCROLL = True

    def __init__(
        self, store: Store | None, record_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.record_id = record_id
        self.setWindowTitle(self.TITLES[record_id is not None])
        self.setMinimumWidth(self.MIN_WIDTH)
        self.options: dict[str, Sequence[tuple[str, Any]]] = {}
        if store is not None:
            with store.read() as s:
                current = self.load(s)
        else:
            current = self.load(None)
        outer = QVBoxLayout(self)
        if self.INTRO:
            intro = QLabel(self.INTRO)
            intro.setWordWrap(True)
            outer.addWidget(intro)
        self.body = QWidget()
        self.form_layout = QFormLayout(self.body)
        # Too narrow for a label beside its field (large text, a small screen): the field
        # goes under its label rather than off the dialog's side.
        self.form_layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        if self.SCROLL:
            self.form_layout.setContentsMargins(0, 0, 0, 0)
            outer.addWidget(ScrollArea(self.body), 1)
        else:
            self.form_layout.setContentsMargins(0, 0, 0, 0)
            outer.addWidget(self.body)
        self.widgets: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        self._lay_out()
        self.set_values(current)
        if self.NOTE:
            note = QLabel(self.NOTE)
            note.setWordWrap(True)
            outer.addWidget(note)
        self.problem = QLabel()
        self.problem.setObjectName("formProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #a00000; font-weight: bold;")
        outer.addWidget(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        if self.OK_TEXT:
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.OK_TEXT)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)

    # ----- what a form declares -----------------------------------------------------
    def load(self, session: Session | None) -> dict[str, Any]:
        """Fill `self.options` and return the values the form opens with."""
        return {}

    def build(self, session: Session) -> Edit:
        """The Edit that saves the form's values (raises ValidationError to refuse)."""
        raise NotImplementedError

    def saved(self, changes: Changes | None) -> None:
        """Called once the Store has saved the form (before it closes)."""

    # ----- fields --------------------------------------------------------------------
    def _make(self, field: Field) -> QWidget:
        choices = list(self.options.get(field.key, field.choices))
        widget: QWidget
        if field.kind == "text":
            widget = QLineEdit()
            widget.setPlaceholderText(field.placeholder)
        elif field.kind == "lines":
            widget = QPlainTextEdit()
            widget.setPlaceholderText(field.placeholder)
            widget.setFixedHeight(field.height or 70)
        elif field.kind in ("date", "optional_date"):
            widget = DateField(None, optional=field.kind == "optional_date")
        elif field.kind == "choice":
            widget = combo(choices)
        elif field.kind == "agency":
            widget = combo([("", None), *((a, a) for a in AGENCIES)], editable=True)
            if field.placeholder:
                widget.lineEdit().setPlaceholderText(field.placeholder)
        elif field.kind == "check":
            widget = QCheckBox(field.label)
        elif field.kind == "number":
            widget = QSpinBox()
            widget.setRange(field.minimum, field.maximum)
            widget.setSpecialValueText(field.special)
        else:
            raise ValueError(f"unknown field kind {field.kind!r}")
        if field.tip:
            widget.setToolTip(field.tip)
        # Named for assistive technology even on a shared row, where no label is beside it
        # (a date field passes its name on to its date box and tick box).
        name = (field.label or field.placeholder).replace("&", "").rstrip(": *")
        if name:
            widget.setAccessibleName(name)
        return widget

    def _lay_out(self) -> None:
        rows: dict[str, QHBoxLayout] = {}
        boxes: dict[str, QVBoxLayout] = {}
        for field in self.FIELDS:
            widget = self._make(field)
            self.widgets[field.name] = widget
            setattr(self, field.name, widget)
            if field.row:
                if field.row not in rows:
                    rows[field.row] = QHBoxLayout()
                    self.form_layout.addRow("", rows[field.row])
                rows[field.row].addWidget(widget)
            elif field.box:
                if field.box not in boxes:
                    group = QGroupBox(field.box)
                    boxes[field.box] = QVBoxLayout(group)
                    self.form_layout.addRow(group)
                boxes[field.box].addWidget(widget)
            else:
                label = QLabel(label_text(field))
                self.labels[field.name] = label
                self.form_layout.addRow(label, widget)

    def row_of(self, name: str) -> int:
        """The form layout row of a field (to put a line of help next to it)."""
        row, _role = self.form_layout.getWidgetPosition(self.widgets[name])
        return row

    def set_values(self, values: dict[str, Any]) -> None:
        """Show stored values (an existing record, or a new one's defaults)."""
        for field in self.FIELDS:
            widget, value = self.widgets[field.name], values.get(field.key)
            if isinstance(widget, QLineEdit):
                widget.setText("" if value is None else str(value))
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText(value or "")
            elif isinstance(widget, DateField):
                widget.set_value(value)
            elif isinstance(widget, QComboBox) and field.kind == "agency":
                widget.setCurrentText(value or "")
            elif isinstance(widget, QComboBox):
                select_data(widget, value)
            elif isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QSpinBox):
                widget.setValue(field.minimum if value is None else int(value))

    def values(self) -> dict[str, Any]:
        """The form's values for the service: trimmed text, an empty optional one None."""
        out: dict[str, Any] = {}
        for field in self.FIELDS:
            widget = self.widgets[field.name]
            value: Any
            if isinstance(widget, QLineEdit):
                value = widget.text().strip()
            elif isinstance(widget, QPlainTextEdit):
                value = widget.toPlainText().strip()
            elif isinstance(widget, DateField):
                value = widget.value()
            elif isinstance(widget, QComboBox) and field.kind == "agency":
                value = widget.currentText().strip()
            elif isinstance(widget, QComboBox):
                value = widget.currentData()
            elif isinstance(widget, QCheckBox):
                value = widget.isChecked()
            elif isinstance(widget, QSpinBox):
                value = widget.value()
                value = None if field.special and value == field.minimum else value
            if value == "" and not field.required:
                value = None
            out[field.key] = value
        return out

    # ----- OK ------------------------------------------------------------------------
    def validate(self) -> str | None:
        """One sentence saying what is wrong, or None. The service's own rules decide:
        the Edit is built (not applied) to see whether it is refused."""
        if self.store is None:
            return None
        try:
            with self.store.read() as s:
                self.build(s)
        except ValidationError as exc:
            return str(exc)
        except Exception as exc:  # a shared server lost (or a right missing): said here
            said = server_sentence(exc, saving=True)
            if said is None:
                raise
            return said
        return None

    def save(self) -> bool:
        """Hand the Edit to the Store; on failure show its sentence here and stay open."""
        if self.store is None:
            return True
        changes, message = self.store.attempt(self.build)
        if message is not None:
            self.problem.setText(message)
            return False
        self.saved(changes)
        return True

    def accept(self) -> None:
        message = self.validate()
        if message is not None:
            self.problem.setText(message)
            return
        if not self.save():
            return
        self.problem.setText("")
        super().accept()

    def setVisible(self, visible: bool) -> None:  # noqa: N802
        # Presentation mode (a projector): no form opens, as a form shows names and notes.
        super().setVisible(visible and not refuse_in_presentation(self))

    def try_accept(self) -> None:
        """The forms' old name for OK, kept for callers."""
        self.accept()

"""Small shared widgets: a date field that can be empty, shown dd/mm/yyyy; combo boxes of
(label, stored value) items."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QHBoxLayout, QWidget


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class DateField(QWidget):
    """A calendar date edit; when `optional`, a tick box says whether a date is set."""

    def __init__(
        self, value: date | None = None, *, optional: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.check: QCheckBox | None = None
        if optional:
            self.check = QCheckBox()
            self.check.setToolTip("Tick to record a date")
            lay.addWidget(self.check)
        self.edit = QDateEdit()
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("dd/MM/yyyy")
        lay.addWidget(self.edit, 1)
        if self.check is not None:
            self.check.toggled.connect(self.edit.setEnabled)
        self.set_value(value)

    def set_value(self, value: date | None) -> None:
        self.edit.setDate(to_qdate(value or date.today()))
        if self.check is not None:
            self.check.setChecked(value is not None)
            self.edit.setEnabled(value is not None)

    def value(self) -> date | None:
        if self.check is not None and not self.check.isChecked():
            return None
        return from_qdate(self.edit.date())


def combo(items: list[tuple[str, Any]], editable: bool = False) -> QComboBox:
    """A combo box of (label, stored value) items."""
    box = QComboBox()
    box.setEditable(editable)
    for text, data in items:
        box.addItem(text, data)
    return box


def select_data(box: QComboBox, value: Any) -> None:
    """Show the item holding `value`; an editable box shows a value not in its list as
    typed text (an agency typed in earlier)."""
    i = box.findData(value)
    if i >= 0:
        box.setCurrentIndex(i)
    elif box.isEditable() and value:
        box.setEditText(str(value))

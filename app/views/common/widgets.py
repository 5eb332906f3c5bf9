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


# The first day a date edit can show, kept for "no date": shown as a blank (its special
# value text), so an empty optional date reads empty, never as a greyed-out today.
EMPTY_DAY = QDate(1900, 1, 1)


class DateField(QWidget):
    """A calendar date edit; when `optional`, a tick box says whether a date is set, and
    an unset date shows blank (ticking it starts on today)."""

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
            self.edit.setMinimumDate(EMPTY_DAY)
            self.edit.setSpecialValueText(" ")
            self.check.toggled.connect(self._ticked)
        self.set_value(value)

    def _ticked(self, on: bool) -> None:
        self.edit.setEnabled(on)
        if on and self.edit.date() == EMPTY_DAY:
            self.edit.setDate(to_qdate(date.today()))
        elif not on:
            self.edit.setDate(EMPTY_DAY)

    def set_value(self, value: date | None) -> None:
        if self.check is None:
            self.edit.setDate(to_qdate(value or date.today()))
            return
        self.edit.setDate(EMPTY_DAY if value is None else to_qdate(value))
        self.check.setChecked(value is not None)
        self.edit.setEnabled(value is not None)

    def value(self) -> date | None:
        if self.check is not None and (not self.check.isChecked() or self.edit.date() == EMPTY_DAY):
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

"""A meeting's details form (type, date, chair, next meeting, agreed review date, notes).

Used both in the New meeting dialog and at the top of the meeting editor. For a Scoping
meeting, the review date agreed there becomes the response's review date when saved.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QLineEdit, QWidget

from app.models.vocab import MeetingType
from app.services.editing.editor import Edit
from app.services.meetings.meetings import add_meeting
from app.views.common.form import FormDialog
from app.views.common.widgets import DateField
from app.views.shell.store import Store

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class MeetingDetails(QWidget):
    """The fields of a meeting; `values()` gives Meeting columns."""

    type_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.type = QComboBox()
        for t in MeetingType:
            self.type.addItem(t.label, t.value)
        self.date = DateField(date.today())
        self.chair = QLineEdit()
        self.chair.setPlaceholderText("Who chairs")
        self.next_date = DateField(None, optional=True)
        self.review = DateField(None, optional=True)
        self.review.setToolTip(
            "The date by which all children identified must be assessed. Saving it here "
            "sets the response's review date, so coverage follows."
        )
        self.review_label = QLabel("Review date agreed")
        self.notes = QLineEdit()
        self.notes.setPlaceholderText("Notes (no self-harm methods)")
        grid.addWidget(QLabel("Type"), 0, 0)
        grid.addWidget(self.type, 0, 1)
        grid.addWidget(QLabel("Date"), 0, 2)
        grid.addWidget(self.date, 0, 3)
        grid.addWidget(QLabel("Chair"), 0, 4)
        grid.addWidget(self.chair, 0, 5)
        grid.addWidget(QLabel("Next meeting"), 1, 0)
        grid.addWidget(self.next_date, 1, 1)
        grid.addWidget(self.review_label, 1, 2)
        grid.addWidget(self.review, 1, 3)
        grid.addWidget(QLabel("Notes"), 1, 4)
        grid.addWidget(self.notes, 1, 5)
        for w in (self.type, self.date, self.next_date, self.review):
            w.setMaximumWidth(160)
        grid.setColumnStretch(5, 1)
        self.type.currentIndexChanged.connect(self._on_type)
        self._on_type()

    def _on_type(self) -> None:
        scoping = self.type.currentData() == "scoping"
        self.review.setVisible(scoping)
        self.review_label.setVisible(scoping)
        self.type_changed.emit(self.type.currentData())

    def set_values(self, v: dict[str, Any]) -> None:
        self.type.setCurrentIndex(max(0, self.type.findData(v.get("type", "scoping"))))
        self.date.set_value(v.get("date") or date.today())
        self.chair.setText(v.get("chair") or "")
        self.next_date.set_value(v.get("next_meeting_date"))
        self.review.set_value(v.get("review_date_set"))
        self.notes.setText(v.get("notes") or "")

    def values(self) -> dict[str, Any]:
        mtype = self.type.currentData()
        return {
            "type": mtype,
            "date": self.date.value(),
            "chair": self.chair.text().strip() or None,
            "next_meeting_date": self.next_date.value(),
            "review_date_set": self.review.value() if mtype == "scoping" else None,
            "notes": self.notes.text().strip() or None,
        }


class NewMeetingDialog(FormDialog):
    """Asks for a new meeting's details and saves it on OK (staying open with the details
    if saving fails); attendance is then pre-filled from the procedure."""

    TITLES = ("New meeting", "Meeting")
    MIN_WIDTH = 720
    OK_TEXT = "Create meeting"
    INTRO = (
        "The attendance list is filled with the roles the procedure asks for at this "
        "type of meeting, including the Children in Care nurse, the EHE/CME lead, the "
        "previous school and adult mental health services when the young people "
        "identified for support call for them."
    )

    def __init__(
        self, store: Store | None, parent: QWidget | None = None, chair: str | None = None
    ) -> None:
        super().__init__(store, None, parent)
        self.new_id: int | None = None
        self.details = MeetingDetails()
        self.details.chair.setText(chair or "")
        self.form_layout.addRow(self.details)

    def values(self) -> dict[str, Any]:
        return self.details.values()

    def build(self, session: Session) -> Edit:
        assert self.store is not None
        edit = add_meeting(session, self.store.response_id, self.values())
        self.new_id = edit.ops[0].id  # type: ignore[assignment]
        return edit

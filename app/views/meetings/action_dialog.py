"""The Add action form: description, owner agency and owner, due date, young person, meeting."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from app.models.entities import Meeting, YoungPerson
from app.models.vocab import AGENCIES, MeetingType
from app.views.common.widgets import DateField
from app.views.shell.store import Store


class ActionDialog(QDialog):
    """Asks for a new action; `values()` gives Action columns. Refusals come from the
    service through the Store, so the rules live in one place."""

    def __init__(
        self, store: Store, parent: QWidget | None = None, meeting_id: int | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add action")
        self.setMinimumWidth(520)
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.description = QLineEdit()
        self.description.setPlaceholderText("What is to be done (no self-harm methods)")
        self.agency = QComboBox()
        self.agency.setEditable(True)
        self.agency.addItems(list(AGENCIES))
        self.agency.setCurrentIndex(-1)
        self.agency.setPlaceholderText("Owner agency")
        self.owner = QLineEdit()
        self.owner.setPlaceholderText("Named owner")
        self.due = DateField(date.today() + timedelta(days=7))
        self.person = QComboBox()
        self.person.addItem("(none)", None)
        self.meeting = QComboBox()
        self.meeting.addItem("(between meetings)", None)
        with store.read() as s:
            for pid, ref in s.execute(
                select(YoungPerson.id, YoungPerson.reference)
                .where(YoungPerson.response_id == store.response_id)
                .order_by(YoungPerson.reference)
            ):
                self.person.addItem(ref, pid)
            for m in s.scalars(
                select(Meeting)
                .where(Meeting.response_id == store.response_id)
                .order_by(Meeting.date)
            ):
                self.meeting.addItem(f"{MeetingType(m.type).label} meeting {m.date:%d/%m/%Y}", m.id)
        if meeting_id is not None:
            self.meeting.setCurrentIndex(max(0, self.meeting.findData(meeting_id)))
        form.addRow("Description *", self.description)
        form.addRow("Owner agency *", self.agency)
        form.addRow("Owner", self.owner)
        form.addRow("Due date *", self.due)
        form.addRow("Young person", self.person)
        form.addRow("Raised at", self.meeting)
        lay.addLayout(form)
        note = QLabel("Overdue is worked out from the due date; it is never typed in.")
        note.setWordWrap(True)
        lay.addWidget(note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Add action")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def values(self) -> dict[str, Any]:
        return {
            "description": self.description.text().strip(),
            "owner_agency": self.agency.currentText().strip(),
            "owner": self.owner.text().strip() or None,
            "due_date": self.due.value(),
            "person_id": self.person.currentData(),
            "meeting_id": self.meeting.currentData(),
        }

"""The connection form: who, mode, kind, setting, source agency, confidence, date, status.

A connection is a report ("reported by <agency>, <confidence>"). The connections service
refuses a self-connection and a second active connection of the same kind between the
same two people; the form shows its sentence and stays open.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from app.models.entities import Connection, Meeting, Setting, YoungPerson
from app.models.vocab import (
    AGENCIES,
    Confidence,
    ConnectionKind,
    ConnectionStatus,
    MeetingType,
    Mode,
)
from app.services.editing.validation import ValidationError
from app.services.people.connections import add_connection, update_connection
from app.views.common.widgets import DateField, combo, select_data
from app.views.shell.store import Store


class ConnectionForm(QDialog):
    def __init__(
        self,
        store: Store,
        connection_id: int | None = None,
        person_a: int | None = None,
        person_b: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.connection_id = connection_id
        self.setWindowTitle("Edit connection" if connection_id else "Connect two young people")
        self.setMinimumWidth(480)
        with store.read() as s:
            rid = store.response_id
            people = s.scalars(
                select(YoungPerson)
                .where(YoungPerson.response_id == rid)
                .order_by(YoungPerson.reference)
            ).all()
            person_items = [(f"{p.reference}  {p.full_name}", p.id) for p in people]
            settings = s.scalars(
                select(Setting).where(Setting.response_id == rid).order_by(Setting.name)
            ).all()
            setting_items = [("(none)", None)] + [(st.name, st.id) for st in settings]
            meetings = s.scalars(
                select(Meeting).where(Meeting.response_id == rid).order_by(Meeting.date)
            ).all()
            meeting_items = [("(none)", None)] + [
                (f"{MeetingType(m.type).label} {m.date:%d/%m/%Y}", m.id) for m in meetings
            ]
            conn = s.get(Connection, connection_id) if connection_id else None
            current: dict[str, Any] = (
                {c.name: getattr(conn, c.name) for c in Connection.__table__.columns}
                if conn
                else {
                    "person_a_id": person_a,
                    "person_b_id": person_b,
                    "mode": "real_life",
                    "kind": "friend",
                    "confidence": "reported",
                    "date_identified": date.today(),
                    "status": "active",
                }
            )
        lay = QVBoxLayout(self)
        intro = QLabel(
            "Record who reported the connection and how sure they are: a connection is "
            "reported by an agency, never stated as fact."
        )
        intro.setWordWrap(True)
        lay.addWidget(intro)
        form = QFormLayout()
        lay.addLayout(form)
        self.person_a = combo(person_items)
        select_data(self.person_a, current.get("person_a_id"))
        form.addRow("Young person *", self.person_a)
        self.person_b = combo([("(a setting, not a young person)", None)] + person_items)
        select_data(self.person_b, current.get("person_b_id"))
        form.addRow("Connected to *", self.person_b)
        self.mode = combo([(m.label, m.value) for m in Mode])
        select_data(self.mode, current.get("mode"))
        form.addRow("Mode *", self.mode)
        self.kind = combo([(k.label, k.value) for k in ConnectionKind])
        select_data(self.kind, current.get("kind"))
        form.addRow("Kind *", self.kind)
        self.setting = combo(setting_items)
        select_data(self.setting, current.get("setting_id"))
        form.addRow("Setting or platform", self.setting)
        self.source_agency = combo([("", None)] + [(a, a) for a in AGENCIES], editable=True)
        select_data(self.source_agency, current.get("source_agency"))
        form.addRow("Reported by (agency) *", self.source_agency)
        self.confidence = combo([(c.label, c.value) for c in Confidence])
        select_data(self.confidence, current.get("confidence"))
        form.addRow("Confidence *", self.confidence)
        self.date_identified = DateField(current.get("date_identified") or date.today())
        form.addRow("Date identified *", self.date_identified)
        self.meeting = combo(meeting_items)
        select_data(self.meeting, current.get("meeting_id"))
        form.addRow("Identified at meeting", self.meeting)
        self.status = combo([(x.label, x.value) for x in ConnectionStatus])
        select_data(self.status, current.get("status") or "active")
        self.status.setToolTip(
            "Disproved connections stay in the record and are hidden from the map."
        )
        form.addRow("Status", self.status)
        self.notes = QPlainTextEdit(current.get("notes") or "")
        self.notes.setFixedHeight(60)
        self.notes.setPlaceholderText("Do not record any self-harm method or copied content.")
        form.addRow("Notes", self.notes)
        self.problem = QLabel()
        self.problem.setObjectName("formProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #a00000;")
        lay.addWidget(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.buttons = buttons

    def values(self) -> dict[str, Any]:
        return {
            "person_a_id": self.person_a.currentData(),
            "person_b_id": self.person_b.currentData(),
            "mode": self.mode.currentData(),
            "kind": self.kind.currentData(),
            "setting_id": self.setting.currentData(),
            "source_agency": self.source_agency.currentText().strip() or None,
            "confidence": self.confidence.currentData(),
            "date_identified": self.date_identified.value(),
            "meeting_id": self.meeting.currentData(),
            "status": self.status.currentData(),
            "notes": self.notes.toPlainText().strip() or None,
        }

    def build(self, session):  # noqa: ANN001, ANN201 - returns an Edit
        if self.connection_id is None:
            return add_connection(session, self.store.response_id, self.values())
        return update_connection(session, self.connection_id, self.values())

    def try_accept(self) -> None:
        try:
            with self.store.read() as s:
                self.build(s)
        except ValidationError as exc:
            self.problem.setText(str(exc))
            return
        self.problem.setText("")
        self.accept()

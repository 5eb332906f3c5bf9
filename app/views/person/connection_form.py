"""The connection form: who, mode, kind, setting, source agency, confidence, date, status.

A connection is a report ("reported by <agency>, <confidence>"). The connections service
refuses a self-connection and a second active connection of the same kind between the
same two people; the form shows its sentence and stays open, as it does when saving fails.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from app.models.entities import Connection
from app.models.vocab import Confidence, ConnectionKind, ConnectionStatus, MeetingType, Mode
from app.services.editing.editor import Edit
from app.services.people.connections import add_connection, update_connection
from app.services.queries import pickers
from app.views.common.form import Field, FormDialog
from app.views.shell.store import Store

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def _labelled(enum: Any) -> tuple[tuple[str, str], ...]:
    return tuple((m.label, m.value) for m in enum)


FIELDS = (
    Field("person_a_id", "Young person", "choice", required=True, attr="person_a"),
    Field("person_b_id", "Connected to", "choice", required=True, attr="person_b"),
    Field("mode", "Mode", "choice", required=True, choices=_labelled(Mode)),
    # A new connection starts on "(choose)": the kind is reported, never assumed.
    Field(
        "kind",
        "Kind",
        "choice",
        required=True,
        choices=(("(choose a kind)", None), *_labelled(ConnectionKind)),
    ),
    Field("setting_id", "Setting or platform", "choice", attr="setting"),
    Field("source_agency", "Reported by (agency)", "agency", required=True),
    Field("confidence", "Confidence", "choice", required=True, choices=_labelled(Confidence)),
    Field("date_identified", "Date identified", "date", required=True),
    Field("meeting_id", "Identified at meeting", "choice", attr="meeting"),
    Field(
        "status",
        "Status",
        "choice",
        choices=_labelled(ConnectionStatus),
        tip="Disproved connections stay in the record and are hidden from the map.",
    ),
    Field(
        "notes",
        "Notes",
        "lines",
        height=60,
        placeholder="Do not record any self-harm method or copied content.",
    ),
)


class ConnectionForm(FormDialog):
    """Add or edit one reported connection between two young people."""

    FIELDS = FIELDS
    TITLES = ("Connect two young people", "Edit connection")
    INTRO = (
        "Record who reported the connection and how sure they are: a connection is "
        "reported by an agency, never stated as fact."
    )

    def __init__(
        self,
        store: Store,
        connection_id: int | None = None,
        person_a: int | None = None,
        person_b: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        self._pair = (person_a, person_b)
        super().__init__(store, connection_id, parent)
        self.connection_id = connection_id

    def load(self, session: Session | None) -> dict[str, Any]:
        assert session is not None
        rid = self.store.response_id
        people = [(f"{p.reference}  {p.full_name}", p.id) for p in pickers.people(session, rid)]
        self.options = {
            "person_a_id": people,
            "person_b_id": [("(a setting, not a young person)", None), *people],
            "setting_id": [("(none)", None), *((n, i) for i, n in pickers.settings(session, rid))],
            "meeting_id": [
                ("(none)", None),
                *(
                    (f"{MeetingType(m.type).label} {m.date:%d/%m/%Y}", m.id)
                    for m in pickers.meetings(session, rid)
                ),
            ],
        }
        current = pickers.record(session, Connection, self.record_id)
        if current is not None:
            current["status"] = current.get("status") or "active"
            return current
        return {
            "person_a_id": self._pair[0],
            "person_b_id": self._pair[1],
            "mode": "real_life",
            "kind": None,
            "confidence": "reported",
            "date_identified": date.today(),
            "status": "active",
        }

    def values(self) -> dict[str, Any]:
        v = super().values()
        v["source_agency"] = v["source_agency"] or None
        return v

    def build(self, session: Session) -> Edit:
        if self.record_id is None:
            return add_connection(session, self.store.response_id, self.values())
        return update_connection(session, self.record_id, self.values())

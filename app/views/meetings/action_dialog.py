"""The Add action form: description, owner agency and owner, due date, young person, meeting."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from app.models.vocab import MeetingType
from app.services.editing.editor import Edit
from app.services.meetings.actions import add_action
from app.services.queries import pickers
from app.views.common.form import Field, FormDialog
from app.views.shell.store import Store

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

FIELDS = (
    Field(
        "description",
        "Description",
        required=True,
        placeholder="What is to be done (no self-harm methods)",
    ),
    Field("owner_agency", "Owner agency", "agency", required=True, attr="agency"),
    Field("owner", "Owner", placeholder="Named owner"),
    Field("due_date", "Due date", "date", required=True, attr="due"),
    Field("person_id", "Young person", "choice", attr="person"),
    Field("meeting_id", "Raised at", "choice", attr="meeting"),
)


class ActionDialog(FormDialog):
    """Adds an action when OK is pressed. Refusals and faults come from the service
    through the Store and are shown here, so the rules live in one place."""

    FIELDS = FIELDS
    TITLES = ("Add action", "Edit action")
    MIN_WIDTH = 520
    OK_TEXT = "Add action"
    NOTE = "Overdue is worked out from the due date; it is never typed in."

    def __init__(
        self, store: Store, parent: QWidget | None = None, meeting_id: int | None = None
    ) -> None:
        self._meeting_id = meeting_id
        super().__init__(store, None, parent)
        self.agency.lineEdit().setPlaceholderText("Owner agency")

    def load(self, session: Session | None) -> dict[str, Any]:
        assert session is not None
        rid = self.store.response_id
        self.options = {
            "person_id": [
                ("(none)", None),
                *((p.reference, p.id) for p in pickers.people(session, rid)),
            ],
            "meeting_id": [
                ("(between meetings)", None),
                *(
                    (f"{MeetingType(m.type).label} meeting {m.date:%d/%m/%Y}", m.id)
                    for m in pickers.meetings(session, rid)
                ),
            ],
        }
        return {"due_date": date.today() + timedelta(days=7), "meeting_id": self._meeting_id}

    def build(self, session: Session) -> Edit:
        return add_action(session, self.store.response_id, self.values())

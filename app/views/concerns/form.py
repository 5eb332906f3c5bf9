"""The concern form: every field of a concern, coarse category only, never a method."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QWidget

from app.models.entities import Concern
from app.models.vocab import ConcernCategory, ConcernSource, DatePrecision, MedicalAttention
from app.services.editing.editor import Edit
from app.services.people.concerns import (
    CONTAGION_LABELS,
    METHOD_REMINDER,
    add_concern,
    update_concern,
)
from app.services.queries import pickers
from app.views.common.form import Field, FormDialog
from app.views.shell.store import Store

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

NOT_RECORDED = ("(not recorded)", None)


def _labelled(enum: Any) -> tuple[tuple[str, str], ...]:
    return tuple((m.label, m.value) for m in enum)


FIELDS = (
    Field("person_id", "Young person", "choice", required=True, attr="person"),
    Field("date", "Date", "date", required=True),
    Field(
        "date_precision",
        "Date precision",
        "choice",
        choices=_labelled(DatePrecision),
        attr="precision",
    ),
    Field(
        "date_known",
        "Date known",
        "date",
        required=True,
        tip="When the agencies in this response first knew of it.",
    ),
    Field("reporting_agency", "Reporting agency", "agency", required=True, attr="agency"),
    Field("source", "Source", "choice", choices=(NOT_RECORDED, *_labelled(ConcernSource))),
    Field("setting_id", "Setting", "choice", attr="setting"),
    Field(
        "category",
        "Category",
        "choice",
        required=True,
        # A new concern starts on "(choose)": the category is the user's, never assumed.
        choices=(("(choose a category)", None), *_labelled(ConcernCategory)),
        tip="A coarse category only. Circles never records a method.",
    ),
    Field(
        "medical_attention",
        "Medical attention",
        "choice",
        choices=(NOT_RECORDED, *_labelled(MedicalAttention)),
        attr="medical",
    ),
    Field(
        "evidence_location",
        "Evidence kept at",
        attr="evidence",
        placeholder="Where the evidence is kept (e.g. a case record reference); never copied content",
    ),
    *(
        Field(key, label, "check", box="Contagion indicators")
        for key, label in CONTAGION_LABELS.items()
    ),
    Field("notes", "Notes", "lines", height=80, placeholder=METHOD_REMINDER),
)


class ConcernDialog(FormDialog):
    """Add or edit one concern. OK checks the values with the service first, so a bad
    entry is one sentence here and changes nothing; a failed save keeps the form open."""

    FIELDS = FIELDS
    TITLES = ("Add concern", "Edit concern")
    MIN_WIDTH = 520

    def __init__(
        self,
        store: Store,
        *,
        person_id: int | None = None,
        concern_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        self._person_id = person_id
        super().__init__(store, concern_id, parent)
        self.concern_id = concern_id
        self.person.setEnabled(concern_id is not None or person_id is None)
        self.contagion: dict[str, QCheckBox] = {k: self.widgets[k] for k in CONTAGION_LABELS}
        self.reminder = QLabel(METHOD_REMINDER + " Record what agencies need to know, not how.")
        self.reminder.setObjectName("methodReminder")
        self.reminder.setStyleSheet(
            "background: #fff3c4; color: #3d3000; padding: 4px; font-weight: bold;"
        )
        self.reminder.setWordWrap(True)
        self.form_layout.insertRow(self.row_of("notes"), self.reminder)
        self.date.edit.dateChanged.connect(self._known_not_before)

    def load(self, session: Session | None) -> dict[str, Any]:
        assert session is not None
        rid = self.store.response_id
        people = pickers.people(session, rid)
        current = pickers.record(session, Concern, self.record_id) or {
            "person_id": self._person_id,
            "category": None,  # chosen by the user: no category is assumed
            "date_precision": "day",
        }
        if self.record_id is None and current.get("person_id"):
            chosen = next((p for p in people if p.id == current["person_id"]), None)
            current["setting_id"] = chosen.setting_id if chosen else None
        # A new concern with no young person chosen yet starts on "(choose)", never on
        # whoever happens to be first in the list.
        choose = [] if current.get("person_id") else [("(choose a young person)", None)]
        self.options = {
            "person_id": [*choose, *((p.reference, p.id) for p in people)],
            "setting_id": [("(none)", None), *((n, i) for i, n in pickers.settings(session, rid))],
        }
        return current

    def _known_not_before(self) -> None:
        # A convenience: a new concern is usually known the day it happens.
        if self.record_id is None:
            day = self.date.value()
            if day and (self.date_known.value() or day) < day:
                self.date_known.set_value(day)

    def build(self, session: Session) -> Edit:
        values = self.values()
        if self.record_id is None:
            return add_concern(session, self.store.response_id, values)
        return update_concern(session, self.record_id, values)


def edit_concern(
    store: Store,
    parent: QWidget | None,
    *,
    person_id: int | None = None,
    concern_id: int | None = None,
) -> ConcernDialog:
    """Open the form (non-blocking); on OK the concern is saved as one undoable step."""
    dialog = ConcernDialog(store, person_id=person_id, concern_id=concern_id, parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog

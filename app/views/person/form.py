"""The young person form: every field of SPEC.md, checked by the people service.

OK is refused with one plain sentence (and nothing changes) until the service accepts the
values, and a save that fails (a full disk, ...) keeps the form open with everything typed;
someone 18 or over at the referral date gets a clear warning, not a refusal.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QLabel, QWidget

from app.models.entities import YoungPerson
from app.models.vocab import Gender, IdentificationRoute, Inclusion
from app.services.editing.editor import Edit
from app.services.people.young_people import add_person, age_warning, next_reference, update_person
from app.services.queries import pickers
from app.views.common.form import Field, FormDialog
from app.views.shell.store import Store

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

NOT_RECORDED = ("(not recorded)", None)
FIELDS = (
    Field(
        "reference",
        "Reference",
        required=True,
        tip="Pseudonymous reference: this is what circulates.",
    ),
    Field("given_name", "Given name", required=True),
    Field("family_name", "Family name", required=True),
    Field("date_of_birth", "Date of birth", "optional_date"),
    Field(
        "age_if_unknown",
        "Age (if date of birth unknown)",
        "number",
        minimum=-1,
        maximum=30,
        special="not known",
    ),
    Field(
        "gender", "Gender", "choice", choices=(NOT_RECORDED, *((g.label, g.value) for g in Gender))
    ),
    Field("setting_id", "Current setting", "choice"),
    Field("year_group", "Year group"),
    Field("previous_setting_id", "Previous setting", "choice"),
    Field("moved_setting_date", "Moved setting on", "optional_date"),
    Field("home_area", "Home area"),
    Field("looked_after", "Looked after", "check", row="flags"),
    Field("ehe_cme", "Elective home education / missing education", "check", row="flags"),
    Field("send", "SEND"),
    Field("known_to", "Known to", placeholder="Agencies that know them, e.g. School; CAMHS"),
    Field("lead_professional", "Lead professional"),
    Field("lead_agency", "Lead agency", "agency"),
    Field(
        "identification_route",
        "Identification route",
        "choice",
        choices=(NOT_RECORDED, *((x.label, x.value) for x in IdentificationRoute)),
    ),
    Field("inclusion", "Inclusion", "choice", choices=tuple((x.label, x.value) for x in Inclusion)),
    Field(
        "removed_reason",
        "Reason removed",
        placeholder="Why removed from scope (required when removed)",
    ),
    Field("date_added", "Date added", "date"),
    Field(
        "notes",
        "Notes",
        "lines",
        placeholder="Do not record any self-harm method here. Say where evidence is kept instead.",
    ),
)


class PersonForm(FormDialog):
    """Add or edit one young person. `values()` gives the fields for the service."""

    FIELDS = FIELDS
    TITLES = ("Add a young person", "Edit young person")
    MIN_WIDTH = 520
    SCROLL = True

    def __init__(
        self,
        store: Store,
        person_id: int | None = None,
        parent: QWidget | None = None,
        position: tuple[float, float] | None = None,
    ) -> None:
        self.position = position
        super().__init__(store, person_id, parent)
        self.person_id = person_id
        self.warning = QLabel()
        self.warning.setObjectName("ageWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #7a4b00; font-weight: bold;")
        self.form_layout.insertRow(self.row_of("age_if_unknown") + 1, self.warning)
        self.date_of_birth.edit.dateChanged.connect(self._update_warning)
        if self.date_of_birth.check is not None:
            self.date_of_birth.check.toggled.connect(self._update_warning)
        self.age_if_unknown.valueChanged.connect(self._update_warning)
        self._update_warning()
        # Wide enough for the longest row (the two flags) without a sideways scroll bar,
        # seen cut off at 560; the form scrolls only down, on a 768-pixel-high screen.
        self.resize(max(560, self.body.sizeHint().width() + 40), 640)

    def load(self, session: Session | None) -> dict[str, Any]:
        assert session is not None
        rid = self.store.response_id
        self.referral = pickers.scales(session, rid).referral_date
        settings = [("(none)", None), *((name, i) for i, name in pickers.settings(session, rid))]
        self.options = {"setting_id": settings, "previous_setting_id": settings}
        current = pickers.record(session, YoungPerson, self.record_id)
        if current is None:
            current = {"reference": next_reference(session, rid), "inclusion": "in_scope"}
        current["date_added"] = current.get("date_added") or date.today()
        return current

    def values(self) -> dict[str, Any]:
        v = super().values()
        if self.record_id is None and self.position is not None:
            v["map_x"], v["map_y"] = self.position
        return v

    def _update_warning(self, *_: object) -> None:
        v = self.values()
        text = age_warning(
            {"date_of_birth": v["date_of_birth"], "age_if_unknown": v["age_if_unknown"]},
            self.referral,
        )
        self.warning.setText(text or "")
        self.warning.setVisible(bool(text))

    def build(self, session: Session) -> Edit:
        if self.record_id is None:
            return add_person(session, self.store.response_id, self.values())
        return update_person(session, self.record_id, self.values())

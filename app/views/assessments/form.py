"""The assessment form: every field of one assessment, with the rules that depend on status.

Completed needs a completed date and the assessed risk from the response's own scale; not
required needs a reason; booked needs a booked date. The rules are the service's
(`validate_assessment`), so the form, the table and import refuse the same things. Saving
is one undoable edit through the Store; a refusal or a failed save is one sentence and the
form stays open with everything typed.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from app.models.entities import Assessment
from app.models.vocab import AssessmentStatus, Inclusion
from app.services.editing.editor import Edit
from app.services.editing.validation import ValidationError
from app.services.people.assessments import add_assessment, update_assessment, validate_assessment
from app.services.queries import pickers
from app.views.common.form import Field, FormDialog
from app.views.shell.store import Store

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

FIELDS = (
    Field("person_id", "Young person", "choice", required=True, attr="person"),
    Field("agency", "Agency", "agency", required=True, placeholder="The agency that assesses"),
    Field("assessor", "Assessor"),
    Field(
        "status",
        "Status",
        "choice",
        required=True,
        choices=tuple((st.label, st.value) for st in AssessmentStatus),
    ),
    Field(
        "not_required_reason",
        "Reason not required",
        attr="reason",
        placeholder="Why no assessment is needed",
    ),
    Field("booked_date", "Booked date", "optional_date", attr="booked"),
    Field("completed_date", "Completed date", "optional_date", attr="completed"),
    Field(
        "risk",
        "Assessed risk",
        "choice",
        tip="The risk the assessing professional recorded. Circles never suggests one.",
    ),
    Field("need_level", "Level of need", "choice", attr="need"),
    Field("next_review_date", "Next review", "optional_date", attr="next_review"),
    Field(
        "notes",
        "Notes",
        "lines",
        placeholder="Do not record a self-harm method here, or copy social-media content.",
    ),
)


class AssessmentForm(FormDialog):
    """Add an assessment (for a given young person, or one chosen here) or edit one."""

    FIELDS = FIELDS
    TITLES = ("Add assessment", "Edit assessment")

    def __init__(
        self,
        store: Store,
        *,
        person_id: int | None = None,
        assessment_id: int | None = None,
        defaults: dict[str, Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        self._person_id = person_id
        # Values shown over the stored or new ones (e.g. the Coverage list's "Record
        # assessment...": completed today, by the assessing agency, only the risk to pick).
        self._defaults = dict(defaults or {})
        super().__init__(store, assessment_id, parent)
        self.setObjectName("assessmentForm")
        self.assessment_id = assessment_id
        # From a person's panel the young person is fixed; from the table it is chosen.
        self.person.setEnabled(person_id is None or assessment_id is not None)
        self.status.currentIndexChanged.connect(self._status_changed)
        self._status_changed(initial=True)

    def load(self, session: Session | None) -> dict[str, Any]:
        assert session is not None
        rid = self.store.response_id
        scale = pickers.scales(session, rid)
        people = [
            (
                p.reference
                + (
                    ""
                    if p.inclusion == "in_scope"
                    else f" ({Inclusion(p.inclusion).label.lower()})"
                ),
                p.id,
            )
            for p in pickers.people(session, rid)
        ]
        values: dict[str, Any] = {"person_id": self._person_id, "status": "not_started"}
        if self.record_id is not None:
            found = pickers.record(session, Assessment, self.record_id)
            if found is None:
                raise LookupError("That assessment no longer exists.")
            values = found
        values = {**values, **self._defaults}
        needs = list(scale.need_levels)
        if values.get("need_level") and values["need_level"] not in needs:
            needs.append(values["need_level"])  # a level no longer on the scale stays shown
        self.options = {
            "person_id": people,
            "risk": [("", None), *((x, x) for x in scale.risk_levels)],
            "need_level": [("", None), *((x, x) for x in needs)],
        }
        return values

    def _status_changed(self, *_args: object, initial: bool = False) -> None:
        status = self.status.currentData()
        needed = {
            "reason": status == "not_required",
            "booked": status == "booked",
            "completed": status == "completed",
            "risk": status == "completed",
        }
        for key, required in needed.items():
            text = self.labels[key].text().rstrip(" *")
            self.labels[key].setText(text + (" *" if required else ""))
        self.reason.setEnabled(status == "not_required" or bool(self.reason.text()))
        if not initial:
            # Offer the date the new status needs (today), ticked, ready to change.
            if status == "completed" and self.completed.value() is None:
                self.completed.set_value(date.today())
            if status == "booked" and self.booked.value() is None:
                self.booked.set_value(date.today())

    def values(self) -> dict[str, Any]:
        v = super().values()
        if v["status"] != "not_required":
            v["not_required_reason"] = None
        return v

    def validate(self) -> str | None:
        try:
            with self.store.read() as s:
                validate_assessment(s, self.values())
        except ValidationError as exc:
            return str(exc)
        return None

    def build(self, session: Session) -> Edit:
        values = self.values()
        if self.record_id is None:
            return add_assessment(session, self.store.response_id, values)
        return update_assessment(session, self.record_id, values)

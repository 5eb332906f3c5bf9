"""Closing the response: the procedure's closure checklist (section 7) and the Closed stage.

What the data can show is computed (safety plans, the final meeting); what only people
know (staff debriefed, each agency's review, the overview report, the exit strategy) is a
ChecklistItem of the response (meeting_id NULL) marked done / not applicable / outstanding
with a note. Marking the response Closed is refused with the list of what is missing,
unless the chair records a reason to override (Response.closed_override_reason), which the
audit log keeps like every edit (no Qt).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.entities import Attendance, ChecklistItem, Meeting, Response
from app.services.editing.editor import Edit
from app.services.editing.ops import insert_op, update_op
from app.services.editing.validation import ValidationError
from app.services.meetings.checklists import checklist_values
from app.services.meetings.plans import without_safety_plan

AGENCY_REVIEW_PREFIX = "agency_review:"

# Items only people can confirm, in the procedure's words.
MANUAL_ITEMS: tuple[tuple[str, str], ...] = (
    (
        "exit_strategy",
        "A clearly defined exit strategy, for the closure of the response and for the young "
        "people who have been supported",
    ),
    ("staff_debriefed", "Staff involved directly in the response thoroughly debriefed"),
    (
        "overview_report",
        "An overview report compiled and presented to the safeguarding partnership",
    ),
)


@dataclass(frozen=True)
class ClosureItem:
    key: str
    text: str
    met: bool
    detail: str  # what is missing, or how it was met
    manual: bool  # recorded by people (a state and note can be set)
    state: str  # ChecklistState code for manual items; "done"/"outstanding" for computed
    note: str


@dataclass(frozen=True)
class ClosureStatus:
    items: list[ClosureItem]
    closed: bool = False  # the response is at the Closed stage
    override_reason: str | None = None  # why it was closed with items missing, if it was

    @property
    def ready(self) -> bool:
        return all(i.met for i in self.items)

    @property
    def missing(self) -> list[str]:
        """One plain line per item not met, for the refusal and the dialog."""
        return [f"{i.text}: {i.detail}" if i.detail else i.text for i in self.items if not i.met]


def involved_agencies(session: Session, response_id: int) -> list[str]:
    """Agencies that took part in the response's meetings (attended or sent a deputy)."""
    rows = session.scalars(
        select(Attendance.agency)
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(
            Meeting.response_id == response_id,
            Attendance.status.in_(("attended", "deputy")),
            Attendance.agency.is_not(None),
        )
    ).all()
    return sorted({a.strip() for a in rows if a and a.strip()})


def _items(session: Session, response_id: int) -> dict[str, ChecklistItem]:
    return {
        i.key: i
        for i in session.scalars(
            select(ChecklistItem).where(
                ChecklistItem.response_id == response_id, ChecklistItem.meeting_id.is_(None)
            )
        )
    }


def manual_items(session: Session, response_id: int) -> list[tuple[str, str]]:
    """(key, text) of the items people confirm, one review per involved agency."""
    agencies = involved_agencies(session, response_id)
    reviews = [
        (f"{AGENCY_REVIEW_PREFIX}{a}", f"Review by {a}, identifying changes to policy or practice")
        for a in agencies
    ] or [("agency_review:", "Each agency's review, identifying changes to policy or practice")]
    exit_item, staff, report = MANUAL_ITEMS
    return [exit_item, staff, *reviews, report]


def closure_status(session: Session, response_id: int, as_of: date | None = None) -> ClosureStatus:
    as_of = as_of or date.today()
    without, in_scope = without_safety_plan(session, response_id)
    items = [
        ClosureItem(
            "safety_plans",
            "Every young person in scope has a safety plan with a supporting agency",
            not without,
            (
                f"no active safety plan for {', '.join(without)}"
                if without
                else f"all {in_scope} have one"
                if in_scope
                else "no young people in scope"
            ),
            False,
            "outstanding" if without else "done",
            "",
        )
    ]
    recorded = _items(session, response_id)
    for key, text in manual_items(session, response_id):
        row = recorded.get(key)
        state = row.state if row else "outstanding"
        items.append(
            ClosureItem(
                key,
                text,
                state != "outstanding",
                "" if state != "outstanding" else "not yet recorded as done",
                True,
                state,
                (row.note or "") if row else "",
            )
        )
    final = session.scalars(
        select(Meeting)
        .where(Meeting.response_id == response_id, Meeting.type == "final", Meeting.date <= as_of)
        .order_by(Meeting.date.desc())
    ).first()
    items.insert(
        len(items) - 1,
        ClosureItem(
            "final_meeting",
            "A final meeting held, where concluding information and debriefing are shared",
            final is not None,
            f"held {final.date:%d/%m/%Y}" if final else "no final meeting held yet",
            False,
            "done" if final else "outstanding",
            "",
        ),
    )
    response = session.get(Response, response_id)
    return ClosureStatus(
        items,
        closed=response is not None and response.stage == "closed",
        override_reason=response.closed_override_reason if response else None,
    )


def set_closure_item(
    session: Session,
    response_id: int,
    key: str,
    *,
    state: str | None = None,
    note: str | None = None,
) -> Edit:
    texts = dict(manual_items(session, response_id))
    if key not in texts:
        raise ValidationError("That item is not on the closure checklist.")
    values = checklist_values(state, note)
    row = _items(session, response_id).get(key)
    label = f"Closure checklist: {texts[key][:50]}"
    if row is None:
        new = {
            "response_id": response_id,
            "meeting_id": None,
            "key": key,
            "text": texts[key],
            "state": "outstanding",
            **values,
        }
        return Edit(label, (insert_op("checklist_item", new),))
    op = update_op(session, "checklist_item", row.id, values)
    return Edit(label, (op,) if op else ())


def close_response(
    session: Session,
    response_id: int,
    override_reason: str | None = None,
    as_of: date | None = None,
) -> Edit:
    """Mark the response Closed; refused with what is missing unless a reason overrides."""
    response = session.get(Response, response_id)
    if response is None:
        raise ValidationError("The response no longer exists.")
    if response.stage == "closed":
        raise ValidationError("The response is already closed.")
    status = closure_status(session, response_id, as_of)
    reason = (override_reason or "").strip() or None
    if not status.ready and reason is None:
        raise ValidationError(
            "The response cannot be closed yet. Missing: " + "; ".join(status.missing) + "."
        )
    values = {"stage": "closed", "closed_override_reason": reason if not status.ready else None}
    op = update_op(session, "response", response_id, values)
    label = "Close the response" + (
        " (closure checklist overridden)" if values["closed_override_reason"] else ""
    )
    return Edit(label, (op,) if op else ())


def reopen_response(session: Session, response_id: int) -> Edit:
    response = session.get(Response, response_id)
    if response is None or response.stage != "closed":
        raise ValidationError("The response is not closed.")
    op = update_op(
        session, "response", response_id, {"stage": "closing", "closed_override_reason": None}
    )
    return Edit("Reopen the response", (op,) if op else ())

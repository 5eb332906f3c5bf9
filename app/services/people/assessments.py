"""Assessments: add, change, remove, and the person's current recorded risk (no Qt).

The risk shown anywhere is the one recorded by a professional in the person's latest
completed assessment. Circles never computes or suggests one.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.entities import Assessment, Response, YoungPerson
from app.models.vocab import AssessmentStatus
from app.services.editing.editor import Edit
from app.services.editing.ops import delete_edit, insert_op, update_op
from app.services.editing.rules import check_required
from app.services.editing.validation import (
    ValidationError,
    existing,
    in_response,
    merged_values,
    require,
)


def latest_completed(
    assessments: Iterable[Assessment], as_of: date | None = None
) -> Assessment | None:
    """The latest assessment completed on or before `as_of` (by completed date, then id)."""
    done = [
        a
        for a in assessments
        if a.status == AssessmentStatus.COMPLETED
        and a.completed_date is not None
        and (as_of is None or a.completed_date <= as_of)
    ]
    if not done:
        return None
    return max(done, key=lambda a: (a.completed_date, a.id or 0))


# Every field a user edits, in the order forms and tables show them.
FIELDS: tuple[str, ...] = (
    "person_id",
    "agency",
    "assessor",
    "status",
    "not_required_reason",
    "booked_date",
    "completed_date",
    "risk",
    "need_level",
    "next_review_date",
    "notes",
)


def assessments_of(session: Session, person_id: int) -> list[Assessment]:
    """One young person's assessments, oldest first (by booked/completed date, then id)."""
    items = session.scalars(select(Assessment).where(Assessment.person_id == person_id)).all()
    return sorted(items, key=lambda a: (a.completed_date or a.booked_date or date.max, a.id))


def validate_assessment(session: Session, values: dict[str, Any]) -> None:
    """Refuse with one sentence what a form would refuse (status-dependent rules)."""
    _validate(session, values)


def _validate(session: Session, values: dict[str, Any]) -> None:
    check_required("assessment", values)
    status = values.get("status") or "not_started"
    AssessmentStatus(status)
    booked, completed = values.get("booked_date"), values.get("completed_date")
    if status == AssessmentStatus.COMPLETED:
        require(completed, "Completed date")
        require(values.get("risk"), "Assessed risk")
        if completed > date.today():
            raise ValidationError("The completed date cannot be in the future.")
    # A completed date before the booked date is allowed: the booking was the appointment,
    # and an assessment done earlier than booked is simply done (README "Coverage").
    if status == AssessmentStatus.BOOKED:
        require(booked, "Booked date")
    if status == AssessmentStatus.NOT_REQUIRED:
        require(values.get("not_required_reason"), "The reason it is not required")
    risk = values.get("risk")
    if risk:
        person = session.get(YoungPerson, values["person_id"])
        response = session.get(Response, person.response_id) if person else None
        if response is not None and risk not in response.risk_levels:
            raise ValidationError(
                f"Assessed risk must be one of: {', '.join(response.risk_levels)}."
            )


def add_assessment(session: Session, response_id: int, values: dict[str, Any]) -> Edit:
    values = dict(values)
    values.setdefault("status", "not_started")
    _validate(session, values)
    person = in_response(session, YoungPerson, values["person_id"], response_id, "young person")
    values["response_id"] = response_id
    return Edit(f"Add assessment for {person.reference}", (insert_op("assessment", values),))


def update_assessment(session: Session, assessment_id: int, values: dict[str, Any]) -> Edit:
    a = existing(session, Assessment, assessment_id, "assessment")
    _validate(session, merged_values(a, values))
    person = session.get(YoungPerson, a.person_id)
    verb = (
        "Complete assessment"
        if values.get("status") == "completed" and a.status != "completed"
        else "Edit assessment"
    )
    op = update_op(session, "assessment", assessment_id, values)
    return Edit(f"{verb} for {person.reference if person else '?'}", (op,) if op else ())


def delete_assessments(session: Session, ids: list[int]) -> Edit:
    label = "Delete assessment" if len(ids) == 1 else f"Delete {len(ids)} assessments"
    return delete_edit(session, label, "assessment", ids)

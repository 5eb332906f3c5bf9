"""Per young person: plans, parental contact and cross-boundary agreements (no Qt).

Parents and carers are informed before staff meet a young person in school (procedure,
section 5), or a decision not to inform is recorded with its reason; a school meeting
planned before either gives a warning worded "Consider ...". Young people in another area
need the responsibility for assessing and supporting agreed by Children's Services and by
Police (section 6).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.entities import (
    CrossBoundaryAgreement,
    ParentalContact,
    Plan,
    YoungPerson,
)
from app.models.vocab import PlanStatus, PlanType
from app.services.editing.editor import Edit
from app.services.editing.ops import delete_edit, insert_op, update_op
from app.services.editing.validation import (
    ValidationError,
    existing,
    merged_values,
    require,
)
from app.services.people.references import by_reference, reference_key


def _person(session: Session, person_id: int | None, response_id: int | None = None) -> YoungPerson:
    p = session.get(YoungPerson, person_id) if person_id else None
    if p is None or (response_id is not None and p.response_id != response_id):
        raise ValidationError("That young person is not in this response.")
    return p


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    return {
        k: (v.strip() or None) if isinstance(v, str) else v
        for k, v in values.items()
        if k not in ("id", "response_id")
    }


# ----- plans -------------------------------------------------------------------------------


def _validate_plan(values: dict[str, Any]) -> None:
    require(values.get("type"), "Plan type")
    require(values.get("supporting_agency"), "Supporting agency")
    try:
        PlanType(values["type"])
        PlanStatus(values.get("status") or "active")
    except ValueError as exc:
        raise ValidationError(
            f"Plan type must be one of: {', '.join(PlanType.labels())}; "
            f"status one of: {', '.join(PlanStatus.labels())}."
        ) from exc


def add_plan(session: Session, response_id: int, values: dict[str, Any]) -> Edit:
    values = _clean(values)
    values.setdefault("status", "active")
    p = _person(session, values.get("person_id"), response_id)
    _validate_plan(values)
    label = f"Add {PlanType(values['type']).label.lower()} for {p.reference}"
    return Edit(label, (insert_op("plan", {**values, "response_id": response_id}),))


def update_plan(session: Session, plan_id: int, values: dict[str, Any]) -> Edit:
    plan = existing(session, Plan, plan_id, "plan")
    values = _clean(values)
    _validate_plan(merged_values(plan, values))
    p = _person(session, plan.person_id)
    op = update_op(session, "plan", plan_id, values)
    return Edit(f"Edit plan for {p.reference}", (op,) if op else ())


def delete_plans(session: Session, ids: list[int]) -> Edit:
    label = "Delete plan" if len(ids) == 1 else f"Delete {len(ids)} plans"
    return delete_edit(session, label, "plan", ids)


def plans_of(session: Session, person_id: int) -> list[Plan]:
    return list(session.scalars(select(Plan).where(Plan.person_id == person_id).order_by(Plan.id)))


def has_active_safety_plan(plans: list[Plan]) -> bool:
    """A safety plan in force with an agency named to support the young person."""
    return any(
        p.type == "safety" and p.status == "active" and (p.supporting_agency or "").strip()
        for p in plans
    )


@dataclass(frozen=True)
class PlanRow:
    """One plan as the person panel and the workbook's Plans sheet print it."""

    id: int
    person_id: int
    reference: str
    type: str
    type_label: str
    supporting_agency: str
    lead: str
    review_date: date | None
    status: str
    status_label: str


def plan_rows(session: Session, response_id: int, person_id: int | None = None) -> list[PlanRow]:
    q = (
        select(Plan, YoungPerson.reference)
        .join(YoungPerson, YoungPerson.id == Plan.person_id)
        .where(Plan.response_id == response_id)
    )
    if person_id is not None:
        q = q.where(Plan.person_id == person_id)
    return [
        PlanRow(
            plan.id,
            plan.person_id,
            ref,
            plan.type,
            PlanType(plan.type).label,
            plan.supporting_agency,
            plan.lead or "",
            plan.review_date,
            plan.status,
            PlanStatus(plan.status).label,
        )
        for plan, ref in sorted(
            session.execute(q), key=lambda row: (reference_key(row[1]), row[0].id)
        )
    ]


# ----- parental contact --------------------------------------------------------------------


def _validate_contact(values: dict[str, Any]) -> None:
    if values.get("decided_not_to_inform"):
        require(values.get("reason"), "The reason for the decision not to inform")
        if values.get("informed_date"):
            raise ValidationError(
                "Record either when parents or carers were informed, or a decision not to "
                "inform them, not both."
            )
        return
    when, who = values.get("informed_date"), values.get("informed_by")
    if when is not None and when > date.today():
        raise ValidationError("The date parents or carers were informed cannot be in the future.")
    if when is not None:
        require(who, "Who informed the parents or carers")
    elif who:
        raise ValidationError("Give the date the parents or carers were informed.")


def contact_of(session: Session, person_id: int) -> ParentalContact | None:
    """The young person's parental contact record (the latest, if several were made)."""
    return session.scalars(
        select(ParentalContact)
        .where(ParentalContact.person_id == person_id)
        .order_by(ParentalContact.id.desc())
        .limit(1)
    ).first()


CONTACT_FIELDS = (
    "informed_date",
    "informed_by",
    "decided_not_to_inform",
    "reason",
    "school_meeting_date",
)


def record_parental_contact(session: Session, person_id: int, values: dict[str, Any]) -> Edit:
    """Create or change the young person's parental contact record in one step."""
    p = _person(session, person_id)
    values = _clean({k: v for k, v in values.items() if k in CONTACT_FIELDS})
    current = contact_of(session, person_id)
    merged = {k: getattr(current, k) if current else None for k in CONTACT_FIELDS}
    merged.update(values)
    merged["decided_not_to_inform"] = bool(merged.get("decided_not_to_inform"))
    _validate_contact(merged)
    label = f"Parental contact for {p.reference}"
    if current is None:
        if not any(merged.get(k) for k in CONTACT_FIELDS):
            raise ValidationError(
                "Enter when parents or carers were informed, a decision not to inform them, "
                "or a planned school meeting."
            )
        row = {**merged, "response_id": p.response_id, "person_id": person_id}
        return Edit(label, (insert_op("parental_contact", row),))
    op = update_op(session, "parental_contact", current.id, values)
    return Edit(label, (op,) if op else ())


def is_informed(contact: ParentalContact | None, on: date | None = None) -> bool:
    return (
        contact is not None
        and contact.informed_date is not None
        and (on is None or contact.informed_date <= on)
    )


def contact_in_words(contact: ParentalContact | None) -> str:
    if contact is None:
        return "Nothing recorded yet"
    if contact.decided_not_to_inform:
        return f"Decision not to inform: {contact.reason or ''}".rstrip(": ")
    if contact.informed_date is not None:
        return f"Informed {contact.informed_date:%d/%m/%Y} by {contact.informed_by or '?'}"
    return "Not yet informed"


def parental_warning(contact: ParentalContact | None) -> str | None:
    """A warning when a school meeting is planned before parents or carers are informed
    (and no decision not to inform is recorded)."""
    if contact is None or contact.school_meeting_date is None or contact.decided_not_to_inform:
        return None
    if is_informed(contact, contact.school_meeting_date):
        return None
    return (
        f"A school meeting is planned for {contact.school_meeting_date:%d/%m/%Y} and parents or "
        "carers have not been informed. Consider informing them before the meeting, or "
        "record a decision not to inform and why."
    )


def _in_scope(session: Session, response_id: int) -> list[YoungPerson]:
    return list(
        session.scalars(
            select(YoungPerson).where(
                YoungPerson.response_id == response_id, YoungPerson.inclusion == "in_scope"
            )
        )
    )


def _in_scope_ids(session: Session, response_id: int) -> list[int]:
    return [p.id for p in _in_scope(session, response_id)]


def without_safety_plan(session: Session, response_id: int) -> tuple[list[str], int]:
    """The references of the young people in scope with no active safety plan naming a
    supporting agency, in reference order, and how many are in scope: the closure
    checklist's first item and the overview report's Plans section ask the same question."""
    people = by_reference(_in_scope(session, response_id))
    plans: dict[int, list[Plan]] = {}
    for plan in session.scalars(select(Plan).where(Plan.response_id == response_id)):
        plans.setdefault(plan.person_id, []).append(plan)
    without = [p.reference for p in people if not has_active_safety_plan(plans.get(p.id, []))]
    return without, len(people)


def parents_informed(session: Session, response_id: int) -> tuple[int, int]:
    """(informed, in scope) for the Summary sheet's "Parents informed n/N"."""
    people = _in_scope_ids(session, response_id)
    informed = sum(1 for pid in people if is_informed(contact_of(session, pid)))
    return informed, len(people)


def active_safety_plans(session: Session, response_id: int) -> tuple[int, int]:
    """(with an active safety plan and supporting agency, in scope)."""
    people = _in_scope_ids(session, response_id)
    n = sum(1 for pid in people if has_active_safety_plan(plans_of(session, pid)))
    return n, len(people)


def active_plans_with_agency(session: Session, response_id: int) -> tuple[int, int]:
    """(in scope with any active plan naming a supporting agency, in scope): the Summary
    sheet's "Active plan with a supporting agency n/N"."""
    people = _in_scope_ids(session, response_id)
    with_plan = {
        p.person_id
        for p in session.scalars(select(Plan).where(Plan.response_id == response_id))
        if p.status == "active" and (p.supporting_agency or "").strip()
    }
    return sum(1 for pid in people if pid in with_plan), len(people)


def plan_in_words_by_person(session: Session, response_id: int) -> dict[int, str]:
    """Person id -> "Safety plan (CAMHS); School support plan (School)" for the active
    plans, for the Young people sheet's "plan and supporting agency"."""
    out: dict[int, list[str]] = {}
    for r in plan_rows(session, response_id):
        if r.status == "active":
            out.setdefault(r.person_id, []).append(f"{r.type_label} ({r.supporting_agency})")
    return {pid: "; ".join(v) for pid, v in out.items()}


def informed_dates(session: Session, response_id: int) -> dict[int, date | None]:
    """Person id -> the date parents or carers were informed (None: not informed, or a
    recorded decision not to inform), for the Young people sheet."""
    out: dict[int, date | None] = {}
    for c in session.scalars(
        select(ParentalContact)
        .where(ParentalContact.response_id == response_id)
        .order_by(ParentalContact.id)
    ):
        out[c.person_id] = c.informed_date
    return out


# ----- cross-boundary agreements -----------------------------------------------------------

AGREEMENT_FIELDS = (
    "other_area",
    "who_assesses",
    "who_supports",
    "agreed_by_csc",
    "agreed_by_police",
    "agreed_date",
)


def agreement_of(session: Session, person_id: int) -> CrossBoundaryAgreement | None:
    return session.scalars(
        select(CrossBoundaryAgreement)
        .where(CrossBoundaryAgreement.person_id == person_id)
        .order_by(CrossBoundaryAgreement.id.desc())
        .limit(1)
    ).first()


def record_agreement(session: Session, person_id: int, values: dict[str, Any]) -> Edit:
    """Create or change the young person's cross-boundary agreement."""
    p = _person(session, person_id)
    values = _clean({k: v for k, v in values.items() if k in AGREEMENT_FIELDS})
    current = agreement_of(session, person_id)
    merged = {k: getattr(current, k) if current else None for k in AGREEMENT_FIELDS}
    merged.update(values)
    require(merged.get("other_area"), "The other area")
    agreed = bool(merged.get("agreed_by_csc")) and bool(merged.get("agreed_by_police"))
    if merged.get("agreed_date") is not None and merged["agreed_date"] > date.today():
        raise ValidationError("The date agreed cannot be in the future.")
    if merged.get("agreed_date") is not None and not agreed:
        raise ValidationError(
            "An agreement date needs the agreement of both Children's Services and Police."
        )
    label = f"Cross-boundary agreement for {p.reference}"
    if current is None:
        row = {
            **merged,
            "agreed_by_csc": bool(merged.get("agreed_by_csc")),
            "agreed_by_police": bool(merged.get("agreed_by_police")),
            "response_id": p.response_id,
            "person_id": person_id,
        }
        return Edit(label, (insert_op("cross_boundary_agreement", row),))
    op = update_op(session, "cross_boundary_agreement", current.id, values)
    return Edit(label, (op,) if op else ())


def delete_agreement(session: Session, person_id: int) -> Edit:
    current = agreement_of(session, person_id)
    if current is None:
        raise ValidationError("There is no cross-boundary agreement to remove.")
    return delete_edit(
        session, "Remove cross-boundary agreement", "cross_boundary_agreement", [current.id]
    )


def agreement_in_words(a: CrossBoundaryAgreement | None) -> str:
    if a is None:
        return "No cross-boundary agreement recorded"
    who = []
    if a.agreed_by_csc:
        who.append("Children's Services")
    if a.agreed_by_police:
        who.append("Police")
    missing = [
        x
        for x, ok in (("Children's Services", a.agreed_by_csc), ("Police", a.agreed_by_police))
        if not ok
    ]
    text = f"{a.other_area}: assessed by {a.who_assesses or 'not yet agreed'}, supported by {a.who_supports or 'not yet agreed'}"
    if missing:
        return text + f". Consider agreeing with {' and '.join(missing)}."
    when = f" on {a.agreed_date:%d/%m/%Y}" if a.agreed_date else ""
    return text + f". Agreed by {' and '.join(who)}{when}."

"""Young people: add, change, remove; references; age at referral (no Qt)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.entities import Response, YoungPerson
from app.services.editing.editor import Edit
from app.services.editing.ops import delete_edit, insert_op, update_op
from app.services.editing.rules import check_required
from app.services.editing.validation import ValidationError, age_on, existing, require
from app.services.people.references import by_reference

REFERENCE_PATTERN = re.compile(r"^YP-(\d+)$")


def next_reference(session: Session, response_id: int) -> str:
    refs = session.scalars(
        select(YoungPerson.reference).where(YoungPerson.response_id == response_id)
    ).all()
    numbers = [int(m.group(1)) for r in refs if (m := REFERENCE_PATTERN.match(r or ""))]
    return f"YP-{(max(numbers, default=0) + 1):02d}"


def age_at_referral(
    person_dob: date | None, age_if_unknown: int | None, referral: date
) -> int | None:
    if person_dob is not None:
        return age_on(person_dob, referral)
    return age_if_unknown


def age_warning(values: dict[str, Any], referral: date) -> str | None:
    """A clear warning (not a refusal) when someone is 18 or over at the referral date."""
    age = age_at_referral(values.get("date_of_birth"), values.get("age_if_unknown"), referral)
    if age is not None and age >= 18:
        return (
            f"This young person was {age} at the referral date ({referral:%d/%m/%Y}). "
            "The procedure covers under-18s; consider whether adult services should lead."
        )
    return None


def _validate(
    session: Session, response_id: int, values: dict[str, Any], person_id: int | None
) -> None:
    check_required("young_person", values, partial=person_id is not None)
    dob = values.get("date_of_birth")
    if dob is not None and dob > date.today():
        raise ValidationError("The date of birth cannot be in the future.")
    age = values.get("age_if_unknown")
    if age is not None and not (0 <= int(age) <= 30):
        raise ValidationError("Age must be between 0 and 30.")
    ref = values.get("reference")
    if ref is not None:
        require(ref, "Reference")
        clash = session.scalar(
            select(YoungPerson.id).where(
                YoungPerson.response_id == response_id,
                YoungPerson.reference == ref,
                YoungPerson.id != (person_id or -1),
            )
        )
        if clash is not None:
            raise ValidationError(f"The reference {ref} is already used by another young person.")
    if values.get("inclusion") == "removed" and not (values.get("removed_reason") or "").strip():
        if person_id is None or "removed_reason" in values:
            raise ValidationError("Say why the young person is removed from scope.")


def add_person(session: Session, response_id: int, values: dict[str, Any]) -> Edit:
    values = dict(values)
    values.setdefault("reference", next_reference(session, response_id))
    values.setdefault("date_added", date.today())
    values.setdefault("inclusion", "in_scope")
    _validate(session, response_id, values, None)
    values["response_id"] = response_id
    return Edit(f"Add young person {values['reference']}", (insert_op("young_person", values),))


def update_person(
    session: Session, person_id: int, values: dict[str, Any], label: str | None = None
) -> Edit:
    person = existing(session, YoungPerson, person_id, "young person")
    _validate(session, person.response_id, values, person_id)
    op = update_op(session, "young_person", person_id, values)
    return Edit(label or f"Edit young person {person.reference}", (op,) if op else ())


def move_people(session: Session, positions: dict[int, tuple[float, float]]) -> Edit:
    """One step for a drag of one or several people on the map."""
    ops = []
    for pid, (x, y) in positions.items():
        op = update_op(session, "young_person", pid, {"map_x": float(x), "map_y": float(y)})
        if op:
            ops.append(op)
    if len(positions) == 1:
        ref = session.get(YoungPerson, next(iter(positions))).reference  # type: ignore[union-attr]
        label = f"Move {ref}"
    else:
        label = f"Move {len(positions)} young people"
    return Edit(label, tuple(ops))


def delete_people(session: Session, person_ids: list[int]) -> Edit:
    refs = [
        p.reference
        for p in by_reference(
            session.scalars(select(YoungPerson).where(YoungPerson.id.in_(person_ids)))
        )
    ]
    if not refs:
        raise ValidationError("Nothing selected to delete.")
    label = (
        f"Delete young person {refs[0]}" if len(refs) == 1 else f"Delete {len(refs)} young people"
    )
    return delete_edit(session, label, "young_person", list(person_ids))


def response_of(session: Session, response_id: int) -> Response:
    response = session.get(Response, response_id)
    if response is None:
        raise ValidationError("The response no longer exists.")
    return response

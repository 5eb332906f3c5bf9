"""Concerns about young people: add, change, remove, and what was known when (no Qt).

A concern carries a coarse category only. Circles never asks for or stores a self-harm
method: there is no such field, and the form's notes carry a reminder (METHOD_REMINDER).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.entities import Concern, Setting, YoungPerson
from app.models.vocab import ConcernCategory, ConcernSource, DatePrecision, MedicalAttention
from app.services.editing.editor import Edit
from app.services.editing.ops import delete_edit, insert_op, update_op
from app.services.editing.rules import check_required
from app.services.editing.validation import ValidationError, existing, in_response, require

METHOD_REMINDER = "Do not describe methods."

# Every column a user edits, in the order of the form and the Concerns table.
FIELDS: tuple[str, ...] = (
    "person_id",
    "date",
    "date_precision",
    "date_known",
    "reporting_agency",
    "source",
    "setting_id",
    "category",
    "medical_attention",
    "others_present",
    "content_shared",
    "group_reference",
    "evidence_location",
    "notes",
)
CONTAGION_LABELS: dict[str, str] = {
    "others_present": "Others present",
    "content_shared": "Content shared",
    "group_reference": "Reference to a group or challenge",
}


def contagion_text(concern: Any) -> str:
    """'Others present; content shared' (or ''), for a Concern or a plain row of its flags."""
    return "; ".join(label for key, label in CONTAGION_LABELS.items() if getattr(concern, key))


def _check_code(values: dict[str, Any], key: str, enum: type, label: str) -> None:
    value = values.get(key)
    if value in (None, ""):
        return
    try:
        enum(value)
    except ValueError:
        raise ValidationError(
            f"{label} '{value}' is not one of: {', '.join(enum.labels())}."
        ) from None


def _validate(session: Session, response_id: int, values: dict[str, Any]) -> None:
    check_required("concern", values)
    require(values.get("date_known"), "Date known")  # the form's; an import defaults it
    _check_code(values, "category", ConcernCategory, "Category")
    _check_code(values, "date_precision", DatePrecision, "Date precision")
    _check_code(values, "source", ConcernSource, "Source")
    _check_code(values, "medical_attention", MedicalAttention, "Medical attention")
    today = date.today()
    if values["date"] > today:
        raise ValidationError("The date of the concern cannot be in the future.")
    if values["date_known"] > today:
        raise ValidationError("The date known cannot be in the future.")
    if values["date_known"] < values["date"]:
        raise ValidationError("The date known cannot be before the date of the concern.")
    in_response(session, YoungPerson, values["person_id"], response_id, "young person")
    if values.get("setting_id") is not None:
        in_response(session, Setting, values["setting_id"], response_id, "setting")


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in values.items() if k in FIELDS}
    for key in ("reporting_agency", "evidence_location", "notes"):
        if isinstance(out.get(key), str):
            out[key] = out[key].strip() or (None if key != "reporting_agency" else "")
    for key in ("source", "setting_id", "medical_attention"):
        if out.get(key) == "":
            out[key] = None
    return out


def add_concern(session: Session, response_id: int, values: dict[str, Any]) -> Edit:
    values = _clean(values)
    values.setdefault("date_precision", DatePrecision.DAY.value)
    if values.get("date") is not None:
        values.setdefault("date_known", values["date"])
    _validate(session, response_id, values)
    person = session.get(YoungPerson, values["person_id"])
    assert person is not None
    values["response_id"] = response_id
    return Edit(
        f"Add concern for {person.reference} ({values['date']:%d/%m/%Y})",
        (insert_op("concern", values),),
    )


def update_concern(session: Session, concern_id: int, values: dict[str, Any]) -> Edit:
    concern = existing(session, Concern, concern_id, "concern")
    values = _clean(values)
    merged = {k: getattr(concern, k) for k in FIELDS}
    merged.update(values)
    _validate(session, concern.response_id, merged)
    person = session.get(YoungPerson, merged["person_id"])
    op = update_op(session, "concern", concern_id, values)
    label = f"Edit concern for {person.reference if person else '?'}"
    return Edit(label, (op,) if op else ())


def delete_concerns(session: Session, ids: list[int]) -> Edit:
    if not ids:
        raise ValidationError("Nothing selected to delete.")
    label = "Delete concern" if len(ids) == 1 else f"Delete {len(ids)} concerns"
    return delete_edit(session, label, "concern", list(ids))


def concerns_of(
    session: Session, response_id: int, *, person_id: int | None = None
) -> list[Concern]:
    """Concerns of the response (or of one young person), oldest first."""
    q = select(Concern).where(Concern.response_id == response_id)
    if person_id is not None:
        q = q.where(Concern.person_id == person_id)
    return list(session.scalars(q.order_by(Concern.date, Concern.id)))


def known_by(concern: Concern, as_of: date | None) -> bool:
    """Whether the concern was known on `as_of` (None: everything known now)."""
    return as_of is None or (concern.date_known <= as_of and concern.date <= as_of)

"""Add a young person and connect them in one step (no Qt).

The person form can name people the new young person is connected to, and a setting
that does not exist yet. The setting, the person and the connections are one Edit, so
one undo removes them all. The new rows' ids are chosen here (the next free id, inside
the caller's transaction) because the connections must point at the person before it
is written; undo and redo then restore those same ids.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.entities import Connection, Setting, YoungPerson
from app.models.vocab import Confidence, ConnectionKind, Mode
from app.services.editing.editor import Edit, RowOp
from app.services.editing.ops import insert_op
from app.services.editing.rules import check_required
from app.services.editing.validation import ValidationError
from app.services.people.places import find_setting
from app.services.people.setting_kinds import guess_setting_kind
from app.services.people.young_people import add_person, update_person

# What a quick connection starts as; the form shows these and they can be changed.
LINK_DEFAULTS: dict[str, Any] = {
    "mode": Mode.REAL_LIFE.value,
    "kind": ConnectionKind.FRIEND.value,
    "confidence": Confidence.REPORTED.value,
}


def last_reported_by(session: Session, response_id: int) -> str | None:
    """The agency that reported the connection recorded last in this response, so the
    next one starts with it (in a meeting one agency often reports several in a row)."""
    return session.scalar(
        select(Connection.source_agency)
        .where(Connection.response_id == response_id, Connection.source_agency != "")
        .order_by(Connection.id.desc())
        .limit(1)
    )


def _next_id(session: Session, model: Any) -> int:
    return (session.scalar(select(func.max(model.id))) or 0) + 1


def setting_named(session: Session, response_id: int, name: str) -> tuple[int, RowOp | None]:
    """The id of the setting called `name` (any case) and, when there is none yet, the
    op that adds it, its kind guessed from the name ("... Academy" is a school)."""
    name = name.strip()
    existing = find_setting(session, response_id, name)
    if existing is not None:
        return existing.id, None
    setting_id = _next_id(session, Setting)
    values = {"name": name, "kind": guess_setting_kind(name), "response_id": response_id}
    return setting_id, insert_op("setting", {"id": setting_id, **values})


def edit_person_setting(
    session: Session, person_id: int, values: dict[str, Any], new_setting: str | None
) -> Edit:
    """Change a young person, moving them to a setting typed in as new: one step."""
    values = dict(values)
    ops: list[RowOp] = []
    if (new_setting or "").strip():
        person = session.get(YoungPerson, person_id)
        if person is None:
            raise ValidationError("That young person no longer exists.")
        values["setting_id"], op = setting_named(session, person.response_id, new_setting or "")
        ops.extend([op] if op else [])
    edit = update_person(session, person_id, values)
    return Edit(edit.label, (*ops, *edit.ops))


def add_person_connected(
    session: Session,
    response_id: int,
    person: dict[str, Any],
    connect_to: Sequence[int] = (),
    link: dict[str, Any] | None = None,
    new_setting: str | None = None,
) -> Edit:
    """One Edit: a new setting called `new_setting` (when given and not already there,
    becoming the person's setting), the person, and one connection to each of
    `connect_to` with the fields in `link` (mode, kind, source_agency, confidence)."""
    person = dict(person)
    ops: list[RowOp] = []
    if (new_setting or "").strip():
        person["setting_id"], op = setting_named(session, response_id, new_setting or "")
        ops.extend([op] if op else [])
    elif (
        person.get("setting_id") is not None and session.get(Setting, person["setting_id"]) is None
    ):
        raise ValidationError("That setting no longer exists.")
    base = add_person(session, response_id, person)
    person_id = _next_id(session, YoungPerson)
    (person_op,) = base.ops
    ops.append(RowOp("insert", "young_person", person_id, None, person_op.after))
    refs = []
    seen: set[int] = set()
    for other in connect_to:
        if other in seen:
            continue
        seen.add(other)
        found = session.get(YoungPerson, other)
        if found is None or found.response_id != response_id:
            raise ValidationError("That young person is not in this response.")
        values = {
            **LINK_DEFAULTS,
            **(link or {}),
            "person_a_id": person_id,
            "person_b_id": other,
            "status": "active",
            "response_id": response_id,
        }
        values["source_agency"] = (values.get("source_agency") or "").strip() or None
        values.setdefault("date_identified", date.today())
        if values["source_agency"] is None:
            raise ValidationError("Say which agency reported the connection (Reported by).")
        check_required("connection", values)
        if values["date_identified"] > date.today():
            raise ValidationError("The date identified cannot be in the future.")
        ops.append(insert_op("connection", values))
        refs.append(found.reference)
    label = base.label + (f" connected to {', '.join(refs)}" if refs else "")
    return Edit(label, tuple(ops))

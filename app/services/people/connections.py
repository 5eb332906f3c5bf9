"""Connections between young people: add, change, disprove, remove (no Qt).

A connection is a report ("reported by <agency>, <confidence>"), never a fact.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from app.models.entities import Connection, YoungPerson
from app.models.vocab import Confidence, ConnectionKind, Mode
from app.services.editing.editor import Edit
from app.services.editing.ops import delete_edit, insert_op, update_op
from app.services.editing.rules import check_required
from app.services.editing.validation import ValidationError, existing, in_response


def describe(conn: Connection, agency_first: bool = False) -> str:
    """'Friend, real life: reported by School, confirmed'."""
    kind = ConnectionKind(conn.kind).label
    mode = Mode(conn.mode).label.lower()
    conf = Confidence(conn.confidence).label.lower()
    return f"{kind}, {mode}: reported by {conn.source_agency}, {conf}"


def _validate(
    session: Session, response_id: int, values: dict[str, Any], conn_id: int | None
) -> None:
    check_required("connection", values)
    a, b = values["person_a_id"], values.get("person_b_id")
    if b is None and values.get("setting_id") is None:
        raise ValidationError("Choose the second young person (or the setting) to connect to.")
    if a == b:
        raise ValidationError("A young person cannot be connected to themselves.")
    for pid in (a, b):
        if pid is not None:
            in_response(session, YoungPerson, pid, response_id, "young person")
    if values["date_identified"] > date.today():
        raise ValidationError("The date identified cannot be in the future.")
    if b is not None:
        pair = or_(
            and_(Connection.person_a_id == a, Connection.person_b_id == b),
            and_(Connection.person_a_id == b, Connection.person_b_id == a),
        )
        clash = session.scalar(
            select(Connection.id).where(
                pair,
                Connection.kind == values["kind"],
                Connection.status == "active",
                Connection.id != (conn_id or -1),
            )
        )
        if clash is not None:
            kind = ConnectionKind(values["kind"]).label.lower()
            raise ValidationError(
                f"These two young people already have a '{kind}' connection recorded."
            )


def _refs(session: Session, values: dict[str, Any]) -> str:
    a = session.get(YoungPerson, values["person_a_id"])
    b = session.get(YoungPerson, values["person_b_id"]) if values.get("person_b_id") else None
    return f"{a.reference if a else '?'}–{b.reference if b else 'setting'}"


def add_connection(session: Session, response_id: int, values: dict[str, Any]) -> Edit:
    values = dict(values)
    values.setdefault("status", "active")
    values.setdefault("date_identified", date.today())
    _validate(session, response_id, values, None)
    values["response_id"] = response_id
    return Edit(f"Add connection {_refs(session, values)}", (insert_op("connection", values),))


def update_connection(session: Session, conn_id: int, values: dict[str, Any]) -> Edit:
    conn = existing(session, Connection, conn_id, "connection")
    merged = {
        c: getattr(conn, c)
        for c in (
            "person_a_id",
            "person_b_id",
            "mode",
            "kind",
            "source_agency",
            "confidence",
            "date_identified",
            "setting_id",
        )
    }
    merged.update(values)
    _validate(session, conn.response_id, merged, conn_id)
    op = update_op(session, "connection", conn_id, values)
    return Edit(f"Edit connection {_refs(session, merged)}", (op,) if op else ())


def delete_connections(session: Session, ids: list[int]) -> Edit:
    label = "Delete connection" if len(ids) == 1 else f"Delete {len(ids)} connections"
    return delete_edit(session, label, "connection", ids)


def disproved_connections(session: Session, response_id: int) -> list[tuple[int, str]]:
    """(id, "YP-03–YP-07: Friend, real life: reported by School, confirmed") for every
    disproved connection of the response: what "Restore connection..." offers."""
    rows = session.scalars(
        select(Connection)
        .where(Connection.response_id == response_id, Connection.status == "disproved")
        .order_by(Connection.id)
    ).all()
    return [
        (c.id, f"{_refs(session, {'person_a_id': c.person_a_id, 'person_b_id': c.person_b_id})}"
         f": {describe(c)}")
        for c in rows
    ]  # fmt: skip


def restore_connection(session: Session, conn_id: int) -> Edit:
    """A disproved connection back on the map (one undo step)."""
    conn = existing(session, Connection, conn_id, "connection")
    if conn.status != "disproved":
        raise ValidationError("That connection is not disproved.")
    edit = update_connection(session, conn_id, {"status": "active"})
    refs = _refs(session, {"person_a_id": conn.person_a_id, "person_b_id": conn.person_b_id})
    return Edit(f"Restore connection {refs}", edit.ops)

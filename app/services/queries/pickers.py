"""The choices that pickers and choice columns offer (no Qt)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.entities import YoungPerson


def reference_choices(session: Session, response_id: int) -> list[tuple[int, str]]:
    """(id, reference) of every young person of the response, by reference."""
    rows = session.execute(
        select(YoungPerson.id, YoungPerson.reference)
        .where(YoungPerson.response_id == response_id)
        .order_by(YoungPerson.reference)
    ).all()
    return [(pid, ref) for pid, ref in rows]

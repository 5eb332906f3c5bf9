"""What the Meetings tab reads besides its list (app/services/meetings/lists.py): the
selected meeting's recorded values and the chair a new meeting is offered (no Qt)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app.models.entities import Meeting, Response


def meeting_values(session: Session, meeting_id: int) -> dict[str, Any] | None:
    """Every recorded field of a meeting by column name, or None when it no longer exists
    (deleted, or undone)."""
    m = session.get(Meeting, meeting_id)
    if m is None:
        return None
    return {c.name: getattr(m, c.name) for c in Meeting.__table__.columns}


def response_chair(session: Session, response_id: int) -> str | None:
    """The chair recorded for the response: what a new meeting's chair starts as."""
    r = session.get(Response, response_id)
    return r.chair if r else None

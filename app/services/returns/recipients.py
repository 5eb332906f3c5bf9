"""Which agencies may receive young people's names and dates of birth in returns (no Qt).

A per-response setting (`Response.return_names_agencies`, one agency per line). Until it is
set, the default is *the agencies at the meetings*: every agency recorded in a meeting's
attendance as attended or as having sent a deputy, over all the response's meetings. They
are the partners already sharing the full map at the table; an agency that only sent
apologies, or was never at a meeting, gets references (and setting and year group) only.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.entities import Attendance, Meeting, Response
from app.services.editing.editor import Edit
from app.services.editing.ops import update_op

AT_THE_MEETING = ("attended", "deputy")


def agencies_at_meetings(session: Session, response_id: int) -> list[str]:
    """Agencies that attended (or sent a deputy to) any of the response's meetings."""
    rows = session.scalars(
        select(Attendance.agency)
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(Meeting.response_id == response_id, Attendance.status.in_(AT_THE_MEETING))
    ).all()
    return sorted({a.strip() for a in rows if a and a.strip()}, key=str.casefold)


def _parse(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def is_default(session: Session, response_id: int) -> bool:
    response = session.get(Response, response_id)
    return response is None or response.return_names_agencies is None


def name_agencies(session: Session, response_id: int) -> list[str]:
    """The agencies that may receive names and dates of birth in this response's returns."""
    response = session.get(Response, response_id)
    if response is None:
        return []
    if response.return_names_agencies is None:
        return agencies_at_meetings(session, response_id)
    return _parse(response.return_names_agencies)


def may_receive_names(session: Session, response_id: int, agency: str) -> bool:
    wanted = agency.strip().casefold()
    return any(a.casefold() == wanted for a in name_agencies(session, response_id))


def set_name_agencies(session: Session, response_id: int, agencies: list[str] | None) -> Edit:
    """Set the list (None: back to the default, the agencies at the meetings)."""
    value = None if agencies is None else "\n".join(a.strip() for a in agencies if a.strip())
    op = update_op(session, "response", response_id, {"return_names_agencies": value})
    return Edit("Change agencies that may receive names in returns", (op,) if op else ())

"""What the Timeline tab plots, read in one go (no Qt).

Concerns known by the "as at" day and assessments completed by then, one row per setting
or per young person (removed young people are left out); the review date and the meetings
held by then as dated lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.entities import Assessment, Meeting, Setting, YoungPerson
from app.models.vocab import ConcernCategory, MeetingType
from app.services.people.concerns import concerns_of, known_by
from app.services.people.references import reference_key
from app.services.people.young_people import response_of

NO_SETTING = "No setting recorded"
REVIEW_DATE = "Review date"


@dataclass(frozen=True)
class Spot:
    """One mark on the timeline: a concern, or a completed assessment."""

    kind: str  # "concern" or "assessment"
    day: date
    row: str
    person_id: int
    reference: str
    detail: str  # category label, or the assessing agency
    risk: str = ""  # the recorded risk of a completed assessment

    @property
    def tip(self) -> str:
        what = (
            self.detail
            if self.kind == "concern"
            else f"Assessment completed ({self.detail})"
            + (f", recorded risk {self.risk}" if self.risk else "")
        )
        return f"{self.reference} · {what} · {self.day:%d/%m/%Y}"


@dataclass(frozen=True)
class TimelineData:
    rows: list[str] = field(default_factory=list)  # top row first
    spots: list[Spot] = field(default_factory=list)
    lines: dict[str, date] = field(default_factory=dict)  # label -> day ("Review date" first)
    risk_levels: list[str] = field(default_factory=list)  # the response's scale, highest first


def _label(enum: type, code: str) -> str:
    try:
        return enum(code).label
    except ValueError:  # a code this version does not know: shown as stored
        return code


def timeline(
    session: Session, response_id: int, as_of: date | None = None, *, by_setting: bool = True
) -> TimelineData:
    """The marks, rows and lines of the Timeline tab as of `as_of` (None: everything)."""
    response = response_of(session, response_id)
    people = {
        p.id: p
        for p in session.scalars(
            select(YoungPerson).where(
                YoungPerson.response_id == response_id, YoungPerson.inclusion != "removed"
            )
        )
    }
    settings = {
        x.id: x.name
        for x in session.scalars(select(Setting).where(Setting.response_id == response_id))
    }

    def row_of(person_id: int, setting_id: int | None) -> str:
        if not by_setting:
            return people[person_id].reference
        sid = setting_id or people[person_id].setting_id
        return settings.get(sid, NO_SETTING) if sid else NO_SETTING

    spots: list[Spot] = []
    for c in concerns_of(session, response_id):
        if c.person_id not in people or not known_by(c, as_of):
            continue
        spots.append(
            Spot(
                "concern",
                c.date,
                row_of(c.person_id, c.setting_id),
                c.person_id,
                people[c.person_id].reference,
                _label(ConcernCategory, c.category),
            )
        )
    for a in session.scalars(
        select(Assessment).where(
            Assessment.response_id == response_id, Assessment.status == "completed"
        )
    ):
        if a.person_id not in people or a.completed_date is None:
            continue
        if as_of is not None and a.completed_date > as_of:
            continue
        spots.append(
            Spot(
                "assessment",
                a.completed_date,
                row_of(a.person_id, None),
                a.person_id,
                people[a.person_id].reference,
                a.agency,
                a.risk or "",
            )
        )
    lines = {REVIEW_DATE: response.review_date}
    for m in session.scalars(select(Meeting).where(Meeting.response_id == response_id)):
        if as_of is not None and m.date > as_of:
            continue
        lines[f"{_label(MeetingType, m.type)} meeting {m.date:%d/%m}"] = m.date
    if by_setting:
        rows = sorted({sp.row for sp in spots}, key=lambda r: (r == NO_SETTING, r.casefold()))
    else:
        rows = sorted({sp.row for sp in spots}, key=reference_key)
    return TimelineData(rows, spots, lines, list(response.risk_levels))

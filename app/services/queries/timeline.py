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

from app.models.entities import Assessment, Concern, Meeting, Setting, YoungPerson
from app.models.vocab import ConcernCategory, MeetingType
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
    # Plain columns, not ORM objects: at 2,000 young people the Timeline's first visit
    # built some 3,500 instances only to read five fields of each (issue 14).
    people: dict[int, tuple[str, int | None]] = {
        pid: (ref, sid)
        for pid, ref, sid in session.execute(
            select(YoungPerson.id, YoungPerson.reference, YoungPerson.setting_id).where(
                YoungPerson.response_id == response_id, YoungPerson.inclusion != "removed"
            )
        )
    }
    settings: dict[int, str] = {
        sid: name
        for sid, name in session.execute(
            select(Setting.id, Setting.name).where(Setting.response_id == response_id)
        )
    }

    def row_of(person_id: int, setting_id: int | None) -> str:
        if not by_setting:
            return people[person_id][0]
        sid = setting_id or people[person_id][1]
        return settings.get(sid, NO_SETTING) if sid else NO_SETTING

    categories: dict[str, str] = {}  # code -> label, looked up once per category
    spots: list[Spot] = []
    concerns = select(
        Concern.person_id, Concern.date, Concern.date_known, Concern.setting_id, Concern.category
    ).where(Concern.response_id == response_id)
    # Oldest first, as concerns_of gives them; "known by" as in known_by.
    for pid, day, day_known, setting_id, category in session.execute(
        concerns.order_by(Concern.date, Concern.id)
    ):
        if pid not in people:
            continue
        if as_of is not None and not (day_known <= as_of and day <= as_of):
            continue
        label = categories.get(category)
        if label is None:
            label = categories[category] = _label(ConcernCategory, category)
        spots.append(Spot("concern", day, row_of(pid, setting_id), pid, people[pid][0], label))
    for pid, day, agency, risk in session.execute(
        select(Assessment.person_id, Assessment.completed_date, Assessment.agency, Assessment.risk)
        .where(Assessment.response_id == response_id, Assessment.status == "completed")
        .order_by(Assessment.id)
    ):
        if pid not in people or day is None:
            continue
        if as_of is not None and day > as_of:
            continue
        spots.append(
            Spot("assessment", day, row_of(pid, None), pid, people[pid][0], agency, risk or "")
        )
    lines = {REVIEW_DATE: response.review_date}
    for kind, day in session.execute(
        select(Meeting.type, Meeting.date)
        .where(Meeting.response_id == response_id)
        .order_by(Meeting.id)
    ):
        if as_of is not None and day > as_of:
            continue
        lines[f"{_label(MeetingType, kind)} meeting {day:%d/%m}"] = day
    if by_setting:
        rows = sorted({sp.row for sp in spots}, key=lambda r: (r == NO_SETTING, r.casefold()))
    else:
        rows = sorted({sp.row for sp in spots}, key=reference_key)
    return TimelineData(rows, spots, lines, list(response.risk_levels))

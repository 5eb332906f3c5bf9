"""Assessment coverage: has every in-scope young person been assessed by the review date?

The one implementation behind the chair's screen, the `coverage` command, the workbook's
Summary sheet and the map's coverage rings, so every figure agrees everywhere.

State of an in-scope young person as of day T, for review date R (first match wins):
1. assessed_on_time   an assessment completed on or before both T and R (a later
                      reassessment does not undo this)
2. assessed_late      assessments completed on or before T, all of them after R
3. booked_on_time     R not yet passed (T <= R) and an assessment booked for a date on or before R
4. not_required       an assessment marked not required (with a reason)
5. declined_or_unable an assessment declined, or the young person could not be contacted
6. overdue            R has passed (T > R) and the young person is not assessed
7. at_risk            not booked, or booked only for after R (on screen: "Not booked
                      in time"; never "at risk", which would read as risk of harm)
Completed dates later than T are not yet known at T. Declined, unable to contact and not
required carry no date, so they count at any T.
People under consideration or removed are counted separately and never in the figures.
percent_assessed = (on time + late) / (in scope - not required), one decimal.
People are listed in natural reference order (YP-2 before YP-10), never by risk.
The cumulative chart counts, day by day, the in-scope people whose first completed
assessment is on or before that day (and on or before T): the day each became assessed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.entities import Assessment, Response, Setting, YoungPerson
from app.services.people.assessments import latest_completed
from app.services.people.references import reference_key

STATES: tuple[str, ...] = (
    "assessed_on_time",
    "assessed_late",
    "booked_on_time",
    "at_risk",
    "overdue",
    "declined_or_unable",
    "not_required",
)
STATE_LABELS: dict[str, str] = {
    "assessed_on_time": "Assessed on time",
    "assessed_late": "Assessed late",
    "booked_on_time": "Booked on time",
    "at_risk": "Not booked in time (not booked, or booked after the review date)",
    "overdue": "Overdue (review date passed, not assessed)",
    "declined_or_unable": "Declined or unable to contact",
    "not_required": "Not required",
}
ASSESSED = ("assessed_on_time", "assessed_late")
# Not assessed yet, in the order the chair works through them (never ordered by risk).
NOT_ASSESSED = ("overdue", "at_risk", "declined_or_unable", "booked_on_time")
GAPS = ("overdue", "at_risk")
IN_AREA, OUT_OF_AREA, AREA_NOT_RECORDED = "In area", "Out of area", "Home area not recorded"
NO_SETTING, NO_AGENCY = "No setting recorded", "No agency assigned"


@dataclass(frozen=True)
class PersonCoverage:
    person_id: int
    reference: str
    state: str
    setting: str
    agency: str  # the assessing agency that decides the state, else the lead agency
    area: str  # In area / Out of area / Home area not recorded
    lead_agency: str | None
    lead_professional: str | None
    deciding_date: date | None  # completed or booked date behind the state
    risk: str | None  # recorded risk of the latest completed assessment (as of T)
    first_assessed: date | None = None  # earliest completed date on or before T
    assessment_id: int | None = None  # the assessment behind the state, if any


@dataclass
class Breakdown:
    count: int = 0
    assessed: int = 0
    outstanding: int = 0


@dataclass
class Coverage:
    as_of: date
    review_date: date
    people: list[PersonCoverage]
    under_consideration: int
    removed: int
    counts: dict[str, int] = field(default_factory=dict)
    by_setting: dict[str, Breakdown] = field(default_factory=dict)
    by_agency: dict[str, Breakdown] = field(default_factory=dict)
    by_area: dict[str, Breakdown] = field(default_factory=dict)

    @property
    def in_scope(self) -> int:
        return len(self.people)

    @property
    def assessed(self) -> int:
        return sum(self.counts[s] for s in ASSESSED)

    @property
    def percent_assessed(self) -> float:
        need = self.in_scope - self.counts["not_required"]
        return round(100.0 * self.assessed / need, 1) if need > 0 else 0.0

    @property
    def days_left(self) -> int:
        return (self.review_date - self.as_of).days

    @property
    def needing_assessment(self) -> int:
        """The denominator of percent_assessed: in scope and not marked not required."""
        return self.in_scope - self.counts["not_required"]

    def cumulative(self) -> list[tuple[date, int]]:
        """(day, people assessed by the end of that day) at each day someone became assessed."""
        days = sorted(p.first_assessed for p in self.people if p.first_assessed is not None)
        steps: list[tuple[date, int]] = []
        for n, day in enumerate(days, start=1):
            if steps and steps[-1][0] == day:
                steps[-1] = (day, n)
            else:
                steps.append((day, n))
        return steps

    def projected(self) -> list[tuple[date, int]]:
        """If every on-time booking is kept: (day, people assessed) from T to the bookings.

        Starts at (T, assessed now); a booking dated before T (not yet recorded as done)
        counts at T. Empty when nobody is booked on time.
        """
        booked = sorted(
            max(p.deciding_date, self.as_of)
            for p in self.people
            if p.state == "booked_on_time" and p.deciding_date is not None
        )
        if not booked:
            return []
        steps = [(self.as_of, self.assessed)]
        for n, day in enumerate(booked, start=self.assessed + 1):
            if steps[-1][0] == day:
                steps[-1] = (day, n)
            else:
                steps.append((day, n))
        return steps

    def references(self, state: str) -> list[str]:
        return [p.reference for p in self.people if p.state == state]

    def to_json(self) -> dict:
        """The `coverage --json` object. Keys are a stable interface: add, never rename."""
        return {
            "as_of": self.as_of.isoformat(),
            "review_date": self.review_date.isoformat(),
            "in_scope": self.in_scope,
            **{s: self.counts[s] for s in STATES},
            "percent_assessed": self.percent_assessed,
            "days_left": self.days_left,
            "under_consideration": self.under_consideration,
            "removed": self.removed,
            "by_setting": {k: asdict(v) for k, v in self.by_setting.items()},
            "by_agency": {k: asdict(v) for k, v in self.by_agency.items()},
            "by_area": {k: asdict(v) for k, v in self.by_area.items()},
            "people": {s: self.references(s) for s in STATES},
        }


def person_state(
    assessments: Iterable[Assessment], review: date, as_of: date
) -> tuple[str, Assessment | None]:
    """The coverage state of one in-scope person and the assessment that decides it."""
    items = list(assessments)
    # Assessed by the review date is what the chair asks, so one completion on or before R
    # makes the person "on time" even if a later reassessment followed; the risk shown is
    # still that of the latest completed assessment (PersonCoverage.risk).
    on_time_done = latest_completed(items, min(as_of, review))
    if on_time_done is not None:
        return "assessed_on_time", on_time_done
    done = latest_completed(items, as_of)
    if done is not None:
        return "assessed_late", done
    # A completion after T was, at T, a booking (if it had a booked date).
    open_items = [a for a in items if a.status in ("booked", "not_started", "completed")]
    bookings = [a for a in open_items if a.booked_date is not None]
    not_required = [a for a in items if a.status == "not_required"]
    declined = [a for a in items if a.status in ("declined", "unable_to_contact")]
    on_time = sorted(
        (a for a in bookings if a.booked_date <= review), key=lambda a: (a.booked_date, a.id or 0)
    )
    if on_time and as_of <= review:
        return "booked_on_time", on_time[0]
    if not_required:
        return "not_required", not_required[-1]
    if declined:
        return "declined_or_unable", declined[-1]
    if as_of > review:
        return "overdue", (bookings[-1] if bookings else None)
    late = sorted(bookings, key=lambda a: (a.booked_date, a.id or 0))
    return "at_risk", (late[0] if late else None)


def area_of(home_area: str | None, lead_area: str) -> str:
    if not home_area or not home_area.strip():
        return AREA_NOT_RECORDED
    return IN_AREA if home_area.strip().casefold() == lead_area.strip().casefold() else OUT_OF_AREA


def compute(
    response: Response,
    people: Iterable[YoungPerson],
    assessments: Iterable[Assessment],
    settings: dict[int, str],
    as_of: date,
    memo: dict | None = None,
) -> Coverage:
    """The figures. `memo`: each person's figures from the previous call over plain rows
    (the Store's, kept between edits), reused for the people an edit left unchanged."""
    kept: dict = {}
    by_person: dict[int, list[Assessment]] = defaultdict(list)
    for a in assessments:
        by_person[a.person_id].append(a)
    rows: list[PersonCoverage] = []
    under, removed = 0, 0
    for p in sorted(people, key=lambda p: reference_key(p.reference)):
        if p.inclusion == "under_consideration":
            under += 1
            continue
        if p.inclusion == "removed":
            removed += 1
            continue
        items = by_person.get(p.id, [])
        if memo is None:
            rows.append(_person_row(p, items, response, settings, as_of))
            continue
        # Plain rows compare and hash by value: a person whose row, assessments, review
        # date and day are unchanged gets the very same (frozen) figures as last time.
        key = (
            p,
            tuple(items),
            response.review_date,
            response.lead_area,
            as_of,
            settings.get(p.setting_id),
        )
        row = memo.get(key)
        if row is None:
            row = _person_row(p, items, response, settings, as_of)
        kept[key] = row
        rows.append(row)
    if memo is not None:
        memo.clear()  # only this version's people: the memo never grows past the response
        memo.update(kept)
    cov = Coverage(
        as_of=as_of,
        review_date=response.review_date,
        people=rows,
        under_consideration=under,
        removed=removed,
        counts={s: 0 for s in STATES},
    )
    for r in rows:
        cov.counts[r.state] += 1
        for key, table in (
            (r.setting, cov.by_setting),
            (r.agency, cov.by_agency),
            (r.area, cov.by_area),
        ):
            b = table.setdefault(key, Breakdown())
            b.count += 1
            if r.state in ASSESSED:
                b.assessed += 1
            elif r.state != "not_required":
                b.outstanding += 1
    cov.by_setting = dict(sorted(cov.by_setting.items()))
    cov.by_agency = dict(sorted(cov.by_agency.items()))
    cov.by_area = dict(sorted(cov.by_area.items()))
    return cov


def _person_row(
    p: Any, items: list, response: Response, settings: dict[int, str], as_of: date
) -> PersonCoverage:
    state, deciding = person_state(items, response.review_date, as_of)
    latest = latest_completed(items, as_of)
    completed = [
        a.completed_date
        for a in items
        if a.status == "completed" and a.completed_date is not None and a.completed_date <= as_of
    ]
    agency = (deciding.agency if deciding is not None else None) or p.lead_agency or NO_AGENCY
    when = None
    if deciding is not None:
        when = deciding.completed_date if state in ASSESSED else deciding.booked_date
    return PersonCoverage(
        person_id=p.id,
        reference=p.reference,
        state=state,
        setting=settings.get(p.setting_id, NO_SETTING) if p.setting_id else NO_SETTING,
        agency=agency,
        area=area_of(p.home_area, response.lead_area),
        lead_agency=p.lead_agency,
        lead_professional=p.lead_professional,
        deciding_date=when,
        risk=latest.risk if latest else None,
        first_assessed=min(completed) if completed else None,
        assessment_id=deciding.id if deciding is not None else None,
    )


def coverage_for(
    session: Session,
    response_id: int,
    as_of: date | None = None,
    rows: RowSource | None = None,
    memo: dict | None = None,
) -> Coverage:
    """Coverage of the response as of a day (default today), read in one session.
    `rows`: where plain rows kept between edits come from (the Store's; else read all)."""
    response = session.get(Response, response_id)
    if response is None:
        raise LookupError("The response no longer exists.")
    # Plain column rows (read-only, attribute access like the entities), not ORM objects:
    # at 2,000 young people building 4,400 tracked objects was most of the time an edit
    # took to refresh the map. compute() reads only attributes, so the figures are the same.
    people = _rows(session, YoungPerson, response_id, rows)
    assessments = _rows(session, Assessment, response_id, rows)
    settings = dict(
        session.execute(
            select(Setting.id, Setting.name).where(Setting.response_id == response_id)
        ).all()
    )
    return compute(response, people, assessments, settings, as_of or date.today(), memo)


def _rows(session: Session, entity: type, response_id: int, source: RowSource | None) -> list:
    table = entity.__table__  # type: ignore[attr-defined]
    if source is not None:
        return source.rows(session, table, response_id)
    query = select(table).where(table.c.response_id == response_id).order_by(table.c.id)
    return list(session.execute(query))


class RowSource(Protocol):
    def rows(self, session: Session, table: Any, response_id: int) -> list[Any]: ...

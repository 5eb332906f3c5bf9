"""What the young person panel's heading says about one young person (no Qt).

Reference, name, the recorded risk, the coverage state, who owns the next step, and every
active connection worded as a report ("friend, real life; reported by School, confirmed"),
never as a fact (SPEC "Words on screen").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.models.entities import Connection, Response, Setting, YoungPerson
from app.models.vocab import NOT_YET_ASSESSED, Confidence, ConnectionKind, Inclusion, Mode
from app.services.coverage.figures import STATE_LABELS, person_state
from app.services.coverage.owner import next_step_owner
from app.services.people.assessments import assessments_of, latest_completed
from app.services.people.references import reference_key


@dataclass(frozen=True)
class ConnectionLine:
    other: str  # the other young person's reference, or the setting's name
    words: str  # "friend, real life; reported by School, confirmed"

    @property
    def text(self) -> str:
        return f"{self.other}: {self.words}"


@dataclass(frozen=True)
class PersonCard:
    reference: str
    name: str
    risk: str  # a level of the response's scale, or NOT_YET_ASSESSED
    risk_levels: list[str]
    coverage: str  # the coverage state in words ("Assessed on time", "Not in scope")
    owner: str  # who owns the next step
    connections: list[ConnectionLine] = field(default_factory=list)


def connection_words(kind: str, mode: str, agency: str, confidence: str) -> str:
    """'friend, real life; reported by School, confirmed': a report, never a fact."""

    def label(enum: type, code: str) -> str:
        try:
            return enum(code).label.lower()
        except ValueError:  # a code this version does not know: shown as stored
            return code

    return (
        f"{label(ConnectionKind, kind)}, {label(Mode, mode)}; "
        f"reported by {agency}, {label(Confidence, confidence)}"
    )


def coverage_words(state: str | None, inclusion: str) -> str:
    if state is not None:
        return STATE_LABELS.get(state, state).split(" (")[0]
    # Under consideration or removed: counted apart, never in the figures.
    return f"Not counted ({(Inclusion.label_for(inclusion) or inclusion).lower()})"


def person_card(session: Session, person_id: int, as_of: date | None = None) -> PersonCard | None:
    """The heading of the person panel for one young person, or None when gone."""
    p = session.get(YoungPerson, person_id)
    if p is None:
        return None
    r = session.get(Response, p.response_id)
    assert r is not None
    day = as_of or date.today()
    items = assessments_of(session, p.id)
    latest = latest_completed(items, day)
    risk = latest.risk if latest is not None and latest.risk else NOT_YET_ASSESSED
    state = None
    if p.inclusion == Inclusion.IN_SCOPE.value:
        state, _ = person_state(items, r.review_date, day)
    lines: list[ConnectionLine] = []
    conns = session.scalars(
        select(Connection).where(
            Connection.status == "active",
            or_(Connection.person_a_id == p.id, Connection.person_b_id == p.id),
        )
    ).all()
    others = {
        yp.id: yp.reference
        for yp in session.scalars(
            select(YoungPerson).where(
                YoungPerson.id.in_(
                    {c.person_b_id if c.person_a_id == p.id else c.person_a_id for c in conns}
                    - {None}
                )
            )
        )
    }
    hubs = {
        s.id: s.name
        for s in session.scalars(
            select(Setting).where(Setting.id.in_({c.setting_id for c in conns} - {None}))
        )
    }
    for c in conns:
        if c.person_b_id is None:
            other = hubs.get(c.setting_id or -1, "a setting")
        else:
            other = others.get(c.person_b_id if c.person_a_id == p.id else c.person_a_id, "?")
        words = connection_words(c.kind, c.mode, c.source_agency, c.confidence)
        lines.append(ConnectionLine(other, words))
    lines.sort(key=lambda line: reference_key(line.other))
    return PersonCard(
        p.reference,
        p.full_name,
        risk,
        list(r.risk_levels),
        coverage_words(state, p.inclusion),
        next_step_owner(p),
        lines,
    )

"""What the map shows, read from the database in one go (no Qt here).

The scene never owns the data: it is rebuilt or patched from a MapData snapshot whenever
the Store says rows changed. Risk is the one a professional recorded in the latest
completed assessment; coverage comes from app.services.coverage.figures (never re-implemented).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.entities import (
    Assessment,
    Concern,
    Connection,
    Response,
    Setting,
    YoungPerson,
)
from app.models.vocab import (
    NOT_YET_ASSESSED,
    Confidence,
    ConnectionKind,
    Labelled,
    Mode,
    SettingKind,
)
from app.services.coverage.figures import Coverage, coverage_for
from app.services.coverage.owner import owner_text
from app.services.people.assessments import latest_completed
from app.services.people.connections import describe


@dataclass
class PersonInfo:
    id: int
    reference: str
    name: str
    risk: str  # a level of the response's scale, or NOT_YET_ASSESSED
    risk_detail: str
    setting_id: int | None
    setting: str
    inclusion: str
    looked_after: bool
    recent_concern: bool  # a concern known within the prompt window
    coverage: str | None  # coverage state (None when not in scope)
    next_step: str
    x: float | None
    y: float | None
    pinned: bool


@dataclass
class LinkInfo:
    id: int
    a: int
    b: int | None  # None: a link to the setting `setting_id`
    setting_id: int | None
    mode: str
    kind: str
    confidence: str
    tooltip: str


@dataclass
class HubInfo:
    id: int
    name: str
    kind: str
    online: bool
    x: float | None
    y: float | None


@dataclass
class MapData:
    title: str
    marking: str
    is_demo: bool
    risk_levels: list[str]
    window_days: int
    as_of: date
    people: dict[int, PersonInfo] = field(default_factory=dict)
    links: dict[int, LinkInfo] = field(default_factory=dict)
    hubs: dict[int, HubInfo] = field(default_factory=dict)
    # Whose each assessment and concern is, so a patch after deleting one knows whose
    # picture changed (the row is gone by then; map_patch.py).
    assessment_owner: dict[int, int] = field(default_factory=dict)
    concern_owner: dict[int, int] = field(default_factory=dict)


def link_tooltip(conn: Connection | Any) -> str:
    """'Friend, real life: reported by School, confirmed, identified 03/02/2026'."""
    words = _described(conn.kind, conn.mode, conn.source_agency, conn.confidence)
    return f"{words}, identified {conn.date_identified:%d/%m/%Y}"


@lru_cache(maxsize=4096)
def _described(kind: str, mode: str, agency: str, confidence: str) -> str:
    # describe() looks up three enum labels; a big map has 20,000 links but only a few
    # distinct (kind, mode, agency, confidence) combinations, so each is worded once.
    return describe(
        SimpleNamespace(kind=kind, mode=mode, source_agency=agency, confidence=confidence)  # type: ignore[arg-type]
    )


def load_map(
    session: Session, response_id: int, as_at: date | None = None, coverage: Coverage | None = None
) -> MapData:
    """Everything the map draws, as known on `as_at` (None: everything known now).
    `coverage`: the figures as of that day when the caller already has them (shared)."""
    r = session.get(Response, response_id)
    if r is None:
        raise LookupError("The response no longer exists.")
    day = as_at or date.today()
    data = MapData(
        title=r.title,
        marking=r.protective_marking,
        is_demo=r.is_demo,
        risk_levels=r.risk_levels,
        window_days=r.prompt_window_days,
        as_of=day,
    )
    settings = {
        s.id: s for s in session.scalars(select(Setting).where(Setting.response_id == response_id))
    }
    for s in settings.values():
        data.hubs[s.id] = HubInfo(
            s.id, s.name, s.kind, SettingKind(s.kind).online, s.map_x, s.map_y
        )
    by_person: dict[int, list[Any]] = defaultdict(list)
    at = Assessment.__table__
    for a in session.execute(select(at).where(at.c.response_id == response_id)):  # plain rows
        by_person[a.person_id].append(a)
        data.assessment_owner[a.id] = a.person_id
    since = day - timedelta(days=r.prompt_window_days)
    recent: set[int] = set()
    for cid, pid, known in session.execute(
        select(Concern.id, Concern.person_id, Concern.date_known).where(
            Concern.response_id == response_id
        )
    ):
        data.concern_owner[cid] = pid
        if since <= known <= day:
            recent.add(pid)
    figures = coverage if coverage is not None else coverage_for(session, response_id, day)
    by_coverage = {p.person_id: p for p in figures.people}
    person_columns = select(*PERSON_COLUMNS).where(YoungPerson.response_id == response_id)
    # Plain rows, not ORM objects: a 5,000-person map opens noticeably faster.
    names = {hid: h.name for hid, h in data.hubs.items()}
    for row in session.execute(person_columns):
        if as_at is not None and row[9] is not None and row[9] > as_at:  # date_added
            continue
        pid = row[0]
        cov = by_coverage.get(pid)
        data.people[pid] = person_info(
            row, by_person.get(pid), as_at, pid in recent, cov.state if cov else None, names
        )
    link_columns = select(*LINK_COLUMNS).where(
        Connection.response_id == response_id, Connection.status == "active"
    )
    # Unpacked rows and positional fields: a big map has 20,000 links, and looking columns
    # up by name on each row was a noticeable part of opening it.
    people = data.people
    days: dict[date, str] = {}
    for lid, a, b, setting_id, mode, kind, confidence, agency, day in session.execute(link_columns):
        if as_at is not None and day > as_at:
            continue
        if a not in people or (b is not None and b not in people):
            continue
        when = days.get(day)
        if when is None:
            when = days[day] = f"{day:%d/%m/%Y}"
        words = _described(kind, mode, agency, confidence)
        data.links[lid] = LinkInfo(
            lid, a, b, setting_id, mode, kind, confidence, f"{words}, identified {when}"
        )
    return data


YP = YoungPerson
PERSON_COLUMNS = (
    YP.id,
    YP.reference,
    YP.given_name,
    YP.family_name,
    YP.setting_id,
    YP.inclusion,
    YP.looked_after,
    YP.lead_professional,
    YP.lead_agency,
    YP.date_added,
    YP.map_x,
    YP.map_y,
    YP.pinned,
)
LINK_COLUMNS = (
    Connection.id,
    Connection.person_a_id,
    Connection.person_b_id,
    Connection.setting_id,
    Connection.mode,
    Connection.kind,
    Connection.confidence,
    Connection.source_agency,
    Connection.date_identified,
)


def person_info(
    row: Any,
    assessed: list[Any] | None,
    as_at: date | None,
    recent: bool,
    coverage: str | None,
    setting_names: dict[int, str],
) -> PersonInfo:
    """One person's map entry from their PERSON_COLUMNS row and assessment rows."""
    # Unpacked rows: looking columns up by name costs more than the rest of the loop.
    (
        pid,
        reference,
        given_name,
        family_name,
        setting_id,
        inclusion,
        looked_after,
        lead_professional,
        lead_agency,
        _date_added,
        map_x,
        map_y,
        pinned,
    ) = row
    latest = latest_completed(assessed, as_at) if assessed else None
    risk = latest.risk if latest and latest.risk else NOT_YET_ASSESSED
    detail = (
        f"{latest.risk}, recorded by {latest.agency} on {latest.completed_date:%d/%m/%Y}"
        if latest
        else NOT_YET_ASSESSED
    )
    return PersonInfo(
        pid,
        reference,
        f"{given_name} {family_name}".strip(),
        risk,
        detail,
        setting_id,
        setting_names.get(setting_id, "") if setting_id is not None else "",
        inclusion,
        looked_after,
        recent,
        coverage,
        owner_text(lead_professional, lead_agency),
        map_x,
        map_y,
        pinned,
    )


def link_info(row: Any) -> LinkInfo:
    """One link from its LINK_COLUMNS row."""
    lid, a, b, setting_id, mode, kind, confidence, agency, day = row
    words = _described(kind, mode, agency, confidence)
    return LinkInfo(
        lid, a, b, setting_id, mode, kind, confidence, f"{words}, identified {day:%d/%m/%Y}"
    )


@lru_cache(maxsize=1024)
def label_of(code: str, enum: type[Labelled]) -> str:
    return enum.label_for(code) or code


__all__ = [
    "Confidence",
    "ConnectionKind",
    "HubInfo",
    "LinkInfo",
    "MapData",
    "Mode",
    "PersonInfo",
    "label_of",
    "link_tooltip",
    "load_map",
]

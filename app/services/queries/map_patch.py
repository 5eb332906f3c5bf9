"""The map's snapshot after an edit, re-read only for the rows the edit named (no Qt).

`load_map` reads every young person, assessment, concern and connection of the response
(about 170 ms at 2,000 people); an edit touches a handful. `patch_map` starts from the
snapshot shown before the edit, re-reads the people, assessments, concerns and
connections the edit's Changes name, and takes everyone's coverage state from the shared
figures (a review date can change anyone's). Unchanged people and links keep the very same
PersonInfo / LinkInfo objects, so a view can tell what changed by identity.

It returns None where only a full `load_map` gives the right picture; each place says why.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.models.entities import Assessment, Concern, Connection, Response, YoungPerson
from app.services.coverage.figures import Coverage
from app.services.queries.map_data import (
    LINK_COLUMNS,
    PERSON_COLUMNS,
    MapData,
    link_info,
    person_info,
)

# Tables whose rows the map shows or works out from; edits to any other table (meetings,
# actions, audit) leave the map as it is.
MAP_TABLES = frozenset({"young_person", "connection", "assessment", "concern", "response"})


@dataclass
class MapPatch:
    data: MapData
    people: set[int] = field(default_factory=set)  # added, removed or changed
    links: set[int] = field(default_factory=set)  # added, removed or changed
    header: bool = False  # the title, marking or demo flag changed


def patch_map(
    session: Session,
    response_id: int,
    old: MapData,
    changed: Mapping[str, frozenset[int]],
    coverage: Coverage | None,
) -> MapPatch | None:
    """`old` brought up to date for the rows in `changed`; None: reload everything.
    `coverage`: today's shared figures when the edit may have changed anyone's coverage
    state (None: it cannot have)."""
    if not changed:
        return None  # "anything may have changed" (a refresh of everything)
    if "setting" in changed:
        # A setting renamed, added or removed changes hubs and people's setting names;
        # rare enough (and few rows) that a full reload is the simple right answer.
        return None
    if any(0 in ids for t, ids in changed.items() if t in MAP_TABLES):
        return None  # a row without an id: we cannot tell which
    day = date.today()
    if old.as_of != day:
        return None  # midnight passed: every "recent concern" may have changed
    if not any(t in MAP_TABLES for t in changed):
        return MapPatch(old)
    data = MapData(
        old.title,
        old.marking,
        old.is_demo,
        old.risk_levels,
        old.window_days,
        old.as_of,
        dict(old.people),
        dict(old.links),
        old.hubs,
        dict(old.assessment_owner),
        dict(old.concern_owner),
    )
    out = MapPatch(data)
    if "response" in changed:
        r = session.get(Response, response_id)
        if r is None:
            raise LookupError("The response no longer exists.")
        if list(r.risk_levels) != list(old.risk_levels) or r.prompt_window_days != old.window_days:
            return None  # every risk colour or every "recent concern" may differ
        header = (r.title, r.protective_marking, r.is_demo)
        if header != (old.title, old.marking, old.is_demo):
            data.title, data.marking, data.is_demo = header
            out.header = True

    # Whose picture the edit changed: the people named, and the owners (before and after)
    # of the assessments and concerns named (a deleted one is known from the old owner).
    who: set[int] = set(changed.get("young_person", ()))
    at = Assessment.__table__
    for table, owners, column in (
        ("assessment", data.assessment_owner, at.c.person_id),
        ("concern", data.concern_owner, Concern.person_id),
    ):
        ids = changed.get(table)
        if not ids:
            continue
        for rid in ids:
            if rid in owners:
                who.add(owners.pop(rid))
        id_col = at.c.id if table == "assessment" else Concern.id
        for _rid, pid in session.execute(select(id_col, column).where(id_col.in_(sorted(ids)))):
            who.add(pid)

    if who:
        _reread_people(session, response_id, data, who, out)
    if coverage is not None:
        states = {p.person_id: p.state for p in coverage.people}
        people = data.people
        for pid, info in people.items():
            state = states.get(pid)
            if info.coverage != state:
                people[pid] = replace(info, coverage=state)
                out.people.add(pid)
    _reread_links(session, response_id, data, old, set(changed.get("connection", ())), out)
    return out


def _reread_people(
    session: Session, response_id: int, data: MapData, who: set[int], out: MapPatch
) -> None:
    ids = sorted(who)
    at = Assessment.__table__
    by_person: dict[int, list[Any]] = defaultdict(list)
    for a in session.execute(
        select(at).where(at.c.response_id == response_id, at.c.person_id.in_(ids))
    ):
        by_person[a.person_id].append(a)
        data.assessment_owner[a.id] = a.person_id
    since = data.as_of - timedelta(days=data.window_days)
    recent: set[int] = set()
    for cid, pid, known in session.execute(
        select(Concern.id, Concern.person_id, Concern.date_known).where(
            Concern.response_id == response_id, Concern.person_id.in_(ids)
        )
    ):
        data.concern_owner[cid] = pid
        if since <= known <= data.as_of:
            recent.add(pid)
    names = {hid: h.name for hid, h in data.hubs.items()}
    found: set[int] = set()
    query = select(*PERSON_COLUMNS).where(
        YoungPerson.response_id == response_id, YoungPerson.id.in_(ids)
    )
    back = False
    for row in session.execute(query):
        pid = row[0]
        found.add(pid)
        old = data.people.get(pid)
        back = back or old is None
        info = person_info(
            row, by_person.get(pid), None, pid in recent, old.coverage if old else None, names
        )
        if info != old:
            data.people[pid] = info
            out.people.add(pid)
    for pid in who - found:
        if data.people.pop(pid, None) is not None:
            out.people.add(pid)
    if back:  # in id order, as load_map reads them (an undone delete comes back in place)
        data.people = dict(sorted(data.people.items()))


def _reread_links(
    session: Session,
    response_id: int,
    data: MapData,
    old: MapData,
    named: set[int],
    out: MapPatch,
) -> None:
    people = data.people
    added = [pid for pid in out.people if pid in people and pid not in old.people]
    removed = {pid for pid in out.people if pid not in people}
    if removed:  # a link is shown only between people on the map
        for lid, link in list(data.links.items()):
            if link.a in removed or link.b in removed:
                del data.links[lid]
                out.links.add(lid)
    if not named and not added:
        return
    where = [Connection.id.in_(sorted(named))] if named else []
    if added:  # a person back (an undone delete): their links, named or not
        where += [Connection.person_a_id.in_(added), Connection.person_b_id.in_(added)]
    query = select(*LINK_COLUMNS, Connection.status).where(
        Connection.response_id == response_id, or_(*where)
    )
    seen: set[int] = set()
    for row in session.execute(query):
        lid, a, b = row[0], row[1], row[2]
        seen.add(lid)
        shown = row[-1] == "active" and a in people and (b is None or b in people)
        info = link_info(row[:-1]) if shown else None
        if info is None:
            if data.links.pop(lid, None) is not None:
                out.links.add(lid)
        elif info != data.links.get(lid):
            data.links[lid] = info
            out.links.add(lid)
    for lid in named - seen:  # deleted
        if data.links.pop(lid, None) is not None:
            out.links.add(lid)

"""What was known about a response on a given day: the input of prompts, groups, exposure.

One read of the rows per computation: the people graph as at the day, the concerns known
by then (date known on or before it), settings, and each young person's latest completed
assessment by then. People removed from scope are left out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import networkx as nx
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.entities import Assessment, Concern, Response, Setting, YoungPerson
from app.services.editing.validation import ValidationError
from app.services.network.graph import build_graph
from app.services.people.assessments import latest_completed
from app.services.people.concerns import known_by
from app.services.people.references import reference_key


@dataclass
class Known:
    response: Response
    as_of: date
    graph: nx.Graph
    people: dict[int, YoungPerson]
    concerns: dict[int, list[Concern]]  # person id -> known concerns, oldest first
    settings: dict[int, Setting]
    assessed: dict[int, date]  # person id -> latest completed assessment date by as_of
    # person id -> reference_key of its reference, filled on first use: the rules sort
    # the same people over and over, and parsing a reference is the costly part.
    _order: dict[int, tuple] = field(default_factory=dict, init=False, repr=False, compare=False)
    # Lookups derived from the above by the services that need them, made once per Known.
    memo: dict[str, object] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def window(self) -> int:
        return int(self.response.prompt_window_days or 42)

    def ref(self, person_id: int) -> str:
        p = self.people.get(person_id)
        return p.reference if p else f"#{person_id}"

    def order_key(self, person_id: int) -> tuple:
        """reference_key(self.ref(person_id)), computed once per person."""
        key = self._order.get(person_id)
        if key is None:
            key = self._order[person_id] = reference_key(self.ref(person_id))
        return key

    def sorted_ids(self, ids: Iterable[int]) -> list[int]:
        unique = set(ids)
        rank = self.memo.get("rank")
        if rank is None:
            # Each person's place in reference order, worked out once: the rules sort the
            # same people thousands of times, and a dictionary lookup is the cheapest key.
            ordered = sorted(self.people, key=self.order_key)
            rank = self.memo["rank"] = {pid: i for i, pid in enumerate(ordered)}
        if rank.keys() >= unique:
            return sorted(unique, key=rank.__getitem__)  # type: ignore[attr-defined]
        return sorted(unique, key=self.order_key)  # someone not in scope: by reference

    def refs(self, ids: Iterable[int]) -> list[str]:
        return [self.ref(i) for i in self.sorted_ids(ids)]

    def setting_name(self, setting_id: int | None) -> str:
        s = self.settings.get(setting_id) if setting_id is not None else None
        return s.name if s else ""

    def area_of(self, person_id: int) -> str | None:
        """Home area, else the area of the person's setting."""
        p = self.people[person_id]
        if p.home_area:
            return p.home_area.strip()
        s = self.settings.get(p.setting_id) if p.setting_id else None
        return s.area.strip() if s is not None and s.area else None

    def concern_dates(self, person_id: int) -> list[date]:
        return [c.date for c in self.concerns.get(person_id, [])]

    @property
    def with_concerns(self) -> list[int]:
        return self.sorted_ids(self.concerns)


def known_as_at(session: Session, response_id: int, as_of: date | None = None) -> Known:
    response = session.get(Response, response_id)
    if response is None:
        raise ValidationError("The response no longer exists.")
    day = as_of or date.today()
    graph = build_graph(session, response_id, as_of)
    people = {
        p.id: p
        for p in session.scalars(
            select(YoungPerson).where(
                YoungPerson.response_id == response_id, YoungPerson.inclusion != "removed"
            )
        )
    }
    concerns: dict[int, list[Concern]] = {}
    for c in session.scalars(
        select(Concern).where(Concern.response_id == response_id).order_by(Concern.date, Concern.id)
    ):
        if c.person_id in people and known_by(c, day):
            concerns.setdefault(c.person_id, []).append(c)
    settings = {
        s.id: s for s in session.scalars(select(Setting).where(Setting.response_id == response_id))
    }
    by_person: dict[int, list[Assessment]] = {}
    for a in session.scalars(select(Assessment).where(Assessment.response_id == response_id)):
        by_person.setdefault(a.person_id, []).append(a)
    assessed: dict[int, date] = {}
    for pid, rows in by_person.items():
        latest = latest_completed(rows, day)
        if latest is not None and latest.completed_date is not None:
            assessed[pid] = latest.completed_date
    return Known(response, day, graph, people, concerns, settings, assessed)

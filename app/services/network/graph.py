"""The network of young people as a networkx graph, derived from the rows (no Qt).

The graph is a cache: it is rebuilt from the Connection, YoungPerson and Concern rows
whenever they change, and never written back. Nodes are young person ids; an edge joins
two young people with at least one active connection (disproved ones never count) and
carries every such connection, so a pair linked both "same class" and "group chat" is
one edge with two reports.

"As at" a day, only what was known by then is in the graph: connections identified on or
before it. People removed from scope are left out (enquiries found no link).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

import networkx as nx
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.entities import Connection, Setting, YoungPerson
from app.models.vocab import Confidence, ConnectionKind, Mode

ModeFilter = Literal["real_life", "online", "any"]
MODE_FILTER_LABELS: dict[str, str] = {
    "real_life": "Real life",
    "online": "Online",
    "any": "Both",
}


@dataclass(frozen=True)
class Link:
    """One active connection between two young people, as reported."""

    id: int
    mode: str
    kind: str
    confidence: str
    source_agency: str
    setting_id: int | None
    date_identified: date

    @property
    def suspected(self) -> bool:
        return self.confidence == Confidence.SUSPECTED

    def describe(self) -> str:
        """'Same group chat, online: reported by School, suspected'."""
        return (
            f"{ConnectionKind(self.kind).label}, {Mode(self.mode).label.lower()}: reported by "
            f"{self.source_agency}, {Confidence(self.confidence).label.lower()}"
        )

    def matches(self, mode: ModeFilter) -> bool:
        return mode == "any" or self.mode in (mode, Mode.BOTH)


def build_graph(
    session: Session,
    response_id: int,
    as_of: date | None = None,
    *,
    include_removed: bool = False,
) -> nx.Graph:
    """The people graph of a response: node attributes reference, setting_id,
    home_area, inclusion, settings (every setting the person belongs to or is linked to
    by a connection: id -> True when only suspected connections say so); edge attribute
    `links` (a tuple of Link)."""
    g = nx.Graph()
    # Plain rows of the columns needed, not ORM objects: on a map of thousands, building
    # an object per row was most of the time this took.
    people = session.execute(
        select(
            YoungPerson.id,
            YoungPerson.reference,
            YoungPerson.setting_id,
            YoungPerson.previous_setting_id,
            YoungPerson.home_area,
            YoungPerson.inclusion,
        )
        .where(YoungPerson.response_id == response_id)
        .order_by(YoungPerson.reference)
    ).all()
    for p in people:
        if p.inclusion == "removed" and not include_removed:
            continue
        g.add_node(
            p.id,
            reference=p.reference,
            setting_id=p.setting_id,
            previous_setting_id=p.previous_setting_id,
            home_area=p.home_area,
            inclusion=p.inclusion,
            # setting id -> True while the only evidence is suspected connections
            settings={p.setting_id: False} if p.setting_id is not None else {},
        )
    conns = session.execute(
        select(
            Connection.id,
            Connection.person_a_id,
            Connection.person_b_id,
            Connection.mode,
            Connection.kind,
            Connection.confidence,
            Connection.source_agency,
            Connection.setting_id,
            Connection.date_identified,
        )
        .where(Connection.response_id == response_id, Connection.status == "active")
        .order_by(Connection.id)
    ).all()
    for c in conns:
        if as_of is not None and c.date_identified > as_of:
            continue
        ends = [pid for pid in (c.person_a_id, c.person_b_id) if pid is not None and pid in g]
        if c.setting_id is not None:
            for pid in ends:
                known = g.nodes[pid]["settings"]
                known[c.setting_id] = known.get(c.setting_id, True) and (
                    c.confidence == Confidence.SUSPECTED
                )
        if c.person_b_id is None or len(ends) < 2:
            continue
        link = Link(
            c.id,
            c.mode,
            c.kind,
            c.confidence,
            c.source_agency,
            c.setting_id,
            c.date_identified,
        )
        a, b = ends
        if g.has_edge(a, b):
            g.edges[a, b]["links"] = g.edges[a, b]["links"] + (link,)
        else:
            g.add_edge(a, b, links=(link,))
    return g


def by_mode(g: nx.Graph, mode: ModeFilter) -> nx.Graph:
    """A view of `g` keeping only edges with a connection in that mode (both counts for
    either)."""
    if mode == "any":
        return g
    return nx.subgraph_view(
        g, filter_edge=lambda a, b: any(link.matches(mode) for link in g.edges[a, b]["links"])
    )


def edge_suspected(g: nx.Graph, a: int, b: int) -> bool:
    """True when every active connection between a and b is only suspected."""
    return all(link.suspected for link in g.edges[a, b]["links"])


def suspected_pairs(g: nx.Graph, nodes: Iterable[int]) -> list[tuple[int, int]]:
    """Edges among `nodes` that rest only on suspected connections."""
    sub = g.subgraph(nodes)
    return sorted((min(a, b), max(a, b)) for a, b in sub.edges if edge_suspected(g, a, b))


def setting_names(session: Session, response_id: int) -> dict[int, Setting]:
    return {
        s.id: s for s in session.scalars(select(Setting).where(Setting.response_id == response_id))
    }


class GraphCache:
    """Keeps the last graph built for (response, day) until the rows behind it change.

    Views call `graph(session, response_id, as_of)` freely and `invalidate(tables)` with
    the tables an edit touched; nothing here is ever the source of truth.
    """

    DEPENDS_ON = frozenset({"young_person", "connection", "setting"})

    def __init__(self) -> None:
        self._key: tuple[int, date | None] | None = None
        self._graph: nx.Graph | None = None

    def graph(self, session: Session, response_id: int, as_of: date | None = None) -> nx.Graph:
        key = (response_id, as_of)
        if self._graph is None or self._key != key:
            self._graph = build_graph(session, response_id, as_of)
            self._key = key
        return self._graph

    def invalidate(self, tables: Iterable[str] | None = None) -> None:
        if tables is None or self.DEPENDS_ON.intersection(tables):
            self._graph = None

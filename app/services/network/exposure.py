"""Exposure: young people within 1 or 2 links of someone with a recent concern (no Qt).

"Recent" is the response's prompt window: concerns dated within N days up to the day.
Those whose latest completed assessment is older than that concern, or who have none,
are marked "not assessed since concern". Only active connections count; a person reached
only through suspected connections is flagged so the screen can say so. Nothing here
rates or ranks anyone: it lists who is near whom, and what has been recorded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import networkx as nx

from app.services.network.graph import MODE_FILTER_LABELS, ModeFilter, by_mode
from app.services.network.snapshot import Known

NOT_ASSESSED_MARK = "not assessed since concern"


@dataclass(frozen=True)
class Exposure:
    distance: int
    mode: ModeFilter
    window: int
    sources: dict[int, date]  # person with a concern in the window -> latest such date
    reached: dict[int, int]  # other people within `distance` links -> fewest links
    reached_from: dict[int, dict[int, int]] = field(default_factory=dict)  # source -> reached
    via_suspected: frozenset[int] = frozenset()
    marks: dict[int, str] = field(default_factory=dict)
    concern_for: dict[int, date] = field(default_factory=dict)  # person -> concern that counts

    @property
    def people(self) -> frozenset[int]:
        return frozenset(self.sources) | frozenset(self.reached)

    def caption(self) -> str:
        links = "1 link" if self.distance == 1 else f"{self.distance} links"
        mode = MODE_FILTER_LABELS[self.mode].lower()
        mode_words = "real life and online" if self.mode == "any" else mode
        return (
            f"Within {links} ({mode_words}) of a concern in the last {self.window} days: "
            f"{len(self.sources)} with a concern, {len(self.reached)} connected, "
            f"{len(self.marks)} not assessed since the concern."
        )


def _adjacency(g: nx.Graph, firm: bool = False) -> dict[int, list[int]]:
    """Each person's neighbours in `g` (only firm connections if `firm`), in the graph's
    order, as plain lists: one pass here instead of a graph view per search."""
    if not firm:
        return {n: list(nbrs) for n, nbrs in g.adj.items()}
    return {
        n: [w for w, data in nbrs.items() if not all(x.suspected for x in data["links"])]
        for n, nbrs in g.adj.items()
    }


def _within(adj: dict[int, list[int]], source: int, cutoff: int) -> dict[int, int]:
    """Fewest links from `source` to everyone within `cutoff` links, in the order of a
    breadth-first search (as nx.single_source_shortest_path_length gives them)."""
    out = {source: 0}
    level, frontier = 0, [source]
    while frontier and level < cutoff:
        level += 1
        nxt = []
        for v in frontier:
            for w in adj[v]:
                if w not in out:
                    out[w] = level
                    nxt.append(w)
        frontier = nxt
    return out


def exposure(known: Known, distance: int = 2, mode: ModeFilter = "any") -> Exposure:
    if distance not in (1, 2):
        raise ValueError("distance must be 1 or 2")
    start = known.as_of - timedelta(days=known.window)
    sources: dict[int, date] = {}
    for pid, concerns in known.concerns.items():
        recent = [c.date for c in concerns if start <= c.date <= known.as_of]
        if recent and pid in known.graph:
            sources[pid] = max(recent)
    g = by_mode(known.graph, mode)
    adj, firm = _adjacency(g), _adjacency(g, firm=True)
    reached: dict[int, int] = {}
    reached_from: dict[int, dict[int, int]] = {}
    firmly: set[int] = set()
    concern_for: dict[int, date] = dict(sources)
    for s in known.sorted_ids(sources):
        lengths = _within(adj, s, distance)
        mine = {p: d for p, d in lengths.items() if p != s}
        reached_from[s] = mine
        firmly.update(_within(firm, s, distance))
        for p, d in mine.items():
            if p in sources:
                continue
            reached[p] = min(d, reached.get(p, d))
            concern_for[p] = max(sources[s], concern_for.get(p, sources[s]))
    marks = {
        p: NOT_ASSESSED_MARK
        for p, when in concern_for.items()
        if known.assessed.get(p) is None or known.assessed[p] < when
    }
    return Exposure(
        distance=distance,
        mode=mode,
        window=known.window,
        sources=sources,
        reached=reached,
        reached_from=reached_from,
        via_suspected=frozenset(p for p in reached if p not in firmly),
        marks=marks,
        concern_for=concern_for,
    )

"""Bridges and exposure on a mid-size generated response equal a plain reference.

groups.bridges skips components without concerns, finds what each cut vertex splits off
in one search and works out communities only when needed; exposure searches plain
neighbour lists. The reference below is the straightforward version written with
networkx alone (as the code was before it was made fast); both must agree exactly.
"""

from __future__ import annotations

from datetime import date, timedelta

import networkx as nx
import pytest

from app.services.network.exposure import exposure
from app.services.network.graph import edge_suspected
from app.services.network.groups import MIN_COMMUNITY_GRAPH, Bridge, _names, bridges, reference_key
from app.services.network.snapshot import Known, known_as_at
from benchmarks.prompts_speed import build


def reference_bridges(known: Known) -> list[Bridge]:
    g = known.graph
    found: list[Bridge] = []
    for comp in nx.connected_components(g):
        if len(comp) < 4:
            continue
        sub = nx.Graph()
        sub.add_nodes_from(known.sorted_ids(comp))
        sub.add_edges_from(g.subgraph(comp).edges)
        communities = (
            [frozenset(c) for c in nx.community.louvain_communities(sub, seed=0)]
            if len(comp) >= MIN_COMMUNITY_GRAPH
            else [frozenset(comp)]
        )
        community_of = {n: i for i, c in enumerate(communities) for n in c}
        community_names = _names(known, communities)
        cut = set(nx.articulation_points(sub))
        k = None if len(comp) <= 120 else 120
        between = nx.betweenness_centrality(sub, k=k, seed=0)
        mean = sum(between.values()) / len(between)
        for v in known.sorted_ids(comp):
            parts: list[frozenset[int]] = []
            names: list[str] = []
            if v in cut:
                rest = sub.subgraph(comp - {v})
                parts = [frozenset(c) for c in nx.connected_components(rest) if len(c) >= 2]
                parts.sort(key=lambda p: reference_key(known, p))
                names = _names(known, parts)
            if len(parts) < 2 and between[v] > 0 and between[v] >= 2 * mean:
                reached = {community_of[u] for u in sub.neighbors(v)} | {community_of[v]}
                chosen = [i for i in sorted(reached) if communities[i] - {v}]
                if len(chosen) >= 2:
                    parts = [communities[i] - {v} for i in chosen]
                    names = [community_names[i] for i in chosen]
            if len(parts) < 2 or not any(p & set(known.concerns) for p in parts):
                continue
            dates = [
                link.date_identified for u in sub.neighbors(v) for link in g.edges[v, u]["links"]
            ]
            found.append(
                Bridge(
                    person_id=v,
                    reference=known.ref(v),
                    joins=tuple(names),
                    parts=tuple(parts),
                    suspected=any(edge_suspected(g, v, u) for u in sub.neighbors(v)),
                    first_date=min(dates) if dates else None,
                    last_date=max(dates) if dates else None,
                )
            )
    return found


@pytest.fixture(scope="module")
def generated(tmp_path_factory):  # noqa: ANN001, ANN201
    db, _links = build(tmp_path_factory.mktemp("bridges") / "b.circles", 260, 1, seed=11)
    yield db
    db.close()


@pytest.mark.parametrize("days_back", [0, 25])
def test_bridges_and_exposure_equal_the_reference(generated, days_back: int) -> None:  # noqa: ANN001
    with generated.read() as s:
        known = known_as_at(s, generated.response_id, date.today() - timedelta(days=days_back))
        got = bridges(known)
        assert got == reference_bridges(known)
        assert len(got) >= 3  # the sparse map has cut vertices that link concerns
        exp = exposure(known, distance=2)
        firm = nx.subgraph_view(
            known.graph, filter_edge=lambda a, b: not edge_suspected(known.graph, a, b)
        )
        firmly: set[int] = set()
        for src in known.sorted_ids(exp.sources):
            lengths = nx.single_source_shortest_path_length(known.graph, src, cutoff=2)
            want = {p: d for p, d in lengths.items() if p != src}
            assert list(exp.reached_from[src].items()) == list(want.items())
            firmly.update(nx.single_source_shortest_path_length(firm, src, cutoff=2))
        assert exp.via_suspected == frozenset(p for p in exp.reached if p not in firmly)

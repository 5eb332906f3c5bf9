"""The fast graph algorithms behind bridges give exactly networkx's results.

app/services/network/betweenness.py re-implements networkx's betweenness centrality step
for step (plain lists and dicts instead of graph views; it matches networkx 3.5 and later,
hence networkx>=3.5 in pyproject.toml), and groups._cut_part_sizes finds what removing
each person splits a component into in one search. The prompts a meeting sees must not change because of that, so each is compared
here with networkx itself, to the last bit, on random graphs of the shapes a response
makes: sparse, dense, with people in a chain, with a self-connection, nodes in any order.
"""

from __future__ import annotations

import random

import networkx as nx
import pytest

from app.services.network.betweenness import betweenness
from app.services.network.groups import _cut_part_sizes, _parts_without


def _graph(i: int) -> nx.Graph:
    """A random graph, its nodes inserted in a shuffled order (the order matters)."""
    rng = random.Random(i)
    n = rng.randint(1, 90)
    g = nx.gnm_random_graph(n, rng.randint(0, 3 * n), seed=i)
    if i % 4 == 0:
        nx.add_path(g, range(n, n + rng.randint(2, 8)))  # a chain: articulation points
        if n > 0:
            g.add_edge(0, n)
    if i % 5 == 0 and n > 2:
        g.add_edge(1, 1)
    nodes = list(g)
    rng.shuffle(nodes)
    h = nx.Graph()
    h.add_nodes_from(n + 1000 for n in nodes)  # ids that are not positions
    h.add_edges_from((a + 1000, b + 1000) for a, b in g.edges)
    return h


def _same(a: dict[int, float], b: dict[int, float]) -> bool:
    return list(a) == list(b) and all(a[v] == b[v] or (a[v] != a[v] and b[v] != b[v]) for v in a)


@pytest.mark.parametrize("i", range(40))
def test_betweenness_equals_networkx(i: int) -> None:
    g = _graph(i)
    for k in (None, 1, 7, 40, len(g)):
        if k is not None and k > len(g):
            continue
        assert _same(betweenness(g, k=k, seed=0), nx.betweenness_centrality(g, k=k, seed=0))


@pytest.mark.parametrize("i", range(40))
def test_cut_part_sizes_and_parts_equal_a_search_without_each_person(i: int) -> None:
    g = _graph(i)
    for comp in nx.connected_components(g):
        sub = g.subgraph(comp).copy()
        sizes = _cut_part_sizes(sub.adj, list(sub))
        assert set(sizes) == set(nx.articulation_points(sub))
        for v in sub:
            rest = sub.subgraph(comp - {v})
            want = [frozenset(c) for c in nx.connected_components(rest)]
            if v in sizes:
                assert sorted(sizes[v]) == sorted(len(c) for c in want)
            assert _parts_without(sub.adj, sub, v) == [c for c in want if len(c) >= 2]

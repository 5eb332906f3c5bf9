"""Louvain communities, exactly as networkx finds them, faster (no Qt).

`bridges` splits each large component into communities (nx.community.louvain_communities
with seed 0, default resolution and threshold) to say in words which parts a young person
links. This is the same algorithm step for step: the same random order of people for the
same seed, the same order of neighbours and communities, the same arithmetic in the same
order (so every tie is broken the same way), over plain dictionaries instead of graph
objects and views. tests/services/test_graph_algorithms.py holds it to networkx's result.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

import networkx as nx

RESOLUTION = 1
THRESHOLD = 0.0000001

Adjacency = dict[int, dict[int, int]]  # node -> neighbour -> edge weight


def _edges(adj: Adjacency) -> Iterator[tuple[int, int, int]]:
    """Each edge once, in the order networkx's edge view gives them."""
    seen: set[int] = set()
    for n, nbrs in adj.items():
        for nbr, wt in nbrs.items():
            if nbr not in seen:
                yield n, nbr, wt
        seen.add(n)


def _degrees(adj: Adjacency) -> dict[int, int]:
    """Weighted degrees; a self-loop counts twice, as in networkx."""
    return {u: sum(nbrs.values()) + (nbrs[u] if u in nbrs else 0) for u, nbrs in adj.items()}


def _modularity(adj: Adjacency, communities: list[set[int]]) -> float:
    degree = _degrees(adj)
    deg_sum = sum(degree.values())
    m = deg_sum / 2
    norm = 1 / deg_sum**2

    def contribution(community: set[int]) -> float:
        comm = set(community)
        inside = sum(wt for u, v, wt in _edges_of(adj, comm) if v in comm)
        degree_sum = sum(degree[u] for u in comm)
        return inside / m - RESOLUTION * degree_sum * degree_sum * norm

    return sum(map(contribution, communities))


def _edges_of(adj: Adjacency, nodes: set[int]) -> Iterator[tuple[int, int, int]]:
    """Edges at these nodes, each once (networkx's G.edges(nbunch))."""
    seen: set[int] = set()
    for n in nodes:
        for nbr, wt in adj[n].items():
            if nbr not in seen:
                yield n, nbr, wt
        seen.add(n)


def _one_level(
    adj: Adjacency,
    members: dict[int, set[int]],
    m: float,
    partition: list[set[int]],
    rng: random.Random,
) -> tuple[list[set[int]], list[set[int]], bool]:
    """One pass of moves (networkx's _one_level), over positions in the node order: a
    node's first community is its own position, and a shuffle depends only on length."""
    nodes = list(adj)
    pos = {u: i for i, u in enumerate(nodes)}
    node2com = list(range(len(nodes)))
    inner_partition = [{u} for u in nodes]
    degrees = list(_degrees(adj).values())
    stot = list(degrees)
    nbrs = [[(pos[v], wt) for v, wt in adj[u].items() if v != u] for u in nodes]
    rand_nodes = list(range(len(nodes)))
    rng.shuffle(rand_nodes)
    two_m2 = 2 * m**2
    nb_moves = 1
    improvement = False
    while nb_moves > 0:
        nb_moves = 0
        for i in rand_nodes:
            current = best_com = node2com[i]
            best_mod = 0
            # Weight to each neighbouring community, in order of first neighbour; the
            # node's own community comes last when no neighbour is in it (as networkx's
            # defaultdict adds it when it is looked up).
            weights2com: dict[int, float] = {}
            for j, wt in nbrs[i]:
                c = node2com[j]
                weights2com[c] = weights2com.get(c, 0.0) + wt
            own = weights2com.get(current)
            if own is None:
                own = weights2com[current] = 0.0
            degree = degrees[i]
            stot[current] -= degree
            remove_cost = -own / m + RESOLUTION * (stot[current] * degree) / two_m2
            for c, wt in weights2com.items():
                gain = remove_cost + wt / m - RESOLUTION * (stot[c] * degree) / two_m2
                if gain > best_mod:
                    best_mod = gain
                    best_com = c
            stot[best_com] += degree
            if best_com != current:
                u = nodes[i]
                com = members[u]
                partition[current].difference_update(com)
                inner_partition[current].remove(u)
                partition[best_com].update(com)
                inner_partition[best_com].add(u)
                improvement = True
                nb_moves += 1
                node2com[i] = best_com
    partition = list(filter(len, partition))
    inner_partition = list(filter(len, inner_partition))
    return partition, inner_partition, improvement


def _gen_graph(
    adj: Adjacency, members: dict[int, set[int]], partition: list[set[int]]
) -> tuple[Adjacency, dict[int, set[int]]]:
    """One node per community, edge weights summed (networkx's _gen_graph)."""
    new_adj: Adjacency = {}
    new_members: dict[int, set[int]] = {}
    node2com: dict[int, int] = {}
    for i, part in enumerate(partition):
        nodes: set[int] = set()
        for node in part:
            node2com[node] = i
            nodes.update(members[node])
        new_adj[i] = {}
        new_members[i] = nodes
    for node1, node2, wt in list(_edges(adj)):
        com1, com2 = node2com[node1], node2com[node2]
        total = wt + new_adj[com1].get(com2, 0)
        new_adj[com1][com2] = total
        new_adj[com2][com1] = total
    return new_adj, new_members


def louvain_communities(g: nx.Graph, seed: int = 0) -> list[set[int]]:
    """nx.community.louvain_communities(g, seed=seed) for a simple undirected graph
    without edge weights, with the same result (the same sets, in the same order)."""
    rng = random.Random(seed)
    partition = [{u} for u in g]
    if g.number_of_edges() == 0:
        return partition
    # networkx copies the graph edge by edge with weight 1: the neighbour order follows.
    adj: Adjacency = {u: {} for u in g}
    for u, v, _wt in list(_edges({n: dict.fromkeys(nbrs, 1) for n, nbrs in g.adj.items()})):
        adj[u][v] = 1
        adj[v][u] = 1
    members = {u: {u} for u in adj}
    mod = _modularity(adj, partition)
    m = sum(_degrees(adj).values()) / 2
    partition, inner_partition, improvement = _one_level(adj, members, m, partition, rng)
    improvement = True
    result = partition
    while improvement:
        result = [s.copy() for s in partition]
        new_mod = _modularity(adj, inner_partition)
        if new_mod - mod <= THRESHOLD:
            return result
        mod = new_mod
        adj, members = _gen_graph(adj, members, inner_partition)
        partition, inner_partition, improvement = _one_level(adj, members, m, partition, rng)
    return result

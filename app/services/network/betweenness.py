"""Betweenness centrality, exactly as networkx computes it, several times faster (no Qt).

`bridges` needs the (sampled) betweenness of every young person in a large component;
networkx walks dictionaries and builds a view per neighbour lookup, which dominated the
time of the prompts on a map of thousands. This is the same algorithm (Brandes, with
the same sampled sources for the same seed, the same search order and the same order of
every floating-point addition, so the figures are identical to the last bit) over
plain lists indexed by position. tests/services/test_betweenness.py holds it to
networkx's own figures.
"""

from __future__ import annotations

import random

import networkx as nx


def betweenness(g: nx.Graph, k: int | None = None, seed: int = 0) -> dict[int, float]:
    """nx.betweenness_centrality(g, k=k, seed=seed) for an undirected, unweighted graph
    (normalized, endpoints excluded), with the same result."""
    nodes = list(g)
    n = len(nodes)
    index = {v: i for i, v in enumerate(nodes)}
    adj = [[index[w] for w in g.adj[v]] for v in nodes]
    if k == n:
        k = None  # networkx does the same: every node is a source
    sources = (
        list(range(n))
        if k is None
        else [index[v] for v in random.Random(seed).sample(list(g.nodes()), k)]
    )
    bc = [0.0] * n
    for s in sources:
        # Breadth-first search counting shortest paths (sigma), in networkx's order; a
        # for loop over a list that grows visits the added nodes too, like the queue.
        dist = [-1] * n
        sigma = [0.0] * n
        dist[s] = 0
        sigma[s] = 1.0
        order = [s]
        add = order.append
        for v in order:
            next_d = dist[v] + 1
            sv = sigma[v]
            for w in adj[v]:
                dw = dist[w]
                if dw < 0:
                    dist[w] = next_d
                    add(w)
                    sigma[w] += sv
                elif dw == next_d:
                    sigma[w] += sv
        # Accumulate dependencies from the farthest back. A node's predecessors are its
        # neighbours one step nearer; each gets one term per node, in the same order.
        delta = [0.0] * n
        for w in reversed(order):
            coeff = (1 + delta[w]) / sigma[w]
            prev_d = dist[w] - 1
            for v in adj[w]:
                if dist[v] == prev_d:
                    delta[v] += sigma[v] * coeff
            if w != s:
                bc[w] += delta[w]
    return _rescaled(nodes, bc, sources if k is not None else None)


def _rescaled(nodes: list[int], bc: list[float], sampled: list[int] | None) -> dict[int, float]:
    """networkx's normalisation for an undirected graph without endpoints."""
    out = dict(zip(nodes, bc, strict=True))
    big_n = len(nodes) - 1
    if big_n < 2:
        return out
    if sampled is None:
        scale = 1 / (big_n * (big_n - 1))
        if scale != 1:
            for v in out:
                out[v] *= scale
        return out
    k = len(sampled)
    scale_source = 1 / ((k - 1) * (big_n - 1)) if k > 1 else float("nan")
    scale_other = 1 / (k * (big_n - 1))
    chosen = {nodes[i] for i in sampled}
    for v in out:
        out[v] *= scale_source if v in chosen else scale_other
    return out

"""The force layout's promises (issue 15): no two people's boxes overlap, people with no
links stay near the rest, the picture is landscape, and fixed people never move."""

from __future__ import annotations

import random

import networkx as nx
import numpy as np

from app.services.network import layouts
from app.services.network.readable import DEFAULT_BOX, overlaps


def _boxes(n: int) -> np.ndarray:
    return np.array([DEFAULT_BOX] * n, dtype=float)


def test_karate_club_has_no_overlaps_and_lies_landscape():
    g = nx.karate_club_graph()
    nodes = list(g.nodes())
    pos = layouts.force_directed(nodes, list(g.edges()))
    p = np.array([pos[n] for n in nodes])
    assert overlaps(p, _boxes(len(nodes))) == 0
    assert np.ptp(p[:, 0]) >= np.ptp(p[:, 1])


def test_unlinked_people_stay_near_the_rest():
    seed = 15
    print("seed", seed)
    rng = random.Random(seed)
    nodes = list(range(100))
    linked = nodes[:80]
    edges = [(a, b) for a in linked for b in linked if a < b and rng.random() < 0.06]
    pos = layouts.force_directed(nodes, edges)
    p = np.array([pos[n] for n in nodes])
    assert overlaps(p, _boxes(len(nodes))) == 0
    core = p[:80]
    span = max(np.ptp(core[:, 0]), np.ptp(core[:, 1]))
    centre = core.mean(axis=0)
    # Nobody is thrown far away (it was about 3,000 px): all within the linked span.
    assert np.sqrt(((p[80:] - centre) ** 2).sum(axis=1)).max() < 1.5 * span


def test_only_unplaced_moves_nobody_else_and_clears_them():
    g = nx.les_miserables_graph()
    index = {n: i for i, n in enumerate(g.nodes())}
    nodes = list(index.values())
    edges = [(index[a], index[b]) for a, b in g.edges()]
    first = layouts.force_directed(nodes, edges)
    placed = {n: first[n] for n in nodes[:60]}
    second = layouts.force_directed(nodes, edges, placed, fixed=set(placed))
    assert all(second[n] == placed[n] for n in placed)
    p = np.array([second[n] for n in nodes])
    assert overlaps(p, _boxes(len(nodes))) == 0


def test_one_or_no_young_person_stays_where_they_are() -> None:
    # A new response's first young person: nothing to place them against (this crashed
    # the map of a one-person response before).
    import numpy as np

    from app.services.network.readable import readable_layout

    one = readable_layout([7], [], np.array([[120.0, 80.0]]))
    assert one.shape == (1, 2) and tuple(one[0]) == (120.0, 80.0)
    assert readable_layout([], [], np.zeros((0, 2))).shape == (0, 2)

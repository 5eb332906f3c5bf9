"""Layouts are pure: positions for every person, fixed ones untouched, neighbours close."""

from __future__ import annotations

import math

from app.services.network import layouts


def _ring_and_far(n: int = 30) -> tuple[list[int], list[tuple[int, int]]]:
    nodes = list(range(n))
    edges = [(i, (i + 1) % 10) for i in range(10)]  # a ring of ten
    edges += [(i, i + 1) for i in range(10, n - 1)]  # a chain
    return nodes, edges


def _dist(p, q) -> float:
    return math.hypot(p[0] - q[0], p[1] - q[1])


def test_force_directed_places_everyone_apart_and_keeps_fixed():
    nodes, edges = _ring_and_far()
    fixed = {0: (1000.0, -500.0)}
    pos = layouts.force_directed(nodes, edges, fixed, fixed={0})
    assert set(pos) == set(nodes)
    assert pos[0] == (1000.0, -500.0)
    closest = min(_dist(pos[a], pos[b]) for a in nodes for b in nodes if a < b)
    assert closest > layouts.SPACING * 0.2
    linked = sum(_dist(pos[a], pos[b]) for a, b in edges) / len(edges)
    unlinked = sum(_dist(pos[a], pos[b]) for a in nodes for b in nodes if a < b) / (
        len(nodes) * (len(nodes) - 1) / 2
    )
    assert linked < unlinked


def test_force_directed_is_deterministic_and_only_moves_unplaced():
    nodes, edges = _ring_and_far()
    first = layouts.force_directed(nodes, edges)
    assert layouts.force_directed(nodes, edges) == first
    placed = {n: first[n] for n in nodes[:20]}
    second = layouts.force_directed(nodes, edges, placed, fixed=set(placed))
    assert all(second[n] == first[n] for n in placed)


def test_circular_and_group_by_keep_pinned():
    nodes = list(range(8))
    pinned = {3: (5.0, 5.0)}
    circle = layouts.circular(nodes, pinned, fixed={3})
    assert circle[3] == (5.0, 5.0)
    radii = {round(_dist(circle[n], (0, 0)), 3) for n in nodes if n != 3}
    assert len(radii) == 1
    groups = {0: "A", 1: "A", 2: "B", 4: "B", 5: None}
    grouped = layouts.group_by(nodes, groups, positions=pinned, fixed={3})
    assert grouped[3] == (5.0, 5.0)
    assert _dist(grouped[0], grouped[1]) < _dist(grouped[0], grouped[2])


def test_place_new_puts_a_newcomer_beside_their_neighbours():
    positions = {1: (0.0, 0.0), 2: (1000.0, 0.0)}
    new = layouts.place_new([3, 4], [(3, 2)], positions)
    assert _dist(new[3], positions[2]) < _dist(new[3], positions[1])
    assert new[4][0] > 1000.0

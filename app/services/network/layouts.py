"""Map layouts: where to put young people on the map (pure functions, no Qt, no database).

Positions are scene coordinates in pixels. Every layout keeps `fixed` people (pinned, or
already placed when only the unplaced are laid out) exactly where they are.

The force-directed layout is readable.py: stress majorization for small maps (or
ForceAtlas2 with gravity when someone is fixed or the map is big), turned to landscape,
then overlap removal that knows the real symbol and label boxes. Measured with
benchmarks/layout_quality.py against networkx, igraph and Graphviz; 1,000 people with
4,000 links take about 2 s (benchmarks/map_bench.py, `layout_ms_1000`).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Hashable, Mapping, Sequence

import numpy as np

from app.services.network.readable import Box, readable_layout

Point = tuple[float, float]

# Preferred distance between neighbouring nodes, in scene pixels: room for a node, its
# badges and a label at normal zoom.
SPACING = 90.0


def _seed_positions(
    nodes: Sequence[int],
    edges: Sequence[tuple[int, int]],
    known: Mapping[int, Point],
    rng: np.random.Generator,
    half: float,
) -> np.ndarray:
    """Start positions: known ones kept; new people next to known neighbours, else random."""
    index = {n: i for i, n in enumerate(nodes)}
    pos = np.zeros((len(nodes), 2))
    have = np.zeros(len(nodes), dtype=bool)
    for n, i in index.items():
        if n in known:
            pos[i] = known[n]
            have[i] = True
    neighbours: dict[int, list[int]] = defaultdict(list)
    for a, b in edges:
        if a in index and b in index:
            neighbours[index[a]].append(index[b])
            neighbours[index[b]].append(index[a])
    centre = pos[have].mean(axis=0) if have.any() else np.zeros(2)
    for i in np.flatnonzero(~have):
        placed = [j for j in neighbours.get(int(i), []) if have[j]]
        if placed:
            pos[i] = pos[placed].mean(axis=0) + rng.normal(0, SPACING / 2, 2)
        else:
            pos[i] = centre + rng.uniform(-half, half, 2)
    return pos


def force_directed(
    nodes: Sequence[int],
    edges: Sequence[tuple[int, int]],
    positions: Mapping[int, Point] | None = None,
    fixed: Collection[int] = (),
    *,
    iterations: int | None = None,
    seed: int = 7,
    boxes: Mapping[int, Box] | None = None,
) -> dict[int, Point]:
    """Readable force-directed positions for `nodes` (readable.py: ForceAtlas2 with
    gravity, turned to landscape, no two people's boxes overlapping); `fixed` ones do
    not move.

    `positions` seeds the layout (previous positions), so re-running after a small change
    only adjusts the picture instead of shuffling it.
    """
    nodes = list(dict.fromkeys(nodes))
    n = len(nodes)
    if n == 0:
        return {}
    known = dict(positions or {})
    fixed_set = {f for f in fixed if f in known}
    rng = np.random.default_rng(seed)
    half = SPACING * math.sqrt(n) / 2
    pos = _seed_positions(nodes, edges, known, rng, half)
    if all(nd in fixed_set for nd in nodes):
        return {nd: (float(x), float(y)) for nd, (x, y) in zip(nodes, pos, strict=True)}
    if not fixed_set:
        # Everyone moves: start from a spread that is not too flat, so gravity and the
        # landscape turn work on the network's own shape.
        spread = np.ptp(pos, axis=0).max() if n > 1 else 1.0
        if spread < half * 0.5:
            pos += rng.uniform(-half, half, pos.shape) * 0.5
    out = readable_layout(nodes, edges, pos, fixed_set, boxes, iterations=iterations)
    return {nd: (float(x), float(y)) for nd, (x, y) in zip(nodes, out, strict=True)}


def circular(
    nodes: Sequence[int],
    positions: Mapping[int, Point] | None = None,
    fixed: Collection[int] = (),
    centre: Point = (0.0, 0.0),
) -> dict[int, Point]:
    """Movable people evenly on one circle (in the given order); fixed ones stay."""
    positions = dict(positions or {})
    fixed_set = {f for f in fixed if f in positions}
    movable = [n for n in dict.fromkeys(nodes) if n not in fixed_set]
    out = {n: positions[n] for n in fixed_set}
    if not movable:
        return out
    radius = max(SPACING, SPACING * len(movable) / (2 * math.pi))
    for i, n in enumerate(movable):
        angle = 2 * math.pi * i / len(movable) - math.pi / 2
        out[n] = (centre[0] + radius * math.cos(angle), centre[1] + radius * math.sin(angle))
    return out


def group_by(
    nodes: Sequence[int],
    groups: Mapping[int, Hashable | None],
    edges: Sequence[tuple[int, int]] = (),
    positions: Mapping[int, Point] | None = None,
    fixed: Collection[int] = (),
) -> dict[int, Point]:
    """One cluster per group (e.g. per setting), clusters on a grid in group order.

    Inside a cluster people sit on a small circle; people with no group form the last
    cluster. Fixed people stay where they are.
    """
    positions = dict(positions or {})
    fixed_set = {f for f in fixed if f in positions}
    members: dict[Hashable | None, list[int]] = defaultdict(list)
    for n in dict.fromkeys(nodes):
        if n not in fixed_set:
            members[groups.get(n)].append(n)
    out = {n: positions[n] for n in fixed_set}
    keys = [k for k in members if k is not None]
    keys.sort(key=str)
    if None in members:
        keys.append(None)
    if not keys:
        return out
    radii = {k: max(SPACING * 0.6, SPACING * len(members[k]) / (2 * math.pi)) for k in keys}
    cell = 2 * max(radii.values()) + SPACING * 1.5
    cols = max(1, math.ceil(math.sqrt(len(keys))))
    for g, key in enumerate(keys):
        cx, cy = (g % cols) * cell, (g // cols) * cell
        people = members[key]
        if len(people) == 1:
            out[people[0]] = (cx, cy)
            continue
        r = radii[key]
        for i, n in enumerate(people):
            angle = 2 * math.pi * i / len(people) - math.pi / 2
            out[n] = (cx + r * math.cos(angle), cy + r * math.sin(angle))
    return out


def place_new(
    new: Sequence[int],
    edges: Sequence[tuple[int, int]],
    positions: Mapping[int, Point],
    seed: int = 11,
) -> dict[int, Point]:
    """Positions for a few newly added people without moving anyone else: beside their
    placed neighbours, or on the right of the picture when they have none."""
    rng = np.random.default_rng(seed)
    out: dict[int, Point] = {}
    neighbours: dict[int, list[int]] = defaultdict(list)
    for a, b in edges:
        neighbours[a].append(b)
        neighbours[b].append(a)
    if positions:
        xs = [p[0] for p in positions.values()]
        ys = [p[1] for p in positions.values()]
        right, top = max(xs) + SPACING, min(ys)
    else:
        right, top = 0.0, 0.0
    loose = 0
    for n in new:
        placed = [positions[m] for m in neighbours.get(n, []) if m in positions]
        if placed:
            mx = sum(p[0] for p in placed) / len(placed)
            my = sum(p[1] for p in placed) / len(placed)
            jitter = rng.normal(0, SPACING / 2, 2)
            out[n] = (mx + float(jitter[0]), my + float(jitter[1]))
        else:
            out[n] = (right, top + loose * SPACING)
            loose += 1
    return out

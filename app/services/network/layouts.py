"""Map layouts: where to put young people on the map (pure functions, no Qt, no database).

Positions are scene coordinates in pixels. Every layout keeps `fixed` people (pinned, or
already placed when only the unplaced are laid out) exactly where they are.

The force-directed layout is a numpy-vectorised Fruchterman-Reingold. Measured here for
1,000 people and 4,000 links (benchmarks/map_bench.py, `layout_ms_1000`): networkx
`spring_layout` takes about 4.6 s; this one, with the same model and fewer iterations
seeded from the previous positions, takes well under the 2 s target, with no extra
dependency. networkx stays the graph library everywhere else.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Hashable, Mapping, Sequence

import numpy as np

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
) -> dict[int, Point]:
    """Fruchterman-Reingold positions for `nodes`; `fixed` ones do not move.

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
    k = SPACING
    half = k * math.sqrt(n) / 2
    pos = _seed_positions(nodes, edges, known, rng, half)
    movable = np.array([nd not in fixed_set for nd in nodes])
    if not movable.any():
        return {nd: (float(x), float(y)) for nd, (x, y) in zip(nodes, pos, strict=True)}
    index = {nd: i for i, nd in enumerate(nodes)}
    pairs = np.array(
        [(index[a], index[b]) for a, b in edges if a in index and b in index and a != b],
        dtype=np.int64,
    ).reshape(-1, 2)
    seeded = sum(1 for nd in nodes if nd in known) / n
    if iterations is None:
        # Fewer steps when most positions are already good (seeded from the last layout).
        iterations = 30 if seeded > 0.8 else 60
        if n > 2000:
            iterations = max(15, iterations // 3)
    temperature = (half if seeded < 0.8 else k) * 0.5
    cool = temperature / (iterations + 1)
    # Repulsion in blocks keeps memory bounded (block x n floats per array).
    block = max(1, min(n, 2_000_000 // max(n, 1)))
    x, y = pos[:, 0], pos[:, 1]
    for _ in range(iterations):
        disp = np.zeros_like(pos)
        for start in range(0, n, block):
            stop = min(n, start + block)
            dx = x[start:stop, None] - x[None, :]
            dy = y[start:stop, None] - y[None, :]
            dist2 = dx * dx + dy * dy
            np.maximum(dist2, 0.01, out=dist2)
            # Repulsion k^2/d along the unit vector: delta * k^2 / d^2.
            w = (k * k) / dist2
            disp[start:stop, 0] += (dx * w).sum(axis=1)
            disp[start:stop, 1] += (dy * w).sum(axis=1)
        if len(pairs):
            delta = pos[pairs[:, 0]] - pos[pairs[:, 1]]
            dist = np.sqrt(np.einsum("ij,ij->i", delta, delta)) + 1e-9
            # Attraction d^2/k along the unit vector: delta * d / k.
            pull = delta * (dist / k)[:, None]
            for axis in (0, 1):
                disp[:, axis] -= np.bincount(pairs[:, 0], weights=pull[:, axis], minlength=n)
                disp[:, axis] += np.bincount(pairs[:, 1], weights=pull[:, axis], minlength=n)
        length = np.sqrt(np.einsum("ij,ij->i", disp, disp)) + 1e-9
        step = disp * (np.minimum(length, temperature) / length)[:, None]
        step[~movable] = 0.0
        pos += step
        temperature = max(temperature - cool, k * 0.02)
    return {nd: (float(px), float(py)) for nd, (px, py) in zip(nodes, pos, strict=True)}


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

"""A force layout that reads on screen: ForceAtlas2, then overlap removal, then landscape.

Three passes, each numpy-vectorised (no Qt, no database):

1. ForceAtlas2 (Jacomy et al. 2014, Gephi's default): attraction = distance along each
   link, repulsion = kr (deg_i + 1)(deg_j + 1) / distance between everyone, and gravity
   kg (deg + 1) towards the centre, so people with no links stay near the rest instead of
   being thrown thousands of pixels away (what made Fit zoom a school network to 0.05).
   Speed is FA2's adaptive speed (swinging and traction per person).
2. Turned so the drawing's long side is horizontal (principal axis) and stretched a
   little towards the window's shape (only when nobody is fixed).
3. Overlap removal that knows the real boxes (symbol with its badges, and the label under
   it), like Gephi's Noverlap and Label Adjust: overlapping boxes are pushed apart along
   the axis of least overlap until none overlap; then, for small maps, the picture is
   drawn together and cleared again while that shrinks it (so Fit can zoom in further).

Fixed people (pinned, or already placed for "only people not yet placed") never move;
the others are pushed away from them instead.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence

import numpy as np

Point = tuple[float, float]
Box = tuple[float, float, float, float]  # left, top, right, bottom around the centre

# The map's person item in scene pixels (app/views/map/person_item.py): a symbol of
# radius 16 with badges reaching about 26 px out, and a 13 px reference label under it.
SYMBOL_BOX: Box = (-26.0, -26.0, 26.0, 24.0)
LABEL_TOP = 20.0
LABEL_HEIGHT = 19.0
GAP = 6.0  # clear space kept between two people's boxes
# Preferred spacing of the force pass, in scene pixels (one normalised unit).
UNIT = 80.0
TARGET_ASPECT = 1.9  # the map area of a 1366x768 window, less toolbar and legend


def label_width(text: str) -> float:
    """A 13 px label's width in pixels without Qt (averaged glyph width, with padding).
    The view measures real labels; the layout only needs a close estimate."""
    return 7.2 * len(text) + 8.0


def person_box(label: str = "YP-000") -> Box:
    """The box a person needs: symbol and badges, and the label centred under them."""
    half = label_width(label) / 2
    left, top, right, _bottom = SYMBOL_BOX
    return (min(left, -half), top, max(right, half), LABEL_TOP + LABEL_HEIGHT)


DEFAULT_BOX = person_box()


# ----- 1. ForceAtlas2 ------------------------------------------------------------------------
def forceatlas2(
    pos: np.ndarray,
    pairs: np.ndarray,
    movable: np.ndarray,
    iterations: int,
    *,
    kr: float = 0.4,
    gravity: float | None = None,
) -> np.ndarray:
    """ForceAtlas2 in normalised units (preferred spacing about 1). Returns new positions."""
    n = len(pos)
    pos = pos.copy()
    if n < 2:
        return pos
    deg = np.bincount(pairs.ravel(), minlength=n).astype(float) if len(pairs) else np.zeros(n)
    mass = deg + 1.0
    if gravity is None:
        # Strong enough that an unlinked person settles at about the radius of the rest:
        # the repulsion on them from everyone, kr * sum(mass) / R, meets kg at R ~ sqrt(n).
        gravity = kr * mass.sum() / (0.8 * math.sqrt(n) + 1.0)
    block = max(1, min(n, 1_500_000 // n))
    prev = np.zeros_like(pos)
    speed, efficiency = 1.0, 1.0
    for _ in range(iterations):
        force = np.zeros_like(pos)
        x, y = pos[:, 0], pos[:, 1]
        for start in range(0, n, block):
            stop = min(n, start + block)
            dx = x[start:stop, None] - x[None, :]
            dy = y[start:stop, None] - y[None, :]
            d2 = dx * dx + dy * dy
            np.maximum(d2, 1e-4, out=d2)
            # kr m_i m_j / d along the unit vector: delta * kr m_i m_j / d^2.
            w = (kr * mass[start:stop, None] * mass[None, :]) / d2
            force[start:stop, 0] += (dx * w).sum(axis=1)
            force[start:stop, 1] += (dy * w).sum(axis=1)
        if len(pairs):
            delta = pos[pairs[:, 0]] - pos[pairs[:, 1]]
            for axis in (0, 1):
                force[:, axis] -= np.bincount(pairs[:, 0], weights=delta[:, axis], minlength=n)
                force[:, axis] += np.bincount(pairs[:, 1], weights=delta[:, axis], minlength=n)
        centre = pos.mean(axis=0)
        to_c = pos - centre
        dist = np.sqrt(np.einsum("ij,ij->i", to_c, to_c)) + 1e-9
        force -= to_c * (gravity * mass / dist)[:, None]
        force[~movable] = 0.0
        # Adaptive speed (the paper's section 3.4, as Gephi does it).
        swing = mass * np.sqrt(((force - prev) ** 2).sum(axis=1))
        traction = mass * np.sqrt(((force + prev) ** 2).sum(axis=1)) / 2
        total_swing, total_traction = swing.sum(), traction.sum() + 1e-12
        jitter_est = 0.05 * math.sqrt(n)
        jitter = max(math.sqrt(jitter_est), min(10.0, jitter_est * total_traction / n**2))
        if total_swing / total_traction > 2.0:
            efficiency = max(0.05, efficiency * 0.5)
            jitter = max(jitter, 1.0)
        target = jitter * efficiency * total_traction / max(total_swing, 1e-12)
        if total_swing > jitter * total_traction:
            efficiency = max(0.05, efficiency * 0.7)
        elif speed < 1000:
            efficiency *= 1.3
        speed = speed + min(target - speed, 0.5 * speed)
        factor = speed / (1.0 + np.sqrt(speed * swing))
        step = force * factor[:, None]
        # A cap per step keeps a badly seeded start from flinging anyone far away.
        length = np.sqrt((step**2).sum(axis=1)) + 1e-12
        step *= (np.minimum(length, 2.0) / length)[:, None]
        pos += step
        prev = force
    return pos


# ----- 2. turning to landscape ---------------------------------------------------------------
def to_landscape(pos: np.ndarray, aspect: float = TARGET_ASPECT) -> np.ndarray:
    """Turn so the principal axis is horizontal, then widen up to 1.5x towards `aspect`."""
    if len(pos) < 3:
        return pos
    c = pos - pos.mean(axis=0)
    cov = np.cov(c.T)
    values, vectors = np.linalg.eigh(cov)
    main = vectors[:, int(np.argmax(values))]
    angle = math.atan2(main[1], main[0])
    cos, sin = math.cos(-angle), math.sin(-angle)
    out = np.column_stack((c[:, 0] * cos - c[:, 1] * sin, c[:, 0] * sin + c[:, 1] * cos))
    w = np.ptp(out[:, 0]) + 1e-9
    h = np.ptp(out[:, 1]) + 1e-9
    if w / h < aspect:
        out[:, 0] *= min(aspect * h / w, 1.5)
    return out


# ----- 3. overlap removal --------------------------------------------------------------------
def _candidate_pairs(pos: np.ndarray, cell: float) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of people in the same or neighbouring grid cells (all that can overlap)."""
    n = len(pos)
    if n < 2:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    cx = np.floor((pos[:, 0] - pos[:, 0].min()) / cell).astype(np.int64)
    cy = np.floor((pos[:, 1] - pos[:, 1].min()) / cell).astype(np.int64)
    big = int(cy.max()) + 3
    keys = cx * big + cy + 1
    order = np.argsort(keys, kind="stable")
    sk = keys[order]
    firsts, seconds = [], []
    for ox, oy in ((0, 0), (1, -1), (1, 0), (1, 1), (0, 1)):
        target = sk + ox * big + oy
        hi = np.searchsorted(sk, target, side="right")
        if ox == 0 and oy == 0:
            lo = np.arange(n) + 1  # later people of the same cell only
        else:
            lo = np.searchsorted(sk, target, side="left")
        counts = np.maximum(hi - lo, 0)
        total = int(counts.sum())
        if not total:
            continue
        src = np.repeat(np.arange(n), counts)
        within = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
        dst = np.repeat(lo, counts) + within
        firsts.append(order[src])
        seconds.append(order[dst])
    if not firsts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(firsts), np.concatenate(seconds)


def overlaps(pos: np.ndarray, boxes: np.ndarray, gap: float = 0.0) -> int:
    """How many pairs of boxes overlap (closer than `gap`)."""
    i, j, ox, oy = _overlapping(pos, boxes, gap)
    return len(i)


def _overlapping(
    pos: np.ndarray, boxes: np.ndarray, gap: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    cell = float(max(np.max(boxes[:, 2] - boxes[:, 0]), np.max(boxes[:, 3] - boxes[:, 1]))) + gap
    i, j = _candidate_pairs(pos, cell)
    if not len(i):
        return i, j, np.zeros(0), np.zeros(0)
    left = pos[:, 0] + boxes[:, 0]
    right = pos[:, 0] + boxes[:, 2]
    top = pos[:, 1] + boxes[:, 1]
    bottom = pos[:, 1] + boxes[:, 3]
    ox = np.minimum(right[i], right[j]) - np.maximum(left[i], left[j]) + gap
    oy = np.minimum(bottom[i], bottom[j]) - np.maximum(top[i], top[j]) + gap
    hit = (ox > 1e-6) & (oy > 1e-6)
    return i[hit], j[hit], ox[hit], oy[hit]


def remove_overlaps(
    pos: np.ndarray,
    boxes: np.ndarray,
    movable: np.ndarray,
    *,
    gap: float = GAP,
    max_rounds: int = 400,
    seed: int = 3,
) -> tuple[np.ndarray, bool]:
    """Push overlapping boxes apart along the axis where they overlap least (Noverlap with
    rectangles). Returns the positions and whether no overlap is left."""
    pos = pos.copy()
    n = len(pos)
    rng = np.random.default_rng(seed)
    share = movable.astype(float)
    for round_ in range(max_rounds):
        i, j, ox, oy = _overlapping(pos, boxes, gap)
        if not len(i):
            return pos, True
        if round_ and round_ % 40 == 0 and movable.all():
            # Still crowded after many rounds: open the whole picture up a little.
            centre = pos.mean(axis=0)
            pos = centre + (pos - centre) * 1.08
            continue
        both = share[i] + share[j]
        keep = both > 0
        i, j, ox, oy, both = i[keep], j[keep], ox[keep], oy[keep], both[keep]
        if not len(i):
            return pos, False  # only fixed people overlap each other: leave them
        delta = pos[i] - pos[j]
        same = (np.abs(delta) < 1e-6).all(axis=1)
        delta[same] = rng.normal(0, 1, (int(same.sum()), 2))
        along_x = ox <= oy
        push = np.zeros((len(i), 2))
        push[along_x, 0] = np.sign(delta[along_x, 0] + 1e-12) * ox[along_x]
        push[~along_x, 1] = np.sign(delta[~along_x, 1] + 1e-12) * oy[~along_x]
        # A movable person takes all of the push from a fixed one, half from a movable one.
        wi = (share[i] / both)[:, None]
        wj = (share[j] / both)[:, None]
        move = np.zeros_like(pos)
        for axis in (0, 1):
            move[:, axis] += np.bincount(i, weights=push[:, axis] * wi[:, 0], minlength=n)
            move[:, axis] -= np.bincount(j, weights=push[:, axis] * wj[:, 0], minlength=n)
        # Several pushes on one person at once overshoot: a little more than half a step
        # converges without shaking.
        pos += move * 0.6 + np.where(move != 0, np.sign(move) * 0.5, 0.0)
    pos = _free_spots(pos, boxes, movable, gap)
    return pos, overlaps(pos, boxes, gap) == 0


def _free_spots(pos: np.ndarray, boxes: np.ndarray, movable: np.ndarray, gap: float) -> np.ndarray:
    """The last resort when pushing does not settle (a movable person wedged between
    fixed ones): move each person still overlapping to the nearest free spot on a
    spiral around where they are."""
    i, j, _ox, _oy = _overlapping(pos, boxes, gap)
    stuck = sorted({int(k) for k in np.concatenate([i, j]) if movable[k]})
    if len(stuck) > 50:
        return pos  # a crowded big map: a few overlaps beat a long wait
    step = float(np.max(boxes[:, 2] - boxes[:, 0])) * 0.5
    for k in stuck:
        others = np.arange(len(pos)) != k

        b = boxes[k]
        t = np.arange(1, 4001)
        angle = t * 2.399963  # a sunflower spiral of candidate spots, nearest first
        spots = pos[k] + step * np.sqrt(t)[:, None] * np.column_stack(
            (np.cos(angle), np.sin(angle))
        )
        spots = np.vstack([pos[k], spots])
        o = pos[others]
        ob = boxes[others]
        for chunk in range(0, len(spots), 500):
            sp = spots[chunk : chunk + 500]
            ox = np.minimum(sp[:, None, 0] + b[2], o[None, :, 0] + ob[None, :, 2]) - np.maximum(
                sp[:, None, 0] + b[0], o[None, :, 0] + ob[None, :, 0]
            )
            oy = np.minimum(sp[:, None, 1] + b[3], o[None, :, 1] + ob[None, :, 3]) - np.maximum(
                sp[:, None, 1] + b[1], o[None, :, 1] + ob[None, :, 1]
            )
            free = ~((ox + gap > 1e-6) & (oy + gap > 1e-6)).any(axis=1)
            if free.any():
                pos[k] = sp[int(np.argmax(free))]
                break
    return pos


def _fit_zoom(pos: np.ndarray, boxes: np.ndarray, aspect: float = TARGET_ASPECT) -> float:
    w = float(np.max(pos[:, 0] + boxes[:, 2]) - np.min(pos[:, 0] + boxes[:, 0]))
    h = float(np.max(pos[:, 1] + boxes[:, 3]) - np.min(pos[:, 1] + boxes[:, 1]))
    return min(aspect / max(w, 1e-9), 1.0 / max(h, 1e-9))


def compact(pos: np.ndarray, boxes: np.ndarray, rounds: int = 8) -> np.ndarray:
    """Draw the picture together and clear the overlaps again while that makes it smaller
    (so it fits the window at a larger zoom), like Graphviz's prism shrinking step."""
    best = pos
    best_zoom = _fit_zoom(pos, boxes)
    movable = np.ones(len(pos), dtype=bool)
    for _ in range(rounds):
        centre = best.mean(axis=0)
        trial, clear = remove_overlaps(centre + (best - centre) * 0.88, boxes, movable)
        if not clear:
            break
        zoom = _fit_zoom(trial, boxes)
        if zoom <= best_zoom * 1.005:
            break
        best, best_zoom = trial, zoom
    return best


# ----- together ------------------------------------------------------------------------------
def _nearest_distance(pos: np.ndarray) -> float:
    """The median distance from each person to their nearest other person."""
    n = len(pos)
    if n < 2:
        return 1.0
    sample = pos if n <= 1500 else pos[:: max(1, n // 1500)]
    d = np.sqrt(((sample[:, None, :] - pos[None, :, :]) ** 2).sum(axis=2))
    d[d < 1e-9] = np.inf
    return float(np.median(d.min(axis=1)))


def readable_layout(
    nodes: Sequence[int],
    edges: Sequence[tuple[int, int]],
    start: np.ndarray,
    fixed: Collection[int] = (),
    boxes: Mapping[int, Box] | None = None,
    *,
    iterations: int | None = None,
    overlap_free: bool = True,
    landscape: bool = True,
) -> np.ndarray:
    """Positions (scene pixels, one row per node) from `start` (scene pixels)."""
    n = len(nodes)
    if n < 2:  # nobody to place against (a new response's first young person)
        return np.array(start, dtype=float).reshape(n, 2)
    index = {nd: i for i, nd in enumerate(nodes)}
    pairs = np.array(
        [(index[a], index[b]) for a, b in edges if a in index and b in index and a != b],
        dtype=np.int64,
    ).reshape(-1, 2)
    movable = np.array([nd not in fixed for nd in nodes], dtype=bool)
    box_arr = np.array([(boxes or {}).get(nd, DEFAULT_BOX) for nd in nodes], dtype=float)
    if iterations is None:
        iterations = 300 if n <= 300 else 100 if n <= 800 else 40 if n <= 2000 else 15
        if not movable.all() and movable.sum() < n * 0.2:
            iterations = max(20, iterations // 2)
    if movable.all() and n <= STRESS_MAX and landscape:
        pos = stress_layout(pairs, n) * UNIT
    else:
        pos = forceatlas2(start / UNIT, pairs, movable, iterations) * UNIT
    if movable.all() and landscape:
        pos = to_landscape(pos)
        # Scale so neighbours sit about a box apart; overlap removal opens up the rest.
        width = float(np.median(box_arr[:, 2] - box_arr[:, 0]))
        pos *= (width * 1.05) / max(_nearest_distance(pos), 1e-9)
    if overlap_free and n > 1:
        rounds = 400 if n <= 1500 else 80  # big maps: bounded time over perfection
        pos, _clear = remove_overlaps(pos, box_arr, movable, max_rounds=rounds)
        if movable.all() and n <= 600:
            pos = compact(pos, box_arr)
    pos[~movable] = start[~movable]  # exactly where they were (no rounding through units)
    return pos


# ----- stress majorization (small maps, nobody fixed) ----------------------------------------
STRESS_MAX = 400  # above this the n x n matrices cost too much; ForceAtlas2 instead


def hop_distances(n: int, pairs: np.ndarray) -> np.ndarray:
    """Links between each two people (breadth-first from everyone); people in different
    parts of the network are put one step further apart than the farthest linked pair, so
    that unlinked people stay near the rest."""
    adjacency: list[list[int]] = [[] for _ in range(n)]
    for a, b in pairs:
        adjacency[int(a)].append(int(b))
        adjacency[int(b)].append(int(a))
    dist = np.full((n, n), -1.0)
    for source in range(n):
        row = dist[source]
        row[source] = 0
        frontier = [source]
        depth = 0
        while frontier:
            depth += 1
            nxt = []
            for u in frontier:
                for v in adjacency[u]:
                    if row[v] < 0:
                        row[v] = depth
                        nxt.append(v)
            frontier = nxt
    far = max(float(dist.max()), 1.0)
    dist[dist < 0] = min(far + 1.0, 4.0)
    return dist


def stress_layout(pairs: np.ndarray, n: int, iterations: int = 200) -> np.ndarray:
    """Stress majorization (SMACOF, what Graphviz neato minimises): distances on the
    picture match link distances, which keeps links short and crossings few."""
    d = hop_distances(n, pairs)
    # Classical scaling as the start (deterministic, already close to the answer).
    d2 = d**2
    j = np.eye(n) - 1.0 / n
    b = -0.5 * j @ d2 @ j
    values, vectors = np.linalg.eigh(b)
    top = np.argsort(values)[::-1][:2]
    x = vectors[:, top] * np.sqrt(np.maximum(values[top], 1e-9))
    with np.errstate(divide="ignore"):
        w = np.where(d > 0, 1.0 / d2, 0.0)
    v = -w.copy()
    np.fill_diagonal(v, w.sum(axis=1))
    v_pinv = np.linalg.pinv(v)
    for _ in range(iterations):
        diff = x[:, None, :] - x[None, :, :]
        dist = np.sqrt((diff**2).sum(axis=2))
        with np.errstate(divide="ignore", invalid="ignore"):
            bm = np.where(dist > 1e-9, -w * d / dist, 0.0)
        np.fill_diagonal(bm, 0.0)
        np.fill_diagonal(bm, -bm.sum(axis=1))
        new = v_pinv @ (bm @ x)
        if np.abs(new - x).max() < 1e-4:
            x = new
            break
        x = new
    return _spread_duplicates(x)


def _spread_duplicates(x: np.ndarray) -> np.ndarray:
    """People drawn on the same spot (e.g. everyone with no links gets the same distances)
    spread on a small sunflower spiral, so overlap removal has a direction to push."""
    keys = np.round(x, 3)
    _u, inverse, counts = np.unique(keys, axis=0, return_inverse=True, return_counts=True)
    inverse = inverse.ravel()
    if counts.max() < 2:
        return x
    x = x.copy()
    seen: dict[int, int] = {}
    for i, group in enumerate(inverse):
        if counts[group] < 2:
            continue
        k = seen.get(int(group), 0)
        seen[int(group)] = k + 1
        angle = k * 2.399963  # the golden angle
        radius = 0.6 * math.sqrt(k)
        x[i] += (radius * math.cos(angle), radius * math.sin(angle))
    return x

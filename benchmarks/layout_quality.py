"""Layout quality benchmark (not a test): does the map's force layout read at Fit?

Usage: python benchmarks/layout_quality.py [--json] [--seed N]

Networks: the demo response, Zachary's karate club (34, 78) and Les Misérables (77, 254)
from networkx (loaded as references YP-xx only), and 4 schools x 40 young people with a few
links between schools (generated with --seed, printed). Methods: Circles' "Force-directed:
everyone" (app.services.network.layouts.force_directed) and the peers: networkx spring and
Kamada-Kawai (needs scipy; skipped with a note when missing), igraph Fruchterman-Reingold,
plain ForceAtlas2 (Circles' own pass without overlap removal or turning), Graphviz neato
and sfdp (when installed; called as programs here only, never by the app).

Every drawing is treated as the map would show it: peers' coordinates are scaled so that
neighbours sit one person-box apart (what Circles' pipeline does before removing
overlaps), each person gets the map's real symbol (radius 16, badges to 26 px) and a
13 px reference label measured with Qt, and the whole is fitted into 1000x520 pixels as
Fit does (zoom at most 1.5). Per network and method it prints: symbol overlaps, label
overlaps, label-over-symbol overlaps, edge crossings, links passing through a symbol,
the share of the area the drawing's bounding box uses, the on-screen symbol and text
size in pixels, and the time.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

AREA_W, AREA_H = 1000.0, 520.0
SYMBOL_R = 16.0

Network = tuple[list[int], list[tuple[int, int]], dict[int, str]]


# ----- networks -----------------------------------------------------------------------------
def demo_network() -> Network:
    from sqlalchemy import select

    from app.models.entities import Connection, YoungPerson
    from app.services.files.demo import build_demo

    with tempfile.TemporaryDirectory() as tmp:
        db = build_demo(Path(tmp) / "demo.circles")
        with db.read() as s:
            people = s.execute(select(YoungPerson.id, YoungPerson.reference)).all()
            links = s.execute(
                select(Connection.person_a_id, Connection.person_b_id).where(
                    Connection.person_b_id.is_not(None)
                )
            ).all()
        db.close()
    labels = {pid: ref for pid, ref in people}
    edges = sorted({(min(a, b), max(a, b)) for a, b in links if a != b})
    return list(labels), edges, labels


def from_networkx(graph) -> Network:  # noqa: ANN001
    nodes = list(graph.nodes())
    index = {nd: i + 1 for i, nd in enumerate(nodes)}
    labels = {i: f"YP-{i:02d}" for i in index.values()}
    edges = sorted({(min(index[a], index[b]), max(index[a], index[b])) for a, b in graph.edges()})
    return list(labels), edges, labels


def schools_network(seed: int) -> Network:
    """4 schools x 40 young people: friendships inside a school (some have none), and a few
    links between schools."""
    rng = random.Random(seed)
    nodes = list(range(1, 161))
    edges: set[tuple[int, int]] = set()
    for school in range(4):
        members = nodes[school * 40 : (school + 1) * 40]
        linked = [m for m in members if rng.random() > 0.12]  # about 1 in 8 has no links
        for i, a in enumerate(linked):
            for b in linked[i + 1 :]:
                if rng.random() < 0.08:
                    edges.add((a, b))
    for _ in range(6):
        s1, s2 = rng.sample(range(4), 2)
        a = rng.choice(nodes[s1 * 40 : (s1 + 1) * 40])
        b = rng.choice(nodes[s2 * 40 : (s2 + 1) * 40])
        edges.add((min(a, b), max(a, b)))
    labels = {n: f"YP-{n:03d}" for n in nodes}
    return nodes, sorted(edges), labels


# ----- methods ------------------------------------------------------------------------------
Layout = Callable[[list[int], list[tuple[int, int]], dict[int, str]], dict[int, tuple]]


def circles(nodes, edges, labels):  # noqa: ANN001, ANN201
    from app.services.network import layouts
    from app.services.network.readable import person_box

    boxes = {n: person_box(labels[n]) for n in nodes}
    return layouts.force_directed(nodes, edges, boxes=boxes)


def plain_fa2(nodes, edges, labels):  # noqa: ANN001, ANN201
    from app.services.network.readable import forceatlas2

    index = {n: i for i, n in enumerate(nodes)}
    pairs = np.array([(index[a], index[b]) for a, b in edges], dtype=np.int64).reshape(-1, 2)
    rng = np.random.default_rng(7)
    start = rng.uniform(-5, 5, (len(nodes), 2))
    pos = forceatlas2(start, pairs, np.ones(len(nodes), dtype=bool), 300)
    return {n: tuple(pos[i]) for n, i in index.items()}


def _nx_graph(nodes, edges):  # noqa: ANN001, ANN202
    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(nodes)
    g.add_edges_from(edges)
    return g


def nx_spring(nodes, edges, labels):  # noqa: ANN001, ANN201
    import networkx as nx

    return nx.spring_layout(_nx_graph(nodes, edges), seed=7)


def nx_kamada_kawai(nodes, edges, labels):  # noqa: ANN001, ANN201
    import networkx as nx

    return nx.kamada_kawai_layout(_nx_graph(nodes, edges))


def igraph_fr(nodes, edges, labels):  # noqa: ANN001, ANN201
    import igraph as ig

    index = {n: i for i, n in enumerate(nodes)}
    g = ig.Graph(n=len(nodes), edges=[(index[a], index[b]) for a, b in edges])
    random.seed(7)
    coords = g.layout_fruchterman_reingold().coords
    return {n: tuple(coords[i]) for n, i in index.items()}


def graphviz(program: str) -> Layout:
    def run(nodes, edges, labels):  # noqa: ANN001, ANN202
        dot = "graph G {\n" + "".join(f"  n{n};\n" for n in nodes)
        dot += "".join(f"  n{a} -- n{b};\n" for a, b in edges) + "}\n"
        out = subprocess.run(
            [program, "-Tplain"], input=dot, capture_output=True, text=True, check=True
        ).stdout
        pos = {}
        for line in out.splitlines():
            parts = line.split()
            if parts and parts[0] == "node":
                pos[int(parts[1][1:])] = (float(parts[2]), -float(parts[3]))
        return pos

    return run


# ----- measuring ----------------------------------------------------------------------------
def label_rects(labels: dict[int, str]) -> dict[int, tuple[float, float, float, float]]:
    """The label's rectangle around the person's centre, as person_item.py paints it."""
    from PySide6.QtGui import QGuiApplication

    QGuiApplication.instance() or QGuiApplication([])
    from app.views.map.paint import LABEL_METRICS

    out = {}
    for n, text in labels.items():
        w = LABEL_METRICS.horizontalAdvance(text) + 8
        out[n] = (-w / 2, SYMBOL_R + 4, w / 2, SYMBOL_R + 4 + LABEL_METRICS.height() + 2)
    return out


def _pairs_overlapping(a: np.ndarray, b: np.ndarray, same: bool) -> int:
    """Pairs (i, j) whose rectangles a[i] and b[j] intersect (i != j; i < j when same)."""
    ox = np.minimum(a[:, None, 2], b[None, :, 2]) - np.maximum(a[:, None, 0], b[None, :, 0])
    oy = np.minimum(a[:, None, 3], b[None, :, 3]) - np.maximum(a[:, None, 1], b[None, :, 1])
    hit = (ox > 0.5) & (oy > 0.5)
    np.fill_diagonal(hit, False)
    if same:
        hit = np.triu(hit, 1)
    return int(hit.sum())


def crossings(p: np.ndarray, e: np.ndarray) -> int:
    if len(e) < 2:
        return 0
    a, b = p[e[:, 0]], p[e[:, 1]]

    def orient(p1, p2, p3):  # noqa: ANN001, ANN202
        return np.sign(
            (p2[..., 0] - p1[..., 0]) * (p3[..., 1] - p1[..., 1])
            - (p2[..., 1] - p1[..., 1]) * (p3[..., 0] - p1[..., 0])
        )

    a1, b1 = a[:, None, :], b[:, None, :]
    a2, b2 = a[None, :, :], b[None, :, :]
    o1 = orient(a1, b1, a2)
    o2 = orient(a1, b1, b2)
    o3 = orient(a2, b2, a1)
    o4 = orient(a2, b2, b1)
    cross = (o1 * o2 < 0) & (o3 * o4 < 0)
    shared = (
        (e[:, None, 0] == e[None, :, 0])
        | (e[:, None, 0] == e[None, :, 1])
        | (e[:, None, 1] == e[None, :, 0])
        | (e[:, None, 1] == e[None, :, 1])
    )
    return int(np.triu(cross & ~shared, 1).sum())


def through_symbols(p: np.ndarray, e: np.ndarray) -> int:
    """Links passing through the symbol of someone who is not one of their ends."""
    if not len(e):
        return 0
    a, b = p[e[:, 0]], p[e[:, 1]]
    ab = b - a
    length2 = (ab**2).sum(axis=1) + 1e-9
    t = ((p[None, :, :] - a[:, None, :]) * ab[:, None, :]).sum(axis=2) / length2[:, None]
    t = np.clip(t, 0, 1)
    closest = a[:, None, :] + t[:, :, None] * ab[:, None, :]
    d = np.sqrt(((closest - p[None, :, :]) ** 2).sum(axis=2))
    hit = d < SYMBOL_R
    hit[np.arange(len(e)), e[:, 0]] = False
    hit[np.arange(len(e)), e[:, 1]] = False
    return int(hit.sum())


def measure(net: Network, pos: dict, scale_to_boxes: bool) -> dict:
    from app.services.network.readable import SYMBOL_BOX, _nearest_distance, person_box

    nodes, edges, labels = net
    index = {n: i for i, n in enumerate(nodes)}
    p = np.array([pos[n] for n in nodes], dtype=float)
    if scale_to_boxes:
        width = float(np.median([person_box(labels[n])[2] * 2 for n in nodes]))
        p *= width * 1.05 / max(_nearest_distance(p), 1e-9)
    e = np.array([(index[a], index[b]) for a, b in edges], dtype=np.int64).reshape(-1, 2)
    lr = label_rects(labels)
    sym = np.array(
        [[x + SYMBOL_BOX[0], y + SYMBOL_BOX[1], x + SYMBOL_BOX[2], y + SYMBOL_BOX[3]] for x, y in p]
    )
    lab = np.array(
        [
            [x + lr[n][0], y + lr[n][1], x + lr[n][2], y + lr[n][3]]
            for n, (x, y) in zip(nodes, p, strict=True)
        ]
    )
    both = np.vstack([sym, lab])
    w = both[:, 2].max() - both[:, 0].min()
    h = both[:, 3].max() - both[:, 1].min()
    margin = max(w, h) * 0.05 + 40  # what Fit adds around the people
    zoom = min(1.5, AREA_W / (w + 2 * margin), AREA_H / (h + 2 * margin))
    return {
        "symbol_overlaps": _pairs_overlapping(sym, sym, True),
        "label_overlaps": _pairs_overlapping(lab, lab, True),
        "label_over_symbol": _pairs_overlapping(lab, sym, False),
        "edge_crossings": crossings(p, e),
        "links_through_symbols": through_symbols(p, e),
        "area_share": round(float(w * h * zoom * zoom / (AREA_W * AREA_H)), 2),
        "symbol_px": round(2 * SYMBOL_R * zoom, 1),
        "text_px": round(13 * zoom, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args(argv)
    import networkx as nx

    print(f"school network seed: {args.seed}", file=sys.stderr)
    networks = {
        "demo": demo_network(),
        "karate": from_networkx(nx.karate_club_graph()),
        "les_miserables": from_networkx(nx.les_miserables_graph()),
        "schools_4x40": schools_network(args.seed),
    }
    methods: dict[str, Layout] = {
        "circles": circles,
        "forceatlas2": plain_fa2,
        "nx_spring": nx_spring,
        "igraph_fr": igraph_fr,
    }
    notes = []
    try:
        import scipy  # noqa: F401

        methods["nx_kamada_kawai"] = nx_kamada_kawai
    except ImportError:
        notes.append("nx_kamada_kawai skipped: scipy is not installed")
    for program in ("neato", "sfdp"):
        if shutil.which(program):
            methods[program] = graphviz(program)
        else:
            notes.append(f"{program} skipped: Graphviz is not installed")
    results: dict[str, dict[str, dict]] = {}
    for name, net in networks.items():
        results[name] = {}
        for method, fn in methods.items():
            t0 = time.perf_counter()
            pos = fn(*net)
            ms = (time.perf_counter() - t0) * 1000
            row = measure(net, pos, scale_to_boxes=method != "circles")
            row["ms"] = round(ms, 1)
            results[name][method] = row
    if args.json:
        print(json.dumps({"seed": args.seed, "notes": notes, "results": results}, indent=1))
        return 0
    cols = [
        "symbol_overlaps",
        "label_overlaps",
        "label_over_symbol",
        "edge_crossings",
        "links_through_symbols",
        "area_share",
        "symbol_px",
        "text_px",
        "ms",
    ]
    short = ["sym/sym", "lab/lab", "lab/sym", "cross", "thru", "area", "sym px", "txt px", "ms"]
    for name, rows in results.items():
        n, e = len(networks[name][0]), len(networks[name][1])
        print(f"\n{name} ({n} people, {e} links)")
        print(f"{'method':16}" + "".join(f"{c:>9}" for c in short))
        for method, row in rows.items():
            print(f"{method:16}" + "".join(f"{row[c]:>9}" for c in cols))
    for note in notes:
        print(note)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Map benchmark (not a test): generated maps of 100, 1,000 and 5,000 young people with four
times as many connections, drawn by the real MapPage offscreen in a 1600x1000 view.

Usage: python benchmarks/map_bench.py [--json] [--runs N] [--sizes 100,1000,5000]
Each figure is the median of N runs, in milliseconds:
  open_paint_ms_N     read the file, build the scene and paint the fitted view
  full_repaint_ms_N   repaint the whole fitted view (as when zooming or panning)
  drag_repaint_ms_N   move one person (with their links) and repaint
  layout_ms_1000      force-directed layout of everyone (app.services.network.layouts), no seed
  layout_networkx_ms_1000  networkx spring_layout, for comparison
  *_cpu_ms_N          the same, in CPU time of this process (steadier when the machine is
                      shared: wall time grows with other people's load, CPU time much less)
  load_avg_start/end  the 1-minute load average before and after (where the OS has one)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def build_file(path: Path, n: int, seed: int = 1) -> None:
    """A response with n people placed on a jittered grid and 4n connections."""
    from sqlalchemy import insert

    from app.models.database import create_database
    from app.models.entities import Connection, YoungPerson

    rng = random.Random(seed)
    today = date.today()
    db = create_database(
        path,
        title=f"Benchmark map of {n} (fictional)",
        lead_area="Benchmarkshire",
        referral_date=today - timedelta(days=30),
        review_date=today + timedelta(days=10),
    )
    side = int(n**0.5) + 1
    people = [
        {
            "id": i + 1,
            "response_id": db.response_id,
            "reference": f"YP-{i + 1:04d}",
            "given_name": "Bench",
            "family_name": f"Person{i}",
            "inclusion": "in_scope",
            "looked_after": i % 17 == 0,
            "ehe_cme": False,
            "pinned": False,
            "map_x": (i % side) * 90.0 + rng.uniform(-20, 20),
            "map_y": (i // side) * 90.0 + rng.uniform(-20, 20),
            "date_added": today - timedelta(days=20),
        }
        for i in range(n)
    ]
    links = []
    seen: set[tuple[int, int]] = set()
    while len(links) < 4 * n:
        a = rng.randrange(n)
        # Mostly near neighbours, as real networks are, some far.
        b = (
            a + rng.choice([1, -1, side, -side, side + 1])
            if rng.random() < 0.85
            else rng.randrange(n)
        )
        if not 0 <= b < n or a == b or (min(a, b), max(a, b)) in seen:
            continue
        seen.add((min(a, b), max(a, b)))
        links.append(
            {
                "response_id": db.response_id,
                "person_a_id": a + 1,
                "person_b_id": b + 1,
                "mode": rng.choice(["real_life", "real_life", "online", "both"]),
                "kind": "friend",
                "source_agency": "School",
                "confidence": rng.choice(["confirmed", "reported", "suspected"]),
                "date_identified": today - timedelta(days=5),
                "status": "active",
            }
        )
    with db.session.begin() as s:
        s.execute(insert(YoungPerson), people)
        s.execute(insert(Connection), links)
    db.close()


CPU: dict[str, list[float]] = {}  # CPU milliseconds by figure, next to the wall times


def ms(fn, cpu_key: str | None = None) -> float:  # noqa: ANN001
    t, c = time.perf_counter(), time.process_time()
    fn()
    if cpu_key:
        CPU.setdefault(cpu_key, []).append((time.process_time() - c) * 1000.0)
    return (time.perf_counter() - t) * 1000.0


def load_average() -> float | None:
    return round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None


def drag(app, item, to) -> None:  # noqa: ANN001
    item.setPos(to)
    app.processEvents()  # the view repaints only the dirty region


def bench_size(app, path: Path, n: int, runs: int) -> dict[str, float]:  # noqa: ANN001
    from PySide6.QtCore import QPointF

    from app.models.database import open_database
    from app.views.map.page import MapPage
    from app.views.shell.store import Store

    opens, fulls, drags = [], [], []
    for _ in range(runs):
        db = open_database(path)
        store = Store(db)
        holder = {}

        def open_and_paint(store: Store = store, holder: dict = holder) -> None:
            page = MapPage(store)
            page.resize(1600, 1000)
            page.show()
            app.processEvents()
            page.view.fit()
            page.view.viewport().repaint()
            holder["page"] = page

        opens.append(ms(open_and_paint, f"open_paint_cpu_ms_{n}"))
        page = holder["page"]
        vp = page.view.viewport()
        for _ in range(3):
            fulls.append(ms(vp.repaint, f"full_repaint_cpu_ms_{n}"))
        item = list(page.scene.people.values())[n // 2]
        start = item.pos()
        page.view.set_fast(True)
        app.processEvents()  # a drag starts with one repaint without antialiasing
        for step in range(5):
            page.view.set_fast(True)
            to = start + QPointF(8 * (step + 1), 5 * (step + 1))
            drags.append(
                ms(lambda to=to, item=item: drag(app, item, to), f"drag_repaint_cpu_ms_{n}")
            )
        page.close()
        page.deleteLater()
        app.processEvents()
        db.close()
    return {
        f"open_paint_ms_{n}": round(statistics.median(opens), 1),
        f"full_repaint_ms_{n}": round(statistics.median(fulls), 1),
        f"drag_repaint_ms_{n}": round(statistics.median(drags), 1),
    }


def bench_layout(n: int, runs: int, with_networkx: bool) -> dict[str, float]:
    import networkx as nx

    from app.services.network import layouts

    rng = random.Random(3)
    nodes = list(range(n))
    edges = set()
    while len(edges) < 4 * n:
        a, b = rng.randrange(n), rng.randrange(n)
        if a != b:
            edges.add((min(a, b), max(a, b)))
    edges_l = sorted(edges)
    ours = [ms(lambda: layouts.force_directed(nodes, edges_l)) for _ in range(runs)]
    out = {f"layout_ms_{n}": round(statistics.median(ours), 1)}
    if with_networkx:
        g = nx.Graph(edges_l)
        try:
            out[f"layout_networkx_ms_{n}"] = round(ms(lambda: nx.spring_layout(g, seed=1)), 1)
        except ImportError:  # networkx needs scipy for graphs over 500 nodes
            pass
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--sizes", default="100,1000,5000")
    ap.add_argument("--no-networkx", action="store_true")
    args = ap.parse_args()
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    tmp = Path(tempfile.mkdtemp())
    results: dict[str, float | None] = {"load_avg_start": load_average()}
    for n in (int(x) for x in args.sizes.split(",")):
        path = tmp / f"bench{n}.circles"
        build_file(path, n)
        results.update(bench_size(app, path, n, args.runs))
    results.update(bench_layout(1000, args.runs, not args.no_networkx))
    results.update({k: round(statistics.median(v), 1) for k, v in CPU.items()})
    results["load_avg_end"] = load_average()
    if args.json:
        print(json.dumps(results))
    else:
        for k, v in results.items():
            print(f"{k:28s} {v if v is not None else '-':>10}")


if __name__ == "__main__":
    main()

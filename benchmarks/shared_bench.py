"""Shared responses on a local PostgreSQL server: one edit's round trip (median, 95th
percentile), two writers x 500 edits (lost updates must be 0), how long until another
window's listener has the change, how soon a window is live again once its server is back
after an outage, and the time to move a response file to the server and
back (the demo, and a fictional 2,000-person response). Starts a throwaway cluster
(tests/pg_cluster.py).

    python benchmarks/shared_bench.py [--json]
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select  # noqa: E402

from app.models.database import open_database  # noqa: E402
from app.models.entities import YoungPerson  # noqa: E402
from app.models.listen import Listener  # noqa: E402
from app.services.editing.editor import Editor  # noqa: E402
from app.services.editing.versions import StaleRowError  # noqa: E402
from app.services.files.demo import build_demo  # noqa: E402
from app.services.people import young_people as people  # noqa: E402
from tests.pg_cluster import Cluster  # noqa: E402

TITLE = "FICTIONAL demo: Northfield response"


def move_times(cluster: Cluster) -> dict:
    """Seconds to copy the demo and a 2,000-person response file to the server (checked row
    for row, as File > Move to shared server... does) and back into a new file."""
    import tempfile

    from app.services.files.transfer import copy_to_file, copy_to_server
    from benchmarks.latency_bench import build_response

    out: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, n in (("demo", 40), ("2000", 2000)):
            cluster.reset()
            path = Path(tmp) / f"{name}.circles"
            build_response(path, n)
            db = open_database(path)
            t = time.perf_counter()
            moved = copy_to_server(db, cluster.url())
            out[f"move_to_server_s_{name}"] = round(time.perf_counter() - t, 3)
            db.close()
            shared = open_database(moved.destination)
            t = time.perf_counter()
            copy_to_file(shared, Path(tmp) / f"{name} back.circles")
            out[f"move_back_to_file_s_{name}"] = round(time.perf_counter() - t, 3)
            shared.close()
            out[f"move_rows_{name}"] = sum(moved.counts.values())
    return out


def reconnect_times(cluster: Cluster) -> dict:
    """A window's Store through an outage (the server halted, then started again): seconds
    from the server accepting connections again to the window being live (listening again,
    refreshed), with the background retries' growing pause as the app schedules them; and
    one retry's own time, started the moment the server is back."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from app.views.shell.store import Store

    app = QApplication.instance() or QApplication([])

    def wait(done, limit: float = 90.0) -> None:  # noqa: ANN001
        end = time.perf_counter() + limit
        while not done() and time.perf_counter() < end:
            app.processEvents()
            time.sleep(0.002)

    cluster.reset()
    build_demo(cluster.url()).close()
    db = open_database(cluster.url("circles_app", TITLE))
    store = Store(db)
    out: dict = {}
    try:
        cluster.halt()
        wait(lambda: store.offline)
        wait(lambda: False, 5.0)  # a few retries fail meanwhile: the pause has grown
        cluster.start()
        t = time.perf_counter()
        wait(lambda: not store.offline)
        out["back_online_window_live_s"] = round(time.perf_counter() - t, 3)
        cluster.halt()
        wait(lambda: store.offline)
        cluster.start()
        t = time.perf_counter()
        assert store.connection is not None
        store.connection.retry_now()
        wait(lambda: not store.offline)
        out["back_online_one_retry_ms"] = round((time.perf_counter() - t) * 1000, 1)
    finally:
        if not cluster.running():
            cluster.start()
        store.close_listener()
        db.close()
    return out


def main() -> dict:
    cluster = Cluster()
    try:
        moves = move_times(cluster)
        reconnects = reconnect_times(cluster)
        cluster.reset()
        build_demo(cluster.url()).close()
        a = open_database(cluster.url("circles_app", TITLE))
        b = open_database(cluster.url("circles_app2", TITLE))
        ea, eb = Editor(a, user="a"), Editor(b, user="b")
        la, lb = Listener(a), Listener(b)
        with a.read() as s:
            ids = s.scalars(select(YoungPerson.id)).all()
        trips = []
        for n in range(200):
            t = time.perf_counter()
            ea.do(lambda s, n=n: people.update_person(s, ids[n % len(ids)], {"notes": f"t{n}"}))
            trips.append((time.perf_counter() - t) * 1000)
        for x in la.poll() + lb.poll():
            ea.seen(x["seq"])
            eb.seen(x["seq"])
        # Another window sees a change: from B's commit to A's listener having it.
        shows = []
        for n in range(50):
            t = time.perf_counter()
            eb.do(lambda s, n=n: people.update_person(s, ids[0], {"notes": f"s{n}"}))
            got = []
            while not got:
                got = la.poll()
            shows.append((time.perf_counter() - t) * 1000)
            ea.seen(got[-1]["seq"])
        rng = random.Random(7)
        last, refused, lost = {}, 0, 0
        for n in range(500):
            for ed, lis, name in ((ea, la, "a"), (eb, lb, "b")):
                for x in lis.poll():
                    ed.seen(x["seq"])
                p = rng.choice(ids[:4]) if rng.random() < 0.5 else rng.choice(ids)
                note = f"{name}{n}"
                try:
                    ed.do(lambda s, p=p, t=note: people.update_person(s, p, {"notes": t}))
                    last[p] = note
                except StaleRowError:
                    refused += 1
        with a.read() as s:
            notes = dict(s.execute(select(YoungPerson.id, YoungPerson.notes)).all())
        lost = sum(1 for p, note in last.items() if notes[p] != note)
        for x in (la, lb):
            x.close()
        a.close()
        b.close()
        q = statistics.quantiles(trips, n=20)
        return {
            "edit_round_trip_ms_median": round(statistics.median(trips), 2),
            "edit_round_trip_ms_p95": round(q[18], 2),
            "two_writers_edits": 1000,
            "two_writers_refused": refused,
            "lost_updates": lost,
            "other_window_sees_change_ms_median": round(statistics.median(shows), 2),
            "other_window_sees_change_ms_max": round(max(shows), 2),
            **moves,
            **reconnects,
        }
    finally:
        cluster.stop()


if __name__ == "__main__":
    result = main()
    if "--json" in sys.argv:
        print(json.dumps(result))
    else:
        for k, v in result.items():
            print(f"{k}: {v}")

"""How long the prompts engine takes on a large fictional response (not a test).

Usage: python benchmarks/prompts_speed.py [--people 400] [--links 3]
Builds a throwaway response with PEOPLE invented young people in 8 settings and 2 online
spaces, about PEOPLE * LINKS active connections and a concern for one in four, then times
`prompts_for` (every rule, including betweenness for bridges) and the exposure highlight.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from app.models.database import create_database
from app.models.entities import Concern, Connection, Setting, YoungPerson
from app.services.network.exposure import exposure
from app.services.network.snapshot import known_as_at
from app.services.prompts.engine import prompts_for


def build(path: Path, people: int, links: int, seed: int = 3):  # noqa: ANN201
    rng = random.Random(seed)
    today = date.today()
    db = create_database(
        path,
        title="FICTIONAL benchmark",
        lead_area="Benchshire",
        referral_date=today - timedelta(days=60),
        review_date=today + timedelta(days=20),
    )
    with db.session.begin() as s:
        rid = db.response_id
        settings = [
            Setting(response_id=rid, kind="school", name=f"School {i} (fictional)", area="A")
            for i in range(8)
        ] + [
            Setting(response_id=rid, kind="group_chat", name=f"Chat {i} (fictional)")
            for i in range(2)
        ]
        s.add_all(settings)
        s.flush()
        persons = [
            YoungPerson(
                response_id=rid,
                reference=f"YP-{i + 1:03d}",
                given_name="Fictional",
                family_name=f"Person{i}",
                setting_id=settings[i % 8].id,
                home_area="A" if i % 5 else "B",
            )
            for i in range(people)
        ]
        s.add_all(persons)
        s.flush()
        pairs: set[tuple[int, int]] = set()
        for p in persons:
            for _ in range(links):
                # Mostly within the same school, sometimes across.
                q = rng.choice(
                    persons[(persons.index(p) % 8) :: 8] if rng.random() < 0.8 else persons
                )
                a, b = sorted((p.id, q.id))
                if a == b or (a, b) in pairs:
                    continue
                pairs.add((a, b))
                online = rng.random() < 0.3
                s.add(
                    Connection(
                        response_id=rid,
                        person_a_id=a,
                        person_b_id=b,
                        mode="online" if online else "real_life",
                        kind="group_chat" if online else "friend",
                        setting_id=settings[8 + rng.randrange(2)].id if online else None,
                        source_agency="School",
                        confidence=rng.choice(["confirmed", "reported", "suspected"]),
                        date_identified=today - timedelta(days=rng.randrange(60)),
                    )
                )
        for p in rng.sample(persons, people // 4):
            day = today - timedelta(days=rng.randrange(90))
            s.add(
                Concern(
                    response_id=rid,
                    person_id=p.id,
                    date=day,
                    date_known=day,
                    reporting_agency="School",
                    category="self_injury",
                    setting_id=p.setting_id,
                )
            )
    return db, len(pairs)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--people", type=int, default=400)
    ap.add_argument("--links", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db, n_links = build(Path(tmp) / "bench.circles", args.people, args.links)
        with db.read() as s:
            t0 = time.perf_counter()
            found = prompts_for(s, db.response_id)
            t1 = time.perf_counter()
            known = known_as_at(s, db.response_id)
            t2 = time.perf_counter()
            exp = exposure(known, distance=2)
            t3 = time.perf_counter()
        db.close()
    print(f"{args.people} young people, {n_links} connections, {args.people // 4} concerns")
    print(f"prompts_for: {len(found)} prompts in {1000 * (t1 - t0):.0f} ms")
    print(
        f"known_as_at: {1000 * (t2 - t1):.0f} ms; exposure (2 links): {1000 * (t3 - t2):.0f} ms, {len(exp.people)} people"
    )


if __name__ == "__main__":
    main()

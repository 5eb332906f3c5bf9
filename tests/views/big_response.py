"""A large fictional response for layout tests: 2,000 young people in 150 settings, with
20 assessing agencies and 30 home areas, so every breakdown on the Coverage tab is long.
Seeded (printed by the tests that use it); every name is invented."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert

from app.models.database import create_database
from app.models.entities import Assessment, Connection, Setting, YoungPerson

SEED = 16


def build_big(path: Path, people: int = 2000, seed: int = SEED) -> None:
    rng = random.Random(seed)
    today = date.today()
    db = create_database(
        path,
        title="Large response (fictional)",
        lead_area="Area 1 (fictional)",
        referral_date=today - timedelta(days=60),
        review_date=today + timedelta(days=10),
    )
    rid = db.response_id
    agencies = [f"Agency {i} (fictional)" for i in range(1, 21)]
    areas = [f"Area {i} (fictional)" for i in range(1, 31)]
    settings = [
        {
            "id": i + 1,
            "response_id": rid,
            "kind": "school",
            "name": f"School number {i + 1} (fictional)",
            "area": rng.choice(areas),
        }
        for i in range(150)
    ]
    persons = [
        {
            "id": i + 1,
            "response_id": rid,
            "reference": f"YP-{i + 1}",
            "given_name": "Invented",
            "family_name": f"Person{i + 1}",
            "inclusion": "in_scope",
            "setting_id": rng.randrange(150) + 1,
            "home_area": rng.choice(areas),
            "lead_professional": f"Lead {rng.randrange(40)} (fictional)",
            "lead_agency": rng.choice(agencies),
            "looked_after": False,
            "ehe_cme": False,
            "pinned": False,
            # Placed on a grid, as a saved map is: the test is about the window, not layout.
            "map_x": (i % 45) * 90.0,
            "map_y": (i // 45) * 90.0,
            "date_added": today - timedelta(days=30),
        }
        for i in range(people)
    ]
    assessments = []
    for p in persons:
        status = rng.choice(["completed", "booked", "declined", "not_started"])
        day = today - timedelta(days=rng.randrange(-5, 40))
        done = status == "completed" and day <= today
        assessments.append(
            {
                "response_id": rid,
                "person_id": p["id"],
                "agency": rng.choice(agencies),
                "status": status if done or status != "completed" else "booked",
                "booked_date": day,
                "completed_date": day if done else None,
                "risk": rng.choice(["High", "Raised", "Low"]) if done else None,
            }
        )
    links = []
    seen: set[tuple[int, int]] = set()
    while len(links) < 2 * people:
        a, b = rng.randrange(people) + 1, rng.randrange(people) + 1
        if a == b or (min(a, b), max(a, b)) in seen:
            continue
        seen.add((min(a, b), max(a, b)))
        links.append(
            {
                "response_id": rid,
                "person_a_id": a,
                "person_b_id": b,
                "mode": rng.choice(["real_life", "online", "both"]),
                "kind": "friend",
                "source_agency": rng.choice(agencies),
                "confidence": rng.choice(["confirmed", "reported", "suspected"]),
                "date_identified": today - timedelta(days=5),
                "status": "active",
            }
        )
    with db.session.begin() as s:
        s.execute(insert(Setting), settings)
        s.execute(insert(YoungPerson), persons)
        s.execute(insert(Assessment), assessments)
        s.execute(insert(Connection), links)
    db.close()

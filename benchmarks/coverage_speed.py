"""How long the coverage figures take on a large response (not a test; run by hand).

Usage: python benchmarks/coverage_speed.py [PEOPLE]
Builds a fictional response with PEOPLE young people (default 2000) and about two
assessments each in a temporary file, then times coverage_for and the cumulative series.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from app.models.database import create_database
from app.models.entities import Assessment, YoungPerson
from app.services.coverage.figures import coverage_for


def main(people: int = 2000) -> None:
    rng = random.Random(1)
    today = date.today()
    with tempfile.TemporaryDirectory() as tmp:
        db = create_database(
            Path(tmp) / "big.circles",
            title="FICTIONAL benchmark",
            lead_area="Benchmarkshire",
            referral_date=today - timedelta(days=60),
            review_date=today + timedelta(days=5),
        )
        with db.session.begin() as s:
            rid = db.response_id
            persons = [
                YoungPerson(
                    response_id=rid,
                    reference=f"YP-{i + 1:04d}",
                    given_name="Fictional",
                    family_name=str(i),
                    home_area=rng.choice(["Benchmarkshire", "Elsewhere", None]),
                    lead_agency=rng.choice(["School", "CAMHS", None]),
                )
                for i in range(people)
            ]
            s.add_all(persons)
            s.flush()
            for p in persons:
                for _ in range(rng.randrange(0, 4)):
                    status = rng.choice(["completed", "booked", "declined", "not_required"])
                    day = today - timedelta(days=rng.randrange(-10, 50))
                    s.add(
                        Assessment(
                            response_id=rid,
                            person_id=p.id,
                            agency=rng.choice(["School", "CAMHS"]),
                            status=status,
                            booked_date=day,
                            completed_date=day if status == "completed" and day <= today else None,
                            risk="Low" if status == "completed" else None,
                        )
                    )
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            with db.read() as s:
                cov = coverage_for(s, rid)
                cov.cumulative()
                cov.to_json()
            runs.append(time.perf_counter() - start)
        db.close()
    print(
        f"{people} young people: coverage_for + cumulative + to_json "
        f"best {min(runs) * 1000:.0f} ms, worst {max(runs) * 1000:.0f} ms "
        f"({cov.in_scope} in scope, {cov.percent_assessed}% assessed)"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)

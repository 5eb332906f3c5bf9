"""changes_since_last_meeting(limit=N): the first N rows of the full list (the one the
workbook gets), whatever kinds they cross, with the counts still of everything."""

from __future__ import annotations

import random
from datetime import date, timedelta

from app.services.meetings.changes import changes_since_last_meeting
from app.services.meetings.meetings import add_meeting
from app.services.people.assessments import add_assessment
from app.services.people.connections import add_connection
from app.services.people.young_people import add_person

TODAY = date.today()


def test_a_limited_list_is_the_start_of_the_full_one(editor, new_db):
    seed = 1414
    print("seed", seed)
    rnd = random.Random(seed)
    rid = new_db.response_id

    def day() -> date:
        return TODAY - timedelta(days=rnd.randrange(0, 40))

    ids = []
    for _ in range(30):
        values = {"given_name": "Ada", "family_name": "Fictional", "date_added": day()}
        ids.append(editor.do(lambda s, v=values: add_person(s, rid, v)).ops[0].id)
    editor.do(lambda s: add_meeting(s, rid, {"type": "scoping", "date": TODAY - timedelta(20)}))
    pairs = rnd.sample([(a, b) for a in ids for b in ids if a < b], 25)
    for a, b in pairs:
        values = {
            "person_a_id": a,
            "person_b_id": b,
            "mode": "online",
            "kind": "group_chat",
            "source_agency": "School",
            "confidence": "reported",
            "date_identified": day(),
        }
        editor.do(lambda s, v=values: add_connection(s, rid, v))
    for pid in ids[:12]:
        values = {
            "person_id": pid,
            "agency": "CAMHS",
            "status": "completed",
            "completed_date": day(),
            "risk": rnd.choice(["Raised", "Low"]),
        }
        editor.do(lambda s, v=values: add_assessment(s, rid, v))
    with new_db.read() as s:
        full = changes_since_last_meeting(s, rid, TODAY)
        counts = full.counts()
        assert counts["Young person added"] and counts["Connection added"]
        assert counts["Assessment completed"]
        for limit in (0, 1, 7, counts["Young person added"], 25, 40, 10_000):
            part = changes_since_last_meeting(s, rid, TODAY, limit=limit)
            assert part.rows() == full.rows()[:limit], limit
            assert part.counts() == counts and part.total == len(full.rows())
            assert part.heading == full.heading

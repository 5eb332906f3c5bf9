"""The read models the forms and the Concerns/Assessments pages use, without Qt."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta

from app.models.entities import YoungPerson
from app.services.meetings.meetings import add_meeting
from app.services.people.assessments import add_assessment
from app.services.people.concerns import add_concern
from app.services.people.places import add_setting
from app.services.people.young_people import add_person
from app.services.queries import pickers
from app.services.queries.assessments import assessment_rows
from app.services.queries.concerns import concern_rows

TODAY = date.today()


def _people(editor, refs: list[str]) -> dict[str, int]:
    rid = editor.db.response_id
    ids = {}
    for ref in refs:
        applied = editor.do(
            lambda s, r=ref: add_person(
                s,
                rid,
                {"reference": r, "given_name": "Test", "family_name": r, "lead_agency": "School"},
            )
        )
        ids[ref] = applied.ops[0].id
    return ids


def test_pickers_offer_people_in_natural_order_and_settings_alphabetically(editor):
    rid = editor.db.response_id
    ids = _people(editor, ["YP-10", "YP-2", "YP-100", "YP-11"])
    for name in ("beech school", "Ash Academy", "Cedar College"):
        editor.do(lambda s, n=name: add_setting(s, rid, {"name": n, "kind": "school"}))
    editor.do(lambda s: add_meeting(s, rid, {"type": "scoping", "date": TODAY}))
    editor.do(lambda s: add_meeting(s, rid, {"type": "strategic", "date": TODAY - timedelta(7)}))
    with editor.db.read() as s:
        people = pickers.people(s, rid)
        assert [p.reference for p in people] == ["YP-2", "YP-10", "YP-11", "YP-100"]
        assert people[0].id == ids["YP-2"] and people[0].full_name == "Test YP-2"
        names = [n for _i, n in pickers.settings(s, rid)]
        assert names == ["Ash Academy", "beech school", "Cedar College"]
        meetings = pickers.meetings(s, rid)
        assert [m.type for m in meetings] == ["strategic", "scoping"]
        scale = pickers.scales(s, rid)
        assert scale.risk_levels == ["High", "Raised", "Low"]
        assert scale.referral_date == TODAY - timedelta(days=14)
        record = pickers.record(s, YoungPerson, ids["YP-11"])
        assert record is not None and record["family_name"] == "YP-11"
        assert pickers.record(s, YoungPerson, 99999) is None
        assert pickers.record(s, YoungPerson, None) is None


def test_concern_rows_newest_first_with_owner_and_setting(editor):
    rid = editor.db.response_id
    ids = _people(editor, ["YP-1", "YP-2"])
    setting = (
        editor.do(lambda s: add_setting(s, rid, {"name": "Ash Academy", "kind": "school"}))
        .ops[0]
        .id
    )
    for ref, days in (("YP-1", 5), ("YP-2", 1)):
        day = TODAY - timedelta(days=days)
        editor.do(
            lambda s, p=ids[ref], d=day: add_concern(
                s,
                rid,
                {
                    "person_id": p,
                    "date": d,
                    "date_known": d,
                    "reporting_agency": "CAMHS",
                    "category": "self_injury",
                    "setting_id": setting,
                    "others_present": True,
                },
            )
        )
    with editor.db.read() as s:
        rows = concern_rows(s, rid)
    assert [r.reference for r in rows] == ["YP-2", "YP-1"]
    assert rows[0].person_id == ids["YP-2"] and rows[0]["setting"] == "Ash Academy"
    assert rows[0].owner == "School" and rows[0].category == "self_injury"
    assert rows[0].contagion  # the indicators in words


def test_assessment_rows_in_natural_order_with_lead(editor):
    rid = editor.db.response_id
    ids = _people(editor, ["YP-10", "YP-9"])
    for ref in ("YP-10", "YP-9"):
        editor.do(
            lambda s, p=ids[ref]: add_assessment(
                s, rid, {"person_id": p, "agency": "School", "status": "declined"}
            )
        )
    with editor.db.read() as s:
        rows = assessment_rows(s, rid)
    assert [r.reference for r in rows] == ["YP-9", "YP-10"]
    assert rows[0].lead == "School" and rows[0].status == "declined"


def test_the_read_models_import_with_qt_blocked():
    code = (
        "import sys; sys.modules['PySide6'] = None; "
        "import app.services.queries.pickers, app.services.queries.concerns, "
        "app.services.queries.assessments"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr

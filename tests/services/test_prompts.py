"""Prompt rules on small hand-built responses: each rule, its boundaries, dismissals."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app.models.database import Database, current_user
from app.models.entities import (
    Attendance,
    AuditEntry,
    Meeting,
    ParentalContact,
    PromptDismissal,
    YoungPerson,
)
from app.services.editing.editor import Editor
from app.services.editing.validation import ValidationError
from app.services.network.exposure import NOT_ASSESSED_MARK, exposure
from app.services.network.snapshot import known_as_at
from app.services.prompts.engine import dismiss_prompt, prompts_for, restore_prompt
from tests.services.response_builder import D0, Builder

TODAY = date.today()


@pytest.fixture
def b(new_db: Database, editor: Editor) -> Builder:
    return Builder(new_db, editor)


# ----- same setting -------------------------------------------------------------------


def test_two_concerns_exactly_n_days_apart_in_one_setting_prompt(b):
    b.setting("Oak School")
    b.person("YP-01", "Oak School")
    b.person("YP-02", "Oak School")
    b.concern("YP-01", D0)
    b.concern("YP-02", D0 + timedelta(days=42))  # the default window is 42 days
    [p] = b.prompts("same_setting")
    assert p.people == ["YP-01", "YP-02"]
    assert p.settings == ["Oak School"]
    assert (p.first_date, p.last_date) == (D0, D0 + timedelta(days=42))
    assert p.text.startswith("Consider ")
    # Unconnected people in one setting still prompt, and the text says they are unconnected.
    assert "No connection between them is recorded" in p.text


def test_two_concerns_n_plus_one_days_apart_do_not_prompt(b):
    b.setting("Oak School")
    b.person("YP-01", "Oak School")
    b.person("YP-02", "Oak School")
    b.concern("YP-01", D0)
    b.concern("YP-02", D0 + timedelta(days=43))
    assert b.prompts("same_setting") == []


def test_window_is_the_response_setting(b, new_db):
    from app.services.people.response_details import update_response

    b.setting("Oak School")
    b.person("YP-01", "Oak School")
    b.person("YP-02", "Oak School")
    b.concern("YP-01", D0)
    b.concern("YP-02", D0 + timedelta(days=20))
    assert len(b.prompts("same_setting")) == 1
    b.editor.do(lambda s: update_response(s, new_db.response_id, {"prompt_window_days": 19}))
    assert b.prompts("same_setting") == []


def test_one_young_person_with_two_concerns_is_not_two_people(b):
    b.setting("Oak School")
    b.person("YP-01", "Oak School")
    b.concern("YP-01", D0)
    b.concern("YP-01", D0 + timedelta(days=3))
    assert b.prompts("same_setting") == []


# ----- connected concerns -------------------------------------------------------------


def _triangle(b: Builder, **link_args) -> None:
    b.setting("Oak School")
    for ref in ("YP-01", "YP-02", "YP-03"):
        b.person(ref, "Oak School")
    b.link("YP-01", "YP-02")
    b.link("YP-02", "YP-03", **link_args)
    for n, ref in enumerate(("YP-01", "YP-02", "YP-03")):
        b.concern(ref, D0 + timedelta(days=10 * n))


def test_three_connected_people_with_concerns_in_the_window(b):
    _triangle(b)
    [p] = b.prompts("linked_concerns")
    assert p.people == ["YP-01", "YP-02", "YP-03"]
    assert "suspected" not in p.text


def test_disproved_connection_is_ignored(b):
    _triangle(b, status="disproved")
    assert b.prompts("linked_concerns") == []


def test_suspected_connection_counts_and_is_named_as_suspected(b):
    _triangle(b, confidence="suspected")
    [p] = b.prompts("linked_concerns")
    assert p.people == ["YP-01", "YP-02", "YP-03"]
    assert "YP-02–YP-03 is only suspected" in p.text


def test_linked_concerns_need_concerns_within_the_window(b):
    b.setting("Oak School")
    for ref in ("YP-01", "YP-02", "YP-03"):
        b.person(ref, "Oak School")
    b.link("YP-01", "YP-02")
    b.link("YP-02", "YP-03")
    b.concern("YP-01", D0 - timedelta(days=60))
    b.concern("YP-02", D0)
    b.concern("YP-03", D0 + timedelta(days=43))
    assert b.prompts("linked_concerns") == []


# ----- across settings and areas -------------------------------------------------------


def test_connected_people_in_two_settings(b):
    b.setting("Oak School")
    b.setting("Elm College")
    b.person("YP-01", "Oak School")
    b.person("YP-02", "Elm College")
    b.link("YP-01", "YP-02", confidence="suspected")
    b.concern("YP-01", D0 - timedelta(days=100))  # no window for this rule
    b.concern("YP-02", D0)
    [p] = b.prompts("cross_boundary")
    assert p.people == ["YP-01", "YP-02"]
    assert sorted(p.settings) == ["Elm College", "Oak School"]
    assert "Consider sharing information between Elm College and Oak School" in p.text
    assert "YP-01–YP-02 (suspected)" in p.text


def test_connected_people_in_two_areas_prompt_cross_boundary_agreement(b):
    b.setting("Oak School")
    b.person("YP-01", "Oak School", home_area="Testshire")
    b.person("YP-02", "Oak School", home_area="Otherby")
    b.link("YP-01", "YP-02")
    b.concern("YP-01", D0)
    b.concern("YP-02", D0)
    [p] = b.prompts("cross_boundary")
    assert "cross-boundary agreement between Otherby and Testshire" in p.text


def test_unconnected_people_in_two_settings_do_not_prompt_cross_boundary(b):
    b.setting("Oak School")
    b.setting("Elm College")
    b.person("YP-01", "Oak School")
    b.person("YP-02", "Elm College")
    b.link("YP-01", "YP-02", status="disproved")
    b.concern("YP-01", D0)
    b.concern("YP-02", D0)
    assert b.prompts("cross_boundary") == []


# ----- online space --------------------------------------------------------------------


def test_online_space_shared_by_two_people_with_concerns(b):
    b.setting("Oak School")
    b.setting("'Night owls' chat", kind="group_chat", area=None)
    b.person("YP-01", "Oak School")
    b.person("YP-02", "Oak School")
    b.person("YP-03", "Oak School")
    b.link("YP-01", "YP-02", mode="online", kind="group_chat", setting="'Night owls' chat")
    b.link(
        "YP-02",
        "YP-03",
        mode="online",
        kind="group_chat",
        setting="'Night owls' chat",
        confidence="suspected",
    )
    b.concern("YP-01", D0 - timedelta(days=200))
    b.concern("YP-03", D0)
    [p] = b.prompts("online_space")
    assert p.people == ["YP-01", "YP-03"]
    assert p.settings == ["'Night owls' chat"]
    assert "The link of YP-03 to it is only suspected" in p.text


# ----- exposure ------------------------------------------------------------------------


def _chain(b: Builder) -> None:
    """YP-01 (concern) - YP-02 - YP-03 - YP-04, YP-02 online only."""
    b.setting("Oak School")
    for ref in ("YP-01", "YP-02", "YP-03", "YP-04"):
        b.person(ref, "Oak School")
    b.link("YP-01", "YP-02", mode="online", kind="direct_messages")
    b.link("YP-02", "YP-03")
    b.link("YP-03", "YP-04")
    b.concern("YP-01", TODAY - timedelta(days=5))


def test_exposure_at_distance_1_and_2(b, new_db):
    _chain(b)
    b.assessed("YP-03", TODAY - timedelta(days=1))  # assessed since the concern
    with new_db.read() as s:
        known = known_as_at(s, new_db.response_id)
        one = exposure(known, distance=1)
        two = exposure(known, distance=2)
        real_life = exposure(known, distance=2, mode="real_life")
    ids = b.ids
    assert set(one.reached) == {ids["YP-02"]}
    assert two.reached == {ids["YP-02"]: 1, ids["YP-03"]: 2}
    assert two.marks == {ids["YP-01"]: NOT_ASSESSED_MARK, ids["YP-02"]: NOT_ASSESSED_MARK}
    assert ids["YP-04"] not in two.people  # three links away
    assert real_life.reached == {}  # the only link from YP-01 is online
    [p] = b.prompts("exposure")
    assert p.people == ["YP-01", "YP-02"]
    assert "YP-02 (1 link)" in p.text and "YP-03" not in p.text


def test_exposure_ignores_concerns_outside_the_window(b):
    _chain(b)
    b.concern("YP-04", TODAY - timedelta(days=100))
    with b.db.read() as s:
        known = known_as_at(s, b.rid)
    assert set(exposure(known).sources) == {b.ids["YP-01"]}


def test_assessment_older_than_the_concern_is_marked(b, new_db):
    _chain(b)
    b.assessed("YP-02", TODAY - timedelta(days=30))
    with new_db.read() as s:
        two = exposure(known_as_at(s, new_db.response_id))
    assert two.marks[b.ids["YP-02"]] == NOT_ASSESSED_MARK


# ----- bridges and groups --------------------------------------------------------------


def test_bridge_is_described_in_words(b):
    b.setting("Oak School")
    b.setting("'Blockbuilders' server", kind="gaming_server", area=None)
    for ref in ("YP-01", "YP-02", "YP-03"):
        b.person(ref, "Oak School")
    for ref in ("YP-04", "YP-05", "YP-06"):
        b.person(ref)
    b.link("YP-01", "YP-02")
    b.link("YP-02", "YP-03")
    b.link("YP-01", "YP-03")
    for x, y in (("YP-04", "YP-05"), ("YP-05", "YP-06"), ("YP-04", "YP-06")):
        b.link(x, y, mode="online", kind="gaming_group", setting="'Blockbuilders' server")
    b.person("YP-07")
    b.link("YP-03", "YP-07")
    b.link("YP-07", "YP-04", mode="online", kind="gaming_group")
    b.concern("YP-01", D0)
    bridges = b.prompts("bridge")
    assert "YP-07" in [p.people[0] for p in bridges]
    p = next(p for p in bridges if p.people == ["YP-07"])
    assert "links the Oak School group and the 'Blockbuilders' server group" in p.text
    assert not re.search(r"\d", re.sub(r"YP-\d+", "", p.text))  # never a number or score


def test_groups_are_components_of_people_with_concerns_and_can_be_named(b, new_db):
    from app.services.network.groups import concern_groups, group_names, name_group

    _triangle(b)
    b.person("YP-09", "Oak School")
    b.concern("YP-09", D0)  # a concern, but connected to no one: not a group
    with new_db.read() as s:
        [g] = concern_groups(known_as_at(s, new_db.response_id))
    assert g.references == ("YP-01", "YP-02", "YP-03")
    assert g.settings[0] == "Oak School"
    assert (g.first_date, g.last_date) == (D0, D0 + timedelta(days=20))
    b.editor.do(lambda s: name_group(s, new_db.response_id, g, "Oak Y9 friends"))
    # A fourth young person joins: the name follows the group.
    b.person("YP-04", "Oak School")
    b.link("YP-03", "YP-04")
    b.concern("YP-04", D0)
    with new_db.read() as s:
        [g2] = concern_groups(known_as_at(s, new_db.response_id), group_names(s, b.rid))
    assert g2.size == 4 and g2.label == "Oak Y9 friends"
    with pytest.raises(ValidationError):
        with new_db.read() as s:
            name_group(s, b.rid, g, "   ")


# ----- meetings --------------------------------------------------------------------------


def _meeting(b: Builder, roles: list[str]) -> None:
    with b.db.session.begin() as s:
        m = Meeting(response_id=b.rid, type="strategic", date=TODAY + timedelta(days=5))
        s.add(m)
        s.flush()
        for role in roles:
            s.add(Attendance(meeting_id=m.id, role=role, status="invited"))


def test_looked_after_child_and_no_children_in_care_nurse_invited(b):
    b.person("YP-01", looked_after=True)
    b.person("YP-02")
    _meeting(b, ["Police", "CAMHS"])
    [p] = b.prompts("invite_looked_after")
    assert p.people == ["YP-01"]
    assert p.text.startswith("Consider inviting the Children in Care Specialist Nurse")


def test_no_prompt_when_the_matching_role_is_invited(b):
    b.person("YP-01", looked_after=True, ehe_cme=True)
    _meeting(b, ["Children in Care Specialist Nurse", "EHE/CME lead"])
    assert b.prompts("invite_looked_after") == []
    assert b.prompts("invite_ehe_cme") == []


def test_previous_school_and_adult_roles(b):
    b.setting("Old School")
    b.person("YP-01", previous_setting_id=None)
    with b.db.session.begin() as s:
        s.get(YoungPerson, b.ids["YP-01"]).previous_setting_id = b.settings["Old School"]
    b.person("YP-02", date_of_birth=TODAY.replace(year=TODAY.year - 19))
    _meeting(b, ["Police"])
    [prev] = b.prompts("invite_previous_school")
    assert prev.people == ["YP-01"] and "Old School" in prev.text
    [adult] = b.prompts("invite_adult_services")
    assert adult.people == ["YP-02"]


def test_school_meeting_with_parents_not_informed(b):
    b.person("YP-01")
    b.person("YP-02")
    with b.db.session.begin() as s:
        s.add(
            ParentalContact(
                response_id=b.rid,
                person_id=b.ids["YP-01"],
                school_meeting_date=TODAY + timedelta(days=2),
            )
        )
        s.add(
            ParentalContact(
                response_id=b.rid,
                person_id=b.ids["YP-02"],
                school_meeting_date=TODAY + timedelta(days=2),
                informed_date=TODAY,
            )
        )
    [p] = b.prompts("parents_not_informed")
    assert p.people == ["YP-01"]
    with b.db.session.begin() as s:
        s.add(
            ParentalContact(
                response_id=b.rid,
                person_id=b.ids["YP-01"],
                decided_not_to_inform=True,
                reason="Fictional: recorded decision",
            )
        )
    assert b.prompts("parents_not_informed") == []


# ----- as at ------------------------------------------------------------------------------


def test_as_of_counts_only_what_was_known_then(b):
    b.setting("Oak School")
    b.person("YP-01", "Oak School")
    b.person("YP-02", "Oak School")
    b.concern("YP-01", D0)
    b.concern("YP-02", D0 + timedelta(days=5), known=D0 + timedelta(days=20))
    assert b.prompts("same_setting", as_of=D0 + timedelta(days=10)) == []
    assert len(b.prompts("same_setting", as_of=D0 + timedelta(days=20))) == 1


# ----- dismissal ---------------------------------------------------------------------------


def test_dismissing_needs_a_reason_and_is_recorded_and_audited(b):
    _triangle(b)
    [p] = b.prompts("linked_concerns")
    with pytest.raises(ValidationError, match="reason"):
        b.editor.do(lambda s: dismiss_prompt(s, b.rid, p, "   "))
    with b.db.read() as s:
        assert s.scalars(select(PromptDismissal)).all() == []
    b.editor.do(lambda s: dismiss_prompt(s, b.rid, p, "Fictional: known siblings, plan agreed"))
    [again] = b.prompts("linked_concerns")
    assert again.dismissed and again.key == p.key
    assert again.dismissed_reason == "Fictional: known siblings, plan agreed"
    assert again.dismissed_by == current_user()
    with b.db.read() as s:
        audit = s.scalars(select(AuditEntry).where(AuditEntry.entity == "prompt_dismissal")).all()
        assert len(audit) == 1 and "known siblings" in (audit[0].new or "")
        assert audit[0].action.startswith("Dismiss prompt")
    b.editor.undo()
    assert not b.prompts("linked_concerns")[0].dismissed


def test_dismissed_prompt_returns_when_its_people_change(b):
    _triangle(b)
    [p] = b.prompts("linked_concerns")
    b.editor.do(lambda s: dismiss_prompt(s, b.rid, p, "Fictional: discussed"))
    b.concern("YP-02", D0 + timedelta(days=12))  # same people: still dismissed
    assert b.prompts("linked_concerns")[0].dismissed
    b.person("YP-04", "Oak School")
    b.link("YP-03", "YP-04")
    b.concern("YP-04", D0 + timedelta(days=25))
    [back] = b.prompts("linked_concerns")
    assert back.people == ["YP-01", "YP-02", "YP-03", "YP-04"]
    assert not back.dismissed


def test_restore_and_double_dismiss(b):
    _triangle(b)
    [p] = b.prompts("linked_concerns")
    b.editor.do(lambda s: dismiss_prompt(s, b.rid, p, "Fictional: discussed"))
    with pytest.raises(ValidationError, match="already dismissed"):
        b.editor.do(lambda s: dismiss_prompt(s, b.rid, p, "again"))
    b.editor.do(lambda s: restore_prompt(s, b.rid, p))
    assert not b.prompts("linked_concerns")[0].dismissed


# ----- demo and command line ------------------------------------------------------------------


def test_demo_has_prompts_of_many_rules(demo_db):
    with demo_db.read() as s:
        found = prompts_for(s, demo_db.response_id)
    rules = {p.rule for p in found}
    assert {
        "same_setting",
        "linked_concerns",
        "cross_boundary",
        "online_space",
        "exposure",
        "bridge",
        "invite_looked_after",
        "parents_not_informed",
    } <= rules
    assert all(p.text.startswith("Consider ") for p in found)
    assert not any("member" in p.text.lower() for p in found)


def test_cli_prompts_json(tmp_path: Path, b):
    _triangle(b)
    b.db.close()
    root = Path(__file__).parents[2]
    r = subprocess.run(
        [sys.executable, "-m", "app", "prompts", str(b.db.path), "--json"],
        capture_output=True,
        text=True,
        cwd=root,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data and set(data[0]) == {
        "rule",
        "people",
        "settings",
        "first_date",
        "last_date",
        "text",
        "dismissed",
    }
    linked = [d for d in data if d["rule"] == "linked_concerns"]
    assert linked[0]["people"] == ["YP-01", "YP-02", "YP-03"]
    assert linked[0]["dismissed"] is False
    readable = subprocess.run(
        [sys.executable, "-m", "app", "prompts", str(b.db.path)],
        capture_output=True,
        text=True,
        cwd=root,
        timeout=120,
    )
    assert readable.stdout.startswith("OFFICIAL-SENSITIVE")
    assert "[linked_concerns] YP-01, YP-02, YP-03" in readable.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "app", "prompts", str(b.db.path), "--as-of", "yesterday"],
        capture_output=True,
        text=True,
        cwd=root,
        timeout=120,
    )
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr


def test_the_rules_listed_in_the_readme_are_the_registry_in_its_order(demo_db):
    """One registry: each finding function declares its rules (ids, labels), prompts are
    listed in that order, the README's table shows the same ids in the same order, and a
    function only returns prompts of the rules it declares."""
    from app.services.prompts.rules import CHECKS, RULES

    declared = [r.id for check in CHECKS for r in check.rules]
    assert declared == list(RULES) and len(set(declared)) == len(declared) == 11
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    table = re.findall(r"^\| `(\w+)` \|", readme, flags=re.MULTILINE)
    assert table == declared
    with demo_db.read() as s:
        known = known_as_at(s, demo_db.response_id, TODAY)
        found = set()
        for check in CHECKS:
            own = {r.id for r in check.rules}
            for finding in check(known, s):
                assert finding.rule in own, (check.name, finding.rule)
                found.add(finding.rule)
        prompts = prompts_for(s, demo_db.response_id, TODAY)
    assert len(found) >= 6
    ranks = [declared.index(p.rule) for p in prompts]
    assert ranks == sorted(ranks)
    assert {p.rule_label for p in prompts} <= {r.label for r in RULES.values()}

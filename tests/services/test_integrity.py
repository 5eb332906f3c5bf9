"""`check` finds what a broken write or a damaged disk would leave behind."""

from __future__ import annotations

import sqlite3

import pytest

from app.services.files.integrity import check_file, inspect


def tamper(path, *statements: str) -> None:
    con = sqlite3.connect(path)
    con.execute("PRAGMA foreign_keys=OFF")
    for sql in statements:
        con.execute(sql)
    con.commit()
    con.close()


def test_the_demo_is_healthy(demo_db):
    demo_db.close()
    assert check_file(demo_db.path) == []


@pytest.mark.parametrize(
    ("statements", "expected"),
    [
        (
            [
                "UPDATE assessment SET completed_date = NULL "
                "WHERE id = (SELECT min(id) FROM assessment WHERE status = 'completed')"
            ],
            "is completed but has no completed date or no assessed risk",
        ),
        (
            [
                "INSERT INTO response (title, lead_area, referral_date, review_date, stage,"
                " protective_marking, prompt_window_days, risk_scale, need_levels, is_demo)"
                " VALUES ('Other', 'X', '2026-01-01', '2026-02-01', 'scoping', 'O', 42, 'High',"
                " 'L1', 0)",
                "INSERT INTO young_person (response_id, reference, given_name, family_name,"
                " inclusion, looked_after, ehe_cme, pinned, date_of_birth) SELECT 2, 'YP-90',"
                " given_name, family_name, 'in_scope', 0, 0, 0, date_of_birth FROM young_person"
                " WHERE id = (SELECT min(id) FROM young_person)",
            ],
            "appears in more than one response",
        ),
        (
            [
                "UPDATE connection SET kind = 'best_mates' WHERE id = (SELECT min(id) FROM"
                " connection)"
            ],
            "has an unknown kind 'best_mates'",
        ),
        (
            [
                "INSERT INTO connection (response_id, person_a_id, person_b_id, mode, kind,"
                " source_agency, confidence, date_identified, status) SELECT response_id,"
                " person_a_id, person_b_id, mode, kind, source_agency, confidence,"
                " date_identified, 'active' FROM connection WHERE status = 'active'"
                " AND person_b_id IS NOT NULL ORDER BY id LIMIT 1"
            ],
            "repeats another active connection of the same kind",
        ),
        (
            ["UPDATE assessment SET status = 'booked', booked_date = NULL WHERE id = 1"],
            "is booked but has no booked date",
        ),
        (
            ["UPDATE young_person SET date_of_birth = '2999-01-01' WHERE id = 1"],
            "has a date of birth in the future",
        ),
        (
            ["UPDATE response SET review_date = '2000-01-01'"],
            "review date (2000-01-01) is before its referral date",
        ),
        (["UPDATE concern SET person_id = 99999 WHERE id = 1"], "refers to a missing young_person"),
    ],
)
def test_broken_rules_are_reported_one_sentence_each(demo_db, statements, expected):
    demo_db.close()
    tamper(demo_db.path, *statements)
    report = inspect(demo_db.path)
    assert not report.damaged
    assert any(expected in p for p in report.problems), report.problems


def test_a_row_pointing_into_another_response_is_reported(demo_db):
    demo_db.close()
    tamper(
        demo_db.path,
        "INSERT INTO response (title, lead_area, referral_date, review_date, stage,"
        " protective_marking, prompt_window_days, risk_scale, need_levels, is_demo)"
        " VALUES ('Other', 'X', '2026-01-01', '2026-02-01', 'scoping', 'O', 42, 'High', 'L1', 0)",
        "INSERT INTO setting (response_id, kind, name) VALUES (2, 'school', 'Elsewhere')",
        "UPDATE young_person SET setting_id = (SELECT max(id) FROM setting) WHERE id = 1",
    )
    problems = check_file(demo_db.path)
    assert any("young person 1 refers to a setting of another response" in p for p in problems)
    assert any("exactly one response" in p for p in problems)


def test_a_damaged_file_is_damage_not_a_rule(demo_db):
    demo_db.close()
    raw = bytearray(demo_db.path.read_bytes())
    raw[4096 * 3 : 4096 * 4] = b"\x00\x13" * 2048
    demo_db.path.write_bytes(bytes(raw))
    report = inspect(demo_db.path)
    assert report.damaged
    assert check_file(demo_db.path) == report.damage + report.problems


def test_completed_before_its_booked_date_is_healthy(demo_db):
    # An assessment done earlier than its booked appointment is a fact, not a fault; the
    # form allows it, so the check must not call the file broken for it.
    path = demo_db.path
    demo_db.close()
    con = sqlite3.connect(path)
    con.execute(
        "UPDATE assessment SET booked_date = '2026-03-10', completed_date = '2026-03-01' "
        "WHERE id = (SELECT min(id) FROM assessment WHERE status = 'completed')"
    )
    con.commit()
    con.close()
    assert check_file(path) == []

"""Issue 13 point 5, one answer per question: who owns the next step, and the order of
references, are the same in the workbook, the coverage list, the map data and the CLI."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook

from app.models.database import Database
from app.services.coverage.figures import coverage_for
from app.services.editing.editor import Editor
from app.services.queries.map_data import load_map
from app.services.workbook import export_workbook
from tests.services.response_builder import D0, Builder
from tests.test_cli import circles

# One fictional person per combination of what is recorded about their lead.
LEADS = {
    "YP-1": ("Sam Lead (fictional)", "CAMHS", "Sam Lead (fictional) (CAMHS)"),
    "YP-2": (None, "School", "School"),
    "YP-10": ("Alex Lead (fictional)", None, "Alex Lead (fictional)"),
    "YP-11": (None, None, "No lead recorded"),
    "YP-100": ("  ", "Early Help", "Early Help"),
}
ORDER = ["YP-1", "YP-2", "YP-10", "YP-11", "YP-100"]


@pytest.fixture
def response(new_db: Database, editor: Editor) -> tuple[Database, dict[str, int]]:
    """Five young people at one school, added out of order, each with a recent concern."""
    b = Builder(new_db, editor)
    b.setting("Oak School (fictional)")
    for ref in ("YP-100", "YP-11", "YP-2", "YP-10", "YP-1"):
        who, agency, _ = LEADS[ref]
        b.person(ref, "Oak School (fictional)", lead_professional=who, lead_agency=agency)
        b.concern(ref, D0, "Oak School (fictional)")
    return new_db, b.ids


def _sheet(path) -> list[dict]:
    ws = load_workbook(path)["Young people"]
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=False)) for r in rows[1:] if r[0]]


def test_every_list_names_the_same_owner_of_the_next_step(response, tmp_path):
    db, ids = response
    want = {ref: owner for ref, (_, _, owner) in LEADS.items()}
    rows = _sheet(export_workbook(db, tmp_path / "book.xlsx").path)
    assert {r["Reference"]: r["Next step owner"] for r in rows} == want
    with db.read() as s:
        cov = coverage_for(s, db.response_id, D0)
        people = load_map(s, db.response_id).people
    from app.services.coverage.owner import next_step_owner

    assert {p.reference: next_step_owner(p) for p in cov.people} == want
    assert {p.reference: p.next_step for p in people.values()} == want
    db.close()
    text = circles("coverage", str(db.path)).stdout
    for ref, owner in want.items():
        line = next(x for x in text.splitlines() if x.strip().startswith(ref + " "))
        assert line.endswith(f"lead {owner}"), line


def test_references_in_natural_order_everywhere(response, tmp_path):
    db, _ = response
    rows = _sheet(export_workbook(db, tmp_path / "book.xlsx").path)
    assert [r["Reference"] for r in rows] == ORDER
    db.close()
    cov = json.loads(circles("coverage", str(db.path), "--json").stdout)
    listed = [ref for refs in cov["people"].values() for ref in refs]
    assert sorted(listed) == sorted(ORDER)
    for refs in cov["people"].values():
        assert refs == [r for r in ORDER if r in refs]
    prompts = json.loads(circles("prompts", str(db.path), "--json").stdout)
    same = [p for p in prompts if p["rule"] == "same_setting"]
    assert same and all(p["people"] == ORDER for p in same)


def test_reference_key_and_its_text_form_agree():
    import random

    from app.services.people.references import reference_key, reference_sort_text

    refs = ["YP-100", "YP-2", "yp-10", "YP-11", "YP-1", "A", "A1", "A-1", "YP-", "YP-2a", "", "10"]
    seed = random.randrange(10**6)
    print("seed", seed)
    random.Random(seed).shuffle(refs)
    assert sorted(refs, key=reference_key) == sorted(refs, key=reference_sort_text)
    assert sorted(["YP-10", "YP-100", "YP-11", "YP-2"], key=reference_key) == [
        "YP-2",
        "YP-10",
        "YP-11",
        "YP-100",
    ]


def test_field_rules_are_the_same_for_a_form_and_an_import(new_db, editor, tmp_path):
    from sqlalchemy import func, select

    from app.models.entities import YoungPerson
    from app.services.editing.validation import ValidationError
    from app.services.importing import plan_import
    from app.services.people.young_people import add_person, update_person
    from tests.services.import_files import write_workbook

    long_name = "A" * 150
    sentence = "Given name is longer than 100 characters."
    with pytest.raises(ValidationError) as refused:
        editor.do(lambda s: add_person(s, new_db.response_id, {"given_name": long_name,
                                                               "family_name": "Test"}))  # fmt: skip
    assert str(refused.value) == sentence
    pid = editor.do(
        lambda s: add_person(s, new_db.response_id, {"given_name": "Ok", "family_name": "Test"})
    )
    assert pid is not None
    with new_db.read() as s:
        person_id = s.scalar(select(YoungPerson.id))
    with pytest.raises(ValidationError, match="^Given name is longer than 100 characters.$"):
        editor.do(lambda s: update_person(s, person_id, {"given_name": long_name}))
    with pytest.raises(ValidationError, match="^Family name is required.$"):
        editor.do(lambda s: update_person(s, person_id, {"family_name": " "}))
    ok_name = "B" * 100  # exactly the limit is accepted by both
    editor.do(lambda s: update_person(s, person_id, {"given_name": ok_name}))

    path = write_workbook(
        tmp_path / "list.xlsx",
        {"Young people": [["Given name", "Family name"], [long_name, "Test"], [ok_name, "Two"]]},
    )
    with new_db.read() as s:
        plan = plan_import(s, new_db.response_id, path)
    problems = [str(p) for p in plan.problems]
    assert any("row 2, column Given name: Is longer than 100 characters" in p for p in problems), (
        problems
    )
    assert not plan.ok and not any("row 3" in p for p in problems)
    with new_db.read() as s:
        assert s.scalar(select(func.count()).select_from(YoungPerson)) == 1


def test_one_parser_for_typed_dates_with_one_wording():
    from datetime import date

    from app.services.editing.validation import ValidationError, parse_typed_date
    from app.services.importing.values import CellProblem, as_date

    for typed in ("5/3/2026", "05/03/2026", "2026-03-05", " 2026-3-5 "):
        assert parse_typed_date(typed) == as_date(typed) == date(2026, 3, 5)
    assert parse_typed_date("  ") is None
    for typed, words in (("31/02/2026", "is not a real date"), ("next Tuesday", "is not a date")):
        with pytest.raises(ValidationError) as typed_error:
            parse_typed_date(typed)
        with pytest.raises(CellProblem) as cell_error:
            as_date(typed)
        assert str(typed_error.value) == str(cell_error.value)
        assert str(typed_error.value).startswith(f"'{typed}' {words}")

"""Re-importing a returned circulation workbook changes nothing it should not.

A circulation workbook leaves out names and dates of birth and writes '[name removed]' and
'[date removed]' inside free text. An agency returns it with one assessment brought up to
date; importing it back must change that assessment and nothing else: every note, name
and date of birth stays byte for byte what Circles held. All through the real CLI.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import select

from app.__main__ import main
from app.models.database import open_database
from app.models.entities import Assessment, Connection, YoungPerson
from app.services.editing.editor import Editor
from app.services.files.demo import build_demo
from app.services.people.connections import update_connection
from app.services.people.young_people import update_person
from tests.services.import_files import dump


def _response_with_personal_notes(tmp_path: Path) -> Path:
    """The demo, with fictional notes that name young people and give a date of birth."""
    path = tmp_path / "demo.circles"
    db = build_demo(path)
    try:
        editor = Editor(db)
        with db.read() as s:
            people = list(s.scalars(select(YoungPerson).order_by(YoungPerson.id)))
            a, b = people[0], people[1]
            a_id, b_id = a.id, b.id
            a_given, a_family, b_given = a.given_name, a.family_name, b.given_name
            a_dob = a.date_of_birth
            conn_id = s.scalar(select(Connection.id).order_by(Connection.id))
        assert a_dob is not None
        note = (
            f"Spoke to {a_given}'s mum on the phone; born {a_dob:%d/%m/%Y} per mum. "
            f"{a_family} family aware."
        )
        editor.do(lambda s: update_person(s, a_id, {"notes": note}))
        editor.do(lambda s: update_person(s, b_id, {"notes": f"Friends with {a_given}."}))
        editor.do(
            lambda s: update_connection(s, conn_id, {"notes": f"{b_given} told school (fictional)"})
        )
    finally:
        db.close()
    return path


def _dump(path: Path) -> dict[str, list[tuple]]:
    db = open_database(path, readonly=True)
    try:
        return dump(db)
    finally:
        db.close()


def _export_circulation(response: Path, out: Path, capsys) -> Path:  # noqa: ANN001
    assert main(["export", str(response), "--out", str(out), "--circulation"]) == 0
    capsys.readouterr()
    return out


def _add_column(ws, header: str) -> int:  # noqa: ANN001
    col = ws.max_column + 1
    ws.cell(1, col, header)
    return col


def _column(ws, header: str) -> int:  # noqa: ANN001
    return [c.value for c in ws[1]].index(header) + 1


def _book_one_assessment(path: Path) -> int:
    """As a returning agency would: one Booked assessment's status now Declined."""
    wb = load_workbook(path)
    ws = wb["Assessments"]
    status, ident = _column(ws, "Status"), _column(ws, "Assessment ID")
    for row in range(2, ws.max_row + 1):
        if ws.cell(row, status).value == "Booked":
            ws.cell(row, status, "Declined")
            assessment_id = int(ws.cell(row, ident).value)
            break
    else:
        raise AssertionError("the demo has no booked assessment")
    wb.save(path)
    return assessment_id


def test_returned_circulation_workbook_changes_only_the_edited_assessment(tmp_path, capsys):
    response = _response_with_personal_notes(tmp_path)
    out = _export_circulation(response, tmp_path / "circulation.xlsx", capsys)
    # The workbook really leaves the personal details out: no names, no notes column.
    wb = load_workbook(out)
    yp = wb["Young people"]
    headers = [c.value for c in yp[1]]
    assert "Given name" not in headers and "Notes" not in headers
    wb.close()

    assessment_id = _book_one_assessment(out)
    before = _dump(response)
    assert main(["import", str(response), str(out)]) == 0, capsys.readouterr().err
    printed = capsys.readouterr().out
    assert "Assessments: 0 added, 1 updated" in printed
    assert "Young people: 0 added, 0 updated" in printed
    assert "Connections: 0 added, 0 updated" in printed
    after = _dump(response)

    # Every table but assessments and the audit trail is exactly as it was.
    for table in before:
        if table not in ("assessment", "audit_entry"):
            assert after[table] == before[table], table
    changed = [a for a, b in zip(after["assessment"], before["assessment"], strict=True) if a != b]
    assert len(changed) == 1
    db = open_database(response, readonly=True)
    with db.read() as s:
        a = s.get(Assessment, assessment_id)
        assert a.status == "declined"
        notes = s.scalars(select(YoungPerson.notes).where(YoungPerson.notes.is_not(None)))
        assert any("per mum" in n and "[" not in n for n in notes)
    db.close()


def test_circulation_markers_anywhere_in_a_cell_are_never_written(tmp_path, capsys):
    response = _response_with_personal_notes(tmp_path)
    out = _export_circulation(response, tmp_path / "circulation.xlsx", capsys)
    wb = load_workbook(out)
    yp = wb["Young people"]
    # Circulation leaves the notes out; a returning agency may still add a Notes column.
    notes = _add_column(yp, "Notes")
    area, known = (_column(yp, h) for h in ("Home area", "Known to"))
    yp.cell(2, notes, "Seen on [date removed] at the park (fictional)")
    yp.cell(3, notes, "[removed for circulation]")  # a whole cell left out
    yp.cell(2, area, "Near [Name Removed]'s house")  # case changed by a spreadsheet user
    yp.cell(3, area, None)  # a blank never erases
    yp.cell(4, known, None)
    conns = wb["Connections"]
    conns.cell(2, _add_column(conns, "Notes"), "[name removed] told school")
    wb.save(out)
    before = _dump(response)
    assert main(["import", str(response), str(out)]) == 0, capsys.readouterr().err
    printed = capsys.readouterr().out
    assert "Young people: 0 added, 0 updated" in printed
    assert "Connections: 0 added, 0 updated" in printed
    note = next(line for line in printed.splitlines() if "left as Circles holds them" in line)
    assert "'[date removed]'" in note and "'[name removed]'" in note and "'[removed...]'" in note
    after = _dump(response)
    for table in before:
        if table != "audit_entry":
            assert after[table] == before[table], table


def test_circulation_workbook_without_its_notes_column_erases_nothing(tmp_path, capsys):
    """A circulation workbook may leave whole columns out: missing columns never blank."""
    response = _response_with_personal_notes(tmp_path)
    out = _export_circulation(response, tmp_path / "circulation.xlsx", capsys)
    wb = load_workbook(out)
    for name in ("Young people", "Connections"):
        assert "Notes" not in [c.value for c in wb[name][1]]
    wb["Young people"].delete_cols(_column(wb["Young people"], "Home area"))
    wb.save(out)
    assessment_id = _book_one_assessment(out)
    before = _dump(response)
    assert main(["import", str(response), str(out)]) == 0, capsys.readouterr().err
    assert "Assessments: 0 added, 1 updated" in capsys.readouterr().out
    after = _dump(response)
    for table in before:
        if table not in ("assessment", "audit_entry"):
            assert after[table] == before[table], table
    db = open_database(response, readonly=True)
    with db.read() as s:
        assert s.get(Assessment, assessment_id).status == "declined"
    db.close()


def test_a_required_cell_removed_for_circulation_is_one_clear_problem(tmp_path, capsys):
    response = _response_with_personal_notes(tmp_path)
    out = _export_circulation(response, tmp_path / "circulation.xlsx", capsys)
    wb = load_workbook(out)
    ws = wb["Assessments"]
    ws.cell(2, _column(ws, "Agency"), "[name removed]'s school")
    wb.save(out)
    before = _dump(response)
    assert main(["import", str(response), str(out)]) == 2
    err = capsys.readouterr().err
    assert "Assessments, row 2, column Agency: Agency was removed for circulation" in err
    assert _dump(response) == before

"""Importing the template, other agencies' lists and returned Circles workbooks (headless)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.models.entities import Assessment, AuditEntry, Concern, Connection, Setting, YoungPerson
from app.services.editing.editor import Editor
from app.services.editing.validation import ValidationError
from app.services.importing import (
    ImportFileError,
    import_edit,
    plan_from_source,
    plan_import,
    read_source,
)
from app.services.importing.template import write_template
from tests.services.import_files import circles_workbook, dump, snapshot, write_workbook

TODAY = date.today()
YP = ["Reference", "Given name*", "Family name*", "Date of birth", "Age", "Gender", "Setting",
      "Year group", "Home area", "Looked after", "EHE or CME", "Lead agency",
      "Lead professional", "Notes"]  # fmt: skip
CONN = ["Person A*", "Person B*", "Mode*", "Kind*", "Setting or platform", "Source agency*",
        "Confidence*", "Date identified*"]  # fmt: skip
CONC = ["Person*", "Date*", "Date known", "Reporting agency*", "Source", "Setting", "Category*",
        "Medical attention"]  # fmt: skip
ASSESS = ["Person*", "Agency*", "Assessor", "Status*", "Booked date", "Completed date", "Risk",
          "Level of need", "Next review"]  # fmt: skip


def plan(db, path, **kw):
    with db.read() as s:
        return plan_import(s, db.response_id, path, **kw)


def apply(db, p):
    return Editor(db, user="tester").do(lambda s: import_edit(s, p))


def count(db, model):
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(model))


def person(db, ref):
    with db.read() as s:
        return s.scalar(select(YoungPerson).where(YoungPerson.reference == ref))


# ----- the template ----------------------------------------------------------------------
def test_template_has_the_issue_headers_notes_dropdowns_and_marking(tmp_path):
    path = write_template(tmp_path / "template.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == ["Young people", "Connections", "Concerns", "Assessments", "Lists"]
    assert wb["Lists"].sheet_state == "hidden"
    headers = {name: [c.value for c in wb[name][1]] for name in wb.sheetnames[:4]}
    assert headers == {
        "Young people": YP,
        "Connections": CONN,
        "Concerns": CONC,
        "Assessments": ASSESS,
    }
    for name in wb.sheetnames:
        ws = wb[name]
        assert ws.oddHeader.center.text == "OFFICIAL-SENSITIVE"
        assert "OFFICIAL-SENSITIVE" in ws.oddFooter.left.text
    yp = wb["Young people"]
    notes = [c.value for c in yp[2]]
    assert all(notes), "every column has a note"
    assert "self-harm method" in notes[YP.index("Notes")]
    assert yp.freeze_panes == "A3"
    # Drop-downs: Gender offers the labels from the hidden Lists sheet.
    gender_col = "F"
    dvs = [dv for dv in yp.data_validations.dataValidation if gender_col + "3" in str(dv.sqref)]
    assert dvs and dvs[0].type == "list"
    ref = dvs[0].formula1.lstrip("=").split("!")[1].replace("$", "")
    first, last = ref.split(":")
    lists = wb["Lists"]
    offered = [c.value for row in lists[first:last] for c in row]
    assert offered == ["Female", "Male", "Non-binary", "Other", "Not known"]
    conc = wb["Concerns"]
    assert any("G3" in str(dv.sqref) for dv in conc.data_validations.dataValidation)  # Category


def test_empty_template_imports_nothing_and_says_so(tmp_path, new_db):
    path = write_template(tmp_path / "t.xlsx")
    p = plan(new_db, path)
    assert [str(x) for x in p.problems] == ["t.xlsx holds no rows to import."]


def fill_template(tmp_path, rows: dict[str, list[list]]):
    """The real template with rows typed from row 3 (under the notes row)."""
    path = write_template(tmp_path / "filled.xlsx")
    wb = load_workbook(path)
    for sheet, values in rows.items():
        for r, row in enumerate(values, start=3):
            for c, v in enumerate(row, start=1):
                wb[sheet].cell(r, c, v)
    wb.save(path)
    return path


def test_filled_template_adds_everything_in_one_undoable_step(tmp_path, new_db):
    path = fill_template(
        tmp_path,
        {
            "Young people": [
                [None, "Ada", "Fictional", "03/04/2012", None, "female", "Hilltop Academy (fictional)", 9,
                 "Testshire", "Yes", "no", "School", "DSL (fictional)", "Fictional"],
                ["YP-10", "Ben", "Madeup", datetime(2011, 5, 6), None, "MALE", "Hilltop Academy (fictional)",
                 "Year 10", None, None, None, None, None, None],
                [None, "Cy", "Notreal", None, 15, "Not known", "'Night owls' group chat", None],
            ],
            "Connections": [
                ["Ada Fictional", "YP-10", "real life", "Friend", None, "School", "Reported", "2026-01-03"],
                ["YP-10", "Cy Notreal", "Online", "same group chat", "'Night owls' group chat", "Police",
                 "suspected", date(2026, 1, 4)],
            ],
            "Concerns": [
                ["Ada Fictional", "01/02/2026", "03/02/2026", "School", "Self-disclosure", None,
                 "thoughts or plans disclosed", "none"],
            ],
            "Assessments": [
                ["YP-10", "CAMHS", "Assessor (fictional)", "Completed", "01/02/2026", "05/02/2026", "raised",
                 "L3", "05/03/2026"],
                ["Ada Fictional", "School", None, "booked", TODAY + timedelta(days=3)],
            ],
        },
    )  # fmt: skip
    p = plan(new_db, path)
    assert p.ok, [str(x) for x in p.problems]
    assert p.added == {
        "Young people": 3,
        "Connections": 2,
        "Concerns": 1,
        "Assessments": 2,
        "Settings": 2,
    }
    before = dump(new_db)
    editor = Editor(new_db, user="tester")
    applied = editor.do(lambda s: import_edit(s, p))
    assert applied.label == "Import filled.xlsx"

    # New references follow the highest in the response or the file (as when adding by hand).
    ada = person(new_db, "YP-11")
    assert (ada.given_name, ada.family_name, ada.date_of_birth) == (
        "Ada",
        "Fictional",
        date(2012, 4, 3),
    )
    assert (ada.gender, ada.year_group, ada.looked_after, ada.ehe_cme) == (
        "female",
        "Y9",
        True,
        False,
    )
    ben = person(new_db, "YP-10")
    assert (
        ben.date_of_birth == date(2011, 5, 6) and ben.gender == "male" and ben.year_group == "Y10"
    )
    cy = person(new_db, "YP-12")
    assert cy.date_of_birth is None and cy.age_if_unknown == 15 and cy.gender == "not_known"
    with new_db.read() as s:
        kinds = {st.name: st.kind for st in s.scalars(select(Setting))}
        assert kinds == {
            "Hilltop Academy (fictional)": "school",
            "'Night owls' group chat": "group_chat",
        }
        assert cy.setting_id == s.scalar(select(Setting.id).where(Setting.kind == "group_chat"))
        conns = {
            (c.person_a_id, c.person_b_id, c.kind, c.confidence)
            for c in s.scalars(select(Connection))
        }
        assert conns == {
            (ada.id, ben.id, "friend", "reported"),
            (ben.id, cy.id, "group_chat", "suspected"),
        }
        concern = s.scalars(select(Concern)).one()
        assert (concern.person_id, concern.date, concern.date_known) == (
            ada.id,
            date(2026, 2, 1),
            date(2026, 2, 3),
        )
        assert (concern.category, concern.source, concern.medical_attention) == (
            "thoughts_or_plans", "self_disclosure", "none")  # fmt: skip
        done = s.scalar(select(Assessment).where(Assessment.status == "completed"))
        assert (done.person_id, done.risk, done.need_level) == (ben.id, "Raised", "L3 Targeted")
        imports = s.scalars(select(AuditEntry).where(AuditEntry.kind == "import")).all()
        assert len(imports) == 1 and imports[0].action == "Import filled.xlsx"
        assert "Young people: 3 added" in imports[0].new
    # One undo step takes all of it away again (the audit log keeps its record).
    editor.undo()
    after_undo = dump(new_db)
    after_undo.pop("audit_entry"), before.pop("audit_entry")
    assert after_undo == before


def test_reimporting_the_same_file_changes_nothing(tmp_path, new_db):
    path = fill_template(
        tmp_path,
        {
            "Young people": [["YP-01", "Ada", "Fictional", "03/04/2012"], ["YP-02", "Ben", "Madeup"]],
            "Connections": [["YP-01", "YP-02", "Real life", "Friend", None, "School", "Reported", "03/01/2026"]],
            "Assessments": [["YP-01", "School", None, "Booked", TODAY + timedelta(days=2)]],
            "Concerns": [["YP-02", "01/02/2026", None, "School", None, None, "Suspected"]],
        },
    )  # fmt: skip
    apply(new_db, plan(new_db, path))
    before = dump(new_db)
    again = plan(new_db, path)
    assert again.ok and not again.added and not again.updated and not again.changes_anything
    assert again.skipped == {"Young people": 2, "Connections": 1, "Assessments": 1, "Concerns": 1}
    apply(new_db, again)
    assert dump(new_db) == before


@pytest.mark.parametrize(
    "typed, expected",
    [("05/06/2011", date(2011, 6, 5)), ("2011-06-05", date(2011, 6, 5)), ("5/6/2011", date(2011, 6, 5)),
     (datetime(2011, 6, 5), date(2011, 6, 5))],
)  # fmt: skip
def test_dates_accepted(typed, expected, tmp_path, new_db):
    path = write_workbook(tmp_path / "d.xlsx", {"Young people": [YP[:4], [None, "A", "B", typed]]})
    p = plan(new_db, path)
    assert p.ok and p.rows[0].values["date_of_birth"] == expected


def test_other_headers_are_matched_by_synonym(tmp_path, new_db):
    path = write_workbook(
        tmp_path / "school list.xlsx",
        {"Sheet1": [["Forename", "Surname", "DOB", "School", "Year", "Sex"],
                    ["Dee", "Pretendle", "01/09/2011", "Lowfield School (fictional)", 10, "F"]]},
    )  # fmt: skip
    data = read_source(path)
    assert data.sheets[0].kind == "Young people"
    with new_db.read() as s:
        p = plan_from_source(s, new_db.response_id, data)
    assert p.mapping["Sheet1"] == {
        "Forename": "Given name", "Surname": "Family name", "DOB": "Date of birth",
        "School": "Setting", "Year": "Year group", "Sex": "Gender",
    }  # fmt: skip
    # "F" is not a label: the problem names the sheet, the row and the column as in the file.
    assert [str(x) for x in p.problems] == [
        "Sheet1, row 2, column Sex: 'F' is not one of: Female, Male, Non-binary, Other, Not known"
    ]
    # The user maps the column away and the rest imports.
    with new_db.read() as s:
        mapping = {"Sheet1": {**p.mapping["Sheet1"], "Sex": None}}
        p = plan_from_source(s, new_db.response_id, data, mapping=mapping)
    assert p.ok and p.added == {"Young people": 1, "Settings": 1}


def test_csv_with_the_same_headers(tmp_path, demo_db):
    path = tmp_path / "links.csv"
    path.write_text(
        "Person A,Person B,Mode,Kind,Source agency,Confidence,Date identified\n"
        "YP-01,YP-40,Online,Direct messages,Police,Suspected,02/01/2026\n",
        encoding="utf-8",
    )
    data = read_source(path)
    assert data.sheets[0].kind == "Connections"
    p = plan(demo_db, path)
    assert p.ok and p.added == {"Connections": 1}
    # --sheet names it explicitly; a name Circles does not import is refused in a sentence.
    assert read_source(path, sheet="connections").sheets[0].kind == "Connections"
    with pytest.raises(ImportFileError, match="is not a sheet Circles imports"):
        read_source(path, sheet="Meetings")


def test_csv_from_excel_in_windows_encoding_with_semicolons(tmp_path, new_db):
    path = tmp_path / "people.csv"
    path.write_bytes(
        "Given name;Family name;Notes\nZoë;Fauxbridge;café (fictional)\n".encode("cp1252")
    )
    p = plan(new_db, path, sheet="Young people")
    assert p.ok
    assert (
        p.rows[0].values["given_name"] == "Zoë" and p.rows[0].values["notes"] == "café (fictional)"
    )


def test_a_person_named_by_a_name_that_is_not_unique(tmp_path, new_db):
    path = write_workbook(
        tmp_path / "f.xlsx",
        {"Young people": [YP[:4], [None, "Kit", "Mockley", "01/01/2011"], [None, "Kit", "Mockley", "02/02/2012"]],
         "Concerns": [CONC, ["Kit Mockley", "01/02/2026", None, "School", None, None, "Suspected"]]},
    )  # fmt: skip
    p = plan(new_db, path)
    assert [str(x) for x in p.problems] == [
        "Concerns, row 2, column Person: 2 young people are called 'Kit Mockley' (YP-01, YP-02); "
        "name them by reference"
    ]


# ----- likely duplicates -----------------------------------------------------------------
def test_likely_duplicates_merge_skip_or_add(tmp_path, demo_db):
    yp01 = person(demo_db, "YP-01")
    school = "Northfield Academy (fictional)"
    path = write_workbook(
        tmp_path / "school.xlsx",
        {"Young people": [
            ["Given name", "Family name", "Date of birth", "Setting", "Home area"],
            [yp01.given_name, yp01.family_name, yp01.date_of_birth, None, "Eastham"],  # same name + DOB
            [person(demo_db, "YP-02").given_name, person(demo_db, "YP-02").family_name, None, school, None],
        ]},
    )  # fmt: skip
    p = plan(demo_db, path)
    assert [(d.row, d.reference, d.reason, d.decision) for d in p.duplicates] == [
        (2, "YP-01", "same name and date of birth", "merge"),
        (3, "YP-02", "same name and setting", "merge"),
    ]
    assert p.added == {} and p.updated == {"Young people": 1} and p.skipped == {"Young people": 1}
    # Skip the first, add the second as a new young person after all.
    with demo_db.read() as s:
        p2 = plan_from_source(
            s, demo_db.response_id, p.data,
            decisions={("Young people", 2): "skip", ("Young people", 3): "add"},
        )  # fmt: skip
    assert p2.ok and p2.added == {"Young people": 1} and p2.skipped == {"Young people": 1}
    apply(demo_db, p2)
    assert person(demo_db, "YP-01").home_area == yp01.home_area
    assert person(demo_db, "YP-41").family_name == person(demo_db, "YP-02").family_name
    apply(demo_db, plan(demo_db, path))  # merge (the default) now updates YP-01
    assert person(demo_db, "YP-01").home_area == "Eastham"


# ----- returned Circles workbooks ---------------------------------------------------------
def test_returned_workbook_updates_people_and_assessments_not_duplicates(tmp_path, demo_db):
    path = circles_workbook(demo_db, tmp_path / "returned.xlsx")
    wb = load_workbook(path)
    ws = wb["Assessments"]
    headers = [c.value for c in ws[1]]
    booked_row = next(
        r for r in ws.iter_rows(min_row=2) if r[headers.index("Status")].value == "Booked"
    )
    assessment_id = booked_row[0].value
    ref = booked_row[1].value
    booked_row[headers.index("Status")].value = "Completed"
    booked_row[headers.index("Booked date")].value = TODAY - timedelta(days=3)
    booked_row[headers.index("Completed date")].value = TODAY - timedelta(days=1)
    booked_row[headers.index("Assessed risk")].value = "Low"
    yp = wb["Young people"]
    yph = [c.value for c in yp[1]]
    yp.cell(2, yph.index("Year group") + 1, "Y11")
    wb.save(path)

    counts = {m: count(demo_db, m) for m in (YoungPerson, Connection, Concern, Assessment, Setting)}
    p = plan(demo_db, path)
    assert p.ok, [str(x) for x in p.problems][:5]
    assert p.added == {}
    assert p.updated == {"Young people": 1, "Assessments": 1}
    assert "Cover" in " ".join(p.notes) and "Meetings" in " ".join(p.notes)
    apply(demo_db, p)
    assert {m: count(demo_db, m) for m in counts} == counts
    with demo_db.read() as s:
        a = s.get(Assessment, assessment_id)
        assert (a.status, a.completed_date, a.risk) == (
            "completed",
            TODAY - timedelta(days=1),
            "Low",
        )
        assert s.scalar(select(YoungPerson.reference).where(YoungPerson.id == a.person_id)) == ref
    assert person(demo_db, "YP-01").year_group == "Y11"


def test_circulation_workbook_without_names_updates_by_reference(tmp_path, demo_db):
    path = circles_workbook(demo_db, tmp_path / "circulation.xlsx", circulation=True)
    wb = load_workbook(path)
    yp = wb["Young people"]
    notes = [c.value for c in yp[1]].index("Notes") + 1
    yp.cell(2, notes, "Seen with [name removed] (fictional)")  # the exporter's redaction
    wb.save(path)
    before = dump(demo_db)
    p = plan(demo_db, path)
    assert p.ok and not p.changes_anything
    assert (
        "1 cell with '[name removed]' (from a circulation workbook) left as Circles holds them."
        in p.notes
    )
    wb["Young people"].append(["YP-77"])
    wb.save(path)
    p = plan(demo_db, path)
    assert [str(x) for x in p.problems] == [
        "Young people, row 42, column Given name: YP-77 is not in this response, so Given name "
        "is needed to add a young person",
        "Young people, row 42, column Family name: YP-77 is not in this response, so Family name "
        "is needed to add a young person",
    ]
    assert dump(demo_db) == before


def test_workbook_into_an_empty_response_recreates_the_records(tmp_path, demo_db, new_db):
    """The reader half of the round trip, on a workbook with WORKBOOK.md's headers."""
    path = circles_workbook(demo_db, tmp_path / "full.xlsx")
    p = plan(new_db, path)
    assert p.ok, [str(x) for x in p.problems][:5]
    apply(new_db, p)
    assert snapshot(new_db) == snapshot(demo_db)


# ----- all or nothing ---------------------------------------------------------------------
def test_import_edit_replans_and_refuses_if_the_response_changed(tmp_path, new_db):
    path = write_workbook(
        tmp_path / "p.xlsx", {"Young people": [YP[:3], ["YP-05", "Ada", "Fictional"]]}
    )
    p = plan(new_db, path)
    assert p.ok
    from app.services.people.young_people import add_person

    editor = Editor(new_db, user="tester")
    editor.do(lambda s: add_person(s, new_db.response_id, {"reference": "YP-05", "given_name": "Other",
                                                            "family_name": "Person"}))  # fmt: skip
    before = dump(new_db)
    with pytest.raises(ValidationError, match="changed after the import was previewed"):
        editor.do(lambda s: import_edit(s, p))
    assert dump(new_db) == before


def test_libreoffice_opens_the_template(tmp_path):
    import shutil
    import subprocess

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip(
            "LibreOffice (soffice) is not installed; apt-get install libreoffice-calc-nogui"
        )
    path = write_template(tmp_path / "template.xlsx")
    r = subprocess.run(
        [soffice, "--headless", "--norestore", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
         "--convert-to", "csv", "--outdir", str(tmp_path / "out"), str(path)],
        capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    out = tmp_path / "out" / "template.csv"
    assert out.exists(), r.stderr
    first = out.read_text().splitlines()[0]
    assert first == ",".join(YP)


def test_combined_lead_column_and_repeated_headers(tmp_path, new_db):
    path = write_workbook(
        tmp_path / "returned.xlsx",
        {"Young people": [
            ["Reference", "Given name", "Family name", "Lead professional and agency", "Notes", "Notes"],
            ["YP-01", "Ada", "Fictional", "Lead 3 (fictional) (CAMHS)", "first", "second"],
            ["YP-02", "Ben", "Madeup", "Ms Example (fictional), School", None, None],
        ]},
    )  # fmt: skip
    p = plan(new_db, path)
    assert p.ok
    values = [r.values for r in p.rows if r.table == "young_person"]
    assert (values[0]["lead_professional"], values[0]["lead_agency"], values[0]["notes"]) == (
        "Lead 3 (fictional)", "CAMHS", "first")  # fmt: skip
    assert (values[1]["lead_professional"], values[1]["lead_agency"]) == (
        "Ms Example (fictional)",
        "School",
    )

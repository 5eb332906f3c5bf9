"""The Excel mapping workbook: sheets, figures, circulation mode, formula safety, safe writing."""

from __future__ import annotations

import re
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils.escape import unescape
from sqlalchemy import select

from app.models.entities import Action, AuditEntry, Connection, YoungPerson
from app.services.coverage.figures import STATE_LABELS, STATES, coverage_for
from app.services.files.demo import build_demo
from app.services.meetings.actions import days_overdue, is_overdue
from app.services.people.young_people import add_person
from app.services.workbook import ExportError, export_workbook
from app.services.workbook import export as export_module
from app.services.workbook.registry import SHEETS, Column, TableSheet, register
from app.services.workbook.writer import risk_colour

VISIBLE = [
    "Cover",
    "Summary",
    "Young people",
    "Connections",
    "Concerns",
    "Assessments",
    "Settings",
    "Meetings",
    "Attendance",
    "Decisions",
    "Actions",
    "Plans",
    "Changes since last meeting",
    "Prompts",
]
YOUNG_PEOPLE_FULL = [
    "Reference",
    "Given name",
    "Family name",
    "Date of birth",
    "Age",
    "Gender",
    "Setting",
    "Year group",
    "Previous setting",
    "Home area",
    "Out of area (Y/N)",
    "Looked after",
    "EHE/CME",
    "SEND",
    "Known to",
    "Identification route",
    "Inclusion status",
    "Date added",
    "Concerns (count)",
    "Latest concern date",
    "Connections (count)",
    "Coverage state",
    "Latest assessment status",
    "Assessing agency",
    "Completed date",
    "Assessed risk",
    "Level of need",
    "Plan",
    "Supporting agency",
    "Parent/carer informed date",
    "Lead professional",
    "Lead agency",
    "Next step owner",
    "Notes",
]
RISK_FILLS = {"High": "D55E00", "Raised": "E69F00", "Low": "009E73", "Not yet assessed": "BBBBBB"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    db = build_demo(folder / "demo.circles")
    yield db, folder
    db.close()


@pytest.fixture(scope="module")
def full(demo):
    db, folder = demo
    result = export_workbook(db, folder / "full.xlsx")
    return result, load_workbook(result.path)


@pytest.fixture(scope="module")
def circulation(demo):
    db, folder = demo
    return export_workbook(db, folder / "circulation.xlsx", circulation=True)


def headers(ws) -> list[str]:
    return [c.value for c in next(ws.iter_rows(min_row=1, max_row=1))]


def table(ws) -> list[dict]:
    rows = ws.iter_rows(values_only=True)
    head = list(next(rows))
    return [dict(zip(head, r, strict=False)) for r in rows]


def test_every_sheet_in_order_with_lists_hidden(full):
    result, wb = full
    assert wb.sheetnames == [*VISIBLE, "Lists"]
    assert result.sheets == wb.sheetnames
    assert wb["Lists"].sheet_state == "hidden"
    assert all(wb[name].sheet_state == "visible" for name in VISIBLE)
    assert result.rows["Young people"] == 40
    assert headers(wb["Young people"]) == YOUNG_PEOPLE_FULL
    assert headers(wb["Prompts"]) == [
        "Rule",
        "References",
        "Settings",
        "First date",
        "Last date",
        "Text",
        "Status",
    ]
    assert headers(wb["Connections"])[:3] == ["Connection ID", "Person A", "Person B"]


def test_marking_fictional_print_and_layout_on_every_visible_sheet(full):
    _, wb = full
    assert wb["Cover"]["A2"].value == "OFFICIAL-SENSITIVE"
    cover_text = [c.value for row in wb["Cover"].iter_rows() for c in row if c.value]
    assert "FICTIONAL" in cover_text
    assert wb["Cover"]["A3"].font.size >= 36
    for name in VISIBLE:
        ws = wb[name]
        assert "OFFICIAL-SENSITIVE" in ws.oddHeader.center.text, name
        assert "OFFICIAL-SENSITIVE" in ws.oddFooter.center.text, name
        assert "FICTIONAL" in ws.oddHeader.left.text, name
        assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
        if name == "Cover":
            continue
        assert ws.page_setup.orientation == "landscape", name
        assert ws.freeze_panes == "A2", name
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), name
        assert ws.print_title_rows == "$1:$1", name
        assert ws.column_dimensions["A"].width >= 6, name


def test_dates_are_real_dates_shown_day_first(full):
    _, wb = full
    ws = wb["Young people"]
    col = YOUNG_PEOPLE_FULL.index("Date of birth") + 1
    cell = ws.cell(row=2, column=col)
    assert isinstance(cell.value, date)
    assert cell.number_format == "DD/MM/YYYY"


def test_summary_figures_equal_coverage_for_the_same_day(demo, tmp_path):
    db, _ = demo
    # After the review date, so overdue and "assessed late" figures are in play too.
    as_of = date.today() + timedelta(days=20)
    result = export_workbook(db, tmp_path / "later.xlsx", as_of=as_of)
    with db.read() as s:
        expected = coverage_for(s, db.response_id, as_of).to_json()
    ws = load_workbook(result.path)["Summary"]
    figures = {r[0]: r[1] for r in ws.iter_rows(min_row=2, values_only=True) if r[0]}
    assert figures["As of date"].date() == as_of
    assert figures["Review date"].date().isoformat() == expected["review_date"]
    assert figures["Days left"] == expected["days_left"]
    assert figures["In scope (young people identified for support)"] == expected["in_scope"]
    for state in STATES:
        assert figures[STATE_LABELS[state]] == expected[state], state
    assert figures["% assessed"] == expected["percent_assessed"]
    assert figures["Under consideration (not counted)"] == expected["under_consideration"]
    assert figures["Removed (not counted)"] == expected["removed"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    for heading, key in (
        ("By setting", "by_setting"),
        ("By assessing agency", "by_agency"),
        ("By home area", "by_area"),
    ):
        start = [r[0] for r in rows].index(heading) + 1
        got = {}
        for r in rows[start:]:
            if r[0] not in expected[key]:
                break
            got[r[0]] = {"count": r[1], "assessed": r[2], "outstanding": r[3]}
        assert got == expected[key], heading


def test_young_people_take_state_risk_and_next_step_owner_from_coverage(full, demo):
    db, _ = demo
    _, wb = full
    rows = table(wb["Young people"])
    with db.read() as s:
        cov = coverage_for(s, db.response_id, date.today())
    by_ref = {r["Reference"]: r for r in rows}
    for pc in cov.people:
        row = by_ref[pc.reference]
        assert row["Coverage state"] == STATE_LABELS[pc.state]
        assert row["Assessed risk"] == (pc.risk or "Not yet assessed")
    assert all(r["Next step owner"] for r in rows)
    # Risk cells carry the word and the risk colour.
    ws = wb["Young people"]
    col = YOUNG_PEOPLE_FULL.index("Assessed risk") + 1
    seen = set()
    for row in range(2, ws.max_row + 1):
        cell = ws.cell(row=row, column=col)
        assert cell.fill.fgColor.rgb.endswith(RISK_FILLS[cell.value]), cell.value
        seen.add(cell.value)
    assert {"High", "Raised", "Low", "Not yet assessed"} <= seen


def test_connections_lists_each_active_connection_once_with_both_references(full, demo):
    db, _ = demo
    _, wb = full
    rows = table(wb["Connections"])
    with db.read() as s:
        active = s.scalars(select(Connection).where(Connection.status == "active")).all()
        refs = {p.id: p.reference for p in s.scalars(select(YoungPerson))}
    assert sorted(r["Connection ID"] for r in rows) == sorted(c.id for c in active)
    by_id = {c.id: c for c in active}
    for r in rows:
        c = by_id[r["Connection ID"]]
        assert (r["Person A"], r["Person B"]) == (refs[c.person_a_id], refs[c.person_b_id])


def test_actions_days_overdue_from_the_actions_service(full, demo):
    db, _ = demo
    _, wb = full
    rows = {r["Action ID"]: r for r in table(wb["Actions"])}
    with db.read() as s:
        actions = s.scalars(select(Action)).all()
    assert any(is_overdue(a, date.today()) for a in actions)
    for a in actions:
        expected = days_overdue(a, date.today()) if is_overdue(a, date.today()) else None
        assert rows[a.id]["Days overdue"] == expected


def test_enumerated_columns_have_drop_downs_from_the_lists_sheet(full):
    _, wb = full
    ws = wb["Young people"]
    formulas = {dv.formula1 for dv in ws.data_validations.dataValidation}
    lists = wb["Lists"]
    gender_col = headers(lists).index("Gender") + 1
    letter = lists.cell(row=1, column=gender_col).column_letter
    assert f"Lists!${letter}$2:${letter}$6" in formulas
    assert [lists.cell(row=r, column=gender_col).value for r in range(2, 7)] == [
        "Female",
        "Male",
        "Non-binary",
        "Other",
        "Not known",
    ]


def test_circulation_mode_has_no_name_or_date_of_birth_anywhere(circulation, demo):
    db, _ = demo
    with db.read() as s:
        people = s.scalars(select(YoungPerson)).all()
    wb = load_workbook(circulation.path)
    assert "Given name" not in headers(wb["Young people"])
    assert "Date of birth" not in headers(wb["Young people"])
    assert "Circulation" in str(wb["Cover"]["B17"].value) or any(
        "Circulation" in str(c.value) for row in wb["Cover"].iter_rows() for c in row
    )
    with zipfile.ZipFile(circulation.path) as z:
        parts = {n: z.read(n).decode("utf-8") for n in z.namelist()}
    assert any("xl/worksheets/" in n for n in parts)
    for p in people:
        words = {w for part in (p.given_name, p.family_name) for w in re.findall(r"\w+", part)}
        for word in words:
            pattern = re.compile(rf"\b{re.escape(word)}\b")
            leaks = [n for n, text in parts.items() if pattern.search(text)]
            assert not leaks, f"{word} appears in {leaks}"
        if p.date_of_birth:
            d = p.date_of_birth
            for text_form in (d.isoformat(), f"{d:%d/%m/%Y}"):
                assert not [n for n, t in parts.items() if text_form in t], text_form


def test_circulation_mode_leaves_notes_out_and_removes_names_typed_elsewhere(
    editor, new_db, tmp_path
):
    rid = new_db.response_id
    for given, family, notes, known_to in (
        ("Amy", "Fakename", "Spoke to Amy's mum; Fakename family aware.", "Born 02/03/2012"),
        ("Jo", "Otherly", "Friends with Amy", "Friends with amy"),
        ("Kit", "Thirdly", "Quiet", "Youth service"),
    ):
        editor.do(
            lambda s, g=given, f=family, n=notes, k=known_to: add_person(
                s,
                rid,
                {
                    "given_name": g,
                    "family_name": f,
                    "notes": n,
                    "known_to": k,
                    "date_of_birth": date(2012, 3, 2) if g == "Amy" else None,
                },
            )
        )
    result = export_workbook(new_db, tmp_path / "c.xlsx", circulation=True)
    ws = load_workbook(result.path)["Young people"]
    # Practitioners' notes never circulate: the column is left out, by design.
    assert "Notes" not in headers(ws)
    # Other free text is checked: a cell naming someone, in any case, goes whole.
    assert [r["Known to"] for r in table(ws)] == [
        "[date removed]",
        "[name removed]",
        "Youth service",
    ]
    assert result.redactions == {"Young people": 2}
    full = export_workbook(new_db, tmp_path / "f.xlsx")
    rows = table(load_workbook(full.path)["Young people"])
    assert [r["Notes"] for r in rows][:2] == [
        "Spoke to Amy's mum; Fakename family aware.",
        "Friends with Amy",
    ]
    assert rows[1]["Known to"] == "Friends with amy"


DANGEROUS = [
    '=HYPERLINK("http://example.invalid","Click")',
    "+1+2",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "=cmd|' /C calc'!A0",
    "-_x000D_ typed literally",
]


def test_text_that_looks_like_a_formula_is_stored_as_text_and_reads_back_exactly(
    editor, new_db, tmp_path
):
    rid = new_db.response_id
    for i, text in enumerate(DANGEROUS):
        editor.do(
            lambda s, i=i, t=text: add_person(
                s,
                rid,
                {"given_name": f"Given{i}", "family_name": "Fakename", "notes": t, "send": t},
            )
        )
    result = export_workbook(new_db, tmp_path / "f.xlsx")
    ws = load_workbook(result.path)["Young people"]
    notes_col = headers(ws).index("Notes") + 1
    send_col = headers(ws).index("SEND") + 1
    got = []
    for row in range(2, ws.max_row + 1):
        for col in (notes_col, send_col):
            cell = ws.cell(row=row, column=col)
            assert cell.data_type == "s", repr(cell.value)
        # A carriage return is stored with the OOXML escape _x000D_ (XML would turn a raw
        # one into a line feed); Excel and LibreOffice decode it, openpyxl leaves it to us.
        got.append(unescape(ws.cell(row=row, column=notes_col).value))
    assert sorted(got) == sorted(DANGEROUS)
    with zipfile.ZipFile(result.path) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/")]
        assert not any(b"<f>" in z.read(n) or b"<f " in z.read(n) for n in sheets)


def test_a_full_disk_leaves_no_file_under_the_final_name(new_db, tmp_path, monkeypatch):
    out = tmp_path / "map.xlsx"

    def full_disk(self, filename):  # noqa: ANN001
        Path(filename).write_bytes(b"PK partial")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export_module.Workbook, "save", full_disk)
    with pytest.raises(ExportError, match="disk is full") as info:
        export_workbook(new_db, out)
    assert str(info.value).count(".") == 2  # one sentence (the file name holds the other dot)
    assert not out.exists()
    assert list(tmp_path.glob("*.xlsx*")) == [] and list(tmp_path.glob(".~*")) == []


def test_a_disk_filling_while_the_rows_are_written_leaves_nothing(demo_db, tmp_path, monkeypatch):
    """The data rows are most of the file and are written last (rows_xml.splice)."""
    from app.services.workbook.rows_xml import PendingRows

    out = tmp_path / "map.xlsx"
    out.write_bytes(b"the previous export")
    real_chunks = PendingRows.chunks

    def fill_up(self):  # noqa: ANN001
        yield next(real_chunks(self))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(PendingRows, "chunks", fill_up)
    with pytest.raises(ExportError, match="disk is full"):
        export_workbook(demo_db, out)
    assert out.read_bytes() == b"the previous export"
    assert sorted(p.name for p in tmp_path.iterdir() if "map" in p.name) == ["map.xlsx"]


def test_a_failure_keeps_the_previous_workbook_and_cleans_strays(new_db, tmp_path, monkeypatch):
    out = tmp_path / "map.xlsx"
    out.write_bytes(b"the previous export")
    stray = tmp_path / f".~{out.name}.dead1234.exporting"
    stray.write_bytes(b"left by a crash")

    def refuse(src, dst):  # noqa: ANN001
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(export_module.os, "replace", refuse)
    with pytest.raises(ExportError, match="permission denied"):
        export_workbook(new_db, out)
    assert out.read_bytes() == b"the previous export"
    assert sorted(p.name for p in tmp_path.iterdir() if "map" in p.name) == ["map.xlsx"]


def test_every_export_is_audited_with_mode_and_path(new_db, tmp_path):
    export_workbook(new_db, tmp_path / "a.xlsx")
    export_workbook(new_db, tmp_path / "b.xlsx", circulation=True)
    with new_db.read() as s:
        entries = s.scalars(select(AuditEntry).where(AuditEntry.kind == "export")).all()
    assert [("circulation" in e.action, Path(e.new).name) for e in entries] == [
        (False, "a.xlsx"),
        (True, "b.xlsx"),
    ]
    assert all(e.user for e in entries)


def test_a_new_sheet_is_a_few_lines_in_the_registry(new_db, tmp_path):
    def rows(ctx):  # noqa: ANN001
        return [[ctx.response.title, 7]]

    sheet = register(TableSheet("Extra sheet (test)", 25, (Column("What"), Column("Count")), rows))
    try:
        result = export_workbook(new_db, tmp_path / "x.xlsx")
        wb = load_workbook(result.path)
        assert wb.sheetnames[2] == "Extra sheet (test)"
        assert table(wb["Extra sheet (test)"]) == [
            {"What": "Test response (fictional)", "Count": 7}
        ]
    finally:
        SHEETS.remove(sheet)


def test_refuses_a_name_that_is_not_xlsx(new_db, tmp_path):
    with pytest.raises(ExportError, match=r"\.xlsx"):
        export_workbook(new_db, tmp_path / "map.csv")
    assert not (tmp_path / "map.csv").exists()


def test_a_read_only_folder_says_so_and_leaves_nothing(new_db, tmp_path, monkeypatch):
    out = tmp_path / "map.xlsx"

    def denied(self, filename):  # noqa: ANN001
        raise PermissionError(13, "Permission denied", str(filename))

    monkeypatch.setattr(export_module.Workbook, "save", denied)
    with pytest.raises(ExportError, match="cannot write in") as info:
        export_workbook(new_db, out)
    assert "not saved" in str(info.value)
    assert list(tmp_path.glob("*.xlsx")) == [] and list(tmp_path.glob(".~*")) == []


def test_a_custom_risk_scale_still_gets_colours_top_to_bottom():
    scale = ["Very high", "Medium", "Minimal"]
    assert risk_colour("Very high", scale) == "D55E00"
    assert risk_colour("Medium", scale) == "E69F00"
    assert risk_colour("Minimal", scale) == "009E73"
    assert risk_colour("Not yet assessed", scale) == "BBBBBB"
    assert risk_colour("Unknown word", scale) is None


def test_prompts_sheet_carries_the_prompts_screen_list(full, demo):
    from app.services.prompts.engine import prompts_for

    db, _ = demo
    _, wb = full
    ws = wb["Prompts"]
    rows = [r for r in ws.iter_rows(min_row=2, values_only=True) if any(r)]
    with db.read() as s:
        prompts = prompts_for(s, db.response_id, date.today())
    assert len(prompts) >= 3, "the demo should raise several prompts"
    assert len(rows) == len(prompts)
    texts = [r[5] for r in rows]
    assert texts == [p.text for p in prompts]
    assert all(t.startswith("Consider") for t in texts)
    assert [r[1] for r in rows] == [", ".join(p.people) for p in prompts]


def test_changes_sheet_lists_a_young_person_added_since_the_meeting(tmp_path):
    from app.services.editing.editor import Editor

    db = build_demo(tmp_path / "demo.circles")
    try:
        Editor(db, user="tester").do(
            lambda s: add_person(
                s,
                db.response_id,
                {"given_name": "Newa", "family_name": "Testington", "date_added": date.today()},
            )
        )
        with db.read() as s:
            ref = s.scalar(select(YoungPerson.reference).order_by(YoungPerson.id.desc()))
        result = export_workbook(db, tmp_path / "changes.xlsx", circulation=True)
    finally:
        db.close()
    ws = load_workbook(result.path)["Changes since last meeting"]
    assert headers(ws) == ["Change", "Reference", "Detail", "Date"]
    rows = [r for r in ws.iter_rows(min_row=2, values_only=True) if any(r)]
    assert ("Young person added", ref) in [(r[0], r[1]) for r in rows]
    assert not any("Newa" in str(c) for r in rows for c in r)

"""`returns` and importing a returned agency workbook, through the real command line."""

from __future__ import annotations

import json
import sqlite3
import stat
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook

from app.__main__ import main
from app.models.sqlite_file import SCHEMA_VERSION
from app.services.files.demo import build_demo
from tests.returns_helpers import fill_return

TODAY = date.today()


@pytest.fixture
def demo(tmp_path):
    path = tmp_path / "demo.circles"
    build_demo(path).close()
    return path


def coverage(path, capsys) -> dict:
    capsys.readouterr()
    assert main(["coverage", str(path), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def audit_count(path) -> int:
    with sqlite3.connect(path) as con:
        return con.execute("SELECT count(*) FROM audit_entry").fetchone()[0]


def test_returns_all_writes_one_private_workbook_per_agency(demo, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    assert main(["returns", str(demo), "--all", "--out-dir", str(out)]) == 0
    said = capsys.readouterr().out
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "CAMHS return.xlsx",
        "Children's Social Care return.xlsx",
        "Early Help return.xlsx",
        "School return.xlsx",
    ]
    assert said.count("Wrote the return") == 4
    for p in out.iterdir():
        assert stat.S_IMODE(p.stat().st_mode) == 0o600
        wb = load_workbook(p)
        assert wb.sheetnames == ["Cover", "Return", "Lists"]
        ws = wb["Return"]
        assert ws.protection.sheet and ws.protection.password is None
        assert "OFFICIAL-SENSITIVE" in ws.oddHeader.center.text
        assert "OFFICIAL-SENSITIVE" in ws.oddFooter.center.text
        assert "OFFICIAL-SENSITIVE" in wb["Cover"].oddHeader.center.text
        rid = wb.defined_names["CirclesReturnId"].attr_text.strip('"')
        cover = {r[0]: r[1] for r in wb["Cover"].iter_rows(values_only=True) if r[0]}
        assert cover["Return id"] == rid and cover["Response"].startswith("FICTIONAL demo")
        headers = [c.value for c in ws[1]]
        # Early Help was never at a meeting: references only.
        assert ("Given name" in headers) == (not p.name.startswith("Early Help"))
        # The columns to fill are unlocked, the others locked.
        status_col = headers.index("Status") + 1
        assert not ws.cell(2, status_col).protection.locked
        assert ws.cell(2, 1).protection.locked
        kinds = {dv.type for dv in ws.data_validations.dataValidation}
        assert kinds == {"list", "date"}
    data = coverage(demo, capsys)
    assert data["returns"]["CAMHS"]["outstanding"] == data["returns"]["CAMHS"]["sent"] > 0
    assert all(v["received"] == 0 for v in data["returns"].values())
    # Asking again without --force refuses and writes nothing more.
    assert main(["returns", str(demo), "--all", "--out-dir", str(out)]) == 2
    assert "--force" in capsys.readouterr().err


def test_round_trip_two_agencies_moves_the_figures_exactly(demo, tmp_path, capsys):
    camhs, school = tmp_path / "camhs.xlsx", tmp_path / "school.xlsx"
    assert main(["returns", str(demo), "--agency", "CAMHS", "--out", str(camhs)]) == 0
    assert main(["returns", str(demo), "--agency", "School", "--out", str(school)]) == 0
    before = coverage(demo, capsys)
    at_risk = before["people"]["at_risk"]
    camhs_refs = [
        r[0] for r in load_workbook(camhs)["Return"].iter_rows(min_row=2, values_only=True)
    ]
    school_refs = [
        r[0] for r in load_workbook(school)["Return"].iter_rows(min_row=2, values_only=True)
    ]
    done = next(r for r in camhs_refs if r in at_risk)
    booked = next(r for r in school_refs if r in at_risk and r != done)
    fill_return(
        camhs,
        tmp_path / "camhs back.xlsx",
        {
            done: {
                "Status": "Completed",
                "Completed date": TODAY - timedelta(days=1),
                "Assessed risk": "High",
                "Assessor": "Assessor 9 (fictional)",
            }
        },
    )
    fill_return(
        school,
        tmp_path / "school back.xlsx",
        {booked: {"Booked date": TODAY + timedelta(days=2)}},
    )
    assert main(["import", str(demo), str(tmp_path / "camhs back.xlsx")]) == 0
    said = capsys.readouterr().out
    assert f"{done}: Not booked in time -> Assessed on time, risk High" in said
    assert main(["import", str(demo), str(tmp_path / "school back.xlsx")]) == 0
    assert f"{booked}: Not booked in time -> Booked on time" in capsys.readouterr().out
    after = coverage(demo, capsys)
    assert after["assessed_on_time"] == before["assessed_on_time"] + 1
    assert after["booked_on_time"] == before["booked_on_time"] + 1
    assert after["at_risk"] == before["at_risk"] - 2
    assert (
        done in after["people"]["assessed_on_time"] and booked in after["people"]["booked_on_time"]
    )
    ret = after["returns"]
    assert ret["CAMHS"]["outstanding"] == 0 and ret["School"]["outstanding"] == 0
    assert ret["CAMHS"]["received"] == len(camhs_refs)
    # The workbook's Summary says the same.
    book = tmp_path / "map.xlsx"
    assert main(["export", str(demo), "--out", str(book)]) == 0
    rows = list(load_workbook(book)["Summary"].iter_rows(values_only=True))
    figures = {r[0]: r[1] for r in rows if r[0]}
    assert figures["Assessed on time"] == after["assessed_on_time"]
    assert figures["Booked on time"] == after["booked_on_time"]
    camhs_row = next(
        r for r in rows if r[0] == "CAMHS" and isinstance(r[1], int) and "R-" in (r[4] or "")
    )
    assert camhs_row[1:4] == (len(camhs_refs), len(camhs_refs), 0)
    # Imported twice: nothing changes, not even the audit log.
    n = audit_count(demo)
    assert main(["import", str(demo), str(tmp_path / "camhs back.xlsx")]) == 0
    assert "already imported" in capsys.readouterr().out
    assert audit_count(demo) == n
    assert coverage(demo, capsys) == after
    with sqlite3.connect(demo) as con:
        entries = con.execute(
            "SELECT count(*) FROM audit_entry WHERE kind='import' AND action='Return from CAMHS received'"
        ).fetchone()[0]
    assert entries == 1


def _refused(demo, src, capsys) -> str:
    n = audit_count(demo)
    before = coverage(demo, capsys)
    assert main(["import", str(demo), str(src)]) == 2
    err = capsys.readouterr().err
    assert "Nothing was imported" in err or "not imported" in err
    assert audit_count(demo) == n and coverage(demo, capsys) == before
    return err


def test_refuses_people_not_sent_locked_changes_and_other_responses(demo, tmp_path, capsys):
    camhs = tmp_path / "camhs.xlsx"
    assert main(["returns", str(demo), "--agency", "CAMHS", "--out", str(camhs)]) == 0
    wb = load_workbook(camhs)
    ws = wb["Return"]
    first = ws.cell(2, 1).value
    # Someone not sent to CAMHS in this return, typed over a reference (protection off).
    ws.protection.sheet = False
    ws.cell(2, 1).value = "YP-99"
    wb.save(tmp_path / "other.xlsx")
    assert "YP-99 was not sent to CAMHS" in _refused(demo, tmp_path / "other.xlsx", capsys)
    wb = load_workbook(camhs)
    ws = wb["Return"]
    ws.cell(2, 5).value = "Somewhere else (fictional)"  # the Setting column, locked
    ws.cell(2, 7).value = "Booked"
    wb.save(tmp_path / "locked.xlsx")
    assert "locked column Setting" in _refused(demo, tmp_path / "locked.xlsx", capsys)
    fill_return(camhs, tmp_path / "bad.xlsx", {first: {"Assessed risk": "Purple"}})
    assert "not one of the risk levels" in _refused(demo, tmp_path / "bad.xlsx", capsys)
    # Into another response: the return id was not sent from it.
    other = tmp_path / "other.circles"
    build_demo(other).close()
    assert "was not sent from this response" in _refused(other, camhs, capsys)


def test_agency_with_nobody_to_return_is_refused(demo, tmp_path, capsys):
    out = tmp_path / "police.xlsx"
    assert main(["returns", str(demo), "--agency", "Police", "--out", str(out)]) == 2
    assert "Police has no young people" in capsys.readouterr().err
    assert not out.exists()


def test_schema_3_file_opens_and_is_upgraded(demo, tmp_path, capsys):
    # A file as the previous Circles wrote it: no agency_return table, no new column.
    con = sqlite3.connect(demo)
    con.execute("DROP TABLE agency_return")
    con.execute("ALTER TABLE response DROP COLUMN return_names_agencies")
    con.execute("PRAGMA user_version=3")
    con.commit()
    con.close()  # checkpoints the WAL, so the version is in the file's header
    out = tmp_path / "camhs.xlsx"
    assert main(["returns", str(demo), "--agency", "CAMHS", "--out", str(out)]) == 0
    with sqlite3.connect(demo) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert con.execute("SELECT count(*) FROM agency_return").fetchone()[0] > 0
    assert list(tmp_path.glob("demo.before-upgrade-v3-*.circles"))

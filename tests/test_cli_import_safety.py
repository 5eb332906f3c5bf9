"""Import faults a user would notice: huge cells in error lines, a full disk mid-import.

An error line never repeats more than about 80 characters of a cell (cells may be personal
data, and a 1,000,000-character cell once made a 32,857-character line); a disk that fills
while the import is written leaves the response exactly as it was, with one sentence.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.__main__ import main
from app.models.database import open_database
from app.services.files.demo import build_demo
from tests.services.import_files import dump, write_workbook

ROOT = Path(__file__).parents[1]
HUGE = "Fictional" + "x" * 1_000_000  # no real data: a made-up word, very long
LINE_LIMIT = 300


def _demo(tmp_path: Path) -> Path:
    path = tmp_path / "demo.circles"
    build_demo(path).close()
    return path


def _dump(path: Path) -> dict:
    db = open_database(path, readonly=True)
    try:
        return dump(db)
    finally:
        db.close()


def test_a_million_character_cell_is_never_repeated_in_full(tmp_path):
    response = _demo(tmp_path)
    source = write_workbook(
        tmp_path / "huge.xlsx",
        {
            "Young people": [
                ["Reference", "Given name", "Family name", "Date of birth", "Age", "Looked after"],
                [None, HUGE, "Madeup", "01/02/2011", None, None],  # name column
                [None, "Ada", HUGE, HUGE, None, None],  # name and date columns
                [None, "Ben", "Sample", f"01/02/2011\n{HUGE}", HUGE, HUGE],  # line breaks
                [HUGE, "Cai", "Example", None, None, None],  # reference column
            ],
            "Assessments": [
                ["Reference", "Agency", "Status", "Booked date"],
                [HUGE, "School", "Booked", "01/02/2025"],  # a person named by the cell
                ["YP-01", "School", HUGE, HUGE],  # a choice and a date
            ],
            # The header's bracket is ignored when matching, so the column is read and
            # its (huge) header is named in the problem line.
            "Concerns": [
                ["Reference", f"Date ({HUGE})", "Reporting agency", "Category"],
                ["YP-01", "not a date", "School", "Other"],
            ],
        },
    )
    before = _dump(response)
    r = subprocess.run(
        [sys.executable, "-m", "app", "import", str(response), str(source)],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )  # fmt: skip
    assert r.returncode == 2
    lines = r.stderr.splitlines()
    assert len(lines) >= 8, r.stderr[:2000]
    assert "Traceback" not in r.stderr
    for line in lines:
        assert len(line) < LINE_LIMIT, line[:400]
    assert "Fictionalxxxx" in r.stderr  # the cell is named, shortened...
    assert "..." in r.stderr  # ...and says so
    assert lines[-1] == f"Nothing was imported: {len(lines) - 1} problems in huge.xlsx."
    assert _dump(response) == before


def test_a_disk_that_fills_while_importing_changes_nothing(tmp_path, capsys, monkeypatch):
    response = _demo(tmp_path)
    source = write_workbook(
        tmp_path / "school.xlsx",
        {
            "Young people": [
                ["Reference", "Given name", "Family name", "Home area"],
                ["YP-01", None, None, "Eastham"],
                [None, "Noa", "Samplewood", "Northfield"],
            ]
        },
    )
    before = _dump(response)

    from sqlalchemy import event

    from app.models import database

    real_open = database.open_database

    def full_disk_open(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        db = real_open(*args, **kwargs)
        state = {"writes": 0}

        @event.listens_for(db.engine, "before_cursor_execute")
        def _fill(_conn, _cursor, statement, *_rest):  # noqa: ANN001, ANN202
            if statement.lstrip().upper().startswith(("INSERT", "UPDATE")):
                state["writes"] += 1
                if state["writes"] >= 2:  # part-way through the import's rows
                    raise sqlite3.OperationalError("database or disk is full")

        return db

    # The verb imports open_database when it runs (so `--help` stays quick): patch its home.
    monkeypatch.setattr(database, "open_database", full_disk_open)
    assert main(["import", str(response), str(source)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("circles import: The disk is full")
    assert "nothing was imported" in err.lower()
    assert len(err.splitlines()) == 1 and "INSERT" not in err and "Noa" not in err
    assert _dump(response) == before
    # With space again, the same import goes through.
    monkeypatch.undo()
    assert main(["import", str(response), str(source)]) == 0
    assert _dump(response) != before


@pytest.mark.parametrize("message", ["disk I/O error", "database is locked"])
def test_other_write_faults_during_import_are_one_sentence(tmp_path, capsys, monkeypatch, message):
    response = _demo(tmp_path)
    source = write_workbook(
        tmp_path / "school.xlsx",
        {"Young people": [["Given name", "Family name"], ["Noa", "Samplewood"]]},
    )
    before = _dump(response)
    from app.services.editing import editor as editing

    def failing_do(self, build, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        raise sqlite3.OperationalError(message)

    monkeypatch.setattr(editing.Editor, "do", failing_do)
    assert main(["import", str(response), str(source)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "nothing was imported" in err.lower()
    assert _dump(response) == before


def test_control_characters_in_a_cell_never_reach_the_terminal(tmp_path, capsys):
    """A cell with a terminal escape or a line break cannot forge or clear error lines."""
    response = _demo(tmp_path)
    forged = "\x1b[2J\x1b[31m31/02/2011\r\nYoung people, row 9: all fine\u2028\u202e"
    source = tmp_path / "forged.csv"
    source.write_text(
        f'Given name,Family name,Date of birth\nAda,Fictional,"{forged}"\n',
        encoding="utf-8",
    )
    before = _dump(response)
    assert main(["import", str(response), str(source)]) == 2
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert len(lines) == 2, err
    assert lines[0].startswith("Young people, row 2, column Date of birth: '")
    assert not any(c in err for c in "\x1b\r\u2028\u202e")
    assert _dump(response) == before

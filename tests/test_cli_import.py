"""The `template` and `import` verbs: exit codes, the summary, one line per problem."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

from app.__main__ import main
from app.models.database import open_database
from app.services.files.demo import build_demo
from tests.services.import_files import dump, write_workbook

ROOT = Path(__file__).parents[1]


def test_template_verb_writes_and_will_not_overwrite(tmp_path, capsys):
    out = tmp_path / "template.xlsx"
    assert main(["template", str(out)]) == 0
    assert "Wrote the import template" in capsys.readouterr().out
    assert load_workbook(out).sheetnames[:4] == [
        "Young people", "Connections", "Concerns", "Assessments"
    ]  # fmt: skip
    out.write_bytes(b"keep me")
    assert main(["template", str(out)]) == 2
    assert "already exists; use --force" in capsys.readouterr().err
    assert out.read_bytes() == b"keep me"
    assert main(["template", str(out), "--force"]) == 0


def _demo(tmp_path):
    path = tmp_path / "demo.circles"
    build_demo(path).close()
    return path


def _dump(path):
    db = open_database(path)
    try:
        return dump(db)
    finally:
        db.close()


def test_import_verb_dry_run_then_import(tmp_path, capsys):
    response = _demo(tmp_path)
    source = write_workbook(
        tmp_path / "school.xlsx",
        {"Young people": [["Reference", "Given name", "Family name", "Home area"],
                          ["YP-01", None, None, "Eastham"],
                          [None, "Noa", "Samplewood (new)", "Northfield"]]},
    )  # fmt: skip
    before = _dump(response)
    assert main(["import", str(response), str(source), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Young people: 1 added, 1 updated" in out and "Nothing was changed." in out
    assert _dump(response) == before
    assert main(["import", str(response), str(source)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Imported school.xlsx into demo.circles:")
    assert "Young people: 1 added, 1 updated, 0 unchanged or skipped" in out
    db = open_database(response)
    with db.read() as s:
        from sqlalchemy import select

        from app.models.entities import YoungPerson

        assert (
            s.scalar(select(YoungPerson.home_area).where(YoungPerson.reference == "YP-01"))
            == "Eastham"
        )
        assert (
            s.scalar(
                select(YoungPerson.reference).where(YoungPerson.family_name == "Samplewood (new)")
            )
            == "YP-41"
        )
    db.close()


def test_import_verb_problems_exit_2_one_line_each(tmp_path):
    response = _demo(tmp_path)
    source = tmp_path / "links.csv"
    source.write_text(
        "Person A,Person B,Mode,Kind,Source agency,Confidence,Date identified\n"
        "YP-01,YP-99,Online,Friend,School,Reported,01/01/2026\n"
        "YP-02,YP-03,Online,Friend,School,Reported,31/13/2026\n"
    )
    before = _dump(response)
    r = subprocess.run(
        [sys.executable, "-m", "app", "import", str(response), str(source), "--sheet", "Connections"],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert r.returncode == 2
    assert r.stderr.splitlines() == [
        "Connections, row 2, column Person B: There is no young person 'YP-99' in this "
        "response or in the Young people sheet",
        "Connections, row 3, column Date identified: '31/13/2026' is not a real date",
        "Nothing was imported: 2 problems in links.csv.",
    ]
    assert _dump(response) == before


def test_import_verb_unreadable_file_is_one_sentence(tmp_path, capsys):
    response = _demo(tmp_path)
    source = tmp_path / "list.xlsx"
    source.write_text("not a workbook")
    assert main(["import", str(response), str(source)]) == 2
    assert capsys.readouterr().err.strip() == (
        "circles import: list.xlsx is not an Excel workbook (it may be damaged)."
    )


def test_help_for_the_new_verbs(capsys):
    for verb in ("template", "import"):
        try:
            main([verb, "--help"])
        except SystemExit as exc:
            assert exc.code == 0
        out = capsys.readouterr().out
        assert "usage" in out.lower() and verb in out

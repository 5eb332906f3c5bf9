"""`import` and `check` on a PostgreSQL address give what they give on a file."""

from __future__ import annotations

import json
from datetime import date, timedelta

from sqlalchemy import text

from app.__main__ import main
from app.models.database import open_database
from app.models.entities import Response
from app.services.files.demo import build_demo
from tests.services.import_files import write_workbook
from tests.shared.test_move import TITLE, _rows


def _break_rules(con) -> None:  # noqa: ANN001
    """The same broken invariants, one per rule kind, on either engine."""
    future = (date.today() + timedelta(days=30)).isoformat()
    con.execute(
        text("UPDATE young_person SET date_of_birth = :d WHERE reference = 'YP-02'"), {"d": future}
    )
    con.execute(
        text("UPDATE concern SET date_known = date - 3 WHERE id = 1")
        if con.dialect.name == "postgresql"
        else text("UPDATE concern SET date_known = date(date, '-3 days') WHERE id = 1")
    )
    con.execute(
        text(
            "UPDATE young_person SET inclusion = 'removed', removed_reason = NULL WHERE reference = 'YP-05'"
        )
    )
    con.execute(text("UPDATE assessment SET status = 'booked', booked_date = NULL WHERE id = 2"))
    con.execute(text("UPDATE connection SET kind = 'telepathy' WHERE id = 4"))
    con.execute(
        text("UPDATE response SET review_date = referral_date - 1")
        if con.dialect.name == "postgresql"
        else text("UPDATE response SET review_date = date(referral_date, '-1 day')")
    )


def test_a_broken_invariant_is_reported_on_the_server_as_on_the_file(pg, tmp_path, capsys):
    path = tmp_path / "demo.circles"
    build_demo(path).close()
    build_demo(pg.url()).close()
    url = pg.url(response=TITLE)
    assert main(["check", url]) == 0, capsys.readouterr().err
    capsys.readouterr()
    for where in (str(path), pg.url("circles_admin", TITLE)):
        db = open_database(where)
        try:
            with db.engine.begin() as con:
                _break_rules(con)
        finally:
            db.close()
    assert main(["check", str(path)]) == 2
    on_file = capsys.readouterr().err.splitlines()
    assert main(["check", url]) == 2
    on_server = capsys.readouterr().err.splitlines()
    assert len(on_file) == 6, on_file
    assert any("YP-02 has a date of birth in the future" in line for line in on_file)
    assert on_server == on_file


def test_import_on_an_address_gives_the_rows_it_gives_on_a_file(pg, tmp_path, capsys):
    path = tmp_path / "demo.circles"
    build_demo(path).close()
    build_demo(pg.url()).close()
    url = pg.url(response=TITLE)
    source = write_workbook(
        tmp_path / "school.xlsx",
        {"Young people": [["Reference", "Given name", "Family name", "Home area"],
                          ["YP-01", None, None, "Eastham"],
                          [None, "Noa", "Samplewood (new)", "Northfield"]]},
    )  # fmt: skip
    assert main(["import", url, str(source), "--dry-run"]) == 0
    assert "Young people: 1 added, 1 updated" in capsys.readouterr().out
    assert main(["import", str(path), str(source)]) == 0
    assert main(["import", url, str(source)]) == 0, capsys.readouterr().err
    assert "Young people: 1 added, 1 updated" in capsys.readouterr().out
    on_file, on_server = _rows(str(path)), _rows(url)
    audit = on_file.pop("audit_entry"), on_server.pop("audit_entry")
    made = [c.name for c in Response.__table__.columns].index("created_at")
    for rows in (on_file, on_server):  # the two demos were made a moment apart
        rows["response"] = [r[:made] + r[made + 1 :] for r in rows["response"]]
    assert on_server == on_file
    # The import's audit entries are the same but for when and, on the server, the login.
    assert [r[3:9] for r in audit[1]] == [r[3:9] for r in audit[0]]
    for verb in ("coverage", "prompts"):
        assert main([verb, str(path), "--json"]) == 0
        want = json.loads(capsys.readouterr().out)
        assert main([verb, url, "--json"]) == 0
        assert json.loads(capsys.readouterr().out) == want

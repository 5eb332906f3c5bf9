"""Shared responses on a real PostgreSQL server: the verbs on an address, the roles, stale
edits and undos refused in one sentence, and other windows told within 2 seconds."""

from __future__ import annotations

import json
import time

import psycopg
import pytest

from app.__main__ import main
from app.models.database import open_database
from app.models.listen import Listener
from app.services.editing.editor import Editor
from app.services.editing.versions import StaleRowError
from app.services.files.demo import build_demo
from app.services.people import young_people as people

TITLE = "FICTIONAL demo: Northfield response"


def test_application_role_has_no_schema_rights(pg):
    with psycopg.connect(
        host=pg.socket, user="circles_app", dbname="circles", autocommit=True
    ) as con:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            con.execute("CREATE TABLE intruder (id int)")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            con.execute("ALTER TABLE young_person ADD COLUMN x int")


def test_upgrade_verb_is_idempotent(pg, capsys):
    assert main(["upgrade", pg.url("circles_admin")]) == 0
    assert "already" in capsys.readouterr().out


def test_password_in_address_is_refused(pg, capsys):
    url = pg.url().replace("circles_app@", "circles_app:secret@")
    assert main(["check", url]) == 2
    err = capsys.readouterr().err
    assert "password" in err and "secret" not in err


def test_verbs_on_an_address_match_the_file(pg, tmp_path, capsys):
    url = pg.url(response=TITLE)
    assert main(["demo", pg.url()]) == 0
    path = tmp_path / "demo.circles"
    build_demo(path).close()
    capsys.readouterr()
    for verb in (["coverage", "--json"], ["prompts", "--json"]):
        assert main([verb[0], str(path), *verb[1:]]) == 0
        on_file = json.loads(capsys.readouterr().out)
        assert main([verb[0], url, *verb[1:]]) == 0
        on_server = json.loads(capsys.readouterr().out)
        assert on_server == on_file, verb
    assert main(["check", url]) == 0, capsys.readouterr().err
    out = tmp_path / "shared.xlsx"
    assert main(["export", url, "--out", str(out)]) == 0, capsys.readouterr().err
    assert out.exists()


def _two_editors(pg):
    build_demo(pg.url()).close()
    a = open_database(pg.url("circles_app", TITLE))
    b = open_database(pg.url("circles_app2", TITLE))
    return a, b, Editor(a, user="asmith"), Editor(b, user="jsmith")


def _person(db, reference):
    from sqlalchemy import select

    from app.models.entities import YoungPerson

    with db.read() as s:
        return s.scalar(select(YoungPerson).where(YoungPerson.reference == reference))


def test_edit_on_a_row_changed_unseen_is_refused_naming_who(pg):
    a, b, ea, eb = _two_editors(pg)
    try:
        yp = _person(a, "YP-07")
        listener = Listener(a)  # A's window listens from when it opens
        eb.do(lambda s: people.update_person(s, yp.id, {"notes": "from B"}))
        with pytest.raises(StaleRowError) as refused:
            ea.do(lambda s: people.update_person(s, yp.id, {"notes": "from A"}))
        assert str(refused.value).startswith("YP-07 was changed by circles_app2 at ")
        assert str(refused.value).endswith("; your change was not saved.")
        assert _person(a, "YP-07").notes == "from B"
        # Once A's window has shown B's change (its notice), A may edit the row.
        deadline = time.monotonic() + 2
        notices = []
        while not notices and time.monotonic() < deadline:
            notices = listener.poll()
            time.sleep(0.05)
        listener.close()
        assert notices and notices[-1]["ids"]["young_person"] == [yp.id]
        ea.seen(notices[-1]["seq"])
        ea.do(lambda s: people.update_person(s, yp.id, {"notes": "from A"}))
        assert _person(b, "YP-07").notes == "from A"
    finally:
        a.close()
        b.close()


def test_undo_over_someone_elses_change_is_refused(pg):
    a, b, ea, eb = _two_editors(pg)
    try:
        yp = _person(a, "YP-03")
        ea.do(lambda s: people.update_person(s, yp.id, {"notes": "A's note"}))
        eb.seen(10**9)  # B has seen everything
        eb.do(lambda s: people.update_person(s, yp.id, {"notes": "B's later note"}))
        with pytest.raises(StaleRowError, match="YP-03 was changed by circles_app2"):
            ea.undo()
        assert _person(a, "YP-03").notes == "B's later note"
        # B's own undo is B's to make, and only B's edit is undone.
        eb.undo()
        assert _person(a, "YP-03").notes == "A's note"
    finally:
        a.close()
        b.close()

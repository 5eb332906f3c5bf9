"""Two Stores (two windows) on one shared response: each shows the other's edit within
2 seconds through `changed`, a stale edit reaches the user as one sentence, and undo only
undoes one's own edits."""

from __future__ import annotations

from sqlalchemy import select

from app.models.database import open_database
from app.models.entities import YoungPerson
from app.services.files.demo import build_demo
from app.services.people import young_people as people
from app.views.shell.store import Store

TITLE = "FICTIONAL demo: Northfield response"


def test_two_stores_see_each_other(pg, qtbot):
    build_demo(pg.url()).close()
    a = Store(open_database(pg.url("circles_app", TITLE)))
    b = Store(open_database(pg.url("circles_app2", TITLE)))
    try:
        with a.read() as s:
            yp = s.scalar(select(YoungPerson).where(YoungPerson.reference == "YP-05"))
        with qtbot.waitSignal(a.changed, timeout=2000) as seen:
            b.run(lambda s: people.update_person(s, yp.id, {"notes": "B was here"}))
        assert yp.id in seen.args[0].of("young_person")
        # A has shown B's change, so A may edit the same person; B sees it too.
        with qtbot.waitSignal(b.changed, timeout=2000):
            assert a.run(lambda s: people.update_person(s, yp.id, {"notes": "A too"}))
        # B undoes: its own edit is under A's now, so the undo is refused in one sentence.
        with qtbot.waitSignal(b.error, timeout=2000) as error:
            b.undo_stack.undo()
        assert error.args[0].startswith("YP-05 was changed by circles_app at ")
        with a.read() as s:
            assert s.get(YoungPerson, yp.id).notes == "A too"
    finally:
        for store in (a, b):
            store.close_listener()
            store.db.close()

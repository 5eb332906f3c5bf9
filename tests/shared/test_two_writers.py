"""Two writers on one response, 500 random edits each, some to the same young people:
every acknowledged edit is there, every refused one said so, nothing else is lost, and
each writer saw the other's changes through the server's notices."""

from __future__ import annotations

import random

from sqlalchemy import select

from app.models.database import open_database
from app.models.entities import YoungPerson
from app.models.listen import Listener
from app.services.editing.editor import Editor
from app.services.editing.versions import StaleRowError
from app.services.files.demo import build_demo
from app.services.people import young_people as people

TITLE = "FICTIONAL demo: Northfield response"
EDITS = 500


def test_two_writers_lose_nothing(pg):
    seed = random.randrange(1_000_000)
    print(f"seed {seed}")
    rng = random.Random(seed)
    build_demo(pg.url()).close()
    dbs = [open_database(pg.url(user, TITLE)) for user in ("circles_app", "circles_app2")]
    editors = [Editor(db, user=f"writer{i}") for i, db in enumerate(dbs)]
    listeners = [Listener(db) for db in dbs]
    with dbs[0].read() as s:
        ids = s.scalars(select(YoungPerson.id).order_by(YoungPerson.id)).all()
    hot = ids[:4]  # both writers edit these often
    last: dict[int, str] = {}  # person -> the last note an acknowledged edit wrote
    refused = [0, 0]
    seen_other = [False, False]
    try:
        for n in range(EDITS):
            for w in (0, 1):
                for notice in listeners[w].poll():
                    editors[w].seen(notice["seq"])
                    if notice["seq"] not in editors[w].guard.own:
                        seen_other[w] = True
                person = rng.choice(hot) if rng.random() < 0.5 else rng.choice(ids)
                note = f"w{w} edit {n}"
                try:
                    editors[w].do(
                        lambda s, p=person, t=note: people.update_person(s, p, {"notes": t})
                    )
                    last[person] = note
                except StaleRowError as exc:
                    assert exc.args[0].endswith("your change was not saved.")
                    refused[w] += 1
        with dbs[0].read() as s:
            notes = dict(s.execute(select(YoungPerson.id, YoungPerson.notes)).all())
        for person, note in last.items():
            assert notes[person] == note, (seed, person)
        assert seen_other == [True, True]
        print(f"refused {refused}")
    finally:
        for listener in listeners:
            listener.close()
        for db in dbs:
            db.close()

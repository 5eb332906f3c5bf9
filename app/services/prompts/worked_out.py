"""The prompts and the bridges of a response, worked out on a connection of their own, for
the Prompts page's worker thread (app/views/prompts/page.py) at thousands of young people.

A plain function over plain data: the response's location (file or address) in, plain
`Prompt` and `Bridge` values out. It opens the response read-only without the one-writer
lock (as the export's helper process does, app/services/prompts/process.py), so it shares
no connection, session or ORM object with the window's thread and reads what the window
last committed. No Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.services.coverage.owner import next_step_owner
from app.services.network.groups import Bridge, bridges
from app.services.network.snapshot import known_as_at
from app.services.prompts.engine import Prompt, prompts_for


@dataclass(frozen=True)
class WorkedOut:
    prompts: list[Prompt]
    bridges: list[Bridge]
    owners: dict[int, str]  # person id -> who owns the next step (coverage/owner.py)


def work_out(location: str, response_id: int, as_of: date | None) -> WorkedOut:
    """Every prompt (dismissed ones marked) and every bridge as at `as_of` (None: today)."""
    from app.models.database import open_database

    db = open_database(location, readonly=True, upgrade=False, lock=False)
    try:
        with db.read() as session:
            known = known_as_at(session, response_id, as_of)
            prompts = prompts_for(session, response_id, as_of, known=known)
            found = bridges(known)  # the bridge prompt's, kept with the snapshot
            owners = {pid: next_step_owner(p) for pid, p in known.people.items()}
    finally:
        db.close()
    return WorkedOut(prompts, found, owners)

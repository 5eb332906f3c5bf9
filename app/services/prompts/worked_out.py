"""The prompts and the bridges of a response, worked out on a connection of their own, for
the Prompts page's worker thread (app/views/prompts/page.py) at thousands of young people.

A plain function over plain data: the response's location (file or address) in, plain
`Prompt` and `Bridge` values out, read apart (app/services/queries/apart.py: a read-only
connection of its own, nothing shared with the window's thread). No Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from app.services.coverage.owner import next_step_owner
from app.services.network.groups import Bridge, bridges
from app.services.network.snapshot import known_as_at
from app.services.prompts.engine import Prompt, prompts_for
from app.services.queries.apart import read_apart


@dataclass(frozen=True)
class WorkedOut:
    prompts: list[Prompt]
    bridges: list[Bridge]
    owners: dict[int, str]  # person id -> who owns the next step (coverage/owner.py)


def work_out(location: str, response_id: int, as_of: date | None) -> WorkedOut:
    """Every prompt (dismissed ones marked) and every bridge as at `as_of` (None: today)."""

    def read(session: Session) -> WorkedOut:
        known = known_as_at(session, response_id, as_of)
        prompts = prompts_for(session, response_id, as_of, known=known)
        found = bridges(known)  # the bridge prompt's, kept with the snapshot
        owners = {pid: next_step_owner(p) for pid, p in known.people.items()}
        return WorkedOut(prompts, found, owners)

    return read_apart(location, read)

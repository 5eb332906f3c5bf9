"""The prompts and the bridges of a response, worked out on a connection of their own, for
the Prompts page's worker thread (app/views/prompts/page.py) at thousands of young people.

A plain function over plain data: the response's location (file or address) in, plain
`Prompt` and `Bridge` values out, worked out in the export's helper process (a file) or
read apart (app/services/queries/apart.py: a read-only connection of its own, nothing
shared with the window's thread). No Qt.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from app.services.coverage.owner import next_step_owner
from app.services.network.groups import Bridge, bridges
from app.services.network.snapshot import known_as_at
from app.services.prompts.engine import Prompt, prompts_for
from app.services.queries.apart import read_apart

HELPER_MODULE = "app.services.prompts.process"
# The folder holding the `app` package, so the helper imports this same code.
_SOURCE_ROOT = Path(__file__).resolve().parents[3]


@dataclass(frozen=True)
class WorkedOut:
    prompts: list[Prompt]
    bridges: list[Bridge]
    owners: dict[int, str]  # person id -> who owns the next step (coverage/owner.py)


def worked_out_on(session: Session, response_id: int, as_of: date | None) -> WorkedOut:
    """Every prompt (dismissed ones marked) and every bridge as at `as_of` (None: today)."""
    known = known_as_at(session, response_id, as_of)
    prompts = prompts_for(session, response_id, as_of, known=known)
    found = bridges(known)  # the bridge prompt's, kept with the snapshot
    owners = {pid: next_step_owner(p) for pid, p in known.people.items()}
    return WorkedOut(prompts, found, owners)


def work_out(location: str, response_id: int, as_of: date | None) -> WorkedOut:
    """In the helper process where one can start (a file), else read apart on this thread.

    The process is the export's helper (app/services/prompts/process.py): this thread only
    waits for it, so the window's thread never waits for Python's lock meanwhile (working
    them out on a thread of this process made the window's own reads three times slower
    while it ran)."""
    got = _from_helper(location, as_of)
    if got is not None:
        return got
    return read_apart(location, lambda s: worked_out_on(s, response_id, as_of))


def _from_helper(location: str, as_of: date | None) -> WorkedOut | None:
    from app.models.server import is_server_url

    if is_server_url(location) or not sys.executable:
        return None  # a server's credentials stay in this process
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(_SOURCE_ROOT), env.get("PYTHONPATH", "")) if p
    )
    day = as_of.isoformat() if as_of else "today"
    try:
        done = subprocess.run(
            [sys.executable, "-m", HELPER_MODULE, location, day, "--page"],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            env=env,
            timeout=600,
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
        )
        got = pickle.loads(done.stdout) if done.returncode == 0 and done.stdout else None
    except Exception:  # noqa: BLE001 - no helper, a crash, anything unreadable: work here
        return None
    return got if isinstance(got, WorkedOut) else None

"""Notices of other windows' edits on a shared response (PostgreSQL LISTEN/NOTIFY).

A `Listener` holds one connection of its own, in autocommit, listening on the response's
channel; `poll()` never blocks and returns the notices that arrived since, in commit order.
The Qt Store polls it on a timer (app/views/shell/store.py); headless callers poll it too.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from app.models.database import Database
from app.models.entities import Response
from app.models.server_faults import ResponseGone


class Listener:
    def __init__(self, db: Database) -> None:
        if not db.shared:
            raise ValueError("Only a shared response has other writers to listen to.")
        raw = db.engine.raw_connection()
        self._con = raw.driver_connection
        raw.detach()  # this connection is the listener's alone, never back in the pool
        self._raw = raw
        self._con.autocommit = True
        self._con.execute(f"LISTEN circles_{int(db.response_id)}")

    def poll(self) -> list[dict[str, Any]]:
        """The notices received so far: each {"seq": n, "ids": {table: [ids]}} or
        {"seq": n, "all": true}; empty when there are none (never waits)."""
        out: list[dict[str, Any]] = []
        for notice in self._con.notifies(timeout=0):
            try:
                out.append(json.loads(notice.payload))
            except ValueError:
                continue  # not Circles' own notice
        return out

    def close(self) -> None:
        self._con.close()


def listen_again(db: Database) -> Listener:
    """After the server was lost: check the response is still there, then listen again (on
    any thread; raises the driver's error while the server cannot be reached, ResponseGone
    when the response was deleted meanwhile)."""
    with db.read() as s:
        if s.scalar(select(Response.id).where(Response.id == db.response_id)) is None:
            raise ResponseGone(f"response {db.response_id}")
    return Listener(db)

"""Reading a response on a connection of its own, for a worker thread (issue 14).

`read_apart(location, read)` opens the response read-only without the one-writer lock (as
the export's helper process does), runs `read(session)` and closes it again: nothing is
shared with the window's thread (no connection, session or ORM object), and what `read`
returns must be plain values. It sees what the window last committed. No Qt.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.entities import AuditEntry

T = TypeVar("T")


def read_apart(location: str, read: Callable[[Session], T]) -> T:
    from app.models.database import open_database

    db = open_database(location, readonly=True, upgrade=False, lock=False)
    try:
        with db.read() as session:
            return read(session)
    finally:
        db.close()


def audit_entry_count(session: Session) -> int:
    """How long the audit log is (cheap: decides whether to read it apart)."""
    return int(session.scalar(select(func.count(AuditEntry.id))) or 0)

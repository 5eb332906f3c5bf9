"""Audit entries that are not row edits: exports, copies, imports, dismissals (no Qt)."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from app.models.database import Database, current_user
from app.models.entities import AuditEntry


def log_event(
    session: Session,
    action: str,
    *,
    kind: str,
    entity: str | None = None,
    entity_id: int | None = None,
    detail: str | None = None,
    user: str | None = None,
) -> None:
    session.add(
        AuditEntry(
            at=datetime.now().replace(microsecond=0),
            user=user or current_user(),
            action=action,
            kind=kind,
            entity=entity,
            entity_id=entity_id,
            new=detail,
        )
    )


def record(db: Database, action: str, *, kind: str, detail: str | None = None) -> None:
    """Write one audit entry in its own transaction (e.g. after an export)."""
    if db.readonly:
        return
    with db.session.begin() as s:
        log_event(s, action, kind=kind, detail=detail)


class NotRecorded(Exception):
    """An export could not be entered in the audit log, so it was not made; str(error) is
    one sentence for the user."""


def check_recordable(db: Database, name: str) -> None:
    """NotRecorded now if an export of `name` could not be recorded (a read-only response),
    so that the work is not even started."""
    if db.readonly:
        why = f" ({db.readonly_reason})" if db.readonly_reason else ""
        raise NotRecorded(
            f"{db.path.name} is open read-only{why}, so the export could not be recorded "
            f"in its audit log and {name} was not saved."
        )


def record_export(db: Database, action: str, *, detail: str, name: str) -> None:
    """Write an export's audit entry, or raise NotRecorded: every export is recorded, or
    it is not made (call this before the file takes its final name)."""
    check_recordable(db, name)
    try:
        with db.session.begin() as s:
            log_event(s, action, kind="export", detail=detail)
    except (SQLAlchemyError, sqlite3.Error, OSError) as exc:
        cause = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        if "full" in cause.lower():
            raise NotRecorded(
                f"The disk is full, so the export could not be recorded in the response's "
                f"audit log and {name} was not saved."
            ) from exc
        raise NotRecorded(
            f"The export could not be recorded in the response's audit log ({cause}), so "
            f"{name} was not saved."
        ) from exc


def recorded_move(db: Database, tmp: Path, out: Path, *, action: str, detail: str) -> None:
    """Record the export, then move the finished temporary file onto its name."""
    record_export(db, action, detail=detail, name=out.name)
    try:
        os.replace(tmp, out)
    except OSError:
        # The log is append-only, so the entry is not amended: a second one says the file
        # never reached its name. Should even that fail, the log names an export that was
        # not made, the harmless direction: it never misses one that was.
        with contextlib.suppress(Exception):
            record(
                db,
                f"Not saved after all (could not be moved into place): {action}",
                kind="export",
                detail=detail,
            )
        raise


def recent(session: Session, limit: int = 500) -> list[AuditEntry]:
    return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)))


def newest_entry_id(session: Session) -> int:
    """The id of the newest audit entry (0 for none). Every edit, undo, redo and import
    writes one (editing.py), so it changes whenever the response's data does."""
    return session.scalar(select(func.coalesce(func.max(AuditEntry.id), 0))) or 0

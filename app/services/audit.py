"""Audit entries that are not row edits: exports, copies, imports, dismissals (no Qt)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
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


def recent(session: Session, limit: int = 500) -> list[AuditEntry]:
    return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)))


def newest_entry_id(session: Session) -> int:
    """The id of the newest audit entry (0 for none). Every edit, undo, redo and import
    writes one (editing.py), so it changes whenever the response's data does."""
    return session.scalar(select(func.coalesce(func.max(AuditEntry.id), 0))) or 0

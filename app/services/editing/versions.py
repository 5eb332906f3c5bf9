"""Many writers on one response: row versions, the refusal sentence, and the change notice.

Every edit takes the next value of the response's change counter (`response.change_seq`,
under that row's lock, so edits are numbered in commit order) and stamps it on each row it
writes (`row_version`, SQLAlchemy's version_id_col). A window knows which changes it has
shown by one number, its horizon (raised as notices from the server arrive), and which
numbers are its own. On a shared response:
- an edit touching a row whose version is past the horizon and not its own was built on
  something this window has not shown yet: refused;
- an undo or redo touching a row whose version is not its own would overwrite someone
  else's later change: refused.
The refusal names who changed the row and when, from the audit log, in one sentence, and
the transaction rolls back, so nothing is overwritten. A `.circles` file has one writer (the
lock), so there is nothing to check there and its behaviour is exactly as before.
After the edit, on PostgreSQL, `pg_notify` tells the response's other windows what changed;
the server delivers it at commit, and never for an edit that rolled back.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.models.entities import AuditEntry, Base, YoungPerson
from app.services.editing.validation import ValidationError

VERSION = "row_version"
# PostgreSQL's limit for a notice's payload is 8,000 bytes; bigger edits say "everything".
MAX_PAYLOAD = 7000


class StaleRowError(ValidationError):
    """Someone else changed a row this edit or undo is based on; nothing was saved."""


def channel(response_id: int) -> str:
    return f"circles_{int(response_id)}"


def next_change(session: Session, response_id: int | None) -> int:
    """Take the response's next change number (locks the response row until commit)."""
    rid = response_id
    if rid is None:
        rid = session.scalar(text("SELECT min(id) FROM response"))
    value = session.scalar(
        text(
            "UPDATE response SET change_seq = change_seq + 1 WHERE id = :rid RETURNING change_seq"
        ),
        {"rid": rid},
    )
    return int(value or 0)


def database_login(session: Session) -> str | None:
    if session.get_bind().dialect.name != "postgresql":
        return None
    return session.scalar(text("SELECT current_user"))


def _name(session: Session, table_name: str, row_id: int) -> str:
    if table_name == "young_person":
        ref = session.scalar(select(YoungPerson.reference).where(YoungPerson.id == row_id))
        if ref:
            return ref
    return f"{table_name.replace('_', ' ').capitalize()} {row_id}"


def refusal(session: Session, table_name: str, row_id: int) -> StaleRowError:
    last = session.execute(
        select(AuditEntry.user, AuditEntry.db_user, AuditEntry.at)
        .where(AuditEntry.entity == table_name, AuditEntry.entity_id == row_id)
        .order_by(AuditEntry.id.desc())
        .limit(1)
    ).first()
    name = _name(session, table_name, row_id)
    if last is None:
        return StaleRowError(f"{name} was changed by someone else; your change was not saved.")
    who = last.db_user or last.user
    return StaleRowError(
        f"{name} was changed by {who} at {last.at:%H:%M}; your change was not saved."
    )


def current_version(session: Session, table_name: str, row_id: int) -> int | None:
    t = Base.metadata.tables[table_name]
    if VERSION not in t.c:
        return None
    return session.scalar(select(t.c[VERSION]).where(t.c.id == row_id).with_for_update())


def check_row(
    session: Session, table_name: str, row_id: int, *, horizon: int, own: set[int], undo: bool
) -> None:
    """Refuse (StaleRowError) when someone else changed the row unseen (or, for an undo,
    at all) since; a row gone is left to the caller's LookupError."""
    version = current_version(session, table_name, row_id)
    if version is None or version in own:
        return
    if undo or version > horizon:
        raise refusal(session, table_name, row_id)


def notify(session: Session, response_id: int, seq: int, ids: dict[str, Iterable[int]]) -> None:
    if session.get_bind().dialect.name != "postgresql":
        return
    body = {"seq": seq, "ids": {t: sorted({int(i) for i in v}) for t, v in ids.items()}}
    payload = json.dumps(body, separators=(",", ":"))
    if len(payload) > MAX_PAYLOAD:
        payload = json.dumps({"seq": seq, "all": True})
    session.execute(
        text("SELECT pg_notify(:channel, :payload)"),
        {"channel": channel(response_id), "payload": payload},
    )

"""The editing path, without Qt: every user action is an `Edit` (a label and row operations).

A service function reads the current rows and returns an Edit; `apply_edit` carries it out
inside the caller's transaction, writes the audit entries and returns the operations as
applied (with the ids SQLite gave new rows). Undo applies the inverse operations, in reverse
order, in a transaction of its own, so undoing a delete restores the very same ids.
The Qt Store (app/views/shell/store.py) and headless callers (tests, the crash harness) share this.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.orm import Session

from app.models.database import Database, current_user
from app.models.entities import AuditEntry, Base, Response
from app.services.editing import versions
from app.services.queries.cache import SharedResults

OpKind = Literal["insert", "update", "delete"]


def table(name: str) -> Table:
    return Base.metadata.tables[name]


@dataclass(frozen=True)
class RowOp:
    """One row inserted, updated or deleted. `before`/`after` hold column values."""

    kind: OpKind
    table: str
    id: int | None
    before: Mapping[str, Any] | None = None
    after: Mapping[str, Any] | None = None

    def inverse(self) -> RowOp:
        inv: dict[str, OpKind] = {"insert": "delete", "delete": "insert", "update": "update"}
        return RowOp(inv[self.kind], self.table, self.id, self.after, self.before)


@dataclass(frozen=True)
class Edit:
    """What a user action does: a readable label ("Add young person YP-03") and its ops."""

    label: str
    ops: tuple[RowOp, ...]


def _flag(*tables: str, doc: str = "") -> property:
    """A typed flag of Changes: true when the edit touched any of `tables` (or said nothing)."""
    return property(lambda self: self._any(*tables), doc=doc or f"Rows of {', '.join(tables)}.")


@dataclass(frozen=True)
class Changes:
    """Which rows of which tables an applied edit touched; views refresh from this."""

    ids: Mapping[str, frozenset[int]] = field(default_factory=dict)

    def touches(self, *tables: str) -> bool:
        return any(t in self.ids for t in tables)

    def of(self, table_name: str) -> frozenset[int]:
        return self.ids.get(table_name, frozenset())

    # Typed flags a view subscribes to (as Anki's OpChanges), derived from the ids above, so
    # a screen says what concerns it without spelling table names. An empty Changes (a
    # refresh asked for without saying what) concerns everyone.
    def _any(self, *tables: str) -> bool:
        return not self.ids or any(t in self.ids for t in tables)

    people = _flag("young_person")
    connections = _flag("connection")
    concerns = _flag("concern")
    assessments = _flag("assessment")
    meetings = _flag("meeting", "attendance", "decision", "checklist_item")
    actions = _flag("action")
    response = _flag("response")
    settings = _flag("setting")
    positions = _flag("young_person", "setting", doc="People or settings moved on the map.")
    coverage = _flag(
        "young_person",
        "assessment",
        "response",
        "setting",
        doc="Anything the coverage figures are worked out from.",
    )

    @property
    def audit(self) -> bool:
        """Every applied edit writes audit entries, so any change concerns the audit log."""
        return True

    def merged(self, other: Changes) -> Changes:
        """Both sets of changes, as one (a hidden view catching up when it is shown)."""
        if not self.ids or not other.ids:
            return Changes()
        acc = {t: set(ids) for t, ids in self.ids.items()}
        for t, ids in other.ids.items():
            acc.setdefault(t, set()).update(ids)
        return Changes({k: frozenset(v) for k, v in acc.items()})

    @staticmethod
    def from_ops(ops: Iterable[RowOp]) -> Changes:
        acc: dict[str, set[int]] = {}
        for op in ops:
            acc.setdefault(op.table, set()).add(op.id or 0)
        return Changes({k: frozenset(v) for k, v in acc.items()})

    @staticmethod
    def everything() -> Changes:
        return Changes({t: frozenset() for t in Base.metadata.tables})


@dataclass(frozen=True)
class AppliedEdit:
    label: str
    ops: tuple[RowOp, ...]

    @property
    def changes(self) -> Changes:
        return Changes.from_ops(self.ops)


def row_values(session: Session, table_name: str, row_id: int) -> dict[str, Any] | None:
    t = table(table_name)
    row = session.execute(select(t).where(t.c.id == row_id)).mappings().first()
    return dict(row) if row is not None else None


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Mapping):
        return json.dumps(
            {k: _text(v) for k, v in value.items() if v is not None}, ensure_ascii=False
        )
    return str(value)


def _audit(
    session: Session,
    op: RowOp,
    label: str,
    kind: str,
    user: str,
    at: datetime,
    db_user: str | None = None,
) -> None:
    base = {
        "at": at,
        "user": user,
        "db_user": db_user,
        "action": label,
        "kind": kind,
        "entity": op.table,
        "entity_id": op.id,
    }
    rows: list[dict[str, Any]] = []
    if op.kind == "update":
        before, after = op.before or {}, op.after or {}
        for name in after:
            if before.get(name) != after.get(name):
                rows.append(
                    {
                        **base,
                        "field": name,
                        "old": _text(before.get(name)),
                        "new": _text(after.get(name)),
                    }
                )
    elif op.kind == "insert":
        rows.append({**base, "field": None, "old": None, "new": _text(op.after)})
    else:
        rows.append({**base, "field": None, "old": _text(op.before), "new": None})
    if rows:
        session.execute(insert(AuditEntry.__table__), rows)


@dataclass
class Guard:
    """What a shared response's edit is checked against (app/services/editing/versions.py):
    the changes this window has shown (`horizon`) and its own change numbers."""

    horizon: int
    own: set[int] = field(default_factory=set)
    undo: bool = False
    # This edit's number, counted as the window's own only once committed: a number rolled
    # back is taken again by the next writer, who may be someone else.
    pending: int | None = None

    def committed(self) -> None:
        if self.pending is not None:
            self.own.add(self.pending)
            self.pending = None


def _plain(values: Mapping[str, Any] | None) -> dict[str, Any]:
    # The row version is bookkeeping, set by each edit: never carried, compared or audited.
    return {k: v for k, v in (values or {}).items() if k != versions.VERSION}


def apply_ops(
    session: Session,
    ops: Iterable[RowOp],
    *,
    label: str,
    kind: str = "edit",
    user: str | None = None,
    response_id: int | None = None,
    guard: Guard | None = None,
) -> tuple[RowOp, ...]:
    """Apply ops in order inside the caller's transaction; returns them as applied.

    Every row written carries this edit's change number; with a `guard` (a shared
    response), a row someone else changed unseen refuses the whole edit (StaleRowError)."""
    user = user or current_user()
    at = datetime.now().replace(microsecond=0)
    ops = list(ops)
    seq = versions.next_change(session, response_id) if ops else 0
    db_user = versions.database_login(session) if ops else None
    stamp = {versions.VERSION: seq}
    done: list[RowOp] = []
    for op in ops:
        t = table(op.table)
        stamped = stamp if versions.VERSION in t.c else {}
        if guard is not None and op.id is not None:
            if op.kind != "insert":
                versions.check_row(
                    session, op.table, op.id, horizon=guard.horizon, own=guard.own, undo=guard.undo
                )
            elif row_values(session, op.table, op.id) is not None:
                raise versions.refusal(session, op.table, op.id)
        if op.kind == "insert":
            values = {**_plain(op.after), **stamped}
            if op.id is not None:
                values["id"] = op.id
            result = session.execute(insert(t).values(**values))
            new_id = op.id if op.id is not None else result.inserted_primary_key[0]
            # Read back so that defaults are captured and redo re-inserts exactly this row.
            after = _plain(row_values(session, op.table, new_id))
            applied = RowOp("insert", op.table, new_id, None, after)
        elif op.kind == "update":
            before = row_values(session, op.table, op.id)  # type: ignore[arg-type]
            if before is None:
                raise LookupError(f"{op.table} {op.id} no longer exists.")
            after = _plain(op.after)
            session.execute(update(t).where(t.c.id == op.id).values(**after, **stamped))
            applied = RowOp("update", op.table, op.id, {k: before.get(k) for k in after}, after)
        else:
            before = row_values(session, op.table, op.id)  # type: ignore[arg-type]
            if before is None:
                raise LookupError(f"{op.table} {op.id} no longer exists.")
            session.execute(delete(t).where(t.c.id == op.id))
            applied = RowOp("delete", op.table, op.id, _plain(before), None)
        _audit(session, applied, label, kind, user, at, db_user)
        done.append(applied)
    if guard is not None:
        guard.pending = seq
    if ops and response_id is not None:
        versions.notify(session, response_id, seq, Changes.from_ops(done).ids)
    return tuple(done)


def apply_edit(
    session: Session,
    edit: Edit,
    *,
    user: str | None = None,
    response_id: int | None = None,
    guard: Guard | None = None,
) -> AppliedEdit:
    ops = apply_ops(
        session, edit.ops, label=edit.label, user=user, response_id=response_id, guard=guard
    )
    return AppliedEdit(edit.label, ops)


def inverse_ops(applied: AppliedEdit) -> tuple[RowOp, ...]:
    return tuple(op.inverse() for op in reversed(applied.ops))


class Editor:
    """Runs edits against a Database, one transaction each, with an undo history.

    Headless: the Qt Store keeps its own QUndoStack and calls `execute`, `revert` and
    `reapply`; tests and the crash harness may use `do`, `undo` and `redo` directly.
    """

    def __init__(self, db: Database, user: str | None = None) -> None:
        self.db = db
        self.user = user or current_user()
        self.done: list[AppliedEdit] = []
        self.undone: list[AppliedEdit] = []
        # Bumped after every commit, undo and redo: results worked out from the data are
        # shared between screens for as long as it stays the same (app/services/queries/cache.py).
        self.shared = SharedResults()
        # On a shared response, edits are checked against what this window has shown
        # (app/services/editing/versions.py); a file has one writer and needs no check.
        self.guard: Guard | None = None
        if db.shared:
            with db.read() as s:
                horizon = s.scalar(select(Response.change_seq).where(Response.id == db.response_id))
            self.guard = Guard(int(horizon or 0))

    @property
    def data_version(self) -> int:
        return self.shared.version

    def seen(self, seq: int) -> None:
        """This window now shows every change up to `seq` (a notice from the server)."""
        if self.guard is not None:
            self.guard.horizon = max(self.guard.horizon, seq)

    def _committed(self) -> None:
        if self.guard is not None:
            self.guard.committed()

    def _guard(self, *, undo: bool) -> Guard | None:
        if self.guard is not None:
            self.guard.undo = undo
        return self.guard

    def _check_writable(self) -> None:
        if self.db.readonly:
            from app.services.editing.validation import ValidationError

            raise ValidationError(f"{self.db.path.name} is open read-only; changes are not saved.")

    def execute(self, build: Callable[[Session], Edit]) -> AppliedEdit:
        """Build and apply an edit in one transaction: committed whole, or not at all."""
        self._check_writable()
        with self.db.session.begin() as s:
            edit = build(s)
            applied = apply_edit(
                s,
                edit,
                user=self.user,
                response_id=self.db.response_id,
                guard=self._guard(undo=False),
            )
        self._committed()
        if applied.ops:
            self.shared.bump(applied.changes.ids)
        return applied

    def revert(self, applied: AppliedEdit) -> Changes:
        return self._replay(applied, inverse_ops(applied), f"Undo {applied.label}", "undo")

    def reapply(self, applied: AppliedEdit) -> Changes:
        # Re-run exactly the applied ops (ids included) so references stay valid.
        return self._replay(applied, applied.ops, applied.label, "redo")

    def _replay(self, applied: AppliedEdit, ops: Iterable[RowOp], label: str, kind: str) -> Changes:
        """Undo or redo `applied` as `ops` in one transaction, logged as `kind`."""
        self._check_writable()
        with self.db.session.begin() as s:
            apply_ops(
                s,
                ops,
                label=label,
                kind=kind,
                user=self.user,
                response_id=self.db.response_id,
                guard=self._guard(undo=True),
            )
        self._committed()
        self.shared.bump(applied.changes.ids)
        return applied.changes

    def do(self, build: Callable[[Session], Edit]) -> AppliedEdit:
        applied = self.execute(build)
        self.done.append(applied)
        self.undone.clear()
        return applied

    def undo(self) -> AppliedEdit | None:
        return self._step(self.done, self.undone, self.revert)

    def redo(self) -> AppliedEdit | None:
        return self._step(self.undone, self.done, self.reapply)

    @staticmethod
    def _step(
        source: list[AppliedEdit],
        target: list[AppliedEdit],
        apply: Callable[[AppliedEdit], object],
    ) -> AppliedEdit | None:
        """Undo or redo: the latest edit of `source` applied, then kept in `target`; left
        where it was when applying fails (the exception goes on to the caller)."""
        if not source:
            return None
        applied = source[-1]
        apply(applied)
        target.append(source.pop())
        return applied

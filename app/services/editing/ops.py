"""Generic row edits: insert, update and delete with the cascade the schema declares.

Deleting a row first deletes (or un-links) the rows that depend on it, found from the
foreign keys of the models, so that undo restores every one of them with its id.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.entities import Base
from app.services.editing.editor import Edit, RowOp, row_values, table
from app.services.editing.rules import check_lengths


def insert_op(table_name: str, values: dict[str, Any]) -> RowOp:
    check_lengths(table_name, values)  # the field rules the importer also reads
    return RowOp(
        "insert", table_name, values.get("id"), None, {k: v for k, v in values.items() if k != "id"}
    )


def update_op(
    session: Session, table_name: str, row_id: int, values: dict[str, Any]
) -> RowOp | None:
    """An update of only the fields that actually change, or None when nothing does."""
    current = row_values(session, table_name, row_id)
    if current is None:
        raise LookupError(f"{table_name} {row_id} no longer exists.")
    changed = {k: v for k, v in values.items() if current.get(k) != v}
    if not changed:
        return None
    check_lengths(table_name, changed)
    return RowOp("update", table_name, row_id, {k: current[k] for k in changed}, changed)


def delete_ops(
    session: Session, table_name: str, row_id: int, _seen: set[tuple[str, int]] | None = None
) -> list[RowOp]:
    """Ops that delete a row and, first, what depends on it (children before parents)."""
    seen = _seen if _seen is not None else set()
    if (table_name, row_id) in seen:
        return []
    seen.add((table_name, row_id))
    ops: list[RowOp] = []
    for child in Base.metadata.sorted_tables:
        for fk in child.foreign_keys:
            if fk.column.table.name != table_name:
                continue
            col = fk.parent
            ids = session.scalars(select(child.c.id).where(col == row_id)).all()
            for child_id in ids:
                if fk.ondelete == "CASCADE":
                    ops.extend(delete_ops(session, child.name, child_id, seen))
                elif (child.name, child_id) not in seen:
                    ops.append(
                        RowOp("update", child.name, child_id, {col.name: row_id}, {col.name: None})
                    )
    before = row_values(session, table_name, row_id)
    if before is None:
        raise LookupError(f"{table_name} {row_id} no longer exists.")
    ops.append(RowOp("delete", table_name, row_id, before, None))
    return ops


def update_edit(
    session: Session, label: str, table_name: str, row_id: int, values: dict[str, Any]
) -> Edit:
    op = update_op(session, table_name, row_id, values)
    return Edit(label, (op,) if op else ())


def delete_edit(session: Session, label: str, table_name: str, ids: list[int]) -> Edit:
    seen: set[tuple[str, int]] = set()
    ops: list[RowOp] = []
    for row_id in ids:
        ops.extend(delete_ops(session, table_name, row_id, seen))
    # A row un-linked above and then deleted as part of another cascade needs no update.
    deleted = {(op.table, op.id) for op in ops if op.kind == "delete"}
    ops = [op for op in ops if op.kind == "delete" or (op.table, op.id) not in deleted]
    return Edit(label, tuple(ops))


def columns(table_name: str) -> list[str]:
    return [c.name for c in table(table_name).columns]

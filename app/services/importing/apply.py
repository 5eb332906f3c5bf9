"""Turning a checked import plan into one Edit (no Qt).

`import_edit` runs inside the write transaction: it plans again from the rows the user
previewed, refuses if there is any problem or if the response changed since the preview,
then gives every added row its id so that the rows naming it can point at it. The whole
import is therefore one undoable step; its summary is one audit entry of kind "import",
written in the same transaction (row entries are written by the editing path as usual).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.services.editing.audit import log_event
from app.services.editing.editor import Edit, RowOp, table
from app.services.editing.ops import insert_op, update_op
from app.services.editing.validation import ValidationError
from app.services.importing.plan import Planner
from app.services.importing.planned import ImportPlan, NewKey


def replan(session: Session, plan: ImportPlan) -> ImportPlan:
    """The same file, mapping and decisions planned again against `session`."""
    return Planner(
        session, plan.response_id, plan.data, plan.mapping, plan.kinds, plan.decisions
    ).run()


def import_edit(session: Session, plan: ImportPlan) -> Edit:
    fresh = replan(session, plan)
    if fresh.problems:
        n = len(fresh.problems)
        more = f" (and {n - 1} more problem{'s' if n > 2 else ''})" if n > 1 else ""
        raise ValidationError(f"{fresh.problems[0]}{more}. Nothing was imported.")
    if fresh.signature() != plan.signature():
        raise ValidationError(
            "The response changed after the import was previewed; preview it again. "
            "Nothing was imported."
        )
    next_id: dict[str, int] = {}
    ids: dict[NewKey, int] = {}

    def real(value: Any) -> Any:
        return ids[value] if isinstance(value, NewKey) else value

    ops: list[RowOp] = []
    for row in fresh.rows:
        if row.action == "skip":
            continue
        values = {k: real(v) for k, v in row.values.items()}
        if row.action == "add":
            assert isinstance(row.target, NewKey)
            if row.table not in next_id:
                t = table(row.table)
                next_id[row.table] = (session.scalar(select(func.max(t.c.id))) or 0) + 1
            ids[row.target] = next_id[row.table]
            next_id[row.table] += 1
            ops.append(insert_op(row.table, {"id": ids[row.target], **values}))
        else:
            op = update_op(session, row.table, real(row.target), values)
            if op is not None:
                ops.append(op)
    label = f"Import {plan.source.name}"
    if ops:
        log_event(
            session,
            label,
            kind="import",
            detail=f"{plan.source}: " + "; ".join(fresh.summary_lines()),
        )
    return Edit(label, tuple(ops))

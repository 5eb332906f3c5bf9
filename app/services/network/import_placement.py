"""Placing imported young people on the map in the same step as the import (no Qt).

Without it the new people had no stored position and the map stacked them in one tall
column (20 people: a 60 x 1,779 px strip, so an exported PDF was a thin line). Here the
import's Edit is extended with the "only people not yet placed" layout: everyone already
placed stays put, the new (and any never-placed) people get readable positions, and one
Undo takes back both the import and the placing.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.entities import Connection, YoungPerson
from app.services.editing.editor import Edit, RowOp
from app.services.editing.ops import update_op
from app.services.network import layouts


def with_placement(session: Session, edit: Edit, response_id: int) -> Edit:
    """`edit` with positions for every young person it adds (and for anyone in the
    response never placed), laid out around the people already on the map."""
    new = {
        op.id: op
        for op in edit.ops
        if op.kind == "insert"
        and op.table == "young_person"
        and op.id is not None
        and (op.after or {}).get("map_x") is None
    }
    if not new:
        return edit
    rows = session.execute(
        select(YoungPerson.id, YoungPerson.map_x, YoungPerson.map_y).where(
            YoungPerson.response_id == response_id
        )
    ).all()
    known = {pid: (x, y) for pid, x, y in rows if x is not None and y is not None}
    unplaced_before = [pid for pid, x, y in rows if x is None or y is None]
    links = session.execute(
        select(Connection.person_a_id, Connection.person_b_id).where(
            Connection.response_id == response_id, Connection.person_b_id.is_not(None)
        )
    ).all()
    edges = [(a, b) for a, b in links]
    for op in edit.ops:
        if op.kind == "insert" and op.table == "connection":
            a, b = (op.after or {}).get("person_a_id"), (op.after or {}).get("person_b_id")
            if a is not None and b is not None:
                edges.append((a, b))
    nodes = [*known, *unplaced_before, *new]
    placed = layouts.force_directed(nodes, edges, known, set(known))
    ops: list[RowOp] = []
    for op in edit.ops:
        if op.id in new and op.table == "young_person" and op.kind == "insert":
            x, y = placed[op.id]
            op = replace(op, after={**(op.after or {}), "map_x": x, "map_y": y})
        ops.append(op)
    for pid in unplaced_before:
        x, y = placed[pid]
        extra = update_op(session, "young_person", pid, {"map_x": x, "map_y": y})
        if extra is not None:
            ops.append(extra)
    return replace(edit, ops=tuple(ops))

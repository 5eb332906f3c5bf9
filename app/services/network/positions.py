"""Storing where people and settings sit on the map: one undoable step per user action (no Qt)."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.orm import Session

from app.services.editing.editor import Edit
from app.services.editing.ops import update_op
from app.services.people.young_people import move_people

Point = tuple[float, float]


def place_on_map(
    session: Session,
    people: dict[int, Point],
    settings: dict[int, Point] | None = None,
    label: str | None = None,
) -> Edit:
    """Positions of young people (and setting hubs) as one step, e.g. a layout or a drag."""
    ops = list(move_people(session, people).ops) if people else []
    for sid, (x, y) in (settings or {}).items():
        op = update_op(session, "setting", sid, {"map_x": float(x), "map_y": float(y)})
        if op:
            ops.append(op)
    edit = Edit(label or "Move on the map", tuple(ops))
    if label is None and people:
        edit = replace(edit, label=move_people(session, people).label)
    return edit


def set_pinned(session: Session, person_ids: list[int], pinned: bool) -> Edit:
    """Pin people so that layouts leave them where they are (or unpin them)."""
    ops = [
        op
        for pid in person_ids
        if (op := update_op(session, "young_person", pid, {"pinned": pinned})) is not None
    ]
    verb = "Pin" if pinned else "Unpin"
    what = "1 young person" if len(person_ids) == 1 else f"{len(person_ids)} young people"
    return Edit(f"{verb} {what} on the map", tuple(ops))

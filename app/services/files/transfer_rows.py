"""Which rows make up one response, read the same way on both engines (no Qt).

Moving a response between a `.circles` file and a PostgreSQL server (transfer.py) copies
every row of every table that belongs to it. The tables are enumerated from the models, so
a table added later is either placed here automatically (it has a `response_id`, or a
foreign key to a table that has one, like `attendance` to `meeting`) or `plan()` raises:
a new table is never silently left behind. `NOT_A_RESPONSE_ROW` names the tables that
deliberately are not copied (none today).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import Connection, Table, select
from sqlalchemy.sql.elements import ColumnElement

from app.models.entities import Base

# The audit log has no response id (a `.circles` file holds one response, so all of its
# log is that response's); transfer.py decides which entries go (AUDIT).
AUDIT = "audit_entry"
# Tables in the models whose rows are not part of a response, so not copied. Add a table
# here only deliberately: tests/shared/test_move.py fails for a table neither copied nor
# named here.
NOT_A_RESPONSE_ROW: frozenset[str] = frozenset()

# How a count is said in the summary ("40 young people"); others are "N <table words>s".
_WORDS = {
    "young_person": ("young person", "young people"),
    "audit_entry": ("audit entry", "audit entries"),
    "attendance": ("attendance record", "attendance records"),
    "information_sharing": ("information-sharing record", "information-sharing records"),
    "agency_return": ("agency return row", "agency return rows"),
    "response": ("response", "responses"),
}
# The summary's order: what a practitioner recognises first, the audit log last.
_FIRST = ("young_person", "connection", "concern", "assessment", "meeting", "action")


@dataclass(frozen=True)
class Part:
    """One table of a response and how its rows are found: by their own `response_id`, or
    through `via` (a foreign key to a table that has one)."""

    table: Table
    via: tuple[str, Table] | None = None  # (our column, the parent table)

    @property
    def name(self) -> str:
        return self.table.name

    def where(self, response_id: int) -> ColumnElement[bool] | None:
        t = self.table
        if t.name == "response":
            return t.c.id == response_id
        if self.via is not None:
            column, parent = self.via
            return t.c[column].in_(select(parent.c.id).where(parent.c.response_id == response_id))
        if "response_id" in t.c:
            return t.c.response_id == response_id
        return None  # the audit log: chosen by transfer.py


class UnplacedTableError(Exception):
    """A table of the models that is neither part of a response nor declared as not."""


def plan() -> list[Part]:
    """Every table of a response, parents before children (the order to insert them)."""
    parts = []
    for t in Base.metadata.sorted_tables:
        if t.name in NOT_A_RESPONSE_ROW:
            continue
        if t.name in ("response", AUDIT) or "response_id" in t.c:
            parts.append(Part(t))
            continue
        via = next(
            (
                (fk.parent.name, fk.column.table)
                for fk in t.foreign_keys
                if "response_id" in fk.column.table.c and not fk.parent.nullable
            ),
            None,
        )
        if via is None:
            raise UnplacedTableError(
                f"The table {t.name} is neither part of a response nor declared as not "
                "(app/services/files/transfer_rows.py)."
            )
        parts.append(Part(t, via))
    return parts


def ordered(t: Table) -> list:
    return [t.c[c.name] for c in t.columns]


def read_rows(con: Connection, part: Part, response_id: int, *, ids: list[int] | None = None):
    """The rows of `part` for the response (or those with `ids`), by id: tuples of every
    column in the models' order."""
    t = part.table
    if ids is not None:
        rows = []
        for chunk in _chunks(ids):
            q = select(*ordered(t)).where(t.c.id.in_(chunk))
            rows.extend(tuple(r) for r in con.execute(q))
        return sorted(rows, key=lambda r: r[0])
    q = select(*ordered(t)).order_by(t.c.id)
    where = part.where(response_id)
    if where is not None:
        q = q.where(where)
    return [tuple(r) for r in con.execute(q)]


def _chunks(ids: list[int], size: int = 500) -> Iterator[list[int]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def differences(source: list[tuple], copy: list[tuple], name: str) -> str | None:
    """None when the copy has the same rows, every column equal; else one sentence."""
    words = name.replace("_", " ")
    if len(source) != len(copy):
        return f"the copy has {len(copy)} {words} rows, the original {len(source)}"
    for a, b in zip(source, copy, strict=True):
        if a != b:
            return f"{words} {a[0]} differs in the copy"
    return None


def say_counts(counts: dict[str, int]) -> str:
    """'40 young people, 97 connections, ... and 212 audit entries' (the response row and
    empty tables left out)."""
    names = [n for n in _FIRST if counts.get(n)]
    names += [n for n in counts if n not in names and n not in ("response", AUDIT) and counts[n]]
    if counts.get(AUDIT):
        names.append(AUDIT)
    said = []
    for n in names:
        one, many = _WORDS.get(n, (n.replace("_", " "), n.replace("_", " ") + "s"))
        said.append(f"{counts[n]} {one if counts[n] == 1 else many}")
    if not said:
        return "the response with no rows in it"
    return said[0] if len(said) == 1 else ", ".join(said[:-1]) + " and " + said[-1]

"""Results several screens need after the same change, worked out once per data version.

After one edit the coverage figures, the map's snapshot and the prompts were each computed
by every screen that shows them (the coverage figures three times for one click). The
Editor bumps `version` after every commit, undo and redo; until then a result asked for
twice (same key) is computed once. Qt-free: the key says everything the result depends
on besides the data (the response, the "as at" day), and nothing here is thread-shared.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

T = TypeVar("T")


class SharedResults:
    """A memo cleared whenever the data changes."""

    def __init__(self) -> None:
        self.version = 0
        self._memo: dict[Hashable, object] = {}
        self.rows = TableRows()
        # Each person's coverage figures, keyed by the plain rows they come from (by value,
        # so never stale): an edit recomputes only the people it changed (figures.compute).
        self.person_coverage: dict = {}

    def bump(self, changed: Mapping[str, frozenset[int]] | None = None) -> None:
        """The data changed: every remembered result is out of date. `changed`: the rows
        touched, by table (None or empty: anything may have changed)."""
        self.version += 1
        self._memo.clear()
        self.rows.forget(changed)

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The result for `key` at this data version, computing it the first time."""
        try:
            return self._memo[key]  # type: ignore[return-value]
        except KeyError:
            value = compute()
            self._memo[key] = value
            return value

    def __len__(self) -> int:
        return len(self._memo)


class TableRows:
    """Plain column rows of a response's tables, kept between edits and re-read by id.

    Recomputing the coverage after one edit at 2,000 young people read 4,400 rows again;
    an edit touches a handful, so only those are read again (the ids come from the edit's
    Changes). Rows are SQLAlchemy Row tuples: read-only, attributes named as the columns.
    """

    def __init__(self) -> None:
        self._tables: dict[tuple[str, int], dict[int, Any]] = {}
        self._stale: dict[tuple[str, int], set[int]] = {}

    def forget(self, changed: Mapping[str, frozenset[int]] | None) -> None:
        if not changed:
            self._tables.clear()
            self._stale.clear()
            return
        for key in list(self._tables):
            ids = changed.get(key[0])
            if ids is None:
                continue
            if not ids or 0 in ids:  # "every row of this table" or a row without an id
                del self._tables[key]
                self._stale.pop(key, None)
            else:
                self._stale.setdefault(key, set()).update(ids)

    def rows(self, session: Session, table: Any, response_id: int) -> list[Any]:
        """Every row of `table` belonging to the response, in id order (as SQLite returns
        them without ORDER BY, which order-sensitive code such as the coverage relies on)."""
        key = (table.name, response_id)
        have = self._tables.get(key)
        if have is None:
            query = select(table).where(table.c.response_id == response_id).order_by(table.c.id)
            have = self._tables[key] = {r.id: r for r in session.execute(query)}
            self._stale.pop(key, None)
            return list(have.values())
        stale = self._stale.pop(key, None)
        if stale:
            for rid in stale:
                have.pop(rid, None)
            query = select(table).where(
                table.c.response_id == response_id, table.c.id.in_(sorted(stale))
            )
            have.update((r.id, r) for r in session.execute(query))
            return [have[k] for k in sorted(have)]
        return list(have.values())

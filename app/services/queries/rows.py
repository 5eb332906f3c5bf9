"""The row type the table read models return."""

from __future__ import annotations

from typing import Any


class Row(dict[str, Any]):
    """One table row: a plain dict (what RowTableModel shows, one value per column key)
    whose values can also be read as attributes (`row.id`, `row.person_id`)."""

    def __getattr__(self, key: str) -> Any:
        try:
            return self[key]
        except KeyError:
            raise AttributeError(key) from None

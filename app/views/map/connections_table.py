"""The Connections table docked beside the map (active connections, as the map shows them).

Selecting a connection selects its two young people everywhere. Confidence and source
agency can be edited in the cell; each edit is one undoable step through the Store.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from app.models.vocab import Confidence, ConnectionKind
from app.services.editing.validation import ValidationError
from app.services.people.connections import update_connection
from app.services.queries.map_data import LinkInfo, MapData, label_of
from app.views.common.table_base import replace_rows
from app.views.map.people_table import SyncedTable
from app.views.map.row_patch import MOST_PATCHED, SortedRowsModel, sorted_rows
from app.views.map.style import MODE_LABELS
from app.views.shell.store import Store

Index = QModelIndex | QPersistentModelIndex


class ConnectionsModel(SortedRowsModel):
    COLUMNS: list[tuple[str, str]] = [
        ("id", "ID"),
        ("a", "Young person"),
        ("b", "Connected to"),
        ("mode", "Mode"),
        ("kind", "Kind"),
        ("source", "Reported by"),
        ("confidence", "Confidence"),
    ]
    EDITABLE = frozenset({"source", "confidence"})

    def __init__(self, store: Store) -> None:
        super().__init__(store)
        self.rows: list[LinkInfo] = []
        self.data_: MapData | None = None

    def set_data(self, data: MapData) -> None:
        old = self.data_
        self.data_ = data
        if (
            old is not None
            and self.rows
            and old.links == data.links
            and old.hubs == data.hubs
            and all(
                old.people[k].reference == p.reference
                for k, p in data.people.items()
                if k in old.people
            )
        ):
            return  # no row would change (a review date, a risk): nothing to rebuild
        rows = sorted(data.links.values(), key=lambda lk: lk.id)
        display = [self.cells(lk) for lk in rows]
        rows, display = sorted_rows(rows, display, self.sort_column, self.sort_order)
        replace_rows(self, rows, display)  # only the changed rows repaint

    def patch(self, data: MapData, links: set[int], people: set[int]) -> None:
        """After an edit: only the rows of the links in `links` change, unless a person's
        reference (shown in every row of theirs) or a setting changed."""
        old = self.data_
        if old is None or old.hubs is not data.hubs:
            self.set_data(data)
            return
        renamed = {
            pid
            for pid in people
            if pid in old.people
            and pid in data.people
            and old.people[pid].reference != data.people[pid].reference
        }
        if renamed:
            links = set(links) | {
                lk.id for lk in data.links.values() if lk.a in renamed or lk.b in renamed
            }
        self.data_ = data
        if not links:
            return
        if len(links) > MOST_PATCHED:
            self.data_ = old
            self.set_data(data)
            return
        self.patch_ids(links, data.links.get)

    def value(self, lk: LinkInfo, key: str) -> Any:
        for (k, _), v in zip(self.COLUMNS, self.cells(lk), strict=True):
            if k == key:
                return v
        return ""

    def cells(self, lk: LinkInfo) -> tuple:
        """One row's cells in COLUMNS order (built in one go: 20,000 rows on a big map)."""
        assert self.data_ is not None
        people = self.data_.people
        if lk.b is not None:
            other = people[lk.b].reference
        else:
            hub = self.data_.hubs.get(lk.setting_id or -1)
            other = hub.name if hub else "(setting)"
        return (
            lk.id,
            people[lk.a].reference,
            other,
            MODE_LABELS.get(lk.mode, lk.mode),
            label_of(lk.kind, ConnectionKind),
            lk.tooltip.split("reported by ", 1)[-1].rsplit(", ", 2)[0],
            label_of(lk.confidence, Confidence),
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        lk = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self.display[index.row()][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return lk.tooltip
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        edit = self.edited(index, value, role)
        if edit is None:
            return False
        key, cid, text = edit
        if key == "confidence":
            try:
                values = {"confidence": Confidence.from_text(text).value}
            except ValueError as exc:
                self.store.error.emit(str(exc))
                return False
        else:
            if not text:
                self.store.error.emit(str(ValidationError("Source agency is required.")))
                return False
            values = {"source_agency": text}
        return self.store.run(lambda s: update_connection(s, cid, values)) is not None


def connections_table(store: Store, model: ConnectionsModel) -> SyncedTable:
    def people_of_rows(rows: list[int]) -> set[int]:
        out: set[int] = set()
        for r in rows:
            lk = model.rows[r]
            out.add(lk.a)
            if lk.b is not None:
                out.add(lk.b)
        return out

    def rows_of_people(ids: frozenset[int]) -> list[int]:
        # A connection row is selected when both its ends are (one end for a setting link).
        return [
            i
            for i, lk in enumerate(model.rows)
            if lk.a in ids and (lk.b is None or lk.b in ids) and len(ids) > 1
        ]

    synced = SyncedTable(
        store,
        model,
        people_of_rows,
        rows_of_people,
        "Filter connections (reference, kind, agency, confidence...)",
    )
    synced.table.setAccessibleName("Connections on the map")
    return synced

"""The Prompts tab's side panels: exposure, bridges and groups, each shown on the map
through the Store's MapHighlight (the map reacts; nothing here draws on it directly)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.coverage.owner import next_step_owner
from app.services.network.exposure import Exposure, exposure
from app.services.network.graph import MODE_FILTER_LABELS
from app.services.network.groups import (
    Bridge,
    Group,
    bridges,
    concern_groups,
    group_names,
    name_group,
)
from app.services.network.snapshot import Known, known_as_at
from app.views.shell.store import MapHighlight, Store


def _d(day) -> str:  # noqa: ANN001
    return f"{day:%d/%m/%Y}" if day else ""


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.verticalHeader().setVisible(False)
    t.setAlternatingRowColors(True)
    t.setWordWrap(False)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.horizontalHeader().setStretchLastSection(True)
    return t


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(0)
    for r, cells in enumerate(rows):
        table.insertRow(r)
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            table.setItem(r, c, item)


class ExposurePanel(QWidget):
    """Who is within 1 or 2 links of a recent concern, and who has not been assessed since."""

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.result: Exposure | None = None
        self.known: Known | None = None
        lay = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.show_on_map = QCheckBox("Show on the map")
        self.distance = QComboBox()
        self.distance.addItem("within 1 link", 1)
        self.distance.addItem("within 2 links", 2)
        self.mode = QComboBox()
        for code, label in MODE_FILTER_LABELS.items():
            self.mode.addItem("real life and online" if code == "any" else label.lower(), code)
        self.mode.setCurrentIndex(self.mode.findData("any"))
        bar.addWidget(self.show_on_map)
        bar.addWidget(self.distance)
        bar.addWidget(self.mode)
        bar.addStretch(1)
        lay.addLayout(bar)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        lay.addWidget(self.caption)
        self.table = _table(["Reference", "Links", "Concern", "Last assessed", "Next step owner"])
        lay.addWidget(self.table, 1)
        self.show_on_map.toggled.connect(self._apply)
        self.distance.currentIndexChanged.connect(self.refresh_from_known)
        self.mode.currentIndexChanged.connect(self.refresh_from_known)

    def set_known(self, known: Known) -> None:
        self.known = known
        self.refresh_from_known()

    def refresh_from_known(self) -> None:
        if self.known is None:
            return
        k = self.known
        self.result = exp = exposure(k, self.distance.currentData(), self.mode.currentData())
        self.caption.setText(exp.caption() + " ✱ not assessed since the concern (or not at all).")
        rows = []
        for pid in k.sorted_ids(exp.people):
            links = (
                "has a concern"
                if pid in exp.sources
                else ("1 link" if exp.reached[pid] == 1 else f"{exp.reached[pid]} links")
            )
            if pid in exp.via_suspected:
                links += " (suspected)"
            assessed = k.assessed.get(pid)
            rows.append(
                [
                    k.ref(pid),
                    links,
                    _d(exp.concern_for.get(pid)),
                    (_d(assessed) if assessed else "none") + (" ✱" if pid in exp.marks else ""),
                    next_step_owner(k.people.get(pid)),
                ]
            )
        _fill(self.table, rows)
        if self.show_on_map.isChecked():
            self._apply()

    def highlight(self) -> MapHighlight | None:
        if self.result is None:
            return None
        return MapHighlight(
            people=self.result.people,
            marks=dict(self.result.marks),
            caption=self.result.caption(),
        )

    def _apply(self) -> None:
        if self.show_on_map.isChecked():
            self.store.set_highlight(self.highlight())
        else:
            self.store.set_highlight(None)


class BridgesPanel(QWidget):
    """Young people whose connections join otherwise separate groups, in words."""

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.found: list[Bridge] = []
        lay = QVBoxLayout(self)
        intro = QLabel(
            "Young people whose connections join otherwise separate groups. Support and "
            "communication may reach both groups through them."
        )
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setSpacing(3)
        self.list.setAlternatingRowColors(True)
        lay.addWidget(self.list, 1)
        self.list.currentRowChanged.connect(self._on_row)

    def set_known(self, known: Known) -> None:
        found = bridges(known)
        owners = {b.person_id: next_step_owner(known.people.get(b.person_id)) for b in found}
        self.set_found(found, owners)

    def set_waiting(self) -> None:
        """The bridges are being worked out with the prompts (a large response)."""
        self.found = []
        self.list.clear()
        self.list.addItem("Working out the bridges...")

    def set_found(self, found: list[Bridge], owners: dict[int, str]) -> None:
        self.found = found
        self.list.clear()
        for b in self.found:
            text = b.text + (
                " (some of these connections are only suspected)" if b.suspected else ""
            )
            item = QListWidgetItem(f"{text}.\nNext step: {owners.get(b.person_id, '')}")
            self.list.addItem(item)
        if not self.found:
            self.list.addItem("No young person joins otherwise separate groups.")

    def _on_row(self, row: int) -> None:
        if 0 <= row < len(self.found):
            b = self.found[row]
            self.store.set_highlight(
                MapHighlight(
                    people=frozenset({b.person_id}),
                    areas=tuple(zip(b.joins, b.parts, strict=True)),
                    caption=b.text,
                )
            )


class GroupsPanel(QWidget):
    """Connected young people with concerns, listed with size, settings and dates; a
    group can be named and shown on the map as a shaded area."""

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.groups: list[Group] = []
        lay = QVBoxLayout(self)
        intro = QLabel(
            "Young people with concerns who are connected to each other (communities "
            "inside large ones are indented). A name helps the meeting refer to them."
        )
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.table = _table(["Name", "Size", "Concerns"])
        lay.addWidget(self.table, 1)
        self.detail = QLabel()
        self.detail.setObjectName("groupDetail")
        self.detail.setWordWrap(True)
        lay.addWidget(self.detail)
        bar = QHBoxLayout()
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("Name for the selected group")
        self.name_button = QPushButton("Save name")
        self.show_button = QPushButton("Show on map")
        self.show_all_button = QPushButton("Show all on map")
        bar.addWidget(self.name_edit, 1)
        bar.addWidget(self.name_button)
        bar.addWidget(self.show_button)
        bar.addWidget(self.show_all_button)
        lay.addLayout(bar)
        self.table.itemSelectionChanged.connect(self._on_selection)
        self.name_button.clicked.connect(self.save_name)
        self.name_edit.returnPressed.connect(self.save_name)
        self.show_button.clicked.connect(self.show_selected)
        self.show_all_button.clicked.connect(self.show_all)

    def set_known(self, known: Known, session) -> None:  # noqa: ANN001
        selected = self.selected()
        self.groups = concern_groups(known, group_names(session, self.store.response_id))
        rows = []
        for g in self.groups:
            indent = "    " if g.parent_key else ""
            rows.append(
                [
                    indent + g.label,
                    f"{g.size} young people",
                    f"{_d(g.first_date)} – {_d(g.last_date)}",
                ]
            )
        _fill(self.table, rows)
        for r, g in enumerate(self.groups):
            if g.name:
                font = self.table.item(r, 0).font()
                font.setBold(True)
                self.table.item(r, 0).setFont(font)
        if selected is not None:
            for r, g in enumerate(self.groups):
                if g.key == selected.key:
                    self.table.selectRow(r)
        self._buttons()

    def selected(self) -> Group | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.groups[rows[0].row()] if rows and rows[0].row() < len(self.groups) else None

    def _buttons(self) -> None:
        chosen = self.selected() is not None
        self.name_button.setEnabled(chosen and not self.store.readonly)
        self.show_button.setEnabled(chosen)
        self.show_all_button.setEnabled(bool(self.groups))

    def _on_selection(self) -> None:
        g = self.selected()
        self.name_edit.setText(g.name or "" if g else "")
        self.detail.setText(
            f"{', '.join(g.references)}\nSettings: {', '.join(g.settings)}"
            + (
                f"\n{g.suspected_links} of the links between them only suspected."
                if g.suspected_links
                else ""
            )
            + ("" if g.name else "\nNot named yet: the name shown is suggested from its settings.")
            if g
            else "Select a group to name it or show it on the map."
        )
        self._buttons()

    def save_name(self) -> None:
        g = self.selected()
        if g is None:
            return
        name = self.name_edit.text()
        rid = self.store.response_id
        self.store.run(lambda s: name_group(s, rid, g, name))

    def show_selected(self) -> None:
        g = self.selected()
        if g is not None:
            ids = frozenset(g.person_ids)
            self.store.set_highlight(
                MapHighlight(people=ids, areas=((g.label, ids),), caption=g.label)
            )

    def show_all(self) -> None:
        top = [g for g in self.groups if g.parent_key is None]
        if top:
            self.store.set_highlight(
                MapHighlight(
                    people=frozenset().union(*(g.person_ids for g in top)),
                    areas=tuple((g.label, frozenset(g.person_ids)) for g in top),
                    caption=f"{len(top)} connected groups of young people with concerns",
                )
            )


def load_known(store: Store) -> Known:
    with store.read() as s:
        return known_as_at(s, store.response_id, store.as_at)

"""Connection actions in the Edit menu (issue 20): what right-clicking a line does, and
adding a connection, reachable by keyboard alone.

"Edit connection..." and "Mark connection disproved" act on the one connection selected
in the Connections table; "Add connection..." (Ctrl+L) picks the other young person from
a searchable list, then opens the same form as a Shift-drag on the map. "Restore
connection..." picks one of the disproved connections (which the map and the table no
longer show) from the same kind of list and puts it back, one undo step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.people.connections import disproved_connections, restore_connection

if TYPE_CHECKING:
    from app.views.map.page import MapPage


class PersonPicker(QDialog):
    """A filter box over a list of young people; Enter takes the highlighted one."""

    def __init__(
        self,
        people: list[tuple[int, str]],
        title: str,
        parent: QWidget,
        what: tuple[str, str] = ("young person (reference or name)", "Young people"),
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("personPicker")
        lay = QVBoxLayout(self)
        label = QLabel(f"&Find a {what[0]}:")
        self.filter = QLineEdit()
        self.filter.setAccessibleName(f"Filter {what[1].lower()}")
        self.filter.setClearButtonEnabled(True)
        label.setBuddy(self.filter)
        self.list = QListWidget()
        self.list.setAccessibleName(what[1])
        for pid, text in people:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, pid)
            self.list.addItem(item)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        for w in (label, self.filter, self.list, buttons):
            lay.addWidget(w)
        self.filter.textChanged.connect(self._filter)
        self.list.itemActivated.connect(lambda _i: self.accept())
        self._filter("")

    def _filter(self, text: str) -> None:
        needle = text.strip().casefold()
        first = None
        for i in range(self.list.count()):
            item = self.list.item(i)
            hide = bool(needle) and needle not in item.text().casefold()
            item.setHidden(hide)
            if not hide and first is None:
                first = item
        # The best match stays highlighted, so typing then Enter picks it.
        self.list.setCurrentItem(first)
        self.ok.setEnabled(first is not None)

    def chosen(self) -> int | None:
        item = self.list.currentItem()
        if item is None or item.isHidden():
            return None
        return int(item.data(Qt.ItemDataRole.UserRole))


def selected_connection(page: MapPage) -> int | None:
    """The connection selected in the Connections table, when exactly one is."""
    synced = page.links_view
    rows = synced.table.selectionModel().selectedRows()
    if len(rows) != 1:
        return None
    return page.links_model.rows[synced.proxy.mapToSource(rows[0]).row()].id


def add_connection(page: MapPage) -> None:
    """From the one selected young person to one picked from a list: the connect form."""
    selected = sorted(page.store.selected_people)
    if len(selected) != 1:
        page.window_status("Select one young person first, then add a connection.")
        return
    a = selected[0]
    people = [
        (p.id, f"{p.reference} – {p.name}" if p.name else p.reference)
        for p in sorted(page.data.people.values(), key=lambda p: p.reference)
        if p.id != a
    ]
    ref = page.data.people[a].reference if a in page.data.people else ""
    picker = PersonPicker(people, f"Connect {ref} to...", page)
    page.picker = picker

    def done(result: int) -> None:
        page.picker = None
        b = picker.chosen()
        if result == QDialog.DialogCode.Accepted and b is not None:
            page.connect_people(a, b)  # the same form the Shift-drag opens

    picker.finished.connect(done)
    picker.setWindowModality(Qt.WindowModality.WindowModal)
    picker.open()


def restore_connection_dialog(page: MapPage) -> PersonPicker | None:
    """Pick a disproved connection from a list; Enter puts it back on the map."""
    if page._readonly():  # the page's one read-only check and message
        return None
    with page.store.read() as s:
        choices = disproved_connections(s, page.store.response_id)
    if not choices:
        page.window_status("No connection is marked disproved.")
        return None
    picker = PersonPicker(
        choices,
        "Restore connection",
        page,
        ("disproved connection (reference)", "Disproved connections"),
    )
    # A connection's line is long ("YP-07–YP-33: Direct messages, online: reported by
    # ..."): wide enough to read it whole, never wider than the window.
    longest = max(picker.list.fontMetrics().horizontalAdvance(t) for _i, t in choices)
    picker.resize(min(max(picker.width(), longest + 60), page.window().width() - 40), 360)
    page.picker = picker

    def done(result: int) -> None:
        page.picker = None
        cid = picker.chosen()
        if result == QDialog.DialogCode.Accepted and cid is not None:
            page.store.run(lambda s: restore_connection(s, cid))

    picker.finished.connect(done)
    picker.setWindowModality(Qt.WindowModality.WindowModal)
    picker.open()
    return picker


def install_connection_actions(page: MapPage, window: QWidget) -> None:
    add = QAction("Add connection...", window)
    add.setShortcut(QKeySequence("Ctrl+L"))
    add.triggered.connect(lambda: add_connection(page))
    edit = QAction("Edit connection...", window)
    edit.triggered.connect(lambda: _with_selected(page, page.edit_connection))
    disprove = QAction("Mark connection disproved", window)
    disprove.triggered.connect(lambda: _with_selected(page, page.mark_disproved))
    restore = QAction("Restore connection...", window)
    restore.triggered.connect(lambda: restore_connection_dialog(page))
    for action in (add, edit, disprove, restore):
        window.add_page_action("Edit", action)  # type: ignore[attr-defined]

    def update() -> None:
        add.setEnabled(len(page.store.selected_people) == 1)
        one = selected_connection(page) is not None
        edit.setEnabled(one)
        disprove.setEnabled(one)

    page.links_view.table.selectionModel().selectionChanged.connect(update)
    page.store.selection_changed.connect(update)
    page.links_model.modelReset.connect(update)
    update()


def _with_selected(page: MapPage, act: object) -> None:
    cid = selected_connection(page)
    if cid is not None:
        act(cid)  # type: ignore[operator]

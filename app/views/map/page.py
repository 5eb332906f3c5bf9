"""The "Map" tab: the network of young people and their connections, built live in a meeting.

Positions: people whose position is not yet stored are laid out when the file opens and
kept in memory (opening a file never writes to it, and a read-only file works the same).
The first time anyone is dragged, the remembered positions of the others go into that
same undoable step, so the picture people arranged is the one the file keeps.

The page holds the map's state and its edits; the rest is in modules by what it does:
refresh.py (reload and the after-edit patch), layout_runner.py (the Layout menu's
worker), opening_layout.py, toolbar.py, page_install.py (docks and window menus),
connection_actions.py and export.py.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtWidgets import QDockWidget, QGraphicsView, QMenu, QToolBar, QVBoxLayout, QWidget

from app.services.editing import audit
from app.services.editing.editor import Changes
from app.services.network.positions import place_on_map, set_pinned
from app.services.people.connections import update_connection
from app.services.people.young_people import delete_people
from app.views.common.messages import show_error
from app.views.common.worker import Worker
from app.views.map import page_install, refresh
from app.views.map.connections_table import ConnectionsModel, connections_table
from app.views.map.first_run import FirstRunOverlay
from app.views.map.labels import follow_text_size
from app.views.map.layout_runner import LayoutRunner
from app.views.map.opening_layout import OpeningLayout
from app.views.map.people_table import PeopleModel, people_table
from app.views.map.picture_dialog import ask_picture_path
from app.views.map.scene import MapScene
from app.views.map.toolbar import build_toolbar
from app.views.map.view import MapView
from app.views.person.connection_form import ConnectionForm
from app.views.person.form import PersonForm
from app.views.shell.folders import response_place
from app.views.shell.store import MapHighlight, Store


class MapPage(QWidget):
    title = "Map"

    def __init__(self, store: Store, window: QWidget | None = None) -> None:
        super().__init__()
        self.setObjectName("mapPage")
        self.store = store
        self.window_ = window
        self.scene = MapScene()
        self.view = MapView(self.scene)
        self.view.setObjectName("mapView")
        self.form: QWidget | None = None  # the open person or connection form
        self.picker: QWidget | None = None  # the open "Add connection..." person picker
        self.worker: Worker | None = None  # the layout being computed
        self.layouts = LayoutRunner(self)
        self._syncing = False
        self.opening = OpeningLayout(self)  # the unplaced people laid out off the GUI thread
        self.people_model = PeopleModel(store)
        self.links_model = ConnectionsModel(store)
        # The tables' models are the page's children, deleted with it: parentless, they
        # outlived a closed file, because a signal of theirs holds a closure that holds the
        # page (a cycle through Qt that Python's collector cannot see), and with the page
        # its scene and every item on it (31,000 objects left per file at 2,000 people).
        self.people_model.setParent(self)
        self.links_model.setParent(self)
        self.people_view = people_table(store, self.people_model)
        self.links_view = connections_table(store, self.links_model)
        self.docks: list[QDockWidget] = []
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        self.toolbar = QToolBar("Map")
        lay.addWidget(self.toolbar)
        lay.addWidget(self.view, 1)
        build_toolbar(self)

        self.view.add_requested.connect(lambda p: self.add_person((p.x(), p.y())))
        self.view.edit_requested.connect(self.edit_person)
        self.view.connect_requested.connect(self.connect_people)
        self.view.moved.connect(self._store_moves)
        self.view.delete_requested.connect(self.delete_selected)
        self.view.link_menu_requested.connect(self._link_menu)
        self.scene.selectionChanged.connect(self._scene_selection)
        store.when_seen(self, self._on_changed)
        store.selection_changed.connect(self._store_selection)
        store.highlight_changed.connect(self._on_highlight)
        store.as_at_changed.connect(lambda _day: self.reload())
        follow_text_size()  # labels as large as the user's text, before any is placed
        self.reload(first=True)
        self.scene.apply_highlight(store.highlight)
        self._on_highlight(store.highlight)
        self._fitted = False
        self.first_run = FirstRunOverlay(self)  # what to do first, over an empty map

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.ApplicationFontChange):
            if follow_text_size(self.scene):  # the user's text size changed
                self.view.viewport().update()

    # ----- data (refresh.py) -------------------------------------------------------------
    def reload(self, first: bool = False) -> None:
        refresh.reload(self, first)

    def _on_changed(self, changes: Changes) -> None:
        refresh.on_changed(self, changes)

    def showEvent(self, event) -> None:  # noqa: ANN001, N802
        super().showEvent(event)
        if not self._fitted:
            self._fitted = True
            self.view.fit()

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802
        super().resizeEvent(event)
        if self._fitted and not self.view.map_scene.selectedItems():
            self.view.fit()

    # ----- selection and shared view state ----------------------------------------------
    def _scene_selection(self) -> None:
        if self._syncing:
            return
        try:
            ids = self.view.selected_people()
        except RuntimeError:  # the scene is being destroyed with the page
            return
        self._syncing = True
        try:
            self.store.select_people(ids)
        finally:
            self._syncing = False

    def _store_selection(self, ids: frozenset[int]) -> None:
        if self._syncing:
            return
        self._syncing = True
        try:
            self.scene.clearSelection()
            for pid in ids:
                item = self.scene.people.get(pid)
                if item is not None:
                    item.setSelected(True)
            self.view.centre_on_people(ids)
        finally:
            self._syncing = False

    def _on_highlight(self, highlight: MapHighlight | None) -> None:
        self.scene.apply_highlight(highlight)
        self.clear_highlight_action.setVisible(highlight is not None)
        self.view.caption = highlight.caption if highlight else ""
        refresh.update_legend(self)
        if highlight and highlight.people:
            self.view.centre_on_people(highlight.people)
        self.view.viewport().update()

    def find(self, text: str) -> bool:
        """Select and centre on the person whose reference or name matches `text`."""
        wanted = text.strip().casefold()
        if not wanted:
            return False
        people = list(self.data.people.values())
        match = (
            next((p for p in people if p.reference.casefold() == wanted), None)
            or next((p for p in people if p.name.casefold() == wanted), None)
            or next(
                (
                    p
                    for p in people
                    if wanted in p.name.casefold() or wanted in p.reference.casefold()
                ),
                None,
            )
        )
        if match is None:
            self.window_status(f"No young person matches '{text.strip()}'.")
            return False
        self.store.select_people({match.id})
        self._store_selection(frozenset({match.id}))
        return True

    def window_status(self, text: str) -> None:
        bar = getattr(self.window_, "statusBar", None)
        if bar is not None:
            bar().showMessage(text, 6000)

    # ----- tools and edits --------------------------------------------------------------
    def set_tool(self, tool: str) -> None:
        self.view.tool = tool
        self.connect_tool.setChecked(tool == "connect")
        self.select_tool.setChecked(tool == "select")
        self.view.setDragMode(
            QGraphicsView.DragMode.RubberBandDrag
            if tool == "select"
            else QGraphicsView.DragMode.NoDrag
        )
        self.view.viewport().setCursor(
            Qt.CursorShape.CrossCursor if tool == "connect" else Qt.CursorShape.ArrowCursor
        )

    def set_show_names(self, on: bool) -> None:
        self.scene.set_show_names(on)

    def set_show_hubs(self, on: bool) -> None:
        self.scene.set_show_hubs(on)
        self.view.viewport().update()

    def _readonly(self) -> bool:
        if self.store.readonly:
            show_error(self, f"{self.store.db.path.name} is open read-only; changes are not saved.")
            return True
        return False

    def add_person(self, position: tuple[float, float] | None) -> None:
        if self._readonly():
            return
        if position is None:
            c = self.view.mapToScene(self.view.viewport().rect().center())
            position = (c.x(), c.y())
        form = PersonForm(self.store, None, self, position=position)
        self._open_form(form)

    def edit_person(self, person_id: int) -> None:
        if self._readonly():
            return
        self._open_form(PersonForm(self.store, person_id, self))

    def connect_people(self, a: int, b: int) -> None:
        if a == b:
            show_error(self, "A young person cannot be connected to themselves.")
            return
        if self._readonly():
            return
        self._open_form(ConnectionForm(self.store, person_a=a, person_b=b, parent=self))

    def edit_connection(self, connection_id: int) -> None:
        if self._readonly():
            return
        self._open_form(ConnectionForm(self.store, connection_id, parent=self))

    def _open_form(self, form) -> None:  # noqa: ANN001
        # Non-modal to the event loop (open, not exec): a meeting is never stalled, and
        # tests can fill the form and press OK.
        self.form = form
        form.setWindowModality(Qt.WindowModality.WindowModal)
        form.finished.connect(lambda _r: setattr(self, "form", None))
        form.open()

    def delete_selected(self) -> None:
        ids = self.view.selected_people()
        if not ids or self._readonly():
            return
        self.store.run(lambda s: delete_people(s, ids))

    def pin(self, on: bool) -> None:
        ids = self.view.selected_people()
        if ids and not self._readonly():
            self.store.run(lambda s: set_pinned(s, ids, on))

    def _store_moves(self, people: dict, hubs: dict) -> None:
        if self.store.readonly:
            return  # kept in memory only
        # The first arrangement also keeps where the not-yet-stored people were shown.
        everyone = {**self.scene.unsaved_positions(), **people}
        hub_memory = {h: p for h, p in self.scene.hub_memory.items() if h in self.scene.hubs}
        label = None
        if len(people) > 1:
            label = f"Move {len(people)} young people"
        elif len(people) == 1:
            ref = self.data.people[next(iter(people))].reference
            label = f"Move {ref}"
        elif hubs:
            label = "Move setting on the map"
        for hid in hubs:
            hub_memory.pop(hid, None)
        stored_hubs = {
            **{
                h: p
                for h, p in hub_memory.items()
                if self.data.hubs[h].x is None and self.hubs_action.isChecked()
            },
            **hubs,
        }
        self.store.run(lambda s: place_on_map(s, everyone, stored_hubs, label))

    def _link_menu(self, connection_id: int, where: QPointF) -> None:
        menu = QMenu(self)
        menu.addAction("Edit connection...").triggered.connect(
            lambda: self.edit_connection(connection_id)
        )
        menu.addAction("Mark as disproved (hidden from the map)").triggered.connect(
            lambda: self.mark_disproved(connection_id)
        )
        menu.popup(where.toPoint())

    def mark_disproved(self, connection_id: int) -> None:
        if not self._readonly():
            self.store.run(lambda s: update_connection(s, connection_id, {"status": "disproved"}))

    # ----- layouts (layout_runner.py) ----------------------------------------------------
    def run_layout(self, kind: str) -> None:
        self.layouts.run(kind)

    def _layout_ended(self) -> None:
        self.layouts.ended()

    # ----- export -----------------------------------------------------------------------
    def export_dialog(self) -> None:
        path = ask_picture_path(self, response_place(self.store.db))
        if path is not None:
            self.export_to(path)

    def export_to(self, path: Path) -> bool:
        # Loaded when a picture is exported: Qt's SVG and PDF writers are not needed to open.
        from app.views.map.export import export_picture

        source = self.view.mapToScene(self.view.viewport().rect()).boundingRect()
        try:
            export_picture(
                self.store.db,
                path,
                self.scene,
                source,
                self.view.legend_items,
                title=self.data.title,
                marking=self.data.marking,
                fictional=self.data.is_demo,
                caption=self.view.caption,
            )
        except (audit.NotRecorded, ValueError) as exc:
            show_error(self, str(exc))
            return False
        except OSError as exc:
            show_error(self, f"{path.name} was not saved: {exc.strerror or exc}.")
            return False
        self.window_status(f"Map exported to {path}")
        return True

    # ----- main window hooks ------------------------------------------------------------
    def install(self, window) -> None:  # noqa: ANN001
        page_install.install(self, window)

    def as_at(self) -> date | None:
        return self.store.as_at

"""The map page brought up to date: a full reload (a file opened, an "as at" day, anything
the patch cannot follow) or, after an edit, a patch of only the people and links it
changed (issue 14). Both feed the scene, the People and Connections tables, the legend
and the search box's completer from the same `MapData`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCompleter

from app.services.editing.editor import Changes
from app.services.queries.map_data import MapData, load_map
from app.services.queries.map_patch import patch_map
from app.views.map import legend
from app.views.map.scene_patch import patch_scene

if TYPE_CHECKING:
    from app.views.map.page import MapPage

MAP_TABLES = (
    "young_person",
    "connection",
    "assessment",
    "concern",
    "setting",
    "response",
)


def reload(page: MapPage, first: bool = False) -> None:
    """Everything read again; `first` when the page is built (the opening layout starts,
    and the scene's bounds are set once)."""
    store = page.store
    as_at = store.as_at
    with store.read() as s:
        data = load_map(s, store.response_id, as_at, store.coverage(s, as_at))
    page.data = data
    if first:  # many never placed: a waiting place now, the layout in the background
        page.opening.start(data)
    page.scene.set_data(data, first=first)
    if store.as_at is not None:  # the tables list everyone, whatever the day shown
        with store.read() as s:
            everything = load_map(s, store.response_id, None, store.coverage(s))
    else:
        everything = data
    page.people_model.set_data(everything)
    page.links_model.set_data(everything)
    page.people_view.show_selection(store.selected_people)
    page.view.fictional = data.is_demo
    update_legend(page)
    page.filter_menu.rebuild(data)
    update_completer(page, data)
    if first:
        page.view.setSceneRect(page.view.scene_rect_with_room())
    page.view.viewport().update()


def on_changed(page: MapPage, changes: Changes) -> None:
    """The store's slot (through `when_seen`): patch what the edit changed, else reload."""
    if changes.touches(*MAP_TABLES) and not patch(page, changes):
        reload(page)


def patch(page: MapPage, changes: Changes) -> bool:
    """Update only what the edit changed (issue 14); False where only a full reload
    gives the right picture: the map filtered to an "as at" day (what was known then
    hangs on dates across every table), settings changed, a new risk scale or prompt
    window, midnight passed, or a refresh of everything (see map_patch.patch_map)."""
    store = page.store
    if store.as_at is not None or not changes.ids:
        return False
    with store.read() as s:
        # Today's coverage is shared by every screen for this data version.
        cov = store.coverage(s) if changes.coverage else None
        found = patch_map(s, store.response_id, page.data, changes.ids, cov)
    if found is None:
        return False
    old, data = page.data, found.data
    page.data = data
    if not patch_scene(page.scene, data, found.people, found.links):
        page.scene.set_data(data)
    page.people_model.patch(data, found.people)
    page.links_model.patch(data, found.links, found.people)
    page.view.fictional = data.is_demo
    if any(
        pid not in old.people
        or pid not in data.people
        or (old.people[pid].reference, old.people[pid].name)
        != (data.people[pid].reference, data.people[pid].name)
        for pid in found.people
    ):
        update_completer(page, data)
    update_legend(page)
    page.view.viewport().update()
    return True


def update_completer(page: MapPage, data: MapData) -> None:
    """The search box offers every reference and name (a part of either matches)."""
    names = [p.reference for p in data.people.values()] + [p.name for p in data.people.values()]
    completer = QCompleter(sorted(names), page.search)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.activated.connect(page.find)
    page.search.setCompleter(completer)


def update_legend(page: MapPage) -> None:
    page.view.legend_items = legend.entries(
        page.scene.styles,
        page.data.window_days,
        highlight=bool(page.scene.highlight and page.scene.highlight.people),
    )

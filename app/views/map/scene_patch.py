"""The map scene after an edit: only the changed people's items and their links (issue 14).

`MapScene.set_data` walks every person, rebuilds every link layer when any link changed
and redoes the filters, the highlight, the labels and the zoomed-out overview for all:
about 150 ms at 2,000 people. After an edit `patch_scene` touches only the items of the
people and links the edit changed (from map_patch.patch_map); every other item stays the
same Python object, untouched.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.models.vocab import NOT_YET_ASSESSED
from app.services.network import layouts
from app.services.queries.map_data import LinkInfo, MapData
from app.views.map import labels
from app.views.map.links import LinkLayer
from app.views.map.person_item import PersonItem

if TYPE_CHECKING:
    from app.views.map.scene import MapScene

_CONFIDENCES = {"confirmed", "reported", "suspected"}


def patch_scene(scene: MapScene, data: MapData, people: set[int], links: set[int]) -> bool:
    """Show `data`, which differs from what is shown only in `people` and `links`.
    False: not patched (the caller sets the data whole)."""
    if scene.data is None or scene.show_hubs:
        # Settings drawn: their hubs sit at the middle of their members and every member
        # has a spoke, so a person's change moves other items: the whole scene is rebuilt.
        return False
    if data.risk_levels != scene._styles_of:
        return False  # a new scale: every item's style changes
    scene.data = data
    if not people and not links:
        return True
    styles = scene.styles
    f = scene.filters
    marks = dict(scene.highlight.marks) if scene.highlight else {}
    lit = scene.highlight.people if scene.highlight else frozenset()
    geometry = False  # people added, removed, moved, or their label or visibility changed
    ends_shown: set[object] = set()  # people whose visibility (and so their lines') changed
    moved: list[int] = []
    restyled: list[int] = []
    added: list[int] = []
    for pid in sorted(people):
        info = data.people.get(pid)
        item = scene.people.get(pid)
        if info is None:
            if item is not None:
                scene.removeItem(scene.people.pop(pid))
                restyled.append(pid)
                geometry = True
            continue
        if item is None:
            added.append(pid)
            continue
        style = styles.get(info.risk, styles[NOT_YET_ASSESSED])
        label = scene.label_for(info)
        if item.info != info or item.style is not style or item.label != label:
            recoloured = item.style is not style or item.info.inclusion != info.inclusion
            geometry = geometry or item.label != label
            item.set_state(info, style, label)
            if recoloured:
                restyled.append(pid)
        else:
            item.info = info  # equal values: keep the snapshot's object
        x, y = scene._position(info)
        if (item.pos().x(), item.pos().y()) != (x, y):
            item.on_moved = None
            item.setPos(x, y)
            item.on_moved = scene._person_moved
            moved.append(pid)
            geometry = True
        visible = f.person_visible(info)
        if visible != item.isVisible():
            item.setVisible(visible)
            ends_shown.add(("p", pid))
            restyled.append(pid)
            geometry = True
    if added:
        _add_people(scene, data, added, marks, lit)
        restyled += added
        geometry = True
    _patch_links(scene, data, links)
    # Rows shift when lines come and go: the drag index is rebuilt when next needed.
    scene._rows_by_end = None
    for pid in moved:
        scene._refresh_end(("p", pid))
    for end in ends_shown:
        for layer, row in scene._rows_of(end):
            a, b = layer.ends[row]
            link = data.links.get(layer.keys[row])
            layer.set_row_hidden(row, _hidden(scene, a, b, link))
    for pid in restyled + moved:
        scene.overview.person_restyled(pid, scene.people.get(pid))
    scene._rect_cache.clear()
    if scene.areas and (moved or added or restyled):
        scene.apply_highlight(scene.highlight)  # the shaded groups follow their people
    if geometry:
        labels.arrange_labels(scene)
    return True


def _add_people(
    scene: MapScene, data: MapData, added: list[int], marks: dict, lit: frozenset[int]
) -> None:
    missing = [
        pid
        for pid in added
        if (data.people[pid].x is None or data.people[pid].y is None) and pid not in scene.memory
    ]
    if missing:  # as set_data places people without a stored or remembered position
        stored = {
            pid: (p.x, p.y) for pid, p in data.people.items() if p.x is not None and p.y is not None
        }
        known = {**{k: v for k, v in scene.memory.items() if k in data.people}, **stored}
        edges = [(lk.a, lk.b) for lk in data.links.values() if lk.b is not None]
        result = layouts.place_new(missing, edges, known)
        for pid in missing:
            scene.memory[pid] = result[pid]
    styles = scene.styles
    for pid in added:
        info = data.people[pid]
        style = styles.get(info.risk, styles[NOT_YET_ASSESSED])
        item = PersonItem(info, style, scene.label_for(info))
        item.setPos(*scene._position(info))
        item.on_moved = scene._person_moved
        item.overview = scene.overview
        if scene.item_scale != 1.0:
            item.setScale(scene.item_scale)
        if scene.overview_on:
            item.setFlag(item.GraphicsItemFlag.ItemHasNoContents, True)
        item.setVisible(scene.filters.person_visible(info))
        item.set_mark(marks.get(pid, ""), pid in lit, bool(lit) and pid not in lit)
        scene.addItem(item)
        scene.people[pid] = item


def _shown(scene: MapScene, end: object) -> bool:
    kind, key = end  # type: ignore[misc]
    item = scene.people.get(key) if kind == "p" else scene.hubs.get(key)
    return item is not None and item.isVisible()


def _hidden(scene: MapScene, a: object, b: object, link: LinkInfo | None) -> bool:
    """Whether a line is filtered out, as MapScene.apply_filters decides it."""
    if not (_shown(scene, a) and _shown(scene, b)):
        return True
    f = scene.filters
    every_link = f.modes >= {"real_life", "online", "both"} and f.confidences >= _CONFIDENCES
    return not every_link and link is not None and not f.link_visible(link)


def _patch_links(scene: MapScene, data: MapData, links: set[int]) -> None:
    if not links:
        return
    for layer in list(scene.layers.values()):
        layer.remove_keys(links)
    by_layer: dict[tuple[str, str], list[tuple[int, object, object, bool]]] = {}
    for lid in sorted(links):
        link = data.links.get(lid)
        if link is None or link.b is None:
            continue  # gone, or a link to a setting (drawn only with the settings shown)
        a, b = ("p", link.a), ("p", link.b)
        hidden = _hidden(scene, a, b, link)
        faint = "suspected" if link.confidence == "suspected" else "firm"
        by_layer.setdefault((link.mode, faint), []).append((lid, a, b, hidden))
    for key, entries in by_layer.items():
        layer = scene.layers.get(key)
        if layer is None:
            mode, faint = key
            layer = LinkLayer(
                mode, "suspected" if faint == "suspected" else "confirmed", scene.end_position
            )
            scene.addItem(layer)
            scene.layers[key] = layer
        layer.add_links(entries)
    scene._links_drawn = data.links

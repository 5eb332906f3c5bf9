"""The map scene: fills itself from a MapData snapshot and keeps id-to-item dicts.

It never owns the data. On every refresh it patches items in place (so a repaint after an
edit costs only what changed), applies the filters and the highlight other screens ask for.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Signal
from PySide6.QtGui import QRegion
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QGraphicsSceneHelpEvent

from app.models.vocab import NOT_YET_ASSESSED
from app.services.network import layouts
from app.services.queries.map_data import LinkInfo, MapData, PersonInfo
from app.views.map import labels
from app.views.map.items import AreaItem, HubItem
from app.views.map.links import LinkLayer
from app.views.map.overview import OverviewLayer
from app.views.map.person_item import PersonItem
from app.views.map.style import AREA_COLOURS, RiskStyle, risk_styles
from app.views.shell.store import MapHighlight

Point = tuple[float, float]
NO_CONTENTS = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents


@dataclass
class MapFilters:
    """What the user chose to see. Empty sets mean "everything"."""

    modes: set[str] = field(default_factory=lambda: {"real_life", "online", "both"})
    confidences: set[str] = field(default_factory=lambda: {"confirmed", "reported", "suspected"})
    risks: set[str] | None = None  # None: every level
    setting_id: int | None = None
    coverage: str | None = None  # None, "not_assessed", or a coverage state
    show_removed: bool = False

    def person_visible(self, p: PersonInfo) -> bool:
        if p.inclusion == "removed" and not self.show_removed:
            return False
        if self.risks is not None and p.risk not in self.risks:
            return False
        if self.setting_id is not None and p.setting_id != self.setting_id:
            return False
        if self.coverage == "not_assessed":
            return p.risk == NOT_YET_ASSESSED
        if self.coverage is not None and p.coverage != self.coverage:
            return False
        return True

    def link_visible(self, link: LinkInfo) -> bool:
        mode_ok = link.mode in self.modes or (
            link.mode == "both" and bool(self.modes & {"real_life", "online"})
        )
        return mode_ok and link.confidence in self.confidences


class MapScene(QGraphicsScene):
    """People, hubs, link layers and shaded areas of one response."""

    moved = Signal()  # a person or hub moved (by a drag or a layout preview)

    def __init__(self) -> None:
        super().__init__()
        self.data: MapData | None = None
        self.people: dict[int, PersonItem] = {}
        self.hubs: dict[int, HubItem] = {}
        self.layers: dict[tuple[str, str], LinkLayer] = {}
        self.spokes: LinkLayer | None = None
        self.areas: list[AreaItem] = []
        self.styles: dict[str, RiskStyle] = {}
        self._styles_of: object = None  # the risk levels `styles` were made for
        self.filters = MapFilters()
        self.highlight: MapHighlight | None = None
        self.show_names = False
        self.label_mode = "reference"  # or "name", "initials" (labels.set_label_mode)
        self.item_scale = 1.0  # people drawn larger in a presentation (labels.set_item_scale)
        self.show_hubs = False
        self.memory: dict[int, Point] = {}  # positions of people not yet stored
        self.hub_memory: dict[int, Point] = {}
        # Which layer rows hang off each end, so a drag refreshes only those lines.
        # Built on the first drag, not on every refresh.
        self._rows_by_end: dict[object, list[tuple[LinkLayer, int]]] | None = None
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        # Zoomed out, one item draws everyone and the person items paint nothing.
        self.overview = OverviewLayer(self.people)
        self.addItem(self.overview)
        self.overview_on = False
        self.paint_region: QRegion | None = None  # set by the view while it paints
        self._rect_cache: dict[tuple[bool, int], QRectF] = {}
        self._links_drawn: object = None  # the links the layers were last built from

    def set_overview(self, on: bool) -> None:
        """Zoomed out (on) the person items are flagged as having no contents, so the
        view skips their paint() calls; they stay for hit-testing, selection and drags."""
        if on == self.overview_on:
            return
        self.overview_on = on
        for item in self.people.values():
            item.setFlag(NO_CONTENTS, on)

    def helpEvent(self, event: QGraphicsSceneHelpEvent) -> None:  # noqa: N802
        # Person tooltips are written when first needed, not for thousands of people at once.
        for item in self.items(event.scenePos()):
            if isinstance(item, PersonItem):
                item.ensure_tooltip()
                break
        super().helpEvent(event)

    # ----- building ---------------------------------------------------------------------
    def label_for(self, p: PersonInfo) -> str:
        if self.label_mode == "initials":
            return labels.initials(p.name)
        return p.name if self.show_names else p.reference

    def set_data(self, data: MapData, *, first: bool = False) -> list[int]:
        """Show `data`. Returns the people that had no stored or remembered position."""
        self.data = data
        # The same styles while the scale stays the same: a new style object for every
        # refresh made every person item repaint itself after any edit.
        if data.risk_levels != self._styles_of:
            self.styles = risk_styles(data.risk_levels)
            self._styles_of = list(data.risk_levels)
        unplaced = self._assign_positions(data, first=first)
        # Lines are redrawn only when they or their ends changed: a review date or a risk
        # changes no line, and redrawing 3,000 of them was a third of such an edit.
        geometry = bool(unplaced) or self.show_hubs or data.links != self._links_drawn
        gone = [p for p in self.people if p not in data.people]
        geometry = geometry or bool(gone)
        for pid in gone:
            self.removeItem(self.people.pop(pid))
        for pid, info in data.people.items():
            style = self.styles.get(info.risk, self.styles[NOT_YET_ASSESSED])
            item = self.people.get(pid)
            x, y = self._position(info)
            if item is None:
                item = PersonItem(info, style, self.label_for(info))
                item.setPos(x, y)
                item.on_moved = self._person_moved
                item.overview = self.overview
                if self.item_scale != 1.0:
                    item.setScale(self.item_scale)
                if self.overview_on:
                    item.setFlag(NO_CONTENTS, True)
                self.addItem(item)
                self.people[pid] = item
                geometry = True
            else:
                if item.info != info or item.style is not style:
                    item.set_state(info, style, self.label_for(info))
                if (item.pos().x(), item.pos().y()) != (x, y):
                    geometry = True
                    item.on_moved = None
                    item.setPos(x, y)
                    item.on_moved = self._person_moved
        self._build_hubs()
        if geometry:
            self._build_links()
            self._links_drawn = data.links
        self.apply_filters()
        self.apply_highlight(self.highlight)
        labels.arrange_labels(self)
        return unplaced

    def _position(self, p: PersonInfo) -> Point:
        if p.x is not None and p.y is not None:
            return (p.x, p.y)
        return self.memory.get(p.id, (0.0, 0.0))

    def _assign_positions(self, data: MapData, *, first: bool) -> list[int]:
        """People without a stored position get a remembered one (kept until moved)."""
        stored = {
            pid: (p.x, p.y) for pid, p in data.people.items() if p.x is not None and p.y is not None
        }
        missing = [pid for pid in data.people if pid not in stored and pid not in self.memory]
        if not missing:
            return []
        edges = [(lk.a, lk.b) for lk in data.links.values() if lk.b is not None]
        known = {**{k: v for k, v in self.memory.items() if k in data.people}, **stored}
        if first and len(missing) > len(known) // 4:
            # Opening: lay out everyone not yet placed around those who are (quick and
            # deterministic, so the same file opens with the same picture).
            fixed = set(known)
            nodes = list(data.people)
            result = layouts.force_directed(nodes, edges, known, fixed)
        else:
            result = layouts.place_new(missing, edges, known)
        for pid in missing:
            self.memory[pid] = result[pid]
        return missing

    def _build_hubs(self) -> None:
        assert self.data is not None
        for hid in list(self.hubs):
            if not self.show_hubs or hid not in self.data.hubs:
                self.removeItem(self.hubs.pop(hid))
        if not self.show_hubs:
            return
        members: dict[int, list[QPointF]] = defaultdict(list)
        for pid, p in self.data.people.items():
            if p.setting_id is not None and pid in self.people:
                members[p.setting_id].append(self.people[pid].pos())
        for hid, info in self.data.hubs.items():
            item = self.hubs.get(hid)
            if item is None or item.info != info:
                if item is not None:
                    self.removeItem(item)
                item = HubItem(info)
                item.on_moved = self._hub_moved
                self.addItem(item)
                self.hubs[hid] = item
            if info.x is not None and info.y is not None:
                pos = QPointF(info.x, info.y)
            elif hid in self.hub_memory:
                pos = QPointF(*self.hub_memory[hid])
            else:
                pts = members.get(hid) or [QPointF(0, 0)]
                cx = sum(p.x() for p in pts) / len(pts)
                cy = sum(p.y() for p in pts) / len(pts)
                pos = QPointF(cx, cy - 40)
                self.hub_memory[hid] = (pos.x(), pos.y())
            if item.pos() != pos:
                item.on_moved = None
                item.setPos(pos)
                item.on_moved = self._hub_moved

    def end_position(self, end: object) -> QPointF:
        kind, key = end  # type: ignore[misc]
        if kind == "p":
            item = self.people.get(key)
        else:
            item = self.hubs.get(key)
        return item.pos() if item is not None else QPointF()

    def _build_links(self) -> None:
        assert self.data is not None
        groups: dict[tuple[str, str], list[tuple[int, object, object]]] = defaultdict(list)
        spokes: list[tuple[int, object, object]] = []
        for link in self.data.links.values():
            faint = "suspected" if link.confidence == "suspected" else "firm"
            if link.b is not None:
                groups[(link.mode, faint)].append((link.id, ("p", link.a), ("p", link.b)))
            elif self.show_hubs and link.setting_id in self.hubs:
                groups[(link.mode, faint)].append((link.id, ("p", link.a), ("h", link.setting_id)))
        if self.show_hubs:
            for pid, p in self.data.people.items():
                if p.setting_id in self.hubs:
                    spokes.append((-pid, ("p", pid), ("h", p.setting_id)))
        for key in list(self.layers):
            if key not in groups:
                self.removeItem(self.layers.pop(key))
        xy = self._end_positions()
        for key, entries in groups.items():
            layer = self.layers.get(key)
            if layer is None:
                mode, faint = key
                layer = LinkLayer(
                    mode, "suspected" if faint == "suspected" else "confirmed", self.end_position
                )
                self.addItem(layer)
                self.layers[key] = layer
            layer.set_links(entries, xy)
        if spokes:
            if self.spokes is None:
                self.spokes = LinkLayer("online", "suspected", self.end_position)
                self.spokes.setZValue(1)
                self.addItem(self.spokes)
            self.spokes.set_links(spokes, xy)
        elif self.spokes is not None:
            self.removeItem(self.spokes)
            self.spokes = None
        self._index_rows()

    def _end_positions(self) -> dict[object, Point]:
        """Every line end's position, read once (not once per line end)."""
        out: dict[object, Point] = {}
        for pid, item in self.people.items():
            p = item.pos()
            out[("p", pid)] = (p.x(), p.y())
        for hid, hub in self.hubs.items():
            p = hub.pos()
            out[("h", hid)] = (p.x(), p.y())
        return out

    def _index_rows(self) -> None:
        self._rows_by_end = None

    def _rows_of(self, end: object) -> list[tuple[LinkLayer, int]]:
        if self._rows_by_end is None:
            rows: dict[object, list[tuple[LinkLayer, int]]] = defaultdict(list)
            for layer in self.all_layers():
                for i, (a, b) in enumerate(layer.ends):
                    rows[a].append((layer, i))
                    rows[b].append((layer, i))
            self._rows_by_end = rows
        return self._rows_by_end.get(end, [])

    def all_layers(self) -> list[LinkLayer]:
        return list(self.layers.values()) + ([self.spokes] if self.spokes else [])

    # ----- moving -----------------------------------------------------------------------
    def _refresh_end(self, end: object) -> None:
        by_layer: dict[LinkLayer, list[int]] = defaultdict(list)
        for layer, row in self._rows_of(end):
            by_layer[layer].append(row)
        for layer, rows in by_layer.items():
            layer.refresh_ends(rows)

    def _person_moved(self, item: PersonItem) -> None:
        self._rect_cache.clear()
        self._refresh_end(("p", item.person_id))
        self.overview.person_moved(item)
        self.moved.emit()

    def _hub_moved(self, item: HubItem) -> None:
        self._refresh_end(("h", item.hub_id))
        self.moved.emit()

    def set_positions(self, people: dict[int, Point]) -> None:
        """Move items without storing (layout results before they are saved)."""
        for pid, (x, y) in people.items():
            item = self.people.get(pid)
            if item is not None:
                item.on_moved = None
                item.setPos(x, y)
                item.on_moved = self._person_moved
        self._rect_cache.clear()
        xy = self._end_positions()
        for layer in self.all_layers():
            layer._recompute_all(xy)
            layer.update()
        self.overview.invalidate()
        labels.arrange_labels(self)

    def positions(self) -> dict[int, Point]:
        return {pid: (it.pos().x(), it.pos().y()) for pid, it in self.people.items()}

    def unsaved_positions(self) -> dict[int, Point]:
        """People shown at a remembered (not stored) position."""
        assert self.data is not None
        return {
            pid: (it.pos().x(), it.pos().y())
            for pid, it in self.people.items()
            if self.data.people[pid].x is None
        }

    # ----- labels, filters, highlight ---------------------------------------------------
    def set_show_names(self, on: bool) -> None:
        self.show_names = on
        self._rect_cache.clear()  # labels change the people's bounds
        for item in self.people.values():
            item.set_state(item.info, item.style, self.label_for(item.info))
        labels.arrange_labels(self)

    def set_show_hubs(self, on: bool) -> None:
        self.show_hubs = on
        if self.data is not None:
            self._build_hubs()
            self._build_links()
            self.apply_filters()

    def apply_filters(self) -> None:
        if self.data is None:
            return
        self._rect_cache.clear()  # set_data ends here too
        f = self.filters
        people = self.data.people
        for pid, item in self.people.items():
            item.setVisible(f.person_visible(people[pid]))
        links = self.data.links
        # Visible ends looked up once; links checked only when a link filter is on.
        shown = {("p", pid) for pid, item in self.people.items() if item.isVisible()}
        shown |= {("h", hid) for hid, item in self.hubs.items() if item.isVisible()}
        every_link = f.modes >= {"real_life", "online", "both"} and f.confidences >= {
            "confirmed",
            "reported",
            "suspected",
        }
        for layer in self.all_layers():
            hidden: set[int] = set()
            for row, (key, (a, b)) in enumerate(zip(layer.keys, layer.ends, strict=True)):
                if a not in shown or b not in shown:
                    hidden.add(row)
                elif not every_link:
                    link = links.get(key)
                    if link is not None and not f.link_visible(link):
                        hidden.add(row)
            layer.set_hidden(hidden)
        self.overview.invalidate()

    def apply_highlight(self, highlight: MapHighlight | None) -> None:
        self.highlight = highlight
        self._rect_cache.clear()  # marks change the people's bounds
        for area in self.areas:
            self.removeItem(area)
        self.areas = []
        people = highlight.people if highlight else frozenset()
        marks = dict(highlight.marks) if highlight else {}
        for pid, item in self.people.items():
            item.set_mark(marks.get(pid, ""), pid in people, bool(people) and pid not in people)
        if highlight:
            for i, (name, ids) in enumerate(highlight.areas):
                area = AreaItem(name, AREA_COLOURS[i % len(AREA_COLOURS)])
                area.set_points([self.people[p].pos() for p in ids if p in self.people])
                self.addItem(area)
                self.areas.append(area)
        self.overview.invalidate()

    def _people_rect(self, only_visible: bool) -> QRectF:
        """The people's bounding rectangles united, from Python-side numbers (asking Qt
        for 5,000 scene bounding rectangles costs a Python boundingRect() call each).
        Kept until people move, change or are filtered (fitting asks several times)."""
        key = (only_visible, len(self.people))
        cached = self._rect_cache.get(key)
        if cached is None:
            cached = self._rect_cache[key] = self._people_rect_now(only_visible)
        return QRectF(cached)

    def _people_rect_now(self, only_visible: bool) -> QRectF:
        left = top = float("inf")
        right = bottom = float("-inf")
        for item in self.people.values():
            if only_visible and not item.isVisible():
                continue
            p, r = item.pos(), item.bounds
            x, y = p.x(), p.y()
            left = min(left, x + r.left())
            top = min(top, y + r.top())
            right = max(right, x + r.right())
            bottom = max(bottom, y + r.bottom())
        if left > right:
            return QRectF()
        return QRectF(left, top, right - left, bottom - top)

    def content_rect(self) -> QRectF:
        """What itemsBoundingRect() gives, without a Python call per person."""
        rect = self._people_rect(only_visible=False)
        for item in [*self.hubs.values(), *self.areas, *self.all_layers()]:
            rect = rect.united(item.sceneBoundingRect())
        return rect

    def visible_rect(self) -> QRectF:
        rect = self._people_rect(only_visible=True)
        for item in self.hubs.values():
            rect = rect.united(item.sceneBoundingRect())
        for area in self.areas:
            rect = rect.united(area.sceneBoundingRect())
        return rect

    def link_at(self, point: QPointF, tolerance: float) -> int | None:
        for layer in self.all_layers():
            if layer is self.spokes or not layer.isVisible():
                continue
            key = layer.nearest(point, tolerance)
            if key is not None:
                return key
        return None

    def people_in(self, ids: Callable[[int], bool]) -> list[int]:
        return [pid for pid in self.people if ids(pid)]

"""Where each person's label goes: below, above, right or left of their symbol, wherever
it covers no other symbol and no other label; initials where only they fit (with names
shown); the tooltip always has the full name.

Labels follow the user's text size (`follow_text_size`).

Also the hooks a presentation needs: what labels say (`set_label_mode`: reference, name
or initials) and how large the people are drawn (`set_item_scale`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF

from app.views.map.paint import set_text_scale
from app.views.map.person_item import PersonItem
from app.views.map.style import text_scale

if TYPE_CHECKING:
    from app.views.map.scene import MapScene

SIDES = ("below", "above", "right", "left")
LABEL_MODES = ("reference", "name", "initials")
MAX_ARRANGED = 1000  # more people than this: labels stay below (too small to read anyway)
_CELL = 80.0


def initials(name: str) -> str:
    """'Alex Smith' -> 'AS'; a single word keeps its first two letters."""
    words = [w for w in name.replace("-", " ").split() if w]
    if len(words) >= 2:
        return (words[0][0] + words[-1][0]).upper()
    return words[0][:2] if words else ""


def _scene_rect(item: PersonItem, rect: QRectF) -> QRectF:
    s = item.scale()
    p = item.pos()
    return QRectF(p.x() + rect.x() * s, p.y() + rect.y() * s, rect.width() * s, rect.height() * s)


def _cells(r: QRectF) -> Iterable[tuple[int, int]]:
    for cx in range(int(r.left() // _CELL), int(r.right() // _CELL) + 1):
        for cy in range(int(r.top() // _CELL), int(r.bottom() // _CELL) + 1):
            yield cx, cy


def _hits(a: QRectF, b: QRectF) -> bool:
    w = min(a.right(), b.right()) - max(a.left(), b.left())
    h = min(a.bottom(), b.bottom()) - max(a.top(), b.top())
    return w > 0.01 and h > 0.01


def arrange_labels(scene: MapScene) -> None:
    """Give every visible person a label place; the first free side wins, people with
    the least room first would be better still, but top-to-bottom keeps neighbours'
    labels in the same place from one arrangement to the next."""
    items = [it for it in scene.people.values() if it.isVisible()]
    if len(items) > MAX_ARRANGED:
        for it in items:
            it.set_label_place("below", it.label)
        return
    grid: dict[tuple[int, int], list[tuple[QRectF, PersonItem]]] = defaultdict(list)
    for it in items:
        r = _scene_rect(it, it.symbol_rect())
        for c in _cells(r):
            grid[c].append((r, it))

    def free(r: QRectF, owner: PersonItem) -> bool:
        for c in _cells(r):
            for other, who in grid.get(c, ()):
                if who is not owner and _hits(r, other):
                    return False
        return True

    names = getattr(scene, "label_mode", "reference") == "name" or scene.show_names
    items.sort(key=lambda it: (it.pos().y(), it.pos().x()))
    for it in items:
        choice: tuple[str, str] | None = None
        texts = [it.label]
        if names and initials(it.label) != it.label:
            texts.append(initials(it.label))
        for text in texts:
            for side in SIDES:
                r = _scene_rect(it, it.label_rect(side, text))
                if free(r, it):
                    choice = (side, text)
                    break
            if choice:
                break
        if choice is None:
            # Nowhere free: with names, none (the tooltip has it); a reference stays
            # below, where the layout left room for it.
            choice = ("below", "" if names else it.label)
        it.set_label_place(*choice)
        if choice[1]:
            r = _scene_rect(it, it.label_rect())
            for c in _cells(r):
                grid[c].append((r, it))
    scene._rect_cache.clear()  # label places change the people's bounds


def follow_text_size(scene: MapScene | None = None) -> bool:
    """Labels as large as the user's text (the application font; Qt's scale enlarges
    them with everything else). With a scene, its people's labels are placed again at
    the new size. True when the size changed."""
    if not set_text_scale(text_scale()):
        return False
    if scene is not None:
        for it in scene.people.values():
            it._update_geometry()  # the label rectangles follow the font
        scene._rect_cache.clear()
        arrange_labels(scene)
    return True


def set_label_mode(scene: MapScene, mode: str) -> None:
    """What labels say: "reference", "name" or "initials" (a presentation shows
    references or initials instead of names)."""
    if mode not in LABEL_MODES:
        raise ValueError(f"Unknown label mode {mode!r}.")
    scene.label_mode = mode
    scene.set_show_names(mode == "name")


def set_item_scale(scene: MapScene, factor: float) -> None:
    """Draw every person `factor` times larger (a presentation on a projector)."""
    scene.item_scale = factor
    for it in scene.people.values():
        it.setScale(factor)
    scene._rect_cache.clear()
    arrange_labels(scene)

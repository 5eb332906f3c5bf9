"""Which people's labels the map shows on screen (issue 20: labels readable at large text).

Used by tools/scale_check.py and the tests: the map's viewport is grabbed twice, with the
labels and with them blanked, and a person's label counts as drawn when the two pictures
differ inside its rectangle. This measures what reaches the screen (the level of detail,
the device's scale, the paint itself), not what the code means to draw.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRect
from PySide6.QtGui import QImage

from app.views.map.paint import LABEL_FONT

if TYPE_CHECKING:
    from app.views.map.view import MapView


def drawn_labels(view: MapView) -> list[str]:
    """The labels (their text) of the people in view whose label shows on screen."""
    scene = view.map_scene
    vp = view.viewport()
    people = [it for it in scene.people.values() if it.isVisible() and it.shown_label]
    shown = vp.grab().toImage()
    saved = {it: it.shown_label for it in people}
    try:
        for it in people:
            it.shown_label = ""
            it.update()
        blank = vp.grab().toImage()
    finally:
        for it, text in saved.items():
            it.shown_label = text
            it.update()
    ratio = shown.devicePixelRatio()
    out = []
    for it, text in saved.items():
        area = view.mapFromScene(it.mapToScene(it.label_rect())).boundingRect() & vp.rect()
        if area.isEmpty():
            continue
        px = QRect(
            round(area.x() * ratio),
            round(area.y() * ratio),
            round(area.width() * ratio),
            round(area.height() * ratio),
        )
        if _differs(shown, blank, px):
            out.append(text)
    return out


def _differs(a: QImage, b: QImage, rect: QRect) -> bool:
    return a.copy(rect) != b.copy(rect)


def label_screen_px(view: MapView) -> float:
    """How tall a label's text is on screen, in device pixels, at the view's zoom."""
    return LABEL_FONT.pixelSize() * view.transform().m11() * view.viewport().devicePixelRatioF()

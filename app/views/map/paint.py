"""What the map's items share to paint: fonts, level-of-detail thresholds, pens, and
the test of whether an item lies in what the view is repainting."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPen,
)
from PySide6.QtWidgets import QStyleOptionGraphicsItem

from app.views.map.style import (
    HIGHLIGHT_COLOUR,
    OVERDUE_COLOUR,
)

# Sizes at the usual font (style.BASE_TEXT_PX): labels and marks grow with the user's
# text size (set_text_scale); the letter and badges inside a symbol keep its size.
LABEL_PX = 13
MARK_PX = 11
LABEL_FONT = QFont()
LABEL_FONT.setPixelSize(LABEL_PX)
LETTER_FONT = QFont()
LETTER_FONT.setPixelSize(13)
LETTER_FONT.setBold(True)
BADGE_FONT = QFont()
BADGE_FONT.setPixelSize(10)
BADGE_FONT.setBold(True)
MARK_FONT = QFont()
MARK_FONT.setPixelSize(MARK_PX)


class FontMetrics:
    """QFontMetricsF of a font whose size may change (the items import these objects
    once; `update` keeps them right after the user's text size changes)."""

    __slots__ = ("_height", "_metrics")

    def __init__(self, font: QFont) -> None:
        self.update(font)

    def update(self, font: QFont) -> None:
        self._metrics = QFontMetricsF(font)
        self._height = -1.0  # measured when first asked (no font before the application)

    def horizontalAdvance(self, text: str) -> float:  # noqa: N802
        return self._metrics.horizontalAdvance(text)

    def height(self) -> float:
        if self._height < 0:
            self._height = self._metrics.height()
        return self._height


LABEL_METRICS = FontMetrics(LABEL_FONT)
MARK_METRICS = FontMetrics(MARK_FONT)
_TEXT_SCALE = [1.0]


def text_scale_in_use() -> float:
    return _TEXT_SCALE[0]


def set_text_scale(scale: float) -> bool:
    """Labels and marks `scale` times their usual size; True when that changed them."""
    if abs(scale - _TEXT_SCALE[0]) < 0.01:
        return False
    _TEXT_SCALE[0] = scale
    LABEL_FONT.setPixelSize(round(LABEL_PX * scale))
    MARK_FONT.setPixelSize(round(MARK_PX * scale))
    LABEL_METRICS.update(LABEL_FONT)
    MARK_METRICS.update(MARK_FONT)
    return True


# Below these on-screen sizes (pixels per scene unit) details are not drawn.
LOD_LABEL = 0.38  # at the usual text size on a scale-1 screen (see label_lod)
LOD_BADGES = 0.3
# A label is drawn while its text is at least this many screen (device) pixels tall: the
# size of the usual 13-pixel label at LOD_LABEL, about 5 pixels, below which the map
# shows symbols only. A fixed zoom threshold hid every label after Fit at Qt scale 2.0
# (a 683x384 logical window fits the demo at zoom 0.36, where each label is 9 pixels on
# screen and readable): the threshold follows the label's font and the screen's scale.
LABEL_MIN_SCREEN_PX = LABEL_PX * LOD_LABEL


def label_lod(painter: QPainter) -> float:
    """The zoom (logical pixels per scene unit, as `lod_of`) below which labels are not
    drawn on `painter`'s device: lower when the labels are larger (the user's text size)
    and when each logical pixel is several screen pixels (Qt's scale, a high-dpi screen)."""
    device = painter.device()
    ratio = device.devicePixelRatioF() if device is not None else 1.0
    return LABEL_MIN_SCREEN_PX / (max(LABEL_FONT.pixelSize(), 1) * max(ratio, 1.0))


# Below LOD_SHAPE the OverviewLayer draws everyone (see overview.py).

BLACK_PEN = QPen(QColor("#1A1A1A"), 1.4)
SELECT_PEN = QPen(QColor("#000000"), 3.0)
WHITE_PEN = QPen(QColor("#FFFFFF"), 1.0)
SELECT_RING_PEN = QPen(QColor("#000000"), 3.5)
SELECT_RING_INNER_PEN = QPen(QColor("#FFFFFF"), 1.5)
OVERDUE_PEN = QPen(QColor(OVERDUE_COLOUR), 3.2)
AT_RISK_PEN = QPen(QColor(OVERDUE_COLOUR), 1.6, Qt.PenStyle.DashLine)
HIGHLIGHT_PEN = QPen(QColor(HIGHLIGHT_COLOUR), 5.0)


def lod_of(painter: QPainter) -> float:
    return QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())


def outside_repaint(painter: QPainter, rect: QRectF, scene: object) -> bool:
    """True when `rect` (item coordinates) misses every rectangle the view is repainting.

    Qt picks the items to paint by the bounding box of the whole repainted region; after
    a drag with a long link that box covers much of the map, while the region itself is
    a thin band of small rectangles. Skipping the people outside it saves their paint."""
    region = getattr(scene, "paint_region", None)
    if region is None or region.rectCount() < 2:
        return False
    return not region.intersects(painter.worldTransform().mapRect(rect).toAlignedRect())

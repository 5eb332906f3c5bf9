"""How the map looks: risk colours and shapes, link pens, badges (one place to change them).

Colours are Okabe-Ito (colour-blind safe). Colour is never the only cue: each risk level
also has its own shape and a letter inside the node, so the map reads in greyscale and on
a washed-out projector.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontInfo, QGuiApplication, QPainterPath, QPen, QPolygonF

from app.models.vocab import NOT_YET_ASSESSED
from app.views.common.contrast import best_text

# The map's text sizes (labels, legend) were drawn for the usual application font, 9 pt
# on a 96 dpi screen, 12 pixels. A user who chose larger text gets map text larger by the
# same factor (Qt's own scale, QT_SCALE_FACTOR, already enlarges every logical pixel).
BASE_TEXT_PX = 12.0
MAX_TEXT_SCALE = 3.0


def text_scale(font: QFont | None = None) -> float:
    """How much larger than BASE_TEXT_PX the application's font is (never smaller than
    1: a small desktop font does not shrink the map below what was drawn for it)."""
    if font is None:
        if QGuiApplication.instance() is None:
            return 1.0
        font = QGuiApplication.font()
    px = QFontInfo(font).pixelSize()
    return max(1.0, min(MAX_TEXT_SCALE, px / BASE_TEXT_PX)) if px > 0 else 1.0


NODE_RADIUS = 16.0
HUB_RADIUS = 22.0

# Okabe-Ito: vermillion, orange, bluish green; then reddish purple, sky blue, yellow for
# responses that configure a longer scale.
RISK_PALETTE = ["#D55E00", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#F0E442"]
NOT_ASSESSED_COLOUR = "#BBBBBB"
HIGHLIGHT_COLOUR = "#0072B2"  # Okabe-Ito blue: not used for any risk
SELECTED_COLOUR = "#000000"
OVERDUE_COLOUR = "#000000"
AREA_COLOURS = ["#56B4E9", "#CC79A7", "#F0E442", "#009E73", "#E69F00", "#0072B2"]

# How strongly a faded person is drawn: dimmed by another screen's highlight, or not in
# scope. The symbol's dark outline then still has 3:1 contrast on the map (WCAG 1.4.11);
# tests/views/test_contrast.py checks it.
FADE_DIMMED = 0.5
FADE_OUT_OF_SCOPE = 0.6
# A suspected link is thinner and lighter than a confirmed one, but still 3:1 on the map.
SUSPECTED_ALPHA = 150

SHAPES_BY_INDEX = ["triangle", "diamond", "circle", "hexagon", "pentagon", "star"]


@dataclass(frozen=True)
class RiskStyle:
    label: str
    colour: QColor
    shape: str
    letter: str
    text_colour: QColor


def risk_styles(levels: list[str]) -> dict[str, RiskStyle]:
    """A style for every level of the response's scale (highest first) plus not assessed."""
    out: dict[str, RiskStyle] = {}
    letters: set[str] = set()
    for i, level in enumerate(levels):
        letter = (level[:1] or "?").upper()
        if letter in letters:
            letter = str(i + 1)
        letters.add(letter)
        colour = QColor(RISK_PALETTE[i % len(RISK_PALETTE)])
        # Black or white letters, whichever has the higher contrast ratio on the fill (at
        # least 4.5:1 for the Okabe-Ito fills: black on all of them, "H" and "L" included).
        text = QColor(best_text(colour.name()))
        out[level] = RiskStyle(
            level, colour, SHAPES_BY_INDEX[i % len(SHAPES_BY_INDEX)], letter, text
        )
    out[NOT_YET_ASSESSED] = RiskStyle(
        NOT_YET_ASSESSED, QColor(NOT_ASSESSED_COLOUR), "square", "?", QColor("#000000")
    )
    return out


def _polygon(sides: int, radius: float, rotation: float = -math.pi / 2) -> QPolygonF:
    return QPolygonF(
        [
            QPointF(
                radius * math.cos(rotation + 2 * math.pi * i / sides),
                radius * math.sin(rotation + 2 * math.pi * i / sides),
            )
            for i in range(sides)
        ]
    )


_SHAPE_CACHE: dict[tuple[str, float], QPainterPath] = {}


def shape_path(shape: str, radius: float = NODE_RADIUS) -> QPainterPath:
    """A node outline centred on (0, 0), cached (the same few paths are drawn thousands of times)."""
    key = (shape, radius)
    cached = _SHAPE_CACHE.get(key)
    if cached is not None:
        return cached
    path = QPainterPath()
    r = radius
    if shape == "circle":
        path.addEllipse(QPointF(0, 0), r * 0.95, r * 0.95)
    elif shape == "square":
        path.addRoundedRect(QRectF(-r * 0.85, -r * 0.85, r * 1.7, r * 1.7), 3, 3)
    elif shape == "triangle":
        poly = _polygon(3, r * 1.25)
        poly.translate(0, r * 0.25)
        path.addPolygon(poly)
        path.closeSubpath()
    elif shape == "diamond":
        path.addPolygon(_polygon(4, r * 1.15))
        path.closeSubpath()
    elif shape == "hexagon":
        path.addPolygon(_polygon(6, r, 0))
        path.closeSubpath()
    elif shape == "pentagon":
        path.addPolygon(_polygon(5, r * 1.05))
        path.closeSubpath()
    elif shape == "star":
        pts = []
        for i in range(10):
            rad = r * (1.15 if i % 2 == 0 else 0.55)
            a = -math.pi / 2 + math.pi * i / 5
            pts.append(QPointF(rad * math.cos(a), rad * math.sin(a)))
        path.addPolygon(QPolygonF(pts))
        path.closeSubpath()
    elif shape == "hub_place":  # a setting: a wide rounded "building" block
        path.addRoundedRect(QRectF(-r * 1.3, -r * 0.8, r * 2.6, r * 1.6), 2, 2)
    elif shape == "hub_online":  # an online space: an octagon "speech bubble"
        path.addPolygon(_polygon(8, r, math.pi / 8))
        path.closeSubpath()
    else:
        path.addEllipse(QPointF(0, 0), r, r)
    _SHAPE_CACHE[key] = path
    return path


# Link styles: real life solid, online dashed, both dash-dot and thicker; suspected fainter.
MODE_PEN_STYLE = {
    "real_life": Qt.PenStyle.SolidLine,
    "online": Qt.PenStyle.DashLine,
    "both": Qt.PenStyle.DashDotLine,
}
LINK_COLOUR = QColor("#3B3B3B")
MAP_BACKGROUND = QColor("#FCFCFA")
SETTING_SPOKE_COLOUR = QColor("#8A8A8A")


def _mixed(front: QColor, back: QColor, alpha: float) -> QColor:
    return QColor(
        round(front.red() * alpha + back.red() * (1 - alpha)),
        round(front.green() * alpha + back.green() * (1 - alpha)),
        round(front.blue() * alpha + back.blue() * (1 - alpha)),
    )


def link_pen(mode: str, confidence: str, *, cosmetic: bool, zoom: float = 1.0) -> QPen:
    colour = QColor(LINK_COLOUR)
    suspected = confidence == "suspected"
    if suspected:
        colour.setAlpha(SUSPECTED_ALPHA)
    if cosmetic and zoom < 0.3:
        # Overview of a big map: links recede so the people (coloured shapes) stand out.
        # The faint grey is mixed with the background here rather than blended per pixel:
        # opaque lines draw about six times faster, which is what makes 20,000 links
        # repaint quickly (only where many lines cross does the picture differ, lighter).
        colour = _mixed(LINK_COLOUR, MAP_BACKGROUND, (45 if suspected else 80) / 255)
    width = 2.6 if mode == "both" else 1.6
    if suspected:
        width = 1.2
    pen = QPen(colour)
    pen.setStyle(MODE_PEN_STYLE.get(mode, Qt.PenStyle.SolidLine))
    if cosmetic:
        pen.setCosmetic(True)
        pen.setWidthF(max(1.0, min(width, width * zoom * 1.5)))
    else:
        pen.setWidthF(width)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    return pen


MODE_LABELS = {"real_life": "Real life", "online": "Online", "both": "Real life and online"}

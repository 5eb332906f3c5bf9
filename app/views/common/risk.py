"""The recorded risk as the map shows it, for every table, panel and chart.

One place turns a risk word into the map's colour, shape and letter (the styles in
app/views/map/style.py), so a young person's recorded risk looks the same on the map, in
the People and Assessments tables, in the person panel and on the timeline. Colour is never
the only cue: a cell keeps the word and carries the map's shape as its icon.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen, QPixmap

from app.models.vocab import NOT_YET_ASSESSED
from app.views.map.style import NODE_RADIUS, RiskStyle, risk_styles, shape_path

# The raw risk word of a cell, for tests and delegates that need it without the text.
RISK_ROLE = Qt.ItemDataRole.UserRole + 40
BADGE = 14  # pixels: the shape a table cell shows left of the risk word


class RiskPalette:
    """The styles of one response's risk scale (highest first) plus "Not yet assessed"."""

    def __init__(self, levels: list[str] | tuple[str, ...]) -> None:
        self.levels = list(levels)
        self.styles: dict[str, RiskStyle] = risk_styles(self.levels)

    def style(self, word: str | None) -> RiskStyle | None:
        """The style of a recorded risk word; None for an empty cell (nothing recorded)."""
        if not word:
            return None
        found = self.styles.get(word)
        if found is None:  # a level no longer on the scale: shown, greyed, never guessed
            found = self.styles[NOT_YET_ASSESSED]
        return found

    def brush(self, word: str | None) -> QBrush | None:
        style = self.style(word)
        return QBrush(style.colour) if style else None

    def badge(self, word: str | None, size: int = 16) -> QPixmap | None:
        style = self.style(word)
        if style is None:
            return None
        return badge_pixmap(
            style.shape, style.colour.name(), style.letter, style.text_colour.name(), size
        )

    def cell(self, word: str | None, role: int) -> Any:
        """What a table cell holding `word` returns for `role` (None: the model decides).

        Background in the risk colour with the contrasting text colour, the map's shape as
        the icon, and the word itself stays the cell's text."""
        style = self.style(word)
        if style is None:
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(style.colour)
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(style.text_colour)
        if role == Qt.ItemDataRole.DecorationRole:
            return self.badge(word, BADGE)
        if role == RISK_ROLE:
            return word
        return None


def risk_brush(word: str | None, levels: list[str]) -> QBrush | None:
    """The map's colour for a recorded risk word on the response's scale."""
    return RiskPalette(levels).brush(word)


@lru_cache(maxsize=64)
def badge_pixmap(shape: str, colour: str, letter: str, text_colour: str, size: int) -> QPixmap:
    """The map's node for a risk level, drawn small: shape, fill, outline and letter."""
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    scale = size / (2 * NODE_RADIUS * 1.3)
    painter.translate(QPointF(size / 2, size / 2))
    painter.scale(scale, scale)
    painter.setPen(QPen(QColor("#1A1A1A"), 1.6))
    painter.setBrush(QColor(colour))
    painter.drawPath(shape_path(shape))
    painter.setPen(QColor(text_colour))
    font = QFont()
    font.setBold(True)
    font.setPixelSize(int(NODE_RADIUS * 1.2))
    painter.setFont(font)
    r = NODE_RADIUS
    painter.drawText(
        QRectF(-r, -r + (3 if shape == "triangle" else 0), 2 * r, 2 * r),
        Qt.AlignmentFlag.AlignCenter,
        letter,
    )
    painter.end()
    return pix


def risk_html(palette: RiskPalette, word: str | None) -> str:
    """The risk as a coloured badge with its word, for rich-text labels."""
    style = palette.style(word)
    if style is None:
        return ""
    return (
        f'<span style="background:{style.colour.name()}; color:{style.text_colour.name()};'
        f' font-weight:bold;">&nbsp;{style.letter}&nbsp;{style.label}&nbsp;</span>'
    )

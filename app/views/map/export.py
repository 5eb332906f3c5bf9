"""Export the map view as PNG, SVG or PDF: marking, title, generated-at line and legend."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtSvg import QSvgGenerator

from app.models.database import current_user
from app.views.map import legend
from app.views.map.scene import MapScene

FORMATS = {".png": "PNG picture", ".svg": "SVG drawing", ".pdf": "PDF document"}


def paint_picture(
    painter: QPainter,
    size: QSizeF,
    scene: MapScene,
    source: QRectF,
    legend_items: list[legend.Entry],
    *,
    title: str,
    marking: str,
    fictional: bool,
    caption: str = "",
    when: datetime | None = None,
) -> None:
    """The whole picture on `painter`, in a `size` area starting at (0, 0)."""
    when = when or datetime.now()
    w, h = size.width(), size.height()
    painter.fillRect(QRectF(0, 0, w, h), QColor("#FFFFFF"))
    big = QFont()
    big.setPixelSize(18)
    big.setBold(True)
    small = QFont()
    small.setPixelSize(12)
    painter.setPen(QColor("#000000"))
    painter.setFont(big)
    painter.drawText(QRectF(0, 6, w, 24), Qt.AlignmentFlag.AlignHCenter, marking)
    painter.drawText(
        QRectF(12, 34, w - 24, 24),
        Qt.AlignmentFlag.AlignLeft,
        ("FICTIONAL — " if fictional and "FICTIONAL" not in title.upper() else "") + title,
    )
    painter.setFont(small)
    line = f"Generated at {when:%d/%m/%Y %H:%M} by {current_user()} — Circles map view"
    if caption:
        line += f" — {caption}"
    painter.drawText(QRectF(12, 60, w - 24, 18), Qt.AlignmentFlag.AlignLeft, line)
    top = 84.0
    legend_h = legend.height_for(legend_items, w - 24)
    bottom = h - legend_h - 40
    target = QRectF(12, top, w - 24, max(50.0, bottom - top))
    # Each person item draws itself or leaves it to the overview by its own size here;
    # the view switches back on its next paint.
    scene.set_overview(False)
    scene.render(painter, target, source, Qt.AspectRatioMode.KeepAspectRatio)
    legend.paint(painter, QPointF(12, bottom + 8), w - 24, legend_items)
    painter.setFont(big)
    painter.setPen(QColor("#000000"))
    painter.drawText(QRectF(0, h - 28, w, 24), Qt.AlignmentFlag.AlignHCenter, marking)


def export_picture(
    path: Path,
    scene: MapScene,
    source: QRectF,
    legend_items: list[legend.Entry],
    **info: object,
) -> Path:
    """Write the picture; the format follows the file's suffix (.png, .svg or .pdf)."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError("Choose a file ending in .png, .svg or .pdf.")
    aspect = source.height() / source.width() if source.width() > 0 else 0.6
    width = 1800
    legend_h = legend.height_for(legend_items, width - 24)
    height = int(min(max(width * aspect, 500), 2400) + 84 + legend_h + 48)
    size = QSizeF(width, height)
    if suffix == ".png":
        image = QImage(QSize(width, height), QImage.Format.Format_ARGB32)
        image.fill(QColor("#FFFFFF"))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        paint_picture(painter, size, scene, source, legend_items, **info)  # type: ignore[arg-type]
        painter.end()
        if not image.save(str(path), "PNG"):
            raise OSError(f"The picture could not be written to {path}.")
    elif suffix == ".svg":
        gen = QSvgGenerator()
        gen.setFileName(str(path))
        gen.setSize(QSize(width, height))
        gen.setViewBox(QRectF(0, 0, width, height))
        gen.setTitle(str(info.get("title", "Circles map")))
        gen.setDescription(f"{info.get('marking', '')} Circles map view")
        painter = QPainter(gen)
        paint_picture(painter, size, scene, source, legend_items, **info)  # type: ignore[arg-type]
        painter.end()
    else:
        writer = QPdfWriter(str(path))
        writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        writer.setPageOrientation(QPageLayout.Orientation.Landscape)
        writer.setPageMargins(QMarginsF(8, 8, 8, 8))
        writer.setTitle(str(info.get("title", "Circles map")))
        writer.setResolution(150)
        painter = QPainter(writer)
        page = writer.pageLayout().paintRectPixels(writer.resolution())
        # Draw at the picture's own size, scaled to fit the page.
        scale = min(page.width() / width, page.height() / height)
        painter.scale(scale, scale)
        paint_picture(painter, size, scene, source, legend_items, **info)  # type: ignore[arg-type]
        painter.end()
    return path

"""Export the map view as PNG, SVG or PDF: marking, title, generated-at line and legend.

Qt draws the picture into memory (a QBuffer), never into a file: Qt would create the file
with the umask's mode (readable by everyone), and the picture carries names. The bytes are
then written into a private temporary file and moved into place once the export is
recorded in the audit log (map_page.export_to, app/services/files/private.py)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QMarginsF,
    QPointF,
    QRectF,
    QSize,
    QSizeF,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtSvg import QSvgGenerator

from app.models.database import Database, current_user
from app.services.editing import audit
from app.services.files import private as files
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


def picture_bytes(
    path: Path,
    scene: MapScene,
    source: QRectF,
    legend_items: list[legend.Entry],
    **info: object,
) -> bytes:
    """The picture's file contents; the format follows the file's suffix (.png, .svg or
    .pdf)."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError("Choose a file ending in .png, .svg or .pdf.")
    aspect = source.height() / source.width() if source.width() > 0 else 0.6
    width = 1800
    legend_h = legend.height_for(legend_items, width - 24)
    height = int(min(max(width * aspect, 500), 2400) + 84 + legend_h + 48)
    size = QSizeF(width, height)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if suffix == ".png":
        image = QImage(QSize(width, height), QImage.Format.Format_ARGB32)
        image.fill(QColor("#FFFFFF"))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        paint_picture(painter, size, scene, source, legend_items, **info)  # type: ignore[arg-type]
        painter.end()
        if not image.save(buffer, "PNG"):
            raise OSError(f"The picture for {path.name} could not be made.")
    elif suffix == ".svg":
        gen = QSvgGenerator()
        gen.setOutputDevice(buffer)
        gen.setSize(QSize(width, height))
        gen.setViewBox(QRectF(0, 0, width, height))
        gen.setTitle(str(info.get("title", "Circles map")))
        gen.setDescription(f"{info.get('marking', '')} Circles map view")
        painter = QPainter(gen)
        paint_picture(painter, size, scene, source, legend_items, **info)  # type: ignore[arg-type]
        painter.end()
    else:
        writer = QPdfWriter(buffer)
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
    buffer.close()
    return bytes(data.data())


def export_picture(
    db: Database,
    path: Path,
    scene: MapScene,
    source: QRectF,
    legend_items: list[legend.Entry],
    **info: object,
) -> Path:
    """Write the picture to `path`: drawn in memory, written into a private temporary
    file, recorded in the audit log, then moved into place. The picture carries names, so
    from a read-only response (where it could not be recorded) it is refused before any
    work (audit.NotRecorded)."""
    audit.check_recordable(db, path.name)
    data = picture_bytes(path, scene, source, legend_items, **info)
    with files.private_temp(path) as tmp:
        tmp.write_bytes(data)  # into the 0600 file: its mode stays
        audit.recorded_move(
            db, tmp, path, action="Exported the map view", detail=str(path.resolve())
        )
    return path

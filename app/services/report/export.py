"""Write the overview report to a file, as every export is written (no Qt): refused from a
read-only response before any work, built into a private temporary file beside its name,
recorded in the audit log, then moved onto its name.

The drawing itself needs Qt, which no service may import, so the caller hands in the
renderer (app/views/report/pdf.py's `render_pdf`): a function that writes a Report to a
path and returns the number of pages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app.models.database import Database
from app.services.editing import audit
from app.services.files import private as files
from app.services.report.build import build_report
from app.services.report.content import Report
from app.services.workbook.export import ExportError, _write_error

Renderer = Callable[[Report, Path], int]


@dataclass(frozen=True)
class ReportResult:
    path: Path
    pages: int
    removed: int  # free-text passages removed as they could name a young person


def check_report_destination(out: Path) -> None:
    if out.suffix.lower() != ".pdf":
        raise ExportError(f"{out.name} must end in .pdf.")
    if out.is_dir():
        raise ExportError(f"{out} is a folder; give a file name ending .pdf.")
    if not out.parent.is_dir():
        raise ExportError(f"The folder {out.parent} does not exist; nothing was saved.")


def export_report(
    db: Database, out: Path, render: Renderer, *, as_of: date | None = None
) -> ReportResult:
    out = Path(out).expanduser()
    check_report_destination(out)
    try:
        audit.check_recordable(db, out.name)
    except audit.NotRecorded as exc:
        raise ExportError(str(exc)) from exc
    with db.read() as s:
        report = build_report(s, db.response_id, as_of)
    tmp = files.private_temp_path(out)
    try:
        pages = render(report, tmp)
        audit.recorded_move(
            db,
            tmp,
            out,
            action=f"Exported the overview report as of {report.as_of:%d/%m/%Y} "
            f"({pages} pages, references only)",
            detail=str(out.resolve()),
        )
    except audit.NotRecorded as exc:
        raise ExportError(str(exc)) from exc
    except OSError as exc:
        raise _write_error(out, exc) from exc
    finally:
        files.discard(tmp)
    return ReportResult(out, pages, report.removed)

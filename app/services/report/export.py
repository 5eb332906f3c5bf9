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
from app.services.files.exports import check_export, write_export
from app.services.report.build import build_report
from app.services.report.content import Report

Renderer = Callable[[Report, Path], int]


@dataclass(frozen=True)
class ReportResult:
    path: Path
    pages: int
    removed: int  # free-text passages removed as they could name a young person

    @property
    def removed_words(self) -> str:
        """How many passages were removed, as the tail of the "Wrote ..." sentence the
        command line and the window both print ("" when none were)."""
        n = self.removed
        return f"; {n} passage{'s' if n != 1 else ''} of free text removed" if n else ""


def export_report(
    db: Database, out: Path, render: Renderer, *, as_of: date | None = None
) -> ReportResult:
    out = check_export(db, out, suffix=".pdf")
    with db.read() as s:
        report = build_report(s, db.response_id, as_of)
    pages = write_export(
        db,
        out,
        lambda tmp: render(report, tmp),
        action=lambda pages: (
            f"Exported the overview report as of {report.as_of:%d/%m/%Y} "
            f"({pages} pages, references only)"
        ),
    )
    return ReportResult(out, pages, report.removed)

"""Export the response as the Excel mapping workbook (SPEC.md, WORKBOOK.md).

The workbook is built in private temporary files (owner-only from their first byte) in
the destination folder and moved into place in one step, as every export is
(files/exports.py), so a crash or a full disk never leaves a broken workbook under the
name the user chose, nor one anybody else can read. Every export is audited (who, when, full or circulation, protected or not,
where) *before* the move: an export that cannot be recorded is not made.
With a password the workbook is encrypted the way Excel does (encryption.py); the plain
workbook then only ever exists as a private temporary file, always removed.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from openpyxl import Workbook

import app
from app.models.database import Database, current_user
from app.services.coverage.figures import coverage_for
from app.services.files import private as files
from app.services.files.exports import ExportError as ExportError  # where callers import it
from app.services.files.exports import check_export, write_export

# Importing the sheet modules registers their sheets (order is set by each sheet).
from app.services.workbook import (  # noqa: F401
    changes_sheet,
    lists,
    meeting_sheets,
    overview_sheets,
    people_sheets,
    prompts_sheet,
)
from app.services.workbook.background import BackgroundPromptRows, data_marker, worth_it
from app.services.workbook.context import build_context
from app.services.workbook.lists import list_ranges, list_values
from app.services.workbook.registry import SHEETS, CustomSheet, TableSheet
from app.services.workbook.rows_xml import PendingRows, splice
from app.services.workbook.writer import write_table

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ExportResult:
    path: Path
    circulation: bool
    as_of: date
    marking: str = "OFFICIAL-SENSITIVE"
    sheets: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    password_protected: bool = False
    # Circulation mode: sheet title -> cells removed as they could name a young person or
    # give a date of birth (redaction.summary_sentence says it in words).
    redactions: dict[str, int] = field(default_factory=dict)


def _release(wb: Workbook) -> None:
    """Close the streams of write-only sheets that a failed build or save left open, rows
    first (closing them in another order leaves lxml's writer in an error), and delete
    their temporary files: they hold the rows, names included, and would otherwise stay in
    the temp folder until the app quits."""
    for ws in wb.worksheets:
        writer = getattr(ws, "_writer", None)
        if writer is None:
            continue
        if not getattr(ws, "closed", True):
            for stream in (getattr(ws, "_rows", None), getattr(writer, "xf", None)):
                if stream is not None:
                    with contextlib.suppress(Exception):
                        stream.close()
        out = getattr(writer, "out", None)
        if isinstance(out, str) and os.path.exists(out):
            with contextlib.suppress(Exception):
                writer.cleanup()


@dataclass
class BuiltWorkbook:
    """openpyxl's workbook (sheets streamed to its temporary files) and the table sheets'
    data rows still to be spliced in when it is saved (rows_xml.py)."""

    wb: Workbook
    written: dict[str, int]
    marking: str
    pending: list[PendingRows]
    redactions: dict[str, int] = field(default_factory=dict)


def progress_total() -> int:
    """Steps reported: each sheet built, each table sheet's rows written, the final move."""
    return len(SHEETS) + sum(isinstance(s, TableSheet) for s in SHEETS) + 1


def build_workbook(
    db: Database,
    *,
    circulation: bool,
    as_of: date,
    progress: Progress | None = None,
) -> BuiltWorkbook:
    """The workbook in memory (write-only: rows are already streamed to temp storage)."""
    wb = Workbook(write_only=True)
    try:
        return _build(wb, db, circulation=circulation, as_of=as_of, progress=progress)
    except BaseException:
        _release(wb)  # a failed or cancelled export leaves no stream or temporary file
        raise


def _build(
    wb: Workbook,
    db: Database,
    *,
    circulation: bool,
    as_of: date,
    progress: Progress | None,
) -> BuiltWorkbook:
    written: dict[str, int] = {}
    pending: list[PendingRows] = []
    total = progress_total()
    with db.read() as session:
        # The first read fixes this session's snapshot; the helper must see the same one.
        marker = data_marker(session)
        job = (
            BackgroundPromptRows.start(db.location, as_of)
            if worth_it(session, db.response_id)
            else None
        )
        try:
            ctx = build_context(
                session,
                db.response_id,
                as_of=as_of,
                circulation=circulation,
                coverage=coverage_for(session, db.response_id, as_of),
                generated_by=current_user(),
                version=app.__version__,
            )
            ctx.background_prompts, ctx.data_marker = job, marker
            # Rows of the sheets already built are written out while the helper finishes.
            ctx.while_waiting = lambda: [p.prerender() for p in pending]
            ctx.list_ranges = list_ranges(list_values(ctx))
            marking = ctx.response.protective_marking
            for step, sheet in enumerate(SHEETS):
                if isinstance(sheet, TableSheet):
                    rows = write_table(ctx, wb, sheet)
                    written[sheet.title] = len(rows.rows) if rows else 0
                    if rows is not None:
                        pending.append(rows)
                elif isinstance(sheet, CustomSheet):
                    written[sheet.title] = sheet.write(ctx, wb)
                if progress is not None:
                    progress(step + 1, total)
            for finish in ctx.after_sheets:
                finish()
        finally:
            if job is not None:
                job.close()  # a failed or cancelled export stops its helper
        demo = "FICTIONAL demo data. " if ctx.response.is_demo else ""
    # Document properties name no one: the marking and the tool, never the response's people.
    props = wb.properties
    props.creator = "Circles"
    props.lastModifiedBy = "Circles"
    props.title = f"{marking} mapping workbook"
    props.subject = marking
    props.keywords = marking
    props.category = marking
    props.description = f"{demo}{marking}. Generated by Circles {app.__version__}."
    return BuiltWorkbook(wb, written, marking, pending, dict(ctx.redactions))


def export_workbook(
    db: Database,
    out: Path,
    *,
    circulation: bool = False,
    as_of: date | None = None,
    progress: Progress | None = None,
    password: str | None = None,
) -> ExportResult:
    """Write the mapping workbook to `out` (replacing it), audit it, and say what was
    written. With `password`, the workbook is encrypted with it (Excel's own protection)."""
    as_of = as_of or date.today()
    out = check_export(
        db, out, suffix=".xlsx", why=" to be opened as an Excel workbook", password=password
    )
    mode = "circulation" if circulation else "full"
    protected = ", password-protected" if password is not None else ""
    built = write_export(
        db,
        out,
        lambda tmp: _write(db, out, tmp, circulation=circulation, as_of=as_of, progress=progress),
        action=f"Exported the mapping workbook ({mode}{protected}, figures as of {as_of:%d/%m/%Y})",
        password=password,
    )
    if progress is not None:
        progress(progress_total(), progress_total())
    return ExportResult(
        path=out,
        circulation=circulation,
        as_of=as_of,
        marking=built.marking,
        sheets=list(built.written),
        rows=built.written,
        password_protected=password is not None,
        redactions=built.redactions,
    )


def _write(
    db: Database,
    out: Path,
    tmp: Path,
    *,
    circulation: bool,
    as_of: date,
    progress: Progress | None,
) -> BuiltWorkbook:
    """Build the workbook and write it into `tmp`, the data rows spliced into what
    openpyxl saved (a private stage beside `out`, gone as soon as it has served)."""
    built = build_workbook(db, circulation=circulation, as_of=as_of, progress=progress)
    step = len(SHEETS)
    total = progress_total()

    def spliced(_rows: PendingRows) -> None:
        nonlocal step
        step += 1
        if progress is not None:
            progress(step, total)

    try:
        with files.private_temp(out) as stage:
            # openpyxl and zipfile open these existing files for writing: their 0600 stays.
            built.wb.save(stage)
            splice(stage, tmp, built.pending, progress=spliced)
    finally:
        _release(built.wb)
    return built

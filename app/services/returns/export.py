"""Writing an agency return and recording it as sent (no Qt).

As the mapping workbook does (app/services/workbook/export.py): the workbook is written
into a private temporary file beside its name (owner-only from the first byte), encrypted
there when a password is given, recorded, and only then moved onto its name. Recording a
return is more than an audit line: the young people sent are rows of `agency_return`
(one transaction with the audit entry), which the Coverage tab and `coverage --json`
count as sent and outstanding, and which the importer checks a returned workbook against.
Sending is not undoable: the workbook is out of Circles' hands once written.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import delete

from app.models.database import Database, current_user
from app.models.entities import AgencyReturn, Response
from app.services.editing import audit
from app.services.editing.editor import apply_ops
from app.services.editing.ops import insert_op
from app.services.files.exports import ExportError, Move, check_export, write_export
from app.services.returns.recipients import may_receive_names
from app.services.returns.selection import ReturnRow, return_rows
from app.services.returns.workbook import ReturnSheetInfo, build_return


@dataclass(frozen=True)
class ReturnResult:
    path: Path
    agency: str
    return_id: str
    people: int
    with_names: bool
    marking: str
    password_protected: bool


def new_return_id() -> str:
    return f"R-{date.today():%Y%m%d}-{secrets.token_hex(3).upper()}"


def file_name_for(agency: str) -> str:
    """`CAMHS return.xlsx`: the agency's name made safe as a file name."""
    safe = re.sub(r"[^\w .&'()-]+", "-", agency).strip(" .-") or "Agency"
    return f"{safe[:80]} return.xlsx"


def _sent_values(row: ReturnRow, with_names: bool) -> str:
    from app.services.returns.columns import locked_columns

    values = {}
    for col in locked_columns(with_names):
        v = row.locked.get(col.key)
        values[col.header] = v.isoformat() if isinstance(v, date) else v
    return json.dumps(values, ensure_ascii=False)


def export_return(
    db: Database,
    agency: str,
    out: Path,
    *,
    include_assessed: bool = False,
    as_of: date | None = None,
    password: str | None = None,
) -> ReturnResult:
    """Write `agency`'s return to `out` (replacing it) and record it as sent."""
    agency = " ".join(agency.split())
    if not agency:
        raise ExportError("Say which agency the return is for.")
    out = check_export(
        db, out, suffix=".xlsx", why=" to be opened as an Excel workbook", password=password
    )
    with db.read() as s:
        response = s.get(Response, db.response_id)
        rows = return_rows(
            s, db.response_id, agency, include_assessed=include_assessed, as_of=as_of
        )
        if not rows:
            what = "young people" if include_assessed else "young people not yet assessed"
            raise ExportError(f"{agency} has no {what} to return; no workbook was written.")
        with_names = may_receive_names(s, db.response_id, agency)
        return_id = new_return_id()
        info = ReturnSheetInfo(
            response,
            agency,
            return_id,
            with_names,
            datetime.now().replace(microsecond=0),
            current_user(),
        )
        wb = build_return(info, rows)
        marking = response.protective_marking
    names = "names and dates of birth" if with_names else "references only"
    extra = ", assessed included" if include_assessed else ""
    lock = ", password-protected" if password is not None else ""
    write_export(
        db,
        out,
        wb.save,
        action=(
            f"Sent return {return_id} to {agency} ({len(rows)} young people, {names}{extra}{lock})"
        ),
        password=password,
        move=_recorded_as_sent(info, rows),
    )
    return ReturnResult(
        out, agency, return_id, len(rows), with_names, marking, password is not None
    )


def _recorded_as_sent(info: ReturnSheetInfo, rows: list[ReturnRow]) -> Move:
    """audit.recorded_move for a return: the audit entry and the rows of `agency_return`
    the return sends, in one transaction, before the move; undone if the move fails."""

    def move(db: Database, tmp: Path, out: Path, *, action: str, detail: str) -> None:
        ops = [
            insert_op(
                "agency_return",
                {
                    "response_id": info.response.id,
                    "return_id": info.return_id,
                    "agency": info.agency,
                    "person_id": row.person_id,
                    "assessment_id": row.assessment_id,
                    "sent_at": info.generated_at,
                    "received_at": None,
                    "sent_values": _sent_values(row, info.with_names),
                },
            )
            for row in rows
        ]
        try:
            with db.session.begin() as s:
                audit.log_event(s, action, kind="export", detail=detail)
                apply_ops(s, ops, label=action, kind="export")
        except Exception as exc:  # noqa: BLE001 - any fault writing the record means no file
            if isinstance(exc, audit.NotRecorded):
                raise
            raise audit.NotRecorded(
                f"The return could not be recorded in the response, so {out.name} was not saved."
            ) from exc
        try:
            os.replace(tmp, out)
        except OSError:
            # Not sent after all: the rows go again so nothing counts as outstanding.
            try:
                with db.session.begin() as s:
                    s.execute(delete(AgencyReturn).where(AgencyReturn.return_id == info.return_id))
                    audit.log_event(
                        s,
                        f"Not saved after all (could not be moved into place): {action}",
                        kind="export",
                        detail=detail,
                    )
            except Exception:  # noqa: BLE001, S110 - the log then names a return not made
                pass
            raise

    return move

"""Recognising and importing a returned agency workbook (no Qt).

A return is recognised by the return id Circles wrote into it (a workbook-level defined
name, also on its Cover). Importing it checks, before anything is written:
- the id belongs to a return sent from *this* response (else it is refused whole);
- every row is a young person sent to that agency in that return (a row for anyone else
  is refused), and its locked cells are as they were sent (`agency_return.sent_values`);
- the filled cells are values Circles accepts (the response's own lists, real dates, the
  same rules as the assessment form).
The changes are one Edit (one undo step) with one audit entry "Return from <agency>
received"; each filled row updates the agency's assessment it was sent with, or adds one.
Blank cells never erase anything. A return imported a second time changes nothing: its
values are already there and it is already marked received.
"""

from __future__ import annotations

import io
import json
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.entities import AgencyReturn, Assessment, Response, YoungPerson
from app.models.vocab import AssessmentStatus
from app.services.coverage.figures import STATE_LABELS, coverage_for, person_state
from app.services.editing.audit import log_event
from app.services.editing.editor import Edit, RowOp, table
from app.services.editing.ops import insert_op, update_op
from app.services.editing.validation import ValidationError
from app.services.importing.opening import ImportFileError, decrypted, is_protected
from app.services.importing.quoting import shown
from app.services.returns.columns import (
    DATE,
    ID_NAME,
    NEED,
    RESPONSE_NAME,
    RETURN_STATUSES,
    RISK,
    SHEET,
    STATUS,
    TO_FILL,
)

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
MAX_BYTES = 50 * 1024 * 1024
_ID = re.compile(r"^R-\d{8}-[0-9A-F]{6}$")


@dataclass
class ReturnData:
    path: Path
    return_id: str
    response_title: str | None
    headers: list[str]
    rows: list[tuple[int, dict[str, Any]]]  # (sheet row, header -> value)


@dataclass
class ReturnChange:
    reference: str
    before: str  # coverage state label now
    after: str  # coverage state label once imported
    risk: str | None
    what: str  # the fields that change, in words

    def line(self) -> str:
        move = self.before if self.before == self.after else f"{self.before} -> {self.after}"
        risk = f", risk {self.risk}" if self.risk else ""
        return f"{self.reference}: {move}{risk} ({self.what})"


@dataclass
class ReturnPlan:
    data: ReturnData
    response_id: int = 0
    agency: str = ""
    problems: list[str] = field(default_factory=list)
    changes: list[ReturnChange] = field(default_factory=list)
    ops: list[RowOp] = field(default_factory=list)
    newly_received: int = 0

    @property
    def nothing_to_do(self) -> bool:
        return not self.ops and not self.newly_received

    def summary_lines(self) -> list[str]:
        if self.nothing_to_do:
            return [
                f"Return {self.data.return_id} from {self.agency}: already imported, nothing changes."
            ]
        n = len(self.changes)
        lines = [
            f"Return {self.data.return_id} from {self.agency}: {n} young "
            f"{'person' if n == 1 else 'people'} updated"
            + (f", {self.newly_received} marked received." if self.newly_received else ".")
        ]
        return lines + [c.line() for c in self.changes]

    def signature(self) -> tuple:
        return tuple(
            (op.kind, op.table, op.id, tuple(sorted((op.after or {}).items())))
            for op in self.ops
            if op.table != "agency_return"
        )


# ----- reading ----------------------------------------------------------------------------
def _content(path: Path, password: str | None) -> io.BytesIO | None:
    """The workbook's bytes (decrypted in memory if protected); None if not a workbook."""
    try:
        with path.open("rb") as f:
            head = f.read(8)
    except OSError:
        return None
    if head.startswith(OLE_MAGIC):
        if not is_protected(path):
            return None
        return decrypted(path, password, MAX_BYTES)
    if head.startswith(b"PK\x03\x04"):
        try:
            return io.BytesIO(path.read_bytes()) if path.stat().st_size <= MAX_BYTES else None
        except OSError:
            return None
    return None


def _workbook_xml(content: io.BytesIO) -> bytes:
    try:
        with zipfile.ZipFile(content) as zf:
            info = zf.getinfo("xl/workbook.xml")
            if info.file_size > 4 * 1048576:
                return b""
            return zf.read(info)
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, NotImplementedError):
        return b""


def is_agency_return(path: Path, password: str | None = None) -> bool:
    """Whether `path` is an agency return workbook (cheap: looks for its defined name).
    A protected workbook without its password raises PasswordNeeded as any import does."""
    content = _content(Path(path), password)
    return content is not None and ID_NAME.encode() in _workbook_xml(content)


def read_return(path: Path, password: str | None = None) -> ReturnData:
    """The return's id and rows. ImportFileError (one sentence) if it cannot be read."""
    from app.services.importing.source import _check_zip, _workbook_error

    path = Path(path)
    content = _content(path, password)
    if content is None:
        raise ImportFileError(f"{path.name} is not an agency return workbook.")
    _check_zip(path, content)
    import openpyxl

    content.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(content, data_only=False, keep_links=False)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds
        raise _workbook_error(path, exc) from exc
    names = wb.defined_names
    return_id = _constant(names.get(ID_NAME))
    if return_id is None or not _ID.match(return_id):
        raise ImportFileError(f"{path.name} has no valid return id; it was not imported.")
    if SHEET not in wb.sheetnames:
        raise ImportFileError(f"{path.name} has no {SHEET} sheet; it was not imported.")
    ws = wb[SHEET]
    rows = list(ws.iter_rows(values_only=True, max_col=40, max_row=10_001))
    if not rows:
        raise ImportFileError(f"The {SHEET} sheet of {path.name} is empty.")
    headers = [" ".join(str(h).split()) if h is not None else "" for h in rows[0]]
    while headers and not headers[-1]:
        headers.pop()
    data_rows: list[tuple[int, dict[str, Any]]] = []
    for number, values in enumerate(rows[1:], start=2):
        cells = dict(zip(headers, values, strict=False))
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in cells.values()):
            continue
        data_rows.append((number, cells))
    return ReturnData(path, return_id, _constant(names.get(RESPONSE_NAME)), headers, data_rows)


def _constant(defined: Any) -> str | None:
    if defined is None:
        return None
    text = str(defined.attr_text or "")
    return text[1:-1] if len(text) >= 2 and text[0] == text[-1] == '"' else None


# ----- planning ---------------------------------------------------------------------------
def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return " ".join(value.split()) or None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return None if value is None else str(value)


def _date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"'{shown(text, 30)}' is not a date (type it as DD/MM/YYYY)")


def _choice(value: Any, options: list[str], what: str) -> str:
    text = " ".join(str(value).split()).casefold()
    for option in options:
        if option.casefold() == text:
            return option
    raise ValueError(f"'{shown(str(value), 30)}' is not one of the {what} in the list")


def _filled(cells: dict[str, Any], response: Response) -> dict[str, Any]:
    """The to-fill columns typed in, as assessment values (blank ones left out)."""
    out: dict[str, Any] = {}
    for col in TO_FILL:
        raw = cells.get(col.header)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        try:
            if col.kind == DATE:
                out[col.key] = _date(raw)
            elif col.kind == STATUS:
                label = _choice(raw, [s.label for s in RETURN_STATUSES], "statuses")
                out[col.key] = AssessmentStatus.from_text(label).value
            elif col.kind == RISK:
                out[col.key] = _choice(raw, response.risk_levels, "risk levels")
            elif col.kind == NEED:
                out[col.key] = _choice(raw, response.need_level_list, "levels of need")
            else:
                out[col.key] = " ".join(str(raw).split())[:200]
        except ValueError as exc:
            raise ValueError(f"column {col.header}: {exc}") from exc
    if "status" not in out:
        if "completed_date" in out:
            out["status"] = "completed"
        elif "booked_date" in out:
            out["status"] = "booked"
    return out


def plan_return(session: Session, response_id: int, data: ReturnData) -> ReturnPlan:
    """What importing `data` would do; never writes."""
    plan = ReturnPlan(data, response_id)
    sent = list(
        session.scalars(
            select(AgencyReturn).where(
                AgencyReturn.response_id == response_id,
                AgencyReturn.return_id == data.return_id,
            )
        )
    )
    name = data.path.name
    if not sent:
        plan.problems.append(
            f"{name} is return {data.return_id}, which was not sent from this response; "
            "it was not imported (import it into the response it came from)."
        )
        return plan
    plan.agency = sent[0].agency
    response = session.get(Response, response_id)
    by_ref: dict[str, AgencyReturn] = {}
    for row in sent:
        person = session.get(YoungPerson, row.person_id)
        if person is not None:
            by_ref[person.reference.casefold()] = row
    expected = list(json.loads(sent[0].sent_values or "{}"))
    wanted_headers = expected + [c.header for c in TO_FILL]
    if data.headers != wanted_headers:
        plan.problems.append(
            f"{SHEET} sheet: the columns are not the ones sent (expected "
            f"{', '.join(wanted_headers)}); columns must not be added, removed or reordered."
        )
        return plan
    cov = coverage_for(session, response_id)
    states = {pc.person_id: pc.state for pc in cov.people}
    seen: set[str] = set()
    next_id = (session.scalar(select(func.max(table("assessment").c.id))) or 0) + 1
    for number, cells in data.rows:
        where = f"{SHEET}, row {number}"
        ref = _plain(cells.get("Reference")) or ""
        row = by_ref.get(ref.casefold())
        if row is None:
            plan.problems.append(
                f"{where}: {shown(ref, 40) or 'a row without a reference'} was not sent to "
                f"{plan.agency} in this return."
            )
            continue
        if ref.casefold() in seen:
            plan.problems.append(f"{where}: {shown(ref, 40)} is listed twice.")
            continue
        seen.add(ref.casefold())
        sent_values = json.loads(row.sent_values or "{}")
        changed = [h for h in expected if _plain(cells.get(h)) != _plain(sent_values.get(h))]
        if changed:
            plan.problems.append(
                f"{where}: the locked column {changed[0]} was changed from what was sent; "
                "locked columns must be returned as they were."
            )
            continue
        try:
            values = _filled(cells, response)
        except ValueError as exc:
            plan.problems.append(f"{where}, {exc}.")
            continue
        if not values:
            continue
        next_id = _plan_row(session, plan, row, ref, values, states, next_id, where)
    if plan.problems:
        plan.ops.clear()
        return plan
    for row in sent:
        if row.received_at is None:
            plan.newly_received += 1
    return plan


def _plan_row(
    session: Session,
    plan: ReturnPlan,
    row: AgencyReturn,
    ref: str,
    values: dict[str, Any],
    states: dict[int, str],
    next_id: int,
    where: str,
) -> int:
    from app.services.people.assessments import validate_assessment

    current = session.get(Assessment, row.assessment_id) if row.assessment_id else None
    base = (
        {c.name: getattr(current, c.name) for c in Assessment.__table__.columns}
        if current is not None
        else {
            "person_id": row.person_id,
            "agency": plan.agency,
            "status": "not_started",
            "response_id": row.response_id,
        }
    )
    merged = {**base, **values}
    try:
        validate_assessment(session, merged)
    except ValidationError as exc:
        plan.problems.append(f"{where}: {exc}")
        return next_id
    items = list(session.scalars(select(Assessment).where(Assessment.person_id == row.person_id)))
    if current is not None:
        op = update_op(session, "assessment", current.id, values)
        if op is None:
            return next_id
        plan.ops.append(op)
        after = [SimpleNamespace(**merged) if a.id == current.id else a for a in items]
        what = ", ".join(k.replace("_", " ") for k in (op.after or {}))
    else:
        new = {k: v for k, v in merged.items() if k != "id"}
        plan.ops.append(insert_op("assessment", {"id": next_id, **new}))
        plan.ops.append(
            RowOp(
                "update",
                "agency_return",
                row.id,
                {"assessment_id": None},
                {"assessment_id": next_id},
            )
        )
        after = [*items, SimpleNamespace(id=next_id, **new)]
        what = "new assessment"
        next_id += 1
    response = session.get(Response, row.response_id)
    today = date.today()
    new_state, _ = person_state(after, response.review_date, today)
    before = states.get(row.person_id, "")
    plan.changes.append(
        ReturnChange(
            ref,
            STATE_LABELS.get(before, before).split(" (")[0],
            STATE_LABELS.get(new_state, new_state).split(" (")[0],
            merged.get("risk") if merged.get("status") == "completed" else None,
            what,
        )
    )
    return next_id


def return_edit(session: Session, plan: ReturnPlan) -> Edit:
    """The import as one Edit, planned again inside the write transaction."""
    fresh = plan_return(session, plan.response_id, plan.data)
    if fresh.problems:
        raise ValidationError(f"{fresh.problems[0]} Nothing was imported.")
    if fresh.signature() != plan.signature():
        raise ValidationError(
            "The response changed after the return was previewed; preview it again. "
            "Nothing was imported."
        )
    ops = list(fresh.ops)
    now = datetime.now().replace(microsecond=0)
    for row in session.scalars(
        select(AgencyReturn).where(
            AgencyReturn.response_id == plan.response_id,
            AgencyReturn.return_id == plan.data.return_id,
        )
    ):
        if row.received_at is None:
            ops.append(
                RowOp(
                    "update", "agency_return", row.id, {"received_at": None}, {"received_at": now}
                )
            )
    label = f"Return from {fresh.agency} received"
    if ops:
        log_event(
            session,
            label,
            kind="import",
            detail=f"{plan.data.path}: return {plan.data.return_id}; "
            + "; ".join(fresh.summary_lines()[1:] or ["no assessment changed"]),
        )
    # The row ops merge received_at into rows already touched by assessment_id updates.
    return Edit(label, tuple(ops))

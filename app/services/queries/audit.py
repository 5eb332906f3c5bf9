"""The audit log as an information governance officer reads it (no Qt).

Each stored entry (app/services/editing/editor.py writes one per changed field, or one
per row added or removed, with its values as JSON) becomes a row in words: when
(dd/mm/yyyy hh:mm), who, what ("Young person YP-42", "Assessment of YP-07 by CAMHS",
"Export"), the field's label (the field rules' labels, app/services/editing/rules.py)
and the old and new values in words: codes as their labels (`Labelled.label_for`), dates
dd/mm/yyyy, other records by their reference, and an addition or removal as its
readable fields, never JSON. The Audit tab and the audit log workbook both read this.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Float, select
from sqlalchemy.orm import Session

from app.models.entities import AuditEntry, Base
from app.models.vocab import (
    ActionStatus,
    AssessmentStatus,
    AttendanceStatus,
    ChecklistState,
    ConcernCategory,
    ConcernSource,
    Confidence,
    ConnectionKind,
    ConnectionStatus,
    DatePrecision,
    Gender,
    IdentificationRoute,
    Inclusion,
    Labelled,
    MedicalAttention,
    MeetingType,
    Mode,
    PlanStatus,
    PlanType,
    SettingKind,
    Stage,
)
from app.services.editing.rules import label_of

# What a record is called, by its table.
RECORD_NAMES: dict[str, str] = {
    "response": "Response",
    "setting": "Setting",
    "young_person": "Young person",
    "concern": "Concern",
    "connection": "Connection",
    "assessment": "Assessment",
    "meeting": "Meeting",
    "attendance": "Meeting attendance",
    "decision": "Meeting decision",
    "checklist_item": "Closure checklist item",
    "action": "Action",
    "plan": "Plan",
    "parental_contact": "Parental contact",
    "information_sharing": "Information sharing",
    "cross_boundary_agreement": "Cross-boundary agreement",
    "prompt_dismissal": "Prompt dismissed",
    "group_name": "Group name",
    "agency_return": "Agency return",
}

# Entries that are events rather than row changes, by their kind.
EVENT_NAMES: dict[str, str] = {
    "export": "Export",
    "import": "Import",
    "copy": "Copy saved",
    "create": "Response created",
    "move": "Moved",  # to or from a shared server (app/services/files/transfer.py)
}

# Coded columns, shown by their labels.
VOCAB: dict[tuple[str, str], type[Labelled]] = {
    ("response", "stage"): Stage,
    ("setting", "kind"): SettingKind,
    ("young_person", "gender"): Gender,
    ("young_person", "identification_route"): IdentificationRoute,
    ("young_person", "inclusion"): Inclusion,
    ("concern", "date_precision"): DatePrecision,
    ("concern", "source"): ConcernSource,
    ("concern", "category"): ConcernCategory,
    ("concern", "medical_attention"): MedicalAttention,
    ("connection", "mode"): Mode,
    ("connection", "kind"): ConnectionKind,
    ("connection", "confidence"): Confidence,
    ("connection", "status"): ConnectionStatus,
    ("assessment", "status"): AssessmentStatus,
    ("meeting", "type"): MeetingType,
    ("attendance", "status"): AttendanceStatus,
    ("action", "status"): ActionStatus,
    ("plan", "type"): PlanType,
    ("plan", "status"): PlanStatus,
    ("checklist_item", "state"): ChecklistState,
}

# Columns that say nothing to a reader of an addition (the record's own numbers, where
# it sits on the map).
QUIET = frozenset({"id", "response_id", "map_x", "map_y", "pinned", "sent_values"})
PERSON_COLUMNS = ("person_id", "person_a_id", "person_b_id")


def when_text(at: datetime) -> str:
    return f"{at:%d/%m/%Y %H:%M}"


@dataclass(frozen=True)
class AuditRow:
    """One line of the audit log in words."""

    at: datetime
    who: str
    what: str  # "Young person YP-42", "Assessment of YP-07 by CAMHS", "Export"
    kind: str  # what sort of record or event: "Young person", "Export" (the What filter)
    step: str  # the step as the user took it: "Add young person YP-03", "Undo ..."
    field: str  # the field's label, or "" for an addition, removal or event
    old: str
    new: str
    people: tuple[str, ...] = ()  # the references of the young people it is about

    @property
    def when(self) -> str:
        return when_text(self.at)


@dataclass(frozen=True)
class AuditFilter:
    """Who, what, between which days (inclusive) and about which young person."""

    who: str | None = None
    kind: str | None = None
    start: date | None = None
    end: date | None = None
    person: str = ""

    def keeps(self, row: AuditRow) -> bool:
        if self.who and row.who != self.who:
            return False
        if self.kind and row.kind != self.kind:
            return False
        if self.start and row.at.date() < self.start:
            return False
        if self.end and row.at.date() > self.end:
            return False
        wanted = self.person.strip().casefold()
        return not wanted or any(wanted == p.casefold() for p in row.people)


class _Records:
    """What each record the log mentions looked like: its current row, or for one since
    removed, its values as the log last recorded them."""

    def __init__(self, session: Session, entries: list[AuditEntry]) -> None:
        self.values: dict[tuple[str, int], dict[str, Any]] = {}
        wanted: dict[str, set[int]] = {}
        for e in sorted(entries, key=lambda e: e.id):  # oldest first: the latest wins
            if not e.entity or e.entity_id is None or e.entity not in Base.metadata.tables:
                continue
            wanted.setdefault(e.entity, set()).add(e.entity_id)
            key = (e.entity, e.entity_id)
            if e.field is None:
                blob = _json(e.new) or _json(e.old)
                if blob:
                    self.values[key] = dict(blob)
            else:
                self.values.setdefault(key, {})[e.field] = e.new
        self._load(session, wanted)
        # Then the records these name (a concern's young person, a connection's setting).
        named: dict[str, set[int]] = {}
        for vals in self.values.values():
            for col in (*PERSON_COLUMNS, "setting_id", "previous_setting_id", "meeting_id"):
                ref = _int(vals.get(col))
                if ref is not None:
                    target = "young_person" if col in PERSON_COLUMNS else col[: -len("_id")]
                    target = "setting" if target == "previous_setting" else target
                    if ref not in wanted.get(target, ()):
                        named.setdefault(target, set()).add(ref)
        self._load(session, named)

    def _load(self, session: Session, wanted: dict[str, set[int]]) -> None:
        """Current rows override what the log last said of them."""
        for table, ids in wanted.items():
            t = Base.metadata.tables[table]
            for chunk in _chunks(sorted(ids), 500):
                for row in session.execute(select(t).where(t.c.id.in_(chunk))).mappings():
                    key = (table, row["id"])
                    current = {k: _stored(v) for k, v in row.items()}
                    self.values[key] = {**self.values.get(key, {}), **current}

    def get(self, table: str, row_id: int | None) -> dict[str, Any]:
        if row_id is None:
            return {}
        return self.values.get((table, row_id), {})

    def reference(self, person_id: Any) -> str:
        pid = _int(person_id)
        ref = self.get("young_person", pid).get("reference") if pid is not None else None
        return str(ref) if ref else "a young person since removed"

    def setting(self, setting_id: Any) -> str:
        sid = _int(setting_id)
        name = self.get("setting", sid).get("name") if sid is not None else None
        return str(name) if name else "a setting since removed"

    def meeting(self, meeting_id: Any) -> str:
        mid = _int(meeting_id)
        vals = self.get("meeting", mid) if mid is not None else {}
        if not vals:
            return "a meeting since removed"
        kind = MeetingType.label_for(vals.get("type")) or "Meeting"
        day = _day_text(vals.get("date"))
        return f"{kind} meeting {day}".strip()

    def people(self, table: str, row_id: int | None) -> tuple[str, ...]:
        vals = self.get(table, row_id)
        if table == "young_person":
            ref = vals.get("reference")
            return (str(ref),) if ref else ()
        refs = [self.reference(vals.get(c)) for c in PERSON_COLUMNS if vals.get(c)]
        return tuple(r for r in refs if not r.startswith("a young person"))

    def describe(self, table: str, row_id: int | None) -> str:
        name = RECORD_NAMES.get(table, "Record")
        v = self.get(table, row_id)
        who = self.reference(v.get("person_id")) if v.get("person_id") else ""
        if table == "young_person":
            return f"Young person {v.get('reference') or '(since removed)'}"
        if table == "assessment":
            by = f" by {v['agency']}" if v.get("agency") else ""
            return f"Assessment of {who}{by}"
        if table == "concern":
            day = _day_text(v.get("date"))
            return f"Concern about {who}" + (f" on {day}" if day else "")
        if table == "connection":
            a = self.reference(v.get("person_a_id"))
            b = (
                self.reference(v.get("person_b_id"))
                if v.get("person_b_id")
                else self.setting(v.get("setting_id"))
            )
            kind = ConnectionKind.label_for(v.get("kind"))
            return f"Connection {a} – {b}" + (f" ({kind})" if kind else "")
        if table == "setting":
            return f"Setting {v.get('name') or '(since removed)'}"
        if table == "meeting":
            return self.meeting(row_id)
        if table == "action":
            about = f" about {who}" if who else ""
            owner = f" for {v['owner_agency']}" if v.get("owner_agency") else ""
            return f"Action{owner}{about}"
        if table == "agency_return":
            to = f" to {v['agency']}" if v.get("agency") else ""
            return f"Agency return{to} about {who}"
        if table in ("attendance", "decision"):
            return f"{name} ({self.meeting(v.get('meeting_id'))})"
        if table == "response":
            return "Response details"
        return f"{name} for {who}" if who else name


def _chunks(ids: list[int], size: int) -> Iterable[list[int]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def _json(text: str | None) -> Mapping[str, Any] | None:
    if not text or not text.startswith("{"):
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _int(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _stored(value: Any) -> Any:
    """A current value as the log stores it (dates as ISO text), so both read alike."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def _day_text(value: Any) -> str:
    if not value:
        return ""
    try:
        return f"{date.fromisoformat(str(value)[:10]):%d/%m/%Y}"
    except ValueError:
        return str(value)


def value_text(records: _Records, table: str, column: str, value: Any) -> str:
    """A stored value in words."""
    if value is None or value == "":
        return ""
    if column in PERSON_COLUMNS:
        return records.reference(value)
    if column in ("setting_id", "previous_setting_id"):
        return records.setting(value)
    if column == "meeting_id":
        return records.meeting(value)
    if column == "assessment_id":
        return records.describe("assessment", _int(value))
    vocab = VOCAB.get((table, column))
    if vocab is not None:
        return vocab.label_for(str(value)) or ""
    col = Base.metadata.tables[table].columns.get(column) if table in RECORD_NAMES else None
    kind = col.type if col is not None else None
    if isinstance(kind, Boolean):
        return "Yes" if str(value).lower() in ("true", "1") else "No"
    if isinstance(kind, DateTime):
        try:
            return when_text(datetime.fromisoformat(str(value)))
        except ValueError:
            return str(value)
    if isinstance(kind, Date):
        return _day_text(value)
    if isinstance(kind, Float):
        try:
            return f"{float(value):.0f}"
        except ValueError:
            return str(value)
    return str(value)


def fields_text(records: _Records, table: str, values: Mapping[str, Any]) -> str:
    """An added or removed record as its readable fields: "Given name: Ada; ..."."""
    parts = []
    for column, value in values.items():
        if column in QUIET or value in (None, "", False, "False"):
            continue
        shown = value_text(records, table, column, value)
        if shown:
            parts.append(f"{label_of(table, column)}: {shown}")
    return "; ".join(parts)


def _row(records: _Records, e: AuditEntry) -> AuditRow:
    table = e.entity if e.entity in RECORD_NAMES else None
    changed_row = e.field is not None or _json(e.new) or _json(e.old)
    if table is None or (e.kind in EVENT_NAMES and not changed_row):
        # An event (an export, an import, a copy): its detail (where the file went) as is.
        kind = EVENT_NAMES.get(e.kind) or (e.kind or "Event").capitalize()
        return AuditRow(e.at, e.user, kind, kind, e.action, "", e.old or "", e.new or "")
    what = records.describe(table, e.entity_id)
    people = records.people(table, e.entity_id)
    if e.field is not None:  # one field changed: its label, and its value before and after
        field = label_of(table, e.field)
        before = value_text(records, table, e.field, e.old)
        after = value_text(records, table, e.field, e.new)
    else:  # a whole row added or removed: its fields in words
        old, new = _json(e.old), _json(e.new)
        field = ""
        before = fields_text(records, table, old) if old else (e.old or "")
        after = fields_text(records, table, new) if new else (e.new or "")
    return AuditRow(e.at, e.user, what, RECORD_NAMES[table], e.action, field, before, after, people)


def audit_rows(session: Session, wanted: AuditFilter | None = None) -> list[AuditRow]:
    """The log in words, newest first, kept by `wanted` (everything by default)."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc())
    if wanted is not None and wanted.who:
        query = query.where(AuditEntry.user == wanted.who)
    if wanted is not None and wanted.start:
        query = query.where(AuditEntry.at >= datetime.combine(wanted.start, datetime.min.time()))
    if wanted is not None and wanted.end:
        query = query.where(AuditEntry.at <= datetime.combine(wanted.end, datetime.max.time()))
    entries = list(session.scalars(query))
    records = _Records(session, entries)
    rows = [_row(records, e) for e in entries]
    return [r for r in rows if wanted is None or wanted.keeps(r)]


def audit_choices(rows: Iterable[AuditRow]) -> tuple[list[str], list[str]]:
    """Who appears in these rows, and the kinds of record and event (the filters' lists)."""
    users = sorted({r.who for r in rows if r.who}, key=str.casefold)
    kinds = sorted({r.kind for r in rows if r.kind})
    return users, kinds

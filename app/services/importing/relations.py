"""Planning Connections, Concerns, Assessments and Settings sheets (no Qt).

Each row names its young person by reference or unique full name. A returned Circles
workbook carries IDs: a row whose ID is a record of this response about the same young
people updates it. Without an ID, the same record already there (same pair and kind of
connection; same concern; the same or an open assessment by the same agency) is updated
or skipped rather than duplicated.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from app.models.entities import Assessment, Concern, Connection
from app.models.vocab import AssessmentStatus, ConcernCategory, ConnectionKind
from app.services.importing.changes import changed_fields, describe_changes
from app.services.importing.fields import ASSESSMENTS, CONCERNS, CONNECTIONS, SETTINGS
from app.services.importing.planned import (
    Key,
    PlannedRow,
)
from app.services.importing.source import SourceSheet
from app.services.people.setting_kinds import setting_kind_for_connection

if TYPE_CHECKING:
    from app.services.importing.plan import Planner

NOT_REQUIRED_REASON = "Recorded as not required in an imported file (no reason was given there)."
_OPEN = (AssessmentStatus.NOT_STARTED.value, AssessmentStatus.BOOKED.value)


def _fold(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def _row(
    kind: str, table: str, sheet: str, number: int, current: Any, values: dict[str, Any], label: str
) -> PlannedRow:
    """An update of `current` with the changed values, or a skip when nothing changes."""
    changed = changed_fields(current, values)
    if not changed:
        return PlannedRow(kind, sheet, number, "skip", table, current.id, {}, label, "Unchanged")
    return PlannedRow(
        kind,
        sheet,
        number,
        "update",
        table,
        current.id,
        changed,
        label,
        describe_changes(kind, changed, current),
    )


def read_settings(p: Planner, sheet: SourceSheet) -> None:
    """A returned workbook's Settings sheet: kinds and areas for settings named elsewhere."""
    for number, values, _ in p._sheet_rows(sheet, SETTINGS):
        name = values.get("name")
        if not name:
            continue
        p.setting_hints[_fold(name)] = values
        if _fold(name) in p.settings:
            existing = p.settings[_fold(name)]
            p.add(
                PlannedRow(
                    SETTINGS,
                    sheet.name,
                    number,
                    "skip",
                    "setting",
                    existing,
                    {},
                    name,
                    "Already recorded",
                )
            )
        else:
            p.setting(name)
            p.rows[-1].sheet, p.rows[-1].row = sheet.name, number


def plan_connections(p: Planner, sheet: SourceSheet) -> None:
    active = list(
        p.s.scalars(
            select(Connection)
            .where(Connection.response_id == p.rid, Connection.status == "active")
            .order_by(Connection.id)
        )
    )
    by_id = {c.id: c for c in active}
    by_pair: dict[tuple[frozenset[Key], str], Connection] = {
        (frozenset((c.person_a_id, c.person_b_id)), c.kind): c for c in active if c.person_b_id
    }
    seen: dict[tuple[frozenset[Key], str], int] = {}
    for number, v, headers in p._sheet_rows(sheet, CONNECTIONS):
        a = p.person(sheet.name, number, headers["person_a_id"], v["person_a_id"])
        b = p.person(sheet.name, number, headers["person_b_id"], v["person_b_id"])
        if a is None or b is None:
            continue
        if a == b:
            p.problem(
                sheet.name,
                number,
                headers["person_b_id"],
                "a young person cannot be connected to themselves",
            )
            continue
        if v["date_identified"] > p.today:
            p.problem(
                sheet.name,
                number,
                headers["date_identified"],
                "the date identified is in the future",
            )
            continue
        pair = frozenset((a, b))
        key = (pair, v["kind"])
        if key in seen:
            p.problem(
                sheet.name, number, None,
                f"this repeats the {ConnectionKind(v['kind']).label.lower()} connection on row {seen[key]}",
            )  # fmt: skip
            continue
        seen[key] = number
        values = {
            k: v[k] for k in ("mode", "kind", "source_agency", "confidence", "date_identified")
        }
        if "setting_id" in v:
            values["setting_id"] = p.setting(
                v["setting_id"], setting_kind_for_connection(v["kind"])
            )
        if "notes" in v:
            values["notes"] = v["notes"]
        label = f"{p.label(a)}–{p.label(b)} {ConnectionKind(v['kind']).label.lower()}"
        current = by_id.get(v.get("id", -1))
        if current is None or frozenset((current.person_a_id, current.person_b_id)) != pair:
            current = by_pair.get(key)
        if current is not None:
            p.add(_row(CONNECTIONS, "connection", sheet.name, number, current, values, label))
            continue
        values.update(response_id=p.rid, person_a_id=a, person_b_id=b, status="active")
        p.add(
            PlannedRow(
                CONNECTIONS,
                sheet.name,
                number,
                "add",
                "connection",
                p.new_key("connection"),
                values,
                label,
            )
        )


def plan_concerns(p: Planner, sheet: SourceSheet) -> None:
    existing = list(
        p.s.scalars(select(Concern).where(Concern.response_id == p.rid).order_by(Concern.id))
    )
    by_id = {c.id: c for c in existing}
    by_what = {(c.person_id, c.date, c.category, _fold(c.reporting_agency)): c for c in existing}
    for number, v, headers in p._sheet_rows(sheet, CONCERNS):
        person = p.person(sheet.name, number, headers["person_id"], v["person_id"])
        if person is None:
            continue
        known = v.get("date_known", v["date"])
        bad = False
        if v["date"] > p.today:
            p.problem(sheet.name, number, headers["date"], "the date is in the future")
            bad = True
        if known < v["date"]:
            p.problem(
                sheet.name,
                number,
                headers.get("date_known"),
                "the date known is before the date of the concern",
            )
            bad = True
        if bad:
            continue
        values: dict[str, Any] = {
            "date": v["date"],
            "date_known": known,
            "reporting_agency": v["reporting_agency"],
            "category": v["category"],
        }
        for k in ("source", "medical_attention", "date_precision"):
            if k in v:
                values[k] = v[k]
        if "setting_id" in v:
            values["setting_id"] = p.setting(v["setting_id"])
        if "contagion" in v:
            values.update(v["contagion"])
        label = (
            f"{p.label(person)} {ConcernCategory(v['category']).label.lower()} {v['date']:%d/%m/%Y}"
        )
        current = by_id.get(v.get("id", -1))
        if current is None or current.person_id != person:
            current = by_what.get((person, v["date"], v["category"], _fold(v["reporting_agency"])))
        if current is not None:
            p.add(_row(CONCERNS, "concern", sheet.name, number, current, values, label))
            continue
        values.setdefault("date_precision", "day")
        values.update(response_id=p.rid, person_id=person)
        p.add(
            PlannedRow(
                CONCERNS, sheet.name, number, "add", "concern", p.new_key("concern"), values, label
            )
        )


def _assessment_problems(
    p: Planner, sheet: str, number: int, merged: dict[str, Any], headers: dict[str, str]
) -> bool:
    status = merged.get("status")
    booked, completed = merged.get("booked_date"), merged.get("completed_date")
    found = False

    def say(key: str, default: str, message: str) -> None:
        nonlocal found
        found = True
        p.problem(sheet, number, headers.get(key, default), message)

    if status == AssessmentStatus.COMPLETED:
        if completed is None:
            say(
                "completed_date",
                "Completed date",
                "a completed assessment needs its completed date",
            )
        if not merged.get("risk"):
            say("risk", "Risk", "a completed assessment needs the risk the professional assessed")
    if status == AssessmentStatus.BOOKED and booked is None:
        say("booked_date", "Booked date", "a booked assessment needs its booked date")
    if completed is not None and completed > p.today:
        say("completed_date", "Completed date", "the completed date is in the future")
    return found


def plan_assessments(p: Planner, sheet: SourceSheet) -> None:
    existing = list(
        p.s.scalars(
            select(Assessment).where(Assessment.response_id == p.rid).order_by(Assessment.id)
        )
    )
    by_id = {a.id: a for a in existing}
    fields = ("agency", "assessor", "status", "booked_date", "completed_date", "risk", "need_level",
              "next_review_date", "not_required_reason", "notes")  # fmt: skip
    for number, v, headers in p._sheet_rows(sheet, ASSESSMENTS):
        person = p.person(sheet.name, number, headers["person_id"], v["person_id"])
        if person is None:
            continue
        values = {k: v[k] for k in fields if k in v}
        label = f"{p.label(person)} {v['agency']} ({AssessmentStatus(v['status']).label.lower()})"
        current = by_id.get(v.get("id", -1))
        if current is None or current.person_id != person:
            current = _same_or_open(existing, person, values)
        merged = ({k: getattr(current, k) for k in fields} if current is not None else {}) | values
        if _assessment_problems(p, sheet.name, number, merged, headers):
            continue
        if merged.get("status") == AssessmentStatus.NOT_REQUIRED and not merged.get(
            "not_required_reason"
        ):
            values["not_required_reason"] = NOT_REQUIRED_REASON
        if current is not None:
            p.add(_row(ASSESSMENTS, "assessment", sheet.name, number, current, values, label))
            continue
        values.update(response_id=p.rid, person_id=person)
        p.add(
            PlannedRow(
                ASSESSMENTS,
                sheet.name,
                number,
                "add",
                "assessment",
                p.new_key("assessment"),
                values,
                label,
            )
        )


def _same_or_open(
    existing: list[Assessment], person: Key, values: dict[str, Any]
) -> Assessment | None:
    """The same assessment already recorded, else the person's open one by that agency."""
    if not isinstance(person, int):
        return None
    mine = [
        a for a in existing if a.person_id == person and _fold(a.agency) == _fold(values["agency"])
    ]
    for a in mine:
        if all(getattr(a, k) == values.get(k) for k in ("status", "booked_date", "completed_date")):
            return a
    open_ = [a for a in mine if a.status in _OPEN]
    return max(open_, key=lambda a: a.id) if open_ else None

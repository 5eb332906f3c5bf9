"""Planning the Young people sheet: add, update by reference, likely duplicates (no Qt).

A row whose Reference is already in the response updates that young person; any other
row adds one, unless it looks like someone already there (same name and date of birth,
or same name and setting), in which case the user's decision says merge or skip (or add
after all). Blank cells never erase what Circles holds.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from app.models.entities import YoungPerson
from app.services.importing.changes import changed_fields, describe_changes
from app.services.importing.fields import YOUNG_PEOPLE
from app.services.importing.planned import (
    MERGE,
    SKIP,
    Duplicate,
    Key,
    PlannedRow,
    person_name,
)
from app.services.importing.quoting import shown
from app.services.importing.source import SourceSheet

if TYPE_CHECKING:
    from app.services.importing.plan import Planner

_REF = re.compile(r"^YP-(\d+)$", re.IGNORECASE)
REMOVED_REASON = "Recorded as removed in an imported workbook (no reason was given there)."

# Stored as given; setting names are looked up (or added) separately.
_PLAIN = (
    "given_name",
    "family_name",
    "date_of_birth",
    "gender",
    "year_group",
    "home_area",
    "looked_after",
    "ehe_cme",
    "lead_agency",
    "lead_professional",
    "notes",
    "send",
    "known_to",
    "identification_route",
    "inclusion",
    "date_added",
)


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


class _References:
    """Hands out YP-NN references not used in the response or the file."""

    def __init__(self, used: set[str]) -> None:
        self.used = {u.casefold() for u in used}
        numbers = [int(m.group(1)) for u in used if (m := _REF.match(u))]
        self.next = max(numbers, default=0) + 1

    def take(self) -> str:
        while f"yp-{self.next:02d}" in self.used:
            self.next += 1
        ref = f"YP-{self.next:02d}"
        self.used.add(ref.casefold())
        return ref


def plan_people(p: Planner, sheets: list[SourceSheet]) -> None:
    rows: list[tuple[SourceSheet, int, dict[str, Any], dict[str, str]]] = []
    for sheet in sheets:
        for number, values, headers in p._sheet_rows(sheet, YOUNG_PEOPLE):
            rows.append((sheet, number, values, headers))

    existing_refs = {_fold(x.reference): x for x in p.people.values()}
    file_refs: dict[str, tuple[str, int]] = {}
    for sheet, number, values, headers in rows:
        ref = values.get("reference")
        if ref is None:
            continue
        if _fold(ref) in file_refs:
            other = file_refs[_fold(ref)]
            p.problem(
                sheet.name, number, headers["reference"],
                f"the reference {shown(ref)} is also on {shown(other[0], 40)} row {other[1]}",
            )  # fmt: skip
            values["_repeat"] = True
        else:
            file_refs[_fold(ref)] = (sheet.name, number)
    refs = _References({x.reference for x in p.people.values()} | {r for r in file_refs})
    seen_new: dict[tuple[str, Any], int] = {}

    for sheet, number, values, headers in rows:
        if values.pop("_repeat", False):
            continue
        ref = values.get("reference")
        person = existing_refs.get(_fold(ref)) if ref else None
        if person is not None:
            _update(p, sheet.name, number, person, values, headers)
            continue
        given, family = values.get("given_name"), values.get("family_name")
        if not given or not family:
            for key, header in (("given_name", "Given name"), ("family_name", "Family name")):
                if not values.get(key):
                    where = f"{shown(ref)} is not in this response, so " if ref else ""
                    p.problem(
                        sheet.name, number, headers.get(key, header),
                        f"{where}{header} is needed to add a young person",
                    )  # fmt: skip
            continue
        name = person_name(given, family)
        twin = (_fold(name), values.get("date_of_birth"))
        if twin[1] is not None and twin in seen_new:
            p.problem(
                sheet.name, number, None,
                f"{shown(name)} with the same date of birth is also on row {seen_new[twin]}; "
                "keep one row per young person",
            )  # fmt: skip
            continue
        seen_new[twin] = number
        dup = _likely_duplicate(p, name, values)
        if dup is not None:
            existing, reason = dup
            decision = p.decisions.get((sheet.name, number), MERGE)
            p.duplicates.append(
                Duplicate(
                    sheet.name, number, name, existing.id, existing.reference, reason, decision
                )
            )
            if decision in (MERGE, SKIP):
                if ref:
                    p.by_ref[_fold(ref)] = existing.id  # later sheets may use the file's ref
                if decision == MERGE:
                    _update(p, sheet.name, number, existing, values, headers, merged=True)
                else:
                    p.add(
                        _skip(
                            sheet.name,
                            number,
                            existing,
                            f"Skipped: {reason} as {existing.reference}",
                        )
                    )
                continue
        _add(p, sheet.name, number, values, headers, ref or refs.take())


def _likely_duplicate(
    p: Planner, name: str, values: dict[str, Any]
) -> tuple[YoungPerson, str] | None:
    dob = values.get("date_of_birth")
    setting = values.get("setting_id")
    for key in p.by_name.get(_fold(name), []):
        if not isinstance(key, int):
            continue
        other = p.people[key]
        if dob is not None and other.date_of_birth is not None:
            if dob == other.date_of_birth:
                return other, "same name and date of birth"
            continue  # two dates of birth that differ: two young people
        if (
            setting
            and other.setting_id
            and _fold(p.setting_name.get(other.setting_id, "")) == _fold(setting)
        ):
            return other, "same name and setting"
    return None


def _checked(
    p: Planner, sheet: str, number: int, values: dict[str, Any], headers: dict[str, str]
) -> dict[str, Any]:
    """The row's values ready to store (setting names become setting keys)."""
    combined = values.get("lead") or {}
    out = {k: v for k, v in combined.items() if k not in values}  # separate columns win
    out |= {k: values[k] for k in _PLAIN if k in values}
    dob = values.get("date_of_birth")
    if dob is not None and dob > p.today:
        p.problem(sheet, number, headers.get("date_of_birth"), "the date of birth is in the future")
    if dob is None and "age_if_unknown" in values:
        out["age_if_unknown"] = values["age_if_unknown"]
    for key in ("setting_id", "previous_setting_id"):
        if key in values:
            out[key] = p.setting(values[key], default="school")
    return out


def _add(
    p: Planner, sheet: str, number: int, values: dict[str, Any], headers: dict[str, str], ref: str
) -> None:
    out = _checked(p, sheet, number, values, headers)
    out.update(reference=ref, response_id=p.rid)
    out.setdefault("looked_after", False)
    out.setdefault("ehe_cme", False)
    out.setdefault("inclusion", "in_scope")
    out.setdefault("date_added", p.today)
    if out["inclusion"] == "removed":
        out["removed_reason"] = REMOVED_REASON
    key = p.new_key("young_person")
    name = person_name(out.get("given_name"), out.get("family_name"))
    p.by_ref[_fold(ref)] = key
    p.by_name[_fold(name)].append(key)
    p.ref_of[key] = ref
    p.add(PlannedRow(YOUNG_PEOPLE, sheet, number, "add", "young_person", key, out, f"{ref} {name}"))


def _update(
    p: Planner,
    sheet: str,
    number: int,
    person: YoungPerson,
    values: dict[str, Any],
    headers: dict[str, str],
    *,
    merged: bool = False,
) -> None:
    out = _checked(p, sheet, number, values, headers)
    if person.date_of_birth is not None:
        out.pop("age_if_unknown", None)
    if out.get("inclusion") == "removed" and not (person.removed_reason or "").strip():
        out["removed_reason"] = REMOVED_REASON
    changed = changed_fields(person, out)
    new_name = person_name(
        out.get("given_name", person.given_name), out.get("family_name", person.family_name)
    )
    if new_name != person.full_name:
        old = p.by_name.get(_fold(person.full_name), [])
        if person.id in old:
            old.remove(person.id)
        p.by_name[_fold(new_name)].append(person.id)
    label = f"{person.reference} {new_name}"
    if not changed:
        p.add(_skip(sheet, number, person, "Merged: nothing new" if merged else "Unchanged"))
        return
    detail = describe_changes(YOUNG_PEOPLE, changed, person)
    if merged:
        detail = f"Merged into {person.reference}. {detail}"
    p.add(
        PlannedRow(
            YOUNG_PEOPLE, sheet, number, "update", "young_person", person.id, changed, label, detail
        )
    )


def _skip(sheet: str, number: int, person: YoungPerson, detail: str) -> PlannedRow:
    key: Key = person.id
    return PlannedRow(
        YOUNG_PEOPLE, sheet, number, "skip", "young_person", key, {},
        f"{person.reference} {person.full_name}", detail,
    )  # fmt: skip

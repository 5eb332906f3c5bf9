"""The import plan: what a file would add, update and skip, and every problem (no Qt).

Planning reads the response and never writes. `ImportPlan` keeps the rows read from the
file, the column mapping and the duplicate decisions, so `import_edit` can plan again
inside the write transaction and refuse if anything differs from what the user saw.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.entities import (
    Response,
    Setting,
    YoungPerson,
)
from app.models.vocab import SettingKind
from app.services.importing.fields import (
    ASSESSMENTS,
    CONCERNS,
    CONNECTIONS,
    FIELDS,
    READ_KINDS,
    SETTINGS,
    YOUNG_PEOPLE,
    Field,
)
from app.services.importing.headers import auto_mapping, field_by_header
from app.services.importing.quoting import shown
from app.services.importing.redaction import redaction_marks
from app.services.importing.setting_kinds import guess_setting_kind
from app.services.importing.source import MAX_ROWS, MAX_SCAN_ROWS, SourceData, SourceSheet
from app.services.importing.values import (
    CellProblem,
    parse_cell,
)

MAX_PROBLEMS = 1_000
MERGE, SKIP, ADD = "merge", "skip", "add"
DECISIONS = (MERGE, SKIP, ADD)


@dataclass(frozen=True)
class NewKey:
    """A row the import adds; it gets its id when the edit is built."""

    table: str
    n: int


Key = int | NewKey


@dataclass
class ImportProblem:
    sheet: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        # The sheet name and column header come from the file: shown shortened.
        where = [shown(self.sheet, 40)] if self.sheet else []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {shown(self.column.rstrip('* '), 60)}")
        if not where:
            return self.message
        return f"{', '.join(where)}: {self.message[:1].upper()}{self.message[1:]}"


@dataclass
class PlannedRow:
    """One row of the file and what importing does with it."""

    kind: str  # Young people, Connections, Concerns, Assessments or Settings
    sheet: str
    row: int | None
    action: str  # "add", "update" or "skip"
    table: str
    target: Key
    values: dict[str, Any]  # all values (add) or only the changed ones (update)
    label: str  # e.g. "YP-03 Ada Fictional"
    detail: str = ""  # e.g. which fields change, or why it is skipped


@dataclass
class Duplicate:
    """A new row that looks like someone already in the response."""

    sheet: str
    row: int
    name: str
    person_id: int
    reference: str
    reason: str  # "same name and date of birth" or "same name and setting"
    decision: str = MERGE


@dataclass
class ImportPlan:
    source: Path
    problems: list[ImportProblem]
    added: dict[str, int]
    updated: dict[str, int]
    skipped: dict[str, int]
    duplicates: list[Duplicate]
    rows: list[PlannedRow]
    data: SourceData
    response_id: int
    mapping: dict[str, dict[str, str | None]]
    kinds: dict[str, str | None]
    decisions: dict[tuple[str, int], str]
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def changes_anything(self) -> bool:
        return any(r.action != "skip" for r in self.rows)

    def summary_lines(self) -> list[str]:
        lines = []
        for kind in (*READ_KINDS[:4], SETTINGS):
            a, u, s = self.added.get(kind, 0), self.updated.get(kind, 0), self.skipped.get(kind, 0)
            if a or u or s:
                lines.append(f"{kind}: {a} added, {u} updated, {s} unchanged or skipped")
        return lines or ["Nothing to import."]

    def sentence(self) -> str:
        """'Adds 2 young people and 1 setting. Updates 1 assessment. 3 rows unchanged.'"""
        nouns = {
            YOUNG_PEOPLE: ("young person", "young people"),
            CONNECTIONS: ("connection", "connections"),
            CONCERNS: ("concern", "concerns"),
            ASSESSMENTS: ("assessment", "assessments"),
            SETTINGS: ("setting", "settings"),
        }

        def listed(counts: dict[str, int]) -> str:
            parts = [
                f"{n} {nouns[k][0] if n == 1 else nouns[k][1]}"
                for k in nouns
                if (n := counts.get(k, 0))
            ]
            return ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]

        out = []
        if self.added:
            out.append(f"Adds {listed(self.added)}.")
        if self.updated:
            out.append(f"Updates {listed(self.updated)}.")
        skipped = sum(self.skipped.values())
        if skipped:
            out.append(f"{skipped} row{'s' if skipped != 1 else ''} unchanged or skipped.")
        return " ".join(out) or "Nothing to import."

    def signature(self) -> tuple:
        """What the plan would do; equal signatures mean the same edit."""
        return tuple(
            (r.kind, r.sheet, r.row, r.action, r.table, r.target, sorted(r.values.items(), key=str))
            for r in self.rows
        ) + tuple((d.sheet, d.row, d.person_id, d.decision) for d in self.duplicates)


def person_name(given: str | None, family: str | None) -> str:
    return " ".join(f"{given or ''} {family or ''}".split())


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


class Planner:
    """Plans one import over one Session; `run()` returns the ImportPlan."""

    def __init__(
        self,
        session: Session,
        response_id: int,
        data: SourceData,
        mapping: dict[str, dict[str, str | None]] | None,
        kinds: dict[str, str | None] | None,
        decisions: dict[tuple[str, int], str] | None,
    ) -> None:
        self.s = session
        self.rid = response_id
        self.data = data
        self.response = session.get(Response, response_id)
        if self.response is None:
            raise LookupError("The response no longer exists.")
        self.today = date.today()
        self.mapping = {k: dict(v) for k, v in (mapping or {}).items()}
        self.kinds = dict(kinds or {})
        self.decisions = {k: v for k, v in (decisions or {}).items() if v in DECISIONS}
        self.problems: list[ImportProblem] = []
        self.rows: list[PlannedRow] = []
        self.duplicates: list[Duplicate] = []
        self.notes: list[str] = []
        self.redacted = 0
        self.redaction_marks: dict[str, None] = {}  # the markers met, in order
        self._n = itertools.count(1)
        people = session.scalars(
            select(YoungPerson)
            .where(YoungPerson.response_id == response_id)
            .order_by(YoungPerson.id)
        )
        self.people = {p.id: p for p in people}
        self.by_ref: dict[str, Key] = {_fold(p.reference): p.id for p in self.people.values()}
        self.by_name: dict[str, list[Key]] = defaultdict(list)
        for p in self.people.values():
            self.by_name[_fold(p.full_name)].append(p.id)
        self.ref_of: dict[Key, str] = {p.id: p.reference for p in self.people.values()}
        self.settings: dict[str, Key] = {}
        self.setting_name: dict[Key, str] = {}
        settings = select(Setting).where(Setting.response_id == response_id).order_by(Setting.id)
        for st in session.scalars(settings):
            self.settings.setdefault(_fold(st.name), st.id)
            self.setting_name[st.id] = st.name
        self.setting_hints: dict[str, dict[str, Any]] = {}

    # ----- problems --------------------------------------------------------------------
    def problem(self, sheet: str, row: int | None, column: str | None, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(ImportProblem(sheet, row, column, message))
        elif len(self.problems) == MAX_PROBLEMS:
            self.problems.append(
                ImportProblem(
                    "", None, None, f"More than {MAX_PROBLEMS:,} problems; fix these first."
                )
            )

    # ----- reading rows ----------------------------------------------------------------
    def _sheet_rows(self, sheet: SourceSheet, kind: str):  # noqa: ANN202
        """Yield (row number, {key: value}, {key: file header}) for each sheet row."""
        mapping = self.mapping.setdefault(sheet.name, auto_mapping(kind, sheet.headers))
        columns: dict[int, tuple[Field, str]] = {}
        used: dict[str, str] = {}
        seen_headers: set[str] = set()
        known = {f.header for f in FIELDS[kind]}
        for i, header in enumerate(sheet.headers):
            target = mapping.get(header)
            if not target or header in seen_headers:
                continue  # a repeated header: only its first column is read
            seen_headers.add(header)
            if target not in known:
                self.problem(sheet.name, None, header, f"'{shown(target)}' is not a {kind} column")
                return
            f = field_by_header(kind, target)
            if f.header in used:
                self.problem(
                    sheet.name, None, header,
                    f"both '{shown(used[f.header])}' and '{shown(header)}' are matched to "
                    f"{f.header}; "
                    "match only one",
                )  # fmt: skip
                return
            used[f.header] = header
            columns[i] = (f, header)
        mapped = {f.key for f, _ in columns.values()}
        missing = self._missing_columns(kind, mapped)
        for header in missing:
            self.problem(sheet.name, None, header, "this required column is missing")
        if missing:
            return
        if sheet.too_long:
            self.problem(
                sheet.name, None, None,
                f"the sheet goes on beyond row {MAX_SCAN_ROWS:,}; Circles reads at most "
                f"{MAX_SCAN_ROWS:,} rows, so delete the rows below the data or split it",
            )  # fmt: skip
            return
        if sheet.too_many_rows:
            self.problem(
                sheet.name, None, None,
                f"the sheet has more than {MAX_ROWS:,} rows of data; Circles imports at most "
                f"{MAX_ROWS:,} rows per sheet, so split it into smaller files",
            )  # fmt: skip
            return
        headers = {f.key: h for f, h in columns.values()}
        for number, values in sheet.rows:
            parsed: dict[str, Any] = {}
            bad: set[str] = set()
            removed: set[str] = set()
            for i, (f, header) in columns.items():
                raw = values[i] if i < len(values) else None
                marks = redaction_marks(raw)
                if marks:
                    # A circulation workbook's redaction: keep what Circles holds.
                    self.redacted += 1
                    self.redaction_marks.update(dict.fromkeys(marks))
                    removed.add(f.key)
                    continue
                try:
                    value = parse_cell(f, raw, self.response)
                except CellProblem as exc:
                    self.problem(sheet.name, number, header, str(exc))
                    bad.add(f.key)
                    continue
                if value is not None:
                    parsed[f.key] = value
            missing = False
            for f, header in columns.values():
                if f.required and kind != YOUNG_PEOPLE and f.key not in parsed:
                    if f.key in removed:
                        self.problem(
                            sheet.name, number, header,
                            f"{f.header} was removed for circulation; type it back in or "
                            "leave this row out",
                        )  # fmt: skip
                    elif f.key not in bad:
                        self.problem(sheet.name, number, header, f"{f.header} is required")
                    missing = True
            # A row with a bad optional cell is still planned (so later rows naming its
            # young person resolve); the plan is refused anyway because of the problem.
            if not missing:
                yield number, parsed, headers

    def _missing_columns(self, kind: str, mapped: set[str]) -> list[str]:
        if kind == YOUNG_PEOPLE:
            if "reference" in mapped or {"given_name", "family_name"} <= mapped:
                return []
            return [h for k, h in (("given_name", "Given name"), ("family_name", "Family name"))
                    if k not in mapped]  # fmt: skip
        if kind == SETTINGS:
            return [] if "name" in mapped else ["Name"]
        return [f.header for f in FIELDS[kind] if f.required and f.key not in mapped]

    # ----- people and settings ---------------------------------------------------------
    def new_key(self, table: str) -> NewKey:
        return NewKey(table, next(self._n))

    def setting(self, name: str, hint: str | None = None, default: str = "other") -> Key:
        """The setting called `name`, added to the plan if the response has none.

        A new setting's kind comes from a Settings sheet, else `hint` (what a connection's
        kind implies), else its name ("... Academy"), else `default`."""
        folded = _fold(name)
        if folded in self.settings:
            return self.settings[folded]
        info = self.setting_hints.get(folded, {})
        kind = info.get("kind") or hint or guess_setting_kind(name, default)
        key = self.new_key("setting")
        values = {
            "response_id": self.rid,
            "kind": kind,
            "name": name,
            "area": info.get("area"),
            "platform": info.get("platform"),
        }
        self.rows.append(
            PlannedRow(
                SETTINGS,
                "",
                None,
                "add",
                "setting",
                key,
                values,
                name,
                f"New setting ({SettingKind(kind).label})",
            )  # fmt: skip
        )
        self.settings[folded] = key
        self.setting_name[key] = name
        return key

    def person(self, sheet: str, row: int, column: str, text: str) -> Key | None:
        """The young person a cell names: a reference, or a unique full name."""
        folded = _fold(text)
        if folded in self.by_ref:
            return self.by_ref[folded]
        found = self.by_name.get(folded, [])
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            refs = ", ".join(sorted(self.ref_of.get(k, "?") for k in found))
            self.problem(
                sheet, row, column,
                f"{len(found)} young people are called '{shown(text)}' ({shown(refs)}); name "
                "them by reference",
            )  # fmt: skip
            return None
        first = folded.split(" ")[0]
        if first in self.by_ref and len(folded.split(" ")) > 1:
            return self.by_ref[first]  # "YP-03 Ada Fictional", as some lists write it
        self.problem(
            sheet, row, column,
            f"there is no young person '{shown(text)}' in this response or in the Young "
            "people sheet",
        )  # fmt: skip
        return None

    def label(self, key: Key) -> str:
        return self.ref_of.get(key, "?")

    def add(self, row: PlannedRow) -> None:
        self.rows.append(row)

    # ----- the whole file --------------------------------------------------------------
    def run(self) -> ImportPlan:
        from app.services.importing import relations, young_people

        by_kind: dict[str, list[SourceSheet]] = defaultdict(list)
        for sheet in self.data.sheets:
            kind = self.kinds.get(sheet.name, sheet.kind)
            if kind not in READ_KINDS:
                kind = None
            self.kinds[sheet.name] = kind
            if kind is None:
                self.notes.append(
                    f"Sheet {shown(sheet.name)} is not imported (its columns are unknown)."
                )
                continue
            by_kind[kind].append(sheet)
        if self.data.ignored:
            names = ", ".join(shown(n, 40) for n in self.data.ignored)
            self.notes.append(f"Sheets not imported: {names}.")
        for sheet in by_kind[SETTINGS]:
            relations.read_settings(self, sheet)
        young_people.plan_people(self, by_kind[YOUNG_PEOPLE])
        for sheet in by_kind[CONNECTIONS]:
            relations.plan_connections(self, sheet)
        for sheet in by_kind[CONCERNS]:
            relations.plan_concerns(self, sheet)
        for sheet in by_kind[ASSESSMENTS]:
            relations.plan_assessments(self, sheet)
        if self.redacted:
            marks = " or ".join(f"'{m}'" for m in self.redaction_marks)
            self.notes.append(
                f"{self.redacted} cell{'s' if self.redacted != 1 else ''} with "
                f"{marks} (from a circulation workbook) left as Circles holds them."
            )
        data_rows = sum(len(s.rows) for kind, ss in by_kind.items() for s in ss)
        if not data_rows and not self.problems:
            self.problem("", None, None, f"{self.data.path.name} holds no rows to import.")
        # Settings first, so that the rows naming them can point at them.
        self.rows.sort(key=lambda r: 0 if r.table == "setting" else 1)
        plan = ImportPlan(
            source=self.data.path,
            problems=self.problems,
            added={},
            updated={},
            skipped={},
            duplicates=self.duplicates,
            rows=self.rows,
            data=self.data,
            response_id=self.rid,
            mapping=self.mapping,
            kinds=self.kinds,
            decisions=self.decisions,
            notes=self.notes,
        )
        for r in self.rows:
            counts = {"add": plan.added, "update": plan.updated, "skip": plan.skipped}[r.action]
            counts[r.kind] = counts.get(r.kind, 0) + 1
        return plan

"""The import plan: what a file would add, update and skip, and every problem (no Qt).

Planning reads the response and never writes. `ImportPlan` keeps the rows read from the
file, the column mapping and the duplicate decisions, so `import_edit` can plan again
inside the write transaction and refuse if anything differs from what the user saw.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.entities import (
    Response,
    Setting,
    YoungPerson,
)
from app.models.vocab import SettingKind
from app.services.importing import relations, young_people
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
from app.services.importing.planned import (
    DECISIONS,
    Duplicate,
    ImportPlan,
    ImportProblem,
    Key,
    NewKey,
    PlannedRow,
)
from app.services.importing.quoting import shown
from app.services.importing.redaction import redaction_marks
from app.services.importing.source import MAX_ROWS, MAX_SCAN_ROWS, SourceData, SourceSheet
from app.services.importing.values import (
    CellProblem,
    parse_cell,
)
from app.services.people.setting_kinds import guess_setting_kind

MAX_PROBLEMS = 1_000


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

"""Helpers for the import tests: write small workbooks, dump a database, and a stand-in
Circles mapping workbook with the headers of ../shared/WORKBOOK.md (until the real
exporter is merged, it lets the returned-workbook path be tested)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from sqlalchemy import select

from app.models.database import Database
from app.models.entities import (
    Assessment,
    Base,
    Concern,
    Connection,
    Meeting,
    Setting,
    YoungPerson,
)
from app.models.vocab import (
    AssessmentStatus,
    ConcernCategory,
    ConcernSource,
    Confidence,
    ConnectionKind,
    DatePrecision,
    Gender,
    IdentificationRoute,
    Inclusion,
    MedicalAttention,
    MeetingType,
    Mode,
    SettingKind,
)


def write_workbook(
    path: Path, sheets: dict[str, Sequence[Sequence[Any]]], *, hidden: Sequence[str] = ()
) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(list(row))
        if name in hidden:
            ws.sheet_state = "hidden"
    wb.save(path)
    return path


# Five fictional young people: given name, family name, date of birth.
PEOPLE = [
    ("Ada", "Fictional", "01/02/2011"),
    ("Ben", "Madeup", "03/04/2011"),
    ("Cai", "Sample", "05/06/2012"),
    ("Dee", "Example", "07/08/2012"),
    ("Eli", "Pretend", "09/10/2011"),
]


def template_with_people(path: Path) -> Path:
    """The import template with five fictional young people typed into it."""
    from openpyxl import load_workbook

    from app.services.importing.template import write_template

    path = write_template(path)
    wb = load_workbook(path)
    ws = wb["Young people"]
    for i, (given, family, dob) in enumerate(PEOPLE, start=3):
        ws.cell(i, 2, given)
        ws.cell(i, 3, family)
        ws.cell(i, 4, dob)
    wb.save(path)
    return path


# Row versions and the change counter count writes (for other writers on a shared
# response), like the audit log: content is everything else.
COUNTERS = frozenset({"row_version", "change_seq"})


def dump(db: Database) -> dict[str, list[tuple]]:
    """Every row of every table, so a refused import can be shown to change nothing."""
    out = {}
    with db.read() as s:
        for t in Base.metadata.sorted_tables:
            cols = [c for c in t.c if c.name not in COUNTERS]
            out[t.name] = [tuple(r) for r in s.execute(select(*cols).order_by(t.c.id)).all()]
    return out


def _label(vocab, code):  # noqa: ANN001, ANN202
    return vocab(code).label if code else None


def _yn(flag: bool) -> str:
    return "Y" if flag else "N"


YP_HEADERS = [
    "Reference", "Given name", "Family name", "Date of birth", "Age", "Gender", "Setting",
    "Year group", "Previous setting", "Home area", "Out of area (Y/N)", "Looked after",
    "EHE/CME", "SEND", "Known to", "Identification route", "Inclusion status", "Date added",
    "Concerns (count)", "Latest concern date", "Connections (count)", "Coverage state",
    "Latest assessment status", "Assessing agency", "Completed date", "Assessed risk",
    "Level of need", "Plan and supporting agency", "Parent/carer informed date",
    "Lead professional", "Lead agency", "Next step owner", "Notes",
]  # fmt: skip


def circles_workbook(db: Database, path: Path, *, circulation: bool = False) -> Path:
    """A workbook shaped like the exporter's (WORKBOOK.md), from `db`."""
    with db.read() as s:
        rid = db.response_id
        settings = {
            st.id: st for st in s.scalars(select(Setting).where(Setting.response_id == rid))
        }

        def sname(sid: int | None) -> str | None:
            return settings[sid].name if sid else None

        people = list(s.scalars(select(YoungPerson).order_by(YoungPerson.id)))
        refs = {p.id: p.reference for p in people}
        yp = [YP_HEADERS]
        for p in people:
            yp.append([
                p.reference, p.given_name, p.family_name, p.date_of_birth, 14,
                _label(Gender, p.gender), sname(p.setting_id), p.year_group,
                sname(p.previous_setting_id), p.home_area, "N", _yn(p.looked_after),
                _yn(p.ehe_cme), p.send, p.known_to,
                _label(IdentificationRoute, p.identification_route),
                _label(Inclusion, p.inclusion), p.date_added, 1, None, 2, "Assessed on time",
                "Completed", "School", None, "High", None, None, None, p.lead_professional,
                p.lead_agency, "School", p.notes,
            ])  # fmt: skip
        conns = [["Connection ID", "Person A", "Person B", "Mode", "Kind", "Setting or platform",
                  "Source agency", "Confidence", "Date identified", "Identified at meeting",
                  "Notes"]]  # fmt: skip
        for c in s.scalars(select(Connection).where(Connection.status == "active")):
            conns.append([
                c.id, refs[c.person_a_id], refs[c.person_b_id], _label(Mode, c.mode),
                _label(ConnectionKind, c.kind), sname(c.setting_id), c.source_agency,
                _label(Confidence, c.confidence), c.date_identified, None, c.notes,
            ])  # fmt: skip
        concerns = [["Concern ID", "Reference", "Date", "Date precision", "Date known",
                     "Reporting agency", "Source", "Setting", "Category", "Medical attention",
                     "Contagion indicators"]]  # fmt: skip
        for c in s.scalars(select(Concern)):
            flags = [
                n for n, on in (("others present", c.others_present),
                                ("content shared", c.content_shared),
                                ("group or challenge", c.group_reference)) if on
            ]  # fmt: skip
            concerns.append([
                c.id, refs[c.person_id], c.date, _label(DatePrecision, c.date_precision),
                c.date_known, c.reporting_agency, _label(ConcernSource, c.source),
                sname(c.setting_id), _label(ConcernCategory, c.category),
                _label(MedicalAttention, c.medical_attention), "; ".join(flags) or None,
            ])  # fmt: skip
        assessments = [["Assessment ID", "Reference", "Agency", "Assessor", "Status",
                        "Booked date", "Completed date", "Assessed risk", "Level of need",
                        "Next review"]]  # fmt: skip
        for a in s.scalars(select(Assessment)):
            assessments.append([
                a.id, refs[a.person_id], a.agency, a.assessor,
                _label(AssessmentStatus, a.status), a.booked_date, a.completed_date,
                a.risk or "Not yet assessed", a.need_level, a.next_review_date,
            ])  # fmt: skip
        setting_rows = [["Setting ID", "Kind", "Name", "Area", "Platform", "Young people (count)"]]
        for st in settings.values():
            setting_rows.append(
                [st.id, _label(SettingKind, st.kind), st.name, st.area, st.platform, 3]
            )
        meetings = [["Meeting ID", "Type", "Date", "Chair", "Review date set", "Decisions (count)"]]
        for m in s.scalars(select(Meeting)):
            meetings.append(
                [m.id, _label(MeetingType, m.type), m.date, m.chair, m.review_date_set, 1]
            )
    if circulation:
        keep = [
            i
            for i, h in enumerate(YP_HEADERS)
            if h not in ("Given name", "Family name", "Date of birth")
        ]
        yp = [[row[i] for i in keep] for row in yp]
    return write_workbook(
        path,
        {
            "Cover": [
                ["Response title", "FICTIONAL demo"],
                ["Protective marking", "OFFICIAL-SENSITIVE"],
            ],
            "Summary": [["In scope", 37], ["Assessed on time", 12]],
            "Young people": yp,
            "Connections": conns,
            "Concerns": concerns,
            "Assessments": assessments,
            "Settings": setting_rows,
            "Meetings": meetings,
            "Lists": [["Gender"], ["Female"]],
        },
        hidden=("Lists",),
    )


def snapshot(db):
    """People, active connections, concerns and assessments as a user compares them."""
    with db.read() as s:
        refs = {p.id: p.reference for p in s.scalars(select(YoungPerson))}
        names = {st.id: st.name for st in s.scalars(select(Setting))}
        people = {
            (p.reference, p.given_name, p.family_name, p.date_of_birth, p.gender, names.get(p.setting_id),
             p.year_group, p.home_area, p.looked_after, p.ehe_cme, p.inclusion, p.lead_agency,
             p.lead_professional)
            for p in s.scalars(select(YoungPerson))
        }  # fmt: skip
        conns = {
            (frozenset((refs[c.person_a_id], refs[c.person_b_id])), c.mode, c.kind, names.get(c.setting_id),
             c.source_agency, c.confidence, c.date_identified)
            for c in s.scalars(select(Connection).where(Connection.status == "active"))
        }  # fmt: skip
        concerns = sorted(
            (refs[c.person_id], c.date, c.date_known, c.reporting_agency, c.source, c.category,
             c.medical_attention, names.get(c.setting_id))
            for c in s.scalars(select(Concern))
        )  # fmt: skip
        assessments = sorted(
            (refs[a.person_id], a.agency, a.assessor or "", a.status, str(a.booked_date),
             str(a.completed_date), a.risk or "", a.need_level or "", str(a.next_review_date))
            for a in s.scalars(select(Assessment))
        )  # fmt: skip
    return people, conns, concerns, assessments


# ----- hand-made workbooks (for files openpyxl would never write) ---------------------------
_CT = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
    'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="'
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WB = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships"><sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WB_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)
SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet xmlns="http://schemas.'
    'openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_TAIL = "</sheetData></worksheet>"


def inline_row(number: int, values: Sequence[str]) -> str:
    cells = "".join(
        f'<c r="{chr(65 + i)}{number}" t="inlineStr"><is><t>{v}</t></is></c>'
        for i, v in enumerate(values)
    )
    return f'<row r="{number}">{cells}</row>'


def raw_xlsx(path: Path, sheet_xml: str, *, name: str = "Young people") -> Path:
    """A one-sheet workbook written part by part, whatever the sheet's XML holds."""
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CT)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("xl/workbook.xml", _WB.format(name=name))
        zf.writestr("xl/_rels/workbook.xml.rels", _WB_RELS)
        zf.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return path

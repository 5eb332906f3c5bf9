"""What each import sheet's columns mean: template headers, notes, synonyms (no Qt).

One `Field` per column Circles understands. The template writes the fields marked
`in_template` in this order (with `*` after required headers and the note in row 2); the
reader also understands the extra columns of a Circles mapping workbook (WORKBOOK.md) and
common synonyms in other agencies' lists (Surname, DOB, School, ...).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

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
    Labelled,
    MedicalAttention,
    Mode,
    SettingKind,
)
from app.services.editing.rules import REQUIRED, max_length
from app.services.importing.redaction import REDACTED  # noqa: F401 - also read from here

YOUNG_PEOPLE = "Young people"
CONNECTIONS = "Connections"
CONCERNS = "Concerns"
ASSESSMENTS = "Assessments"
SETTINGS = "Settings"
# The template's sheets, in order; SETTINGS is read only from a returned Circles workbook.
KINDS: tuple[str, ...] = (YOUNG_PEOPLE, CONNECTIONS, CONCERNS, ASSESSMENTS)
READ_KINDS: tuple[str, ...] = (*KINDS, SETTINGS)

# Field types: how a cell is parsed.
TEXT, DATE, BOOL, INT, ENUM, PERSON, SETTING, RISK, NEED, ID, YEAR, CONTAGION, LEAD = (
    "text",
    "date",
    "bool",
    "int",
    "enum",
    "person",
    "setting",
    "risk",
    "need",
    "id",
    "year",
    "contagion",
    "lead",
)


@dataclass(frozen=True)
class Field:
    """One column: `header` is the template's text (without `*`), `key` what planning uses."""

    header: str
    key: str
    type: str = TEXT
    required: bool = False
    note: str = ""
    synonyms: tuple[str, ...] = ()
    vocab: type[Labelled] | None = None
    in_template: bool = True
    max_len: int = 0  # 0: from the field rules (app/services/editing/rules.py), else 200

    @property
    def template_header(self) -> str:
        return f"{self.header}*" if self.required else self.header


PERSON_NOTE = "Reference (e.g. YP-07) or full name as in Young people (must then be unique)."
DATE_NOTE = "A date: dd/mm/yyyy or yyyy-mm-dd."

# Columns several sheets share, written once: whose row it is (Concerns, Assessments), and
# notes (Connections, Assessments; read back from a returned Circles workbook only).
_PERSON = Field(
    "Person",
    "person_id",
    PERSON,
    note=PERSON_NOTE,
    synonyms=("Reference", "Young person", "Name", "Full name"),
)
_NOTES = Field("Notes", "notes", in_template=False, synonyms=("Comments",))

FIELDS: dict[str, tuple[Field, ...]] = {
    YOUNG_PEOPLE: (
        Field(
            "Reference",
            "reference",
            note="e.g. YP-07. Blank for someone new (Circles gives one); a reference "
            "already in the response updates that young person.",
            synonyms=("Ref", "YP reference", "YP ref", "Circles reference", "Reference number"),
        ),
        Field(
            "Given name",
            "given_name",
            note="First name.",
            synonyms=("First name", "Forename", "Forenames", "First names", "Given names"),
        ),
        Field(
            "Family name",
            "family_name",
            note="Surname.",
            synonyms=("Surname", "Last name", "Family names", "Second name"),
        ),
        Field(
            "Date of birth",
            "date_of_birth",
            DATE,
            note=DATE_NOTE,
            synonyms=("DOB", "D O B", "Birth date", "Birthdate", "Date of Birth DOB"),
        ),
        Field(
            "Age",
            "age_if_unknown",
            INT,
            note="Only if the date of birth is not known: age in years.",
            synonyms=("Age in years", "Age years"),
        ),
        Field(
            "Gender",
            "gender",
            ENUM,
            note="Choose from the list.",
            synonyms=("Sex", "Gender identity"),
            vocab=Gender,
        ),
        Field(
            "Setting",
            "setting_id",
            SETTING,
            note="Current school, college, club or home; a new name adds a setting.",
            synonyms=(
                "School",
                "School name",
                "Current school",
                "Current setting",
                "Setting name",
                "Education setting",
                "Establishment",
                "College",
            ),
        ),
        Field(
            "Year group",
            "year_group",
            YEAR,
            note="e.g. Y9 (9 or Year 9 also work).",
            synonyms=("Year", "NC year", "School year", "Year grp"),
        ),
        Field(
            "Home area",
            "home_area",
            note="Home local authority or area.",
            synonyms=("Area", "Locality", "Home locality", "Local authority", "LA"),
        ),
        Field(
            "Looked after",
            "looked_after",
            BOOL,
            note="Yes or No.",
            synonyms=("LAC", "CLA", "Looked after child", "Child looked after", "Looked-after"),
        ),
        Field(
            "EHE or CME",
            "ehe_cme",
            BOOL,
            note="Elective home education or missing education: Yes or No.",
            synonyms=("EHE/CME", "EHE", "CME", "Elective home education"),
        ),
        Field(
            "Lead agency",
            "lead_agency",
            note="Agency of the lead professional.",
            synonyms=("Lead professional agency",),
        ),
        Field(
            "Lead professional",
            "lead_professional",
            note="Name or role of the lead professional.",
            synonyms=("Lead worker", "Key worker", "Lead"),
        ),
        Field(
            "Notes",
            "notes",
            note="Never record a self-harm method.",
            synonyms=("Comments", "Note", "Remarks"),
        ),
        # Columns of a returned Circles mapping workbook, not in the template.
        Field(
            "Previous setting",
            "previous_setting_id",
            SETTING,
            in_template=False,
            synonyms=("Previous school",),
        ),
        Field("SEND", "send", in_template=False, synonyms=("SEN", "SEN status", "SEND status")),
        Field(
            "Known to",
            "known_to",
            in_template=False,
            synonyms=("Known to agencies", "Agencies involved"),
        ),
        Field(
            "Identification route",
            "identification_route",
            ENUM,
            in_template=False,
            vocab=IdentificationRoute,
            synonyms=("How identified",),
        ),
        Field(
            "Inclusion status",
            "inclusion",
            ENUM,
            in_template=False,
            vocab=Inclusion,
            synonyms=("Inclusion",),
        ),
        Field("Date added", "date_added", DATE, in_template=False),
        # "Lead professional and agency" in one cell: "Name (Agency)" or "Name, Agency".
        Field("Lead professional and agency", "lead", LEAD, in_template=False, max_len=400),
    ),  # fmt: skip
    CONNECTIONS: (
        Field("Connection ID", "id", ID, in_template=False),
        Field(
            "Person A",
            "person_a_id",
            PERSON,
            note=PERSON_NOTE,
            synonyms=("Young person A", "Reference A", "Person 1", "From"),
        ),
        Field(
            "Person B",
            "person_b_id",
            PERSON,
            required=True,
            note=PERSON_NOTE,
            synonyms=("Young person B", "Reference B", "Person 2", "To"),
        ),
        Field(
            "Mode",
            "mode",
            ENUM,
            note="Real life, Online or Both.",
            vocab=Mode,
            synonyms=("Real life or online",),
        ),
        Field(
            "Kind",
            "kind",
            ENUM,
            note="Choose from the list.",
            vocab=ConnectionKind,
            synonyms=("Connection kind", "Connection type", "Type", "Relationship"),
        ),
        Field(
            "Setting or platform",
            "setting_id",
            SETTING,
            note="Where they are linked; a new name adds a setting.",
            synonyms=("Setting", "Platform", "Where"),
        ),
        Field(
            "Source agency",
            "source_agency",
            note="The agency that reported the connection.",
            synonyms=("Reported by", "Source", "Agency", "Reporting agency"),
        ),
        Field(
            "Confidence",
            "confidence",
            ENUM,
            note="Confirmed, Reported or Suspected.",
            vocab=Confidence,
            synonyms=("Certainty",),
        ),
        Field(
            "Date identified",
            "date_identified",
            DATE,
            note=DATE_NOTE,
            synonyms=("Date", "Identified", "Date reported", "Identified on"),
        ),
        _NOTES,
    ),
    CONCERNS: (
        Field("Concern ID", "id", ID, in_template=False),
        _PERSON,
        Field(
            "Date",
            "date",
            DATE,
            note="When it happened: " + DATE_NOTE,
            synonyms=("Date of concern", "Concern date", "Event date", "Incident date"),
        ),
        Field(
            "Date known",
            "date_known",
            DATE,
            note="When agencies learnt of it (blank: the same date).",
            synonyms=("Known", "Date reported", "Reported on"),
        ),
        Field(
            "Reporting agency",
            "reporting_agency",
            note="The agency that reported the concern.",
            synonyms=("Reported by", "Agency"),
        ),
        Field(
            "Source",
            "source",
            ENUM,
            note="How it became known: choose from the list.",
            vocab=ConcernSource,
        ),
        Field(
            "Setting",
            "setting_id",
            SETTING,
            note="Where it happened or was reported; a new name adds a setting.",
            synonyms=("School", "Where"),
        ),
        Field(
            "Category",
            "category",
            ENUM,
            note="A coarse category only: never a method.",
            vocab=ConcernCategory,
            synonyms=("Concern category", "Type"),
        ),
        Field(
            "Medical attention",
            "medical_attention",
            ENUM,
            note="Choose from the list.",
            vocab=MedicalAttention,
            synonyms=("Medical",),
        ),
        Field("Date precision", "date_precision", ENUM, in_template=False, vocab=DatePrecision),
        Field("Contagion indicators", "contagion", CONTAGION, in_template=False),
    ),
    ASSESSMENTS: (
        Field("Assessment ID", "id", ID, in_template=False),
        _PERSON,
        Field(
            "Agency",
            "agency",
            note="The assessing agency.",
            synonyms=("Assessing agency",),
        ),
        Field(
            "Assessor",
            "assessor",
            note="Who assessed (name or role).",
            synonyms=("Assessed by", "Worker"),
        ),
        Field(
            "Status",
            "status",
            ENUM,
            required=True,
            note="Choose from the list.",
            vocab=AssessmentStatus,
            synonyms=("Assessment status",),
        ),
        Field(
            "Booked date",
            "booked_date",
            DATE,
            note="Needed when Booked: " + DATE_NOTE,
            synonyms=("Booked", "Date booked", "Booked for"),
        ),
        Field(
            "Completed date",
            "completed_date",
            DATE,
            note="Needed when Completed: " + DATE_NOTE,
            synonyms=("Completed", "Date completed", "Date assessed"),
        ),
        Field(
            "Risk",
            "risk",
            RISK,
            note="The risk the professional assessed (needed when Completed).",
            synonyms=("Assessed risk", "Risk level"),
        ),
        Field(
            "Level of need",
            "need_level",
            NEED,
            note="Choose from the list.",
            synonyms=("Need", "Need level"),
        ),
        Field(
            "Next review",
            "next_review_date",
            DATE,
            note=DATE_NOTE,
            synonyms=("Next review date", "Review date"),
        ),
        Field(
            "Reason not required",
            "not_required_reason",
            in_template=False,
            synonyms=("Not required reason",),
        ),
        _NOTES,
    ),  # fmt: skip
    SETTINGS: (
        Field("Setting ID", "id", ID, in_template=False),
        Field("Kind", "kind", ENUM, in_template=False, vocab=SettingKind),
        Field("Name", "name", in_template=False, synonyms=("Setting", "Setting name")),
        Field("Area", "area", in_template=False),
        Field("Platform", "platform", in_template=False),
    ),
}

# The table each sheet's rows go to, for the field rules shared with the forms.
TABLES: dict[str, str] = {
    YOUNG_PEOPLE: "young_person",
    CONNECTIONS: "connection",
    CONCERNS: "concern",
    ASSESSMENTS: "assessment",
    SETTINGS: "setting",
}


def _with_rules(kind: str, f: Field) -> Field:
    """The field with the length and required rules the forms' services also apply."""
    table = TABLES[kind]
    limit = f.max_len or max_length(table, f.key) or 200
    return replace(f, max_len=limit, required=f.required or f.key in REQUIRED.get(table, {}))


FIELDS = {kind: tuple(_with_rules(kind, f) for f in fs) for kind, fs in FIELDS.items()}

# Every note text, so that the template's notes row is recognised and not imported.
ALL_NOTES: frozenset[str] = frozenset(f.note for fs in FIELDS.values() for f in fs if f.note)

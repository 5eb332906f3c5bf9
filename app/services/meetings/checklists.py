"""What each kind of meeting must do, in the procedure's own words (no Qt).

Scoping: the list under "The scoping meeting must:" (section 4). Strategic: the items of the
plan it must agree (4.1). Operational: what it convenes regularly to do (4.2). Final and
Debrief follow section 7 and 4.1 ("Plan a de-brief meeting ... to identify lessons learnt").
Keys are stable codes stored in ChecklistItem.key; texts may be reworded later.
"""

from __future__ import annotations

from typing import Any

from app.models.vocab import ChecklistState
from app.services.editing.validation import ValidationError

# Marking this Scoping item done with a date sets the response's review date.
REVIEW_DATE_KEY = "agree_review_date"

SCOPING: tuple[tuple[str, str], ...] = (
    ("assess_information", "Assess the information known to date"),
    ("decide_information", "Decide what further information is required at this stage"),
    ("arrange_gathering", "Arrange for its gathering"),
    (
        "initial_mapping",
        "Undertake an initial mapping exercise to determine the scale of the response and "
        "possible young people requiring specific support. Consider risks relating to contagion",
    ),
    (
        "protective_action",
        "Consider any immediate protective action required and if a separate S47 enquiry "
        "should take place for individual children",
    ),
    ("response_plan", "Identify a response plan including a review mechanism"),
    (
        "feedback",
        "Feedback the outcome of the scoping strategy meeting including resource implications, "
        "if a self-harm group is identified to the Multi Agency Response Group",
    ),
    (REVIEW_DATE_KEY, "Agree a review date to ensure all children identified have been assessed"),
    ("communication", "Communication including communication with parents / carer"),
)

STRATEGIC: tuple[tuple[str, str], ...] = (
    (
        "scale",
        "A decision on the scale of the response and if additional agency representation is "
        "required to support",
    ),
    ("focus", "The focus of the response – online harm / in person"),
    (
        "cross_boundary",
        "Any cross-boundary issues and planning of appropriate liaison and sharing of resources",
    ),
    (
        "intelligence",
        "Identification of staff to manage the intelligence gathering from social media / "
        "live time surveillance",
    ),
    ("staff_support", "Sufficient support, supervision and debriefing of staff involved"),
    ("expert_advice", "Availability of expert advice where necessary"),
    ("liaison", "Liaison arrangements for inter-agency working"),
    ("timescales", "Time scales for the stages of the response"),
    (
        "tasks",
        "Allocation of specific tasks to personnel involved in the response together with line "
        "management responsibilities",
    ),
    ("media", "Management of public relations and media interest"),
    ("political", "Management of political arena"),
    ("confidentiality", "Confidentiality / need to know arrangements"),
    ("exit_strategy", "Exit strategy"),
)

OPERATIONAL: tuple[tuple[str, str], ...] = (
    (
        "scoping_at_risk",
        "Scoping of young people at risk – more often, schools will be the agency who "
        "undertakes the risk assessments and identifies those most at risk",
    ),
    ("individual_plans", "Identify individual response plans for the identified young people"),
    (
        "parental_responses",
        "Identify parental responses needed (e.g. communication/working with/education)",
    ),
    ("monitor", "Monitor the progress of the response"),
    ("governance", "Ensure alignment with other governance structures involved in the response"),
    ("risk_indicators", "Review risk indicators for the children involved"),
    ("resources", "Consider resource requirements"),
    ("termination", "Consider the appropriate timing of the termination of the response"),
    (
        "plan_debrief",
        "Plan a debrief meeting with the response management group to identify lessons learned",
    ),
    (
        "staff_support",
        "Ensure that staff support structures and processes are in place and utilised",
    ),
)

FINAL: tuple[tuple[str, str], ...] = (
    ("concluding_information", "Concluding information shared"),
    ("debriefing_shared", "Debriefing shared"),
    (
        "safety_plans",
        "Clear safety plans drawn up for all the young people, with the agency(ies) who will "
        "support them moving forward",
    ),
    (
        "overview_report",
        "An overview report compiled and presented to the safeguarding partnership",
    ),
)

DEBRIEF: tuple[tuple[str, str], ...] = (
    ("lessons_learnt", "Identify lessons learnt"),
    ("lessons_actions", "Take forward actions from lessons learnt with clear plans in place"),
    (
        "staff_wellbeing",
        "Debrief and support for staff around their mental and emotional wellbeing",
    ),
)

CHECKLISTS: dict[str, tuple[tuple[str, str], ...]] = {
    "scoping": SCOPING,
    "strategic": STRATEGIC,
    "operational": OPERATIONAL,
    "final": FINAL,
    "debrief": DEBRIEF,
}


def checklist_for(meeting_type: str) -> tuple[tuple[str, str], ...]:
    return CHECKLISTS.get(meeting_type, ())


def checklist_values(state: str | None, note: str | None) -> dict[str, Any]:
    """The changes to a checklist item (a meeting's or the closure's): its state, checked
    against the states there are, and its note (blank: none)."""
    values: dict[str, Any] = {}
    if state is not None:
        try:
            ChecklistState(state)
        except ValueError as exc:
            raise ValidationError(
                f"An item is one of: {', '.join(ChecklistState.labels())}."
            ) from exc
        values["state"] = state
    if note is not None:
        values["note"] = note.strip() or None
    return values

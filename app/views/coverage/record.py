""" "Record assessment..." from the Coverage list: the assessment form for that young person,
completed today by their assessing (else lead) agency, so only the risk is left to pick.

An open assessment (booked or not started) by that agency is completed rather than a
second one added (app.services.coverage.record).
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.services.coverage.record import record_target
from app.views.assessments.form import AssessmentForm
from app.views.shell.store import Store


def record_assessment(store: Store, person_id: int, parent: QWidget) -> AssessmentForm | None:
    """Open (window-modal, not blocking) the form that records this person's assessment."""
    if store.readonly:
        return None
    with store.read() as s:
        target = record_target(s, person_id, store.as_at)
    form = AssessmentForm(
        store,
        person_id=person_id,
        assessment_id=target.assessment_id,
        defaults=target.defaults(),
        parent=parent,
    )
    form.setWindowTitle(
        f"Record assessment for {target.reference}"
        + (
            f" (completes the open {target.agency} one)"
            if target.assessment_id is not None and target.agency
            else ""
        )
    )
    form.person.setEnabled(False)  # recorded for the person chosen in the list
    form.open()
    form.risk.setFocus()  # the one choice left: a keyboard user types it and presses Enter
    return form

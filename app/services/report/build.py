"""Build the overview report's content from the response (no Qt): one read session, the
same figures as the Coverage tab and `coverage --json`, references only."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from app.models.entities import Response
from app.models.vocab import Stage
from app.services.coverage.figures import coverage_for
from app.services.report.cleaning import Cleaner, day
from app.services.report.content import Report, Section, Table
from app.services.report.coverage_section import coverage_section
from app.services.report.outcome_sections import (
    actions_section,
    agreements_section,
    closure_section,
    plans_section,
    prompts_section,
)
from app.services.report.response_sections import response_section, scale_section


def build_report(session: Session, response_id: int, as_of: date | None = None) -> Report:
    as_of = as_of or date.today()
    response = session.get(Response, response_id)
    if response is None:
        raise LookupError("The response no longer exists.")
    clean = Cleaner(session, response)
    cov = coverage_for(session, response_id, as_of)
    title = clean(response.title) or "Self-harm group response"
    facts = [
        ("Response", title),
        ("Lead area", clean(response.lead_area) or "—"),
        ("Referral date", day(response.referral_date)),
        ("Referral reference", clean(response.referral_reference) or "—"),
        ("Stage", Stage.label_for(response.stage) or response.stage),
        ("Review date", day(response.review_date)),
        ("As of", day(as_of)),
        ("Protective marking", response.protective_marking),
    ]
    glance = Section("At a glance")
    glance.blocks.append(
        Table(
            ["Figure", "Number"],
            [
                ["Young people identified for support (in scope)", str(cov.in_scope)],
                ["Assessed (on time or late)", str(cov.assessed)],
                ["Percent assessed", f"{cov.percent_assessed:.1f}%"],
                [
                    "Not yet assessed: overdue or at risk",
                    str(cov.counts["overdue"] + cov.counts["at_risk"]),
                ],
            ],
            [80, 20],
        )
    )
    sections = [
        glance,
        *response_section(session, response, as_of, clean),
        scale_section(session, response, cov, clean),
        coverage_section(session, response, cov, clean),
        prompts_section(session, response, as_of, clean),
        actions_section(session, response, as_of, clean),
        plans_section(session, response, clean),
        agreements_section(session, response, clean),
        closure_section(session, response, as_of, clean),
    ]
    # Said last, once every passage has been checked; shown under the title page's block.
    glance.note(
        "This report gives young people by reference only: no name or date of birth. "
        + (
            f"{clean.removed} passage{'s' if clean.removed != 1 else ''} of free text "
            f"{'were' if clean.removed != 1 else 'was'} removed because "
            f"{'they' if clean.removed != 1 else 'it'} could name a young person or give a "
            "date of birth."
            if clean.removed
            else "No passage of free text named a young person or gave a date of birth, so "
            "none was removed."
        )
    )
    return Report(
        title=title,
        marking=response.protective_marking,
        is_demo=bool(response.is_demo),
        as_of=as_of,
        facts=facts,
        sections=sections,
        figures=cov.to_json(),
        removed=clean.removed,
    )

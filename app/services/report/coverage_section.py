"""The report's coverage section: the figures of `coverage --json`, the Coverage tab's chart,
assessments by agency and the agency returns (no Qt)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.models.entities import Response
from app.services.coverage.figures import STATE_LABELS, STATES, Coverage
from app.services.report.cleaning import Cleaner, day
from app.services.report.content import BarChart, CoverageChart, Section, Table
from app.services.returns.status import returns_status


def key_figures(cov: Coverage) -> list[list[str]]:
    return [
        ["Young people in scope", str(cov.in_scope)],
        *([STATE_LABELS[s], str(cov.counts[s])] for s in STATES),
        ["Assessed (on time or late)", str(cov.assessed)],
        ["Needing assessment (in scope, not marked not required)", str(cov.needing_assessment)],
        ["Percent assessed", f"{cov.percent_assessed:.1f}%"],
    ]


def coverage_section(
    session: Session, response: Response, cov: Coverage, clean: Cleaner
) -> Section:
    sec = Section("Assessment coverage", new_page=True)
    days = cov.days_left
    when = (
        f"{days} days before the review date"
        if days > 0
        else "on the review date"
        if days == 0
        else f"{-days} days after the review date"
    )
    sec.note(
        f"As of {day(cov.as_of)}, {when} ({day(cov.review_date)}): {cov.assessed} of "
        f"{cov.needing_assessment} young people needing assessment are assessed "
        f"({cov.percent_assessed:.1f}%)."
    )
    sec.blocks.append(
        Table(["Figure", "Number"], key_figures(cov), [80, 20], caption="Coverage figures")
    )
    sec.blocks.append(
        CoverageChart(
            "Young people assessed over time",
            start=response.referral_date,
            as_of=cov.as_of,
            review_date=cov.review_date,
            needing=cov.needing_assessment,
            assessed=cov.cumulative(),
            projected=cov.projected(),
        )
    )
    agencies = list(cov.by_agency)
    bars = BarChart(
        "Assessments by agency",
        [clean(a) for a in agencies],
        [
            ("Assessed", [cov.by_agency[a].assessed for a in agencies]),
            ("Outstanding", [cov.by_agency[a].outstanding for a in agencies]),
            (
                "Not required, declined or unable",
                [
                    cov.by_agency[a].count
                    - cov.by_agency[a].assessed
                    - cov.by_agency[a].outstanding
                    for a in agencies
                ],
            ),
        ],
    )
    if agencies:  # no empty chart for a response with nobody in scope yet
        sec.blocks.append(bars)
    sec.blocks.append(
        Table(
            ["Agency", "In scope", "Assessed", "Outstanding"],
            [
                [clean(a), str(b.count), str(b.assessed), str(b.outstanding)]
                for a, b in cov.by_agency.items()
            ],
            [52, 16, 16, 16],
            caption="Assessments by agency (the assessing agency, else the lead agency)",
        )
    )
    returns = returns_status(session, response.id)
    sec.blocks.append(
        Table(
            ["Agency", "Returns sent", "Young people sent", "Received", "Still outstanding"],
            [
                [
                    clean(a),
                    str(len(r.returns)),
                    str(r.sent),
                    str(r.received),
                    str(r.outstanding),
                ]
                for a, r in returns.items()
            ],
            [36, 16, 16, 16, 16],
            caption="Agency returns",
            empty="No agency returns sent.",
        )
    )
    return sec

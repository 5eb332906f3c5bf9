"""`circles coverage FILE [--as-of YYYY-MM-DD] [--json]`: who has been assessed by the review date.

The figures come from app.services.coverage.figures, the same function behind the Coverage screen
and the workbook's Summary sheet, so they agree everywhere. Changes nothing in the file.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from app.cli.options import add_as_of, add_file, add_json, as_of, reading

if TYPE_CHECKING:
    from app.services.coverage.figures import Breakdown, Coverage

NAME = "coverage"
HELP = (
    "Show assessment coverage: how many young people identified for support are assessed "
    "by the review date, who is not, and which agency owns each gap (changes nothing)."
)


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_file(p)
    add_as_of(
        p,
        "the day to report the position on (default: today), e.g. the meeting day",
        metavar="YYYY-MM-DD",
    )
    add_json(p)


def _breakdown_lines(title: str, table: dict[str, Breakdown]) -> list[str]:
    width = max([len(title), *(len(k) for k in table)])
    lines = [f"{title:<{width}}  In scope  Assessed  Outstanding"]
    for key, b in table.items():
        lines.append(f"{key:<{width}}  {b.count:>8}  {b.assessed:>8}  {b.outstanding:>11}")
    return lines


def render_text(cov: Coverage) -> str:
    # Imported when run, not at the top: `--help` stays quick (issue 14).
    from app.services.coverage.figures import NOT_ASSESSED, STATE_LABELS, STATES
    from app.services.coverage.labels import review_days, short_label
    from app.services.coverage.owner import next_step_owner

    days = cov.days_left
    when = review_days(days, today="review date today")
    when = when if days >= 0 else "review date " + when
    # Labels padded to the longest, so the counts line up whatever the wording.
    w = max(56, 4 + max(len(label) for label in STATE_LABELS.values()))
    lines = [
        f"Coverage as of {cov.as_of:%d/%m/%Y}; review date {cov.review_date:%d/%m/%Y} ({when})",
        "",
        f"{'Young people identified for support (in scope)':<{w}}{cov.in_scope:>5}",
    ]
    for state in STATES:
        lines.append(f"  {STATE_LABELS[state]:<{w - 2}}{cov.counts[state]:>5}")
    lines += [
        f"{'Assessed':<{w}}{cov.percent_assessed:>5.1f}%"
        f"  ({cov.assessed} of {cov.needing_assessment} needing assessment)",
        f"{'Under consideration (not counted)':<{w}}{cov.under_consideration:>5}",
        f"{'Removed from scope (not counted)':<{w}}{cov.removed:>5}",
        "",
    ]
    for title, table in (
        ("By setting", cov.by_setting),
        ("By assessing agency", cov.by_agency),
        ("By home area", cov.by_area),
    ):
        lines += _breakdown_lines(title, table) + [""]
    waiting = [p for state in NOT_ASSESSED for p in cov.people if p.state == state]
    lines.append("Not yet assessed, and who owns the next step:")
    if not waiting:
        lines.append("  (none)")
    for p in waiting:
        lead = next_step_owner(p)
        if p.assessment_id is None:
            step = "no assessment recorded"
        else:
            step = f"assessing agency {p.agency}"
            if p.deciding_date:
                step += f", booked {p.deciding_date:%d/%m/%Y}"
                if p.state == "at_risk":
                    step += " (after the review date)"
        lines.append(f"  {p.reference:<8} {short_label(p.state):<30} {step}; lead {lead}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    # Imported when run, not at the top: `--help` stays quick (issue 14).
    from app.services.coverage.figures import coverage_for
    from app.services.returns.status import returns_json

    day = as_of(args)
    with reading(args.file) as db, db.read() as s:
        cov = coverage_for(s, db.response_id, day)
        returns = returns_json(s, db.response_id)
    if args.json:
        # `returns`: agency -> {"sent", "received", "outstanding", ...} (young people).
        print(json.dumps({**cov.to_json(), "returns": returns}, indent=2, ensure_ascii=False))
    else:
        print(render_text(cov))
    return 0

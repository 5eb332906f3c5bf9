"""The report's charts in words with their figures (issue 20: charts that a screen reader
can read). A PDF reader reads text, not the pixels of a chart: each chart is followed by
this sentence, and the same words are the picture's alternative text."""

from __future__ import annotations

from app.services.report.content import BarChart, CoverageChart


def describe_bars(chart: BarChart) -> str:
    """ "In words: A: 3 assessed, 1 outstanding (4 in all); B: ..." (series at 0 left out)."""
    parts = []
    for i, category in enumerate(chart.categories):
        values = [(label, values[i]) for label, values in chart.series]
        said = ", ".join(f"{n} {label.lower()}" for label, n in values if n)
        total = sum(n for _, n in values)
        parts.append(f"{category}: {said} ({total} in all)" if said else f"{category}: none")
    return f"{chart.title}, in words: " + ("; ".join(parts) or "nothing to show") + "."


def describe_coverage(chart: CoverageChart) -> str:
    """The coverage chart's figures: assessed by the as-of day against those needing it,
    the first day someone was assessed, the review date and the projection."""
    assessed = chart.assessed[-1][1] if chart.assessed else 0
    first = (
        f" The first was assessed on {chart.assessed[0][0]:%d/%m/%Y}."
        if chart.assessed and chart.assessed[0][1]
        else ""
    )
    kept = (
        f" If every booking on time is kept: {chart.projected[-1][1]}"
        f" by {chart.projected[-1][0]:%d/%m/%Y}."
        if chart.projected
        else ""
    )
    return (
        f"{chart.title}, in words: {assessed} of {chart.needing} young people needing"
        f" assessment were assessed by {chart.as_of:%d/%m/%Y}, counted from"
        f" {chart.start:%d/%m/%Y}.{first} Review date {chart.review_date:%d/%m/%Y}.{kept}"
    )


def describe_chart(chart: BarChart | CoverageChart) -> str:
    return describe_coverage(chart) if isinstance(chart, CoverageChart) else describe_bars(chart)

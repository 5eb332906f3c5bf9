"""The overview report as plain data: sections of paragraphs, tables and chart series.

Nothing here knows about pages or PDF: a renderer (app/views/report/pdf.py) lays it out.
Every text in it is a reference, a label, a figure or free text already checked for the
names and dates of birth of the response's young people (build.py's Cleaner).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[str]]
    widths: list[int] | None = None  # percentages of the page width, one per column
    caption: str = ""
    empty: str = "None recorded."


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars, one per category, each split into its series (stacked)."""

    title: str
    categories: list[str]
    series: list[tuple[str, list[int]]]  # (label, one value per category)


@dataclass(frozen=True)
class CoverageChart:
    """The Coverage tab's chart: young people assessed day by day against those needing
    assessment, with the review date and the as-of day marked."""

    title: str
    start: date
    as_of: date
    review_date: date
    needing: int
    assessed: list[tuple[date, int]]  # (day, assessed by the end of it), steps
    projected: list[tuple[date, int]]  # if every booking on time is kept; may be empty


@dataclass(frozen=True)
class Note:
    """A paragraph."""

    text: str


Block = Table | BarChart | CoverageChart | Note


@dataclass
class Section:
    title: str
    blocks: list[Block] = field(default_factory=list)
    new_page: bool = False  # start on a new page (long sections)

    def note(self, text: str) -> None:
        self.blocks.append(Note(text))


@dataclass
class Report:
    title: str
    marking: str
    is_demo: bool
    as_of: date
    facts: list[tuple[str, str]]  # the title page's block: label, value
    sections: list[Section]
    figures: dict  # the coverage figures as `coverage --json` gives them
    removed: int = 0  # free-text passages removed as they could name a young person

    @property
    def header(self) -> str:
        """The words in every page's header and footer."""
        return f"{self.marking} — FICTIONAL" if self.is_demo else self.marking

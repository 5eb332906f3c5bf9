"""The Timeline and Coverage tabs as the user sees them after their first visit (issue 14
made both cheaper): every mark still on the Timeline, in words and as points, and the
Coverage list's columns measured again whenever what they show changes."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.models.entities import Assessment, Concern, Response, YoungPerson
from app.services.people.young_people import update_person
from app.views.coverage.page import CoveragePage
from app.views.timeline.page import TimelinePage

# Fictional, and long enough that the list cannot show every column in full.
LONG_LEAD = "Lead professional with an unusually long fictional name"


def show_tab(window, qtbot, kind: type):  # noqa: ANN001, ANN201
    """Switch to the tab of `kind` the way the user does, and return its page."""
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    index = titles.index(kind.title)
    window.tabs.setCurrentIndex(index)
    page = window.page_at(index)
    assert isinstance(page, kind)
    qtbot.waitUntil(page.isVisible)
    QApplication.processEvents()
    return page


def marks_in_database(window, as_of=None) -> tuple[int, int, set[str]]:  # noqa: ANN001
    """Concerns and completed assessments of young people not removed, known by `as_of`."""
    rid = window.store.response_id
    with window.store.read() as s:
        kept = {
            pid: ref
            for pid, ref in s.execute(
                select(YoungPerson.id, YoungPerson.reference).where(
                    YoungPerson.response_id == rid, YoungPerson.inclusion != "removed"
                )
            )
        }
        concerns = [
            c
            for c in s.scalars(select(Concern).where(Concern.response_id == rid))
            if c.person_id in kept
            and (as_of is None or (c.date <= as_of and c.date_known <= as_of))
        ]
        done = [
            a
            for a in s.scalars(
                select(Assessment).where(
                    Assessment.response_id == rid, Assessment.status == "completed"
                )
            )
            if a.person_id in kept
            and a.completed_date is not None
            and (as_of is None or a.completed_date <= as_of)
        ]
    refs = {kept[c.person_id] for c in concerns} | {kept[a.person_id] for a in done}
    return len(concerns), len(done), refs


def plotted(page: TimelinePage) -> list:
    return [p for item in page.plot.listDataItems() for p in item.points()]


def test_timeline_tab_plots_every_mark_and_says_so(demo, qtbot):
    page = show_tab(demo, qtbot, TimelinePage)
    concerns, done, refs = marks_in_database(demo)
    assert concerns and done
    assert page.summary.text() == f"{concerns} concerns, {done} completed assessments"
    points = plotted(page)
    assert len(points) == concerns + done
    # Each point's tooltip names a young person who has that mark.
    assert {p.data().reference for p in points} == refs
    assert all(p.data().tip.startswith(p.data().reference) for p in points)
    days = sorted(p.data().day for p in points)
    words = page.plot.accessibleDescription()
    assert f"{concerns} concerns and {done} completed assessments" in words
    assert f"from {days[0]:%d/%m/%Y} to {days[-1]:%d/%m/%Y}" in words

    # One row per young person: a row for each young person with a mark, by reference.
    page.row_mode.setCurrentIndex(page.row_mode.findData("person"))
    assert set(page.rows) == refs
    assert len(plotted(page)) == concerns + done

    # As at an earlier day: only what was known by then, on screen and in words.
    earlier = days[len(days) // 2]
    page.as_at_check.setChecked(True)
    page.as_at_date.set_value(earlier)
    concerns_then, done_then, _ = marks_in_database(demo, earlier)
    assert concerns_then + done_then < concerns + done
    assert page.summary.text() == (
        f"{concerns_then} concerns, {done_then} completed assessments known by {earlier:%d/%m/%Y}"
    )
    assert len(plotted(page)) == concerns_then + done_then
    assert all(p.data().day <= earlier for p in plotted(page))


def widths(page: CoveragePage) -> list[int]:
    header = page.people_view.horizontalHeader()
    return [header.sectionSize(c) for c in range(header.count())]


def all_in_view(page: CoveragePage) -> bool:
    view = page.people_view
    return view.horizontalHeader().length() <= view.viewport().width()


def lengthen_a_lead(window, page: CoveragePage) -> str:  # noqa: ANN001
    """Give the first listed young person a long lead professional; their reference."""
    person = page.people_model.rows[0]
    window.store.run(lambda s: update_person(s, person.person_id, {"lead_professional": LONG_LEAD}))
    return person.reference


def owner_cell(page: CoveragePage, reference: str) -> str:
    model = page.people_model
    row = next(r for r in range(model.rowCount()) if model.rows[r].reference == reference)
    return model.data(model.index(row, 2))


def test_coverage_columns_measured_again_when_a_longer_name_is_listed(demo, qtbot):
    page = show_tab(demo, qtbot, CoveragePage)
    qtbot.waitUntil(lambda: page.people_view.viewport().width() > 300)
    before = widths(page)
    assert all_in_view(page)
    reference = lengthen_a_lead(demo, page)
    qtbot.waitUntil(lambda: LONG_LEAD in owner_cell(page, reference))
    QApplication.processEvents()
    after = widths(page)
    # The longer owner needs more room: the assessing agency gives way first, and every
    # column stays in view (widths kept from before would leave the owner cut short).
    assert after[3] < before[3]
    assert after[2] >= before[2]
    assert all_in_view(page)


def test_coverage_columns_measured_when_shown_after_a_change_made_elsewhere(demo, qtbot):
    page = show_tab(demo, qtbot, CoveragePage)
    qtbot.waitUntil(lambda: page.people_view.viewport().width() > 300)
    before = widths(page)
    longest = max(
        len(page.people_model.data(page.people_model.index(r, 1)))
        for r in range(page.people_model.rowCount())
    )
    demo.tabs.setCurrentIndex(0)  # the map: the Coverage list is hidden now
    QApplication.processEvents()
    # "As at" ten days after the review date, chosen while the list is hidden: no one is
    # "Booked 19/12, after review date" any more, the longest words in that column.
    with demo.store.read() as s:
        review = s.get(Response, demo.store.response_id).review_date
    demo.store.set_as_at(review + timedelta(days=10))
    page = show_tab(demo, qtbot, CoveragePage)
    model = page.people_model
    cells = [model.data(model.index(r, 1)) for r in range(model.rowCount())]
    assert max(len(c) for c in cells) < longest
    assert widths(page)[1] < before[1]  # measured again for what it shows now
    assert all_in_view(page)


def test_coverage_columns_measured_again_in_larger_text(demo, qtbot, big_text):
    page = show_tab(demo, qtbot, CoveragePage)
    qtbot.waitUntil(lambda: page.people_view.viewport().width() > 300)
    before = widths(page)
    big_text()
    qtbot.waitUntil(lambda: widths(page)[0] > before[0])  # "YP-06" in bigger letters
    assert all_in_view(page)

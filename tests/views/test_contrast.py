"""Contrast (issue 20.3), computed from the code's own colours with the WCAG formula:
text on risk symbols 4.5:1, graphics (outlines, rings, links, coverage colours, chart
bars) 3:1 against what they are drawn on, faded states blended over the map still 3:1."""

from __future__ import annotations

import pytest

from app.services.coverage.labels import STATE_COLOURS
from app.views.common.contrast import blend, luminance, ratio
from app.views.coverage import chart
from app.views.map import paint, style
from app.views.report import charts

BG = style.MAP_BACKGROUND.name()
TILE_BG = "#FAFAFA"  # the coverage tiles' background (app/views/coverage/tiles.py)


def test_formula_matches_the_wcag_reference_values():
    assert ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)
    assert luminance("#FFFFFF") == pytest.approx(1.0)


@pytest.mark.parametrize("levels", [["High", "Medium", "Low"], ["A", "B", "C", "D", "E", "F"]])
def test_letters_on_every_risk_symbol_are_4_5_to_1(levels):
    for level, s in style.risk_styles(levels).items():
        r = ratio(s.text_colour.name(), s.colour.name())
        print(level, s.colour.name(), s.text_colour.name(), round(r, 2))
        assert r >= 4.5, f"{level}: {s.letter} on {s.colour.name()} is {r:.2f}:1"
        # in greyscale too: the same luminances, so the same ratio; and the letter is
        # not the only cue (the shape differs per level).
    shapes = [s.shape for s in style.risk_styles(["High", "Medium", "Low"]).values()]
    assert len(set(shapes)) == len(shapes)


def test_symbol_outlines_are_3_to_1_on_the_map_at_full_and_faded_strength():
    outline = paint.BLACK_PEN.color().name()
    for opacity in (1.0, style.FADE_OUT_OF_SCOPE, style.FADE_DIMMED):
        seen = blend(outline, BG, opacity)
        assert ratio(seen, BG) >= 3.0, f"outline at {opacity}: {ratio(seen, BG):.2f}:1"


def test_rings_and_links_are_3_to_1_on_the_map():
    for pen in (paint.SELECT_PEN, paint.OVERDUE_PEN, paint.AT_RISK_PEN, paint.HIGHLIGHT_PEN):
        assert ratio(pen.color().name(), BG) >= 3.0
    for confidence in ("confirmed", "suspected"):
        for mode in style.MODE_PEN_STYLE:
            c = style.link_pen(mode, confidence, cosmetic=False).color()
            seen = blend(c.name(), BG, c.alphaF())
            assert ratio(seen, BG) >= 3.0, f"{mode} {confidence}: {ratio(seen, BG):.2f}:1"


def test_coverage_colours_are_3_to_1_on_tiles_and_white():
    for state, colour in STATE_COLOURS.items():
        for back in (TILE_BG, "#FFFFFF"):
            assert ratio(colour, back) >= 3.0, f"{state} {colour} on {back}"


def test_chart_lines_and_report_bars_are_3_to_1_on_white():
    for colour in (chart.REVIEW_COLOUR, chart.ASSESSED_COLOUR, chart.TARGET_COLOUR):
        assert ratio(colour, "#FFFFFF") >= 3.0, colour
    for c in (*charts.BAR_COLOURS, charts.ASSESSED, charts.REVIEW, charts.INK):
        assert ratio(c.name(), "#FFFFFF") >= 3.0, c.name()

"""`circles report FILE --out OUT.pdf [--as-of YYYY-MM-DD] [--force]`: the overview report
for the safeguarding partnership, as a PDF.

The report's content is a service (app/services/report/); drawing the PDF needs Qt, which
the command line may not import (tests/test_layers.py). So this module keeps the verb's
name, help and options with the others, and the renderer is handed in by the wiring layer:
app/__main__.py, which sits outside the layers, calls `install_renderer` with
app/views/report/pdf.py's `render_pdf` before it runs this verb. Only this verb pays for
loading Qt; the others stay as light as before.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.cli import CliError
from app.cli.options import add_as_of, add_file, add_force, add_out, as_of

if TYPE_CHECKING:
    from app.services.report.export import Renderer

NAME = "report"
HELP = (
    "Write the overview report for the safeguarding partnership as a PDF (references only, "
    "never a name or date of birth)."
)

_renderer: Renderer | None = None


def install_renderer(render: Renderer) -> None:
    """Called by app/__main__.py: the function that draws the report into a PDF file."""
    global _renderer
    _renderer = render


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_file(p)
    add_out(p, "the PDF to write (.pdf)")
    add_as_of(
        p,
        "the day the report is for (default: today), e.g. the final meeting's day",
        metavar="YYYY-MM-DD",
    )
    add_force(p)


def run(args: argparse.Namespace) -> int:
    # Imported when run, not at the top: `--help` stays quick (issue 14).
    from app.cli.exporting import exporting, out_path

    if _renderer is None:
        raise CliError("The report cannot be drawn here: run it as `python -m app report`.")
    from app.services.report.export import export_report  # heavy: only when run

    day = as_of(args)
    out = out_path(args.out, args.force)
    with exporting(args.file) as db:
        result = export_report(db, out, _renderer, as_of=day)
    removed = result.removed_words
    if removed:
        removed += " as they could name a young person or give a date of birth"
    print(f"Wrote the overview report to {result.path} ({result.pages} pages{removed}).")
    return 0

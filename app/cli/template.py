"""`circles template OUT.xlsx [--force]`: write the import template."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli import CliError
from app.cli.options import add_force

NAME = "template"
HELP = (
    "Write the import template (.xlsx): Young people, Connections, Concerns and "
    "Assessments sheets for another agency to fill in and send back."
)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("out", help="the workbook to write (.xlsx)")
    add_force(p, "replace the file if it exists")


def run(args: argparse.Namespace) -> int:
    # Imported here, not at the top: `--help` and the other verbs stay quick (issue 14).
    from app.services.importing.template import TemplateError, write_template

    try:
        path = write_template(Path(args.out), force=args.force)
    except TemplateError as exc:
        raise CliError(str(exc)) from exc
    print(f"Wrote the import template to {path} (OFFICIAL-SENSITIVE once filled in).")
    return 0

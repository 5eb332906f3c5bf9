"""`circles import FILE SOURCE [--dry-run] [--sheet NAME] [--password-file F]`: import a
workbook or CSV; F holds the password of a password-protected workbook.

All or nothing: with any problem, exit 2, one line per problem on stderr
("Sheet, row N, column C: what is wrong") and the response is left exactly as it was.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli import CliError
from app.cli.passwords import add_password_argument, read_password

if TYPE_CHECKING:
    from app.services.importing import ImportPlan

NAME = "import"
HELP = (
    "Import young people, connections, concerns and assessments from the import template, "
    "a returned Circles workbook, an agency return or a CSV file. All or nothing."
)
MAX_LINES = 500
# The --duplicates choices, spelled here so `--help` need not load the importer (which
# loads SQLAlchemy and openpyxl); tests/cli/test_import_choices.py checks they are the
# importer's own (app.services.importing.planned.DECISIONS).
DECISIONS = ("merge", "skip", "add")
MERGE = "merge"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="the response file to import into (.circles)")
    p.add_argument("source", help="the workbook (.xlsx) or CSV file to import")
    p.add_argument(
        "--dry-run", action="store_true", help="check the file and say what would change"
    )
    p.add_argument(
        "--sheet",
        metavar="NAME",
        help="for a CSV file, which sheet it stands for (Young people, Connections, Concerns "
        "or Assessments; default: guessed from its headers); for a workbook, the only "
        "sheet to import",
    )
    p.add_argument(
        "--duplicates",
        choices=DECISIONS,
        default=MERGE,
        help="what to do with a new row that looks like a young person already recorded "
        "(same name and date of birth, or same name and setting); default: merge",
    )
    add_password_argument(p)


def _report(plan: ImportPlan) -> None:
    # Imported when run, not at the top: `--help` stays quick (issue 14).
    from app.services.importing.quoting import shown

    for line in plan.summary_lines():
        print(f"  {line}")
    for note in plan.notes:
        print(f"  {note}")
    for d in plan.duplicates:
        what = {"merge": "merged into", "skip": "skipped as", "add": "added although like"}
        print(
            f"  Likely duplicate: {shown(d.sheet, 40)} row {d.row} ({shown(d.name)}) "
            f"{what[d.decision]} "
            f"{d.reference} ({d.reason})"
        )


def _write_fault(name: str, exc: BaseException) -> str:
    """One sentence for a fault while the import was written; never the SQL or its data.
    The kind of fault comes from app/models/faults.py (SQLite's error name, errno)."""
    # Imported when run, not at the top: `--help` stays quick (issue 14).
    from app.models import faults
    from app.services.importing.quoting import shown

    kind = faults.fault_kind(exc)
    if kind == faults.FULL:
        return "The disk is full; nothing was imported. Free some space and try again."
    if kind == faults.IO:
        return (
            f"{name} could not be written (an input/output error); nothing was imported. "
            "Check the drive and try again."
        )
    if kind == faults.READONLY:
        return f"{name} is read-only; nothing was imported."
    if kind == faults.BUSY:
        return f"{name} is busy in another program; nothing was imported. Try again."
    if kind == faults.DAMAGED:
        return f"{name} appears damaged; nothing was imported. Run 'circles check' on it."
    words = shown(faults.driver_words(exc), 120)
    return f"The import could not be saved ({words}); nothing was imported."


def run(args: argparse.Namespace) -> int:
    # Imported here, not at the top: `--help` and the other verbs stay quick (issue 14).
    from sqlalchemy.exc import DBAPIError

    from app.cli.import_return import import_return
    from app.models.database import open_database
    from app.services.editing.editor import Editor
    from app.services.importing import (
        ImportFileError,
        import_edit,
        plan_from_source,
        read_source,
    )
    from app.services.importing.returns import is_agency_return

    source = Path(args.source)
    password = read_password(args.password_file)  # before the response is opened
    db = open_database(args.file, readonly=args.dry_run)
    try:
        try:
            if is_agency_return(source, password):
                return import_return(args, db, source, password)
            data = read_source(source, sheet=args.sheet, password=password)
        except ImportFileError as exc:
            raise CliError(str(exc)) from exc
        with db.read() as s:
            plan = plan_from_source(s, db.response_id, data)
            if args.duplicates != MERGE and plan.duplicates:
                decisions = {(d.sheet, d.row): args.duplicates for d in plan.duplicates}
                plan = plan_from_source(s, db.response_id, data, decisions=decisions)
        if plan.problems:
            for problem in plan.problems[:MAX_LINES]:
                print(problem, file=sys.stderr)
            if len(plan.problems) > MAX_LINES:
                print(f"... and {len(plan.problems) - MAX_LINES} more.", file=sys.stderr)
            n = len(plan.problems)
            print(
                f"Nothing was imported: {n} problem{'s' if n != 1 else ''} in {source.name}.",
                file=sys.stderr,
            )
            return 2
        if args.dry_run:
            print(f"Dry run: importing {source.name} would change {db.path.name} so:")
            _report(plan)
            print("Nothing was changed.")
            return 0
        try:
            Editor(db).do(lambda s: import_edit(s, plan))
        except (DBAPIError, sqlite3.Error, OSError) as exc:
            # The edit is one transaction: a fault while it is written rolls all of it back.
            raise CliError(_write_fault(db.path.name, exc)) from exc
        print(f"Imported {source.name} into {db.path.name}:")
        _report(plan)
        return 0
    finally:
        db.close()

"""`circles export FILE --out OUT.xlsx [--circulation] [--as-of YYYY-MM-DD] [--force]
[--password-file F]`."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from app.cli import CliError
from app.cli.passwords import add_password_argument, read_password
from app.models.database import open_database
from app.services.editing.validation import parse_iso_date
from app.services.files import private as files
from app.services.files import temp_files
from app.services.workbook import ExportError, ExportResult, export_workbook
from app.services.workbook.redaction import removed_sentence

NAME = "export"
HELP = (
    "Write the Excel mapping workbook for the meeting (full, or --circulation for "
    "references only: no names or dates of birth)."
)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="the response file (.circles)")
    p.add_argument("--out", required=True, help="the workbook to write (.xlsx)")
    p.add_argument(
        "--circulation",
        action="store_true",
        help="leave out given names, family names and dates of birth (references only)",
    )
    p.add_argument("--as-of", help="the day the coverage figures are for (default today)")
    p.add_argument("--force", action="store_true", help="replace OUT if it exists")
    add_password_argument(p)
    p.add_argument(
        "--json",
        action="store_true",
        help="print one JSON object: path, circulation, as_of, marking, sheets, rows, "
        "redactions, password_protected",
    )
    p.add_argument(
        "--progress",
        action="store_true",
        help="report progress on standard error as lines 'progress DONE TOTAL'",
    )


def run(args: argparse.Namespace) -> int:
    out = Path(args.out).expanduser()
    as_of = parse_iso_date(args.as_of, "--as-of") if args.as_of else None
    if out.exists() and not args.force:
        raise CliError(f"{out} already exists; use --force to replace it.")
    password = read_password(args.password_file)
    # A start of Circles: exports killed midway (this verb or the app) leave temporary
    # files holding names; they are removed now, and this run's own are listed until done.
    with temp_files.recording_in(files.start_up(files.default_data_folder())):
        return _export(args, out, as_of, password)


def _export(args: argparse.Namespace, out: Path, as_of: date | None, password: str | None) -> int:
    # An export only reads, plus one audit entry, which SQLite's own locking keeps safe
    # beside a window that has the file open for editing: so no one-writer lock here.
    db = open_database(args.file, readonly=False, lock=False)
    progress = _print_progress if args.progress else None
    try:
        result = export_workbook(
            db, out, circulation=args.circulation, as_of=as_of, password=password, progress=progress
        )
    except ExportError as exc:
        raise CliError(str(exc)) from exc
    finally:
        db.close()
    if args.json:
        print(json.dumps(_as_json(result), ensure_ascii=False))
        return 0
    mode = "circulation (references only)" if result.circulation else "full"
    print(
        f"Wrote the {mode} mapping workbook to {result.path} "
        f"({result.rows.get('Young people', 0)} young people, figures as of "
        f"{result.as_of:%d/%m/%Y}); it is marked {result.marking}"
        + ("; it is password-protected." if result.password_protected else ".")
    )
    if result.circulation:
        print(removed_sentence(result.redactions))
    return 0


def _print_progress(done: int, total: int) -> None:
    print(f"progress {done} {total}", file=sys.stderr, flush=True)


def _as_json(result: ExportResult) -> dict[str, object]:
    return {
        "path": str(result.path),
        "circulation": result.circulation,
        "as_of": result.as_of.isoformat(),
        "marking": result.marking,
        "sheets": list(result.sheets),
        "rows": dict(result.rows),
        "redactions": dict(result.redactions),
        "password_protected": result.password_protected,
    }

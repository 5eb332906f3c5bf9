"""`circles export FILE --out OUT.xlsx [--circulation] [--as-of YYYY-MM-DD] [--force]
[--password-file F]`."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from app.cli.options import add_as_of, add_file, add_force, add_json, add_out, as_of, mode_words
from app.cli.passwords import add_password_argument, read_password

if TYPE_CHECKING:
    from app.services.workbook import ExportResult

NAME = "export"
HELP = (
    "Write the Excel mapping workbook for the meeting (full, or --circulation for "
    "references only: no names or dates of birth)."
)


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_file(p)
    add_out(p, "the workbook to write (.xlsx)")
    p.add_argument(
        "--circulation",
        action="store_true",
        help="leave out given names, family names and dates of birth (references only)",
    )
    add_as_of(p, "the day the coverage figures are for (default today)")
    add_force(p)
    add_password_argument(p)
    add_json(
        p,
        "print one JSON object: path, circulation, as_of, marking, sheets, rows, "
        "redactions, password_protected",
    )
    p.add_argument(
        "--progress",
        action="store_true",
        help="report progress on standard error as lines 'progress DONE TOTAL'",
    )


def run(args: argparse.Namespace) -> int:
    # Imported here, not at the top: `--help` and the other verbs stay quick (issue 14).
    from app.cli.exporting import exporting, out_path
    from app.services.workbook import export_workbook
    from app.services.workbook.redaction import removed_sentence

    day = as_of(args)  # a bad day refused before anything else, as ever
    out = out_path(args.out, args.force)
    password = read_password(args.password_file)
    progress = _print_progress if args.progress else None
    with exporting(args.file) as db:
        result = export_workbook(
            db,
            out,
            circulation=args.circulation,
            as_of=day,
            password=password,
            progress=progress,
        )
    if args.json:
        print(json.dumps(_as_json(result), ensure_ascii=False))
        return 0
    print(
        f"Wrote the {mode_words(result.circulation)} mapping workbook to {result.path} "
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

"""`circles export FILE --out OUT.xlsx [--circulation] [--as-of YYYY-MM-DD] [--force]
[--password-file F]`."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from app.cli.passwords import add_password_argument, read_password

if TYPE_CHECKING:
    from app.services.workbook import ExportResult

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
    # Imported here, not at the top: `--help` and the other verbs stay quick (issue 14).
    from app.cli.exporting import exporting, out_path
    from app.services.editing.validation import parse_iso_date
    from app.services.workbook import export_workbook
    from app.services.workbook.redaction import removed_sentence

    as_of = parse_iso_date(args.as_of, "--as-of") if args.as_of else None
    out = out_path(args.out, args.force)
    password = read_password(args.password_file)
    progress = _print_progress if args.progress else None
    with exporting(args.file) as db:
        result = export_workbook(
            db, out, circulation=args.circulation, as_of=as_of, password=password, progress=progress
        )
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

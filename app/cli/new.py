"""`circles new FILE --title T --area A --referral-date D --review-date D [--force]`."""

from __future__ import annotations

import argparse

NAME = "new"
HELP = "Create a new, empty response file."


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="the response file to create (.circles)")
    p.add_argument("--title", required=True, help="non-identifying title of the response")
    p.add_argument("--area", required=True, help="lead area")
    p.add_argument("--referral-date", required=True, metavar="YYYY-MM-DD")
    p.add_argument(
        "--review-date",
        required=True,
        metavar="YYYY-MM-DD",
        help="the date by which every identified young person must be assessed",
    )
    p.add_argument("--force", action="store_true", help="replace the file if it exists")


def run(args: argparse.Namespace) -> int:
    # Imported when run, not at the top: `--help` stays quick (issue 14).
    from app.models.database import create_database
    from app.services.editing.validation import parse_iso_date, validate_response_fields

    fields = {
        "title": args.title,
        "lead_area": args.area,
        "referral_date": parse_iso_date(args.referral_date, "Referral date"),
        "review_date": parse_iso_date(args.review_date, "Review date"),
    }
    validate_response_fields(**fields)  # before any file is made (the models know no such rule)
    db = create_database(args.file, force=args.force, **fields)
    db.close()
    print(f"Created {db.path}")
    return 0

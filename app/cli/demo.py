"""`circles demo FILE [--force]`: write the fictional demo response."""

from __future__ import annotations

import argparse

NAME = "demo"
HELP = "Create the fictional demo response (about 40 invented young people)."


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="the response file to create (.circles)")
    p.add_argument("--force", action="store_true", help="replace the file if it exists")


def run(args: argparse.Namespace) -> int:
    # Imported when run, not at the top: `--help` stays quick (issue 14).
    from app.services.files.demo import build_demo

    db = build_demo(args.file, force=args.force)
    db.close()
    print(f"Created the FICTIONAL demo response in {db.path}")
    return 0

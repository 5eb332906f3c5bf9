"""`circles check FILE`: exit 0 when healthy, else exit 2 and one line per problem."""

from __future__ import annotations

import argparse
import sys

NAME = "check"
HELP = "Check a response file's integrity (changes nothing)."


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="the response file to check")


def run(args: argparse.Namespace) -> int:
    # Imported when run, not at the top: `--help` stays quick (issue 14).
    from app.services.files.integrity import check_file

    problems = check_file(args.file)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        return 2
    print(f"{args.file}: OK")
    return 0

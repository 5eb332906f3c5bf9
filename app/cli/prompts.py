"""`circles prompts FILE [--as-of YYYY-MM-DD] [--json]`: the prompts, dismissed ones marked."""

from __future__ import annotations

import argparse
import json
from datetime import date

from app.cli.options import add_as_of, add_file, add_json, as_of, reading

NAME = "prompts"
HELP = (
    "List the prompts (decision support, each beginning 'Consider ...') as at a day; "
    "dismissed ones are marked. Changes nothing."
)


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_file(p, "the response file")
    add_as_of(p, "the day to compute for (YYYY-MM-DD; default today)")
    add_json(
        p,
        "print a JSON list of objects with keys rule, people, settings, first_date, "
        "last_date, text, dismissed",
    )


def run(args: argparse.Namespace) -> int:
    # Imported here, not at the top: `--help` and the other verbs stay quick (issue 14).
    from app.models.entities import Response
    from app.services.prompts.engine import prompts_for

    day = as_of(args)
    with reading(args.file) as db, db.read() as s:
        prompts = prompts_for(s, db.response_id, day)
        response = s.get(Response, db.response_id)
        assert response is not None
        heading = f"{response.protective_marking} — {response.title}" + (
            " — FICTIONAL DATA" if response.is_demo else ""
        )
    if args.json:
        print(json.dumps([p.to_json() for p in prompts], indent=2, ensure_ascii=False))
        return 0
    print(heading)
    print(f"Prompts as at {(day or date.today()):%d/%m/%Y} (decision support; the meeting decides)")
    if not prompts:
        print("No prompts.")
    for p in prompts:
        status = f"DISMISSED ({p.dismissed_reason})" if p.dismissed else "open"
        span = ""
        if p.first_date:
            span = f"{p.first_date:%d/%m/%Y}"
            if p.last_date and p.last_date != p.first_date:
                span += f"–{p.last_date:%d/%m/%Y}"
        print(f"[{p.rule}] {', '.join(p.people)} | {span} | {status}")
        print(f"    {p.text}")
    return 0

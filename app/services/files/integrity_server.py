"""`check URL`: Circles' own invariants on a response database on a PostgreSQL server.

The same rules as a file's check (app/services/files/integrity.py), read through the
server; what only a file can have (SQLite's page check, its mark) is the server's business.
"""

from __future__ import annotations

import re

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.models.database import DatabaseFileError, open_database
from app.models.entities import Base
from app.models.server import server_message


def _words(exc: BaseException) -> str:
    lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def _postgres(sql: str) -> str:
    """SQLite's null-safe `a IS b` between columns, in PostgreSQL's words."""
    return re.sub(r" IS (?!NULL|NOT)(\w+\.)", r" IS NOT DISTINCT FROM \1", sql)


def check_server(
    url: str, rules: list[tuple[str, str]], coded: list[tuple[str, str]], params: dict[str, str]
) -> list[str]:
    """`rules`, `coded` (integrity.py's coded_checks) and the rules' `params` (today) are
    the file check's (integrity.py hands them over)."""
    try:
        db = open_database(url, readonly=True)
    except DatabaseFileError as exc:
        return [str(exc)]
    problems: list[str] = []
    try:
        with db.engine.connect() as con:
            for t in Base.metadata.sorted_tables:
                if "response_id" in t.c and t.name != "response":
                    n = con.scalar(
                        text(
                            f'SELECT count(*) FROM "{t.name}" '
                            "WHERE response_id NOT IN (SELECT id FROM response)"
                        )
                    )
                    if n:
                        problems.append(
                            f"{n} {t.name.replace('_', ' ')} row(s) belong to no response"
                        )
            for description, sql in rules:
                # The same rules as a file's, in PostgreSQL's words where SQLite's differ; a
                # rule the server cannot run is said, never skipped unseen.
                bound = params if ":today" in sql else {}
                try:
                    with con.begin_nested():
                        rows = con.execute(text(_postgres(sql)), bound).all()
                except SQLAlchemyError as exc:
                    rule = description.format("...")
                    problems.append(f"the rule '{rule}' could not be checked ({_words(exc)})")
                    continue
                for (value,) in rows:
                    problems.append(description.format(value))
            for sql, sentence in coded:
                for row_id, value in con.execute(text(sql)):
                    problems.append(sentence.format(row_id, value))
    except SQLAlchemyError as exc:
        assert db.server is not None
        problems.append(server_message(db.server, exc))
    finally:
        db.close()
    return problems

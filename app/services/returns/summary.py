"""The Summary sheet's "Agency returns" rows (the same figures as the Coverage tab)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app.services.returns.status import returns_status


def summary_returns_rows(session: Session, response_id: int) -> list[tuple[str, list[Any]]]:
    """(kind, cells) rows in the Summary's layout: Figure, Value, Assessed, Outstanding,
    Young people; here agency, sent, received, outstanding and the returns in words."""
    rows: list[tuple[str, list[Any]]] = [
        ("section", ["Agency returns"]),
        ("sub", ["Agency", "Sent", "Received", "Outstanding", "Returns (sent; received)"]),
    ]
    status = returns_status(session, response_id)
    if not status:
        rows.append(("row", ["No agency returns sent"]))
    for agency, item in status.items():
        words = "; ".join(
            f"{r.return_id}: {r.people} sent {r.sent_at:%d/%m/%Y}, "
            + (f"received {r.received_at:%d/%m/%Y}" if r.received_at else "not yet received")
            for r in item.returns
        )
        rows.append(("row", [agency, item.sent, item.received, item.outstanding, words]))
    return rows

"""Returns sent, received and outstanding, per agency: what the chair sees (no Qt).

Counts are of young people: `sent` every young person listed in a return to the agency,
`received` those whose return has come back (imported), `outstanding` the rest. A return is
received as a whole, when its workbook is imported. The same numbers are shown on the
Coverage tab, under the `returns` key of `coverage --json` and on the workbook's Summary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.entities import AgencyReturn


@dataclass
class SentReturn:
    return_id: str
    agency: str
    sent_at: datetime
    people: int = 0
    received_at: datetime | None = None


@dataclass
class AgencyReturns:
    agency: str
    returns: list[SentReturn] = field(default_factory=list)

    @property
    def sent(self) -> int:
        return sum(r.people for r in self.returns)

    @property
    def received(self) -> int:
        return sum(r.people for r in self.returns if r.received_at is not None)

    @property
    def outstanding(self) -> int:
        return self.sent - self.received

    @property
    def last_sent(self) -> datetime | None:
        return max((r.sent_at for r in self.returns), default=None)

    @property
    def last_received(self) -> datetime | None:
        return max((r.received_at for r in self.returns if r.received_at), default=None)

    def to_json(self) -> dict:
        def day(d: datetime | None) -> str | None:
            return d.date().isoformat() if d else None

        return {
            "sent": self.sent,
            "received": self.received,
            "outstanding": self.outstanding,
            "last_sent": day(self.last_sent),
            "last_received": day(self.last_received),
            "returns": [
                {
                    "id": r.return_id,
                    "sent": day(r.sent_at),
                    "people": r.people,
                    "received": day(r.received_at),
                }
                for r in self.returns
            ],
        }


def returns_status(session: Session, response_id: int) -> dict[str, AgencyReturns]:
    """Agency -> its returns, agencies in alphabetical order, returns oldest first."""
    by_id: dict[str, SentReturn] = {}
    rows = session.scalars(
        select(AgencyReturn)
        .where(AgencyReturn.response_id == response_id)
        .order_by(AgencyReturn.sent_at, AgencyReturn.id)
    )
    for row in rows:
        r = by_id.get(row.return_id)
        if r is None:
            r = by_id[row.return_id] = SentReturn(row.return_id, row.agency, row.sent_at)
        r.people += 1
        if row.received_at is not None:
            r.received_at = max(r.received_at or row.received_at, row.received_at)
    out: dict[str, AgencyReturns] = {}
    for r in by_id.values():
        out.setdefault(r.agency, AgencyReturns(r.agency)).returns.append(r)
    return dict(sorted(out.items(), key=lambda kv: kv[0].casefold()))


def returns_json(session: Session, response_id: int) -> dict[str, dict]:
    return {k: v.to_json() for k, v in returns_status(session, response_id).items()}

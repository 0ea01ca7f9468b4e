"""Fill a throwaway database with many open cases, fast (for the reminder and staff-command benchmarks).

The cases look like a busy year's backlog: received over the last 30 days, so their deadlines fall over the coming
month; a small share already overdue or extended. Rows go in through SQLAlchemy Core in large batches, not through
the pipeline (that would take hours for a million).
"""

import random
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert

from handlers.deadlines import statutory_deadline
from storage.models import Case
from storage.store import Database

LABELS = ("access", "erasure", "rectification", "marketing_optout", "objection", "question", "complaint")
STATUSES = ("open", "open", "open", "in_progress", "awaiting_verification")


def fill(db: Database, count: int, now: datetime, seed: int = 7, batch: int = 20_000) -> None:
    """Insert `count` open cases with deadlines spread over the month after `now` (about 2% already overdue)."""
    rng = random.Random(seed)
    table = Case.__table__  # type: ignore[attr-defined]
    with db.engine.begin() as connection:
        rows = []
        for n in range(1, count + 1):
            overdue = rng.random() < 0.02
            received = now - timedelta(days=rng.uniform(31, 40) if overdue else rng.uniform(0, 30))
            deadline: date = statutory_deadline(received)
            extended = deadline + timedelta(days=60) if rng.random() < 0.03 else None
            rows.append(
                {
                    "reference": f"PRV-{received.year}-{n:07d}",
                    "status": rng.choice(STATUSES),
                    "channel": "smtp",
                    "requester_address": f"kunde{n}@example.dk",
                    "requester_name": f"Kunde {n}",
                    "subject": f"Anmodning {n}",
                    "language": "da",
                    "labels": rng.choice(LABELS),
                    "confidence": 0.9,
                    "triage": False,
                    "received_at": received,
                    "deadline": deadline,
                    "deadline_rule": "one month",
                    "extended_deadline": extended,
                    "verified": True,
                }
            )
            if len(rows) == batch:
                connection.execute(insert(table), rows)
                rows = []
        if rows:
            connection.execute(insert(table), rows)


def utc(year: int, month: int, day: int, hour: int) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)

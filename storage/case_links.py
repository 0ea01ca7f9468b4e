"""Queries for linking a complaint to the earlier request it is about ("I wrote to you on 3 March ...").

No table of its own: a link is a "linked_case" event on each of the two cases (the audit trail is the record).
"""

from datetime import datetime

from sqlalchemy import func
from sqlmodel import col, select

from storage.models import Case
from storage.store import Store

EARLIER_CASES_LIMIT = 50  # a requester's recent history; older cases are reached through staff search


def earlier_cases(store: Store, requester_address: str, before: datetime) -> list[Case]:
    """The requester's cases received before `before`, newest first (addresses compared without case)."""
    query = (
        select(Case)
        .where(
            func.lower(Case.requester_address) == requester_address.strip().lower(),
            col(Case.received_at) < before,
        )
        .order_by(col(Case.received_at).desc(), col(Case.id).desc())
        .limit(EARLIER_CASES_LIMIT)
    )
    return list(store.session.exec(query).all())

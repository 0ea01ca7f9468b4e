"""A look at the stored messages waiting for the pipeline, without taking the write lock.

The pipeline reads these ahead and does the pure work on them (parsing, understanding: most of its CPU) before it
opens the transaction that claims them, so the SMTP door, which needs the same lock to say 250, waits only for the
writing. The transaction still claims the rows itself; a row taken meanwhile by another instance costs the look only.
"""

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import bindparam, or_
from sqlmodel import col, func, select

from storage.models import RAW_NEW, Case, RawMessage
from storage.store import Database


class Waiting(NamedTuple):
    id: int
    raw: bytes
    channel: str
    received_at: datetime
    envelope_from: str | None
    envelope_to: str


class LookAhead(NamedTuple):
    waiting: list[Waiting]
    next_case_id: int  # the id the next case will get, if no other writer opens one first (SQLite: max + 1)


_WAITING = (
    select(
        RawMessage.id,
        RawMessage.raw,
        RawMessage.channel,
        RawMessage.received_at,
        RawMessage.envelope_from,
        RawMessage.envelope_to,
    )
    .where(RawMessage.status == RAW_NEW)
    .order_by(col(RawMessage.id))
)
_NOT_LEASED = or_(col(RawMessage.lease_until).is_(None), col(RawMessage.lease_until) <= bindparam("now"))
_LAST_CASE = select(func.max(Case.id))


def look_ahead(db: Database, limit: int, now: datetime) -> LookAhead:
    """The oldest `limit` messages waiting, as a pass would take them (`Store.due_raw`), and the id a case opened
    next would get on SQLite (one more than the largest)."""
    with db.reading() as store:
        query = _WAITING.where(_NOT_LEASED).limit(limit)
        waiting = [Waiting(*row) for row in store.session.execute(query, {"now": now})]
        last = store.session.execute(_LAST_CASE).scalar_one()
    return LookAhead(waiting, (last or 0) + 1)

"""A look at the stored messages waiting for the pipeline, without taking the write lock.

The pipeline reads these ahead and does the pure work on them (parsing, understanding: most of its CPU) before it
opens the transaction that claims them, so the SMTP door, which needs the same lock to say 250, waits only for the
writing. The transaction still claims the rows itself; a row taken meanwhile by another instance costs the look only.
"""

from datetime import datetime
from typing import NamedTuple

from sqlmodel import col, select

from storage.models import RAW_NEW, RawMessage
from storage.store import Database


class Waiting(NamedTuple):
    id: int
    raw: bytes
    channel: str
    received_at: datetime


_WAITING = (
    select(RawMessage.id, RawMessage.raw, RawMessage.channel, RawMessage.received_at)
    .where(RawMessage.status == RAW_NEW)
    .order_by(col(RawMessage.id))
)


def waiting_raw(db: Database, limit: int) -> list[Waiting]:
    """The oldest `limit` messages waiting, as `Store.claim_new_raw` would take them."""
    with db.reading() as store:
        return [Waiting(*row) for row in store.session.execute(_WAITING.limit(limit))]

"""A look, in a read that takes no write lock, at the stored messages a pipeline pass has leased.

The pipeline reads these ahead and does the pure work on them (parsing, understanding, drafting the confirmation:
most of its CPU) before it opens the transaction that claims them, so the SMTP door, which needs the same lock to say
250, waits only for the writing.
"""

from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

from sqlmodel import col, func, select

from storage.models import RAW_NEW, Case, RawMessage
from storage.store import Store


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


_WAITING = select(
    RawMessage.id,
    RawMessage.raw,
    RawMessage.channel,
    RawMessage.received_at,
    RawMessage.envelope_from,
    RawMessage.envelope_to,
).order_by(col(RawMessage.id))
_LAST_CASE = select(func.max(Case.id))


def look_ahead(store: Store, raw_ids: Sequence[int]) -> LookAhead:
    """The messages `raw_ids` (those a pass has just leased) as they were stored, and the id a case opened next
    would get on SQLite (one more than the largest); `store` a read (Database.reading)."""
    query = _WAITING.where(col(RawMessage.id).in_(raw_ids), RawMessage.status == RAW_NEW)
    waiting = [Waiting(*row) for row in store.session.execute(query)]
    last = store.session.execute(_LAST_CASE).scalar_one()
    return LookAhead(waiting, (last or 0) + 1)

"""Queries for the retention job: empty message bodies after closing, delete whole cases after the record period.

Deleting a case walks the foreign keys of every table in the schema, so tables added later are handled too: rows
that exist only for their case (its messages, trail, reminders, and any row whose link to the case is required) are
deleted; a row that merely points at the case through an optional link (an opt-out on the suppression list, say)
stays and loses the link, because it has a purpose of its own.
"""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Table, delete, func, select, update
from sqlmodel import col

from storage.models import (
    OUT_PENDING,
    RAW_NEW,
    Case,
    CaseEvent,
    CaseReminder,
    OutboxMessage,
    RawMessage,
    RetentionRun,
)
from storage.schema import metadata
from storage.store import Store

# Tables whose rows belong to one case even where the link is nullable.
OWNED_BY_CASE = frozenset(
    {RawMessage.__tablename__, OutboxMessage.__tablename__, CaseEvent.__tablename__, CaseReminder.__tablename__}
)


def cases_with_bodies_closed_before(store: Store, cutoff: datetime, limit: int | None = None) -> list[int]:
    query = (
        select(Case.id)
        .where(col(Case.closed_at) <= cutoff, col(Case.bodies_purged_at).is_(None))
        .order_by(col(Case.closed_at), col(Case.id))
    )
    if limit is not None:
        query = query.limit(limit)
    return list(store.session.execute(query).scalars().all())


def empty_case_bodies(store: Store, case_ids: Sequence[int], at: datetime) -> int:
    """Empty the raw messages and outgoing mail of these cases and their subject lines; returns messages emptied."""
    raw = store.session.execute(
        update(RawMessage).where(col(RawMessage.case_id).in_(case_ids), func.length(RawMessage.raw) > 0).values(raw=b"")
    )
    out = store.session.execute(
        update(OutboxMessage)
        .where(col(OutboxMessage.case_id).in_(case_ids), func.length(OutboxMessage.raw) > 0)
        .values(raw=b"")
    )
    store.session.execute(update(Case).where(col(Case.id).in_(case_ids)).values(subject="", bodies_purged_at=at))
    return (raw.rowcount or 0) + (out.rowcount or 0)  # type: ignore[attr-defined]


def _unlinked_raw(cutoff: datetime):  # type: ignore[no-untyped-def]
    return (
        col(RawMessage.case_id).is_(None),
        col(RawMessage.received_at) <= cutoff,
        RawMessage.status != RAW_NEW,
        func.length(RawMessage.raw) > 0,
    )


def _unlinked_out(cutoff: datetime):  # type: ignore[no-untyped-def]
    return (
        col(OutboxMessage.case_id).is_(None),
        col(OutboxMessage.created_at) <= cutoff,
        OutboxMessage.status != OUT_PENDING,
        func.length(OutboxMessage.raw) > 0,
    )


def count_unlinked_bodies(store: Store, cutoff: datetime) -> int:
    """Stored mail that belongs to no case (ignored, quarantined, staff digests) and is older than `cutoff`."""
    raw = store.session.execute(select(func.count()).select_from(RawMessage).where(*_unlinked_raw(cutoff))).scalar()
    out = store.session.execute(select(func.count()).select_from(OutboxMessage).where(*_unlinked_out(cutoff))).scalar()
    return (raw or 0) + (out or 0)


def empty_unlinked_bodies(store: Store, cutoff: datetime) -> int:
    raw = store.session.execute(update(RawMessage).where(*_unlinked_raw(cutoff)).values(raw=b""))
    out = store.session.execute(update(OutboxMessage).where(*_unlinked_out(cutoff)).values(raw=b""))
    return (raw.rowcount or 0) + (out.rowcount or 0)  # type: ignore[attr-defined]


def cases_closed_before(store: Store, cutoff: datetime, limit: int | None = None) -> list[tuple[int, str]]:
    """(id, reference) of cases closed on or before `cutoff`, oldest first."""
    query = select(Case.id, Case.reference).where(col(Case.closed_at) <= cutoff).order_by(col(Case.closed_at))
    if limit is not None:
        query = query.limit(limit)
    return [(case_id, reference) for case_id, reference in store.session.execute(query).all()]


def delete_cases(store: Store, case_ids: Sequence[int]) -> None:
    """Delete these cases and every row that exists only for them (see the module docstring)."""
    if case_ids:
        _delete_rows(store, metadata.tables[Case.__tablename__], list(case_ids))


def _delete_rows(store: Store, table: Table, ids: list[int]) -> None:
    for other in metadata.sorted_tables:
        for key in other.foreign_keys:
            if key.column.table is not table:
                continue
            link = key.parent
            if link.nullable and other.name not in OWNED_BY_CASE:
                store.session.execute(update(other).where(link.in_(ids)).values({link.name: None}))
            elif "id" in other.c:
                child_ids = list(store.session.execute(select(other.c.id).where(link.in_(ids))).scalars().all())
                if child_ids:
                    _delete_rows(store, other, child_ids)
            else:
                store.session.execute(delete(other).where(link.in_(ids)))
    store.session.execute(delete(table).where(table.c.id.in_(ids)))


def add_retention_run(store: Store, run: RetentionRun) -> None:
    store.session.add(run)


def last_retention_run(store: Store) -> datetime | None:
    return store.session.execute(select(func.max(RetentionRun.at))).scalar()


def retention_runs(store: Store) -> list[RetentionRun]:
    return list(store.session.execute(select(RetentionRun).order_by(col(RetentionRun.id))).scalars().all())

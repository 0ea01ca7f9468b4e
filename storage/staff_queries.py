"""Queries for staff work: the reminder pass, case filters, the register export and the calendar feed.

Functions take a `Store` (one transaction) and use its session. The reminder pass reads open cases through the
(status, deadline) and (status, extended_deadline) indexes, so its cost follows the cases near their deadline, not
the size of the register.
"""

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, bindparam, insert, literal, or_, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import col, select

from storage.models import Case, CaseEvent, CaseReminder
from storage.store import Store

CHUNK = 5000  # rows per statement: 10,000 parameters, under SQLite's 32,766 and PostgreSQL's 65,535


@dataclass(frozen=True)
class OpenCase:
    """The columns the reminder pass needs to decide (no message text is read)."""

    id: int
    reference: str
    status: str
    labels: str
    triage: bool
    received_at: datetime
    deadline: date
    extended_deadline: date | None
    assignee: str | None


def reminder_candidates(store: Store, statuses: Sequence[str], today: date) -> list[OpenCase]:
    """Cases in `statuses` the pass must look at on `today`: never looked at, or their next possible stage is due.

    Both halves read the (status, next_reminder_on) index, so a pass costs what is due, not what is open.
    """
    columns = (
        Case.id,
        Case.reference,
        Case.status,
        Case.labels,
        Case.triage,
        Case.received_at,
        Case.deadline,
        Case.extended_deadline,
        Case.assignee,
    )
    open_ = col(Case.status).in_(statuses)
    new = select(*columns).where(open_, col(Case.next_reminder_on).is_(None))
    due = select(*columns).where(open_, col(Case.next_reminder_on) <= today)
    rows = [*store.session.execute(new).all(), *store.session.execute(due).all()]
    return sorted((OpenCase(*row) for row in rows), key=lambda case: case.id)


def record_next_reminders(store: Store, hints: Sequence[tuple[int, date]]) -> None:
    """Remember, per case, the first day a pass could find a new stage (a plain UPDATE: the hint is no reason to
    forget the hint, see storage.models.forget_reminder_hint)."""
    if hints:
        table = Case.__table__  # type: ignore[attr-defined]
        statement = update(table).where(table.c.id == bindparam("case_id")).values(next_reminder_on=bindparam("day"))
        store.session.connection().execute(statement, [{"case_id": case_id, "day": day} for case_id, day in hints])


def recorded_stages(store: Store, stages: Iterable[str]) -> set[tuple[int, str]]:
    """The (case id, stage) pairs already recorded for these stage strings.

    A day's stages are few distinct strings (they carry the date they concern), so this reads the (stage, case_id)
    index for each instead of shipping every candidate's id to the database.
    """
    wanted = sorted(set(stages))
    found: set[tuple[int, str]] = set()
    for start in range(0, len(wanted), CHUNK):
        query = select(CaseReminder.case_id, CaseReminder.stage).where(
            col(CaseReminder.stage).in_(wanted[start : start + CHUNK])
        )
        found.update((case_id, stage) for case_id, stage in store.session.execute(query).all())
    return found


def subjects(store: Store, case_ids: Sequence[int]) -> dict[int, str]:
    """Subject lines of these cases (for the digest; read only for the cases it lists)."""
    found: dict[int, str] = {}
    for start in range(0, len(case_ids), CHUNK):
        query = select(Case.id, Case.subject).where(col(Case.id).in_(case_ids[start : start + CHUNK]))
        found.update((case_id, subject) for case_id, subject in store.session.execute(query).all())
    return found


def record_stages(store: Store, stages: Sequence[tuple[int, str, date]], at: datetime) -> set[tuple[int, str]]:
    """Record reminder stages; returns the pairs this transaction recorded (a pair another instance holds is skipped).

    ON CONFLICT DO NOTHING on the unique (case_id, stage): on PostgreSQL a concurrent instance waits for ours to
    commit and then gets nothing back, so each stage is reminded by exactly one pass.
    """
    if not stages:
        return set()
    postgres = store.session.get_bind().dialect.name == "postgresql"
    upsert = pg_insert if postgres else sqlite_insert
    statement = (
        upsert(CaseReminder)
        .on_conflict_do_nothing(index_elements=["case_id", "stage"])
        .returning(CaseReminder.case_id, CaseReminder.stage)
    )
    rows = [{"case_id": case_id, "stage": stage, "concerns": day, "sent_at": at} for case_id, stage, day in stages]
    # A parameter list runs as SQLAlchemy's batched multi-row INSERT ... RETURNING ("insertmanyvalues").
    return {(case_id, stage) for case_id, stage in store.session.connection().execute(statement, rows).all()}


def record_reminded(store: Store, pairs: Sequence[tuple[int, str]], at: datetime, actor: str) -> None:
    """A `reminded` event in each case's trail, inserted in one batch (a pass may remind thousands of cases)."""
    if pairs:
        rows = [
            {"case_id": case_id, "at": at, "actor": actor, "kind": "reminded", "detail": json.dumps({"stage": stage})}
            for case_id, stage in pairs
        ]
        store.session.connection().execute(insert(CaseEvent), rows)


def reminders_for_case(store: Store, case_id: int) -> list[CaseReminder]:
    query = select(CaseReminder).where(CaseReminder.case_id == case_id).order_by(col(CaseReminder.id))
    return list(store.session.exec(query).all())


def find_cases(
    store: Store,
    *,
    status: str | None = None,
    label: str | None = None,
    due_by: date | None = None,
    overdue_on: date | None = None,
    triage: bool = False,
    open_statuses: Sequence[str] = (),
) -> list[Case]:
    """Cases oldest first, filtered; `due_by` and `overdue_on` look at open cases and the deadline in force, `triage`
    at open cases awaiting staff's reading."""
    filters = _case_filters(status, label, due_by, overdue_on, triage, open_statuses)
    return list(store.session.exec(select(Case).where(*filters).order_by(col(Case.id))).all())


def _case_filters(
    status: str | None,
    label: str | None,
    due_by: date | None,
    overdue_on: date | None,
    triage: bool,
    open_statuses: Sequence[str],
) -> list[Any]:
    filters: list[Any] = []
    if status is not None:
        filters.append(Case.status == status)
    if label is not None:
        # labels is a comma-separated list: match a whole label, not a part of one
        filters.append((literal(",") + Case.labels + literal(",")).like(f"%,{label},%"))
    if due_by is not None or overdue_on is not None or triage:
        filters.append(col(Case.status).in_(open_statuses))
    if triage:
        filters.append(col(Case.triage).is_(True))
    if due_by is not None:
        filters.append(_deadline_in_force_on_or_before(due_by))
    if overdue_on is not None:
        filters.append(_deadline_in_force_before(overdue_on))
    return filters


def _deadline_in_force_on_or_before(day: date):  # type: ignore[no-untyped-def]
    return or_(
        and_(col(Case.extended_deadline).is_(None), col(Case.deadline) <= day),
        col(Case.extended_deadline) <= day,
    )


def _deadline_in_force_before(day: date):  # type: ignore[no-untyped-def]
    return or_(
        and_(col(Case.extended_deadline).is_(None), col(Case.deadline) < day),
        col(Case.extended_deadline) < day,
    )


def all_cases(store: Store, batch: int = 1000) -> Iterator[Case]:
    """Every case in reference order, read in batches by id so a large register never sits in memory at once."""
    last = 0
    while True:
        query = select(Case).where(col(Case.id) > last).order_by(col(Case.id)).limit(batch)
        rows = list(store.session.exec(query).all())
        if not rows:
            return
        yield from rows
        last = rows[-1].id  # type: ignore[assignment]
        store.session.expunge_all()  # the batch is written out; let it go


def cases_in_statuses(store: Store, statuses: Iterable[str]) -> list[Case]:
    query = select(Case).where(col(Case.status).in_(list(statuses))).order_by(col(Case.id))
    return list(store.session.exec(query).all())

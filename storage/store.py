"""All queries the rest of the program uses, behind one object per transaction.

`Database.transaction()` opens a session and commits it on a clean exit (rolls back on an exception): callers see
units of work, never SQLAlchemy. On SQLite each transaction holds the write lock (storage.engine); on PostgreSQL, row
claims use FOR UPDATE SKIP LOCKED so several instances can share the queue.
"""

import json
import threading
from collections import deque
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NamedTuple, Protocol, cast

from sqlalchemy import Engine, Update, bindparam, func, insert, or_, update
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import configure_mappers, make_transient_to_detached
from sqlalchemy.orm.instrumentation import manager_of_class
from sqlmodel import Session, col, select

from storage import migrate
from storage.engine import READ_ONLY, make_engine
from storage.models import (
    OUT_FAILED,
    OUT_PENDING,
    OUT_SENT,
    RAW_NEW,
    RAW_QUARANTINED,
    Case,
    CaseEvent,
    OutboxMessage,
    RawMessage,
)
from storage.writer_lock import writer_lock

# Plain Core statements for the rows written once or more per message: built once, and no ORM object, flush or
# in-session bookkeeping per row (each of which costs more than the statement).
_CASES = Case.__table__  # type: ignore[attr-defined]
_OUTBOX = OutboxMessage.__table__  # type: ignore[attr-defined]
_INSERT_EVENT = insert(CaseEvent.__table__)  # type: ignore[arg-type]
_INSERT_OUTBOX = insert(_OUTBOX)
_CASE_COLUMNS = tuple(column.name for column in _CASES.columns if column.name != "id")
_INSERT_CASE = insert(_CASES).returning(_CASES.c.id)
_CASE_FIELDS = frozenset(Case.model_fields)
CASE_DEFAULTS = {name: field.default for name, field in Case.model_fields.items() if not field.is_required()}
# Plain values only: a default factory (a timestamp, a list) would be called once here and shared by every case.
assert not any(field.default_factory for field in Case.model_fields.values()), "Store.new_case: call the factories"
_CASE_MAPPER = sa_inspect(Case)
_NEW_CASE_OBJECT = manager_of_class(Case).new_instance  # how the ORM makes an object for a row it reads
# An outcome is written only while the row still carries the lease its sender was given: a sender that overran it
# (a slow relay) must not overwrite the outcome, or free the claim, of the sender that took the row over.
_OURS = (_OUTBOX.c.id == bindparam("outbox_id"), _OUTBOX.c.lease_until.is_not_distinct_from(bindparam("lease")))
_MARK_SENT = (
    update(_OUTBOX).where(*_OURS).values(status=OUT_SENT, sent_at=bindparam("sent"), lease_until=None, last_error=None)
)
_MARK_RETRY = (
    update(_OUTBOX)
    .where(*_OURS)
    .values(
        status=bindparam("new_status"),
        next_attempt_at=bindparam("retry_at"),
        lease_until=None,
        last_error=bindparam("error"),
        deferrals=_OUTBOX.c.deferrals + bindparam("deferred"),
    )
)
# A message already stored (same key) is no error: the door answers 250 for it again.
_RAW = RawMessage.__table__  # type: ignore[attr-defined]
_INSERT_RAW_SQLITE = sqlite_insert(_RAW).on_conflict_do_nothing(index_elements=["message_key"]).returning(_RAW.c.id)
_INSERT_RAW_PG = pg_insert(_RAW).on_conflict_do_nothing(index_elements=["message_key"]).returning(_RAW.c.id)
# Reads that need nothing the session holds unflushed (outbox rows are inserted directly; the identity check changes
# no message row), so they skip the ORM and its flush.
_REPLIES_SINCE = (
    select(func.count())
    .select_from(_OUTBOX)
    .where(_OUTBOX.c.recipient == bindparam("recipient"), _OUTBOX.c.created_at >= bindparam("since"))
)
_FIRST_INBOUND = (
    select(_RAW.c.id, _RAW.c.message_key).where(_RAW.c.case_id == bindparam("case_id")).order_by(_RAW.c.id).limit(1)
)


def _claim_outbox(postgres: bool) -> Update:
    """Due messages of a channel, oldest due first, leased: the due rows in a CTE, which runs once (a subquery with
    LIMIT and SKIP LOCKED may run again and claim more)."""
    now = bindparam("now", type_=_OUTBOX.c.next_attempt_at.type)
    due = (
        select(_OUTBOX.c.id)
        .where(
            _OUTBOX.c.status == OUT_PENDING,
            _OUTBOX.c.channel == bindparam("of_channel"),
            _OUTBOX.c.next_attempt_at <= now,
            or_(_OUTBOX.c.lease_until.is_(None), _OUTBOX.c.lease_until <= now),
        )
        .order_by(_OUTBOX.c.next_attempt_at, _OUTBOX.c.id)
        .limit(bindparam("limit"))
    )
    due_rows = (due.with_for_update(skip_locked=True) if postgres else due).cte("due")
    return (
        update(_OUTBOX)
        .where(_OUTBOX.c.id == due_rows.c.id)
        .values(lease_until=bindparam("lease", type_=_OUTBOX.c.lease_until.type), attempts=_OUTBOX.c.attempts + 1)
        .returning(*_OUTBOX.c)
    )


_AWAITING_IDENTITY = (
    select(Case)
    .where(
        Case.status == bindparam("status"),
        ~select(OutboxMessage.id).where(OutboxMessage.case_id == Case.id, OutboxMessage.status == OUT_PENDING).exists(),
    )
    .order_by(col(Case.id))
    .limit(bindparam("limit"))
)
_AWAITING_IDENTITY_PG = _AWAITING_IDENTITY.with_for_update(skip_locked=True, of=Case)
_CLAIM_OUTBOX = _claim_outbox(postgres=False)
_CLAIM_OUTBOX_PG = _claim_outbox(postgres=True)
# A pipeline pass's messages: chosen and leased (an attempt counted) in one transaction, claimed in the next.
_LEASE = bindparam("lease", type_=_RAW.c.lease_until.type)  # the column's type: stored and compared the same way
_DUE_RAW = (
    select(_RAW.c.id, _RAW.c.attempts, _RAW.c.error)
    .where(_RAW.c.status == RAW_NEW, or_(_RAW.c.lease_until.is_(None), _RAW.c.lease_until <= bindparam("now")))
    .order_by(_RAW.c.id)
    .limit(bindparam("limit"))
)
_DUE_RAW_PG = _DUE_RAW.with_for_update(skip_locked=True)
_IDS = _RAW.c.id.in_(bindparam("ids", expanding=True))
_LEASED = (_IDS, _RAW.c.status == RAW_NEW)
_LEASE_RAW = update(_RAW).where(_IDS).values(attempts=_RAW.c.attempts + 1, lease_until=_LEASE)
_RELEASE_RAW = (
    update(_RAW).where(*_LEASED, _RAW.c.lease_until == _LEASE).values(attempts=_RAW.c.attempts - 1, lease_until=None)
)
_CLAIM_RAW = select(RawMessage).where(*_LEASED, col(RawMessage.lease_until) == _LEASE).order_by(col(RawMessage.id))
_CLAIM_RAW_PG = _CLAIM_RAW.with_for_update()
_SET_REFERENCE = update(_CASES).where(_CASES.c.id == bindparam("case_id")).values(reference=bindparam("reference"))


def case_object(values: dict[str, Any]) -> Case:
    """A Case holding `values` (every column), made as the ORM makes one for a row it reads: Case(...) sets each
    attribute through the ORM's instrumentation, which costs more than inserting the row. In no session."""
    if not _CASE_MAPPER.configured:  # what Case(...) does first: the attributes need their configured mapper
        configure_mappers()
    case = _NEW_CASE_OBJECT()
    case.__dict__.update(values)
    return case


def case_reference(case_id: int, received_at: datetime) -> str:
    """PRV-<year of receipt>-<case number>: what requesters and staff call a case."""
    return f"PRV-{received_at.year}-{case_id:06d}"


class ClaimedOutbox(Protocol):
    """An outbox row as a sender claimed it: the row's columns, read-only (what happens to it is written back with
    mark_sent, mark_retry or release_outbox)."""

    @property
    def id(self) -> int: ...
    @property
    def case_id(self) -> int | None: ...
    @property
    def kind(self) -> str: ...
    @property
    def channel(self) -> str: ...
    @property
    def sender(self) -> str: ...
    @property
    def recipient(self) -> str: ...
    @property
    def message_id(self) -> str: ...
    @property
    def raw(self) -> bytes: ...
    @property
    def attempts(self) -> int: ...
    @property
    def deferrals(self) -> int: ...
    @property
    def lease_until(self) -> datetime | None: ...


class DueRaw(NamedTuple):
    """A waiting message as a pass looks at it before leasing it."""

    id: int
    attempts: int  # tries started (each counted at its start)
    error: str | None  # what the last try that ended in an exception said


@dataclass(frozen=True)
class StoredRaw:
    """What the receiver learns from storing a message: its row id and whether it was new."""

    id: int
    created: bool


class Store:
    """The queries of one transaction."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._postgres = session.get_bind().dialect.name == "postgresql"
        self._new_cases: list[Case] = []  # added in this transaction (see savepoint)

    # -- inbound ---------------------------------------------------------------------------------------------

    def add_raw(
        self,
        *,
        channel: str,
        received_at: datetime,
        envelope_from: str | None,
        envelope_to: Sequence[str],
        message_key: str,
        message_id: str | None,
        raw: bytes,
    ) -> StoredRaw:
        """Insert the message unless the same one (same key) is already stored; a duplicate is not an error."""
        values = {
            "channel": channel,
            "received_at": received_at,
            "envelope_from": envelope_from,
            "envelope_to": ",".join(envelope_to),
            "message_key": message_key,
            "message_id": message_id,
            "raw": raw,
            "status": RAW_NEW,
            "attempts": 0,
        }
        statement = _INSERT_RAW_PG if self._postgres else _INSERT_RAW_SQLITE
        new_id = self.session.connection().execute(statement, values).scalar_one_or_none()
        if new_id is not None:
            return StoredRaw(id=new_id, created=True)
        existing = self.session.exec(select(RawMessage.id).where(RawMessage.message_key == message_key)).one()
        return StoredRaw(id=existing, created=False)

    def due_raw(self, now: datetime, limit: int) -> list[DueRaw]:
        """The oldest messages waiting that no pass under way holds (no lease, or an ended one), locked for this
        transaction (skipped by other instances on PostgreSQL)."""
        query = _DUE_RAW_PG if self._postgres else _DUE_RAW
        return [DueRaw(*row) for row in self.session.connection().execute(query, {"now": now, "limit": limit})]

    def lease_raw(self, raw_ids: Sequence[int], lease_until: datetime) -> None:
        """Count an attempt on each message at its start and lease it to the pass; committed before the work, so a
        pass that dies has counted it."""
        self.session.connection().execute(_LEASE_RAW, {"ids": list(raw_ids), "lease": lease_until})

    def release_raw(self, raw_ids: Sequence[int], lease_until: datetime) -> None:
        """Hand leased messages back untried, their attempt not counted (the database failed, not the messages)."""
        self.session.connection().execute(_RELEASE_RAW, {"ids": list(raw_ids), "lease": lease_until})

    def quarantine_raw(self, raw_id: int, reason: str) -> None:
        self.session.connection().execute(
            update(_RAW)
            .where(_RAW.c.id == raw_id)
            .values(status=RAW_QUARANTINED, error=reason[:1000], lease_until=None)
        )

    def claim_raw(self, raw_ids: Sequence[int], lease_until: datetime) -> list[RawMessage]:
        """The messages leased to this pass, still waiting, oldest first, locked for this transaction."""
        query = _CLAIM_RAW_PG if self._postgres else _CLAIM_RAW
        return list(self.session.exec(query, params={"ids": list(raw_ids), "lease": lease_until}).all())

    def count_raw(self, status: str | None = None) -> int:
        query = select(func.count()).select_from(RawMessage)
        if status is not None:
            query = query.where(RawMessage.status == status)
        return self.session.exec(query).one()

    def quarantined(self) -> list[RawMessage]:
        return list(self.session.exec(select(RawMessage).where(RawMessage.status == RAW_QUARANTINED)).all())

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """Undo only this block's writes when it raises (one bad message must not undo its neighbours).

        The cases it added leave the session too: they joined it as loaded rows (add_case), which a rolled-back
        savepoint does not take out, and SQLite hands their ids out again.
        """
        added = len(self._new_cases)
        try:
            with self.session.begin_nested():
                yield
        except BaseException:
            for case in self._new_cases[added:]:
                if case in self.session:
                    self.session.expunge(case)
            del self._new_cases[added:]
            raise

    # -- cases -----------------------------------------------------------------------------------------------

    def add_case(self, case: Case) -> Case:
        """Insert a case and give it its reference, PRV-<year of receipt>-<number>.

        Two plain statements (the id comes back from the INSERT; the reference is made from it), and the object joins
        the session as a loaded row: an ORM flush of a new object costs several times more, and this is once per
        message. Later changes to the object are flushed as usual.
        """
        case.id, case.reference = self._insert_case({name: getattr(case, name) for name in _CASE_COLUMNS})
        return self._joined(case)

    def new_case(self, **columns: Any) -> Case:
        """add_case for a case given by its column values (those without a default are required), made by
        case_object (once per message: Case(...) would cost more than both statements)."""
        values = {**CASE_DEFAULTS, **columns}
        if values.keys() != _CASE_FIELDS:
            raise TypeError(f"not the columns of a case: {sorted(values.keys() ^ _CASE_FIELDS)}")
        values["id"], values["reference"] = self._insert_case(values)
        return self._joined(case_object(values))

    def _insert_case(self, values: dict[str, Any]) -> tuple[int, str]:
        """The new case's id and reference, written by two prebuilt statements (the id left to the database)."""
        row = {name: values[name] for name in _CASE_COLUMNS}
        case_id = self.session.connection().execute(_INSERT_CASE, row).scalar_one()
        reference = case_reference(case_id, values["received_at"])
        self.session.connection().execute(_SET_REFERENCE, {"case_id": case_id, "reference": reference})
        return case_id, reference

    def _joined(self, case: Case) -> Case:
        """The inserted case in the session as a loaded row: nothing pending, later changes flushed as usual."""
        make_transient_to_detached(case)
        self.session.add(case)
        self._new_cases.append(case)
        return case

    def case_by_reference(self, reference: str) -> Case | None:
        return self.session.exec(select(Case).where(Case.reference == reference.upper())).first()

    def case_by_id(self, case_id: int) -> Case | None:
        return self.session.get(Case, case_id)

    def case_ids_for_message_ids(self, message_ids: Sequence[str]) -> list[int]:
        """Cases that sent or received any of these Message-IDs (for threading a reply)."""
        if not message_ids:
            return []
        out = select(OutboxMessage.case_id).where(col(OutboxMessage.message_id).in_(message_ids))
        inbound = select(RawMessage.case_id).where(col(RawMessage.message_id).in_(message_ids))
        ids = {i for i in self.session.exec(out).all() if i is not None}
        ids |= {i for i in self.session.exec(inbound).all() if i is not None}
        return sorted(ids)

    def list_cases(self, status: str | None = None, limit: int | None = None, claim: bool = False) -> list[Case]:
        """Cases oldest first; `claim` locks them for this transaction (other instances skip them on PostgreSQL)."""
        query = select(Case).order_by(col(Case.id))
        if status is not None:
            query = query.where(Case.status == status)
        if limit is not None:
            query = query.limit(limit)
        if claim and self._postgres:
            query = query.with_for_update(skip_locked=True)
        return list(self.session.exec(query).all())

    def cases_awaiting_identity(self, status: str, limit: int, lock: bool = True) -> list[Case]:
        """Cases in `status` with nothing left to send: identity work waits until the acknowledgement is out.
        `lock=False` for a look in a read (Database.reading), which must neither lock rows nor wait for them."""
        query = _AWAITING_IDENTITY_PG if self._postgres and lock else _AWAITING_IDENTITY
        return list(self.session.exec(query, params={"status": status, "limit": limit}).all())

    def event_kinds(self, case_id: int) -> set[str]:
        return set(self.session.exec(select(CaseEvent.kind).where(CaseEvent.case_id == case_id)).all())

    def add_event(self, case_id: int, at: datetime, actor: str, kind: str, **detail: Any) -> None:
        """Append to the trail at once with a plain INSERT: no ORM object to build and flush (the hot path writes
        several per message), and later queries in the transaction see it."""
        self.session.connection().execute(
            _INSERT_EVENT,
            {
                "case_id": case_id,
                "at": at,
                "actor": actor,
                "kind": kind,
                "detail": json.dumps(detail, ensure_ascii=False),
            },
        )

    def events(self, case_id: int) -> list[CaseEvent]:
        query = select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(col(CaseEvent.id))
        return list(self.session.exec(query).all())

    def inbound_for_case(self, case_id: int) -> list[RawMessage]:
        query = select(RawMessage).where(RawMessage.case_id == case_id).order_by(col(RawMessage.id))
        return list(self.session.exec(query).all())

    def first_inbound(self, case_id: int) -> tuple[int, str] | None:
        """The id and key of the message that opened the case (without loading any message's bytes)."""
        first = self.session.connection().execute(_FIRST_INBOUND, {"case_id": case_id}).first()
        return (first[0], first[1]) if first is not None else None

    def raw_bytes(self, raw_id: int) -> bytes:
        return self.session.exec(select(RawMessage.raw).where(RawMessage.id == raw_id)).one()

    def outbound_for_case(self, case_id: int) -> list[OutboxMessage]:
        query = select(OutboxMessage).where(OutboxMessage.case_id == case_id).order_by(col(OutboxMessage.id))
        return list(self.session.exec(query).all())

    # -- outbox ----------------------------------------------------------------------------------------------

    def add_outbox(
        self,
        *,
        kind: str,
        sender: str,
        recipient: str,
        message_id: str,
        raw: bytes,
        created_at: datetime,
        case_id: int | None = None,
        channel: str = "email",
    ) -> None:
        """Queue a message, due now, with a plain INSERT (the same row an ORM flush would write, for less work)."""
        self.session.connection().execute(
            _INSERT_OUTBOX,
            {
                "case_id": case_id,
                "kind": kind,
                "channel": channel,
                "sender": sender,
                "recipient": recipient,
                "message_id": message_id,
                "raw": raw,
                "created_at": created_at,
                "next_attempt_at": created_at,
                "status": OUT_PENDING,
                "attempts": 0,
            },
        )

    def replies_since(self, recipient: str, since: datetime) -> int:
        """How many automatic replies went to this address since `since` (the per-address throttle)."""
        return self.session.connection().execute(_REPLIES_SINCE, {"recipient": recipient, "since": since}).scalar_one()

    def claim_outbox(self, now: datetime, limit: int, lease: timedelta, channel: str = "email") -> list[ClaimedOutbox]:
        """Take due messages of one channel (each has its own sender) and lease them, so another sender leaves them
        alone until the lease ends; oldest due first.

        One UPDATE ... RETURNING (the rows come back as they are after it), not ORM objects read and flushed one
        by one: a claim of ten took ~3.8 ms that way, inside the write lock the SMTP door waits on.
        """
        claim = _CLAIM_OUTBOX_PG if self._postgres else _CLAIM_OUTBOX
        values = {"of_channel": channel, "now": now, "limit": limit, "lease": now + lease}
        rows = self.session.connection().execute(claim, values).all()
        rows.sort(key=lambda row: (row.next_attempt_at, row.id))  # RETURNING promises no order
        return cast(list[ClaimedOutbox], rows)  # Rows: read-only, attributes named after the columns

    def mark_sent(self, outbox_id: int, at: datetime, lease: datetime | None) -> None:
        """Plain UPDATEs here and in mark_retry and release_outbox (the senders' rows come from an earlier transaction:
        nothing in this session for the ORM to keep in step), each guarded by the lease the row was claimed with."""
        self.session.connection().execute(_MARK_SENT, {"outbox_id": outbox_id, "sent": at, "lease": lease})

    def mark_retry(
        self,
        outbox_id: int,
        error: str,
        next_attempt_at: datetime,
        give_up: bool,
        lease: datetime | None,
        deferred: bool = True,
    ) -> None:
        """`deferred`: the relay answered (a 4xx), which counts toward giving up; a try that found no relay at all,
        or our own disk full, does not."""
        self.session.connection().execute(
            _MARK_RETRY,
            {
                "outbox_id": outbox_id,
                "new_status": OUT_FAILED if give_up else OUT_PENDING,
                "retry_at": next_attempt_at,
                "error": error[:500],
                "lease": lease,
                "deferred": int(deferred),
            },
        )

    def renew_outbox(self, outbox_ids: Sequence[int], leases: Sequence[datetime], renewed: datetime) -> None:
        """Move the lease of claimed messages still held by one of `leases` (a delivery under way) to `renewed`."""
        self.session.connection().execute(
            update(_OUTBOX)
            .where(_OUTBOX.c.id.in_(outbox_ids), _OUTBOX.c.lease_until.in_(leases))
            .values(lease_until=renewed)
        )

    def release_outbox(
        self, outbox_ids: Sequence[int], next_attempt_at: datetime | None, lease: datetime | None
    ) -> None:
        """Hand claimed messages back untried (the service they go to failed, or time ran short), keeping their
        order; the claim's attempt is not counted. Without `next_attempt_at` each keeps its own due time, and so its
        place before messages queued since (a chat's messages arrive in the order they were written)."""
        if outbox_ids:
            due = {} if next_attempt_at is None else {"next_attempt_at": next_attempt_at}
            self.session.connection().execute(
                update(_OUTBOX)
                .where(_OUTBOX.c.id.in_(outbox_ids), _OUTBOX.c.lease_until.is_not_distinct_from(lease))
                .values(lease_until=None, attempts=_OUTBOX.c.attempts - 1, **due)
            )

    def count_outbox(self, status: str | None = None) -> int:
        query = select(func.count()).select_from(OutboxMessage)
        if status is not None:
            query = query.where(OutboxMessage.status == status)
        return self.session.exec(query).one()

    def next_outbox_due(self) -> datetime | None:
        query = select(func.min(OutboxMessage.next_attempt_at)).where(OutboxMessage.status == OUT_PENDING)
        return self.session.exec(query).one()


class FairLock:
    """A lock handed to its waiters in arrival order.

    threading.Lock lets the thread that releases it take it straight back, so a worker looping over batches could
    keep the SMTP door waiting turn after turn; here a waiting thread always gets the next turn.
    """

    def __init__(self) -> None:
        self._mutex = threading.Lock()
        self._queue: deque[threading.Lock] = deque()
        self._held = False

    def __enter__(self) -> None:
        with self._mutex:
            if not self._held:
                self._held = True
                return
            turn = threading.Lock()
            turn.acquire()
            self._queue.append(turn)
        turn.acquire()  # released by the holder handing over (only worker threads wait here, never the main one)

    def __exit__(self, *_exc: object) -> None:
        with self._mutex:
            if self._queue:
                self._queue.popleft().release()  # still held: now by the next waiter
            else:
                self._held = False


class Database:
    """The engine and the way to open a unit of work; passed in, never global."""

    def __init__(self, url: str, engine: Engine | None = None) -> None:
        self.url = url
        self.engine = engine or make_engine(url)
        # SQLite has one writer at a time and every transaction here writes (BEGIN IMMEDIATE). Threads of this
        # process queue on a lock, which hands over at once, instead of SQLite's busy handler, which sleeps up to
        # 100 ms between tries; processes queue on a lock file beside the database (storage.writer_lock).
        self._writer = FairLock() if self.engine.dialect.name == "sqlite" else nullcontext()
        self._processes = writer_lock(url)
        reading_only: dict[str, bool] = {READ_ONLY: True}
        if self.engine.dialect.name == "postgresql":
            reading_only["postgresql_readonly"] = True  # the server refuses a write: a read stays a read
        self._reader = self.engine.execution_options(**reading_only)

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        with self._writer, self._processes, Session(self.engine, expire_on_commit=False) as session:
            with session.begin():
                yield Store(session)

    @contextmanager
    def reading(self) -> Iterator[Store]:
        """A unit of work that only reads: on SQLite it takes no write lock, so it neither waits for the writer nor
        holds up the SMTP door. What it reads may change before a later transaction: decide again there."""
        with Session(self._reader, expire_on_commit=False, autoflush=False) as session:
            yield Store(session)  # closing the session ends its transaction: nothing to commit

    @property
    def single_writer(self) -> bool:
        """SQLite: one writer at a time, so work that needs no writing is best done before a write transaction."""
        return self.engine.dialect.name == "sqlite"

    def upgrade(self) -> None:
        migrate.upgrade(self.engine)

    def at_head(self) -> bool:
        return migrate.at_head(self.engine)

    def dispose(self) -> None:
        self.engine.dispose()

"""What `privacybot status` reads: heartbeats, the inbound backlog, the outbox and overdue cases, in one transaction.

Read-only: nothing is migrated or created, so the command can say "the database is missing or behind" instead of
quietly making an empty one. Any database failure surfaces as `StatusUnavailable` with what to do about it.
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlmodel import col, select

from storage.heartbeats import Heartbeat, all_heartbeats
from storage.migrate import current_revisions, head_revisions
from storage.models import OUT_FAILED, OUT_PENDING, RAW_NEW, RAW_QUARANTINED, OutboxMessage, RawMessage
from storage.staff_queries import find_cases
from storage.store import Database, Store
from storage.urls import is_sqlite


class StatusUnavailable(Exception):
    """The database cannot be read for a status; the message says why and what to do."""


@dataclass(frozen=True)
class Figures:
    heartbeats: list[Heartbeat]
    inbound_waiting: int  # stored, not yet through the pipeline
    inbound_oldest: datetime | None  # receipt of the oldest of those
    quarantined: int
    outgoing_waiting: int  # due now, not sent
    outgoing_oldest: datetime | None  # since when the longest-waiting one is due
    outgoing_retrying: int  # not sent yet, and the last attempt failed
    outgoing_failed: int  # given up since `failed_since` (giving up sets next_attempt_at from the last attempt)
    overdue: list[tuple[str, date]]  # (reference, deadline in force) of open cases past it, oldest first


def where(url: str) -> str:
    """The database for messages: the SQLite path, or the server URL without its password."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return "(not a database URL)"
    return str(parsed.database) if is_sqlite(url) else parsed.render_as_string(hide_password=True)


def open_for_status(url: str) -> Database:
    """The database, checked to exist, answer and carry the schema this program expects."""
    if is_sqlite(url):
        path = make_url(url).database
        if path and path != ":memory:" and not Path(path).exists():
            raise StatusUnavailable(
                f"no database at {path}: start the service (privacybot run), or point PRIVACYBOT_HOME or "
                "PRIVACYBOT_DATABASE_URL at the one it uses"
            )
    with _unavailable_on_error(url):
        db = Database(url)
    try:
        with _unavailable_on_error(url):
            with db.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            found = current_revisions(db.engine)
        expected = head_revisions()
        if found != expected:
            have = ", ".join(found) or "none"
            raise StatusUnavailable(
                f"the database at {where(url)} has schema revision {have}, this privacybot expects "
                f"{', '.join(expected)}: run `privacybot db upgrade` (privacybot run does it when it starts)"
            )
    except StatusUnavailable:
        db.dispose()
        raise
    return db


def read_figures(
    db: Database, now: datetime, today: date, open_statuses: Sequence[str], failed_since: datetime
) -> Figures:
    """Everything the status reports, read in one transaction; `today` is the local date deadlines are judged on."""
    with _unavailable_on_error(db.url), db.transaction() as store:
        inbound_waiting, inbound_oldest = _waiting_inbound(store)
        outgoing_waiting, outgoing_oldest = _waiting_outgoing(store, now)
        overdue = find_cases(store, overdue_on=today, open_statuses=open_statuses)
        return Figures(
            heartbeats=all_heartbeats(store),
            inbound_waiting=inbound_waiting,
            inbound_oldest=inbound_oldest,
            quarantined=store.count_raw(RAW_QUARANTINED),
            outgoing_waiting=outgoing_waiting,
            outgoing_oldest=outgoing_oldest,
            outgoing_retrying=_count_outbox(
                store, OutboxMessage.status == OUT_PENDING, col(OutboxMessage.last_error).is_not(None)
            ),
            outgoing_failed=_count_outbox(
                store, OutboxMessage.status == OUT_FAILED, col(OutboxMessage.next_attempt_at) >= failed_since
            ),
            overdue=sorted(
                ((case.reference or "", case.extended_deadline or case.deadline) for case in overdue),
                key=lambda item: (item[1], item[0]),
            ),
        )


def _waiting_inbound(store: Store) -> tuple[int, datetime | None]:
    query = select(func.count(), func.min(RawMessage.received_at)).where(RawMessage.status == RAW_NEW)
    count, oldest = store.session.execute(query).one()
    return count, oldest


def _waiting_outgoing(store: Store, now: datetime) -> tuple[int, datetime | None]:
    query = select(func.count(), func.min(OutboxMessage.next_attempt_at)).where(
        OutboxMessage.status == OUT_PENDING, col(OutboxMessage.next_attempt_at) <= now
    )
    count, oldest = store.session.execute(query).one()
    return count, oldest


def _count_outbox(store: Store, *conditions) -> int:  # type: ignore[no-untyped-def]
    return store.session.exec(select(func.count()).select_from(OutboxMessage).where(*conditions)).one()


@contextmanager
def _unavailable_on_error(url: str) -> Iterator[None]:
    try:
        yield
    except ImportError as exc:  # a URL for a database without a driver here
        raise StatusUnavailable(
            f"no driver for the database at {where(url)} ({exc.name}): PRIVACYBOT_DATABASE_URL must name a SQLite "
            "file or a PostgreSQL server"
        ) from exc
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0][:300]
        raise StatusUnavailable(
            f"cannot read the database at {where(url)} ({type(exc).__name__}: {reason}): check that the database "
            "server is running and that PRIVACYBOT_DATABASE_URL names it"
        ) from exc

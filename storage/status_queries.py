"""What `privacybot status` reads: heartbeats, the inbound backlog, the outbox and overdue cases, in one snapshot.

Read-only and through the database driver (storage.plain_reads: monitoring runs it every minute, and importing the
ORM would be most of its time). Nothing is migrated or created, so the command can say "the database is missing or
behind" instead of quietly making an empty one. Any database failure surfaces as `DatabaseUnreadable` with what to do.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from storage.plain_reads import DatabaseUnreadable, HeartbeatRow, PlainReader, unreadable_on_error
from storage.schema_version import HEAD
from storage.states import OUT_FAILED, OUT_PENDING, RAW_NEW, RAW_QUARANTINED
from storage.urls import is_sqlite, shown_url, sqlite_path


@dataclass(frozen=True)
class Figures:
    heartbeats: list[HeartbeatRow]
    inbound_waiting: int  # stored, not yet through the pipeline
    inbound_oldest: datetime | None  # receipt of the oldest of those
    quarantined: int
    outgoing_waiting: int  # due now, not sent
    outgoing_oldest: datetime | None  # since when the longest-waiting one is due
    outgoing_retrying: int  # not sent yet, and the last attempt failed
    outgoing_failed: int  # given up since `failed_since` (giving up sets next_attempt_at from the last attempt)
    overdue: list[tuple[str, date]]  # (reference, deadline in force) of open cases past it, oldest first


class _Backlog(NamedTuple):
    count: int
    oldest: datetime | None


class _Count(NamedTuple):
    count: int


def open_for_status(url: str) -> PlainReader:
    """The database, checked to exist, answer and carry the schema this program expects."""
    with unreadable_on_error(url):
        if is_sqlite(url) and not sqlite_path(url).exists():  # (":memory:" too: nothing a service wrote there)
            raise DatabaseUnreadable(
                f"no database at {sqlite_path(url)}: start the service (privacybot run), or point PRIVACYBOT_HOME or "
                "PRIVACYBOT_DATABASE_URL at the one it uses"
            )
        reader = PlainReader(url)
    try:
        with unreadable_on_error(url):
            found = reader.schema_revisions()
        if found != (HEAD,):
            have = ", ".join(found) or "none"
            raise DatabaseUnreadable(
                f"the database at {shown_url(url)} has schema revision {have}, this privacybot expects {HEAD}: run "
                "`privacybot db upgrade` (privacybot run does it when it starts)"
            )
    except DatabaseUnreadable:
        reader.close()
        raise
    return reader


def read_figures(
    reader: PlainReader, now: datetime, today: date, open_statuses: Sequence[str], failed_since: datetime
) -> Figures:
    """Everything the status reports; `today` is the local date deadlines are judged on."""
    with unreadable_on_error(reader.url), reader.snapshot():
        [inbound] = reader.typed(
            _Backlog, "SELECT count(*), min(received_at) FROM raw_message WHERE status = ?", (RAW_NEW,)
        )
        [outgoing] = reader.typed(
            _Backlog,
            "SELECT count(*), min(next_attempt_at) FROM outbox WHERE status = ? AND next_attempt_at <= ?",
            (OUT_PENDING, reader.instant(now)),
        )
        [quarantined] = reader.typed(_Count, "SELECT count(*) FROM raw_message WHERE status = ?", (RAW_QUARANTINED,))
        [retrying] = reader.typed(
            _Count, "SELECT count(*) FROM outbox WHERE status = ? AND last_error IS NOT NULL", (OUT_PENDING,)
        )
        [failed] = reader.typed(
            _Count,
            "SELECT count(*) FROM outbox WHERE status = ? AND next_attempt_at >= ?",
            (OUT_FAILED, reader.instant(failed_since)),
        )
        overdue, _ = reader.case_summaries(overdue_on=today, open_statuses=open_statuses)
        heartbeats = reader.typed(
            HeartbeatRow,
            f"SELECT {', '.join(HeartbeatRow._fields)} FROM heartbeat ORDER BY updated_at DESC, instance, channel",
        )
    return Figures(
        heartbeats=heartbeats,
        inbound_waiting=inbound.count,
        inbound_oldest=inbound.oldest,
        quarantined=quarantined.count,
        outgoing_waiting=outgoing.count,
        outgoing_oldest=outgoing.oldest,
        outgoing_retrying=retrying.count,
        outgoing_failed=failed.count,
        overdue=sorted(
            ((case.reference or "", case.extended_deadline or case.deadline) for case in overdue),
            key=lambda item: (item[1], item[0]),
        ),
    )

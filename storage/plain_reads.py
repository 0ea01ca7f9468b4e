"""Read-only queries for staff commands, straight through the database driver (sqlite3 or psycopg).

Importing SQLAlchemy and SQLModel takes ~0.5 s, longer than listing 100,000 cases; `privacybot cases list` must
answer within half a second (issue 8), so it reads through this module. The SQL is the same on both back ends; the
values come back as the ORM would give them (aware UTC instants, dates, booleans).
"""

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any, NamedTuple

from storage.schema_version import HEAD
from storage.urls import BadDatabaseUrl, is_postgres, is_sqlite, parse_url, shown_url, sqlite_path


class CaseRow(NamedTuple):
    """What a listing shows of a case (handlers.case_listing.case_summary reads these names)."""

    reference: str
    status: str
    labels: str
    language: str
    channel: str
    received_at: datetime
    deadline: date
    deadline_rule: str
    extended_deadline: date | None
    verified: bool
    customer_number: str | None
    triage: bool


# All of one case that `cases show` prints (handlers.case_listing.case_details reads these names): the listing's
# columns, so that its summary part is the listing's, and the rest of the record.
CaseDetail = NamedTuple(  # type: ignore[misc]  # (the functional form: the listing's fields, then these)
    "CaseDetail",
    [
        *CaseRow.__annotations__.items(),
        ("id", int),
        ("requester_address", str),
        ("requester_name", str),
        ("subject", str),
        ("confidence", float),
        ("extension_reason", str | None),
        ("extended_at", datetime | None),
        ("assignee", str | None),
        ("outcome", str | None),
        ("closed_at", datetime | None),
        ("bodies_purged_at", datetime | None),
    ],
)


class ReminderRow(NamedTuple):
    stage: str
    sent_at: datetime


class InboundRow(NamedTuple):
    received_at: datetime
    message_id: str | None
    status: str


class OutboundRow(NamedTuple):
    kind: str
    message_id: str
    status: str
    sent_at: datetime | None


class EventRow(NamedTuple):
    at: datetime
    actor: str
    kind: str
    detail: str


class HeartbeatRow(NamedTuple):
    """The last word of one channel of one instance (storage.heartbeats.Heartbeat)."""

    instance: str
    channel: str
    state: str
    detail: str
    started_at: datetime
    updated_at: datetime


class CaseTrail(NamedTuple):
    reminders: list[ReminderRow]
    messages_in: list[InboundRow]
    messages_out: list[OutboundRow]
    events: list[EventRow]


def _converters(row_type: type[Any]) -> list[tuple[int, type]]:
    """Which fields of a row type SQLite hands back as text or 0/1 (instants, days, booleans), by position."""
    wanted = (datetime, date, bool)
    found = []
    for index, annotation in enumerate(row_type.__annotations__.values()):
        kinds = [kind for kind in wanted if kind is annotation or kind in getattr(annotation, "__args__", ())]
        if kinds:
            found.append((index, kinds[0]))
    return found


def _from_sqlite(value: Any, kind: type) -> Any:
    if value is None:
        return None
    if kind is datetime:
        return datetime.fromisoformat(value).replace(tzinfo=UTC)  # SQLAlchemy wrote UTC without the offset
    if kind is date:
        return date.fromisoformat(value)
    return bool(value)


def _from_postgres(value: Any, kind: type) -> Any:
    return value.astimezone(UTC) if kind is datetime and value is not None else value


class DatabaseUnreadable(Exception):
    """The database cannot be opened or read; the message says why and what to do (no password in it)."""


def _driver_error(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.Error) or type(exc).__module__.startswith("psycopg")


@contextmanager
def unreadable_on_error(url: str) -> Iterator[None]:
    """Turn a bad URL or a driver's error into DatabaseUnreadable with one line on what to do."""
    try:
        yield
    except BadDatabaseUrl as exc:
        raise DatabaseUnreadable(f"cannot use the database at {shown_url(url)}: {exc}") from exc
    except Exception as exc:
        if not _driver_error(exc):
            raise
        reason = (str(exc).strip().splitlines() or [""])[0][:300]
        raise DatabaseUnreadable(
            f"cannot read the database at {shown_url(url)} ({type(exc).__name__}: {reason}): check that the database "
            "server is running and that PRIVACYBOT_DATABASE_URL names it"
        ) from exc


def _no_such_table(exc: Exception) -> bool:
    if isinstance(exc, sqlite3.OperationalError):
        return "no such table" in str(exc)
    return type(exc).__name__ == "UndefinedTable"  # psycopg.errors.UndefinedTable


class PlainReader:
    """One read-only connection; on SQLite it never creates the file (a missing database is simply not current)."""

    def __init__(self, url: str) -> None:
        """Connect (PostgreSQL) or open the file if it exists (SQLite); BadDatabaseUrl for anything else."""
        self.url = url
        self.sqlite = is_sqlite(url)
        self._connection: Any = None
        if self.sqlite:
            path = sqlite_path(url)
            if path.exists():
                self._connection = sqlite3.connect(path, timeout=30, isolation_level=None)
        elif is_postgres(url):
            import psycopg  # only for PostgreSQL: keeps the SQLite command free of its import

            arguments = parse_url(url).psycopg_arguments()
            self._connection = psycopg.connect(connect_timeout=10, autocommit=True, **arguments)
        else:
            raise BadDatabaseUrl("PRIVACYBOT_DATABASE_URL must name a SQLite file or a PostgreSQL server")

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()

    def schema_revisions(self) -> tuple[str, ...]:
        """The schema revision(s) the database is at; () when it was never migrated (or does not exist)."""
        if self._connection is None:
            return ()
        try:
            return tuple(sorted(row[0] for row in self._rows("SELECT version_num FROM alembic_version", ())))
        except Exception as exc:
            if _no_such_table(exc):
                return ()
            raise

    def at_head(self) -> bool:
        """Whether the database carries exactly this program's schema (False when missing, behind or unreadable:
        the caller then goes the ORM way, which migrates or says what is wrong)."""
        try:
            return self.schema_revisions() == (HEAD,)
        except Exception as exc:
            if _driver_error(exc):
                return False
            raise

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Several reads that see one state of the database (one read-only transaction, one snapshot)."""
        if self.sqlite:
            self._connection.execute("BEGIN")
            try:
                yield
            finally:
                self._connection.execute("ROLLBACK")  # read only: nothing to keep
        else:
            with self._connection.transaction(force_rollback=True):
                self._connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                yield

    def case_summaries(
        self,
        *,
        status: str | None = None,
        label: str | None = None,
        due_by: date | None = None,
        overdue_on: date | None = None,
        triage: bool = False,
        open_statuses: Sequence[str] = (),
        limit: int | None = None,
    ) -> tuple[list[CaseRow], int]:
        """The listing columns of the matching cases oldest first (at most `limit`), and how many match in all."""
        where, params = self._case_filters(status, label, due_by, overdue_on, triage, open_statuses)
        query = f"SELECT {', '.join(CaseRow._fields)} FROM cases{where} ORDER BY id"
        if limit is not None:
            query += f" LIMIT {int(limit)}"
        rows = self._typed(CaseRow, self._rows(query, params))
        if limit is None or len(rows) < limit:
            return rows, len(rows)
        total = next(iter(self._rows(f"SELECT count(*) FROM cases{where}", params)))[0]
        return rows, int(total)

    def case_by_reference(self, reference: str) -> CaseDetail | None:
        query = f"SELECT {', '.join(CaseDetail._fields)} FROM cases WHERE reference = ?"
        found = self._typed(CaseDetail, self._rows(query, (reference.upper(),)))
        return found[0] if found else None

    def case_trail(self, case_id: int) -> CaseTrail:
        """A case's reminders, messages in and out, and audit trail, each oldest first."""

        def rows(row_type: type[Any], table: str) -> list[Any]:
            query = f"SELECT {', '.join(row_type._fields)} FROM {table} WHERE case_id = ? ORDER BY id"
            return self._typed(row_type, self._rows(query, (case_id,)))

        return CaseTrail(
            reminders=rows(ReminderRow, "case_reminder"),
            messages_in=rows(InboundRow, "raw_message"),
            messages_out=rows(OutboundRow, "outbox"),
            events=rows(EventRow, "case_event"),
        )

    def typed(self, row_type: type[Any], query: str, params: Sequence[Any] = ()) -> list[Any]:
        """Any read (`?` placeholders, columns in the order of `row_type`'s fields), rows as `row_type`."""
        return self._typed(row_type, self._rows(query, params))

    def _case_filters(
        self,
        status: str | None,
        label: str | None,
        due_by: date | None,
        overdue_on: date | None,
        triage: bool,
        open_statuses: Sequence[str],
    ) -> tuple[str, list[Any]]:
        """The WHERE clause of storage.staff_queries._case_filters, for the same arguments."""
        clauses: list[str] = []
        params: list[Any] = []
        if status is not None:
            clauses.append("status = ?")
            params.append(status)
        if label is not None:
            clauses.append("(',' || labels || ',') LIKE ?")  # a whole label of the comma-separated list
            params.append(f"%,{label},%")
        if due_by is not None or overdue_on is not None or triage:
            clauses.append(f"status IN ({', '.join('?' for _ in open_statuses)})" if open_statuses else "1 = 0")
            params.extend(open_statuses)
        if triage:
            clauses.append("triage = ?")
            params.append(True)
        for day, operator in ((due_by, "<="), (overdue_on, "<")):
            if day is not None:
                clauses.append(
                    f"((extended_deadline IS NULL AND deadline {operator} ?) OR extended_deadline {operator} ?)"
                )
                params.extend([self._day(day)] * 2)
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params

    def _rows(self, query: str, params: Sequence[Any]) -> Any:
        if self.sqlite:
            return self._connection.execute(query, params)
        return self._connection.execute(query.replace("?", "%s"), params)

    def _day(self, day: date) -> Any:
        return day.isoformat() if self.sqlite else day

    def instant(self, at: datetime) -> Any:
        """An instant as a query parameter, the way SQLAlchemy wrote it (SQLite: UTC text without the offset)."""
        return at.astimezone(UTC).replace(tzinfo=None).isoformat(" ", timespec="microseconds") if self.sqlite else at

    def _typed(self, row_type: type[Any], rows: Any) -> list[Any]:
        """Rows as `row_type`, each value as the ORM would give it (aware UTC instants, days, booleans)."""
        convert = _from_sqlite if self.sqlite else _from_postgres
        fields = _converters(row_type)
        typed = []
        for row in rows:
            values = list(row)
            for index, kind in fields:
                values[index] = convert(values[index], kind)
            typed.append(row_type(*values))
        return typed

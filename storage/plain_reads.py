"""Read-only queries for staff commands, straight through the database driver (sqlite3 or psycopg).

Importing SQLAlchemy and SQLModel takes ~0.5 s, longer than listing 100,000 cases; `privacybot cases list` must
answer within half a second (issue 8), so it reads through this module. The SQL is the same on both back ends; the
values come back as the ORM would give them (aware UTC instants, dates, booleans).
"""

import sqlite3
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, NamedTuple

from storage.schema_version import HEAD
from storage.urls import is_sqlite


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


_COLUMNS = ", ".join(CaseRow._fields)


class PlainReader:
    """One read-only connection; on SQLite it never creates the file (a missing database is simply not current)."""

    def __init__(self, url: str) -> None:
        self.sqlite = is_sqlite(url)
        self._connection: Any = None
        if self.sqlite:
            path = Path(url.split(":///", 1)[1].split("?", 1)[0])
            if path.exists():
                self._connection = sqlite3.connect(path, timeout=30)
        else:
            import psycopg  # only for PostgreSQL: keeps the SQLite command free of its import

            scheme, rest = url.split("://", 1)
            self._connection = psycopg.connect(f"postgresql://{rest}", connect_timeout=10, autocommit=True)

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()

    def at_head(self) -> bool:
        """Whether the database carries exactly this program's schema (False when missing or never migrated)."""
        if self._connection is None:
            return False
        try:
            found = [row[0] for row in self._rows("SELECT version_num FROM alembic_version", ())]
        except Exception as exc:  # no such table: each driver names the error its own way
            if self.sqlite and isinstance(exc, sqlite3.Error):
                return False
            if not self.sqlite and type(exc).__module__.startswith("psycopg"):
                self._connection.rollback()
                return False
            raise
        return found == [HEAD]

    def case_summaries(
        self,
        *,
        status: str | None = None,
        label: str | None = None,
        due_by: date | None = None,
        overdue_on: date | None = None,
        open_statuses: Sequence[str] = (),
        limit: int | None = None,
    ) -> tuple[list[CaseRow], int]:
        """The listing columns of the matching cases oldest first (at most `limit`), and how many match in all."""
        where, params = self._case_filters(status, label, due_by, overdue_on, open_statuses)
        query = f"SELECT {_COLUMNS} FROM cases{where} ORDER BY id"
        if limit is not None:
            query += f" LIMIT {int(limit)}"
        rows = [self._case_row(row) for row in self._rows(query, params)]
        if limit is None or len(rows) < limit:
            return rows, len(rows)
        total = next(iter(self._rows(f"SELECT count(*) FROM cases{where}", params)))[0]
        return rows, int(total)

    def _case_filters(
        self,
        status: str | None,
        label: str | None,
        due_by: date | None,
        overdue_on: date | None,
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
        if due_by is not None or overdue_on is not None:
            clauses.append(f"status IN ({', '.join('?' for _ in open_statuses)})" if open_statuses else "1 = 0")
            params.extend(open_statuses)
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

    def _case_row(self, row: Sequence[Any]) -> CaseRow:
        case = CaseRow(*row)
        if not self.sqlite:
            return case._replace(received_at=case.received_at.astimezone(UTC))
        # SQLite keeps what SQLAlchemy wrote: UTC instants and dates as ISO text, booleans as 0/1
        return case._replace(
            received_at=datetime.fromisoformat(case.received_at).replace(tzinfo=UTC),
            deadline=date.fromisoformat(case.deadline),
            extended_deadline=date.fromisoformat(case.extended_deadline) if case.extended_deadline else None,
            verified=bool(case.verified),
            triage=bool(case.triage),
        )

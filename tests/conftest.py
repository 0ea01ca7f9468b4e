"""Shared fixtures: a fresh database per test on SQLite and on PostgreSQL, and a fixed clock.

PostgreSQL tests use the server at PRIVACYBOT_TEST_POSTGRES_URL (default: this machine kind's 127.0.0.1:5432). Each
test gets its own database cloned from a migrated template. Without a server they are skipped with the reason, unless
PRIVACYBOT_TEST_REQUIRE_POSTGRES=1 (set by .ci/run), which turns the absence into a failure.
"""

import itertools
import os
import shutil
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from storage.store import Database

POSTGRES_URL = os.environ.get("PRIVACYBOT_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
REQUIRE_POSTGRES = os.environ.get("PRIVACYBOT_TEST_REQUIRE_POSTGRES") == "1"
_counter = itertools.count()


class PostgresServer:
    """Creates and drops throwaway databases on the test server."""

    def __init__(self, url: str) -> None:
        self.base = make_url(url.replace("postgresql://", "postgresql+psycopg://", 1))
        self.admin = create_engine(self.base, isolation_level="AUTOCOMMIT")
        self.prefix = f"pbtest_{uuid.uuid4().hex[:8]}"
        self.template = f"{self.prefix}_template"

    def url_for(self, name: str) -> str:
        return self.base.set(database=name).render_as_string(hide_password=False)

    def create(self, name: str, template: str | None = None) -> str:
        with self.admin.connect() as conn:
            suffix = f" TEMPLATE {template}" if template else ""
            conn.execute(text(f'CREATE DATABASE "{name}"{suffix}'))
        return self.url_for(name)

    def drop(self, name: str) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer | None]:
    server = PostgresServer(POSTGRES_URL)
    try:
        with server.admin.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        if REQUIRE_POSTGRES:
            raise RuntimeError(f"PostgreSQL required but unreachable at {POSTGRES_URL}: {exc}") from exc
        yield None
        return
    url = server.create(server.template)
    template_db = Database(url)
    template_db.upgrade()
    template_db.dispose()
    yield server
    server.drop(server.template)
    server.admin.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite database migrated once (all migrations, as `privacybot db upgrade` runs them); each test gets a copy,
    as each PostgreSQL test gets a copy of its migrated template: 4 ms instead of ~0.12 s of Alembic a test."""
    path = tmp_path_factory.mktemp("sqlite-template") / "privacybot.sqlite3"
    db = Database(f"sqlite:///{path}")
    db.upgrade()
    db.dispose()  # the last connection closed: the journal is folded into the file, which is then all of it
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(
    request: pytest.FixtureRequest, tmp_path: Path, postgres: PostgresServer | None, sqlite_template: Path
) -> Iterator[str]:
    """A migrated, empty database; every test using it runs once on each backend."""
    if request.param == "sqlite":
        path = tmp_path / "privacybot.sqlite3"
        shutil.copyfile(sqlite_template, path)
        yield f"sqlite:///{path}"
        return
    if postgres is None:
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL}: PostgreSQL half of this test NOT run")
    name = f"{postgres.prefix}_{next(_counter)}"
    yield postgres.create(name, template=postgres.template)
    postgres.drop(name)


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = Database(database_url)
    yield database
    database.dispose()


class FixedClock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> FixedClock:
    # A Tuesday morning in Copenhagen (08:00 UTC = 09:00 CET).
    return FixedClock(datetime(2026, 11, 24, 8, 0, tzinfo=UTC))

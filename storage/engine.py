"""Engines for SQLite (the embedded default) and PostgreSQL, with the transaction behaviour each needs."""

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError, OperationalError

from storage.urls import is_sqlite, normalise_url

# SQLSTATE classes that mean "the server is not there right now": connection exception, operator intervention
# (shutting down, starting up). A client-side connect failure has no SQLSTATE at all.
_UNAVAILABLE_SQLSTATES = ("08", "57P", "25P03")  # ... and a session the server ended for idling in a transaction
READ_ONLY = "privacybot_read_only"  # execution option: this connection never writes, so it needs no write lock
# PostgreSQL: an instance that goes silent inside a transaction (frozen, or its network gone) must not hold its rows'
# locks until the server's TCP stack gives up (two hours by default): the server ends a transaction left idle this
# long, and our end probes a silent connection (libpq keepalives: a dead server is noticed within about a minute).
# Our transactions wait on our database and, in the identity check, on the company's account database; one that
# stalls for a minute now ends the transaction, which is retried as an outage (before, it held the rows until the
# account database answered). With PgBouncer in transaction pooling, set it per role instead (ALTER ROLE ... SET).
IDLE_IN_TRANSACTION_SECONDS = 60
_KEEPALIVES = {"keepalives": 1, "keepalives_idle": 30, "keepalives_interval": 10, "keepalives_count": 3}


def make_engine(url: str) -> Engine:
    """Create the engine; on SQLite, every transaction takes the write lock at BEGIN (LIBRARIES.md).

    Python's sqlite3 starts no transaction before a SELECT, so a read-then-write from two processes would silently
    lose updates; `BEGIN IMMEDIATE` makes each transaction serialisable. WAL lets readers run beside the writer, and
    synchronous=FULL makes a commit durable before SMTP says 250. Error messages leave out the statement's
    parameters: they hold mail addresses and message text, and errors end up in the log.
    """
    url = normalise_url(url)
    if not is_sqlite(url):
        # pre-ping: after the server went away, the pool replaces the dead connections instead of handing them out
        # A server that stops answering (rather than refusing) must not hang the SMTP door: give up connecting after
        # 10 s, so the door answers 451 and the sender retries.
        engine = create_engine(
            url,
            pool_pre_ping=True,
            pool_size=5,
            max_overflow=10,
            hide_parameters=True,
            connect_args={"connect_timeout": 10, **_KEEPALIVES},
        )

        @event.listens_for(engine, "connect")
        def _on_pg_connect(dbapi_connection: Any, _record: Any) -> None:
            # SET, not a startup `options` parameter: poolers such as PgBouncer refuse unknown startup parameters
            with dbapi_connection.cursor() as cursor:
                cursor.execute(f"SET idle_in_transaction_session_timeout = {int(IDLE_IN_TRANSACTION_SECONDS * 1000)}")
            dbapi_connection.commit()

        return engine

    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, hide_parameters=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # A connection marked READ_ONLY only reads: a plain BEGIN, which in WAL takes no lock and waits for no writer.
        read_only = connection.get_execution_options().get(READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine


def database_unavailable(exc: BaseException) -> bool:
    """Whether `exc`, or an error that led to it, is the database server being out of reach (not a bug).

    Such a failure is expected now and then and passes by itself: callers retry and log one line, not a traceback.
    """
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, DBAPIError) and current.connection_invalidated:
            return True
        if isinstance(current, DBAPIError):
            state = getattr(current.orig, "sqlstate", "")
            if state is None and isinstance(current, OperationalError):
                return True  # a connect that failed on our side: no SQLSTATE
            if state and state.startswith(_UNAVAILABLE_SQLSTATES):
                return True
        current = current.__cause__ or current.__context__
    return False


def database_refusal(exc: BaseException) -> str | None:
    """For an error the database raised: its kind and SQLSTATE, safe to log; None for anything else.

    The server's own message is left out: PostgreSQL quotes the failing row ("DETAIL: Failing row contains ..."),
    which holds addresses and message text.
    """
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:  # also when another error carries it
        seen.add(id(current))
        if isinstance(current, DBAPIError):
            state = getattr(current.orig, "sqlstate", None) or getattr(current.orig, "sqlite_errorname", None)
            return f"{type(current).__name__} ({state})" if state else type(current).__name__
        current = current.__cause__ or current.__context__
    return None

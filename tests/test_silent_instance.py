"""An instance that goes silent inside a transaction on PostgreSQL (frozen, or its network gone) does not keep its rows
locked for the others until the server's TCP stack gives up: the server ends a transaction left idle too long."""

import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

import storage.engine
from storage.engine import database_unavailable
from storage.store import Database

AT = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
LEASE = timedelta(seconds=60)


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_rows_locked_by_an_instance_gone_silent_in_a_transaction_are_free_for_the_others(database_url, monkeypatch):
    monkeypatch.setattr(storage.engine, "IDLE_IN_TRANSACTION_SECONDS", 3)  # room for the first claim on a slow day
    silent, other = Database(database_url), Database(database_url)
    try:
        with other.transaction() as store:
            store.add_outbox(
                kind="confirmation",
                sender="privacy@cloudservice.test",
                recipient="mette@example.dk",
                message_id="<one@privacybot.test>",
                raw=b"Subject: x\r\n\r\nx\r\n",
                created_at=AT,
            )
        connection = silent.engine.connect()
        connection.begin()
        connection.execute(text("SELECT id FROM outbox FOR UPDATE"))  # ... and then nothing more is heard from it
        with other.transaction() as store:
            assert store.claim_outbox(AT, 10, LEASE) == []  # the row is locked: another instance skips it
        claimed = []
        deadline = time.monotonic() + 15
        while not claimed and time.monotonic() < deadline:
            time.sleep(0.2)
            with other.transaction() as store:
                claimed = store.claim_outbox(AT, 10, LEASE)
        assert [row.recipient for row in claimed] == ["mette@example.dk"]
        with pytest.raises(DBAPIError) as woken:  # the server ended the silent instance's session ...
            connection.execute(text("SELECT 1"))
        assert database_unavailable(woken.value)  # ... which, woken, takes it for an outage: retried, nothing counted
        connection.close()
    finally:
        silent.dispose()
        other.dispose()

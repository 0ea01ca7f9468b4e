"""The outbox's transports. Through a real SMTP relay (aiosmtpd on loopback): a batch over one connection, a
refused recipient costing the rest of the batch nothing, a relay that closes the connection mid-batch reconnected
to. Into the Maildir: a row delivered again after a crash finds its file, in new/ or where a reader moved it."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from sqlmodel import select

from bot.outgoing import LEASE, MaildirTransport, RelayTransport, deliver_due
from storage.models import OUT_FAILED, OUT_PENDING, OUT_SENT, OutboxMessage
from storage.store import Database
from tests.conftest import FixedClock
from tests.service import free_port

SENDER = "privacy@cloudservice.test"


class Relay:
    """Accepts mail, counts the connections (one EHLO each), refuses the recipient `refused`, and after
    `hang_up_after` messages on a connection answers the next one 421 (closing)."""

    def __init__(self, refused: str = "", hang_up_after: int = 0) -> None:
        self.refused, self.hang_up_after = refused, hang_up_after
        self.connections = 0
        self.received: list[str] = []
        self._on_connection = 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):  # noqa: ANN001, ANN201, N802
        self.connections += 1
        self._on_connection = 0
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: ANN001, ANN201, N802
        if address == self.refused:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_MAIL(self, server, session, envelope, address, mail_options):  # noqa: ANN001, ANN201, N802
        if self.hang_up_after and self._on_connection >= self.hang_up_after:
            return "421 4.3.2 closing this connection, try again"
        envelope.mail_from = address
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201, N802
        self.received.extend(envelope.rcpt_tos)
        self._on_connection += 1
        return "250 OK"


@pytest.fixture
def relay() -> Iterator[tuple[Relay, Controller]]:
    handler = Relay()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield handler, controller
    controller.stop()


def queue(db: Database, recipients: list[str]) -> None:
    now = datetime(2026, 11, 28, 9, tzinfo=UTC)
    with db.transaction() as store:
        for n, recipient in enumerate(recipients):
            raw = f"From: {SENDER}\r\nTo: {recipient}\r\nSubject: n{n}\r\nMessage-ID: <{n}@t>\r\n\r\nhej\r\n".encode()
            store.add_outbox(
                kind="confirmation", sender=SENDER, recipient=recipient, message_id=f"<{n}@t>", raw=raw, created_at=now
            )


def statuses(db: Database) -> dict[str, str]:
    with db.transaction() as store:
        return {row.recipient: row.status for row in store.session.exec(select(OutboxMessage)).all()}


def test_a_batch_goes_to_the_relay_over_one_connection(db, relay):
    handler, controller = relay
    recipients = [f"r{n}@example.dk" for n in range(8)]
    queue(db, recipients)
    clock = FixedClock(datetime(2026, 11, 28, 9, 1, tzinfo=UTC))
    assert deliver_due(db, RelayTransport(controller.hostname, controller.port), clock) == 8
    assert handler.received == recipients and handler.connections == 1
    assert set(statuses(db).values()) == {OUT_SENT}


def test_a_refused_recipient_is_given_up_and_the_rest_of_the_batch_still_goes(db, relay):
    handler, controller = relay
    handler.refused = "nobody@example.dk"
    queue(db, ["a@example.dk", "nobody@example.dk", "b@example.dk"])
    clock = FixedClock(datetime(2026, 11, 28, 9, 1, tzinfo=UTC))
    deliver_due(db, RelayTransport(controller.hostname, controller.port), clock)
    assert handler.received == ["a@example.dk", "b@example.dk"] and handler.connections == 1
    assert statuses(db) == {"a@example.dk": OUT_SENT, "nobody@example.dk": OUT_FAILED, "b@example.dk": OUT_SENT}


def test_a_relay_that_hangs_up_mid_batch_costs_one_retry_and_the_rest_goes_on_a_new_connection(db, relay):
    handler, controller = relay
    handler.hang_up_after = 2
    recipients = [f"r{n}@example.dk" for n in range(5)]
    queue(db, recipients)
    clock = FixedClock(datetime(2026, 11, 28, 9, 1, tzinfo=UTC))
    deliver_due(db, RelayTransport(controller.hostname, controller.port), clock)
    found = statuses(db)
    # the message the relay turned away waits for its retry; the next one opens a new connection
    assert [found[r] for r in recipients] == [OUT_SENT, OUT_SENT, OUT_PENDING, OUT_SENT, OUT_SENT]
    assert handler.received == ["r0@example.dk", "r1@example.dk", "r3@example.dk", "r4@example.dk"]
    assert handler.connections == 2


@pytest.mark.parametrize("reader_moved_it", [False, True])
def test_a_row_sent_again_after_a_crash_finds_its_maildir_file_and_writes_nothing(db, tmp_path: Path, reader_moved_it):
    queue(db, ["a@example.dk"])
    maildir = MaildirTransport(tmp_path / "maildir")
    at = datetime(2026, 11, 28, 9, 1, tzinfo=UTC)
    with db.transaction() as store:
        [claimed] = store.claim_outbox(at, 10, LEASE)
    maildir.deliver(claimed)  # written, then the process dies before the outcome is recorded
    [written] = (tmp_path / "maildir" / "new").iterdir()
    if reader_moved_it:
        written.rename(tmp_path / "maildir" / "cur" / f"{written.name}:2,S")
    assert deliver_due(db, maildir, FixedClock(at + LEASE + timedelta(seconds=1))) == 1  # the lease ended
    files = [*(tmp_path / "maildir" / "new").iterdir(), *(tmp_path / "maildir" / "cur").iterdir()]
    assert len(files) == 1 and statuses(db) == {"a@example.dk": OUT_SENT}

"""The outbox's transports. Through a real SMTP relay (aiosmtpd on loopback): a batch over one connection, a
refused recipient costing the rest of the batch nothing, a relay that closes the connection mid-batch reconnected
to. Into the Maildir: a row delivered again after a crash finds its file, in new/ or where a reader moved it."""

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from sqlmodel import select

from bot.outgoing import LEASE, MAX_DEFERRALS, MaildirTransport, RelayTransport, deliver_due
from storage.models import OUT_FAILED, OUT_PENDING, OUT_SENT, OutboxMessage
from storage.store import Database, Store
from tests.conftest import FixedClock
from tests.service import free_port, wait_until

SENDER = "privacy@cloudservice.test"


class Relay:
    """Accepts mail, counts the connections (one EHLO each), refuses the recipient `refused`, and after
    `hang_up_after` messages on a connection answers the next one 421 (closing)."""

    def __init__(self, refused: str = "", hang_up_after: int = 0) -> None:
        self.refused, self.hang_up_after = refused, hang_up_after
        self.closing_at = ""  # a recipient the relay answers 421 (closing) instead of taking
        self.greylisting: set[str] = set()  # recipients answered 451 once, then taken
        self.breaks_on = ""  # a recipient on whose RCPT the relay drops the connection
        self.data_seconds = 0.0  # how long the relay takes over each message
        self.answering = threading.Event()  # set when a message's end has come in and its answer is being made
        self.hold: threading.Event | None = None  # when set up: the answer waits for it (at most 10 s)
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
        if address == self.closing_at:
            return "421 4.3.2 shutting down"
        if address in self.greylisting:
            self.greylisting.discard(address)
            return "451 4.7.1 greylisted, try again later"
        if address == self.breaks_on:
            server.transport.close()
            return "250 OK"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_MAIL(self, server, session, envelope, address, mail_options):  # noqa: ANN001, ANN201, N802
        if self.hang_up_after and self._on_connection >= self.hang_up_after:
            return "421 4.3.2 closing this connection, try again"
        envelope.mail_from = address
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201, N802
        self.answering.set()
        if self.hold is not None:
            await asyncio.to_thread(self.hold.wait, 10)
        await asyncio.sleep(self.data_seconds)
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


def queue(db: Database, recipients: list[str], start: int = 0) -> None:
    now = datetime(2026, 11, 28, 9, tzinfo=UTC)
    with db.transaction() as store:
        for n, recipient in enumerate(recipients, start):
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


def test_a_relay_closing_mid_batch_holds_the_rest_untried_until_the_retry_then_sends_them_anew(db, relay):
    handler, controller = relay
    handler.hang_up_after = 2
    recipients = [f"r{n}@example.dk" for n in range(5)]
    queue(db, recipients)
    at = datetime(2026, 11, 28, 9, 1, tzinfo=UTC)
    transport = RelayTransport(controller.hostname, controller.port)
    deliver_due(db, transport, FixedClock(at))
    assert statuses(db) == dict(zip(recipients, [OUT_SENT] * 2 + [OUT_PENDING] * 3, strict=True))
    with db.transaction() as store:  # the two behind the one turned away were not tried: no attempt counted
        rows = {row.recipient: row for row in store.session.exec(select(OutboxMessage)).all()}
    assert [rows[r].attempts for r in recipients[2:]] == [1, 0, 0]
    assert deliver_due(db, transport, FixedClock(at)) == 0  # they wait with it, not hammering a closing relay
    handler.hang_up_after = 0
    deliver_due(db, transport, FixedClock(at + timedelta(minutes=1)))
    assert set(statuses(db).values()) == {OUT_SENT}
    assert handler.received == recipients and handler.connections == 2


def test_a_relay_out_of_reach_for_hours_never_costs_a_confirmation_and_it_goes_within_minutes_of_its_return(db):
    port = free_port()  # nothing listens here yet: every try is refused before any SMTP is spoken
    queue(db, ["a@example.dk", "b@example.dk"])
    transport = RelayTransport("127.0.0.1", port)
    clock = FixedClock(datetime(2026, 11, 28, 9, 1, tzinfo=UTC))
    for _ in range(MAX_DEFERRALS + 3):  # well past the point where a failure the relay answered is given up
        deliver_due(db, transport, clock)
        clock.now += timedelta(hours=1)
    assert statuses(db) == {"a@example.dk": OUT_PENDING, "b@example.dk": OUT_PENDING}
    handler = Relay()
    handler.greylisting = {"a@example.dk"}  # back, and answering the first try with a 451 as greylisting does
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        clock.now += timedelta(minutes=5)  # however long it was away, the relay is tried again within minutes
        assert deliver_due(db, transport, clock) == 2
        assert statuses(db) == {"a@example.dk": OUT_PENDING, "b@example.dk": OUT_SENT}  # one 451: not given up
        clock.now += timedelta(minutes=1)
        deliver_due(db, transport, clock)
    finally:
        controller.stop()
    assert handler.received == ["b@example.dk", "a@example.dk"]
    assert set(statuses(db).values()) == {OUT_SENT}


def test_a_message_that_breaks_the_connection_counts_its_failures_and_never_holds_up_the_others(db, relay):
    handler, controller = relay
    handler.breaks_on = "poison@example.dk"
    queue(db, ["poison@example.dk", "a@example.dk", "b@example.dk"])
    transport = RelayTransport(controller.hostname, controller.port)
    clock = FixedClock(datetime(2026, 11, 28, 9, 1, tzinfo=UTC))
    deliver_due(db, transport, clock)
    assert handler.received == ["a@example.dk", "b@example.dk"]  # each on a fresh connection after the break
    for _ in range(MAX_DEFERRALS):
        clock.now += timedelta(hours=1)
        deliver_due(db, transport, clock)
    assert statuses(db) == {"poison@example.dk": OUT_FAILED, "a@example.dk": OUT_SENT, "b@example.dk": OUT_SENT}


def test_an_address_beyond_ascii_goes_with_smtputf8_or_as_idna_or_is_given_up_not_retried_for_ever(db, relay):
    handler, controller = relay  # offers SMTPUTF8, as aiosmtpd's Controller does unless told otherwise
    clock = FixedClock(datetime(2026, 11, 28, 9, 1, tzinfo=UTC))
    queue(db, ["søren@eksempel.dk"])
    deliver_due(db, RelayTransport(controller.hostname, controller.port), clock)
    assert handler.received == ["søren@eksempel.dk"]
    plain = Relay()
    ascii_only = Controller(plain, hostname="127.0.0.1", port=free_port(), enable_SMTPUTF8=False)
    ascii_only.start()
    try:
        queue(db, ["åse@eksempel.dk", "b@example.dk", "info@blåbær.dk"], start=10)
        deliver_due(db, RelayTransport(ascii_only.hostname, ascii_only.port), clock)
    finally:
        ascii_only.stop()
    assert plain.received == ["b@example.dk", "info@xn--blbr-roah.dk"]  # a domain beyond ASCII in its IDNA form
    found = statuses(db)
    assert found["åse@eksempel.dk"] == OUT_FAILED and found["b@example.dk"] == OUT_SENT
    assert found["info@blåbær.dk"] == OUT_SENT


def test_a_recipient_answered_421_holds_the_rest_of_the_batch_instead_of_failing_it_on_a_dead_line(db, relay):
    handler, controller = relay
    handler.closing_at = "busy@example.dk"
    queue(db, ["a@example.dk", "busy@example.dk", "b@example.dk"])
    at = datetime(2026, 11, 28, 9, 1, tzinfo=UTC)
    deliver_due(db, RelayTransport(controller.hostname, controller.port), FixedClock(at))
    with db.transaction() as store:
        rows = {row.recipient: row for row in store.session.exec(select(OutboxMessage)).all()}
    assert [(rows[r].status, rows[r].attempts) for r in ("a@example.dk", "busy@example.dk", "b@example.dk")] == [
        (OUT_SENT, 1),
        (OUT_PENDING, 1),
        (OUT_PENDING, 0),  # not tried: no "relay unreachable" against it
    ]
    assert rows["b@example.dk"].last_error is None


def test_a_slow_relay_gets_no_more_of_the_batch_than_fits_well_inside_the_lease(db, relay, monkeypatch):
    import bot.outgoing

    monkeypatch.setattr(bot.outgoing, "LEASE", timedelta(seconds=2))  # half of it, 1 s, is the time to hand back
    handler, controller = relay
    handler.data_seconds = 0.4
    recipients = [f"r{n}@example.dk" for n in range(8)]
    queue(db, recipients)
    at = datetime(2026, 11, 28, 9, 1, tzinfo=UTC)
    deliver_due(db, RelayTransport(controller.hostname, controller.port), FixedClock(at))
    sent = [r for r, status in statuses(db).items() if status == OUT_SENT]
    assert 2 <= len(sent) <= 4 and sent == handler.received  # the rest went back untried, free to claim at once
    assert deliver_due(db, RelayTransport(controller.hostname, controller.port), FixedClock(at)) > 0


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


def test_an_unexpected_error_mid_send_costs_that_message_a_retry_and_the_next_a_fresh_connection(
    db, relay, monkeypatch
):
    import smtplib

    handler, controller = relay
    real_rcpt, failures = smtplib.SMTP.rcpt, []

    def rcpt_failing_once(client, recipient, options=()):  # noqa: ANN001, ANN202
        if not failures:
            failures.append(recipient)
            raise ValueError("a bug between MAIL and RCPT")
        return real_rcpt(client, recipient, options)

    monkeypatch.setattr(smtplib.SMTP, "rcpt", rcpt_failing_once)
    queue(db, ["a@example.dk", "b@example.dk"])
    clock = FixedClock(datetime(2026, 11, 28, 9, 1, tzinfo=UTC))
    deliver_due(db, RelayTransport(controller.hostname, controller.port), clock)
    assert statuses(db) == {"a@example.dk": OUT_PENDING, "b@example.dk": OUT_SENT}
    assert handler.received == ["b@example.dk"] and handler.connections == 2


def test_a_sender_that_overran_its_lease_cannot_undo_what_the_sender_who_took_over_recorded(db, relay):
    handler, controller = relay
    queue(db, ["a@example.dk", "b@example.dk"])
    at = datetime(2026, 11, 28, 9, 1, tzinfo=UTC)
    with db.transaction() as store:  # the first sender claims both, then stalls on a slow relay
        first, second = store.claim_outbox(at, 10, LEASE)
    later = FixedClock(at + LEASE + timedelta(seconds=1))
    assert deliver_due(db, RelayTransport(controller.hostname, controller.port), later) == 2  # taken over, sent
    with db.transaction() as store:  # the stalled sender comes back with its outcomes
        store.mark_retry(first.id, "relay timed out", at + timedelta(minutes=5), give_up=True, lease=first.lease_until)
        store.release_outbox([second.id], at, first.lease_until)
    with db.transaction() as store:
        rows = store.session.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        assert [(row.status, row.attempts, row.last_error) for row in rows] == [
            (OUT_SENT, 2, None),
            (OUT_SENT, 2, None),
        ]
    assert handler.received == ["a@example.dk", "b@example.dk"]


AT = datetime(2026, 11, 28, 9, 1, tzinfo=UTC)


@contextmanager
def delivery_held_at_the_relay(
    db: Database, relay: tuple[Relay, Controller]
) -> Iterator[tuple[FixedClock, RelayTransport]]:
    """One message claimed by a first sender (in a thread) whose relay holds back its answer to the message's end
    until the block ends; then that sender must have finished its batch. Yields the clock and the transport."""
    handler, controller = relay
    handler.hold = threading.Event()
    queue(db, ["a@example.dk"])
    clock = FixedClock(AT)
    transport = RelayTransport(controller.hostname, controller.port)
    results: list[int] = []
    first = threading.Thread(target=lambda: results.append(deliver_due(db, transport, clock)))
    first.start()
    try:
        assert handler.answering.wait(10), "the first sender never reached the relay"
        yield clock, transport
    finally:
        handler.hold.set()
        first.join(timeout=10)
    assert not first.is_alive() and results == [1]


def test_a_delivery_longer_than_the_lease_keeps_its_row_from_a_second_sender(db, relay, monkeypatch):
    """A relay may take minutes to answer a message's end (RFC 5321 allows 10); the lease is renewed meanwhile, so
    another sender (another instance) claims nothing and the message reaches the relay once."""
    import bot.outgoing

    monkeypatch.setattr(bot.outgoing, "RENEW_EVERY", 0.001)  # look every 60 ms
    with delivery_held_at_the_relay(db, relay) as (clock, transport):
        clock.now = AT + LEASE + timedelta(seconds=1)  # the lease it claimed with has ended
        assert wait_until(lambda: lease_of(db) > AT + LEASE, timeout=5.0), "the lease was not renewed"
        assert deliver_due(db, transport, clock) == 0, "the second sender took a row under delivery"
    assert relay[0].received == ["a@example.dk"] and statuses(db) == {"a@example.dk": OUT_SENT}


def lease_of(db: Database) -> datetime:
    with db.transaction() as store:
        [row] = store.session.exec(select(OutboxMessage)).all()
        assert row.lease_until is not None
        return row.lease_until


@pytest.mark.parametrize("every_time", [False, True], ids=["then-renewed", "every-renewal"])
def test_a_renewal_committed_unseen_still_lets_the_batch_record_what_it_delivered(db, relay, monkeypatch, every_time):
    """The answer to a renewal's COMMIT lost (the connection dropped): the rows hold a lease the sender did not see
    written. The next renewal, or else the recording, must still find them, or the delivered message would stay
    pending and be sent again."""
    import bot.outgoing

    monkeypatch.setattr(bot.outgoing, "RENEW_EVERY", 0.001)
    real_renew = Store.renew_outbox
    lost: list[datetime] = []

    def committed_unseen(store: Store, outbox_ids, leases, renewed) -> None:  # noqa: ANN001
        real_renew(store, outbox_ids, leases, renewed)
        if threading.current_thread().name == "outbox-lease" and (every_time or not lost):
            lost.append(renewed)
            store.session.commit()
            raise ConnectionResetError("the answer to COMMIT never came")

    monkeypatch.setattr(Store, "renew_outbox", committed_unseen)
    with delivery_held_at_the_relay(db, relay) as (clock, transport):
        clock.now = AT + LEASE + timedelta(seconds=1)
        assert wait_until(lambda: lost, timeout=5.0)
        clock.now = AT + LEASE + timedelta(seconds=2)  # a later lease for the next renewal to write
        assert wait_until(lambda: lease_of(db) == clock.now + LEASE, timeout=5.0)
    assert statuses(db) == {"a@example.dk": OUT_SENT}
    clock.now = AT + timedelta(hours=1)
    assert deliver_due(db, transport, clock) == 0 and relay[0].received == ["a@example.dk"]


def test_a_renewal_still_under_way_when_the_recording_begins_is_matched_by_it(db, relay, monkeypatch):
    """The sender stops waiting for a renewal slow in the database (STOP_WAIT) and records; the renewal commits
    before the recording does. The recording must match the lease that renewal wrote."""
    import bot.outgoing

    monkeypatch.setattr(bot.outgoing, "RENEW_EVERY", 0.001)
    monkeypatch.setattr(bot.outgoing, "STOP_WAIT", 0.2)
    renewing, recording = threading.Event(), threading.Event()
    real_record, real_renew = bot.outgoing.record, Store.renew_outbox

    def record_begun(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        recording.set()
        return real_record(*args, **kwargs)

    def slow_renew(store: Store, outbox_ids, leases, renewed) -> None:  # noqa: ANN001
        real_renew(store, outbox_ids, leases, renewed)  # written (the rows locked), not yet committed
        if threading.current_thread().name == "outbox-lease":
            renewing.set()
            recording.wait(10)  # still under way when the sender gives up waiting for it

    monkeypatch.setattr(bot.outgoing, "record", record_begun)
    monkeypatch.setattr(Store, "renew_outbox", slow_renew)
    with delivery_held_at_the_relay(db, relay) as (clock, transport):
        clock.now = AT + LEASE + timedelta(seconds=1)
        assert renewing.wait(5), "no renewal started"
    assert statuses(db) == {"a@example.dk": OUT_SENT}
    clock.now = AT + timedelta(hours=1)
    assert deliver_due(db, transport, clock) == 0 and relay[0].received == ["a@example.dk"]

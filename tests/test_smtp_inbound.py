"""The SMTP door over real loopback SMTP: 250 only after the commit, 451 on failure, 550/552 for bad mail."""

import smtplib
import socket
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from bot.smtp_inbound import InboundHandler, make_controller
from storage.store import Database
from tests.mailtools import make_mail

MAILBOX = "privacy@cloudservice.test"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_port_factory() -> Iterator:
    """Start our SMTP door on a free loopback port for a database; stopped after the test."""
    controllers = []

    def start(db: Database) -> int:
        port = free_port()
        controller = make_controller(InboundHandler(db, (MAILBOX,)), "127.0.0.1", port, max_message_bytes=100_000)
        controller.start()
        controllers.append(controller)
        return port

    yield start
    for controller in controllers:
        controller.stop()


@pytest.fixture
def smtp_port(db: Database, smtp_port_factory) -> int:
    return smtp_port_factory(db)


def send(port: int, raw: bytes, rcpt: str = MAILBOX) -> None:
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
        client.sendmail("mette.hansen@example.dk", [rcpt], raw)


def test_accepted_message_is_committed_before_250(db, smtp_port):
    send(smtp_port, make_mail(subject="Slet mig", body="Slet mine data"))
    with db.transaction() as store:
        assert store.count_raw() == 1
        [row] = store.claim_new_raw(10)
        assert b"Slet mine data" in row.raw and row.envelope_to == MAILBOX


def test_unknown_recipient_is_refused_with_550(db, smtp_port):
    with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
        send(smtp_port, make_mail(body="x"), rcpt="sales@cloudservice.test")
    assert refused.value.recipients["sales@cloudservice.test"][0] == 550


def test_recipient_check_ignores_case(db, smtp_port):
    send(smtp_port, make_mail(body="x"), rcpt="Privacy@CloudService.test")
    with db.transaction() as store:
        assert store.count_raw() == 1


def test_oversized_message_is_refused_with_552(db, smtp_port):
    with pytest.raises(smtplib.SMTPException) as refused:
        send(smtp_port, make_mail(body="x" * 70 + ("y" * 76 + "\n") * 2000))
    code = getattr(refused.value, "smtp_code", None) or refused.value.recipients[MAILBOX][0]  # type: ignore[attr-defined]
    assert code == 552
    with db.transaction() as store:
        assert store.count_raw() == 0


def test_same_message_sent_twice_is_stored_once(db, smtp_port):
    raw = make_mail(subject="Indsigt", body="Jeg vil have indsigt", message_id="<once@example.dk>")
    send(smtp_port, raw)
    send(smtp_port, b"Received: from relay.example.dk by mx; Tue, 24 Nov 2026 09:01:00 +0100\r\n" + raw)
    with db.transaction() as store:
        assert store.count_raw() == 1


def test_database_failure_during_data_answers_451_and_retry_succeeds(db, smtp_port):
    port = smtp_port
    raw = make_mail(subject="Slet mig", body="Slet mine data")
    break_raw_table(db)
    with pytest.raises(smtplib.SMTPDataError) as deferred:
        send(port, raw)
    assert deferred.value.smtp_code == 451
    repair_raw_table(db)
    send(port, raw)
    with db.transaction() as store:
        assert store.count_raw() == 1


def break_raw_table(db: Database) -> None:
    with db.engine.begin() as conn:
        conn.execute(text("ALTER TABLE raw_message RENAME TO raw_message_away"))


def repair_raw_table(db: Database) -> None:
    with db.engine.begin() as conn:
        conn.execute(text("ALTER TABLE raw_message_away RENAME TO raw_message"))

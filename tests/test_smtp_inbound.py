"""The SMTP door over real loopback SMTP: 250 only after the commit, 451 on failure, 550/552 for bad mail."""

import smtplib
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import text

from bot.smtp_inbound import InboundHandler, make_controller
from storage.store import Database
from tests.mailtools import make_mail, waiting_rows

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
        [row] = waiting_rows(store)
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


def test_messages_arriving_together_are_all_stored_and_one_the_database_refuses_does_not_turn_the_others_away(
    db, smtp_port
):
    """Concurrent sessions share commits (group commit); a message the database refuses gets its own 451 while
    every other one gets its 250, each after the commit that holds it."""
    refuse_mail_from(db, "refused@example.dk")
    senders = [f"kunde{n}@example.dk" for n in range(15)] + ["refused@example.dk"]
    answers: dict[str, int] = {}

    def deliver(sender: str) -> None:
        try:
            with smtplib.SMTP("127.0.0.1", smtp_port, timeout=20) as client:
                client.sendmail(sender, [MAILBOX], make_mail(sender=sender, subject="Indsigt", body=sender))
            answers[sender] = 250
        except smtplib.SMTPDataError as refused:
            answers[sender] = refused.smtp_code

    threads = [threading.Thread(target=deliver, args=(sender,)) for sender in senders]
    with raw_table_held(db):  # the sessions pile up behind a commit, so the refused one shares a group
        for thread in threads:
            thread.start()
            time.sleep(0.02)
        time.sleep(1.0)
    for thread in threads:
        thread.join(30)
    assert answers.pop("refused@example.dk") == 451
    assert set(answers.values()) == {250} and len(answers) == 15
    with db.transaction() as store:
        assert store.count_raw() == 15


@contextmanager
def raw_table_held(db: Database) -> Iterator[None]:
    """Another connection holds the write lock on the stored messages (SQLite: the database) for a while."""
    with db.engine.begin() as conn:  # SQLite: BEGIN IMMEDIATE (storage.engine)
        if db.engine.dialect.name == "postgresql":
            conn.execute(text("LOCK TABLE raw_message IN SHARE ROW EXCLUSIVE MODE"))
        yield


def refuse_mail_from(db: Database, address: str) -> None:
    """A trigger that makes the database itself refuse messages from `address` (a real failure, on both engines)."""
    with db.engine.begin() as conn:
        if db.engine.dialect.name == "sqlite":
            conn.execute(
                text(
                    "CREATE TRIGGER refuse BEFORE INSERT ON raw_message "
                    f"WHEN NEW.envelope_from = '{address}' BEGIN SELECT RAISE(ABORT, 'refused'); END"
                )
            )
        else:
            conn.execute(
                text(
                    "CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN "
                    f"IF NEW.envelope_from = '{address}' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; "
                    "END $$ LANGUAGE plpgsql"
                )
            )
            conn.execute(
                text("CREATE TRIGGER refuse BEFORE INSERT ON raw_message FOR EACH ROW EXECUTE FUNCTION refuse()")
            )

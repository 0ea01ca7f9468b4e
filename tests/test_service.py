"""`privacybot run` end to end: real SMTP in, the real worker, replies in the Maildir or through a real relay."""

import smtplib
import time
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from handlers.deadlines import statutory_deadline
from tests.mailtools import maildir_messages, make_mail, read_mail, text_body
from tests.service import RunningService, free_port, privacybot_env, wait_until

MAILBOX = "privacy@cloudservice.test"


@pytest.fixture
def service(tmp_path: Path, database_url: str) -> Iterator[RunningService]:
    env = privacybot_env(
        tmp_path / "home", database_url=database_url, smtp_listen=f"127.0.0.1:{free_port()}", mailbox=MAILBOX
    )
    running = RunningService(env)
    yield running
    running.stop()


def smtp_send(env: dict[str, str], raw: bytes, mail_from: str = "mette.hansen@example.dk") -> None:
    host, port = env["PRIVACYBOT_SMTP_LISTEN"].split(":")
    with smtplib.SMTP(host, int(port), timeout=10) as client:
        client.sendmail(mail_from, [MAILBOX], raw)


def test_danish_erasure_request_gets_danish_confirmation_in_maildir_within_two_seconds(service):
    maildir = Path(service.env["PRIVACYBOT_HOME"]) / "outbox"
    request = make_mail(
        subject="Slet min konto", body="Hej\n\nJeg ønsker at I sletter min konto og mine data.\n\nMvh Mette"
    )
    # The door accepts mail as soon as it is ready; the understanding step warms up beside it (1-2 s, once).
    assert service.wait_for_log("understanding step ready", timeout=30)
    sent_at = time.monotonic()
    smtp_send(service.env, request)
    replies = wait_until(lambda: maildir_messages(maildir), timeout=2.0)
    assert replies, "no confirmation in the Maildir within 2 seconds"
    assert time.monotonic() - sent_at < 2.5

    [reply] = replies
    subject = reply["Subject"]
    assert subject.startswith("[PRV-") and "]" in subject
    reference = subject[1 : subject.index("]")]
    assert reply["In-Reply-To"] == read_mail(request)["Message-ID"]
    assert reply["Auto-Submitted"] == "auto-replied"
    assert reply["From"].endswith(f"<{MAILBOX}>")

    case = service.case_json(reference)
    assert case["reference"] == reference
    assert "erasure" in case["labels"] and case["language"] == "da"
    received = datetime.fromisoformat(case["received_at"])
    assert date.fromisoformat(case["deadline"]) == statutory_deadline(received)
    assert case["deadline"] in text_body(reply)
    assert case["extended_deadline"] is None and case["verified"] is False
    assert [e["kind"] for e in case["events"]][:2] == ["received", "classified"]


def test_out_of_office_and_bounce_get_no_answer_but_a_request_after_them_does(service):
    maildir = Path(service.env["PRIVACYBOT_HOME"]) / "outbox"
    smtp_send(
        service.env,
        make_mail(
            subject="Automatisk svar: Ferie", body="Jeg er på ferie.", headers={"Auto-Submitted": "auto-replied"}
        ),
    )
    smtp_send(
        service.env,
        make_mail(
            sender="MAILER-DAEMON@mx.example.dk", subject="Undelivered Mail Returned to Sender", body="delivery failed"
        ),
        mail_from="<>",
    )
    smtp_send(
        service.env,
        make_mail(sender="john@example.com", subject="Unsubscribe", body="Please stop sending me your newsletter."),
        mail_from="john@example.com",
    )
    [reply] = wait_until(lambda: maildir_messages(maildir), timeout=15.0)
    assert reply["To"] == "john@example.com"
    time.sleep(1.5)  # a pass later, still only the one reply
    assert len(maildir_messages(maildir)) == 1


class Sink:
    """An SMTP relay stand-in that keeps what it is given (a real aiosmtpd server)."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 OK"


def test_confirmation_goes_through_the_relay_once_it_comes_back(tmp_path):
    relay_port = free_port()
    env = privacybot_env(
        tmp_path / "home", smtp_listen=f"127.0.0.1:{free_port()}", mailbox=MAILBOX, smtp_relay=f"127.0.0.1:{relay_port}"
    )
    running = RunningService(env)
    try:
        smtp_send(env, make_mail(subject="Indsigt", body="Jeg vil gerne have indsigt i mine oplysninger."))
        time.sleep(1.0)  # the relay is down: the first attempt fails and is retried with back-off
        sink = Sink()
        controller = Controller(sink, hostname="127.0.0.1", port=relay_port)
        controller.start()
        try:
            assert wait_until(lambda: sink.messages, timeout=15.0), "confirmation never reached the relay"
            time.sleep(0.5)
            [(mail_from, rcpts, raw)] = sink.messages
            assert mail_from == MAILBOX and rcpts == ["mette.hansen@example.dk"]
            assert read_mail(raw)["Subject"].startswith("[PRV-")
        finally:
            controller.stop()
    finally:
        running.stop()

"""SIGKILL in the middle of a 1,000-message SMTP burst from a client that retries like an MTA: afterwards every
message that got a 250 has exactly one case and one confirmation. A confirmation the killed process had claimed
goes out when its lease (bot.outgoing.LEASE) ends."""

import json
import signal
import smtplib
import threading
import time
from pathlib import Path

from tests.mailtools import maildir_messages, make_mail
from tests.service import RunningService, free_port, privacybot, privacybot_env, wait_until

MAILBOX = "privacy@cloudservice.test"
BURST = 1000


class RetryingClient(threading.Thread):
    """Sends each message until it gets a 250, reconnecting after any failure, as a sending MTA would."""

    def __init__(self, port: int) -> None:
        super().__init__(daemon=True)
        self.port = port
        self.accepted = 0

    def run(self) -> None:
        pending = list(range(BURST))
        client = None
        while pending:
            n = pending[0]
            try:
                if client is None:
                    client = smtplib.SMTP("127.0.0.1", self.port, timeout=10)
                raw = make_mail(
                    sender=f"kunde{n}@example.dk",
                    subject=f"Slet mig {n}",
                    body="Slet mine data.",
                    message_id=f"<burst-{n}@example.dk>",
                )
                client.sendmail(f"kunde{n}@example.dk", [MAILBOX], raw)
                pending.pop(0)
                self.accepted += 1
            except (OSError, smtplib.SMTPException):
                client = None
                time.sleep(0.05)


def test_sigkill_mid_burst_loses_and_duplicates_nothing(tmp_path: Path):
    port = free_port()
    env = privacybot_env(tmp_path / "home", smtp_listen=f"127.0.0.1:{port}", mailbox=MAILBOX, secret_key="k")
    service = RunningService(env)
    client = RetryingClient(port)
    client.start()
    assert wait_until(lambda: client.accepted >= BURST // 3, timeout=120.0)
    service.process.send_signal(signal.SIGKILL)
    service.process.wait(10)
    time.sleep(0.5)  # the client meets a closed port and keeps retrying
    service = RunningService(env)
    try:
        client.join(timeout=300)
        assert not client.is_alive() and client.accepted == BURST
        maildir = Path(env["PRIVACYBOT_HOME"]) / "outbox"
        assert wait_until(lambda: len(maildir_messages(maildir)) >= BURST, timeout=240.0), "confirmations missing"
        time.sleep(1.0)
        replies = maildir_messages(maildir)
        assert sorted(str(m["To"]) for m in replies) == sorted(f"kunde{n}@example.dk" for n in range(BURST))
        cases = json.loads(privacybot(env, "cases", "list", "--json").stdout)
        assert len(cases) == BURST
    finally:
        service.stop()

"""Two `privacybot run` instances on one PostgreSQL: a burst through both SMTP doors gives every message one case
and one confirmation, whichever instance stored or processed it (claims through the database)."""

import json
import smtplib
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import POSTGRES_URL
from tests.mailtools import maildir_messages, make_mail
from tests.service import RunningService, free_port, privacybot, privacybot_env, wait_until

MAILBOX = "privacy@cloudservice.test"
BURST = 120


@pytest.fixture
def postgres_url(postgres) -> Iterator[str]:
    """A fresh migrated PostgreSQL database (several instances share PostgreSQL; SQLite serves one)."""
    if postgres is None:
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL}: the several-instances test NOT run")
    name = f"{postgres.prefix}_instances"
    yield postgres.create(name, template=postgres.template)
    postgres.drop(name)


@pytest.fixture
def two_instances(tmp_path: Path, postgres_url: str):
    database_url = postgres_url
    services = []
    for name in ("a", "b"):
        env = privacybot_env(
            tmp_path / name,
            database_url=database_url,
            smtp_listen=f"127.0.0.1:{free_port()}",
            mailbox=MAILBOX,
            secret_key="shared-secret",
        )
        services.append(RunningService(env))
    yield services
    for service in services:
        service.stop()


def send_share(service: RunningService, numbers: range) -> None:
    host, port = service.env["PRIVACYBOT_SMTP_LISTEN"].split(":")
    with smtplib.SMTP(host, int(port), timeout=30) as client:
        for n in numbers:
            raw = make_mail(sender=f"kunde{n}@example.dk", subject=f"Slet mig {n}", body="Slet venligst mine data.")
            client.sendmail(f"kunde{n}@example.dk", [MAILBOX], raw)


def test_a_burst_through_two_instances_is_answered_once_per_message(two_instances):
    a, b = two_instances
    senders = [
        threading.Thread(target=send_share, args=(a, range(0, BURST, 2))),
        threading.Thread(target=send_share, args=(b, range(1, BURST, 2))),
    ]
    for thread in senders:
        thread.start()
    for thread in senders:
        thread.join()

    def replies() -> list:
        found = [m for s in two_instances for m in maildir_messages(Path(s.env["PRIVACYBOT_HOME"]) / "outbox")]
        return found if len(found) >= BURST else []

    assert wait_until(replies, timeout=60.0), "not every message was answered"
    found = [m for s in two_instances for m in maildir_messages(Path(s.env["PRIVACYBOT_HOME"]) / "outbox")]
    recipients = sorted(str(m["To"]) for m in found)
    assert recipients == sorted(f"kunde{n}@example.dk" for n in range(BURST))
    assert len({m["Message-ID"] for m in found}) == BURST
    cases = json.loads(privacybot(a.env, "cases", "list", "--json").stdout)
    assert len(cases) == BURST and len({c["reference"] for c in cases}) == BURST

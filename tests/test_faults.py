"""Faults the service must ride out (issue 8): PostgreSQL going away for a few seconds in the middle of an SMTP burst,
and a full disk under the Maildir. Nothing that got a 250 is lost or answered twice, and nothing is given up.

The full disk is a real one: a small tmpfs mounted over the Maildir (CI runs as root). Without the right to mount, the
disk tests are skipped with the reason, unless PRIVACYBOT_TEST_REQUIRE_MOUNT=1 (set by .ci/run) makes that a failure.
"""

import errno
import json
import os
import smtplib
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest

from bot.outgoing import BATCH, MAX_DEFERRALS, MaildirTransport, deliver_due
from handlers.options import PipelineOptions
from handlers.pipeline import process_pending
from storage.models import OUT_FAILED, OUT_PENDING, OUT_SENT, OutboxMessage
from storage.store import Database
from tests.conftest import POSTGRES_URL, FixedClock, PostgresServer
from tests.mailtools import maildir_messages, make_mail, store_mail
from tests.service import RunningService, free_port, privacybot, privacybot_env, wait_until
from tests.tcp_proxy import TcpProxy

MAILBOX = "privacy@cloudservice.test"
BURST = 90
CUT_SECONDS = 3.0
REQUIRE_MOUNT = os.environ.get("PRIVACYBOT_TEST_REQUIRE_MOUNT") == "1"
OPTIONS = PipelineOptions(mailboxes=(MAILBOX,), message_id_domain="cloudservice.test")


@dataclass
class Attempt:
    """One try at handing over a message: when it started and ended, and what the door answered."""

    started: float
    ended: float
    outcome: str  # the SMTP code ("250", "451"), or the exception's name when there was no answer


class RetryingClient(threading.Thread):
    """Sends each message until it gets a 250, reconnecting after any failure, as a sending MTA would."""

    def __init__(self, port: int, count: int) -> None:
        super().__init__(daemon=True)
        self.port = port
        self.count = count
        self.attempts: list[Attempt] = []
        self.accepted = 0

    def run(self) -> None:
        pending = list(range(self.count))
        client = None
        while pending:
            n = pending[0]
            started = time.monotonic()
            raw = make_mail(
                sender=f"kunde{n}@example.dk",
                subject=f"Slet mig {n}",
                body="Slet venligst mine data.",
                message_id=f"<fault-{n}@example.dk>",
            )
            try:
                if client is None:
                    client = smtplib.SMTP("127.0.0.1", self.port, timeout=10)
                client.sendmail(f"kunde{n}@example.dk", [MAILBOX], raw)
                outcome = "250"
            except smtplib.SMTPResponseException as exc:
                outcome = str(exc.smtp_code)
            except (OSError, smtplib.SMTPException) as exc:
                outcome = type(exc).__name__
                client = None
            self.attempts.append(Attempt(started, time.monotonic(), outcome))
            if outcome == "250":
                pending.pop(0)
                self.accepted += 1
            else:
                time.sleep(0.05)


@pytest.fixture
def postgres_name(postgres: PostgresServer | None) -> Iterator[tuple[PostgresServer, str]]:
    """A fresh migrated PostgreSQL database; the production store is the one that can really go away."""
    if postgres is None:
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL}: the database-outage test NOT run")
    name = f"{postgres.prefix}_faults"
    postgres.create(name, template=postgres.template)
    yield postgres, name
    postgres.drop(name)


def test_database_outage_mid_burst_answers_451_and_loses_nothing(tmp_path: Path, postgres_name):
    postgres, name = postgres_name
    with TcpProxy((postgres.base.host or "127.0.0.1", postgres.base.port or 5432)) as proxy:
        url = postgres.base.set(port=proxy.port, database=name).render_as_string(hide_password=False)
        port = free_port()
        env = privacybot_env(
            tmp_path / "home", database_url=url, smtp_listen=f"127.0.0.1:{port}", mailbox=MAILBOX, secret_key="k"
        )
        service = RunningService(env)
        try:
            client = RetryingClient(port, BURST)
            client.start()
            assert wait_until(lambda: client.accepted >= BURST // 3, timeout=60.0)
            cut_at = time.monotonic()
            proxy.cut()
            time.sleep(CUT_SECONDS)
            restored_at = time.monotonic()
            proxy.restore()
            client.join(timeout=60)
            assert not client.is_alive() and client.accepted == BURST
            assert service.process.poll() is None, "the service died during the outage"

            during = [a for a in client.attempts if a.started > cut_at and a.ended < restored_at]
            assert during, "no message was offered while the database was away"
            assert {a.outcome for a in during} == {"451"}, "while the database is away the door must answer 451"
            assert {a.outcome for a in client.attempts} <= {"250", "451"}, "a 5xx, a dropped session or a hang"

            maildir = Path(env["PRIVACYBOT_HOME"]) / "outbox"
            # well inside the outbox lease (60 s): a confirmation left claimed by a failed pass would miss this
            assert wait_until(lambda: len(maildir_messages(maildir)) >= BURST, timeout=20.0), "confirmations missing"
            time.sleep(1.0)  # another pass of the sender: still exactly one confirmation each
            replies = maildir_messages(maildir)
            assert sorted(str(m["To"]) for m in replies) == sorted(f"kunde{n}@example.dk" for n in range(BURST))
            cases = json.loads(privacybot(env, "cases", "list", "--json").stdout)
            assert len(cases) == BURST and len({c["reference"] for c in cases}) == BURST
        finally:
            log = service.stop()

    assert "database unavailable" in log, "the log should say plainly that the database went away"
    assert "Traceback" not in log, "an outage is an expected event: one line per pass, no traceback flood"
    assert "kunde" not in log and "Slet" not in log, "no personal data in the log"


@dataclass
class CutAfterWrites:
    """The real Maildir, with the database cut right after the `after`-th message is written, for `seconds`."""

    maildir: MaildirTransport
    proxy: TcpProxy
    after: int
    seconds: float
    written: int = 0

    @contextmanager
    def batch(self) -> Iterator[Callable[[OutboxMessage], None]]:
        yield self.deliver

    def deliver(self, message: OutboxMessage) -> None:
        self.maildir.deliver(message)
        self.written += 1
        if self.written == self.after:
            self.proxy.cut()
            threading.Timer(self.seconds, self.proxy.restore).start()


def test_a_database_blip_mid_batch_holds_up_no_confirmation(tmp_path: Path, clock: FixedClock, postgres_name):
    """The outcome of a delivery is recorded once the database is back; the rest of the claimed batch goes out in the
    same pass instead of waiting, claimed and idle, for the lease to end."""
    postgres, name = postgres_name
    with TcpProxy((postgres.base.host or "127.0.0.1", postgres.base.port or 5432)) as proxy:
        db = Database(postgres.base.set(port=proxy.port, database=name).render_as_string(hide_password=False))
        try:
            requesters = [f"kunde{n}@example.dk" for n in range(BATCH)]
            for n, sender in enumerate(requesters):
                raw = make_mail(sender=sender, subject=f"Slet mig {n}", body="Slet venligst mine data.")
                store_mail(db, clock, raw, MAILBOX, envelope_from=sender)
            assert process_pending(db, OPTIONS, clock) == BATCH
            transport = CutAfterWrites(MaildirTransport(tmp_path / "outbox"), proxy, after=3, seconds=1.0)
            assert deliver_due(db, transport, clock) == BATCH
            assert sorted(str(m["To"]) for m in maildir_messages(tmp_path / "outbox")) == sorted(requesters)
            assert outbox_counts(db) == {OUT_PENDING: 0, OUT_SENT: BATCH, OUT_FAILED: 0}
        finally:
            db.dispose()


class SmallDisk:
    """A 1 MiB tmpfs at `path`, filled to the last byte by one file; `free()` deletes that file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.filler = path / "filler"

    def fill(self) -> None:
        with open(self.filler, "ab", buffering=0) as handle:
            try:
                while handle.write(b"\0" * 4096):  # unbuffered: a short write takes the last bytes
                    pass
            except OSError as exc:
                assert exc.errno == errno.ENOSPC, exc

    def free(self) -> None:
        self.filler.unlink()


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[SmallDisk]:
    """The Maildir's own file system (where the service keeps it), mounted for the test, always unmounted after it."""
    path = tmp_path / "home" / "outbox"
    path.mkdir(parents=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", str(path)], capture_output=True, text=True
    )
    if mounted.returncode != 0:
        reason = f"cannot mount a tmpfs ({mounted.stderr.strip()}): the full-disk test NOT run (needs root)"
        if REQUIRE_MOUNT:
            pytest.fail(f"PRIVACYBOT_TEST_REQUIRE_MOUNT=1 but {reason}")
        pytest.skip(reason)
    try:
        yield SmallDisk(path)
    finally:
        subprocess.run(["umount", str(path)], check=True)


def outbox_counts(db: Database) -> dict[str, int]:
    with db.transaction() as store:
        return {status: store.count_outbox(status) for status in (OUT_PENDING, OUT_SENT, OUT_FAILED)}


def test_full_maildir_disk_is_retried_past_the_give_up_limit_and_never_dropped(
    db: Database, clock: FixedClock, small_disk: SmallDisk
):
    requesters = [f"kunde{n}@example.dk" for n in range(3)]
    for n, sender in enumerate(requesters):
        raw = make_mail(sender=sender, subject=f"Slet mig {n}", body="Slet venligst mine data.")
        store_mail(db, clock, raw, MAILBOX, envelope_from=sender)
    assert process_pending(db, OPTIONS, clock) == len(requesters)
    small_disk.fill()
    maildir = MaildirTransport(small_disk.path)

    for _ in range(MAX_DEFERRALS + 3):  # well past the point where a relay failure is given up
        clock.now += timedelta(hours=1)
        assert deliver_due(db, maildir, clock) == len(requesters)
        assert outbox_counts(db) == {OUT_PENDING: len(requesters), OUT_SENT: 0, OUT_FAILED: 0}, "given up"
        assert maildir_messages(small_disk.path) == []
        assert list((small_disk.path / "tmp").iterdir()) == [], "a half-written file was left behind"

    small_disk.free()
    clock.now += timedelta(minutes=5)  # however long it was full, a freed disk is tried again within minutes
    assert deliver_due(db, maildir, clock) == len(requesters)
    clock.now += timedelta(hours=1)
    assert deliver_due(db, maildir, clock) == 0
    replies = maildir_messages(small_disk.path)
    assert sorted(str(m["To"]) for m in replies) == requesters
    assert outbox_counts(db) == {OUT_PENDING: 0, OUT_SENT: len(requesters), OUT_FAILED: 0}


def test_service_holds_confirmations_while_the_maildir_disk_is_full_and_sends_each_once_after(
    tmp_path: Path, small_disk: SmallDisk
):
    small_disk.fill()
    port = free_port()
    env = privacybot_env(tmp_path / "home", smtp_listen=f"127.0.0.1:{port}", mailbox=MAILBOX, secret_key="k")
    assert Path(env["PRIVACYBOT_HOME"]) / "outbox" == small_disk.path
    service = RunningService(env)
    try:
        requesters = [f"kunde{n}@example.dk" for n in range(3)]
        with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
            for n, sender in enumerate(requesters):
                client.sendmail(sender, [MAILBOX], make_mail(sender=sender, subject=f"Slet mig {n}", body="Slet."))

        def held() -> bool:
            """Every confirmation has met the full disk at least once."""
            return service.log_path.read_text(encoding="utf-8").count("not delivered") >= len(requesters)

        assert wait_until(held, timeout=10.0), "the sender did not meet the full disk with every confirmation"
        assert maildir_messages(small_disk.path) == []
        assert list((small_disk.path / "tmp").iterdir()) == [], "a half-written file was left behind"
        small_disk.free()
        assert wait_until(lambda: len(maildir_messages(small_disk.path)) >= len(requesters), timeout=20.0)
        time.sleep(1.0)  # another pass of the sender: still exactly one confirmation each
        assert sorted(str(m["To"]) for m in maildir_messages(small_disk.path)) == requesters
    finally:
        log = service.stop()
    assert "No space left on device" in log and "Traceback" not in log

"""`privacybot status` on SQLite and PostgreSQL: what the operator and monitoring see (first line, table, --json, exit
code 0/1/2) for an empty database, a missing or unreachable one, a busy one with every kind of trouble, a channel that
is down or silent, and the real service running and then stopped."""

import asyncio
import json
import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from bot.cli import main
from bot.heartbeat import Health, HeartbeatWriter
from bot.imap_channel import ImapAccount, ImapChannel
from bot.outgoing import RelayTransport, deliver_due
from handlers.options import PipelineOptions
from handlers.pipeline import process_pending
from storage.heartbeats import record_stopped
from storage.states import DOWN, UP
from storage.store import Database
from tests.conftest import FixedClock
from tests.mailtools import make_mail, store_mail
from tests.service import RunningService, free_port, privacybot_env, wait_until

MAILBOX = "privacy@cloudservice.test"
OPTIONS = PipelineOptions(mailboxes=(MAILBOX,), message_id_domain="cloudservice.test")
RUNNING = {"smtp": (UP, ""), "worker": (UP, ""), "sender": (UP, "")}


@pytest.fixture
def status(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path):
    """Run `privacybot status ARGS` in this process with only the given PRIVACYBOT_* settings; (exit code, stdout)."""

    def run(*args: str, **settings: str) -> tuple[int, str]:
        for key in [key for key in os.environ if key.startswith("PRIVACYBOT_")]:
            monkeypatch.delenv(key)
        monkeypatch.setenv("PRIVACYBOT_HOME", str(tmp_path / "home"))
        for key, value in settings.items():
            monkeypatch.setenv(f"PRIVACYBOT_{key.upper()}", value)
        code = main(["status", *args])
        return code, capsys.readouterr().out

    return run


@pytest.fixture
def health() -> Iterator[Health]:
    """Channel states of a pretend instance of this process (the real Health the service uses)."""
    loop = asyncio.new_event_loop()
    yield Health(loop, RUNNING)
    loop.close()


def beat(db: Database, health: Health, at: datetime | None = None) -> None:
    """One heartbeat of a new instance, as the service writes it (now, or as if at `at`)."""
    HeartbeatWriter(db, health, now=(lambda: at) if at else (lambda: datetime.now(UTC))).beat()


def test_empty_database_and_no_instance_is_critical_and_says_to_start_the_service(database_url, status):
    code, out = status(database_url=database_url)
    assert code == 2
    first, *table = out.splitlines()
    assert first.startswith("CRITICAL: no privacybot instance has ever run against this database")
    assert "privacybot run" in first
    assert [line.split()[:3] for line in table[1:4]] == [["smtp", "never", "seen"], ["worker", "never", "seen"]] + [
        ["sender", "never", "seen"]
    ]
    assert "inbound:   0 waiting, 0 quarantined" in out and "overdue:   0 cases" in out

    code, out = status("--json", database_url=database_url)
    report = json.loads(out)
    assert code == 2 and report["status"] == "CRITICAL" and report["exit_code"] == 2
    assert report["channels"]["smtp"] == {
        "up": False,
        "state": "never seen",
        "detail": "",
        "instances": 0,
        "last_seen": None,
    }
    assert report["instances"] == []


def test_missing_or_unreachable_database_is_critical_with_what_to_do_and_nothing_is_created(tmp_path, status):
    code, out = status()
    assert code == 2
    assert out.startswith(f"CRITICAL: no database at {tmp_path / 'home' / 'privacybot.sqlite3'}: start the service")
    assert not (tmp_path / "home").exists()

    url = f"postgresql://monitor:secret@127.0.0.1:{free_port()}/privacybot"
    code, out = status("--json", database_url=url)
    report = json.loads(out)
    assert code == 2 and report["status"] == "CRITICAL"
    [reason] = report["reasons"]
    assert reason.startswith("cannot read the database at postgresql://monitor:***@127.0.0.1:")
    assert "check that the database server is running" in reason
    assert "secret" not in out
    assert report["channels"] is None and report["inbound"] is None


def test_a_database_behind_the_code_asks_for_db_upgrade(tmp_path, status):
    from storage.migrate import head_revisions, upgrade

    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    old = Database(url)
    upgrade(old.engine, "0007_merge")
    old.dispose()
    code, out = status(database_url=url)
    assert code == 2
    assert f"has schema revision 0007_merge, this privacybot expects {head_revisions()[0]}" in out
    assert "privacybot db upgrade" in out


def relay_refusing_every_recipient() -> Controller:
    class Refuse:
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: ANN001, ANN201, N802
            return "550 5.1.1 no such mailbox"

    controller = Controller(Refuse(), hostname="127.0.0.1", port=free_port())
    controller.start()
    return controller


def test_backlog_quarantine_failing_outgoing_mail_and_overdue_cases_are_counted_and_warn(
    db, database_url, status, health
):
    now = datetime.now(UTC)
    beat(db, health)
    old = FixedClock(now - timedelta(days=45))  # deadlines about two weeks ago
    for number, who in enumerate(("mette", "jens", "anna")):
        body = "Hej\n\nJeg vil gerne have slettet min konto og alle mine oplysninger.\n\nMvh"
        raw = make_mail(sender=f"{who}@example.dk", subject=f"Sletning {number}", body=body)
        store_mail(db, old, raw, MAILBOX, f"{who}@example.dk")
    store_mail(db, old, b"", MAILBOX)  # unparseable: quarantined
    while process_pending(db, OPTIONS, old):
        pass
    store_mail(db, FixedClock(now - timedelta(minutes=10)), make_mail(subject="Indsigt", body="Indsigt tak"), MAILBOX)

    later = lambda: now + timedelta(minutes=1)  # noqa: E731  (the retried and refused rows are not due at `now`)
    refusing = relay_refusing_every_recipient()
    try:
        assert deliver_due(db, RelayTransport(refusing.hostname, refusing.port), later, batch=1) == 1  # given up
    finally:
        refusing.stop()
    assert deliver_due(db, RelayTransport("127.0.0.1", free_port(), timeout=2), later, batch=1) == 1  # retrying

    code, out = status("--json", database_url=database_url)
    report = json.loads(out)
    assert code == 1 and report["status"] == "WARNING"
    assert report["inbound"]["waiting"] == 1 and report["inbound"]["quarantined"] == 1
    assert report["outgoing"] == {
        "waiting": 1,
        "oldest_due_at": report["outgoing"]["oldest_due_at"],
        "retrying": 1,
        "failed_last_7_days": 1,
    }
    assert report["outgoing"]["oldest_due_at"] < (now - timedelta(days=44)).isoformat()
    overdue = report["overdue_cases"]
    assert overdue["count"] == 3 and len(overdue["references"]) == 3
    assert all(reference.startswith("PRV-") for reference in overdue["references"])
    assert overdue["oldest_deadline"] < now.date().isoformat()
    assert {name: state["up"] for name, state in report["channels"].items()} == {
        "smtp": True,
        "worker": True,
        "sender": True,
    }
    assert len(report["instances"]) == 1
    reasons = report["reasons"]
    assert "1 quarantined message (the pipeline gave up on them)" in reasons
    assert any(r.startswith("1 stored message not processed, the oldest received 10 min ago") for r in reasons)
    assert any(r.startswith("1 outgoing message not sent, the oldest due 45 days ago") for r in reasons)
    assert "1 outgoing message retrying after failed attempts" in reasons
    assert "1 outgoing message given up in the last 7 days" in reasons
    assert f"3 overdue cases ({', '.join(overdue['references'])})" in reasons
    assert "mette" not in out and "Sletning" not in out  # no personal data or content in the status

    code, plain = status(database_url=database_url)
    assert code == 1 and plain.startswith("WARNING: 1 quarantined message")
    assert "smtp       up           1 instance" in plain
    assert "inbound:   1 waiting, 1 quarantined" in plain
    assert "outgoing:  1 waiting, 1 retrying, 1 given up in the last 7 days" in plain
    assert f"overdue:   3 cases, the oldest due {overdue['oldest_deadline']}" in plain


def test_an_imap_channel_that_cannot_connect_and_a_silent_instance_are_critical(db, database_url, status, health):
    closed = ImapAccount(host="127.0.0.1", port=free_port(), use_ssl=False, user="privacy", password="x")
    channel = ImapChannel(db, closed, report=health.reporter("imap"))
    channel.start()
    try:
        assert wait_until(lambda: health.snapshot().get("imap", ("",))[0] == DOWN, timeout=5)
    finally:
        channel.stop()
    beat(db, health)

    code, out = status("--json", database_url=database_url, imap_host="127.0.0.1", imap_user="u", imap_password="p")
    report = json.loads(out)
    assert code == 2
    assert report["channels"]["imap"]["state"] == DOWN
    assert report["channels"]["imap"]["detail"] == "reconnecting: ConnectionRefusedError"
    assert report["reasons"][0].startswith("imap is down (reconnecting: ConnectionRefusedError)")
    assert report["channels"]["smtp"]["up"] is True

    with db.transaction() as store:  # that instance stopped an hour ago; another one went quiet two minutes ago
        record_stopped(store, report["instances"][0]["instance"], datetime.now(UTC) - timedelta(hours=1))
    beat(db, health, at=datetime.now(UTC) - timedelta(minutes=2))
    code, out = status(database_url=database_url)
    assert code == 2
    assert out.startswith("CRITICAL: no running privacybot instance: the last one went silent (crashed or hung?) 2 min")
    assert "smtp       silent" in out


@pytest.fixture
def service(tmp_path: Path, database_url: str) -> Iterator[RunningService]:
    env = privacybot_env(
        tmp_path / "service", database_url=database_url, smtp_listen=f"127.0.0.1:{free_port()}", mailbox=MAILBOX
    )
    running = RunningService(env)
    yield running
    if running.process.poll() is None:
        running.stop()


def test_the_running_service_is_up_and_ok_and_stopped_once_it_stops(service, database_url, status):
    code, out = status("--json", database_url=database_url)
    report = json.loads(out)
    assert code == 0, out
    assert report["status"] == "OK" and report["reasons"] == []
    assert report["channels"]["smtp"]["up"] is True and report["channels"]["smtp"]["instances"] == 1
    [instance] = report["instances"]
    assert instance["instance"].split(":")[1] == str(service.process.pid)
    assert instance["channels"] == {"smtp": "up", "worker": "up", "sender": "up"}

    code, out = status(database_url=database_url)
    assert code == 0 and out.startswith("OK: every channel up, nothing waiting")

    service.stop()
    code, out = status(database_url=database_url)
    assert code == 2
    assert out.startswith("CRITICAL: no running privacybot instance: the last one stopped")
    assert "smtp       stopped" in out

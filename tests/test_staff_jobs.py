"""The service's staff jobs: the minute reminder pass queues digests and wakes the sender; the retention purge runs
when the service starts and then once a day, however many instances run; `privacybot run` starts both."""

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.config import Settings
from bot.staff_jobs import purge_loop, reminder_loop
from storage.models import RetentionRun
from storage.retention_queries import retention_runs
from storage.store import Database
from tests.service import RunningService, free_port, privacybot_env, wait_until
from tests.staffing import ERASURE_DA, MAILBOX, STAFF, mails, receive_request

RECEIVED = datetime(2026, 10, 5, 7, 0, tzinfo=UTC)
OVERDUE_MORNING = datetime(2026, 11, 9, 8, 30, tzinfo=UTC)
SETTINGS = Settings(mailboxes=(MAILBOX,), staff=STAFF)


def runs(db: Database) -> list[RetentionRun]:
    with db.transaction() as store:
        return retention_runs(store)


async def run_until(
    job: Callable[[asyncio.Event], Awaitable[None]], done: Callable[[], object], timeout: float = 10.0
) -> None:
    """Start a job, wait for `done()` to hold, then stop the job as the service does on SIGTERM."""
    stop = asyncio.Event()
    task = asyncio.create_task(job(stop))
    deadline = asyncio.get_running_loop().time() + timeout
    while not done() and asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(0.05)
    stop.set()
    await asyncio.wait_for(task, 10)


def test_the_minute_job_sends_due_reminders_and_wakes_the_sender(db):
    receive_request(db, RECEIVED, *ERASURE_DA)
    wake = asyncio.Event()

    asyncio.run(
        run_until(lambda stop: reminder_loop(db, SETTINGS, wake, stop, now=lambda: OVERDUE_MORNING), wake.is_set)
    )

    assert wake.is_set()
    assert sorted(m["To"] for m in mails(db, "reminder_digest")) == [
        "dpo@cloudservice.test",
        "support@cloudservice.test",
    ]


def test_the_daily_purge_runs_at_start_and_once_a_day(db):
    def purge_at(at: datetime) -> None:
        before = len(runs(db))
        asyncio.run(
            run_until(lambda stop: purge_loop(db, SETTINGS, stop, now=lambda: at), lambda: len(runs(db)) > before, 1.0)
        )

    purge_at(OVERDUE_MORNING)
    purge_at(OVERDUE_MORNING + timedelta(hours=2))  # another instance, or a restart, the same day
    assert [run.at for run in runs(db)] == [OVERDUE_MORNING]
    purge_at(OVERDUE_MORNING + timedelta(days=1))
    assert len(runs(db)) == 2 and runs(db)[-1].actor == "privacybot (daily retention job)"


def test_privacybot_run_starts_the_retention_job(tmp_path: Path, database_url: str):
    env = privacybot_env(tmp_path / "home", database_url=database_url, smtp_listen=f"127.0.0.1:{free_port()}")
    service = RunningService(env)
    db = Database(database_url)
    try:
        assert wait_until(lambda: runs(db), timeout=10.0), "the service ran no retention pass at start"
    finally:
        service.stop()
        db.dispose()

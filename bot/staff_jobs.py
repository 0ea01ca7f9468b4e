"""The service's periodic staff jobs: a reminder pass every minute and the retention purge once a day.

Both keep their state in the database (recorded reminder stages, retention runs), never in memory, so restarts and
several instances side by side neither skip nor repeat anything.
"""

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from bot.config import Settings
from bot.loop_timing import pause, utc_now
from bot.pass_failures import log_failed_pass
from handlers.identity_sweep import sweep_unverified
from handlers.options import PipelineOptions
from handlers.reminder_sweep import remind
from handlers.retention import purge, purge_due
from storage.store import Database

log = logging.getLogger(__name__)

REMIND_EVERY = 60.0  # seconds; a stage is recorded once, so a short interval costs one indexed query
PURGE_CHECK_EVERY = 3600.0  # seconds between "has anyone purged in the last day?" checks
PURGE_ACTOR = "privacybot (daily retention job)"


async def reminder_loop(
    db: Database,
    settings: Settings,
    wake_sender: asyncio.Event,
    stop: asyncio.Event,
    now: Callable[[], datetime] = utc_now,
) -> None:
    options = settings.pipeline_options(b"")
    while not stop.is_set():
        try:
            result = await asyncio.to_thread(remind, db, now(), options, settings.staff)
            if result.digests_queued:
                wake_sender.set()
        except Exception as exc:
            log_failed_pass(log, "reminder", exc, "trying again in a minute")
        await pause(stop, REMIND_EVERY)


async def purge_loop(
    db: Database, settings: Settings, stop: asyncio.Event, now: Callable[[], datetime] = utc_now
) -> None:
    while not stop.is_set():
        try:
            at = now()
            if await asyncio.to_thread(purge_due, db, at, timedelta(hours=23)):
                await asyncio.to_thread(purge, db, at, settings.staff, PURGE_ACTOR)
        except Exception as exc:
            log_failed_pass(log, "retention purge", exc, "trying again in an hour")
        await pause(stop, PURGE_CHECK_EVERY)


async def verification_loop(
    db: Database,
    options: PipelineOptions,
    wake_sender: asyncio.Event,
    stop: asyncio.Event,
    now: Callable[[], datetime] = utc_now,
) -> None:
    """Remind requesters who have not verified; close with the Art. 12(4) notice before the deadline."""
    while not stop.is_set():
        try:
            if await asyncio.to_thread(sweep_unverified, db, options, now()):
                wake_sender.set()
        except Exception as exc:
            log_failed_pass(log, "verification", exc, "trying again in a minute")
        await pause(stop, REMIND_EVERY)


def staff_tasks(
    db: Database, settings: Settings, options: PipelineOptions, wake_sender: asyncio.Event, stop: asyncio.Event
) -> list[asyncio.Task[None]]:
    """Start the periodic jobs; the caller gathers them after setting `stop`."""
    return [
        asyncio.create_task(reminder_loop(db, settings, wake_sender, stop)),
        asyncio.create_task(purge_loop(db, settings, stop)),
        asyncio.create_task(verification_loop(db, options, wake_sender, stop)),
    ]

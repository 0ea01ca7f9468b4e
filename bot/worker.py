"""The pipeline worker's loop and the timing the service's loops share: run in the service process, or in a process
of its own (bot.pipeline_process)."""

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Protocol

from bot.heartbeat import DOWN, UP, Report, ignore
from bot.loop_timing import utc_now, wait_for
from bot.pass_failures import log_failed_pass
from handlers.identity import check_identities
from handlers.options import PipelineOptions
from storage.store import Database

log = logging.getLogger(__name__)

IDLE_POLL_SECONDS = 1.0  # other instances may store mail too: look at the queue at least this often
# After a wake, or a pass that found less than a full batch, the worker and the sender let more work gather before the
# next pass: under load a pass then carries a batch instead of the one or two messages of the last few milliseconds
# (each pass is a transaction, a commit and thread hand-overs; ~10% of the CPU per message), for at most this much
# more latency.
GATHER_SECONDS = 0.02
PIPELINE_BATCH = 20  # stored messages per pipeline pass (on SQLite the SMTP door waits at most one pass to commit)


class Wake(Protocol):
    """Something a loop sets to wake another: an asyncio.Event, several at once, or a message to another process."""

    def set(self) -> None: ...


class Wakes:
    """Several waiters woken by one `set()`: the worker's replies may be mail or chat messages, and each pipeline
    process hears of stored mail."""

    def __init__(self, *events: Wake) -> None:
        self.events = events

    def set(self) -> None:
        for event in self.events:
            event.set()


Pipeline = Callable[[Database, PipelineOptions, Callable[[], datetime], int], int]


def load_pipeline() -> Pipeline:
    """Import and warm the understanding step: its cue patterns compile, dateparser loads its locales and the word
    model its weights (1-2 s).

    It runs in a thread while the SMTP door already accepts mail, and the worker waits for it before its first pass,
    so neither the ready line nor the first message pays for it. The pipeline it returns keeps the leases a pass
    cut short by a database outage could not give back, for the next pass to give back.
    """
    from handlers import dates, second_opinion
    from handlers.pipeline import OwedLeases, process_pending
    from handlers.understanding import understand

    dates.warm_up()
    second_opinion.warm_up()
    understand("Indsigt", "Jeg vil gerne se de oplysninger, I har om mig.")
    return partial(process_pending, owed=OwedLeases())


async def worker_loop(
    db: Database,
    options: PipelineOptions,
    wake: asyncio.Event,
    sent: Wake,
    stop: asyncio.Event,
    report: Report = ignore,
    pipeline: "asyncio.Future[Pipeline] | None" = None,
) -> None:
    """Run the pipeline whenever mail was stored (or every second); wake the sender when it queued replies."""
    process_pending = await pipeline if pipeline is not None else await asyncio.to_thread(load_pipeline)
    log.info("understanding step ready")
    while not stop.is_set():
        try:
            claimed = await asyncio.to_thread(process_pending, db, options, utc_now, PIPELINE_BATCH)
            if claimed:
                sent.set()  # acknowledgements first; the identity step may wait
            checked = await asyncio.to_thread(check_identities, db, options, utc_now())
            report(UP, "")
        except Exception as exc:
            log_failed_pass(log, "pipeline", exc)
            report(DOWN, f"pass failed: {type(exc).__name__}")
            claimed = checked = 0
            await asyncio.sleep(IDLE_POLL_SECONDS)
        if claimed or checked:
            sent.set()
            if claimed < PIPELINE_BATCH:
                await asyncio.sleep(GATHER_SECONDS)
            continue
        await wait_for(wake, IDLE_POLL_SECONDS)
        await asyncio.sleep(GATHER_SECONDS)

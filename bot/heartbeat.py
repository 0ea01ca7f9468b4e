"""The service's heartbeat: each channel reports its state in memory, and one small task writes them to the database
every BEAT_SECONDS and soon after a change, so `privacybot status` can judge the service from the database alone.

Reporting costs a dictionary lookup (channels call it freely, from any thread); the database sees one short
transaction per beat, never one per message. A clean shutdown marks the instance's rows stopped.
"""

import asyncio
import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable, Mapping
from datetime import datetime

from bot.loop_timing import utc_now
from storage.heartbeats import record_beat, record_stopped
from storage.states import DOWN, UP
from storage.store import Database

log = logging.getLogger(__name__)

BEAT_SECONDS = 15.0  # `privacybot status` counts a heartbeat older than 60 s as silence
MIN_GAP_SECONDS = 1.0  # changes in a burst (a flapping connection) are written together

Report = Callable[[str, str], None]  # (state, detail): UP or DOWN, and why down as an error kind


def ignore(_state: str, _detail: str) -> None:
    """The reporter of a channel run without a heartbeat (tests, tools)."""


def instance_id() -> str:
    """Unique per process and readable by an operator: host, pid and a random part (pids repeat in containers)."""
    return f"{socket.gethostname()[:96]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class Health:
    """The current state of each channel of this process; a change wakes the writer."""

    def __init__(self, loop: asyncio.AbstractEventLoop, initial: Mapping[str, tuple[str, str]]) -> None:
        self._loop = loop
        self._states = dict(initial)
        self._lock = threading.Lock()
        self.changed = asyncio.Event()

    def reporter(self, channel: str) -> Report:
        return lambda state, detail: self.set(channel, state, detail)

    def set(self, channel: str, state: str, detail: str = "") -> None:
        with self._lock:
            if self._states.get(channel) == (state, detail):
                return
            self._states[channel] = (state, detail)
        log.info("channel %s is %s%s", channel, state, f" ({detail})" if detail else "")
        self._loop.call_soon_threadsafe(self.changed.set)

    def snapshot(self) -> dict[str, tuple[str, str]]:
        with self._lock:
            return dict(self._states)


class HeartbeatWriter:
    """Writes this instance's channel states; `run(stop)` keeps doing it until `stop`, `stopped()` signs off."""

    def __init__(self, db: Database, health: Health, now: Callable[[], datetime] = utc_now) -> None:
        self.db = db
        self.health = health
        self.now = now
        self.instance = instance_id()
        self.started_at = now()
        self._failing = False

    def beat(self) -> None:
        """One write (blocking: run it in a thread). A database that is down is logged once, then retried."""
        try:
            with self.db.transaction() as store:
                record_beat(store, self.instance, self.started_at, self.health.snapshot(), self.now())
        except Exception as exc:
            if not self._failing:
                log.warning("heartbeat not written (%s); trying again", type(exc).__name__)
            self._failing = True
            return
        self._failing = False

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            await first_of((stop, self.health.changed), BEAT_SECONDS)
            await first_of((stop,), MIN_GAP_SECONDS)
            if stop.is_set():
                return
            self.health.changed.clear()
            await asyncio.to_thread(self.beat)

    def stopped(self) -> None:
        """Mark every channel of this instance stopped (blocking), so status says "stopped", not "silent"."""
        try:
            with self.db.transaction() as store:
                record_stopped(store, self.instance, self.now())
        except Exception as exc:
            log.warning("could not record the shutdown in the heartbeat table (%s)", type(exc).__name__)


async def first_of(events: tuple[asyncio.Event, ...], timeout: float) -> None:
    """Wait until any of `events` is set, or `timeout` seconds."""
    waiters = [asyncio.create_task(event.wait()) for event in events]
    try:
        await asyncio.wait(waiters, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()


__all__ = ["DOWN", "UP", "Health", "HeartbeatWriter", "Report", "ignore"]

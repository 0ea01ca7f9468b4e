"""The clock and the two ways the service's loops wait, shared by every loop (worker, sender, staff jobs, chat,
heartbeat, pipeline processes)."""

import asyncio
from datetime import UTC, datetime


def utc_now() -> datetime:
    return datetime.now(UTC)


async def wait_for(event: asyncio.Event, timeout: float) -> None:
    """Until `event` is set or `timeout` seconds pass; the event is cleared for the next wait."""
    try:
        await asyncio.wait_for(event.wait(), timeout)
    except TimeoutError:
        pass
    event.clear()


async def pause(stop: asyncio.Event, seconds: float) -> None:
    """Sleep, but wake at once when the service stops."""
    try:
        await asyncio.wait_for(stop.wait(), seconds)
    except TimeoutError:
        pass

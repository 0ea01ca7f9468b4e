"""`privacybot run`: the SMTP door, the pipeline worker and the outbox sender in one asyncio process (the worker, if
the operator asks, in processes of its own: bot.pipeline_process)."""

import asyncio
import logging
import signal
from collections.abc import Callable

from bot.config import Settings
from bot.heartbeat import DOWN, UP, Health, HeartbeatWriter, Report, ignore
from bot.imap_channel import ImapChannel, imap_account
from bot.loop_timing import utc_now, wait_for
from bot.outgoing import BATCH as OUTBOX_BATCH
from bot.outgoing import MaildirTransport, RelayTransport, Transport, deliver_due
from bot.pass_failures import log_failed_pass
from bot.pipeline_process import PipelineProcess, PoolHealth
from bot.secret_key import secret_key
from bot.smtp_inbound import InboundHandler, make_controller
from bot.staff_jobs import staff_tasks
from bot.worker import (
    GATHER_SECONDS,
    IDLE_POLL_SECONDS,
    Pipeline,
    Wake,
    Wakes,
    load_pipeline,
    worker_loop,
)
from handlers.options import PipelineOptions
from storage.store import Database

log = logging.getLogger(__name__)


def transport_for(settings: Settings) -> Transport:
    if settings.smtp_relay is not None:
        return RelayTransport(*settings.smtp_relay)
    return MaildirTransport(settings.maildir)


async def sender_loop(
    db: Database,
    transport: Transport,
    wake: asyncio.Event,
    delivered_event: asyncio.Event,
    stop: asyncio.Event,
    report: Report = ignore,
) -> None:
    """Deliver the outbox; after a delivery, wake the worker (identity work waits for acknowledgements to leave)."""
    while not stop.is_set():
        try:
            delivered = await asyncio.to_thread(deliver_due, db, transport, utc_now)
            report(UP, "")
        except Exception as exc:
            log_failed_pass(log, "outbox", exc)
            report(DOWN, f"pass failed: {type(exc).__name__}")
            delivered = 0
        if delivered:
            delivered_event.set()
            if delivered < OUTBOX_BATCH:
                await asyncio.sleep(GATHER_SECONDS)
            continue
        await wait_for(wake, IDLE_POLL_SECONDS)
        await asyncio.sleep(GATHER_SECONDS)


async def serve(settings: Settings, stop: asyncio.Event, ready: Callable[[str], None] = print) -> None:
    """Start every channel and worker; return when `stop` is set, after the workers finish their pass."""
    account = imap_account(settings)  # a missing IMAP setting stops `run` before anything starts
    settings.home.mkdir(parents=True, exist_ok=True)
    db = Database(settings.database)
    if not await asyncio.to_thread(db.at_head):  # a current schema needs no Alembic (a third of a second to import)
        await asyncio.to_thread(db.upgrade)  # before the warm-up: two threads importing at once slow each other
    warming = None
    if not settings.pipeline_processes:  # the understanding step warms here, alongside the door, which opens meanwhile
        warming = asyncio.ensure_future(asyncio.to_thread(load_pipeline))
    loop = asyncio.get_running_loop()
    stored, queued = asyncio.Event(), asyncio.Event()
    health = Health(loop, channel_states(settings, account is not None))
    chat = None
    if settings.telegram_token:  # python-telegram-bot is imported only when a token is set
        from bot.telegram_channel import TelegramChannel

        chat = TelegramChannel(db, settings, on_stored=stored.set, report=health.reporter("telegram"))
    replies = Wakes(queued, chat.wake) if chat is not None else queued
    handler = InboundHandler(db, settings.mailboxes, on_stored=lambda: loop.call_soon_threadsafe(stored.set))
    host, port = settings.smtp_listen
    controller = make_controller(handler, host, port, settings.max_message_bytes)
    await asyncio.to_thread(controller.start)
    transport = transport_for(settings)
    options = settings.pipeline_options(secret_key(settings))
    tasks = [
        *workers(settings, db, options, stored, replies, stop, health.reporter("worker"), warming),
        asyncio.create_task(sender_loop(db, transport, queued, stored, stop, health.reporter("sender"))),
        *staff_tasks(db, settings, options, queued, stop),  # reminders, verification follow-ups, daily purge
    ]
    where = f"relay {host_port(settings.smtp_relay)}" if settings.smtp_relay else f"Maildir {settings.maildir}"
    mailboxes = ", ".join(settings.mailboxes) or "any recipient (PRIVACYBOT_MAILBOX not set)"
    inbound = f"SMTP on {host}:{port}"
    imap = None
    if account is not None:
        imap = ImapChannel(
            db, account, on_stored=lambda: loop.call_soon_threadsafe(stored.set), report=health.reporter("imap")
        )
        imap.start()
        inbound += f" and IMAP {account.where}"
    if chat is not None:  # polls, stores and acknowledges updates, and sends the chat outbox, until `stop`
        tasks.append(asyncio.create_task(chat.run(stop)))
        inbound += f" and Telegram via {settings.telegram_api_url}"
    heartbeat = HeartbeatWriter(db, health)
    await asyncio.to_thread(heartbeat.beat)  # `privacybot status` sees the instance as soon as it says it is ready
    tasks.append(asyncio.create_task(heartbeat.run(stop)))
    ready(f"privacybot ready: {inbound} for {mailboxes}; replies to {where}")
    try:
        await stop.wait()
    finally:
        if imap is not None:
            await asyncio.to_thread(imap.stop)
        await asyncio.to_thread(controller.stop)
        stored.set()
        queued.set()
        await asyncio.gather(*tasks, return_exceptions=True)
        await asyncio.to_thread(heartbeat.stopped)
        db.dispose()


def workers(
    settings: Settings,
    db: Database,
    options: PipelineOptions,
    stored: asyncio.Event,
    replies: Wake,
    stop: asyncio.Event,
    report: Report,
    warming: "asyncio.Future[Pipeline] | None",
) -> list["asyncio.Task[None]"]:
    """The pipeline worker: in processes of their own (every wake reaches each), or, with `pipeline_processes = 0`
    (the default), in this process beside the door."""
    if not settings.pipeline_processes:
        return [asyncio.create_task(worker_loop(db, options, stored, replies, stop, report, warming))]
    health = PoolHealth(report)
    processes = [
        PipelineProcess(number, stored, settings.database, options, replies, health.reporter(number))
        for number in range(1, settings.pipeline_processes + 1)
    ]
    return [asyncio.create_task(process.run(stop)) for process in processes]


def channel_states(settings: Settings, imap: bool) -> dict[str, tuple[str, str]]:
    """The channels this instance runs, as they start: the SMTP door and the loops are up once started; IMAP and
    Telegram are down until they have reached their server."""
    states = {"smtp": (UP, ""), "worker": (UP, ""), "sender": (UP, "")}
    if imap:
        states["imap"] = (DOWN, "connecting")
    if settings.telegram_token:
        states["telegram"] = (DOWN, "connecting")
    return states


def host_port(pair: tuple[str, int] | None) -> str:
    return f"{pair[0]}:{pair[1]}" if pair else ""


def run(settings: Settings) -> None:
    """Block until SIGINT or SIGTERM."""

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await serve(settings, stop, ready=lambda line: print(line, flush=True))

    asyncio.run(main())

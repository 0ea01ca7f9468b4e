"""`privacybot run`: the SMTP door, the pipeline worker and the outbox sender in one asyncio process."""

import asyncio
import logging
import signal
from collections.abc import Callable
from datetime import UTC, datetime

from bot.config import Settings
from bot.heartbeat import DOWN, UP, Health, HeartbeatWriter, Report, ignore
from bot.imap_channel import ImapChannel, imap_account
from bot.outgoing import BATCH as OUTBOX_BATCH
from bot.outgoing import MaildirTransport, RelayTransport, Transport, deliver_due
from bot.pass_failures import log_failed_pass
from bot.secret_key import secret_key
from bot.smtp_inbound import InboundHandler, make_controller
from bot.staff_jobs import staff_tasks
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


def utc_now() -> datetime:
    return datetime.now(UTC)


def transport_for(settings: Settings) -> Transport:
    if settings.smtp_relay is not None:
        return RelayTransport(*settings.smtp_relay)
    return MaildirTransport(settings.maildir)


async def wait_for(event: asyncio.Event, timeout: float) -> None:
    try:
        await asyncio.wait_for(event.wait(), timeout)
    except TimeoutError:
        pass
    event.clear()


class Wakes:
    """Several senders woken by one `set()`: the worker's replies may be mail or chat messages."""

    def __init__(self, *events: asyncio.Event) -> None:
        self.events = events

    def set(self) -> None:
        for event in self.events:
            event.set()


Pipeline = Callable[[Database, PipelineOptions, Callable[[], datetime], int], int]


def load_pipeline() -> Pipeline:
    """Import and warm the understanding step: its cue patterns compile, dateparser loads its locales and the word
    model its weights (1-2 s).

    It runs in a thread while the SMTP door already accepts mail, and the worker waits for it before its first pass,
    so neither the ready line nor the first message pays for it.
    """
    from handlers import dates, second_opinion
    from handlers.pipeline import process_pending
    from handlers.understanding import understand

    dates.warm_up()
    second_opinion.warm_up()
    understand("Indsigt", "Jeg vil gerne se de oplysninger, I har om mig.")
    return process_pending


async def worker_loop(
    db: Database,
    options: PipelineOptions,
    wake: asyncio.Event,
    sent: asyncio.Event | Wakes,
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
    warming = asyncio.ensure_future(asyncio.to_thread(load_pipeline))  # alongside the door, which opens meanwhile
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
        asyncio.create_task(worker_loop(db, options, stored, replies, stop, health.reporter("worker"), warming)),
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

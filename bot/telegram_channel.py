"""The Telegram channel (python-telegram-bot 22): updates in, committed before they are acknowledged; chat messages
out of the outbox, with retries.

PTB's Updater moves the getUpdates offset before handlers run, which would acknowledge an update the database does
not hold yet, so it is not used. The channel long-polls getUpdates itself, stores the batch in one transaction (the
key is the bot id and update id, so an update Telegram delivers again is stored once), hands each update to the
Application for the instant, transport-level acknowledgements (the button spinner, "typing..."), and only then asks
for the next batch with the higher offset, which is what tells Telegram the updates are safe. The pipeline worker
does the real work from the stored rows (handlers.chat_pipeline), so dying anywhere costs at most one re-delivery
that the key turns into a no-op.

getUpdates is fetched as raw JSON (`Bot.do_api_request`), not through `Bot.get_updates`: what is stored is exactly
what Telegram sent, and an update PTB cannot parse (a field newer than this PTB) is stored and answered like any
other, instead of failing its whole batch, and with it every poll after, forever.

The sender drains outbox rows of channel "telegram" (the JSON of one Bot API call each), marking a row sent only
after the Bot API said ok: a 429 waits the retry_after Telegram asks for (the whole bot waits: flood control is per
bot), 5xx and network errors back off and retry without giving up, and a refusal (blocked by the user, chat gone,
bad request) is recorded as failed, in the case's trail too, so staff can reach the requester another way.
"""

import asyncio
import json
import logging
import time
import warnings
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.constants import ChatAction
from telegram.error import BadRequest, ChatMigrated, Forbidden, InvalidToken, RetryAfter, TelegramError
from telegram.ext import Application, ApplicationBuilder, CallbackQueryHandler, ContextTypes, MessageHandler, filters
from telegram.warnings import PTBUserWarning

from bot.config import Settings
from bot.heartbeat import DOWN, UP, Report, ignore
from bot.loop_timing import pause, utc_now, wait_for
from bot.pass_failures import log_failed_pass
from handlers.chat_outbox import CHAT_CHANNEL, EDIT, SEND, chat_address
from storage.store import ClaimedOutbox, Database

log = logging.getLogger(__name__)

LONG_POLL_SECONDS = 25  # Telegram holds getUpdates open this long when there is nothing to deliver
READ_MARGIN_SECONDS = 10  # on top of the long poll, before a silent connection counts as dead
STORED = ("message", "edited_message", "callback_query")  # updates that can need an answer; the rest is logged only
ACK_TIMEOUT_SECONDS = 3.0  # the button and "typing" acknowledgements are a courtesy: never wait long for them
BACKOFF_FIRST_SECONDS = 1.0
BACKOFF_MAX_SECONDS = 300.0
IDLE_SECONDS = 1.0  # the sender looks at the outbox at least this often (reminders, other instances)
SEND_BATCH = 20
# A claimed batch is leased so other instances leave it alone. Each call is bounded by python-telegram-bot's timeouts
# (5 s to connect, write and read, by default), twenty of them not: what is left of a batch at half the lease goes
# back untried, so no row is still being sent when its lease ends and another instance may claim it.
LEASE = timedelta(minutes=5)
PERMANENT = (BadRequest, Forbidden, ChatMigrated)  # retrying cannot help (BadRequest is a NetworkError subclass)


def retry_seconds(exc: RetryAfter) -> float:
    """Telegram's retry_after in seconds (PTB 22 warns that the attribute will become a timedelta)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def backoff(attempts: int) -> float:
    return min(BACKOFF_FIRST_SECONDS * 2 ** max(attempts - 1, 0), BACKOFF_MAX_SECONDS)


def build_application(settings: Settings) -> Application:  # type: ignore[type-arg]
    """The real Application, pointed at the configured Bot API server, with the acknowledgement handlers only."""
    assert settings.telegram_token is not None
    # do_api_request("getUpdates") is deliberate (module docstring); PTB would suggest get_updates on every poll
    warnings.filterwarnings("ignore", message=r"Please use 'Bot\.getUpdates'", category=PTBUserWarning)
    api = settings.telegram_api_url
    app = (
        ApplicationBuilder()
        .token(settings.telegram_token)
        .base_url(f"{api}/bot")
        .base_file_url(f"{api}/file/bot")
        .updater(None)
        .build()
    )
    app.add_handler(CallbackQueryHandler(acknowledge_button))
    app.add_handler(MessageHandler(filters.ChatType.PRIVATE & (filters.TEXT | filters.CAPTION), show_typing))
    app.add_error_handler(log_error)
    return app


async def acknowledge_button(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stop the button's spinner at once; what the press means is worked out from the stored update."""
    if update.callback_query is not None:
        await update.callback_query.answer(read_timeout=ACK_TIMEOUT_SECONDS, connect_timeout=ACK_TIMEOUT_SECONDS)


async def show_typing(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show "typing..." in the requester's chat while the worker prepares the answer."""
    if update.effective_chat is not None:
        await context.bot.send_chat_action(
            update.effective_chat.id,
            ChatAction.TYPING,
            read_timeout=ACK_TIMEOUT_SECONDS,
            connect_timeout=ACK_TIMEOUT_SECONDS,
        )


async def log_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The one error handler: an acknowledgement that failed is logged (ids only) and forgotten; the update is
    already stored, so nothing is lost."""
    update_id = update.update_id if isinstance(update, Update) else "?"
    log.warning("telegram acknowledgement for update %s failed: %s", update_id, type(context.error).__name__)


class TelegramChannel:
    """Polls, stores and acknowledges updates; sends the chat outbox. `run(stop)` lives until `stop` is set."""

    def __init__(
        self,
        db: Database,
        settings: Settings,
        on_stored: Callable[[], None],
        now: Callable[[], datetime] = utc_now,
        report: Report = ignore,
    ) -> None:
        assert settings.telegram_token is not None
        self.db = db
        self.report = report  # the heartbeat: up while the Bot API answers, down (with the error kind) when not
        self.bot_id = settings.telegram_token.partition(":")[0]
        self.where = settings.telegram_api_url  # for logs: never the token
        self.app = build_application(settings)
        self.on_stored = on_stored
        self.now = now
        self.wake = asyncio.Event()  # set when chat messages were queued
        self.offset: int | None = None

    async def run(self, stop: asyncio.Event) -> None:
        if not await self._initialize(stop):
            return
        await self.app.start()
        poller = asyncio.create_task(self._poll_forever())
        sender = asyncio.create_task(self._send_until(stop))
        try:
            await stop.wait()
        finally:
            poller.cancel()  # an update fetched but not yet stored is simply delivered again
            self.wake.set()
            await asyncio.gather(poller, sender, return_exceptions=True)
            await self.app.stop()
            await self.app.shutdown()

    async def _initialize(self, stop: asyncio.Event) -> bool:
        """getMe and deleteWebhook (getUpdates refuses while a webhook is set), retried until the server answers."""
        attempts = 0
        while not stop.is_set():
            try:
                await self.app.initialize()
                await self.app.bot.delete_webhook()
                log.info("telegram channel up: bot %s at %s", self.bot_id, self.where)
                self.report(UP, "")
                return True
            except InvalidToken:
                log.error("the Bot API refused PRIVACYBOT_TELEGRAM_TOKEN; the Telegram channel is off")
                self.report(DOWN, "off: the Bot API refused the token")
                return False
            except RetryAfter as exc:
                await pause(stop, retry_seconds(exc))
            except TelegramError as exc:
                attempts += 1
                log.warning("telegram not reachable (%s); trying again", type(exc).__name__)
                self.report(DOWN, f"connecting: {type(exc).__name__}")
                await pause(stop, backoff(attempts))
        return False

    # -- inbound ----------------------------------------------------------------------------------------------

    async def _poll_forever(self) -> None:
        attempts = 0
        while True:
            try:
                updates = await self.app.bot.do_api_request(
                    "getUpdates",
                    api_kwargs={"offset": self.offset, "timeout": LONG_POLL_SECONDS},
                    read_timeout=LONG_POLL_SECONDS + READ_MARGIN_SECONDS,
                )
            except RetryAfter as exc:
                await asyncio.sleep(retry_seconds(exc))
                continue
            except TelegramError as exc:  # network, 5xx, a webhook or another poller (Conflict)
                attempts += 1
                log.warning("getUpdates failed (%s); trying again", type(exc).__name__)
                self.report(DOWN, f"getUpdates failing: {type(exc).__name__}")
                await asyncio.sleep(backoff(attempts))
                continue
            attempts = 0
            self.report(UP, "")
            if updates:
                await self._accept(updates)

    async def _accept(self, updates: Sequence[dict[str, Any]]) -> None:
        """Commit, then acknowledge: the offset moves past these updates only once they are in the database."""
        first, last = updates[0]["update_id"], updates[-1]["update_id"]
        try:
            await asyncio.to_thread(self._store, updates)
        except Exception as exc:
            log_failed_pass(log, f"telegram updates {first}-{last}", exc, "Telegram keeps them")
            await asyncio.sleep(BACKOFF_FIRST_SECONDS)
            return
        self.on_stored()
        for raw in updates:
            try:
                update = Update.de_json(raw, self.app.bot)
            except Exception as exc:  # stored all the same: the worker reads the JSON itself
                log.warning("telegram update %s unreadable for PTB (%s); stored", raw["update_id"], type(exc).__name__)
                continue
            await self.app.process_update(update)
        self.offset = last + 1

    def _store(self, updates: Sequence[dict[str, Any]]) -> None:
        at = self.now()
        with self.db.transaction() as store:
            for update in updates:
                kind = next((key for key in update if key != "update_id"), "empty")
                if kind not in STORED:
                    log.info("telegram update %s (%s) not for the bot; not stored", update["update_id"], kind)
                    continue
                body = update[kind]
                message = (body.get("message") if kind == "callback_query" else body) or {}
                user, chat_id = body.get("from") or {}, (message.get("chat") or {}).get("id")
                stored = store.add_raw(
                    channel=CHAT_CHANNEL,
                    received_at=at,
                    envelope_from=chat_address(str(user["id"])) if "id" in user else None,
                    envelope_to=[chat_address(str(chat_id))] if chat_id is not None else [],
                    message_key=f"telegram:{self.bot_id}:{update['update_id']}",
                    message_id=None,
                    raw=json.dumps(update, ensure_ascii=False).encode(),
                )
                if not stored.created:
                    log.info("telegram update %s delivered again; already stored as %s", update["update_id"], stored.id)

    # -- outbound ---------------------------------------------------------------------------------------------

    async def _send_until(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                sent = await self._send_due(stop)
            except Exception as exc:
                log_failed_pass(log, "telegram outbox", exc)
                sent = 0
            if not sent:
                await wait_for(self.wake, IDLE_SECONDS)

    async def _send_due(self, stop: asyncio.Event) -> int:
        """Send due messages in order; stop at the first that must wait, handing the rest back untried (also when
        stopping, or when half the lease has gone)."""
        hand_back_at = time.monotonic() + LEASE.total_seconds() / 2  # before the claim: the lease starts in it
        rows = await asyncio.to_thread(self._claim)
        for index, row in enumerate(rows):
            rest = rows[index + 1 :]
            if stop.is_set() or time.monotonic() >= hand_back_at:
                await asyncio.to_thread(self._hand_back, row, None, self.now(), rest)
                return index
            try:
                await self._call(row)
            except RetryAfter as exc:
                wait = retry_seconds(exc)
                log.warning("telegram outbox %s: flood control, retry after %.0f s", row.id, wait)
                await asyncio.to_thread(self._hand_back, row, f"429: retry after {wait:.0f} s", self.now(), rest, wait)
                await pause(stop, wait)
                return index + 1
            except PERMANENT as exc:
                log.warning("telegram outbox %s refused for good: %s", row.id, type(exc).__name__)
                await asyncio.to_thread(self._failed, row, f"{type(exc).__name__}: {exc}")
                continue
            except TelegramError as exc:  # 5xx, network, time-outs: try again later, never give up
                wait = backoff(row.attempts)
                log.warning("telegram outbox %s not sent (%s); retry in %.0f s", row.id, type(exc).__name__, wait)
                await asyncio.to_thread(self._hand_back, row, f"{type(exc).__name__}: {exc}", self.now(), rest, wait)
                return index + 1
            await asyncio.to_thread(self._sent, row)
        return len(rows)

    async def _call(self, row: ClaimedOutbox) -> None:
        call = json.loads(row.raw)
        method, params = call["method"], call["params"]
        bot = self.app.bot
        markup = InlineKeyboardMarkup.de_json(params["reply_markup"], bot) if "reply_markup" in params else None
        if method == SEND:
            await bot.send_message(chat_id=params["chat_id"], text=params["text"], reply_markup=markup)
        elif method == EDIT:
            await bot.edit_message_text(
                text=params["text"], chat_id=params["chat_id"], message_id=params["message_id"], reply_markup=markup
            )
        else:
            raise BadRequest(f"privacybot does not send {method!r}")

    def _claim(self) -> list[ClaimedOutbox]:
        with self.db.transaction() as store:
            return store.claim_outbox(self.now(), SEND_BATCH, LEASE, channel=CHAT_CHANNEL)

    def _sent(self, row: ClaimedOutbox) -> None:
        with self.db.transaction() as store:
            store.mark_sent(row.id, self.now(), row.lease_until)
        log.info("telegram outbox %s sent", row.id)

    def _failed(self, row: ClaimedOutbox, error: str) -> None:
        at = self.now()
        with self.db.transaction() as store:
            store.mark_retry(row.id, error, at, give_up=True, lease=row.lease_until)
            if row.case_id is not None:
                store.add_event(row.case_id, at, "privacybot", "message_failed", channel=CHAT_CHANNEL, kind=row.kind)

    def _hand_back(
        self, row: ClaimedOutbox, error: str | None, at: datetime, rest: Sequence[ClaimedOutbox], wait: float = 0.0
    ) -> None:
        """`row` waits `wait` seconds (with its error), and the rest of the batch waits with it, keeping the order.
        Handed back untried and due now, each keeps its own due time, so a message queued since does not overtake."""
        when = at + timedelta(seconds=wait)
        untried_due = None if error is None and not wait else when
        with self.db.transaction() as store:
            if error is None:
                store.release_outbox([row.id], untried_due, row.lease_until)
            else:
                store.mark_retry(row.id, error, when, give_up=False, lease=row.lease_until)
            store.release_outbox([r.id for r in rest], untried_due, row.lease_until)

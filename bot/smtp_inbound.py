"""The SMTP door (aiosmtpd): store the raw message, commit, and only then answer 250.

Any failure before the commit answers 451 (the sending server keeps the mail and retries), never 5xx
(LIBRARIES.md: aiosmtpd turns a raising hook into a permanent 500).
"""

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from handlers.mime import message_key
from storage.engine import database_unavailable
from storage.store import Database

log = logging.getLogger(__name__)

OK = "250 2.0.0 OK: stored"
DUPLICATE = "250 2.0.0 OK: already stored"
RCPT_OK = "250 2.1.5 OK"
TRY_LATER = "451 4.3.0 Temporary failure, please try again later"
NO_SUCH_MAILBOX = "550 5.1.1 No such mailbox here"


@dataclass(frozen=True)
class Arrival:
    """One message as the SMTP session handed it over, waiting for its commit."""

    raw: bytes
    mail_from: str | None
    rcpt_tos: tuple[str, ...]


class InboundHandler:
    """aiosmtpd hooks; the blocking database work runs in a thread so the event loop keeps serving.

    Group commit: messages that arrive while a commit is running wait for the next one and then share it, so under
    load one transaction (and one fsync) answers many sessions, and a busy worker holding the SQLite write lock
    delays the door once per turn instead of once per message. Every message still gets its 250 only after the
    commit that holds it.
    """

    def __init__(
        self,
        db: Database,
        mailboxes: tuple[str, ...],
        on_stored: Callable[[], None] = lambda: None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.db = db
        self.mailboxes = frozenset(m.casefold() for m in mailboxes)
        self.on_stored = on_stored
        self.clock = clock
        self._waiting: list[tuple[Arrival, asyncio.Future[bool]]] = []  # touched only on the event loop's thread
        self._rounds: asyncio.Task[None] | None = None

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, rcpt_options: list[str]
    ) -> str:
        if self.mailboxes and address.casefold() not in self.mailboxes:
            return NO_SUCH_MAILBOX
        envelope.rcpt_tos.append(address)
        return RCPT_OK

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        try:
            raw = envelope.original_content or b""
            if isinstance(raw, str):
                raw = raw.encode("utf-8", "surrogateescape")
            stored = await self._commit(Arrival(raw, envelope.mail_from, tuple(envelope.rcpt_tos)))
        except Exception as exc:  # nothing may escape as a 500: the sender must retry
            log.error("could not store inbound message: %s", type(exc).__name__)
            return TRY_LATER
        if stored:
            self.on_stored()
            return OK
        return DUPLICATE

    async def _commit(self, arrival: Arrival) -> bool:
        """Queue the message for the next commit and wait for it; a round runs while anything is waiting."""
        future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._waiting.append((arrival, future))
        if self._rounds is None or self._rounds.done():
            self._rounds = asyncio.create_task(self._commit_rounds())
        return await future

    async def _commit_rounds(self) -> None:
        while self._waiting:
            group, self._waiting = self._waiting, []
            await self._commit_group(group)

    async def _commit_group(self, group: list[tuple[Arrival, asyncio.Future[bool]]]) -> None:
        try:
            results = await asyncio.to_thread(self.store_many, [arrival for arrival, _ in group])
        except Exception as exc:
            if len(group) > 1 and not database_unavailable(exc):
                for one in group:  # one message the database refuses must not turn its neighbours away
                    await self._commit_group([one])
                return
            for _, future in group:
                if not future.done():
                    future.set_exception(exc)
            return
        for (_, future), created in zip(group, results, strict=True):
            if not future.done():  # a session that went away meanwhile; its message is stored all the same
                future.set_result(created)

    def store_many(self, arrivals: list[Arrival]) -> list[bool]:
        """Store messages in one transaction; for each, True when it is new (False: already stored)."""
        rows = [  # worked out before the write lock is taken: the pipeline waits for it too
            {
                "envelope_from": arrival.mail_from,
                "envelope_to": [r.lower() for r in arrival.rcpt_tos],
                "message_key": message_key(arrival.raw),
                "raw": arrival.raw,
            }
            for arrival in arrivals
        ]
        with self.db.transaction() as tx:
            received_at = self.clock()  # one instant for the group, when it holds the lock to commit them
            results = [tx.add_raw(channel="smtp", received_at=received_at, message_id=None, **row) for row in rows]
        for result in results:
            if result.created:
                log.info("stored inbound message %s", result.id)
        return [result.created for result in results]

    async def handle_exception(self, error: Exception) -> str:
        log.error("SMTP session error: %s", type(error).__name__)
        return TRY_LATER


def make_controller(handler: InboundHandler, host: str, port: int, max_message_bytes: int) -> Controller:
    """A Controller bound to an explicit address (binding 0.0.0.0 can time out its self-check, LIBRARIES.md)."""
    return Controller(
        handler,
        hostname=host,
        port=port,
        data_size_limit=max_message_bytes,
        decode_data=False,
        ident="privacybot",
    )

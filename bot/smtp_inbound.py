"""The SMTP door (aiosmtpd): store the raw message, commit, and only then answer 250.

Any failure before the commit answers 451 (the sending server keeps the mail and retries), never 5xx
(LIBRARIES.md: aiosmtpd turns a raising hook into a permanent 500).
"""

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from handlers.mime import message_key
from storage.store import Database

log = logging.getLogger(__name__)

OK = "250 2.0.0 OK: stored"
DUPLICATE = "250 2.0.0 OK: already stored"
RCPT_OK = "250 2.1.5 OK"
TRY_LATER = "451 4.3.0 Temporary failure, please try again later"
NO_SUCH_MAILBOX = "550 5.1.1 No such mailbox here"


class InboundHandler:
    """aiosmtpd hooks; the blocking database work runs in a thread so the event loop keeps serving."""

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
            stored = await asyncio.to_thread(self.store, raw, envelope.mail_from, list(envelope.rcpt_tos))
        except Exception as exc:  # nothing may escape as a 500: the sender must retry
            log.error("could not store inbound message: %s", type(exc).__name__)
            return TRY_LATER
        if stored:
            self.on_stored()
            return OK
        return DUPLICATE

    def store(self, raw: bytes, mail_from: str | None, rcpt_tos: list[str]) -> bool:
        with self.db.transaction() as tx:
            result = tx.add_raw(
                channel="smtp",
                received_at=self.clock(),
                envelope_from=mail_from,
                envelope_to=[r.lower() for r in rcpt_tos],
                message_key=message_key(raw),
                message_id=None,
                raw=raw,
            )
        if result.created:
            log.info("stored inbound message %s", result.id)
        return result.created

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

"""Deliver the outbox: through the SMTP relay, or into the local Maildir when no relay is configured.

A message leaves the outbox at least once and keeps its Message-ID on every attempt; the Maildir file is named after
the outbox row, so a second delivery of the same row finds the file and writes nothing.
"""

import logging
import os
import smtplib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from storage.models import OutboxMessage
from storage.store import Database

log = logging.getLogger(__name__)

# A claimed batch is leased so other instances leave it alone; after a crash, its rows go out again when the lease
# ends. Small batches keep a short lease honest even with a slow relay (at worst a row is sent twice, same Message-ID).
LEASE = timedelta(seconds=60)
BATCH = 10
MAX_ATTEMPTS = 12


class TemporaryDeliveryError(Exception):
    """Try again later (relay down, disk full, 4xx)."""


class PermanentDeliveryError(Exception):
    """The relay refused for good (5xx); retrying cannot help."""


def backoff(attempts: int) -> timedelta:
    """5 s, 10 s, 20 s ... capped at one hour."""
    return timedelta(seconds=min(5 * 2 ** max(attempts - 1, 0), 3600))


@dataclass(frozen=True)
class MaildirTransport:
    """Writes each message to `<root>/new/` the Maildir way: tmp/ first, fsync, then an atomic rename.

    The file name is the outbox row id, so every instance writing to the same Maildir agrees on it.
    """

    root: Path

    def deliver(self, message: OutboxMessage) -> None:
        for sub in ("tmp", "new", "cur"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        name = f"{message.id:012d}.privacybot"
        if (self.root / "new" / name).exists() or any((self.root / "cur").glob(f"{name}*")):
            return
        tmp = self.root / "tmp" / name
        try:
            with open(tmp, "wb") as handle:
                handle.write(message.raw)
                handle.flush()
                os.fsync(handle.fileno())
            os.rename(tmp, self.root / "new" / name)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise TemporaryDeliveryError(f"maildir write failed: {exc.strerror or exc}") from exc


@dataclass(frozen=True)
class RelayTransport:
    """Hands each message to the configured SMTP relay."""

    host: str
    port: int
    timeout: float = 30.0

    def deliver(self, message: OutboxMessage) -> None:
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as client:
                client.sendmail(message.sender, [message.recipient], message.raw)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            if all(500 <= code < 600 for code in codes):
                raise PermanentDeliveryError(f"relay refused the recipient ({codes})") from exc
            raise TemporaryDeliveryError(f"relay deferred the recipient ({codes})") from exc
        except smtplib.SMTPResponseException as exc:
            if 500 <= exc.smtp_code < 600:
                raise PermanentDeliveryError(f"relay answered {exc.smtp_code}") from exc
            raise TemporaryDeliveryError(f"relay answered {exc.smtp_code}") from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise TemporaryDeliveryError(f"relay unreachable: {type(exc).__name__}") from exc


Transport = MaildirTransport | RelayTransport


def deliver_due(db: Database, transport: Transport, now: Callable[[], datetime], batch: int = BATCH) -> int:
    """Claim due outbox rows (leased, so other instances skip them), deliver, record the result."""
    with db.transaction() as store:
        claimed = store.claim_outbox(now(), batch, LEASE)
    for message in claimed:
        try:
            transport.deliver(message)
        except (TemporaryDeliveryError, PermanentDeliveryError) as exc:
            give_up = isinstance(exc, PermanentDeliveryError) or message.attempts >= MAX_ATTEMPTS
            with db.transaction() as store:
                store.mark_retry(message.id, str(exc), now() + backoff(message.attempts), give_up)
            log.warning("outbox %s not delivered (attempt %s): %s", message.id, message.attempts, exc)
            continue
        with db.transaction() as store:
            store.mark_sent(message.id, now())
        log.info("outbox %s delivered", message.id)
    return len(claimed)

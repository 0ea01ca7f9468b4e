"""Deliver the outbox: through the SMTP relay, or into the local Maildir when no relay is configured.

A message leaves the outbox at least once and keeps its Message-ID on every attempt; the Maildir file is named after
the outbox row, so a second delivery of the same row finds the file and writes nothing.
"""

import logging
import os
import smtplib
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Protocol

from storage.engine import database_unavailable
from storage.store import ClaimedOutbox, Database, Store
from verification.contacts import ascii_form

log = logging.getLogger(__name__)

# A claimed batch is leased so other instances leave it alone; after a crash, its rows go out again when the lease
# ends (same Message-ID). While the batch is delivered the lease is renewed (_LeaseKeeper), so a slow relay never lets
# it end under a delivery under way; what is left of a batch at half the lease goes back untried. 20 a batch: each
# claim and record holds SQLite's write lock, 10 a batch cost a third more of it in all (measured with the SMTP door
# busy).
LEASE = timedelta(seconds=60)
RENEW_EVERY = 1 / 4  # of the lease: a renewal or two may fail (a database blip) before it ends
MAX_HOLD = timedelta(minutes=12)  # a delivery's steps and the 10 minutes RFC 5321 allows its end: then it lapses
STOP_WAIT = 5.0  # seconds to wait for a renewal under way before recording; the recording matches its lease too
BATCH = 20
# Failures met while sending a message (a 4xx, the line dropped mid-message) count toward giving up; an outage, our full
# disk (LocalDeliveryError) or a relay we cannot reach at all (RelayUnavailable), never does: nobody refused the
# message, and giving up would only drop a confirmation. Such a message is retried for as long as it takes, and
# `privacybot status` shows it failing.
MAX_DEFERRALS = 12
OUTAGE_RETRY_CAP = timedelta(minutes=5)  # retrying is cheap: a freed disk or a relay back is noticed within minutes
# Pauses while recording an outcome waits out a database blip; together far shorter than the lease.
RECORD_WAITS = (0.5, 1.0, 2.0, 4.0, 8.0)


class TemporaryDeliveryError(Exception):
    """Try again later (relay down, disk full, 4xx)."""


class LocalDeliveryError(TemporaryDeliveryError):
    """Our own Maildir could not be written (disk full, permissions). Nobody refused the message and the operator can
    fix the cause, so giving up would only drop a confirmation: it is retried for as long as it takes."""


class RelayUnavailable(TemporaryDeliveryError):
    """The relay cannot be reached (connection refused or timed out, no greeting): the rest of the batch waits with
    this one, and the try does not count toward giving up."""


class RelayClosing(TemporaryDeliveryError):
    """The relay answered 421 (closing): this message counts the deferral, and the rest of the batch waits with it."""


class PermanentDeliveryError(Exception):
    """The relay refused for good (5xx); retrying cannot help."""


def backoff(attempts: int, cap: timedelta = timedelta(hours=1)) -> timedelta:
    """5 s, 10 s, 20 s ... up to `cap`."""
    return min(timedelta(seconds=5 * 2 ** min(max(attempts - 1, 0), 20)), cap)


@dataclass(frozen=True)
class MaildirTransport:
    """Writes each message to `<root>/new/` the Maildir way: tmp/ first, fsync, then an atomic rename.

    The file name is the outbox row id, so every instance writing to the same Maildir agrees on it.
    """

    root: Path

    @contextmanager
    def batch(self) -> Iterator[Callable[[ClaimedOutbox], None]]:
        yield self.deliver

    def deliver(self, message: ClaimedOutbox) -> None:
        name = f"{message.id:012d}.privacybot"
        tmp = self.root / "tmp" / name
        try:
            # Only a row claimed before can have been written already (a crash between the rename and recording it);
            # a first attempt skips looking, which in cur/ means listing every message a mail client has read.
            if message.attempts > 1 and self._holds(name):
                return
            try:
                self._write(tmp, name, message.raw)
            except FileNotFoundError:  # a new Maildir, or one removed: made when needed, not checked per message
                self._make_folders()
                self._write(tmp, name, message.raw)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise LocalDeliveryError(f"maildir write failed: {exc.strerror or exc}") from exc

    def _write(self, tmp: Path, name: str, raw: bytes) -> None:
        with open(tmp, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        os.rename(tmp, self.root / "new" / name)

    def _make_folders(self) -> None:
        for sub in ("tmp", "new", "cur"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)

    def _holds(self, name: str) -> bool:
        """Whether the message is in new/, or in cur/ where a reader moved it (adding flags to its name)."""
        return (self.root / "new" / name).exists() or any((self.root / "cur").glob(f"{name}*"))


@dataclass(frozen=True)
class RelayTransport:
    """Hands messages to the configured SMTP relay, a batch over one connection."""

    host: str
    port: int
    timeout: float = 30.0

    @contextmanager
    def batch(self) -> Iterator[Callable[[ClaimedOutbox], None]]:
        """One connection for the batch instead of connect, EHLO and QUIT per message (a relay may also limit how
        often we connect); opened on first use, and again after any failure that may have left it unusable."""
        link = _RelayLink(self)
        try:
            yield link.deliver
        finally:
            link.close()


class _RelayLink:
    def __init__(self, relay: RelayTransport) -> None:
        self.relay = relay
        self.client: smtplib.SMTP | None = None

    def deliver(self, message: ClaimedOutbox) -> None:
        client = self._reached()
        try:
            recipient = ascii_form(message.recipient) or message.recipient  # an IDNA domain needs no SMTPUTF8
            options = self._address_options(client, f"{message.sender}{recipient}")
            client.sendmail(message.sender, [recipient], message.raw, mail_options=options)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            if 421 in codes:  # the relay is closing (smtplib has hung up): not this recipient's fault
                self.close()
                raise RelayClosing(f"relay closing ({codes})") from exc
            if all(500 <= code < 600 for code in codes):  # the session is reset and stays in use
                raise PermanentDeliveryError(f"relay refused the recipient ({codes})") from exc
            raise TemporaryDeliveryError(f"relay deferred the recipient ({codes})") from exc
        except smtplib.SMTPResponseException as exc:
            self.close()
            if exc.smtp_code == 421:
                raise RelayClosing("relay answered 421") from exc
            if 500 <= exc.smtp_code < 600:
                raise PermanentDeliveryError(f"relay answered {exc.smtp_code}") from exc
            raise TemporaryDeliveryError(f"relay answered {exc.smtp_code}") from exc
        except (smtplib.SMTPException, OSError) as exc:
            # The line broke while this message was on it: it counts (a message that always breaks it must not hold
            # up every other for ever), and the next one tries a fresh connection, which tells whether the relay is
            # still there.
            self.close()
            raise TemporaryDeliveryError(f"connection lost while sending: {type(exc).__name__}") from exc
        except PermanentDeliveryError:
            raise
        except Exception:  # mid-transaction the session is in an unknown state: the next message starts afresh
            self.close()
            raise

    def _reached(self) -> smtplib.SMTP:
        """The open connection, or a new one; a relay that cannot be reached or does not greet us is an outage."""
        try:
            if self.client is None:
                self.client = smtplib.SMTP(self.relay.host, self.relay.port, timeout=self.relay.timeout)
            self.client.ehlo_or_helo_if_needed()
        except (smtplib.SMTPException, OSError) as exc:
            self.close()
            raise RelayUnavailable(f"relay unreachable: {type(exc).__name__}") from exc
        return self.client

    @staticmethod
    def _address_options(client: smtplib.SMTP, addresses: str) -> list[str]:
        """An address beyond ASCII (søren@eksempel.dk) needs the relay's SMTPUTF8; without it the message can never
        go this way, and saying so beats retrying it for ever."""
        if addresses.isascii():
            return []
        if client.has_extn("smtputf8"):
            return ["SMTPUTF8"]
        raise PermanentDeliveryError("relay does not take addresses beyond ASCII (no SMTPUTF8)")

    def close(self) -> None:
        client, self.client = self.client, None
        if client is None:
            return
        try:
            client.quit()
        except (smtplib.SMTPException, OSError):
            client.close()


class Transport(Protocol):
    def batch(self) -> AbstractContextManager[Callable[[ClaimedOutbox], None]]:
        """A way to deliver the messages of one batch, raising TemporaryDeliveryError or PermanentDeliveryError."""
        ...


def deliver_due(db: Database, transport: Transport, now: Callable[[], datetime], batch: int = BATCH) -> int:
    """Claim due outbox rows (leased, so other instances skip them), deliver, record the results.

    The results of the batch are recorded in one transaction: one commit (and fsync) per batch instead of one per
    message, which on SQLite also means the write lock is taken once. A crash before that commit can only send a
    row again after its lease, with the same Message-ID (the Maildir then finds its file and writes nothing).
    """
    with db.transaction() as store:
        claimed = store.claim_outbox(now(), batch, LEASE)
    if not claimed:
        return 0
    hand_back_at = time.monotonic() + LEASE.total_seconds() / 2
    outcomes: list[Outcome] = []
    keeper = _LeaseKeeper(db, claimed, now)  # one claim: one lease for all its rows
    try:
        with transport.batch() as deliver:
            for position, message in enumerate(claimed):
                if time.monotonic() > hand_back_at:  # a slow relay: the rest go back untried, for other senders
                    outcomes.append(_hand_back(claimed[position:], now()))
                    break
                outcome, relay_back_at = _attempt(deliver, message, now)
                outcomes.append(outcome)
                if relay_back_at is not None:  # each of the rest would wait for the same dead relay
                    outcomes.append(_hand_back(claimed[position + 1 :], relay_back_at))
                    break
    finally:
        lease, unsure = keeper.stop()
    writes = [partial(outcome, lease=lease) for outcome in outcomes]
    if unsure:  # a renewal may have committed unseen: first bring every row the batch still holds to one lease
        writes.insert(0, partial(Store.renew_outbox, outbox_ids=keeper.ids, leases=[lease, *unsure], renewed=lease))
    record(db, writes)
    return len(claimed)


# How a delivery's outcome is recorded, given the lease the rows are held by then.
Outcome = Callable[..., None]


class _LeaseKeeper:
    """Renews a claimed batch's lease while it is delivered. A relay may take its time: RFC 5321 gives the answer to
    a message's end 10 minutes, and smtplib's timeout bounds each step of a delivery, not the delivery. A lease that
    ended under a delivery under way would let another instance claim the row and send it again.

    A renewal that failed may have committed all the same (the answer to COMMIT lost): its lease is kept as unsure,
    and the next renewal, or the recording, matches the rows by any lease they may hold. Renewing stops after
    MAX_HOLD, so a relay that trickles its answers cannot hold a batch for as long as the process lives."""

    def __init__(self, db: Database, claimed: Sequence[ClaimedOutbox], now: Callable[[], datetime]) -> None:
        self.db, self.now = db, now
        self.ids = [message.id for message in claimed]
        self.lease = claimed[0].lease_until
        self.unsure: list[datetime] = []  # leases written by renewals whose outcome is not known
        self._state = threading.Lock()  # over the two above and stopping; never held across a database call
        self._until = time.monotonic() + MAX_HOLD.total_seconds()
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._renew, name="outbox-lease", daemon=True)
        self._thread.start()

    def _renew(self) -> None:
        while not self._done.wait(LEASE.total_seconds() * RENEW_EVERY) and time.monotonic() < self._until:
            renewed = self.now() + LEASE
            with self._state:
                if self._done.is_set():
                    return
                if renewed <= self.lease:  # (a clock that stands still, as in tests)
                    continue
                held = [self.lease, *self.unsure]
                if renewed not in self.unsure:  # before the write: stop() may return while it is under way
                    self.unsure.append(renewed)
            try:
                with self.db.transaction() as store:
                    store.renew_outbox(self.ids, held, renewed)
            except Exception as exc:  # the next renewal tries again; at worst a row is sent twice, same Message-ID
                log.warning("could not renew the outbox lease (%s)", type(exc).__name__)
                continue
            with self._state:
                self.lease, self.unsure = renewed, []

    def stop(self) -> tuple[datetime, list[datetime]]:
        """Stop renewing; the lease the batch's rows are held by, and the leases they may hold instead (one read,
        so a renewal that ends meanwhile cannot give a lease from before it and an unsure list from after)."""
        with self._state:
            self._done.set()
        self._thread.join(timeout=STOP_WAIT)  # a renewal slow in the database: the recording matches its lease too
        with self._state:
            return self.lease, list(self.unsure)


def _hand_back(messages: Sequence[ClaimedOutbox], at: datetime) -> Outcome:
    return partial(Store.release_outbox, outbox_ids=[m.id for m in messages], next_attempt_at=at)


def _attempt(
    deliver: Callable[[ClaimedOutbox], None], message: ClaimedOutbox, now: Callable[[], datetime]
) -> tuple[Outcome, datetime | None]:
    """Deliver one message; returns how to record the outcome, and when the relay is out of reach, when to try the
    rest of the batch. Whatever goes wrong is recorded: one message must never cost the batch its outcomes (they
    would be sent again when the lease ends)."""
    try:
        deliver(message)
    except Exception as exc:
        if not isinstance(exc, TemporaryDeliveryError | PermanentDeliveryError):
            log.exception("outbox %s: delivery failed unexpectedly (%s)", message.id, type(exc).__name__)
        deferred = not isinstance(exc, LocalDeliveryError | RelayUnavailable)  # an outage never counts
        deferrals = message.deferrals + deferred
        give_up = isinstance(exc, PermanentDeliveryError) or deferrals >= MAX_DEFERRALS
        pause = backoff(deferrals) if deferred else backoff(message.attempts, OUTAGE_RETRY_CAP)
        retry_at = now() + pause
        log.warning("outbox %s not delivered (attempt %s): %s", message.id, message.attempts, _reason(exc))
        outcome = partial(
            Store.mark_retry,
            outbox_id=message.id,
            error=_reason(exc),
            next_attempt_at=retry_at,
            give_up=give_up,
            deferred=deferred,
        )
        return outcome, retry_at if isinstance(exc, RelayUnavailable | RelayClosing) else None
    log.info("outbox %s delivered", message.id)
    return partial(Store.mark_sent, outbox_id=message.id, at=now()), None


def _reason(exc: Exception) -> str:
    """Our own delivery errors say what happened; anything else is named by its kind only (its text may quote an
    address)."""
    return str(exc) if isinstance(exc, TemporaryDeliveryError | PermanentDeliveryError) else type(exc).__name__


def record(db: Database, writes: list[Callable[[Store], None]]) -> None:
    """Record the delivery attempts, waiting out a short database outage.

    Giving up at once would leave the claimed batch leased and untouched until the lease ends: after a blip of a
    second or two, confirmations would wait a minute. Recording the same outcome twice does no harm.
    """
    for pause in RECORD_WAITS:
        try:
            with db.transaction() as store:
                for write in writes:
                    write(store)
            return
        except Exception as exc:
            if not database_unavailable(exc):
                raise
        time.sleep(pause)
    with db.transaction() as store:
        for write in writes:
            write(store)

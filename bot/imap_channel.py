"""The IMAP mailbox channel (imapclient): store each message, commit, and only then move it out of the folder.

The watched folder is the transport's queue. A message leaves it (MOVE, or COPY + \\Deleted + UID EXPUNGE) only after
its raw bytes are committed, and it is fetched with BODY.PEEK[] so nothing marks it before that. A crash at any point
therefore costs at most a second fetch, and `Store.add_raw` recognises a message it already holds by its content key.
The folder state (storage.imap_state: UIDVALIDITY and the UID up to which everything is stored) saves re-fetching mail
that is stored but not yet moved; when the server changes the folder's UIDVALIDITY the state is void and the whole
folder is read again, the content key keeping that free of duplicates.

imapclient blocks, so the channel runs in a thread of its own; like aiosmtpd's Controller it has start() and stop().
"""

import imaplib
import logging
import ssl
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from imapclient import DELETED, IMAPClient
from imapclient.exceptions import IMAPClientError, LoginError
from imapclient.imapclient import SocketTimeout

from bot.config import ConfigError, Settings
from bot.heartbeat import DOWN, UP, Report, ignore
from handlers.mime import message_key
from storage.imap_state import folder_state, record_stored
from storage.store import Database

log = logging.getLogger(__name__)

IDLE_RENEW_SECONDS = 5 * 60.0  # RFC 2177 asks for a new IDLE within 29 minutes; sooner also finds a silently dead link
# Dovecot 2.3 was seen to miss mail that landed while its IDLE began (until the IDLE ended): after connecting and after
# each pass that found mail, the next IDLE is this short, and the pass after it picks up what the server missed.
IDLE_SETTLE_SECONDS = 2.0
IDLE_SLICE_SECONDS = 0.5  # one idle_check() waits at most this long, so stop() is never kept waiting longer
POLL_SECONDS = 30.0  # servers without IDLE are asked this often
BACKOFF_FIRST_SECONDS = 1.0
BACKOFF_MAX_SECONDS = 60.0
TIMEOUT = SocketTimeout(connect=15.0, read=120.0)
BATCH_BYTES = 16 * 1024 * 1024  # one FETCH (and one transaction) holds at most about this much mail ...
BATCH_MESSAGES = 50  # ... and at most this many messages
UID_CHUNK = 500  # UIDs per command, so a large first run stays under the server's command-line limit

# IMAPClientError and imaplib's abort are IMAP4.error; socket timeouts, refused connections and TLS errors are OSError.
CONNECTION_ERRORS = (imaplib.IMAP4.error, OSError)


class MessageVanished(Exception):
    """SEARCH listed a UID that FETCH did not return (expunged meanwhile, or unreadable): look again later."""


@dataclass(frozen=True)
class ImapAccount:
    """Where the channel reads mail, and the address the mail was sent to."""

    host: str
    port: int
    use_ssl: bool
    user: str
    password: str = field(repr=False)
    folder: str = "INBOX"
    processed_folder: str = "privacybot-processed"
    envelope_to: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """Names the folder in storage.imap_state (no password)."""
        return f"imap://{self.user}@{self.host}:{self.port}/{self.folder}"

    @property
    def where(self) -> str:
        """For logs: the server and folder, not the account name."""
        return f"{self.host}:{self.port}/{self.folder}"


def imap_account(settings: Settings) -> ImapAccount | None:
    """The configured account, or None when PRIVACYBOT_IMAP_HOST is unset; ConfigError says what is missing."""
    if not settings.imap_host:
        return None
    missing = [name for name in ("imap_user", "imap_password") if not getattr(settings, name)]
    if missing:
        names = " and ".join(f"PRIVACYBOT_{name.upper()}" for name in missing)
        raise ConfigError(f"PRIVACYBOT_IMAP_HOST is set, so {names} must be set too (the password in the environment)")
    if settings.imap_processed_folder == settings.imap_folder:
        raise ConfigError("PRIVACYBOT_IMAP_PROCESSED_FOLDER must differ from PRIVACYBOT_IMAP_FOLDER")
    user = settings.imap_user or ""
    # In development mode (no PRIVACYBOT_MAILBOX) the pipeline takes the envelope recipients as our own addresses.
    envelope_to = (user.lower(),) if "@" in user else settings.mailboxes
    return ImapAccount(
        host=settings.imap_host,
        port=settings.imap_port,
        use_ssl=settings.imap_ssl,
        user=user,
        password=settings.imap_password or "",
        folder=settings.imap_folder,
        processed_folder=settings.imap_processed_folder,
        envelope_to=envelope_to,
    )


class ImapChannel:
    """Watches one folder of one account: drain it, wait (IDLE, or polling), drain again; reconnect with back-off."""

    def __init__(
        self,
        db: Database,
        account: ImapAccount,
        on_stored: Callable[[], None] = lambda: None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        poll_seconds: float = POLL_SECONDS,
        report: Report = ignore,
    ) -> None:
        self.db = db
        self.report = report  # the heartbeat: up once logged in, down (with the error kind) while reconnecting
        self.account = account
        self.on_stored = on_stored
        self.clock = clock
        self.poll_seconds = poll_seconds
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._processed_folder_ready = False

    def start(self) -> None:
        self._stopping.clear()
        self._thread = threading.Thread(target=self.run, name="privacybot-imap", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        """Ask the thread to finish its current step and log out; wait for it."""
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def run(self) -> None:
        """Until stopped: connect, then drain and wait in turn; after any failure, reconnect after a growing pause."""
        delay = BACKOFF_FIRST_SECONDS
        while not self._stopping.is_set():
            try:
                with self.session() as client:
                    settle = True
                    while not self._stopping.is_set():
                        if self.drain(client):
                            settle = True  # and mail that came during the pass was announced then, not in IDLE
                        delay = BACKOFF_FIRST_SECONDS
                        self.wait_for_mail(client, IDLE_SETTLE_SECONDS if settle else IDLE_RENEW_SECONDS)
                        settle = False
                return
            except LoginError as exc:
                log.error("IMAP %s: login refused (%s); check PRIVACYBOT_IMAP_USER/_PASSWORD", self.account.where, exc)
                self.report(DOWN, "reconnecting: login refused")
            except (MessageVanished, *CONNECTION_ERRORS) as exc:
                log.warning("IMAP %s: %s: %s", self.account.where, type(exc).__name__, str(exc)[:200])
                self.report(DOWN, f"reconnecting: {type(exc).__name__}")
            except Exception as exc:  # e.g. the database is down: nothing was moved, so nothing is lost
                log.error("IMAP %s: pass failed (%s)", self.account.where, type(exc).__name__)
                self.report(DOWN, f"reconnecting: pass failed ({type(exc).__name__})")
            log.info("IMAP %s: reconnecting in %.0f s", self.account.where, delay)
            self._stopping.wait(delay)
            delay = min(delay * 2, BACKOFF_MAX_SECONDS)

    @contextmanager
    def session(self) -> Iterator[IMAPClient]:
        context = ssl.create_default_context() if self.account.use_ssl else None
        client = IMAPClient(
            self.account.host, port=self.account.port, ssl=self.account.use_ssl, ssl_context=context, timeout=TIMEOUT
        )
        try:
            client.normalise_times = False  # INTERNALDATE with its offset, not converted to naive local time
            client.login(self.account.user, self.account.password)
            self._processed_folder_ready = False
            log.info("IMAP %s: logged in", self.account.where)
            self.report(UP, "")
            yield client
        finally:
            close_quietly(client)

    # -- storing ---------------------------------------------------------------------------------------------

    def drain(self, client: IMAPClient) -> bool:
        """Store every message of the folder not stored yet, then move every stored one to the processed folder.

        Returns whether there was new mail (then more may have come meanwhile); mail it can store but not move is
        tried again on the next pass without being fetched again.
        """
        selected = client.select_folder(self.account.folder)  # every pass: a fresh view and the current UIDVALIDITY
        uidvalidity = int(selected[b"UIDVALIDITY"])
        uids = sorted(client.search("ALL"))
        if not uids:
            return False
        stored_upto = self.known_upto(uidvalidity)
        new = [uid for uid in uids if uid > stored_upto]
        for batch in self.batches(client, new):
            if self._stopping.is_set():
                return False
            stored_upto = self.store_batch(client, uidvalidity, batch)
        self.move_out(client, [uid for uid in uids if uid <= stored_upto])
        return bool(new)

    def known_upto(self, uidvalidity: int) -> int:
        """The UID up to which this folder is stored, or 0 if it is new to us or the server renumbered it."""
        with self.db.transaction() as store:
            state = folder_state(store, self.account.key)
        if state is None:
            return 0
        known_validity, last_uid = state
        if known_validity != uidvalidity:
            log.warning(
                "IMAP %s: UIDVALIDITY changed from %s to %s; reading the whole folder again (known mail is recognised)",
                self.account.where,
                known_validity,
                uidvalidity,
            )
            return 0
        return last_uid

    def batches(self, client: IMAPClient, uids: Sequence[int]) -> Iterator[list[int]]:
        """The new UIDs in ascending order, cut so that one FETCH stays small enough to hold in memory."""
        sizes: dict[int, int] = {}
        for chunk in chunks(uids, UID_CHUNK):
            for uid, data in client.fetch(chunk, [b"RFC822.SIZE"]).items():
                sizes[uid] = int(data.get(b"RFC822.SIZE", 0))
        batch: list[int] = []
        total = 0
        for uid in uids:
            size = sizes.get(uid, 0)
            if batch and (total + size > BATCH_BYTES or len(batch) >= BATCH_MESSAGES):
                yield batch
                batch, total = [], 0
            batch.append(uid)
            total += size
        if batch:
            yield batch

    def store_batch(self, client: IMAPClient, uidvalidity: int, batch: list[int]) -> int:
        """Fetch (without setting \\Seen) and commit one batch; return the UID up to which everything is stored."""
        fetched = client.fetch(batch, [b"BODY.PEEK[]", b"INTERNALDATE"])
        present: list[int] = []
        for uid in batch:  # only an unbroken run counts: a UID is "stored" only if all below it are
            if fetched.get(uid, {}).get(b"BODY[]") is None:  # absent, or NIL: expunged by another session meanwhile
                break
            present.append(uid)
        created = 0
        if present:
            now = self.clock()
            with self.db.transaction() as store:
                for uid in present:
                    raw = bytes(fetched[uid][b"BODY[]"])
                    result = store.add_raw(
                        channel="imap",
                        received_at=arrival(fetched[uid], now),
                        envelope_from=None,
                        envelope_to=list(self.account.envelope_to),
                        message_key=message_key(raw),
                        message_id=None,
                        raw=raw,
                    )
                    created += result.created
                    known = "" if result.created else " (already stored)"
                    log.debug("IMAP uid %s/%s stored as raw message %s%s", uidvalidity, uid, result.id, known)
                record_stored(store, self.account.key, uidvalidity, present[-1], now)
            log.info(
                "IMAP %s: stored uids %s-%s (uidvalidity %s): %s new, %s already stored",
                self.account.where,
                present[0],
                present[-1],
                uidvalidity,
                created,
                len(present) - created,
            )
        if created:
            self.on_stored()
        if len(present) < len(batch):
            raise MessageVanished(f"UID {batch[len(present)]} listed but not fetched")
        return present[-1]

    # -- moving ----------------------------------------------------------------------------------------------

    def move_out(self, client: IMAPClient, uids: Sequence[int]) -> None:
        """Move stored messages to the processed folder: MOVE where the server has it, else COPY + delete."""
        if not uids:
            return
        self.ensure_processed_folder(client)
        target = self.account.processed_folder
        for chunk in chunks(uids, UID_CHUNK):
            if client.has_capability("MOVE"):
                client.move(chunk, target)
                continue
            # A pass that stopped after COPY and \Deleted left only the expunge to do; copying again would duplicate.
            already = set(client.search(["UID", ",".join(map(str, chunk)), "DELETED"]))
            to_copy = [uid for uid in chunk if uid not in already]
            if to_copy:
                client.copy(to_copy, target)
                client.add_flags(to_copy, [DELETED], silent=True)
            if client.has_capability("UIDPLUS"):
                client.uid_expunge(chunk)
            else:
                client.expunge()
        log.info("IMAP %s: moved %s message(s) to %s", self.account.where, len(uids), target)

    def ensure_processed_folder(self, client: IMAPClient) -> None:
        if self._processed_folder_ready:
            return
        target = self.account.processed_folder
        if not client.folder_exists(target):
            try:
                client.create_folder(target)
            except IMAPClientError:
                if not client.folder_exists(target):  # else another instance created it first
                    raise
            try:
                client.subscribe_folder(target)  # so that staff's mail programs show it
            except IMAPClientError:
                log.warning("IMAP %s: could not subscribe to %s", self.account.where, target)
            log.info("IMAP %s: created folder %s", self.account.where, target)
        self._processed_folder_ready = True

    # -- waiting ---------------------------------------------------------------------------------------------

    def wait_for_mail(self, client: IMAPClient, idle_seconds: float) -> None:
        if client.has_capability("IDLE"):
            self.idle(client, idle_seconds)
        else:
            self._stopping.wait(self.poll_seconds)

    def idle(self, client: IMAPClient, seconds: float) -> None:
        """Wait in IDLE until the folder changes, `seconds` have passed, or stop() is called.

        When the server dies, idle_check() returns [] at once instead of raising (LIBRARIES.md): an early empty return
        ends the wait, and idle_done() then raises if the connection is gone (or returns if it was a partial line).
        """
        client.idle()
        try:
            until = time.monotonic() + seconds
            while not self._stopping.is_set() and time.monotonic() < until:
                started = time.monotonic()
                responses = client.idle_check(timeout=IDLE_SLICE_SECONDS)
                if any(is_bye(response) for response in responses):
                    raise imaplib.IMAP4.abort("server said BYE during IDLE")
                if any(not is_keepalive(response) for response in responses):
                    return  # EXISTS (new mail) or another change: drain
                if not responses and time.monotonic() - started < IDLE_SLICE_SECONDS / 2:
                    return
        finally:
            client.idle_done()


def arrival(data: dict[bytes, Any], now: datetime) -> datetime:
    """When the mailbox received the message (INTERNALDATE): the legal clock runs from there, never from the future."""
    internal = data.get(b"INTERNALDATE")
    if isinstance(internal, datetime) and internal.tzinfo is not None:
        return min(internal.astimezone(UTC), now)
    return now


def is_keepalive(response: tuple[Any, ...]) -> bool:
    return bool(response) and response[0] == b"OK"  # e.g. Dovecot's "* OK Still here"


def is_bye(response: tuple[Any, ...]) -> bool:
    return bool(response) and response[0] == b"BYE"


def chunks(items: Sequence[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def close_quietly(client: IMAPClient) -> None:
    """Log out if the connection still works, else just close the socket."""
    try:
        client.logout()
    except CONNECTION_ERRORS:
        try:
            client.shutdown()
        except CONNECTION_ERRORS:
            pass

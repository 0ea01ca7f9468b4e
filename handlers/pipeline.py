"""The pipeline every stored message travels: parse -> understand -> thread -> case -> confirmation in the outbox.

`process_pending` leases the stored messages waiting, counting an attempt on each, does the pure work on them
(parse, understand, the confirmation drafted), then claims them and handles them in one transaction, so the case, its
audit trail and the confirmation commit together (transactional outbox). A message that raises, or whose pass dies
with the process, is tried again alone and, after `max_attempts`, quarantined with the reason while the worker goes
on.
"""

import logging
from collections import Counter
from collections.abc import Callable, Mapping
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from handlers import identity
from handlers.automated import automated_reason
from handlers.case_dates import read_dates, record_dates
from handlers.case_intake import (
    add_to_case,
    case_columns,
    confirmation_context,
    confirmation_facts,
    open_case,
    policy_answer,
)
from handlers.chat_outbox import CHAT_CHANNEL
from handlers.chat_pipeline import handle_chat
from handlers.conversation import may_follow_up, requester_case, thread_candidates
from handlers.dates import MessageDates, find_dates
from handlers.mime import MessageParseError, ParsedMessage, parse_message
from handlers.options import PipelineOptions
from handlers.outbox_mail import BOT, Draft, draft_mail, mail_context, queue_mail, reply_sender
from handlers.replies import one_line
from handlers.sender_signals import sender_signals
from handlers.understanding import Reading, understand
from storage.engine import database_unavailable
from storage.models import RAW_DONE, RAW_IGNORED, RAW_NEW, RAW_QUARANTINED, Case, RawMessage
from storage.raw_queue import Waiting, look_ahead
from storage.store import CASE_DEFAULTS, Database, Store, case_object, case_reference

log = logging.getLogger(__name__)


# How long a pass holds the messages it started on: far longer than any pass takes, and what a message waits after
# the pass working on it died. (On PostgreSQL a pass also locks its rows, so an overrun lease lets no one in.)
RAW_LEASE = timedelta(seconds=30)
GIVE_BACK_LIMIT = 3  # passes in a row that lost the database on a message before its attempts stand (OwedLeases)


@dataclass
class OwedLeases:
    """What a worker remembers across passes about passes that lost the database.

    `leases`: leases a pass could not give back because the database went away mid-pass (or could not tell whether
    its lease was committed), given back by the next pass that reaches the database, so after a short outage their
    messages go at once instead of waiting out the lease. Giving back matches the lease exactly: one that never
    committed, or has ended and been taken by another pass, is left alone.
    `lost`: per message, the passes in a row that lost the database on it. After GIVE_BACK_LIMIT its attempts stand:
    a message that makes the server drop the connection would otherwise be tried, uncounted, for ever.
    """

    leases: list[tuple[list[int], datetime]] = field(default_factory=list)
    lost: Counter[int] = field(default_factory=Counter)

    def to_give_back(self, raw_ids: list[int]) -> list[int]:
        self.lost.update(raw_ids)
        return [raw_id for raw_id in raw_ids if self.lost[raw_id] <= GIVE_BACK_LIMIT]

    def settled(self, raw_ids: list[int]) -> None:
        for raw_id in raw_ids:
            self.lost.pop(raw_id, None)


def process_pending(
    db: Database,
    options: PipelineOptions,
    now: Callable[[], datetime],
    batch: int = 20,
    owed: OwedLeases | None = None,
) -> int:
    """Run the pipeline over up to `batch` stored messages; returns how many were taken (handled or given up).

    On SQLite the batch holds the one write lock, so it is kept small and its pure work is done before: the messages
    of the pass are read and understood first (`prepare`, most of the CPU), and only then is the lock taken to claim
    and write them, so the SMTP door waits for the writing alone. (On PostgreSQL a claim locks only its rows, and
    several instances would each read the same messages ahead: there it is all done in the batch.)

    The pass first counts an attempt on each message and leases them, in a short transaction of its own
    (`start_pass`), before any work on them, the reading ahead included: a pass that dies (the process killed, out
    of memory, a crash in C) loses its work but not that.
    A batch then runs straight through; only when a message raises, or the database refuses the batch's writes, is
    it run again with each message in a savepoint of its own (two statements per message that nearly every batch can
    do without), so the failure is recorded on that message alone.
    """
    owed = OwedLeases() if owed is None else owed
    lease_until = now() + RAW_LEASE
    started, given_up = start_pass(db, options, now(), batch, lease_until, owed)
    if not started:
        return given_up
    try:
        prepared = prepare_ahead(db, started, options, now) if db.single_writer else {}  # PostgreSQL: rows locked
        try:
            taken = _run_batch(db, options, now, started, lease_until, prepared, isolated=False)
        except Exception as exc:  # the straight run is rolled back whole; nothing of it was committed
            if database_unavailable(exc):
                raise
            taken = _run_batch(db, options, now, started, lease_until, prepared, isolated=True)
    except Exception as exc:
        if database_unavailable(exc):  # not the messages' fault (GIVE_BACK_LIMIT): they wait for the database
            _hand_back(db, owed.to_give_back(started), lease_until, owed)
        raise  # anything else: the messages are tried again, each alone, when the lease ends
    owed.settled(started)
    return given_up + taken


def start_pass(
    db: Database, options: PipelineOptions, now: datetime, batch: int, lease_until: datetime, owed: OwedLeases
) -> tuple[list[int], int]:
    """The messages this pass works on, an attempt counted on each and leased to it (committed), and how many
    messages it gave up; the leases owed are given back first, in the same transaction.

    A message with an attempt already counted failed or was in a pass that died: it goes in a pass of its own, so
    the message that kills the process is found without costing its neighbours their attempts. One whose every
    attempt started and never ended (max_attempts passes died on it) is quarantined with the reason.
    """
    chosen: list[int] = []
    given_up = 0
    try:
        with db.transaction() as store:
            for raw_ids, lease in owed.leases:
                store.release_raw(raw_ids, lease)
            chosen, given_up = _choose(store, options, now, batch)
            if chosen:
                store.lease_raw(chosen, lease_until)
    except Exception as exc:
        if database_unavailable(exc) and chosen:  # its commit may have gone through unseen
            owed.leases.append((chosen, lease_until))
        raise
    owed.leases.clear()
    return chosen, given_up


def _choose(store: Store, options: PipelineOptions, now: datetime, batch: int) -> tuple[list[int], int]:
    chosen: list[int] = []
    given_up = 0
    for row in store.due_raw(now, batch):
        if row.attempts >= options.max_attempts:  # an attempt ending in an exception quarantines it there
            store.quarantine_raw(row.id, worn_out(row.attempts, row.error))
            log.error("raw message %s quarantined: the pipeline stopped %s times handling it", row.id, row.attempts)
            given_up += 1
        elif row.attempts == 0:
            chosen.append(row.id)
        else:
            chosen = chosen or [row.id]
            break
    return chosen, given_up


def worn_out(attempts: int, error: str | None) -> str:
    reason = (
        f"the pipeline stopped while handling it, {attempts} times (the process died: killed, out of memory or a"
        " crash; or it lost the database and could not say so)"
    )
    return f"{reason}; an earlier attempt: {error}" if error else reason


def _hand_back(db: Database, raw_ids: list[int], lease_until: datetime, owed: OwedLeases) -> None:
    """Give the attempts back while the database allows it yet; else they are owed to the next pass."""
    if not raw_ids:
        return
    try:
        with db.transaction() as store:
            store.release_raw(raw_ids, lease_until)
    except Exception as exc:
        owed.leases.append((raw_ids, lease_until))
        log.warning("could not hand %s messages back to the queue yet (%s)", len(raw_ids), type(exc).__name__)


def _run_batch(
    db: Database,
    options: PipelineOptions,
    now: Callable[[], datetime],
    raw_ids: list[int],
    lease_until: datetime,
    prepared: Mapping[int, "Prepared | None"],
    isolated: bool,
) -> int:
    with db.transaction() as store:
        rows = store.claim_raw(raw_ids, lease_until)
        for row in rows:
            try:
                with store.savepoint() if isolated else nullcontext():
                    if row.channel == CHAT_CHANNEL:  # chat updates: handlers.chat_pipeline
                        handle_chat(store, row, options, now())
                    else:
                        handle_raw(store, row, options, now(), prepared.get(row.id or 0))
                    row.lease_until = None
                    if isolated:  # what the database refuses is this message's fault (straight: the commit's, and
                        store.session.flush()  # the batch runs again isolated; one flush for all saves ~0.2 ms each)
            except Exception as exc:  # one bad message must never stop the worker
                if database_unavailable(exc) or not isolated:
                    raise  # unavailable: the batch waits, its attempts given back; otherwise: the isolated re-run
                record_failure(row, exc, options.max_attempts)
        return len(rows)


@dataclass(frozen=True)
class Prepared:
    """What a stored message reads as, worked out from its bytes alone before the write lock is taken."""

    parsed: ParsedMessage | None
    parse_error: str | None = None
    reading: Reading | None = None  # None when understanding raised: it runs again, and fails, inside the batch
    dates: MessageDates | None = None  # the dates of `reading`'s text
    confirmation: Draft | None = None  # drafted for the case the message is expected to open


def prepare_ahead(
    db: Database, raw_ids: list[int], options: PipelineOptions, now: Callable[[], datetime]
) -> dict[int, "Prepared | None"]:
    """`prepare` for each message of the pass, and for each that will open a case, its confirmation drafted with
    the reference that case should get (cases are numbered in the order the batch opens them). Rendering and
    composing the confirmation is a third of the batch's work under the write lock; a draft whose guess proves wrong
    is rendered again there. One read: the messages, the next case number, the cases a reply may belong to."""
    prepared: dict[int, Prepared | None] = {}
    with db.reading() as store:
        ahead = look_ahead(store, raw_ids)
        case_id = ahead.next_case_id
        for row in ahead.waiting:
            if row.channel == CHAT_CHANNEL:
                continue
            found = prepare(row.raw, row.received_at)
            draft = _drafted(store, row, found, case_id, options, now()) if found is not None else None
            if found is not None and draft is not None:
                found = replace(found, confirmation=draft)
                case_id += 1
            prepared[row.id] = found
    return prepared


def _drafted(
    store: Store, row: Waiting, found: "Prepared", case_id: int, options: PipelineOptions, now: datetime
) -> Draft | None:
    """draft_confirmation, or None when it raises: the batch renders the mail again, and a failure there is counted
    on the message (here, outside any transaction, it would stop every pass before the batch)."""
    try:
        return draft_confirmation(store, row, found, case_id, options, now)
    except Exception:
        log.debug("raw message %s: no draft of its confirmation", row.id, exc_info=True)
        return None


def draft_confirmation(
    store: Store, row: Waiting, found: "Prepared", case_id: int, options: PipelineOptions, now: datetime
) -> Draft | None:
    """The confirmation of the case `row` opens, if it opens one, numbered `case_id`; None where the message may
    join a case, be left unanswered, or was not fully read (the batch decides)."""
    parsed, reading = found.parsed, found.reading
    if parsed is None or reading is None or found.dates is None:
        return None
    if may_follow_up(parsed) and thread_candidates(store, parsed):  # most likely joins a case: the batch decides
        return None
    if automated_reason(parsed, row.envelope_from, own_addresses(row, options), options.message_id_domain):
        return None
    sender = parsed.from_addr or plain_address(row.envelope_from)
    if not sender:
        return None
    columns = case_columns(
        row.channel,
        row.received_at,
        requester=sender,
        requester_name=parsed.from_name,
        subject=parsed.subject,
        language=reading.language,
        understanding=reading.understanding,
        options=options,
    )
    case = case_object(
        {**CASE_DEFAULTS, **columns, "id": case_id, "reference": case_reference(case_id, row.received_at)}
    )
    facts = confirmation_facts(case, policy_answer(case, f"{parsed.subject}\n{reading.text}", options))
    return draft_mail(
        template="confirmation",
        language=case.language,
        context=mail_context(case, confirmation_mail(parsed, facts), options),
        sender=reply_sender(options, row.envelope_to),
        recipient=sender,
        options=options,
        now=now,
        in_reply_to=parsed.message_id,
        references=parsed.references,
    )


def prepare(raw: bytes, received_at: datetime) -> Prepared | None:
    """Parse and understand a stored message and read its dates; None when parsing raised unexpectedly (the batch
    parses it again, so the failure is counted on the message there)."""
    try:
        parsed = parse_message(raw)
    except MessageParseError as exc:
        return Prepared(None, str(exc))
    except Exception:
        return None
    try:
        reading = understand(parsed.subject, parsed.text)
    except Exception:
        return Prepared(parsed)
    try:
        labels = reading.understanding.labels
        return Prepared(parsed, reading=reading, dates=find_dates(reading.text, reading.language, labels, received_at))
    except Exception:
        return Prepared(parsed, reading=reading)


def record_failure(row: RawMessage, exc: Exception, max_attempts: int) -> None:
    """The attempt (counted when the pass started) ended in `exc`: the message waits for its next, alone, or is
    quarantined after its last."""
    row.error = f"{type(exc).__name__}: {exc}"[:1000]
    row.lease_until = None
    if row.attempts >= max_attempts:
        row.status = RAW_QUARANTINED
        log.error("raw message %s quarantined after %s attempts (%s)", row.id, row.attempts, type(exc).__name__)
    else:
        row.status = RAW_NEW
        log.warning("raw message %s failed attempt %s (%s)", row.id, row.attempts, type(exc).__name__)


def handle_raw(
    store: Store, row: RawMessage, options: PipelineOptions, now: datetime, prepared: Prepared | None = None
) -> None:
    """One stored message through the whole pipeline; writes only through `store`. `prepared` is what
    `prepare(row.raw)` found, when it ran ahead."""
    row.processed_at = now
    if prepared is None:
        prepared = _prepare_here(row.raw)
    if prepared.parsed is None:
        row.status, row.error = RAW_QUARANTINED, f"cannot parse: {prepared.parse_error}"
        log.warning("raw message %s quarantined: cannot parse", row.id)
        return
    parsed = prepared.parsed
    row.message_id = parsed.message_id

    own = own_addresses(row, options)
    candidates = thread_candidates(store, parsed)
    automated = automated_reason(parsed, row.envelope_from, own, options.message_id_domain)
    if automated is not None:
        row.status, row.error = RAW_IGNORED, f"not answered: {automated}"
        if candidates:  # a bounce or out-of-office about a case is worth a line in its trail, never an answer
            row.case_id = candidates[0].id
            store.add_event(candidates[0].id, now, BOT, "automated_message", reason=automated, raw_id=row.id)
        return

    sender = parsed.from_addr or plain_address(row.envelope_from)
    if not sender:
        row.status, row.error = RAW_QUARANTINED, "no sender address to answer"
        return

    reading = prepared.reading or understand(parsed.subject, parsed.text)
    language, understanding = reading.language, reading.understanding

    case = requester_case(candidates, sender, lambda c: identity.may_write_into(store, c, sender, options))
    if case is not None:
        row.case_id = case.id
        add_to_case(store, case, row, sender, understanding, now)
        identity.on_reply(store, case, sender, f"{parsed.subject}\n{parsed.text}", options, now)
    else:
        dates, earlier, understanding = read_dates(
            store, sender, reading.text, language, understanding, row.received_at, prepared.dates
        )
        case = open_case(
            store,
            row,
            requester=sender,
            requester_name=parsed.from_name,
            subject=parsed.subject,
            language=language,
            understanding=understanding,
            options=options,
        )
        record_dates(store, case, dates, earlier, now)
        row.case_id = case.id
        if replies_allowed(store, sender, now, options):
            queue_confirmation(store, case, parsed, reading.text, sender, options, now, prepared.confirmation)
        else:
            store.add_event(case.id, now, BOT, "reply_throttled", recipient_limit=options.replies_per_address_per_day)
        identity.on_new_case(store, case, sender, options, now, row.message_key, reading.text)
        signals = sender_signals(parsed.headers)
        if signals:
            store.add_event(case.id, now, BOT, "sender_signals", note="signals for staff, not proof", **signals)
    row.status, row.case_id, row.error = RAW_DONE, case.id, None


def _prepare_here(raw: bytes) -> Prepared:
    """Parse inside the batch; what raises here is this message's failure."""
    try:
        return Prepared(parse_message(raw))
    except MessageParseError as exc:
        return Prepared(None, str(exc))


def own_addresses(row: RawMessage | Waiting, options: PipelineOptions) -> tuple[str, ...]:
    """Our addresses: the configured mailboxes, or in development mode the ones this message was sent to."""
    if options.mailboxes:
        return options.mailboxes
    return tuple(a for a in row.envelope_to.split(",") if a)


def plain_address(envelope_from: str | None) -> str | None:
    if not envelope_from or envelope_from == "<>":
        return None
    return envelope_from.strip("<>").strip() or None


def replies_allowed(store: Store, recipient: str, now: datetime, options: PipelineOptions) -> bool:
    """At most N automatic replies per address a day: a loop with another robot ends here."""
    return store.replies_since(recipient, now - timedelta(days=1)) < options.replies_per_address_per_day


def queue_confirmation(
    store: Store,
    case: Case,
    parsed: ParsedMessage,
    new_text: str,
    recipient: str,
    options: PipelineOptions,
    now: datetime,
    draft: Draft | None = None,
) -> None:
    """Render the confirmation (or take `draft`, if made from the same inputs) and put it in the outbox, in the same
    transaction as the case."""
    facts = confirmation_context(store, case, f"{parsed.subject}\n{new_text}", options, now)
    queue_mail(
        store,
        case,
        template="confirmation",
        context=confirmation_mail(parsed, facts),
        recipient=recipient,
        options=options,
        now=now,
        in_reply_to=parsed.message_id,
        references=parsed.references,
        draft=draft,
    )


def confirmation_mail(parsed: ParsedMessage, facts: dict[str, Any]) -> dict[str, Any]:
    """What the confirmation of the message `parsed` says: `facts` about its case, and the subject it answers."""
    return {"subject": one_line(parsed.subject, 120), **facts}

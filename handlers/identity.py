"""Identity: match the account, send a code to its registered address, check codes in replies, and apply
opt-outs at once (LEGAL.md §4, SPEC Identity).

No enumeration: the acknowledgement is written before anything looks at accounts (same words, same work, same
timing for everyone); the account is matched afterwards and the code mail goes only to a registered address.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import lru_cache
from time import monotonic

from handlers.case_rules import NEEDS_VERIFICATION, STOPS
from handlers.case_states import after_verification
from handlers.deadlines import COPENHAGEN
from handlers.mime import MessageParseError, parse_message
from handlers.options import IdentityOptions, PipelineOptions
from handlers.outbox_mail import BOT, queue_mail
from handlers.quoting import strip_quoted
from storage.account_queries import LocalAccounts, SqlAccountSource, record_optout
from storage.models import Case
from storage.store import Database, Store
from verification import codes
from verification.codes import CheckResult, CodePolicy
from verification.contacts import normalise_address
from verification.matching import AccountDirectory, AccountMatch, find_account, is_registered

RECEIVED = "received"
AWAITING_VERIFICATION = "awaiting_verification"
OPEN = "open"
CASE_CODE = "case"


class RecentTexts:
    """The new texts of messages the pipeline has just read, for the identity check that follows within seconds.

    Keyed by the stored message's content hash (`message_key`: the same key is the same message, in any database),
    taken by the check that reads it and dropped after `max_age` seconds anyway, so requesters' words stay in memory
    no longer than that step needs. A miss (a restart, another instance, a long text) only means parsing again.
    """

    def __init__(
        self, limit: int = 200, max_age: float = 600.0, max_chars: int = 20_000, clock: Callable[[], float] = monotonic
    ) -> None:
        self._limit, self._max_age, self._max_chars, self._clock = limit, max_age, max_chars, clock
        self._texts: OrderedDict[str, tuple[float, str]] = OrderedDict()
        self._lock = threading.Lock()

    def keep(self, key: str, text: str) -> None:
        if len(text) > self._max_chars:
            return
        with self._lock:
            self._texts[key] = (self._clock(), text)
            self._texts.move_to_end(key)
            self._expire()

    def take(self, key: str) -> str | None:
        with self._lock:
            self._expire()
            kept = self._texts.pop(key, None)
        return kept[1] if kept is not None else None

    def __len__(self) -> int:
        return len(self._texts)

    def _expire(self) -> None:
        oldest = self._clock() - self._max_age
        while self._texts and (len(self._texts) > self._limit or next(iter(self._texts.values()))[0] < oldest):
            self._texts.popitem(last=False)


RECENT_TEXTS = RecentTexts()


def code_policy(identity: IdentityOptions) -> CodePolicy:
    return CodePolicy(
        key=identity.secret_key,
        ttl=timedelta(hours=identity.code_ttl_hours),
        max_failures=identity.code_max_failures,
        lock=timedelta(minutes=identity.code_lock_minutes),
    )


@lru_cache(maxsize=4)
def _sql_source(url: str, query: str) -> SqlAccountSource:
    return SqlAccountSource(url, query)


def directory_for(store: Store, identity: IdentityOptions) -> AccountDirectory:
    """The company's own database when configured (read-only), else our imported accounts."""
    if identity.account_source is not None:
        return _sql_source(*identity.account_source)
    return LocalAccounts(store)


def labels_of(case: Case) -> set[str]:
    return {label for label in case.labels.split(",") if label}


def on_new_case(
    store: Store, case: Case, sender: str, options: PipelineOptions, now: datetime, message_key: str, text: str
) -> None:
    """In the acknowledgement's transaction: only what is the same for every requester.

    Opt-outs take effect on the writing address at once. Matching the account and sending a code wait for
    `check_identities`, after the acknowledgement has left, so its content and timing cannot depend on the account;
    the message's new text is kept for it (RECENT_TEXTS), so it need not parse the message again.
    """
    apply_stops(store, case, sender, labels_of(case), now)
    RECENT_TEXTS.keep(message_key, text)


def reread(store: Store, raw_id: int) -> str:
    """The new text of a stored message, parsed again (when RECENT_TEXTS no longer holds it)."""
    try:
        return strip_quoted(parse_message(store.raw_bytes(raw_id)).text)
    except MessageParseError:
        return ""


def check_identities(db: Database, options: PipelineOptions, now: datetime, batch: int = 20) -> int:
    """Match accounts for new cases whose acknowledgement is out; start verification where the right needs it.

    On SQLite the accounts are looked up first, in a read that takes no write lock: the company's own database may be
    slow to answer, and the SMTP door waits for the same lock to say 250. The transaction then acts on what was
    found, for the cases still waiting (one taken meanwhile is skipped; one that came since is looked up there).
    """
    found: dict[int | None, AccountMatch | None] = {}
    if db.single_writer:  # PostgreSQL locks rows, not the database: several instances would each look the same up
        with db.reading() as store:
            waiting = store.cases_awaiting_identity(RECEIVED, batch, lock=False)
            found = {case.id: look_up(store, case, options) for case in waiting}
        if not found:
            return 0
    with db.transaction() as store:
        cases = store.cases_awaiting_identity(RECEIVED, batch)
        for case in cases:
            match = found[case.id] if case.id in found else look_up(store, case, options)
            check_identity(store, case, options, now, match)
        return len(cases)


def look_up(store: Store, case: Case, options: PipelineOptions) -> AccountMatch | None:
    """The account the case's first message points at: by the writing address, else by a customer or phone number
    in its text."""
    first = store.first_inbound(case.id) if case.id is not None else None
    kept = RECENT_TEXTS.take(first[1]) if first is not None else None  # taken on every path: not needed after this
    directory = directory_for(store, options.identity)
    match = find_account(directory, case.requester_address, "")  # most requests come from the registered address
    if match is None:  # only then read the message for a customer or phone number
        text = kept if kept is not None else reread(store, first[0]) if first is not None else ""
        match = find_account(directory, None, f"{case.subject}\n{text}")
    return match


def check_identity(
    store: Store, case: Case, options: PipelineOptions, now: datetime, match: AccountMatch | None
) -> None:
    """Record the account found (or not) and start the verification the case's rights need."""
    labels = labels_of(case)
    if match is not None:
        case.customer_number = match.account.customer_number
        store.add_event(case.id, now, BOT, "account_matched", how=match.how, customer_number=case.customer_number)
        apply_stops(store, case, case.requester_address, labels, now)
    else:
        store.add_event(case.id, now, BOT, "no_account_match")
    if NEEDS_VERIFICATION & labels:
        case.status = AWAITING_VERIFICATION
        send_code(store, case, match, options, now)
    else:
        case.status = after_verification(case.status, case.assignee is not None)


def stop_address(address: str) -> str:
    """The form a stop is recorded in for an address, and compared in when one is lifted (decisions.relabel)."""
    return normalise_address(address) or address.lower()


def apply_stops(store: Store, case: Case, sender: str, labels: set[str], now: datetime) -> None:
    """Marketing opt-out and consent withdrawal take effect now, on the writing address and the matched account.

    The trail says when this opted the account out, so staff see what a relabel would undo (decisions.relabel).
    """
    address = stop_address(sender)
    for kind in STOPS:
        if kind in labels:
            recorded = record_optout(store, kind, address, case.customer_number, case.id, now)
            detail = {"account_opted_out": True} if recorded.account_changed else {}
            store.add_event(case.id, now, BOT, f"{kind}_applied", already_recorded=not recorded.created, **detail)


def account_of(store: Store, case: Case, options: PipelineOptions) -> AccountMatch | None:
    """The account the case is already known to be about, with its first registered address for a code."""
    if case.customer_number is None:
        return None
    accounts = directory_for(store, options.identity).by_number(case.customer_number)
    if len(accounts) != 1 or not accounts[0].addresses:
        return None
    return AccountMatch(accounts[0], "customer number", accounts[0].addresses[0])


def send_code(store: Store, case: Case, match: AccountMatch | None, options: PipelineOptions, now: datetime) -> None:
    """Queue a code to the account's registered address (never to an address taken from the request)."""
    if match is None:
        return
    policy = code_policy(options.identity)
    code = codes.issue(
        store,
        policy,
        purpose=CASE_CODE,
        customer_number=match.account.customer_number,
        sent_to=match.code_address,
        now=now,
        case_id=case.id,
    )
    queue_mail(
        store,
        case,
        template="verification_code",
        context=code_context(case, codes.display(code), now + policy.ttl, options),
        recipient=match.code_address,
        options=options,
        now=now,
    )
    store.add_event(case.id, now, BOT, "verification_code_sent", how=match.how)


def code_context(case: Case, code: str, valid_until: datetime, options: PipelineOptions) -> dict[str, object]:
    local = valid_until.astimezone(COPENHAGEN)
    return {
        "reference": case.reference,
        "company": options.company,
        "code": code,
        "valid_until": local.strftime("%Y-%m-%d %H:%M"),
    }


def on_reply(store: Store, case: Case, sender: str, text: str, options: PipelineOptions, now: datetime) -> None:
    """A message in an unverified case: a code from a registered address verifies; details help find the account."""
    if case.status != AWAITING_VERIFICATION or case.verified:
        return
    directory = directory_for(store, options.identity)
    if case.customer_number is None:
        match = find_account(directory, sender, text)
        if match is not None:
            case.customer_number = match.account.customer_number
            store.add_event(case.id, now, BOT, "account_matched", how=match.how, customer_number=case.customer_number)
            send_code(store, case, match, options, now)
        return
    offered = codes.candidates_in(text)
    if not offered:
        return
    accounts = directory.by_number(case.customer_number)
    if len(accounts) != 1 or not is_registered(accounts[0], sender):
        store.add_event(case.id, now, BOT, "verification_attempt", result="not_from_a_registered_address")
        return
    result, _ = codes.check(
        store, code_policy(options.identity), purpose=CASE_CODE, offered=offered, now=now, case_id=case.id
    )
    store.add_event(case.id, now, BOT, "verification_attempt", result=str(result))
    if result is CheckResult.VERIFIED:
        mark_verified(store, case, "one-time code sent to the registered address", BOT, now)
        queue_mail(store, case, template="verified", context={}, recipient=sender, options=options, now=now)


def mark_verified(store: Store, case: Case, how: str, actor: str, now: datetime) -> None:
    case.verified = True
    if case.status == AWAITING_VERIFICATION:
        case.status = after_verification(case.status, case.assignee is not None)
    store.add_event(case.id, now, actor, "verified", how=how)


def may_write_into(store: Store, case: Case, sender: str | None, options: PipelineOptions) -> bool:
    """Besides the requester, a registered address of the case's account may answer (to send the code back)."""
    if case.customer_number is None or sender is None:
        return False
    accounts = directory_for(store, options.identity).by_number(case.customer_number)
    return len(accounts) == 1 and is_registered(accounts[0], sender)

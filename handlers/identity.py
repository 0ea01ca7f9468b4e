"""Identity: match the account, send a code to its registered address, check codes in replies, and apply
opt-outs at once (LEGAL.md §4, SPEC Identity).

No enumeration: the acknowledgement is written before anything looks at accounts (same words, same work, same
timing for everyone); the account is matched afterwards and the code mail goes only to a registered address.
"""

import threading
from collections import OrderedDict
from datetime import datetime, timedelta
from functools import lru_cache

from handlers.case_rules import NEEDS_VERIFICATION
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

KEPT_TEXTS = 1000  # new texts kept for the identity check: a few worker passes' worth
KEPT_TEXT_CHARS = 20_000  # a longer text is parsed again when needed rather than held in memory
_kept: OrderedDict[int, str] = OrderedDict()
_kept_lock = threading.Lock()


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
    store: Store, case: Case, sender: str, options: PipelineOptions, now: datetime, raw_id: int, text: str
) -> None:
    """In the acknowledgement's transaction: only what is the same for every requester.

    Opt-outs take effect on the writing address at once. Matching the account and sending a code wait for
    `check_identities`, after the acknowledgement has left, so its content and timing cannot depend on the account;
    the message's new text is kept for it, so it need not parse the message again.
    """
    apply_stops(store, case, sender, labels_of(case), now)
    keep_text(raw_id, text)


def keep_text(raw_id: int, text: str) -> None:
    """Remember the new text of stored message `raw_id` (quoted history cut) for a little while.

    Keyed by the stored message, which never changes: the entry is right whatever becomes of the transaction that
    read it. A miss (a restart, another instance, an old or long message) only means parsing the message again.
    """
    if len(text) > KEPT_TEXT_CHARS:
        return
    with _kept_lock:
        _kept[raw_id] = text
        while len(_kept) > KEPT_TEXTS:
            _kept.popitem(last=False)


def first_text(store: Store, case: Case) -> str:
    """The new text of the message that opened the case."""
    raw_id = store.first_inbound_id(case.id) if case.id is not None else None
    if raw_id is None:
        return ""
    with _kept_lock:
        kept = _kept.pop(raw_id, None)  # the identity check reads it once
    if kept is not None:
        return kept
    try:
        return strip_quoted(parse_message(store.raw_bytes(raw_id)).text)
    except MessageParseError:
        return ""


def check_identities(db: Database, options: PipelineOptions, now: datetime, batch: int = 20) -> int:
    """Match accounts for new cases whose acknowledgement is out; start verification where the right needs it."""
    with db.transaction() as store:
        cases = store.cases_awaiting_identity(RECEIVED, batch)
        for case in cases:
            check_identity(store, case, options, now)
        return len(cases)


def check_identity(store: Store, case: Case, options: PipelineOptions, now: datetime) -> None:
    directory = directory_for(store, options.identity)
    match = find_account(directory, case.requester_address, "")  # most requests come from the registered address
    if match is None:  # only then read the message for a customer or phone number
        match = find_account(directory, None, f"{case.subject}\n{first_text(store, case)}")
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
        case.status = OPEN


def apply_stops(store: Store, case: Case, sender: str, labels: set[str], now: datetime) -> None:
    """Marketing opt-out and consent withdrawal take effect now, on the writing address and the matched account."""
    address = normalise_address(sender) or sender.lower()
    for kind in ("marketing_optout", "consent_withdrawal"):
        if kind in labels:
            new = record_optout(store, kind, address, case.customer_number, case.id, now)
            store.add_event(case.id, now, BOT, f"{kind}_applied", already_recorded=not new)


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
        case.status = OPEN
    store.add_event(case.id, now, actor, "verified", how=how)


def may_write_into(store: Store, case: Case, sender: str | None, options: PipelineOptions) -> bool:
    """Besides the requester, a registered address of the case's account may answer (to send the code back)."""
    if case.customer_number is None or sender is None:
        return False
    accounts = directory_for(store, options.identity).by_number(case.customer_number)
    return len(accounts) == 1 and is_registered(accounts[0], sender)

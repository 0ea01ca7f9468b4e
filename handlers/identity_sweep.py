"""The clock side of identity: remind requesters who have not verified, and before the deadline tell them the
request cannot go ahead without it (LEGAL.md §4: ask on the day of receipt; the deadline does not pause).

Each step is recorded as an event on the case, so it happens once across restarts and instances.
"""

from datetime import datetime, timedelta

from handlers.identity import AWAITING_VERIFICATION, directory_for, send_code
from handlers.options import PipelineOptions
from handlers.outbox_mail import BOT, queue_mail
from storage.models import Case
from storage.store import Database, Store
from verification.matching import AccountMatch

REMINDED = "verification_reminder"


def sweep_unverified(db: Database, options: PipelineOptions, now: datetime) -> int:
    """One pass over cases waiting for verification; returns how many reminders were queued."""
    sent = 0
    with db.transaction() as store:
        for case in store.list_cases(status=AWAITING_VERIFICATION, claim=True):
            if case.verified or now < case.received_at + timedelta(days=options.identity.reminder_after_days):
                continue
            if REMINDED in store.event_kinds(case.id):
                continue
            remind(store, case, options, now)
            sent += 1
    return sent


def remind(store: Store, case: Case, options: PipelineOptions, now: datetime) -> None:
    """The same reminder to the requester whether or not an account matched; a fresh code to the account if one did."""
    queue_mail(
        store,
        case,
        template="verification_reminder",
        context={"deadline": case.deadline.isoformat()},
        recipient=case.requester_address,
        options=options,
        now=now,
    )
    match = account_of(store, case, options)
    send_code(store, case, match, options, now)
    store.add_event(case.id, now, BOT, REMINDED)


def account_of(store: Store, case: Case, options: PipelineOptions) -> AccountMatch | None:
    if case.customer_number is None:
        return None
    accounts = directory_for(store, options.identity).by_number(case.customer_number)
    if len(accounts) != 1 or not accounts[0].addresses:
        return None
    return AccountMatch(accounts[0], "customer number", accounts[0].addresses[0])

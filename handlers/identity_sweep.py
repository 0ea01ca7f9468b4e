"""The clock side of identity: remind requesters who have not verified, and before the deadline tell them the
request cannot go ahead without it (LEGAL.md §4: ask on the day of receipt; the deadline does not pause).

Each step is recorded as an event on the case, so it happens once across restarts and instances.
"""

from datetime import datetime, timedelta

from handlers.case_rules import NEEDS_VERIFICATION
from handlers.deadlines import local_receipt_date, working_days_between
from handlers.decisions import close_unverified
from handlers.identity import AWAITING_VERIFICATION, account_of, labels_of, send_code
from handlers.options import PipelineOptions
from handlers.outbox_mail import BOT, queue_mail
from storage.models import Case
from storage.store import Database, Store

REMINDED = "verification_reminder"


CLOSING_REASON = {
    "da": "Vi har ikke modtaget den kode, vi sendte til kontoens registrerede adresse, eller andre oplysninger, "
    "der viser, at anmodningen kommer fra kontoens indehaver.",
    "en": "We have not received the code we sent to the account's registered address, or other details showing "
    "that the request comes from the account holder.",
}


def sweep_unverified(db: Database, options: PipelineOptions, now: datetime) -> int:
    """One pass over cases waiting for verification; returns how many mails (reminders, closing notices) it queued.

    A reminder after `reminder_after_days`; `unverified_notice_working_days` before the deadline, when the
    operator has not turned it off, the Art. 12(4) notice and closure as unverified (LEGAL.md §4-5).
    """
    sent = 0
    today = local_receipt_date(now)
    with db.transaction() as store:
        for case in store.list_cases(status=AWAITING_VERIFICATION, claim=True):
            if case.verified or not NEEDS_VERIFICATION & labels_of(case):
                continue  # (relabelled by staff to something that needs no check: nothing to remind or close)
            if options.identity.close_unverified and working_days_between(today, case.deadline) <= (
                options.identity.unverified_notice_working_days
            ):
                reason = CLOSING_REASON["da" if case.language == "da" else "en"]
                close_unverified(store, case, reason, BOT, now, options)
                sent += 1
                continue
            if now < case.received_at + timedelta(days=options.identity.reminder_after_days):
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

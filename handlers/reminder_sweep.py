"""One reminder pass: which open cases are due which stage now, recorded once, and one digest per staff address.

The pass reads open cases near their deadline (an indexed range, storage.staff_queries), decides the stages in pure
code (handlers.reminders), records the new ones under a unique (case, stage) key and queues the digests, all in one
transaction. A stage another instance (or an earlier run) recorded is never reminded again.
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from handlers.case_rules import STATUTORY
from handlers.case_states import ACTIVE
from handlers.deadlines import nominal_deadline
from handlers.options import PipelineOptions
from handlers.reminders import Due, due_reminders, in_working_hours, local_date, next_stage_day
from handlers.replies import compose, new_message_id
from handlers.staff_chat import queue_reminders
from handlers.staff_digest import Reminder, render_digest, safe_subject
from handlers.staff_options import StaffOptions
from storage.staff_queries import (
    OpenCase,
    record_next_reminders,
    record_reminded,
    record_stages,
    recorded_stages,
    reminder_candidates,
    subjects,
)
from storage.store import Database, Store

log = logging.getLogger(__name__)

BOT = "privacybot"
DIGEST_KIND = "reminder_digest"


@dataclass(frozen=True)
class SweepResult:
    at: datetime
    reminders: tuple[Reminder, ...]  # new this pass (or, in a dry run, the ones that would be)
    digests_queued: int
    dry_run: bool
    skipped: str | None = None  # why nothing was sent, when nothing could be


def _facts(case: OpenCase) -> dict[str, Any]:
    """What decides a case's reminders, as keyword arguments of handlers.reminders' functions."""
    labels = {label for label in case.labels.split(",") if label}
    return {
        "deadline": case.extended_deadline or case.deadline,
        "extended": case.extended_deadline is not None,
        "statutory": bool(STATUTORY & labels) or case.triage,
        "nominal": nominal_deadline(case.received_at),
        "triage": case.triage,
        "received": local_date(case.received_at),
        "labels": case.labels if case.triage else "",  # only the triage stage reads them; the rest share the cache
    }


def _reminder(case: OpenCase, due: Due, subject: str) -> Reminder:
    return Reminder(
        case_id=case.id,
        reference=case.reference,
        kind=due.kind,
        stage=due.stage,
        date=due.concerns,
        deadline=case.extended_deadline or case.deadline,
        working_days=due.working_days,
        labels=tuple(label for label in case.labels.split(",") if label),
        status=case.status,
        assignee=case.assignee,
        subject=safe_subject(subject),
    )


def due_now(store: Store, at: datetime, staff: StaffOptions) -> tuple[list[Reminder], list[tuple[int, date]]]:
    """Every reminder stage due at `at` that no pass has recorded yet (subjects read, and masked, only for those),
    and for each case looked at the first later day it could be due something new."""
    today = local_date(at)
    candidates = [(case, _facts(case)) for case in reminder_candidates(store, ACTIVE, today)]
    due = [(case, stage) for case, facts in candidates for stage in due_reminders(**facts, today=today, options=staff)]
    done = recorded_stages(store, {stage.stage for _, stage in due})
    fresh = [(case, stage) for case, stage in due if (case.id, stage.stage) not in done]
    subject = subjects(store, sorted({case.id for case, _ in fresh}))
    hints = [(case.id, next_stage_day(**facts, today=today, options=staff)) for case, facts in candidates]
    return [_reminder(case, stage, subject.get(case.id, "")) for case, stage in fresh], hints


def remind(
    db: Database,
    at: datetime,
    options: PipelineOptions,
    staff: StaffOptions,
    dry_run: bool = False,
    now: datetime | None = None,
) -> SweepResult:
    """Run one pass as of `at`. Outside working hours, or with nobody to tell, nothing is recorded or sent.

    `now` (default: `at`) is when it really happens: the digests are queued for then and the trail says so, while
    `privacybot remind --at` decides what is due as if at another instant.
    """
    now = now or at
    if not in_working_hours(at, staff):
        return SweepResult(at, (), 0, dry_run, skipped="outside working hours (Europe/Copenhagen)")
    if not staff.staff_emails and options.chat.staff_chat is None and not dry_run:
        return SweepResult(at, (), 0, dry_run, skipped="no staff addresses (PRIVACYBOT_STAFF_EMAILS) or staff chat")
    with db.transaction() as store:
        fresh, hints = due_now(store, at, staff)
        if dry_run:
            return SweepResult(at, tuple(fresh), 0, dry_run)
        if at <= now:  # a pass as of a later instant (remind --at) must not teach today's passes to look away
            record_next_reminders(store, hints)
        if not fresh:
            return SweepResult(at, (), 0, dry_run)
        won = record_stages(store, [(r.case_id, r.stage, r.date) for r in fresh], now)
        fresh = [r for r in fresh if (r.case_id, r.stage) in won]
        record_reminded(store, [(r.case_id, r.stage) for r in fresh], now, BOT)
        queued = queue_digests(store, fresh, local_date(at), now, options, staff) if fresh else 0
        queue_reminders(store, fresh, local_date(at), options, now)  # the staff chat, when there is one
    cases = len({r.case_id for r in fresh})
    log.info("reminder pass: %d stage(s) for %d case(s), %d digest(s)", len(fresh), cases, queued)
    return SweepResult(at, tuple(fresh), queued, dry_run)


def queue_digests(
    store: Store, reminders: list[Reminder], today: date, now: datetime, options: PipelineOptions, staff: StaffOptions
) -> int:
    """One digest e-mail per staff address, in the outbox of this transaction, due at once."""
    rendered = render_digest(reminders, today, staff.staff_language, options.templates_dir)
    sender = options.mailboxes[0] if options.mailboxes else f"privacybot@{options.message_id_domain}"
    for address in staff.staff_emails:
        message_id = new_message_id(options.message_id_domain)
        raw = compose(
            rendered=rendered,
            sender=sender,
            sender_name=f"privacybot ({options.company.name})",
            recipient=address,
            message_id=message_id,
            sent_at=now,
            language=staff.staff_language,
            auto_submitted="auto-generated",
        )
        store.add_outbox(
            kind=DIGEST_KIND, sender=sender, recipient=address, message_id=message_id, raw=raw, created_at=now
        )
    return len(staff.staff_emails)

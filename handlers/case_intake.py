"""Opening and joining cases, whatever the channel (SPEC steps 6-8): the case with its clock and first trail entries,
a follow-up joining its case, and what the confirmation tells the requester. Mail and chat share these, so a request
gets the same labels, deadline and wording on either.
"""

from datetime import datetime
from typing import Any

from handlers.case_rules import NEEDS_VERIFICATION, STATUTORY, STOPS, case_clock
from handlers.classify import Understanding
from handlers.identity import apply_stops
from handlers.options import PipelineOptions
from handlers.outbox_mail import BOT
from handlers.policy import answer
from handlers.replies import long_date, one_line
from storage.models import Case, RawMessage
from storage.store import Store

STATUS_RECEIVED = "received"


def open_case(
    store: Store,
    row: RawMessage,
    *,
    requester: str,
    requester_name: str,
    subject: str,
    language: str,
    understanding: Understanding,
    options: PipelineOptions,
) -> Case:
    """A new case for the stored message `row`, on the clock its labels call for, with its first trail entries."""
    clock = case_clock(
        understanding.labels,
        understanding.triage,
        row.received_at,
        options.sla_working_days,
        options.consent_sla_working_days,
    )
    case = store.new_case(
        status=STATUS_RECEIVED,
        channel=row.channel,
        requester_address=requester,
        requester_name=one_line(requester_name, 200),
        subject=one_line(subject, 300),
        language=language,
        labels=",".join(understanding.labels),
        confidence=understanding.confidence,
        triage=understanding.triage,
        received_at=row.received_at,
        deadline=clock.deadline,
        deadline_rule=clock.rule,
    )
    store.add_event(case.id, row.received_at, BOT, "received", channel=row.channel, raw_id=row.id)
    store.add_event(
        case.id,
        row.processed_at or row.received_at,
        BOT,
        "classified",
        labels=list(understanding.labels),
        language=language,
        confidence=round(understanding.confidence, 3),
        triage=understanding.triage,
        evidence=list(understanding.evidence),
        deadline=clock.deadline.isoformat(),
        rule=clock.rule,
    )
    return case


def add_to_case(
    store: Store, case: Case, row: RawMessage, sender: str, understanding: Understanding, now: datetime
) -> list[str]:
    """A reply from the requester (`sender`: the address that wrote it, which may be another registered address of
    the account) joins their case; a new right in it puts the case in front of staff, and a stop in it takes effect
    at once for the address that asked, as in a first message (LEGAL.md §1). Returns the new rights and stops."""
    known = set(case.labels.split(","))
    apply_stops(store, case, sender, set(understanding.labels), now)
    new_rights = [
        label for label in understanding.labels if (label in STATUTORY or label in STOPS) and label not in known
    ]
    store.add_event(
        case.id,
        now,
        BOT,
        "message_in",
        raw_id=row.id,
        labels=list(understanding.labels),
        new_rights=new_rights,
    )
    if new_rights:
        case.labels = ",".join([*case.labels.split(","), *new_rights])
        case.triage = True
    return new_rights


def confirmation_context(
    store: Store, case: Case, text: str, options: PipelineOptions, now: datetime
) -> dict[str, Any]:
    """What the confirmation of a new case says; `text` is what the requester wrote (a question is answered from
    it). Records the policy answer in the trail."""
    labels = case.labels.split(",")
    return {
        "requester_name": case.requester_name,
        "labels": labels,
        "deadline": case.deadline.isoformat(),
        "deadline_long": long_date(case.deadline, case.language),
        "statutory": bool(STATUTORY & set(labels)) or case.triage,
        "needs_verification": bool(NEEDS_VERIFICATION & set(labels)),
        "marketing": "marketing_optout" in labels,
        "consent": "consent_withdrawal" in labels,
        "complaint": "complaint" in labels,
        "question": "question" in labels,
        "policy_answer": policy_answer(store, case, text, options, now) if "question" in labels else None,
        "other": labels == ["other"] and not case.triage,
        "checking": labels == ["other"] and case.triage,  # maybe a request after all: staff read it first
        "triage": case.triage,
    }


def policy_answer(
    store: Store, case: Case, text: str, options: PipelineOptions, now: datetime
) -> dict[str, Any] | None:
    """A question answered from the policy knowledge base goes into the confirmation (SPEC step 7); the trail
    records which sections answered, or that staff must."""
    result = answer(text, case.language, options.policy_file)
    store.add_event(case.id, now, BOT, "policy_answer", answered=result.answered, sections=list(result.sections))
    if not result.quotes:
        return None
    return {"answered": result.answered, "quotes": [{"title": q.title, "text": q.text} for q in result.quotes]}

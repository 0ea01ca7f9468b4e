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
from handlers.policy import PolicyAnswer, answer
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
    columns = case_columns(
        row.channel,
        row.received_at,
        requester=requester,
        requester_name=requester_name,
        subject=subject,
        language=language,
        understanding=understanding,
        options=options,
    )
    case = store.new_case(**columns)
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
        deadline=case.deadline.isoformat(),
        rule=case.deadline_rule,
    )
    return case


def case_columns(
    channel: str,
    received_at: datetime,
    *,
    requester: str,
    requester_name: str,
    subject: str,
    language: str,
    understanding: Understanding,
    options: PipelineOptions,
) -> dict[str, Any]:
    """The columns of the case a message opens (all but its id and reference), on the clock its labels call for."""
    clock = case_clock(
        understanding.labels,
        understanding.triage,
        received_at,
        options.sla_working_days,
        options.consent_sla_working_days,
    )
    return {
        "status": STATUS_RECEIVED,
        "channel": channel,
        "requester_address": requester,
        "requester_name": one_line(requester_name, 200),
        "subject": one_line(subject, 300),
        "language": language,
        "labels": ",".join(understanding.labels),
        "confidence": understanding.confidence,
        "triage": understanding.triage,
        "received_at": received_at,
        "deadline": clock.deadline,
        "deadline_rule": clock.rule,
    }


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
    it, and the trail records which sections answered, or that staff must)."""
    found = policy_answer(case, text, options)
    if found is not None:
        store.add_event(case.id, now, BOT, "policy_answer", answered=found.answered, sections=list(found.sections))
    return confirmation_facts(case, found)


def policy_answer(case: Case, text: str, options: PipelineOptions) -> PolicyAnswer | None:
    """A question is answered from the policy knowledge base in the confirmation (SPEC step 7); None for a case
    that asks no question."""
    return answer(text, case.language, options.policy_file) if "question" in case.labels.split(",") else None


def confirmation_facts(case: Case, found: PolicyAnswer | None) -> dict[str, Any]:
    """confirmation_context without the trail entry: for a case not yet stored, `found` its policy_answer."""
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
        "policy_answer": _quoted(found) if found is not None else None,
        "other": labels == ["other"] and not case.triage,
        "checking": labels == ["other"] and case.triage,  # maybe a request after all: staff read it first
        "triage": case.triage,
    }


def _quoted(found: PolicyAnswer) -> dict[str, Any] | None:
    if not found.quotes:
        return None
    return {"answered": found.answered, "quotes": [{"title": q.title, "text": q.text} for q in found.quotes]}

"""A case as a listing and `cases show` present it (`privacybot cases list/show --json`, SPEC stable interfaces).

No storage import here: `cases list` reads plain rows (storage.plain_reads) and must not pay for the ORM's import.
"""

import json
from collections.abc import Iterable
from typing import Any


def case_summary(case: Any) -> dict[str, Any]:
    """The fields of SPEC's case JSON, without the trail, from a Case or anything with its column names."""
    return {
        "reference": case.reference,
        "status": case.status,
        "labels": [label for label in case.labels.split(",") if label],
        "language": case.language,
        "channel": case.channel,
        "received_at": case.received_at.isoformat(),
        "deadline": case.deadline.isoformat(),
        "deadline_rule": case.deadline_rule,
        "extended_deadline": case.extended_deadline.isoformat() if case.extended_deadline else None,
        "verified": case.verified,
        "customer_number": case.customer_number,
        "triage": case.triage,
    }


def case_details(
    case: Any,
    *,
    reminders: Iterable[Any],
    messages_in: Iterable[Any],
    messages_out: Iterable[Any],
    events: Iterable[Any],
) -> dict[str, Any]:
    """Everything about one case: requester, messages in and out, and the audit trail oldest first (ORM objects or
    plain rows with the same names)."""
    record = case_summary(case)
    record.update(
        requester=case.requester_address,
        requester_name=case.requester_name,
        subject=case.subject,
        confidence=case.confidence,
        extension_reason=case.extension_reason,
        extended_at=iso(case.extended_at),
        assignee=case.assignee,
        outcome=json.loads(case.outcome) if case.outcome else None,
        closed_at=iso(case.closed_at),
        bodies_purged_at=iso(case.bodies_purged_at),
        reminders=[{"stage": r.stage, "sent_at": r.sent_at.isoformat()} for r in reminders],
        messages_in=[
            {"received_at": m.received_at.isoformat(), "message_id": m.message_id, "status": m.status}
            for m in messages_in
        ],
        messages_out=[
            {"kind": m.kind, "message_id": m.message_id, "status": m.status, "sent_at": iso(m.sent_at)}
            for m in messages_out
        ],
        events=[
            {"at": e.at.isoformat(), "actor": e.actor, "kind": e.kind, "detail": json.loads(e.detail)} for e in events
        ],
    )
    return record


def iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None

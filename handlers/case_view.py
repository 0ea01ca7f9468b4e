"""A case as staff and scripts see it (`privacybot cases show --json`, SPEC stable interfaces)."""

import json
from typing import Any

from handlers.case_listing import case_summary
from storage.models import Case
from storage.staff_queries import reminders_for_case
from storage.store import Store


def case_record(store: Store, case: Case) -> dict[str, Any]:
    """Everything about one case: requester, messages in and out, and the audit trail oldest first."""
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
        reminders=[{"stage": r.stage, "sent_at": r.sent_at.isoformat()} for r in reminders_for_case(store, case.id)],
        messages_in=[
            {"received_at": m.received_at.isoformat(), "message_id": m.message_id, "status": m.status}
            for m in store.inbound_for_case(case.id)
        ],
        messages_out=[
            {"kind": m.kind, "message_id": m.message_id, "status": m.status, "sent_at": iso(m.sent_at)}
            for m in store.outbound_for_case(case.id)
        ],
        events=[
            {"at": e.at.isoformat(), "actor": e.actor, "kind": e.kind, "detail": json.loads(e.detail)}
            for e in store.events(case.id)
        ],
    )
    return record


def iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None
